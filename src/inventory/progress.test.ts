import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { runCli } from '../../test/support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { smallVroomProblem } from '../../test/support/routing.js';
import { waybillParcel } from '../../test/support/waybill.js';
import { DEFAULT_CARRIERS } from '../waybill/index.js';
import { formatWaybillNo } from '../waybill/numbers.js';

/**
 * The progress tiles come from the modules' own data: record data through each module's API, read
 * /v1/progress, check each tile against the module's own figures, change the data and see the tile move
 * by exactly that much. A merchant key sees only its own tenant's tiles.
 */

interface Tile {
  id: string;
  module: string;
  page: string;
  value: number | null;
  unit: string;
  kgCo2eAvoided: number | null;
  details: Record<string, unknown>;
}

const YEAR = new Date().getUTCFullYear();
const carrier = DEFAULT_CARRIERS[0] as (typeof DEFAULT_CARRIERS)[number];
let wbSeq = 0;
const waybillNo = () => formatWaybillNo(carrier, 8_100_000 + ++wbSeq);

const meterCsv = (system: string, day: string, kwh: number) =>
  `time,system_id,ac_kwh\n${Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}:00:00+08:00,${system},${h >= 6 && h < 18 ? kwh : 0}`).join('\n')}\n`;
const siteCsv = (park: string, day: string, exportKwh: number) =>
  `time,park_id,export_kwh\n${Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}:00:00+08:00,${park},${h >= 6 && h < 18 ? exportKwh : 0}`).join('\n')}\n`;

const BOX = {
  id: 'pg-box',
  innerLengthMm: 300,
  innerWidthMm: 200,
  innerHeightMm: 150,
  outerLengthMm: 306,
  outerWidthMm: 206,
  outerHeightMm: 162,
  emptyWeightG: 150,
  maxWeightG: 20000,
  boardGsm: 440,
};
const order = (id: string, shipBy: string) => ({
  id,
  warehouseId: 'W',
  recipient: { name: '李四', phone: '13900139000', address: '浙江省杭州市西湖区文三路90号' },
  shipBy,
  items: [{ id: `${id}-x`, lengthMm: 100, widthMm: 100, heightMm: 100, weightG: 500 }],
});

// A reusable box pool of tenant A: events relative to now, so they fall in the period read below.
const GCP = '4012345';
const ASSET = '66666';
const grai = (n: number) => `urn:epc:id:grai:${GCP}.${ASSET}.${n}`;
const WAREHOUSE = 'urn:epc:id:sgln:4012345.00001.0';
const CUSTOMER = 'urn:epc:id:sgln:4012345.00077.0';
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
const boxEvent = (epc: string, ago: number, bizStep: string, disposition: string, action = 'OBSERVE') => ({
  type: 'ObjectEvent',
  eventTime: daysAgo(ago),
  eventTimeZoneOffset: '+00:00',
  epcList: [epc],
  action,
  bizStep,
  disposition,
  bizLocation: { id: bizStep === 'receiving' && disposition !== 'returned' ? CUSTOMER : WAREHOUSE },
});
const boxTrip = (epc: string, ship: number) => [
  boxEvent(epc, ship, 'shipping', 'in_transit'),
  boxEvent(epc, ship - 1, 'receiving', 'in_progress'),
  boxEvent(epc, ship - 3, 'receiving', 'returned'),
];
const epcisDoc = (events: object[]) => ({
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: new Date().toISOString(),
  epcisBody: { eventList: events },
});
const BOX_TYPE = {
  name: 'Progress crate',
  companyPrefix: GCP,
  assetType: ASSET,
  designTrips: 50,
  productionKgCo2e: 2,
  singleUseName: 'Carton',
  singleUseKgCo2e: 0.4,
  returnTransportKgCo2ePerTrip: 0.05,
  cleaningKgCo2ePerTrip: 0.02,
  overdueAfterDays: 100,
  lostAfterDays: 300,
};
const dayOf = (iso: string) => iso.slice(0, 10);

