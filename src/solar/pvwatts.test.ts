import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { AR_COATING_INDEX, iamLookup, iamPhysical, MODULE_PARAMS, pvwattsDc, pvwattsInverter, pvwattsLosses } from './pvwatts.js';

// pvlib-python test vectors (tests/test_iam.py, test_inverter.py, test_pvsystem.py), checked as numpy's
// assert_allclose does: |actual - expected| <= atol + rtol * |expected|, default rtol 1e-7.
function close(actual: number, expected: number, atol = 0, rtol = 1e-7): void {
  if (Number.isNaN(expected)) {
    expect(actual).toBeNaN();
    return;
  }
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(atol + rtol * Math.abs(expected));
}

describe('iamPhysical', () => {
  it('matches the plain-glass vectors, symmetric in the sign of the angle', () => {
    const angles = [-90, -67.5, -45, -22.5, 0, 22.5, 45, 67.5, 90, Number.NaN];
    const expected = [0, 0.8893998, 0.98797788, 0.99926198, 1, 0.99926198, 0.98797788, 0.8893998, 0, Number.NaN];
    // pvlib passes K and L swapped here (0.002, 4); only their product enters.
    angles.forEach((a, i) => {
      close(iamPhysical(a, 1.526, 0.002, 4), expected[i] as number, 1e-7);
      close(iamPhysical(a), expected[i] as number, 1e-7);
    });
  });

  it('is 1 up to 90° without glass and 0 beyond', () => {
    const angles = [0, 22.5, 45, 67.5, 90, 100, Number.NaN];
    const expected = [1, 1, 1, 1, 0, 0, Number.NaN];
    angles.forEach((a, i) => {
      close(iamPhysical(a, 1, 4, 0), expected[i] as number, 1e-12);
    });
  });

  it('matches the anti-reflective vectors; an AR index of 1 or of the glass is no coating', () => {
    const angles = [0, 22.5, 45, 67.5, 90, 100, Number.NaN];
    const expected = [1, 0.99944171, 0.9917463, 0.91506158, 0, 0, Number.NaN];
    angles.forEach((a, i) => {
      close(iamPhysical(a, 1.526, 4, 0.002, 1.29), expected[i] as number, 1e-7);
      close(iamPhysical(a, 1.526, 4, 0.002, 1), iamPhysical(a), 0);
      close(iamPhysical(a, 1.526, 4, 0.002, 1.526), iamPhysical(a), 0);
    });
    // The coating helps most at grazing angles.
    expect(iamPhysical(75, 1.526, 4, 0.002, AR_COATING_INDEX)).toBeGreaterThan(iamPhysical(75));
  });
});

describe('PVWatts DC and losses', () => {
  it('matches pvwatts_dc', () => {
    // By hand: 900/1000 · 100 · (1 − 0.003·(30 − 25)) = 90 · 0.985 = 88.65.
    close(pvwattsDc(900, 30, 100, -0.003), 88.65);
    close(pvwattsDc(1000, 25, 250, -0.0047), 250);
    close(pvwattsDc(1000, 35, 250, -0.0047, 35), 250);
  });

  it('keeps the SAM module types', () => {
    expect(MODULE_PARAMS).toEqual({
      standard: { gammaPdc: -0.0047, glass: 'standard' },
      premium: { gammaPdc: -0.0035, glass: 'ar' },
      thin_film: { gammaPdc: -0.002, glass: 'standard' },
    });
  });

  it('matches pvwatts_losses, with age', () => {
    close(pvwattsLosses(), 14.075660688264469);
    close(pvwattsLosses({ age: 1 }), 14.934904);
    expect(
      pvwattsLosses({
        soiling: 0,
        shading: 0,
        snow: 0,
        mismatch: 0,
        wiring: 0,
        connections: 0,
        lid: 0,
        nameplateRating: 0,
        age: 0,
        availability: 0,
      }),
    ).toBe(0);
    expect(() => pvwattsLosses({ soiling: 120 })).toThrow(AppError);
    expect(() => pvwattsLosses({ wiring: -1 })).toThrow(/wiring/);
    expect(() => pvwattsLosses({ age: Number.NaN })).toThrow(AppError);
  });
});

describe('pvwattsInverter', () => {
  it('matches inverter.pvwatts', () => {
    close(pvwattsInverter(90, 100, 0.95), 85.58556604752516);
    close(pvwattsInverter(100, 100, 0.95), 95);
    close(pvwattsInverter(50, 100, 0.95), 47.60843624);
    expect(pvwattsInverter(0, 100)).toBe(0);
    // η would be negative below ζ ≈ 0.006 (GH 541).
    expect(pvwattsInverter(0.001, 1)).toBe(0);
    expect(pvwattsInverter(Number.NaN, 100, 0.95)).toBeNaN();
  });

  it('clips at the AC rating: pdc0 is the DC input limit pac0/ηnom', () => {
    // A 110 kWp array on a 100 kW inverter: pdc0 = 100/0.96.
    const pdc0 = 100 / 0.96;
    expect(pvwattsInverter(110, pdc0)).toBeCloseTo(100, 12);
    expect(pvwattsInverter(200, pdc0)).toBeCloseTo(100, 12);
    expect(pvwattsInverter(50, pdc0)).toBeLessThan(50);
  });
});

describe('iamLookup', () => {
  it('stays within 1e-5 of the formula from 0 to 90 degrees, with and without an AR coating', () => {
    for (const nAr of [undefined, AR_COATING_INDEX]) {
      const lookup = iamLookup(1.526, 4, 0.002, nAr);
      for (let a = 0; a <= 90; a += 0.0137) expect(Math.abs(lookup(a) - iamPhysical(a, 1.526, 4, 0.002, nAr))).toBeLessThan(1e-5);
      expect(lookup(90)).toBe(0);
      expect(lookup(120)).toBe(0);
    }
  });
});
