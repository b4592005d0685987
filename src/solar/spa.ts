/**
 * NREL Solar Position Algorithm (SPA).
 *
 * I. Reda and A. Andreas, "Solar Position Algorithm for Solar Radiation Applications", NREL/TP-560-34302 (2003,
 * revised 2008); Solar Energy 76(5) 577-589 (2004) and its corrigendum, Solar Energy 81(6) 838 (2007).
 * The formulas are ported from the report as pvlib-python implements them (`pvlib/spa.py`, BSD-3-Clause); the
 * periodic-term tables are the report's, transcribed via pvlib. NREL's `spa.c` is not used.
 * Stated accuracy ±0.0003° in zenith and azimuth for the years -2000..6000.
 *
 * Conventions (model.ts): degrees, azimuth clockwise from north, times as UTC epoch milliseconds. `zenith` is
 * topocentric without refraction, `apparentZenith` with SPA's refraction correction (pvlib's two columns).
 */
import { invalid } from '../core/index.js';

const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;
const MS_PER_DAY = 86_400_000;
const JD_UNIX_EPOCH = 2440587.5;
const J2000 = 2451545;
const SUN_RADIUS_DEG = 0.26667;
const DEFAULT_PRESSURE_MBAR = 1013.25;
const DEFAULT_TEMPERATURE_C = 12;
const DEFAULT_ATMOS_REFRACT_DEG = 0.5667;

type Row3 = [number, number, number];
type Row9 = [number, number, number, number, number, number, number, number, number];

// Earth periodic terms (report table A4.2), one row [A, B, C] per line: each term is A·cos(B + C·JME).
const L0: Row3[] = [
  [175347046, 0, 0],
  [3341656, 4.6692568, 6283.07585],
  [34894, 4.6261, 12566.1517],
  [3497, 2.7441, 5753.3849],
  [3418, 2.8289, 3.5231],
  [3136, 3.6277, 77713.7715],
  [2676, 4.4181, 7860.4194],
  [2343, 6.1352, 3930.2097],
  [1324, 0.7425, 11506.7698],
  [1273, 2.0371, 529.691],
  [1199, 1.1096, 1577.3435],
  [990, 5.233, 5884.927],
  [902, 2.045, 26.298],
  [857, 3.508, 398.149],
  [780, 1.179, 5223.694],
  [753, 2.533, 5507.553],
  [505, 4.583, 18849.228],
  [492, 4.205, 775.523],
  [357, 2.92, 0.067],
  [317, 5.849, 11790.629],
  [284, 1.899, 796.298],
  [271, 0.315, 10977.079],
  [243, 0.345, 5486.778],
  [206, 4.806, 2544.314],
  [205, 1.869, 5573.143],
  [202, 2.458, 6069.777],
  [156, 0.833, 213.299],
  [132, 3.411, 2942.463],
  [126, 1.083, 20.775],
  [115, 0.645, 0.98],
  [103, 0.636, 4694.003],
  [102, 0.976, 15720.839],
  [102, 4.267, 7.114],
  [99, 6.21, 2146.17],
  [98, 0.68, 155.42],
  [86, 5.98, 161000.69],
  [85, 1.3, 6275.96],
  [85, 3.67, 71430.7],
  [80, 1.81, 17260.15],
  [79, 3.04, 12036.46],
  [75, 1.76, 5088.63],
  [74, 3.5, 3154.69],
  [74, 4.68, 801.82],
  [70, 0.83, 9437.76],
  [62, 3.98, 8827.39],
  [61, 1.82, 7084.9],
  [57, 2.78, 6286.6],
  [56, 4.39, 14143.5],
  [56, 3.47, 6279.55],
  [52, 0.19, 12139.55],
  [52, 1.33, 1748.02],
  [51, 0.28, 5856.48],
  [49, 0.49, 1194.45],
  [41, 5.37, 8429.24],
  [41, 2.4, 19651.05],
  [39, 6.17, 10447.39],
  [37, 6.04, 10213.29],
  [37, 2.57, 1059.38],
  [36, 1.71, 2352.87],
  [36, 1.78, 6812.77],
  [33, 0.59, 17789.85],
  [30, 0.44, 83996.85],
  [30, 2.74, 1349.87],
  [25, 3.16, 4690.48],
];
const L1: Row3[] = [
  [628331966747, 0, 0],
  [206059, 2.678235, 6283.07585],
  [4303, 2.6351, 12566.1517],
  [425, 1.59, 3.523],
  [119, 5.796, 26.298],
  [109, 2.966, 1577.344],
  [93, 2.59, 18849.23],
  [72, 1.14, 529.69],
  [68, 1.87, 398.15],
  [67, 4.41, 5507.55],
  [59, 2.89, 5223.69],
  [56, 2.17, 155.42],
  [45, 0.4, 796.3],
  [36, 0.47, 775.52],
  [29, 2.65, 7.11],
  [21, 5.34, 0.98],
  [19, 1.85, 5486.78],
  [19, 4.97, 213.3],
  [17, 2.99, 6275.96],
  [16, 0.03, 2544.31],
  [16, 1.43, 2146.17],
  [15, 1.21, 10977.08],
  [12, 2.83, 1748.02],
  [12, 3.26, 5088.63],
  [12, 5.27, 1194.45],
  [12, 2.08, 4694],
  [11, 0.77, 553.57],
  [10, 1.3, 6286.6],
  [10, 4.24, 1349.87],
  [9, 2.7, 242.73],
  [9, 5.64, 951.72],
  [8, 5.3, 2352.87],
  [6, 2.65, 9437.76],
  [6, 4.67, 4690.48],
];
const L2: Row3[] = [
  [52919, 0, 0],
  [8720, 1.0721, 6283.0758],
  [309, 0.867, 12566.152],
  [27, 0.05, 3.52],
  [16, 5.19, 26.3],
  [16, 3.68, 155.42],
  [10, 0.76, 18849.23],
  [9, 2.06, 77713.77],
  [7, 0.83, 775.52],
  [5, 4.66, 1577.34],
  [4, 1.03, 7.11],
  [4, 3.44, 5573.14],
  [3, 5.14, 796.3],
  [3, 6.05, 5507.55],
  [3, 1.19, 242.73],
  [3, 6.12, 529.69],
  [3, 0.31, 398.15],
  [3, 2.28, 553.57],
  [2, 4.38, 5223.69],
  [2, 3.75, 0.98],
];
const L3: Row3[] = [
  [289, 5.844, 6283.076],
  [35, 0, 0],
  [17, 5.49, 12566.15],
  [3, 5.2, 155.42],
  [1, 4.72, 3.52],
  [1, 5.3, 18849.23],
  [1, 5.97, 242.73],
];
const L4: Row3[] = [
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: 3.142 is the report's value, not π
  [114, 3.142, 0],
  [8, 4.13, 6283.08],
  [1, 3.84, 12566.15],
];
const L5: Row3[] = [[1, 3.14, 0]];
const B0: Row3[] = [
  [280, 3.199, 84334.662],
  [102, 5.422, 5507.553],
  [80, 3.88, 5223.69],
  [44, 3.7, 2352.87],
  [32, 4, 1577.34],
];
const B1: Row3[] = [
  [9, 3.9, 5507.55],
  [6, 1.73, 5223.69],
];
const R0: Row3[] = [
  [100013989, 0, 0],
  [1670700, 3.0984635, 6283.07585],
  [13956, 3.05525, 12566.1517],
  [3084, 5.1985, 77713.7715],
  [1628, 1.1739, 5753.3849],
  [1576, 2.8469, 7860.4194],
  [925, 5.453, 11506.77],
  [542, 4.564, 3930.21],
  [472, 3.661, 5884.927],
  [346, 0.964, 5507.553],
  [329, 5.9, 5223.694],
  [307, 0.299, 5573.143],
  [243, 4.273, 11790.629],
  [212, 5.847, 1577.344],
  [186, 5.022, 10977.079],
  [175, 3.012, 18849.228],
  [110, 5.055, 5486.778],
  [98, 0.89, 6069.78],
  [86, 5.69, 15720.84],
  [86, 1.27, 161000.69],
  [65, 0.27, 17260.15],
  [63, 0.92, 529.69],
  [57, 2.01, 83996.85],
  [56, 5.24, 71430.7],
  [49, 3.25, 2544.31],
  [47, 2.58, 775.52],
  [45, 5.54, 9437.76],
  [43, 6.01, 6275.96],
  [39, 5.36, 4694],
  [38, 2.39, 8827.39],
  [37, 0.83, 19651.05],
  [37, 4.9, 12139.55],
  [36, 1.67, 12036.46],
  [35, 1.84, 2942.46],
  [33, 0.24, 7084.9],
  [32, 0.18, 5088.63],
  [32, 1.78, 398.15],
  [28, 1.21, 6286.6],
  [28, 1.9, 6279.55],
  [26, 4.59, 10447.39],
];
const R1: Row3[] = [
  [103019, 1.10749, 6283.07585],
  [1721, 1.0644, 12566.1517],
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: 3.142 is the report's value, not π
  [702, 3.142, 0],
  [32, 1.02, 18849.23],
  [31, 2.84, 5507.55],
  [25, 1.32, 5223.69],
  [18, 1.42, 1577.34],
  [10, 5.91, 10977.08],
  [9, 1.42, 6275.96],
  [9, 0.27, 5486.78],
];
const R2: Row3[] = [
  [4359, 5.7846, 6283.0758],
  [124, 5.579, 12566.152],
  [12, 3.14, 0],
  [9, 3.63, 77713.77],
  [6, 1.87, 5573.14],
  [3, 5.47, 18849.23],
];
const R3: Row3[] = [
  [145, 4.273, 6283.076],
  [7, 3.92, 12566.15],
];
const R4: Row3[] = [[4, 2.56, 6283.08]];

