import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import {
  ALBEDO,
  aoi,
  aoiProjection,
  clearnessIndex,
  disc,
  erbs,
  groundDiffuse,
  haydavies,
  isotropic,
  perez,
  totalIrradiance,
} from './irradiance.js';

// Expected values are pvlib-python's test vectors (tests/test_irradiance.py) unless marked derived; checked as
// numpy's assert_allclose does: |actual - expected| <= atol + rtol * |expected|.
function close(actual: number, expected: number, atol: number, rtol = 0): void {
  if (Number.isNaN(expected)) {
    expect(actual).toBeNaN();
    return;
  }
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(atol + rtol * Math.abs(expected));
}

function closeAll(actual: readonly number[], expected: readonly number[], atol: number, rtol = 0): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    close(a, expected[i] as number, atol, rtol);
  });
}

// pvlib get_extra_radiation (Spencer), only to feed the Erbs/DISC fixtures, which were made with it.
function spencer(doy: number, solarConstant = 1366.1): number {
  const b = (2 * Math.PI * (doy - 1)) / 365;
  return (
    solarConstant *
    (1.00011 + 0.034221 * Math.cos(b) + 0.00128 * Math.sin(b) + 0.000719 * Math.cos(2 * b) + 7.7e-5 * Math.sin(2 * b))
  );
}

// The Tucson fixture: 2014-06-24 at 00, 06, 12 and 18 h (US/Arizona), tilt 40, facing south.
const T = {
  ghi: [0, 79.73860422, 1042.48031487, 257.20751138],
  dni: [0, 316.1949056, 939.95469881, 646.22886049],
  dhi: [0, 40.46149818, 118.45831879, 62.03376265],
  zenith: [124.0390863, 82.85457044, 10.56413562, 72.41687122],
  azimuth: [352.69550699, 66.71410338, 144.76567754, 287.04104128],
  airmass: [Number.NaN, 7.58831596, 1.01688136, 3.27930443],
  dniExtra: 1321.1655834833093,
};
const steps = [0, 1, 2, 3];
const at = (xs: readonly number[], i: number) => xs[i] as number;

describe('angle of incidence', () => {
  it('matches the aoi / projection table', () => {
    const cases = [
      [0, 0, 0, 0, 0, 1],
      [30, 180, 30, 180, 0, 1],
      [30, 180, 150, 0, 180, -1],
      [90, 0, 30, 60, 75.5224878, 0.25],
      [90, 0, 30, 170, 119.4987042, -0.4924038],
    ] as const;
    for (const [tilt, surfAz, zen, sunAz, expAoi, expProj] of cases) {
      close(aoi(tilt, surfAz, zen, sunAz), expAoi, 1e-5);
      close(aoiProjection(tilt, surfAz, zen, sunAz), expProj, 1e-6);
    }
  });

  it('never exceeds 1 for a surface facing the sun (GH 1185)', () => {
    const zen = 89.26778228223463;
    const az = 60.932028605997004;
    const p = aoiProjection(zen, az, zen, az);
    expect(p).toBeLessThanOrEqual(1);
    close(p, 1, 1e-8, 1e-5);
  });
});

