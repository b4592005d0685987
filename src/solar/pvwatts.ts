/**
 * PVWatts v5 DC and inverter models, its loss model, and the physical (Fresnel) cover-glass incidence modifier.
 *
 * Formulas ported from pvlib-python `pvsystem.pvwatts_dc`, `pvsystem.pvwatts_losses`, `inverter.pvwatts` and
 * `iam.physical` (BSD-3-Clause, Copyright (c) pvlib python Contributors); see Dobos 2014, NREL/TP-6A20-62641, and
 * De Soto et al. 2006. Module-type constants are SAM's (ssc `cmod_pvwattsv5.cpp`).
 */

import { invalid } from '../core/index.js';
import type { ModuleType } from './model.js';

const RAD = Math.PI / 180;

/** PVWatts module types: power temperature coefficient (1/°C) and cover glass. */
export const MODULE_PARAMS: Record<ModuleType, { gammaPdc: number; glass: 'standard' | 'ar' }> = {
  standard: { gammaPdc: -0.0047, glass: 'standard' },
  premium: { gammaPdc: -0.0035, glass: 'ar' },
  thin_film: { gammaPdc: -0.002, glass: 'standard' },
};

/** Effective refractive index of PVWatts' anti-reflective coating (premium modules). */
export const AR_COATING_INDEX = 1.3;

/**
 * Physical incidence-angle modifier of a glass cover (Fresnel reflection at each interface plus absorption in the
 * glass), normalised to 1 at normal incidence; 0 from 90° on. n is the glass index, k the extinction coefficient
 * (1/m) and l the thickness (m). `nAr` adds an anti-reflective layer of that index (e.g. 1.29–1.3) on the glass.
 */
export function iamPhysical(aoiDeg: number, n = 1.526, k = 4, l = 0.002, nAr?: number): number {
  if (Math.abs(aoiDeg) >= 90) return 0;
  const n1 = 1;
  const n3 = n;
  const n2 = nAr === undefined || Math.abs(nAr - n1) <= 1e-8 + 1e-5 ? n : nAr;

  let cosT = Math.max(0, Math.cos(aoiDeg * RAD));
  let sinT = Math.sqrt(1 - cosT * cosT);
  const n1cos1 = n1 * cosT;
  const n2cos1 = n2 * cosT;

  // Refraction into the first layer (Snell).
  sinT = (n1 / n2) * sinT;
  cosT = Math.sqrt(1 - sinT * sinT);
  const n1cos2 = n1 * cosT;
  const n2cos2 = n2 * cosT;

  // Reflectance of s- and p-polarised light, and at normal incidence, at the first interface.
  const rho12s = ((n1cos1 - n2cos2) / (n1cos1 + n2cos2)) ** 2;
  const rho12p = ((n1cos2 - n2cos1) / (n1cos2 + n2cos1)) ** 2;
  const rho120 = ((n1 - n2) / (n1 + n2)) ** 2;
  let tauS = 1 - rho12s;
  let tauP = 1 - rho12p;
  let tau0 = 1 - rho120;

  if (Math.abs(n3 - n2) > 1e-8 + 1e-5 * Math.abs(n2)) {
    // AR coating: second interface into the glass, with the internal reflections summed as a geometric series.
    const n3cos2 = n3 * cosT;
    sinT = (n2 / n3) * sinT;
    cosT = Math.sqrt(1 - sinT * sinT);
    const n2cos3 = n2 * cosT;
    const n3cos3 = n3 * cosT;
    const rho23s = ((n2cos2 - n3cos3) / (n2cos2 + n3cos3)) ** 2;
    const rho23p = ((n2cos3 - n3cos2) / (n2cos3 + n3cos2)) ** 2;
    const rho230 = ((n2 - n3) / (n2 + n3)) ** 2;
    tauS *= (1 - rho23s) / (1 - rho23s * rho12s);
    tauP *= (1 - rho23p) / (1 - rho23p * rho12p);
    tau0 *= (1 - rho230) / (1 - rho230 * rho120);
  }

  // Absorption along the refracted path through the glass.
  const absorbed = Math.exp((-k * l) / cosT);
  tauS *= absorbed;
  tauP *= absorbed;
  tau0 *= Math.exp(-k * l);
  return (tauS + tauP) / 2 / tau0;
}