/** The tables as the report numbers them, for tests that check the transcription. */
export const EARTH_PERIODIC_TERMS = { L0, L1, L2, L3, L4, L5, B0, B1, R0, R1, R2, R3, R4 } as const;

// Nutation (report table A4.3), one row per line: the multipliers of X0..X4, then a, b, c, d (0.0001″ units).
const NUTATION: Row9[] = [
  [0, 0, 0, 0, 1, -171996, -174.2, 92025, 8.9],
  [-2, 0, 0, 2, 2, -13187, -1.6, 5736, -3.1],
  [0, 0, 0, 2, 2, -2274, -0.2, 977, -0.5],
  [0, 0, 0, 0, 2, 2062, 0.2, -895, 0.5],
  [0, 1, 0, 0, 0, 1426, -3.4, 54, -0.1],
  [0, 0, 1, 0, 0, 712, 0.1, -7, 0],
  [-2, 1, 0, 2, 2, -517, 1.2, 224, -0.6],
  [0, 0, 0, 2, 1, -386, -0.4, 200, 0],
  [0, 0, 1, 2, 2, -301, 0, 129, -0.1],
  [-2, -1, 0, 2, 2, 217, -0.5, -95, 0.3],
  [-2, 0, 1, 0, 0, -158, 0, 0, 0],
  [-2, 0, 0, 2, 1, 129, 0.1, -70, 0],
  [0, 0, -1, 2, 2, 123, 0, -53, 0],
  [2, 0, 0, 0, 0, 63, 0, 0, 0],
  [0, 0, 1, 0, 1, 63, 0.1, -33, 0],
  [2, 0, -1, 2, 2, -59, 0, 26, 0],
  [0, 0, -1, 0, 1, -58, -0.1, 32, 0],
  [0, 0, 1, 2, 1, -51, 0, 27, 0],
  [-2, 0, 2, 0, 0, 48, 0, 0, 0],
  [0, 0, -2, 2, 1, 46, 0, -24, 0],
  [2, 0, 0, 2, 2, -38, 0, 16, 0],
  [0, 0, 2, 2, 2, -31, 0, 13, 0],
  [0, 0, 2, 0, 0, 29, 0, 0, 0],
  [-2, 0, 1, 2, 2, 29, 0, -12, 0],
  [0, 0, 0, 2, 0, 26, 0, 0, 0],
  [-2, 0, 0, 2, 0, -22, 0, 0, 0],
  [0, 0, -1, 2, 1, 21, 0, -10, 0],
  [0, 2, 0, 0, 0, 17, -0.1, 0, 0],
  [2, 0, -1, 0, 1, 16, 0, -8, 0],
  [-2, 2, 0, 2, 2, -16, 0.1, 7, 0],
  [0, 1, 0, 0, 1, -15, 0, 9, 0],
  [-2, 0, 1, 0, 1, -13, 0, 7, 0],
  [0, -1, 0, 0, 1, -12, 0, 6, 0],
  [0, 0, 2, -2, 0, 11, 0, 0, 0],
  [2, 0, -1, 2, 1, -10, 0, 5, 0],
  [2, 0, 1, 2, 2, -8, 0, 3, 0],
  [0, 1, 0, 2, 2, 7, 0, -3, 0],
  [-2, 1, 1, 0, 0, -7, 0, 0, 0],
  [0, -1, 0, 2, 2, -7, 0, 3, 0],
  [2, 0, 0, 2, 1, -7, 0, 3, 0],
  [2, 0, 1, 0, 0, 6, 0, 0, 0],
  [-2, 0, 2, 2, 2, 6, 0, -3, 0],
  [-2, 0, 1, 2, 1, 6, 0, -3, 0],
  [2, 0, -2, 0, 1, -6, 0, 3, 0],
  [2, 0, 0, 0, 1, -6, 0, 3, 0],
  [0, -1, 1, 0, 0, 5, 0, 0, 0],
  [-2, -1, 0, 2, 1, -5, 0, 3, 0],
  [-2, 0, 0, 0, 1, -5, 0, 3, 0],
  [0, 0, 2, 2, 1, -5, 0, 3, 0],
  [-2, 0, 2, 0, 1, 4, 0, 0, 0],
  [-2, 1, 0, 2, 1, 4, 0, 0, 0],
  [0, 0, 1, -2, 0, 4, 0, 0, 0],
  [-1, 0, 1, 0, 0, -4, 0, 0, 0],
  [-2, 1, 0, 0, 0, -4, 0, 0, 0],
  [1, 0, 0, 0, 0, -4, 0, 0, 0],
  [0, 0, 1, 2, 0, 3, 0, 0, 0],
  [0, 0, -2, 2, 2, -3, 0, 0, 0],
  [-1, -1, 1, 0, 0, -3, 0, 0, 0],
  [0, 1, 1, 0, 0, -3, 0, 0, 0],
  [0, -1, 1, 2, 2, -3, 0, 0, 0],
  [2, -1, -1, 2, 2, -3, 0, 0, 0],
  [0, 0, 3, 2, 2, -3, 0, 0, 0],
  [2, -1, 0, 2, 2, -3, 0, 0, 0],
];
/** The nutation table, 63 rows of [Y0..Y4, a, b, c, d], for tests that check the transcription. */
export const NUTATION_TERMS: readonly Row9[] = NUTATION;

