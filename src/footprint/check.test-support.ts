import type { Factor, FactorResolver } from '../factors/model.js';
import type {
  EnergyInput,
  InlineHoc,
  InlineToc,
  RoundAllocation,
  RoundInput,
  ShipmentFootprint,
  ShipmentInput,
  SiteHoc,
} from './model.js';

// An independent checker for footprint results, written apart from chain.ts and csv.ts: it
// recomputes every element from the raw inputs with its own arithmetic (own haversine, own DAF
// table, own factor reading) and re-adds the sums. It returns a list of mismatches; [] means sound.

const R_KM = 6371.0088;

function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const s1 = Math.sin(((b.lat - a.lat) * rad) / 2);
  const s2 = Math.sin(((b.lon - a.lon) * rad) / 2);
  const h = s1 * s1 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * s2 * s2;
  return 2 * R_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface Per {
  wtw: number;
  ttw: number | null; // null: WTW only, not split
  wtt: number | null;
}

function perFromValues(w?: number, t?: number, r?: number, electricity = false): Per {
  if (w !== undefined && t !== undefined && r !== undefined) return { wtw: w, ttw: t, wtt: r };
  if (w !== undefined && t !== undefined) return { wtw: w, ttw: t, wtt: w - t };
  if (w !== undefined && r !== undefined) return { wtw: w, ttw: w - r, wtt: r };
  if (t !== undefined && r !== undefined) return { wtw: t + r, ttw: t, wtt: r };
  if (w !== undefined) return electricity ? { wtw: w, ttw: 0, wtt: w } : { wtw: w, ttw: null, wtt: null };
  throw new Error('checker: factor without WTW');
}

function perFromFactor(f: Factor): Per {
  const scale = f.unit.toLowerCase().startsWith('gco2') ? 0.001 : 1;
  const s = (x?: number) => (x === undefined ? undefined : x * scale);
  return perFromValues(s(f.values.wtw), s(f.values.ttw), s(f.values.wtt), f.category === 'electricity' || /kwh/i.test(f.unit));
}

function energyPer(e: EnergyInput, resolver: FactorResolver): { q: number; per: Per } {
  const q = (e.litres ?? e.kwh ?? e.kg)!;
  if (e.factorId) return { q, per: perFromFactor(resolver(e.factorId)!) };
  const f = e.factor!;
  if (e.litres !== undefined) return { q, per: perFromValues(f.co2eWtwKgPerLitre, f.co2eTtwKgPerLitre, f.co2eWttKgPerLitre) };
  if (e.kwh !== undefined) return { q, per: perFromValues(f.co2eWtwKgPerKwh, f.co2eTtwKgPerKwh, f.co2eWttKgPerKwh, true) };
  return { q, per: perFromValues(f.co2eWtwKgPerKg, f.co2eTtwKgPerKg, f.co2eWttKgPerKg) };
}

/** Expected emissions of a piece: wtw, and ttw/wtt of the split part, and the unsplit WTW. */
interface Sum {
  wtw: number;
  ttw: number;
  wtt: number;
  unsplit: number;
}
const zero = (): Sum => ({ wtw: 0, ttw: 0, wtt: 0, unsplit: 0 });
function addPer(s: Sum, per: Per, q: number): void {
  s.wtw += per.wtw * q;
  if (per.ttw === null || per.wtt === null) s.unsplit += per.wtw * q;
  else {
    s.ttw += per.ttw * q;
    s.wtt += per.wtt * q;
  }
}

function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

export interface ExpectedElement {
  tkm: number;
  distanceKm: number;
  hubT: number;
  co2e: Sum;
  primary: boolean;
  cold: boolean;
}

