/**
 * Plane-of-array irradiance: angle of incidence, sky-diffuse transposition (isotropic, Hay–Davies, Perez 1990),
 * ground reflection, and GHI decomposition (Erbs, DISC).
 *
 * Formulas and the Perez "allsitescomposite1990" coefficient table are ported from pvlib-python `irradiance`
 * (BSD-3-Clause, Copyright (c) pvlib python Contributors); see Perez et al. 1990 (Solar Energy 44(5) 271-289),
 * Hay & Davies 1980, Erbs et al. 1982 and Maxwell 1987. Angles in degrees, azimuth clockwise from north.
 * The per-step functions take scalars and return a number or fill an `out` object.
 */

import { invalid } from '../core/index.js';

const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;
const COS_85 = Math.cos(85 * RAD);

/** Ground reflectance by surface (pvlib `SURFACE_ALBEDOS`). PVWatts assumes 0.2. */
export const ALBEDO = {
  urban: 0.18,
  grass: 0.2,
  concrete: 0.3,
  sand: 0.4,
  snow: 0.65,
} as const;
export type AlbedoSurface = keyof typeof ALBEDO;

/**
 * Cosine of the angle of incidence (dot product of the sun vector and the surface normal); negative when the sun
 * is behind the surface. Clipped to [-1, 1] against rounding (pvlib GH 1185).
 */
export function aoiProjection(
  surfaceTiltDeg: number,
  surfaceAzimuthDeg: number,
  solarZenithDeg: number,
  solarAzimuthDeg: number,
): number {
  const tilt = surfaceTiltDeg * RAD;
  const zen = solarZenithDeg * RAD;
  const p =
    Math.cos(tilt) * Math.cos(zen) + Math.sin(tilt) * Math.sin(zen) * Math.cos((solarAzimuthDeg - surfaceAzimuthDeg) * RAD);
  return Math.min(Math.max(p, -1), 1);
}

/** Angle of incidence of the sun on the surface, degrees (0 to 180). */
export function aoi(surfaceTiltDeg: number, surfaceAzimuthDeg: number, solarZenithDeg: number, solarAzimuthDeg: number): number {
  return Math.acos(aoiProjection(surfaceTiltDeg, surfaceAzimuthDeg, solarZenithDeg, solarAzimuthDeg)) * DEG;
}

/** Isotropic sky (Hottel & Woertz): the share of the sky dome the tilted surface sees. */
export function isotropic(surfaceTiltDeg: number, dhi: number): number {
  return dhi * (1 + Math.cos(surfaceTiltDeg * RAD)) * 0.5;
}

/** Ground-reflected irradiance on the tilted surface; pvlib's default albedo is 0.25. */
export function groundDiffuse(surfaceTiltDeg: number, ghi: number, albedo = 0.25): number {
  return ghi * albedo * (1 - Math.cos(surfaceTiltDeg * RAD)) * 0.5;
}

/**
 * Hay & Davies (1980) sky diffuse: a circumsolar share (anisotropy index dni/dniExtra) projected like beam, the
 * rest isotropic. Both parts are floored at 0, and cos(zenith) at 0.01745 so the ratio stays finite at sunrise
 * (pvlib GH 432, GH 526).
 */
export function haydavies(
  surfaceTiltDeg: number,
  surfaceAzimuthDeg: number,
  dhi: number,
  dni: number,
  dniExtra: number,
  solarZenithDeg: number,
  solarAzimuthDeg: number,
): number {
  const cosTt = Math.max(aoiProjection(surfaceTiltDeg, surfaceAzimuthDeg, solarZenithDeg, solarAzimuthDeg), 0);
  const rb = cosTt / Math.max(Math.cos(solarZenithDeg * RAD), 0.01745);
  const ai = dni / dniExtra;
  const iso = Math.max(dhi * (1 - ai) * 0.5 * (1 + Math.cos(surfaceTiltDeg * RAD)), 0);
  const circumsolar = Math.max(dhi * ai * rb, 0);
  return iso + circumsolar;
}

/**
 * Perez 1990 "allsitescomposite1990" coefficients, one row per sky-clearness bin:
 * F11, F12, F13, F21, F22, F23. Exact copy of pvlib `irradiance._get_perez_coefficients` (BSD-3-Clause).
 */
// biome-ignore format: one row per clearness bin reads as the published table
const PEREZ_1990 = new Float64Array([
  -0.008,  0.588, -0.062, -0.06,   0.072, -0.022,
   0.13,   0.683, -0.151, -0.019,  0.066, -0.029,
   0.33,   0.487, -0.221,  0.055, -0.064, -0.026,
   0.568,  0.187, -0.295,  0.109, -0.152, -0.014,
   0.873, -0.392, -0.362,  0.226, -0.462,  0.001,
   1.132, -1.237, -0.412,  0.288, -0.823,  0.056,
   1.06,  -1.6,   -0.359,  0.264, -1.127,  0.131,
   0.678, -0.327, -0.25,   0.156, -1.377,  0.251,
]);

/** Upper edges of the first seven sky-clearness (epsilon) bins; the eighth is open. */
const EPSILON_EDGES = [1.065, 1.23, 1.5, 1.95, 2.8, 4.5, 6.2] as const;

