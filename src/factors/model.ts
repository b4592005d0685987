/** Life-cycle boundary of an emission factor (ISO 14083): tank-to-wheel, well-to-tank, well-to-wheel. */
export type Boundary = 'TTW' | 'WTT' | 'WTW';

export type FactorCategory = 'freight' | 'fuel' | 'electricity' | 'material' | 'hub';

export type TransportMode = 'road' | 'rail' | 'sea' | 'air' | 'inland_waterway';

/** Distance basis an intensity was built on, so the distance adjustment factor is applied exactly once. */
export type DistanceBasis = 'SFD' | 'GCD' | 'actual';

/**
 * One emission factor with its provenance. Values per boundary share one unit; a factor may carry only
 * the boundaries its source publishes (e.g. a grid factor with WTW only is stored as `wtw`).
 */
export interface Factor {
  /** Stable id `<set>:<slug>`, e.g. `desnz-2026:hgv-average`. */
  id: string;
  setId: string;
  name: string;
  category: FactorCategory;
  /** Unit of the values: `kgCO2e/t.km`, `kgCO2e/kWh`, `kgCO2e/L`, `kgCO2e/kg`, `kgCO2e/t`. */
  unit: string;
  values: { ttw?: number; wtt?: number; wtw?: number };
  /** Global warming potential basis: AR4, AR5, AR6. */
  gwp: string;
  /** ISO 3166 code or region name: `GB`, `CN`, `CN-East`, `GLO`. */
  region: string;
  year: number;
  source: string;
  sourceUrl?: string;
  licence: string;
  notes?: string;
  mode?: TransportMode;
  distanceBasis?: DistanceBasis;
  /** True when the intensity already includes the distance adjustment (e.g. road +5 %, sea tables x1.15). */
  dafIncluded?: boolean;
  temperatureControlled?: boolean;
  /** Air only: radiative forcing included. */
  radiativeForcing?: boolean;
}

export interface FactorSet {
  id: string;
  name: string;
  version: string;
  publisher: string;
  licence: string;
  sourceUrl?: string;
  /** True for sets shipped with Greenlink; false for sets a user loaded. */
  builtIn: boolean;
  factors: Factor[];
}

/** Looks a factor up by id; engines take this instead of a store so they stay pure. */
export type FactorResolver = (id: string) => Factor | undefined;