const toF64 = (rows: number[][]): Float64Array => Float64Array.from(rows.flat());
const L_TABLES = [L0, L1, L2, L3, L4, L5].map(toF64);
const B_TABLES = [B0, B1].map(toF64);
const R_TABLES = [R0, R1, R2, R3, R4].map(toF64);
const NUT = toF64(NUTATION);

/** Σ A·cos(B + C·x) over one table. */
function periodicSum(t: Float64Array, x: number): number {
  let s = 0;
  for (let k = 0; k < t.length; k += 3) s += t[k] * Math.cos(t[k + 1] + t[k + 2] * x);
  return s;
}

/** (Σ_i table_i(jme) · jme^i) / 1e8: the report's step 3.2 for L, B and R (radians, or AU for R). */
function earthSeries(tables: Float64Array[], jme: number): number {
  let s = 0;
  let p = 1;
  for (const t of tables) {
    s += periodicSum(t, jme) * p;
    p *= jme;
  }
  return s / 1e8;
}

const mod = (x: number, m: number): number => {
  const r = x % m;
  return r < 0 ? r + m : r;
};

/** Julian day (UT) of an epoch-milliseconds instant. */
export function julianDay(timeMs: number): number {
  return timeMs / MS_PER_DAY + JD_UNIX_EPOCH;
}

/**
 * ΔT = TT − UT1 in seconds from the Espenak–Meeus polynomials (NASA eclipse site), as pvlib `calculate_deltat`;
 * `month` 1..12 picks the middle of the month.
 */
