import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';
import type { TargetProgress } from './targets.js';

// The hand-computed inventory of the engine test (inventory.test.ts), loaded through the API. 2025, one tenant:
//   Scope 1: 5 000 L + 7 000 L diesel x 2.66155 = 13 307.75 + 18 630.85; 5 kg R-404A x 3943 = 19 715 -> 51 653.6
//   Scope 2 (June):
//     solar site (East grid): consumption 500 000 kWh, generation 180 000 of which 30 000 exported -> self-consumed
//       150 000, import 350 000. Location 350 000 x 0.55 = 192 500. Market: 200 MWh retired GEC x 0 = 0, the rest
//       150 000 x 0.6096 (residual) = 91 440. Export 30 000 x 0.55 = 16 500 avoided, reported apart.
//     site-b (North grid), imported as a plain electricity line (no contractual instrument): 100 000 kWh x 0.6361
//       = 63 610 under both methods.
//     S2 location 256 110, market 155 050.
//   Scope 3: 250 000 t.km x 0.12715 = 31 787.5; 20 000 kg board x 1.19973 = 23 994.6; 1 500 kg film x 2.91651
//     = 4 374.765 -> 60 156.865
//   Totals: location 367 920.465, market 266 860.465.
// Base year 2021: 10 000 L diesel = 26 615.5 (S1); 400 000 t.km x 0.12715 = 50 860 (S3); total 77 475.5.

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 6);

const DIRECT_ROWS = [
  {
    year: 2025,
    month: 1,
    scope: 1,
    category: 'mobile_combustion',
    quantity: 5000,
    unit: 'litre',
    factorId: 'desnz-2026:diesel-mineral-per-litre',
    siteId: 'site-a',
    region: 'CN-East',
  },
  {
    year: 2025,
    month: 2,
    scope: 1,
    category: 'mobile_combustion',
    quantity: 7000,
    unit: 'L',
    factorId: 'desnz-2026:diesel-mineral-per-litre',
    siteId: 'site-a',
    region: 'CN-East',
  },
  {
    year: 2025,
    month: 3,
    scope: 1,
    category: 'refrigerant',
    quantity: 5,
    unit: 'kg',
    factorId: 'ipcc-ar5-refrigerants:r-404a',
    siteId: 'site-b',
    region: 'CN-North',
  },
];

const CSV = [
  'year,month,scope,category,quantity,unit,factor_id,site_id,region',
  '2025,4,3,4,250000,t.km,desnz-2026:hgv-average,,',
  '2025,5,3,1,20000,kg,desnz-2026:board-primary,,',
  '2025,5,3,1,1500,kg,desnz-2026:plastic-film-primary,,',
  '2025,6,2,electricity,100000,kWh,mee-2023:cn-grid-north,site-b,CN-North',
  '',
].join('\n');

const BASE_ROWS = [
  {
    year: 2021,
    month: 3,
    scope: 1,
    category: 'mobile_combustion',
    quantity: 10_000,
    unit: 'L',
    factorId: 'desnz-2026:diesel-mineral-per-litre',
  },
  { year: 2021, month: 7, scope: 3, category: 4, quantity: 400_000, unit: 't.km', factorId: 'desnz-2026:hgv-average' },
];

const fuelSet = (version: string, ttw: number) => ({
  id: 'acme-fuel',
  name: 'Acme fuel factors',
  version,
  publisher: 'Acme',
  licence: 'internal',
  factors: [
    { slug: 'diesel', name: 'Diesel', category: 'fuel', unit: 'kgCO2e/L', values: { ttw }, gwp: 'AR6', region: 'CN', year: 2021 },
  ],
});

