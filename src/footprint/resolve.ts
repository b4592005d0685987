import type { DistanceBasis, Factor, FactorResolver, TransportMode } from '../factors/model.js';
import {
  DATA_TYPES,
  type DataType,
  type EnergyInput,
  type EnergyUnit,
  type InlineEnergyFactor,
  type InlineHoc,
  type InlineToc,
  type SiteHoc,
} from './model.js';

// Turns factor ids and inline categories into plain per-unit numbers the engine multiplies.
// Every check that names a field lives here, so the JSON and the CSV paths report the same words.

/** A resolution that failed: `field` is a JSON pointer relative to the thing resolved ('' = itself). */
export interface Problem {
  ok: false;
  field: string;
  message: string;
}
export type Resolution<T> = { ok: true; value: T } | Problem;

const fail = (field: string, message: string): Problem => ({ ok: false, field, message });
const ok = <T>(value: T): Resolution<T> => ({ ok: true, value });

/** Per-unit emissions by boundary; `split` is false when only WTW is known (then ttw = wtt = 0). */
export interface Boundaries {
  wtw: number;
  ttw: number;
  wtt: number;
  split: boolean;
}

export interface ResolvedToc extends Boundaries {
  id: string;
  /** Set when the intensity came from the factor library. */
  factor?: Factor;
  dataType: DataType;
  mode?: TransportMode;
  distanceBasis?: DistanceBasis;
  dafIncluded: boolean;
  temperatureControlled: boolean;
  energyCarrier?: string;
}

export interface ResolvedHoc extends Boundaries {
  id: string;
  factor?: Factor;
  dataType: DataType;
  temperatureControlled: boolean;
  hubType?: string;
  /** Set when the intensity was modelled from the site's energy. */
  site?: ResolvedSite;
}

export interface ResolvedEnergy extends Boundaries {
  quantity: number;
  unit: EnergyUnit;
  factorId?: string;
  factor?: Factor;
}

export interface ResolvedSite {
  kwh: number;
  gridFactorId?: string;
  grid?: ResolvedEnergy;
  fuel: ResolvedEnergy[];
  refrigerantCo2eKg: number;
  outboundTonnes: number;
  /** Site totals, kg CO2e over the period. */
  total: Boundaries;
}

const TRANSPORT_MODES: readonly TransportMode[] = ['road', 'rail', 'sea', 'air', 'inland_waterway'];
const DISTANCE_BASES: readonly DistanceBasis[] = ['SFD', 'GCD', 'actual'];

export type UnitDenominator = 'tkm' | 't' | 'kWh' | 'L' | 'kg';

/**
 * Reads a factor unit such as `kgCO2e/t.km`, `kg CO2e / tkm` or `gCO2e/kWh` into what it is per
 * and the scale to kg. Units are compared by meaning because factor sets spell them differently.
 */
export function parseFactorUnit(unit: string): { per: UnitDenominator; kgScale: number } | undefined {
  const u = unit.toLowerCase().replace(/\s+/g, '').replace(/[·⋅*]/g, '.');
  const slash = u.indexOf('/');
  if (slash < 0) return undefined;
  const num = u.slice(0, slash);
  const den = u.slice(slash + 1);
  let kgScale: number;
  if (num === 'kgco2e' || num === 'kgco2') kgScale = 1;
  else if (num === 'gco2e' || num === 'gco2') kgScale = 0.001;
  else if (num === 'tco2e' || num === 'tco2') kgScale = 1000;
  else return undefined;
  const per = DENOMINATORS[den];
  return per ? { per, kgScale } : undefined;
}

const DENOMINATORS: Record<string, UnitDenominator> = {
  't.km': 'tkm',
  tkm: 'tkm',
  'tonne.km': 'tkm',
  'tonne-km': 'tkm',
  't-km': 'tkm',
  t: 't',
  tonne: 't',
  kwh: 'kWh',
  l: 'L',
  litre: 'L',
  liter: 'L',
  kg: 'kg',
};

const UNIT_WORDS: Record<UnitDenominator, string> = {
  tkm: 'kgCO2e/t.km',
  t: 'kgCO2e/t',
  kWh: 'kgCO2e/kWh',
  L: 'kgCO2e/L',
  kg: 'kgCO2e/kg',
};

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Completes WTW/TTW/WTT from what is known: WTW = TTW + WTT, so any two give the third. A WTW-only
 * electricity factor has TTW 0 (nothing burns in the vehicle or the hub); other WTW-only factors
 * stay unsplit. WTW is mandatory: GLEC requires every chain to be reported well-to-wheel.
 */
