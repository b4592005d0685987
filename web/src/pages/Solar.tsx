import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  SolarAlert,
  SolarAlertKind,
  SolarPark,
  SolarParkDetail,
  SolarPerformance,
  SolarPerformanceRow,
  SolarSummary,
} from '../api.js';
import { Chart } from '../components/Chart.js';
import { Icon, type IconName } from '../components/Icon.js';
import { Badge, Card, Empty, Loading, PageHeader, ProblemAlert } from '../components/ui.js';
import { formatDate, formatInt, formatMonth, formatQty, formatShare, plural } from '../format.js';
import { useAsync } from '../hooks.js';
import { useSession } from '../session.js';

const DAY_MS = 86_400_000;
/** The parks' clocks (China Standard Time) when no park says otherwise. */
const DEFAULT_OFFSET_MIN = 480;

/** Periods offered, as the local days up to the last metered one; the last one is the default. */
export const PERIODS = [
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 365, label: 'Last 12 months' },
] as const;
type PeriodDays = (typeof PERIODS)[number]['days'];

export interface SolarPeriod {
  /** First local day, YYYY-MM-DD. */
  from: string;
  /** Last local day included, YYYY-MM-DD. */
  to: string;
  /** The day after `to`: the API's exclusive end. */
  end: string;
}

const dayPlus = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The `days` local days ending with `lastDay`, both included. */
export function periodOf(days: number, lastDay: string): SolarPeriod {
  return { from: dayPlus(lastDay, -(days - 1)), to: lastDay, end: dayPlus(lastDay, 1) };
}

/** The local day of an instant on a clock `offsetMin` minutes east of UTC. */
const localDayOf = (ms: number, offsetMin: number): string => new Date(ms + offsetMin * 60_000).toISOString().slice(0, 10);

/**
 * The last local day with meter readings in any park: periods end there, since the readings of a day arrive after it
 * (a period running into today would count the hours not yet read as missing). Yesterday when nothing is metered.
 */
export function lastMeteredDay(parks: SolarPark[], now = Date.now()): string {
  let last: string | undefined;
  for (const p of parks) {
    const start = p.kpis.lastIntervalStart;
    if (!start) continue;
    const day = localDayOf(Date.parse(start), p.utcOffsetMin);
    if (!last || day > last) last = day;
  }
  return last ?? localDayOf(now - DAY_MS, DEFAULT_OFFSET_MIN);
}

const COLOR = {
  measured: '#d97706',
  expected: '#475569',
  pr: '#15803d',
  wcpr: '#86c99a',
  dailyPr: '#94a3b8',
} as const;

export const ALERT_LABEL: Record<SolarAlertKind, string> = {
  underperformance: 'Underperformance',
  data_gap: 'Data gap',
  stale_meter: 'Stale meter',
  timestamp_shift: 'Timestamp shift',
};

const ALERT_TONE: Record<SolarAlertKind, 'red' | 'amber' | 'blue'> = {
  underperformance: 'red',
  data_gap: 'amber',
  stale_meter: 'amber',
  timestamp_shift: 'blue',
};

/** kWh as MWh (the size of a park's day, month or year). */
const mwh = (kwh: number | null | undefined): string => (kwh === null || kwh === undefined ? '—' : formatQty(kwh / 1000));

/** kg below a tonne, tonnes above. */
function co2eMass(kg: number): { value: string; unit: string } {
  return Math.abs(kg) >= 1000 ? { value: formatQty(kg / 1000), unit: 't CO2e' } : { value: formatQty(kg), unit: 'kg CO2e' };
}