describe(`inventory API (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let tenant: string;
  let key: string;
  let parkId: string;

  const inject = (method: 'GET' | 'POST', url: string, payload?: unknown, k = key) =>
    t.app.inject({ method, url, headers: bearer(k), ...(payload === undefined ? {} : { payload: payload as object }) });
  const csv = (url: string, body: string, k = key) =>
    t.app.inject({ method: 'POST', url, headers: { ...bearer(k), 'content-type': 'text/csv' }, payload: body });
  const inventory = async (q = 'year=2025') => {
    const res = await inject('GET', `/v1/inventory?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.tenant('Inventory Co');
    key = await t.keyFor('merchant', tenant);
    const park = await inject('POST', '/v1/solar/parks', {
      name: 'Roof A',
      city: 'Shanghai',
      province: 'Shanghai',
      region: 'East',
      lat: 31.2,
      lon: 121.5,
    });
    expect(park.statusCode, park.body).toBe(201);
    parkId = park.json().id;
    const system = await inject('POST', `/v1/solar/parks/${parkId}/systems`, {
      id: 'A-PV',
      name: 'roof',
      dcKwp: 200_000,
      tiltDeg: 10,
    });
    expect(system.statusCode, system.body).toBe(201);
    const time = '2025-06-10T12:00:00+08:00';
    const meter = await inject('POST', '/v1/solar/readings', {
      parkId,
      kind: 'meter',
      rows: [{ time, systemId: 'A-PV', acKwh: 180_000 }],
    });
    expect(meter.statusCode, meter.body).toBe(200);
    const site = await inject('POST', '/v1/solar/readings', {
      parkId,
      kind: 'site',
      rows: [{ time, consumptionKwh: 500_000, importKwh: 350_000, exportKwh: 30_000 }],
    });
    expect(site.statusCode, site.body).toBe(200);
  });
  afterAll(async () => t.close());

  it('imports JSON rows and CSV, all or nothing, without counting a re-import twice', async () => {
    const rows = await inject('POST', '/v1/inventory/activity', { rows: DIRECT_ROWS });
    expect(rows.statusCode, rows.body).toBe(200);
    expect(rows.json()).toMatchObject({ tenantId: tenant, rows: 3, inserted: 3, duplicates: 0 });
    close(rows.json().kgCo2e.scope1, 51_653.6);
    const file = await csv('/v1/inventory/activity', CSV);
    expect(file.statusCode, file.body).toBe(200);
    expect(file.json()).toMatchObject({ rows: 4, inserted: 4, duplicates: 0 });
    // The same file and rows again: nothing new.
    expect((await csv('/v1/inventory/activity', CSV)).json()).toMatchObject({ inserted: 0, duplicates: 4 });
    expect((await inject('POST', '/v1/inventory/activity', { rows: DIRECT_ROWS })).json()).toMatchObject({
      inserted: 0,
      duplicates: 3,
    });
    const base = await inject('POST', '/v1/inventory/activity', { rows: BASE_ROWS });
    expect(base.json()).toMatchObject({ inserted: 2 });
  });

  it('refuses a bad CSV with its line and column, importing nothing', async () => {
    const before = (await inventory()).totals.lineCount;
    const bad = await csv(
      '/v1/inventory/activity',
      'year,month,scope,category,quantity,unit,factor_id\n2025,7,1,mobile_combustion,100,L,desnz-2026:diesel-mineral-per-litre\n2025,13,1,mobile_combustion,5,L,no-such:factor\n',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const errors = bad.json().errors as { line?: number; field?: string }[];
    expect(errors).toContainEqual(expect.objectContaining({ line: 3, field: 'month' }));
    const badJson = await inject('POST', '/v1/inventory/activity', {
      rows: [
        { ...DIRECT_ROWS[0], year: 2025, month: 8 },
        { ...DIRECT_ROWS[0], unit: 'kWh' },
      ],
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().errors[0].field).toMatch(/^\/rows\/1\//);
    expect((await inventory()).totals.lineCount).toBe(before);
  });

  it('builds Scope 2 from the solar meters with the certificates, idempotently', async () => {
    const gec = await inject('POST', '/v1/inventory/certificates', {
      id: 'gec-2025',
      scheme: 'GEC',
      mwh: 200,
      vintageYear: 2025,
      region: 'CN',
      status: 'retired',
    });
    expect(gec.statusCode, gec.body).toBe(201);
    expect(gec.json().resync).toBeNull();
    const sync = await inject('POST', '/v1/inventory/sync?year=2025');
    expect(sync.statusCode, sync.body).toBe(200);
    expect(sync.json()).toMatchObject({ year: 2025, parks: 1, lines: 1, replaced: 0 });
    close(sync.json().locationKgCo2e, 192_500);
    close(sync.json().marketKgCo2e, 91_440);
    // A held certificate counts for nothing; recording it re-runs the year's solar lines (same figures).
    const held = await inject('POST', '/v1/inventory/certificates', {
      id: 'gec-held',
      scheme: 'GEC',
      mwh: 300,
      vintageYear: 2025,
      region: 'CN',
      status: 'held',
    });
    expect(held.json().resync).toMatchObject({ lines: 1, replaced: 1 });
    close(held.json().resync.marketKgCo2e, 91_440);
    const again = await inject('POST', '/v1/inventory/sync?year=2025');
    expect(again.json()).toMatchObject({ lines: 1, replaced: 1 });
    const dup = await inject('POST', '/v1/inventory/certificates', {
      id: 'gec-2025',
      scheme: 'GEC',
      mwh: 1,
      vintageYear: 2025,
      region: 'CN',
      status: 'retired',
    });
    expect(dup.statusCode).toBe(409);
  });

  it('reproduces the hand-computed inventory exactly; offsets never change it', async () => {
    const inv = await inventory();
    const t1 = inv.totals;
    close(t1.scope1KgCo2e, 51_653.6);
    close(t1.scope2LocationKgCo2e, 256_110);
    close(t1.scope2MarketKgCo2e, 155_050);
    close(t1.scope3KgCo2e, 60_156.865);
    close(t1.totalLocationKgCo2e, 367_920.465);
    close(t1.totalMarketKgCo2e, 266_860.465);
    expect(t1.lineCount).toBe(8);
    expect(inv.checked).toBe(true);
    expect(inv.tenantId).toBe(tenant);
    close(inv.energy.solarSelfConsumedKwh, 150_000);
    close(inv.energy.certificateKwh, 200_000);
    close(inv.claims.exportAvoidedKgCo2e, 16_500);
    expect(inv.claims.certificates).toMatchObject({ retiredMwh: 200, ids: ['gec-2025'] });
    expect(inv.intensities).toEqual([]);
    const june = inv.byMonth.find((m: { month: number }) => m.month === 6).totals;
    close(june.scope2MarketKgCo2e, 155_050);
    const bySite = await inventory('year=2025&by=site');
    const siteB = bySite.breakdown.find((s: { siteId: string | null }) => s.siteId === 'site-b').totals;
    close(siteB.scope1KgCo2e, 19_715);
    close(siteB.scope2LocationKgCo2e, 63_610);
    const byScope = await inventory('year=2025&by=scope');
    expect(byScope.breakdown).toHaveLength(4);
    const month = await inventory('year=2025&month=3');
    close(month.totals.scope1KgCo2e, 19_715);
    expect(month.month).toBe(3);

    for (const o of [
      { id: 'vcs-1', tCo2e: 150, registry: 'Verra VCS', projectType: 'avoidance', vintageYear: 2025, status: 'retired' },
      {
        id: 'dac-1',
        tCo2e: 50,
        registry: 'Puro.earth',
        projectType: 'removal',
        vintageYear: 2024,
        claimYear: 2025,
        status: 'retired',
      },
    ]) {
      const res = await inject('POST', '/v1/inventory/offsets', o);
      expect(res.statusCode, res.body).toBe(201);
    }
    const after = await inventory();
    expect(after.totals).toEqual(inv.totals);
    expect(after.claims.offsets).toMatchObject({ retiredTCo2e: 200, removalTCo2e: 50, avoidanceTCo2e: 150, count: 2 });
    expect((await inject('GET', '/v1/inventory/offsets')).json().items).toHaveLength(2);
    expect((await inject('GET', '/v1/inventory/certificates')).json().items).toHaveLength(2);
  });

  it('answers the default targets with hand-computed pathways, offsets apart', async () => {
    const res = await inject('GET', '/v1/targets');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.defaults).toBe(true);
    close(body.baseYearTotals.totalMarketKgCo2e, 77_475.5);
    const byId = new Map((body.targets as TargetProgress[]).map((p) => [p.target.id, p]));
    const neutral = byId.get('carbon-neutral-operations-2030') as TargetProgress;
    close(neutral.target.baseValue, 26_615.5);
    const y2025 = neutral.years.find((y) => y.year === 2025) as TargetProgress['years'][number];
    close(y2025.pathway, (26_615.5 * 5) / 9); // 14 786.3889
    close(y2025.actual, 206_703.6); // 51 653.6 + 155 050
    close(y2025.gap, 206_703.6 - (26_615.5 * 5) / 9);
    expect(neutral.offsetClaims.find((c: { year: number }) => c.year === 2025)).toMatchObject({
      retiredTCo2e: 200,
      claimHolds: false,
    });
    const half = byId.get('scope123-half-by-2030') as TargetProgress;
    close(half.linearPctPerYear, 50 / 9);
    close(half.compoundPctPerYear ?? Number.NaN, (1 - 0.5 ** (1 / 9)) * 100);
    const h2025 = half.years.find((y) => y.year === 2025) as TargetProgress['years'][number];
    close(h2025.pathway, (77_475.5 * 7) / 9); // 60 258.7222
    close(h2025.actual, 266_860.465); // offsets not netted
    expect(h2025.onTrack).toBe(false);
    expect(half.status).toBe('off_track');
    close(half.pathway.at(-1)?.linear ?? Number.NaN, 38_737.75);
    expect(body.offsets).toEqual([{ year: 2025, retiredTCo2e: 200, removalTCo2e: 50, avoidanceTCo2e: 150 }]);

    const set = await inject('POST', '/v1/targets', {
      targets: [{ id: 's3-30', scopes: [3], targetYear: 2030, reductionPct: 30 }],
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().defaults).toBe(false);
    const s3 = set.json().targets[0];
    close(s3.target.baseValue, 50_860);
    close(s3.years.find((y: { year: number }) => y.year === 2025).pathway, 50_860 * (1 - (0.3 * 4) / 9)); // 44 078.667
    const bad = await inject('POST', '/v1/targets', {
      targets: [{ id: 'x', scopes: [1], baseYear: 2019, targetYear: 2030, reductionPct: 30 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('/targets/0/baseValue');
  });

  it('recalculates the base year after a factor-set change, flagging a change past 5 %', async () => {
    const other = await t.tenant('Recalc Co');
    const k = await t.keyFor('merchant', other);
    const load = (version: string, ttw: number) =>
      t.app.inject({ method: 'POST', url: '/v1/factor-sets?replace=true', headers: bearer(k), payload: fuelSet(version, ttw) });
    expect((await load('1', 2.5)).statusCode).toBe(201);
    const rows = await inject(
      'POST',
      '/v1/inventory/activity',
      { rows: [{ ...BASE_ROWS[0], factorId: 'acme-fuel:diesel' }, BASE_ROWS[1]] },
      k,
    );
    expect(rows.statusCode, rows.body).toBe(200);
    // 10 000 L x 2.5 = 25 000 + 50 860 = 75 860.
    expect((await load('2', 2.6)).statusCode).toBe(200);
    const small = await inject('POST', '/v1/inventory/base-year/recalculations', { note: 'Acme v2' }, k);
    expect(small.statusCode, small.body).toBe(201);
    // 26 000 + 50 860 = 76 860: +1.318 %, below the threshold.
    close(small.json().previousKgCo2e, 75_860);
    close(small.json().newKgCo2e, 76_860);
    close(small.json().changePct, (1000 / 75_860) * 100);
    expect(small.json()).toMatchObject({
      baseYear: 2021,
      reason: 'factor_update',
      significant: false,
      applied: true,
      thresholdPct: 5,
    });
    expect((await load('3', 3.0)).statusCode).toBe(200);
    const big = await inject('POST', '/v1/inventory/base-year/recalculations', { reason: 'factor_update' }, k);
    // 30 000 + 50 860 = 80 860 against the recalculated 76 860: +5.204 %, significant.
    close(big.json().changePct, (4000 / 76_860) * 100);
    expect(big.json().significant).toBe(true);
    expect(big.json().factorChanges).toEqual([
      {
        previousFactorId: 'acme-fuel:diesel',
        newFactorId: 'acme-fuel:diesel',
        previousKgCo2ePerUnit: 2.6,
        newKgCo2ePerUnit: 3,
        lineCount: 1,
      },
    ]);
    const log = await inject('GET', '/v1/inventory/base-year/recalculations', undefined, k);
    expect(log.json().items.map((r: { significant: boolean }) => r.significant)).toEqual([false, true]);
    const inv = (await inject('GET', '/v1/inventory?year=2021', undefined, k)).json();
    close(inv.totals.totalMarketKgCo2e, 80_860);
    expect(inv.factorSets).toContainEqual({ setId: 'acme-fuel', version: '3', lineCount: 1 });
    // Another tenant's log is not shown to this key; the first tenant has none.
    expect((await inject('GET', '/v1/inventory/base-year/recalculations')).json().items).toEqual([]);
  });

  it('lets an analyst read but not write, and an admin read the whole company', async () => {
    const analyst = await t.keyFor('analyst');
    expect((await inject('GET', `/v1/inventory?year=2025&tenantId=${tenant}`, undefined, analyst)).statusCode).toBe(200);
    expect((await inject('POST', '/v1/inventory/activity', { tenantId: tenant, rows: DIRECT_ROWS }, analyst)).statusCode).toBe(
      403,
    );
    const all = (await inject('GET', '/v1/inventory?year=2025&by=tenant', undefined, t.adminKey)).json();
    expect(all.tenantId).toBeNull();
    expect(all.breakdown.map((b: { tenantId: string }) => b.tenantId)).toContain(tenant);
    const noTenant = await inject('POST', '/v1/inventory/activity', { rows: DIRECT_ROWS }, t.adminKey);
    expect(noTenant.statusCode).toBe(400);
  });
  it('reports intensities per parcel and t.km from stored shipment footprints', async () => {
    const chain = [{ type: 'leg', toc: 'desnz-2026:hgv-average', distanceKm: 100 }];
    const fp = await inject('POST', '/v1/footprints', {
      store: true,
      shippedOn: '2025-03-01',
      shipments: [
        { id: 'S1', massKg: 1000, chain },
        { id: 'S2', massKg: 500, chain },
      ],
    });
    expect(fp.statusCode, fp.body).toBe(200);
    const inv = await inventory();
    const parcel = inv.intensities.find((x: { denominator: string }) => x.denominator === 'parcel');
    expect(parcel.quantity).toBe(2);
    close(parcel.locationKgCo2ePerUnit, 367_920.465 / 2);
    close(parcel.marketKgCo2ePerUnit, 266_860.465 / 2);
    const tkm = inv.intensities.find((x: { denominator: string }) => x.denominator === 'tkm');
    expect(tkm.quantity).toBeGreaterThan(0);
    close(tkm.marketKgCo2ePerUnit, 266_860.465 / tkm.quantity);
    expect(inv.denominators).toMatchObject({ parcels: 2 });
  });

  it('answers 500, never a wrong figure, when the stored lines fail the re-check', async () => {
    const other = await t.tenant('Tampered Co');
    const k = await t.keyFor('merchant', other);
    const rows = await inject('POST', '/v1/inventory/activity', { rows: [DIRECT_ROWS[0]] }, k);
    expect(rows.statusCode).toBe(200);
    await t.db.kysely.updateTable('inventory_lines').set({ kg_co2e: 1 }).where('tenant_id', '=', other).execute();
    const res = await inject('GET', '/v1/inventory?year=2025', undefined, k);
    expect(res.statusCode).toBe(500);
    expect(res.json().totals).toBeUndefined();
  });
  it('counts rows imported twice at the same time once', async () => {
    const other = await t.tenant('Race Co');
    const k = await t.keyFor('merchant', other);
    const body =
      'year,month,scope,category,quantity,unit,factor_id\n2024,1,1,mobile_combustion,100,L,desnz-2026:diesel-mineral-per-litre\n2024,2,1,mobile_combustion,100,L,desnz-2026:diesel-mineral-per-litre\n';
    const [a, b] = await Promise.all([csv('/v1/inventory/activity', body, k), csv('/v1/inventory/activity', body, k)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().inserted + b.json().inserted).toBe(2);
    expect((await inject('GET', '/v1/inventory?year=2024', undefined, k)).json().totals.lineCount).toBe(2);
  });
});