/** Recomputes one element from its input, by the checker's own rules. */
export function expectElement(
  el: ShipmentInput['chain'][number],
  massKg: number,
  resolver: FactorResolver,
  extra: { tocs?: Record<string, InlineToc>; hocs?: Record<string, InlineHoc | SiteHoc> } = {},
): ExpectedElement {
  const t = massKg / 1000;
  if (el.type === 'hub') {
    const hoc = typeof el.hoc === 'string' ? (extra.hocs?.[el.hoc] ?? el.hoc) : el.hoc;
    const co2e = zero();
    let primary = false;
    let cold = el.temperatureControlled ?? false;
    if (typeof hoc === 'string') {
      const f = resolver(hoc)!;
      addPer(co2e, perFromFactor(f), t);
      cold = el.temperatureControlled ?? f.temperatureControlled ?? false;
    } else if ('outboundTonnes' in hoc) {
      const site = zero();
      if (hoc.kwh || hoc.gridFactorId || hoc.gridFactor) {
        const g = energyPer({ kwh: hoc.kwh ?? 0, factorId: hoc.gridFactorId, factor: hoc.gridFactor }, resolver);
        addPer(site, g.per, g.q);
      }
      for (const f of hoc.fuel ?? []) {
        const e = energyPer(f, resolver);
        addPer(site, e.per, e.q);
      }
      site.wtw += hoc.refrigerantCo2eKg ?? 0;
      site.ttw += hoc.refrigerantCo2eKg ?? 0;
      const k = t / hoc.outboundTonnes;
      if (site.unsplit > 0) co2e.unsplit = site.wtw * k;
      else {
        co2e.ttw = site.ttw * k;
        co2e.wtt = site.wtt * k;
      }
      co2e.wtw = site.wtw * k;
      primary = (hoc.dataType ?? 'primary') === 'primary';
      cold = el.temperatureControlled ?? hoc.temperatureControlled ?? false;
    } else {
      addPer(co2e, perFromValues(hoc.co2eIntensityWtwKgPerT, hoc.co2eIntensityTtwKgPerT, hoc.co2eIntensityWttKgPerT), t);
      primary = hoc.dataType === 'primary';
      cold = el.temperatureControlled ?? hoc.temperatureControlled ?? false;
    }
    return { tkm: 0, distanceKm: 0, hubT: t, co2e, primary, cold };
  }
  const toc = typeof el.toc === 'string' ? (extra.tocs?.[el.toc] ?? el.toc) : el.toc;
  let km: number;
  let type: string;
  if (el.distanceKm !== undefined) {
    km = el.distanceKm;
    type = el.distanceType ?? 'actual';
  } else {
    km = haversineKm(el.origin!, el.destination!);
    type = 'GCD';
  }
  const co2e = zero();
  if (el.energy) {
    for (const e of el.energy) {
      const x = energyPer(e, resolver);
      addPer(co2e, x.per, x.q);
    }
    const factor = typeof toc === 'string' ? resolver(toc) : undefined;
    const inlineCold = typeof toc === 'object' ? toc.temperatureControlled : factor?.temperatureControlled;
    const tkm = t * km;
    return {
      tkm,
      distanceKm: km,
      hubT: 0,
      co2e,
      primary: (el.dataType ?? 'primary') === 'primary',
      cold: el.temperatureControlled ?? inlineCold ?? false,
    };
  }
  let per: Per;
  let mode: string | undefined;
  let basis: string | undefined;
  let included = false;
  let primary: boolean;
  let cold: boolean;
  if (typeof toc === 'string') {
    const f = resolver(toc)!;
    per = perFromFactor(f);
    mode = f.mode;
    basis = f.distanceBasis;
    included = f.dafIncluded ?? false;
    primary = el.dataType === 'primary';
    cold = el.temperatureControlled ?? f.temperatureControlled ?? false;
  } else {
    const i = toc!;
    per = perFromValues(i.co2eIntensityWtwKgPerTkm, i.co2eIntensityTtwKgPerTkm, i.co2eIntensityWttKgPerTkm);
    mode = i.mode;
    basis = i.distanceBasis;
    included = i.dafIncluded ?? false;
    primary = (el.dataType ?? i.dataType) === 'primary';
    cold = el.temperatureControlled ?? i.temperatureControlled ?? false;
  }
  // GLEC DAF table, applied once.
  let d = km;
  if (type !== 'actual' && !included) {
    if (mode === 'air') d = km + 95;
    else if (mode === 'sea' && basis !== 'SFD' && basis !== 'GCD') d = km * 1.15;
  }
  const tkm = t * d;
  addPer(co2e, per, tkm);
  return { tkm, distanceKm: d, hubT: 0, co2e, primary, cold };
}

