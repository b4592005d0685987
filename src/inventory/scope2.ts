import { type ErrorDetail, invalid, newId } from '../core/index.js';
import type { FactorResolver } from '../factors/index.js';
import { type FactorRef, type FoundFactor, factorDenominator, factorUse, findFactor, type ResolveOptions } from './activity.js';
import type { ActivitySource, EnergyAttributeCertificate, FactorUse, MarketPart, Scope2Line, SiteEnergy } from './model.js';

/**
 * Scope 2 electricity, both GHG Protocol methods (Scope 2 Guidance 2015; reference carbon-accounting.md §5). Pure.
 *
 * Per site and period: purchased = grid import = consumption − self-consumed solar (power made and used on site is not
 * purchased, so it is in neither method). Exports are reported apart and never netted.
 * - Location-based: import x grid-average factor of the site's grid region and year (else the national average).
 * - Market-based, in hierarchy order: import covered by retired certificates x the certificate's rate (0 for
 *   renewables) -> supplier-specific rate for a supply contract -> residual mix (China: MEE national average excluding
 *   market-traded non-fossil power) -> the grid average only when no residual factor exists.
 */

/** MEE regional power grids (`cn-grid-<name>`). */
export const CN_GRID_REGIONS = ['North', 'Northeast', 'East', 'Central', 'Northwest', 'South', 'Southwest'] as const;
export type CnGridRegion = (typeof CN_GRID_REGIONS)[number];

export const CN_NATIONAL_SLUG = 'cn-grid-national';
/** The China residual-mix proxy (MEE): national average excluding market-traded non-fossil power. */
export const CN_RESIDUAL_SLUG = 'cn-grid-national-excl-market-nonfossil';

/** Metered import may differ from consumption − self-consumption by this share of consumption (or 1 kWh). */
export const IMPORT_TOLERANCE = 0.02;

/** One site's electricity for one month. */
export interface SiteEnergyPeriod {
  id?: string;
  tenantId: string;
  siteId: string;
  /** `CN-East`, `East`, `CN`; a province or nothing falls back to the national average. */
  region?: string;
  year: number;
  month: number;
  consumptionKwh: number;
  solarGenerationKwh?: number;
  solarExportKwh?: number;
  /** Default: generation − export. */
  solarSelfConsumedKwh?: number;
  /** Metered import; default consumption − self-consumed solar. The meter wins when both are given. */
  gridImportKwh?: number;
  /** A supply contract with its own emission rate, covering up to `kwh` of what certificates left. */
  supplier?: { name: string; kwh: number; kgCo2ePerKwh: number };
  /**
   * kWh of the site's own solar whose certificates were sold. Default: from `sold` certificates issued from the
   * site. Attributed to exported power first: only the part beyond the export loses the claim on self-consumed power.
   */
  solarCertificatesSoldKwh?: number;
  /** Overrides of the factor choice (e.g. outside China, or a provincial factor a user loaded). */
  locationFactor?: FactorRef;
  residualFactor?: FactorRef;
  sourceRef?: string;
}

export interface Scope2Options extends ResolveOptions {
  /** How far a certificate's vintage may be from the reporting year. Default 0 (same calendar year). */
  vintageToleranceYears?: number;
  /** The market of a site or certificate without a region. Default `CN`. */
  defaultMarket?: string;
  /** Source of the lines. Default `solar` (the solar module holds site meters). */
  source?: ActivitySource;
}

export type CertificateRejection =
  | 'not_retired'
  | 'other_tenant'
  | 'claim_year'
  | 'vintage'
  | 'market'
  | 'site'
  | 'exceeds_import';

export interface CertificateUse {
  certificateId: string;
  availableKwh: number;
  usedKwh: number;
  unusedKwh: number;
  /** Why some or all of it was not used; absent when fully used. */
  reason?: CertificateRejection;
  /** `${siteId}/${year}-${month}` and kWh, in allocation order. */
  allocations: { siteId: string; year: number; month: number; kwh: number }[];
}

export interface Scope2PeriodResult {
  siteId: string;
  year: number;
  month: number;
  line: Scope2Line;
  warnings: string[];
}

export interface Scope2Totals {
  consumptionKwh: number;
  gridImportKwh: number;
  solarGenerationKwh: number;
  solarSelfConsumedKwh: number;
  solarExportKwh: number;
  certificateKwh: number;
  supplierKwh: number;
  residualKwh: number;
  locationKgCo2e: number;
  marketKgCo2e: number;
  /** Reported apart, never subtracted from Scope 2. */
  exportAvoidedKgCo2e: number;
}

