import { invalid } from '../core/index.js';
import type { DistanceBasis, TransportMode } from '../factors/model.js';
import {
  DATA_TYPES,
  type DataType,
  type DistanceType,
  type ElementResult,
  type HubInput,
  type InlineHoc,
  type InlineToc,
  type LegInput,
  type ShipmentFootprint,
  type ShipmentInput,
} from './model.js';

// iLEAP (SFC + SINE Foundation) data exchange: ShipmentFootprint with its TCEs, and the TOCs and
// HOCs they name, with iLEAP field names and Decimal strings. Greenlink-only facts an iLEAP reader
// may ignore (data type, distance basis) travel in a `greenlink` object on each TOC/HOC, so an
// export re-imports to the same footprint.

/** iLEAP Decimal: a JSON string such as "36.801". */
export type IleapDecimal = string;

/**
 * TCE distance. Exported as `{value, unit, dataSource}`; the GLEC form of earlier iLEAP drafts,
 * `{actual | gcd | sfd: "423"}`, is read as well and can be exported with `distanceFormat: 'glec'`.
 */
export type IleapDistance =
  | { value: IleapDecimal; unit: 'km'; dataSource: DistanceType }
  | { actual?: IleapDecimal; gcd?: IleapDecimal; sfd?: IleapDecimal };

export interface IleapTce {
  tceId: string;
  prevTceIds?: string[];
  tocId?: string;
  hocId?: string;
  shipmentId: string;
  mass: IleapDecimal;
  distance: IleapDistance;
  transportActivity: IleapDecimal;
  co2eWTW: IleapDecimal;
  co2eTTW: IleapDecimal;
}

export interface IleapShipmentFootprint {
  shipmentId: string;
  mass: IleapDecimal;
  tces: IleapTce[];
}

export interface IleapEnergyCarrier {
  energyCarrier: string;
  emissionFactorWTW: IleapDecimal;
  emissionFactorTTW: IleapDecimal;
}

/** What iLEAP has no field for, kept so a re-import computes the same. */
export interface GreenlinkCategoryExtension {
  dataType: DataType;
  distanceBasis?: DistanceBasis;
  dafIncluded?: boolean;
  /** False when the category is published as WTW only (its TTW is then unknown, exported as 0). */
  boundarySplit?: boolean;
}

export interface IleapToc {
  tocId: string;
  isVerified: boolean;
  isAccredited: boolean;
  description?: string;
  mode?: 'Road' | 'Rail' | 'Air' | 'Sea' | 'InlandWaterway';
  temperatureControl?: 'ambient' | 'refrigerated' | 'mixed';
  energyCarriers: IleapEnergyCarrier[];
  co2eIntensityWTW: IleapDecimal;
  co2eIntensityTTW: IleapDecimal;
  co2eIntensityThroughput: 'tkm' | 'TEUkm';
  greenlink?: GreenlinkCategoryExtension;
}

export interface IleapHoc {
  hocId: string;
  isVerified: boolean;
  isAccredited: boolean;
  description?: string;
  hubType: string;
  temperatureControl?: 'ambient' | 'refrigerated' | 'mixed';
  energyCarriers: IleapEnergyCarrier[];
  co2eIntensityWTW: IleapDecimal;
  co2eIntensityTTW: IleapDecimal;
  co2eIntensityThroughput: 'tonnes' | 'TEU';
  greenlink?: GreenlinkCategoryExtension;
}

export interface IleapDocument {
  shipmentFootprint: IleapShipmentFootprint;
  tocs: IleapToc[];
  hocs: IleapHoc[];
}

export interface IleapExportOptions {
  distanceFormat?: 'value' | 'glec';
}

const MODES: Record<TransportMode, NonNullable<IleapToc['mode']>> = {
  road: 'Road',
  rail: 'Rail',
  air: 'Air',
  sea: 'Sea',
  inland_waterway: 'InlandWaterway',
};
const MODE_BACK: Record<string, TransportMode> = Object.fromEntries(
  Object.entries(MODES).map(([k, v]) => [v.toLowerCase(), k as TransportMode]),
);

