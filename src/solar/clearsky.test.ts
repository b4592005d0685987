import { describe, expect, it } from 'vitest';
import { type ClearSky, haurwitz, ineichen, simplifiedSolis } from './clearsky.js';

// Expected values are pvlib-python's own test vectors (tests/test_clearsky.py), checked as numpy's
// assert_allclose does: |actual - expected| <= atol + rtol * |expected|, rtol 1e-7 unless a case says otherwise.
function close(actual: number, expected: number, rtol = 1e-7, atol = 0): void {
  if (Number.isNaN(expected)) {
    expect(actual).toBeNaN();
    return;
  }
  const tol = atol + rtol * Math.abs(expected);
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

function closeSky(actual: ClearSky, [ghi, dni, dhi]: readonly number[], rtol = 1e-7, atol = 0): void {
  close(actual.ghi, ghi as number, rtol, atol);
  close(actual.dni, dni as number, rtol, atol);
  close(actual.dhi, dhi as number, rtol, atol);
}

describe('ineichen', () => {
  it('matches the scalar, I0 and altitude vectors', () => {
    closeSky(ineichen(10, 1, 3), [1038.159219, 942.2081860378344, 110.26529293612793]);
    closeSky(ineichen(10, 1, 3, 0, 1370), [1042.72590228, 946.35279683, 110.75033088]);
    closeSky(ineichen(10, 1, 3, 2000), [1134.24312405, 994.95377835, 154.40492924]);
  });

  // Tucson, 2014-06-24 every 3 h; the NaN airmass rows are night and give zeros.
  const zenith = [
    124.0390863, 113.38779941, 82.85457044, 46.0467599, 10.56413562, 34.86074109, 72.41687122, 105.69538659, 124.05614124,
  ];
  const am = [Number.NaN, Number.NaN, 6.97935524, 1.32355476, 0.93527685, 1.12008114, 3.01614096, Number.NaN, Number.NaN];

  it('matches the day series (TL 3), night as zeros', () => {
    const expected = [
      [0, 0, 0],
      [0, 0, 0],
      [65.49426624, 321.16092181, 25.54562017],
      [704.6968125, 888.90147035, 87.73601277],
      [1044.1230677, 953.24925854, 107.03109696],
      [853.02065704, 922.06124712, 96.42909484],
      [251.99427693, 655.44925241, 53.9901349],
      [0, 0, 0],
      [0, 0, 0],
    ];
    const out = { ghi: -1, dni: -1, dhi: -1 };
    zenith.forEach((z, i) => {
      // The same out object is reused, as the model chain does.
      expect(ineichen(z, am[i] as number, 3, 0, 1364, false, out)).toBe(out);
      // assert_frame_equal in pvlib: rtol 1e-5; the values hold to about 1e-9.
      closeSky(out, expected[i] as number[], 1e-7, 1e-8);
    });
  });

  it('matches the day series with the Perez enhancement', () => {
    const expected = [
      [0, 0, 0],
      [0, 0, 0],
      [91.1249279, 321.16092171, 51.17628184],
      [716.46580547, 888.9014706, 99.50500553],
      [1053.42066073, 953.24925905, 116.3286895],
      [863.54692748, 922.06124652, 106.9553658],
      [271.06382275, 655.44925213, 73.05968076],
      [0, 0, 0],
      [0, 0, 0],
    ];
    zenith.forEach((z, i) => {
      closeSky(ineichen(z, am[i] as number, 3, 0, 1364, true), expected[i] as number[], 1e-7, 1e-8);
    });
  });

  it('matches the zenith × airmass × turbidity grid', () => {
    // numpy meshgrid order: [airmass][zenith][turbidity].
    const zen = [0, 40, 80];
    const ams = [1, 5.5, 10];
    const tls = [2, 3, 4];
    const ghi = [
      [
        [1095.77074798, 1054.17449885, 1014.15727338],
        [839.40909243, 807.54451692, 776.88954373],
        [190.27859353, 183.05548067, 176.10656239],
      ],
      [
        [773.49041181, 625.19479557, 505.33080493],
        [592.52803177, 478.92699901, 387.10585505],
        [134.31520045, 108.56393694, 87.74977339],
      ],
      [
        [545.9968869, 370.78162375, 251.79449885],
        [418.25788117, 284.03520249, 192.88577665],
        [94.81136442, 64.38555328, 43.72365587],
      ],
    ];
    const dni = [
      [1014.38807396, 942.20818604, 861.11344424],
      [687.61305142, 419.14891162, 255.50098235],
      [458.62196014, 186.46177428, 75.80970012],
    ];
    const dhi = [
      [
        [81.38267402, 111.96631281, 153.04382915],
        [62.3427452, 85.77117175, 117.23837487],
        [14.13195304, 19.44274618, 26.57578203],
      ],
      [
        [85.87736039, 206.04588395, 249.82982258],
        [65.78587472, 157.84030442, 191.38074731],
        [14.91244713, 35.77949226, 43.38249342],
      ],
      [
        [87.37492676, 184.31984947, 175.98479873],
        [66.93307711, 141.19719644, 134.81217714],
        [15.17249681, 32.00680597, 30.5594396],
      ],
    ];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        for (let k = 0; k < 3; k++) {
          const out = ineichen(zen[j] as number, ams[i] as number, tls[k] as number);
          closeSky(out, [ghi[i]?.[j]?.[k], dni[i]?.[k], dhi[i]?.[j]?.[k]] as number[]);
        }
      }
    }
  });

  it('propagates NaN in zenith, turbidity and I0, but maps a NaN airmass to zeros', () => {
    const nan = Number.NaN;
    closeSky(ineichen(nan, 1, 3, 0, 1370), [nan, nan, nan]);
    closeSky(ineichen(10, 1, nan, 0, 1370), [nan, nan, nan]);
    closeSky(ineichen(10, 1, 3, 0, nan), [nan, nan, nan]);
    expect(ineichen(10, nan, 3)).toEqual({ ghi: 0, dni: 0, dhi: 0 });
    expect(ineichen(91, 38, 3)).toEqual({ ghi: 0, dni: 0, dhi: 0 });
  });
});

