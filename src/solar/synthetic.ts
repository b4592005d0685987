import { invalid, seededRandom } from '../core/index.js';
import { alt2pres, relativeAirmass } from './atmosphere.js';
import { checkLocation, runChain, sunTermsFor } from './chain.js';
import { ineichen } from './clearsky.js';
import type { IntervalSeries, PvLocation, PvSystemSpec, WeatherSeries } from './model.js';
import { solarPositionsAt } from './spa.js';

/**
 * Deterministic synthetic weather and meter readings (seeded PRNG), shared by the demo and the tests: a day-to-day
 * cloud regime, hourly cloud noise, air temperature and wind; readings with meter noise and injected faults.
 */

export type InjectedFault =
  | { kind: 'underperformance'; fromDay: string; days: number; factor: number }
  | { kind: 'data_gap'; fromDay: string; hours: number }
  | { kind: 'stale_meter'; fromDay: string; hours: number }
  | { kind: 'timestamp_shift'; fromDay: string; days: number; shiftHours: number };

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** Meter noise: normal, 0.75 % standard deviation, clipped at ±2 %; readings are kept to 1 Wh. */
const METER_NOISE_SD = 0.0075;
const METER_NOISE_MAX = 0.02;
/** A gap or a frozen register starts mid-morning: the first interval of the day at 30 % of its peak expected output. */
const MID_MORNING_SHARE = 0.3;

/** A standard normal draw (Box–Muller) from a uniform generator. */
export function normalFrom(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * Meter readings: expected x meter noise (±1–2 %), then the faults in order. Night (expected 0) reads 0, a NaN
 * expected reads NaN. Faults: `underperformance` multiplies whole local days by `factor`; `timestamp_shift` relabels
 * whole local days so each reading appears `shiftHours` later (a meter clock that far ahead, e.g. +1 for a DST error);
 * `data_gap` blanks and `stale_meter` freezes (repeats the first value) `hours` hours from mid-morning of `fromDay`.
 */
export function syntheticReadings(
  expectedKwh: Float64Array,
  series: IntervalSeries,
  utcOffsetMin: number,
  faults: InjectedFault[],
  seed: number,
): Float64Array {
  const n = series.count;
  if (!(expectedKwh instanceof Float64Array) || expectedKwh.length !== n) {
    throw invalid(`expectedKwh must be a Float64Array of ${n} values`, [{ field: 'expectedKwh', message: `${n} values` }]);
  }
  const rand = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = expectedKwh[i]!;
    const noise = Math.max(-METER_NOISE_MAX, Math.min(METER_NOISE_MAX, normalFrom(rand) * METER_NOISE_SD));
    out[i] = !Number.isFinite(e) ? Number.NaN : e <= 0 ? 0 : toWh(e * (1 + noise));
  }
  const stepHours = series.stepMs / MS_PER_HOUR;
  faults.forEach((f, k) => {
    const field = `faults/${k}`;
    const from = dayStartIndex(series, utcOffsetMin, f.fromDay, `${field}/fromDay`);
    switch (f.kind) {
      case 'underperformance': {
        wholeDays(f.days, `${field}/days`);
        if (!Number.isFinite(f.factor) || f.factor < 0 || f.factor > 2) {
          throw invalid('an underperformance factor is a share of the output, 0 to 2', [
            { field: `${field}/factor`, message: '0 to 2' },
          ]);
        }
        const to = Math.min(n, from + stepsIn(f.days * 24, series));
        for (let i = from; i < to; i++) if (Number.isFinite(out[i]!)) out[i] = toWh(out[i]! * f.factor);
        break;
      }
      case 'timestamp_shift': {
        wholeDays(f.days, `${field}/days`);
        const shift = (f.shiftHours * MS_PER_HOUR) / series.stepMs;
        if (!Number.isInteger(shift) || shift === 0 || Math.abs(f.shiftHours) > 12) {
          throw invalid('shiftHours must be a non-zero whole number of steps within ±12 h', [
            { field: `${field}/shiftHours`, message: 'whole steps, ±12 h' },
          ]);
        }
        const before = out.slice();
        const to = Math.min(n, from + stepsIn(f.days * 24, series));
        for (let i = from; i < to; i++) {
          const src = i - shift;
          out[i] = src >= 0 && src < n ? before[src]! : Number.NaN;
        }
        break;
      }
      case 'data_gap':
      case 'stale_meter': {
        if (!Number.isFinite(f.hours) || f.hours <= 0 || !Number.isInteger(f.hours / stepHours)) {
          throw invalid('hours must be a positive whole number of steps', [{ field: `${field}/hours`, message: 'whole steps' }]);
        }
        const start = midMorning(expectedKwh, from, Math.min(n, from + stepsIn(24, series)));
        const to = Math.min(n, start + stepsIn(f.hours, series));
        const frozen = out[start]!;
        for (let i = start; i < to; i++) out[i] = f.kind === 'data_gap' ? Number.NaN : frozen;
        break;
      }
      default:
        throw invalid('unknown fault kind', [{ field: `${field}/kind`, message: 'a fault kind' }]);
    }
  });
  return out;
}

