import { describe, expect, it } from 'vitest';
import { createResolver } from '../factors/index.js';
import { type ActivityInput, activityLine, REFRIGERANT_FACTORS } from './activity.js';
import { annualTotals, buildInventory, checkInventory } from './inventory.js';
import type { ActivityLine, CarbonOffset, EnergyAttributeCertificate } from './model.js';
import { computeScope2 } from './scope2.js';

// A hand-computed inventory for 2025. Factors (built-in sets; for 2025 the nearest MEE year is 2023):
//   desnz-2026:diesel-mineral-per-litre        2.66155 kgCO2e/L (TTW, Scope 1 combustion)
//   ipcc-ar5-refrigerants:r-404a               3943 kgCO2e/kg (AR5 GWP100)
//   mee-2023:cn-grid-east                      0.5500 kgCO2/kWh (location, East China grid)
//   mee-2023:cn-grid-north                     0.6361 kgCO2/kWh (location, North China grid)
//   mee-2023:cn-grid-national-excl-market-nonfossil 0.6096 kgCO2/kWh (residual-mix proxy)
//   desnz-2026:hgv-average                     0.12715 kgCO2e/t.km (WTW)
//   desnz-2026:board-primary                   1.19973 kgCO2e/kg (1199.73 kg/t)
//   desnz-2026:plastic-film-primary            2.91651 kgCO2e/kg (2916.51 kg/t)
//
// Scope 1
//   Jan, site-a  5 000 L diesel x 2.66155 = 13 307.75
//   Feb, site-a  7 000 L diesel x 2.66155 = 18 630.85
//   Mar, site-b  5 kg R-404A x 3943       = 19 715
//   S1 = 51 653.6 kg
// Scope 2 (June)
//   site-a (East): consumption 500 000 kWh, solar 180 000 of which 30 000 exported -> self-consumed 150 000,
//     import 350 000. Location 350 000 x 0.55 = 192 500. Market: 200 MWh retired GEC x 0 = 0, the rest
//     150 000 x 0.6096 = 91 440. Export 30 000 x 0.55 = 16 500 avoided, reported apart.
//   site-b (North): import 100 000. Location 100 000 x 0.6361 = 63 610. Market: supplier 40 000 x 0.3 = 12 000,
//     residual 60 000 x 0.6096 = 36 576 -> 48 576.
//   S2 location = 256 110 kg; S2 market = 140 016 kg
// Scope 3
//   Apr, cat 4  250 000 t.km x 0.12715 = 31 787.5
//   May, cat 1  20 000 kg board x 1.19973 = 23 994.6; 1 500 kg film x 2.91651 = 4 374.765
//   S3 = 60 156.865 kg
// Totals: S1+S2 location 307 763.6; S1+S2 market 191 669.6; S1+S2+S3 location 367 920.465, market 251 826.465.

const resolver = createResolver(REFRIGERANT_FACTORS);
const grams = (kg: number) => Math.round(kg * 1000);

const base = { tenantId: 't1', year: 2025, source: 'fleet' as const };
const direct: ActivityInput[] = [
  {
    ...base,
    id: 'diesel-jan',
    month: 1,
    siteId: 'site-a',
    region: 'CN-East',
    scope: 1,
    category: 'mobile_combustion',
    activity: { quantity: 5000, unit: 'litre' },
    factor: { id: 'desnz-2026:diesel-mineral-per-litre' },
  },
  {
    ...base,
    id: 'diesel-feb',
    month: 2,
    siteId: 'site-a',
    region: 'CN-East',
    scope: 1,
    category: 'mobile_combustion',
    activity: { quantity: 7000, unit: 'L' },
    factor: { id: 'desnz-2026:diesel-mineral-per-litre' },
  },
  {
    ...base,
    id: 'r404a-mar',
    month: 3,
    siteId: 'site-b',
    region: 'CN-North',
    scope: 1,
    category: 'refrigerant',
    activity: { quantity: 5, unit: 'kg' },
    factor: { id: 'ipcc-ar5-refrigerants:r-404a' },
  },
  {
    ...base,
    id: 'hgv-apr',
    month: 4,
    scope: 3,
    category: 4,
    activity: { quantity: 250_000, unit: 't.km' },
    factor: { id: 'desnz-2026:hgv-average' },
    source: 'footprint',
  },
  {
    ...base,
    id: 'board-may',
    month: 5,
    scope: 3,
    category: 1,
    activity: { quantity: 20_000, unit: 'kg' },
    factor: { id: 'desnz-2026:board-primary' },
    source: 'packing',
  },
  {
    ...base,
    id: 'film-may',
    month: 5,
    scope: 3,
    category: 1,
    activity: { quantity: 1500, unit: 'kg' },
    factor: { id: 'desnz-2026:plastic-film-primary' },
    source: 'packing',
  },
];

