/**
 * The PV model chain (reference solar-pv.md §6.2): sun (SPA) → Kasten–Young airmass → Ineichen clear sky with
 * the month's Linke turbidity (or measured irradiance) → Perez plane of array → SAPM cell temperature for the
 * mounting → PVWatts v5 DC with the system losses → PVWatts inverter. One pass over typed arrays per system;
 * the time-only part of the sun's position is computed once per series and shared by every system.
 *
 * Intervals: step i covers [start + i·step, start + (i+1)·step). The sun is taken at the middle of the sunlit
 * part of each interval and the interval's energy is power × sunlit hours, so sunrise and sunset hours are
 * neither shifted by half a step nor credited with a full hour of light.
 */
import { invalid } from '../core/index.js';
import { alt2pres, extraRadiation, relativeAirmass } from './atmosphere.js';
import { type IneichenSite, ineichenAt, ineichenSite } from './clearsky.js';
import { aoi, erbs, haydavies, isotropic, perez, type SkyModel } from './irradiance.js';
import type { ChainResult, IntervalLabel, IntervalSeries, PvLocation, PvSystemSpec, WeatherSeries } from './model.js';
import { AR_COATING_INDEX, iamLookup, MODULE_PARAMS, pvwattsDc, pvwattsInverter } from './pvwatts.js';
import { refractionDeg, type SunTimeTerms, solarPositionsAt, sunTimeTerms } from './spa.js';
import { sapmCell, sapmParamsFor } from './temperature.js';

const RAD = Math.PI / 180;
const HOUR_MS = 3_600_000;
/** Sunrise/sunset: the top of the sun's disc (radius 0.26667°) at the horizon after 0.5667° of refraction. */
const HORIZON_ELEVATION_DEG = -0.8333;
/** Without a weather station: a mild default air and wind (cell temperature only; PVWatts' TMY has measured ones). */
const DEFAULT_AIR_TEMP_C = 20;
const DEFAULT_WIND_MS = 1;

export interface ChainOptions {
  /** Measured weather; irradiance absent → clear sky (Ineichen). A POA sensor wins over horizontal data. */
  weather?: WeatherSeries | undefined;
  /** Ignore measured irradiance and model the clear sky (air temperature and wind are still used). */
  clearSky?: boolean | undefined;
  sky?: SkyModel | undefined;
  /** Precomputed sun terms of this series (`sunTermsFor`), to share between systems. */
  sunTerms?: SeriesSun | undefined;
}

/** The time-only inputs of a series: SPA terms and extraterrestrial irradiance at each interval's middle. */
export interface SeriesSun {
  series: IntervalSeries;
  terms: SunTimeTerms;
  dniExtra: Float64Array;
  /** Month (0-11, UTC) of each step, for the Linke turbidity. */
  month: Uint8Array;
}

/** The interval start of a timestamp labelled at the start, end or middle of its interval. */
export function toIntervalStartMs(timestampMs: number, stepMs: number, label: IntervalLabel): number {
  if (label === 'left') return timestampMs;
  if (label === 'right') return timestampMs - stepMs;
  return timestampMs - stepMs / 2;
}

export function checkSeries(series: IntervalSeries): void {
  const { startMs, stepMs, count } = series;
  if (!Number.isFinite(startMs)) throw invalid('series start is not a time', [{ field: 'startMs', message: 'epoch ms' }]);
  if (!(stepMs >= 60_000 && stepMs <= 86_400_000)) {
    throw invalid('series step must be 1 minute to 1 day', [{ field: 'stepMs', message: '60000 to 86400000' }]);
  }
  if (!Number.isInteger(count) || count < 0)
    throw invalid('series count must be a whole number', [{ field: 'count', message: '>= 0' }]);
}

