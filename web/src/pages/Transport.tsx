import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  type PlanDetail,
  type PlannedRoute,
  type PlanStatus,
  type PlanSummary,
  type PlanVehicle,
  type Problem,
  problemOf,
  type RouteStop,
  type RoutingLocation,
  type Tenant,
  type UnassignedJob,
  type UnassignedReason,
  type VehicleFuel,
} from '../api.js';
import { Icon, type IconName } from '../components/Icon.js';
import { Badge, Card, Empty, Loading, PageHeader, ProblemAlert } from '../components/ui.js';
import { formatDateTime, formatInt, formatQty, formatShare, plural } from '../format.js';
import { useAsync } from '../hooks.js';
import { useSession } from '../session.js';

/** Plans offered in the picker, newest first. */
export const PLAN_PICKER_SIZE = 50;
/** How often a running plan is asked for its progress. */
const POLL_MS = 2000;

// ---------- Fuels and colours ----------

const FUEL_ORDER: VehicleFuel[] = ['diesel', 'petrol', 'cng', 'lng', 'hybrid', 'electric', 'unmanned'];

export const FUEL_LABEL: Record<VehicleFuel, string> = {
  diesel: 'Diesel',
  petrol: 'Petrol',
  cng: 'CNG',
  lng: 'LNG',
  hybrid: 'Hybrid',
  electric: 'Electric',
  unmanned: 'Unmanned',
};

/**
 * Each fuel has a family of shades: the legend names the family, and routes of the same fuel stay
 * apart on the map by their shade.
 */
const FUEL_SHADES: Record<VehicleFuel, string[]> = {
  diesel: ['#c2410c', '#92400e', '#ea580c', '#b45309', '#9a3412', '#d97706'],
  petrol: ['#be123c', '#9f1239', '#e11d48'],
  cng: ['#475569', '#334155', '#64748b'],
  lng: ['#475569', '#334155', '#64748b'],
  hybrid: ['#0369a1', '#075985', '#0284c7'],
  electric: ['#15803d', '#0f766e', '#16a34a', '#166534', '#0d9488', '#4d7c0f'],
  unmanned: ['#7c3aed', '#6d28d9', '#9333ea', '#5b21b6', '#a855f7'],
};

export const FUEL_COLOR: Record<VehicleFuel, string> = Object.fromEntries(
  FUEL_ORDER.map((f) => [f, FUEL_SHADES[f][0]]),
) as Record<VehicleFuel, string>;

const isEv = (fuel: VehicleFuel | undefined): boolean => fuel === 'electric' || fuel === 'unmanned';

const REASON_LABEL: Record<UnassignedReason, string> = {
  skills: 'No vehicle has the skills',
  capacity: 'Too big for the capacity left',
  'time-window': 'Time window cannot be met',
  shift: 'Outside every shift',
  range: 'Out of electric range',
  'max-distance': 'Route distance limit',
  'max-duration': 'Route duration limit',
  'fleet-exhausted': 'No vehicle left',
  cancelled: 'Search cancelled',
};

const STATUS_TONE: Record<PlanStatus, 'green' | 'blue' | 'red' | 'amber'> = {
  done: 'green',
  running: 'blue',
  failed: 'red',
  cancelled: 'amber',
};

const OBJECTIVE_LABEL = { co2e: 'Least CO2e', distance: 'Shortest distance', cost: 'Least cost' } as const;
const BASELINE_LABEL = { 'current-plan': 'the current plan', 'nearest-neighbour': 'a nearest-neighbour plan' } as const;

