import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  BOX_STATES,
  type BoxState,
  type BoxType,
  type EpcisEvent,
  type KpiDefinition,
  type PoolBox,
  type PoolBoxQuery,
  type PoolKpis,
  type PoolSeries,
  type Problem,
  problemOf,
  type ReusableBoxDetail,
  type ReusablesReport,
} from '../api.js';
import { Chart } from '../components/Chart.js';
import { Icon, type IconName } from '../components/Icon.js';
import { Badge, Card, Empty, Loading, PageHeader, ProblemAlert } from '../components/ui.js';
import { formatDate, formatDateTime, formatInt, formatMonth, formatQty, formatShare, plural } from '../format.js';
import { useAsync } from '../hooks.js';
import { useSession } from '../session.js';

/** Rows fetched per page of the boxes list. */
export const BOX_PAGE_SIZE = 50;

const DAY_MS = 86_400_000;

/** Periods offered, as days up to now; the last one is the default (the server's own default too). */
export const PERIODS = [
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 365, label: 'Last 12 months' },
] as const;
type PeriodDays = (typeof PERIODS)[number]['days'];

interface Period {
  from: string;
  to: string;
}

/** The `days` up to now, both ends sent explicitly so every card of the page shares one period. */
function periodOf(days: number): Period {
  const to = Date.now();
  return { from: new Date(to - days * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

export const STATE_LABEL: Record<BoxState, string> = {
  commissioned: 'Commissioned',
  available: 'Available',
  packed: 'Packed',
  in_transit: 'In transit',
  at_customer: 'At customer',
  returned: 'Returned',
  cleaning: 'Cleaning',
  damaged: 'Damaged',
  retired: 'Retired',
  lost: 'Lost',
};

const STATE_COLOR: Record<BoxState, string> = {
  commissioned: '#64748b',
  available: '#15803d',
  packed: '#0d9488',
  in_transit: '#2563eb',
  at_customer: '#7c3aed',
  returned: '#0891b2',
  cleaning: '#0284c7',
  damaged: '#d97706',
  retired: '#94a3b8',
  lost: '#b42318',
};

const OUTCOME_TONE = { returned: 'green', lost: 'red', open: 'blue' } as const;
const OUTCOME_LABEL = { returned: 'Returned', lost: 'Lost', open: 'Open' } as const;

const SERIES_COLOR = { shipments: '#15803d', trips: '#86c99a', lost: '#b42318', circulation: '#2563eb' } as const;

/** kg CO2e in kg below a tonne, in tonnes above; the sign is kept (a pool may not have paid back yet). */
export function co2eMass(kg: number | null | undefined): { value: string; unit: string } {
  if (kg === null || kg === undefined || !Number.isFinite(kg)) return { value: '—', unit: 'kg CO2e' };
  return Math.abs(kg) >= 1000 ? { value: formatQty(kg / 1000), unit: 't CO2e' } : { value: formatQty(kg), unit: 'kg CO2e' };
}

/** A percent figure (the API's `…Pct`) as the page shows shares. */
const formatPct = (pct: number | null | undefined): string => (pct === null || pct === undefined ? '—' : formatShare(pct / 100));

/** `https://id.gs1.org/8003/04012345200010103` is shown as the GS1 element string `(8003) 04012345200010103`. */
export function graiText(epc: string): string {
  const m = /\/8003\/([^/?#]+)/.exec(epc);
  return m ? `(8003) ${decodeURIComponent(m[1] ?? '')}` : epc;
}

/** Whole days from an instant to now. */
const daysSince = (iso: string): number => Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / DAY_MS));

/** Last segment of a CBV term or URI: `https://ref.gs1.org/cbv/BizStep-shipping` is "shipping". */
const term = (s: string | undefined): string => (s ? (s.split(/[/#:-]/).pop() ?? s).replace(/_/g, ' ') : '—');

/** The box opened in the detail panel is kept in the hash (`#/reusables?box=…`), so it can be shared. */
function boxInHash(): string | undefined {
  const query = window.location.hash.split('?')[1];
  return query ? (new URLSearchParams(query).get('box') ?? undefined) : undefined;
}

function setBoxInHash(epc: string | undefined): void {
  const path = window.location.hash.split('?')[0] || '#/reusables';
  // replaceState changes the address without a hashchange, so the page is not re-mounted.
  window.history.replaceState(null, '', epc ? `${path}?box=${encodeURIComponent(epc)}` : path);
}

// ---------- Page ----------

export default function ReusablesPage() {
  const { api, me, tenant } = useSession();
  const unbound = me.tenantId === null;
  const [days, setDays] = useState<PeriodDays>(365);
  const [tenantId, setTenantId] = useState<string | undefined>();
  const [poolId, setPoolId] = useState<string | undefined>();
  const [box, setBox] = useState<string | undefined>(boxInHash);
  // A new choice of period starts again from now.
  const period = useMemo(() => periodOf(days), [days]);

  // The tenants offered to an admin: those owning a pool, by name.
  const loadOwners = useCallback(async (): Promise<{ id: string; name: string }[]> => {
    if (!unbound) return tenant ? [{ id: tenant.id, name: tenant.name }] : [];
    const [types, tenants] = await Promise.all([api.boxTypes().catch((): BoxType[] => []), api.tenants().catch(() => [])]);
    const ids = [...new Set(types.map((t) => t.tenantId))];
    return ids.map((id) => ({ id, name: tenants.find((t) => t.id === id)?.name ?? id }));
  }, [api, unbound, tenant]);
  const owners = useAsync(loadOwners);
  const tenantName = useCallback((id: string): string => (owners.data ?? []).find((t) => t.id === id)?.name ?? id, [owners.data]);

  const loadReport = useCallback(() => api.reusablesKpis({ ...period, tenantId }), [api, period, tenantId]);
  const report = useAsync(loadReport);
  const data = report.data;
  const pool = data ? (data.pools.find((p) => p.boxType.id === poolId) ?? data.pools[0]) : undefined;

  const openBox = (epc: string | undefined) => {
    setBox(epc);
    setBoxInHash(epc);
  };

  const lede = unbound
    ? 'RFID-tagged reusable boxes of every brand: where they are, how often they travel and come back, and the CO2e they save against single-use cartons, all derived from the boxes’ EPCIS events.'
    : 'Your RFID-tagged reusable boxes: where they are, how often they travel and come back, and the CO2e they save against single-use cartons, all derived from the boxes’ EPCIS events.';

  return (
    <div className="page">
      <PageHeader
        title="Reusables"
        lede={lede}
        actions={
          <div className="ru-controls">
            {unbound ? (
              <label className="field field-inline">
                <span className="field-label">Brand</span>
                <select
                  value={tenantId ?? ''}
                  onChange={(e) => setTenantId(e.target.value || undefined)}
                  data-testid="reusables-tenant"
                >
                  <option value="">All brands</option>
                  {(owners.data ?? []).map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label className="field field-inline">
              <span className="field-label">Period</span>
              <select
                className="ru-period-select"
                value={days}
                onChange={(e) => setDays(Number(e.target.value) as PeriodDays)}
                data-testid="reusables-period"
              >
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
      {report.error ? <ProblemAlert problem={report.error} /> : null}
      {report.loading && !data ? <Loading label="Loading the pool KPIs…" /> : null}
      {data ? (
        <>
          <PeriodLine report={data} updating={report.loading} />
          {data.total ? (
            <PoolTiles report={data} total={data.total} />
          ) : (
            <Card testId="pools-empty">
              <Empty>
                <p className="strong">No reusable box pools yet.</p>
                <p className="small">
                  A pool appears once its box type is declared (<code>POST /v1/reusables/box-types</code>) and its boxes' EPCIS
                  events are captured (<code>POST /epcis/capture</code>).
                </p>
              </Empty>
            </Card>
          )}
          {data.pools.length ? (
            <PoolTable report={data} selected={pool?.boxType.id} onSelect={setPoolId} tenantName={tenantName} />
          ) : null}
          {pool ? (
            <PoolView
              key={pool.boxType.id}
              type={pool.boxType}
              kpis={pool.kpis}
              period={period}
              definitions={data.definitions}
              selected={box}
              onOpen={openBox}
            />
          ) : null}
        </>
      ) : null}
      {box ? <BoxDetail key={box} epc={box} tenantName={tenantName} onClose={() => openBox(undefined)} /> : null}
    </div>
  );
}

function PeriodLine({ report, updating }: { report: ReusablesReport; updating: boolean }) {
  const { from, to } = report.period;
  return (
    <div className="ru-period">
      <p className="muted small ru-period-text" data-testid="reusables-period-range" data-from={from} data-to={to}>
        <Icon name="info" size={14} /> {formatDate(from.slice(0, 10))} – {formatDate(to.slice(0, 10))} (UTC) ·{' '}
        {plural(report.pools.length, 'pool')} · counts "to date" run to the end of the period, the others within it. Point at a
        figure to see how it is defined.
      </p>
      {updating ? (
        <span className="ru-updating" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Updating…
        </span>
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

/** "5.33" for one figure, "5.33–5.78" when the pools' figures differ and the total has none. */
function rangeText(values: (number | null)[], format: (n: number) => string = formatQty): string {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!known.length) return '—';
  const lo = format(Math.min(...known));
  const hi = format(Math.max(...known));
  return lo === hi ? lo : `${lo}–${hi}`;
}

/** Whole numbers without decimals (a design life of 80 trips), others as quantities (91.09). */
const formatNum = (n: number | null): string => (n === null ? '—' : Number.isInteger(n) ? formatInt(n) : formatQty(n));

function PoolTiles({ report, total: k }: { report: ReusablesReport; total: PoolKpis }) {
  const def = (key: string): string | undefined => report.definitions[key]?.definition;
  const types = report.pools.map((p) => p.boxType);
  const overdueDays = rangeText(
    types.map((t) => t.overdueAfterDays),
    formatInt,
  );
  const saved = co2eMass(k.co2e.savedKg);
  const cartonKg = rangeText(types.map((t) => t.singleUseKgCo2e));
  // Losses show only once a box has been away lostAfterDays: a shorter period has hardly any yet.
  const periodDays = (Date.parse(report.period.to) - Date.parse(report.period.from)) / DAY_MS;
  const lostDays = rangeText(
    types.map((t) => t.lostAfterDays),
    formatInt,
  );
  const shortPeriod = types.some((t) => periodDays < t.lostAfterDays * 2);
  const breakEven = k.co2e.breakEvenTrips ?? null;
  const breakEvenText =
    breakEven !== null ? formatQty(breakEven) : rangeText(report.pools.map((p) => p.kpis.co2e.breakEvenTrips));
  return (
    <div className="kpis kpis-fp ru-kpis" data-testid="reusables-kpis">
      <Kpi
        id="circulation"
        icon="reusables"
        label="Boxes in circulation"
        value={formatInt(k.boxesInCirculation)}
        raw={k.boxesInCirculation}
        title={def('boxesInCirculation')}
      >
        <span>
          of <strong>{formatInt(k.boxesCommissioned)}</strong> commissioned
        </span>
        <span className="kpi-sep">·</span>
        <span>{formatInt(k.boxesRetired)} retired</span>
      </Kpi>
      <Kpi
        id="trips"
        icon="transport"
        label="Trips to date"
        value={formatInt(k.tripsToDate)}
        raw={k.tripsToDate}
        title={def('tripsToDate')}
      >
        <span data-testid="kpi-trips-period" data-value={k.tripsInPeriod}>
          <strong>{formatInt(k.tripsInPeriod)}</strong> in the period
        </span>
        <span className="kpi-sep">·</span>
        <span>{formatInt(k.shipmentsInPeriod)} shipped</span>
      </Kpi>
      <Kpi
        id="trips-per-box"
        icon="targets"
        label="Trips per box"
        value={formatQty(k.tripsPerBox)}
        raw={k.tripsPerBox}
        title={def('tripsPerBox')}
      >
        <span data-testid="kpi-design-trips" data-value={k.designTrips ?? ''}>
          vs <strong>{formatNum(k.designTrips)}</strong> design trips
        </span>
        <span className="kpi-sep">·</span>
        <span>{formatPct(k.designLifeUsedPct)} of design life</span>
      </Kpi>
      <Kpi
        id="return-rate"
        icon="check"
        label="Return rate"
        value={formatShare(k.returnRate)}
        raw={k.returnRate}
        title={def('returnRate')}
      >
        <span>
          {formatInt(k.returns.returned)} back, {formatInt(k.returns.lost)} lost, {formatInt(k.returns.open)} still out
        </span>
        {shortPeriod ? (
          <>
            <span className="kpi-sep">·</span>
            <span className="ru-caveat" data-testid="kpi-return-rate-caveat">
              a box counts as lost only after {lostDays} days away, so over a short period this rate reads high
            </span>
          </>
        ) : null}
      </Kpi>
      <Kpi
        id="overdue"
        icon="alert"
        label="Overdue boxes"
        value={formatInt(k.overdueBoxes)}
        raw={k.overdueBoxes}
        title={def('overdueBoxes')}
        className={k.overdueBoxes > 0 ? 'ru-kpi-warn' : undefined}
      >
        <span>away longer than {overdueDays} days, not yet lost</span>
      </Kpi>
      <Kpi
        id="lost"
        icon="close"
        label="Lost boxes"
        value={formatInt(k.lostBoxes)}
        raw={k.lostBoxes}
        title={def('lostBoxes')}
        className={k.lostBoxes > 0 ? 'ru-kpi-bad' : undefined}
      >
        <span data-testid="kpi-shrinkage" data-value={k.shrinkagePct ?? ''}>
          shrinkage <strong>{formatPct(k.shrinkagePct)}</strong>
        </span>
        <span className="kpi-sep">·</span>
        <span>{formatInt(k.recoveredInPeriod)} recovered</span>
      </Kpi>
      <Kpi
        id="saved"
        icon="footprint"
        label="CO2e saved so far"
        value={saved.value}
        unit={saved.unit}
        raw={k.co2e.savedKg}
        title={def('co2e.savedKg')}
        className={k.co2e.savedKg < 0 ? 'ru-kpi-warn' : 'ru-kpi-saving'}
      >
        {k.co2e.savedKg < 0 ? (
          <>
            <span>not yet paid back the boxes’ production</span>
            <span className="kpi-sep">·</span>
          </>
        ) : null}
        <span data-testid="kpi-per-trip" data-value={k.co2e.perTripKg ?? ''}>
          <strong>{formatQty(k.co2e.perTripKg)}</strong> kg per trip vs {cartonKg} kg per single-use carton
        </span>
      </Kpi>
      <Kpi
        id="break-even"
        icon="recycling"
        label="Break-even"
        value={breakEvenText}
        unit="trips"
        raw={breakEven}
        title={def('co2e.breakEvenTrips')}
        className={breakEven !== null && k.tripsPerBox !== null && k.tripsPerBox >= breakEven ? 'ru-kpi-saving' : undefined}
      >
        <span>
          vs <strong>{formatQty(k.tripsPerBox)}</strong> trips per box achieved
        </span>
        {k.co2e.boxesPastBreakEven !== null ? (
          <>
            <span className="kpi-sep">·</span>
            <span data-testid="kpi-past-break-even" data-value={k.co2e.boxesPastBreakEven}>
              {plural(k.co2e.boxesPastBreakEven, 'box', 'boxes')} past it
            </span>
          </>
        ) : null}
      </Kpi>
    </div>
  );
}

// ---------- Pool table ----------

interface PoolColumn {
  id: string;
  /** Key in `definitions`. */
  kpi: string;
  label: string;
  unit?: string;
  raw: (k: PoolKpis) => number | null;
  text: (k: PoolKpis) => string;
}

const POOL_COLUMNS: PoolColumn[] = [
  {
    id: 'circulation',
    kpi: 'boxesInCirculation',
    label: 'In circulation',
    unit: 'boxes',
    raw: (k) => k.boxesInCirculation,
    text: (k) => formatInt(k.boxesInCirculation),
  },
  {
    id: 'trips',
    kpi: 'tripsToDate',
    label: 'Trips',
    unit: 'to date',
    raw: (k) => k.tripsToDate,
    text: (k) => formatInt(k.tripsToDate),
  },
  {
    id: 'trips-per-box',
    kpi: 'tripsPerBox',
    label: 'Trips/box',
    unit: 'trips',
    raw: (k) => k.tripsPerBox,
    text: (k) => formatQty(k.tripsPerBox),
  },
  {
    id: 'return-rate',
    kpi: 'returnRate',
    label: 'Return rate',
    unit: '%',
    raw: (k) => k.returnRate,
    text: (k) => formatShare(k.returnRate),
  },
  {
    id: 'cycle',
    kpi: 'cycleTimeDays',
    label: 'Cycle time',
    unit: 'days',
    raw: (k) => k.cycleTimeDays,
    text: (k) => formatQty(k.cycleTimeDays),
  },
  {
    id: 'dwell',
    kpi: 'dwellAtCustomerDaysMean',
    label: 'Dwell',
    unit: 'days at customer',
    raw: (k) => k.dwellAtCustomerDaysMean,
    text: (k) => formatQty(k.dwellAtCustomerDaysMean),
  },
  {
    id: 'shrinkage',
    kpi: 'shrinkagePct',
    label: 'Shrinkage',
    unit: '%',
    raw: (k) => k.shrinkagePct,
    text: (k) => formatPct(k.shrinkagePct),
  },
  {
    id: 'per-trip',
    kpi: 'co2e.perTripKg',
    label: 'CO2e/trip',
    unit: 'kg CO2e',
    raw: (k) => k.co2e.perTripKg,
    text: (k) => formatQty(k.co2e.perTripKg),
  },
  {
    id: 'break-even',
    kpi: 'co2e.breakEvenTrips',
    label: 'Break-even',
    unit: 'trips',
    raw: (k) => k.co2e.breakEvenTrips,
    text: (k) => formatQty(k.co2e.breakEvenTrips),
  },
  {
    id: 'saved',
    kpi: 'co2e.savedKg',
    label: 'Saved',
    unit: 'kg CO2e',
    raw: (k) => k.co2e.savedKg,
    text: (k) => formatQty(k.co2e.savedKg),
  },
];

const defTitle = (d: KpiDefinition | undefined): string | undefined =>
  d ? `${d.label} (${d.unit}): ${d.definition}` : undefined;

function PoolCells({ kpis }: { kpis: PoolKpis }) {
  return (
    <>
      {POOL_COLUMNS.map((c) => {
        const raw = c.raw(kpis);
        const negative = raw !== null && raw < 0;
        return (
          <td
            key={c.id}
            className={`num${c.id === 'saved' ? ` strong${negative ? ' ru-negative' : ''}` : ''}`}
            data-testid={`pool-${c.id}`}
            data-value={raw ?? ''}
          >
            {c.text(kpis)}
          </td>
        );
      })}
    </>
  );
}

function PoolTable({
  report,
  selected,
  onSelect,
  tenantName,
}: {
  report: ReusablesReport;
  selected?: string;
  onSelect: (id: string) => void;
  tenantName: (id: string) => string;
}) {
  const many = report.pools.length > 1;
  return (
    <Card
      title="Pools"
      subtitle={`One row per box type (a GRAI asset type)${many ? '; select one to see its months, its boxes by state and its overdue boxes' : ''}. Point at a column to see its definition.`}
      testId="pool-list"
    >
      <div className="table-wrap table-wrap-flat ru-pool-wrap">
        <table className={`table ru-pool-table${many ? ' table-click' : ''}`} data-testid="pool-table">
          <thead>
            <tr>
              <th>Pool</th>
              <th>Brand</th>
              {POOL_COLUMNS.map((c) => (
                <th key={c.id} className="num" title={defTitle(report.definitions[c.kpi])} data-kpi={c.kpi}>
                  {c.label}
                  {c.unit ? <span className="th-unit">{c.unit}</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.pools.map(({ boxType: t, kpis }) => (
              <tr
                key={t.id}
                data-testid="pool-row"
                data-id={t.id}
                data-tenant={t.tenantId}
                className={many && t.id === selected ? 'row-selected' : undefined}
                onClick={() => onSelect(t.id)}
              >
                <td className="ru-pool-name">
                  {many ? (
                    <button
                      type="button"
                      className="link-button ru-wrap"
                      onClick={(e) => {
                        e.stopPropagation();
                        onSelect(t.id);
                      }}
                      aria-pressed={t.id === selected}
                      data-testid="pool-name"
                    >
                      {t.name}
                    </button>
                  ) : (
                    <span className="strong" data-testid="pool-name">
                      {t.name}
                    </span>
                  )}
                  <span className="pk-sub muted" title={`GRAI class ${t.graiClass}`}>
                    <span className="mono">{graiText(t.graiClass)}</span> · design life {plural(t.designTrips, 'trip')}
                  </span>
                </td>
                <td className="ru-brand" data-testid="pool-brand" title={t.tenantId}>
                  {tenantName(t.tenantId)}
                </td>
                <PoolCells kpis={kpis} />
              </tr>
            ))}
          </tbody>
          {many && report.total ? (
            <tfoot>
              <tr data-testid="pool-total">
                <td className="strong">All pools</td>
                <td />
                <PoolCells kpis={report.total} />
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
    </Card>
  );
}

// ---------- One pool: months, states, boxes ----------

type BoxFilter = 'overdue' | 'all' | BoxState;

function PoolView({
  type,
  kpis,
  period,
  definitions,
  selected,
  onOpen,
}: {
  type: BoxType;
  kpis: PoolKpis;
  period: Period;
  definitions: Record<string, KpiDefinition>;
  selected?: string;
  onOpen: (epc: string) => void;
}) {
  const [filter, setFilter] = useState<BoxFilter>('overdue');
  const listRef = useRef<HTMLDivElement>(null);
  const pick = (state: BoxState) => {
    setFilter(state);
    listRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  return (
    <>
      <div className="grid-main-side">
        <MonthlyCard type={type} period={period} />
        <StatesCard type={type} kpis={kpis} definitions={definitions} filter={filter} onPick={pick} />
      </div>
      <div ref={listRef} className="detail-anchor">
        <BoxList type={type} filter={filter} onFilter={setFilter} selected={selected} onOpen={onOpen} />
      </div>
    </>
  );
}

function MonthlyCard({ type, period }: { type: BoxType; period: Period }) {
  const { api } = useSession();
  const load = useCallback(() => api.poolSeries(type.id, period), [api, type.id, period]);
  const { data, error } = useAsync(load);
  const option = useMemo(() => (data ? monthlyOption(data) : undefined), [data]);
  return (
    <Card
      title="Month by month"
      subtitle={`${type.name}: boxes shipped and returned, boxes lost, and boxes in circulation at each month's end (UTC+8 months)`}
      testId="reusables-monthly"
    >
      {error ? <ProblemAlert problem={error} /> : null}
      {!data && !error ? <Loading label="Loading the months…" /> : null}
      {data && option ? (
        data.months.length ? (
          <Chart
            option={option}
            height={360}
            label={`Bar chart of boxes shipped, returned and lost per month, with a line of boxes in circulation, for ${type.name}`}
            testId="chart-reusables-monthly"
          />
        ) : (
          <Empty>No months in this period.</Empty>
        )
      ) : null}
    </Card>
  );
}

function monthlyOption(series: PoolSeries) {
  const months = series.months;
  const axisLabel = { color: '#64748b' };
  return {
    color: [SERIES_COLOR.shipments, SERIES_COLOR.trips, SERIES_COLOR.lost, SERIES_COLOR.circulation],
    legend: { top: 0, left: 'center', itemWidth: 12, itemHeight: 10, textStyle: { color: '#334155' } },
    grid: { left: 8, right: 8, top: 40, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: months.map((m) => formatMonth(m.label).replace(' ', '\n')),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#cbd5d1' } },
      axisLabel: { color: '#475569', fontSize: 11, interval: 0, lineHeight: 14 },
    },
    yAxis: [
      {
        type: 'value',
        name: 'trips, boxes',
        nameTextStyle: { color: '#64748b', align: 'left' },
        splitLine: { lineStyle: { color: '#eef2f0' } },
        axisLabel,
      },
      {
        type: 'value',
        name: 'in circulation',
        nameTextStyle: { color: '#64748b', align: 'right' },
        min: 0,
        splitLine: { show: false },
        axisLabel,
      },
    ],
    series: [
      { name: 'Shipped', type: 'bar', barMaxWidth: 22, data: months.map((m) => m.shipments) },
      { name: 'Returned (trips)', type: 'bar', barMaxWidth: 22, data: months.map((m) => m.trips) },
      { name: 'Lost', type: 'bar', barMaxWidth: 22, data: months.map((m) => m.lost) },
      {
        name: 'In circulation',
        type: 'line',
        yAxisIndex: 1,
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { width: 2 },
        data: months.map((m) => m.inCirculation),
      },
    ],
  };
}

function StatesCard({
  type,
  kpis,
  definitions,
  filter,
  onPick,
}: {
  type: BoxType;
  kpis: PoolKpis;
  definitions: Record<string, KpiDefinition>;
  filter: BoxFilter;
  onPick: (state: BoxState) => void;
}) {
  const states = BOX_STATES.filter((s) => kpis.boxesByState[s] > 0);
  const max = Math.max(1, ...states.map((s) => kpis.boxesByState[s]));
  return (
    <Card
      title="Boxes by state"
      subtitle={`${plural(kpis.boxesCommissioned, 'box', 'boxes')} commissioned, at the end of the period. Select a state to list its boxes.`}
      testId="reusables-states"
    >
      <ul className="ru-states" title={defTitle(definitions.boxesByState)}>
        {states.map((s) => (
          <li key={s}>
            <button
              type="button"
              className={`ru-state${filter === s ? ' ru-state-on' : ''}`}
              onClick={() => onPick(s)}
              aria-pressed={filter === s}
              data-testid="state-bar"
              data-state={s}
              data-value={kpis.boxesByState[s]}
            >
              <span className="ru-state-name">
                <span className="dot" style={{ background: STATE_COLOR[s] }} />
                {STATE_LABEL[s]}
              </span>
              <span className="ru-state-value">{formatInt(kpis.boxesByState[s])}</span>
              <span className="bar-track" aria-hidden="true">
                <span
                  className="ru-state-fill"
                  style={{ width: `${(kpis.boxesByState[s] / max) * 100}%`, background: STATE_COLOR[s] }}
                />
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p className="muted small ru-states-note">
        Overdue: away over {type.overdueAfterDays} days · lost: away over {type.lostAfterDays} days or declared. States with no
        box are left out.
      </p>
    </Card>
  );
}

function BoxList({
  type,
  filter,
  onFilter,
  selected,
  onOpen,
}: {
  type: BoxType;
  filter: BoxFilter;
  onFilter: (f: BoxFilter) => void;
  selected?: string;
  onOpen: (epc: string) => void;
}) {
  const { api } = useSession();
  const [items, setItems] = useState<PoolBox[]>([]);
  const [total, setTotal] = useState<number | undefined>();
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<Problem | undefined>();

  const query = useMemo((): PoolBoxQuery => {
    if (filter === 'overdue') return { overdue: true };
    if (filter === 'all') return {};
    return { state: filter };
  }, [filter]);

  // A new filter starts the list again from its first page.
  useEffect(() => {
    let live = true;
    setLoading(true);
    setProblem(undefined);
    api.poolBoxes(type.id, { ...query, limit: BOX_PAGE_SIZE, offset: 0 }).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setTotal(page.total);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setItems([]);
        setTotal(undefined);
        setProblem(problemOf(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, type.id, query]);

  const loadMore = async () => {
    setLoading(true);
    try {
      const page = await api.poolBoxes(type.id, { ...query, limit: BOX_PAGE_SIZE, offset: items.length });
      setItems((prev) => [...prev, ...page.items]);
      setTotal(page.total);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setLoading(false);
    }
  };

  const what =
    filter === 'overdue'
      ? `overdue: away longer than ${type.overdueAfterDays} days and not yet counted lost (after ${type.lostAfterDays} days)`
      : filter === 'all'
        ? 'in the pool'
        : `in state “${STATE_LABEL[filter]}”`;
  const subtitle =
    total === undefined
      ? `Boxes ${what}, as they stand now.`
      : `${plural(total, 'box', 'boxes')} ${what}, as they stand now, in GRAI order. Select a box to see its trips and events.`;

  return (
    <Card
      title={filter === 'overdue' ? 'Overdue boxes' : 'Boxes'}
      subtitle={subtitle}
      testId="box-list"
      actions={
        <label className="field field-inline">
          <span className="field-label">Show</span>
          <select value={filter} onChange={(e) => onFilter(e.target.value as BoxFilter)} data-testid="box-filter">
            <option value="overdue">Overdue boxes</option>
            <option value="all">All boxes</option>
            {BOX_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {problem ? <ProblemAlert problem={problem} /> : null}
      <span hidden data-testid="box-total" data-value={total ?? ''} />
      <div className="table-wrap ru-box-wrap">
        <table className="table table-click" data-testid="box-table">
          <thead>
            <tr>
              <th>Box (GRAI)</th>
              <th>State</th>
              <th>Since</th>
              <th className="num">
                Away<span className="th-unit">days</span>
              </th>
              <th className="num">
                Trips<span className="th-unit">completed</span>
              </th>
              <th className="num">
                Shipments<span className="th-unit">started</span>
              </th>
              <th>Commissioned</th>
              <th>Last event</th>
            </tr>
          </thead>
          <tbody>
            {items.map((b) => {
              const away = b.state === 'in_transit' || b.state === 'at_customer';
              return (
                <tr
                  key={b.epc}
                  data-testid="box-row"
                  data-epc={b.epc}
                  data-state={b.state}
                  data-overdue={String(b.overdue)}
                  className={b.epc === selected ? 'row-selected' : undefined}
                  onClick={() => onOpen(b.epc)}
                >
                  <td>
                    <button
                      type="button"
                      className="link-button mono"
                      title={b.epc}
                      onClick={(e) => {
                        e.stopPropagation();
                        onOpen(b.epc);
                      }}
                      aria-pressed={b.epc === selected}
                      data-testid="box-open"
                    >
                      {graiText(b.epc)}
                    </button>
                  </td>
                  <td className="nowrap">
                    <StateBadge state={b.state} />
                    {b.overdue ? (
                      <span className="ru-overdue-badge">
                        <Badge tone="amber">Overdue</Badge>
                      </span>
                    ) : null}
                  </td>
                  <td className="nowrap small">{formatDateTime(b.stateSince)}</td>
                  <td className={`num${b.overdue ? ' ru-late' : ''}`} data-testid="box-away">
                    {away ? formatInt(daysSince(b.stateSince)) : '—'}
                  </td>
                  <td className="num" data-testid="box-trips" data-value={b.trips}>
                    {formatInt(b.trips)}
                  </td>
                  <td className="num">{formatInt(b.shipments)}</td>
                  <td className="nowrap small">{formatDate(b.commissionedAt.slice(0, 10))}</td>
                  <td className="nowrap small">{formatDateTime(b.lastEventAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!loading && items.length === 0 && !problem ? <Empty>No box {what}.</Empty> : null}
      </div>
      <div className="list-foot">
        {loading ? (
          <Loading label="Loading boxes…" />
        ) : total !== undefined && items.length < total ? (
          <button type="button" className="btn btn-ghost" onClick={loadMore} data-testid="load-more">
            Load {Math.min(BOX_PAGE_SIZE, total - items.length)} more ({formatInt(items.length)} of {formatInt(total)} shown)
          </button>
        ) : items.length ? (
          <span className="muted small">All {plural(items.length, 'box', 'boxes')} shown.</span>
        ) : null}
      </div>
    </Card>
  );
}

function StateBadge({ state }: { state: BoxState }) {
  const color = STATE_COLOR[state] ?? '#64748b';
  return (
    <span className="badge" style={{ color, background: `${color}14` }} data-testid="state-badge">
      <span className="dot" style={{ background: color }} />
      {STATE_LABEL[state] ?? state}
    </span>
  );
}

// ---------- One box ----------

function BoxDetail({ epc, tenantName, onClose }: { epc: string; tenantName: (id: string) => string; onClose: () => void }) {
  const { api } = useSession();
  const ref = useRef<HTMLDivElement>(null);
  const load = useCallback(() => api.reusableBox(epc), [api, epc]);
  const { data, error, loading } = useAsync(load);

  useEffect(() => {
    ref.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div ref={ref} className="detail-anchor">
      <Card
        title={
          <>
            Box <span className="mono">{graiText(data?.epc ?? epc)}</span>
            {data ? (
              <>
                {' '}
                <StateBadge state={data.state} />
                {data.overdue ? (
                  <>
                    {' '}
                    <Badge tone="amber">Overdue</Badge>
                  </>
                ) : null}
              </>
            ) : null}
          </>
        }
        subtitle={data ? `${data.boxType.name} · ${tenantName(data.boxType.tenantId)} · ${data.epc}` : epc}
        testId="box-detail"
        className="detail-card"
        actions={
          <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} data-testid="box-close">
            <Icon name="close" size={15} />
            Close
          </button>
        }
      >
        {error ? <ProblemAlert problem={error} /> : null}
        {loading && !data ? <Loading label="Loading the box…" /> : null}
        {data ? <BoxBody box={data} /> : null}
      </Card>
    </div>
  );
}

/** Days between two instants, or "—". */
const spanDays = (from: string | null, to: string | null): string =>
  from && to ? formatQty((Date.parse(to) - Date.parse(from)) / DAY_MS) : '—';

function BoxBody({ box: b }: { box: ReusableBoxDetail }) {
  const facts: [string, ReactNode, string?][] = [
    ['State', STATE_LABEL[b.state] ?? b.state, 'box-state'],
    ['Since', formatDateTime(b.stateSince)],
    ['Trips completed', formatInt(b.trips), 'box-trip-count'],
    ['Shipments', formatInt(b.shipments)],
    ['Commissioned', formatDate(b.commissionedAt.slice(0, 10))],
    ['Last event', formatDateTime(b.lastEventAt)],
  ];
  const trips = b.tripList.map((t, i) => ({ ...t, n: i + 1 })).reverse();
  const timeline = [...b.timeline].reverse();
  return (
    <div className="detail">
      <dl className="detail-facts">
        {facts.map(([k, v, testId]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd data-testid={testId}>{v}</dd>
          </div>
        ))}
      </dl>

      <section className="detail-section">
        <h3>Trips</h3>
        <p className="detail-sub">
          {plural(b.tripList.length, 'trip')}, newest first: shipped, received at the customer, returned, and available again
          after cleaning. Days are from shipment to return.
        </p>
        <div className="table-wrap table-wrap-flat ru-scroll">
          <table className="table" data-testid="trip-table">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Outcome</th>
                <th>Shipped</th>
                <th>Received</th>
                <th>Returned</th>
                <th>Available</th>
                <th className="num">
                  Away<span className="th-unit">days</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {trips.map((t) => (
                <tr key={t.n} data-testid="trip-row" data-outcome={t.outcome} data-shipped={t.shippedAt}>
                  <td className="num muted">{t.n}</td>
                  <td>
                    <Badge tone={OUTCOME_TONE[t.outcome]}>{OUTCOME_LABEL[t.outcome] ?? t.outcome}</Badge>
                  </td>
                  <td className="nowrap small">{formatDateTime(t.shippedAt)}</td>
                  <td className="nowrap small">{formatDateTime(t.receivedAt)}</td>
                  <td className="nowrap small">{formatDateTime(t.returnedAt)}</td>
                  <td className="nowrap small">{formatDateTime(t.availableAt)}</td>
                  <td className="num">{spanDays(t.shippedAt, t.returnedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {trips.length === 0 ? <Empty>The box has not been shipped yet.</Empty> : null}
        </div>
      </section>

      <section className="detail-section">
        <h3>State history</h3>
        <p className="detail-sub">
          {plural(b.timeline.length, 'change')} of state, newest first: from the events, and from the overdue and lost limits when
          a box stays away.
        </p>
        <ol className="ru-timeline" data-testid="box-timeline">
          {timeline.map((s, i) => (
            // A box may pass the same state twice at the same instant only in malformed data; the index settles it.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={`${s.since}-${i}`} data-testid="timeline-item" data-state={s.state}>
              <span className="dot" style={{ background: STATE_COLOR[s.state] ?? '#64748b' }} />
              <span className="ru-tl-state">{STATE_LABEL[s.state] ?? s.state}</span>
              <span className="muted small nowrap">{formatDateTime(s.since)}</span>
            </li>
          ))}
        </ol>
      </section>

      <section className="detail-section">
        <h3>EPCIS events</h3>
        <p className="detail-sub">
          {plural(b.events.length, 'event')} naming the box, newest first{b.events.length >= 200 ? ' (the newest 200)' : ''}, as
          the EPCIS repository holds them.
        </p>
        <div className="table-wrap table-wrap-flat ru-scroll ru-events">
          <table className="table" data-testid="event-table">
            <thead>
              <tr>
                <th>Event time</th>
                <th>Event</th>
                <th>Business step</th>
                <th>Disposition</th>
                <th>Read point</th>
                <th>Transaction</th>
              </tr>
            </thead>
            <tbody>
              {b.events.map((e, i) => (
                <EventRow
                  // Events without an id (none from this repository) fall back to their place in the list.
                  key={e.eventID ?? `${e.eventTime}-${i}`}
                  event={e}
                />
              ))}
            </tbody>
          </table>
          {b.events.length === 0 ? <Empty>No events.</Empty> : null}
        </div>
      </section>
    </div>
  );
}

function EventRow({ event: e }: { event: EpcisEvent }) {
  const kind = `${e.type.replace(/Event$/, '')}${e.action ? ` · ${e.action}` : ''}`;
  const pd = [
    ...(e.persistentDisposition?.set ?? []).map((s) => `+${term(s)}`),
    ...(e.persistentDisposition?.unset ?? []).map((s) => `−${term(s)}`),
  ];
  return (
    <tr data-testid="event-row" data-event={e.eventID}>
      <td className="nowrap small">{formatDateTime(e.eventTime)}</td>
      <td className="nowrap">{kind}</td>
      <td className="nowrap">{term(e.bizStep)}</td>
      <td className="nowrap">
        {term(e.disposition)}
        {pd.length ? <span className="pk-sub muted">{pd.join(' ')}</span> : null}
        {e.errorDeclaration ? <Badge tone="red">Error declared</Badge> : null}
      </td>
      <td className="mono small nowrap">{e.readPoint?.id ?? '—'}</td>
      <td className="mono small ru-tx">
        {e.bizTransactionList?.map((t) => t.bizTransaction.split(':').pop()).join(', ') || '—'}
      </td>
    </tr>
  );
}