/** SPA time terms and extraterrestrial irradiance for the middles of a series' intervals. */
export function sunTermsFor(series: IntervalSeries): SeriesSun {
  checkSeries(series);
  const { startMs, stepMs, count } = series;
  const mids = new Float64Array(count);
  const dniExtra = new Float64Array(count);
  const month = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const t = startMs + (i + 0.5) * stepMs;
    mids[i] = t;
    dniExtra[i] = extraRadiation(t);
    month[i] = new Date(t).getUTCMonth();
  }
  return { series, terms: sunTimeTerms(mids), dniExtra, month };
}

export function checkLocation(location: PvLocation): void {
  const { latDeg, lonDeg, elevationM, linkeTurbidity } = location;
  if (!(latDeg >= -90 && latDeg <= 90))
    throw invalid(`latitude ${latDeg} is outside -90..90`, [{ field: 'latDeg', message: '-90 to 90' }]);
  if (!(lonDeg >= -180 && lonDeg <= 180)) {
    throw invalid(`longitude ${lonDeg} is outside -180..180`, [{ field: 'lonDeg', message: '-180 to 180' }]);
  }
  if (!(elevationM >= -500 && elevationM <= 9000)) {
    throw invalid(`elevation ${elevationM} m is not plausible`, [{ field: 'elevationM', message: '-500 to 9000 m' }]);
  }
  if (linkeTurbidity.length !== 12 || linkeTurbidity.some((v) => !(v >= 1 && v <= 10))) {
    throw invalid('linkeTurbidity needs 12 monthly values from 1 to 10', [
      { field: 'linkeTurbidity', message: '12 values, 1 to 10' },
    ]);
  }
}

export function checkSystem(system: PvSystemSpec): void {
  const bad = (field: string, message: string) => invalid(`${field}: ${message}`, [{ field, message }]);
  if (!(system.dcKwp > 0)) throw bad('dcKwp', 'must be above 0');
  if (!(system.tiltDeg >= 0 && system.tiltDeg <= 90)) throw bad('tiltDeg', '0 to 90');
  if (!(system.azimuthDeg >= 0 && system.azimuthDeg <= 360)) throw bad('azimuthDeg', '0 to 360');
  if (!(system.inverterAcKw > 0)) throw bad('inverterAcKw', 'must be above 0');
  if (!(system.lossesPct >= 0 && system.lossesPct < 100)) throw bad('lossesPct', '0 to 100');
  if (!(system.albedo >= 0 && system.albedo <= 1)) throw bad('albedo', '0 to 1');
  if (!Object.hasOwn(MODULE_PARAMS, system.moduleType)) throw bad('moduleType', 'standard, premium or thin_film');
}

/** Quadratic through (−1, a), (0, b), (1, c) at x. */
const quad = (a: number, b: number, c: number, x: number): number => b + 0.5 * x * (c - a) + 0.5 * x * x * (a - 2 * b + c);

/** Azimuth of a neighbour made continuous with `ref` (no jump across north). */
const unwrap = (value: number, ref: number): number => value + 360 * Math.round((ref - value) / 360);

const finiteOr = (a: Float64Array | undefined, i: number, fallback: number): number => {
  const v = a?.[i];
  return v !== undefined && Number.isFinite(v) ? v : fallback;
};

/** Where an interval's irradiance comes from. */
enum Source {
  ClearSky = 0,
  Poa = 1,
  Horizontal = 2,
  Ghi = 3,
}

const ok = (v: number | undefined): boolean => v !== undefined && Number.isFinite(v);

/** A POA sensor first, then GHI+DNI+DHI, then GHI alone, else the clear sky. */
function sourceOf(weather: WeatherSeries | undefined, i: number): Source {
  if (!weather) return Source.ClearSky;
  if (ok(weather.poaWm2?.[i])) return Source.Poa;
  if (ok(weather.ghiWm2?.[i]) && ok(weather.dniWm2?.[i]) && ok(weather.dhiWm2?.[i])) return Source.Horizontal;
  if (ok(weather.ghiWm2?.[i])) return Source.Ghi;
  return Source.ClearSky;
}

