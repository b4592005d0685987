import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import {
  LABEL_SIZES,
  type LabelDpi,
  type LabelFormat,
  type LabelSize,
  type MaskedParty,
  type Problem,
  problemOf,
  type Tenant,
  type Waybill,
  type WaybillCarrier,
  type WaybillQuery,
  type WaybillStatus,
  type WaybillSummary,
} from '../api.js';
import { Icon, type IconName } from '../components/Icon.js';
import { Badge, Card, Empty, Loading, PageHeader, ProblemAlert } from '../components/ui.js';
import { formatDateTime, formatInt, formatQty, plural } from '../format.js';
import { useAsync } from '../hooks.js';
import { useSession } from '../session.js';

/** Rows fetched per page of the waybills table. */
export const WAYBILL_PAGE_SIZE = 50;

const SIZE_LABEL: Record<LabelSize, { mm: string; parts: string }> = {
  '76x130': { mm: '76 × 130 mm', parts: 'one-part' },
  '100x180': { mm: '100 × 180 mm', parts: 'two-part' },
  '100x150': { mm: '100 × 150 mm', parts: 'two-part' },
};

const DOWNLOADS: { format: Exclude<LabelFormat, 'png'>; label: string; ext: string; hint: string }[] = [
  { format: 'pdf', label: 'PDF', ext: 'pdf', hint: 'PDF for any printer, Chinese font embedded' },
  { format: 'zpl', label: 'ZPL', ext: 'zpl', hint: 'ZPL II commands for Zebra thermal printers' },
  { format: 'tspl', label: 'TSPL', ext: 'tspl', hint: 'TSPL commands for TSC and compatible thermal printers' },
];

/** kg shown as grams: label masses are a few grams. */
const grams = (kg: number): number => kg * 1000;

/** The waybill opened in the label panel is kept in the hash (`#/waybills?waybill=wb_…`), so it can be shared. */
function waybillInHash(): string | undefined {
  const query = window.location.hash.split('?')[1];
  return query ? (new URLSearchParams(query).get('waybill') ?? undefined) : undefined;
}

function setWaybillInHash(id: string | undefined): void {
  const path = window.location.hash.split('?')[0] || '#/waybills';
  // replaceState changes the address without a hashchange, so the page is not re-mounted.
  window.history.replaceState(null, '', id ? `${path}?waybill=${encodeURIComponent(id)}` : path);
}

const cityOf = (p: MaskedParty): string => `${p.city}${p.district ? ` ${p.district}` : ''}`;

