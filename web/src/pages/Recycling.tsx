import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Dropoff, RecyclingMetrics, RecyclingStation, RefusalReason } from '../api.js';
import { Chart } from '../components/Chart.js';
import { Icon, type IconName } from '../components/Icon.js';
import { Badge, Card, Empty, Loading, PageHeader, ProblemAlert } from '../components/ui.js';
import { formatDate, formatDateTime, formatInt, formatMonth, formatQty, formatShare, plural } from '../format.js';
import { useAsync } from '../hooks.js';
import { useSession } from '../session.js';

const DAY_MS = 86_400_000;
/** The metrics count local days in China (UTC+8). */
const LOCAL_OFFSET_MS = 8 * 3_600_000;

/** Periods offered, as local days up to today; the last one is the default. */
export const PERIODS = [
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 365, label: 'Last 12 months' },
] as const;
type PeriodDays = (typeof PERIODS)[number]['days'];

interface Period {
  /** First local day, YYYY-MM-DD. */
  from: string;
  /** Last local day included, YYYY-MM-DD. */
  to: string;
}

/** The `days` local days (UTC+8) ending today, both ends included. */
export function periodOf(days: number, now = Date.now()): Period {
  const today = now + LOCAL_OFFSET_MS;
  return {
    from: new Date(today - (days - 1) * DAY_MS).toISOString().slice(0, 10),
    to: new Date(today).toISOString().slice(0, 10),
  };
}

const COLOR = { collected: '#15803d', reused: '#2563eb', top: '#15803d', other: '#94a3b8' } as const;

export const REASON_LABEL: Record<RefusalReason, string> = {
  already_rewarded: 'Already rewarded',
  consumer_daily_cap: 'Consumer’s daily cap',
  station_daily_cap: 'Station’s daily cap',
  device_velocity: 'Device scanning too fast',
};

const SIZE_LABEL: Record<string, string> = { s: 'Small (No. 5)', m: 'Medium (No. 3)', l: 'Large (No. 1)' };

/** kg below a tonne, tonnes above. */
function mass(kg: number, unit: string): { value: string; unit: string } {
  return Math.abs(kg) >= 1000 ? { value: formatQty(kg / 1000), unit: `t ${unit}` } : { value: formatQty(kg), unit: `kg ${unit}` };
}

// ---------- Page ----------