/** Index of the first interval of local day `day`; the day must start inside the series. */
function dayStartIndex(series: IntervalSeries, utcOffsetMin: number, day: string, field: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) - utcOffsetMin * 60_000 : Number.NaN;
  const i = Math.ceil((ms - series.startMs) / series.stepMs);
  if (!Number.isFinite(ms) || i < 0 || i >= series.count) {
    throw invalid(`fault day ${day} is not a day of the series`, [{ field, message: 'a local day (YYYY-MM-DD) in the series' }]);
  }
  return i;
}

function midMorning(expectedKwh: Float64Array, from: number, to: number): number {
  let peak = 0;
  for (let i = from; i < to; i++) if (expectedKwh[i]! > peak) peak = expectedKwh[i]!;
  for (let i = from; i < to; i++) if (expectedKwh[i]! >= MID_MORNING_SHARE * peak && peak > 0) return i;
  return from + Math.floor((to - from) * (10 / 24)); // a dark day: 10:00 local
}

const stepsIn = (hours: number, series: IntervalSeries): number => Math.round((hours * MS_PER_HOUR) / series.stepMs);
const toWh = (kwh: number): number => Math.round(kwh * 1000) / 1000;

function wholeDays(days: number, field: string): void {
  if (!Number.isInteger(days) || days < 1) throw invalid('days must be a whole number, 1 or more', [{ field, message: '>= 1' }]);
}

/** Day-to-day sky regimes of the Markov chain. */
export const SKY_STATES = ['clear', 'partly', 'overcast'] as const;
export type SkyState = (typeof SKY_STATES)[number];

/**
 * How likely each regime is by month (northern hemisphere; eastern China: clear winters and autumns, a cloudy
 * plum-rain summer). The chain keeps yesterday's regime with probability PERSISTENCE, else draws from the month's
 * shares, so these shares are also its long-run frequencies.
 */
const REGIME_SHARES: ReadonlyArray<readonly [number, number, number]> = [
  [0.45, 0.3, 0.25],
  [0.4, 0.3, 0.3],
  [0.3, 0.35, 0.35],
  [0.3, 0.35, 0.35],
  [0.3, 0.4, 0.3],
  [0.2, 0.45, 0.35],
  [0.25, 0.45, 0.3],
  [0.3, 0.45, 0.25],
  [0.4, 0.35, 0.25],
  [0.45, 0.35, 0.2],
  [0.45, 0.3, 0.25],
  [0.45, 0.3, 0.25],
];
const PERSISTENCE = 0.5;

export interface CloudRegime {
  /** Local solar day (UTC date shifted by longitude / 15 h) of each interval, as an index from the first. */
  dayOfInterval: Int32Array;
  /** The regime of each local solar day. */
  states: SkyState[];
  /** Clear-sky index of each interval: the share of clear-sky GHI that gets through (0.05 to 1). */
  clearSkyIndex: Float64Array;
}

