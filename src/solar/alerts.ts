import { invalid } from '../core/index.js';
import { daylightMask, localDays, type SystemSeriesInput, validateSeriesInput } from './performance.js';

/**
 * Monitoring alerts for one PV system: underperformance on clear days against a rolling baseline, data gaps, stale
 * meters (a frozen register or no reading up to now) and timestamp shifts (clock, time-zone or DST errors). Pure: the
 * input is the meter series beside the model chain's expected and clear-sky energy (see SystemSeriesInput).
 */

export const ALERT_KINDS = ['underperformance', 'data_gap', 'stale_meter', 'timestamp_shift'] as const;
export type SolarAlertKind = (typeof ALERT_KINDS)[number];

export interface SolarAlert {
  kind: SolarAlertKind;
  systemId: string;
  fromMs: number;
  toMs: number;
  severity: 'warning' | 'critical';
  /** A sentence with the figures. */
  reason: string;
  metrics: Record<string, number>;
}

export interface AlertOptions {
  /** Clear days in the rolling baseline (30). */
  baselineDays?: number;
  /** Alert when a clear day's measured/expected is this many percent below the baseline median (10). */
  underperformancePct?: number;
  /** Daylight hours without a reading that make a gap (2). */
  minGapHours?: number;
  /** Daylight hours of one repeated value, or without any reading up to now, that make a meter stale (3). */
  staleHours?: number;
  /** Now, for the stale check: no reading for the last staleHours daylight hours up to now (default: end of series). */
  nowMs?: number;
}

export const DEFAULT_ALERT_OPTIONS: Readonly<Required<Omit<AlertOptions, 'nowMs'>>> = {
  baselineDays: 30,
  underperformancePct: 10,
  minGapHours: 2,
  staleHours: 3,
};

const MS_PER_HOUR = 3_600_000;

/**
 * A day is clear when the expected energy (the chain on the measured weather) reaches this share of the clear-sky
 * energy, i.e. the POA insolation is about 0.8 of the clear sky's (reference §4)...
 */
export const CLEAR_INDEX_MIN = 0.8;
/**
 * ... and its hourly path is smooth: variability index (Stein et al. 2012: path length of the profile over the clear
 * sky's, here in W per kWp with the step in minutes) of the profile scaled to the clear-sky total, so a uniformly
 * dimmer day is not "variable". On the synthetic years clear days score at most 1.006 and broken-cloud days 1.02 to
 * 2.4 (median 1.3).
 */
export const VI_MAX = 1.05;
/**
 * Without any weather (poaSource clear_sky) the clear-day test runs on the readings themselves: a smooth measured
 * profile of at least this share of the clear sky. A derate deeper than 40 % then hides as "cloud"; it still shows in
 * the data-quality alerts, and a weather source (sensor or satellite) is the better basis.
 */
const CLEAR_SKY_ONLY_MIN = 0.6;
/** The baseline needs this many clear days (or baselineDays if fewer) before a day is judged. */
const MIN_BASELINE_DAYS = 10;
/** Consecutive low clear days that make an underperformance alert. */
const MIN_LOW_DAYS = 2;
/** A day ratio needs the readings to cover this share of the day's expected energy. */
const MIN_COVERAGE = 0.5;
/** A repeated value that the model also gives within 2 % is inverter clipping, not a frozen register. */
const CLIPPING_TOLERANCE = 0.02;
/** Timestamp shift: centroid offset (h) and the days it must last. */
const SHIFT_MIN_H = 0.5;
const SHIFT_MIN_DAYS = 3;
const SHIFT_SEARCH_H = 3;
/** Days with less expected energy than this many kWh per kWp give no centroid (too dark to place the sun). */
const SHIFT_MIN_YIELD_H = 0.5;

/**
 * Every alert for the series, oldest first. Thresholds: see AlertOptions and the constants above.
 * Frozen readings are left out of the day ratios and centroids, so one fault raises one alert.
 */
