import { type ErrorDetail, greatCircleKm, invalid, isValidLatLon, type LatLon, tonneKm, tonnes } from '../core/index.js';
import type { FactorResolver } from '../factors/model.js';
import { applyDaf, DAF_NONE_ENERGY, dafRule, distanceTypeMatters } from './daf.js';
import {
  type CategoryTotals,
  type Co2eKg,
  DATA_TYPES,
  type DataType,
  DISTANCE_TYPES,
  type DistanceType,
  type EnergyLineResult,
  type HubInput,
  type HubResult,
  type LegInput,
  type LegResult,
  type ShipmentFootprint,
  type ShipmentInput,
} from './model.js';
import { type ResolvedEnergy, type ResolvedToc, resolveEnergy, resolveHoc, resolveToc } from './resolve.js';

// ISO 14083 transport chain: the shipment's emissions are the sum of its elements (legs and hubs),
// each computed from its own activity and category. Everything here is pure and total: inputs are
// checked field by field and every problem is reported with its JSON pointer.

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export const zeroCo2e = (): Co2eKg => ({ co2eWtwKg: 0, co2eTtwKg: 0, co2eWttKg: 0, co2eWtwUnsplitKg: 0 });

export function addCo2e(into: Co2eKg, part: Co2eKg): void {
  into.co2eWtwKg += part.co2eWtwKg;
  into.co2eTtwKg += part.co2eTtwKg;
  into.co2eWttKg += part.co2eWttKg;
  into.co2eWtwUnsplitKg += part.co2eWtwUnsplitKg;
}

/** Per-unit values x quantity; a WTW-only value stays unsplit rather than being guessed. */
export function scaleCo2e(perUnit: { wtw: number; ttw: number; wtt: number; split: boolean }, quantity: number): Co2eKg {
  const wtw = perUnit.wtw * quantity;
  return perUnit.split
    ? { co2eWtwKg: wtw, co2eTtwKg: perUnit.ttw * quantity, co2eWttKg: perUnit.wtt * quantity, co2eWtwUnsplitKg: 0 }
    : { co2eWtwKg: wtw, co2eTtwKg: 0, co2eWttKg: 0, co2eWtwUnsplitKg: wtw };
}

/** Energy quantity x factor = emissions (ISO 14083 5.3). */
export function energyLine(e: ResolvedEnergy): EnergyLineResult {
  return {
    quantity: e.quantity,
    unit: e.unit,
    factorId: e.factorId,
    co2eWtwKgPerUnit: e.wtw,
    co2eTtwKgPerUnit: e.ttw,
    co2eWttKgPerUnit: e.wtt,
    boundarySplit: e.split,
    ...scaleCo2e(e, e.quantity),
  };
}

export function sumEnergyLines(lines: EnergyLineResult[]): Co2eKg {
  const total = zeroCo2e();
  for (const l of lines) addCo2e(total, l);
  return total;
}

/** Checks an optional `{lat, lon}`; returns a message when it is present but wrong. */
export function latLonProblem(p: unknown): string | undefined {
  if (p === null || typeof p !== 'object') return 'must be {lat, lon}';
  const { lat, lon } = p as LatLon;
  return isNum(lat) && isNum(lon) && isValidLatLon({ lat, lon })
    ? undefined
    : 'must be {lat, lon} with lat -90..90, lon -180..180';
}

function checkDataType(v: unknown, field: string, details: ErrorDetail[]): void {
  if (v !== undefined && !(DATA_TYPES as readonly unknown[]).includes(v)) {
    details.push({ field, message: `must be one of ${DATA_TYPES.join(', ')}` });
  }
}

/** The distance a leg states, or a great circle from its coordinates; undefined after a reported problem. */
function legDistance(
  leg: LegInput,
  at: string,
  details: ErrorDetail[],
): { km: number; type?: DistanceType; source: 'given' | 'coordinates' } | undefined {
  const type = leg.distanceType;
  if (type !== undefined && !(DISTANCE_TYPES as readonly unknown[]).includes(type)) {
    details.push({ field: `${at}/distanceType`, message: `must be one of ${DISTANCE_TYPES.join(', ')}` });
    return undefined;
  }
  if (leg.distanceKm !== undefined) {
    if (!isNum(leg.distanceKm)) {
      details.push({ field: `${at}/distanceKm`, message: 'must be a number' });
      return undefined;
    }
    if (leg.distanceKm < 0) {
      details.push({ field: `${at}/distanceKm`, message: `must not be negative (got ${leg.distanceKm})` });
      return undefined;
    }
    return { km: leg.distanceKm, type, source: 'given' };
  }
  if (leg.origin === undefined && leg.destination === undefined) {
    details.push({ field: `${at}/distanceKm`, message: 'missing: give distanceKm or origin and destination' });
    return undefined;
  }
  const o = latLonProblem(leg.origin);
  const d = latLonProblem(leg.destination);
  if (o) details.push({ field: `${at}/origin`, message: o });
  if (d) details.push({ field: `${at}/destination`, message: d });
  if (o || d) return undefined;
  if (type !== undefined && type !== 'GCD') {
    details.push({
      field: `${at}/distanceType`,
      message: 'coordinates give a great-circle distance: use GCD or give distanceKm',
    });
    return undefined;
  }
  return { km: greatCircleKm(leg.origin!, leg.destination!), type: 'GCD', source: 'coordinates' };
}

