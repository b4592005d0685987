import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';
import { SYSTEM_SCOPE } from '../core/index.js';
import { DEFAULT_CARRIERS } from '../waybill/index.js';
import { formatWaybillNo } from '../waybill/numbers.js';
import { recordDropoff } from './dropoffs.js';
import { balanceOf } from './ledger.js';
import { setKeyStations } from './stations.js';

const carrier = DEFAULT_CARRIERS[0] as (typeof DEFAULT_CARRIERS)[number];
const waybill = (n: number) => formatWaybillNo(carrier, 5_000_000 + n);
const station = (id: string, city = 'Hangzhou') => ({
  id,
  name: `Station ${id}`,
  city,
  province: 'Zhejiang',
  lat: 30.27,
  lon: 120.15,
});

describe(`station drop-offs (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let operator: string;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp({ rateLimitPerMinute: 1_000_000 });
    operator = await t.tenant('Stations Co', 'station_operator');
    key = await t.keyFor('station', operator);
    for (const id of ['HZ-001', 'HZ-002']) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/stations', headers: bearer(key), payload: station(id) });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => t?.close());

  const drop = (body: object, headers: Record<string, string> = {}, k = key) =>
    t.app.inject({ method: 'POST', url: '/v1/dropoffs', headers: { ...bearer(k), ...headers }, payload: body });

  it('awards a drop-off once; a replay gets the first answer; the same parcel from another device earns nothing', async () => {
    const body = { stationId: 'HZ-001', consumerId: 'u-alice', waybillNo: waybill(1), grade: 'carton_m', deviceId: 'kiosk-1' };
    const first = await drop(body, { 'idempotency-key': 'k-1' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'accepted', points: 8, reason: null });
    const replay = await drop(body, { 'idempotency-key': 'k-1' });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ id: first.json().id, replayed: true, points: 8 });
    const other = await drop({ ...body, consumerId: 'u-bob', deviceId: 'kiosk-2' }, { 'idempotency-key': 'k-2' });
    expect(other.statusCode).toBe(201);
    expect(other.json()).toMatchObject({ status: 'refused', reason: 'already_rewarded', points: 0 });
    const points = await t.app.inject({ url: '/v1/consumers/u-alice/points', headers: bearer(key) });
    expect(points.json().balance).toBe(8);
    expect(points.json().entries).toHaveLength(1);
  });

  it('1,000 concurrent submissions of one parcel produce exactly one award', async () => {
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        drop(
          { stationId: 'HZ-001', consumerId: `u-c${i % 7}`, waybillNo: waybill(2), grade: 'carton_s', deviceId: `dev-${i % 50}` },
          { 'idempotency-key': `burst-${i % 300}` },
        ),
      ),
    );
    expect(responses.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true);
    const accepted = new Set(
      responses
        .map((r) => r.json())
        .filter((d) => d.status === 'accepted')
        .map((d) => d.id),
    );
    expect(accepted.size).toBe(1);
    let total = 0;
    for (let c = 0; c < 7; c++) total += await balanceOf(t.db, operator, `u-c${c}`);
    expect(total).toBe(5);
  });

  it('holds the caps per consumer and day, per device and minute, under concurrency', async () => {
    const nowMs = Date.parse('2026-06-01T10:00:30+08:00');
    const limits = { consumerPerDay: 20, stationPerDay: 1000, devicePerMinute: 1000 };
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        recordDropoff(
          t.db,
          SYSTEM_SCOPE,
          { stationId: 'HZ-002', consumerId: 'u-capped', waybillNo: waybill(100 + i), grade: 'pulp' },
          { nowMs, limits },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(20);
    expect(results.filter((r) => r.reason === 'consumer_daily_cap')).toHaveLength(10);

    const fast = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        recordDropoff(
          t.db,
          SYSTEM_SCOPE,
          { stationId: 'HZ-002', consumerId: `u-v${i}`, waybillNo: waybill(200 + i), grade: 'plastic', deviceId: 'scanner-9' },
          { nowMs, limits: { ...limits, devicePerMinute: 5 } },
        ),
      ),
    );
    expect(fast.filter((r) => r.status === 'accepted')).toHaveLength(5);
    expect(fast.filter((r) => r.reason === 'device_velocity')).toHaveLength(7);
    // A refused drop-off did not use up its parcel: the next day it can still earn its reward.
    const refusedNo = results.find((r) => r.status === 'refused')?.itemKey.slice(3) as string;
    const later = await recordDropoff(
      t.db,
      SYSTEM_SCOPE,
      { stationId: 'HZ-002', consumerId: 'u-later', waybillNo: refusedNo, grade: 'pulp' },
      { nowMs: nowMs + 86_400_000, limits },
    );
    expect(later.status).toBe('accepted');
  });

  it('keeps a station key to its own stations and refuses bad input with a reason', async () => {
    const limitedKey = await t.keyFor('station', operator);
    const keyRow = await t.db.kysely.selectFrom('api_keys').select('id').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    await setKeyStations(t.db, keyRow.id, ['HZ-001']);
    const body = { stationId: 'HZ-002', consumerId: 'u-d', waybillNo: waybill(300), grade: 'carton_l' };
    expect((await drop(body, {}, limitedKey)).statusCode).toBe(403);
    expect((await drop({ ...body, stationId: 'HZ-001' }, {}, limitedKey)).statusCode).toBe(201);

    const other = await t.keyFor('station', await t.tenant('Other stations', 'station_operator'));
    expect((await drop({ ...body, waybillNo: waybill(301) }, {}, other)).statusCode).toBe(403);

    const unknown = await drop({ ...body, stationId: 'NOPE' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'stationId', message: 'unknown_station' });
    const malformed = await drop({ ...body, waybillNo: 'ZT12345' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0]).toMatchObject({ field: 'waybillNo', message: 'malformed_waybill_no' });
    const grade = await drop({ ...body, grade: 'glass' });
    expect(grade.statusCode).toBe(400);
    expect(grade.json().errors[0].message).toMatch(/^unknown_grade/);
  });

  it("tells a reusable box's pool that it came back, as an EPCIS returned event", async () => {
    const brand = await t.tenant('Box brand', 'brand');
    const brandKey = await t.keyFor('merchant', brand);
    const boxType = {
      name: 'Crate',
      companyPrefix: '0614141',
      assetType: '12345',
      designTrips: 50,
      productionKgCo2e: 2,
      singleUseName: 'Carton',
      singleUseKgCo2e: 0.5,
      returnTransportKgCo2ePerTrip: 0.08,
      cleaningKgCo2ePerTrip: 0.02,
    };
    expect(
      (await t.app.inject({ method: 'POST', url: '/v1/reusables/box-types', headers: bearer(brandKey), payload: boxType }))
        .statusCode,
    ).toBe(201);
    const grai = 'urn:epc:id:grai:0614141.12345.4242';
    const res = await drop(
      { stationId: 'HZ-001', consumerId: 'u-box', epc: grai, grade: 'reusable_box' },
      { 'idempotency-key': 'box-1' },
    );
    expect(res.json()).toMatchObject({ status: 'accepted', points: 15 });
    await drop({ stationId: 'HZ-001', consumerId: 'u-box', epc: grai, grade: 'reusable_box' }, { 'idempotency-key': 'box-1' });
    const events = await t.app.inject({
      url: `/epcis/epcs/${encodeURIComponent(grai)}/events`,
      headers: { ...bearer(brandKey), 'gs1-epc-format': 'Never_Translates' },
    });
    const list = events.json().epcisBody.queryResults.resultsBody.eventList;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      eventID: `urn:greenlink:dropoff:${res.json().id}`,
      bizStep: 'collecting',
      disposition: 'returned',
    });
    // The station operator's own repository holds nothing of the brand's box.
    const own = await t.app.inject({ url: `/epcis/epcs/${encodeURIComponent(grai)}/events`, headers: bearer(key) });
    expect(own.json().epcisBody.queryResults.resultsBody.eventList).toEqual([]);
  });

  it('imports stations from CSV all or nothing, with line numbers', async () => {
    const csv =
      'id,name,city,province,lat,lon\nSH-001,People Square,Shanghai,Shanghai,31.23,121.47\nSH-002,Bund,Shanghai,Shanghai,north,121.49\n';
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/stations/import',
      headers: { ...bearer(key), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ line: 3, field: 'lat' });
    const list = await t.app.inject({ url: '/v1/stations?city=Shanghai', headers: bearer(key) });
    expect(list.json().items).toEqual([]);
    const good = await t.app.inject({
      method: 'POST',
      url: '/v1/stations/import',
      headers: { ...bearer(key), 'content-type': 'text/csv' },
      payload: csv.replace('north', '31.24'),
    });
    expect(good.json()).toEqual({ imported: 2 });
  });
});
