import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import {
  type FootprintQuery,
  type FootprintSummary,
  type Problem,
  problemOf,
  type StoredFootprint,
  type Tenant,
} from '../api.js';
import { Chart } from '../components/Chart.js';
import { Icon, type IconName } from '../components/Icon.js';
import { ShipmentDetail } from '../components/ShipmentDetail.js';
import { Card, Empty, Loading, PageHeader, ProblemAlert } from '../components/ui.js';
import { BOUNDARY_COLOR, formatDate, formatInt, formatMonth, formatQty, formatShare, gPerTkm, plural } from '../format.js';
import { useAsync } from '../hooks.js';
import { useSession } from '../session.js';

/** Rows fetched per page of the shipments table. */
export const SHIPMENT_PAGE_SIZE = 25;

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The shipment opened in the detail panel is kept in the hash (`#/footprint?shipment=shp_…`), so it can be shared. */
function shipmentInHash(): string | undefined {
  const query = window.location.hash.split('?')[1];
  return query ? (new URLSearchParams(query).get('shipment') ?? undefined) : undefined;
}

function setShipmentInHash(id: string | undefined): void {
  const hash = id ? `#/footprint?shipment=${encodeURIComponent(id)}` : '#/footprint';
  // replaceState changes the address without a hashchange, so the page is not re-mounted.
  window.history.replaceState(null, '', hash);
}

export default function FootprintPage() {
  const { api, me, tenant } = useSession();
  const unbound = me.tenantId === null;
  const [filters, setFilters] = useState<FootprintQuery>({});
  const [selected, setSelected] = useState<string | undefined>(shipmentInHash);

  const loadTenants = useCallback(async (): Promise<Tenant[]> => {
    if (!unbound) return tenant ? [tenant] : [];
    // Names are a nicety: a key that cannot list tenants still sees the figures.
    return api.tenants().catch(() => []);
  }, [api, unbound, tenant]);
  const tenants = useAsync(loadTenants);
  const tenantNames = useMemo(() => new Map((tenants.data ?? []).map((t) => [t.id, t.name])), [tenants.data]);
  const tenantName = useCallback((id: string): string => tenantNames.get(id) ?? id, [tenantNames]);

  const loadSummary = useCallback(() => api.footprintSummary(filters), [api, filters]);
  const summary = useAsync(loadSummary);

  const select = (id: string | undefined) => {
    setSelected(id);
    setShipmentInHash(id);
  };

  const lede = unbound
    ? 'Greenhouse-gas emissions of every stored shipment, computed per ISO 14083 from its transport chain, well-to-wheel.'
    : 'Greenhouse-gas emissions of your shipments, computed per ISO 14083 from their transport chains, well-to-wheel.';

  return (
    <div className="page">
      <PageHeader title="Footprint" lede={lede} />
      <FilterBar filters={filters} onChange={setFilters} tenants={unbound ? (tenants.data ?? []) : undefined} />
      {summary.error ? <ProblemAlert problem={summary.error} /> : null}
      {summary.loading && !summary.data ? <Loading label="Loading footprints…" /> : null}
      {summary.data ? (
        <>
          <Kpis summary={summary.data} />
          <div className="grid-main-side">
            <Card
              title="Monthly emissions"
              subtitle="kg CO2e well-to-wheel (WTW), split into tank-to-wheel (TTW) and well-to-tank (WTT), with the intensity"
            >
              {summary.data.byMonth.length ? (
                <Chart
                  option={monthlyOption(summary.data)}
                  height={340}
                  label="Stacked bar chart of monthly emissions, tank-to-wheel and well-to-tank, in kg CO2e"
                  testId="chart-footprint-monthly"
                />
              ) : (
                <Empty>No shipments in this period.</Empty>
              )}
            </Card>
            {unbound ? (
              <ByTenantCard filters={filters} tenants={tenants.data ?? []} />
            ) : (
              <PerShipmentCard summary={summary.data} />
            )}
          </div>
        </>
      ) : null}
      <ShipmentsTable
        filters={filters}
        total={summary.data?.shipments}
        showTenant={unbound}
        tenantName={tenantName}
        selected={selected}
        onSelect={select}
      />
      {selected ? (
        <ShipmentDetail key={selected} id={selected} tenantName={tenantName} onClose={() => select(undefined)} />
      ) : null}
    </div>
  );
}

// ---------- Filters ----------

