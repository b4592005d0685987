import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { createTenant } from '../auth/index.js';
import { AppError } from '../core/index.js';
import type { Database } from '../db/index.js';
import {
  award,
  balanceOf,
  expire,
  listRules,
  MAX_ENTRY_POINTS,
  type Posted,
  type PostInput,
  pointsFor,
  redeem,
  reverse,
  setRule,
  statement,
} from './ledger.js';
import { DEFAULT_POINTS, type LedgerEntry, type LedgerKind } from './model.js';

type LedgerRow = Database['points_ledger'];

/** The AppError code (and message) a promise rejects with, or 'ok'. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, message: err.message };
    throw err;
  }
  return { code: 'ok', message: '' };
}
const codeOf = async (promise: Promise<unknown>): Promise<string> => (await failure(promise)).code;

describe(`points ledger (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let seq = 0;
  const newTenant = async (): Promise<string> => (await createTenant(db, { name: `T${++seq}`, kind: 'station_operator' })).id;
  const key = (): string => `key-${++seq}`;
  const post = (tenantId: string, consumerId: string, points: number, idempotencyKey = key()): PostInput => ({
    tenantId,
    consumerId,
    points,
    sourceType: 'dropoff',
    sourceId: `do-${idempotencyKey}`,
    idempotencyKey,
  });
  const entries = (tenantId: string, consumerId?: string): Promise<LedgerRow[]> => {
    let q = db.kysely.selectFrom('points_ledger').selectAll().where('tenant_id', '=', tenantId).orderBy('id');
    if (consumerId) q = q.where('consumer_id', '=', consumerId);
    return q.execute();
  };
  const account = async (tenantId: string, consumerId: string): Promise<number | null> => {
    const row = await db.kysely
      .selectFrom('points_accounts')
      .select('balance')
      .where('tenant_id', '=', tenantId)
      .where('consumer_id', '=', consumerId)
      .executeTakeFirst();
    return row ? Number(row.balance) : null;
  };
  /** The invariant: sum of entries == balanceOf == account row (absent row = 0), never negative. */
  const expectBalance = async (tenantId: string, consumerId: string, expected: number) => {
    const sum = (await entries(tenantId, consumerId)).reduce((s, r) => s + Number(r.points), 0);
    expect(sum).toBe(expected);
    expect(await balanceOf(db, tenantId, consumerId)).toBe(expected);
    expect((await account(tenantId, consumerId)) ?? 0).toBe(expected);
  };

  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => db.close());

  describe('rules', () => {
    it('gives the default points, 0 for unknown event types, and a tenant rule over the default', async () => {
      const t = await newTenant();
      const other = await newTenant();
      expect(await pointsFor(db, t, 'dropoff:carton_m')).toBe(8);
      expect(await pointsFor(db, t, 'reuse')).toBe(5);
      expect(await pointsFor(db, t, 'dropoff:glass')).toBe(0);
      expect(await pointsFor(db, t, 'constructor')).toBe(0);
      expect(await pointsFor(db, t, 'toString')).toBe(0);

      const rule = await setRule(db, t, 'dropoff:carton_m', 12, Date.parse('2026-03-01T00:00:00Z'));
      expect(rule).toEqual({
        eventType: 'dropoff:carton_m',
        points: 12,
        source: 'custom',
        defaultPoints: 8,
        updatedAt: '2026-03-01T00:00:00.000Z',
      });
      await setRule(db, t, 'dropoff:glass', 4);
      await setRule(db, t, 'dropoff:plastic', 0); // turned off
      await setRule(db, t, 'dropoff:carton_m', 11); // replaced
      expect(await pointsFor(db, t, 'dropoff:carton_m')).toBe(11);
      expect(await pointsFor(db, t, 'dropoff:glass')).toBe(4);
      expect(await pointsFor(db, t, 'dropoff:plastic')).toBe(0);
      expect(await pointsFor(db, other, 'dropoff:carton_m')).toBe(8);

      const rules = await listRules(db, t);
      expect(rules.map((r) => r.eventType)).toEqual([...new Set([...Object.keys(DEFAULT_POINTS), 'dropoff:glass'])].sort());
      const byType = new Map(rules.map((r) => [r.eventType, r]));
      expect(byType.get('dropoff:carton_m')).toMatchObject({ points: 11, source: 'custom', defaultPoints: 8 });
      expect(byType.get('dropoff:glass')).toMatchObject({ points: 4, source: 'custom', defaultPoints: null });
      expect(byType.get('dropoff:plastic')).toMatchObject({ points: 0, source: 'custom', defaultPoints: 2 });
      expect(byType.get('reuse')).toEqual({
        eventType: 'reuse',
        points: 5,
        source: 'default',
        defaultPoints: 5,
        updatedAt: null,
      });
      expect((await listRules(db, other)).every((r) => r.source === 'default')).toBe(true);
    });

    it('rejects bad rules', async () => {
      const t = await newTenant();
      for (const [eventType, points] of [
        ['dropoff:carton_m', -1],
        ['dropoff:carton_m', 1.5],
        ['dropoff:carton_m', Number.NaN],
        ['dropoff:carton_m', MAX_ENTRY_POINTS + 1],
        ['', 3],
        ['Dropoff:X', 3],
        ['dropoff:', 3],
        ['a'.repeat(65), 3],
      ] as const) {
        expect(await codeOf(setRule(db, t, eventType, points))).toBe('validation');
      }
      expect((await listRules(db, t)).every((r) => r.source === 'default')).toBe(true);
    });
  });

  describe('award', () => {
    it('writes a positive entry tied to its source and moves the account up', async () => {
      const t = await newTenant();
      const now = Date.parse('2026-03-02T10:00:00Z');
      const first = await award(db, { ...post(t, 'c1', 8, 'k1'), note: 'carton' }, now);
      expect(first.replayed).toBe(false);
      expect(first.entry).toEqual({
        id: expect.stringMatching(/^pts_/),
        tenantId: t,
        consumerId: 'c1',
        kind: 'award',
        points: 8,
        sourceType: 'dropoff',
        sourceId: 'do-k1',
        idempotencyKey: 'k1',
        reversesId: null,
        note: 'carton',
        createdAt: '2026-03-02T10:00:00.000Z',
      });
      await award(db, post(t, 'c1', 5));
      await award(db, post(t, 'c2', 3));
      await expectBalance(t, 'c1', 13);
      await expectBalance(t, 'c2', 3);
      await expectBalance(t, 'nobody', 0);
    });

    it('answers a replay with the first entry and changes nothing', async () => {
      const t = await newTenant();
      const first = await award(db, post(t, 'c1', 8, 'same'));
      const again = await award(db, post(t, 'c1', 8, 'same'));
      expect(again).toEqual({ entry: first.entry, replayed: true });
      await expectBalance(t, 'c1', 8);
      // The key is per tenant: another tenant may use it.
      const t2 = await newTenant();
      expect((await award(db, post(t2, 'c1', 8, 'same'))).replayed).toBe(false);
      await expectBalance(t, 'c1', 8);
    });

    it('refuses a key reused for another request', async () => {
      const t = await newTenant();
      await award(db, post(t, 'c1', 8, 'k'));
      const reused = await failure(award(db, post(t, 'c1', 9, 'k')));
      expect(reused.code).toBe('conflict');
      expect(reused.message).toMatch(/idempotency_key_reused/);
      expect(await codeOf(award(db, post(t, 'c2', 8, 'k')))).toBe('conflict');
      expect(await codeOf(award(db, { ...post(t, 'c1', 8, 'k'), sourceId: 'other' }))).toBe('conflict');
      expect(await codeOf(redeem(db, post(t, 'c1', 8, 'k')))).toBe('conflict');
      expect(
        await codeOf(expire(db, { tenantId: t, consumerId: 'c1', points: 8, asOf: '2026-01-01', idempotencyKey: 'k' })),
      ).toBe('conflict');
      await expectBalance(t, 'c1', 8);
      expect(await entries(t)).toHaveLength(1);
    });

    it('accepts only positive integer points and complete inputs', async () => {
      const t = await newTenant();
      for (const points of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_ENTRY_POINTS + 1]) {
        expect(await codeOf(award(db, post(t, 'c1', points)))).toBe('validation');
        expect(await codeOf(redeem(db, post(t, 'c1', points)))).toBe('validation');
      }
      for (const field of ['tenantId', 'consumerId', 'sourceType', 'sourceId', 'idempotencyKey'] as const) {
        expect(await codeOf(award(db, { ...post(t, 'c1', 1), [field]: '' }))).toBe('validation');
        expect(await codeOf(award(db, { ...post(t, 'c1', 1), [field]: '   ' }))).toBe('validation');
      }
      expect(await codeOf(award(db, { ...post(t, 'c1', 1), idempotencyKey: 'k'.repeat(201) }))).toBe('validation');
      expect(await codeOf(award(db, { ...post(t, 'c1', 1), note: 'n'.repeat(501) }))).toBe('validation');
      expect(await entries(t)).toHaveLength(0);
    });

    it('runs in the caller’s transaction: rolled back with it, kept when it commits', async () => {
      const t = await newTenant();
      await expect(
        db.kysely.transaction().execute(async (trx) => {
          await award(trx, post(t, 'c1', 10));
          expect(await balanceOf(trx, t, 'c1')).toBe(10);
          throw new Error('drop-off failed');
        }),
      ).rejects.toThrow('drop-off failed');
      await expectBalance(t, 'c1', 0);
      expect(await entries(t)).toHaveLength(0);

      await db.kysely.transaction().execute(async (trx) => {
        await award(trx, post(t, 'c1', 10, 'in-trx'));
        // A failed redemption caught inside the transaction leaves nothing half-written.
        expect(await codeOf(redeem(trx, post(t, 'c1', 50)))).toBe('unprocessable');
      });
      await expectBalance(t, 'c1', 10);
      expect(await entries(t)).toHaveLength(1);
    });
  });

  describe('redeem', () => {
    it('writes a negative entry when the balance covers it, and refuses to overdraw', async () => {
      const t = await newTenant();
      await award(db, post(t, 'c1', 30));
      const r = await redeem(db, { ...post(t, 'c1', 20), sourceType: 'voucher', sourceId: 'v-1' });
      expect(r.entry).toMatchObject({ kind: 'redeem', points: -20, sourceType: 'voucher', sourceId: 'v-1', consumerId: 'c1' });
      await expectBalance(t, 'c1', 10);

      const short = await failure(redeem(db, post(t, 'c1', 11)));
      expect(short.code).toBe('unprocessable');
      expect(short.message).toMatch(/insufficient_points/);
      expect(short.message).toMatch(/balance is 10/);
      await expectBalance(t, 'c1', 10);
      expect(await entries(t)).toHaveLength(2);

      // A consumer with no account at all.
      expect((await failure(redeem(db, post(t, 'c9', 1)))).message).toMatch(/insufficient_points: balance is 0/);
      expect(await account(t, 'c9')).toBeNull();
      // Points of another consumer or tenant do not count.
      expect(await codeOf(redeem(db, post(t, 'c2', 1)))).toBe('unprocessable');

      await redeem(db, post(t, 'c1', 10));
      await expectBalance(t, 'c1', 0);
    });

    it('answers a replay with the first redemption, even when the balance is now short', async () => {
      const t = await newTenant();
      await award(db, post(t, 'c1', 10));
      const first = await redeem(db, post(t, 'c1', 10, 'r'));
      const again = await redeem(db, post(t, 'c1', 10, 'r'));
      expect(again).toEqual({ entry: first.entry, replayed: true });
      await expectBalance(t, 'c1', 0);
      expect(await codeOf(redeem(db, post(t, 'c1', 5, 'r')))).toBe('conflict');
      expect(await codeOf(award(db, post(t, 'c1', 10, 'r')))).toBe('conflict');
    });

    it('refuses a replay that failed the first time only while the balance is still short', async () => {
      const t = await newTenant();
      expect(await codeOf(redeem(db, post(t, 'c1', 10, 'r')))).toBe('unprocessable');
      await award(db, post(t, 'c1', 10));
      // The failed attempt wrote nothing, so the key is free.
      expect((await redeem(db, post(t, 'c1', 10, 'r'))).replayed).toBe(false);
      await expectBalance(t, 'c1', 0);
    });
  });

  describe('reverse', () => {
    it('reverses an award and a redemption with new entries of the opposite points, leaving them untouched', async () => {
      const t = await newTenant();
      const a = await award(db, post(t, 'c1', 30));
      await award(db, post(t, 'c1', 5));
      const r = await redeem(db, post(t, 'c1', 10));
      const before = await entries(t);
      await expectBalance(t, 'c1', 25);

      const rr = await reverse(db, { tenantId: t, entryId: r.entry.id, reason: 'voucher cancelled', idempotencyKey: 'rev-r' });
      expect(rr.entry).toMatchObject({ kind: 'reverse', points: 10, reversesId: r.entry.id, consumerId: 'c1' });
      await expectBalance(t, 'c1', 35);

      const ra = await reverse(db, { tenantId: t, entryId: a.entry.id, reason: 'wrong grade', idempotencyKey: 'rev-a' });
      expect(ra).toEqual({
        replayed: false,
        entry: {
          id: expect.stringMatching(/^pts_/),
          tenantId: t,
          consumerId: 'c1',
          kind: 'reverse',
          points: -30,
          sourceType: 'dropoff',
          sourceId: a.entry.sourceId,
          idempotencyKey: 'rev-a',
          reversesId: a.entry.id,
          note: 'wrong grade',
          createdAt: expect.any(String),
        },
      });
      await expectBalance(t, 'c1', 5);
      // Entries are never edited: the first three are as they were.
      expect((await entries(t)).slice(0, 3)).toEqual(before);

      // Once only: the same key answers with the same reversal, another key is a conflict.
      expect(await reverse(db, { tenantId: t, entryId: a.entry.id, reason: 'again', idempotencyKey: 'rev-a' })).toEqual({
        entry: ra.entry,
        replayed: true,
      });
      const twice = await failure(reverse(db, { tenantId: t, entryId: a.entry.id, reason: 'again', idempotencyKey: 'rev-a2' }));
      expect(twice.code).toBe('conflict');
      expect(twice.message).toMatch(/already_reversed/);
      // A reversal is not reversible, and a key used for one entry's reversal cannot reverse another.
      const ofReversal = await failure(reverse(db, { tenantId: t, entryId: ra.entry.id, reason: 'oops', idempotencyKey: 'x' }));
      expect(ofReversal.code).toBe('unprocessable');
      expect(ofReversal.message).toMatch(/not_reversible/);
      expect(await codeOf(reverse(db, { tenantId: t, entryId: r.entry.id, reason: 'r', idempotencyKey: 'rev-a' }))).toBe(
        'conflict',
      );
      await expectBalance(t, 'c1', 5);
      expect(await entries(t)).toHaveLength(5);
    });

    it('refuses to reverse an award whose points were spent, until the balance covers it', async () => {
      const t = await newTenant();
      const a = await award(db, post(t, 'c1', 10));
      await redeem(db, post(t, 'c1', 8));
      const spent = await failure(reverse(db, { tenantId: t, entryId: a.entry.id, reason: 'fraud', idempotencyKey: 'rev' }));
      expect(spent.code).toBe('unprocessable');
      expect(spent.message).toMatch(/insufficient_points: .*balance is 2/);
      await expectBalance(t, 'c1', 2);
      expect(await entries(t)).toHaveLength(2);
      await award(db, post(t, 'c1', 8));
      expect((await reverse(db, { tenantId: t, entryId: a.entry.id, reason: 'fraud', idempotencyKey: 'rev' })).entry.points).toBe(
        -10,
      );
      await expectBalance(t, 'c1', 0);
    });

    it('finds only the tenant’s own awards and redemptions, and needs a reason and a key', async () => {
      const t = await newTenant();
      const other = await newTenant();
      const a = await award(db, post(t, 'c1', 10));
      const e = await expire(db, { tenantId: t, consumerId: 'c1', points: 1, asOf: '2026-01-01', idempotencyKey: key() });
      const rev = (tenantId: string, entryId: string, reason = 'r', idempotencyKey = key()) =>
        reverse(db, { tenantId, entryId, reason, idempotencyKey });
      expect(await codeOf(rev(t, 'pts_00000000000000000000000000'))).toBe('not_found');
      expect(await codeOf(rev(other, a.entry.id))).toBe('not_found');
      expect(await codeOf(rev(t, e.entry.id))).toBe('unprocessable');
      expect(await codeOf(rev(t, a.entry.id, ''))).toBe('validation');
      expect(await codeOf(rev(t, a.entry.id, 'r', ''))).toBe('validation');
      expect(await codeOf(rev(t, ''))).toBe('validation');
      expect(await codeOf(rev(t, a.entry.id, 'r', a.entry.idempotencyKey))).toBe('conflict');
      await expectBalance(t, 'c1', 9);
    });
  });

  describe('expire', () => {
    it('expires up to the balance, never below zero, and records the key even when nothing is left', async () => {
      const t = await newTenant();
      await award(db, post(t, 'c1', 30));
      const x = (points: number, idempotencyKey: string, consumerId = 'c1') =>
        expire(db, { tenantId: t, consumerId, points, asOf: '2026-12-31', idempotencyKey });
      const e1 = await x(10, 'e1');
      expect(e1.entry).toMatchObject({ kind: 'expire', points: -10, sourceType: 'expiry', sourceId: '2026-12-31' });
      await expectBalance(t, 'c1', 20);
      expect((await x(50, 'e2')).entry.points).toBe(-20);
      await expectBalance(t, 'c1', 0);
      const e3 = await x(5, 'e3');
      expect(e3.entry.points).toBe(0);
      expect(Object.is(e3.entry.points, 0)).toBe(true);
      // Replays after new awards expire nothing more.
      await award(db, post(t, 'c1', 7));
      expect(await x(5, 'e3')).toEqual({ entry: e3.entry, replayed: true });
      expect(await x(50, 'e2')).toMatchObject({ replayed: true, entry: { points: -20 } });
      await expectBalance(t, 'c1', 7);
      expect(await codeOf(x(5, 'e3', 'c2'))).toBe('conflict');
      expect(
        await codeOf(expire(db, { tenantId: t, consumerId: 'c1', points: 5, asOf: '2027-01-01', idempotencyKey: 'e3' })),
      ).toBe('conflict');
      // An unknown consumer: a zero entry, no account.
      expect((await x(5, 'e4', 'c9')).entry.points).toBe(0);
      expect(await account(t, 'c9')).toBeNull();
      await expectBalance(t, 'c9', 0);
    });

    it('validates its input', async () => {
      const t = await newTenant();
      const base = { tenantId: t, consumerId: 'c1', points: 5, asOf: '2026-12-31', idempotencyKey: 'k' };
      for (const bad of [
        { points: 0 },
        { points: 2.5 },
        { asOf: 'yesterday' },
        { asOf: '' },
        { idempotencyKey: '' },
        { consumerId: '' },
      ]) {
        expect(await codeOf(expire(db, { ...base, ...bad }))).toBe('validation');
      }
      expect(await entries(t)).toHaveLength(0);
    });
  });

  describe('statement', () => {
    it('pages the entries newest first with the whole balance', async () => {
      const t = await newTenant();
      const posted: Posted[] = [];
      for (let i = 1; i <= 5; i++) posted.push(await award(db, post(t, 'c1', i)));
      posted.push(await redeem(db, post(t, 'c1', 4)));
      await award(db, post(t, 'c2', 100));
      const scope = { tenantId: t };
      const p1 = await statement(db, scope, 'c1', { limit: 4 });
      expect(p1.balance).toBe(11);
      expect(p1.entries.map((e) => e.id)).toEqual(
        posted
          .map((p) => p.entry.id)
          .reverse()
          .slice(0, 4),
      );
      expect(p1.nextCursor).not.toBeNull();
      const p2 = await statement(db, scope, 'c1', { limit: 4, cursor: p1.nextCursor ?? undefined });
      expect(p2.balance).toBe(11);
      expect(p2.entries.map((e) => e.id)).toEqual(
        posted
          .map((p) => p.entry.id)
          .reverse()
          .slice(4),
      );
      expect(p2.nextCursor).toBeNull();
      expect(p2.entries[1]).toEqual(posted[0]?.entry);

      // Tenant filter: a key of another tenant sees nothing of it and may not name it.
      const other = await newTenant();
      expect(await statement(db, { tenantId: other }, 'c1')).toMatchObject({ balance: 0, entries: [], nextCursor: null });
      expect(await codeOf(statement(db, { tenantId: other }, 'c1', { tenantId: t }))).toBe('forbidden');
      expect((await statement(db, { tenantId: t }, 'c1', { tenantId: t })).entries).toHaveLength(6);
      expect(await codeOf(statement(db, { tenantId: null }, 'c1'))).toBe('validation');
      expect((await statement(db, { tenantId: null }, 'c2', { tenantId: t })).balance).toBe(100);
      expect(await codeOf(statement(db, scope, 'c1', { cursor: 'nonsense' }))).toBe('validation');
    });
  });

  describe('concurrency', () => {
    it('200 concurrent identical awards post one entry', async () => {
      const t = await newTenant();
      const results = await Promise.all(Array.from({ length: 200 }, () => award(db, post(t, 'c1', 10, 'drop-1'))));
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
      expect(await entries(t)).toHaveLength(1);
      await expectBalance(t, 'c1', 10);
    });

    it('100 concurrent redemptions of 10 against 500 points: exactly 50 succeed and the balance ends at 0', async () => {
      const t = await newTenant();
      await award(db, post(t, 'c1', 500));
      const results = await Promise.all(Array.from({ length: 100 }, () => failure(redeem(db, post(t, 'c1', 10)))));
      expect(results.filter((r) => r.code === 'ok')).toHaveLength(50);
      expect(results.filter((r) => r.code === 'unprocessable')).toHaveLength(50);
      expect(await entries(t)).toHaveLength(51);
      await expectBalance(t, 'c1', 0);
    });

    it('concurrent reversals of one entry: one reversal, whatever the keys', async () => {
      const t = await newTenant();
      const a = await award(db, post(t, 'c1', 10));
      const distinct = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          failure(reverse(db, { tenantId: t, entryId: a.entry.id, reason: 'r', idempotencyKey: `rev-${i}` })),
        ),
      );
      expect(distinct.filter((r) => r.code === 'ok')).toHaveLength(1);
      expect(distinct.filter((r) => r.code === 'conflict')).toHaveLength(9);
      const b = await award(db, post(t, 'c1', 10));
      const same = await Promise.all(
        Array.from({ length: 10 }, () => reverse(db, { tenantId: t, entryId: b.entry.id, reason: 'r', idempotencyKey: 'rev-b' })),
      );
      expect(new Set(same.map((r) => r.entry.id)).size).toBe(1);
      expect(await entries(t)).toHaveLength(4);
      await expectBalance(t, 'c1', 0);
    });

    it('concurrent awards, redemptions, replays and expiries keep the balance equal to the entries and never negative', async () => {
      const t = await newTenant();
      const ops: Promise<{ code: string }>[] = [];
      for (let i = 0; i < 30; i++) {
        ops.push(failure(award(db, post(t, 'c1', 7, `a-${i % 20}`))));
        ops.push(failure(redeem(db, post(t, 'c1', 5, `r-${i % 25}`))));
        if (i % 3 === 0) {
          ops.push(
            failure(expire(db, { tenantId: t, consumerId: 'c1', points: 4, asOf: '2026-12-31', idempotencyKey: `e-${i % 6}` })),
          );
        }
      }
      const results = await Promise.all(ops);
      expect(results.every((r) => r.code === 'ok' || r.code === 'unprocessable')).toBe(true);
      const rows = await entries(t);
      expect(rows.filter((r) => r.kind === 'award')).toHaveLength(20);
      expect(rows.filter((r) => r.kind === 'expire').length).toBeLessThanOrEqual(6);
      const total = rows.reduce((s, r) => s + Number(r.points), 0);
      expect(total).toBeGreaterThanOrEqual(0);
      await expectBalance(t, 'c1', total);
    });
  });

  describe('property: balance == sum of entries == account == model', () => {
    type KeyPick = { reuse: number } | null;
    type Spec =
      | { op: 'award' | 'redeem' | 'expire'; consumer: string; points: number; key: KeyPick }
      | { op: 'reverse'; target: number; bogus: boolean; key: KeyPick }
      | { op: 'replay'; n: number };
    type Req =
      | { op: 'award' | 'redeem' | 'expire'; consumer: string; points: number; key: string }
      | { op: 'reverse'; entryId: string; key: string };
    interface MEntry {
      id: string;
      consumer: string;
      kind: LedgerKind;
      points: number;
      key: string;
      reversesId: string | null;
    }
    interface Model {
      tenantId: string;
      balance: Map<string, number>;
      entries: MEntry[];
      byKey: Map<string, MEntry>;
      reversed: Set<string>;
      history: Req[];
      keys: string[];
      fresh: number;
    }
    interface Real {
      seen: Map<string, LedgerRow>;
    }
    type Outcome = { error: string } | { replay: MEntry } | { add: Omit<MEntry, 'id'> };

    const CONSUMERS = ['c1', 'c2'];
    const ASOF = '2026-12-31';
    const bal = (m: Model, c: string) => m.balance.get(c) ?? 0;

    /** What the ledger must answer, by the rules written out once more. */
    function expected(m: Model, req: Req): Outcome {
      const prior = m.byKey.get(req.key);
      if (req.op === 'reverse') {
        if (prior)
          return prior.kind === 'reverse' && prior.reversesId === req.entryId ? { replay: prior } : { error: 'conflict' };
        const target = m.entries.find((e) => e.id === req.entryId);
        if (!target) return { error: 'not_found' };
        if (target.kind !== 'award' && target.kind !== 'redeem') return { error: 'unprocessable' };
        if (m.reversed.has(target.id)) return { error: 'conflict' };
        if (target.points > 0 && bal(m, target.consumer) < target.points) return { error: 'unprocessable' };
        return {
          add: { consumer: target.consumer, kind: 'reverse', points: -target.points, key: req.key, reversesId: target.id },
        };
      }
      const signed = req.op === 'award' ? req.points : -req.points;
      if (prior) {
        const same = prior.kind === req.op && prior.consumer === req.consumer && (req.op === 'expire' || prior.points === signed);
        return same ? { replay: prior } : { error: 'conflict' };
      }
      const base = { consumer: req.consumer, kind: req.op, key: req.key, reversesId: null };
      if (req.op === 'award') return { add: { ...base, points: signed } };
      if (req.op === 'redeem')
        return bal(m, req.consumer) < req.points ? { error: 'unprocessable' } : { add: { ...base, points: signed } };
      return { add: { ...base, points: 0 - Math.min(bal(m, req.consumer), req.points) } };
    }

    function execute(tenantId: string, req: Req): Promise<Posted> {
      if (req.op === 'reverse')
        return reverse(db, { tenantId, entryId: req.entryId, reason: 'mistake', idempotencyKey: req.key });
      if (req.op === 'expire')
        return expire(db, { tenantId, consumerId: req.consumer, points: req.points, asOf: ASOF, idempotencyKey: req.key });
      const input = {
        tenantId,
        consumerId: req.consumer,
        points: req.points,
        sourceType: 'dropoff',
        sourceId: 'src',
        idempotencyKey: req.key,
      };
      return req.op === 'award' ? award(db, input) : redeem(db, input);
    }

    async function verify(m: Model, r: Real): Promise<void> {
      const rows = await entries(m.tenantId);
      expect(rows.map((row) => row.id).sort()).toEqual(m.entries.map((e) => e.id).sort());
      // Append-only: every entry seen after an earlier command is still there, unchanged.
      for (const row of rows) {
        const earlier = r.seen.get(row.id);
        if (earlier) expect(row).toEqual(earlier);
        else r.seen.set(row.id, row);
      }
      expect(r.seen.size).toBe(rows.length);
      for (const c of CONSUMERS) {
        const sum = rows.filter((row) => row.consumer_id === c).reduce((s, row) => s + Number(row.points), 0);
        expect(sum).toBe(bal(m, c));
        expect(sum).toBeGreaterThanOrEqual(0);
        expect(await balanceOf(db, m.tenantId, c)).toBe(sum);
        expect((await account(m.tenantId, c)) ?? 0).toBe(sum);
      }
    }

    class Command implements fc.AsyncCommand<Model, Real> {
      constructor(readonly spec: Spec) {}
      check(m: Readonly<Model>): boolean {
        return this.spec.op !== 'replay' || m.history.length > 0;
      }
      async run(m: Model, r: Real): Promise<void> {
        const s = this.spec;
        const pick = (k: KeyPick) =>
          k === null || m.keys.length === 0 ? `k${m.fresh++}` : (m.keys[k.reuse % m.keys.length] as string);
        let req: Req;
        if (s.op === 'replay') req = m.history[s.n % m.history.length] as Req;
        else if (s.op === 'reverse') {
          const target = s.bogus || m.entries.length === 0 ? undefined : m.entries[s.target % m.entries.length];
          req = { op: 'reverse', entryId: target?.id ?? 'pts_00000000000000000000000000', key: pick(s.key) };
        } else req = { op: s.op, consumer: s.consumer, points: s.points, key: pick(s.key) };

        const want = expected(m, req);
        let got: Posted | undefined;
        let code = 'ok';
        try {
          got = await execute(m.tenantId, req);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          code = err.code;
        }
        if ('error' in want) {
          expect(code).toBe(want.error);
        } else if ('replay' in want) {
          expect(code).toBe('ok');
          expect(got?.replayed).toBe(true);
          expect(got?.entry.id).toBe(want.replay.id);
        } else {
          expect(code).toBe('ok');
          const entry = got?.entry as LedgerEntry;
          expect(got?.replayed).toBe(false);
          expect(entry).toMatchObject({
            tenantId: m.tenantId,
            consumerId: want.add.consumer,
            kind: want.add.kind,
            points: want.add.points,
            idempotencyKey: want.add.key,
            reversesId: want.add.reversesId,
          });
          const added = { ...want.add, id: entry.id };
          m.entries.push(added);
          m.byKey.set(added.key, added);
          m.balance.set(added.consumer, bal(m, added.consumer) + added.points);
          if (added.reversesId) m.reversed.add(added.reversesId);
        }
        m.history.push(req);
        if (!m.keys.includes(req.key)) m.keys.push(req.key);
        await verify(m, r);
      }
      toString(): string {
        return JSON.stringify(this.spec);
      }
    }

    const keyPick = fc.oneof(
      { arbitrary: fc.constant(null), weight: 3 },
      { arbitrary: fc.record({ reuse: fc.nat() }), weight: 1 },
    ) as fc.Arbitrary<KeyPick>;
    const consumer = fc.constantFrom(...CONSUMERS);
    const postSpec = (op: 'award' | 'redeem' | 'expire', max: number) =>
      fc.record({ op: fc.constant(op), consumer, points: fc.integer({ min: 1, max }), key: keyPick });
    const command = fc
      .oneof(
        { arbitrary: postSpec('award', 40), weight: 4 },
        { arbitrary: postSpec('redeem', 25), weight: 3 },
        { arbitrary: postSpec('expire', 60), weight: 1 },
        {
          arbitrary: fc.record({
            op: fc.constant('reverse' as const),
            target: fc.nat(),
            bogus: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
            key: keyPick,
          }),
          weight: 2,
        },
        { arbitrary: fc.record({ op: fc.constant('replay' as const), n: fc.nat() }), weight: 2 },
      )
      .map((spec) => new Command(spec as Spec));

    it('holds over random sequences of awards, redemptions, reversals, expiries and replays', async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands([command], { maxCommands: 30, size: 'max' }), async (cmds) => {
          const tenantId = await newTenant();
          const model: Model = {
            tenantId,
            balance: new Map(),
            entries: [],
            byKey: new Map(),
            reversed: new Set(),
            history: [],
            keys: [],
            fresh: 0,
          };
          await fc.asyncModelRun(() => ({ model, real: { seen: new Map() } }), cmds);
        }),
        { numRuns: Number(process.env.LEDGER_RUNS ?? 40) },
      );
    });
  });
});
