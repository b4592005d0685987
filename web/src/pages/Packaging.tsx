import { type ReactNode, useCallback, useEffect, useState } from 'react';
import {
  type BoxRangeResult,
  type PackBox,
  type PackResult,
  type Problem,
  problemOf,
  type StoredOrder,
  type Tenant,
} from '../api.js';
import { Icon, type IconName } from '../components/Icon.js';
import { Card, Empty, Loading, PageHeader, ProblemAlert } from '../components/ui.js';
import { formatInt, formatQty, formatShare, plural } from '../format.js';
import { useAsync } from '../hooks.js';
import { useSession } from '../session.js';

/** Orders offered in the "Pack an order" picker. */
export const RECENT_ORDERS = 25;
/** The tenant an admin key sees first. */
export const DEFAULT_TENANT = 'ten_merchant_teashop';
const RANGE_SIZES = [3, 4, 5, 6, 7, 8] as const;

const dims = (l: number, w: number, h: number): string => `${formatInt(l)} × ${formatInt(w)} × ${formatInt(h)}`;
const svgSrc = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

export default function PackagingPage() {
  const { api, me } = useSession();
  const unbound = me.tenantId === null;
  const [tenantId, setTenantId] = useState<string | undefined>(unbound ? DEFAULT_TENANT : undefined);

  const loadTenants = useCallback(async (): Promise<Tenant[]> => {
    if (!unbound) return [];
    const all = await api.tenants().catch(() => []);
    return all.filter((t) => t.kind === 'merchant' || t.kind === 'brand');
  }, [api, unbound]);
  const tenants = useAsync(loadTenants);

  return (
    <div className="page">
      <PageHeader
        title="Packaging"
        lede="Right-sized boxes for each order, orders to the same address merged into one parcel, and a box range designed from the order history."
        actions={
          unbound ? (
            <label className="field field-inline">
              <span className="field-label">Tenant</span>
              <select value={tenantId ?? ''} onChange={(e) => setTenantId(e.target.value)} data-testid="packaging-tenant">
                {(tenants.data ?? []).length === 0 ? <option value={DEFAULT_TENANT}>{DEFAULT_TENANT}</option> : null}
                {(tenants.data ?? []).map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null
        }
      />
      {/* Everything below depends on the tenant: a new one starts the page again. */}
      <TenantPackaging key={tenantId ?? 'own'} tenantId={tenantId} />
    </div>
  );
}

function TenantPackaging({ tenantId }: { tenantId?: string }) {
  return (
    <>
      <ConsolidationCard tenantId={tenantId} />
      <div className="grid-main-side pk-grid">
        <PackOrderCard tenantId={tenantId} />
        <CatalogCard tenantId={tenantId} />
      </div>
      <BoxRangeCard tenantId={tenantId} />
    </>
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

// ---------- Consolidation ----------

function ConsolidationCard({ tenantId }: { tenantId?: string }) {
  const { api } = useSession();
  const load = useCallback(() => api.consolidationReport(tenantId), [api, tenantId]);
  const { data: r, error } = useAsync(load);
  const merged = (r?.groups ?? []).filter((g) => g.orderIds.length > 1);
  return (
    <Card
      title="Consolidation savings"
      subtitle={
        r
          ? `${plural(r.orderCount, 'stored order')}: orders to the same recipient and address shipped together, against one parcel per order`
          : 'Orders to the same recipient and address shipped together, against one parcel per order'
      }
      testId="consolidation"
    >
      {error ? <ProblemAlert problem={error} /> : null}
      {!r && !error ? <Loading label="Grouping orders…" /> : null}
      {r ? (
        <div className="pk-consolidation">
          <div className="kpis kpis-fp" data-testid="consolidation-kpis">
            <Kpi
              id="parcels-avoided"
              icon="packaging"
              label="Parcels avoided"
              value={formatInt(r.avoided.parcels)}
              raw={r.avoided.parcels}
            >
              {formatInt(r.baseline.parcels)} → {formatInt(r.consolidated.parcels)} parcels
            </Kpi>
            <Kpi
              id="board-avoided"
              icon="recycling"
              label="Board avoided"
              value={formatQty(r.avoided.boardKg)}
              unit="kg"
              raw={r.avoided.boardKg}
            >
              {formatQty(r.baseline.boardKg)} → {formatQty(r.consolidated.boardKg)} kg board
            </Kpi>
            <Kpi
              id="co2e-avoided"
              icon="footprint"
              label="Emissions avoided"
              value={formatQty(r.avoided.co2eKg)}
              unit="kg CO2e"
              raw={r.avoided.co2eKg}
            >
              {formatQty(r.baseline.co2eKg)} → {formatQty(r.consolidated.co2eKg)} kg CO2e
            </Kpi>
            <Kpi
              id="labels-avoided"
              icon="waybills"
              label="Labels avoided"
              value={formatInt(r.avoided.labels)}
              raw={r.avoided.labels}
            >
              one shipping label per parcel
            </Kpi>
          </div>
          <div className="pk-groups">
            <p className="split-caption">
              Merged groups <span className="muted">({formatInt(merged.length)})</span>
            </p>
            {merged.length ? (
              <div className="table-wrap table-wrap-flat pk-groups-table">
                <table className="table" data-testid="group-table">
                  <thead>
                    <tr>
                      <th>Group</th>
                      <th>Orders</th>
                      <th className="num">Parcels</th>
                      <th className="num">
                        Alone<span className="th-unit">parcels</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {merged.map((g) => (
                      <tr key={g.id} data-testid="group-row" data-id={g.id}>
                        <td className="mono">{g.id}</td>
                        <td className="mono small">{g.orderIds.join(', ')}</td>
                        <td className="num" data-testid="group-parcels">
                          {formatInt(g.parcelCount)}
                        </td>
                        <td className="num muted">{formatInt(g.baseline.parcels)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <Empty>No orders share a recipient and address in the hold window.</Empty>
            )}
          </div>
        </div>
      ) : null}
    </Card>
  );
}

// ---------- Pack an order ----------

function PackOrderCard({ tenantId }: { tenantId?: string }) {
  const { api } = useSession();
  const load = useCallback(() => api.orders({ tenantId, limit: RECENT_ORDERS }), [api, tenantId]);
  const orders = useAsync(load);
  const [orderId, setOrderId] = useState<string>('');
  const [result, setResult] = useState<PackResult | undefined>();
  const [packing, setPacking] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  const list = orders.data?.items ?? [];
  useEffect(() => {
    if (!orderId && list[0]) setOrderId(list[0].id);
  }, [orderId, list]);
  const order: StoredOrder | undefined = list.find((o) => o.id === orderId);

  const pack = async () => {
    if (!order) return;
    setPacking(true);
    setProblem(undefined);
    try {
      setResult(await api.pack(order.items, tenantId));
    } catch (err) {
      setResult(undefined);
      setProblem(problemOf(err));
    } finally {
      setPacking(false);
    }
  };

  return (
    <Card
      title="Pack an order"
      subtitle="The smallest fitting boxes for a recent order, with a checked 3D packing"
      testId="pack-order"
    >
      {orders.error ? <ProblemAlert problem={orders.error} /> : null}
      {orders.loading && !orders.data ? <Loading label="Loading orders…" /> : null}
      {orders.data ? (
        list.length ? (
          <>
            <div className="pk-pick">
              <label className="field field-inline">
                <span className="field-label">Order</span>
                <select
                  value={orderId}
                  onChange={(e) => {
                    setOrderId(e.target.value);
                    setResult(undefined);
                  }}
                  data-testid="order-select"
                >
                  {list.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.orderId} ·{' '}
                      {plural(
                        o.items.reduce((n, i) => n + (i.quantity ?? 1), 0),
                        'unit',
                      )}{' '}
                      · ship by {o.shipBy.slice(0, 10)}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="btn btn-primary"
                onClick={pack}
                disabled={!order || packing}
                data-testid="pack-run"
              >
                <Icon name="packaging" size={16} />
                Pack
              </button>
            </div>
            {order ? (
              <p className="muted small pk-items" data-testid="order-items">
                {order.items
                  .map(
                    (i) =>
                      `${i.quantity ?? 1} × ${i.id} (${dims(i.lengthMm, i.widthMm, i.heightMm)} mm, ${formatInt(i.weightG)} g)`,
                  )
                  .join(' · ')}
              </p>
            ) : null}
          </>
        ) : (
          <Empty>No stored orders.</Empty>
        )
      ) : null}
      {problem ? <ProblemAlert problem={problem} /> : null}
      {packing ? <Loading label="Packing…" /> : null}
      {result && !packing ? <PackResultView result={result} /> : null}
    </Card>
  );
}

function PackResultView({ result }: { result: PackResult }) {
  const { totals } = result;
  return (
    <div className="pk-result" data-testid="pack-result" data-parcels={totals.parcels}>
      <p className="pk-totals">
        <strong data-testid="pack-parcel-count">{plural(totals.parcels, 'parcel')}</strong>
        <span className="kpi-sep">·</span>
        {formatQty(totals.boardKg * 1000)} g board
        <span className="kpi-sep">·</span>
        {formatQty(totals.co2eKg)} kg CO2e
      </p>
      {result.unpacked.length ? (
        <div className="alert alert-info" data-testid="pack-unpacked">
          <Icon name="info" className="alert-icon" />
          <div>
            {result.unpacked.map((u) => (
              <p key={u.itemId}>
                {u.quantity} × <code>{u.itemId}</code> not packed: {u.reason}
              </p>
            ))}
          </div>
        </div>
      ) : null}
      <div className="pk-parcels">
        {result.parcels.map((p, i) => (
          // Parcels have no id of their own; their order is the packer's.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <figure key={i} className="pk-parcel" data-testid="parcel" data-box={p.boxId ?? ''}>
            {p.svg ? (
              <img className="pk-svg" src={svgSrc(p.svg)} alt={`Isometric view of parcel ${i + 1}`} data-testid="parcel-svg" />
            ) : (
              <div className="pk-svg pk-nosvg muted">Own container</div>
            )}
            <figcaption>
              <span className="pk-box mono">{p.boxId ?? 'own container'}</span>
              <dl className="pk-facts">
                <div>
                  <dt>Utilisation</dt>
                  <dd data-testid="parcel-utilisation">{formatShare(p.volumeUtilisation)}</dd>
                </div>
                <div>
                  <dt>Board</dt>
                  <dd>{formatQty(p.boardKg * 1000)} g</dd>
                </div>
                <div>
                  <dt>Emissions</dt>
                  <dd>{formatQty(p.co2eKg)} kg CO2e</dd>
                </div>
                <div>
                  <dt>Dim weight</dt>
                  <dd>{formatQty(p.dimWeightKg)} kg</dd>
                </div>
              </dl>
            </figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}

// ---------- Catalog ----------

function CatalogCard({ tenantId }: { tenantId?: string }) {
  const { api } = useSession();
  const load = useCallback(() => api.boxes(tenantId), [api, tenantId]);
  const { data, error } = useAsync(load);
  return (
    <Card title="Box catalog" subtitle="Boxes the packer chooses from; dimensions in mm" testId="box-catalog">
      {error ? <ProblemAlert problem={error} /> : null}
      {!data && !error ? <Loading label="Loading boxes…" /> : null}
      {data ? (
        data.length ? (
          <div className="table-wrap table-wrap-flat">
            <table className="table" data-testid="box-table">
              <thead>
                <tr>
                  <th>Box</th>
                  <th className="num">
                    Inner<span className="th-unit">mm</span>
                  </th>
                  <th className="num">
                    Empty<span className="th-unit">g</span>
                  </th>
                  <th className="num">
                    Max<span className="th-unit">kg</span>
                  </th>
                  <th className="num">Cost</th>
                </tr>
              </thead>
              <tbody>
                {data.map((b: PackBox) => (
                  <tr key={b.id} data-testid="box-row" data-id={b.id}>
                    <td className="nowrap">
                      <span className="mono strong-ish">{b.id}</span>
                      <span className="pk-sub muted">
                        {b.material ?? 'box'}
                        {b.boardGsm ? ` · ${formatInt(b.boardGsm)} g/m²` : ''}
                      </span>
                    </td>
                    <td className="num nowrap" title={`outer ${dims(b.outerLengthMm, b.outerWidthMm, b.outerHeightMm)} mm`}>
                      {dims(b.innerLengthMm, b.innerWidthMm, b.innerHeightMm)}
                    </td>
                    <td className="num">{formatInt(b.emptyWeightG)}</td>
                    <td className="num">{formatQty(b.maxWeightG / 1000)}</td>
                    <td className="num">{b.cost === undefined ? '—' : formatQty(b.cost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>No boxes in the catalog.</Empty>
        )
      ) : null}
    </Card>
  );
}

// ---------- Box range ----------

function BoxRangeCard({ tenantId }: { tenantId?: string }) {
  const { api } = useSession();
  const [k, setK] = useState<number>(5);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<{ k: number; range: BoxRangeResult } | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();

  const run = async () => {
    setRunning(true);
    setProblem(undefined);
    try {
      setResult({ k, range: await api.boxRange(k, tenantId) });
    } catch (err) {
      setResult(undefined);
      setProblem(problemOf(err));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Card
      title="Box range design"
      subtitle="K box sizes chosen from China Post sizes and a size grid to use the least board over the order history"
      testId="box-range"
      actions={
        <div className="pk-pick">
          <label className="field field-inline">
            <span className="field-label">Sizes</span>
            <select value={k} onChange={(e) => setK(Number(e.target.value))} data-testid="range-k" disabled={running}>
              {RANGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  K = {n}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-primary" onClick={run} disabled={running} data-testid="range-run">
            Design a box range
          </button>
        </div>
      }
    >
      {problem ? <ProblemAlert problem={problem} /> : null}
      {running ? <Loading label="Designing the box range… this can take a few seconds" /> : null}
      {!running && !result && !problem ? (
        <Empty>Choose how many sizes to stock and design a range from this tenant's orders.</Empty>
      ) : null}
      {result && !running ? <BoxRangeView k={result.k} range={result.range} /> : null}
    </Card>
  );
}

function BoxRangeView({ k, range: r }: { k: number; range: BoxRangeResult }) {
  const saving = r.savingBoardKg ?? 0;
  const usage = r.totals.usage;
  const parcels = Math.max(1, r.totals.parcels);
  return (
    <div className="pk-range" data-testid="range-result" data-k={k}>
      <div className="kpis kpis-fp">
        <Kpi id="range-saving" icon="recycling" label="Board saved vs current" value={formatQty(saving)} unit="kg" raw={saving}>
          {r.savingBoardShare === undefined
            ? ''
            : r.savingBoardShare >= 0
              ? `${formatShare(r.savingBoardShare)} less than the current boxes`
              : `${formatShare(-r.savingBoardShare)} more than the current boxes`}
        </Kpi>
        <Kpi
          id="range-co2e"
          icon="footprint"
          label="Emissions saved"
          value={formatQty(r.savingCo2eKg ?? 0)}
          unit="kg CO2e"
          raw={r.savingCo2eKg ?? 0}
        />
        <Kpi
          id="range-board"
          icon="packaging"
          label="Board with the range"
          value={formatQty(r.totals.boardKg)}
          unit="kg"
          raw={r.totals.boardKg}
        >
          current {r.current ? formatQty(r.current.boardKg) : '—'} kg
        </Kpi>
        <Kpi id="range-parcels" icon="waybills" label="Orders packed" value={formatInt(r.totals.orders)} raw={r.totals.orders}>
          {plural(r.totals.parcels, 'parcel')}
          {r.totals.unpackedOrders ? `, ${formatInt(r.totals.unpackedOrders)} not packable` : ''}
        </Kpi>
      </div>
      <div className="table-wrap table-wrap-flat">
        <table className="table" data-testid="range-table">
          <thead>
            <tr>
              <th>Box</th>
              <th className="num">
                Inner<span className="th-unit">mm</span>
              </th>
              <th className="num">
                Outer<span className="th-unit">mm</span>
              </th>
              <th className="num">
                Parcels<span className="th-unit">in history</span>
              </th>
              <th>Usage</th>
            </tr>
          </thead>
          <tbody>
            {r.boxes.map((b) => {
              const n = usage[b.id] ?? 0;
              return (
                <tr key={b.id} data-testid="range-row" data-id={b.id} data-usage={n}>
                  <td className="mono strong-ish">{b.id}</td>
                  <td className="num nowrap">{dims(b.innerLengthMm, b.innerWidthMm, b.innerHeightMm)}</td>
                  <td className="num nowrap">{dims(b.outerLengthMm, b.outerWidthMm, b.outerHeightMm)}</td>
                  <td className="num">{formatInt(n)}</td>
                  <td className="pk-usage">
                    <span className="bar-track" aria-hidden="true">
                      <span className="bar-fill" style={{ width: `${(n / parcels) * 100}%` }} />
                    </span>
                    <span className="muted small">{formatShare(n / parcels)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
