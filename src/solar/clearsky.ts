/**
 * Clear-sky irradiance: Ineichen–Perez, Haurwitz and simplified Solis.
 *
 * Formulas ported from pvlib-python `clearsky` (BSD-3-Clause, Copyright (c) pvlib python Contributors); see
 * Ineichen & Perez 2002, Perez et al. 2002, Haurwitz 1945 and Ineichen 2008. The model chain calls these once per
 * step, so they take scalars and fill an `out` object instead of allocating.
 */

const RAD = Math.PI / 180;

/** Clear-sky global horizontal, direct normal and diffuse horizontal irradiance, W/m2. */
export interface ClearSky {
  ghi: number;
  dni: number;
  dhi: number;
}

function zeros(out: ClearSky): ClearSky {
  out.ghi = 0;
  out.dni = 0;
  out.dhi = 0;
  return out;
}

/** The parts of Ineichen–Perez that depend only on the site's altitude and the Linke turbidity. */
export interface IneichenSite {
  tl: number;
  fh1: number;
  fh2: number;
  cg1: number;
  cg2: number;
  b: number;
  /** Upper bound of DNI·cosZ as a share of GHI (the "empirical correction"). */
  beamShare: number;
}

export function ineichenSite(altitudeM: number, linkeTurbidity: number): IneichenSite {
  const fh1 = Math.exp(-altitudeM / 8000);
  return {
    tl: linkeTurbidity,
    fh1,
    fh2: Math.exp(-altitudeM / 1250),
    cg1: 5.09e-5 * altitudeM + 0.868,
    cg2: 3.92e-5 * altitudeM + 0.0387,
    // b from Ineichen & Perez 2002 (Perez et al. 2002 would give 0.16268; pvlib PR 808).
    b: 0.664 + 0.163 / fh1,
    // "Empirical correction" (SE 73, 157 and 312): beam can be no more than this share of GHI.
    beamShare: 1 - (0.1 - 0.2 * Math.exp(-linkeTurbidity)) / (0.1 + 0.882 / fh1),
  };
}

/** Ineichen–Perez for a precomputed site (the model chain's hot path; `ineichen` goes through it too). */
export function ineichenAt(
  site: IneichenSite,
  apparentZenithDeg: number,
  airmassAbsolute: number,
  dniExtra: number,
  perezEnhancement: boolean,
  out: ClearSky,
): ClearSky {
  const cosZ = Math.cos(apparentZenithDeg * RAD);
  if (Number.isNaN(airmassAbsolute) || cosZ <= 0) return zeros(out);
  const am = airmassAbsolute;
  const { tl, fh1, fh2, cg1, cg2, b } = site;
  let g = Math.exp(-cg2 * am * (fh1 + fh2 * (tl - 1)));
  if (perezEnhancement) g *= Math.exp(0.01 * am ** 1.8);
  const ghi = cg1 * dniExtra * cosZ * g;
  const bnci = dniExtra * Math.max(b * Math.exp(-0.09 * am * (tl - 1)), 0);
  const bnci2 = ghi * Math.min(Math.max(site.beamShare / cosZ, 0), 1e20);
  const dni = Math.min(bnci, bnci2);
  out.ghi = ghi;
  out.dni = dni;
  out.dhi = ghi - dni * cosZ;
  return out;
}

/**
 * Ineichen–Perez clear sky. `airmassAbsolute` is the pressure-corrected airmass; a NaN airmass (the sun below the
 * horizon) or a sun at or below the horizon gives zeros, other NaN inputs propagate as in pvlib.
 * `perezEnhancement` multiplies GHI by exp(0.01·AM^1.8) (spurious near the horizon, pvlib GH 435).
 */
export function ineichen(
  apparentZenithDeg: number,
  airmassAbsolute: number,
  linkeTurbidity: number,
  altitudeM = 0,
  dniExtra = 1364,
  perezEnhancement = false,
  out: ClearSky = { ghi: 0, dni: 0, dhi: 0 },
): ClearSky {
  return ineichenAt(ineichenSite(altitudeM, linkeTurbidity), apparentZenithDeg, airmassAbsolute, dniExtra, perezEnhancement, out);
}

/** Haurwitz clear-sky GHI from the apparent zenith alone; 0 when the sun is at or below the horizon. */
export function haurwitz(apparentZenithDeg: number): number {
  const cosZ = Math.cos(apparentZenithDeg * RAD);
  return cosZ > 0 ? 1098 * cosZ * Math.exp(-0.059 / cosZ) : 0;
}

/**
 * Simplified Solis clear sky (Ineichen 2008). Fitted for aod700 0–0.45, precipitable water 0.2–10 cm (lower values
 * are taken as 0.2) and pressure 41000–101325 Pa. Below the horizon everything tends to 0.
 */
export function simplifiedSolis(
  apparentElevationDeg: number,
  aod700 = 0.1,
  precipitableWaterCm = 1,
  pressurePa = 101325,
  dniExtra = 1364,
  out: ClearSky = { ghi: 0, dni: 0, dhi: 0 },
): ClearSky {
  const w = Math.max(precipitableWaterCm, 0.2);
  const a = aod700;
  const a2 = a * a;
  const lnW = Math.log(w);
  const lnW2 = lnW * lnW;
  const lnP = Math.log(pressurePa / 101325);

  // "Enhanced" extraterrestrial irradiance.
  const i0p = dniExtra * (0.12 * w ** 0.56 * a2 + 0.97 * w ** 0.032 * a + 1.08 * w ** 0.0051 + 0.071 * lnP);

  const taub = (1.82 + 0.056 * lnW + 0.0071 * lnW2) * a + (0.33 + 0.045 * lnW + 0.0096 * lnW2) + (0.0089 * w + 0.13) * lnP;
  const b = (0.00925 * a2 + 0.0148 * a - 0.0172) * lnW + (-0.7565 * a2 + 0.5057 * a + 0.4557);

  const taug = (1.24 + 0.047 * lnW + 0.0061 * lnW2) * a + (0.27 + 0.043 * lnW + 0.009 * lnW2) + (0.0079 * w + 0.1) * lnP;
  const g = -0.0147 * lnW - 0.3079 * a2 + 0.2846 * a + 0.3798;

  // taud has two coefficient sets, split at aod700 = 0.05.
  const low = a < 0.05;
  const td4 = low ? 86 * w - 13800 : -0.21 * w + 11.6;
  const td3 = low ? -3.11 * w + 79.4 : 0.27 * w - 20.7;
  const td2 = low ? -0.23 * w + 74.8 : -0.134 * w + 15.5;
  const td1 = low ? 0.092 * w - 8.86 : 0.0554 * w - 5.71;
  const td0 = low ? 0.0042 * w + 3.12 : 0.0057 * w + 2.94;
  const tdp = low ? -0.83 * (1 + a) ** -17.2 : -0.71 * (1 + a) ** -15.0;
  const taud = td4 * a2 * a2 + td3 * a2 * a + td2 * a2 + td1 * a + td0 + tdp * lnP;
  const d = -0.337 * a2 + 0.63 * a + 0.116 + lnP / (18 + 152 * a);

  // A tiny floor instead of a branch: at night the exponentials go to 0 rather than NaN.
  const sinElev = Math.max(1e-30, Math.sin(apparentElevationDeg * RAD));
  out.dni = i0p * Math.exp(-taub / sinElev ** b);
  out.ghi = i0p * Math.exp(-taug / sinElev ** g) * sinElev;
  out.dhi = i0p * Math.exp(-taud / sinElev ** d);
  return out;
}
