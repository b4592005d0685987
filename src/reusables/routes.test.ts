import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { runCli } from '../../test/support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';

// A hand-computed pool, captured through the EPCIS API and read back through the pool API.
// Box type: making a box 2.0 kg CO2e; the carton it replaces 0.5 kg; return transport 0.08 + cleaning
// 0.02 = 0.10 kg per trip; break-even = 2.0 / (0.5 − 0.10) = 5 trips. Overdue after 10 days away, lost after 30.
//   box 1: commissioned 2 Jan; trips 5→6→10→11 Jan and 15→16→20→21 Jan (ship → receive → return → clean).
//   box 2: commissioned 2 Jan; shipped 5 Jan, received 7 Jan, never back: lost on 5 Jan + 30 d = 4 Feb.
//   box 3: commissioned 2 Jan; shipped 15 Feb, received 16 Feb: 14 days away on 1 Mar, overdue not lost.
// Period 1 Jan – 1 Mar 2026:
//   commissioned 3, in circulation 2, lost 1, overdue 1; shipments 4, trips (returns) 2, trips/box 2/3;
//   return rate = returned / (returned + lost) = 2/3 (box 3's trip is still open);
//   cycle shipped → available 6 and 6 days → 6; dwell received → returned 4 and 4 → 4; turnaround 1;
//   shrinkage = 1 lost / (0 at start + 3 commissioned) = 33.33 %;
//   CO2e: production 3 × 2.0 = 6.0; operations 2 × 0.10 = 0.2; per trip (6.0 + 0.2) / 2 = 3.1;
//   single-use avoided 2 × 0.5 = 1.0; saved 1.0 − 6.0 − 0.2 = −5.2 (the pool has not paid back yet).
const GCP = '4012345';
const ASSET = '55555';
const box = (n: number) => `urn:epc:id:grai:${GCP}.${ASSET}.${n}`;
const WAREHOUSE = 'urn:epc:id:sgln:4012345.00001.0';
const CUSTOMER = 'urn:epc:id:sgln:4012345.00077.0';
const CLEANING = 'https://greenlink.dev/voc/bizstep/cleaning';

const at = (day: string) => `2026-${day}T10:00:00.000+08:00`;
const event = (epc: string, day: string, bizStep: string, disposition: string, over: Record<string, unknown> = {}) => ({
  type: 'ObjectEvent',
  eventTime: at(day),
  eventTimeZoneOffset: '+08:00',
  epcList: [epc],
  action: 'OBSERVE',
  bizStep,
  disposition,
  bizLocation: { id: bizStep === 'receiving' && disposition !== 'returned' ? CUSTOMER : WAREHOUSE },
  ...over,
});
const commission = (epc: string) => event(epc, '01-02', 'commissioning', 'available', { action: 'ADD' });
const trip = (epc: string, ship: string, receive: string, ret?: string, clean?: string) => [
  event(epc, ship, 'shipping', 'in_transit'),
  event(epc, receive, 'receiving', 'in_progress'),
  ...(ret ? [event(epc, ret, 'receiving', 'returned')] : []),
  ...(clean ? [event(epc, clean, CLEANING, 'available')] : []),
];
const EVENTS = [
  commission(box(1)),
  commission(box(2)),
  commission(box(3)),
  ...trip(box(1), '01-05', '01-06', '01-10', '01-11'),
  ...trip(box(1), '01-15', '01-16', '01-20', '01-21'),
  ...trip(box(2), '01-05', '01-07'),
  ...trip(box(3), '02-15', '02-16'),
];
const BOX_TYPE = {
  name: 'Test crate',
  companyPrefix: GCP,
  assetType: ASSET,
  designTrips: 50,
  productionKgCo2e: 2,
  singleUseName: 'Carton',
  singleUseKgCo2e: 0.5,
  returnTransportKgCo2ePerTrip: 0.08,
  cleaningKgCo2ePerTrip: 0.02,
  overdueAfterDays: 10,
  lostAfterDays: 30,
};
const PERIOD = 'from=2026-01-01T00:00:00%2B08:00&to=2026-03-01T00:00:00%2B08:00';