export default function RecyclingPage() {
  const { api, me, tenant } = useSession();
  const unbound = me.tenantId === null;
  const [days, setDays] = useState<PeriodDays>(365);
  const [tenantId, setTenantId] = useState<string | undefined>();
  const [stationId, setStationId] = useState<string | undefined>();
  const period = useMemo(() => periodOf(days), [days]);

  // The tenants offered to an admin: the station operators, by name.
  const loadOperators = useCallback(async (): Promise<{ id: string; name: string }[]> => {
    if (!unbound) return tenant ? [{ id: tenant.id, name: tenant.name }] : [];
    const tenants = await api.tenants().catch(() => []);
    return tenants.filter((t) => t.kind === 'station_operator').map((t) => ({ id: t.id, name: t.name }));
  }, [api, unbound, tenant]);
  const operators = useAsync(loadOperators);

  const loadMetrics = useCallback(() => api.recyclingMetrics({ ...period, tenantId }), [api, period, tenantId]);
  const metrics = useAsync(loadMetrics);
  const loadStations = useCallback(() => api.stations({ tenantId }), [api, tenantId]);
  const stations = useAsync(loadStations);
  const data = metrics.data;

  const lede = unbound
    ? 'Packaging consumers bring back to pick-up/drop-off stations across the network: what is collected, what goes out again in a reclaimed box, and the board and CO2e that saves.'
    : 'Packaging consumers bring back to your pick-up/drop-off stations: what is collected, what goes out again in a reclaimed box, and the board and CO2e that saves.';

  return (
    <div className="page">
      <PageHeader
        title="Recycling"
        lede={lede}
        actions={
          <div className="rc-controls">
            {unbound ? (
              <label className="field field-inline">
                <span className="field-label">Operator</span>
                <select
                  value={tenantId ?? ''}
                  onChange={(e) => {
                    setTenantId(e.target.value || undefined);
                    setStationId(undefined);
                  }}
                  data-testid="recycling-tenant"
                >
                  <option value="">All operators</option>
                  {(operators.data ?? []).map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label className="field field-inline">
              <span className="field-label">Period</span>
              <select value={days} onChange={(e) => setDays(Number(e.target.value) as PeriodDays)} data-testid="recycling-period">
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
      {metrics.error ? <ProblemAlert problem={metrics.error} /> : null}
      {metrics.loading && !data ? <Loading label="Loading the recycling metrics…" /> : null}
      {data ? (
        <>
          <p className="muted small rc-period" data-testid="recycling-period-range" data-from={period.from} data-to={period.to}>
            <Icon name="info" size={14} /> {formatDate(period.from)} – {formatDate(period.to)} (local days, UTC+8) ·{' '}
            {plural(stations.data?.length ?? 0, 'station')} registered
            {metrics.loading ? (
              <span className="rc-updating" aria-busy="true">
                {' '}
                · updating…
              </span>
            ) : null}
          </p>
          <Tiles metrics={data} />
          <div className="grid-main-side">
            <MonthlyCard metrics={data} />
            <CitiesCard metrics={data} />
          </div>
          <TopStations metrics={data} selected={stationId} onSelect={setStationId} />
          <div className="grid-main-side">
            <PickupsCard tenantId={tenantId} stations={stations.data ?? []} onSelect={setStationId} />
            <StationMap stations={stations.data ?? []} metrics={data} selected={stationId} onSelect={setStationId} />
          </div>
        </>
      ) : null}
      {stationId ? (
        <StationDetail
          key={stationId}
          station={(stations.data ?? []).find((s) => s.id === stationId)}
          stationId={stationId}
          onClose={() => setStationId(undefined)}
        />
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
  children,
}: {
  id: string;
  icon: IconName;
  label: string;
  value: string;
  unit?: string;
  raw: number | null;
  children?: ReactNode;
}) {
  return (
    <div className="kpi kpi-fp" data-testid={`kpi-${id}`} data-value={raw ?? ''}>
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

function Tiles({ metrics }: { metrics: RecyclingMetrics }) {
  const t = metrics.totals;
  const board = mass(t.boardKgAvoided, 'board');
  const co2e = mass(t.kgCo2eAvoided, 'CO2e');
  return (
    <div className="kpis kpis-fp rc-kpis" data-testid="recycling-kpis">
      <Kpi id="collected" icon="recycling" label="Packages collected" value={formatInt(t.collected)} raw={t.collected}>
        <span>accepted drop-offs</span>
      </Kpi>
      <Kpi id="reused" icon="reusables" label="Packages reused" value={formatInt(t.reused)} raw={t.reused}>
        <span>sent again in a reclaimed box</span>
      </Kpi>
      <Kpi id="reuse-rate" icon="targets" label="Reuse rate" value={formatShare(t.reuseRate)} raw={t.reuseRate}>
        <span>reused ÷ collected</span>
      </Kpi>
      <Kpi id="stations" icon="pin" label="Participating stations" value={formatInt(t.stations)} raw={t.stations}>
        <span data-testid="kpi-cities" data-value={t.cities}>
          in <strong>{plural(t.cities, 'city', 'cities')}</strong>
        </span>
      </Kpi>
      <Kpi id="consumers" icon="overview" label="Consumers" value={formatInt(t.consumers)} raw={t.consumers}>
        <span>with an accepted drop-off</span>
      </Kpi>
      <Kpi id="board" icon="packaging" label="Board avoided" value={board.value} unit={board.unit} raw={t.boardKgAvoided}>
        <span>new cartons not made</span>
      </Kpi>
      <Kpi id="co2e" icon="footprint" label="CO2e avoided" value={co2e.value} unit={co2e.unit} raw={t.kgCo2eAvoided}>
        <span>at 0.491 kg CO2e per kg board</span>
      </Kpi>
      <Kpi id="points" icon="check" label="Points awarded" value={formatInt(t.points)} raw={t.points}>
        <span>green points to consumers</span>
      </Kpi>
    </div>
  );
}

// ---------- Charts ----------

function MonthlyCard({ metrics }: { metrics: RecyclingMetrics }) {
  const months = metrics.byMonth;
  const option = useMemo(
    () => ({
      color: [COLOR.collected, COLOR.reused],
      legend: { top: 0, left: 'center', itemWidth: 12, itemHeight: 10, textStyle: { color: '#334155' } },
      grid: { left: 8, right: 8, top: 40, bottom: 4, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: months.map((m) => formatMonth(m.month).replace(' ', '\n')),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: '#cbd5d1' } },
        axisLabel: { color: '#475569', fontSize: 11, interval: 0, lineHeight: 14 },
      },
      yAxis: {
        type: 'value',
        name: 'packages',
        nameTextStyle: { color: '#64748b', align: 'left' },
        splitLine: { lineStyle: { color: '#eef2f0' } },
        axisLabel: { color: '#64748b' },
      },
      series: [
        { name: 'Collected', type: 'bar', barMaxWidth: 22, data: months.map((m) => m.collected) },
        { name: 'Reused', type: 'bar', barMaxWidth: 22, data: months.map((m) => m.reused) },
      ],
    }),
    [months],
  );
  return (
    <Card title="Month by month" subtitle="Packages collected and reused per month (UTC+8 months)" testId="recycling-monthly">
      {months.length ? (
        <Chart
          option={option}
          height={340}
          label="Bar chart of packages collected and reused per month"
          testId="chart-recycling-monthly"
        />
      ) : (
        <Empty>Nothing collected in this period.</Empty>
      )}
    </Card>
  );
}

const TOP_CITIES = 12;

function CitiesCard({ metrics }: { metrics: RecyclingMetrics }) {
  const cities = metrics.byCity.slice(0, TOP_CITIES);
  const max = Math.max(1, ...cities.map((c) => c.collected));
  return (
    <Card
      title="Top cities"
      subtitle={`${plural(metrics.byCity.length, 'city', 'cities')} collected in the period; the ${Math.min(TOP_CITIES, cities.length)} that collected most`}
      testId="recycling-cities"
    >
      {cities.length ? (
        <ul className="rc-bars">
          {cities.map((c) => (
            <li key={c.city} data-testid="city-bar" data-city={c.city} data-value={c.collected}>
              <span className="rc-bar-label">{c.city}</span>
              <span className="rc-bar-track">
                <span className="rc-bar" style={{ width: `${(c.collected / max) * 100}%` }} />
              </span>
              <span className="rc-bar-value num">{formatInt(c.collected)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No city collected anything in this period.</Empty>
      )}
    </Card>
  );
}

/** Stations by longitude and latitude: the top stations in green, the others grey. */
function StationMap({
  stations,
  metrics,
  selected,
  onSelect,
}: {
  stations: RecyclingStation[];
  metrics: RecyclingMetrics;
  selected?: string;
  onSelect: (id: string) => void;
}) {
  const W = 420;
  const H = 320;
  const pad = 16;
  const top = new Set(metrics.topStations.map((s) => s.stationId));
  const lons = stations.map((s) => s.lon);
  const lats = stations.map((s) => s.lat);
  const [x0, x1] = [Math.min(...lons), Math.max(...lons)];
  const [y0, y1] = [Math.min(...lats), Math.max(...lats)];
  const scale = Math.min((W - 2 * pad) / Math.max(x1 - x0, 1e-6), (H - 2 * pad) / Math.max(y1 - y0, 1e-6));
  const x = (lon: number) => pad + (lon - x0) * scale;
  const y = (lat: number) => H - pad - (lat - y0) * scale;
  // Top stations drawn last, so they sit above the others.
  const ordered = [...stations].sort((a, b) => Number(top.has(a.id)) - Number(top.has(b.id)));
  return (
    <Card
      title="Stations"
      subtitle={`${plural(stations.length, 'station')} by position; the top ten in green. Select one to see its stock.`}
      testId="recycling-map"
    >
      {stations.length ? (
        <svg className="rc-map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Stations by longitude and latitude">
          {ordered.map((s) => (
            // biome-ignore lint/a11y/useSemanticElements: a point of the SVG scatter
            <circle
              key={s.id}
              cx={x(s.lon)}
              cy={y(s.lat)}
              r={s.id === selected ? 7 : top.has(s.id) ? 5.5 : 4}
              fill={top.has(s.id) ? COLOR.top : COLOR.other}
              stroke={s.id === selected ? '#0f172a' : '#fff'}
              strokeWidth={s.id === selected ? 2 : 1}
              fillOpacity={0.85}
              className="rc-dot"
              data-testid="map-station"
              data-id={s.id}
              role="button"
              tabIndex={0}
              onClick={() => onSelect(s.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onSelect(s.id);
              }}
            >
              <title>{`${s.name} · ${s.city}`}</title>
            </circle>
          ))}
        </svg>
      ) : (
        <Empty>No stations.</Empty>
      )}
    </Card>
  );
}

// ---------- Tables ----------

function TopStations({
  metrics,
  selected,
  onSelect,
}: {
  metrics: RecyclingMetrics;
  selected?: string;
  onSelect: (id: string) => void;
}) {
  const rows = metrics.topStations;
  return (
    <Card
      title="Top stations"
      subtitle="The ten stations that collected most in the period. Select one to see its stock and recent drop-offs."
      testId="recycling-top"
    >
      <div className="table-wrap table-wrap-flat">
        <table className="table table-click" data-testid="top-table">
          <thead>
            <tr>
              <th>Station</th>
              <th>City</th>
              <th className="num">Collected</th>
              <th className="num">Reused</th>
              <th className="num">Reuse rate</th>
              <th className="num">Consumers</th>
              <th className="num">Points</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr
                key={s.stationId}
                data-testid="top-row"
                data-id={s.stationId}
                className={s.stationId === selected ? 'row-selected' : undefined}
                onClick={() => onSelect(s.stationId)}
              >
                <td>
                  <button
                    type="button"
                    className="link-button"
                    onClick={(e) => {
                      e.stopPropagation();
                      onSelect(s.stationId);
                    }}
                    aria-pressed={s.stationId === selected}
                    data-testid="top-open"
                  >
                    {s.name}
                  </button>
                  <span className="pk-sub muted mono">{s.stationId}</span>
                </td>
                <td>{s.city}</td>
                <td className="num strong" data-testid="top-collected" data-value={s.collected}>
                  {formatInt(s.collected)}
                </td>
                <td className="num" data-testid="top-reused" data-value={s.reused}>
                  {formatInt(s.reused)}
                </td>
                <td className="num">{formatShare(s.reuseRate)}</td>
                <td className="num">{formatInt(s.consumers)}</td>
                <td className="num" data-testid="top-points" data-value={s.points}>
                  {formatInt(s.points)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <Empty>No station collected anything in this period.</Empty> : null}
      </div>
    </Card>
  );
}

function PickupsCard({
  tenantId,
  stations,
  onSelect,
}: {
  tenantId?: string;
  stations: RecyclingStation[];
  onSelect: (id: string) => void;
}) {
  const { api } = useSession();
  const load = useCallback(() => api.pickups({ status: 'requested', tenantId }), [api, tenantId]);
  const { data, error, loading } = useAsync(load);
  const nameOf = (id: string) => stations.find((s) => s.id === id);
  return (
    <Card
      title="Open pickups"
      subtitle="Stations waiting for a collector: requested when the stock reached 80 % of the storage capacity, or by hand."
      testId="recycling-pickups"
    >
      {error ? <ProblemAlert problem={error} /> : null}
      {loading && !data ? <Loading label="Loading the pickups…" /> : null}
      {data ? (
        data.length ? (
          <div className="table-wrap table-wrap-flat rc-scroll">
            <table className="table table-click" data-testid="pickup-table">
              <thead>
                <tr>
                  <th>Station</th>
                  <th>City</th>
                  <th>Trigger</th>
                  <th>Requested</th>
                </tr>
              </thead>
              <tbody>
                {data.map((p) => {
                  const s = nameOf(p.stationId);
                  return (
                    <tr key={p.id} data-testid="pickup-row" data-id={p.id} onClick={() => onSelect(p.stationId)}>
                      <td>
                        {s?.name ?? p.stationId} <span className="pk-sub muted mono">{p.stationId}</span>
                      </td>
                      <td>{s?.city ?? '—'}</td>
                      <td>
                        <Badge tone={p.trigger === 'threshold' ? 'amber' : 'blue'}>
                          {p.trigger === 'threshold' ? 'Stock threshold' : 'Manual'}
                        </Badge>
                      </td>
                      <td className="nowrap small">{formatDateTime(p.requestedAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>No pickup is open.</Empty>
        )
      ) : null}
    </Card>
  );
}

// ---------- One station ----------

function StationDetail({ stationId, station, onClose }: { stationId: string; station?: RecyclingStation; onClose: () => void }) {
  const { api } = useSession();
  const ref = useRef<HTMLDivElement>(null);
  const load = useCallback(
    () => Promise.all([api.stationStock(stationId), api.dropoffs({ stationId, limit: 20 })]),
    [api, stationId],
  );
  const { data, error, loading } = useAsync(load);

  useEffect(() => {
    ref.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, []);

  const [stock, dropoffs] = data ?? [];
  return (
    <div ref={ref} className="detail-anchor">
      <Card
        title={<>Station {station?.name ?? stationId}</>}
        subtitle={
          station
            ? `${station.id} · ${station.city}, ${station.province} · open ${station.openingHours} · holds ${plural(station.storageCapacity, 'box', 'boxes')}`
            : stationId
        }
        testId="station-detail"
        className="detail-card"
        actions={
          <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} data-testid="station-close">
            <Icon name="close" size={15} />
            Close
          </button>
        }
      >
        {error ? <ProblemAlert problem={error} /> : null}
        {loading && !data ? <Loading label="Loading the station…" /> : null}
        {stock && dropoffs ? (
          <div className="rc-detail">
            <section className="detail-section">
              <h3>Stock of reclaimed boxes</h3>
              <p className="detail-sub" data-testid="stock-total" data-value={stock.total}>
                {plural(stock.total, 'box', 'boxes')} of {formatInt(stock.storageCapacity)} capacity; a pickup is requested at{' '}
                {formatInt(stock.threshold)}.{' '}
                {stock.openPickupId ? <Badge tone="amber">Pickup open</Badge> : <Badge tone="green">No pickup open</Badge>}
              </p>
              <div className="rc-fill" title={`${stock.total} of ${stock.storageCapacity}`}>
                <span
                  className={`rc-fill-bar${stock.total >= stock.threshold ? ' rc-fill-warn' : ''}`}
                  style={{ width: `${Math.min(100, (stock.total / Math.max(1, stock.storageCapacity)) * 100)}%` }}
                />
              </div>
              <table className="table" data-testid="stock-table">
                <thead>
                  <tr>
                    <th>Size class</th>
                    <th>Grade</th>
                    <th className="num">Boxes</th>
                  </tr>
                </thead>
                <tbody>
                  {stock.rows.map((r) => (
                    <tr
                      key={`${r.sizeClass}-${r.grade}`}
                      data-testid="stock-row"
                      data-size={r.sizeClass}
                      data-grade={r.grade}
                      data-value={r.count}
                    >
                      <td>{SIZE_LABEL[r.sizeClass] ?? r.sizeClass}</td>
                      <td>{r.grade}</td>
                      <td className="num">{formatInt(r.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="detail-section">
              <h3>Recent drop-offs</h3>
              <p className="detail-sub">The {plural(dropoffs.length, 'drop-off')} recorded last, accepted or refused.</p>
              <div className="table-wrap table-wrap-flat rc-scroll">
                <table className="table" data-testid="dropoff-table">
                  <thead>
                    <tr>
                      <th>When</th>
                      <th>Consumer</th>
                      <th>Grade</th>
                      <th>Status</th>
                      <th className="num">Points</th>
                    </tr>
                  </thead>
                  <tbody>
                    {dropoffs.map((d) => (
                      <DropoffRow key={d.id} dropoff={d} />
                    ))}
                  </tbody>
                </table>
                {dropoffs.length === 0 ? <Empty>No drop-offs yet.</Empty> : null}
              </div>
            </section>
          </div>
        ) : null}
      </Card>
    </div>
  );
}

function DropoffRow({ dropoff: d }: { dropoff: Dropoff }) {
  return (
    <tr data-testid="dropoff-row" data-id={d.id} data-status={d.status}>
      <td className="nowrap small">{formatDateTime(d.createdAt)}</td>
      <td className="mono small">{d.consumerId}</td>
      <td className="nowrap">{d.grade.replace(/_/g, ' ')}</td>
      <td className="nowrap">
        {d.status === 'accepted' ? (
          <Badge tone="green">Accepted</Badge>
        ) : (
          <>
            <Badge tone="red">Refused</Badge>{' '}
            <span className="small muted" data-testid="dropoff-reason">
              {d.reason ? (REASON_LABEL[d.reason] ?? d.reason) : ''}
            </span>
          </>
        )}
      </td>
      <td className="num">{formatInt(d.points)}</td>
    </tr>
  );
}