/**
 * The cloud regime over a series: a Markov chain of day regimes, then hourly noise within the day. Clear days are
 * 0.93–1.0 of clear sky with 1 % noise (a smooth path); partly cloudy days 0.45–0.8 with strong hour-to-hour swings
 * (AR(1), broken clouds); overcast days 0.12–0.35 with mild noise.
 */
export function cloudRegime(series: IntervalSeries, lonDeg: number, latDeg: number, seed: number): CloudRegime {
  const rand = seededRandom(seed);
  const n = series.count;
  const solarOffsetMs = (lonDeg / 15) * MS_PER_HOUR;
  const dayOfInterval = new Int32Array(n);
  const states: SkyState[] = [];
  const clearSkyIndex = new Float64Array(n);
  const firstDay = Math.floor((series.startMs + solarOffsetMs) / MS_PER_DAY);
  let state: SkyState = 'clear';
  let base = 1;
  let ar = 0;
  for (let i = 0; i < n; i++) {
    const t = series.startMs + i * series.stepMs;
    const d = Math.floor((t + solarOffsetMs) / MS_PER_DAY) - firstDay;
    dayOfInterval[i] = d;
    while (states.length <= d) {
      const month = new Date(t + solarOffsetMs).getUTCMonth();
      const shares = REGIME_SHARES[latDeg < 0 ? (month + 6) % 12 : month]!;
      if (states.length === 0 || rand() >= PERSISTENCE) {
        const u = rand();
        state = u < shares[0] ? 'clear' : u < shares[0] + shares[1] ? 'partly' : 'overcast';
      }
      states.push(state);
      base = state === 'clear' ? 0.93 + 0.07 * rand() : state === 'partly' ? 0.45 + 0.35 * rand() : 0.12 + 0.23 * rand();
      ar = 0;
    }
    const z = normalFrom(rand);
    let k: number;
    if (state === 'clear') k = base * (1 + 0.01 * z);
    else if (state === 'partly') {
      ar = 0.3 * ar + Math.sqrt(1 - 0.09) * z;
      k = base + 0.22 * ar;
    } else k = base * (1 + 0.12 * z);
    clearSkyIndex[i] = Math.max(0.05, Math.min(1, k));
  }
  return { dayOfInterval, states, clearSkyIndex };
}

/** A flat, loss-free dummy array: its plane-of-array irradiance under the clear sky is the chain's clear-sky GHI. */
const FLAT_SYSTEM: PvSystemSpec = {
  dcKwp: 1,
  tiltDeg: 0,
  azimuthDeg: 180,
  mounting: 'open_rack',
  moduleType: 'standard',
  inverterAcKw: 1,
  lossesPct: 0,
  albedo: 0,
};

/**
 * Synthetic measured weather for a park: GHI/DNI/DHI from the chain's clear sky x the cloud regime's clear-sky index,
 * air temperature (latitude-dependent annual mean and swing, diurnal cycle damped by cloud) and wind. Beam and
 * diffuse: DNI = clear-sky DNI x ((k - 0.25) / 0.75)^1.5 (no beam below k = 0.25, the clear sky's at k = 1) and
 * DHI = GHI - DNI cos z, which stays >= 0 and gives the clear sky's split on clear hours. Sunrise and sunset intervals
 * (partly sunlit) carry GHI only, so the chain splits them itself (Erbs) at the middle of their sunlit part.
 * `cloudiness` is 1 - k per interval (0 clear, 0.95 heavy overcast).
 */