/** Bin of the clearness epsilon as pvlib's np.digitize(eps, (0, 1.065, ...)) - 1 does; -1 for eps < 0 or NaN. */
function epsilonBin(eps: number): number {
  if (!(eps >= 0)) return -1;
  let bin = 0;
  while (bin < 7 && eps >= (EPSILON_EDGES[bin] as number)) bin++;
  return bin;
}

/**
 * Perez 1990 sky diffuse with the allsitescomposite1990 coefficients. `airmassRelative` is the relative (not
 * pressure-corrected) airmass, Kasten–Young as in the model's fit. As in pvlib: a NaN airmass (night) gives 0,
 * a NaN DNI or DHI gives NaN, the horizon term may be negative but the total is floored at 0. One deliberate
 * difference: DHI = 0 gives 0 (pvlib gives NaN when DNI is also 0, from 0/0 in epsilon).
 */
export function perez(
  surfaceTiltDeg: number,
  surfaceAzimuthDeg: number,
  dhi: number,
  dni: number,
  dniExtra: number,
  solarZenithDeg: number,
  solarAzimuthDeg: number,
  airmassRelative: number,
): number {
  if (Number.isNaN(airmassRelative)) return 0;
  if (dhi === 0) return 0;
  const kappa = 1.041; // for the zenith in radians
  const z = solarZenithDeg * RAD;
  const kz3 = kappa * z * z * z;
  // Sky brightness and clearness.
  const delta = (dhi * airmassRelative) / dniExtra;
  const eps = ((dhi + dni) / dhi + kz3) / (1 + kz3);
  const bin = epsilonBin(eps);
  if (bin < 0) return Number.NaN;
  const c = bin * 6;
  const f1 = Math.max((PEREZ_1990[c] as number) + (PEREZ_1990[c + 1] as number) * delta + (PEREZ_1990[c + 2] as number) * z, 0);
  const f2 = (PEREZ_1990[c + 3] as number) + (PEREZ_1990[c + 4] as number) * delta + (PEREZ_1990[c + 5] as number) * z;

  const a = Math.max(aoiProjection(surfaceTiltDeg, surfaceAzimuthDeg, solarZenithDeg, solarAzimuthDeg), 0);
  // cos(85°) floor: the circumsolar ratio would blow up near the horizon.
  const b = Math.max(Math.cos(z), COS_85);
  const tilt = surfaceTiltDeg * RAD;
  const isotropicTerm = 0.5 * (1 - f1) * (1 + Math.cos(tilt));
  const circumsolarTerm = (f1 * a) / b;
  const horizonTerm = f2 * Math.sin(tilt);
  return Math.max(dhi * (isotropicTerm + circumsolarTerm + horizonTerm), 0);
}

export type SkyModel = 'isotropic' | 'haydavies' | 'perez';

export interface TotalIrradianceInput {
  surfaceTiltDeg: number;
  surfaceAzimuthDeg: number;
  /** Use the apparent (refracted) zenith, as pvlib's transposition models expect. */
  solarZenithDeg: number;
  solarAzimuthDeg: number;
  dni: number;
  ghi: number;
  dhi: number;
  /** Extraterrestrial normal irradiance; required by Hay–Davies and Perez. */
  dniExtra?: number;
  /** Relative airmass; required by Perez (NaN at night). */
  airmassRelative?: number;
  /** Default 0.25 as in pvlib. */
  albedo?: number;
  /** Default isotropic. */
  model?: SkyModel;
}

/** Plane-of-array irradiance and its parts, W/m2. */
export interface PoaIrradiance {
  poaGlobal: number;
  poaDirect: number;
  poaDiffuse: number;
  poaSkyDiffuse: number;
  poaGroundDiffuse: number;
}

/**
 * Total plane-of-array irradiance (pvlib `get_total_irradiance` + `poa_components`): beam dni·cos(aoi) floored
 * at 0, sky diffuse from the chosen model, ground reflection. Unlike pvlib, Perez does not fall back to
 * Kasten–Young airmass: the caller passes `airmassRelative` (the chain has it already).
 */
