import { describe, expect, it } from 'vitest';
import { AppError, seededRandom } from '../core/index.js';
import { ALERT_KINDS, detectAlerts, type SolarAlert } from './alerts.js';
import { runChain, sunTermsFor } from './chain.js';
import type { PvLocation, PvSystemSpec, WeatherSeries } from './model.js';
import { dailyPerformance, rollUp, type SystemSeriesInput } from './performance.js';
import { cloudRegime, type InjectedFault, normalFrom, syntheticReadings, syntheticWeather } from './synthetic.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2025-03-01T00:00:00+08:00');
/** Local (UTC+8) instant of day d (0 = 1 March 2025) at hour h. */
const at = (d: number, h: number) => START + d * DAY + h * HOUR;

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

/**
 * Sixty hand-built days for a 100 kWp roof: a clear-sky bell from 06:00 to 18:00 (80 kWh at noon); every third day
 * (d % 3 === 2) is broken cloud, alternating 25 % and 65 % of clear sky hour by hour. Readings equal the model.
 */
function bellInput(days = 60): SystemSeriesInput & { cloudy: (d: number) => boolean } {
  const n = days * 24;
  const clear = new Float64Array(n);
  const expected = new Float64Array(n);
  const cloudy = (d: number) => d % 3 === 2;
  for (let d = 0; d < days; d++) {
    for (let h = 6; h < 18; h++) {
      const i = d * 24 + h;
      clear[i] = 80 * Math.sin((Math.PI * (h + 0.5 - 6)) / 12);
      expected[i] = clear[i]! * (cloudy(d) ? (h % 2 ? 0.25 : 0.65) : 0.97);
    }
  }
  return {
    systemId: 'roof-1',
    dcKwp: 100,
    series: { startMs: START, stepMs: HOUR, count: n },
    utcOffsetMin: 480,
    measuredKwh: expected.slice(),
    expectedKwh: expected,
    clearSkyKwh: clear,
    poaWm2: expected.map((e) => e * 12),
    poaSource: 'modelled',
    cellTempC: new Float64Array(n).fill(30),
    gammaPdc: -0.0047,
    cloudy,
  };
}

const scaleDays = (input: SystemSeriesInput, fromDay: number, toDay: number, factor: number, when = (_d: number) => true) => {
  for (let d = fromDay; d < toDay; d++) {
    if (!when(d)) continue;
    for (let i = d * 24; i < (d + 1) * 24; i++) input.measuredKwh[i] = input.measuredKwh[i]! * factor;
  }
};