export default function WaybillsPage() {
  const { api, me } = useSession();
  const unbound = me.tenantId === null;
  // The roles the server lets print and void.
  const canPrint = me.role === 'admin' || me.role === 'merchant';
  const [filters, setFilters] = useState<WaybillQuery>({});
  const [selected, setSelected] = useState<string | undefined>(waybillInHash);

  const loadSummary = useCallback(() => api.waybillSummary(), [api]);
  const summary = useAsync(loadSummary);

  const loadCarriers = useCallback(() => api.waybillCarriers().catch((): WaybillCarrier[] => []), [api]);
  const carriers = useAsync(loadCarriers);
  const carrierName = useCallback(
    (code: string): string => (carriers.data ?? []).find((c) => c.code === code)?.name ?? code,
    [carriers.data],
  );

  const loadTenants = useCallback(async (): Promise<Tenant[]> => (unbound ? api.tenants().catch(() => []) : []), [api, unbound]);
  const tenants = useAsync(loadTenants);
  const tenantName = useCallback(
    (id: string): string => (tenants.data ?? []).find((t) => t.id === id)?.name ?? id,
    [tenants.data],
  );

  const list = useWaybillList(filters);

  const select = (id: string | undefined) => {
    setSelected(id);
    setWaybillInHash(id);
  };

  // A print or a void changes the waybill's row and the counts in the tiles.
  const reloadSummary = summary.reload;
  const patch = list.patch;
  const changed = useCallback(
    (w: Waybill) => {
      patch(w);
      reloadSummary();
    },
    [patch, reloadSummary],
  );

  const lede = unbound
    ? 'E-waybills of every tenant: thermal labels in place of multi-part paper waybills, the recipient masked on each, and the paper and CO2e saved.'
    : 'Your e-waybills: thermal labels in place of multi-part paper waybills, the recipient masked on each, and the paper and CO2e saved.';

  return (
    <div className="page">
      <PageHeader title="Waybills" lede={lede} />
      {summary.error ? <ProblemAlert problem={summary.error} /> : null}
      {summary.loading && !summary.data ? <Loading label="Loading the waybill summary…" /> : null}
      {summary.data ? <WaybillKpis summary={summary.data} /> : null}
      <WaybillTable
        list={list}
        filters={filters}
        onFilters={setFilters}
        carriers={carriers.data ?? []}
        carrierName={carrierName}
        summary={summary.data}
        showTenant={unbound}
        tenantName={tenantName}
        selected={selected}
        onSelect={select}
      />
      {selected ? (
        <LabelPanel
          key={selected}
          id={selected}
          canPrint={canPrint}
          carrierName={carrierName}
          tenant={unbound ? tenantName : undefined}
          onChanged={changed}
          onClose={() => select(undefined)}
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
  className,
  children,
}: {
  id: string;
  icon: IconName;
  label: string;
  value: string;
  unit?: string;
  raw: number;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`kpi kpi-fp${className ? ` ${className}` : ''}`} data-testid={`kpi-${id}`} data-value={raw}>
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

function WaybillKpis({ summary: s }: { summary: WaybillSummary }) {
  const p = s.perLabel;
  const size = `${p.labelWidthMm} × ${p.labelHeightMm} mm`;
  return (
    <div className="kpis kpis-fp wb-kpis" data-testid="waybill-kpis">
      <Kpi id="issued" icon="waybills" label="E-waybills applied" value={formatInt(s.issued)} raw={s.issued}>
        in use, each one label in place of a paper set
      </Kpi>
      <Kpi id="voided" icon="close" label="Voided" value={formatInt(s.voided)} raw={s.voided}>
        cancelled; they cannot be printed
      </Kpi>
      <Kpi id="reprints" icon="copy" label="Reprints" value={formatInt(s.reprints)} raw={s.reprints}>
        labels printed again after the first print
      </Kpi>
      <Kpi id="label-mass" icon="packaging" label="Paper per label" value={formatQty(grams(p.labelKg))} unit="g" raw={p.labelKg}>
        <span data-testid="kpi-baseline-mass" data-value={p.baselineKg}>
          vs <strong data-testid="kpi-baseline-mass-value">{formatQty(grams(p.baselineKg))}</strong> g for a {p.baselineSheets}
          -part paper waybill
        </span>
        <span className="kpi-sep">·</span>
        <span>{size} label, liner included</span>
      </Kpi>
      <Kpi
        id="sheets-saved"
        icon="check"
        label="Paper sheets saved"
        value={formatInt(s.totals.sheetsSaved)}
        raw={s.totals.sheetsSaved}
        className="wb-kpi-saving"
      >
        vs multi-part paper waybills, {p.baselineSheets} sheets each
      </Kpi>
      <Kpi
        id="paper-saved"
        icon="recycling"
        label="Paper saved"
        value={formatQty(s.totals.paperSavedKg)}
        unit="kg"
        raw={s.totals.paperSavedKg}
        className="wb-kpi-saving"
      >
        {formatQty(grams(p.savedKg))} g per label, net of the label itself
      </Kpi>
      <Kpi
        id="co2e-saved"
        icon="footprint"
        label="Emissions saved"
        value={formatQty(s.totals.co2eSavedKg)}
        unit="kg CO2e"
        raw={s.totals.co2eSavedKg}
        className="wb-kpi-saving wb-kpi-wide"
      >
        <span>
          paper factor <code data-testid="kpi-factor">{s.totals.factorId}</code>, {formatQty(p.kgCo2ePerKg)} kg CO2e per kg paper
        </span>
        <span className="kpi-sep">·</span>
        <span>{formatQty(grams(p.savedCo2eKg))} g CO2e per label</span>
      </Kpi>
    </div>
  );
}

// ---------- Waybills list ----------

interface WaybillList {
  items: Waybill[];
  cursor: string | null;
  loading: boolean;
  problem?: Problem;
  loadMore: () => void;
  /** Replaces a row by a fresher copy of the same waybill. */
  patch: (w: Waybill) => void;
}

function useWaybillList(filters: WaybillQuery): WaybillList {
  const { api } = useSession();
  const [items, setItems] = useState<Waybill[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<Problem | undefined>();

  // A new filter starts the list again from its first page.
  useEffect(() => {
    let live = true;
    setLoading(true);
    setProblem(undefined);
    api.waybills({ ...filters, limit: WAYBILL_PAGE_SIZE }).then(
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

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await api.waybills({ ...filters, limit: WAYBILL_PAGE_SIZE, cursor });
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setLoading(false);
    }
  }, [api, filters, cursor]);

  const patch = useCallback((w: Waybill) => setItems((prev) => prev.map((x) => (x.id === w.id ? w : x))), []);

  return { items, cursor, loading, problem, loadMore, patch };
}

function StatusBadge({ status }: { status: WaybillStatus }) {
  return status === 'voided' ? <Badge tone="red">Voided</Badge> : <Badge tone="green">Issued</Badge>;
}

function WaybillTable({
  list,
  filters,
  onFilters,
  carriers,
  carrierName,
  summary,
  showTenant,
  tenantName,
  selected,
  onSelect,
}: {
  list: WaybillList;
  filters: WaybillQuery;
  onFilters: (f: WaybillQuery) => void;
  carriers: WaybillCarrier[];
  carrierName: (code: string) => string;
  summary?: WaybillSummary;
  showTenant: boolean;
  tenantName: (id: string) => string;
  selected?: string;
  onSelect: (id: string) => void;
}) {
  const { items, cursor, loading, problem } = list;
  // The summary counts by status; with a carrier filter the total is not known until the last page.
  const total =
    summary && !filters.carrier
      ? filters.status === 'issued'
        ? summary.issued
        : filters.status === 'voided'
          ? summary.voided
          : summary.issued + summary.voided
      : undefined;
  const subtitle =
    total === undefined
      ? `${plural(items.length, 'waybill')} loaded, oldest first. Recipients are masked.`
      : `Showing ${formatInt(items.length)} of ${plural(total, 'waybill')}, oldest first. Recipients are masked; select one to see its label.`;

  return (
    <Card
      title="E-waybills"
      subtitle={subtitle}
      testId="waybill-list"
      className="wb-list"
      actions={
        <div className="wb-filters">
          <label className="field field-inline">
            <span className="field-label">Status</span>
            <select
              value={filters.status ?? ''}
              onChange={(e) => onFilters({ ...filters, status: (e.target.value || undefined) as WaybillStatus | undefined })}
              data-testid="filter-status"
            >
              <option value="">All statuses</option>
              <option value="issued">Issued</option>
              <option value="voided">Voided</option>
            </select>
          </label>
          <label className="field field-inline">
            <span className="field-label">Carrier</span>
            <select
              value={filters.carrier ?? ''}
              onChange={(e) => onFilters({ ...filters, carrier: e.target.value || undefined })}
              data-testid="filter-carrier"
            >
              <option value="">All carriers</option>
              {carriers.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      }
    >
      {problem ? <ProblemAlert problem={problem} /> : null}
      <div className="table-wrap table-wrap-tall">
        <table className="table table-click wb-table" data-testid="waybill-table">
          <thead>
            <tr>
              <th>Waybill no.</th>
              <th>Carrier</th>
              <th>Order key</th>
              <th>Recipient</th>
              <th>City</th>
              <th>Sort code</th>
              <th>Status</th>
              <th className="num">Reprints</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr
                key={w.id}
                data-testid="waybill-row"
                data-id={w.id}
                data-tenant={w.tenantId}
                data-status={w.status}
                className={
                  `${w.id === selected ? 'row-selected' : ''}${w.status === 'voided' ? ' row-muted' : ''}`.trim() || undefined
                }
                onClick={() => onSelect(w.id)}
              >
                <td>
                  <button
                    type="button"
                    className="link-button mono"
                    onClick={(e) => {
                      e.stopPropagation();
                      onSelect(w.id);
                    }}
                    aria-pressed={w.id === selected}
                    data-testid="waybill-no"
                  >
                    {w.waybillNo}
                  </button>
                </td>
                <td title={carrierName(w.carrier)} data-testid="waybill-carrier">
                  {w.carrier}
                </td>
                <td>
                  <span className="mono" data-testid="waybill-order">
                    {w.orderKey}
                  </span>
                  {showTenant ? (
                    <span className="pk-sub muted cell-tenant" title={w.tenantId}>
                      {tenantName(w.tenantId)}
                    </span>
                  ) : null}
                </td>
                <td className="nowrap">
                  <span data-testid="waybill-name">{w.recipient.name}</span>
                  <span className="pk-sub muted mono" data-testid="waybill-phone">
                    {w.recipient.phone}
                  </span>
                </td>
                <td className="nowrap">
                  <span data-testid="waybill-city">{w.recipient.city}</span>
                  <span className="pk-sub muted">{w.recipient.province}</span>
                </td>
                <td className="mono nowrap" data-testid="waybill-sort">
                  {w.sortCode}
                </td>
                <td data-testid="waybill-status">
                  <StatusBadge status={w.status} />
                </td>
                <td className="num" data-testid="waybill-reprints" data-value={w.reprintCount}>
                  {formatInt(w.reprintCount)}
                </td>
                <td className="nowrap small" data-testid="waybill-created" data-value={w.createdAt}>
                  {formatDateTime(w.createdAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && items.length === 0 && !problem ? <Empty>No waybills match these filters.</Empty> : null}
      </div>
      <div className="list-foot">
        {loading ? (
          <Loading label="Loading waybills…" />
        ) : cursor ? (
          <button type="button" className="btn btn-ghost" onClick={list.loadMore} data-testid="load-more">
            Load {WAYBILL_PAGE_SIZE} more
          </button>
        ) : items.length ? (
          <span className="muted small">All {plural(items.length, 'waybill')} shown.</span>
        ) : null}
      </div>
    </Card>
  );
}

// ---------- Label panel ----------

function LabelPanel({
  id,
  canPrint,
  carrierName,
  tenant,
  onChanged,
  onClose,
}: {
  id: string;
  canPrint: boolean;
  carrierName: (code: string) => string;
  tenant?: (id: string) => string;
  onChanged: (w: Waybill) => void;
  onClose: () => void;
}) {
  const { api } = useSession();
  const load = useCallback(() => api.waybill(id), [api, id]);
  const { data: w, error, loading, reload } = useAsync(load);
  const [size, setSize] = useState<LabelSize>('76x130');
  const [dpi, setDpi] = useState<LabelDpi>(203);

  // A fresh copy after each print (the reprint count) or void reaches the table and the tiles too.
  const seen = useRef<Waybill | undefined>(undefined);
  useEffect(() => {
    if (!w) return;
    if (seen.current && (seen.current.reprintCount !== w.reprintCount || seen.current.status !== w.status)) onChanged(w);
    seen.current = w;
  }, [w, onChanged]);

  // The panel opens below the list: bring it into view.
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => {
    top.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, []);

  const close = (
    <button
      type="button"
      className="btn btn-ghost btn-sm"
      onClick={onClose}
      aria-label="Close the label"
      data-testid="label-close"
    >
      <Icon name="close" size={15} />
    </button>
  );

  if (!w) {
    return (
      <div ref={top} className="wb-anchor">
        <Card title="Label preview" actions={close} testId="label-panel">
          {error ? <ProblemAlert problem={error} /> : loading ? <Loading label="Loading the waybill…" /> : null}
        </Card>
      </div>
    );
  }

  const voided = w.status === 'voided';
  return (
    <div ref={top} className="wb-anchor">
      <Card
        title={
          <>
            <span className="mono">{w.waybillNo}</span> <StatusBadge status={w.status} />
          </>
        }
        subtitle={`${carrierName(w.carrier)} · order ${w.orderKey}`}
        actions={close}
        testId="label-panel"
      >
        <div className="wb-detail" data-testid="label-waybill" data-id={w.id} data-status={w.status}>
          <div className="wb-label-col">
            {voided ? (
              <div className="alert alert-error" data-testid="label-voided">
                <Icon name="alert" className="alert-icon" />
                <div>
                  <p className="alert-title">Voided: this waybill cannot be printed</p>
                  <p className="alert-detail">
                    Voided {formatDateTime(w.voidedAt)}
                    {w.voidReason ? ` (${w.voidReason})` : ''}. Its order key stays taken; issue a new waybill under another order
                    key to ship the parcel.
                  </p>
                </div>
              </div>
            ) : canPrint ? (
              <>
                <div className="wb-sizes" role="radiogroup" aria-label="Label size" data-testid="label-size">
                  {LABEL_SIZES.map((s) => (
                    // biome-ignore lint/a11y/useSemanticElements: a row of buttons reads better than radio inputs here
                    <button
                      key={s}
                      type="button"
                      role="radio"
                      aria-checked={s === size}
                      className={`wb-size${s === size ? ' wb-size-on' : ''}`}
                      onClick={() => setSize(s)}
                      data-testid={`label-size-${s}`}
                    >
                      <span className="wb-size-mm">{SIZE_LABEL[s].mm}</span>
                      <span className="wb-size-parts">{SIZE_LABEL[s].parts}</span>
                    </button>
                  ))}
                </div>
                <LabelPreview id={w.id} waybillNo={w.waybillNo} size={size} onPrinted={reload} />
              </>
            ) : (
              <div className="alert alert-info" data-testid="label-no-print">
                <Icon name="info" className="alert-icon" />
                <div>
                  <p className="alert-title">Labels are printed with admin and merchant keys</p>
                  <p className="alert-detail">This key can see the waybill, but not print its label.</p>
                </div>
              </div>
            )}
          </div>
          <div className="wb-info-col">
            {canPrint && !voided ? (
              <div className="wb-print">
                <p className="split-caption">Print the {SIZE_LABEL[size].mm} label</p>
                <div className="wb-downloads" data-testid="label-downloads">
                  {DOWNLOADS.map((d) => (
                    <DownloadButton key={d.format} waybill={w} format={d} size={size} dpi={dpi} onPrinted={reload} />
                  ))}
                  <label className="field field-inline wb-dpi">
                    <span className="field-label">ZPL and TSPL at</span>
                    <select value={dpi} onChange={(e) => setDpi(Number(e.target.value) as LabelDpi)} data-testid="label-dpi">
                      <option value={203}>203 dpi</option>
                      <option value={300}>300 dpi</option>
                    </select>
                  </label>
                </div>
                <p className="muted small">
                  PDF for any printer; ZPL for Zebra and TSPL for TSC thermal printers. Every preview and download counts as a
                  print: prints after the first are reprints.
                </p>
              </div>
            ) : null}
            <p className="split-caption">On the label (masked)</p>
            <WaybillFacts waybill={w} tenant={tenant} />
            {canPrint && !voided ? <VoidAction waybill={w} onVoided={reload} /> : null}
          </div>
        </div>
      </Card>
    </div>
  );
}

function LabelPreview({
  id,
  waybillNo,
  size,
  onPrinted,
}: {
  id: string;
  waybillNo: string;
  size: LabelSize;
  onPrinted: () => void;
}) {
  const { api } = useSession();
  const [url, setUrl] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [loading, setLoading] = useState(true);
  // Held in a ref so that a fresher waybill (after this very print) does not fetch the label again.
  const printed = useRef(onPrinted);
  printed.current = onPrinted;

  useEffect(() => {
    let live = true;
    let made: string | undefined;
    setLoading(true);
    setProblem(undefined);
    api.waybillLabel(id, 'png', size).then(
      (blob) => {
        if (!live) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
        setLoading(false);
        printed.current();
      },
      (err: unknown) => {
        if (!live) return;
        setUrl(undefined);
        setProblem(problemOf(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [api, id, size]);

  const [w, h] = size.split('x').map(Number);
  return (
    <div className="wb-preview" data-testid="label-preview" data-size={size}>
      <div className="wb-paper" style={{ aspectRatio: `${w} / ${h}` }}>
        {url ? (
          <img
            src={url}
            alt={`Label of waybill ${waybillNo}, ${SIZE_LABEL[size].mm}`}
            className={loading ? 'wb-stale' : undefined}
            data-testid="label-image"
            data-size={size}
          />
        ) : null}
        {loading ? (
          <div className="wb-preview-loading">
            <Loading label="Rendering the label…" />
          </div>
        ) : null}
      </div>
      {problem ? <ProblemAlert problem={problem} testId="label-error" /> : null}
    </div>
  );
}

function DownloadButton({
  waybill,
  format,
  size,
  dpi,
  onPrinted,
}: {
  waybill: Waybill;
  format: (typeof DOWNLOADS)[number];
  size: LabelSize;
  dpi: LabelDpi;
  onPrinted: () => void;
}) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  async function download() {
    setBusy(true);
    setProblem(undefined);
    try {
      const blob = await api.waybillLabel(waybill.id, format.format, size, dpi);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${waybill.waybillNo}_${size}${format.format === 'pdf' ? '' : `_${dpi}dpi`}.${format.ext}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      onPrinted();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        onClick={download}
        disabled={busy}
        title={format.hint}
        data-testid={`download-${format.format}`}
      >
        <Icon name="download" size={15} />
        {format.label}
      </button>
      {problem ? (
        <span className="inline-error" role="alert" data-testid={`download-${format.format}-error`}>
          {problem.title}
          {problem.detail ? `: ${problem.detail}` : ''}
        </span>
      ) : null}
    </>
  );
}

function PartyLines({ party }: { party: MaskedParty }) {
  return (
    <>
      <span>
        {party.name} · <span className="mono">{party.phone}</span>
      </span>
      <span className="wb-address">
        {party.province} {cityOf(party)} {party.address}
      </span>
    </>
  );
}

function WaybillFacts({ waybill: w, tenant }: { waybill: Waybill; tenant?: (id: string) => string }) {
  const rows: [string, ReactNode, string?][] = [
    ['Recipient', <PartyLines key="r" party={w.recipient} />, 'fact-recipient'],
    ['Sender', <PartyLines key="s" party={w.sender} />, 'fact-sender'],
    [
      'Sort code',
      <span key="c">
        <span className="mono">{w.sortCode}</span> · {w.consolidation.name}
      </span>,
    ],
    ['Contents', `${w.contents} · ${plural(w.pieces, 'piece')} · ${formatQty(w.weightKg)} kg`],
    [
      'Reprints',
      <span key="p" data-testid="fact-reprints" data-value={w.reprintCount}>
        {formatInt(w.reprintCount)}
      </span>,
    ],
    ['Last printed', formatDateTime(w.lastPrintedAt)],
    ['Created', formatDateTime(w.createdAt)],
    ...(tenant ? [['Tenant', tenant(w.tenantId)] as [string, ReactNode]] : []),
  ];
  return (
    <dl className="facts wb-facts" data-testid="label-facts">
      {rows.map(([k, v, testId]) => (
        <div key={k} data-testid={testId}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function VoidAction({ waybill, onVoided }: { waybill: Waybill; onVoided: () => void }) {
  const { api } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  async function doVoid() {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.voidWaybill(waybill.id, 'voided in the dashboard');
      onVoided();
    } catch (err) {
      setProblem(problemOf(err));
      setBusy(false);
    }
  }

  return (
    <div className="wb-void">
      {confirming ? (
        <span className="confirm">
          <span className="small">Void {waybill.waybillNo}? It can no longer be printed.</span>
          <button type="button" className="btn btn-danger btn-sm" onClick={doVoid} disabled={busy} data-testid="confirm-void">
            {busy ? 'Voiding…' : 'Void'}
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setConfirming(false)} disabled={busy}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className="btn btn-outline-danger btn-sm" onClick={() => setConfirming(true)} data-testid="void">
          Void waybill
        </button>
      )}
      {problem ? <ProblemAlert problem={problem} testId="void-error" /> : null}
    </div>
  );
}