export function completeBoundaries(
  wtw: number | undefined,
  ttw: number | undefined,
  wtt: number | undefined,
  electricity: boolean,
): Resolution<Boundaries> {
  for (const [name, v] of [
    ['WTW', wtw],
    ['TTW', ttw],
    ['WTT', wtt],
  ] as const) {
    if (v !== undefined && (!isNum(v) || v < 0)) return fail('', `${name} value must be a number >= 0`);
  }
  if (wtw !== undefined) {
    if (ttw !== undefined && wtt !== undefined) return ok({ wtw, ttw, wtt, split: true });
    if (ttw !== undefined) {
      if (ttw > wtw * (1 + 1e-9)) return fail('', `TTW (${ttw}) exceeds WTW (${wtw}), which is impossible`);
      return ok({ wtw, ttw, wtt: Math.max(0, wtw - ttw), split: true });
    }
    if (wtt !== undefined) {
      if (wtt > wtw * (1 + 1e-9)) return fail('', `WTT (${wtt}) exceeds WTW (${wtw}), which is impossible`);
      return ok({ wtw, ttw: Math.max(0, wtw - wtt), wtt, split: true });
    }
    if (electricity) return ok({ wtw, ttw: 0, wtt: wtw, split: true });
    return ok({ wtw, ttw: 0, wtt: 0, split: false });
  }
  if (ttw !== undefined && wtt !== undefined) return ok({ wtw: ttw + wtt, ttw, wtt, split: true });
  return fail('', 'has no WTW value (give WTW, or TTW and WTT)');
}

function libraryFactor(
  resolver: FactorResolver,
  id: string,
  per: UnitDenominator,
  role: string,
): Resolution<{ factor: Factor; b: Boundaries }> {
  const factor = resolver(id);
  if (!factor) return fail('', `unknown factor id ${id}`);
  const unit = parseFactorUnit(factor.unit);
  if (!unit || unit.per !== per) {
    return fail('', `factor ${id} is in ${factor.unit}; ${role} must be in ${UNIT_WORDS[per]}`);
  }
  const s = unit.kgScale;
  const v = factor.values;
  const scaled = (x: number | undefined) => (x === undefined ? undefined : x * s);
  const b = completeBoundaries(scaled(v.wtw), scaled(v.ttw), scaled(v.wtt), per === 'kWh' || factor.category === 'electricity');
  if (!b.ok) return fail('', `factor ${id} ${b.message}`);
  return ok({ factor, b: b.value });
}

function checkDataType(v: unknown, field: string): Problem | undefined {
  if (v !== undefined && !(DATA_TYPES as readonly unknown[]).includes(v)) {
    return fail(field, `must be one of ${DATA_TYPES.join(', ')}`);
  }
  return undefined;
}

function checkBool(v: unknown, field: string): Problem | undefined {
  return v === undefined || typeof v === 'boolean' ? undefined : fail(field, 'must be true or false');
}

function checkId(v: unknown): Problem | undefined {
  return typeof v === 'string' && v.length > 0 ? undefined : fail('/id', 'missing: an inline category needs an id');
}

function checkIntensity(v: unknown, field: string, required: boolean): Problem | undefined {
  if (v === undefined) return required ? fail(field, 'missing') : undefined;
  if (!isNum(v)) return fail(field, 'must be a number');
  if (v < 0) return fail(field, 'must not be negative');
  return undefined;
}

/** A transport operation category: a library factor in kgCO2e/t.km, or an inline intensity. */
export function resolveToc(toc: unknown, resolver: FactorResolver): Resolution<ResolvedToc> {
  if (typeof toc === 'string') {
    if (toc.length === 0) return fail('', 'missing: give a factor id or an inline intensity');
    const r = libraryFactor(resolver, toc, 'tkm', 'a transport intensity');
    if (!r.ok) return r;
    const f = r.value.factor;
    return ok({
      ...r.value.b,
      id: toc,
      factor: f,
      dataType: 'default',
      mode: f.mode,
      distanceBasis: f.distanceBasis,
      dafIncluded: f.dafIncluded === true,
      temperatureControlled: f.temperatureControlled === true,
    });
  }
  if (toc === null || typeof toc !== 'object') return fail('', 'missing: give a factor id or an inline intensity');
  const t = toc as InlineToc;
  const problem =
    checkId(t.id) ??
    checkIntensity(t.co2eIntensityWtwKgPerTkm, '/co2eIntensityWtwKgPerTkm', t.co2eIntensityTtwKgPerTkm === undefined) ??
    checkIntensity(t.co2eIntensityTtwKgPerTkm, '/co2eIntensityTtwKgPerTkm', false) ??
    checkIntensity(t.co2eIntensityWttKgPerTkm, '/co2eIntensityWttKgPerTkm', false) ??
    checkDataType(t.dataType, '/dataType') ??
    checkBool(t.dafIncluded, '/dafIncluded') ??
    checkBool(t.temperatureControlled, '/temperatureControlled') ??
    (t.mode !== undefined && !TRANSPORT_MODES.includes(t.mode)
      ? fail('/mode', `must be one of ${TRANSPORT_MODES.join(', ')}`)
      : undefined) ??
    (t.distanceBasis !== undefined && !DISTANCE_BASES.includes(t.distanceBasis)
      ? fail('/distanceBasis', `must be one of ${DISTANCE_BASES.join(', ')}`)
      : undefined);
  if (problem) return problem;
  const b = completeBoundaries(t.co2eIntensityWtwKgPerTkm, t.co2eIntensityTtwKgPerTkm, t.co2eIntensityWttKgPerTkm, false);
  if (!b.ok) return fail('/co2eIntensityWtwKgPerTkm', b.message);
  return ok({
    ...b.value,
    id: t.id,
    dataType: t.dataType ?? 'default',
    mode: t.mode,
    distanceBasis: t.distanceBasis,
    dafIncluded: t.dafIncluded === true,
    temperatureControlled: t.temperatureControlled === true,
    energyCarrier: t.energyCarrier,
  });
}

