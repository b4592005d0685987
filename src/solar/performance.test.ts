import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { runChain, sunTermsFor } from './chain.js';
import type { PvLocation, PvSystemSpec } from './model.js';
import {
  type DailyPerformance,
  dailyPerformance,
  irradianceWeightedCellTempC,
  localDays,
  performanceRatio,
  rollUp,
  type SystemSeriesInput,
  weatherCorrectedPr,
} from './performance.js';
import { syntheticReadings, syntheticWeather } from './synthetic.js';

const HOUR = 3_600_000;
const f64 = (...v: number[]) => Float64Array.from(v);

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('performanceRatio (IEC 61724-1)', () => {
  it('is final yield over reference yield', () => {
    // 100 kWp, 420 kWh AC: Yf = 4.2 h; 5.6 kWh/m2 in the plane: Yr = 5.6 h; PR = 0.75.
    expect(performanceRatio(420, 100, 5.6, 'poa')).toBeCloseTo(0.75, 12);
    // 12.5 kWp, 50 kWh on 4.8 kWh/m2: 4 / 4.8.
    expect(performanceRatio(50, 12.5, 4.8, 'poa')).toBeCloseTo(0.833333333333, 10);
  });

  it('refuses horizontal irradiance', () => {
    const err = thrown(() => performanceRatio(420, 100, 4.1, 'horizontal'));
    expect(err.code).toBe('validation');
    expect(err.message).toMatch(/plane-of-array/);
    expect(err.details).toEqual([{ field: 'irradiance', message: expect.stringMatching(/plane-of-array/) }]);
  });

  it('refuses a missing rating or a dark reference', () => {
    expect(thrown(() => performanceRatio(1, 0, 5, 'poa')).details[0]?.field).toBe('dcKwp');
    expect(thrown(() => performanceRatio(1, 10, 0, 'poa')).details[0]?.field).toBe('poaKwhM2');
    expect(thrown(() => performanceRatio(Number.NaN, 10, 5, 'poa')).details[0]?.field).toBe('acKwh');
  });
});

describe('weatherCorrectedPr (NREL/TP-5200-57991)', () => {
  it('corrects the reference energy for cell temperature, skipping incomplete intervals', () => {
    // den = 1·0.5·(1 − 0.004·(30 − 40)) + 1·0.8·(1 − 0.004·(45 − 40)) = 0.52 + 0.784 = 1.304; num = 1.3.
    const pr = weatherCorrectedPr(f64(0.5, 0.8, Number.NaN), f64(500, 800, 900), f64(30, 45, 50), 1, 1, -0.004, 40);
    expect(pr).toBeCloseTo(1.3 / 1.304, 12);
  });

  it('equals the plain PR when the cells sit at their average temperature', () => {
    const ac = f64(40, 80, 60);
    const poa = f64(400, 900, 700);
    const wc = weatherCorrectedPr(ac, poa, f64(35, 35, 35), 100, 1, -0.0047, 35);
    expect(wc).toBeCloseTo(performanceRatio(180, 100, 2.0, 'poa'), 12);
  });

  it('is NaN without sunlight and refuses arrays of another length', () => {
    expect(weatherCorrectedPr(f64(0), f64(0), f64(20), 1, 1, -0.004, 25)).toBeNaN();
    expect(thrown(() => weatherCorrectedPr(f64(1, 2), f64(1), f64(1, 2), 1, 1, -0.004, 25)).details[0]?.field).toBe('poaWm2');
  });

  it('weights the average cell temperature by irradiance', () => {
    // (200·20 + 800·40) / 1000 = 36; the dark and the missing steps do not count.
    expect(irradianceWeightedCellTempC(f64(0, 200, 800, Number.NaN), f64(10, 20, 40, 99))).toBeCloseTo(36, 12);
  });
});

/** Two local days (UTC+8) of hourly data for a 10 kWp system: daylight 06:00-18:00, peak at noon. */
function twoDays(): SystemSeriesInput {
  const series = { startMs: Date.parse('2025-06-01T00:00:00+08:00'), stepMs: HOUR, count: 48 };
  const expected = new Float64Array(48);
  for (let d = 0; d < 2; d++) {
    for (let h = 6; h < 18; h++) expected[d * 24 + h] = 8 * Math.sin((Math.PI * (h + 0.5 - 6)) / 12);
  }
  const measured = expected.map((e) => e * 0.9);
  // Day 2: the 12:00 reading is missing and the 14:00 one is zero (an inverter trip).
  measured[36] = Number.NaN;
  measured[38] = 0;
  return {
    systemId: 'roof-a',
    dcKwp: 10,
    series,
    utcOffsetMin: 480,
    measuredKwh: measured,
    expectedKwh: expected,
    clearSkyKwh: expected.map((e) => e * 1.1),
    // 125 W/m2 per kWh of this 10 kWp system: PR = 0.9·Σe / 10 / (0.125·Σe) = 0.72.
    poaWm2: expected.map((e) => 125 * e),
    poaSource: 'modelled',
    cellTempC: new Float64Array(48).fill(35),
    gammaPdc: -0.0047,
  };
}