describe('sky diffuse and ground', () => {
  it('matches the scalar isotropic and ground vectors', () => {
    close(isotropic(40, 100), 88.30222215594891, 0, 1e-7);
    close(groundDiffuse(40, 900), 26.32000014911496, 0, 1e-7);
    expect(groundDiffuse(45, 1000, 0.2)).toBeCloseTo(0.2 * 0.5 * (1 - Math.SQRT2 / 2) * 1000, 12);
    expect(groundDiffuse(40, 1000, 0)).toBe(0);
  });

  it('matches the Tucson isotropic, ground (sand) and Hay–Davies series', () => {
    closeAll(
      steps.map((i) => isotropic(40, at(T.dhi, i))),
      [0, 35.728402, 104.601328, 54.777191],
      1e-4,
    );
    closeAll(
      steps.map((i) => groundDiffuse(40, at(T.ghi, i), ALBEDO.sand)),
      [0, 3.731058, 48.778813, 12.035025],
      1e-4,
    );
    closeAll(
      steps.map((i) => haydavies(40, 180, at(T.dhi, i), at(T.dni, i), T.dniExtra, at(T.zenith, i), at(T.azimuth, i))),
      [0, 27.1775, 102.9949, 33.1909],
      1e-4,
    );
  });

  it('matches the Perez scalar and poa_components values (night gives 0, NaN DNI gives NaN)', () => {
    // test_perez_scalar, rtol 1e-7.
    close(
      perez(40, 180, 118.45831879, 939.95469881, 1321.1655834833093, 10.56413562, 144.76567754, 1.01688136),
      109.084332,
      0,
      1e-7,
    );
    const sky = steps.map((i) =>
      perez(40, 180, at(T.dhi, i), at(T.dni, i), T.dniExtra, at(T.zenith, i), at(T.azimuth, i), at(T.airmass, i)),
    );
    // poa_sky_diffuse in test_poa_components (assert_frame_equal, rtol 1e-5).
    closeAll(sky, [0, 31.4635077, 109.08433162, 45.45978964], 1e-4, 1e-5);

    // test_perez blanks DNI at noon. Its expected values hold only to 2 decimals in pvlib itself
    // (check_less_precise=2: |Δ| < 1.5e-2); the poa_components values above are the precise ones.
    const blank = [...T.dni];
    blank[2] = Number.NaN;
    const out = steps.map((i) =>
      perez(40, 180, at(T.dhi, i), at(blank, i), T.dniExtra, at(T.zenith, i), at(T.azimuth, i), at(T.airmass, i)),
    );
    closeAll(out, [0, 31.46046871, Number.NaN, 45.45539877], 1.5e-2);
  });

  it('matches Goodwin Creek, where the horizon term goes negative', () => {
    // test_perez_negative_horizon (check_less_precise=2); the values agree to 1e-4.
    const dni = [158, 19, 1, 0, 0];
    const dhi = [249, 165, 136, 93, 50];
    const zen = [57.746951, 57.564205, 60.813841, 66.989435, 75.353368];
    const az = [171.003315, 187.346924, 202.974357, 216.725599, 228.317233];
    const am = [1.869315, 1.859981, 2.044429, 2.544943, 3.900136];
    const sky = [0, 1, 2, 3, 4].map((i) => perez(34, 180, at(dhi, i), at(dni, i), 1414, at(zen, i), at(az, i), at(am, i)));
    closeAll(sky, [281.410185, 152.20879, 123.867898, 82.836412, 43.517015], 1e-4);
  });

  it('gives 0 for DHI 0 (pvlib: NaN when DNI is 0 too) and stays bounded at the horizon (GH 432)', () => {
    expect(perez(30, 180, 0, 0, 1360, 30, 180, 1.15)).toBe(0);
    expect(perez(30, 180, 0, 800, 1360, 30, 180, 1.15)).toBe(0);
    expect(perez(30, 180, 50, 10, 1360, 89.999, 230, 12)).toBeLessThan(100);
    expect(haydavies(30, 180, 50, 10, 1360, 89.999, 230)).toBeLessThan(100);
  });
});

