import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ApiError,
  type ChainElementInput,
  type ChainPlace,
  type ElementResult,
  type HubResult,
  type LegResult,
  type Problem,
  problemOf,
  type ShipmentFootprintDetail,
  type TransportMode,
} from '../api.js';
import { DATA_TYPE_LABEL, formatCoord, formatDate, formatInt, formatQty, formatShare, gPerTkm, MODE_LABEL } from '../format.js';
import { useAsync } from '../hooks.js';
import { useSession } from '../session.js';
import { ExplanationSheet } from './ExplanationSheet.js';
import { Icon, type IconName } from './Icon.js';
import { Badge, Card, Loading, ProblemAlert } from './ui.js';

const MODE_ICON: Record<TransportMode, IconName> = {
  road: 'transport',
  rail: 'train',
  sea: 'ship',
  air: 'plane',
  inland_waterway: 'ship',
};

const DATA_TYPE_TONE = { primary: 'green', modelled: 'blue', default: 'neutral' } as const;

const placeName = (p: ChainPlace | undefined): string | undefined => {
  if (!p) return undefined;
  if (p.name) return p.name;
  if (typeof p.lat === 'number' && typeof p.lon === 'number') return formatCoord(p.lat, p.lon);
  return undefined;
};

/** A hub is named after the place the leg before it arrives at, or the leg after it leaves from. */
function hubName(chain: ChainElementInput[], index: number, hub: HubResult): string {
  const before = chain[index - 1];
  const after = chain[index + 1];
  const name =
    (before?.type === 'leg' ? before.destination?.name : undefined) ?? (after?.type === 'leg' ? after.origin?.name : undefined);
  return name ? `${name} hub` : hub.hocId;
}

const modeLabel = (leg: LegResult): string => (leg.mode ? MODE_LABEL[leg.mode] : 'Transport');

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120) || 'shipment';
}

export function ShipmentDetail({
  id,
  tenantName,
  onClose,
}: {
  id: string;
  tenantName: (id: string) => string;
  onClose: () => void;
}) {
  const { api } = useSession();
  const ref = useRef<HTMLDivElement>(null);
  const load = useCallback(async (): Promise<{ detail: ShipmentFootprintDetail; explainProblem?: Problem }> => {
    try {
      return { detail: await api.shipmentFootprint(id, true) };
    } catch (err) {
      // The figures stand without the calculation sheet: show them, and say why the sheet is missing.
      if (err instanceof ApiError && err.status >= 500) {
        return { detail: await api.shipmentFootprint(id, false), explainProblem: err.problem };
      }
      throw err;
    }
  }, [api, id]);
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

  const title = data ? `Shipment ${data.detail.shipmentId}` : 'Shipment';

  return (
    <div ref={ref} className="detail-anchor">
      <Card
        title={title}
        subtitle={
          data ? `${tenantName(data.detail.tenantId)} · shipped ${formatDate(data.detail.shippedOn)} · ${data.detail.id}` : id
        }
        testId="shipment-detail"
        className="detail-card"
        actions={
          <>
            {data ? <IleapButton id={data.detail.id} shipmentId={data.detail.shipmentId} /> : null}
            <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} data-testid="detail-close">
              <Icon name="close" size={15} />
              Close
            </button>
          </>
        }
      >
        {error ? <ProblemAlert problem={error} /> : null}
        {loading && !data ? <Loading label="Loading the shipment footprint…" /> : null}
        {data ? <DetailBody detail={data.detail} explainProblem={data.explainProblem} /> : null}
      </Card>
    </div>
  );
}