describe('reusable box pools through the API', () => {
  let t: TestApp;
  let key: string;
  let typeId: string;

  beforeAll(async () => {
    t = await createTestApp();
    key = await t.keyFor('merchant', await t.tenant('Crate brand', 'brand'));
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/reusables/box-types',
      headers: bearer(key),
      payload: BOX_TYPE,
    });
    expect(created.statusCode, created.body).toBe(201);
    typeId = created.json().id;
    expect(created.json().graiClass).toBe('https://id.gs1.org/8003/04012345555554');
    // Events arrive out of order and one read twice (RFID readers do both).
    const shuffled = [...EVENTS].reverse();
    const doc = {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-03-01T00:00:00Z',
      epcisBody: { eventList: [...shuffled, EVENTS[5]] },
    };
    const cap = await t.app.inject({ method: 'POST', url: '/epcis/capture', headers: bearer(key), payload: doc });
    expect(cap.json()).toMatchObject({ success: true, capturedCount: EVENTS.length, duplicateCount: 1 });
  });
  afterAll(() => t?.close());

  it('reproduces the hand-computed KPIs', async () => {
    const res = await t.app.inject({ url: `/v1/reusables/kpis?${PERIOD}`, headers: bearer(key) });
    expect(res.statusCode, res.body).toBe(200);
    const { pools, brands, total } = res.json();
    expect(pools).toHaveLength(1);
    const k = pools[0].kpis;
    expect(k).toMatchObject({
      boxesCommissioned: 3,
      boxesInCirculation: 2,
      lostBoxes: 1,
      overdueBoxes: 1,
      shipmentsInPeriod: 4,
      tripsInPeriod: 2,
      tripsToDate: 2,
      returns: { returned: 2, lost: 1, open: 1 },
    });
    expect(k.tripsPerBox).toBeCloseTo(2 / 3, 9);
    expect(k.returnRate).toBeCloseTo(2 / 3, 9);
    expect(k.cycleTimeDays).toBeCloseTo(6, 9);
    expect(k.dwellAtCustomerDaysMean).toBeCloseTo(4, 9);
    expect(k.turnaroundDaysMean).toBeCloseTo(1, 9);
    expect(k.shrinkagePct).toBeCloseTo(100 / 3, 6);
    expect(k.co2e.productionKg).toBeCloseTo(6, 9);
    expect(k.co2e.operationalKg).toBeCloseTo(0.2, 9);
    expect(k.co2e.perTripKg).toBeCloseTo(3.1, 9);
    expect(k.co2e.breakEvenTrips).toBeCloseTo(5, 9);
    expect(k.co2e.singleUseAvoidedKg).toBeCloseTo(1, 9);
    expect(k.co2e.savedKg).toBeCloseTo(-5.2, 9);
    expect(k.boxesByState).toMatchObject({ available: 1, lost: 1, at_customer: 1 });
    // One pool: the brand's and the total figures are the pool's.
    expect(brands[0].kpis.tripsToDate).toBe(2);
    expect(total.returnRate).toBeCloseTo(2 / 3, 9);
  });

  it('lists the boxes with their state, and shows one box with its trips and events', async () => {
    const overdue = await t.app.inject({
      url: `/v1/reusables/box-types/${typeId}/boxes?overdue=true&at=2026-03-01T00:00:00%2B08:00`,
      headers: bearer(key),
    });
    // On 1 March box 3 is overdue (by now it would count as lost).
    expect(overdue.json().items.map((b: { epc: string }) => b.epc)).toEqual(['https://id.gs1.org/8003/040123455555543']);
    const detail = await t.app.inject({ url: `/v1/reusables/boxes/${encodeURIComponent(box(1))}`, headers: bearer(key) });
    expect(detail.statusCode, detail.body).toBe(200);
    const d = detail.json();
    expect(d).toMatchObject({ state: 'available', trips: 2, shipments: 2 });
    expect(d.tripList.map((x: { outcome: string }) => x.outcome)).toEqual(['returned', 'returned']);
    expect(d.events).toHaveLength(9);
    expect(d.events[0].bizStep).toBe(CLEANING);
    const series = await t.app.inject({ url: `/v1/reusables/box-types/${typeId}/series?${PERIOD}`, headers: bearer(key) });
    const months = series.json().months as { label: string; shipments: number; trips: number }[];
    expect(months.map((m) => [m.label, m.shipments, m.trips])).toEqual([
      ['2026-01', 3, 2],
      ['2026-02', 1, 0],
    ]);
  });

  it('refuses a box type with a bad GRAI class or figures, naming the field', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/reusables/box-types',
      headers: bearer(key),
      payload: { ...BOX_TYPE, assetType: '123', lostAfterDays: 5 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['assetType', 'lostAfterDays']);
    const dup = await t.app.inject({ method: 'POST', url: '/v1/reusables/box-types', headers: bearer(key), payload: BOX_TYPE });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().detail).toMatch(/already box type/);
  });

  it('recomputes after new events: box 2 comes back on 10 February', async () => {
    const before = await t.app.inject({ url: `/v1/reusables/kpis?${PERIOD}`, headers: bearer(key) });
    expect(before.json().pools[0].kpis.tripsToDate).toBe(2);
    const late = {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      ...event(box(2), '02-10', 'receiving', 'returned'),
    };
    expect((await t.app.inject({ method: 'POST', url: '/epcis/events', headers: bearer(key), payload: late })).statusCode).toBe(
      201,
    );
    const after = (await t.app.inject({ url: `/v1/reusables/kpis?${PERIOD}`, headers: bearer(key) })).json().pools[0].kpis;
    expect(after.tripsToDate).toBe(3);
    expect(after.lostBoxes).toBe(0);
  });
});