/** Seconds since midnight as a clock time: 30600 is "08:30"; past midnight counts on (25:10). */
export function clock(s: number): string {
  if (!Number.isFinite(s)) return '—';
  const m = Math.round(s / 60);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Largest share of any capacity dimension on board along the route, 0..1 (undefined without capacities). */
export function maxLoadShare(route: PlannedRoute, vehicle: PlanVehicle | undefined): number | undefined {
  if (!vehicle) return undefined;
  let max: number | undefined;
  for (const stop of route.stops) {
    for (const [d, cap] of vehicle.capacity.entries()) {
      if (!(cap > 0)) continue;
      const share = (stop.load[d] ?? 0) / cap;
      max = max === undefined ? share : Math.max(max, share);
    }
  }
  return max;
}

// ---------- Page ----------

/** The plan shown is kept in the hash (`#/transport?plan=rpl_…`), so it can be shared. */
function planInHash(): string | undefined {
  const query = window.location.hash.split('?')[1];
  return query ? (new URLSearchParams(query).get('plan') ?? undefined) : undefined;
}

function setPlanInHash(id: string | undefined): void {
  const path = window.location.hash.split('?')[0] || '#/transport';
  // replaceState changes the address without a hashchange, so the page is not re-mounted.
  window.history.replaceState(null, '', id ? `${path}?plan=${encodeURIComponent(id)}` : path);
}

export default function RoutesPage() {
  const { api, me } = useSession();
  const unbound = me.tenantId === null;
  const [picked, setPicked] = useState<string | undefined>(planInHash);

  const loadPlans = useCallback(() => api.routingPlans({ limit: PLAN_PICKER_SIZE }), [api]);
  const plans = useAsync(loadPlans);

  const loadTenants = useCallback(async (): Promise<Tenant[]> => (unbound ? api.tenants().catch(() => []) : []), [api, unbound]);
  const tenants = useAsync(loadTenants);
  const tenantName = useCallback(
    (id: string): string => (tenants.data ?? []).find((t) => t.id === id)?.name ?? id,
    [tenants.data],
  );

  const list = plans.data?.items ?? [];
  // The newest plan unless the address names another one.
  const planId = picked ?? list[0]?.id;

  const pick = (id: string) => {
    setPicked(id);
    setPlanInHash(id);
  };

  const lede = unbound
    ? 'Vehicle route plans of every tenant: the routes over their stops, the figures of each route, and the saving against a baseline plan.'
    : 'Your vehicle route plans: the routes over their stops, the figures of each route, and the saving against a baseline plan.';

  return (
    <div className="page">
      <PageHeader
        title="Routes"
        lede={lede}
        actions={
          list.length ? (
            <label className="field field-inline">
              <span className="field-label">Plan</span>
              <select
                className="rt-plan-select"
                value={planId ?? ''}
                onChange={(e) => pick(e.target.value)}
                data-testid="plan-select"
              >
                {picked && !list.some((p) => p.id === picked) ? <option value={picked}>{picked}</option> : null}
                {list.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} · {formatDateTime(p.createdAt)}
                    {unbound ? ` · ${tenantName(p.tenantId)}` : ''}
                    {p.status === 'done' ? '' : ` · ${p.status}`}
                  </option>
                ))}
              </select>
            </label>
          ) : null
        }
      />
      {plans.error ? <ProblemAlert problem={plans.error} /> : null}
      {plans.loading && !plans.data ? <Loading label="Loading route plans…" /> : null}
      {plans.data && !planId ? (
        <Card testId="plans-empty">
          <Empty>
            <p className="strong">No route plans yet.</p>
            <p className="small">
              A plan appears here once a routing problem is solved: send a VROOM-format problem to{' '}
              <code>POST /v1/routing/solve</code>.
            </p>
          </Empty>
        </Card>
      ) : null}
      {planId ? (
        <PlanView key={planId} id={planId} showTenant={unbound} tenantName={tenantName} onStatusChange={plans.reload} />
      ) : null}
    </div>
  );
}

// ---------- One plan ----------

function PlanView({
  id,
  showTenant,
  tenantName,
  onStatusChange,
}: {
  id: string;
  showTenant: boolean;
  tenantName: (id: string) => string;
  onStatusChange: () => void;
}) {
  const { api, me } = useSession();
  // The roles the server lets stop a search.
  const canCancel = me.role === 'admin' || me.role === 'merchant';
  const load = useCallback(() => api.routingPlan(id), [api, id]);
  const { data: plan, error, loading, reload } = useAsync(load);
  const [hovered, setHovered] = useState<string | undefined>();
  const [cancelling, setCancelling] = useState(false);
  const [cancelProblem, setCancelProblem] = useState<Problem | undefined>();

  const running = plan?.status === 'running';
  // A running plan is asked again until it finishes; the picker then learns its new status.
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(reload, POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, reload]);
  const status = plan?.status;
  const wasRunning = useRef(false);
  useEffect(() => {
    if (status === 'running') wasRunning.current = true;
    else if (status && wasRunning.current) {
      wasRunning.current = false;
      onStatusChange();
    }
  }, [status, onStatusChange]);

  const cancel = async () => {
    setCancelling(true);
    setCancelProblem(undefined);
    try {
      await api.cancelRoutingPlan(id);
      reload();
    } catch (err) {
      setCancelProblem(problemOf(err));
    } finally {
      setCancelling(false);
    }
  };

  if (error) return <ProblemAlert problem={error} />;
  if (!plan) return loading ? <Loading label="Loading the plan…" /> : null;

  return (
    <>
      <PlanStatusBanner plan={plan} onCancel={canCancel ? cancel : undefined} cancelling={cancelling} />
      {cancelProblem ? <ProblemAlert problem={cancelProblem} /> : null}
      {/* Until the search ends there are no figures to show, only its progress. */}
      {plan.solution ? <PlanKpis plan={plan} /> : null}
      <div className="grid-main-side rt-grid">
        <Card
          title="Routes over the stops"
          subtitle="Stops placed by their coordinates; routes drawn stop to stop as straight lines, not along the roads"
          testId="route-map-card"
        >
          {plan.solution ? (
            <RouteMap plan={plan} hovered={hovered} onHover={setHovered} />
          ) : (
            <Empty>
              {plan.status === 'running' ? 'The routes appear when the search finishes.' : 'This plan has no routes.'}
            </Empty>
          )}
        </Card>
        <PlanFacts plan={plan} tenant={showTenant ? tenantName(plan.tenantId) : undefined} />
      </div>
      {plan.solution ? <RouteTable plan={plan} hovered={hovered} onHover={setHovered} /> : null}
    </>
  );
}

