import { BUILT_IN_SETS, type Factor, factorValue } from '../factors/index.js';

/**
 * Site energy and the Scope 2 credit of rooftop PV (reference carbon-accounting.md §2d and §5). Pure.
 *
 * Generation is the sum of the systems' meters; the site's meters give consumption, grid import and grid export.
 * Self-consumed solar = generation − export. Power made and used on site is not purchased, so it drops out of
 * location-based Scope 2: the avoided Scope 2 is self-consumed kWh × the grid factor of the site's region and year.
 * Exports are reported apart as avoided emissions and never netted against Scope 2.
 */

/** MEE regional power grids (slug `cn-grid-<name>`); not quite the economic regions, hence a per-park override. */
export const GRID_REGIONS = ['North', 'Northeast', 'East', 'Central', 'Northwest', 'South', 'Southwest'] as const;
export type GridRegion = (typeof GRID_REGIONS)[number];

const NATIONAL_SLUG = 'cn-grid-national';

/** Import within this share of consumption (or 1 kWh) of consumption − self-consumption is consistent. */
export const CONSISTENCY_TOLERANCE = 0.02;

/** The grid region a site region names (`East`, `east`, `CN-East`, `East China`), if it is one. */
export function gridRegionOf(region: string | null | undefined): GridRegion | undefined {
  if (!region) return undefined;
  const key = region
    .trim()
    .toLowerCase()
    .replace(/^cn[-_ ]/, '')
    .replace(/[-_ ]?china$/, '')
    .replace(/[-_ ]/g, '');
  return GRID_REGIONS.find((r) => r.toLowerCase() === key);
}

/** Where a grid factor came from: enough to find it again and to say why it was chosen. */
export interface GridFactorChoice {
  factorId: string;
  setId: string;
  slug: string;
  name: string;
  region: string;
  /** The factor's year, which may differ from the reporting year (the nearest available one is used). */
  year: number;
  reportingYear: number;
  kgCo2ePerKwh: number;
  /** True when the site's grid region had no factor and the national average was used. */
  nationalFallback: boolean;
  source: string;
  note: string;
}

/** Location-based grid factors of the built-in sets, by slug. */
function locationFactors(slug: string, factors: readonly Factor[]): Factor[] {
  return factors.filter(
    (f) => f.category === 'electricity' && f.scope2Method === 'location' && f.id.slice(f.id.indexOf(':') + 1) === slug,
  );
}

const BUILT_IN_GRID: readonly Factor[] = BUILT_IN_SETS.flatMap((s) => s.factors).filter((f) => f.category === 'electricity');

/**
 * The location-based grid factor for a region and a reporting year: the MEE regional grid factor when the region is
 * one of the grids, else the national average; of the years available, the nearest (the later one on a tie).
 */
export function gridFactorFor(
  region: string | null | undefined,
  reportingYear: number,
  factors: readonly Factor[] = BUILT_IN_GRID,
): GridFactorChoice {
  const grid = gridRegionOf(region);
  let candidates = grid ? locationFactors(`cn-grid-${grid.toLowerCase()}`, factors) : [];
  const nationalFallback = candidates.length === 0;
  if (nationalFallback) candidates = locationFactors(NATIONAL_SLUG, factors);
  const best = candidates
    .filter((f) => factorValue(f, 'WTW') !== undefined)
    .sort((a, b) => Math.abs(a.year - reportingYear) - Math.abs(b.year - reportingYear) || b.year - a.year)[0];
  if (!best) throw new Error('no location-based China grid factor is available');
  const slug = best.id.slice(best.id.indexOf(':') + 1);
  const notes: string[] = [];
  if (nationalFallback) {
    notes.push(
      region ? `region "${region}" is not an MEE regional grid: national average used` : 'no region: national average used',
    );
  }
  if (best.year !== reportingYear) notes.push(`no ${reportingYear} factor: nearest year ${best.year} used`);
  return {
    factorId: best.id,
    setId: best.setId,
    slug,
    name: best.name,
    region: best.region,
    year: best.year,
    reportingYear,
    kgCo2ePerKwh: factorValue(best, 'WTW') as number,
    nationalFallback,
    source: best.source,
    note: notes.join('; '),
  };
}

/** Energy sums of one period; null = no such meter (or no reading) in the period. */
export interface EnergyInput {
  generationKwh: number | null;
  consumptionKwh: number | null;
  importKwh: number | null;
  exportKwh: number | null;
}