const isSiteHoc = (h: object): h is SiteHoc => 'outboundTonnes' in h;

/** A hub operation category: library factor in kgCO2e/t, inline intensity, or modelled from site energy. */
export function resolveHoc(hoc: unknown, resolver: FactorResolver): Resolution<ResolvedHoc> {
  if (typeof hoc === 'string') {
    if (hoc.length === 0) return fail('', 'missing: give a factor id or an inline hub intensity');
    const r = libraryFactor(resolver, hoc, 't', 'a hub intensity');
    if (!r.ok) return r;
    return ok({
      ...r.value.b,
      id: hoc,
      factor: r.value.factor,
      dataType: 'default',
      temperatureControlled: r.value.factor.temperatureControlled === true,
    });
  }
  if (hoc === null || typeof hoc !== 'object') return fail('', 'missing: give a factor id or an inline hub intensity');
  if (isSiteHoc(hoc)) return resolveSiteHoc(hoc, resolver);
  const h = hoc as InlineHoc;
  const problem =
    checkId(h.id) ??
    checkIntensity(h.co2eIntensityWtwKgPerT, '/co2eIntensityWtwKgPerT', h.co2eIntensityTtwKgPerT === undefined) ??
    checkIntensity(h.co2eIntensityTtwKgPerT, '/co2eIntensityTtwKgPerT', false) ??
    checkIntensity(h.co2eIntensityWttKgPerT, '/co2eIntensityWttKgPerT', false) ??
    checkDataType(h.dataType, '/dataType') ??
    checkBool(h.temperatureControlled, '/temperatureControlled');
  if (problem) return problem;
  const b = completeBoundaries(h.co2eIntensityWtwKgPerT, h.co2eIntensityTtwKgPerT, h.co2eIntensityWttKgPerT, false);
  if (!b.ok) return fail('/co2eIntensityWtwKgPerT', b.message);
  return ok({
    ...b.value,
    id: h.id,
    dataType: h.dataType ?? 'default',
    temperatureControlled: h.temperatureControlled === true,
    hubType: h.hubType,
  });
}

