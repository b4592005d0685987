import { invalid } from '../core/index.js';
import type { IntervalSeries } from './model.js';

/**
 * Performance metrics of a PV system from its meter readings and the model chain: IEC 61724-1 performance ratio,
 * NREL weather-corrected PR (Dierauf et al. 2013, NREL/TP-5200-57991), specific yield, availability and the
 * measured/expected ratio, per local day and rolled up by month or period. Pure functions over typed arrays.
 */

export type IrradiancePlane = 'poa' | 'horizontal';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/**
 * An interval is daylight when the clear-sky or the expected energy exceeds this share of nameplate x step
 * (1 %: the first and last sunlit hour of a low-tilt roof still count, twilight does not).
 */
export const DAYLIGHT_SHARE = 0.01;

/**
 * A day needs at least this reference yield (0.1 kWh/m2, i.e. 0.1 peak sun hours) for a PR, and this many kWh per
 * kWp expected for an expected ratio: below that the ratios are noise (a dark, snowy or fully overcast day).
 */
export const MIN_DAY_REFERENCE_YIELD_H = 0.1;

/**
 * IEC 61724-1 PR = Yf / Yr: (AC kWh / kWp) / (POA kWh/m2 / 1 kW/m2). Refuses horizontal irradiance (AppError
 * invalid, field 'irradiance'): a tilted array sees more than the horizontal in winter, so PR on GHI overshoots
 * (values of 1.2 to 2.8 are reported from apps that did it).
 */
export function performanceRatio(acKwh: number, dcKwp: number, poaKwhM2: number, plane: IrradiancePlane): number {
  if (plane !== 'poa') {
    throw invalid('PR needs plane-of-array irradiance (IEC 61724-1 reference yield); horizontal irradiance was given', [
      { field: 'irradiance', message: 'PR needs plane-of-array (POA) irradiance, not horizontal' },
    ]);
  }
  if (!Number.isFinite(acKwh)) throw invalid('acKwh must be a number', [{ field: 'acKwh', message: 'a finite number' }]);
  requirePositive(dcKwp, 'dcKwp');
  requirePositive(poaKwhM2, 'poaKwhM2');
  return acKwh / dcKwp / poaKwhM2;
}

/**
 * NREL weather-corrected PR (Dierauf et al. 2013, NREL/TP-5200-57991):
 * sum(AC) / sum(dcKwp * POA/1000 * (1 + gamma*(Tcell - TcellAvg)) * stepHours), over the intervals where the
 * reading, the irradiance and the cell temperature are all known. NaN when no such interval has sunlight.
 */
export function weatherCorrectedPr(
  acKwh: Float64Array,
  poaWm2: Float64Array,
  cellTempC: Float64Array,
  dcKwp: number,
  stepHours: number,
  gammaPdc: number,
  cellTempAvgC: number,
): number {
  sameLength(acKwh.length, { poaWm2, cellTempC });
  requirePositive(dcKwp, 'dcKwp');
  requirePositive(stepHours, 'stepHours');
  if (!Number.isFinite(gammaPdc)) throw invalid('gammaPdc must be a number', [{ field: 'gammaPdc', message: 'per °C' }]);
  if (!Number.isFinite(cellTempAvgC)) {
    throw invalid('cellTempAvgC must be a number', [{ field: 'cellTempAvgC', message: 'a temperature, °C' }]);
  }
  let ac = 0;
  let reference = 0;
  for (let i = 0; i < acKwh.length; i++) {
    const e = acKwh[i]!;
    const g = poaWm2[i]!;
    const t = cellTempC[i]!;
    if (!Number.isFinite(e) || !Number.isFinite(g) || !Number.isFinite(t) || g <= 0) continue;
    ac += e;
    reference += dcKwp * (g / 1000) * (1 + gammaPdc * (t - cellTempAvgC)) * stepHours;
  }
  return reference > 0 ? ac / reference : Number.NaN;
}