function evaluateLeg(
  leg: LegInput,
  index: number,
  tceId: string,
  massKg: number,
  resolver: FactorResolver,
  at: string,
  details: ErrorDetail[],
): LegResult | undefined {
  const before = details.length;
  let energy: ResolvedEnergy[] | undefined;
  if (leg.energy !== undefined) {
    if (!Array.isArray(leg.energy) || leg.energy.length === 0) {
      details.push({ field: `${at}/energy`, message: 'must be a non-empty list of energy entries' });
    } else {
      energy = [];
      for (let k = 0; k < leg.energy.length; k++) {
        const r = resolveEnergy(leg.energy[k], resolver);
        if (r.ok) energy.push(r.value);
        else details.push({ field: `${at}/energy/${k}${r.field}`, message: r.message });
      }
    }
  }
  let toc: ResolvedToc | undefined;
  let tocLabel: string | undefined;
  if (leg.toc !== undefined) {
    const r = resolveToc(leg.toc, resolver);
    if (r.ok) toc = r.value;
    else if (leg.energy !== undefined && typeof leg.toc === 'string' && leg.toc.length > 0) {
      // With energy data the TOC only names the category; it need not be a library factor.
      tocLabel = leg.toc;
    } else details.push({ field: `${at}/toc${r.field}`, message: r.message });
  } else if (leg.energy === undefined) {
    details.push({ field: `${at}/toc`, message: 'missing: give a factor id, an inline intensity or energy data' });
  }
  checkDataType(leg.dataType, `${at}/dataType`, details);
  if (leg.temperatureControlled !== undefined && typeof leg.temperatureControlled !== 'boolean') {
    details.push({ field: `${at}/temperatureControlled`, message: 'must be true or false' });
  }
  const dist = legDistance(leg, at, details);
  const distanceType: DistanceType = dist?.type ?? 'actual';
  if (dist && dist.type === undefined && toc && !energy && distanceTypeMatters(toc)) {
    details.push({
      field: `${at}/distanceType`,
      message: `required for ${toc.mode} legs: the distance adjustment depends on it (actual, SFD or GCD)`,
    });
  }
  if (details.length > before || !dist) return undefined;

  const daf = energy ? DAF_NONE_ENERGY : dafRule(distanceType, toc!);
  const distanceKm = applyDaf(daf, dist.km);
  const tkm = tonneKm(massKg, distanceKm);
  let co2e: Co2eKg;
  let lines: EnergyLineResult[] | undefined;
  let dataType: DataType;
  if (energy) {
    lines = energy.map(energyLine);
    co2e = sumEnergyLines(lines);
    dataType = leg.dataType ?? 'primary';
  } else {
    co2e = scaleCo2e(toc!, tkm);
    dataType = leg.dataType ?? toc!.dataType;
  }
  const per = (kg: number) => (tkm > 0 ? kg / tkm : 0);
  return {
    type: 'leg',
    index,
    tceId,
    tocId: toc?.id ?? tocLabel ?? tceId,
    factorId: toc?.factor ? toc.id : undefined,
    mode: toc?.mode,
    dataType,
    method: energy ? 'energy' : 'intensity',
    temperatureControlled: leg.temperatureControlled ?? toc?.temperatureControlled ?? false,
    distanceType,
    distanceSource: dist.source,
    distanceInputKm: dist.km,
    daf,
    distanceKm,
    transportActivityTkm: tkm,
    ...co2e,
    boundarySplit: co2e.co2eWtwUnsplitKg === 0,
    co2eIntensityWtwKgPerTkm: energy ? per(co2e.co2eWtwKg) : toc!.wtw,
    co2eIntensityTtwKgPerTkm: energy ? per(co2e.co2eTtwKg) : toc!.ttw,
    co2eIntensityWttKgPerTkm: energy ? per(co2e.co2eWttKg) : toc!.wtt,
    ...(lines ? { energy: lines } : {}),
  };
}

