import { invalid } from '../core/index.js';
import {
  type ActivityLine,
  type CarbonOffset,
  type Category,
  type EnergyAttributeCertificate,
  type IntensityDenominators,
  isScope3Category,
  SCOPE3_CATEGORY_NAMES,
  type Scope,
} from './model.js';

/**
 * The inventory of one year: activity lines added up by scope (Scope 2 both methods side by side), month, category,
 * site, region and tenant, with intensities and the claims reported beside it (offsets, certificates, solar exports),
 * which never change a total. Pure. `checkInventory` re-adds everything independently.
 */

/** kg CO2e by scope and the combinations reports use. */
export interface ScopeTotals {
  scope1KgCo2e: number;
  scope2LocationKgCo2e: number;
  scope2MarketKgCo2e: number;
  scope3KgCo2e: number;
  /** Scope 1 + Scope 2 location-based. */
  s1s2LocationKgCo2e: number;
  /** Scope 1 + Scope 2 market-based. */
  s1s2MarketKgCo2e: number;
  /** Scope 1 + 2 (location) + 3. */
  totalLocationKgCo2e: number;
  /** Scope 1 + 2 (market) + 3. */
  totalMarketKgCo2e: number;
  lineCount: number;
}

export type IntensityDenominator = 'parcel' | 'tkm' | 'order';

/** Total (S1+S2+S3) emissions per unit of activity, both Scope 2 methods. */
export interface Intensity {
  denominator: IntensityDenominator;
  quantity: number;
  locationKgCo2ePerUnit: number;
  marketKgCo2ePerUnit: number;
}

export interface Inventory {
  year: number;
  /** Null when the inventory covers every tenant in the lines. */
  tenantId: string | null;
  totals: ScopeTotals;
  /** Always 12 entries, January first. */
  byMonth: { month: number; totals: ScopeTotals }[];
  /** Scope 1 kinds, Scope 2 energy types, Scope 3 categories 1-15, in that order. */
  byCategory: { scope: Scope; category: Category; name: string; totals: ScopeTotals }[];
  bySite: { siteId: string | null; totals: ScopeTotals }[];
  byRegion: { region: string | null; totals: ScopeTotals }[];
  byTenant: { tenantId: string; totals: ScopeTotals }[];
  intensities: Intensity[];
  /** The factor sets behind the figures, for the methodology section. */
  factorSets: { setId: string; version: string | null; lineCount: number }[];
  /** Energy behind Scope 2 electricity (from lines that carry site meters). */
  energy: {
    gridImportKwh: number;
    solarGenerationKwh: number;
    solarSelfConsumedKwh: number;
    solarExportKwh: number;
    certificateKwh: number;
  };
  /** Reported next to the inventory, never netted into it. */
  claims: {
    /** Solar exports at the location-based factor: avoided emissions, not a reduction of Scope 2. */
    exportAvoidedKgCo2e: number;
    /** Sold certificates of own solar: the self-consumed kWh whose zero-emission claim is lost. */
    solarClaimLostKwh: number;
    offsets: { retiredTCo2e: number; removalTCo2e: number; avoidanceTCo2e: number; count: number; ids: string[] };
    certificates: { retiredMwh: number; count: number; ids: string[] };
  };
}

export interface InventoryOptions {
  year: number;
  /** Only this tenant's lines; default every line of the year. */
  tenantId?: string;
  denominators?: IntensityDenominators;
  offsets?: readonly CarbonOffset[];
  certificates?: readonly EnergyAttributeCertificate[];
}

