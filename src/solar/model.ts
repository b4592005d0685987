/**
 * Solar parks: types shared by the PV model chain (pure engines), monitoring and storage.
 *
 * Conventions (pvlib's, so its test values apply unchanged): angles in degrees; azimuth clockwise from north
 * (180 = south); zenith from the vertical; irradiance in W/m2; energy in kWh; power in kW; times are UTC
 * epoch milliseconds inside, ISO 8601 with offset at the edges.
 */

/** How a rooftop array is mounted; picks the cell-temperature parameters (SAPM, see temperature.ts). */
export const MOUNTINGS = ['open_rack', 'close_mount', 'insulated_back'] as const;
export type Mounting = (typeof MOUNTINGS)[number];

/** PVWatts v5 module types: temperature coefficient and cover glass. */
export const MODULE_TYPES = ['standard', 'premium', 'thin_film'] as const;
export type ModuleType = (typeof MODULE_TYPES)[number];

/**
 * Which instant a reading's timestamp names: the start (`left`), the end (`right`) or the middle
 * (`center`) of its interval. TMY3 is right-labelled, EPW left, SAM/PVsyst centre.
 */
export const INTERVAL_LABELS = ['left', 'right', 'center'] as const;
export type IntervalLabel = (typeof INTERVAL_LABELS)[number];

/** Where a park is: enough for the sun and the clear sky. */
export interface PvLocation {
  latDeg: number;
  lonDeg: number;
  elevationM: number;
  /** Linke turbidity per month (January first), 12 values; rural eastern China is about 3 to 5. */
  linkeTurbidity: readonly number[];
}

/** One PV system (an array with its inverters) on a park's roofs. */
export interface PvSystemSpec {
  /** DC nameplate at STC, kWp. */
  dcKwp: number;
  tiltDeg: number;
  /** Clockwise from north; 180 faces south. */
  azimuthDeg: number;
  mounting: Mounting;
  moduleType: ModuleType;
  /** Inverter AC rating, kW (DC/AC ratio = dcKwp / inverterAcKw; PVWatts default 1.1). */
  inverterAcKw: number;
  /** PVWatts system losses, percent (default 14.08: soiling, shading, mismatch, wiring, ... ). */
  lossesPct: number;
  /** Ground reflectance (PVWatts 0.2; concrete 0.3). */
  albedo: number;
  /** Nominal inverter efficiency (PVWatts default 0.96). */
  inverterEfficiency?: number;
}

/** Weather for each step of a series; any series may be absent (then the clear sky is used). */
export interface WeatherSeries {
  /** Global horizontal, direct normal, diffuse horizontal irradiance, W/m2. */
  ghiWm2?: Float64Array;
  dniWm2?: Float64Array;
  dhiWm2?: Float64Array;
  /** Measured plane-of-array irradiance, W/m2 (a sensor in the array plane). */
  poaWm2?: Float64Array;
  airTempC?: Float64Array;
  windMs?: Float64Array;
}

/** A regular series of intervals: the step i covers [startMs + i * stepMs, startMs + (i + 1) * stepMs). */
export interface IntervalSeries {
  startMs: number;
  stepMs: number;
  count: number;
}

/**
 * What the model chain gives for each interval of a series. Irradiance and power are means over the whole
 * interval (dark minutes of a sunrise or sunset hour count as zero); the cell temperature is that of the sunlit
 * part (the air temperature at night).
 */
export interface ChainResult {
  /** Plane-of-array irradiance, W/m2. */
  poaWm2: Float64Array;
  cellTempC: Float64Array;
  dcKw: Float64Array;
  acKw: Float64Array;
  /** AC energy of the interval, kWh (= acKw x step hours). */
  acKwh: Float64Array;
  /** Plane-of-array insolation of the interval, kWh/m2 (= poaWm2 x step hours / 1000). */
  poaKwhM2: Float64Array;
}