function PlanStatusBanner({ plan, onCancel, cancelling }: { plan: PlanSummary; onCancel?: () => void; cancelling: boolean }) {
  if (plan.status === 'running') {
    const fraction = plan.progress?.fraction ?? 0;
    return (
      <div className="alert alert-info rt-running" data-testid="plan-running">
        <Icon name="info" className="alert-icon" />
        <div className="rt-running-body">
          <p className="alert-title">Solving… {formatShare(fraction)} of the time budget used</p>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${Math.min(1, fraction) * 100}%` }} />
          </span>
          <p className="alert-detail">{plural(plan.progress?.iterations ?? 0, 'iteration')} so far</p>
        </div>
        {onCancel ? (
          <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={cancelling} data-testid="plan-cancel">
            Cancel
          </button>
        ) : null}
      </div>
    );
  }
  if (plan.status === 'failed') {
    return (
      <ProblemAlert problem={{ title: 'The plan failed', status: 0, detail: plan.error ?? undefined }} testId="plan-failed" />
    );
  }
  if (plan.status === 'cancelled') {
    return (
      <div className="alert alert-info" data-testid="plan-cancelled">
        <Icon name="info" className="alert-icon" />
        <div>
          <p className="alert-title">The search was cancelled</p>
          <p className="alert-detail">The figures are those of the best plan found before it stopped.</p>
        </div>
      </div>
    );
  }
  return null;
}

// ---------- Tiles ----------

function Kpi({
  id,
  icon,
  label,
  value,
  unit,
  raw,
  className,
  children,
}: {
  id: string;
  icon: IconName;
  label: string;
  value: string;
  unit?: string;
  raw: number | null;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`kpi kpi-fp${className ? ` ${className}` : ''}`} data-testid={`kpi-${id}`} data-value={raw ?? ''}>
      <span className="kpi-head">
        <span className="kpi-icon">
          <Icon name={icon} size={16} />
        </span>
        <span className="kpi-label">{label}</span>
      </span>
      <span className="kpi-value">
        <span data-testid={`kpi-${id}-value`}>{value}</span>
        {unit ? <span className="kpi-unit">{unit}</span> : null}
      </span>
      {children ? <span className="kpi-sub">{children}</span> : null}
    </div>
  );
}

/** A saving with its sign in words: negative savings are increases. */
const less = (n: number, unit: string): string => (n >= 0 ? `${formatQty(n)} ${unit} less` : `${formatQty(-n)} ${unit} more`);

/** A saving's share in green, an increase in amber. */
const shareClass = (share: number): string => (share < 0 ? 'rt-share rt-share-worse' : 'rt-share');

function PlanKpis({ plan: p }: { plan: PlanDetail }) {
  const served = p.jobs - p.unassigned;
  const reasons = new Set((p.solution?.unassigned ?? []).map((u) => u.reason));
  return (
    <div className="kpis kpis-fp rt-kpis" data-testid="routing-kpis">
      <Kpi id="routes" icon="transport" label="Routes" value={formatInt(p.routes)} raw={p.routes}>
        {formatInt(p.routes)} of {plural(p.vehicles, 'vehicle')} used
      </Kpi>
      <Kpi id="served" icon="check" label="Stops served" value={formatInt(served)} raw={served}>
        of {plural(p.jobs, 'job')}
      </Kpi>
      <Kpi
        id="unassigned"
        icon="alert"
        label="Unassigned"
        value={formatInt(p.unassigned)}
        raw={p.unassigned}
        className={p.unassigned > 0 ? 'rt-kpi-warn' : undefined}
      >
        {p.unassigned > 0 ? [...reasons].map((r) => REASON_LABEL[r] ?? r).join(' · ') : 'every job has a route'}
      </Kpi>
      <Kpi id="ev-share" icon="solar" label="EV km share" value={formatShare(p.evKmShare)} raw={p.evKmShare}>
        of km driven electric or unmanned
      </Kpi>
      <Kpi id="distance" icon="network" label="Distance" value={formatQty(p.distanceKm)} unit="km" raw={p.distanceKm}>
        {p.baseline ? `baseline ${formatQty(p.baseline.distanceKm)} km` : 'no baseline'}
      </Kpi>
      <Kpi id="co2e" icon="footprint" label="Emissions" value={formatQty(p.co2eKg)} unit="kg CO2e" raw={p.co2eKg}>
        {p.baseline ? `baseline ${formatQty(p.baseline.co2eKg)} kg CO2e` : 'no baseline'}
      </Kpi>
      <div className="kpi kpi-fp rt-kpi-saving" data-testid="kpi-saving" data-value={p.saving?.co2eKg ?? ''}>
        <span className="kpi-head">
          <span className="kpi-icon">
            <Icon name="targets" size={16} />
          </span>
          <span className="kpi-label">
            Saving against {p.baseline ? BASELINE_LABEL[p.baseline.kind] : 'a baseline'}
            {p.baseline ? (
              <span className="rt-baseline-kind" data-testid="baseline-kind">
                {p.baseline.kind}
              </span>
            ) : null}
          </span>
        </span>
        {p.saving ? (
          <div className="rt-saving">
            <span className="kpi-value" data-testid="kpi-saving-co2e" data-value={p.saving.co2eKg}>
              <span data-testid="kpi-saving-co2e-value">{formatQty(p.saving.co2eKg)}</span>
              <span className="kpi-unit">kg CO2e</span>
              <span
                className={shareClass(p.saving.co2eShare)}
                data-testid="kpi-saving-co2e-share"
                data-value={p.saving.co2eShare}
              >
                {formatShare(p.saving.co2eShare)}
              </span>
            </span>
            <span className="kpi-value" data-testid="kpi-saving-km" data-value={p.saving.distanceKm}>
              <span data-testid="kpi-saving-km-value">{formatQty(p.saving.distanceKm)}</span>
              <span className="kpi-unit">km</span>
              <span
                className={shareClass(p.saving.distanceShare)}
                data-testid="kpi-saving-km-share"
                data-value={p.saving.distanceShare}
              >
                {formatShare(p.saving.distanceShare)}
              </span>
            </span>
          </div>
        ) : (
          <span className="kpi-value">—</span>
        )}
        <span className="kpi-sub">
          {p.saving && p.baseline
            ? `${less(p.saving.co2eKg, 'kg CO2e')} and ${less(p.saving.distanceKm, 'km')} than ${BASELINE_LABEL[p.baseline.kind]} of the same jobs`
            : 'No baseline was computed for this plan.'}
        </span>
      </div>
    </div>
  );
}

// ---------- Facts ----------

function PlanFacts({ plan: p, tenant }: { plan: PlanDetail; tenant?: string }) {
  const rows: [string, ReactNode][] = [
    ['Plan', <span key="n">{p.name}</span>],
    ...(tenant
      ? ([
          [
            'Tenant',
            <span key="t" title={p.tenantId}>
              {tenant}
            </span>,
          ],
        ] as [string, ReactNode][])
      : []),
    [
      'Status',
      <Badge key="s" tone={STATUS_TONE[p.status]}>
        {p.status}
      </Badge>,
    ],
    ['Objective', OBJECTIVE_LABEL[p.objective] ?? p.objective],
    ['Created', formatDateTime(p.createdAt)],
    ['Finished', formatDateTime(p.finishedAt)],
    ['Fleet', plural(p.vehicles, 'vehicle')],
  ];
  if (p.solution) rows.push(['Cost', formatQty(p.cost)]);
  if (p.solution) {
    rows.push(['Search', `${plural(p.solution.search.iterations, 'iteration')} in ${formatQty(p.solution.search.elapsedS)} s`]);
  }
  if (p.baseline) {
    rows.push([
      'Baseline',
      `${formatQty(p.baseline.distanceKm)} km · ${formatQty(p.baseline.co2eKg)} kg CO2e · cost ${formatQty(p.baseline.cost)}${
        p.baseline.unassigned ? ` · ${formatInt(p.baseline.unassigned)} unassigned` : ''
      }`,
    ]);
  }
  return (
    <Card title="The plan" subtitle={<span className="mono">{p.id}</span>} testId="plan-facts">
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

// ---------- Map ----------

const MAP_W = 800;
const MAP_PAD = 34;

interface Projection {
  points: ({ x: number; y: number } | undefined)[];
  height: number;
  /** km per SVG unit, for the scale bar (geographic coordinates only). */
  kmPerUnit?: number;
}

/**
 * Projects the plan's places onto the SVG: equirectangular with longitudes scaled by cos(mean
 * latitude), which keeps a city's shape; benchmark instances use their planar x/y. Fit to the box.
 */
export function project(locations: RoutingLocation[], used: Set<number>): Projection {
  const geo = [...used].every((i) => {
    const l = locations[i];
    return l !== undefined && Number.isFinite(l.lon) && Number.isFinite(l.lat);
  });
  const idx = [...used].filter((i) => locations[i] !== undefined);
  const lat0 = geo && idx.length ? idx.reduce((s, i) => s + (locations[i]?.lat ?? 0), 0) / idx.length : 0;
  const k = Math.cos((lat0 * Math.PI) / 180);
  // Planar: (east, north) in data units.
  const raw = locations.map((l): [number, number] | undefined => {
    if (geo && Number.isFinite(l.lon) && Number.isFinite(l.lat)) return [(l.lon as number) * k, l.lat as number];
    if (!geo && Number.isFinite(l.x) && Number.isFinite(l.y)) return [l.x as number, l.y as number];
    return undefined;
  });
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const i of idx) {
    const r = raw[i];
    if (!r) continue;
    minX = Math.min(minX, r[0]);
    maxX = Math.max(maxX, r[0]);
    minY = Math.min(minY, r[1]);
    maxY = Math.max(maxY, r[1]);
  }
  if (!Number.isFinite(minX)) return { points: locations.map(() => undefined), height: 360 };
  const dx = Math.max(maxX - minX, 1e-9);
  const dy = Math.max(maxY - minY, 1e-9);
  // The box takes the shape of the data, within reason.
  const height = Math.round(Math.min(640, Math.max(380, (MAP_W - 2 * MAP_PAD) * (dy / dx) + 2 * MAP_PAD)));
  const scale = Math.min((MAP_W - 2 * MAP_PAD) / dx, (height - 2 * MAP_PAD) / dy);
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const points = raw.map((r) => (r ? { x: MAP_W / 2 + (r[0] - cx) * scale, y: height / 2 - (r[1] - cy) * scale } : undefined));
  return { points, height, kmPerUnit: geo ? 111.32 / scale : undefined };
}

/** A round length for the scale bar, about a fifth of the map's width. */
function scaleBar(kmPerUnit: number): { km: number; px: number } {
  const target = (MAP_W / 5) * kmPerUnit;
  const pow = 10 ** Math.floor(Math.log10(target));
  const km =
    [1, 2, 5, 10]
      .map((m) => m * pow)
      .filter((v) => v <= target)
      .pop() ?? pow;
  return { km, px: km / kmPerUnit };
}

interface DrawnRoute {
  route: PlannedRoute;
  vehicle?: PlanVehicle;
  fuel: VehicleFuel;
  color: string;
}

/** Colours routes by their vehicle's fuel, one shade per route within the fuel's family. */
function drawnRoutes(plan: PlanDetail): DrawnRoute[] {
  const vehicles = new Map(plan.fleet.map((v) => [v.id, v]));
  const used: Partial<Record<VehicleFuel, number>> = {};
  return (plan.solution?.routes ?? []).map((route) => {
    const vehicle = vehicles.get(route.vehicleId);
    const fuel = vehicle && vehicle.fuel in FUEL_SHADES ? vehicle.fuel : 'diesel';
    const n = used[fuel] ?? 0;
    used[fuel] = n + 1;
    const shades = FUEL_SHADES[fuel] ?? FUEL_SHADES.diesel;
    return { route, vehicle, fuel, color: shades[n % shades.length] as string };
  });
}

const locationName = (plan: PlanDetail, i: number): string => plan.locations[i]?.name ?? `Location ${i}`;

function stopTitle(plan: PlanDetail, drawn: DrawnRoute, stop: RouteStop, order: number): string {
  const what =
    stop.type === 'job'
      ? `Stop ${order} · job ${stop.id ?? ''}`
      : stop.type === 'charge'
        ? `Charger ${stop.id ?? ''}`
        : stop.type === 'start'
          ? 'Start'
          : 'End';
  const load = plan.capacityDimensions
    .map((d, i) => `${formatQty(stop.load[i] ?? 0)}/${formatQty(drawn.vehicle?.capacity[i] ?? Number.NaN)} ${d}`)
    .join(', ');
  const lines = [
    `${locationName(plan, stop.location)}`,
    `${drawn.route.vehicleId} · ${what}`,
    `arrives ${clock(stop.arrivalS)}${stop.waitingS > 0 ? `, waits ${formatQty(stop.waitingS / 60)} min` : ''}, leaves ${clock(stop.departureS)}`,
    `${formatQty(stop.distanceM / 1000)} km driven${stop.rangeLeftM !== undefined ? ` · ${formatQty(stop.rangeLeftM / 1000)} km range left` : ''}`,
  ];
  if (load) lines.push(`on board ${load}`);
  return lines.join('\n');
}

/** The plan and the route pointed at, shared by the map and the table so each highlights the other. */
interface HoverProps {
  plan: PlanDetail;
  hovered?: string;
  onHover: (vehicleId: string | undefined) => void;
}

function RouteMap({ plan, hovered, onHover }: HoverProps) {
  const routes = useMemo(() => drawnRoutes(plan), [plan]);
  const [info, setInfo] = useState<string | undefined>();

  const { projection, depots, chargers, visited, unassignedAt } = useMemo(() => {
    const depots = new Set<number>();
    const chargers = new Set<number>();
    const visited = new Set<number>();
    for (const { route } of routes) {
      for (const s of route.stops) {
        visited.add(s.location);
        if (s.type === 'start' || s.type === 'end') depots.add(s.location);
        if (s.type === 'charge') chargers.add(s.location);
      }
    }
    const jobAt = new Map(plan.jobLocations.map((j) => [j.id, j.location]));
    const unassignedAt = new Map<number, UnassignedJob[]>();
    for (const u of plan.solution?.unassigned ?? []) {
      const at = jobAt.get(u.jobId);
      if (at !== undefined) unassignedAt.set(at, [...(unassignedAt.get(at) ?? []), u]);
    }
    const all = new Set(plan.locations.map((_, i) => i));
    return { projection: project(plan.locations, all), depots, chargers, visited, unassignedAt };
  }, [plan, routes]);

  const { points, height, kmPerUnit } = projection;
  const at = (i: number) => points[i];
  const fuels = FUEL_ORDER.filter((f) => routes.some((r) => r.fuel === f));
  const bar = kmPerUnit ? scaleBar(kmPerUnit) : undefined;
  const point = (el: Element) => {
    const info = el.closest('[data-info]')?.getAttribute('data-info');
    if (info) setInfo(info);
    onHover(el.closest('[data-route]')?.getAttribute('data-route') ?? undefined);
  };

  return (
    <div className="rt-map-wrap">
      <svg
        className="rt-map"
        viewBox={`0 0 ${MAP_W} ${height}`}
        role="img"
        aria-label={`Map of ${plural(routes.length, 'route')} over ${plural(plan.locations.length, 'place')}`}
        data-testid="route-map"
        // One pair of handlers for the whole drawing: marks carry what to show in data attributes.
        onMouseOver={(e) => point(e.target as Element)}
        onFocus={(e) => point(e.target as Element)}
        onMouseLeave={() => {
          onHover(undefined);
          setInfo(undefined);
        }}
      >
        <rect className="rt-map-bg" x="0" y="0" width={MAP_W} height={height} rx="8" />
        {/* Places no route visits: unused chargers and depots. */}
        {plan.locations.map((l, i) => {
          const p = at(i);
          if (!p || visited.has(i) || unassignedAt.has(i)) return null;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: locations are identified by their index
            <circle key={i} className="rt-unvisited" cx={p.x} cy={p.y} r={3.5}>
              <title>{`${l.name ?? `Location ${i}`}\nnot visited`}</title>
            </circle>
          );
        })}
        {[...unassignedAt].map(([i, jobs]) => {
          const p = at(i);
          if (!p) return null;
          const title = `${locationName(plan, i)}\n${jobs.map((u) => `job ${u.jobId} unassigned: ${u.message}`).join('\n')}`;
          return (
            <g
              key={`u${i}`}
              className="rt-unassigned-mark"
              transform={`translate(${p.x} ${p.y})`}
              data-testid="map-unassigned"
              data-info={title}
            >
              <circle r={6} />
              <path d="M-3 -3 L3 3 M3 -3 L-3 3" />
              <title>{title}</title>
            </g>
          );
        })}
        {/* The route picked out is drawn last, over the others. */}
        {[...routes.filter((d) => d.route.vehicleId !== hovered), ...routes.filter((d) => d.route.vehicleId === hovered)].map(
          (d) => {
            const coords = d.route.stops.map((s) => at(s.location)).filter((p) => p !== undefined);
            const dim = hovered !== undefined && hovered !== d.route.vehicleId;
            return (
              <g
                key={d.route.vehicleId}
                className={`rt-route${dim ? ' rt-dim' : ''}${hovered === d.route.vehicleId ? ' rt-hot' : ''}`}
                data-route={d.route.vehicleId}
                data-info={`${d.route.vehicleId} (${FUEL_LABEL[d.fuel]}): ${plural(d.route.stops.filter((x) => x.type === 'job').length, 'stop')}, ${formatQty(d.route.distanceM / 1000)} km, ${formatQty(d.route.co2eKg)} kg CO2e`}
                // Routes take the keyboard focus in turn, to pick each out as the pointer does.
                tabIndex={0}
              >
                <polyline
                  className="rt-line"
                  points={coords.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}
                  stroke={d.color}
                  data-testid="route-line"
                  data-vehicle={d.route.vehicleId}
                  data-fuel={d.fuel}
                >
                  <title>{`${d.route.vehicleId} (${FUEL_LABEL[d.fuel]}) · ${formatQty(d.route.distanceM / 1000)} km · ${formatQty(d.route.co2eKg)} kg CO2e`}</title>
                </polyline>
                {d.route.stops.map((s, i) => {
                  if (s.type !== 'job') return null;
                  const p = at(s.location);
                  if (!p) return null;
                  const order = d.route.stops.slice(0, i + 1).filter((x) => x.type === 'job').length;
                  const title = stopTitle(plan, d, s, order);
                  return (
                    <circle
                      // biome-ignore lint/suspicious/noArrayIndexKey: a route may visit a place twice
                      key={i}
                      className="rt-stop"
                      cx={p.x}
                      cy={p.y}
                      r={4.2}
                      fill={d.color}
                      data-testid="map-stop"
                      data-location={s.location}
                      data-job={s.id}
                      data-info={title}
                    >
                      <title>{title}</title>
                    </circle>
                  );
                })}
              </g>
            );
          },
        )}
        {[...chargers].map((i) => {
          const p = at(i);
          if (!p) return null;
          const title = `${locationName(plan, i)}\ncharger`;
          return (
            <g
              key={`c${i}`}
              className="rt-charger"
              transform={`translate(${p.x} ${p.y})`}
              data-testid="map-charger"
              data-location={i}
              data-info={title}
            >
              <circle r={8} />
              <path d="M1.5 -5.5 L-3 0.8 H0 L-1.5 5.5 L3 -0.8 H0 Z" />
              <title>{title}</title>
            </g>
          );
        })}
        {[...depots].map((i) => {
          const p = at(i);
          if (!p) return null;
          const title = `${locationName(plan, i)}\ndepot: routes start and end here`;
          return (
            <g
              key={`d${i}`}
              className="rt-depot"
              transform={`translate(${p.x} ${p.y})`}
              data-testid="map-depot"
              data-location={i}
              data-info={title}
            >
              <rect x={-9} y={-9} width={18} height={18} rx={3} />
              <path d="M-5 1 L0 -4 L5 1 M-3.5 -0.5 V4.5 H3.5 V-0.5" />
              <title>{title}</title>
            </g>
          );
        })}
        {bar ? (
          <g className="rt-scale" transform={`translate(${MAP_W - MAP_PAD - bar.px - 44} ${height - 12})`}>
            <path d={`M0 -5 V0 H${bar.px.toFixed(1)} V-5`} />
            <text x={bar.px + 6} y={0}>
              {formatQty(bar.km)} km
            </text>
          </g>
        ) : null}
      </svg>
      <div className="rt-map-foot">
        <ul className="rt-legend" data-testid="route-legend">
          {fuels.map((f) => (
            <li key={f} data-testid="legend-fuel" data-fuel={f}>
              <span className="rt-swatches">
                {FUEL_SHADES[f].slice(0, 3).map((c) => (
                  <i key={c} style={{ background: c }} />
                ))}
              </span>
              {FUEL_LABEL[f]}
              <span className="muted">{formatInt(routes.filter((r) => r.fuel === f).length)}</span>
            </li>
          ))}
          <li>
            <svg className="rt-key" viewBox="-10 -10 20 20" aria-hidden="true">
              <rect className="rt-depot-key" x={-8} y={-8} width={16} height={16} rx={3} />
            </svg>
            Depot
          </li>
          {chargers.size ? (
            <li>
              <svg className="rt-key" viewBox="-10 -10 20 20" aria-hidden="true">
                <circle className="rt-charger-key" r={8} />
                <path className="rt-bolt-key" d="M1.5 -5.5 L-3 0.8 H0 L-1.5 5.5 L3 -0.8 H0 Z" />
              </svg>
              Charger
            </li>
          ) : null}
          {unassignedAt.size ? (
            <li>
              <svg className="rt-key rt-unassigned-mark" viewBox="-10 -10 20 20" aria-hidden="true">
                <circle r={6} />
                <path d="M-3 -3 L3 3 M3 -3 L-3 3" />
              </svg>
              Unassigned job
            </li>
          ) : null}
        </ul>
        <p className="rt-info small" data-testid="map-info">
          {info?.replace(/\n/g, ' · ') ?? 'Point at a stop to see it; point at a route to pick it out in the table.'}
        </p>
      </div>
    </div>
  );
}

// ---------- Route table ----------

function RouteTable({ plan, hovered, onHover }: HoverProps) {
  const routes = useMemo(() => drawnRoutes(plan), [plan]);
  const unassigned = plan.solution?.unassigned ?? [];
  const totals = plan.solution?.totals;
  const stopsOf = (r: PlannedRoute) => r.stops.filter((s) => s.type === 'job').length;
  const chargesOf = (r: PlannedRoute) => r.stops.filter((s) => s.type === 'charge').length;
  return (
    <Card
      title="Route by route"
      subtitle={`${plural(routes.length, 'route')}, one per vehicle used. Load is the fullest the vehicle gets in any capacity dimension (${plan.capacityDimensions.join(', ') || 'none'}).`}
      testId="route-list"
    >
      <div className="table-wrap table-wrap-flat rt-table-wrap">
        <table className="table table-click" data-testid="route-table">
          <thead>
            <tr>
              <th>Vehicle</th>
              <th>Fuel</th>
              <th className="num">Stops</th>
              <th className="num">
                Distance<span className="th-unit">km</span>
              </th>
              <th className="num">
                Load<span className="th-unit">max %</span>
              </th>
              <th className="num">
                Duration<span className="th-unit">h</span>
              </th>
              <th className="num">Time</th>
              <th className="num">
                Emissions<span className="th-unit">kg CO2e</span>
              </th>
              <th className="num">
                EV range used<span className="th-unit">%</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {routes.map(({ route: r, vehicle, fuel, color }) => {
              const load = maxLoadShare(r, vehicle);
              const charges = chargesOf(r);
              const first = r.stops[0];
              const last = r.stops[r.stops.length - 1];
              return (
                <tr
                  key={r.vehicleId}
                  data-testid="route-row"
                  data-vehicle={r.vehicleId}
                  data-fuel={fuel}
                  className={hovered === r.vehicleId ? 'row-selected' : undefined}
                  onMouseEnter={() => onHover(r.vehicleId)}
                  onMouseLeave={() => onHover(undefined)}
                >
                  <td className="nowrap">
                    <span className="rt-swatch" style={{ background: color }} />
                    <span className="mono strong-ish">{r.vehicleId}</span>
                    <span className="pk-sub muted">{vehicle?.type ?? ''}</span>
                  </td>
                  <td>
                    <span className="badge" style={{ color: FUEL_COLOR[fuel], background: `${FUEL_COLOR[fuel]}14` }}>
                      <span className="dot" style={{ background: FUEL_COLOR[fuel] }} />
                      {FUEL_LABEL[fuel] ?? fuel}
                    </span>
                  </td>
                  <td className="num" data-testid="route-stops" data-value={stopsOf(r)}>
                    {formatInt(stopsOf(r))}
                    {charges ? <span className="pk-sub muted">+{plural(charges, 'charge')}</span> : null}
                  </td>
                  <td className="num" data-testid="route-km" data-value={r.distanceM / 1000}>
                    {formatQty(r.distanceM / 1000)}
                  </td>
                  <td className="num" data-testid="route-load" data-value={load ?? ''}>
                    {formatShare(load)}
                  </td>
                  <td className="num" data-testid="route-hours" data-value={r.durationS / 3600}>
                    {formatQty(r.durationS / 3600)}
                  </td>
                  <td className="num muted">{first && last ? `${clock(first.departureS)}–${clock(last.arrivalS)}` : '—'}</td>
                  <td className="num strong" data-testid="route-co2e" data-value={r.co2eKg}>
                    {formatQty(r.co2eKg)}
                  </td>
                  <td className="num" data-testid="route-range" data-value={r.rangeUsedShare ?? ''}>
                    {isEv(fuel) && r.rangeUsedShare !== undefined ? (
                      <span className="rt-range">
                        <span className="bar-track" aria-hidden="true">
                          <span
                            className={`bar-fill${r.rangeUsedShare > 0.9 ? ' rt-fill-warn' : ''}`}
                            style={{ width: `${Math.min(1, r.rangeUsedShare) * 100}%` }}
                          />
                        </span>
                        {formatShare(r.rangeUsedShare)}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
          {totals ? (
            <tfoot>
              <tr data-testid="route-total">
                <td className="strong">Plan</td>
                <td />
                <td className="num strong">{formatInt(totals.assignedJobs)}</td>
                <td className="num strong" data-testid="route-total-km">
                  {formatQty(totals.distanceM / 1000)}
                </td>
                <td />
                <td className="num strong">{formatQty(totals.durationS / 3600)}</td>
                <td />
                <td className="num strong" data-testid="route-total-co2e">
                  {formatQty(totals.co2eKg)}
                </td>
                <td className="num muted">{formatShare(plan.evKmShare)} EV km</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
        {routes.length === 0 ? <Empty>No vehicle is used in this plan.</Empty> : null}
      </div>
      <div className="rt-unassigned" data-testid="unassigned">
        <p className="split-caption">
          Unassigned jobs <span className="muted">({formatInt(unassigned.length)})</span>
        </p>
        {unassigned.length ? (
          <div className="table-wrap table-wrap-flat">
            <table className="table" data-testid="unassigned-table">
              <thead>
                <tr>
                  <th>Job</th>
                  <th>Reason</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {unassigned.map((u) => (
                  <tr key={u.jobId} data-testid="unassigned-row" data-job={u.jobId} data-reason={u.reason}>
                    <td className="mono strong-ish">{u.jobId}</td>
                    <td>
                      <Badge tone={u.reason === 'cancelled' ? 'neutral' : 'amber'}>{REASON_LABEL[u.reason] ?? u.reason}</Badge>
                    </td>
                    <td className="small">{u.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted small">Every job is on a route.</p>
        )}
      </div>
    </Card>
  );
}
