import { describe, expect, it } from 'vitest';
import { extraRadiation, relativeAirmass } from './atmosphere.js';
import { runChain, sunTermsFor, toIntervalStartMs } from './chain.js';
import { ineichen } from './clearsky.js';
import { aoi, perez } from './irradiance.js';
import type { PvLocation, PvSystemSpec } from './model.js';
import { iamPhysical, MODULE_PARAMS, pvwattsDc, pvwattsInverter } from './pvwatts.js';
import { solarPosition } from './spa.js';
import { SAPM_PARAMS, sapmCell } from './temperature.js';

const HANGZHOU: PvLocation = {
  latDeg: 30.27,
  lonDeg: 120.15,
  elevationM: 10,
  linkeTurbidity: [3.2, 3.4, 3.7, 4.0, 4.2, 4.3, 4.4, 4.3, 4.0, 3.7, 3.4, 3.2],
};
const ROOF: PvSystemSpec = {
  dcKwp: 1000,
  tiltDeg: 10,
  azimuthDeg: 180,
  mounting: 'close_mount',
  moduleType: 'standard',
  inverterAcKw: 1000 / 1.1,
  lossesPct: 14.08,
  albedo: 0.2,
};
const HOUR = 3_600_000;

/**
 * An independent reference: the same physics evaluated minute by minute with the scalar SPA at each minute's
 * middle, no sunlit-part logic and no interpolation, summed into hours.
 */
function minuteByMinute(location: PvLocation, system: PvSystemSpec, startMs: number, hours: number): Float64Array {
  const out = new Float64Array(hours);
  const pressurePa = 101325 * (1 - 2.25577e-5 * location.elevationM) ** 5.25588;
  const t = SAPM_PARAMS.close_mount_glass_glass;
  for (let m = 0; m < hours * 60; m++) {
    const at = startMs + (m + 0.5) * 60_000;
    const p = solarPosition(at, location.latDeg, location.lonDeg, {
      elevationM: location.elevationM,
      pressureMbar: pressurePa / 100,
      temperatureC: 12,
    });
    if (p.apparentZenith >= 90) continue;
    const dniExtra = extraRadiation(at);
    const amRel = relativeAirmass(p.apparentZenith);
    const cs = ineichen(
      p.apparentZenith,
      (amRel * pressurePa) / 101325,
      location.linkeTurbidity[new Date(at).getUTCMonth()] as number,
      location.elevationM,
      dniExtra,
    );
    const angle = aoi(system.tiltDeg, system.azimuthDeg, p.apparentZenith, p.azimuth);
    const beam = Math.max(cs.dni * Math.cos((angle * Math.PI) / 180), 0);
    const sky = perez(system.tiltDeg, system.azimuthDeg, cs.dhi, cs.dni, dniExtra, p.apparentZenith, p.azimuth, amRel);
    const ground = (cs.ghi * system.albedo * (1 - Math.cos((system.tiltDeg * Math.PI) / 180))) / 2;
    const poa = beam + sky + ground;
    const cell = sapmCell(poa, 20, 1, t.a, t.b, t.deltaT);
    const dc =
      pvwattsDc(beam * iamPhysical(angle) + sky + ground, cell, system.dcKwp, MODULE_PARAMS.standard.gammaPdc) *
      (1 - system.lossesPct / 100);
    const ac = pvwattsInverter(dc, system.inverterAcKw / 0.96, 0.96);
    out[Math.floor(m / 60)] += ac / 60;
  }
  return out;
}