export function totalIrradiance(
  p: TotalIrradianceInput,
  out: PoaIrradiance = { poaGlobal: 0, poaDirect: 0, poaDiffuse: 0, poaSkyDiffuse: 0, poaGroundDiffuse: 0 },
): PoaIrradiance {
  const model = p.model ?? 'isotropic';
  let sky: number;
  if (model === 'isotropic') {
    sky = isotropic(p.surfaceTiltDeg, p.dhi);
  } else {
    if (p.dniExtra === undefined) {
      throw invalid(`dniExtra is required for the ${model} sky model`, [{ field: 'dniExtra', message: 'required' }]);
    }
    if (model === 'haydavies') {
      sky = haydavies(p.surfaceTiltDeg, p.surfaceAzimuthDeg, p.dhi, p.dni, p.dniExtra, p.solarZenithDeg, p.solarAzimuthDeg);
    } else if (model === 'perez') {
      if (p.airmassRelative === undefined) {
        throw invalid('airmassRelative is required for the perez sky model', [
          { field: 'airmassRelative', message: 'required (NaN at night)' },
        ]);
      }
      sky = perez(
        p.surfaceTiltDeg,
        p.surfaceAzimuthDeg,
        p.dhi,
        p.dni,
        p.dniExtra,
        p.solarZenithDeg,
        p.solarAzimuthDeg,
        p.airmassRelative,
      );
    } else {
      throw invalid(`unknown sky model ${String(model)}`, [{ field: 'model', message: 'isotropic, haydavies or perez' }]);
    }
  }
  const ground = groundDiffuse(p.surfaceTiltDeg, p.ghi, p.albedo ?? 0.25);
  const direct = Math.max(p.dni * aoiProjection(p.surfaceTiltDeg, p.surfaceAzimuthDeg, p.solarZenithDeg, p.solarAzimuthDeg), 0);
  out.poaDirect = direct;
  out.poaSkyDiffuse = sky;
  out.poaGroundDiffuse = ground;
  out.poaDiffuse = sky + ground;
  out.poaGlobal = direct + sky + ground;
  return out;
}

/**
 * Clearness index kt: GHI over extraterrestrial horizontal irradiance. cos(zenith) is floored at `minCosZenith`
 * (0.065, about 86.3°) and kt kept within [0, `maxClearnessIndex`] (2 allows sub-hourly over-irradiance).
 * Use the true (unrefracted) zenith.
 */
export function clearnessIndex(
  ghi: number,
  zenithDeg: number,
  dniExtra: number,
  minCosZenith = 0.065,
  maxClearnessIndex = 2,
): number {
  const kt = ghi / (dniExtra * Math.max(Math.cos(zenithDeg * RAD), minCosZenith));
  return Math.min(Math.max(kt, 0), maxClearnessIndex);
}

/** DNI and DHI split from GHI, with the clearness index used. */
export interface Decomposition {
  dni: number;
  dhi: number;
  kt: number;
}

/**
 * Erbs (1982) decomposition of GHI into DNI and DHI through the diffuse fraction's fit on kt (capped at 1).
 * Zenith above 87°, negative GHI or a negative DNI give DNI 0 and DHI = GHI, so GHI = DHI + DNI·cos Z still holds.
 * `dniExtra` as pvlib uses it: Spencer with solar constant 1366.1.
 */
export function erbs(
  ghi: number,
  zenithDeg: number,
  dniExtra: number,
  out: Decomposition = { dni: 0, dhi: 0, kt: 0 },
): Decomposition {
  const kt = clearnessIndex(ghi, zenithDeg, dniExtra, 0.065, 1);
  let df: number;
  if (kt > 0.8) df = 0.165;
  else if (kt > 0.22) df = 0.9511 - 0.1604 * kt + 4.388 * kt ** 2 - 16.638 * kt ** 3 + 12.336 * kt ** 4;
  else df = 1 - 0.09 * kt;
  let dhi = df * ghi;
  let dni = (ghi - dhi) / Math.cos(zenithDeg * RAD);
  if (zenithDeg > 87 || ghi < 0 || dni < 0) {
    dni = 0;
    dhi = ghi;
  }
  out.dni = dni;
  out.dhi = dhi;
  out.kt = kt;
  return out;
}

/** DISC output: DNI, the clearness index and the airmass used (capped at 12). */
export interface DiscResult {
  dni: number;
  kt: number;
  airmass: number;
}

/**
 * DISC (Maxwell 1987) estimate of DNI from GHI. pvlib feeds it extraterrestrial irradiance with solar constant
 * 1370 (Spencer) and the absolute Kasten 1966 airmass; the caller passes both. kt is capped at 1, airmass at 12
 * (the range of the fit), and zenith above 87° or negative GHI/DNI give DNI 0.
 */
export function disc(
  ghi: number,
  zenithDeg: number,
  dniExtra: number,
  airmass: number,
  out: DiscResult = { dni: 0, kt: 0, airmass: 0 },
): DiscResult {
  const kt = clearnessIndex(ghi, zenithDeg, dniExtra, 0.065, 1);
  const am = Math.min(airmass, 12);
  const cloudy = kt <= 0.6;
  const a = cloudy ? 0.512 + kt * (-1.56 + kt * (2.286 - 2.222 * kt)) : -5.743 + kt * (21.77 + kt * (-27.49 + 11.56 * kt));
  const b = cloudy ? 0.37 + 0.962 * kt : 41.4 + kt * (-118.5 + kt * (66.05 + 31.9 * kt));
  const c = cloudy ? -0.28 + kt * (0.932 - 2.048 * kt) : -47.01 + kt * (184.2 + kt * (-222.0 + 73.81 * kt));
  const deltaKn = a + b * Math.exp(c * am);
  const knc = 0.866 + am * (-0.122 + am * (0.0121 + am * (-0.000653 + 1.4e-5 * am)));
  const dni = (knc - deltaKn) * dniExtra;
  out.dni = zenithDeg > 87 || ghi < 0 || dni < 0 ? 0 : dni;
  out.kt = kt;
  out.airmass = am;
  return out;
}
