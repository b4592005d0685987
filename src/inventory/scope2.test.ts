import { describe, expect, it } from 'vitest';
import type { AppError } from '../core/index.js';
import { builtInResolver, createResolver, type Factor } from '../factors/index.js';
import type { EnergyAttributeCertificate } from './model.js';
import { computeScope2, regionInfo, type SiteEnergyPeriod } from './scope2.js';

const grams = (kg: number) => Math.round(kg * 1000);

const period = (over: Partial<SiteEnergyPeriod> = {}): SiteEnergyPeriod => ({
  tenantId: 't1',
  siteId: 'hub',
  region: 'CN-East',
  year: 2025,
  month: 1,
  consumptionKwh: 100_000,
  ...over,
});

const cert = (over: Partial<EnergyAttributeCertificate> = {}): EnergyAttributeCertificate => ({
  id: 'c1',
  tenantId: 't1',
  scheme: 'GEC',
  mwh: 10,
  vintageYear: 2025,
  region: 'CN',
  status: 'retired',
  ...over,
});

describe('regionInfo', () => {
  it('reads the market and MEE grid region', () => {
    expect(regionInfo('CN-East')).toEqual({ market: 'CN', grid: 'East' });
    expect(regionInfo('east china')).toEqual({ market: 'CN', grid: 'East' });
    expect(regionInfo('Northwest')).toEqual({ market: 'CN', grid: 'Northwest' });
    expect(regionInfo('CN-Shanghai')).toEqual({ market: 'CN' });
    expect(regionInfo('NL')).toEqual({ market: 'NL' });
    expect(regionInfo(undefined)).toEqual({ market: 'CN' });
  });
});