const certificates: EnergyAttributeCertificate[] = [
  { id: 'gec-2025', tenantId: 't1', scheme: 'GEC', mwh: 200, vintageYear: 2025, region: 'CN', status: 'retired' },
  // Not counted: vintage 2023 claimed for 2025, a Dutch GO, a certificate still held.
  { id: 'gec-old', tenantId: 't1', scheme: 'GEC', mwh: 100, vintageYear: 2023, claimYear: 2025, region: 'CN', status: 'retired' },
  { id: 'go-nl', tenantId: 't1', scheme: 'GO', mwh: 500, vintageYear: 2025, region: 'NL', status: 'retired' },
  { id: 'gec-held', tenantId: 't1', scheme: 'GEC', mwh: 300, vintageYear: 2025, region: 'CN', status: 'held' },
];

const offsets: CarbonOffset[] = [
  {
    id: 'vcs-1',
    tenantId: 't1',
    tCo2e: 150,
    registry: 'Verra VCS',
    projectType: 'avoidance',
    vintageYear: 2025,
    status: 'retired',
  },
  {
    id: 'dac-1',
    tenantId: 't1',
    tCo2e: 50,
    registry: 'Puro.earth',
    projectType: 'removal',
    vintageYear: 2024,
    claimYear: 2025,
    status: 'retired',
  },
];

function buildLines(): { lines: ActivityLine[]; scope2: ReturnType<typeof computeScope2> } {
  const scope2 = computeScope2(
    [
      {
        id: 's2-a-jun',
        tenantId: 't1',
        siteId: 'site-a',
        region: 'CN-East',
        year: 2025,
        month: 6,
        consumptionKwh: 500_000,
        solarGenerationKwh: 180_000,
        solarExportKwh: 30_000,
      },
      {
        id: 's2-b-jun',
        tenantId: 't1',
        siteId: 'site-b',
        region: 'CN-North',
        year: 2025,
        month: 6,
        consumptionKwh: 100_000,
        supplier: { name: 'Green Utility Co', kwh: 40_000, kgCo2ePerKwh: 0.3 },
      },
    ],
    certificates,
    resolver,
  );
  const other: ActivityLine = activityLine(
    { ...direct[0], id: 'other-tenant', tenantId: 't2', activity: { quantity: 1000, unit: 'L' } },
    resolver,
  );
  return { lines: [...direct.map((d) => activityLine(d, resolver)), ...scope2.lines, other], scope2 };
}

