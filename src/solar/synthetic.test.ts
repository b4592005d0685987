import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { runChain, sunTermsFor } from './chain.js';
import type { PvLocation } from './model.js';
import { cloudRegime, type InjectedFault, syntheticReadings, syntheticWeather } from './synthetic.js';

const HOUR = 3_600_000;
const UTC8 = 480;

/** Ten local days (UTC+8) of a clear-sky-like bell, 06:00-18:00, 50 kWh at noon. */
function bellSeries(days = 10) {
  const series = { startMs: Date.parse('2025-05-01T00:00:00+08:00'), stepMs: HOUR, count: days * 24 };
  const expected = new Float64Array(series.count);
  for (let d = 0; d < days; d++) {
    for (let h = 6; h < 18; h++) expected[d * 24 + h] = 50 * Math.sin((Math.PI * (h + 0.5 - 6)) / 12);
  }
  return { series, expected };
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('syntheticReadings', () => {
  const { series, expected } = bellSeries();

  it('is the expected energy with a small meter noise, and deterministic', () => {
    const a = syntheticReadings(expected, series, UTC8, [], 42);
    expect(syntheticReadings(expected, series, UTC8, [], 42)).toEqual(a);
    expect(syntheticReadings(expected, series, UTC8, [], 43)).not.toEqual(a);
    const errors: number[] = [];
    for (let i = 0; i < a.length; i++) {
      if (expected[i] === 0) expect(a[i]).toBe(0);
      else errors.push(a[i]! / expected[i]! - 1);
    }
    expect(Math.max(...errors.map(Math.abs))).toBeLessThanOrEqual(0.0201); // ±2 % plus the 1 Wh rounding
    const mean = errors.reduce((s, v) => s + v, 0) / errors.length;
    const sd = Math.sqrt(errors.reduce((s, v) => s + (v - mean) ** 2, 0) / errors.length);
    expect(Math.abs(mean)).toBeLessThan(0.003);
    expect(sd).toBeGreaterThan(0.004);
    expect(sd).toBeLessThan(0.011);
  });

  it('keeps a missing expected value missing', () => {
    const e = expected.slice();
    e[12] = Number.NaN;
    expect(syntheticReadings(e, series, UTC8, [], 1)[12]).toBeNaN();
  });

  it('applies each fault where it was put', () => {
    const base = syntheticReadings(expected, series, UTC8, [], 7);
    const faults: InjectedFault[] = [
      { kind: 'underperformance', fromDay: '2025-05-02', days: 2, factor: 0.8 },
      { kind: 'data_gap', fromDay: '2025-05-05', hours: 3 },
      { kind: 'stale_meter', fromDay: '2025-05-06', hours: 4 },
      { kind: 'timestamp_shift', fromDay: '2025-05-08', days: 2, shiftHours: 1 },
    ];
    const r = syntheticReadings(expected, series, UTC8, faults, 7);
    // Underperformance: days 2 and 3 (indexes 24..71) at 0.8, to the Wh.
    for (let i = 24; i < 72; i++) expect(r[i]).toBeCloseTo(base[i]! * 0.8, 3);
    expect(r[23]).toBe(base[23]);
    expect(r[72]).toBe(base[72]);
    // Mid-morning is the first hour at 30 % of the day's peak (0.991 x 50): 07:00 gives 0.38 of 50, 06:00 0.13.
    const gapFrom = 4 * 24 + 7;
    expect(expected[gapFrom - 1]! / expected[4 * 24 + 11]!).toBeLessThan(0.3);
    expect(expected[gapFrom]! / expected[4 * 24 + 11]!).toBeGreaterThan(0.3);
    expect([...r.slice(gapFrom, gapFrom + 3)].every(Number.isNaN)).toBe(true);
    expect(r[gapFrom - 1]).toBe(base[gapFrom - 1]);
    expect(r[gapFrom + 3]).toBe(base[gapFrom + 3]);
    // Stale: 4 readings equal to the first one, the next one moves again.
    const staleFrom = 5 * 24 + 7;
    expect([...r.slice(staleFrom, staleFrom + 4)]).toEqual(new Array(4).fill(base[staleFrom]));
    expect(r[staleFrom + 4]).toBe(base[staleFrom + 4]);
    // Shift: each reading of days 8 and 9 is the one an hour earlier.
    for (let i = 7 * 24; i < 9 * 24; i++) expect(r[i]).toBe(base[i - 1]);
  });

  it('refuses faults outside the series or that cannot be applied', () => {
    const bad = (f: InjectedFault) => thrown(() => syntheticReadings(expected, series, UTC8, [f], 1)).details[0]?.field;
    expect(bad({ kind: 'data_gap', fromDay: '2025-06-01', hours: 2 })).toBe('faults/0/fromDay');
    expect(bad({ kind: 'data_gap', fromDay: '1 May', hours: 2 })).toBe('faults/0/fromDay');
    expect(bad({ kind: 'timestamp_shift', fromDay: '2025-05-02', days: 2, shiftHours: 0 })).toBe('faults/0/shiftHours');
    expect(bad({ kind: 'timestamp_shift', fromDay: '2025-05-02', days: 2, shiftHours: 0.5 })).toBe('faults/0/shiftHours');
    expect(bad({ kind: 'underperformance', fromDay: '2025-05-02', days: 0, factor: 0.8 })).toBe('faults/0/days');
    expect(bad({ kind: 'underperformance', fromDay: '2025-05-02', days: 1, factor: -1 })).toBe('faults/0/factor');
    expect(bad({ kind: 'stale_meter', fromDay: '2025-05-02', hours: 0 })).toBe('faults/0/hours');
  });
});

describe('cloudRegime', () => {
  const series = { startMs: Date.parse('2025-01-01T00:00:00+08:00'), stepMs: HOUR, count: 3 * 8760 };
  const regime = cloudRegime(series, 120.2, 30.3, 5);

  it('is deterministic', () => {
    expect(cloudRegime(series, 120.2, 30.3, 5).clearSkyIndex).toEqual(regime.clearSkyIndex);
    expect(cloudRegime(series, 120.2, 30.3, 6).states).not.toEqual(regime.states);
  });

  it('keeps regimes for a few days and matches the monthly shares in the long run', () => {
    const { states } = regime;
    let same = 0;
    for (let d = 1; d < states.length; d++) if (states[d] === states[d - 1]) same++;
    // P(same) = 0.5 + 0.5 x sum of squared shares, about 0.67.
    expect(same / (states.length - 1)).toBeGreaterThan(0.6);
    expect(same / (states.length - 1)).toBeLessThan(0.75);
    const share = (s: string) => states.filter((v) => v === s).length / states.length;
    expect(share('clear')).toBeGreaterThan(0.28);
    expect(share('clear')).toBeLessThan(0.42);
    expect(share('overcast')).toBeGreaterThan(0.22);
    expect(share('overcast')).toBeLessThan(0.34);
  });

  it('gives smooth clear days and broken partly cloudy days', () => {
    const byState = { clear: [] as number[], partly: [] as number[], overcast: [] as number[] };
    for (let i = 0; i < series.count; i++) byState[regime.states[regime.dayOfInterval[i]!]!].push(regime.clearSkyIndex[i]!);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(Math.min(...byState.clear)).toBeGreaterThan(0.88);
    expect(mean(byState.partly)).toBeGreaterThan(0.5);
    expect(mean(byState.partly)).toBeLessThan(0.7);
    expect(mean(byState.overcast)).toBeLessThan(0.3);
  });
});

describe('syntheticWeather', () => {
  const series = { startMs: Date.parse('2025-01-01T00:00:00+08:00'), stepMs: HOUR, count: 8760 };
  const park = (latDeg: number, lonDeg: number): PvLocation => ({
    latDeg,
    lonDeg,
    elevationM: 20,
    linkeTurbidity: [3.5, 3.8, 4.2, 4.4, 4.5, 4.6, 4.6, 4.4, 4.1, 3.8, 3.6, 3.4],
  });
  const shanghai = park(31.23, 121.47);
  const w = syntheticWeather(shanghai, series, 11);
  const flat = runChain(
    shanghai,
    {
      dcKwp: 1,
      tiltDeg: 0,
      azimuthDeg: 180,
      mounting: 'open_rack',
      moduleType: 'standard',
      inverterAcKw: 1,
      lossesPct: 0,
      albedo: 0,
    },
    series,
    { clearSky: true, sky: 'isotropic', sunTerms: sunTermsFor(series) },
  );

  it('is deterministic per seed', () => {
    expect(syntheticWeather(shanghai, series, 11).ghiWm2).toEqual(w.ghiWm2);
    expect(syntheticWeather(shanghai, series, 12).ghiWm2).not.toEqual(w.ghiWm2);
  });

  it('scales the clear sky by 1 - cloudiness and splits it consistently', () => {
    let annualKwhM2 = 0;
    for (let i = 0; i < series.count; i++) {
      const ghi = w.ghiWm2![i]!;
      const clear = flat.poaWm2[i]!;
      expect(ghi).toBeCloseTo(clear * (1 - w.cloudiness[i]!), 9);
      expect(ghi).toBeLessThanOrEqual(clear + 1e-9);
      const dhi = w.dhiWm2![i]!;
      if (Number.isFinite(dhi)) {
        expect(dhi).toBeGreaterThanOrEqual(0);
        expect(dhi).toBeLessThanOrEqual(ghi + 1e-9);
        expect(w.dniWm2![i]).toBeGreaterThanOrEqual(0);
      }
      annualKwhM2 += flat.poaKwhM2[i]! * (1 - w.cloudiness[i]!);
    }
    // Shanghai measures about 1,200-1,350 kWh/m2 a year on the horizontal.
    expect(annualKwhM2).toBeGreaterThan(1150);
    expect(annualKwhM2).toBeLessThan(1450);
  });

  it('gives each latitude its climate', () => {
    const monthMean = (v: Float64Array, month: number) => {
      let s = 0;
      let n = 0;
      for (let i = 0; i < series.count; i++) {
        if (new Date(series.startMs + i * HOUR + 8 * HOUR).getUTCMonth() !== month) continue;
        s += v[i]!;
        n++;
      }
      return s / n;
    };
    const beijing = syntheticWeather(park(39.9, 116.4), series, 4);
    const guangzhou = syntheticWeather(park(23.1, 113.3), series, 1);
    expect(monthMean(beijing.airTempC!, 0)).toBeLessThan(1);
    expect(monthMean(beijing.airTempC!, 6)).toBeGreaterThan(24);
    expect(monthMean(guangzhou.airTempC!, 0)).toBeGreaterThan(10);
    expect(monthMean(guangzhou.airTempC!, 6)).toBeGreaterThan(26);
    expect(Math.min(...guangzhou.windMs!)).toBeGreaterThan(0);
    expect(Math.max(...guangzhou.windMs!)).toBeLessThan(8);
  });
});