describe('haurwitz', () => {
  it('matches the elevation vectors', () => {
    const elevation = [-20, -0.05, -0.001, 5, 10, 30, 50, 90];
    const expected = [0, 0, 0, 48.6298687941956, 135.741748091813, 487.894132885425, 778.766689344363, 1035.0920325345];
    elevation.forEach((e, i) => {
      close(haurwitz(90 - e), expected[i] as number);
    });
  });
});

describe('simplifiedSolis', () => {
  it('matches the default and I0 vectors; below the horizon is 0', () => {
    closeSky(simplifiedSolis(80), [1064.653145, 959.335463, 129.125602]);
    closeSky(simplifiedSolis(80, 0.1, 1, 101325, 1370), [1069.33637, 963.555414, 129.693603]);
    closeSky(simplifiedSolis(-10), [0, 0, 0], 0, 1e-12);
  });

  it('matches the pressure cases', () => {
    const cases: [number, number[]][] = [
      [95000, [1067.96543669, 964.26930718, 127.22841797]],
      [98000, [1066.36847963, 961.88811874, 128.1402539]],
      [101000, [1064.81837558, 959.58112234, 129.0304193]],
    ];
    const out = { ghi: 0, dni: 0, dhi: 0 };
    for (const [p, expected] of cases) closeSky(simplifiedSolis(80, 0.1, 1, p, 1364, out), expected);
  });

  it('matches the aerosol and precipitable-water cases (both taud branches)', () => {
    const aod: [number, number[]][] = [
      [0, [1105.7229086, 1056.61710493, 64.41747323]],
      [0.05, [1085.74139063, 1007.50558875, 102.96233698]],
      [0.1, [1064.65314509, 959.3354628, 129.12560167]],
      [1, [638.63409683, 342.45810926, 77.71786575]],
      [10, [7.5413313, 55.24140911, 0]],
    ];
    for (const [a, expected] of aod) closeSky(simplifiedSolis(80, a), expected, 1e-7, 1e-8);

    const pw: [number, number[]][] = [
      [0, [1107.84678941, 1001.15353307, 128.58887606]],
      [0.1, [1107.84678941, 1001.15353307, 128.58887606]],
      [0.2, [1107.84678941, 1001.15353307, 128.58887606]],
      [0.5, [1089.62306672, 983.51027357, 129.08755996]],
      [1, [1064.65314509, 959.3354628, 129.12560167]],
      [5, [974.18046717, 872.02335029, 125.63581346]],
    ];
    for (const [w, expected] of pw) closeSky(simplifiedSolis(80, 0.1, w), expected);
  });

  it('matches the aerosol × water grid and the all-inputs case', () => {
    // meshgrid order: [water][aerosol].
    const aods = [0, 0.5];
    const pws = [0, 10];
    const ghi = [
      [1148.40081325, 913.42330823],
      [965.48550828, 760.04527609],
    ];
    const dni = [
      [1099.25706525, 656.24601381],
      [915.31689149, 530.31697378],
    ];
    const dhi = [
      [64.1063074, 254.6186615],
      [62.75642216, 232.21931597],
    ];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const out = simplifiedSolis(80, aods[j] as number, pws[i] as number);
        closeSky(out, [ghi[i]?.[j], dni[i]?.[j], dhi[i]?.[j]] as number[]);
      }
    }
    closeSky(simplifiedSolis(80, 0.1, 0.5, 98000, 1370), [1096.022736, 990.306854, 128.664594]);
    closeSky(simplifiedSolis(Number.NaN), [Number.NaN, Number.NaN, Number.NaN]);
  });
});