describe('PV model chain', () => {
  it('matches a minute-by-minute evaluation: hourly energy including the sunrise and sunset hours', () => {
    for (const day of ['2026-06-21', '2026-12-21', '2026-03-20']) {
      const startMs = Date.parse(`${day}T00:00:00+08:00`);
      const chain = runChain(HANGZHOU, ROOF, { startMs, stepMs: HOUR, count: 24 });
      const ref = minuteByMinute(HANGZHOU, ROOF, startMs, 24);
      const total = chain.acKwh.reduce((s, v) => s + v, 0);
      const refTotal = ref.reduce((s, v) => s + v, 0);
      expect(Math.abs(total - refTotal) / refTotal).toBeLessThan(0.005);
      for (let h = 0; h < 24; h++) {
        // Each hour within 1.2 % of the day's peak hour. The first and last hours of light are the hard ones:
        // irradiance grows faster than linearly there, so one value at the middle (as PVWatts and SAM take it)
        // falls short of the mean by about 1 % of the peak on a long summer day.
        expect(Math.abs((chain.acKwh[h] as number) - (ref[h] as number))).toBeLessThan(0.012 * Math.max(...ref));
        if ((ref[h] as number) === 0) expect(chain.acKwh[h]).toBe(0);
      }
    }
  });

  it('shares the sun between systems and series', () => {
    const series = { startMs: Date.parse('2026-01-01T00:00:00Z'), stepMs: HOUR, count: 24 * 31 };
    const sun = sunTermsFor(series);
    const a = runChain(HANGZHOU, ROOF, series, { sunTerms: sun });
    const b = runChain(HANGZHOU, ROOF, series);
    expect(a.acKwh).toEqual(b.acKwh);
    expect(() => runChain(HANGZHOU, ROOF, { ...series, count: 24 }, { sunTerms: sun })).toThrow(/another series/);
  });

  it('gives a plausible rooftop year: specific yield and PR on the plane of array', () => {
    const series = { startMs: Date.parse('2026-01-01T00:00:00+08:00'), stepMs: HOUR, count: 8760 };
    const year = runChain(HANGZHOU, ROOF, series);
    const kwh = year.acKwh.reduce((s, v) => s + v, 0);
    const poa = year.poaKwhM2.reduce((s, v) => s + v, 0);
    const pr = kwh / ROOF.dcKwp / poa;
    // Clear sky every day: above the region's 1,000-1,250 kWh/kWp of real weather, below physical limits.
    expect(kwh / ROOF.dcKwp).toBeGreaterThan(1300);
    expect(kwh / ROOF.dcKwp).toBeLessThan(1900);
    // Close-mount cells under a clear sky every day run hot (about 25 K over the air at noon): PR near 0.7.
    expect(pr).toBeGreaterThan(0.66);
    expect(pr).toBeLessThan(0.8);
    // Inverter clipping: AC never above its rating.
    expect(Math.max(...year.acKw)).toBeLessThanOrEqual(ROOF.inverterAcKw + 1e-9);
  });

  it('uses a plane-of-array sensor as it is, and splits horizontal-only irradiance (Erbs) before transposing', () => {
    const series = { startMs: Date.parse('2026-05-01T00:00:00+08:00'), stepMs: HOUR, count: 24 * 7 };
    const clear = runChain(HANGZHOU, ROOF, series);
    const poaWm2 = clear.poaWm2.map((v) => v * 0.5);
    const half = runChain(HANGZHOU, ROOF, series, { weather: { poaWm2 } });
    for (let i = 0; i < series.count; i++) {
      if ((clear.poaKwhM2[i] as number) > 0) expect(half.poaWm2[i]).toBeCloseTo(poaWm2[i] as number, 9);
    }
    const total = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    expect(total(half.acKwh) / total(clear.acKwh)).toBeGreaterThan(0.45);
    expect(total(half.acKwh) / total(clear.acKwh)).toBeLessThan(0.56);

    // GHI only (the clear-sky GHI): the chain decomposes it; the week's energy stays within 6 % of the full path.
    const ghi = new Float64Array(series.count);
    const sunAt = sunTermsFor(series);
    for (let i = 0; i < series.count; i++) {
      const p = solarPosition(series.startMs + (i + 0.5) * HOUR, HANGZHOU.latDeg, HANGZHOU.lonDeg, { elevationM: 10 });
      if (p.apparentZenith < 90) {
        ghi[i] = ineichen(
          p.apparentZenith,
          relativeAirmass(p.apparentZenith),
          HANGZHOU.linkeTurbidity[4] as number,
          10,
          sunAt.dniExtra[i],
        ).ghi;
      }
    }
    const fromGhi = runChain(HANGZHOU, ROOF, series, { weather: { ghiWm2: ghi } });
    expect(Math.abs(total(fromGhi.acKwh) / total(clear.acKwh) - 1)).toBeLessThan(0.06);
  });

  it('converts labelled timestamps to interval starts', () => {
    const t = Date.parse('2026-06-01T10:00:00Z');
    expect(toIntervalStartMs(t, HOUR, 'left')).toBe(t);
    expect(toIntervalStartMs(t, HOUR, 'right')).toBe(t - HOUR);
    expect(toIntervalStartMs(t, HOUR, 'center')).toBe(t - HOUR / 2);
  });

  it('refuses bad input with the field', () => {
    const series = { startMs: Date.parse('2026-06-01T00:00:00Z'), stepMs: HOUR, count: 24 };
    expect(() => runChain({ ...HANGZHOU, latDeg: 95 }, ROOF, series)).toThrow(/latitude/);
    expect(() => runChain({ ...HANGZHOU, linkeTurbidity: [3] }, ROOF, series)).toThrow(/linkeTurbidity/);
    expect(() => runChain(HANGZHOU, { ...ROOF, tiltDeg: 120 }, series)).toThrow(/tiltDeg/);
    expect(() => runChain(HANGZHOU, ROOF, series, { weather: { poaWm2: new Float64Array(3) } })).toThrow(/poaWm2 has 3 values/);
  });
});