export interface EnergyBalance {
  generationKwh: number | null;
  consumptionKwh: number | null;
  importKwh: number | null;
  exportKwh: number | null;
  /** generation − export; null without generation or without an export figure. */
  selfConsumedKwh: number | null;
  /** self-consumed / generation. */
  selfConsumptionShare: number | null;
  /** Figures the meters did not give, derived from the others (import = consumption − self-consumed, ...). */
  derived: Array<'consumptionKwh' | 'importKwh' | 'exportKwh'>;
  /** import − (consumption − self-consumed) when all of them are metered; the meters should agree. */
  residualKwh: number | null;
  /** residual / consumption. */
  residualShare: number | null;
  /** |residual| within the tolerance (2 % of consumption, at least 1 kWh); null when it cannot be checked. */
  consistent: boolean | null;
  warnings: string[];
}

/**
 * The balance of one period: self-consumption = generation − export, and the check that the site's import equals
 * consumption − self-consumption. A missing export figure is derived from consumption and import (export =
 * generation − (consumption − import)); a missing import from consumption (import = consumption − self-consumed);
 * a missing consumption from import (consumption = import + self-consumed). Nothing is guessed beyond that.
 */
export function energyBalance(input: EnergyInput): EnergyBalance {
  const { generationKwh: gen } = input;
  let { consumptionKwh: cons, importKwh: imp, exportKwh: exp } = input;
  const derived: EnergyBalance['derived'] = [];
  const warnings: string[] = [];
  if (exp === null && gen !== null && cons !== null && imp !== null) {
    exp = Math.max(0, gen - (cons - imp));
    derived.push('exportKwh');
  }
  let self = gen !== null && exp !== null ? gen - exp : null;
  if (self !== null && self < 0) {
    warnings.push(`export (${round3(exp as number)} kWh) exceeds generation (${round3(gen as number)} kWh): check the meters`);
    self = 0;
  }
  let residual: number | null = null;
  if (self !== null && cons !== null && imp !== null && !derived.includes('exportKwh')) {
    residual = imp - (cons - self);
  } else if (self !== null && cons !== null && imp === null) {
    imp = Math.max(0, cons - self);
    derived.push('importKwh');
  } else if (self !== null && cons === null && imp !== null) {
    cons = imp + self;
    derived.push('consumptionKwh');
  }
  if (gen === null) warnings.push('no generation readings in the period');
  else if (exp === null) warnings.push('no export figure (site meters): self-consumption cannot be known');
  const consistent = residual === null ? null : Math.abs(residual) <= Math.max(1, CONSISTENCY_TOLERANCE * (cons ?? 0));
  if (consistent === false) {
    warnings.push(
      `grid import ${round3(imp as number)} kWh differs from consumption − self-consumption ${round3((cons as number) - (self as number))} kWh by ${round3(residual as number)} kWh`,
    );
  }
  return {
    generationKwh: gen,
    consumptionKwh: cons,
    importKwh: imp,
    exportKwh: exp,
    selfConsumedKwh: self,
    selfConsumptionShare: self !== null && gen !== null && gen > 0 ? self / gen : null,
    derived,
    residualKwh: residual,
    residualShare: residual !== null && cons !== null && cons > 0 ? residual / cons : null,
    consistent,
    warnings,
  };
}

export interface Scope2Figures {
  /** Location-based Scope 2 of the grid import (what the site still reports). */
  scope2LocationKgCo2e: number | null;
  /** Location-based Scope 2 avoided by self-consumed solar. */
  scope2AvoidedKgCo2e: number | null;
  /** Avoided emissions of the exports: reported apart, never netted against Scope 2. */
  exportAvoidedKgCo2e: number | null;
}

/** kg CO2e of a balance with one grid factor (kg CO2e per kWh). */
export function scope2Of(balance: EnergyBalance, kgCo2ePerKwh: number): Scope2Figures {
  const times = (kwh: number | null) => (kwh === null ? null : kwh * kgCo2ePerKwh);
  return {
    scope2LocationKgCo2e: times(balance.importKwh),
    scope2AvoidedKgCo2e: times(balance.selfConsumedKwh),
    exportAvoidedKgCo2e: times(balance.exportKwh),
  };
}

/** Adds two nullable sums (null + null = null). */
export const addNullable = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

const round3 = (v: number): number => Math.round(v * 1000) / 1000;