function IleapButton({ id, shipmentId }: { id: string; shipmentId: string }) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  async function download() {
    setBusy(true);
    setProblem(undefined);
    try {
      const json = await api.shipmentIleap(id);
      const url = URL.createObjectURL(new Blob([`${JSON.stringify(json, null, 2)}\n`], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${fileSafe(shipmentId)}.ileap.json`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
        className="btn btn-primary btn-sm"
        onClick={download}
        disabled={busy}
        data-testid="download-ileap"
        title="iLEAP ShipmentFootprint (PACT data model extension), JSON"
      >
        <Icon name="download" size={15} />
        {busy ? 'Preparing…' : 'Download iLEAP JSON'}
      </button>
      {problem ? (
        <span className="inline-error" role="alert" data-testid="ileap-error">
          {problem.title}
          {problem.detail ? `: ${problem.detail}` : ''}
        </span>
      ) : null}
    </>
  );
}

function DetailBody({ detail, explainProblem }: { detail: ShipmentFootprintDetail; explainProblem?: Problem }) {
  const r = detail.result;
  const intensity = r.transportActivityTkm > 0 ? gPerTkm(r.co2eWtwKg / r.transportActivityTkm) : Number.NaN;
  const facts: [string, string, string?][] = [
    ['Mass', `${formatQty(r.massKg)} kg`],
    ['Transport activity', `${formatQty(r.transportActivityTkm)} t.km`],
    ['Emissions WTW', `${formatQty(r.co2eWtwKg)} kg CO2e`, 'detail-wtw'],
    ['TTW (tank-to-wheel)', `${formatQty(r.co2eTtwKg)} kg CO2e`],
    ['WTT (well-to-tank)', `${formatQty(r.co2eWttKg)} kg CO2e`],
    ['Intensity', `${formatQty(intensity)} g CO2e/t.km`],
    ['Primary data', formatShare(r.primaryDataShare)],
  ];
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
        <h3>Transport chain</h3>
        <p className="detail-sub">
          {formatInt(r.elements.length)} transport chain elements, in the order the shipment passed them.
        </p>
        <ChainDiagram elements={r.elements} chain={detail.input?.chain ?? []} />
      </section>

      <section className="detail-section">
        <h3>Emissions per element</h3>
        <p className="detail-sub">
          Legs: distance × mass gives t.km, × the operation category's intensity gives kg CO2e. Hubs: outbound tonnes × the hub's
          intensity.
        </p>
        <ElementTable detail={detail} />
      </section>

      <section className="detail-section">
        <h3>
          <Icon name="formula" size={16} /> Calculation sheet
        </h3>
        <p className="detail-sub">Every step of the calculation, with the ISO 14083 clause it follows.</p>
        {explainProblem ? (
          <ProblemAlert problem={{ ...explainProblem, title: `The calculation sheet is unavailable: ${explainProblem.title}` }} />
        ) : detail.explanation ? (
          <ExplanationSheet explanation={detail.explanation} elements={r.elements} />
        ) : (
          <p className="muted">The server sent no calculation sheet for this shipment.</p>
        )}
      </section>
    </div>
  );
}

// ---------- Chain diagram ----------

function Terminal({ label, place }: { label: string; place?: string }) {
  return (
    <li className="chain-item chain-terminal">
      <span className="chain-top">{label}</span>
      <span className="chain-mid">
        <span className="chain-dot" />
      </span>
      <span className="chain-bottom">
        <span className="chain-place">{place ?? '—'}</span>
      </span>
    </li>
  );
}

function ChainDiagram({ elements, chain }: { elements: ElementResult[]; chain: ChainElementInput[] }) {
  const first = chain[0];
  const last = chain[chain.length - 1];
  return (
    <div className="chain-scroll">
      <ol className="chain" data-testid="chain">
        <Terminal label="Origin" place={first?.type === 'leg' ? placeName(first.origin) : undefined} />
        {elements.map((e, i) =>
          e.type === 'leg' ? (
            <li
              key={e.tceId}
              className={`chain-item chain-leg chain-${e.mode ?? 'other'}`}
              data-testid="chain-element"
              data-type="leg"
              title={`${e.tceId}: ${e.tocId}`}
            >
              <span className="chain-top">
                <strong>{modeLabel(e)}</strong>
                {e.temperatureControlled ? (
                  <span className="chain-cold" title="Temperature-controlled">
                    <Icon name="snowflake" size={12} />
                  </span>
                ) : null}
                <span className="chain-toc">{e.tocId}</span>
              </span>
              <span className="chain-mid">
                <span className="chain-line" />
                <span className="chain-icon">
                  <Icon name={e.mode ? MODE_ICON[e.mode] : 'transport'} size={18} />
                </span>
                <span className="chain-line chain-arrow" />
              </span>
              <span className="chain-bottom">
                <span className="chain-big" data-testid="chain-distance">
                  {formatQty(e.distanceKm)} km
                </span>
                <span>{formatQty(e.transportActivityTkm)} t.km</span>
                <span className="chain-co2">{formatQty(e.co2eWtwKg)} kg CO2e</span>
              </span>
            </li>
          ) : (
            <li
              key={e.tceId}
              className="chain-item chain-hub"
              data-testid="chain-element"
              data-type="hub"
              title={`${e.tceId}: ${e.hocId}`}
            >
              <span className="chain-top">
                <strong>{hubName(chain, i, e)}</strong>
              </span>
              <span className="chain-mid">
                <span className="chain-node">
                  <Icon name="hub" size={20} />
                </span>
              </span>
              <span className="chain-bottom">
                <span className="chain-big">{formatQty(e.hubActivityT)} t out</span>
                <span className="chain-toc">{e.hocId}</span>
                <span className="chain-co2">{formatQty(e.co2eWtwKg)} kg CO2e</span>
              </span>
            </li>
          ),
        )}
        <Terminal label="Destination" place={last?.type === 'leg' ? placeName(last.destination) : undefined} />
      </ol>
    </div>
  );
}

// ---------- Element table ----------

function dafText(e: LegResult): string {
  if (!e.daf || e.daf.kind === 'none') return 'None';
  if (e.daf.kind === 'add') return `+${Number.isInteger(e.daf.value) ? formatInt(e.daf.value) : formatQty(e.daf.value)} km`;
  return `× ${formatQty(e.daf.value)}`;
}

/** The operation category of an element and the emission factor behind its intensity. */
function factorOf(e: ElementResult): { category: string; factorId?: string; note: string } {
  if (e.type === 'leg') {
    if (e.factorId && e.factorId === e.tocId) return { category: e.tocId, factorId: e.factorId, note: 'library TOC' };
    if (e.factorId) return { category: e.tocId, factorId: e.factorId, note: 'energy factor' };
    return { category: e.tocId, note: 'TOC given inline' };
  }
  const site = (e as HubResult & { site?: { gridFactorId?: string } }).site;
  if (site?.gridFactorId) return { category: e.hocId, factorId: site.gridFactorId, note: 'grid electricity, site energy' };
  if (e.factorId) return { category: e.hocId, factorId: e.factorId, note: e.factorId === e.hocId ? 'library HOC' : 'factor' };
  return { category: e.hocId, note: 'HOC given inline' };
}

function ElementTable({ detail }: { detail: ShipmentFootprintDetail }) {
  const r = detail.result;
  return (
    <div className="table-wrap table-wrap-flat">
      <table className="table table-elements" data-testid="element-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Element</th>
            <th className="num">
              Distance<span className="th-unit">km</span>
            </th>
            <th className="num">
              Activity<span className="th-unit">t.km or t out</span>
            </th>
            <th className="num">
              WTW<span className="th-unit">kg CO2e</span>
            </th>
            <th className="num">
              TTW<span className="th-unit">kg CO2e</span>
            </th>
            <th className="num">
              WTT<span className="th-unit">kg CO2e</span>
            </th>
            <th className="num">
              Intensity<span className="th-unit">WTW</span>
            </th>
            <th>Data type</th>
            <th>
              Operation category<span className="th-unit">and emission factor</span>
            </th>
            <th>
              DAF applied<span className="th-unit">distance adjustment</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {r.elements.map((e, i) => {
            const factor = factorOf(e);
            return (
              <tr key={e.tceId} data-testid="element-row" data-type={e.type} data-tce={e.tceId} title={`TCE ${e.tceId}`}>
                <td className="muted">{i + 1}</td>
                <td>
                  <span className="el-kind">
                    <Icon name={e.type === 'hub' ? 'hub' : e.mode ? MODE_ICON[e.mode] : 'transport'} size={15} />
                    {e.type === 'hub' ? 'Hub' : `${modeLabel(e)} leg`}
                    {e.temperatureControlled ? (
                      <span className="chain-cold" title="Temperature-controlled">
                        <Icon name="snowflake" size={12} />
                      </span>
                    ) : null}
                  </span>
                  {e.tceId !== `${r.shipmentId}-${i + 1}` ? <span className="el-id">{e.tceId}</span> : null}
                </td>
                <td className="num">
                  {e.type === 'leg' ? (
                    <>
                      {formatQty(e.distanceKm)}
                      <span className="el-id">
                        {e.distanceType}
                        {e.distanceKm !== e.distanceInputKm ? `, from ${formatQty(e.distanceInputKm)}` : ''}
                      </span>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="num">
                  {e.type === 'leg' ? `${formatQty(e.transportActivityTkm)} t.km` : `${formatQty(e.hubActivityT)} t out`}
                </td>
                <td className="num strong" data-testid="element-wtw" data-value={e.co2eWtwKg}>
                  {formatQty(e.co2eWtwKg)}
                </td>
                <td className="num">{formatQty(e.co2eTtwKg)}</td>
                <td className="num">{formatQty(e.co2eWttKg)}</td>
                <td className="num nowrap">
                  {e.type === 'leg'
                    ? `${formatQty(gPerTkm(e.co2eIntensityWtwKgPerTkm))} g/t.km`
                    : `${formatQty(e.co2eIntensityWtwKgPerT)} kg/t`}
                </td>
                <td>
                  <Badge tone={DATA_TYPE_TONE[e.dataType] ?? 'neutral'}>{DATA_TYPE_LABEL[e.dataType] ?? e.dataType}</Badge>
                </td>
                <td className="small" data-testid="element-factor">
                  <span className="mono strong-ish">{factor.category}</span>
                  {factor.factorId && factor.factorId !== factor.category ? (
                    <span className="el-id el-wrap">
                      {factor.note}: <span className="mono">{factor.factorId}</span>
                    </span>
                  ) : (
                    <span className="el-id">{factor.note}</span>
                  )}
                </td>
                <td className="small" title={e.type === 'leg' ? e.daf?.reason : undefined}>
                  {e.type === 'leg' ? (
                    <>
                      <span className={e.daf?.kind === 'none' ? 'muted' : 'strong'}>{dafText(e)}</span>
                      {e.daf?.reason ? <span className="el-id el-reason">{e.daf.reason}</span> : null}
                    </>
                  ) : (
                    <span className="muted">n/a (hub)</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td />
            <td className="strong nowrap">
              Shipment total
              <span className="el-id">{formatQty(r.massKg)} kg shipped</span>
            </td>
            <td />
            <td className="num strong">{formatQty(r.transportActivityTkm)} t.km</td>
            <td className="num strong" data-testid="element-total-wtw">
              {formatQty(r.co2eWtwKg)}
            </td>
            <td className="num strong">{formatQty(r.co2eTtwKg)}</td>
            <td className="num strong">{formatQty(r.co2eWttKg)}</td>
            <td className="num strong nowrap">
              {r.transportActivityTkm > 0 ? `${formatQty(gPerTkm(r.co2eWtwKg / r.transportActivityTkm))} g/t.km` : '—'}
            </td>
            <td colSpan={3} className="muted small">
              Primary data {formatShare(r.primaryDataShare)} of t.km
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