describe('dailyPerformance', () => {
  it('splits the series into local days', () => {
    const days = localDays({ startMs: Date.parse('2025-06-01T00:00:00+08:00'), stepMs: HOUR, count: 30 }, 480);
    expect(days).toEqual([
      { day: '2025-06-01', from: 0, to: 24 },
      { day: '2025-06-02', from: 24, to: 30 },
    ]);
  });

  it('gives the hand-computed PR, yield and ratios of a complete day', () => {
    const input = twoDays();
    const [d1] = dailyPerformance(input);
    const sumE = input.expectedKwh.slice(0, 24).reduce((s, v) => s + v, 0);
    expect(d1?.day).toBe('2025-06-01');
    expect(d1?.measuredKwh).toBeCloseTo(0.9 * sumE, 9);
    expect(d1?.poaKwhM2).toBeCloseTo(0.125 * sumE, 9);
    expect(d1?.specificYieldKwhKwp).toBeCloseTo((0.9 * sumE) / 10, 9);
    expect(d1?.pr).toBeCloseTo(0.72, 12);
    expect(d1?.weatherCorrectedPr).toBeCloseTo(0.72, 12); // constant cell temperature: nothing to correct
    expect(d1?.expectedRatio).toBeCloseTo(0.9, 12);
    expect(d1?.clearSkyKwh).toBeCloseTo(1.1 * sumE, 9);
    expect(d1?.availability).toBe(1);
    expect(d1?.readings).toBe(12);
    expect(d1?.daylightIntervals).toBe(12);
  });

  it('gives no PR for a day with a missing daylight reading, and counts a zero as downtime', () => {
    const [, d2] = dailyPerformance(twoDays());
    expect(d2?.pr).toBeNull();
    expect(d2?.weatherCorrectedPr).toBeNull();
    expect(d2?.expectedRatio).toBeNull();
    expect(d2?.readings).toBe(11);
    expect(d2?.availability).toBeCloseTo(10 / 11, 12);
  });

  it('refuses arrays that do not match the series', () => {
    const input = { ...twoDays(), poaWm2: new Float64Array(47) };
    expect(thrown(() => dailyPerformance(input)).details[0]?.field).toBe('poaWm2');
  });
});

describe('rollUp', () => {
  const day = (d: string, measuredKwh: number, poaKwhM2: number, expectedKwh: number, ratios: boolean, availability: number) =>
    ({
      day: d,
      measuredKwh,
      expectedKwh,
      clearSkyKwh: expectedKwh * 1.2,
      poaKwhM2,
      specificYieldKwhKwp: measuredKwh / 10,
      pr: ratios ? measuredKwh / 10 / poaKwhM2 : null,
      weatherCorrectedPr: ratios ? (measuredKwh / 10 / poaKwhM2) * 1.05 : null,
      availability,
      expectedRatio: ratios ? measuredKwh / expectedKwh : null,
      readings: 10,
      daylightIntervals: 10,
    }) satisfies DailyPerformance;
  const days = [
    day('2025-01-31', 40, 5, 50, true, 1),
    day('2025-02-01', 10, 2.5, 20, true, 0.5),
    day('2025-02-02', 5, 3, 30, false, 0.8),
  ];

  it('recomputes ratios from sums over the days that have them, never averaging ratios', () => {
    const [total] = rollUp(days, 10, 'total');
    expect(total?.period).toBe('2025-01-31/2025-02-02');
    // PR over the two complete days: 50 kWh / 10 kWp / 7.5 kWh/m2 = 0.6667 (the mean of 0.8 and 0.4 would be 0.6).
    expect(total?.pr).toBeCloseTo(50 / 10 / 7.5, 12);
    expect(total?.weatherCorrectedPr).toBeCloseTo((50 / 10 / 7.5) * 1.05, 12);
    expect(total?.expectedRatio).toBeCloseTo(50 / 70, 12);
    expect(total?.measuredKwh).toBe(55);
    expect(total?.specificYieldKwhKwp).toBeCloseTo(5.5, 12);
    expect(total?.poaKwhM2).toBeCloseTo(10.5, 12);
    expect(total?.availability).toBeCloseTo((10 + 5 + 8) / 30, 12);
    expect(total?.readings).toBe(30);
  });

  it('groups by calendar month', () => {
    const months = rollUp(days, 10, 'month');
    expect(months.map((m) => [m.period, m.day, m.measuredKwh])).toEqual([
      ['2025-01', '2025-01-31', 40],
      ['2025-02', '2025-02-01', 15],
    ]);
    expect(months[1]?.pr).toBeCloseTo(0.4, 12); // only the complete day
  });
});

