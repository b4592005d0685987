import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import type { Mounting } from './model.js';
import { faiman, PVSYST_PARAMS, pvsystCell, SAPM_PARAMS, sapmCell, sapmModule, sapmParamsFor } from './temperature.js';

// pvlib-python tests/test_temperature.py asserts these with rtol or atol 1e-3; we do the same.
const closeTo = (actual: number, expected: number, tol = 1e-3) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);

describe('SAPM', () => {
  const { a, b, deltaT } = SAPM_PARAMS.open_rack_glass_glass;

  it('matches the open-rack glass/glass vectors (E 900, air 20 °C, wind 5 m/s)', () => {
    // By hand: 900·exp(−3.47 − 0.0594·5) = 900·exp(−3.767) = 20.8092, so T_m = 40.8092 and
    // T_c = 40.8092 + 900/1000·3 = 43.5092.
    closeTo(sapmModule(900, 20, 5, a, b), 40.809);
    closeTo(sapmCell(900, 20, 5, a, b, deltaT), 43.509);
    closeTo(sapmCell(900, 20, 5, a, b, deltaT) - sapmModule(900, 20, 5, a, b), 2.7, 1e-12);
  });

  it('matches the array vectors: no sun leaves the air temperature', () => {
    const cells = [
      [0, 0, 10],
      [500, 10, 5],
      [0, 5, 0],
    ].map(([e, t, w]) => sapmCell(e as number, t as number, w as number, a, b, deltaT));
    const modules = [
      [0, 0, 10],
      [500, 10, 5],
      [0, 5, 0],
    ].map(([e, t, w]) => sapmModule(e as number, t as number, w as number, a, b));
    [0, 23.06066166, 5].forEach((v, i) => {
      closeTo(cells[i] as number, v, 1e-3 * Math.abs(v));
    });
    [0, 21.56066166, 5].forEach((v, i) => {
      closeTo(modules[i] as number, v, 1e-3 * Math.abs(v));
    });
  });

  it('keeps the pvlib presets', () => {
    expect(SAPM_PARAMS).toEqual({
      open_rack_glass_glass: { a: -3.47, b: -0.0594, deltaT: 3 },
      close_mount_glass_glass: { a: -2.98, b: -0.0471, deltaT: 1 },
      open_rack_glass_polymer: { a: -3.56, b: -0.075, deltaT: 3 },
      insulated_back_glass_polymer: { a: -2.81, b: -0.0455, deltaT: 0 },
    });
  });

  it('maps mountings to presets; a close-mount roof runs about 20 °C hotter than an open rack', () => {
    expect(sapmParamsFor('open_rack')).toBe(SAPM_PARAMS.open_rack_glass_polymer);
    expect(sapmParamsFor('close_mount')).toBe(SAPM_PARAMS.close_mount_glass_glass);
    expect(sapmParamsFor('insulated_back')).toBe(SAPM_PARAMS.insulated_back_glass_polymer);
    expect(() => sapmParamsFor('ground' as Mounting)).toThrow(AppError);

    const cell = (m: Mounting) => {
      const p = sapmParamsFor(m);
      return sapmCell(1000, 25, 1, p.a, p.b, p.deltaT);
    };
    // By hand: open rack 1000·exp(−3.635) + 25 + 3 = 54.384; close mount 1000·exp(−3.0271) + 25 + 1 = 74.456;
    // insulated back 1000·exp(−2.8555) + 25 = 82.527.
    closeTo(cell('open_rack'), 54.384);
    closeTo(cell('close_mount'), 74.456);
    closeTo(cell('insulated_back'), 82.527);
  });
});

describe('PVsyst and Faiman', () => {
  it('matches the PVsyst vectors', () => {
    // By hand: 20 + 900·0.9·(1 − 0.1)/29 = 20 + 729/29 = 45.1379.
    closeTo(pvsystCell(900, 20, 5), 45.137, 1e-3 * 45.137);
    // 20 + 729/(23.5 + 6.25·5) = 20 + 729/54.75 = 33.3151.
    closeTo(pvsystCell(900, 20, 5, 23.5, 6.25, 0.1), 33.315, 1e-3 * 33.315);
    // 10 + 500·0.81/29 = 23.9655; no sun leaves the air temperature.
    closeTo(pvsystCell(500, 10, 5), 23.965517, 1e-6);
    expect(pvsystCell(0, 5, 0)).toBe(5);
    // Presets: PVsyst's "insulated" (U_c 15) runs hotter than free-standing.
    const ins = PVSYST_PARAMS.insulated;
    expect(pvsystCell(900, 20, 5, ins.uC, ins.uV)).toBeCloseTo(20 + 729 / 15, 9);
  });

  it('matches the Faiman vectors', () => {
    // By hand: 20 + 900/(25 + 6.84·5) = 20 + 900/59.2 = 35.2027.
    closeTo(faiman(900, 20, 5), 35.203);
    // 20 + 900/(22 + 6·5) = 37.3077.
    closeTo(faiman(900, 20, 5, 22, 6), 37.308);
    // 10 + 500/59.2 = 18.4459.
    closeTo(faiman(500, 10, 5), 18.446);
    expect(faiman(0, 0, 10)).toBe(0);
    expect(faiman(0, 5, 0)).toBe(5);
  });
});