export function syntheticWeather(
  location: PvLocation,
  series: IntervalSeries,
  seed: number,
): WeatherSeries & { cloudiness: Float64Array } {
  checkLocation(location);
  const n = series.count;
  const regime = cloudRegime(series, location.lonDeg, location.latDeg, seed);
  const sun = sunTermsFor(series);
  const flat = runChain(location, FLAT_SYSTEM, series, { clearSky: true, sky: 'isotropic', sunTerms: sun });
  const pressurePa = alt2pres(location.elevationM);
  const pos = solarPositionsAt(sun.terms, location.latDeg, location.lonDeg, {
    elevationM: location.elevationM,
    pressureMbar: pressurePa / 100,
    temperatureC: 12,
  });
  const stepHours = series.stepMs / MS_PER_HOUR;
  const ghiWm2 = new Float64Array(n);
  const dniWm2 = new Float64Array(n);
  const dhiWm2 = new Float64Array(n);
  const airTempC = new Float64Array(n);
  const windMs = new Float64Array(n);
  const cloudiness = new Float64Array(n);
  const cs = { ghi: 0, dni: 0, dhi: 0 };

  const rand = seededRandom((seed ^ 0x5bd1e995) >>> 0);
  const absLat = Math.abs(location.latDeg);
  // Eastern China: Guangzhou (23 N) about 22 °C with a ±7.5 °C season, Beijing (40 N) 12 °C and ±15 °C.
  const annualMeanC = 22 - 0.6 * (absLat - 23);
  const seasonalSwingC = 7.5 + 0.45 * (absLat - 23);
  const hottestDay = location.latDeg >= 0 ? 200 : 17;
  const solarOffsetMs = (location.lonDeg / 15) * MS_PER_HOUR;
  let day = -1;
  let anomalyC = 0;
  let dayWindMs = 2;
  let swingC = 4;
  for (let i = 0; i < n; i++) {
    const k = regime.clearSkyIndex[i]!;
    cloudiness[i] = 1 - k;
    if (regime.dayOfInterval[i] !== day) {
      day = regime.dayOfInterval[i]!;
      const state = regime.states[day]!;
      anomalyC = 0.6 * anomalyC + 1.6 * normalFrom(rand);
      dayWindMs = 1.2 + 2.3 * rand();
      swingC = state === 'clear' ? 4.5 : state === 'partly' ? 3.5 : 1.5;
    }
    const midMs = series.startMs + (i + 0.5) * series.stepMs;
    const doy = (midMs - Date.UTC(new Date(midMs).getUTCFullYear(), 0, 1)) / MS_PER_DAY;
    const solarHour = ((((midMs + solarOffsetMs) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_HOUR;
    airTempC[i] =
      annualMeanC +
      seasonalSwingC * Math.cos((2 * Math.PI * (doy - hottestDay)) / 365.25) +
      anomalyC +
      swingC * Math.cos((2 * Math.PI * (solarHour - 15)) / 24);
    windMs[i] = Math.max(0.2, dayWindMs * (0.75 + 0.5 * rand()) + 0.6 * Math.sin((2 * Math.PI * (solarHour - 9)) / 24));

    const ghiClear = flat.poaWm2[i]!;
    if (!(ghiClear > 0)) continue; // night: zeros
    ghiWm2[i] = k * ghiClear;
    const sunlitFraction = (flat.poaKwhM2[i]! * 1000) / (ghiClear * stepHours);
    const apparentZenithDeg = pos.apparentZenith[i]!;
    if (sunlitFraction < 0.999 || apparentZenithDeg >= 90) {
      dniWm2[i] = Number.NaN;
      dhiWm2[i] = Number.NaN;
      continue;
    }
    const amAbs = (relativeAirmass(apparentZenithDeg) * pressurePa) / 101325;
    const tl = location.linkeTurbidity[sun.month[i]!]!;
    ineichen(apparentZenithDeg, amAbs, tl, location.elevationM, sun.dniExtra[i]!, false, cs);
    const cosZ = Math.cos((apparentZenithDeg * Math.PI) / 180);
    const beamShare = k <= 0.25 ? 0 : ((k - 0.25) / 0.75) ** 1.5;
    const dni = cs.dni * beamShare;
    dniWm2[i] = dni;
    dhiWm2[i] = Math.max(0, ghiWm2[i]! - dni * cosZ);
  }
  return { ghiWm2, dniWm2, dhiWm2, airTempC, windMs, cloudiness };
}