describe('computeScope2', () => {
  it('location-based uses the regional grid, else the national average, and says so', () => {
    const r = computeScope2(
      [period({ siteId: 'a' }), period({ siteId: 'b', region: 'CN-Shanghai' }), period({ siteId: 'c', region: undefined })],
      [],
      builtInResolver,
    );
    // 100 000 kWh x 0.55 (East) / x 0.5306 (national, for a province and for no region)
    expect(r.lines.map((l) => [l.siteId, l.factorId, l.nationalFallback, grams(l.locationKgCo2e)])).toEqual([
      ['a', 'mee-2023:cn-grid-east', false, 55_000_000],
      ['b', 'mee-2023:cn-grid-national', true, 53_060_000],
      ['c', 'mee-2023:cn-grid-national', true, 53_060_000],
    ]);
    // Market-based without instruments: all at the residual 0.6096 -> 60 960 kg each
    expect(r.lines.map((l) => grams(l.marketKgCo2e))).toEqual([60_960_000, 60_960_000, 60_960_000]);
  });

  it('uses the factors of the nearest year', () => {
    const r = computeScope2([period({ year: 2022, region: 'CN' }), period({ year: 2021, region: 'CN' })], [], builtInResolver);
    // 2021 -> nearest set 2022: national 0.5366, residual 0.5856
    expect(r.lines.map((l) => [l.year, l.factorId, grams(l.locationKgCo2e), grams(l.marketKgCo2e)])).toEqual([
      [2021, 'mee-2022:cn-grid-national', 53_660_000, 58_560_000],
      [2022, 'mee-2022:cn-grid-national', 53_660_000, 58_560_000],
    ]);
  });

  it('removes self-consumed solar under both methods and never nets exports', () => {
    const noSolar = computeScope2([period({ consumptionKwh: 70_000 })], [], builtInResolver).lines[0];
    // 100 000 consumed, 40 000 generated, 10 000 exported -> 30 000 self-consumed, 70 000 imported
    const solar = computeScope2([period({ solarGenerationKwh: 40_000, solarExportKwh: 10_000 })], [], builtInResolver).lines[0];
    expect(solar.energy).toMatchObject({ solarSelfConsumedKwh: 30_000, gridImportKwh: 70_000, solarExportKwh: 10_000 });
    // Same import as a site without solar: same Scope 2, the export does not lower it.
    expect(solar.locationKgCo2e).toBe(noSolar.locationKgCo2e);
    expect(solar.marketKgCo2e).toBe(noSolar.marketKgCo2e);
    expect(grams(solar.locationKgCo2e)).toBe(38_500_000); // 70 000 x 0.55
    expect(grams(solar.energy!.exportAvoidedKgCo2e)).toBe(5_500_000); // 10 000 x 0.55, apart
  });

  it('prefers the metered import and warns when it disagrees', () => {
    const r = computeScope2([period({ solarSelfConsumedKwh: 30_000, gridImportKwh: 60_000 })], [], builtInResolver);
    expect(r.lines[0].activity).toEqual({ quantity: 60_000, unit: 'kWh' });
    expect(r.periods[0].warnings[0]).toMatch(/metered import 60000 kWh differs/);
    const ok = computeScope2([period({ solarSelfConsumedKwh: 30_000, gridImportKwh: 70_500 })], [], builtInResolver);
    expect(ok.periods[0].warnings).toEqual([]);
  });

  it('applies the market hierarchy: certificates, supplier, residual', () => {
    const r = computeScope2(
      [period({ supplier: { name: 'Utility', kwh: 50_000, kgCo2ePerKwh: 0.2 } })],
      [cert({ mwh: 30 }), cert({ id: 'c2', mwh: 5, kgCo2ePerKwh: 0.05 })],
      builtInResolver,
    );
    // 30 000 x 0 + 5 000 x 0.05 + 50 000 x 0.2 + 15 000 x 0.6096 = 0 + 250 + 10 000 + 9 144 = 19 394 kg
    const line = r.lines[0];
    expect(line.market.map((p) => [p.basis, p.quantity, grams(p.kgCo2e)])).toEqual([
      ['certificate', 30_000, 0],
      ['certificate', 5_000, 250_000],
      ['supplier', 50_000, 10_000_000],
      ['residual', 15_000, 9_144_000],
    ]);
    expect(grams(line.marketKgCo2e)).toBe(19_394_000);
    expect(r.totals).toMatchObject({ certificateKwh: 35_000, supplierKwh: 50_000, residualKwh: 15_000 });
  });

  it('caps a supplier contract at what certificates left', () => {
    const r = computeScope2(
      [period({ supplier: { name: 'U', kwh: 95_000, kgCo2ePerKwh: 0.2 } })],
      [cert({ mwh: 10 })],
      builtInResolver,
    );
    expect(r.lines[0].market.map((p) => [p.basis, p.quantity])).toEqual([
      ['certificate', 10_000],
      ['supplier', 90_000],
    ]);
    expect(r.periods[0].warnings[0]).toMatch(/only 90000 kWh were left/);
  });

  it('matches certificates by tenant, claim year, vintage, market, grid region and site', () => {
    const certs = [
      cert({ id: 'ok' }),
      cert({ id: 'other-tenant', tenantId: 't2' }),
      cert({ id: 'claim-2024', vintageYear: 2024 }),
      cert({ id: 'vintage', vintageYear: 2024, claimYear: 2025 }),
      cert({ id: 'north-only', region: 'CN-North' }),
      cert({ id: 'east-only', region: 'CN-East', mwh: 5 }),
      cert({ id: 'other-site', siteId: 'elsewhere' }),
      cert({ id: 'i-rec-gb', scheme: 'I-REC', region: 'GB' }),
    ];
    const r = computeScope2([period()], certs, builtInResolver);
    const reasons = Object.fromEntries(r.certificates.map((c) => [c.certificateId, c.reason ?? `used ${c.usedKwh}`]));
    expect(reasons).toEqual({
      ok: 'used 10000',
      'other-tenant': 'other_tenant',
      'claim-2024': 'claim_year',
      vintage: 'vintage',
      'north-only': 'market',
      'east-only': 'used 5000',
      'other-site': 'site',
      'i-rec-gb': 'market',
    });
    // A one-year vintage tolerance lets the 2024 vintage claimed for 2025 in.
    const tolerant = computeScope2([period()], certs, builtInResolver, { vintageToleranceYears: 1 });
    expect(tolerant.certificates.find((c) => c.certificateId === 'vintage')?.usedKwh).toBe(10_000);
  });

  it('allocates site certificates first, then the pool, in time order; never beyond the import', () => {
    const r = computeScope2(
      [
        period({ siteId: 'b', month: 1, consumptionKwh: 8_000 }),
        period({ siteId: 'a', month: 2, consumptionKwh: 8_000 }),
        period({ siteId: 'a', month: 1, consumptionKwh: 8_000 }),
      ],
      [cert({ id: 'pool-2', mwh: 100 }), cert({ id: 'for-b', siteId: 'b', mwh: 3 }), cert({ id: 'pool-1', mwh: 10 })],
      builtInResolver,
    );
    // Periods a/Jan, b/Jan, a/Feb; pooled certificates by id. a/Jan: pool-1 8 000. b/Jan: for-b 3 000 first, then
    // pool-1's last 2 000 and pool-2 3 000. a/Feb: pool-2 8 000.
    expect(r.periods.map((p) => [p.siteId, p.month, p.line.market.map((m) => `${m.certificateId}:${m.quantity}`)])).toEqual([
      ['a', 1, ['pool-1:8000']],
      ['b', 1, ['for-b:3000', 'pool-1:2000', 'pool-2:3000']],
      ['a', 2, ['pool-2:8000']],
    ]);
    const big = r.certificates.find((c) => c.certificateId === 'pool-2')!;
    expect(big).toMatchObject({ usedKwh: 11_000, unusedKwh: 89_000, reason: 'exceeds_import' });
    expect(r.lines.every((l) => l.marketKgCo2e === 0)).toBe(true);
  });

  it('flags the lost claim when the certificates of own solar were sold', () => {
    // 200 000 consumed; 100 000 generated, 20 000 exported -> 80 000 self-consumed, 120 000 imported.
    // 50 MWh of the site's solar certificates sold: 20 000 are the export's, 30 000 self-consumed lose the claim.
    const sold = cert({ id: 'sold', status: 'sold', mwh: 50, issuedFromSiteId: 'hub' });
    const r = computeScope2(
      [period({ consumptionKwh: 200_000, solarGenerationKwh: 100_000, solarExportKwh: 20_000 })],
      [sold],
      builtInResolver,
    );
    const e = r.lines[0].energy!;
    expect(e).toMatchObject({ solarClaimLost: true, solarClaimLostKwh: 30_000 });
    expect(grams(e.solarClaimLostKgCo2eAtResidual)).toBe(18_288_000); // 30 000 x 0.6096, informational
    // Market-based Scope 2 is still the import at the residual: 120 000 x 0.6096 = 73 152 kg.
    expect(grams(r.lines[0].marketKgCo2e)).toBe(73_152_000);
    expect(r.certificates[0]).toMatchObject({ usedKwh: 0, reason: 'not_retired' });
    expect(r.periods[0].warnings.at(-1)).toMatch(/30000 kWh of self-consumed solar were sold/);

    const onlyExport = computeScope2(
      [period({ solarGenerationKwh: 100_000, solarExportKwh: 20_000, solarCertificatesSoldKwh: 20_000 })],
      [],
      builtInResolver,
    );
    expect(onlyExport.lines[0].energy).toMatchObject({ solarClaimLost: false, solarClaimLostKwh: 0 });
  });

  it('needs a factor outside China and falls back to the grid average without a residual mix', () => {
    expect(() => computeScope2([period({ region: 'GB' })], [], builtInResolver)).toThrow(/give locationFactor/);
    const uk: Factor = {
      id: 'acme:uk-grid-2025',
      setId: 'acme',
      name: 'UK grid',
      category: 'electricity',
      unit: 'kgCO2e/kWh',
      values: { wtw: 0.177 },
      gwp: 'AR5',
      region: 'GB',
      year: 2025,
      source: 'test',
      licence: 'test',
    };
    const r = computeScope2(
      [period({ region: 'GB', locationFactor: { id: uk.id } })],
      [cert({ region: 'GB', mwh: 40 })],
      createResolver([uk]),
    );
    // 100 000 x 0.177 = 17 700 location; market: 40 000 certificates x 0 + 60 000 x 0.177 (grid average) = 10 620
    expect(grams(r.lines[0].locationKgCo2e)).toBe(17_700_000);
    expect(r.lines[0].market.map((p) => [p.basis, p.quantity])).toEqual([
      ['certificate', 40_000],
      ['grid_average', 60_000],
    ]);
    expect(grams(r.lines[0].marketKgCo2e)).toBe(10_620_000);
    expect(r.periods[0].warnings[0]).toMatch(/no residual-mix factor for market GB/);
  });

  it('refuses bad meters with field pointers', () => {
    let error: AppError | undefined;
    try {
      computeScope2([period(), period({ consumptionKwh: -5, solarGenerationKwh: 10, solarExportKwh: 20 })], [], builtInResolver);
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.details).toEqual([
      { field: '/periods/1/consumptionKwh', message: 'must be a number of kWh, 0 or more' },
      { field: '/periods/1/solarExportKwh', message: 'export 20 kWh exceeds generation 10 kWh' },
    ]);
    expect(() => computeScope2([period({ solarSelfConsumedKwh: 200_000 })], [], builtInResolver)).toThrow(/exceeds consumption/);
  });
});