/** A number as an iLEAP Decimal: plain digits, 15 significant at most (no float noise), no exponent. */
export function ileapDecimal(x: number): IleapDecimal {
  if (!Number.isFinite(x)) throw invalid(`cannot export ${x} as an iLEAP Decimal`);
  const v = Number(x.toPrecision(15));
  const s = String(v);
  if (!/e/i.test(s)) return s;
  if (Math.abs(v) >= 1e21) return BigInt(v).toString();
  return v
    .toFixed(20)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** Reads an iLEAP Decimal, tolerating the decimal comma of the spec's own example ("8,42769"). */
export function readDecimal(v: unknown, field: string): number {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  const x = Number(/^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text);
  if (text === '' || !Number.isFinite(x))
    throw invalid(`${field} must be an iLEAP Decimal`, [{ field, message: `not a decimal: ${JSON.stringify(v)}` }]);
  return x;
}

function distanceOut(e: ElementResult, format: 'value' | 'glec'): IleapDistance {
  const km = e.type === 'leg' ? e.distanceInputKm : 0;
  const type: DistanceType = e.type === 'leg' ? e.distanceType : 'actual';
  if (format === 'glec') return { [type === 'actual' ? 'actual' : type.toLowerCase()]: ileapDecimal(km) };
  return { value: ileapDecimal(km), unit: 'km', dataSource: type };
}

/** iLEAP ShipmentFootprint of a computed shipment: one TCE per chain element, linked by prevTceIds. */
export function toIleapShipmentFootprint(
  result: ShipmentFootprint,
  _input?: ShipmentInput,
  options: IleapExportOptions = {},
): IleapShipmentFootprint {
  const mass = ileapDecimal(result.massKg);
  const format = options.distanceFormat ?? 'value';
  return {
    shipmentId: result.shipmentId,
    mass,
    tces: result.elements.map((e, i) => ({
      tceId: e.tceId,
      prevTceIds: i === 0 ? [] : [result.elements[i - 1].tceId],
      ...(e.type === 'leg' ? { tocId: e.tocId } : { hocId: e.hocId }),
      shipmentId: result.shipmentId,
      mass,
      distance: distanceOut(e, format),
      transportActivity: ileapDecimal(e.transportActivityTkm),
      co2eWTW: ileapDecimal(e.co2eWtwKg),
      co2eTTW: ileapDecimal(e.co2eTtwKg),
    })),
  };
}

const temperature = (cold: boolean): 'refrigerated' | 'ambient' => (cold ? 'refrigerated' : 'ambient');

/** The ShipmentFootprint with the TOCs and HOCs its TCEs name (one per distinct id). */
export function toIleap(result: ShipmentFootprint, input?: ShipmentInput, options: IleapExportOptions = {}): IleapDocument {
  const tocs = new Map<string, IleapToc>();
  const hocs = new Map<string, IleapHoc>();
  for (const e of result.elements) {
    const source = input?.chain[e.index];
    if (e.type === 'leg' && !tocs.has(e.tocId)) {
      const inline = source?.type === 'leg' && typeof source.toc === 'object' ? source.toc : undefined;
      const energy = e.method === 'energy';
      tocs.set(e.tocId, {
        tocId: e.tocId,
        isVerified: false,
        isAccredited: false,
        ...(inline?.description ? { description: inline.description } : {}),
        ...(e.mode ? { mode: MODES[e.mode] } : {}),
        temperatureControl: temperature(e.temperatureControlled),
        energyCarriers: inline?.energyCarrier
          ? [
              {
                energyCarrier: inline.energyCarrier,
                emissionFactorWTW: ileapDecimal(e.co2eIntensityWtwKgPerTkm),
                emissionFactorTTW: ileapDecimal(e.co2eIntensityTtwKgPerTkm),
              },
            ]
          : [],
        co2eIntensityWTW: ileapDecimal(e.co2eIntensityWtwKgPerTkm),
        co2eIntensityTTW: ileapDecimal(e.co2eIntensityTtwKgPerTkm),
        co2eIntensityThroughput: 'tkm',
        greenlink: {
          dataType: e.dataType,
          // Re-imported, the intensity must be adjusted exactly as it was here: energy-based legs and
          // legs whose basis needed no adjustment say so; air/sea adjustments follow from the mode.
          ...(energy ||
          inline?.dafIncluded ||
          (e.daf.kind === 'none' && e.distanceType !== 'actual' && (e.mode === 'air' || e.mode === 'sea'))
            ? { dafIncluded: true }
            : {}),
          ...(!energy && inline?.distanceBasis ? { distanceBasis: inline.distanceBasis } : {}),
          ...(e.boundarySplit ? {} : { boundarySplit: false }),
        },
      });
    }
    if (e.type === 'hub' && !hocs.has(e.hocId)) {
      const inline = source?.type === 'hub' && typeof source.hoc === 'object' ? source.hoc : undefined;
      hocs.set(e.hocId, {
        hocId: e.hocId,
        isVerified: false,
        isAccredited: false,
        ...(inline?.description ? { description: inline.description } : {}),
        hubType: inline?.hubType ?? 'transshipment',
        temperatureControl: temperature(e.temperatureControlled),
        energyCarriers: [],
        co2eIntensityWTW: ileapDecimal(e.co2eIntensityWtwKgPerT),
        co2eIntensityTTW: ileapDecimal(e.co2eIntensityTtwKgPerT),
        co2eIntensityThroughput: 'tonnes',
        greenlink: { dataType: e.dataType, ...(e.boundarySplit ? {} : { boundarySplit: false }) },
      });
    }
  }
  // Library factors keep their distance basis in the library; say so for the re-import.
  for (const e of result.elements) {
    if (e.type === 'leg' && e.factorId && e.method === 'intensity') {
      const toc = tocs.get(e.tocId)!;
      toc.description ??= `library factor ${e.factorId}`;
    }
  }
  return {
    shipmentFootprint: toIleapShipmentFootprint(result, input, options),
    tocs: [...tocs.values()],
    hocs: [...hocs.values()],
  };
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

export interface IleapImportOptions {
  /** Data type of a TOC/HOC that does not say (iLEAP has no field for it); default `modelled`. */
  defaultDataType?: DataType;
  /** TOCs/HOCs given apart from the document. */
  tocs?: IleapToc[];
  hocs?: IleapHoc[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Finds the ShipmentFootprint in a bare document, an {shipmentFootprint, tocs, hocs} bundle or a PACT footprint. */
function unwrap(doc: unknown): { sf: Record<string, unknown>; tocs: unknown[]; hocs: unknown[] } {
  if (!isObj(doc)) throw invalid('iLEAP document must be a JSON object');
  if (isObj(doc.shipmentFootprint)) {
    return {
      sf: doc.shipmentFootprint,
      tocs: Array.isArray(doc.tocs) ? doc.tocs : [],
      hocs: Array.isArray(doc.hocs) ? doc.hocs : [],
    };
  }
  if (Array.isArray(doc.tces)) return { sf: doc, tocs: [], hocs: [] };
  if (Array.isArray(doc.extensions)) {
    for (const ext of doc.extensions) {
      if (!isObj(ext)) continue;
      const data = isObj(ext.data) ? ext.data : ext;
      if (Array.isArray(data.tces)) return { sf: data, tocs: [], hocs: [] };
    }
  }
  throw invalid('no iLEAP ShipmentFootprint found (expected tces)', [{ field: '/tces', message: 'missing' }]);
}

function readDistance(d: unknown, field: string): { km: number; type: DistanceType } {
  if (!isObj(d)) throw invalid(`${field} must be an object`, [{ field, message: 'missing' }]);
  if (d.value !== undefined) {
    const unit = typeof d.unit === 'string' ? d.unit.toLowerCase() : 'km';
    const factor = unit === 'km' ? 1 : unit === 'mi' ? 1.609344 : Number.NaN;
    if (Number.isNaN(factor))
      throw invalid(`${field}/unit must be km`, [{ field: `${field}/unit`, message: `unsupported unit ${String(d.unit)}` }]);
    const src = String(d.dataSource ?? 'actual').toLowerCase();
    const type: DistanceType = src === 'gcd' ? 'GCD' : src === 'sfd' ? 'SFD' : 'actual';
    return { km: readDecimal(d.value, `${field}/value`) * factor, type };
  }
  if (d.actual !== undefined) return { km: readDecimal(d.actual, `${field}/actual`), type: 'actual' };
  if (d.sfd !== undefined) return { km: readDecimal(d.sfd, `${field}/sfd`), type: 'SFD' };
  if (d.gcd !== undefined) return { km: readDecimal(d.gcd, `${field}/gcd`), type: 'GCD' };
  throw invalid(`${field} has no distance`, [{ field, message: 'give value, actual, sfd or gcd' }]);
}

function dataTypeOf(ext: unknown, fallback: DataType): DataType {
  const t = isObj(ext) ? ext.dataType : undefined;
  return (DATA_TYPES as readonly unknown[]).includes(t) ? (t as DataType) : fallback;
}

/** Chain order from prevTceIds (a path), or the array order when the links do not form one. */
function orderTces(tces: Record<string, unknown>[]): Record<string, unknown>[] {
  const ids = new Set(tces.map((t) => String(t.tceId)));
  const prevOf = (t: Record<string, unknown>) =>
    Array.isArray(t.prevTceIds) ? t.prevTceIds.map(String).filter((p) => ids.has(p)) : [];
  const heads = tces.filter((t) => prevOf(t).length === 0);
  if (heads.length !== 1) return tces;
  const out = [heads[0]];
  while (out.length < tces.length) {
    const last = String(out[out.length - 1].tceId);
    const next = tces.filter((t) => prevOf(t).includes(last));
    if (next.length !== 1 || out.includes(next[0])) return tces;
    out.push(next[0]);
  }
  return out;
}

/**
 * Reads an iLEAP ShipmentFootprint (bare, in a PACT footprint's extensions, or bundled with its
 * TOCs/HOCs) into the engine's input. A TCE whose TOC/HOC is given uses that category's intensity;
 * otherwise its own co2eWTW/co2eTTW over its activity become an inline intensity, so the chain
 * recomputes to the figures it came with. Ids with neither stay factor ids for the resolver.
 */
export function fromIleap(doc: unknown, options: IleapImportOptions = {}): ShipmentInput {
  const { sf, tocs: docTocs, hocs: docHocs } = unwrap(doc);
  const fallback = options.defaultDataType ?? 'modelled';
  const tocs = new Map<string, IleapToc>();
  for (const t of [...docTocs, ...(options.tocs ?? [])])
    if (isObj(t) && typeof t.tocId === 'string') tocs.set(t.tocId, t as unknown as IleapToc);
  const hocs = new Map<string, IleapHoc>();
  for (const h of [...docHocs, ...(options.hocs ?? [])])
    if (isObj(h) && typeof h.hocId === 'string') hocs.set(h.hocId, h as unknown as IleapHoc);

  const shipmentId = typeof sf.shipmentId === 'string' ? sf.shipmentId : '';
  if (!shipmentId) throw invalid('shipmentId is missing', [{ field: '/shipmentId', message: 'missing' }]);
  const massKg = readDecimal(sf.mass, '/mass');
  const raw = (sf.tces as unknown[]).filter(isObj);
  if (raw.length === 0) throw invalid('tces must not be empty', [{ field: '/tces', message: 'empty' }]);
  const chain = orderTces(raw).map((tce, i): LegInput | HubInput => {
    const at = `/tces/${raw.indexOf(tce)}`;
    const tceId = typeof tce.tceId === 'string' ? tce.tceId : `${shipmentId}-${i + 1}`;
    const tceMass = tce.mass !== undefined ? readDecimal(tce.mass, `${at}/mass`) : massKg;
    const wtw = tce.co2eWTW !== undefined ? readDecimal(tce.co2eWTW, `${at}/co2eWTW`) : undefined;
    const ttw = tce.co2eTTW !== undefined ? readDecimal(tce.co2eTTW, `${at}/co2eTTW`) : undefined;
    if (typeof tce.hocId === 'string' && tce.hocId) {
      const hoc = hocs.get(tce.hocId);
      if (hoc) {
        const inline: InlineHoc = {
          id: hoc.hocId,
          co2eIntensityWtwKgPerT: readDecimal(hoc.co2eIntensityWTW, `/hocs/${hoc.hocId}/co2eIntensityWTW`),
          dataType: dataTypeOf(hoc.greenlink, fallback),
          temperatureControlled: hoc.temperatureControl === 'refrigerated',
          hubType: hoc.hubType,
          ...(hoc.description ? { description: hoc.description } : {}),
        };
        if (hoc.greenlink?.boundarySplit !== false)
          inline.co2eIntensityTtwKgPerT = readDecimal(hoc.co2eIntensityTTW, `/hocs/${hoc.hocId}/co2eIntensityTTW`);
        return { type: 'hub', id: tceId, hoc: inline };
      }
      const t = tceMass / 1000;
      if (wtw !== undefined && t > 0) {
        return {
          type: 'hub',
          id: tceId,
          hoc: {
            id: tce.hocId,
            co2eIntensityWtwKgPerT: wtw / t,
            ...(ttw !== undefined ? { co2eIntensityTtwKgPerT: ttw / t } : {}),
            dataType: fallback,
          },
        };
      }
      return { type: 'hub', id: tceId, hoc: tce.hocId };
    }
    const { km, type } = readDistance(tce.distance, `${at}/distance`);
    const tocId = typeof tce.tocId === 'string' && tce.tocId ? tce.tocId : tceId;
    const toc = tocs.get(tocId);
    let category: string | InlineToc = tocId;
    if (toc) {
      const ext = toc.greenlink;
      category = {
        id: toc.tocId,
        co2eIntensityWtwKgPerTkm: readDecimal(toc.co2eIntensityWTW, `/tocs/${toc.tocId}/co2eIntensityWTW`),
        dataType: dataTypeOf(ext, fallback),
        temperatureControlled: toc.temperatureControl === 'refrigerated',
        ...(toc.mode && MODE_BACK[toc.mode.toLowerCase()] ? { mode: MODE_BACK[toc.mode.toLowerCase()] } : {}),
        ...(ext?.distanceBasis ? { distanceBasis: ext.distanceBasis } : {}),
        ...(ext?.dafIncluded ? { dafIncluded: true } : {}),
        ...(toc.energyCarriers?.[0]?.energyCarrier ? { energyCarrier: toc.energyCarriers[0].energyCarrier } : {}),
        ...(toc.description ? { description: toc.description } : {}),
      };
      if (ext?.boundarySplit !== false)
        category.co2eIntensityTtwKgPerTkm = readDecimal(toc.co2eIntensityTTW, `/tocs/${toc.tocId}/co2eIntensityTTW`);
    } else if (wtw !== undefined) {
      // The TCE's own figures over its t.km (mass x distance: the spec's example misstates one
      // transportActivity, so it is not trusted over its inputs).
      const tkm = (tceMass / 1000) * km;
      const activity =
        tkm > 0 ? tkm : tce.transportActivity !== undefined ? readDecimal(tce.transportActivity, `${at}/transportActivity`) : 0;
      if (activity > 0) {
        category = {
          id: tocId,
          co2eIntensityWtwKgPerTkm: wtw / activity,
          ...(ttw !== undefined ? { co2eIntensityTtwKgPerTkm: ttw / activity } : {}),
          dataType: fallback,
          dafIncluded: true,
        };
      }
    }
    return { type: 'leg', id: tceId, toc: category, distanceKm: km, distanceType: type };
  });
  return { id: shipmentId, massKg, chain };
}
