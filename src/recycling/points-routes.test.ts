import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';
import { DEFAULT_CARRIERS } from '../waybill/index.js';
import { formatWaybillNo } from '../waybill/numbers.js';

const carrier = DEFAULT_CARRIERS[0] as (typeof DEFAULT_CARRIERS)[number];

describe(`green points API (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp();
    const operator = await t.tenant('Points stations', 'station_operator');
    key = await t.keyFor('station', operator);
    const station = { id: 'PT-1', name: 'Points station', city: 'Suzhou', province: 'Jiangsu', lat: 31.3, lon: 120.6 };
    expect((await t.app.inject({ method: 'POST', url: '/v1/stations', headers: bearer(key), payload: station })).statusCode).toBe(
      201,
    );
  });
  afterAll(() => t?.close());

  const post = (url: string, payload: object, idem?: string, method: 'POST' | 'PUT' = 'POST') =>
    t.app.inject({ method, url, headers: { ...bearer(key), ...(idem ? { 'idempotency-key': idem } : {}) }, payload });

  it('awards by the tenant rule, redeems without overdrawing, reverses a mistake as a new entry', async () => {
    const rule = await post('/v1/points/rules/dropoff:carton_l', { points: 12 }, undefined, 'PUT');
    expect(rule.statusCode, rule.body).toBe(200);
    const rules = (await t.app.inject({ url: '/v1/points/rules', headers: bearer(key) })).json().items;
    expect(rules.find((r: { eventType: string }) => r.eventType === 'dropoff:carton_l')).toMatchObject({
      points: 12,
      source: 'custom',
    });

    const dropped = await post(
      '/v1/dropoffs',
      { stationId: 'PT-1', consumerId: 'u-p', waybillNo: formatWaybillNo(carrier, 7_000_001), grade: 'carton_l' },
      'pt-drop-1',
    );
    expect(dropped.json()).toMatchObject({ status: 'accepted', points: 12 });

    const tooMuch = await post('/v1/consumers/u-p/redemptions', { points: 13, reward: 'tote bag' }, 'pt-r-1');
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().detail).toMatch(/insufficient_points/);
    const ok = await post('/v1/consumers/u-p/redemptions', { points: 10, reward: 'tote bag' }, 'pt-r-2');
    expect(ok.statusCode).toBe(201);
    expect((await post('/v1/consumers/u-p/redemptions', { points: 10, reward: 'tote bag' }, 'pt-r-2')).statusCode).toBe(200);
    const missingKey = await post('/v1/consumers/u-p/redemptions', { points: 1, reward: 'x' });
    expect(missingKey.statusCode).toBe(400);

    const reversed = await post(`/v1/points/entries/${ok.json().entry.id}/reversal`, { reason: 'wrong customer' }, 'pt-rev-1');
    expect(reversed.statusCode, reversed.body).toBe(201);
    const statement = (await t.app.inject({ url: '/v1/consumers/u-p/points', headers: bearer(key) })).json();
    expect(statement.balance).toBe(12);
    expect(statement.entries.map((e: { kind: string; points: number }) => [e.kind, e.points])).toEqual([
      ['reverse', 10],
      ['redeem', -10],
      ['award', 12],
    ]);
  });
});