function FilterBar({
  filters,
  onChange,
  tenants,
}: {
  filters: FootprintQuery;
  onChange: (f: FootprintQuery) => void;
  tenants?: Tenant[];
}) {
  const set = (patch: FootprintQuery) => onChange({ ...filters, ...patch });
  const active = Boolean(filters.from || filters.to || filters.tenantId);
  return (
    <div className="toolbar card" data-testid="footprint-filters">
      <label className="field field-inline">
        <span className="field-label">Shipped from</span>
        <input
          type="date"
          className="input-date"
          value={filters.from ?? ''}
          max={filters.to || undefined}
          onChange={(e) => set({ from: e.target.value || undefined })}
          data-testid="filter-from"
        />
      </label>
      <label className="field field-inline">
        <span className="field-label">to</span>
        <input
          type="date"
          className="input-date"
          value={filters.to ?? ''}
          min={filters.from || undefined}
          onChange={(e) => set({ to: e.target.value || undefined })}
          data-testid="filter-to"
        />
      </label>
      {tenants ? (
        <label className="field field-inline">
          <span className="field-label">Tenant</span>
          <select
            value={filters.tenantId ?? ''}
            onChange={(e) => set({ tenantId: e.target.value || undefined })}
            data-testid="filter-tenant"
          >
            <option value="">All tenants</option>
            {tenants.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="button" className="btn btn-ghost" onClick={() => onChange({})} disabled={!active}>
        Clear filters
      </button>
    </div>
  );
}

// ---------- KPIs ----------

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
  raw: number;
  children?: ReactNode;
}) {
  return (
    <div className="kpi kpi-fp" data-testid={`kpi-${id}`} data-value={raw}>
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

function Kpis({ summary: s }: { summary: FootprintSummary }) {
  return (
    <div className="kpis kpis-fp" data-testid="footprint-kpis">
      <Kpi id="shipments" icon="packaging" label="Shipments" value={formatInt(s.shipments)} raw={s.shipments}>
        {formatQty(s.massKg)} kg shipped
      </Kpi>
      <Kpi
        id="tkm"
        icon="transport"
        label="Transport activity"
        value={formatQty(s.transportActivityTkm)}
        unit="t.km"
        raw={s.transportActivityTkm}
      >
        mass × distance
      </Kpi>
      <Kpi id="wtw" icon="footprint" label="Emissions (WTW)" value={formatQty(s.co2eWtwKg)} unit="kg CO2e" raw={s.co2eWtwKg}>
        <span data-testid="kpi-ttw" data-value={s.co2eTtwKg}>
          TTW <strong data-testid="kpi-ttw-value">{formatQty(s.co2eTtwKg)}</strong>
        </span>
        <span className="kpi-sep">·</span>
        <span data-testid="kpi-wtt" data-value={s.co2eWttKg}>
          WTT <strong data-testid="kpi-wtt-value">{formatQty(s.co2eWttKg)}</strong>
        </span>
      </Kpi>
      <Kpi
        id="intensity"
        icon="targets"
        label="Emission intensity"
        value={formatQty(gPerTkm(s.co2eIntensityWtwKgPerTkm))}
        unit="g CO2e/t.km"
        raw={s.co2eIntensityWtwKgPerTkm}
      >
        WTW per tonne-kilometre
      </Kpi>
      <Kpi id="primary" icon="check" label="Primary data share" value={formatShare(s.primaryDataShare)} raw={s.primaryDataShare}>
        of t.km, measured data
      </Kpi>
    </div>
  );
}

// ---------- Chart ----------

function monthlyOption(s: FootprintSummary) {
  const months = s.byMonth;
  const axisLabel = { color: '#64748b' };
  const split = { lineStyle: { color: '#eef2f0' } };
  return {
    color: [BOUNDARY_COLOR.ttw, BOUNDARY_COLOR.wtt, BOUNDARY_COLOR.intensity],
    legend: { top: 0, left: 'center', itemWidth: 12, itemHeight: 10, textStyle: { color: '#334155' } },
    grid: { left: 8, right: 8, top: 40, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const m = months[params[0]?.dataIndex ?? 0];
        if (!m) return '';
        const row = (label: string, value: string, color?: string) =>
          `<div style="display:flex;justify-content:space-between;gap:18px">${
            color
              ? `<span><span style="display:inline-block;width:8px;height:8px;border-radius:2px;background:${color};margin-right:6px"></span>${label}</span>`
              : `<span>${label}</span>`
          }<strong>${value}</strong></div>`;
        return [
          `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(formatMonth(m.month))}</div>`,
          row('WTW', `${formatQty(m.co2eWtwKg)} kg CO2e`),
          row('TTW', `${formatQty(m.co2eTtwKg)} kg CO2e`, BOUNDARY_COLOR.ttw),
          row('WTT', `${formatQty(m.co2eWttKg)} kg CO2e`, BOUNDARY_COLOR.wtt),
          row('Intensity', `${formatQty(gPerTkm(m.co2eIntensityWtwKgPerTkm))} g CO2e/t.km`, BOUNDARY_COLOR.intensity),
          row('Shipments', formatInt(m.shipments)),
          row('Activity', `${formatQty(m.transportActivityTkm)} t.km`),
        ].join('');
      },
    },
    xAxis: {
      type: 'category',
      data: months.map((m) => formatMonth(m.month).replace(' ', '\n')),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#cbd5d1' } },
      axisLabel: { color: '#475569', fontSize: 11, interval: 0, lineHeight: 14 },
    },
    yAxis: [
      {
        type: 'value',
        name: 'kg CO2e',
        nameTextStyle: { color: '#64748b', align: 'left' },
        splitLine: split,
        axisLabel,
      },
      {
        type: 'value',
        name: 'g CO2e/t.km',
        nameTextStyle: { color: '#64748b', align: 'right' },
        min: 0,
        splitLine: { show: false },
        axisLabel,
      },
    ],
    series: [
      {
        name: 'TTW (tank-to-wheel)',
        type: 'bar',
        stack: 'wtw',
        barMaxWidth: 38,
        data: months.map((m) => m.co2eTtwKg),
      },
      {
        name: 'WTT (well-to-tank)',
        type: 'bar',
        stack: 'wtw',
        barMaxWidth: 38,
        itemStyle: { borderRadius: [4, 4, 0, 0] },
        data: months.map((m) => m.co2eWttKg),
      },
      {
        name: 'Intensity (g CO2e/t.km)',
        type: 'line',
        yAxisIndex: 1,
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { width: 2 },
        data: months.map((m) => Math.round(gPerTkm(m.co2eIntensityWtwKgPerTkm) * 10) / 10),
      },
    ],
  };
}

// ---------- Side cards ----------

function ByTenantCard({ filters, tenants }: { filters: FootprintQuery; tenants: Tenant[] }) {
  const { api } = useSession();
  const load = useCallback(async () => {
    const all = await Promise.all(
      tenants.map(async (t) => ({
        tenant: t,
        summary: await api.footprintSummary({ from: filters.from, to: filters.to, tenantId: t.id }),
      })),
    );
    return all.filter((r) => r.summary.shipments > 0).sort((a, b) => b.summary.co2eWtwKg - a.summary.co2eWtwKg);
  }, [api, tenants, filters.from, filters.to]);
  const { data, error } = useAsync(load);
  const max = Math.max(1e-9, ...(data ?? []).map((r) => r.summary.co2eWtwKg));
  return (
    <Card
      title="Emissions by tenant"
      subtitle="kg CO2e WTW of each merchant's and brand's shipments"
      testId="footprint-by-tenant"
    >
      {error ? <ProblemAlert problem={error} /> : null}
      {!data && !error ? <Loading label="Loading tenants…" /> : null}
      {data ? (
        <ul className="tenant-bars">
          {data.map(({ tenant, summary: s }) => (
            <li
              key={tenant.id}
              className={filters.tenantId === tenant.id ? 'selected' : undefined}
              data-testid="tenant-footprint"
              data-tenant={tenant.id}
            >
              <span className="tb-name" title={tenant.id}>
                {tenant.name}
              </span>
              <span className="tb-value">
                {formatQty(s.co2eWtwKg)} <span className="muted">kg CO2e</span>
              </span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${(s.co2eWtwKg / max) * 100}%` }} />
              </span>
              <span className="tb-note">
                {plural(s.shipments, 'shipment')} · {formatQty(s.transportActivityTkm)} t.km ·{' '}
                {formatQty(gPerTkm(s.co2eIntensityWtwKgPerTkm))} g CO2e/t.km
              </span>
            </li>
          ))}
          {data.length === 0 ? <li className="muted">No shipments in this period.</li> : null}
        </ul>
      ) : null}
    </Card>
  );
}

function PerShipmentCard({ summary: s }: { summary: FootprintSummary }) {
  const n = Math.max(1, s.shipments);
  const ttwShare = s.co2eWtwKg > 0 ? s.co2eTtwKg / s.co2eWtwKg : 0;
  const rows: [string, string][] = [
    ['Emissions', `${formatQty(s.co2eWtwKg / n)} kg CO2e`],
    ['Mass', `${formatQty(s.massKg / n)} kg`],
    ['Transport activity', `${formatQty(s.transportActivityTkm / n)} t.km`],
    ['Emissions per kg shipped', s.massKg > 0 ? `${formatQty((s.co2eWtwKg / s.massKg) * 1000)} g CO2e` : '—'],
  ];
  return (
    <Card title="Average shipment" subtitle="Totals of the period divided by the number of shipments" testId="footprint-average">
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p className="split-caption">Boundary split of the emissions</p>
      <div className="split-bar" role="img" aria-label={`TTW ${formatShare(ttwShare)}, WTT ${formatShare(1 - ttwShare)}`}>
        <span style={{ width: `${ttwShare * 100}%`, background: BOUNDARY_COLOR.ttw }} />
        <span style={{ width: `${(1 - ttwShare) * 100}%`, background: BOUNDARY_COLOR.wtt }} />
      </div>
      <div className="split-legend">
        <span>
          <i style={{ background: BOUNDARY_COLOR.ttw }} /> TTW {formatShare(ttwShare)}
        </span>
        <span>
          <i style={{ background: BOUNDARY_COLOR.wtt }} /> WTT {formatShare(s.co2eWtwKg > 0 ? 1 - ttwShare : 0)}
        </span>
      </div>
    </Card>
  );
}

// ---------- Shipments table ----------

function ShipmentsTable({
  filters,
  total,
  showTenant,
  tenantName,
  selected,
  onSelect,
}: {
  filters: FootprintQuery;
  total?: number;
  showTenant: boolean;
  tenantName: (id: string) => string;
  selected?: string;
  onSelect: (id: string) => void;
}) {
  const { api } = useSession();
  const [items, setItems] = useState<StoredFootprint[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<Problem | undefined>();

  // A new filter starts the list again from its first page.
  useEffect(() => {
    let live = true;
    setLoading(true);
    setProblem(undefined);
    api.shipments({ ...filters, limit: SHIPMENT_PAGE_SIZE }).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setItems([]);
        setCursor(null);
        setProblem(problemOf(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, filters]);

  const loadMore = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await api.shipments({ ...filters, limit: SHIPMENT_PAGE_SIZE, cursor });
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setLoading(false);
    }
  };

  const subtitle =
    total === undefined
      ? 'Stored shipment footprints'
      : `Showing ${formatInt(items.length)} of ${plural(total, 'shipment')}. Select a shipment to see its transport chain and calculation.`;

  return (
    <Card title="Shipments" subtitle={subtitle} testId="shipment-list">
      {problem ? <ProblemAlert problem={problem} /> : null}
      <div className="table-wrap table-wrap-tall">
        <table className="table table-click" data-testid="shipment-table">
          <thead>
            <tr>
              <th>Shipment</th>
              {showTenant ? <th>Tenant</th> : null}
              <th>Shipped on</th>
              <th className="num">
                Mass<span className="th-unit">kg</span>
              </th>
              <th className="num">
                Chain<span className="th-unit">elements</span>
              </th>
              <th className="num">
                Activity<span className="th-unit">t.km</span>
              </th>
              <th className="num">
                Emissions WTW<span className="th-unit">kg CO2e</span>
              </th>
              <th className="num">
                Intensity<span className="th-unit">g CO2e/t.km</span>
              </th>
              <th className="num">
                Primary data<span className="th-unit">of t.km</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr
                key={s.id}
                data-testid="shipment-row"
                data-id={s.id}
                data-tenant={s.tenantId}
                className={s.id === selected ? 'row-selected' : undefined}
                onClick={() => onSelect(s.id)}
              >
                <td className="strong">
                  <button
                    type="button"
                    className="link-button"
                    onClick={(e) => {
                      e.stopPropagation();
                      onSelect(s.id);
                    }}
                    aria-pressed={s.id === selected}
                    data-testid="shipment-open"
                  >
                    {s.shipmentId}
                  </button>
                </td>
                {showTenant ? (
                  <td className="muted cell-tenant" title={`${tenantName(s.tenantId)} (${s.tenantId})`}>
                    {tenantName(s.tenantId)}
                  </td>
                ) : null}
                <td className="nowrap">{formatDate(s.shippedOn)}</td>
                <td className="num">{formatQty(s.massKg)}</td>
                <td className="num">{formatInt(s.elementCount)}</td>
                <td className="num">{formatQty(s.transportActivityTkm)}</td>
                <td className="num strong" data-testid="shipment-wtw" data-value={s.co2eWtwKg}>
                  {formatQty(s.co2eWtwKg)}
                </td>
                <td className="num">
                  {formatQty(s.transportActivityTkm > 0 ? gPerTkm(s.co2eWtwKg / s.transportActivityTkm) : Number.NaN)}
                </td>
                <td className="num">{formatShare(s.primaryDataShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && items.length === 0 && !problem ? <Empty>No shipment footprints in this period.</Empty> : null}
      </div>
      <div className="list-foot">
        {loading ? (
          <Loading label="Loading shipments…" />
        ) : cursor ? (
          <button type="button" className="btn btn-ghost" onClick={loadMore} data-testid="load-more">
            Load {SHIPMENT_PAGE_SIZE} more
          </button>
        ) : items.length ? (
          <span className="muted small">All {plural(items.length, 'shipment')} shown.</span>
        ) : null}
      </div>
    </Card>
  );
}