/** The irradiance-weighted mean cell temperature (NREL's T_cell,avg, normally over a year); NaN without sunlight. */
export function irradianceWeightedCellTempC(poaWm2: Float64Array, cellTempC: Float64Array): number {
  sameLength(poaWm2.length, { cellTempC });
  let weighted = 0;
  let weight = 0;
  for (let i = 0; i < poaWm2.length; i++) {
    const g = poaWm2[i]!;
    const t = cellTempC[i]!;
    if (!Number.isFinite(g) || !Number.isFinite(t) || g <= 0) continue;
    weighted += g * t;
    weight += g;
  }
  return weight > 0 ? weighted / weight : Number.NaN;
}

export interface SystemSeriesInput {
  systemId: string;
  dcKwp: number;
  /** Regular grid in UTC (hourly in practice). */
  series: IntervalSeries;
  /** Minutes east of UTC for local days (China +480). */
  utcOffsetMin: number;
  /** Meter AC kWh per interval; NaN = no reading. */
  measuredKwh: Float64Array;
  /** Model chain output with measured weather where present, else clear sky. */
  expectedKwh: Float64Array;
  /** Model chain output under clear sky. */
  clearSkyKwh: Float64Array;
  /** Plane-of-array irradiance per interval as a mean over the whole interval (sensor or modelled), NaN missing. */
  poaWm2: Float64Array;
  poaSource: 'sensor' | 'modelled' | 'clear_sky';
  /** Cell temperature from the chain. */
  cellTempC: Float64Array;
  /** Power temperature coefficient, 1/°C (PVWatts standard -0.0047). */
  gammaPdc: number;
}

export interface DailyPerformance {
  /** Local YYYY-MM-DD (a rolled-up row carries its first day). */
  day: string;
  /** Sum of the readings. */
  measuredKwh: number;
  expectedKwh: number;
  clearSkyKwh: number;
  /** Plane-of-array insolation (the reference yield in hours). */
  poaKwhM2: number;
  specificYieldKwhKwp: number;
  /** IEC 61724-1 PR; null unless every daylight interval has a reading and an irradiance, or when too dark. */
  pr: number | null;
  /** NREL weather-corrected PR against the irradiance-weighted cell temperature of the whole input. */
  weatherCorrectedPr: number | null;
  /**
   * Time-based: the share of daylight readings that are not downtime (no output while the model expects more than
   * 1 % of nameplate); null without readings.
   */
  availability: number | null;
  /** measured / expected; null unless every daylight interval has a reading, or when too dark. */
  expectedRatio: number | null;
  /** Readings during daylight intervals (readings / daylightIntervals is the data availability). */
  readings: number;
  daylightIntervals: number;
}

/** One local day of a series: the interval indexes [from, to). */
export interface LocalDay {
  day: string;
  from: number;
  to: number;
}

/** Splits a series into local days (an interval belongs to the day its start falls in). */
export function localDays(series: IntervalSeries, utcOffsetMin: number): LocalDay[] {
  const offsetMs = utcOffsetMin * 60_000;
  const out: LocalDay[] = [];
  let current = Number.NaN;
  for (let i = 0; i < series.count; i++) {
    const dayIndex = Math.floor((series.startMs + i * series.stepMs + offsetMs) / MS_PER_DAY);
    if (dayIndex !== current) {
      const last = out[out.length - 1];
      if (last) last.to = i;
      out.push({ day: new Date(dayIndex * MS_PER_DAY).toISOString().slice(0, 10), from: i, to: series.count });
      current = dayIndex;
    }
  }
  return out;
}

/** Daylight intervals (see DAYLIGHT_SHARE). */
export function daylightMask(input: SystemSeriesInput): Uint8Array {
  const threshold = DAYLIGHT_SHARE * input.dcKwp * (input.series.stepMs / MS_PER_HOUR);
  const mask = new Uint8Array(input.series.count);
  for (let i = 0; i < mask.length; i++) {
    const c = input.clearSkyKwh[i]!;
    const e = input.expectedKwh[i]!;
    mask[i] = (Number.isFinite(c) && c > threshold) || (Number.isFinite(e) && e > threshold) ? 1 : 0;
  }
  return mask;
}