describe('totalIrradiance', () => {
  it('matches poa_components on the Tucson fixture: isotropic sky with sand, and Perez with sand', () => {
    const iso = steps.map((i) =>
      totalIrradiance({
        surfaceTiltDeg: 40,
        surfaceAzimuthDeg: 180,
        solarZenithDeg: at(T.zenith, i),
        solarAzimuthDeg: at(T.azimuth, i),
        dni: at(T.dni, i),
        ghi: at(T.ghi, i),
        dhi: at(T.dhi, i),
        albedo: ALBEDO.sand,
      }),
    );
    closeAll(
      iso.map((o) => o.poaGlobal),
      [0, 39.45946, 951.699533, 100.31365],
      1e-4,
    );

    const out = { poaGlobal: 0, poaDirect: 0, poaDiffuse: 0, poaSkyDiffuse: 0, poaGroundDiffuse: 0 };
    const expected = [
      [0, 0, 0, 0, 0],
      [35.19456561, 0, 35.19456561, 31.4635077, 3.73105791],
      [956.18253696, 798.31939281, 157.86314414, 109.08433162, 48.77881252],
      [90.99624896, 33.50143401, 57.49481495, 45.45978964, 12.03502531],
    ];
    for (const i of steps) {
      const o = totalIrradiance(
        {
          surfaceTiltDeg: 40,
          surfaceAzimuthDeg: 180,
          solarZenithDeg: at(T.zenith, i),
          solarAzimuthDeg: at(T.azimuth, i),
          dni: at(T.dni, i),
          ghi: at(T.ghi, i),
          dhi: at(T.dhi, i),
          dniExtra: T.dniExtra,
          airmassRelative: at(T.airmass, i),
          albedo: ALBEDO.sand,
          model: 'perez',
        },
        out,
      );
      expect(o).toBe(out);
      closeAll(
        [o.poaGlobal, o.poaDirect, o.poaDiffuse, o.poaSkyDiffuse, o.poaGroundDiffuse],
        expected[i] as number[],
        1e-4,
        1e-5,
      );
    }
  });

  // Derived (reference §2e, recomputed; not a pvlib assertion): tilt 32 south, sun at zenith 10 due south,
  // DNI 1000, GHI 1100, DHI 100, I0 1400, urban albedo 0.18. AOI 22°, direct 927.18385, ground 15.04324.
  const base = {
    surfaceTiltDeg: 32,
    surfaceAzimuthDeg: 180,
    solarZenithDeg: 10,
    solarAzimuthDeg: 180,
    dni: 1000,
    ghi: 1100,
    dhi: 100,
    dniExtra: 1400,
    airmassRelative: 1,
    albedo: ALBEDO.urban,
  };

  it('matches the derived scalar case for the isotropic, Hay–Davies and Perez skies', () => {
    close(aoi(32, 180, 10, 180), 22, 1e-9);
    const iso = totalIrradiance({ ...base, model: 'isotropic' });
    close(iso.poaDirect, 927.18385, 1e-5);
    close(iso.poaGroundDiffuse, 15.04324, 1e-5);
    close(iso.poaSkyDiffuse, 92.4024, 1e-5);
    close(iso.poaGlobal, 1034.6295, 1e-5);
    const hd = totalIrradiance({ ...base, model: 'haydavies' });
    close(hd.poaSkyDiffuse, 93.64977, 1e-5);
    close(hd.poaGlobal, 1035.87686, 1e-5);
    // Perez by hand: eps = (11 + κz³)/(1 + κz³) = 10.945 → bin 8; Δ = 100/1400 = 0.0714286;
    // F1 = 0.678 − 0.327Δ − 0.25z = 0.6110096, F2 = 0.156 − 1.377Δ + 0.251z = 0.1014506 (z = 0.1745329 rad);
    // sky = 100·(½(1 − F1)(1 + cos 32°) + F1·cos 22°/cos 10° + F2·sin 32°) = 98.845482.
    const pz = totalIrradiance({ ...base, model: 'perez' });
    close(pz.poaSkyDiffuse, 98.845482, 1e-5);
    close(pz.poaGlobal, 1041.072575, 1e-5);
    close(pz.poaDiffuse, pz.poaSkyDiffuse + pz.poaGroundDiffuse, 1e-12);
  });

  it('refuses Hay–Davies or Perez without their inputs', () => {
    const { dniExtra: _e, ...noExtra } = base;
    expect(() => totalIrradiance({ ...noExtra, model: 'haydavies' })).toThrow(AppError);
    expect(() => totalIrradiance({ ...noExtra, model: 'perez' })).toThrow(/dniExtra/);
    const { airmassRelative: _a, ...noAirmass } = base;
    expect(() => totalIrradiance({ ...noAirmass, model: 'perez' })).toThrow(/airmassRelative/);
    // Isotropic needs neither.
    expect(totalIrradiance({ ...noExtra }).poaGlobal).toBeCloseTo(1034.6295, 4);
  });
});