/** Neumaier compensated sum: a long list of small lines adds up to the gram. */
class Sum {
  private s = 0;
  private c = 0;
  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

class Bucket {
  readonly s1 = new Sum();
  readonly s2l = new Sum();
  readonly s2m = new Sum();
  readonly s3 = new Sum();
  count = 0;
  add(line: ActivityLine): void {
    this.count++;
    if (line.scope === 2) {
      this.s2l.add(line.locationKgCo2e);
      this.s2m.add(line.marketKgCo2e);
    } else if (line.scope === 1) this.s1.add(line.kgCo2e);
    else this.s3.add(line.kgCo2e);
  }
  totals(): ScopeTotals {
    return scopeTotals(this.s1.value, this.s2l.value, this.s2m.value, this.s3.value, this.count);
  }
}

/** Totals from the four scope sums; the combinations are derived, never summed separately. */
export function scopeTotals(s1: number, s2Location: number, s2Market: number, s3: number, lineCount = 0): ScopeTotals {
  return {
    scope1KgCo2e: s1,
    scope2LocationKgCo2e: s2Location,
    scope2MarketKgCo2e: s2Market,
    scope3KgCo2e: s3,
    s1s2LocationKgCo2e: s1 + s2Location,
    s1s2MarketKgCo2e: s1 + s2Market,
    totalLocationKgCo2e: s1 + s2Location + s3,
    totalMarketKgCo2e: s1 + s2Market + s3,
    lineCount,
  };
}

export const EMPTY_TOTALS: ScopeTotals = Object.freeze(scopeTotals(0, 0, 0, 0));

const SCOPE1_NAMES: Readonly<Record<string, string>> = {
  mobile_combustion: 'Mobile combustion (own fleet)',
  stationary_combustion: 'Stationary combustion',
  refrigerant: 'Refrigerant leakage',
  process: 'Process emissions',
  electricity: 'Purchased electricity',
  heat: 'Purchased heat and steam',
};

export function categoryName(scope: Scope, category: Category): string {
  if (scope === 3 && isScope3Category(category)) return `${category}. ${SCOPE3_CATEGORY_NAMES[category]}`;
  return SCOPE1_NAMES[String(category)] ?? String(category);
}

const CATEGORY_ORDER: Readonly<Record<string, number>> = {
  mobile_combustion: 0,
  stationary_combustion: 1,
  refrigerant: 2,
  process: 3,
  electricity: 0,
  heat: 1,
};

function grouped<K extends string | number | null>(lines: readonly ActivityLine[], key: (l: ActivityLine) => K) {
  const map = new Map<K, Bucket>();
  for (const l of lines) {
    const k = key(l);
    const b = map.get(k) ?? new Bucket();
    map.set(k, b);
    b.add(l);
  }
  return map;
}

const nullsLast = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

/** The inventory of one year. Throws `invalid` for a year that is not a whole number. */
export function buildInventory(allLines: readonly ActivityLine[], opts: InventoryOptions): Inventory {
  const { year, tenantId } = opts;
  if (!Number.isInteger(year)) throw invalid('year must be a whole year', [{ field: 'year', message: 'a whole year' }]);
  const lines = allLines.filter((l) => l.year === year && (tenantId === undefined || l.tenantId === tenantId));

  const all = new Bucket();
  for (const l of lines) all.add(l);
  const totals = all.totals();

  const months = grouped(lines, (l) => l.month);
  const byMonth = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, totals: months.get(i + 1)?.totals() ?? EMPTY_TOTALS }));

  const categories = grouped(lines, (l) => `${l.scope}|${l.category}`);
  const byCategory = [...categories.entries()]
    .map(([key, b]) => {
      const line = lines.find((l) => `${l.scope}|${l.category}` === key)!;
      return { scope: line.scope, category: line.category, name: categoryName(line.scope, line.category), totals: b.totals() };
    })
    .sort(
      (a, b) =>
        a.scope - b.scope ||
        (typeof a.category === 'number' && typeof b.category === 'number'
          ? a.category - b.category
          : (CATEGORY_ORDER[String(a.category)] ?? 9) - (CATEGORY_ORDER[String(b.category)] ?? 9)),
    );

  const bySite = [...grouped(lines, (l) => l.siteId ?? null).entries()]
    .map(([siteId, b]) => ({ siteId, totals: b.totals() }))
    .sort((a, b) => nullsLast(a.siteId, b.siteId));
  const byRegion = [...grouped(lines, (l) => l.region ?? null).entries()]
    .map(([region, b]) => ({ region, totals: b.totals() }))
    .sort((a, b) => nullsLast(a.region, b.region));
  const byTenant = [...grouped(lines, (l) => l.tenantId).entries()]
    .map(([id, b]) => ({ tenantId: id, totals: b.totals() }))
    .sort((a, b) => nullsLast(a.tenantId, b.tenantId));

  const intensities: Intensity[] = [];
  const d = opts.denominators ?? {};
  for (const [denominator, quantity] of [
    ['parcel', d.parcels],
    ['tkm', d.tkm],
    ['order', d.orders],
  ] as const) {
    if (quantity === undefined) continue;
    if (!Number.isFinite(quantity) || quantity <= 0) {
      throw invalid(`the ${denominator} denominator must be a positive number`, [
        { field: `denominators/${denominator}`, message: 'must be more than 0' },
      ]);
    }
    intensities.push({
      denominator,
      quantity,
      locationKgCo2ePerUnit: totals.totalLocationKgCo2e / quantity,
      marketKgCo2ePerUnit: totals.totalMarketKgCo2e / quantity,
    });
  }

  const sets = new Map<string, { setId: string; version: string | null; lineCount: number }>();
  const noteSet = (setId: string, version: string | null) => {
    const key = `${setId}|${version}`;
    const s = sets.get(key) ?? { setId, version, lineCount: 0 };
    s.lineCount++;
    sets.set(key, s);
  };
  for (const l of lines) {
    noteSet(l.factorSetId, l.factorVersion);
    if (l.scope === 2) {
      for (const p of l.market)
        if (p.factor && p.factor.factorSetId !== l.factorSetId) noteSet(p.factor.factorSetId, p.factor.factorVersion);
    }
  }

  const energy = { gridImportKwh: new Sum(), gen: new Sum(), self: new Sum(), exp: new Sum(), cert: new Sum() };
  const exportAvoided = new Sum();
  const claimLost = new Sum();
  for (const l of lines) {
    if (l.scope !== 2 || !l.energy) continue;
    energy.gridImportKwh.add(l.energy.gridImportKwh);
    energy.gen.add(l.energy.solarGenerationKwh);
    energy.self.add(l.energy.solarSelfConsumedKwh);
    energy.exp.add(l.energy.solarExportKwh);
    exportAvoided.add(l.energy.exportAvoidedKgCo2e);
    claimLost.add(l.energy.solarClaimLostKwh);
    for (const p of l.market) if (p.basis === 'certificate') energy.cert.add(p.quantity);
  }

  const claimedFor = (r: { tenantId: string; vintageYear: number; claimYear?: number }) =>
    (r.claimYear ?? r.vintageYear) === year && (tenantId === undefined || r.tenantId === tenantId);
  const offsets = (opts.offsets ?? []).filter((o) => o.status === 'retired' && claimedFor(o)).sort(byIdAsc);
  const certificates = (opts.certificates ?? []).filter((c) => c.status === 'retired' && claimedFor(c)).sort(byIdAsc);
  const offsetSum = (kind?: CarbonOffset['projectType']) =>
    offsets.filter((o) => kind === undefined || o.projectType === kind).reduce((s, o) => s + o.tCo2e, 0);

  return {
    year,
    tenantId: tenantId ?? null,
    totals,
    byMonth,
    byCategory,
    bySite,
    byRegion,
    byTenant,
    intensities,
    factorSets: [...sets.values()].sort((a, b) => nullsLast(a.setId, b.setId) || nullsLast(a.version, b.version)),
    energy: {
      gridImportKwh: energy.gridImportKwh.value,
      solarGenerationKwh: energy.gen.value,
      solarSelfConsumedKwh: energy.self.value,
      solarExportKwh: energy.exp.value,
      certificateKwh: energy.cert.value,
    },
    claims: {
      exportAvoidedKgCo2e: exportAvoided.value,
      solarClaimLostKwh: claimLost.value,
      offsets: {
        retiredTCo2e: offsetSum(),
        removalTCo2e: offsetSum('removal'),
        avoidanceTCo2e: offsetSum('avoidance'),
        count: offsets.length,
        ids: offsets.map((o) => o.id),
      },
      certificates: {
        retiredMwh: certificates.reduce((s, c) => s + c.mwh, 0),
        count: certificates.length,
        ids: certificates.map((c) => c.id),
      },
    },
  };
}