/** Checks a series input (lengths, units in range); throws AppError invalid naming the field. */
export function validateSeriesInput(input: SystemSeriesInput): void {
  const { series } = input;
  if (!Number.isFinite(series.startMs)) {
    throw invalid('series.startMs must be epoch milliseconds', [{ field: 'series.startMs', message: 'epoch ms' }]);
  }
  if (!Number.isInteger(series.stepMs) || series.stepMs < 60_000 || series.stepMs > MS_PER_DAY) {
    throw invalid('series.stepMs must be whole milliseconds from one minute to one day', [
      { field: 'series.stepMs', message: '60000 to 86400000' },
    ]);
  }
  if (!Number.isInteger(series.count) || series.count < 0) {
    throw invalid('series.count must be a whole number', [{ field: 'series.count', message: '0 or more' }]);
  }
  requirePositive(input.dcKwp, 'dcKwp');
  if (!Number.isInteger(input.utcOffsetMin) || Math.abs(input.utcOffsetMin) > 14 * 60) {
    throw invalid('utcOffsetMin must be whole minutes within ±840', [{ field: 'utcOffsetMin', message: '-840 to 840' }]);
  }
  if (!Number.isFinite(input.gammaPdc)) throw invalid('gammaPdc must be a number', [{ field: 'gammaPdc', message: 'per °C' }]);
  const { measuredKwh, expectedKwh, clearSkyKwh, poaWm2, cellTempC } = input;
  sameLength(series.count, { measuredKwh, expectedKwh, clearSkyKwh, poaWm2, cellTempC });
}

/**
 * Per local day: energies, insolation, specific yield, IEC PR, NREL weather-corrected PR (against the
 * irradiance-weighted cell temperature of the whole input, normally a year), availability and measured/expected.
 * Ratios are only given for complete days (every daylight interval read, and for PR irradiated), so a roll-up can
 * recompute them exactly from the day sums; the intervals of an incomplete day are excluded, as IEC 61724-1 excludes
 * missing data from both numerator and denominator.
 */
export function dailyPerformance(input: SystemSeriesInput): DailyPerformance[] {
  validateSeriesInput(input);
  const { dcKwp, measuredKwh, expectedKwh, clearSkyKwh, poaWm2, cellTempC, gammaPdc } = input;
  const stepHours = input.series.stepMs / MS_PER_HOUR;
  const daylight = daylightMask(input);
  const cellTempAvgC = irradianceWeightedCellTempC(poaWm2, cellTempC);
  const dimKwh = DAYLIGHT_SHARE * dcKwp * stepHours;
  const out: DailyPerformance[] = [];
  for (const { day, from, to } of localDays(input.series, input.utcOffsetMin)) {
    let measured = 0;
    let expected = 0;
    let clearSky = 0;
    let poa = 0;
    let readings = 0;
    let producing = 0;
    let daylightIntervals = 0;
    let complete = true;
    let irradiated = true;
    for (let i = from; i < to; i++) {
      const m = measuredKwh[i]!;
      const g = poaWm2[i]!;
      if (Number.isFinite(m)) measured += m;
      if (Number.isFinite(expectedKwh[i]!)) expected += expectedKwh[i]!;
      if (Number.isFinite(clearSkyKwh[i]!)) clearSky += clearSkyKwh[i]!;
      if (Number.isFinite(g) && g > 0) poa += (g * stepHours) / 1000;
      if (!daylight[i]) continue;
      daylightIntervals++;
      if (Number.isFinite(m)) {
        readings++;
        // No output while the model expects some is downtime; a dim interval the model also gives nothing is not.
        if (m > 0 || !(expectedKwh[i]! > dimKwh)) producing++;
      } else {
        complete = false;
      }
      if (!Number.isFinite(g)) irradiated = false;
    }
    const bright = poa >= MIN_DAY_REFERENCE_YIELD_H;
    const pr = complete && irradiated && bright ? measured / dcKwp / poa : null;
    let wcPr: number | null = null;
    if (pr !== null) {
      const v = weatherCorrectedPr(
        measuredKwh.subarray(from, to),
        poaWm2.subarray(from, to),
        cellTempC.subarray(from, to),
        dcKwp,
        stepHours,
        gammaPdc,
        Number.isFinite(cellTempAvgC) ? cellTempAvgC : 25,
      );
      wcPr = Number.isFinite(v) ? v : null;
    }
    out.push({
      day,
      measuredKwh: measured,
      expectedKwh: expected,
      clearSkyKwh: clearSky,
      poaKwhM2: poa,
      specificYieldKwhKwp: measured / dcKwp,
      pr,
      weatherCorrectedPr: wcPr,
      availability: readings > 0 ? producing / readings : null,
      expectedRatio: complete && expected >= MIN_DAY_REFERENCE_YIELD_H * dcKwp ? measured / expected : null,
      readings,
      daylightIntervals,
    });
  }
  return out;
}