describe('decomposition', () => {
  it('computes the clearness index with its floors and caps', () => {
    close(clearnessIndex(1000, 10, 1400), 0.725, 1e-3);
    // numpy meshgrid: rows are zenith [180, 90, 89.999, 0], columns GHI [-1, 0, 1, 1000].
    const ghi = [-1, 0, 1, 1000];
    const zen = [180, 90, 89.999, 0];
    const grid = (f: (g: number, z: number) => number) => zen.map((z) => ghi.map((g) => f(g, z)));
    const expectGrid = (actual: number[][], expected: number[][]) => {
      actual.forEach((row, i) => {
        closeAll(row, expected[i] as number[], 1e-3);
      });
    };
    expectGrid(
      grid((g, z) => clearnessIndex(g, z, 1370)),
      [
        [0, 0, 0.011, 2],
        [0, 0, 0.011, 2],
        [0, 0, 0.011, 2],
        [0, 0, 0.001, 0.73],
      ],
    );
    expectGrid(
      grid((g, z) => clearnessIndex(g, z, 1400, 0)),
      [
        [0, Number.NaN, 2, 2],
        [0, 0, 2, 2],
        [0, 0, 2, 2],
        [0, 0, 0.001, 0.714],
      ],
    );
    expectGrid(
      grid((g, z) => clearnessIndex(g, z, 1370, 0.065, 0.82)),
      [
        [0, 0, 0.011, 0.82],
        [0, 0, 0.011, 0.82],
        [0, 0, 0.011, 0.82],
        [0, 0, 0.001, 0.73],
      ],
    );
  });

  it('matches the Erbs vectors', () => {
    // 2019-01-01 (day 1) three times, then 2019-06-20 (day 171). pvlib asserts these rounded to 0 dp;
    // they hold to rtol 1e-7.
    const cases = [
      [0, 120, 1, 0, 0, 0],
      [50, 85, 1, 96.7192672, 41.5703604, 0.405723511],
      [1000, 10, 1, 794.205651, 217.860117, 0.718132729],
      [1000, 10, 171, 842.001578, 170.790318, 0.768214312],
    ] as const;
    const out = { dni: -1, dhi: -1, kt: -1 };
    for (const [ghi, zen, doy, dni, dhi, kt] of cases) {
      expect(erbs(ghi, zen, spencer(doy), out)).toBe(out);
      close(out.dni, dni, 1e-9, 1e-7);
      close(out.dhi, dhi, 1e-9, 1e-7);
      close(out.kt, kt, 1e-9, 1e-7);
    }
    // test_erbs_all_scalar (day 180, rtol 1e-2).
    const d180 = erbs(1000, 10, spencer(180));
    close(d180.dni, 842.358014, 0, 1e-2);
    close(d180.dhi, 170.439297, 0, 1e-2);
    close(d180.kt, 0.76891947, 0, 1e-2);
    // Sun on the horizon (2016-07-19, day 201): no beam, all diffuse, kt from the cos floor.
    const flat = erbs(1, 90, spencer(201));
    expect(flat.dni).toBe(0);
    expect(flat.dhi).toBe(1);
    close(flat.kt, 0.01163776, 1e-8);
  });

  it('matches the DISC vectors (absolute Kasten 1966 airmass, I0 with solar constant 1370)', () => {
    const kasten1966 = (z: number) => 1 / (Math.cos((z * Math.PI) / 180) + 0.15 * (93.885 - z) ** -1.253);
    // 2014-06-24 12:00 and 18:00 Phoenix; pvlib takes the day of year in UTC, so 18:00 (01:00Z) is day 176.
    const cases = [
      [1038.62, 10.567, 175, 101325, 868.72425, 0.79742, 1.01664],
      [254.53, 72.469, 176, 101325, 680.738, 0.63782, 3.28463],
      [1038.62, 10.567, 175, 93193, 830.46567, 0.79742, 0.93505],
      [254.53, 72.469, 176, 93193, 676.1834, 0.63782, 3.02102],
    ] as const;
    for (const [ghi, zen, doy, p, dni, kt, am] of cases) {
      const out = disc(ghi, zen, spencer(doy, 1370), (kasten1966(zen) * p) / 101325);
      // assert_allclose(atol=1e-5) in pvlib, whose default rtol 1e-7 also applies.
      close(out.dni, dni, 1e-5, 1e-7);
      close(out.kt, kt, 1e-5, 1e-7);
      close(out.airmass, am, 1e-5, 1e-7);
    }
    // Over-irradiance caps kt at 1 (2016-07-19, zenith 0).
    const over = disc(3000, 0, spencer(201, 1370), kasten1966(0));
    close(over.dni, 872.544336, 1e-6);
    expect(over.kt).toBe(1);
    close(over.airmass, 0.999493933, 1e-9);
    // Near the horizon: no beam, airmass capped at 12.
    const low = disc(1, 89.99, spencer(201, 1370), kasten1966(89.99));
    expect(low.dni).toBe(0);
    close(low.kt, 0.0116046346, 1e-9);
    expect(low.airmass).toBe(12);
  });
});
