import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';
import { AppError, SYSTEM_SCOPE } from '../core/index.js';
import { BOARD_FACTOR_ID, BOARD_KG_CO2E_PER_KG } from '../packing/index.js';
import { DEFAULT_CARRIERS } from '../waybill/index.js';
import { formatWaybillNo } from '../waybill/numbers.js';
import { recordDropoff } from './dropoffs.js';
import { balanceOf } from './ledger.js';
import { recordReuse } from './reuse.js';
import { boardOf } from './stock.js';

const carrier = DEFAULT_CARRIERS[0] as (typeof DEFAULT_CARRIERS)[number];
const waybill = (n: number) => formatWaybillNo(carrier, 7_000_000 + n);
const LIMITS = { consumerPerDay: 1000, stationPerDay: 100_000, devicePerMinute: 1000 };

describe(`reuse of reclaimed boxes (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let operator: string;
  let key: string;
  let seq = 0;

  /** Puts `n` reclaimed boxes of a grade into a station's stock through drop-offs. */
  const stock = async (stationId: string, grade: string, n: number) => {
    for (let i = 0; i < n; i++) {
      const d = await recordDropoff(
        t.db,
        SYSTEM_SCOPE,
        { stationId, consumerId: 'u-giver', waybillNo: waybill(++seq), grade },
        { limits: LIMITS },
      );
      expect(d.status).toBe('accepted');
    }
  };
  const count = async (stationId: string, sizeClass: string) =>
    (await t.app.inject({ url: `/v1/stations/${stationId}/stock`, headers: bearer(key) }))
      .json()
      .rows.find((r: { sizeClass: string }) => r.sizeClass === sizeClass).count as number;
  const reuse = (body: object, headers: Record<string, string> = {}, k = key) =>
    t.app.inject({ method: 'POST', url: '/v1/reuse', headers: { ...bearer(k), ...headers }, payload: body });

  beforeAll(async () => {
    t = await createTestApp({ rateLimitPerMinute: 1_000_000 });
    operator = await t.tenant('Reuse stations', 'station_operator');
    key = await t.keyFor('station', operator);
    for (const id of ['RU-1', 'RU-2']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/stations',
        headers: bearer(key),
        payload: { id, name: id, city: 'Suzhou', province: 'Jiangsu', lat: 31.3, lon: 120.6 },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('credits a reused box with the board of its China Post size and the board factor', () => {
    // RSC blank (2L + 2W + 30) × (W + H) at 440 g/m²: No. 5 290×170×190, No. 3 430×210×270, No. 1 530×290×370.
    expect(boardOf('s').boardKg).toBeCloseTo(0.342 * 0.44, 9);
    expect(boardOf('m').boardKg).toBeCloseTo(0.6288 * 0.44, 9);
    expect(boardOf('l').boardKg).toBeCloseTo(1.1022 * 0.44, 9);
    expect(boardOf('m').kgCo2e).toBeCloseTo(0.6288 * 0.44 * BOARD_KG_CO2E_PER_KG, 9);
    expect(boardOf('l').factorId).toBe(BOARD_FACTOR_ID);
  });

  it('20 concurrent reuses against a stock of 5: exactly 5 succeed and the stock ends at 0', async () => {
    await stock('RU-1', 'carton_m', 5);
    expect(await count('RU-1', 'm')).toBe(5);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => recordReuse(t.db, SYSTEM_SCOPE, { stationId: 'RU-1', sizeClass: 'm' })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(AppError);
      expect((r.reason as AppError).message).toMatch(/^out_of_stock: station RU-1 has no reclaimed size-m box/);
    }
    expect(await count('RU-1', 'm')).toBe(0);
    const rows = await t.db.kysely.selectFrom('recycling_reuse').selectAll().where('station_id', '=', 'RU-1').execute();
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(Number(r.board_kg)).toBeCloseTo(boardOf('m').boardKg, 9);
      expect(Number(r.kg_co2e)).toBeCloseTo(boardOf('m').boardKg * BOARD_KG_CO2E_PER_KG, 9);
      expect(r.factor_id).toBe(BOARD_FACTOR_ID);
    }
    // Over HTTP, an empty stock is a 422 problem with the reason.
    const empty = await reuse({ stationId: 'RU-1', sizeClass: 'm' });
    expect(empty.statusCode).toBe(422);
    expect(empty.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(empty.json().errors[0]).toMatchObject({ field: 'sizeClass', message: 'out_of_stock' });
  });

  it('is idempotent: the same key gets the first answer (200), concurrent replays take one box, a key or waybill used twice is 409', async () => {
    await stock('RU-2', 'carton_s', 3);
    const body = { stationId: 'RU-2', sizeClass: 's', waybillNo: waybill(900), consumerId: 'u-sender' };
    const first = await reuse(body, { 'idempotency-key': 'ship-1' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ sizeClass: 's', waybillNo: waybill(900), consumerId: 'u-sender', points: 5 });
    expect(first.json().boardKg).toBeCloseTo(boardOf('s').boardKg, 9);
    const replay = await reuse(body, { 'idempotency-key': 'ship-1' });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ id: first.json().id, replayed: true, points: 5 });
    expect(await count('RU-2', 's')).toBe(2);
    expect(await balanceOf(t.db, operator, 'u-sender')).toBe(5);

    const otherRequest = await reuse({ ...body, sizeClass: 'm' }, { 'idempotency-key': 'ship-1' });
    expect(otherRequest.statusCode).toBe(409);
    expect(otherRequest.json().errors[0].message).toBe('idempotency_key_reused');
    const sameWaybill = await reuse(body, { 'idempotency-key': 'ship-2' });
    expect(sameWaybill.statusCode).toBe(409);
    expect(sameWaybill.json().errors[0].message).toBe('waybill_already_reused');
    expect(await count('RU-2', 's')).toBe(2);

    // Without a key, the waybill number is the key.
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => reuse({ stationId: 'RU-2', sizeClass: 's', waybillNo: waybill(901) })),
    );
    expect(burst.map((r) => r.statusCode).sort((a, b) => a - b)).toEqual([...Array(9).fill(200), 201]);
    expect(new Set(burst.map((r) => r.json().id)).size).toBe(1);
    expect(await count('RU-2', 's')).toBe(1);
    expect(await balanceOf(t.db, operator, 'u-sender')).toBe(5);
  });

  it('refuses bad input and other stations with a reason', async () => {
    const bad = await reuse({ stationId: 'RU-2', sizeClass: 'xl' });
    expect(bad.statusCode).toBe(400);
    const malformed = await reuse({ stationId: 'RU-2', sizeClass: 's', waybillNo: 'no!' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].message).toMatch(/^malformed_waybill_no/);
    const unknown = await reuse({ stationId: 'NOPE', sizeClass: 's' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'stationId', message: 'unknown_station' });
    const other = await t.keyFor('station', await t.tenant('Other operator', 'station_operator'));
    expect((await reuse({ stationId: 'RU-2', sizeClass: 's' }, {}, other)).statusCode).toBe(403);
    expect((await reuse({ stationId: 'RU-2', sizeClass: 's' }, {}, await t.keyFor('analyst'))).statusCode).toBe(403);
    expect(await count('RU-2', 's')).toBe(1);
  });
});
