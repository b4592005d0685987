/** Life-cycle boundary of an emission factor (ISO 14083): tank-to-wheel, well-to-tank, well-to-wheel. */
export type Boundary = 'TTW' | 'WTT' | 'WTW';

export type FactorCategory = 'freight' | 'fuel' | 'electricity' | 'material' | 'hub';

export type TransportMode = 'road' | 'rail' | 'sea' | 'air' | 'inland_waterway';

/** Distance basis an intensity was built on, so the distance adjustment factor is applied exactly once. */
export type DistanceBasis = 'SFD' | 'GCD' | 'actual';

/**
 * What a single-value factor (stored under `wtw`) covers when TTW/WTT do not apply:
 * `generation` = CO2 from power generation only (no T&D losses, no upstream fuel supply);
 * `cradle-to-gate` / `cradle-to-grave` = life-cycle stages of a material.
 */
export type Coverage = 'generation' | 'cradle-to-gate' | 'cradle-to-grave';

/** GHG Protocol Scope 2 method a grid factor serves: location-based (grid average) or market-based (residual mix). */
export type Scope2Method = 'location' | 'market';

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
  /** Set when the value is not a fuel/freight life-cycle split (grid and material factors). */
  coverage?: Coverage;
  /** Grid factors only. */
  scope2Method?: Scope2Method;
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
  /** Owner of a user-loaded set; null for a shared set (and for built-ins). */
  tenantId?: string | null;
  description?: string;
  /** Attribution statement the licence asks for, e.g. the OGL v3.0 sentence. */
  attribution?: string;
  /** When a user set was loaded (ISO 8601 UTC). */
  loadedAt?: string;
  factors: Factor[];
}

/** A set without its factors, for listings. */
export type FactorSetSummary = Omit<FactorSet, 'factors' | 'tenantId'> & { tenantId: string | null; factorCount: number };

/** Looks a factor up by id; engines take this instead of a store so they stay pure. */
export type FactorResolver = (id: string) => Factor | undefined;

// Value lists for validation and schemas; typed against the unions above so they cannot drift.
export const FACTOR_CATEGORIES: readonly FactorCategory[] = ['freight', 'fuel', 'electricity', 'material', 'hub'];
export const TRANSPORT_MODES: readonly TransportMode[] = ['road', 'rail', 'sea', 'air', 'inland_waterway'];
export const DISTANCE_BASES: readonly DistanceBasis[] = ['SFD', 'GCD', 'actual'];
export const COVERAGES: readonly Coverage[] = ['generation', 'cradle-to-gate', 'cradle-to-grave'];
export const SCOPE2_METHODS: readonly Scope2Method[] = ['location', 'market'];
/** IPCC assessment report the GWP100 values come from; `CO2 only` for factors without other gases. */
export const GWP_BASES = ['SAR', 'AR4', 'AR5', 'AR6', 'CO2 only', 'unspecified'] as const;

/** The units a factor of each category may have, so engines never meet a unit they cannot convert. */
export const UNITS_BY_CATEGORY: Record<FactorCategory, readonly string[]> = {
  freight: ['kgCO2e/t.km', 'kgCO2e/TEU.km'],
  fuel: ['kgCO2e/L', 'kgCO2e/kg', 'kgCO2e/t', 'kgCO2e/kWh', 'kgCO2e/m3', 'kgCO2e/MJ'],
  electricity: ['kgCO2e/kWh', 'kgCO2/kWh'],
  material: ['kgCO2e/kg', 'kgCO2e/t', 'kgCO2e/m2', 'kgCO2e/item'],
  hub: ['kgCO2e/t', 'kgCO2e/TEU'],
};
