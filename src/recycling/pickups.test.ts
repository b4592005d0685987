import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';
import { SYSTEM_SCOPE } from '../core/index.js';
import { DEFAULT_CARRIERS } from '../waybill/index.js';
import { formatWaybillNo } from '../waybill/numbers.js';
import { recordDropoff } from './dropoffs.js';
import { listPickups } from './pickups.js';
import { boardOf, thresholdCount } from './stock.js';

const carrier = DEFAULT_CARRIERS[0] as (typeof DEFAULT_CARRIERS)[number];
const waybill = (n: number) => formatWaybillNo(carrier, 8_000_000 + n);
const LIMITS = { consumerPerDay: 1000, stationPerDay: 100_000, devicePerMinute: 1000 };

describe(`station stock and pickups (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let key: string;
  let seq = 0;

  const drop = (stationId: string, grade: string) =>
    recordDropoff(
      t.db,
      SYSTEM_SCOPE,
      { stationId, consumerId: `u-${seq % 3}`, waybillNo: waybill(++seq), grade },
      { limits: LIMITS },
    );
  const stockOf = async (stationId: string) =>
    (await t.app.inject({ url: `/v1/stations/${stationId}/stock`, headers: bearer(key) })).json();
  const handover = (id: string, body: object) =>
    t.app.inject({ method: 'POST', url: `/v1/pickups/${id}/handover`, headers: bearer(key), payload: body });

  beforeAll(async () => {
    t = await createTestApp({ rateLimitPerMinute: 1_000_000 });
    const operator = await t.tenant('Pickup stations', 'station_operator');
    key = await t.keyFor('station', operator);
    for (const [id, storageCapacity] of [
      ['PK-1', 5],
      ['PK-2', 10],
      ['PK-3', 200],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/stations',
        headers: bearer(key),
        payload: { id, name: id, city: 'Ningbo', province: 'Zhejiang', lat: 29.87, lon: 121.55, storageCapacity },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('puts the threshold at 80 % of the storage capacity', () => {
    expect([thresholdCount(5), thresholdCount(10), thresholdCount(200), thresholdCount(7), thresholdCount(0)]).toEqual([
      4, 8, 160, 6, 1,
    ]);
  });

  it('requests one pickup when the stock reaches the threshold; the handover empties the stock with its manifest; a second handover is 409', async () => {
    // PK-1 holds 5 boxes: the 4th box calls a pickup, the 5th finds it open. Pulp adds no stock.
    for (const grade of ['carton_s', 'carton_s', 'carton_m', 'pulp']) await drop('PK-1', grade);
    expect(await listPickups(t.db, SYSTEM_SCOPE, { stationId: 'PK-1' })).toEqual([]);
    await drop('PK-1', 'carton_l');
    const [pickup] = await listPickups(t.db, SYSTEM_SCOPE, { stationId: 'PK-1' });
    expect(pickup).toMatchObject({ status: 'requested', trigger: 'threshold', manifest: null, handedOverAt: null });
    await drop('PK-1', 'carton_m');
    const listed = await t.app.inject({ url: '/v1/pickups?stationId=PK-1&status=requested', headers: bearer(key) });
    expect(listed.json().items.map((p: { id: string }) => p.id)).toEqual([pickup?.id]);

    const stock = await stockOf('PK-1');
    expect(stock).toMatchObject({ stationId: 'PK-1', storageCapacity: 5, total: 5, threshold: 4, openPickupId: pickup?.id });
    expect(stock.rows).toEqual([
      { sizeClass: 's', grade: 'reusable', count: 2 },
      { sizeClass: 'm', grade: 'reusable', count: 2 },
      { sizeClass: 'l', grade: 'reusable', count: 1 },
    ]);

    const res = await handover(pickup?.id as string, { collector: 'Ningbo Paper Recycling', signedBy: 'Wang Fang' });
    expect(res.statusCode, res.body).toBe(200);
    const done = res.json();
    expect(done).toMatchObject({ status: 'handed_over', collector: 'Ningbo Paper Recycling', signedBy: 'Wang Fang' });
    expect(done.handedOverAt).toEqual(expect.any(String));
    // s: 2 × 0.15048 = 0.30096 → 0.301 kg; m: 2 × 0.276672 = 0.553344 → 0.553 kg; l: 1 × 0.484968 → 0.485 kg;
    // total 1.339272 → 1.339 kg.
    expect(done.manifest.lines).toEqual([
      { sizeClass: 's', grade: 'reusable', count: 2, kgEach: boardOf('s').boardKg, weightKg: 0.301 },
      { sizeClass: 'm', grade: 'reusable', count: 2, kgEach: boardOf('m').boardKg, weightKg: 0.553 },
      { sizeClass: 'l', grade: 'reusable', count: 1, kgEach: boardOf('l').boardKg, weightKg: 0.485 },
    ]);
    expect(done.manifest).toMatchObject({ totalCount: 5, totalWeightKg: 1.339 });
    expect(await stockOf('PK-1')).toMatchObject({ total: 0, openPickupId: null });

    const again = await handover(pickup?.id as string, { collector: 'Someone else', signedBy: 'Li Lei' });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].message).toBe('already_handed_over');
    const unchanged = await listPickups(t.db, SYSTEM_SCOPE, { stationId: 'PK-1' });
    expect(unchanged[0]).toMatchObject({ collector: 'Ningbo Paper Recycling', signedBy: 'Wang Fang' });

    // The stock fills again: a new pickup.
    for (let i = 0; i < 4; i++) await drop('PK-1', 'carton_m');
    const after = await listPickups(t.db, SYSTEM_SCOPE, { stationId: 'PK-1', status: 'requested' });
    expect(after).toHaveLength(1);
    expect(after[0]?.id).not.toBe(pickup?.id);
  });

  it('creates one pickup when concurrent drop-offs cross the threshold together; concurrent handovers: one wins', async () => {
    const grades = ['carton_s', 'carton_m', 'carton_l'];
    await Promise.all(Array.from({ length: 14 }, (_, i) => drop('PK-2', grades[i % 3] as string)));
    const open = await listPickups(t.db, SYSTEM_SCOPE, { stationId: 'PK-2' });
    expect(open).toHaveLength(1);
    const racing = await Promise.all(
      ['A', 'B', 'C'].map((c) => handover(open[0]?.id as string, { collector: `Collector ${c}`, signedBy: 'Zhao' })),
    );
    expect(racing.map((r) => r.statusCode).sort((a, b) => a - b)).toEqual([200, 409, 409]);
    const won = racing.find((r) => r.statusCode === 200)?.json();
    expect(won.manifest.totalCount).toBe(14);
    expect((await stockOf('PK-2')).total).toBe(0);
  });

  it('takes a manual request (one open at a time) and a handover of given counts', async () => {
    for (const grade of ['carton_s', 'carton_s', 'carton_s', 'carton_l']) await drop('PK-3', grade);
    const req = () => t.app.inject({ method: 'POST', url: '/v1/pickups', headers: bearer(key), payload: { stationId: 'PK-3' } });
    const first = await req();
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ trigger: 'manual', status: 'requested' });
    const second = await req();
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);

    const tooMany = await handover(first.json().id, {
      collector: 'C',
      signedBy: 'S',
      counts: [{ sizeClass: 's', count: 4 }],
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().errors[0].message).toBe('insufficient_stock');
    expect((await stockOf('PK-3')).openPickupId).toBe(first.json().id);

    const partial = await handover(first.json().id, {
      collector: 'C',
      signedBy: 'S',
      counts: [{ sizeClass: 's', count: 2 }],
    });
    expect(partial.statusCode, partial.body).toBe(200);
    expect(partial.json().manifest).toMatchObject({ totalCount: 2, totalWeightKg: 0.301 });
    expect((await stockOf('PK-3')).rows.map((r: { count: number }) => r.count)).toEqual([1, 0, 1]);

    const missing = await handover('pku_missing', { collector: 'C', signedBy: 'S' });
    expect(missing.statusCode).toBe(404);
    const other = await t.keyFor('station', await t.tenant('Other operator', 'station_operator'));
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/v1/pickups',
      headers: bearer(other),
      payload: { stationId: 'PK-3' },
    });
    expect(foreign.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/v1/pickups', headers: bearer(other) })).json().items).toEqual([]);
    expect((await t.app.inject({ url: '/v1/stations/PK-3/stock', headers: bearer(other) })).statusCode).toBe(404);
  });
});