/** PVWatts cover glass (n 1.526, K 4/m, L 2 mm), bare or with the premium modules' AR coating. */
const IAM_STANDARD = iamLookup(1.526, 4, 0.002);
const IAM_AR = iamLookup(1.526, 4, 0.002, AR_COATING_INDEX);

/** Below this apparent elevation (or in a sunrise/sunset interval) a modelled interval is integrated at two points. */
const LOW_SUN_DEG = 25;
/** Below this sunlit share, measured irradiance is not scaled up further (a label error, not physics). */
const MIN_MEASURED_SHARE = 0.2;

/** Two-point Gauss–Legendre nodes ±1/√3 (equal weights): exact for cubics over the interval. */
const GAUSS_2 = 1 / Math.sqrt(3);

/** Scratch for `sunlitPart`: the sunlit part [a, b] of an interval, in steps from its start. */
const SUNLIT = new Float64Array(2);

/**
 * The sunlit part of interval i from the apparent elevations at the middles of i and its neighbours: near the
 * horizon the elevation is close to linear in time, so a sign change between two middles is placed by linear
 * interpolation. Writes [a, b] into `out` and returns its length (0 at night).
 */
function sunlitPart(apparentZenith: Float64Array, i: number, count: number, out: Float64Array): number {
  const e = 90 - (apparentZenith[i] as number);
  const up = e > HORIZON_ELEVATION_DEG;
  // Crossing between the previous middle and this one, in steps from this interval's start (-0.5..0.5).
  let left = Number.NaN;
  if (i > 0) {
    const ep = 90 - (apparentZenith[i - 1] as number);
    if (ep > HORIZON_ELEVATION_DEG !== up) left = (HORIZON_ELEVATION_DEG - ep) / (e - ep) - 0.5;
  }
  // Crossing between this middle and the next one (0.5..1.5).
  let right = Number.NaN;
  if (i + 1 < count) {
    const en = 90 - (apparentZenith[i + 1] as number);
    if (en > HORIZON_ELEVATION_DEG !== up) right = 0.5 + (HORIZON_ELEVATION_DEG - e) / (en - e);
  }
  const leftInside = left > 0;
  const rightInside = right < 1;
  if (up) {
    out[0] = leftInside ? left : 0;
    out[1] = rightInside ? right : 1;
  } else if (leftInside && (!rightInside || left >= 1 - right)) {
    // Down at the middle: light only before a sunset in the first half (or after a sunrise in the second).
    out[0] = 0;
    out[1] = left;
  } else if (rightInside) {
    out[0] = right;
    out[1] = 1;
  } else {
    out[0] = 0;
    out[1] = 0;
  }
  return out[1] - out[0];
}

/**
 * Runs the chain for one system over a series. Weather arrays, when given, have one value per interval (NaN or
 * absent values fall back: irradiance to the clear sky, air temperature to 20 °C, wind to 1 m/s).
 */
