import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKeyRing } from '../../test/support/app.js';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { listTenants } from '../auth/index.js';
import { checkReport } from '../consolidation/check.test-support.js';
import { consolidate, ordersForEngines } from '../consolidation/index.js';
import { greatCircleKm, SYSTEM_SCOPE } from '../core/index.js';
import { countSitesByKind, listSites } from '../network/index.js';
import { cartonize, designBoxRange, listBoxes, standardCandidates } from '../packing/index.js';
import { listStations, recyclingMetrics } from '../recycling/index.js';
import { countEvents } from '../reusables/index.js';
import { poolReport } from '../reusables/pool/report.js';
import { checkSolution, listPlans, readVroomProblem } from '../routing/index.js';
import { getPlan } from '../routing/store.js';
import { ALERT_KINDS, listParks, parkEnergy, performance, solarAlerts, solarSummary } from '../solar/index.js';
import { CITIES } from './cities.js';
import { loadDemo, needsDemo } from './index.js';
import { demoRoutingProblem } from './routing.js';
import { DEMO_SOLAR_KWP, loadedSolarDemo } from './solar.js';

const demoKeyRing = testKeyRing();

describe(`demo network (${TEST_DIALECT})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => db.close());

  // The whole demo (a year of events in every module) takes a while on PostgreSQL under load.
  it('loads into an empty database only', async () => {
    expect(await needsDemo(db)).toBe(true);
    const summary = await loadDemo(db, { seed: 2021, keyRing: demoKeyRing });
    expect(summary.counts.tenants).toBe(6);
    expect(await needsDemo(db)).toBe(false);
  }, 300_000);

  it('has a hub per region, stations in every city and nine solar parks', async () => {
    const byKind = await countSitesByKind(db, SYSTEM_SCOPE);
    expect(byKind.hub).toBe(7);
    expect(byKind.solar_park).toBe(9);
    const stations = await listSites(db, SYSTEM_SCOPE, { kind: 'station', limit: 500 });
    expect(new Set(stations.items.map((s) => s.city)).size).toBe(CITIES.length);
  });

  it('has two merchants and two brands', async () => {
    const tenants = (await listTenants(db, SYSTEM_SCOPE, { limit: 50 })).items;
    expect(tenants.filter((t) => t.kind === 'merchant')).toHaveLength(2);
    expect(tenants.filter((t) => t.kind === 'brand')).toHaveLength(2);
  });

  it('places every site within 10 km of its real city', async () => {
    const sites = await listSites(db, SYSTEM_SCOPE, { limit: 500 });
    for (const s of sites.items) {
      const city = CITIES.find((c) => c.name === s.city);
      expect(city, s.city).toBeDefined();
      expect(greatCircleKm(s, city!)).toBeLessThan(10);
    }
  });

  it('is deterministic for a seed', async () => {
    const other = await createTestDb();
    try {
      await loadDemo(other, { seed: 2021, keyRing: testKeyRing() });
      const strip = (items: { name: string; lat: number; lon: number; attributes: unknown }[]) =>
        items.map(({ name, lat, lon, attributes }) => ({ name, lat, lon, attributes }));
      const a = await listSites(db, SYSTEM_SCOPE, { limit: 500 });
      const b = await listSites(other, SYSTEM_SCOPE, { limit: 500 });
      expect(strip(b.items)).toEqual(strip(a.items));
    } finally {
      await other.close();
    }
  }, 300_000);

  it('box-range design on the demo history cuts board against the starting catalog', async () => {
    const ring = demoKeyRing;
    const orders = await ordersForEngines(db, ring, SYSTEM_SCOPE, { tenantId: 'ten_merchant_gadgets' });
    expect(orders.length).toBe(240);
    const current = await listBoxes(db, SYSTEM_SCOPE, null);
    const r = designBoxRange({
      orders: orders.map((o) => ({ id: o.id, items: o.items })),
      candidates: standardCandidates(),
      current,
      k: 5,
    });
    expect(r.current!.unpackedOrders).toBe(0);
    expect(r.totals.unpackedOrders).toBe(0);
    expect(r.totals.boardKg).toBeLessThan(r.current!.boardKg);
    expect(r.savingBoardKg).toBeCloseTo(r.current!.boardKg - r.totals.boardKg, 9);
  });

  it('consolidates demo orders, and the report adds up from its groups', async () => {
    const orders = await ordersForEngines(db, demoKeyRing, SYSTEM_SCOPE, { tenantId: 'ten_brand_beauty' });
    const boxes = await listBoxes(db, SYSTEM_SCOPE, null);
    const report = consolidate(orders, { pack: (items) => cartonize({ items, boxes }) });
    expect(report.avoided.parcels).toBeGreaterThan(0);
    expect(checkReport(report)).toEqual([]);
  });

  it('has a day of last-mile routes for a mixed fleet that pass the checker and beat the current plan', async () => {
    const page = await listPlans(db, SYSTEM_SCOPE, {});
    expect(page.items).toHaveLength(1);
    const plan = await getPlan(db, SYSTEM_SCOPE, page.items[0]?.id as string);
    expect(plan).toMatchObject({ tenantId: 'ten_operator', status: 'done', unassigned: 0, jobs: 120 });
    const problem = readVroomProblem(demoRoutingProblem(2021));
    const solution = plan.solution;
    if (!solution) throw new Error('demo plan has no solution');
    expect(checkSolution(problem, solution)).toEqual([]);
    const fuels = new Set(solution.routes.map((r) => problem.vehicles.find((v) => v.id === r.vehicleId)?.fuel));
    expect(fuels).toContain('electric');
    expect(fuels).toContain('unmanned');
    expect(plan.baseline?.kind).toBe('current-plan');
    expect(plan.saving?.co2eKg).toBeGreaterThan(0);
  });

  it('has a pool of RFID boxes for each brand whose KPIs are derived from a year of EPCIS events', async () => {
    const report = await poolReport(db, SYSTEM_SCOPE, {});
    expect(report.pools.map((p) => p.boxType.tenantId).sort()).toEqual(['ten_brand_beauty', 'ten_brand_outdoor']);
    for (const { boxType, kpis } of report.pools) {
      expect(kpis.boxesCommissioned, boxType.name).toBeGreaterThan(300);
      expect(kpis.tripsToDate).toBeGreaterThan(1000);
      expect(kpis.returnRate).toBeGreaterThan(0.85);
      expect(kpis.returnRate).toBeLessThanOrEqual(1);
      expect(kpis.co2e.breakEvenTrips).toBeGreaterThan(1);
      expect(Object.values(kpis.boxesByState).reduce((a, b) => a + b, 0)).toBe(kpis.boxesCommissioned);
    }
    expect(await countEvents(db, null)).toBeGreaterThan(40_000);
  });

  it('has a recycling station for every station site and a year of drop-offs with their points', async () => {
    const stations = await listStations(db, SYSTEM_SCOPE);
    expect(stations.length).toBe((await countSitesByKind(db, SYSTEM_SCOPE)).station);
    const accepted = await db.kysely
      .selectFrom('recycling_dropoffs')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('points').as('points')])
      .where('status', '=', 'accepted')
      .executeTakeFirstOrThrow();
    expect(Number(accepted.n)).toBeGreaterThan(5000);
    const ledger = await db.kysely
      .selectFrom('points_ledger')
      .select((eb) => eb.fn.sum<number>('points').as('points'))
      .executeTakeFirstOrThrow();
    const metrics = await recyclingMetrics(db, SYSTEM_SCOPE, {});
    expect(metrics.totals.collected).toBe(Number(accepted.n));
    expect(metrics.totals.reused).toBeGreaterThan(1000);
    expect(metrics.totals.cities).toBe(CITIES.length);
    // Ledger points = drop-off points + reuse points (reuse earns nothing without a consumer).
    expect(Number(ledger.points)).toBe(metrics.totals.points);
  });

  it('has PV systems on the nine solar parks, a plausible year of readings, and alerts that are exactly the injected faults', async () => {
    const loaded = await loadedSolarDemo(db, 2021);
    if (!loaded) throw new Error('no solar readings in the demo');
    const { window, faults } = loaded;
    expect(Date.parse(window.toDay) - Date.parse(window.fromDay)).toBe(365 * 86_400_000);
    // One fault of each kind, each on another park.
    expect(faults.map((f) => f.kind).sort()).toEqual([...ALERT_KINDS].sort());
    expect(new Set(faults.map((f) => f.city)).size).toBe(faults.length);

    const parks = (await listParks(db, SYSTEM_SCOPE, { limit: 50 })).items;
    expect(parks).toHaveLength(9);
    const installedKwp = parks.reduce((s, p) => s + p.kpis.installedKwp, 0);
    expect(installedKwp).toBe(DEMO_SOLAR_KWP);
    expect(installedKwp).toBeGreaterThanOrEqual(30_000);
    expect(installedKwp).toBeLessThanOrEqual(35_000);
    const systems = parks.reduce((s, p) => s + p.kpis.systems, 0);
    expect(systems).toBeGreaterThanOrEqual(18);
    for (const p of parks) {
      expect(p.kpis.systems, p.city).toBeGreaterThanOrEqual(2);
      expect(p.kpis.systems, p.city).toBeLessThanOrEqual(4);
    }

    const period = { from: window.fromDay, to: window.toDay };
    const alerts: Array<{ kind: string; systemId: string; fromMs: number; toMs: number }> = [];
    for (const park of parks) {
      alerts.push(...(await solarAlerts(db, SYSTEM_SCOPE, { parkId: park.id, ...period })).items);
      // Specific yield within the reference's sanity bounds for eastern and southern China, and PR on POA.
      const perf = await performance(db, SYSTEM_SCOPE, { parkId: park.id, ...period, granularity: 'total' });
      expect(perf.poaSource).toBe('sensor');
      for (const s of perf.systems) {
        const total = s.rows[0]!;
        expect(total.specificYieldKwhKwp, s.systemId).toBeGreaterThan(800);
        expect(total.specificYieldKwhKwp, s.systemId).toBeLessThan(1450);
        expect(total.pr, s.systemId).toBeGreaterThan(0.7);
        expect(total.pr, s.systemId).toBeLessThan(0.9);
      }
      // The site meters agree with generation: self-consumption plus export is the generation, month by month.
      const energy = await parkEnergy(db, SYSTEM_SCOPE, { parkId: park.id, ...period });
      expect(
        energy.rows.every((r) => r.consistent),
        park.city,
      ).toBe(true);
      expect(energy.total.selfConsumptionShare, park.city).toBeGreaterThan(0.8);
    }
    // Every injected fault is found (same kind, same system, overlapping days) and nothing else is raised.
    for (const f of faults) {
      const found = alerts.filter(
        (a) => a.kind === f.kind && a.systemId === f.systemId && a.fromMs < f.toMs && a.toMs > f.fromMs,
      );
      expect(found, `${f.kind} on ${f.systemId} from ${f.fromDay}`).toHaveLength(1);
    }
    expect(alerts.map((a) => `${a.kind} ${a.systemId}`).sort()).toEqual(faults.map((f) => `${f.kind} ${f.systemId}`).sort());

    const summary = await solarSummary(db, SYSTEM_SCOPE, period);
    expect(summary.parks).toBe(9);
    expect(summary.installedKwp).toBe(installedKwp);
    expect(summary.parksWithoutSiteMeters).toEqual([]);
    expect(summary.exportedKwh).toBeGreaterThan(0);
    expect(summary.selfConsumedKwh + summary.exportedKwh).toBeCloseTo(summary.generationKwh, 0);
    expect(summary.scope2AvoidedKgCo2e).toBeGreaterThan(0);
  }, 120_000);
});