describe(`greenlink epcis and reusables (${TEST_DIALECT})`, () => {
  let dir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'greenlink-reusables-'));
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
    expect((await runCli(['migrate'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('captures a file once, queries it and prints the pool KPIs', async () => {
    const created = await runCli(['tenants', 'create', '--name', 'CLI brand', '--kind', 'brand', '--json'], env);
    const tenant = JSON.parse(created.stdout).id;
    const doc = join(dir, 'events.jsonld');
    writeFileSync(
      doc,
      JSON.stringify({
        '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: '2026-03-01T00:00:00Z',
        epcisBody: { eventList: EVENTS },
      }),
    );
    const captured = await runCli(['epcis', 'capture', doc, '-t', tenant, '--json'], env);
    expect(JSON.parse(captured.stdout)).toMatchObject({ success: true, captured: EVENTS.length });
    const again = await runCli(['epcis', 'capture', doc, '-t', tenant, '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ captured: 0, duplicates: EVENTS.length });

    const query = await runCli(['epcis', 'query', '--epc', box(1), '--param', 'EQ_bizStep=shipping'], env);
    expect(query.stdout.match(/shipping/g)).toHaveLength(2);

    const typeFile = join(dir, 'type.json');
    writeFileSync(typeFile, JSON.stringify(BOX_TYPE));
    expect((await runCli(['reusables', 'add-box-type', typeFile, '-t', tenant], env)).code).toBe(0);
    const kpis = await runCli(['reusables', 'kpis', '--from', '2026-01-01', '--to', '2026-03-01', '--json'], env);
    const report = JSON.parse(kpis.stdout);
    expect(report.pools[0].kpis.tripsToDate).toBe(2);
    expect(report.pools[0].kpis.co2e.savedKg).toBeCloseTo(-5.2, 9);

    const bad = await runCli(['epcis', 'capture', typeFile, '-t', tenant], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/not an EPCIS 2.0 document/);
  }, 60_000);
});