export function detectAlerts(input: SystemSeriesInput, opts: AlertOptions = {}): SolarAlert[] {
  validateSeriesInput(input);
  const o = { ...DEFAULT_ALERT_OPTIONS, ...definedOnly(opts) };
  positive(o.baselineDays, 'baselineDays');
  positive(o.minGapHours, 'minGapHours');
  positive(o.staleHours, 'staleHours');
  if (!Number.isFinite(o.underperformancePct) || o.underperformancePct <= 0 || o.underperformancePct >= 100) {
    throw invalid('underperformancePct must be between 0 and 100', [{ field: 'underperformancePct', message: '0 to 100' }]);
  }
  const { series } = input;
  const endMs = series.startMs + series.count * series.stepMs;
  const nowMs = opts.nowMs ?? endMs;
  if (!Number.isFinite(nowMs)) throw invalid('nowMs must be epoch milliseconds', [{ field: 'nowMs', message: 'epoch ms' }]);

  const ctx = makeContext(input);
  // Intervals that have ended by now; later ones are not late, they are the future.
  const iNow = Math.max(0, Math.min(series.count, Math.floor((nowMs - series.startMs) / series.stepMs)));
  const alerts: SolarAlert[] = [];
  const frozen = new Uint8Array(series.count);
  alerts.push(...frozenRegisters(ctx, o.staleHours, frozen, iNow));
  const silent = silentSince(ctx, iNow, nowMs, o.staleHours);
  if (silent.alert) alerts.push(silent.alert);
  alerts.push(...dataGaps(ctx, silent.from, o.minGapHours));
  const days = dayStats(ctx, frozen, iNow);
  alerts.push(...underperformance(ctx, days, o.baselineDays, o.underperformancePct));
  alerts.push(...timestampShifts(ctx, days));
  const order = (k: SolarAlertKind) => ALERT_KINDS.indexOf(k);
  return alerts.sort((a, b) => a.fromMs - b.fromMs || order(a.kind) - order(b.kind));
}

interface Context {
  input: SystemSeriesInput;
  daylight: Uint8Array;
  stepHours: number;
  startOf: (i: number) => number;
}

function makeContext(input: SystemSeriesInput): Context {
  const { startMs, stepMs } = input.series;
  return { input, daylight: daylightMask(input), stepHours: stepMs / MS_PER_HOUR, startOf: (i) => startMs + i * stepMs };
}

/** A frozen register: one non-zero value repeated over >= staleHours of daylight (night repeats extend the run). */
function frozenRegisters(ctx: Context, staleHours: number, frozen: Uint8Array, iNow: number): SolarAlert[] {
  const { measuredKwh: m, expectedKwh: e, systemId, utcOffsetMin } = ctx.input;
  const out: SolarAlert[] = [];
  const n = m.length;
  let i = 0;
  while (i < n) {
    const v = m[i]!;
    if (!Number.isFinite(v) || v === 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && m[j] === v) j++;
    let daylightCount = 0;
    let clipping = true;
    for (let k = i; k < j; k++) {
      if (!ctx.daylight[k]) continue;
      daylightCount++;
      if (!(Math.abs(e[k]! - v) <= CLIPPING_TOLERANCE * Math.abs(v))) clipping = false;
    }
    const hours = daylightCount * ctx.stepHours;
    if (j - i > 1 && hours >= staleHours && !clipping) {
      frozen.fill(1, i, j);
      const fromMs = ctx.startOf(i);
      const toMs = ctx.startOf(j);
      out.push({
        kind: 'stale_meter',
        systemId,
        fromMs,
        toMs,
        // Still frozen now: nothing is being metered.
        severity: j >= iNow ? 'critical' : 'warning',
        reason:
          `The meter repeated ${fmt(v, 3)} kWh for ${j - i} readings (${fmt(hours, 1)} daylight hours) from ` +
          `${localTime(fromMs, utcOffsetMin)} to ${localTime(toMs, utcOffsetMin)}: a frozen register, not output.`,
        metrics: { valueKwh: v, readings: j - i, daylightHours: hours },
      });
    }
    i = j;
  }
  return out;
}

/** No reading during the last staleHours daylight hours before now; also returns where the trailing silent run starts. */
function silentSince(ctx: Context, iNow: number, nowMs: number, staleHours: number): { from: number; alert: SolarAlert | null } {
  const { measuredKwh: m, expectedKwh: e, systemId, utcOffsetMin } = ctx.input;
  let from = iNow;
  while (from > 0 && !Number.isFinite(m[from - 1]!)) from--;
  let daylightCount = 0;
  let missedKwh = 0;
  for (let k = from; k < iNow; k++) {
    if (!ctx.daylight[k]) continue;
    daylightCount++;
    if (Number.isFinite(e[k]!)) missedKwh += e[k]!;
  }
  const hours = daylightCount * ctx.stepHours;
  // A silent run that has not ended yet is the stale check's, never a gap: the readings may still be on their way.
  if (hours < staleHours) return { from, alert: null };
  const fromMs = ctx.startOf(from);
  const last = from > 0 ? `since ${localTime(fromMs, utcOffsetMin)}` : 'in the whole series';
  return {
    from,
    alert: {
      kind: 'stale_meter',
      systemId,
      fromMs,
      toMs: nowMs,
      severity: 'critical',
      reason:
        `No meter reading ${last} (${fmt(hours, 1)} daylight hours up to ${localTime(nowMs, utcOffsetMin)}); ` +
        `about ${fmt(missedKwh, 1)} kWh of expected output is unmetered.`,
      metrics: { daylightHours: hours, missingExpectedKwh: missedKwh },
    },
  };
}