/** The network's PR: the parks' PR weighted by their installed kWp (parks without a PR left out). */
export function averagePr(rows: { kwp: number; pr: number | null }[]): number | null {
  let weighted = 0;
  let kwp = 0;
  for (const r of rows) {
    if (r.pr === null) continue;
    weighted += r.pr * r.kwp;
    kwp += r.kwp;
  }
  return kwp > 0 ? weighted / kwp : null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** When an alert ran, in the park's local time: whole days as a day range, else days and hours. */
export function alertSpan(a: Pick<SolarAlert, 'fromMs' | 'toMs'>, offsetMin: number): string {
  const local = (ms: number) => new Date(ms + offsetMin * 60_000);
  const from = local(a.fromMs);
  const to = local(a.toMs);
  const hm = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const day = (d: Date) => formatDate(d.toISOString().slice(0, 10));
  const midnight = (d: Date) => d.getUTCHours() === 0 && d.getUTCMinutes() === 0;
  if (midnight(from) && midnight(to)) {
    const last = local(a.toMs - DAY_MS);
    return a.toMs - a.fromMs <= DAY_MS ? day(from) : `${day(from)} – ${day(last)}`;
  }
  if (from.toISOString().slice(0, 10) === to.toISOString().slice(0, 10)) return `${day(from)}, ${hm(from)}–${hm(to)}`;
  return `${day(from)} ${hm(from)} – ${day(to)} ${hm(to)}`;
}

interface ParkFigures {
  park: SolarPark;
  /** The park's performance over the whole period (granularity total). */
  performance: SolarPerformance;
  alerts: SolarAlert[];
}

interface NetworkFigures {
  summary: SolarSummary;
  parks: ParkFigures[];
}

// ---------- Page ----------

export default function SolarPage() {
  const { api, me, tenant } = useSession();
  const unbound = me.tenantId === null;
  const [days, setDays] = useState<PeriodDays>(365);
  const [tenantId, setTenantId] = useState<string | undefined>();
  const [parkId, setParkId] = useState<string | undefined>();

  // The tenants offered to an admin: those owning a park, by name.
  const loadOwners = useCallback(async (): Promise<{ id: string; name: string }[]> => {
    if (!unbound) return tenant ? [{ id: tenant.id, name: tenant.name }] : [];
    const [parks, tenants] = await Promise.all([api.solarParks().catch((): SolarPark[] => []), api.tenants().catch(() => [])]);
    const ids = [...new Set(parks.map((p) => p.tenantId))];
    return ids.map((id) => ({ id, name: tenants.find((t) => t.id === id)?.name ?? id }));
  }, [api, unbound, tenant]);
  const owners = useAsync(loadOwners);

  const loadParks = useCallback(() => api.solarParks({ tenantId }), [api, tenantId]);
  const parks = useAsync(loadParks);
  const lastDay = useMemo(() => (parks.data ? lastMeteredDay(parks.data) : undefined), [parks.data]);
  const period = useMemo(() => (lastDay ? periodOf(days, lastDay) : undefined), [days, lastDay]);

  // The period's figures: the summary, and each park's performance and alerts.
  const loadFigures = useCallback(async (): Promise<NetworkFigures | undefined> => {
    if (!parks.data?.length || !period) return undefined;
    const q = { from: period.from, to: period.end };
    const [summary, perPark] = await Promise.all([
      api.solarSummary({ ...q, tenantId }),
      Promise.all(
        (parks.data ?? []).map(async (park) => {
          const [performance, alerts] = await Promise.all([
            api.solarPerformance({ parkId: park.id, ...q, granularity: 'total' }),
            api.solarAlerts({ parkId: park.id, ...q }),
          ]);
          return { park, performance, alerts: alerts.items };
        }),
      ),
    ]);
    return { summary, parks: perPark };
  }, [api, parks.data, period, tenantId]);
  const figures = useAsync(loadFigures);
  const data = figures.data;

  const parkList = parks.data ?? [];
  const selected = parkList.find((p) => p.id === parkId) ?? parkList[0];
  const busy = parks.loading || figures.loading;

  const lede = unbound
    ? 'Rooftop PV on the logistics parks: what each system should have produced under the measured weather, what its meters read, the alerts that explain the difference, and the Scope 2 the self-consumed power avoids.'
    : 'Rooftop PV on your logistics parks: what each system should have produced under the measured weather, what its meters read, the alerts that explain the difference, and the Scope 2 the self-consumed power avoids.';

  return (
    <div className="page">
      <PageHeader
        title="Solar"
        lede={lede}
        actions={
          <div className="sl-controls">
            {unbound ? (
              <label className="field field-inline">
                <span className="field-label">Owner</span>
                <select
                  value={tenantId ?? ''}
                  onChange={(e) => {
                    setTenantId(e.target.value || undefined);
                    setParkId(undefined);
                  }}
                  data-testid="solar-tenant"
                >
                  <option value="">All owners</option>
                  {(owners.data ?? []).map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            {parkList.length ? (
              <label className="field field-inline">
                <span className="field-label">Park</span>
                <select
                  value={selected?.id ?? ''}
                  onChange={(e) => setParkId(e.target.value || undefined)}
                  data-testid="solar-park"
                >
                  {parkList.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label className="field field-inline">
              <span className="field-label">Period</span>
              <select value={days} onChange={(e) => setDays(Number(e.target.value) as PeriodDays)} data-testid="solar-period">
                {PERIODS.map((p) => (
                  <option key={p.days} value={p.days}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
        }
      />
      {parks.error ? <ProblemAlert problem={parks.error} /> : null}
      {figures.error ? <ProblemAlert problem={figures.error} /> : null}
      {parks.data && parks.data.length === 0 ? (
        <Card testId="solar-empty">
          <Empty>
            <p className="strong">No solar parks yet.</p>
            <p className="small">
              A park appears once it is declared with its PV systems (<code>POST /v1/solar/parks</code>) and its meter readings
              are imported (<code>POST /v1/solar/readings</code> or <code>greenlink solar import</code>).
            </p>
          </Empty>
        </Card>
      ) : null}
      {busy && !data ? <Loading label="Loading the solar parks…" /> : null}
      {data && period && parkList.length ? (
        <>
          <p
            className="muted small sl-period"
            data-testid="solar-period-range"
            data-from={period.from}
            data-to={period.to}
            data-end={period.end}
          >
            <Icon name="info" size={14} /> {formatDate(period.from)} – {formatDate(period.to)} (local days, UTC+8), up to the last
            day with meter readings · {plural(data.summary.parks, 'park')}, {plural(data.summary.systems, 'PV system')}
            {busy ? (
              <span className="sl-updating" aria-busy="true">
                {' '}
                · updating…
              </span>
            ) : null}
          </p>
          <Tiles figures={data} />
          <AlertsCard figures={data} selected={selected?.id} onSelect={setParkId} />
          <ParksCard figures={data} selected={selected?.id} onSelect={setParkId} />
          {selected ? (
            <ParkView
              key={`${selected.id}-${period.from}`}
              park={selected}
              period={period}
              scrollIntoView={parkId !== undefined}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}

// ---------- Tiles ----------

function Kpi({
  id,
  icon,
  label,
  value,
  unit,
  raw,
  title,
  className,
  children,
}: {
  id: string;
  icon: IconName;
  label: string;
  value: string;
  unit?: string;
  raw: number | null;
  title?: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div
      className={`kpi kpi-fp${className ? ` ${className}` : ''}`}
      data-testid={`kpi-${id}`}
      data-value={raw ?? ''}
      title={title}
    >
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

function Tiles({ figures }: { figures: NetworkFigures }) {
  const s = figures.summary;
  const avoided = co2eMass(s.scope2AvoidedKgCo2e);
  const exportAvoided = co2eMass(s.exportAvoidedKgCo2e);
  const pr = averagePr(figures.parks.map((p) => ({ kwp: p.performance.installedKwp, pr: p.performance.park[0]?.pr ?? null })));
  const alerts = figures.parks.flatMap((p) => p.alerts);
  const critical = alerts.filter((a) => a.severity === 'critical').length;
  const selfShare = s.generationKwh > 0 ? s.selfConsumedKwh / s.generationKwh : null;
  const specificYield = s.installedKwp > 0 ? s.generationKwh / s.installedKwp : null;
  const factors = [...new Set(s.factors.map((f) => f.kgCo2ePerKwh))].sort((a, b) => a - b);
  const factorText =
    factors.length === 0
      ? ''
      : factors.length === 1
        ? `${formatQty(factors[0])} kg/kWh`
        : `${formatQty(factors[0])}–${formatQty(factors[factors.length - 1])} kg/kWh`;
  return (
    <div className="kpis kpis-fp sl-kpis" data-testid="solar-kpis">
      <Kpi id="parks" icon="solar" label="Solar parks" value={formatInt(s.parks)} raw={s.parks}>
        <span data-testid="kpi-systems" data-value={s.systems}>
          <strong>{plural(s.systems, 'PV system')}</strong> on their roofs
        </span>
      </Kpi>
      <Kpi
        id="installed"
        icon="building"
        label="Installed capacity"
        value={formatQty(s.installedKwp / 1000)}
        unit="MWp"
        raw={s.installedKwp}
      >
        <span>{formatInt(s.installedKwp)} kWp DC nameplate</span>
      </Kpi>
      <Kpi id="generation" icon="solar" label="Generation" value={mwh(s.generationKwh)} unit="MWh" raw={s.generationKwh}>
        <span data-testid="kpi-specific-yield" data-value={specificYield ?? ''}>
          <strong>{formatQty(specificYield)}</strong> kWh/kWp specific yield
        </span>
      </Kpi>
      <Kpi
        id="self-consumed"
        icon="warehouse"
        label="Self-consumed"
        value={mwh(s.selfConsumedKwh)}
        unit="MWh"
        raw={s.selfConsumedKwh}
      >
        <span data-testid="kpi-self-share" data-value={selfShare ?? ''}>
          <strong>{formatShare(selfShare)}</strong> of generation used on site
        </span>
      </Kpi>
      <Kpi id="exported" icon="transport" label="Exported" value={mwh(s.exportedKwh)} unit="MWh" raw={s.exportedKwh}>
        <span data-testid="kpi-export-avoided" data-value={s.exportAvoidedKgCo2e}>
          {exportAvoided.value} {exportAvoided.unit} avoided on the grid, reported apart
        </span>
      </Kpi>
      <Kpi
        id="scope2"
        icon="footprint"
        label="Scope 2 avoided"
        value={avoided.value}
        unit={avoided.unit}
        raw={s.scope2AvoidedKgCo2e}
        title={s.method}
        className="sl-kpi-saving"
      >
        <span>location-based: self-consumed × MEE grid factor{factorText ? ` (${factorText})` : ''}</span>
      </Kpi>
      <Kpi id="pr" icon="targets" label="Average PR" value={formatShare(pr)} raw={pr}>
        <span>IEC 61724-1 on plane-of-array irradiance, weighted by kWp</span>
      </Kpi>
      <Kpi
        id="alerts"
        icon="alert"
        label="Alerts"
        value={formatInt(alerts.length)}
        raw={alerts.length}
        className={alerts.length ? 'sl-kpi-warn' : undefined}
      >
        <span data-testid="kpi-alerts-critical" data-value={critical}>
          {critical ? `${formatInt(critical)} critical` : 'none critical'} · on{' '}
          {plural(new Set(alerts.map((a) => a.systemId)).size, 'system')}
        </span>
      </Kpi>
    </div>
  );
}

// ---------- Alerts ----------

function AlertsCard({
  figures,
  selected,
  onSelect,
}: {
  figures: NetworkFigures;
  selected?: string;
  onSelect: (id: string) => void;
}) {
  const rows = figures.parks
    .flatMap((p) => p.alerts.map((a) => ({ alert: a, park: p.park })))
    .sort((a, b) => a.alert.fromMs - b.alert.fromMs || (a.alert.systemId < b.alert.systemId ? -1 : 1));
  return (
    <Card
      title="Alerts"
      subtitle="What the monitoring found in the period, oldest first: underperformance on clear days against each system's rolling baseline, data gaps, stale meters and timestamp shifts, with the figures behind each."
      testId="solar-alerts"
    >
      <div className="table-wrap table-wrap-flat sl-scroll">
        <table className="table table-click sl-alert-table" data-testid="alert-table">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Park</th>
              <th>System</th>
              <th>When (local)</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ alert: a, park }) => (
              <tr
                key={`${a.systemId}-${a.kind}-${a.fromMs}`}
                data-testid="alert-row"
                data-kind={a.kind}
                data-system={a.systemId}
                data-park={park.id}
                data-from={a.from}
                data-to={a.to}
                data-severity={a.severity}
                className={park.id === selected ? 'row-selected' : undefined}
                onClick={() => onSelect(park.id)}
              >
                <td className="nowrap">
                  <Badge tone={ALERT_TONE[a.kind] ?? 'neutral'}>{ALERT_LABEL[a.kind] ?? a.kind}</Badge>
                  {a.severity === 'critical' ? <span className="sl-critical">critical</span> : null}
                </td>
                <td className="nowrap">{park.city}</td>
                <td className="sl-system">
                  <span data-testid="alert-system">{a.systemName}</span>
                  <span className="pk-sub muted mono">{a.systemId}</span>
                </td>
                <td className="nowrap small" data-testid="alert-when">
                  {alertSpan(a, park.utcOffsetMin)}
                </td>
                <td className="small sl-reason" data-testid="alert-reason">
                  {a.reason}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <Empty>No alerts in this period: every system metered what the weather allowed.</Empty> : null}
      </div>
    </Card>
  );
}

// ---------- Parks ----------

function ParksCard({
  figures,
  selected,
  onSelect,
}: {
  figures: NetworkFigures;
  selected?: string;
  onSelect: (id: string) => void;
}) {
  return (
    <Card
      title="Parks"
      subtitle="Each park over the period: metered and expected energy (the model chain on the park's measured weather), specific yield, performance ratio and availability. Select one to see its days and systems."
      testId="solar-parks"
    >
      <div className="table-wrap table-wrap-flat">
        <table className="table table-click" data-testid="park-table">
          <thead>
            <tr>
              <th>Park</th>
              <th className="num">Systems</th>
              <th className="num">
                Installed<span className="th-unit">kWp</span>
              </th>
              <th className="num">
                Generation<span className="th-unit">MWh</span>
              </th>
              <th className="num">
                Expected<span className="th-unit">MWh</span>
              </th>
              <th className="num">
                Specific yield<span className="th-unit">kWh/kWp</span>
              </th>
              <th className="num">
                PR<span className="th-unit">on POA</span>
              </th>
              <th className="num">
                Availability<span className="th-unit">time-based</span>
              </th>
              <th className="num">Alerts</th>
            </tr>
          </thead>
          <tbody>
            {figures.parks.map(({ park, performance, alerts }) => {
              const t = performance.park[0];
              return (
                <tr
                  key={park.id}
                  data-testid="park-row"
                  data-id={park.id}
                  className={park.id === selected ? 'row-selected' : undefined}
                  onClick={() => onSelect(park.id)}
                >
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={(e) => {
                        e.stopPropagation();
                        onSelect(park.id);
                      }}
                      aria-pressed={park.id === selected}
                      title={park.id}
                      data-testid="park-open"
                    >
                      {park.name}
                    </button>
                    <span className="pk-sub muted">
                      {park.city}, {park.province} · {park.region} grid
                    </span>
                  </td>
                  <td className="num">{formatInt(park.kpis.systems)}</td>
                  <td className="num" data-testid="park-kwp" data-value={performance.installedKwp}>
                    {formatInt(performance.installedKwp)}
                  </td>
                  <td className="num strong" data-testid="park-generation" data-value={t?.measuredKwh ?? ''}>
                    {mwh(t?.measuredKwh)}
                  </td>
                  <td className="num" data-testid="park-expected" data-value={t?.expectedKwh ?? ''}>
                    {mwh(t?.expectedKwh)}
                  </td>
                  <td className="num" data-testid="park-yield" data-value={t?.specificYieldKwhKwp ?? ''}>
                    {formatQty(t?.specificYieldKwhKwp)}
                  </td>
                  <td className="num" data-testid="park-pr" data-value={t?.pr ?? ''}>
                    {formatShare(t?.pr)}
                  </td>
                  <td className="num" data-testid="park-availability" data-value={t?.availability ?? ''}>
                    {formatShare(t?.availability)}
                  </td>
                  <td className="num" data-testid="park-alerts" data-value={alerts.length}>
                    {alerts.length ? <Badge tone="amber">{formatInt(alerts.length)}</Badge> : <span className="muted">0</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

// ---------- One park ----------

interface ParkDays {
  detail: SolarParkDetail;
  daily: SolarPerformance;
  monthly: SolarPerformance;
  total: SolarPerformance;
}

function ParkView({ park, period, scrollIntoView }: { park: SolarPark; period: SolarPeriod; scrollIntoView: boolean }) {
  const { api } = useSession();
  const ref = useRef<HTMLDivElement>(null);
  const load = useCallback(async (): Promise<ParkDays> => {
    const q = { parkId: park.id, from: period.from, to: period.end };
    const [detail, daily, monthly, total] = await Promise.all([
      api.solarPark(park.id),
      api.solarPerformance({ ...q, granularity: 'day' }),
      api.solarPerformance({ ...q, granularity: 'month' }),
      api.solarPerformance({ ...q, granularity: 'total' }),
    ]);
    return { detail, daily, monthly, total };
  }, [api, park.id, period]);
  const { data, error, loading } = useAsync(load);

  // A park picked in a table or the selector is brought into view; the first one shown on arrival is not.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the park is shown
  useEffect(() => {
    if (scrollIntoView) ref.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, []);

  const source =
    data?.daily.poaSource === 'sensor'
      ? 'plane-of-array pyranometer'
      : data?.daily.poaSource === 'modelled'
        ? 'horizontal irradiance, transposed'
        : 'clear sky (no weather data)';
  return (
    <div ref={ref} className="detail-anchor">
      <Card
        title={
          <>
            {park.name} <span className="muted">· {park.city}</span>
          </>
        }
        subtitle={`${park.id} · ${formatQty(park.kpis.installedKwp / 1000)} MWp in ${plural(park.kpis.systems, 'system')} · ${park.lat.toFixed(3)}°N, ${park.lon.toFixed(3)}°E, ${formatInt(park.elevationM)} m${data ? ` · expected energy from the ${source}` : ''}`}
        testId="park-detail"
        className="detail-card"
      >
        {error ? <ProblemAlert problem={error} /> : null}
        {loading && !data ? <Loading label="Loading the park…" /> : null}
        {data ? (
          <>
            <div className="grid-main-side sl-charts">
              <DailyChart rows={data.daily.park} />
              <MonthlyPrChart rows={data.monthly.park} />
            </div>
            <SystemsTable detail={data.detail} total={data.total} />
          </>
        ) : null}
      </Card>
    </div>
  );
}

function DailyChart({ rows }: { rows: SolarPerformanceRow[] }) {
  const option = useMemo(
    () => ({
      color: [COLOR.expected, COLOR.measured, COLOR.dailyPr],
      legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 8, textStyle: { color: '#334155' } },
      grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : formatQty(v)),
      },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.period),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: '#cbd5d1' } },
        axisLabel: { color: '#475569', fontSize: 11, formatter: (d: string) => formatDate(d).replace(/ \d{4}$/, '') },
      },
      yAxis: [
        {
          type: 'value',
          name: 'MWh per day',
          nameTextStyle: { color: '#64748b', align: 'left' },
          splitLine: { lineStyle: { color: '#eef2f0' } },
          axisLabel: { color: '#64748b' },
        },
        {
          type: 'value',
          name: 'PR %',
          min: 0,
          max: 120,
          nameTextStyle: { color: '#64748b', align: 'right' },
          splitLine: { show: false },
          axisLabel: { color: '#94a3b8' },
        },
      ],
      series: [
        {
          name: 'Expected',
          type: 'line',
          showSymbol: false,
          lineStyle: { width: 1.5, type: 'dashed' },
          data: rows.map((r) => r.expectedKwh / 1000),
        },
        {
          name: 'Metered',
          type: 'line',
          showSymbol: false,
          lineStyle: { width: 1.5 },
          areaStyle: { opacity: 0.12 },
          data: rows.map((r) => r.measuredKwh / 1000),
        },
        {
          name: 'PR (day)',
          type: 'scatter',
          yAxisIndex: 1,
          symbolSize: 3,
          data: rows.map((r) => (r.pr === null ? null : r.pr * 100)),
        },
      ],
    }),
    [rows],
  );
  return (
    <section className="detail-section" data-testid="park-daily">
      <h3>Expected and metered energy per day</h3>
      <p className="detail-sub">
        The park's meters against the model chain on its measured weather, with each day's PR (right axis, days without a full set
        of readings left out).
      </p>
      {rows.length ? (
        <Chart
          option={option}
          height={320}
          label="Line chart of the expected and metered energy of the park per day, with its daily performance ratio"
          testId="chart-solar-daily"
        />
      ) : (
        <Empty>No days in this period.</Empty>
      )}
    </section>
  );
}

function MonthlyPrChart({ rows }: { rows: SolarPerformanceRow[] }) {
  const option = useMemo(
    () => ({
      color: [COLOR.pr, COLOR.wcpr],
      legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 8, textStyle: { color: '#334155' } },
      grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} %`),
      },
      xAxis: {
        type: 'category',
        data: rows.map((r) => formatMonth(r.period).replace(' ', '\n')),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: '#cbd5d1' } },
        axisLabel: { color: '#475569', fontSize: 10, interval: 0, lineHeight: 13 },
      },
      yAxis: {
        type: 'value',
        name: 'PR %',
        min: (v: { min: number }) => Math.max(0, Math.floor((v.min - 5) / 10) * 10),
        max: 100,
        nameTextStyle: { color: '#64748b', align: 'left' },
        splitLine: { lineStyle: { color: '#eef2f0' } },
        axisLabel: { color: '#64748b' },
      },
      series: [
        {
          name: 'PR',
          type: 'bar',
          barMaxWidth: 18,
          data: rows.map((r) => (r.pr === null ? null : r.pr * 100)),
        },
        {
          name: 'Weather-corrected PR',
          type: 'line',
          symbolSize: 5,
          data: rows.map((r) => (r.weatherCorrectedPr === null ? null : r.weatherCorrectedPr * 100)),
        },
      ],
    }),
    [rows],
  );
  return (
    <section className="detail-section" data-testid="park-monthly">
      <h3>Performance ratio by month</h3>
      <p className="detail-sub">
        IEC 61724-1 PR on plane-of-array irradiance, and NREL's weather-corrected PR (cell temperature taken out).
      </p>
      {rows.length ? (
        <Chart
          option={option}
          height={320}
          label="Bar chart of the park's performance ratio per month, with the weather-corrected PR"
          testId="chart-solar-pr"
        />
      ) : (
        <Empty>No months in this period.</Empty>
      )}
    </section>
  );
}

function SystemsTable({ detail, total }: { detail: SolarParkDetail; total: SolarPerformance }) {
  return (
    <section className="detail-section">
      <h3>PV systems</h3>
      <p className="detail-sub">
        {plural(detail.systems.length, 'system')} of the park over the period; tilt from horizontal, azimuth clockwise from north
        (180° faces south).
      </p>
      <div className="table-wrap table-wrap-flat">
        <table className="table" data-testid="system-table">
          <thead>
            <tr>
              <th>System</th>
              <th className="num">
                DC<span className="th-unit">kWp</span>
              </th>
              <th className="num">
                Inverter<span className="th-unit">kW AC</span>
              </th>
              <th className="num">
                Tilt / azimuth<span className="th-unit">°</span>
              </th>
              <th className="num">
                Generation<span className="th-unit">MWh</span>
              </th>
              <th className="num">
                Yield<span className="th-unit">kWh/kWp</span>
              </th>
              <th className="num">PR</th>
              <th className="num">
                Metered<span className="th-unit">of expected</span>
              </th>
              <th className="num">Availability</th>
            </tr>
          </thead>
          <tbody>
            {detail.systems.map((s) => {
              const row = total.systems.find((x) => x.systemId === s.id)?.rows[0];
              return (
                <tr key={s.id} data-testid="system-row" data-id={s.id}>
                  <td className="nowrap">
                    {s.name}
                    <span className="pk-sub muted">
                      <span className="mono">{s.id}</span> · {s.mounting.replace(/_/g, ' ')}, {s.moduleType.replace(/_/g, ' ')}{' '}
                      modules
                    </span>
                  </td>
                  <td className="num">{formatInt(s.dcKwp)}</td>
                  <td className="num">{formatInt(s.inverterAcKw)}</td>
                  <td className="num nowrap">
                    {s.tiltDeg}° / {s.azimuthDeg}°
                  </td>
                  <td className="num strong" data-testid="system-generation" data-value={row?.measuredKwh ?? ''}>
                    {mwh(row?.measuredKwh)}
                  </td>
                  <td className="num">{formatQty(row?.specificYieldKwhKwp)}</td>
                  <td className="num" data-testid="system-pr" data-value={row?.pr ?? ''}>
                    {formatShare(row?.pr)}
                  </td>
                  <td className="num">{formatShare(row?.expectedRatio)}</td>
                  <td className="num">{formatShare(row?.availability)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