export interface Scope2Result {
  periods: Scope2PeriodResult[];
  lines: Scope2Line[];
  certificates: CertificateUse[];
  totals: Scope2Totals;
}

/** Market (country) and, in China, MEE grid region of a region string. */
export function regionInfo(region: string | undefined, defaultMarket = 'CN'): { market: string; grid?: CnGridRegion } {
  if (!region?.trim()) return { market: defaultMarket };
  const text = region.trim();
  const bare = gridOf(text);
  if (bare) return { market: 'CN', grid: bare };
  const m = /^([A-Za-z]{2})(?:[-_ ](.+))?$/.exec(text);
  if (!m) return { market: defaultMarket };
  const market = m[1].toUpperCase();
  const grid = market === 'CN' && m[2] ? gridOf(m[2]) : undefined;
  return grid ? { market, grid } : { market };
}

function gridOf(text: string): CnGridRegion | undefined {
  const key = text
    .toLowerCase()
    .replace(/[-_ ]?china$/, '')
    .replace(/[-_ ]/g, '');
  return CN_GRID_REGIONS.find((r) => r.toLowerCase() === key);
}

const nonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

interface Prepared {
  index: number;
  period: SiteEnergyPeriod;
  market: string;
  grid?: CnGridRegion;
  generation: number;
  selfConsumed: number;
  exported: number;
  imported: number;
  warnings: string[];
}

