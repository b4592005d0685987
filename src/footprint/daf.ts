import type { DistanceBasis, TransportMode } from '../factors/model.js';
import type { DafApplied, DistanceType } from './model.js';

// Distance adjustment factors, GLEC v3.2 / ISO 14083 5.4.4. The engine asks for the rule once per
// leg and applies it once, so a distance is never adjusted twice.

/** GLEC: air distances are great circle between airports plus 95 km (approach, holding, routing). */
export const AIR_GCD_ADD_KM = 95;
/** GLEC (Clean Cargo): sea SFD/GCD x 1.15 when the intensity was built on sailed distance. */
export const SEA_DAF = 1.15;

/** What the rule needs to know about the intensity the distance will be multiplied by. */
export interface IntensityBasis {
  mode?: TransportMode;
  distanceBasis?: DistanceBasis;
  dafIncluded?: boolean;
}

const rule = (kind: DafApplied['kind'], value: number, reason: string): DafApplied => Object.freeze({ kind, value, reason });

// Shared frozen rules: the hot CSV loop asks for a rule per row and must not allocate.
export const DAF_NONE_ACTUAL = rule('none', 0, 'actual distance: already includes every detour');
export const DAF_NONE_INCLUDED = rule('none', 0, 'the intensity already includes the distance adjustment');
export const DAF_NONE_ROAD = rule('none', 0, 'road: GLEC road intensities already include the +5 % adjustment');
export const DAF_NONE_PLANNED_BASIS = rule('none', 0, 'sea: the intensity is per planned (SFD/GCD) distance');
export const DAF_NONE_NO_DEFAULT = rule('none', 0, 'no default adjustment for this mode');
export const DAF_NONE_UNKNOWN_MODE = rule('none', 0, 'mode of the intensity unknown: no adjustment');
export const DAF_NONE_ENERGY = rule('none', 0, 'energy-based: emissions do not depend on the distance');
export const DAF_NONE_ALLOCATION = rule('none', 0, 'allocated from a round: emissions come from its energy, by direct t.km');
export const DAF_AIR = rule('add', AIR_GCD_ADD_KM, 'air: GCD + 95 km (GLEC)');
export const DAF_SEA = rule('multiply', SEA_DAF, 'sea: SFD/GCD x 1.15 (GLEC, intensity built on sailed distance)');

/**
 * The one adjustment to apply to a distance of `distanceType` before multiplying by an intensity
 * with this basis. Actual distances are never adjusted; road intensities already carry +5 %; air
 * GCD gets +95 km; sea SFD/GCD gets x1.15 unless the intensity is itself per planned distance.
 */
export function dafRule(distanceType: DistanceType, basis: IntensityBasis): DafApplied {
  if (distanceType === 'actual') return DAF_NONE_ACTUAL;
  if (basis.dafIncluded) return DAF_NONE_INCLUDED;
  switch (basis.mode) {
    case 'air':
      return DAF_AIR;
    case 'sea':
      return basis.distanceBasis === 'SFD' || basis.distanceBasis === 'GCD' ? DAF_NONE_PLANNED_BASIS : DAF_SEA;
    case 'road':
      return DAF_NONE_ROAD;
    case 'rail':
    case 'inland_waterway':
      return DAF_NONE_NO_DEFAULT;
    default:
      return DAF_NONE_UNKNOWN_MODE;
  }
}

export function applyDaf(rule: DafApplied, distanceKm: number): number {
  if (rule.kind === 'add') return distanceKm + rule.value;
  if (rule.kind === 'multiply') return distanceKm * rule.value;
  return distanceKm;
}

/** True when the adjustment depends on the distance type, so the type must be stated, not assumed. */
export function distanceTypeMatters(basis: IntensityBasis): boolean {
  return dafRule('GCD', basis).kind !== 'none' || dafRule('SFD', basis).kind !== 'none';
}

/** Air from an actual distance: the ratio GCD/(GCD + 95) that turns it back into a GCD-based figure. */
export function airActualToGcdRatio(gcdKm: number): number {
  return gcdKm / (gcdKm + AIR_GCD_ADD_KM);
}