describe('a hand-computed inventory (S1, S2 both methods with solar and certificates, S3)', () => {
  const { lines, scope2 } = buildLines();
  const inv = buildInventory(lines, {
    year: 2025,
    tenantId: 't1',
    denominators: { parcels: 1_000_000, orders: 800_000, tkm: 250_000 },
    offsets,
    certificates,
  });

  it('reproduces the hand totals to the gram', () => {
    const t = inv.totals;
    expect(grams(t.scope1KgCo2e)).toBe(51_653_600);
    expect(grams(t.scope2LocationKgCo2e)).toBe(256_110_000);
    expect(grams(t.scope2MarketKgCo2e)).toBe(140_016_000);
    expect(grams(t.scope3KgCo2e)).toBe(60_156_865);
    expect(grams(t.s1s2LocationKgCo2e)).toBe(307_763_600);
    expect(grams(t.s1s2MarketKgCo2e)).toBe(191_669_600);
    expect(grams(t.totalLocationKgCo2e)).toBe(367_920_465);
    expect(grams(t.totalMarketKgCo2e)).toBe(251_826_465);
    expect(t.lineCount).toBe(8);
  });

  it('keeps every factor on its line for audit', () => {
    const diesel = lines.find((l) => l.id === 'diesel-jan')!;
    expect(diesel).toMatchObject({
      factorId: 'desnz-2026:diesel-mineral-per-litre',
      factorSetId: 'desnz-2026',
      factorVersion: '2026',
      factorUnit: 'kgCO2e/L',
      boundary: 'TTW',
      kgCo2ePerUnit: 2.66155,
      activity: { quantity: 5000, unit: 'L' },
    });
    expect(grams(diesel.kgCo2e)).toBe(13_307_750);
    const a = scope2.lines.find((l) => l.siteId === 'site-a')!;
    expect(a).toMatchObject({
      factorId: 'mee-2023:cn-grid-east',
      factorVersion: '2023',
      factorQuery: { slug: 'cn-grid-east', year: 2025 },
    });
    expect(a.market.map((p) => [p.basis, p.quantity, p.certificateId ?? p.factor?.factorId])).toEqual([
      ['certificate', 200_000, 'gec-2025'],
      ['residual', 150_000, 'mee-2023:cn-grid-national-excl-market-nonfossil'],
    ]);
  });

  it('takes self-consumed solar out of Scope 2 and reports exports apart, never netted', () => {
    const a = scope2.lines.find((l) => l.siteId === 'site-a')!;
    expect(a.energy).toMatchObject({ solarSelfConsumedKwh: 150_000, solarExportKwh: 30_000, gridImportKwh: 350_000 });
    expect(grams(a.locationKgCo2e)).toBe(192_500_000);
    expect(grams(a.marketKgCo2e)).toBe(91_440_000);
    expect(grams(inv.claims.exportAvoidedKgCo2e)).toBe(16_500_000);
    expect(inv.energy).toEqual({
      gridImportKwh: 450_000,
      solarGenerationKwh: 180_000,
      solarSelfConsumedKwh: 150_000,
      solarExportKwh: 30_000,
      certificateKwh: 200_000,
    });
  });

  it('uses only the matching certificate and says why the others were not', () => {
    const byId = Object.fromEntries(scope2.certificates.map((c) => [c.certificateId, c]));
    expect(byId['gec-2025']).toMatchObject({ usedKwh: 200_000, unusedKwh: 0 });
    expect(byId['gec-2025'].reason).toBeUndefined();
    expect(byId['gec-old']).toMatchObject({ usedKwh: 0, reason: 'vintage' });
    expect(byId['go-nl']).toMatchObject({ usedKwh: 0, reason: 'market' });
    expect(byId['gec-held']).toMatchObject({ usedKwh: 0, reason: 'not_retired' });
  });

  it('breaks down by month, category, site, region and tenant', () => {
    const month = (m: number) => inv.byMonth[m - 1].totals;
    expect(inv.byMonth).toHaveLength(12);
    expect(grams(month(1).scope1KgCo2e)).toBe(13_307_750);
    expect(grams(month(2).scope1KgCo2e)).toBe(18_630_850);
    expect(grams(month(3).scope1KgCo2e)).toBe(19_715_000);
    expect(grams(month(4).scope3KgCo2e)).toBe(31_787_500);
    expect(grams(month(5).scope3KgCo2e)).toBe(28_369_365);
    expect(grams(month(6).scope2MarketKgCo2e)).toBe(140_016_000);
    expect(month(7).lineCount).toBe(0);

    expect(inv.byCategory.map((c) => [c.scope, c.category, grams(c.totals.totalMarketKgCo2e)])).toEqual([
      [1, 'mobile_combustion', 31_938_600],
      [1, 'refrigerant', 19_715_000],
      [2, 'electricity', 140_016_000],
      [3, 1, 28_369_365],
      [3, 4, 31_787_500],
    ]);
    expect(inv.byCategory[4].name).toBe('4. Upstream transportation and distribution');

    expect(inv.bySite.map((s) => [s.siteId, grams(s.totals.s1s2LocationKgCo2e), grams(s.totals.totalMarketKgCo2e)])).toEqual([
      ['site-a', 31_938_600 + 192_500_000, 31_938_600 + 91_440_000],
      ['site-b', 19_715_000 + 63_610_000, 19_715_000 + 48_576_000],
      [null, 0, 60_156_865],
    ]);
    expect(inv.byRegion.map((r) => r.region)).toEqual(['CN-East', 'CN-North', null]);
    expect(inv.byTenant.map((t) => t.tenantId)).toEqual(['t1']);
  });

  it('includes other tenants only when not filtered', () => {
    const all = buildInventory(lines, { year: 2025 });
    expect(all.tenantId).toBeNull();
    // + 1 000 L x 2.66155 = 2 661.55 kg for t2
    expect(grams(all.totals.scope1KgCo2e)).toBe(51_653_600 + 2_661_550);
    expect(all.byTenant.map((t) => [t.tenantId, grams(t.totals.scope1KgCo2e)])).toEqual([
      ['t1', 51_653_600],
      ['t2', 2_661_550],
    ]);
    expect(checkInventory(all, lines)).toEqual([]);
  });

  it('computes intensities per parcel, order and t.km', () => {
    const by = Object.fromEntries(inv.intensities.map((i) => [i.denominator, i]));
    expect(by.parcel.marketKgCo2ePerUnit).toBeCloseTo(0.251826465, 12);
    expect(by.parcel.locationKgCo2ePerUnit).toBeCloseTo(0.367920465, 12);
    expect(by.order.marketKgCo2ePerUnit).toBeCloseTo(0.31478308125, 12);
    expect(by.tkm.marketKgCo2ePerUnit).toBeCloseTo(1.00730586, 12);
  });

  it('passes the independent re-check (sum of parts = total)', () => {
    expect(checkInventory(inv, lines)).toEqual([]);
    // And the re-check does catch a broken inventory.
    const broken = { ...inv, totals: { ...inv.totals, scope3KgCo2e: inv.totals.scope3KgCo2e + 0.01 } };
    expect(checkInventory(broken, lines).length).toBeGreaterThan(0);
    const badLine = { ...lines[0], kgCo2e: lines[0].kgCo2e + 1 } as ActivityLine;
    expect(checkInventory(inv, [badLine, ...lines.slice(1)]).some((p) => p.includes('quantity x factor'))).toBe(true);
  });

  it('shows offsets and certificates beside the inventory without changing any total', () => {
    const without = buildInventory(lines, {
      year: 2025,
      tenantId: 't1',
      denominators: { parcels: 1_000_000, orders: 800_000, tkm: 250_000 },
    });
    expect(without.totals).toEqual(inv.totals);
    expect(without.byMonth).toEqual(inv.byMonth);
    expect(without.byCategory).toEqual(inv.byCategory);
    expect(without.intensities).toEqual(inv.intensities);
    expect(inv.claims.offsets).toEqual({
      retiredTCo2e: 200,
      removalTCo2e: 50,
      avoidanceTCo2e: 150,
      count: 2,
      ids: ['dac-1', 'vcs-1'],
    });
    expect(inv.claims.certificates).toEqual({ retiredMwh: 200 + 100 + 500, count: 3, ids: ['gec-2025', 'gec-old', 'go-nl'] });
    expect(without.claims.offsets.retiredTCo2e).toBe(0);
  });

  it('lists the factor sets behind the figures', () => {
    expect(inv.factorSets).toEqual([
      { setId: 'desnz-2026', version: '2026', lineCount: 5 },
      { setId: 'ipcc-ar5-refrigerants', version: null, lineCount: 1 },
      { setId: 'mee-2023', version: '2023', lineCount: 2 },
    ]);
  });

  it('gives annual totals per year for target tracking', () => {
    const older = activityLine({ ...direct[0], id: 'diesel-2024', year: 2024 }, resolver);
    const series = annualTotals([...lines, older], 't1');
    expect(series.map((s) => s.year)).toEqual([2024, 2025]);
    expect(grams(series[0].totals.scope1KgCo2e)).toBe(13_307_750);
    expect(grams(series[1].totals.totalMarketKgCo2e)).toBe(251_826_465);
  });

  it('refuses a non-positive denominator', () => {
    expect(() => buildInventory(lines, { year: 2025, denominators: { parcels: 0 } })).toThrow(/parcel denominator/);
  });
});