/** Re-checks one shipment result against its input; returns mismatches. */
export function checkShipment(
  input: ShipmentInput,
  result: ShipmentFootprint,
  resolver: FactorResolver,
  tol = 1e-9,
  extra: { tocs?: Record<string, InlineToc>; hocs?: Record<string, InlineHoc | SiteHoc> } = {},
): string[] {
  const bad: string[] = [];
  const expect = (what: string, got: number, want: number) => {
    if (!close(got, want, tol)) bad.push(`${input.id} ${what}: got ${got}, expected ${want}`);
  };
  if (result.elements.length !== input.chain.length)
    bad.push(`${input.id}: ${result.elements.length} elements for ${input.chain.length} inputs`);
  const total = zero();
  const cold = zero();
  let tkm = 0;
  let primaryTkm = 0;
  let hubT = 0;
  let coldTkm = 0;
  input.chain.forEach((el, i) => {
    const want = expectElement(el, input.massKg, resolver, extra);
    const got = result.elements[i];
    if (!got) return;
    expect(`element ${i} t.km`, got.transportActivityTkm, want.tkm);
    if (got.type === 'leg') expect(`element ${i} distanceKm`, got.distanceKm, want.distanceKm);
    else expect(`element ${i} hub t`, got.hubActivityT, want.hubT);
    expect(`element ${i} WTW`, got.co2eWtwKg, want.co2e.wtw);
    expect(`element ${i} TTW`, got.co2eTtwKg, want.co2e.ttw);
    expect(`element ${i} WTT`, got.co2eWttKg, want.co2e.wtt);
    expect(`element ${i} unsplit`, got.co2eWtwUnsplitKg, want.co2e.unsplit);
    expect(`element ${i} WTW = TTW + WTT + unsplit`, got.co2eWtwKg, got.co2eTtwKg + got.co2eWttKg + got.co2eWtwUnsplitKg);
    if (got.type === 'leg' && got.daf.kind !== 'none') {
      const applied = got.daf.kind === 'add' ? got.distanceInputKm + got.daf.value : got.distanceInputKm * got.daf.value;
      expect(`element ${i} DAF applied once`, got.distanceKm, applied);
    }
    total.wtw += want.co2e.wtw;
    total.ttw += want.co2e.ttw;
    total.wtt += want.co2e.wtt;
    total.unsplit += want.co2e.unsplit;
    tkm += want.tkm;
    hubT += want.hubT;
    if ((got.dataType === 'primary') !== want.primary && got.type === 'leg')
      bad.push(`${input.id} element ${i} data type ${got.dataType}`);
    if (want.primary) primaryTkm += want.tkm;
    if (want.cold) {
      cold.wtw += want.co2e.wtw;
      coldTkm += want.tkm;
    }
  });
  expect('t.km', result.transportActivityTkm, tkm);
  expect('hub t', result.hubActivityT, hubT);
  expect('WTW', result.co2eWtwKg, total.wtw);
  expect('TTW', result.co2eTtwKg, total.ttw);
  expect('WTT', result.co2eWttKg, total.wtt);
  expect('unsplit', result.co2eWtwUnsplitKg, total.unsplit);
  expect('primary share', result.primaryDataShare, tkm > 0 ? primaryTkm / tkm : 0);
  expect('refrigerated WTW', result.temperatureControlled.co2eWtwKg, cold.wtw);
  expect('refrigerated t.km', result.temperatureControlled.transportActivityTkm, coldTkm);
  expect('ambient + refrigerated = WTW', result.ambient.co2eWtwKg + result.temperatureControlled.co2eWtwKg, result.co2eWtwKg);
  // The sums re-added from the engine's own elements must match too.
  let eW = 0;
  let eT = 0;
  for (const e of result.elements) {
    eW += e.co2eWtwKg;
    eT += e.transportActivityTkm;
  }
  expect('sum of element WTW', result.co2eWtwKg, eW);
  expect('sum of element t.km', result.transportActivityTkm, eT);
  return bad;
}

/** Re-checks a round: energy total from its inputs, parcel shares by direct t.km, sums equal to the round. */
export function checkRound(input: RoundInput, result: RoundAllocation, resolver: FactorResolver, tol = 1e-9): string[] {
  const bad: string[] = [];
  const expect = (what: string, got: number, want: number) => {
    if (!close(got, want, tol)) bad.push(`${input.id} ${what}: got ${got}, expected ${want}`);
  };
  const total = zero();
  for (const e of input.energy) {
    const x = energyPer(e, resolver);
    addPer(total, x.per, x.q);
  }
  expect('round WTW', result.co2eWtwKg, total.wtw);
  expect('round TTW', result.co2eTtwKg, total.ttw);
  const direct = input.parcels.map((p) => (p.massKg / 1000) * (p.directDistanceKm ?? haversineKm(p.origin!, p.destination!)));
  const sumDirect = direct.reduce((a, b) => a + b, 0);
  let w = 0;
  let t = 0;
  let r = 0;
  input.parcels.forEach((p, i) => {
    const got = result.parcels[i];
    expect(`parcel ${p.id} t.km`, got.transportActivityTkm, direct[i]);
    expect(`parcel ${p.id} WTW`, got.co2eWtwKg, (total.wtw * direct[i]) / sumDirect);
    w += got.co2eWtwKg;
    t += got.co2eTtwKg;
    r += got.co2eWttKg;
  });
  expect('sum of parcel WTW = round WTW', w, result.co2eWtwKg);
  expect('sum of parcel TTW = round TTW', t, result.co2eTtwKg);
  expect('sum of parcel WTT = round WTT', r, result.co2eWttKg);
  return bad;
}