/**
 * Rolls days up by calendar month (`period` YYYY-MM) or over the whole period (`period` first/last day, ISO 8601
 * interval), recomputing every ratio from sums over the days that have it (never averaging ratios): PR from the
 * measured energy and insolation of the days with a PR, and so on. The weather-corrected reference energy of a day is
 * measured / weatherCorrectedPr; for a day that produced nothing it is taken as dcKwp x insolation (the temperature
 * term, a few percent, is unknown there and multiplies zero output anyway in the numerator).
 */
export function rollUp(
  days: DailyPerformance[],
  dcKwp: number,
  by: 'month' | 'total',
): Array<DailyPerformance & { period: string }> {
  requirePositive(dcKwp, 'dcKwp');
  if (by !== 'month' && by !== 'total')
    throw invalid("by must be 'month' or 'total'", [{ field: 'by', message: 'month or total' }]);
  const groups = new Map<string, DailyPerformance[]>();
  const first = days[0]?.day ?? '';
  const last = days[days.length - 1]?.day ?? '';
  for (const d of days) {
    const key = by === 'month' ? d.day.slice(0, 7) : `${first}/${last}`;
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
    }
    group.push(d);
  }
  const out: Array<DailyPerformance & { period: string }> = [];
  for (const [period, group] of groups) {
    let measured = 0;
    let expected = 0;
    let clearSky = 0;
    let poa = 0;
    let readings = 0;
    let daylightIntervals = 0;
    let prMeasured = 0;
    let prPoa = 0;
    let wcMeasured = 0;
    let wcReference = 0;
    let ratioMeasured = 0;
    let ratioExpected = 0;
    let producing = 0;
    let availabilityReadings = 0;
    for (const d of group) {
      measured += d.measuredKwh;
      expected += d.expectedKwh;
      clearSky += d.clearSkyKwh;
      poa += d.poaKwhM2;
      readings += d.readings;
      daylightIntervals += d.daylightIntervals;
      if (d.pr !== null) {
        prMeasured += d.measuredKwh;
        prPoa += d.poaKwhM2;
      }
      if (d.weatherCorrectedPr !== null) {
        wcMeasured += d.measuredKwh;
        wcReference += d.weatherCorrectedPr > 0 ? d.measuredKwh / d.weatherCorrectedPr : dcKwp * d.poaKwhM2;
      }
      if (d.expectedRatio !== null) {
        ratioMeasured += d.measuredKwh;
        ratioExpected += d.expectedKwh;
      }
      if (d.availability !== null) {
        producing += Math.round(d.availability * d.readings);
        availabilityReadings += d.readings;
      }
    }
    out.push({
      period,
      day: group[0]!.day,
      measuredKwh: measured,
      expectedKwh: expected,
      clearSkyKwh: clearSky,
      poaKwhM2: poa,
      specificYieldKwhKwp: measured / dcKwp,
      pr: prPoa > 0 ? prMeasured / dcKwp / prPoa : null,
      weatherCorrectedPr: wcReference > 0 ? wcMeasured / wcReference : null,
      availability: availabilityReadings > 0 ? producing / availabilityReadings : null,
      expectedRatio: ratioExpected > 0 ? ratioMeasured / ratioExpected : null,
      readings,
      daylightIntervals,
    });
  }
  return out;
}

function requirePositive(value: number, field: string): void {
  if (!Number.isFinite(value) || value <= 0) throw invalid(`${field} must be a positive number`, [{ field, message: '> 0' }]);
}

function sameLength(count: number, arrays: Record<string, Float64Array>): void {
  for (const [field, a] of Object.entries(arrays)) {
    if (!(a instanceof Float64Array) || a.length !== count) {
      throw invalid(`${field} must be a Float64Array of ${count} values, one per interval`, [
        { field, message: `${count} values` },
      ]);
    }
  }
}
