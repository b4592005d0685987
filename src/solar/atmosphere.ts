/**
 * Air mass, pressure from altitude and extraterrestrial irradiance, ported from pvlib-python
 * (`atmosphere.get_relative_airmass`, `get_absolute_airmass`, `alt2pres`, `irradiance.get_extra_radiation`;
 * BSD-3-Clause). Zenith angles in degrees, pressure in pascals, irradiance in W/m2.
 */
import { invalid } from '../core/index.js';
import { earthSunDistanceAu } from './spa.js';

const RAD = Math.PI / 180;
const MS_PER_DAY = 86_400_000;

export type AirmassModel = 'kastenyoung1989' | 'kasten1966';
export const AIRMASS_MODELS: readonly AirmassModel[] = ['kastenyoung1989', 'kasten1966'];

/**
 * Relative (not pressure-corrected) optical air mass at a zenith angle (use the apparent zenith), NaN when the
 * Sun is below the horizon (zenith > 90°). Kasten & Young 1989 by default; Kasten 1966 on request.
 */
export function relativeAirmass(zenithDeg: number, model: AirmassModel = 'kastenyoung1989'): number {
  if (!(zenithDeg <= 90)) return Number.NaN;
  const cosZ = Math.cos(zenithDeg * RAD);
  switch (model) {
    case 'kastenyoung1989':
      return 1 / (cosZ + 0.50572 * (6.07995 + (90 - zenithDeg)) ** -1.6364);
    case 'kasten1966':
      return 1 / (cosZ + 0.15 * (93.885 - zenithDeg) ** -1.253);
    default:
      throw invalid(`unknown airmass model ${String(model)}`, [{ field: 'model', message: AIRMASS_MODELS.join(' | ') }]);
  }
}

/** Absolute (pressure-corrected) air mass: relative air mass · p / 101325 Pa. */
export function absoluteAirmass(amRelative: number, pressurePa = 101325): number {
  return (amRelative * pressurePa) / 101325;
}

/** Mean atmospheric pressure at an altitude, Pa (pvlib `alt2pres`, standard-atmosphere fit). */
export function alt2pres(altitudeM: number): number {
  return 100 * ((44331.514 - altitudeM) / 11880.516) ** (1 / 0.1902632);
}

function checkTime(timeMs: number): void {
  if (!Number.isFinite(timeMs)) {
    throw invalid('timeMs must be a finite instant', [{ field: 'timeMs', message: 'finite epoch ms' }]);
  }
}

/** Day of the year (1 = 1 January) of the instant's UTC date. */
export function dayOfYear(timeMs: number): number {
  checkTime(timeMs);
  const d = new Date(timeMs);
  return Math.floor((timeMs - Date.UTC(d.getUTCFullYear(), 0, 1)) / MS_PER_DAY) + 1;
}

export type ExtraRadiationMethod = 'spencer' | 'nrel';

/**
 * Extraterrestrial irradiance normal to the Sun's rays, W/m2: the solar constant scaled by (R0/R)².
 * `spencer` (pvlib's default) uses Spencer's 1971 Fourier series in the UTC day of year; `nrel` uses SPA's
 * Earth–Sun distance at the instant itself (ΔT from `deltaT(year, month)`).
 */
export function extraRadiation(timeMs: number, method: ExtraRadiationMethod = 'spencer', solarConstant = 1366.1): number {
  checkTime(timeMs);
  if (method === 'nrel') {
    const r = earthSunDistanceAu(timeMs);
    return solarConstant / (r * r);
  }
  if (method !== 'spencer') {
    throw invalid(`unknown extraterrestrial method ${String(method)}`, [{ field: 'method', message: 'spencer | nrel' }]);
  }
  // pvlib's day angle: 2π(doy − 1)/365.
  const b = ((2 * Math.PI) / 365) * (dayOfYear(timeMs) - 1);
  const rOverR0Sq =
    1.00011 + 0.034221 * Math.cos(b) + 0.00128 * Math.sin(b) + 0.000719 * Math.cos(2 * b) + 0.000077 * Math.sin(2 * b);
  return solarConstant * rOverR0Sq;
}