/** A plain RFC 4180 reader (no speed tricks), for checking the CSV path against its input. */
export function parseCsvPlain(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Checks a CSV batch: groups the input rows by shipment itself, recomputes every shipment with
 * {@link expectElement} and compares with the output rows (by shipment id). Rounding of the output
 * (6 decimals) is allowed for.
 */
export function checkCsvRun(
  inputCsv: string,
  outputCsv: string,
  resolver: FactorResolver,
  extra: { tocs?: Record<string, InlineToc>; hocs?: Record<string, InlineHoc | SiteHoc> } = {},
): { checked: number; problems: string[] } {
  const inRows = parseCsvPlain(inputCsv);
  const header = inRows[0];
  const col = (name: string) => header.indexOf(name);
  const c = {
    id: col('shipment_id'),
    mass: col('mass_kg'),
    el: col('element'),
    toc: col('toc'),
    hoc: col('hoc'),
    km: col('distance_km'),
    type: col('distance_type'),
    olat: col('origin_lat'),
    olon: col('origin_lon'),
    dlat: col('dest_lat'),
    dlon: col('dest_lon'),
  };
  const shipments = new Map<string, ShipmentInput>();
  for (const r of inRows.slice(1)) {
    if (r.length === 1 && r[0] === '') continue;
    const id = r[c.id];
    let s = shipments.get(id);
    if (!s) {
      s = { id, massKg: Number(r[c.mass]), chain: [] };
      shipments.set(id, s);
    }
    if (r[c.el] === 'hub') s.chain.push({ type: 'hub', hoc: r[c.hoc] });
    else {
      const km = r[c.km];
      s.chain.push({
        type: 'leg',
        toc: r[c.toc],
        ...(km !== '' ? { distanceKm: Number(km) } : {}),
        ...(r[c.type] ? { distanceType: r[c.type] as 'actual' | 'SFD' | 'GCD' } : {}),
        ...(km === ''
          ? {
              origin: { lat: Number(r[c.olat]), lon: Number(r[c.olon]) },
              destination: { lat: Number(r[c.dlat]), lon: Number(r[c.dlon]) },
            }
          : {}),
      });
    }
  }
  const out = parseCsvPlain(outputCsv);
  const oh = out[0];
  const o = (name: string) => oh.indexOf(name);
  const problems: string[] = [];
  let checked = 0;
  for (const r of out.slice(1)) {
    if (r.length === 1 && r[0] === '') continue;
    const s = shipments.get(r[o('shipment_id')]);
    if (!s) {
      problems.push(`output shipment ${r[o('shipment_id')]} not in the input`);
      continue;
    }
    const sum = zero();
    let tkm = 0;
    let primaryTkm = 0;
    let coldW = 0;
    for (const el of s.chain) {
      const e = expectElement(el, s.massKg, resolver, extra);
      sum.wtw += e.co2e.wtw;
      sum.ttw += e.co2e.ttw;
      sum.wtt += e.co2e.wtt;
      sum.unsplit += e.co2e.unsplit;
      tkm += e.tkm;
      if (e.primary) primaryTkm += e.tkm;
      if (e.cold) coldW += e.co2e.wtw;
    }
    const cmp = (name: string, want: number) => {
      const got = Number(r[o(name)]);
      if (!(Math.abs(got - want) <= 1e-6 + 1e-9 * Math.abs(want))) problems.push(`${s.id} ${name}: got ${got}, expected ${want}`);
    };
    cmp('elements', s.chain.length);
    cmp('transport_activity_tkm', tkm);
    cmp('co2e_wtw_kg', sum.wtw);
    cmp('co2e_ttw_kg', sum.ttw);
    cmp('co2e_wtt_kg', sum.wtt);
    cmp('co2e_wtw_unsplit_kg', sum.unsplit);
    cmp('refrigerated_co2e_wtw_kg', coldW);
    cmp('primary_data_share', tkm > 0 ? primaryTkm / tkm : 0);
    checked++;
  }
  return { checked, problems };
}