describe(`progress tiles (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let tenantA: string;
  let tenantB: string;
  let keyA: string;
  let keyB: string;
  let stationA: string;
  let analyst: string;
  let parkA: string;

  const get = async (url: string, key: string) => {
    const res = await t.app.inject({ url, headers: bearer(key) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const post = async (url: string, key: string, payload: unknown, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: 'POST', url, headers: { ...bearer(key), ...headers }, payload: payload as object });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const tiles = async (key: string, query = `year=${YEAR}`): Promise<Record<string, Tile>> => {
    const body = await get(`/v1/progress?${query}`, key);
    return Object.fromEntries((body.tiles as Tile[]).map((tile) => [tile.id, tile]));
  };
  const issue = (key: string, ref: string) => post('/v1/waybills', key, { parcels: [waybillParcel(ref)] });
  const dropoff = (consumerId: string) =>
    post('/v1/dropoffs', stationA, { stationId: 'PG-ST-1', consumerId, waybillNo: waybillNo(), grade: 'carton_s' });
  const reuse = () => post('/v1/reuse', stationA, { stationId: 'PG-ST-1', sizeClass: 's' });
  const solarSummary = (key: string) => get(`/v1/solar/summary?from=${YEAR}-01-01&to=${YEAR + 1}-01-01`, key);
  const recyclingMetrics = (key: string) => get(`/v1/recycling/metrics?from=${YEAR}-01-01&to=${YEAR}-12-31`, key);

  beforeAll(async () => {
    t = await createTestApp({ rateLimitPerMinute: 1_000_000 });
    tenantA = await t.tenant('Progress A');
    tenantB = await t.tenant('Progress B');
    keyA = await t.keyFor('merchant', tenantA);
    keyB = await t.keyFor('merchant', tenantB);
    stationA = await t.keyFor('station', tenantA);
    analyst = await t.keyFor('analyst');

    // A: two e-waybills, a station with two drop-offs and one reuse, a park with a day of readings.
    await issue(keyA, 'PA-1');
    await issue(keyA, 'PA-2');
    await post('/v1/stations', stationA, {
      id: 'PG-ST-1',
      name: 'PG',
      city: 'Suzhou',
      province: 'Jiangsu',
      lat: 31.3,
      lon: 120.6,
    });
    await dropoff('u-1');
    await dropoff('u-2');
    await reuse();
    const park = await post('/v1/solar/parks', keyA, {
      name: 'A roof',
      city: 'Hangzhou',
      province: 'Zhejiang',
      region: 'East',
      lat: 30.27,
      lon: 120.15,
    });
    parkA = park.id;
    await post(`/v1/solar/parks/${parkA}/systems`, keyA, { id: 'PA-PV', name: 'A PV', dcKwp: 100, tiltDeg: 10 });
    await post('/v1/solar/readings', keyA, meterCsv('PA-PV', `${YEAR}-06-01`, 20), { 'content-type': 'text/csv' });
    await post('/v1/solar/readings', keyA, siteCsv(parkA, `${YEAR}-06-01`, 5), { 'content-type': 'text/csv' });

    // B: one e-waybill and its own park, which A must never see.
    await issue(keyB, 'PB-1');
    const parkB = await post('/v1/solar/parks', keyB, {
      name: 'B roof',
      city: 'Hangzhou',
      province: 'Zhejiang',
      region: 'East',
      lat: 30.27,
      lon: 120.15,
    });
    await post(`/v1/solar/parks/${parkB.id}/systems`, keyB, { id: 'PB-PV', name: 'B PV', dcKwp: 50, tiltDeg: 10 });
    await post('/v1/solar/readings', keyB, meterCsv('PB-PV', `${YEAR}-06-01`, 10), { 'content-type': 'text/csv' });
  });
  afterAll(() => t?.close());

  it('computes every tile from the modules own figures, with its page', async () => {
    const tile = await tiles(keyA);
    expect(Object.keys(tile)).toEqual(['waybills', 'consolidation', 'packing', 'reusables', 'solar', 'recycling', 'routing']);
    expect(Object.values(tile).map((x) => x.page)).toEqual([
      '/waybills',
      '/packaging',
      '/packaging',
      '/reusables',
      '/solar',
      '/recycling',
      '/transport',
    ]);

    const waybills = await get('/v1/waybills/summary', keyA);
    expect(waybills.issued).toBe(2);
    expect(tile.waybills?.value).toBe(waybills.issued);
    expect(tile.waybills?.kgCo2eAvoided).toBeCloseTo(waybills.totals.co2eSavedKg, 9);
    expect(tile.waybills?.details).toMatchObject({ sheetsSaved: waybills.totals.sheetsSaved });
    expect(tile.waybills?.details.paperSavedKg).toBeCloseTo(waybills.totals.paperSavedKg, 9);

    const recycling = (await recyclingMetrics(keyA)).totals;
    expect(recycling).toMatchObject({ collected: 2, reused: 1, stations: 1 });
    expect(tile.recycling?.value).toBe(recycling.collected);
    expect(tile.recycling?.details).toMatchObject({ reused: 1, stations: 1, consumers: 2 });
    expect(tile.recycling?.kgCo2eAvoided).toBeCloseTo(recycling.kgCo2eAvoided, 9);
    expect(tile.recycling?.details.boardKgAvoided).toBeCloseTo(recycling.boardKgAvoided, 9);

    const solar = await solarSummary(keyA);
    expect(solar.generationKwh).toBeCloseTo(240, 9);
    expect(tile.solar?.value).toBeCloseTo(solar.generationKwh, 9);
    expect(tile.solar?.kgCo2eAvoided).toBeCloseTo(solar.scope2AvoidedKgCo2e, 9);
    expect(tile.solar?.kgCo2eAvoided).toBeGreaterThan(0);
    expect(tile.solar?.details).toMatchObject({ parks: 1, installedKwp: 100 });
    expect(tile.solar?.details.selfConsumedKwh).toBeCloseTo(180, 9);

    // No orders, pools or plans yet: zero, not invented.
    for (const id of ['consolidation', 'packing', 'reusables', 'routing']) expect(tile[id]?.value, id).toBe(0);
  });

  it('moves each tile by exactly the change in module data', async () => {
    const before = await tiles(keyA);
    const solarBefore = await solarSummary(keyA);

    const issued = await issue(keyA, 'PA-3');
    expect(issued.items).toHaveLength(1);
    await dropoff('u-3');
    const reused = await reuse();
    await post('/v1/solar/readings', keyA, meterCsv('PA-PV', `${YEAR}-06-02`, 20), { 'content-type': 'text/csv' });
    await post('/v1/solar/readings', keyA, siteCsv(parkA, `${YEAR}-06-02`, 5), { 'content-type': 'text/csv' });

    const after = await tiles(keyA);
    const perLabel = (await get('/v1/waybills/summary', keyA)).perLabel;
    expect(after.waybills?.value).toBe((before.waybills?.value ?? 0) + 1);
    expect(after.waybills?.kgCo2eAvoided).toBeCloseTo((before.waybills?.kgCo2eAvoided ?? 0) + perLabel.savedCo2eKg, 9);

    expect(after.recycling?.value).toBe((before.recycling?.value ?? 0) + 1);
    expect(after.recycling?.details.reused).toBe((before.recycling?.details.reused as number) + 1);
    // The metrics round to 1e-6 kg; the tile is exactly the module's figure.
    expect(after.recycling?.kgCo2eAvoided).toBeCloseTo((before.recycling?.kgCo2eAvoided ?? 0) + reused.kgCo2e, 5);
    expect(after.recycling?.details.boardKgAvoided).toBeCloseTo(
      (before.recycling?.details.boardKgAvoided as number) + reused.boardKg,
      5,
    );
    const metrics = (await recyclingMetrics(keyA)).totals;
    expect(after.recycling?.kgCo2eAvoided).toBe(metrics.kgCo2eAvoided);
    expect(after.recycling?.details).toMatchObject({ collected: metrics.collected, reused: metrics.reused });

    const solarAfter = await solarSummary(keyA);
    expect(after.solar?.value).toBeCloseTo((before.solar?.value ?? 0) + 240, 9);
    expect(after.solar?.details.selfConsumedKwh).toBeCloseTo((before.solar?.details.selfConsumedKwh as number) + 180, 9);
    expect((after.solar?.kgCo2eAvoided ?? 0) - (before.solar?.kgCo2eAvoided ?? 0)).toBeCloseTo(
      solarAfter.scope2AvoidedKgCo2e - solarBefore.scope2AvoidedKgCo2e,
      9,
    );
    expect(after.solar?.kgCo2eAvoided).toBeGreaterThan(before.solar?.kgCo2eAvoided ?? 0);
  });

  it('counts consolidation, right-sized boxes and routing plans from their modules', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/v1/packing/boxes', headers: bearer(keyA), payload: { boxes: [BOX] } });
    expect(res.statusCode, res.body).toBeLessThan(300);
    await post('/v1/consolidation/orders', keyA, {
      orders: [order('PO-1', `${YEAR}-03-01T09:00:00+08:00`), order('PO-2', `${YEAR}-03-01T09:30:00+08:00`)],
    });
    const period = { from: `${YEAR}-01-01T00:00:00+08:00`, to: `${YEAR + 1}-01-01T00:00:00+08:00` };
    const report = await post('/v1/consolidation/report', keyA, period);
    expect(report.avoided.parcels).toBe(1);
    let tile = await tiles(keyA);
    expect(tile.consolidation?.value).toBe(report.avoided.parcels);
    expect(tile.consolidation?.kgCo2eAvoided).toBeCloseTo(report.avoided.co2eKg, 9);
    expect(tile.consolidation?.details.boardKgAvoided).toBeCloseTo(report.avoided.boardKg, 9);
    expect(tile.packing?.value).toBe(report.baseline.parcels);
    expect(tile.packing?.details.boardKg).toBeCloseTo(report.baseline.boardKg, 9);
    expect(tile.packing?.kgCo2eAvoided).toBeNull();

    // A third order to the same recipient in the window: one more parcel avoided.
    await post('/v1/consolidation/orders', keyA, { orders: [order('PO-3', `${YEAR}-03-01T10:00:00+08:00`)] });
    const report3 = await post('/v1/consolidation/report', keyA, period);
    tile = await tiles(keyA);
    expect(report3.avoided.parcels).toBe(2);
    expect(tile.consolidation?.value).toBe(2);
    expect(tile.packing?.value).toBe(3);

    const plan = await post('/v1/routing/solve', keyA, { ...smallVroomProblem(), options: { timeLimitS: 0.2, seed: 1 } });
    expect(plan.status).toBe('done');
    tile = await tiles(keyA);
    expect(tile.routing?.value).toBe(1);
    expect(tile.routing?.details.distanceKm).toBeCloseTo(plan.distanceKm, 9);
    expect(tile.routing?.details.evKmShare).toBeCloseTo(plan.evKmShare, 9);
    if (plan.saving) {
      expect(tile.routing?.kgCo2eAvoided).toBeCloseTo(plan.saving.co2eKg, 9);
      expect(tile.routing?.details.kmSaved).toBeCloseTo(plan.saving.distanceKm, 9);
    } else expect(tile.routing?.kgCo2eAvoided).toBeNull();
  });

  it('counts reusable boxes in circulation and their uses from the pool KPIs', async () => {
    const period = `from=${dayOf(daysAgo(40))}&to=${dayOf(daysAgo(-2))}`;
    const type = await post('/v1/reusables/box-types', keyA, BOX_TYPE);
    expect(type.id).toBeTruthy();
    const cap = await post(
      '/epcis/capture',
      keyA,
      epcisDoc([
        boxEvent(grai(1), 20, 'commissioning', 'available', 'ADD'),
        boxEvent(grai(2), 20, 'commissioning', 'available', 'ADD'),
        ...boxTrip(grai(1), 15),
      ]),
    );
    expect(cap).toMatchObject({ success: true });
    const before = (await tiles(keyA, period)).reusables as Tile;
    const kpis = (await get('/v1/reusables/kpis', keyA)).total;
    expect(kpis).toMatchObject({ boxesInCirculation: 2, tripsToDate: 1 });
    expect(before.value).toBe(kpis.boxesInCirculation);
    expect(before.details).toMatchObject({ totalUses: kpis.tripsToDate, boxesCommissioned: 2 });
    expect(before.kgCo2eAvoided).toBeCloseTo(kpis.co2e.savedKg, 9);
    // single use 0.4 − operations 0.07 per trip, less the production of two boxes (2 × 2).
    expect(before.kgCo2eAvoided).toBeCloseTo(0.33 - 4, 9);

    // One more trip completed: one more use, 0.33 kg more saved; no tenant B figure moves.
    await post('/epcis/capture', keyA, epcisDoc(boxTrip(grai(2), 10)));
    const after = (await tiles(keyA, period)).reusables as Tile;
    expect(after.value).toBe(2);
    expect(after.details.totalUses).toBe((before.details.totalUses as number) + 1);
    expect(after.kgCo2eAvoided).toBeCloseTo((before.kgCo2eAvoided ?? 0) + 0.33, 9);
    expect((await tiles(keyB, period)).reusables?.value).toBe(0);
  });

  it("shows a merchant only its own tenant's tiles; admins and analysts choose", async () => {
    const b = await tiles(keyB);
    expect(b.waybills?.value).toBe(1);
    expect(b.solar?.value).toBeCloseTo(120, 9);
    expect(b.solar?.details).toMatchObject({ parks: 1, installedKwp: 50 });
    for (const id of ['consolidation', 'packing', 'reusables', 'recycling', 'routing']) expect(b[id]?.value, id).toBe(0);
    expect((await t.app.inject({ url: `/v1/progress?tenantId=${tenantA}`, headers: bearer(keyB) })).statusCode).toBe(403);

    const a = await tiles(keyA);
    const adminA = await tiles(t.adminKey, `year=${YEAR}&tenantId=${tenantA}`);
    expect(adminA.waybills?.value).toBe(a.waybills?.value);
    expect(adminA.recycling?.value).toBe(a.recycling?.value);
    expect(adminA.solar?.value).toBeCloseTo(a.solar?.value ?? 0, 9);
    const company = await tiles(analyst);
    expect(company.waybills?.value).toBe((a.waybills?.value ?? 0) + 1);
    expect(company.solar?.value).toBeCloseTo((a.solar?.value ?? 0) + 120, 9);
    expect((await t.app.inject({ url: '/v1/progress', headers: bearer(await t.keyFor('station', tenantA)) })).statusCode).toBe(
      403,
    );
  });

  it('takes a period: a year without data, from/to, and refuses bad ones', async () => {
    const empty = await tiles(keyA, `year=${YEAR - 3}`);
    for (const tile of Object.values(empty)) expect(tile.value, tile.id).toBe(0);
    const june = await tiles(keyA, `from=${YEAR}-06-02&to=${YEAR}-06-03`);
    expect(june.solar?.value).toBeCloseTo(240, 9);
    for (const q of [
      `from=${YEAR}-06-02`,
      `from=${YEAR}-06-03&to=${YEAR}-06-02`,
      'from=2026-13-01&to=2027-01-01',
      `year=${YEAR}&from=${YEAR}-01-01&to=${YEAR}-02-01`,
    ]) {
      expect((await t.app.inject({ url: `/v1/progress?${q}`, headers: bearer(keyA) })).statusCode, q).toBe(400);
    }
  });
});

describe(`greenlink progress (${TEST_DIALECT})`, () => {
  let dir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'greenlink-progress-'));
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
    expect((await runCli(['migrate'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the tiles of a year, as a table or JSON, and refuses a bad year', async () => {
    const json = await runCli(['progress', '--year', '2025', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.period).toMatchObject({ year: 2025, from: '2025-01-01', to: '2026-01-01' });
    expect(body.tiles.map((x: Tile) => [x.id, x.value])).toEqual([
      ['waybills', 0],
      ['consolidation', 0],
      ['packing', 0],
      ['reusables', 0],
      ['solar', 0],
      ['recycling', 0],
      ['routing', 0],
    ]);
    const table = await runCli(['progress', '--from', '2025-01-01', '--to', '2025-07-01'], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('E-waybills applied');
    expect(table.stdout).toContain('/transport');
    expect((await runCli(['progress', '--year', '25'], env)).code).not.toBe(0);
  });
});