/** Runs of missing readings with >= minGapHours of daylight in them; a missing night is not a gap. */
function dataGaps(ctx: Context, until: number, minGapHours: number): SolarAlert[] {
  const { measuredKwh: m, expectedKwh: e, systemId, utcOffsetMin } = ctx.input;
  const out: SolarAlert[] = [];
  let i = 0;
  while (i < until) {
    if (Number.isFinite(m[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < until && !Number.isFinite(m[j]!)) j++;
    let first = -1;
    let last = -1;
    let daylightCount = 0;
    let missedKwh = 0;
    for (let k = i; k < j; k++) {
      if (!ctx.daylight[k]) continue;
      if (first < 0) first = k;
      last = k;
      daylightCount++;
      if (Number.isFinite(e[k]!)) missedKwh += e[k]!;
    }
    const hours = daylightCount * ctx.stepHours;
    if (first >= 0 && hours >= minGapHours) {
      const fromMs = ctx.startOf(first);
      const toMs = ctx.startOf(last + 1);
      out.push({
        kind: 'data_gap',
        systemId,
        fromMs,
        toMs,
        severity: toMs - fromMs >= 24 * MS_PER_HOUR ? 'critical' : 'warning',
        reason:
          `No meter reading for ${fmt(hours, 1)} daylight hours from ${localTime(fromMs, utcOffsetMin)} to ` +
          `${localTime(toMs, utcOffsetMin)}; about ${fmt(missedKwh, 1)} kWh of expected output is unmetered.`,
        metrics: { daylightHours: hours, missingExpectedKwh: missedKwh, intervals: j - i },
      });
    }
    i = j;
  }
  return out;
}

interface DayStat {
  day: string;
  fromMs: number;
  toMs: number;
  clear: boolean;
  /** measured / expected over the readings (frozen ones left out); NaN when they cover too little. */
  ratio: number;
  measuredKwh: number;
  expectedKwh: number;
  /** Energy-weighted centroid of measured minus expected, hours; NaN when the day cannot say. */
  centroidOffsetH: number;
  from: number;
  to: number;
}

function dayStats(ctx: Context, frozen: Uint8Array, iNow: number): DayStat[] {
  const { measuredKwh: m, expectedKwh: e, clearSkyKwh: c, dcKwp, poaSource } = ctx.input;
  const out: DayStat[] = [];
  const weatherless = poaSource === 'clear_sky';
  // A reading usable for ratios and centroids: present, not frozen, and already due.
  const usable = (i: number) => i < iNow && Number.isFinite(m[i]!) && !frozen[i];
  for (const { day, from, to } of localDays(ctx.input.series, ctx.input.utcOffsetMin)) {
    let expectedAll = 0;
    let clearAll = 0;
    let measured = 0;
    let expected = 0;
    let clearCovered = 0;
    let complete = to <= iNow;
    let tm = 0;
    let te = 0;
    for (let i = from; i < to; i++) {
      const ei = finite(e[i]!);
      expectedAll += ei;
      clearAll += finite(c[i]!);
      if (!usable(i)) {
        if (ctx.daylight[i]) complete = false;
        continue;
      }
      measured += m[i]!;
      expected += ei;
      clearCovered += finite(c[i]!);
      tm += (i - from + 0.5) * m[i]!;
      te += (i - from + 0.5) * ei;
    }
    const covered = expectedAll > 0 && expected >= MIN_COVERAGE * expectedAll;
    let clear: boolean;
    if (weatherless) {
      const k = clearCovered > 0 ? measured / clearCovered : 0;
      clear = covered && k >= CLEAR_SKY_ONLY_MIN && variability(ctx, m, from, to, usable) < VI_MAX;
    } else {
      clear =
        clearAll > 0 &&
        expectedAll >= CLEAR_INDEX_MIN * clearAll &&
        variability(ctx, e, from, to, (i) => Number.isFinite(e[i]!)) < VI_MAX;
    }
    // Without weather, clouds move the centroid too: only clear days can tell a clock error.
    const canPlace = complete && expectedAll >= SHIFT_MIN_YIELD_H * dcKwp && measured > 0 && (!weatherless || clear);
    out.push({
      day,
      fromMs: ctx.startOf(from),
      toMs: ctx.startOf(to),
      clear,
      ratio: covered ? measured / expected : Number.NaN,
      measuredKwh: measured,
      expectedKwh: expected,
      centroidOffsetH: canPlace ? (tm / measured - te / expected) * ctx.stepHours : Number.NaN,
      from,
      to,
    });
  }
  return out;
}

/**
 * Variability index of `profile` over [from, to): its path length, scaled to the clear sky's energy over the same
 * intervals, over the clear sky's path length. Steps touching daylight count; a step with an unusable end is left out
 * of both paths. Infinity when there is no daylight path.
 */
function variability(ctx: Context, profile: Float64Array, from: number, to: number, ok: (i: number) => boolean): number {
  const c = ctx.input.clearSkyKwh;
  const toWPerKwp = 1000 / (ctx.input.dcKwp * ctx.stepHours);
  const dtMin = ctx.stepHours * 60;
  let sumP = 0;
  let sumC = 0;
  for (let i = from; i < to; i++) {
    if (!ok(i)) continue;
    sumP += profile[i]!;
    sumC += finite(c[i]!);
  }
  if (!(sumP > 0) || !(sumC > 0)) return Number.POSITIVE_INFINITY;
  const scale = sumC / sumP;
  let pathP = 0;
  let pathC = 0;
  for (let i = from + 1; i < to; i++) {
    if (!(ctx.daylight[i] || ctx.daylight[i - 1]) || !ok(i) || !ok(i - 1)) continue;
    pathP += Math.hypot((profile[i]! - profile[i - 1]!) * scale * toWPerKwp, dtMin);
    pathC += Math.hypot((finite(c[i]!) - finite(c[i - 1]!)) * toWPerKwp, dtMin);
  }
  return pathC > 0 ? pathP / pathC : Number.POSITIVE_INFINITY;
}

/**
 * Clear days whose measured/expected falls more than `pct` below the median of the previous `baselineDays` clear
 * days, on >= 2 consecutive clear days (cloudy days in between neither break nor extend the run). Low days stay out
 * of the baseline, so a permanent derate keeps alerting instead of becoming the new normal.
 */
function underperformance(ctx: Context, days: DayStat[], baselineDays: number, pct: number): SolarAlert[] {
  const { systemId } = ctx.input;
  const out: SolarAlert[] = [];
  const baseline: number[] = [];
  let run: Array<{ d: DayStat; median: number }> = [];
  const flush = () => {
    if (run.length >= MIN_LOW_DAYS) {
      const first = run[0]!;
      const lastDay = run[run.length - 1]!.d;
      let measured = 0;
      let expected = 0;
      for (const r of run) {
        measured += r.d.measuredKwh;
        expected += r.d.expectedKwh;
      }
      const ratio = measured / expected;
      const deficitPct = (1 - ratio / first.median) * 100;
      out.push({
        kind: 'underperformance',
        systemId,
        fromMs: first.d.fromMs,
        toMs: lastDay.toMs,
        severity: deficitPct >= 2 * pct ? 'critical' : 'warning',
        reason:
          `On ${run.length} clear days from ${first.d.day} to ${lastDay.day} the system gave ${fmt(ratio * 100, 1)} % ` +
          `of the expected energy, ${fmt(deficitPct, 1)} % below its rolling median of ${fmt(first.median * 100, 1)} % ` +
          `(threshold ${fmt(pct, 1)} %).`,
        metrics: {
          clearDays: run.length,
          ratio,
          baselineRatio: first.median,
          deficitPct,
          measuredKwh: measured,
          expectedKwh: expected,
        },
      });
    }
    run = [];
  };
  for (const d of days) {
    if (!d.clear || Number.isNaN(d.ratio)) continue;
    if (baseline.length < Math.min(MIN_BASELINE_DAYS, baselineDays)) {
      baseline.push(d.ratio);
      continue;
    }
    const median = medianOf(baseline.slice(-baselineDays));
    if (d.ratio < median * (1 - pct / 100)) {
      run.push({ d, median });
    } else {
      flush();
      baseline.push(d.ratio);
    }
  }
  flush();
  return out;
}

/**
 * The measured energy centroid sits >= 0.5 h from the expected one, the same way, on >= 3 consecutive days that can
 * say (complete and bright; others are skipped); the shift is then estimated in whole hours as the lag (-3..+3 h) that
 * best correlates measured with expected over those days. A zero best lag (say, an afternoon shade) raises nothing.
 * Without weather (poaSource clear_sky) only clear days can say, since clouds move the centroid as well.
 */
function timestampShifts(ctx: Context, days: DayStat[]): SolarAlert[] {
  const { systemId, utcOffsetMin } = ctx.input;
  const kindOfDays = ctx.input.poaSource === 'clear_sky' ? 'clear days' : 'days';
  const out: SolarAlert[] = [];
  let run: DayStat[] = [];
  const flush = () => {
    if (run.length >= SHIFT_MIN_DAYS) {
      const shiftHours = bestLagHours(ctx, run[0]!.from, run[run.length - 1]!.to);
      if (shiftHours !== 0) {
        const meanOffsetH = run.reduce((s, d) => s + d.centroidOffsetH, 0) / run.length;
        const first = run[0]!;
        const last = run[run.length - 1]!;
        const way = shiftHours > 0 ? 'late' : 'early';
        out.push({
          kind: 'timestamp_shift',
          systemId,
          fromMs: first.fromMs,
          toMs: last.toMs,
          severity: 'warning',
          reason:
            `Readings run ${Math.abs(shiftHours)} h ${way} against the model on ${run.length} ${kindOfDays} from ${first.day} to ` +
            `${last.day} (energy centroid ${fmt(Math.abs(meanOffsetH), 2)} h ${meanOffsetH > 0 ? 'later' : 'earlier'} ` +
            `on average; best match at ${shiftHours > 0 ? '+' : ''}${shiftHours} h): a meter clock, time-zone or ` +
            `DST error (local time ${offsetLabel(utcOffsetMin)}).`,
          metrics: { shiftHours, meanCentroidOffsetH: meanOffsetH, days: run.length },
        });
      }
    }
    run = [];
  };
  for (const d of days) {
    if (Number.isNaN(d.centroidOffsetH)) continue;
    const sign = Math.abs(d.centroidOffsetH) >= SHIFT_MIN_H ? Math.sign(d.centroidOffsetH) : 0;
    const runSign = run.length > 0 ? Math.sign(run[0]!.centroidOffsetH) : 0;
    if (sign === 0 || (run.length > 0 && sign !== runSign)) flush();
    if (sign !== 0) run.push(d);
  }
  flush();
  return out;
}

/** The lag (whole hours, -3..+3) maximising the normalised correlation of measured[i] with expected[i - lag]. */
function bestLagHours(ctx: Context, from: number, to: number): number {
  const { measuredKwh: m, expectedKwh: e } = ctx.input;
  const maxLag = Math.round(SHIFT_SEARCH_H / ctx.stepHours);
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let me = 0;
    let mm = 0;
    let ee = 0;
    for (let i = from; i < to; i++) {
      const k = i - lag;
      if (k < 0 || k >= e.length) continue;
      const mi = m[i]!;
      const ek = e[k]!;
      if (!Number.isFinite(mi) || !Number.isFinite(ek)) continue;
      me += mi * ek;
      mm += mi * mi;
      ee += ek * ek;
    }
    const score = mm > 0 && ee > 0 ? me / Math.sqrt(mm * ee) : Number.NEGATIVE_INFINITY;
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return Math.round(best * ctx.stepHours);
}

function medianOf(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const finite = (v: number): number => (Number.isFinite(v) ? v : 0);

function fmt(v: number, decimals: number): string {
  return v.toFixed(decimals);
}

function offsetLabel(utcOffsetMin: number): string {
  const sign = utcOffsetMin < 0 ? '-' : '+';
  const a = Math.abs(utcOffsetMin);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD HH:mm' in local time. */
function localTime(ms: number, utcOffsetMin: number): string {
  return new Date(ms + utcOffsetMin * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

function positive(value: number, field: string): void {
  if (!Number.isFinite(value) || value <= 0) throw invalid(`${field} must be a positive number`, [{ field, message: '> 0' }]);
}

function definedOnly(opts: AlertOptions): Partial<Required<Omit<AlertOptions, 'nowMs'>>> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(opts)) if (v !== undefined && k !== 'nowMs') out[k] = v;
  return out;
}