function evaluateHub(
  hub: HubInput,
  index: number,
  tceId: string,
  massKg: number,
  resolver: FactorResolver,
  at: string,
  details: ErrorDetail[],
): HubResult | undefined {
  const r = resolveHoc(hub.hoc, resolver);
  if (!r.ok) {
    details.push({ field: `${at}/hoc${r.field}`, message: r.message });
    return undefined;
  }
  if (hub.temperatureControlled !== undefined && typeof hub.temperatureControlled !== 'boolean') {
    details.push({ field: `${at}/temperatureControlled`, message: 'must be true or false' });
    return undefined;
  }
  const hoc = r.value;
  // Hub activity is the tonnes leaving the hub (ISO 14083 5.5): this shipment's mass.
  const hubActivityT = tonnes(massKg);
  const co2e = scaleCo2e(hoc, hubActivityT);
  let site: HubResult['site'];
  if (hoc.site) {
    const s = hoc.site;
    const energy = (s.grid ? [s.grid, ...s.fuel] : s.fuel).map(energyLine);
    site = {
      kwh: s.kwh,
      gridFactorId: s.gridFactorId,
      outboundTonnes: s.outboundTonnes,
      refrigerantCo2eKg: s.refrigerantCo2eKg,
      energy,
      ...scaleCo2e(s.total, 1),
    };
  }
  return {
    type: 'hub',
    index,
    tceId,
    hocId: hoc.id,
    factorId: hoc.factor ? hoc.id : undefined,
    dataType: hoc.dataType,
    method: hoc.site ? 'site-energy' : 'intensity',
    temperatureControlled: hub.temperatureControlled ?? hoc.temperatureControlled,
    transportActivityTkm: 0,
    hubActivityT,
    ...co2e,
    boundarySplit: hoc.split,
    co2eIntensityWtwKgPerT: hoc.wtw,
    co2eIntensityTtwKgPerT: hoc.ttw,
    co2eIntensityWttKgPerT: hoc.wtt,
    ...(site ? { site } : {}),
  };
}

const zeroTotals = (): CategoryTotals => ({ transportActivityTkm: 0, ...zeroCo2e() });

/**
 * Computes one shipment, or returns undefined after pushing every problem to `details` (pointers are
 * prefixed with `path`, e.g. `/shipments/0`). Use {@link computeShipment} for the throwing form.
 */
export function evaluateShipment(
  shipment: ShipmentInput,
  resolver: FactorResolver,
  path: string,
  details: ErrorDetail[],
): ShipmentFootprint | undefined {
  const before = details.length;
  if (shipment === null || typeof shipment !== 'object') {
    details.push({ field: path || '/', message: 'must be a shipment object' });
    return undefined;
  }
  const id = shipment.id;
  if (typeof id !== 'string' || id.length === 0)
    details.push({ field: `${path}/id`, message: 'missing: a shipment needs an id' });
  let massKg = shipment.massKg;
  if (massKg === undefined || massKg === null) {
    details.push({ field: `${path}/massKg`, message: 'missing: the shipment mass is required' });
  } else if (!isNum(massKg) || massKg <= 0) {
    details.push({ field: `${path}/massKg`, message: `must be a number > 0 (got ${String(massKg)})` });
  }
  if (details.length > before) massKg = 1; // keep checking the chain so every problem is reported at once
  const chain = shipment.chain;
  if (!Array.isArray(chain) || chain.length === 0) {
    details.push({ field: `${path}/chain`, message: 'must be a non-empty list of legs and hubs' });
    return undefined;
  }
  const elements: ShipmentFootprint['elements'] = [];
  for (let i = 0; i < chain.length; i++) {
    const el = chain[i];
    const at = `${path}/chain/${i}`;
    const tceId = el && typeof el.id === 'string' && el.id.length > 0 ? el.id : `${id}-${i + 1}`;
    let result: ShipmentFootprint['elements'][number] | undefined;
    if (el?.type === 'leg') result = evaluateLeg(el, i, tceId, massKg, resolver, at, details);
    else if (el?.type === 'hub') result = evaluateHub(el, i, tceId, massKg, resolver, at, details);
    else details.push({ field: `${at}/type`, message: 'must be leg or hub' });
    if (result) elements.push(result);
  }
  if (details.length > before) return undefined;
  return summarise(id, massKg, elements);
}

function summarise(shipmentId: string, massKg: number, elements: ShipmentFootprint['elements']): ShipmentFootprint {
  const total = zeroCo2e();
  const cold = zeroTotals();
  const ambient = zeroTotals();
  let tkm = 0;
  let primaryTkm = 0;
  let hubT = 0;
  for (const e of elements) {
    addCo2e(total, e);
    tkm += e.transportActivityTkm;
    if (e.dataType === 'primary') primaryTkm += e.transportActivityTkm;
    if (e.type === 'hub') hubT += e.hubActivityT;
    const cat = e.temperatureControlled ? cold : ambient;
    addCo2e(cat, e);
    cat.transportActivityTkm += e.transportActivityTkm;
  }
  return {
    shipmentId,
    massKg,
    transportActivityTkm: tkm,
    hubActivityT: hubT,
    ...total,
    primaryDataShare: tkm > 0 ? primaryTkm / tkm : 0,
    temperatureControlled: cold,
    ambient,
    elements,
  };
}

/**
 * ISO 14083 footprint of one shipment's transport chain. Throws a validation AppError listing every
 * problem with its JSON pointer (prefixed with `options.path`, e.g. `/shipments/0`).
 */
export function computeShipment(
  shipment: ShipmentInput,
  resolver: FactorResolver,
  options: { path?: string } = {},
): ShipmentFootprint {
  const details: ErrorDetail[] = [];
  const result = evaluateShipment(shipment, resolver, options.path ?? '', details);
  if (!result)
    throw invalid(`Shipment ${String(shipment?.id ?? '')} is invalid: ${details[0]?.message ?? 'unknown problem'}`, details);
  return result;
}