function byIdAsc(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Totals per year for every year in the lines (optionally one tenant), oldest first: the series targets track. */
export function annualTotals(lines: readonly ActivityLine[], tenantId?: string): { year: number; totals: ScopeTotals }[] {
  const years = grouped(
    lines.filter((l) => tenantId === undefined || l.tenantId === tenantId),
    (l) => l.year,
  );
  return [...years.entries()].sort(([a], [b]) => a - b).map(([year, b]) => ({ year, totals: b.totals() }));
}

/** Default tolerance for re-checks: a microgram per kg of total, at least a milligram. */
const tolerance = (total: number) => Math.max(1e-6, 1e-9 * Math.abs(total));

const TOTAL_KEYS = ['scope1KgCo2e', 'scope2LocationKgCo2e', 'scope2MarketKgCo2e', 'scope3KgCo2e', 'lineCount'] as const;

/**
 * Independent re-check of an inventory: every breakdown adds up to the totals, the combined totals are the sums of
 * their scopes, and (given the lines) each line's kg CO2e is its quantity x factor, each Scope 2 line's market figure
 * is the sum of its parts, and the scopes re-add from the lines by plain summation. Returns the mismatches (empty
 * when all hold).
 */
export function checkInventory(inv: Inventory, lines?: readonly ActivityLine[]): string[] {
  const problems: string[] = [];
  const t = inv.totals;
  const close = (a: number, b: number) => Math.abs(a - b) <= tolerance(Math.max(Math.abs(a), Math.abs(b)));

  if (!close(t.s1s2LocationKgCo2e, t.scope1KgCo2e + t.scope2LocationKgCo2e)) problems.push('S1+S2 (location) ≠ S1 + S2 location');
  if (!close(t.s1s2MarketKgCo2e, t.scope1KgCo2e + t.scope2MarketKgCo2e)) problems.push('S1+S2 (market) ≠ S1 + S2 market');
  if (!close(t.totalLocationKgCo2e, t.s1s2LocationKgCo2e + t.scope3KgCo2e)) problems.push('total (location) ≠ S1+S2 + S3');
  if (!close(t.totalMarketKgCo2e, t.s1s2MarketKgCo2e + t.scope3KgCo2e)) problems.push('total (market) ≠ S1+S2 + S3');

  const breakdowns: [string, { totals: ScopeTotals }[]][] = [
    ['byMonth', inv.byMonth],
    ['byCategory', inv.byCategory],
    ['bySite', inv.bySite],
    ['byRegion', inv.byRegion],
    ['byTenant', inv.byTenant],
  ];
  for (const [name, parts] of breakdowns) {
    for (const k of TOTAL_KEYS) {
      const sum = parts.reduce((s, p) => s + p.totals[k], 0);
      if (!close(sum, t[k])) problems.push(`${name}: sum of ${k} ${sum} ≠ total ${t[k]}`);
    }
  }

  if (lines) {
    const mine = lines.filter((l) => l.year === inv.year && (inv.tenantId === null || l.tenantId === inv.tenantId));
    let s1 = 0;
    let s2l = 0;
    let s2m = 0;
    let s3 = 0;
    for (const l of mine) {
      if (!close(l.kgCo2e, l.factorQuantity * l.kgCo2ePerUnit)) problems.push(`line ${l.id}: kgCo2e ≠ quantity x factor`);
      if (l.scope === 2) {
        if (!close(l.locationKgCo2e, l.kgCo2e)) problems.push(`line ${l.id}: location ≠ kgCo2e`);
        const parts = l.market.reduce((s, p) => s + p.kgCo2e, 0);
        if (!close(parts, l.marketKgCo2e)) problems.push(`line ${l.id}: market parts ${parts} ≠ ${l.marketKgCo2e}`);
        const partKwh = l.market.reduce((s, p) => s + p.quantity, 0);
        if (!close(partKwh, l.factorQuantity))
          problems.push(`line ${l.id}: market parts cover ${partKwh} of ${l.factorQuantity}`);
        for (const p of l.market) {
          if (!close(p.kgCo2e, p.quantity * p.kgCo2ePerUnit)) problems.push(`line ${l.id}: ${p.basis} part ≠ quantity x rate`);
        }
        s2l += l.locationKgCo2e;
        s2m += l.marketKgCo2e;
      } else if (l.scope === 1) s1 += l.kgCo2e;
      else s3 += l.kgCo2e;
    }
    const direct: [string, number, number][] = [
      ['scope1KgCo2e', s1, t.scope1KgCo2e],
      ['scope2LocationKgCo2e', s2l, t.scope2LocationKgCo2e],
      ['scope2MarketKgCo2e', s2m, t.scope2MarketKgCo2e],
      ['scope3KgCo2e', s3, t.scope3KgCo2e],
      ['lineCount', mine.length, t.lineCount],
    ];
    for (const [k, a, b] of direct) if (!close(a, b)) problems.push(`lines re-added: ${k} ${a} ≠ ${b}`);
  }
  return problems;
}