const IAM_TABLE_STEP_DEG = 0.05;

/**
 * `iamPhysical` tabulated every 0.05° of incidence with linear interpolation between entries (the model chain
 * calls it once per step; the curve is smooth, so the table is within 1e-5 of the formula (closest near 90°, where the beam is nil)).
 */
export function iamLookup(n = 1.526, k = 4, l = 0.002, nAr?: number): (aoiDeg: number) => number {
  const size = Math.round(90 / IAM_TABLE_STEP_DEG) + 1;
  const table = new Float64Array(size + 1);
  for (let j = 0; j < size; j++) table[j] = iamPhysical(j * IAM_TABLE_STEP_DEG, n, k, l, nAr);
  return (aoiDeg: number): number => {
    const x = Math.abs(aoiDeg) / IAM_TABLE_STEP_DEG;
    if (!(x < size - 1)) return 0;
    const j = Math.floor(x);
    const lo = table[j] as number;
    return lo + (x - j) * ((table[j + 1] as number) - lo);
  };
}

/**
 * PVWatts DC power: (G/1000)·pdc0·(1 + γ·(T_cell − T_ref)). `effectiveIrradiance` is the POA after the cover
 * loss (IAM on beam); the result has pdc0's unit.
 */
export function pvwattsDc(effectiveIrradiance: number, tempCell: number, pdc0: number, gammaPdc: number, tRef = 25): number {
  return effectiveIrradiance * 0.001 * pdc0 * (1 + gammaPdc * (tempCell - tRef));
}

/** PVWatts system losses in percent; each defaults to PVWatts v5's value. */
export interface PvwattsLossesPct {
  soiling?: number;
  shading?: number;
  snow?: number;
  mismatch?: number;
  wiring?: number;
  connections?: number;
  /** Light-induced degradation. */
  lid?: number;
  nameplateRating?: number;
  age?: number;
  availability?: number;
}

const LOSS_DEFAULTS: Required<PvwattsLossesPct> = {
  soiling: 2,
  shading: 3,
  snow: 0,
  mismatch: 2,
  wiring: 2,
  connections: 0.5,
  lid: 1.5,
  nameplateRating: 1,
  age: 0,
  availability: 3,
};

/**
 * Total PVWatts loss, percent: 100·(1 − Π(1 − Lᵢ/100)). The defaults give 14.075660688264469; PVWatts applies it
 * as one DC derate.
 */
export function pvwattsLosses(p: PvwattsLossesPct = {}): number {
  let perf = 1;
  for (const key of Object.keys(LOSS_DEFAULTS) as (keyof PvwattsLossesPct)[]) {
    const pct = p[key] ?? LOSS_DEFAULTS[key];
    if (!Number.isFinite(pct) || pct < 0 || pct > 100) {
      throw invalid(`loss ${key} must be a percentage from 0 to 100`, [{ field: key, message: '0 to 100 (percent)' }]);
    }
    perf *= 1 - pct / 100;
  }
  return (1 - perf) * 100;
}

/**
 * PVWatts inverter (pvlib `inverter.pvwatts`). `pdc0` is the inverter's DC input limit, i.e. its AC rating over
 * the nominal efficiency (pac0 / etaInvNom), not the array's DC rating. The part-load efficiency curve goes
 * negative below about 0.6 % load, so AC is clamped to [0, pac0] (pvlib GH 541); pdc 0 gives 0.
 */
export function pvwattsInverter(pdc: number, pdc0: number, etaInvNom = 0.96, etaInvRef = 0.9637): number {
  const pac0 = etaInvNom * pdc0;
  const zeta = pdc / pdc0;
  // At pdc 0 pvlib drops the 0.0059/ζ term instead of dividing by 0; η·0 is 0 either way.
  const eta = (etaInvNom / etaInvRef) * (-0.0162 * zeta - (pdc === 0 ? 0 : 0.0059 / zeta) + 0.9858);
  return Math.max(0, Math.min(pac0, eta * pdc));
}