export function runChain(
  location: PvLocation,
  system: PvSystemSpec,
  series: IntervalSeries,
  opts: ChainOptions = {},
): ChainResult {
  checkLocation(location);
  checkSystem(system);
  const sun = opts.sunTerms ?? sunTermsFor(series);
  if (sun.series.startMs !== series.startMs || sun.series.stepMs !== series.stepMs || sun.series.count !== series.count) {
    throw invalid('sunTerms were computed for another series', [{ field: 'sunTerms', message: 'same series' }]);
  }
  const { count, stepMs } = series;
  const stepH = stepMs / HOUR_MS;
  const weather = opts.weather;
  for (const [name, arr] of Object.entries(weather ?? {})) {
    if (arr !== undefined && (arr as Float64Array).length !== count) {
      throw invalid(`weather ${name} has ${(arr as Float64Array).length} values for ${count} intervals`, [
        { field: name, message: `${count} values` },
      ]);
    }
  }
  const useMeasured = !opts.clearSky;
  const sky = opts.sky ?? 'perez';
  const pressurePa = alt2pres(location.elevationM);
  const pressureMbar = pressurePa / 100;
  const airTemp = weather?.airTempC;

  // Sun at every interval middle; per-step temperature only matters for refraction near the horizon.
  const pos = solarPositionsAt(sun.terms, location.latDeg, location.lonDeg, {
    elevationM: location.elevationM,
    pressureMbar,
    temperatureC: 12,
  });

  const out: ChainResult = {
    poaWm2: new Float64Array(count),
    cellTempC: new Float64Array(count),
    dcKw: new Float64Array(count),
    acKw: new Float64Array(count),
    acKwh: new Float64Array(count),
    poaKwhM2: new Float64Array(count),
  };

  const { tiltDeg, azimuthDeg, dcKwp, albedo } = system;
  const module = MODULE_PARAMS[system.moduleType];
  const iam = module.glass === 'ar' ? IAM_AR : IAM_STANDARD;
  const thermal = sapmParamsFor(system.mounting);
  const derate = 1 - system.lossesPct / 100;
  const etaNom = system.inverterEfficiency ?? 0.96;
  const inverterDcLimitKw = system.inverterAcKw / etaNom;
  const cs = { ghi: 0, dni: 0, dhi: 0 };
  const dec = { dni: 0, dhi: 0, kt: 0 };
  const zen = pos.zenith;
  const appZen = pos.apparentZenith;
  const azi = pos.azimuth;
  const clearSkySites = location.linkeTurbidity.map((tl) => ineichenSite(location.elevationM, tl));
  // Result of `pointPower`: plane-of-array irradiance (W/m2), cell temperature, DC and AC (kW).
  let pPoa = 0;
  let pCell = 0;
  let pDc = 0;
  let pAc = 0;

  /** The chain at one sun position of interval i; `irradiance` picks the source (see the loop). */
  // `scale`: measured irradiance is a mean over the whole interval; the sunlit part sees it divided by its share.
  const pointPower = (
    i: number,
    zenithDeg: number,
    apparentZenithDeg: number,
    sunAzimuthDeg: number,
    tAir: number,
    wind: number,
    source: Source,
    scale: number,
  ): void => {
    if (apparentZenithDeg >= 90) {
      pPoa = 0;
      pCell = tAir;
      pDc = 0;
      pAc = 0;
      return;
    }
    const dniExtra = sun.dniExtra[i] as number;
    const amRel = relativeAirmass(apparentZenithDeg);
    let poaGlobal: number;
    let effective: number;
    if (source === Source.Poa) {
      // A plane-of-array sensor (pyranometer or reference cell) already sees the array's angles: no transposition.
      poaGlobal = Math.max(weather?.poaWm2?.[i] as number, 0) * scale;
      effective = poaGlobal;
    } else {
      let ghi: number;
      let dni: number;
      let dhi: number;
      if (source === Source.Horizontal) {
        ghi = (weather?.ghiWm2?.[i] as number) * scale;
        dni = (weather?.dniWm2?.[i] as number) * scale;
        dhi = (weather?.dhiWm2?.[i] as number) * scale;
      } else if (source === Source.Ghi) {
        // Horizontal only: split it into beam and diffuse (Erbs) before transposing.
        ghi = Math.max(weather?.ghiWm2?.[i] as number, 0) * scale;
        erbs(ghi, zenithDeg, dniExtra, dec);
        dni = dec.dni;
        dhi = dec.dhi;
      } else {
        const amAbs = (amRel * pressurePa) / 101325;
        ineichenAt(clearSkySites[sun.month[i] as number] as IneichenSite, apparentZenithDeg, amAbs, dniExtra, false, cs);
        ghi = cs.ghi;
        dni = cs.dni;
        dhi = cs.dhi;
      }
      const aoiDeg = aoi(tiltDeg, azimuthDeg, apparentZenithDeg, sunAzimuthDeg);
      const beam = Math.max(dni * Math.cos(aoiDeg * RAD), 0);
      const skyDiffuse =
        sky === 'perez'
          ? perez(tiltDeg, azimuthDeg, dhi, dni, dniExtra, apparentZenithDeg, sunAzimuthDeg, amRel)
          : sky === 'haydavies'
            ? haydavies(tiltDeg, azimuthDeg, dhi, dni, dniExtra, apparentZenithDeg, sunAzimuthDeg)
            : isotropic(tiltDeg, dhi);
      const ground = (ghi * albedo * (1 - Math.cos(tiltDeg * RAD))) / 2;
      poaGlobal = beam + skyDiffuse + ground;
      // PVWatts: the cover's reflection losses apply to the beam only.
      effective = beam * iam(aoiDeg) + skyDiffuse + ground;
    }
    pPoa = poaGlobal;
    pCell = sapmCell(poaGlobal, tAir, wind, thermal.a, thermal.b, thermal.deltaT);
    pDc = pvwattsDc(effective, pCell, dcKwp, module.gammaPdc) * derate;
    pAc = pvwattsInverter(pDc, inverterDcLimitKw, etaNom);
  };

  for (let i = 0; i < count; i++) {
    const tAir = finiteOr(airTemp, i, DEFAULT_AIR_TEMP_C);
    const wind = finiteOr(weather?.windMs, i, DEFAULT_WIND_MS);
    out.cellTempC[i] = tAir;
    if (sunlitPart(appZen, i, count, SUNLIT) === 0) continue;
    const a = SUNLIT[0] as number;
    const b = SUNLIT[1] as number;
    const fraction = b - a;
    const source = useMeasured ? sourceOf(weather, i) : Source.ClearSky;
    // Low sun under a modelled sky: irradiance grows faster than linearly, so one value at the middle would
    // miss the interval's mean by up to a few percent of the peak hour; two-point Gauss–Legendre over the sunlit
    // part instead. Measured irradiance is already the interval's mean: taken at the middle of the sunlit part.
    const lowSun = fraction < 1 || 90 - (appZen[i] as number) < LOW_SUN_DEG;
    const steps = lowSun && source === Source.ClearSky && count > 1 ? 2 : 1;
    // A sunrise hour's measured mean includes its dark minutes (a floor keeps a mislabelled series finite).
    const scale = source === Source.ClearSky ? 1 : 1 / Math.max(fraction, MIN_MEASURED_SHARE);
    let poaSum = 0;
    let cellSum = 0;
    let dcSum = 0;
    let acSum = 0;
    for (let k = 0; k < steps; k++) {
      const node = steps === 1 ? 0 : k === 0 ? -GAUSS_2 : GAUSS_2;
      const x = a + ((node + 1) / 2) * fraction - 0.5; // steps from the interval's middle
      if (fraction === 1 && steps === 1) {
        pointPower(i, zen[i] as number, appZen[i] as number, azi[i] as number, tAir, wind, source, scale);
      } else {
        // The sun between middles, by a quadratic through the neighbouring ones (smooth over hours).
        const j = Math.min(Math.max(i, 1), count - 2);
        const dx = x + (i - j);
        const z = quad(zen[j - 1] as number, zen[j] as number, zen[j + 1] as number, dx);
        const az0 = azi[j] as number;
        const az = quad(unwrap(azi[j - 1] as number, az0), az0, unwrap(azi[j + 1] as number, az0), dx);
        const elevation = 90 - z;
        pointPower(
          i,
          z,
          90 - (elevation + refractionDeg(elevation, pressureMbar, 12)),
          ((az % 360) + 360) % 360,
          tAir,
          wind,
          source,
          scale,
        );
      }
      poaSum += pPoa;
      cellSum += pCell;
      dcSum += pDc;
      acSum += pAc;
    }
    // Means over the whole interval (dark minutes count as zero), so energy = mean power x step.
    const share = fraction / steps;
    out.poaWm2[i] = poaSum * share;
    out.cellTempC[i] = cellSum / steps;
    out.dcKw[i] = dcSum * share;
    out.acKw[i] = acSum * share;
    out.acKwh[i] = acSum * share * stepH;
    out.poaKwhM2[i] = (poaSum * share * stepH) / 1000;
  }
  return out;
}