describe('a synthetic year through the model chain (Shanghai, 500 kWp on a 25° roof)', () => {
  const location: PvLocation = {
    latDeg: 31.23,
    lonDeg: 121.47,
    elevationM: 4,
    linkeTurbidity: [3.5, 3.8, 4.2, 4.4, 4.5, 4.6, 4.6, 4.4, 4.1, 3.8, 3.6, 3.4],
  };
  const system: PvSystemSpec = {
    dcKwp: 500,
    tiltDeg: 25,
    azimuthDeg: 180,
    mounting: 'close_mount',
    moduleType: 'standard',
    inverterAcKw: 455,
    lossesPct: 14.08,
    albedo: 0.2,
  };
  const series = { startMs: Date.parse('2025-01-01T00:00:00+08:00'), stepMs: HOUR, count: 8760 };
  const weather = syntheticWeather(location, series, 2);
  const sun = sunTermsFor(series);
  const chain = runChain(location, system, series, { weather, sunTerms: sun });
  const clear = runChain(location, system, series, { clearSky: true, sunTerms: sun, weather: { airTempC: weather.airTempC } });
  const input: SystemSeriesInput = {
    systemId: 'sh-1',
    dcKwp: 500,
    series,
    utcOffsetMin: 480,
    measuredKwh: syntheticReadings(chain.acKwh, series, 480, [], 3),
    expectedKwh: chain.acKwh,
    clearSkyKwh: clear.acKwh,
    poaWm2: chain.poaKwhM2.map((e) => e * 1000), // interval mean over the whole hour
    poaSource: 'modelled',
    cellTempC: chain.cellTempC,
    gammaPdc: -0.0047,
  };
  const days = dailyPerformance(input);

  it('lands in the sanity ranges of the reference (§5)', () => {
    const [year] = rollUp(days, 500, 'total');
    expect(days).toHaveLength(365);
    expect(year?.specificYieldKwhKwp).toBeGreaterThan(800);
    expect(year?.specificYieldKwhKwp).toBeLessThan(1450);
    expect(year?.pr).toBeGreaterThan(0.65);
    expect(year?.pr).toBeLessThan(0.85);
    expect(year?.expectedRatio).toBeCloseTo(1, 2); // readings are the model x meter noise
  });

  it('weather-corrected PR flattens the seasonal swing of the plain PR', () => {
    const months = rollUp(days, 500, 'month');
    const spread = (k: 'pr' | 'weatherCorrectedPr') => {
      const v = months.map((m) => m[k] as number);
      return Math.max(...v) - Math.min(...v);
    };
    expect(months).toHaveLength(12);
    expect(spread('pr')).toBeGreaterThan(0.05); // hot summer cells, cool winter cells
    expect(spread('weatherCorrectedPr')).toBeLessThan(0.02);
  });

  it('shows why horizontal irradiance is refused: a tilted roof in winter sees far more than the horizontal', () => {
    let ghiKwhM2 = 0;
    let acKwh = 0;
    let poaKwhM2 = 0;
    for (let i = 0; i < 31 * 24; i++) {
      ghiKwhM2 += (weather.ghiWm2?.[i] ?? 0) / 1000;
      acKwh += input.measuredKwh[i]!;
      poaKwhM2 += chain.poaKwhM2[i]!;
    }
    const onPoa = performanceRatio(acKwh, 500, poaKwhM2, 'poa');
    // PR on January GHI would be inflated by the POA/GHI ratio (> 1.2 on a 25° roof at 31° N).
    expect(acKwh / 500 / ghiKwhM2 / onPoa).toBeGreaterThan(1.2);
    expect(() => performanceRatio(acKwh, 500, ghiKwhM2, 'horizontal')).toThrow(/plane-of-array/);
  });
});