describe('detectAlerts on hand-built days', () => {
  it('raises nothing on clean readings', () => {
    expect(detectAlerts(bellInput())).toEqual([]);
  });

  describe('underperformance', () => {
    it('finds a derate on consecutive clear days and merges them into one alert', () => {
      const input = bellInput();
      scaleDays(input, 35, 45, 0.85);
      const alerts = detectAlerts(input);
      // Clear days among 35..44: 36, 37, 39, 40, 42, 43 (35, 38, 41 and 44 are cloudy and do not count).
      expect(alerts).toHaveLength(1);
      const [a] = alerts as [SolarAlert];
      expect(a).toMatchObject({
        kind: 'underperformance',
        systemId: 'roof-1',
        fromMs: at(36, 0),
        toMs: at(44, 0),
        severity: 'warning',
      });
      expect(a.metrics.clearDays).toBe(6);
      expect(a.metrics.ratio).toBeCloseTo(0.85, 9);
      expect(a.metrics.baselineRatio).toBeCloseTo(1, 9);
      expect(a.metrics.deficitPct).toBeCloseTo(15, 6);
      expect(a.reason).toBe(
        'On 6 clear days from 2025-04-06 to 2025-04-13 the system gave 85.0 % of the expected energy, 15.0 % below its ' +
          'rolling median of 100.0 % (threshold 10.0 %).',
      );
    });

    it('calls a deficit of twice the threshold critical', () => {
      const input = bellInput();
      scaleDays(input, 35, 45, 0.7);
      expect(detectAlerts(input).map((a) => a.severity)).toEqual(['critical']);
    });

    it('keeps alerting on a permanent derate', () => {
      const input = bellInput();
      scaleDays(input, 30, 60, 0.8);
      const alerts = detectAlerts(input);
      expect(alerts.map((a) => [a.kind, a.fromMs, a.toMs])).toEqual([['underperformance', at(30, 0), at(59, 0)]]);
    });

    it('needs two clear days in a row and more than the threshold', () => {
      const single = bellInput();
      scaleDays(single, 36, 37, 0.7);
      expect(detectAlerts(single)).toEqual([]);
      const mild = bellInput();
      scaleDays(mild, 35, 45, 0.92);
      expect(detectAlerts(mild)).toEqual([]);
      expect(detectAlerts(mild, { underperformancePct: 5 }).map((a) => a.kind)).toEqual(['underperformance']);
    });

    it('ignores cloudy days, where the model is least sure', () => {
      const input = bellInput();
      scaleDays(input, 0, 60, 0.7, input.cloudy);
      expect(detectAlerts(input)).toEqual([]);
      // The same shortfall on clear days is a fault.
      scaleDays(input, 40, 44, 0.7, (d) => !input.cloudy(d));
      expect(detectAlerts(input).map((a) => a.kind)).toEqual(['underperformance']);
    });

    it('judges without weather on smooth measured days (poaSource clear_sky)', () => {
      const input = bellInput();
      const weatherless = { ...input, expectedKwh: input.clearSkyKwh, poaSource: 'clear_sky' as const };
      expect(detectAlerts(weatherless)).toEqual([]);
      scaleDays(weatherless, 35, 45, 0.8);
      expect(detectAlerts(weatherless).map((a) => [a.kind, a.fromMs, a.metrics.clearDays])).toEqual([
        ['underperformance', at(36, 0), 6],
      ]);
    });
  });

  describe('data gaps', () => {
    it('reports a run of missing daylight readings with its hours and the energy not metered', () => {
      const input = bellInput();
      input.measuredKwh.fill(Number.NaN, 20 * 24 + 10, 20 * 24 + 13);
      const alerts = detectAlerts(input);
      expect(alerts).toHaveLength(1);
      const [a] = alerts as [SolarAlert];
      const missed = input.expectedKwh.slice(20 * 24 + 10, 20 * 24 + 13).reduce((s, v) => s + v, 0);
      expect(a).toMatchObject({ kind: 'data_gap', fromMs: at(20, 10), toMs: at(20, 13), severity: 'warning' });
      expect(a.metrics).toEqual({ daylightHours: 3, missingExpectedKwh: missed, intervals: 3 });
      expect(a.reason).toBe(
        `No meter reading for 3.0 daylight hours from 2025-03-21 10:00 to 2025-03-21 13:00; about ${missed.toFixed(1)} kWh ` +
          'of expected output is unmetered.',
      );
    });

    it('does not count a missing night or a single missing hour', () => {
      const input = bellInput();
      input.measuredKwh.fill(Number.NaN, 10 * 24, 10 * 24 + 6); // 00:00-06:00
      input.measuredKwh[12 * 24 + 11] = Number.NaN;
      expect(detectAlerts(input)).toEqual([]);
    });

    it('keeps a gap across a night as one alert, critical from a day on', () => {
      const input = bellInput();
      input.measuredKwh.fill(Number.NaN, 20 * 24 + 15, 21 * 24 + 9); // 15:00 to 09:00 next day
      input.measuredKwh.fill(Number.NaN, 30 * 24 + 8, 32 * 24 + 8); // two whole days
      const alerts = detectAlerts(input);
      expect(alerts.map((a) => [a.kind, a.fromMs, a.toMs, a.severity, a.metrics.daylightHours])).toEqual([
        ['data_gap', at(20, 15), at(21, 9), 'warning', 6],
        ['data_gap', at(30, 8), at(32, 8), 'critical', 24],
      ]);
    });
  });

  describe('stale meters', () => {
    it('finds a frozen register', () => {
      const input = bellInput();
      const i = 25 * 24 + 9;
      input.measuredKwh.fill(input.measuredKwh[i]!, i, i + 4);
      const alerts = detectAlerts(input);
      expect(alerts.map((a) => [a.kind, a.fromMs, a.toMs, a.severity])).toEqual([
        ['stale_meter', at(25, 9), at(25, 13), 'warning'],
      ]);
      expect(alerts[0]?.reason).toMatch(/^The meter repeated \d+\.\d{3} kWh for 4 readings \(4\.0 daylight hours\)/);
    });

    it('does not take a clipped inverter for a frozen register', () => {
      const input = bellInput();
      for (let i = 0; i < input.series.count; i++) {
        input.expectedKwh[i] = Math.min(input.expectedKwh[i]!, 60);
        input.measuredKwh[i] = input.expectedKwh[i]!;
      }
      expect(detectAlerts(input)).toEqual([]);
    });

    it('finds a meter that stopped reporting, and leaves the readings still on their way alone', () => {
      const input = bellInput();
      input.measuredKwh.fill(Number.NaN, 59 * 24 + 11);
      const now = at(59, 16);
      const alerts = detectAlerts(input, { nowMs: now });
      expect(alerts.map((a) => [a.kind, a.fromMs, a.toMs, a.severity, a.metrics.daylightHours])).toEqual([
        ['stale_meter', at(59, 11), now, 'critical', 5],
      ]);
      expect(alerts[0]?.reason).toMatch(
        /^No meter reading since 2025-04-29 11:00 \(5\.0 daylight hours up to 2025-04-29 16:00\)/,
      );
      // Two silent hours are neither stale nor a gap yet.
      expect(detectAlerts(input, { nowMs: at(59, 13) })).toEqual([]);
      // Without nowMs, now is the end of the series.
      expect(detectAlerts(input).map((a) => [a.kind, a.metrics.daylightHours])).toEqual([['stale_meter', 7]]);
    });
  });

  describe('timestamp shifts', () => {
    const shifted = (fromDay: number, days: number, shiftHours: number) => {
      const input = bellInput();
      const base = input.measuredKwh.slice();
      for (let i = fromDay * 24; i < (fromDay + days) * 24; i++) input.measuredKwh[i] = base[i - shiftHours]!;
      return input;
    };

    it('finds a DST-like hour and estimates it', () => {
      const alerts = detectAlerts(shifted(20, 10, 1));
      expect(alerts).toHaveLength(1);
      const [a] = alerts as [SolarAlert];
      expect(a).toMatchObject({ kind: 'timestamp_shift', fromMs: at(20, 0), toMs: at(30, 0), severity: 'warning' });
      expect(a.metrics.shiftHours).toBe(1);
      expect(a.metrics.days).toBe(10);
      expect(a.metrics.meanCentroidOffsetH).toBeCloseTo(1, 6);
      expect(a.reason).toMatch(/^Readings run 1 h late against the model on 10 days from 2025-03-21 to 2025-03-30/);
    });

    it('estimates an early clock too', () => {
      expect(detectAlerts(shifted(20, 5, -2)).map((a) => [a.kind, a.metrics.shiftHours])).toEqual([['timestamp_shift', -2]]);
    });

    it('needs three days', () => {
      expect(detectAlerts(shifted(20, 2, 1))).toEqual([]);
    });
  });

  it('validates its input and options', () => {
    const input = bellInput();
    expect(thrown(() => detectAlerts({ ...input, measuredKwh: new Float64Array(10) })).details[0]?.field).toBe('measuredKwh');
    expect(thrown(() => detectAlerts(input, { underperformancePct: 0 })).details[0]?.field).toBe('underperformancePct');
    expect(thrown(() => detectAlerts(input, { baselineDays: -1 })).details[0]?.field).toBe('baselineDays');
    expect(thrown(() => detectAlerts({ ...input, dcKwp: 0 })).details[0]?.field).toBe('dcKwp');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Whole synthetic years through the model chain: the path the demo takes.

interface Park {
  name: string;
  latDeg: number;
  lonDeg: number;
  seed: number;
}
const PARKS: Park[] = [
  { name: 'Shenzhen', latDeg: 22.6, lonDeg: 114.0, seed: 5 },
  { name: 'Guangzhou', latDeg: 23.1, lonDeg: 113.3, seed: 1 },
  { name: 'Hangzhou', latDeg: 30.3, lonDeg: 120.2, seed: 3 },
  { name: 'Shanghai', latDeg: 31.23, lonDeg: 121.47, seed: 2 },
  { name: 'Beijing', latDeg: 39.9, lonDeg: 116.4, seed: 4 },
];
const YEAR = { startMs: Date.parse('2025-01-01T00:00:00+08:00'), stepMs: HOUR, count: 8760 };
const SUN = sunTermsFor(YEAR);
/** What the asset register says. */
const MODEL: PvSystemSpec = {
  dcKwp: 500,
  tiltDeg: 10,
  azimuthDeg: 180,
  mounting: 'close_mount',
  moduleType: 'standard',
  inverterAcKw: 455,
  lossesPct: 14.08,
  albedo: 0.2,
};
/** What is really on the roof: fewer losses, 2° steeper, 10° east of south. The model is never exactly right. */
const TRUTH: PvSystemSpec = { ...MODEL, lossesPct: 11, tiltDeg: 12, azimuthDeg: 170 };

function parkYear(park: Park, faults: InjectedFault[], poaSource: 'modelled' | 'clear_sky' = 'modelled'): SystemSeriesInput {
  const location: PvLocation = {
    latDeg: park.latDeg,
    lonDeg: park.lonDeg,
    elevationM: 20,
    linkeTurbidity: [3.5, 3.8, 4.2, 4.4, 4.5, 4.6, 4.6, 4.4, 4.1, 3.8, 3.6, 3.4],
  };
  const weather = syntheticWeather(location, YEAR, park.seed);
  // The model runs on a satellite estimate of that weather, whose error grows with cloud (±1 % clear, ±20 % overcast).
  const expected = runChain(location, MODEL, YEAR, {
    weather: satelliteEstimate(weather, park.seed),
    sunTerms: SUN,
    sky: 'haydavies',
  });
  const clear = runChain(location, MODEL, YEAR, {
    clearSky: true,
    sunTerms: SUN,
    sky: 'haydavies',
    weather: { airTempC: weather.airTempC, windMs: weather.windMs },
  });
  // The meter sees the real system under the real sky (Perez).
  const truth = runChain(location, TRUTH, YEAR, { weather, sunTerms: SUN, sky: 'perez' });
  return {
    systemId: park.name,
    dcKwp: MODEL.dcKwp,
    series: YEAR,
    utcOffsetMin: 480,
    measuredKwh: syntheticReadings(truth.acKwh, YEAR, 480, faults, park.seed * 101),
    expectedKwh: poaSource === 'clear_sky' ? clear.acKwh : expected.acKwh,
    clearSkyKwh: clear.acKwh,
    poaWm2: expected.poaKwhM2.map((e) => e * 1000),
    poaSource,
    cellTempC: expected.cellTempC,
    gammaPdc: -0.0047,
  };
}

function satelliteEstimate(weather: ReturnType<typeof syntheticWeather>, seed: number): WeatherSeries {
  const rand = seededRandom(seed + 7);
  const ghiWm2 = weather.ghiWm2!.slice();
  const dniWm2 = weather.dniWm2!.slice();
  const dhiWm2 = weather.dhiWm2!.slice();
  let dayError = 0;
  for (let i = 0; i < YEAR.count; i++) {
    if (i % 24 === 0) dayError = normalFrom(rand);
    const c = weather.cloudiness[i]!;
    const f = Math.max(0.2, 1 + c * (0.25 * normalFrom(rand) + 0.12 * dayError));
    ghiWm2[i] = ghiWm2[i]! * f;
    dniWm2[i] = dniWm2[i]! * f;
    dhiWm2[i] = dhiWm2[i]! * f;
  }
  return { ghiWm2, dniWm2, dhiWm2, airTempC: weather.airTempC, windMs: weather.windMs };
}

const localStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);

function faultWindow(f: InjectedFault): [number, number] {
  const from = localStart(f.fromDay);
  if (f.kind === 'underperformance' || f.kind === 'timestamp_shift') return [from, from + f.days * DAY];
  return [from, from + DAY + f.hours * HOUR];
}

/** Regime days that are clear in [fromDay, fromDay + days): underperformance can only be seen on them. */
function clearRegimeDays(park: Park, fromDay: string, days: number): number {
  const regime = cloudRegime(YEAR, park.lonDeg, park.latDeg, park.seed);
  const first = Math.round((localStart(fromDay) - YEAR.startMs) / HOUR) + 12;
  let n = 0;
  for (let d = 0; d < days; d++) if (regime.states[regime.dayOfInterval[first + d * 24]!] === 'clear') n++;
  return n;
}

/** One of each kind at several places in the year, a DST-like month among them. */
const FAULTS: InjectedFault[] = [
  { kind: 'underperformance', fromDay: '2025-03-10', days: 14, factor: 0.8 },
  { kind: 'data_gap', fromDay: '2025-04-20', hours: 5 },
  { kind: 'stale_meter', fromDay: '2025-06-03', hours: 4 },
  { kind: 'timestamp_shift', fromDay: '2025-07-01', days: 31, shiftHours: 1 },
  { kind: 'data_gap', fromDay: '2025-08-11', hours: 30 },
  { kind: 'stale_meter', fromDay: '2025-09-15', hours: 26 },
  { kind: 'timestamp_shift', fromDay: '2025-10-05', days: 5, shiftHours: -2 },
  { kind: 'underperformance', fromDay: '2025-11-15', days: 47, factor: 0.85 },
];

function expectEachFaultFoundOnce(alerts: SolarAlert[], faults: InjectedFault[]): void {
  const matched = new Set<SolarAlert>();
  for (const f of faults) {
    const [from, to] = faultWindow(f);
    const hits = alerts.filter((a) => a.kind === f.kind && a.fromMs < to && a.toMs > from);
    expect(hits, `${f.kind} from ${f.fromDay}`).toHaveLength(1);
    matched.add(hits[0]!);
    if (f.kind === 'timestamp_shift') expect(hits[0]?.metrics.shiftHours).toBe(f.shiftHours);
  }
  expect(alerts.filter((a) => !matched.has(a))).toEqual([]);
}

describe('detectAlerts on synthetic years (model chain + synthetic weather + synthetic readings)', () => {
  it.each(PARKS)('raises nothing on a clean year at $name ($latDeg N)', (park) => {
    const input = parkYear(park, []);
    // The readings really differ from the model (a 2-5 % bias that moves with sun and sky) ...
    const [year] = rollUp(dailyPerformance(input), input.dcKwp, 'total');
    expect(year?.expectedRatio).toBeGreaterThan(1.02);
    expect(year?.expectedRatio).toBeLessThan(1.08);
    // ... and still no alert.
    expect(detectAlerts(input)).toEqual([]);
  });

  it.each(PARKS.filter((p) => ['Guangzhou', 'Shanghai', 'Beijing'].includes(p.name)))(
    'finds every injected fault at $name and nothing else',
    (park) => {
      for (const f of FAULTS) {
        if (f.kind === 'underperformance') expect(clearRegimeDays(park, f.fromDay, f.days)).toBeGreaterThanOrEqual(2);
      }
      const alerts = detectAlerts(parkYear(park, FAULTS));
      expectEachFaultFoundOnce(alerts, FAULTS);
      expect(alerts.map((a) => a.kind)).toEqual([
        'underperformance',
        'data_gap',
        'stale_meter',
        'timestamp_shift',
        'data_gap',
        'stale_meter',
        'timestamp_shift',
        'underperformance',
      ]);
      for (const a of alerts) expect(ALERT_KINDS).toContain(a.kind);
    },
  );

  it('cannot see a derate during a cloudy spell with a single clear day (Hangzhou, 10-23 March)', () => {
    const park = PARKS.find((p) => p.name === 'Hangzhou')!;
    expect(clearRegimeDays(park, '2025-03-10', 14)).toBe(1);
    const fault: InjectedFault = { kind: 'underperformance', fromDay: '2025-03-10', days: 14, factor: 0.8 };
    expect(detectAlerts(parkYear(park, [fault]))).toEqual([]);
  });

  it('works without weather (clear-sky expected energy) on a clean year and finds a derate and a DST month', () => {
    const park = PARKS.find((p) => p.name === 'Shanghai')!;
    expect(detectAlerts(parkYear(park, [], 'clear_sky'))).toEqual([]);
    const faults: InjectedFault[] = [
      { kind: 'timestamp_shift', fromDay: '2025-09-01', days: 30, shiftHours: 1 },
      { kind: 'underperformance', fromDay: '2025-11-15', days: 47, factor: 0.85 },
    ];
    expectEachFaultFoundOnce(detectAlerts(parkYear(park, faults, 'clear_sky')), faults);
  });
});