function resolveSiteHoc(h: SiteHoc, resolver: FactorResolver): Resolution<ResolvedHoc> {
  const problem =
    checkId(h.id) ??
    checkDataType(h.dataType, '/dataType') ??
    checkBool(h.temperatureControlled, '/temperatureControlled') ??
    (!isNum(h.outboundTonnes) || h.outboundTonnes <= 0 ? fail('/outboundTonnes', 'must be a number > 0') : undefined) ??
    (h.kwh !== undefined && (!isNum(h.kwh) || h.kwh < 0) ? fail('/kwh', 'must be a number >= 0') : undefined) ??
    (h.refrigerantCo2eKg !== undefined && (!isNum(h.refrigerantCo2eKg) || h.refrigerantCo2eKg < 0)
      ? fail('/refrigerantCo2eKg', 'must be a number >= 0')
      : undefined) ??
    (h.fuel !== undefined && !Array.isArray(h.fuel) ? fail('/fuel', 'must be a list of energy entries') : undefined);
  if (problem) return problem;
  const kwh = h.kwh ?? 0;
  let grid: ResolvedEnergy | undefined;
  if (kwh > 0 || h.gridFactorId !== undefined || h.gridFactor !== undefined) {
    const g = resolveEnergy({ kwh, factorId: h.gridFactorId, factor: h.gridFactor }, resolver);
    if (!g.ok) {
      const field = h.gridFactorId !== undefined ? '/gridFactorId' : '/gridFactor';
      return fail(g.field === '/factorId' || g.field === '/factor' || g.field === '' ? field : field + g.field, g.message);
    }
    grid = g.value;
  }
  const fuel: ResolvedEnergy[] = [];
  for (let i = 0; i < (h.fuel?.length ?? 0); i++) {
    const f = resolveEnergy(h.fuel![i], resolver);
    if (!f.ok) return fail(`/fuel/${i}${f.field}`, f.message);
    fuel.push(f.value);
  }
  const refrigerant = h.refrigerantCo2eKg ?? 0;
  const parts = grid ? [grid, ...fuel] : fuel;
  const total: Boundaries = { wtw: refrigerant, ttw: refrigerant, wtt: 0, split: true };
  let unsplit = 0;
  for (const p of parts) {
    total.wtw += p.wtw * p.quantity;
    if (p.split) {
      total.ttw += p.ttw * p.quantity;
      total.wtt += p.wtt * p.quantity;
    } else unsplit += p.wtw * p.quantity;
  }
  // A site total with an unsplit part cannot be split as a whole: carry it as WTW only.
  if (unsplit > 0) {
    total.split = false;
    total.ttw = 0;
    total.wtt = 0;
  }
  const t = h.outboundTonnes;
  return ok({
    wtw: total.wtw / t,
    ttw: total.ttw / t,
    wtt: total.wtt / t,
    split: total.split,
    id: h.id,
    dataType: h.dataType ?? 'primary',
    temperatureControlled: h.temperatureControlled === true,
    hubType: h.hubType,
    site: { kwh, gridFactorId: h.gridFactorId, grid, fuel, refrigerantCo2eKg: refrigerant, outboundTonnes: t, total },
  });
}

const INLINE_KEYS: Record<EnergyUnit, [keyof InlineEnergyFactor, keyof InlineEnergyFactor, keyof InlineEnergyFactor]> = {
  L: ['co2eWtwKgPerLitre', 'co2eTtwKgPerLitre', 'co2eWttKgPerLitre'],
  kWh: ['co2eWtwKgPerKwh', 'co2eTtwKgPerKwh', 'co2eWttKgPerKwh'],
  kg: ['co2eWtwKgPerKg', 'co2eTtwKgPerKg', 'co2eWttKgPerKg'],
};
const QUANTITY_FIELD: Record<EnergyUnit, string> = { L: 'litres', kWh: 'kwh', kg: 'kg' };

/** One energy entry: exactly one quantity, converted by a factor in the matching unit (ISO 14083 5.3). */
export function resolveEnergy(e: EnergyInput, resolver: FactorResolver): Resolution<ResolvedEnergy> {
  if (e === null || typeof e !== 'object') return fail('', 'must be an object with litres, kwh or kg and a factor');
  const given = (['L', 'kWh', 'kg'] as const).filter((u) => e[QUANTITY_FIELD[u] as 'litres' | 'kwh' | 'kg'] !== undefined);
  if (given.length !== 1) return fail('', 'give exactly one of litres, kwh, kg');
  const unit = given[0];
  const field = QUANTITY_FIELD[unit];
  const quantity = e[field as 'litres' | 'kwh' | 'kg'];
  if (!isNum(quantity)) return fail(`/${field}`, 'must be a number');
  if (quantity < 0) return fail(`/${field}`, 'must not be negative');
  if (e.factorId !== undefined && e.factor !== undefined) return fail('', 'give factorId or factor, not both');
  if (e.factorId !== undefined) {
    if (typeof e.factorId !== 'string' || e.factorId.length === 0) return fail('/factorId', 'must be a factor id');
    const r = libraryFactor(resolver, e.factorId, unit, `a factor for ${field}`);
    if (!r.ok) return fail('/factorId', r.message);
    return ok({ ...r.value.b, quantity, unit, factorId: e.factorId, factor: r.value.factor });
  }
  if (e.factor === undefined || e.factor === null || typeof e.factor !== 'object') {
    return fail('/factorId', 'missing: give factorId or an inline factor');
  }
  const [kw, kt, kr] = INLINE_KEYS[unit];
  const f = e.factor;
  const b = completeBoundaries(
    f[kw] as number | undefined,
    f[kt] as number | undefined,
    f[kr] as number | undefined,
    unit === 'kWh',
  );
  if (!b.ok) {
    const other = (Object.keys(f) as (keyof InlineEnergyFactor)[]).find((k) => k.startsWith('co2e') && f[k] !== undefined);
    const hint = other && ![kw, kt, kr].includes(other) ? ` (${other} does not convert ${field})` : '';
    return fail(`/factor/${kw}`, b.message + hint);
  }
  return ok({ ...b.value, quantity, unit, factorId: typeof f.id === 'string' ? f.id : undefined });
}