export function deltaT(year: number, month: number): number {
  const y = year + (month - 0.5) / 12;
  if (year < -500) return -20 + 32 * ((y - 1820) / 100) ** 2;
  if (year < 500) {
    const u = y / 100;
    return (
      10583.6 -
      1014.41 * u +
      33.78311 * u ** 2 -
      5.952053 * u ** 3 -
      0.1798452 * u ** 4 +
      0.022174192 * u ** 5 +
      0.0090316521 * u ** 6
    );
  }
  if (year < 1600) {
    const u = (y - 1000) / 100;
    return (
      1574.2 -
      556.01 * u +
      71.23472 * u ** 2 +
      0.319781 * u ** 3 -
      0.8503463 * u ** 4 -
      0.005050998 * u ** 5 +
      0.0083572073 * u ** 6
    );
  }
  if (year < 1700) {
    const t = y - 1600;
    return 120 - 0.9808 * t - 0.01532 * t ** 2 + t ** 3 / 7129;
  }
  if (year < 1800) {
    const t = y - 1700;
    return 8.83 + 0.1603 * t - 0.0059285 * t ** 2 + 0.00013336 * t ** 3 - t ** 4 / 1174000;
  }
  if (year < 1860) {
    const t = y - 1800;
    return (
      13.72 -
      0.332447 * t +
      0.0068612 * t ** 2 +
      0.0041116 * t ** 3 -
      0.00037436 * t ** 4 +
      0.0000121272 * t ** 5 -
      0.0000001699 * t ** 6 +
      0.000000000875 * t ** 7
    );
  }
  if (year < 1900) {
    const t = y - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  }
  if (year < 1920) {
    const t = y - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (year < 1941) {
    const t = y - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (year < 1961) {
    const t = y - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (year < 1986) {
    const t = y - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (year < 2005) {
    const t = y - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (year < 2050) {
    const t = y - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  if (year < 2150) return -20 + 32 * ((y - 1820) / 100) ** 2 - 0.5628 * (2150 - y);
  return -20 + 32 * ((y - 1820) / 100) ** 2;
}

/** UTC year and month (1..12) of an instant without a Date object (civil-from-days, H. Hinnant). */
function utcYearMonth(timeMs: number): [number, number] {
  const z = Math.floor(timeMs / MS_PER_DAY) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month];
}

/** ΔT for an instant from its UTC year and month (pvlib's default when no ΔT is given). */
export function deltaTAt(timeMs: number): number {
  const [y, m] = utcYearMonth(timeMs);
  return deltaT(y, m);
}

// Scratch for the time-only part: filled by sunAt, read right after; no allocation per step.
const S_JC = 0;
const S_JDE = 1;
const S_JCE = 2;
const S_JME = 3;
const S_L = 4;
const S_B = 5;
const S_R = 6;
const S_THETA = 7;
const S_BETA = 8;
const S_X0 = 9;
const S_DPSI = 14;
const S_DEPS = 15;
const S_EPS0 = 16;
const S_EPS = 17;
const S_DTAU = 18;
const S_LAMBDA = 19;
const S_NU0 = 20;
const S_NU = 21;
const S_ALPHA = 22;
const S_DELTA = 23;
const S_EOT = 24;
const S_XI = 25;
const sun = new Float64Array(26);

/** Steps 3.1–3.10 and A.1 (equation of time) of the report: everything that depends only on the instant. */
function sunAt(jd: number, jde: number): void {
  const jc = (jd - J2000) / 36525;
  const jce = (jde - J2000) / 36525;
  const jme = jce / 10;
  sun[S_JC] = jc;
  sun[S_JDE] = jde;
  sun[S_JCE] = jce;
  sun[S_JME] = jme;

  const L = mod(earthSeries(L_TABLES, jme) * DEG, 360);
  const B = earthSeries(B_TABLES, jme) * DEG;
  const R = earthSeries(R_TABLES, jme);
  const theta = mod(L + 180, 360);
  const beta = -B;
  sun[S_L] = L;
  sun[S_B] = B;
  sun[S_R] = R;
  sun[S_THETA] = theta;
  sun[S_BETA] = beta;

  const jce2 = jce * jce;
  const jce3 = jce2 * jce;
  const x0 = 297.85036 + 445267.11148 * jce - 0.0019142 * jce2 + jce3 / 189474;
  const x1 = 357.52772 + 35999.05034 * jce - 0.0001603 * jce2 - jce3 / 300000;
  const x2 = 134.96298 + 477198.867398 * jce + 0.0086972 * jce2 + jce3 / 56250;
  const x3 = 93.27191 + 483202.017538 * jce - 0.0036825 * jce2 + jce3 / 327270;
  const x4 = 125.04452 - 1934.136261 * jce + 0.0020708 * jce2 + jce3 / 450000;
  sun[S_X0] = x0;
  sun[S_X0 + 1] = x1;
  sun[S_X0 + 2] = x2;
  sun[S_X0 + 3] = x3;
  sun[S_X0 + 4] = x4;
  let psi = 0;
  let eps = 0;
  for (let k = 0; k < NUT.length; k += 9) {
    const arg = (NUT[k] * x0 + NUT[k + 1] * x1 + NUT[k + 2] * x2 + NUT[k + 3] * x3 + NUT[k + 4] * x4) * RAD;
    psi += (NUT[k + 5] + NUT[k + 6] * jce) * Math.sin(arg);
    eps += (NUT[k + 7] + NUT[k + 8] * jce) * Math.cos(arg);
  }
  const dpsi = psi / 36000000;
  const deps = eps / 36000000;
  sun[S_DPSI] = dpsi;
  sun[S_DEPS] = deps;

  const u = jme / 10;
  const eps0 =
    84381.448 +
    u *
      (-4680.93 +
        u *
          (-1.55 +
            u * (1999.25 + u * (-51.38 + u * (-249.67 + u * (-39.05 + u * (7.12 + u * (27.87 + u * (5.79 + u * 2.45)))))))));
  const epsilon = eps0 / 3600 + deps;
  sun[S_EPS0] = eps0;
  sun[S_EPS] = epsilon;

  const dtau = -20.4898 / (3600 * R);
  const lambda = theta + dpsi + dtau;
  sun[S_DTAU] = dtau;
  sun[S_LAMBDA] = lambda;

  const nu0 = mod(280.46061837 + 360.98564736629 * (jd - J2000) + 0.000387933 * jc * jc - (jc * jc * jc) / 38710000, 360);
  const cosEps = Math.cos(epsilon * RAD);
  const sinEps = Math.sin(epsilon * RAD);
  const nu = nu0 + dpsi * cosEps;
  sun[S_NU0] = nu0;
  sun[S_NU] = nu;

  const lr = lambda * RAD;
  const br = beta * RAD;
  const alpha = mod(Math.atan2(Math.sin(lr) * cosEps - Math.tan(br) * sinEps, Math.cos(lr)) * DEG, 360);
  const delta = Math.asin(Math.sin(br) * cosEps + Math.cos(br) * sinEps * Math.sin(lr)) * DEG;
  sun[S_ALPHA] = alpha;
  sun[S_DELTA] = delta;

  // Equation of time (report A.1): the Sun's mean longitude M against the apparent right ascension.
  const m =
    280.4664567 + jme * (360007.6982779 + jme * (0.03032028 + jme * (1 / 49931 + jme * (-1 / 15300 + jme * (-1 / 2000000)))));
  let e = mod(m - 0.0057183 - alpha + dpsi * cosEps, 360) * 4;
  if (e > 20) e -= 1440;
  else if (e < -20) e += 1440;
  sun[S_EOT] = e;
  sun[S_XI] = 8.794 / (3600 * R);
}

/** Everything of SPA that depends only on the instant, one entry per timestamp (see `sunTimeTerms`). */
export interface SunTimeTerms {
  count: number;
  /** ΔT used for each step, seconds. */
  deltaTS: Float64Array;
  /** Earth–Sun distance R, AU. */
  radiusAu: Float64Array;
  /** Geocentric apparent right ascension α and declination δ, degrees. */
  rightAscensionDeg: Float64Array;
  declinationDeg: Float64Array;
  /** Greenwich apparent sidereal time ν, degrees. */
  siderealDeg: Float64Array;
  equationOfTimeMin: Float64Array;
  /** sin and cos of ν − α (the hour angle at longitude 0), sin/cos δ and sin ξ (equatorial horizontal parallax). */
  sinH0: Float64Array;
  cosH0: Float64Array;
  sinDec: Float64Array;
  cosDec: Float64Array;
  sinXi: Float64Array;
}

/**
 * The time-only part of SPA for every timestamp (once per series, shared by every location). `deltaTS` defaults
 * to `deltaT(year, month)` of each step's UTC date.
 */
export function sunTimeTerms(timesMs: Float64Array, deltaTS?: number): SunTimeTerms {
  const n = timesMs.length;
  if (deltaTS !== undefined && !Number.isFinite(deltaTS)) {
    throw invalid('deltaTS must be a finite number of seconds', [{ field: 'deltaTS', message: 'finite seconds' }]);
  }
  const terms: SunTimeTerms = {
    count: n,
    deltaTS: new Float64Array(n),
    radiusAu: new Float64Array(n),
    rightAscensionDeg: new Float64Array(n),
    declinationDeg: new Float64Array(n),
    siderealDeg: new Float64Array(n),
    equationOfTimeMin: new Float64Array(n),
    sinH0: new Float64Array(n),
    cosH0: new Float64Array(n),
    sinDec: new Float64Array(n),
    cosDec: new Float64Array(n),
    sinXi: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const t = timesMs[i];
    if (!Number.isFinite(t)) {
      throw invalid(`time at step ${i} is not a finite instant`, [{ field: `timesMs/${i}`, message: 'finite epoch ms' }]);
    }
    const dt = deltaTS ?? deltaTAt(t);
    const jd = julianDay(t);
    sunAt(jd, jd + dt / 86400);
    const h0 = (sun[S_NU] - sun[S_ALPHA]) * RAD;
    const dec = sun[S_DELTA] * RAD;
    terms.deltaTS[i] = dt;
    terms.radiusAu[i] = sun[S_R];
    terms.rightAscensionDeg[i] = sun[S_ALPHA];
    terms.declinationDeg[i] = sun[S_DELTA];
    terms.siderealDeg[i] = sun[S_NU];
    terms.equationOfTimeMin[i] = sun[S_EOT];
    terms.sinH0[i] = Math.sin(h0);
    terms.cosH0[i] = Math.cos(h0);
    terms.sinDec[i] = Math.sin(dec);
    terms.cosDec[i] = Math.cos(dec);
    terms.sinXi[i] = Math.sin(sun[S_XI] * RAD);
  }
  return terms;
}

/** Options of the location-dependent part; pressure and temperature may vary per step. */
export interface SpaLocationOptions {
  elevationM?: number;
  pressureMbar?: number | Float64Array;
  temperatureC?: number | Float64Array;
  atmosRefractDeg?: number;
}

export interface SolarPositionArrays {
  zenith: Float64Array;
  apparentZenith: Float64Array;
  azimuth: Float64Array;
}

function checkLatLon(latDeg: number, lonDeg: number): void {
  if (!Number.isFinite(latDeg) || latDeg < -90 || latDeg > 90) {
    throw invalid(`latitude ${latDeg} is outside -90..90`, [{ field: 'latDeg', message: 'degrees from -90 to 90' }]);
  }
  if (!Number.isFinite(lonDeg) || lonDeg < -180 || lonDeg > 180) {
    throw invalid(`longitude ${lonDeg} is outside -180..180`, [{ field: 'lonDeg', message: 'degrees from -180 to 180' }]);
  }
}

function checkFinite(value: number | undefined, field: string): void {
  if (value !== undefined && !Number.isFinite(value)) {
    throw invalid(`${field} must be a finite number`, [{ field, message: 'finite number' }]);
  }
}

function checkSteps(a: Float64Array | null, n: number, field: string): void {
  if (a && a.length < n) throw invalid(`${field} has ${a.length} values for ${n} steps`, [{ field, message: `${n} values` }]);
}

/** Ellipsoid terms x, y of the report's step 3.12 (observer's geocentric position). */
function observerXY(latDeg: number, elevationM: number): [number, number] {
  const lat = latDeg * RAD;
  const u = Math.atan(0.99664719 * Math.tan(lat));
  const h = elevationM / 6378140;
  return [Math.cos(u) + h * Math.cos(lat), 0.99664719 * Math.sin(u) + h * Math.sin(lat)];
}

/** SPA's refraction factor (P/1010)·(283/(273+T))·1.02/60, degrees·tan. */
const refractionFactor = (pressureMbar: number, temperatureC: number): number =>
  ((pressureMbar / 1010) * (283 / (273 + temperatureC)) * 1.02) / 60;

/** SPA's atmospheric refraction for a true (topocentric) elevation, degrees; 0 with the sun below the horizon limit. */
export function refractionDeg(
  elevationDeg: number,
  pressureMbar: number,
  temperatureC: number,
  atmosRefractDeg = DEFAULT_ATMOS_REFRACT_DEG,
): number {
  if (elevationDeg < -(SUN_RADIUS_DEG + atmosRefractDeg)) return 0;
  return refractionFactor(pressureMbar, temperatureC) / Math.tan((elevationDeg + 10.3 / (elevationDeg + 5.11)) * RAD);
}

/**
 * The location-dependent rest of SPA (steps 3.11–3.15: hour angle, parallax, topocentric elevation, refraction,
 * azimuth) for every step of `terms`, into `out` (allocated when absent). `solarPosition` runs through this same
 * code, so the two agree bit for bit. The loop allocates nothing and costs one sqrt, asin, atan2 and (by day) tan
 * per step: sin/cos of the hour angle come from angle sums and the parallax is folded in algebraically (the
 * report's formulas rearranged; they differ from the step-by-step `spaDetail` by rounding, ~1e-12°).
 */
export function solarPositionsAt(
  terms: SunTimeTerms,
  latDeg: number,
  lonDeg: number,
  opts: SpaLocationOptions = {},
  out?: SolarPositionArrays,
): SolarPositionArrays {
  checkLatLon(latDeg, lonDeg);
  const n = terms.count;
  const elevationM = opts.elevationM ?? 0;
  checkFinite(elevationM, 'elevationM');
  const atmosRefract = opts.atmosRefractDeg ?? DEFAULT_ATMOS_REFRACT_DEG;
  checkFinite(atmosRefract, 'atmosRefractDeg');
  const p = opts.pressureMbar ?? DEFAULT_PRESSURE_MBAR;
  const tc = opts.temperatureC ?? DEFAULT_TEMPERATURE_C;
  const pArr = typeof p === 'number' ? null : p;
  const tArr = typeof tc === 'number' ? null : tc;
  const pScalar = typeof p === 'number' ? p : 0;
  const tScalar = typeof tc === 'number' ? tc : 0;
  checkSteps(pArr, n, 'pressureMbar');
  checkSteps(tArr, n, 'temperatureC');
  if (!pArr) checkFinite(pScalar, 'pressureMbar');
  if (!tArr) checkFinite(tScalar, 'temperatureC');
  const perStep = pArr !== null || tArr !== null;
  const kConst = refractionFactor(pScalar, tScalar);
  const res = out ?? { zenith: new Float64Array(n), apparentZenith: new Float64Array(n), azimuth: new Float64Array(n) };
  checkSteps(res.zenith, n, 'out.zenith');
  checkSteps(res.apparentZenith, n, 'out.apparentZenith');
  checkSteps(res.azimuth, n, 'out.azimuth');

  const lat = latDeg * RAD;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const sinLon = Math.sin(lonDeg * RAD);
  const cosLon = Math.cos(lonDeg * RAD);
  const [x, y] = observerXY(latDeg, elevationM);
  const horizon = -(SUN_RADIUS_DEG + atmosRefract);
  const { sinH0, cosH0, sinDec, cosDec, sinXi } = terms;
  const { zenith, apparentZenith, azimuth } = res;

  for (let i = 0; i < n; i++) {
    // Observer hour angle H = ν + λ − α.
    const sH = sinH0[i] * cosLon + cosH0[i] * sinLon;
    const cH = cosH0[i] * cosLon - sinH0[i] * sinLon;
    // Parallax: Δα = atan2(num, den) with den > 0.9, tanδ' = q·cosΔα/den and H' = H − Δα. sHp, cHp are
    // sin H', cos H' times hypot(num, den) > 0; substituting them, sin e0 and tanΓ need no angle at all.
    const xs = x * sinXi[i];
    const num = -xs * sH;
    const den = cosDec[i] - xs * cH;
    const q = sinDec[i] - y * sinXi[i];
    const sHp = sH * den - cH * num;
    const cHp = cH * den + sH * num;
    let s = (q * sinLat + cHp * cosLat) / Math.sqrt(q * q + num * num + den * den);
    if (s > 1) s = 1;
    else if (s < -1) s = -1;
    const e0 = Math.asin(s) * DEG;
    let de = 0;
    if (e0 >= horizon) {
      const k = perStep ? refractionFactor(pArr ? pArr[i] : pScalar, tArr ? tArr[i] : tScalar) : kConst;
      de = k / Math.tan((e0 + 10.3 / (e0 + 5.11)) * RAD);
    }
    const gamma = Math.atan2(sHp, cHp * sinLat - q * cosLat) * DEG;
    let az = gamma + 180;
    if (az >= 360) az -= 360;
    zenith[i] = 90 - e0;
    apparentZenith[i] = 90 - (e0 + de);
    azimuth[i] = az;
  }
  return res;
}

/** Options of `solarPosition`. */
export interface SpaOptions {
  elevationM?: number;
  /** Annual mean local pressure, mbar (default 1013.25). */
  pressureMbar?: number;
  /** Annual mean local temperature, °C (default 12). */
  temperatureC?: number;
  /** TT − UT1, seconds (default `deltaT(year, month)`). */
  deltaTS?: number;
  /** Refraction at sunrise and sunset, degrees (default 0.5667). */
  atmosRefractDeg?: number;
}

export interface SolarPosition {
  /** Topocentric zenith without refraction, degrees. */
  zenith: number;
  /** Topocentric zenith with SPA's refraction correction, degrees. */
  apparentZenith: number;
  /** Topocentric azimuth, clockwise from north, degrees. */
  azimuth: number;
  elevation: number;
  apparentElevation: number;
  equationOfTimeMin: number;
  /** Geocentric apparent declination δ, degrees. */
  declinationDeg: number;
}

function checkTime(timeMs: number, field = 'timeMs'): void {
  if (!Number.isFinite(timeMs)) throw invalid(`${field} must be a finite instant`, [{ field, message: 'finite epoch ms' }]);
}

/** The Sun's position seen from one place at one instant (SPA, topocentric). */
export function solarPosition(timeMs: number, latDeg: number, lonDeg: number, opts: SpaOptions = {}): SolarPosition {
  checkTime(timeMs);
  checkLatLon(latDeg, lonDeg);
  checkFinite(opts.pressureMbar, 'pressureMbar');
  checkFinite(opts.temperatureC, 'temperatureC');
  const terms = sunTimeTerms(Float64Array.of(timeMs), opts.deltaTS);
  const r = solarPositionsAt(terms, latDeg, lonDeg, opts);
  return {
    zenith: r.zenith[0],
    apparentZenith: r.apparentZenith[0],
    azimuth: r.azimuth[0],
    elevation: 90 - r.zenith[0],
    apparentElevation: 90 - r.apparentZenith[0],
    equationOfTimeMin: terms.equationOfTimeMin[0],
    declinationDeg: terms.declinationDeg[0],
  };
}

/** Every intermediate quantity of the report's worked example, named as in the report (degrees unless noted). */
export interface SpaDetail {
  jd: number;
  jc: number;
  jde: number;
  jce: number;
  jme: number;
  /** Heliocentric longitude and latitude, degrees; R in AU. */
  L: number;
  B: number;
  R: number;
  theta: number;
  beta: number;
  /** X0..X4 of the nutation (mean elongation of the Moon, anomalies, argument of latitude, node), degrees. */
  x: [number, number, number, number, number];
  deltaPsi: number;
  deltaEpsilon: number;
  /** Mean obliquity ε0 in arc seconds; true obliquity ε in degrees. */
  epsilon0: number;
  epsilon: number;
  deltaTau: number;
  lambda: number;
  nu0: number;
  nu: number;
  alpha: number;
  delta: number;
  /** Observer local hour angle H, 0..360. */
  H: number;
  xi: number;
  deltaAlpha: number;
  alphaPrime: number;
  deltaPrime: number;
  HPrime: number;
  e0: number;
  deltaE: number;
  e: number;
  zenith: number;
  apparentZenith: number;
  /** Astronomers' azimuth Γ (westward from south) and azimuth Φ (from north). */
  Gamma: number;
  Phi: number;
  equationOfTimeMin: number;
}

/**
 * SPA step by step exactly as the report writes it (no trigonometric shortcuts): for tests against the report's
 * intermediate values and as an independent check of `solarPositionsAt`.
 */
export function spaDetail(timeMs: number, latDeg: number, lonDeg: number, opts: SpaOptions = {}): SpaDetail {
  checkTime(timeMs);
  checkLatLon(latDeg, lonDeg);
  const jd = julianDay(timeMs);
  const dt = opts.deltaTS ?? deltaTAt(timeMs);
  sunAt(jd, jd + dt / 86400);
  const elevationM = opts.elevationM ?? 0;
  const pressure = opts.pressureMbar ?? DEFAULT_PRESSURE_MBAR;
  const temp = opts.temperatureC ?? DEFAULT_TEMPERATURE_C;
  const atmosRefract = opts.atmosRefractDeg ?? DEFAULT_ATMOS_REFRACT_DEG;
  const alpha = sun[S_ALPHA];
  const delta = sun[S_DELTA];
  const xi = sun[S_XI];
  const H = mod(sun[S_NU] + lonDeg - alpha, 360);
  const [x, y] = observerXY(latDeg, elevationM);
  const Hr = H * RAD;
  const dr = delta * RAD;
  const sxi = Math.sin(xi * RAD);
  const deltaAlpha = Math.atan2(-x * sxi * Math.sin(Hr), Math.cos(dr) - x * sxi * Math.cos(Hr)) * DEG;
  const deltaPrime =
    Math.atan2((Math.sin(dr) - y * sxi) * Math.cos(deltaAlpha * RAD), Math.cos(dr) - x * sxi * Math.cos(Hr)) * DEG;
  const HPrime = H - deltaAlpha;
  const lat = latDeg * RAD;
  const dpr = deltaPrime * RAD;
  const hpr = HPrime * RAD;
  const e0 = Math.asin(Math.sin(lat) * Math.sin(dpr) + Math.cos(lat) * Math.cos(dpr) * Math.cos(hpr)) * DEG;
  const deltaE = refractionDeg(e0, pressure, temp, atmosRefract);
  const e = e0 + deltaE;
  const Gamma = mod(Math.atan2(Math.sin(hpr), Math.cos(hpr) * Math.sin(lat) - Math.tan(dpr) * Math.cos(lat)) * DEG, 360);
  return {
    jd,
    jc: sun[S_JC],
    jde: sun[S_JDE],
    jce: sun[S_JCE],
    jme: sun[S_JME],
    L: sun[S_L],
    B: sun[S_B],
    R: sun[S_R],
    theta: sun[S_THETA],
    beta: sun[S_BETA],
    x: [sun[S_X0], sun[S_X0 + 1], sun[S_X0 + 2], sun[S_X0 + 3], sun[S_X0 + 4]],
    deltaPsi: sun[S_DPSI],
    deltaEpsilon: sun[S_DEPS],
    epsilon0: sun[S_EPS0],
    epsilon: sun[S_EPS],
    deltaTau: sun[S_DTAU],
    lambda: sun[S_LAMBDA],
    nu0: sun[S_NU0],
    nu: sun[S_NU],
    alpha,
    delta,
    H,
    xi,
    deltaAlpha,
    alphaPrime: alpha + deltaAlpha,
    deltaPrime,
    HPrime,
    e0,
    deltaE,
    e,
    zenith: 90 - e0,
    apparentZenith: 90 - e,
    Gamma,
    Phi: mod(Gamma + 180, 360),
    equationOfTimeMin: sun[S_EOT],
  };
}

/**
 * SPA incidence angle on a surface (report step 3.16), degrees: `slopeDeg` from horizontal, `azimuthRotationDeg`
 * from SOUTH, positive westward (SPA's convention, not pvlib's); `azimuth` clockwise from north.
 */
export function spaIncidence(zenith: number, azimuth: number, slopeDeg: number, azimuthRotationDeg: number): number {
  const z = zenith * RAD;
  const s = slopeDeg * RAD;
  const gamma = azimuth - 180;
  return Math.acos(Math.cos(z) * Math.cos(s) + Math.sin(s) * Math.sin(z) * Math.cos((gamma - azimuthRotationDeg) * RAD)) * DEG;
}

/** Earth–Sun distance, AU (SPA's heliocentric radius vector R). */
export function earthSunDistanceAu(timeMs: number, deltaTS?: number): number {
  checkTime(timeMs);
  const jd = julianDay(timeMs);
  return earthSeries(R_TABLES, (jd + (deltaTS ?? deltaTAt(timeMs)) / 86400 - J2000) / 36525 / 10);
}

/**
 * Hour angle from the equation of time (pvlib `solarposition.hour_angle`): 15°/h from local solar noon, with the
 * hours counted from the local midnight of `utcOffsetMin`, degrees (not wrapped).
 */
export function hourAngleDeg(timeMs: number, lonDeg: number, equationOfTimeMin: number, utcOffsetMin: number): number {
  const offMs = utcOffsetMin * 60_000;
  const local = timeMs + offMs;
  const hoursSinceLocalMidnight = (local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY) / 3_600_000;
  return (hoursSinceLocalMidnight - utcOffsetMin / 60 - 12) * 15 + lonDeg + equationOfTimeMin / 4;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** α and δ at 0h TT of the UT days −1, 0, +1 around jd0 (the report's A.2 step 2, with ΔT = 0 as SPA does). */
const rts = new Float64Array(6);
function rtsAlphaDelta(jd0: number): void {
  for (let k = 0; k < 3; k++) {
    const jd = jd0 + k - 1;
    sunAt(jd, jd);
    rts[k] = sun[S_ALPHA];
    rts[3 + k] = sun[S_DELTA];
  }
}

/** Interpolates α or δ to the fraction n of the day (report A.2 step 10) from rts[off..off+2]. */
function interpolate(off: number, n: number): number {
  let a = rts[off + 1] - rts[off];
  let b = rts[off + 2] - rts[off + 1];
  // Right ascension wraps at 360°: the report keeps the fraction (as spa.c and pvlib do).
  if (Math.abs(a) > 2) a = mod(a, 1);
  if (Math.abs(b) > 2) b = mod(b, 1);
  return rts[off + 1] + (n * (a + b + (b - a) * n)) / 2;
}

/** Sunrise, transit, sunset of the UT day starting at utDayMs (report appendix A.2), UTC ms. */
function riseSetTransitUtDay(
  utDayMs: number,
  latDeg: number,
  lonDeg: number,
  dt: number,
  h0Prime: number,
): [number, number, number] {
  const jd0 = julianDay(utDayMs);
  sunAt(jd0, jd0 + dt / 86400);
  const nu = sun[S_NU];
  rtsAlphaDelta(jd0);
  const lat = latDeg * RAD;
  const m0 = mod((rts[1] - lonDeg - nu) / 360, 1);
  const d0 = rts[4] * RAD;
  const cosArg = (Math.sin(h0Prime * RAD) - Math.sin(lat) * Math.sin(d0)) / (Math.cos(lat) * Math.cos(d0));
  const H0 = Math.abs(cosArg) <= 1 ? Math.acos(cosArg) * DEG : Number.NaN;
  const event = (m: number): [number, number, number] => {
    const n = m + dt / 86400;
    const nuM = nu + 360.985647 * m;
    const aP = interpolate(0, n);
    const dP = interpolate(3, n);
    let hP = mod(nuM + lonDeg - aP, 360);
    if (hP >= 180) hP -= 360;
    const dr = dP * RAD;
    const h = Math.asin(Math.sin(lat) * Math.sin(dr) + Math.cos(lat) * Math.cos(dr) * Math.cos(hP * RAD)) * DEG;
    return [hP, h, dr];
  };
  const [hT] = event(m0);
  const transit = utDayMs + (m0 - hT / 360) * MS_PER_DAY;
  if (Number.isNaN(H0)) return [Number.NaN, transit, Number.NaN];
  const rise = m0 - H0 / 360;
  const set = m0 + H0 / 360;
  const m1 = mod(rise, 1);
  const m2 = mod(set, 1);
  const [hP1, h1, d1] = event(m1);
  const [hP2, h2, d2] = event(m2);
  const cosLat = Math.cos(lat);
  const r = m1 + (h1 - h0Prime) / (360 * Math.cos(d1) * cosLat * Math.sin(hP1 * RAD));
  const s = m2 + (h2 - h0Prime) / (360 * Math.cos(d2) * cosLat * Math.sin(hP2 * RAD));
  // Keep the events in order around the transit when they fall on the previous or next UT day.
  const sunrise = utDayMs + (r - (rise < 0 ? 1 : 0)) * MS_PER_DAY;
  const sunset = utDayMs + (s + (set >= 1 ? 1 : 0)) * MS_PER_DAY;
  return [sunrise, transit, sunset];
}

/**
 * Sunrise, transit and sunset (report appendix A.2: the Sun's upper limb at −0.8333°, i.e. its radius plus
 * 0.5667° refraction, moved by any other `atmosRefractDeg`; elevation, pressure and temperature play no part) of the
 * local date `localDay` at the UTC offset `utcOffsetMin`, as UTC ms. As SPA does, the events are computed for the
 * UT day starting at 0h UT of that date; an event that then falls outside the local day is taken from the adjacent
 * UT day instead. Sunrise and sunset are NaN when the Sun neither rises nor sets (polar day or night).
 */
export function sunriseSunsetTransit(
  localDay: string,
  utcOffsetMin: number,
  latDeg: number,
  lonDeg: number,
  opts: SpaOptions = {},
): { sunriseMs: number; transitMs: number; sunsetMs: number } {
  const m = DAY_RE.exec(localDay);
  const utDay = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(utDay) || new Date(utDay).toISOString().slice(0, 10) !== localDay) {
    throw invalid(`localDay ${localDay} is not a date (YYYY-MM-DD)`, [{ field: 'localDay', message: 'a date, YYYY-MM-DD' }]);
  }
  if (!Number.isFinite(utcOffsetMin) || Math.abs(utcOffsetMin) > 18 * 60) {
    throw invalid('utcOffsetMin must be within ±18 h', [{ field: 'utcOffsetMin', message: 'minutes, -1080..1080' }]);
  }
  checkLatLon(latDeg, lonDeg);
  checkFinite(opts.deltaTS, 'deltaTS');
  const dt = opts.deltaTS ?? deltaT(Number(m[1]), Number(m[2]));
  // The report's (and pvlib's) −0.8333° at the default refraction; spa.c's −(0.26667 + refraction) differs by
  // 7e-5° (0.02 s), enough to flip pvlib's reference values rounded to the second.
  const h0Prime = -0.8333 - ((opts.atmosRefractDeg ?? DEFAULT_ATMOS_REFRACT_DEG) - DEFAULT_ATMOS_REFRACT_DEG);
  const start = utDay - utcOffsetMin * 60_000;
  const end = start + MS_PER_DAY;
  const base = riseSetTransitUtDay(utDay, latDeg, lonDeg, dt, h0Prime);
  let prev: [number, number, number] | undefined;
  let next: [number, number, number] | undefined;
  const pick = (k: number): number => {
    const t = base[k];
    if (!(t < start) && !(t >= end)) return t;
    if (t < start) {
      next ??= riseSetTransitUtDay(utDay + MS_PER_DAY, latDeg, lonDeg, dt, h0Prime);
      return next[k] >= start && next[k] < end ? next[k] : t;
    }
    prev ??= riseSetTransitUtDay(utDay - MS_PER_DAY, latDeg, lonDeg, dt, h0Prime);
    return prev[k] >= start && prev[k] < end ? prev[k] : t;
  };
  return { sunriseMs: pick(0), transitMs: pick(1), sunsetMs: pick(2) };
}
