import type { Boundary } from '../factors/index.js';

/**
 * The GHG inventory's data (GHG Protocol Corporate Standard; Scope 2 Guidance 2015; reference
 * carbon-accounting.md §5). Every emission is an activity line that keeps the factor it was computed with,
 * so a base year can be re-run and audited. Offsets and energy attribute certificates are separate records:
 * they are reported next to the inventory and never change it.
 */

export type Scope = 1 | 2 | 3;
export const SCOPES: readonly Scope[] = [1, 2, 3];

/** Direct emissions by kind of source. */
export const SCOPE1_CATEGORIES = ['mobile_combustion', 'stationary_combustion', 'refrigerant', 'process'] as const;
export type Scope1Category = (typeof SCOPE1_CATEGORIES)[number];

/** Purchased energy. */
export const SCOPE2_CATEGORIES = ['electricity', 'heat'] as const;
export type Scope2Category = (typeof SCOPE2_CATEGORIES)[number];

/** GHG Protocol Scope 3 category number, 1 (purchased goods and services) to 15 (investments). */
export type Scope3Category = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15;

export const SCOPE3_CATEGORY_NAMES: Readonly<Record<Scope3Category, string>> = {
  1: 'Purchased goods and services',
  2: 'Capital goods',
  3: 'Fuel- and energy-related activities',
  4: 'Upstream transportation and distribution',
  5: 'Waste generated in operations',
  6: 'Business travel',
  7: 'Employee commuting',
  8: 'Upstream leased assets',
  9: 'Downstream transportation and distribution',
  10: 'Processing of sold products',
  11: 'Use of sold products',
  12: 'End-of-life treatment of sold products',
  13: 'Downstream leased assets',
  14: 'Franchises',
  15: 'Investments',
};

export type Category = Scope1Category | Scope2Category | Scope3Category;

/** Which module (or which import) a line came from. */
export const ACTIVITY_SOURCES = [
  'footprint',
  'solar',
  'fleet',
  'packing',
  'reusables',
  'recycling',
  'import',
  'api',
  'manual',
] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

/** An amount of activity in the unit it was recorded in: `L`, `kWh`, `t.km`, `kg`. */
export interface Quantity {
  quantity: number;
  unit: string;
}

/** How a factor was asked for when it was not named by id: re-run with a newer factor set, this picks again. */
export interface FactorQuery {
  slug: string;
  year: number;
}

/** The factor a line (or part of a Scope 2 line) was computed with, as it was at the time: the audit trail. */
export interface FactorUse {
  factorId: string;
  factorSetId: string;
  /** The set's version (`2026`), when known. */
  factorVersion: string | null;
  /** The factor's data year, which may differ from the reporting year (nearest available is used). */
  factorYear: number;
  /** The factor's unit, e.g. `kgCO2e/L`. */
  factorUnit: string;
  boundary: Boundary;
  kgCo2ePerUnit: number;
  /** Set when the factor was chosen by slug and year rather than by id. */
  factorQuery?: FactorQuery;
}

interface LineBase extends FactorUse {
  id: string;
  tenantId: string;
  year: number;
  /** 1-12. */
  month: number;
  siteId?: string;
  region?: string;
  /** As recorded (e.g. 12 000 L diesel, 250 000 t.km). */
  activity: Quantity;
  /** The activity in the factor's denominator unit (equal to `activity.quantity` unless a unit was converted). */
  factorQuantity: number;
  /** factorQuantity x kgCo2ePerUnit. For Scope 2 lines this is the location-based figure. */
  kgCo2e: number;
  source: ActivitySource;
  sourceRef?: string;
  note?: string;
}

/** Scope 1 or Scope 3 emissions: one value. */
export interface DirectLine extends LineBase {
  scope: 1 | 3;
  category: Scope1Category | Scope3Category;
}

/** How a slice of purchased energy was counted under the market-based method, in hierarchy order. */
export type MarketBasis = 'certificate' | 'supplier' | 'residual' | 'grid_average';

export interface MarketPart {
  basis: MarketBasis;
  /** kWh for electricity; in general the factor's denominator unit. */
  quantity: number;
  kgCo2ePerUnit: number;
  kgCo2e: number;
  /** residual and grid_average parts: the factor used. */
  factor?: FactorUse;
  /** certificate parts. */
  certificateId?: string;
  /** supplier parts. */
  supplier?: string;
}

