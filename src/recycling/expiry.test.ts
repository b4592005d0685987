import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';
import { expireOldPoints } from './expiry.js';
import { award, balanceOf, redeem, reverse } from './ledger.js';

const at = (day: string) => Date.parse(`${day}T12:00:00Z`);

describe(`points expiry (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let tenantId: string;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp();
    tenantId = await t.tenant('Expiry stations', 'station_operator');
    key = await t.keyFor('station', tenantId);
    const post = (consumerId: string, points: number, day: string, kind: 'award' | 'redeem' = 'award') =>
      (kind === 'award' ? award : redeem)(
        t.db,
        {
          tenantId,
          consumerId,
          points,
          sourceType: 'test',
          sourceId: `${consumerId}-${day}`,
          idempotencyKey: `${consumerId}-${day}`,
        },
        at(day),
      );
    // A: 100 old, 50 recent, 30 spent (from the old points first): 70 of the old points are left to expire.
    await post('A', 100, '2025-01-10');
    await post('A', 50, '2025-09-01');
    await post('A', 30, '2025-10-01', 'redeem');
    // B: spent more than it earned before the cutoff: nothing old is left.
    await post('B', 40, '2025-03-01');
    await post('B', 30, '2025-11-01');
    await post('B', 60, '2025-12-01', 'redeem');
    // C: only recent points.
    await post('C', 20, '2026-01-01');
    // D: 10 + 10 earned long ago, the second award reversed (a debit): 10 left to expire.
    await post('D', 10, '2024-01-01');
    const second = await post('D', 10, '2024-02-01');
    await reverse(t.db, { tenantId, entryId: second.entry.id, reason: 'wrong grade', idempotencyKey: 'D-rev' }, at('2024-03-01'));
  });
  afterAll(() => t?.close());

  const balances = async () => {
    const out: Record<string, number> = {};
    for (const c of ['A', 'B', 'C', 'D']) out[c] = await balanceOf(t.db, tenantId, c);
    return out;
  };

  it('expires what was earned before the cutoff and not spent (first in, first out), once per day', async () => {
    const run = await expireOldPoints(t.db, tenantId, { asOf: '2026-06-15', validityMonths: 12, nowMs: at('2026-06-15') });
    expect(run).toMatchObject({ cutoff: '2025-06-15T00:00:00.000Z', consumers: 2, pointsExpired: 80 });
    expect(await balances()).toEqual({ A: 50, B: 10, C: 20, D: 0 });

    // Again the same day, and the next day: nothing more is due.
    expect(await expireOldPoints(t.db, tenantId, { asOf: '2026-06-15', validityMonths: 12 })).toMatchObject({ pointsExpired: 0 });
    expect(await expireOldPoints(t.db, tenantId, { asOf: '2026-06-16', validityMonths: 12 })).toMatchObject({ pointsExpired: 0 });

    // Later A's September points are old too (its 30 + 70 debits already used the January 100).
    const later = await expireOldPoints(t.db, tenantId, { asOf: '2026-10-01', validityMonths: 12, nowMs: at('2026-10-01') });
    expect(later).toMatchObject({ consumers: 1, pointsExpired: 50 });
    expect(await balances()).toEqual({ A: 0, B: 10, C: 20, D: 0 });

    // The guard balances agree with the ledger sums.
    const accounts = await t.db.kysely.selectFrom('points_accounts').selectAll().where('tenant_id', '=', tenantId).execute();
    for (const a of accounts) expect(Number(a.balance)).toBe(await balanceOf(t.db, tenantId, a.consumer_id));
  });

  it("runs from the API for the key's tenant and refuses bad input", async () => {
    const ok = await t.app.inject({
      method: 'POST',
      url: '/v1/points/expiry',
      headers: bearer(key),
      payload: { asOf: '2030-01-01', validityMonths: 24 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    // By 2030 every point earned before 2028 has expired: B's 10 and C's 20.
    expect(ok.json()).toMatchObject({ tenantId, consumers: 2, pointsExpired: 30, cutoff: '2028-01-01T00:00:00.000Z' });
    const entries = (await t.app.inject({ url: '/v1/consumers/C/points', headers: bearer(key) })).json();
    expect(entries.balance).toBe(0);
    expect(entries.entries[0]).toMatchObject({ kind: 'expire', points: -20, sourceType: 'expiry', sourceId: '2030-01-01' });

    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/points/expiry',
      headers: bearer(key),
      payload: { asOf: '1 Jan' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const months = await t.app.inject({
      method: 'POST',
      url: '/v1/points/expiry',
      headers: bearer(key),
      payload: { validityMonths: 0 },
    });
    expect(months.statusCode).toBe(400);
  });
});
