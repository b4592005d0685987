import { type ErrorDetail, greatCircleKm, invalid, tonneKm } from '../core/index.js';
import type { FactorResolver } from '../factors/model.js';
import { energyLine, latLonProblem, sumEnergyLines } from './chain.js';
import { DAF_NONE_ALLOCATION } from './daf.js';
import { type Co2eKg, DATA_TYPES, type LegResult, type ParcelFootprint, type RoundAllocation, type RoundInput } from './model.js';
import { resolveEnergy } from './resolve.js';

// GLEC / ISO 14083 5.6: when a vehicle round carries many parcels and only the round's energy is
// known, share its emissions by each parcel's direct t.km (mass x consignor-to-consignee distance),
// not by the distance the vehicle happened to drive with it on board.

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const share = (total: Co2eKg, s: number): Co2eKg => ({
  co2eWtwKg: total.co2eWtwKg * s,
  co2eTtwKg: total.co2eTtwKg * s,
  co2eWttKg: total.co2eWttKg * s,
  co2eWtwUnsplitKg: total.co2eWtwUnsplitKg * s,
});

/** Allocates one round, or returns undefined after pushing every problem to `details`. */
export function evaluateRound(
  round: RoundInput,
  resolver: FactorResolver,
  path: string,
  details: ErrorDetail[],
): RoundAllocation | undefined {
  const before = details.length;
  if (round === null || typeof round !== 'object') {
    details.push({ field: path || '/', message: 'must be a round object' });
    return undefined;
  }
  if (typeof round.id !== 'string' || round.id.length === 0)
    details.push({ field: `${path}/id`, message: 'missing: a round needs an id' });
  if (round.dataType !== undefined && !(DATA_TYPES as readonly unknown[]).includes(round.dataType)) {
    details.push({ field: `${path}/dataType`, message: `must be one of ${DATA_TYPES.join(', ')}` });
  }
  const lines = [];
  if (!Array.isArray(round.energy) || round.energy.length === 0) {
    details.push({
      field: `${path}/energy`,
      message: 'must be a non-empty list of energy entries (litres or kWh with a factor)',
    });
  } else {
    for (let k = 0; k < round.energy.length; k++) {
      const r = resolveEnergy(round.energy[k], resolver);
      if (r.ok) lines.push(energyLine(r.value));
      else details.push({ field: `${path}/energy/${k}${r.field}`, message: r.message });
    }
  }
  const parcels: { id: string; massKg: number; km: number; type: 'SFD' | 'GCD'; source: 'given' | 'coordinates' }[] = [];
  if (!Array.isArray(round.parcels) || round.parcels.length === 0) {
    details.push({ field: `${path}/parcels`, message: 'must be a non-empty list of parcels' });
  } else {
    for (let i = 0; i < round.parcels.length; i++) {
      const p = round.parcels[i];
      const at = `${path}/parcels/${i}`;
      if (p === null || typeof p !== 'object') {
        details.push({ field: at, message: 'must be a parcel object' });
        continue;
      }
      const n = details.length;
      if (typeof p.id !== 'string' || p.id.length === 0)
        details.push({ field: `${at}/id`, message: 'missing: a parcel needs an id' });
      if (p.massKg === undefined) details.push({ field: `${at}/massKg`, message: 'missing: the parcel mass is required' });
      else if (!isNum(p.massKg) || p.massKg <= 0) details.push({ field: `${at}/massKg`, message: 'must be a number > 0' });
      let km = 0;
      let type: 'SFD' | 'GCD' = 'SFD';
      let source: 'given' | 'coordinates' = 'given';
      if (p.directDistanceKm !== undefined) {
        if (!isNum(p.directDistanceKm)) details.push({ field: `${at}/directDistanceKm`, message: 'must be a number' });
        else if (p.directDistanceKm < 0) details.push({ field: `${at}/directDistanceKm`, message: 'must not be negative' });
        else km = p.directDistanceKm;
      } else if (p.origin !== undefined || p.destination !== undefined) {
        const o = latLonProblem(p.origin);
        const d = latLonProblem(p.destination);
        if (o) details.push({ field: `${at}/origin`, message: o });
        if (d) details.push({ field: `${at}/destination`, message: d });
        if (!o && !d) {
          km = greatCircleKm(p.origin!, p.destination!);
          type = 'GCD';
          source = 'coordinates';
        }
      } else {
        details.push({ field: `${at}/directDistanceKm`, message: 'missing: give directDistanceKm or origin and destination' });
      }
      if (details.length === n) parcels.push({ id: p.id, massKg: p.massKg, km, type, source });
    }
  }
  if (details.length > before) return undefined;

  const total = sumEnergyLines(lines);
  const tkms = parcels.map((p) => tonneKm(p.massKg, p.km));
  let directTkm = 0;
  for (const t of tkms) directTkm += t;
  if (!(directTkm > 0)) {
    details.push({ field: `${path}/parcels`, message: 'the parcels have no direct t.km to allocate by (all distances are 0)' });
    return undefined;
  }
  const dataType = round.dataType ?? 'primary';
  const temperatureControlled = round.temperatureControlled === true;
  const out: ParcelFootprint[] = parcels.map((p, i) => {
    const s = tkms[i] / directTkm;
    const co2e = share(total, s);
    const intensity = tkms[i] > 0 ? co2e.co2eWtwKg / tkms[i] : 0;
    const element: LegResult = {
      type: 'leg',
      index: 0,
      tceId: `${round.id}:${p.id}`,
      tocId: round.id,
      dataType,
      method: 'allocation',
      temperatureControlled,
      distanceType: p.type,
      distanceSource: p.source,
      distanceInputKm: p.km,
      daf: DAF_NONE_ALLOCATION,
      distanceKm: p.km,
      transportActivityTkm: tkms[i],
      ...co2e,
      boundarySplit: co2e.co2eWtwUnsplitKg === 0,
      co2eIntensityWtwKgPerTkm: intensity,
      co2eIntensityTtwKgPerTkm: tkms[i] > 0 ? co2e.co2eTtwKg / tkms[i] : 0,
      co2eIntensityWttKgPerTkm: tkms[i] > 0 ? co2e.co2eWttKg / tkms[i] : 0,
    };
    return {
      parcelId: p.id,
      roundId: round.id,
      massKg: p.massKg,
      directDistanceKm: p.km,
      transportActivityTkm: tkms[i],
      share: s,
      primaryDataShare: dataType === 'primary' && tkms[i] > 0 ? 1 : 0,
      co2eIntensityWtwKgPerTkm: intensity,
      ...co2e,
      elements: [element],
    };
  });
  return { roundId: round.id, dataType, directTkm, ...total, energy: lines, parcels: out };
}

/** Allocates a round's energy emissions to its parcels by direct t.km. Throws a validation AppError. */
export function allocateRound(round: RoundInput, resolver: FactorResolver, options: { path?: string } = {}): RoundAllocation {
  const details: ErrorDetail[] = [];
  const result = evaluateRound(round, resolver, options.path ?? '', details);
  if (!result) throw invalid(`Round ${String(round?.id ?? '')} is invalid: ${details[0]?.message ?? 'unknown problem'}`, details);
  return result;
}