/** What a site's meters said for the period (Scope 2 electricity lines built by `scope2.ts`). */
export interface SiteEnergy {
  consumptionKwh: number;
  solarGenerationKwh: number;
  solarSelfConsumedKwh: number;
  /** Reported apart as avoided emissions; never netted against Scope 2. */
  solarExportKwh: number;
  gridImportKwh: number;
  /** Avoided emissions of the export at the location-based factor; informational only. */
  exportAvoidedKgCo2e: number;
  /** True when the certificates of the site's own solar power were sold: the zero-emission claim on it is lost. */
  solarClaimLost: boolean;
  solarClaimLostKwh: number;
  /** The lost claim's kWh at the residual factor, informational only (not added to market-based Scope 2). */
  solarClaimLostKgCo2eAtResidual: number;
}

/** Purchased energy: both GHG Protocol methods side by side (dual reporting). */
export interface Scope2Line extends LineBase {
  scope: 2;
  category: Scope2Category;
  /** = kgCo2e: purchased energy x grid-average factor of the region and year. */
  locationKgCo2e: number;
  /** Sum of the market parts. */
  marketKgCo2e: number;
  market: MarketPart[];
  /** True when the regional grid had no factor and the national average was used. */
  nationalFallback?: boolean;
  energy?: SiteEnergy;
}

export type ActivityLine = DirectLine | Scope2Line;

/** Energy attribute certificate schemes: China green electricity certificate, I-REC, EU GO, US REC. */
export const EAC_SCHEMES = ['GEC', 'I-REC', 'GO', 'REC'] as const;
export type EacScheme = (typeof EAC_SCHEMES)[number];

/**
 * An energy attribute certificate holding. Only `retired` certificates count in market-based Scope 2;
 * `sold` with `issuedFromSiteId` means the certificates of a site's own solar power went to someone else.
 */
export interface EnergyAttributeCertificate {
  id: string;
  tenantId: string;
  scheme: EacScheme;
  mwh: number;
  /** Year the power was generated. */
  vintageYear: number;
  /** Market boundary: a country (`CN`) or a grid region within it (`CN-East`). */
  region: string;
  /** Retired for this site only; otherwise pooled across the tenant's sites in the market. */
  siteId?: string;
  status: 'held' | 'retired' | 'sold';
  /** The reporting year the retirement is claimed for; defaults to the vintage year. */
  claimYear?: number;
  /** Emission rate of the certified power; 0 for renewables (default). */
  kgCo2ePerKwh?: number;
  /** Set when the certificates were issued for a site's own generation (e.g. rooftop solar). */
  issuedFromSiteId?: string;
  registryRef?: string;
}

/** A carbon credit. Never enters the inventory; reported next to it as a separate claim. */
export interface CarbonOffset {
  id: string;
  tenantId: string;
  tCo2e: number;
  /** `Verra VCS`, `Gold Standard`, `CCER`, ... */
  registry: string;
  /** Avoidance/reduction credits cannot neutralise residual emissions under SBTi net zero; removals can. */
  projectType: 'avoidance' | 'removal';
  vintageYear: number;
  status: 'held' | 'retired';
  /** The reporting year the retirement is claimed for; defaults to the vintage year. */
  claimYear?: number;
  serial?: string;
}

/** Denominators for intensities in one year. */
export interface IntensityDenominators {
  parcels?: number;
  tkm?: number;
  orders?: number;
}

export const isScope3Category = (c: unknown): c is Scope3Category =>
  typeof c === 'number' && Number.isInteger(c) && c >= 1 && c <= 15;

/** True when the category belongs to the scope. */
export function categoryFits(scope: Scope, category: unknown): boolean {
  if (scope === 1) return (SCOPE1_CATEGORIES as readonly unknown[]).includes(category);
  if (scope === 2) return (SCOPE2_CATEGORIES as readonly unknown[]).includes(category);
  return isScope3Category(category);
}

/** What categories a scope takes, for error messages. */
export const categoriesOf = (scope: Scope): string =>
  scope === 1 ? SCOPE1_CATEGORIES.join(', ') : scope === 2 ? SCOPE2_CATEGORIES.join(', ') : '1 to 15';