function prepare(periods: readonly SiteEnergyPeriod[], opts: Scope2Options): Prepared[] {
  const errors: ErrorDetail[] = [];
  const out: Prepared[] = [];
  periods.forEach((p, i) => {
    const at = (f: string) => `/periods/${i}/${f}`;
    const bad = (f: string, message: string) => errors.push({ field: at(f), message });
    if (!p.tenantId) bad('tenantId', 'is required');
    if (!p.siteId) bad('siteId', 'is required');
    if (!Number.isInteger(p.year) || p.year < 1990 || p.year > 2100) bad('year', 'must be a whole year from 1990 to 2100');
    if (!Number.isInteger(p.month) || p.month < 1 || p.month > 12) bad('month', 'must be 1 to 12');
    for (const f of [
      'consumptionKwh',
      'solarGenerationKwh',
      'solarExportKwh',
      'solarSelfConsumedKwh',
      'gridImportKwh',
      'solarCertificatesSoldKwh',
    ] as const) {
      const v = p[f];
      if ((f === 'consumptionKwh' || v !== undefined) && !nonNegative(v)) bad(f, 'must be a number of kWh, 0 or more');
    }
    if (p.supplier) {
      if (!nonNegative(p.supplier.kwh)) bad('supplier/kwh', 'must be a number of kWh, 0 or more');
      if (!nonNegative(p.supplier.kgCo2ePerKwh)) bad('supplier/kgCo2ePerKwh', 'must be 0 or more');
    }
    const generation = p.solarGenerationKwh ?? 0;
    const exported = p.solarExportKwh ?? 0;
    if (p.solarSelfConsumedKwh === undefined && exported > generation) {
      bad('solarExportKwh', `export ${exported} kWh exceeds generation ${generation} kWh`);
    }
    const selfConsumed = p.solarSelfConsumedKwh ?? Math.max(0, generation - exported);
    const derivedImport = p.consumptionKwh - selfConsumed;
    if (p.gridImportKwh === undefined && nonNegative(p.consumptionKwh) && derivedImport < 0) {
      bad('solarSelfConsumedKwh', `self-consumed solar ${selfConsumed} kWh exceeds consumption ${p.consumptionKwh} kWh`);
    }
    const warnings: string[] = [];
    if (p.gridImportKwh !== undefined && Number.isFinite(derivedImport)) {
      const tolerance = Math.max(1, IMPORT_TOLERANCE * p.consumptionKwh);
      if (Math.abs(p.gridImportKwh - derivedImport) > tolerance) {
        warnings.push(
          `metered import ${p.gridImportKwh} kWh differs from consumption − self-consumed solar (${derivedImport} kWh); the meter is used`,
        );
      }
    }
    const { market, grid } = regionInfo(p.region, opts.defaultMarket);
    out.push({
      index: i,
      period: p,
      market,
      ...(grid ? { grid } : {}),
      generation,
      selfConsumed,
      exported,
      imported: p.gridImportKwh ?? derivedImport,
      warnings,
    });
  });
  if (errors.length > 0) throw invalid(`site energy refused: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  return out;
}

function kwhUse(found: FoundFactor, opts: ResolveOptions, field: string): FactorUse {
  if (factorDenominator(found.factor.unit) !== 'kWh') {
    throw invalid(`factor ${found.factor.id} is in ${found.factor.unit}, not per kWh`, [
      { field, message: 'must be a per-kWh electricity factor' },
    ]);
  }
  const use = factorUse(found, 'WTW', opts);
  if ('error' in use) throw invalid(use.error, [{ field, message: use.error }]);
  return use;
}

/** The location-based factor: an override, else the grid region's, else the national average. */
function locationFactor(p: Prepared, resolver: FactorResolver, opts: ResolveOptions) {
  const field = `/periods/${p.index}/locationFactor`;
  const { period } = p;
  if (period.locationFactor) {
    const found = findFactor(resolver, period.locationFactor, opts);
    if (!found) throw invalid(`no location factor ${JSON.stringify(period.locationFactor)}`, [{ field, message: 'not found' }]);
    return { use: kwhUse(found, opts, field), nationalFallback: false };
  }
  if (p.market !== 'CN') {
    throw invalid(`no built-in grid factor for market ${p.market}: give locationFactor`, [
      { field, message: `required outside China (market ${p.market})` },
    ]);
  }
  const regional = p.grid
    ? findFactor(resolver, { slug: `cn-grid-${p.grid.toLowerCase()}`, year: period.year }, opts)
    : undefined;
  const found = regional ?? findFactor(resolver, { slug: CN_NATIONAL_SLUG, year: period.year }, opts);
  if (!found) throw invalid(`no China grid factor near ${period.year}`, [{ field, message: 'no factor found' }]);
  return { use: kwhUse(found, opts, field), nationalFallback: !regional };
}

function residualFactor(p: Prepared, resolver: FactorResolver, opts: ResolveOptions): FactorUse | undefined {
  const field = `/periods/${p.index}/residualFactor`;
  const ref: FactorRef | undefined =
    p.period.residualFactor ?? (p.market === 'CN' ? { slug: CN_RESIDUAL_SLUG, year: p.period.year } : undefined);
  if (!ref) return undefined;
  const found = findFactor(resolver, ref, opts);
  if (!found) {
    if (p.period.residualFactor) throw invalid(`no residual factor ${JSON.stringify(ref)}`, [{ field, message: 'not found' }]);
    return undefined;
  }
  return kwhUse(found, opts, field);
}

const certKwh = (c: EnergyAttributeCertificate) => c.mwh * 1000;
const claimYearOf = (c: { vintageYear: number; claimYear?: number }) => c.claimYear ?? c.vintageYear;
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Market-based and location-based Scope 2 for a set of site periods and the tenant's certificates.
 *
 * Certificate matching: a certificate counts only if retired by the same tenant, claimed for the period's year
 * (claimYear, default its vintage), of a vintage within `vintageToleranceYears` of that year, from the same market
 * (country; a certificate naming a grid region only matches sites in that region) and, when it names a site, for
 * that site. Allocation is greedy and deterministic: periods in time order then by site id; each period takes its
 * site's own certificates first, then pooled ones, by certificate id. A certificate never covers more than the
 * import (the rest is reported unused). Throws `invalid` for bad input or a missing factor.
 */
export function computeScope2(
  periods: readonly SiteEnergyPeriod[],
  certificates: readonly EnergyAttributeCertificate[],
  resolver: FactorResolver,
  opts: Scope2Options = {},
): Scope2Result {
  const prepared = prepare(periods, opts).sort(
    (a, b) =>
      a.period.year - b.period.year ||
      a.period.month - b.period.month ||
      (a.period.siteId < b.period.siteId ? -1 : a.period.siteId > b.period.siteId ? 1 : 0) ||
      a.index - b.index,
  );
  const tolerance = opts.vintageToleranceYears ?? 0;
  const defaultMarket = opts.defaultMarket ?? 'CN';

  const certErrors: ErrorDetail[] = [];
  certificates.forEach((c, i) => {
    if (!nonNegative(c.mwh)) certErrors.push({ field: `/certificates/${i}/mwh`, message: 'must be 0 or more' });
    if (c.kgCo2ePerKwh !== undefined && !nonNegative(c.kgCo2ePerKwh)) {
      certErrors.push({ field: `/certificates/${i}/kgCo2ePerKwh`, message: 'must be 0 or more' });
    }
  });
  if (certErrors.length > 0) throw invalid('certificates refused', certErrors);

  const retired = certificates.filter((c) => c.status === 'retired').sort(byId);
  const remaining = new Map(retired.map((c) => [c.id, certKwh(c)]));
  const allocations = new Map<string, CertificateUse['allocations']>(certificates.map((c) => [c.id, []]));

  const eligible = (c: EnergyAttributeCertificate, p: Prepared): boolean => {
    if (c.tenantId !== p.period.tenantId || claimYearOf(c) !== p.period.year) return false;
    if (Math.abs(c.vintageYear - p.period.year) > tolerance) return false;
    if (c.siteId !== undefined && c.siteId !== p.period.siteId) return false;
    const cert = regionInfo(c.region, defaultMarket);
    return cert.market === p.market && (cert.grid === undefined || cert.grid === p.grid);
  };

  // Certificates of the sites' own solar that were sold: the kWh beyond the export lose the claim.
  const soldLeft = new Map<string, number>();
  for (const c of certificates) {
    if (c.status !== 'sold' || !c.issuedFromSiteId) continue;
    const key = `${c.tenantId}|${c.issuedFromSiteId}|${c.vintageYear}`;
    soldLeft.set(key, (soldLeft.get(key) ?? 0) + certKwh(c));
  }

  const results: Scope2PeriodResult[] = [];
  for (const p of prepared) {
    const { period } = p;
    const location = locationFactor(p, resolver, opts);
    const residual = residualFactor(p, resolver, opts);
    const parts: MarketPart[] = [];
    let left = p.imported;

    const own = retired.filter((c) => c.siteId !== undefined && eligible(c, p));
    const pooled = retired.filter((c) => c.siteId === undefined && eligible(c, p));
    for (const c of [...own, ...pooled]) {
      if (left <= 0) break;
      const take = Math.min(left, remaining.get(c.id)!);
      if (take <= 0) continue;
      remaining.set(c.id, remaining.get(c.id)! - take);
      left -= take;
      const rate = c.kgCo2ePerKwh ?? 0;
      parts.push({ basis: 'certificate', quantity: take, kgCo2ePerUnit: rate, kgCo2e: take * rate, certificateId: c.id });
      allocations.get(c.id)!.push({ siteId: period.siteId, year: period.year, month: period.month, kwh: take });
    }
    if (period.supplier && period.supplier.kwh > 0 && left > 0) {
      const take = Math.min(left, period.supplier.kwh);
      if (period.supplier.kwh > take) {
        p.warnings.push(`supplier contract covers ${period.supplier.kwh} kWh but only ${take} kWh were left after certificates`);
      }
      left -= take;
      const rate = period.supplier.kgCo2ePerKwh;
      parts.push({ basis: 'supplier', quantity: take, kgCo2ePerUnit: rate, kgCo2e: take * rate, supplier: period.supplier.name });
    }
    if (left > 0) {
      const use = residual ?? location.use;
      if (!residual) p.warnings.push(`no residual-mix factor for market ${p.market}: grid average used for market-based`);
      parts.push({
        basis: residual ? 'residual' : 'grid_average',
        quantity: left,
        kgCo2ePerUnit: use.kgCo2ePerUnit,
        kgCo2e: left * use.kgCo2ePerUnit,
        factor: use,
      });
    }

    const soldKey = `${period.tenantId}|${period.siteId}|${period.year}`;
    let sold = period.solarCertificatesSoldKwh;
    if (sold === undefined && soldLeft.has(soldKey)) {
      // Spread the year's sold certificates over the site's periods in time order, up to each period's generation.
      sold = Math.min(soldLeft.get(soldKey)!, p.exported + p.selfConsumed);
      soldLeft.set(soldKey, soldLeft.get(soldKey)! - sold);
    }
    const claimLostKwh = Math.min(p.selfConsumed, Math.max(0, (sold ?? 0) - p.exported));
    const residualRate = (residual ?? location.use).kgCo2ePerUnit;

    const locationKgCo2e = p.imported * location.use.kgCo2ePerUnit;
    const marketKgCo2e = parts.reduce((s, x) => s + x.kgCo2e, 0);
    const energy: SiteEnergy = {
      consumptionKwh: period.consumptionKwh,
      solarGenerationKwh: p.generation,
      solarSelfConsumedKwh: p.selfConsumed,
      solarExportKwh: p.exported,
      gridImportKwh: p.imported,
      exportAvoidedKgCo2e: p.exported * location.use.kgCo2ePerUnit,
      solarClaimLost: claimLostKwh > 0,
      solarClaimLostKwh: claimLostKwh,
      solarClaimLostKgCo2eAtResidual: claimLostKwh * residualRate,
    };
    if (claimLostKwh > 0) {
      p.warnings.push(
        `certificates of ${claimLostKwh} kWh of self-consumed solar were sold: that power cannot be claimed as zero-emission`,
      );
    }
    const line: Scope2Line = {
      id: period.id ?? newId('act'),
      tenantId: period.tenantId,
      year: period.year,
      month: period.month,
      siteId: period.siteId,
      ...(period.region ? { region: period.region } : {}),
      scope: 2,
      category: 'electricity',
      activity: { quantity: p.imported, unit: 'kWh' },
      factorQuantity: p.imported,
      ...location.use,
      kgCo2e: locationKgCo2e,
      locationKgCo2e,
      marketKgCo2e,
      market: parts,
      nationalFallback: location.nationalFallback,
      energy,
      source: opts.source ?? 'solar',
      ...(period.sourceRef ? { sourceRef: period.sourceRef } : {}),
    };
    results.push({ siteId: period.siteId, year: period.year, month: period.month, line, warnings: p.warnings });
  }

  const certificateUses = certificates.map((c): CertificateUse => {
    const available = certKwh(c);
    const used = available - (remaining.get(c.id) ?? available);
    const unused = available - used;
    const use: CertificateUse = {
      certificateId: c.id,
      availableKwh: available,
      usedKwh: used,
      unusedKwh: unused,
      allocations: allocations.get(c.id)!,
    };
    if (unused > 0) use.reason = rejection(c, prepared, tolerance, defaultMarket);
    return use;
  });

  const lines = results.map((r) => r.line);
  const sum = (f: (l: Scope2Line) => number) => lines.reduce((s, l) => s + f(l), 0);
  const partSum = (basis: MarketPart['basis'] | 'any-residual') =>
    sum((l) =>
      l.market
        .filter((x) => (basis === 'any-residual' ? x.basis === 'residual' || x.basis === 'grid_average' : x.basis === basis))
        .reduce((s, x) => s + x.quantity, 0),
    );
  return {
    periods: results,
    lines,
    certificates: certificateUses,
    totals: {
      consumptionKwh: sum((l) => l.energy!.consumptionKwh),
      gridImportKwh: sum((l) => l.energy!.gridImportKwh),
      solarGenerationKwh: sum((l) => l.energy!.solarGenerationKwh),
      solarSelfConsumedKwh: sum((l) => l.energy!.solarSelfConsumedKwh),
      solarExportKwh: sum((l) => l.energy!.solarExportKwh),
      certificateKwh: partSum('certificate'),
      supplierKwh: partSum('supplier'),
      residualKwh: partSum('any-residual'),
      locationKgCo2e: sum((l) => l.locationKgCo2e),
      marketKgCo2e: sum((l) => l.marketKgCo2e),
      exportAvoidedKgCo2e: sum((l) => l.energy!.exportAvoidedKgCo2e),
    },
  };
}

/** The first rule that kept (part of) a certificate out, checked against every period. */
function rejection(
  c: EnergyAttributeCertificate,
  periods: readonly Prepared[],
  tolerance: number,
  defaultMarket: string,
): CertificateRejection {
  if (c.status !== 'retired') return 'not_retired';
  let candidates = periods.filter((p) => p.period.tenantId === c.tenantId);
  if (candidates.length === 0) return 'other_tenant';
  candidates = candidates.filter((p) => p.period.year === claimYearOf(c));
  if (candidates.length === 0) return 'claim_year';
  if (Math.abs(c.vintageYear - claimYearOf(c)) > tolerance) return 'vintage';
  const cert = regionInfo(c.region, defaultMarket);
  candidates = candidates.filter((p) => p.market === cert.market && (cert.grid === undefined || cert.grid === p.grid));
  if (candidates.length === 0) return 'market';
  if (c.siteId !== undefined && !candidates.some((p) => p.period.siteId === c.siteId)) return 'site';
  return 'exceeds_import';
}
