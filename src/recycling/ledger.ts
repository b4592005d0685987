/**
 * The green points ledger: append-only entries (award, redeem, reverse, expire), each tied to its source
 * event and to an idempotency key unique per tenant. A consumer's balance is the sum of its entries;
 * `points_accounts` holds the same figure as a concurrency guard, moved in the same transaction as each
 * entry, so a conditional update (`balance >= n`) keeps redemptions from overdrawing under concurrency.
 *
 * Every writer takes a `Db` or a Kysely executor: given a transaction (`trx.isTransaction`) it runs in it,
 * otherwise it opens its own. Writers check everything before they write, and never throw after a write
 * (a raced replay undoes its guard move in the same transaction), so a caller that catches an AppError
 * inside its own transaction is left with no half-posted entry.
 */
import { Kysely, PostgresAdapter } from 'kysely';
import { AppError, ErrorCode, type ErrorDetail, invalid, newId, notFound, type Scope } from '../core/index.js';
import { type Database, type Db, decodeCursor, type PageRequest, pageLimit, toPage } from '../db/index.js';
import { DEFAULT_POINTS, type LedgerEntry, type LedgerKind } from './model.js';

/** A Kysely instance or an open transaction over the Greenlink schema. */
export type Executor = Kysely<Database>;
export type DbOrExecutor = Db | Executor;

/** Largest number of points one entry or one rule may carry (balances stay far from int4 overflow). */
export const MAX_ENTRY_POINTS = 1_000_000;

/** What an award or a redemption records. */
export interface PostInput {
  tenantId: string;
  consumerId: string;
  /** A positive integer; a redemption records it negated. */
  points: number;
  /** The kind of event the entry is tied to (`dropoff`, `reuse`, `order`, ...). */
  sourceType: string;
  sourceId: string;
  /** Unique per tenant: a replay with the same key returns the first entry and changes nothing. */
  idempotencyKey: string;
  note?: string | null;
}

export interface ReverseInput {
  tenantId: string;
  /** The award or redemption to reverse. */
  entryId: string;
  reason: string;
  idempotencyKey: string;
}

export interface ExpireInput {
  tenantId: string;
  consumerId: string;
  /** Points due to expire; the entry expires at most the balance. */
  points: number;
  /** The expiry run's date or time (ISO 8601), recorded as the entry's source (`expiry`, asOf). */
  asOf: string;
  idempotencyKey: string;
  note?: string | null;
}

/** The entry written (or, for a replay, the one written first). */
export interface Posted {
  entry: LedgerEntry;
  replayed: boolean;
}

export interface PointsRule {
  eventType: string;
  points: number;
  /** `custom`: set by the tenant; `default`: DEFAULT_POINTS. */
  source: 'default' | 'custom';
  /** The built-in figure for this event type, if there is one. */
  defaultPoints: number | null;
  updatedAt: string | null;
}

export interface Statement {
  tenantId: string;
  consumerId: string;
  /** The whole balance (not only this page's entries). */
  balance: number;
  /** Newest first. */
  entries: LedgerEntry[];
  nextCursor: string | null;
}

type Row = Database['points_ledger'];

const kyselyOf = (x: DbOrExecutor): Executor => (x instanceof Kysely ? x : x.kysely);
const isPostgres = (k: Executor): boolean => k.getExecutor().adapter instanceof PostgresAdapter;

/** Runs `fn` in the caller's transaction if `x` is one, otherwise in a new transaction. */
function inTransaction<T>(x: DbOrExecutor, fn: (k: Executor) => Promise<T>): Promise<T> {
  const k = kyselyOf(x);
  return k.isTransaction ? fn(k) : k.transaction().execute(fn);
}

const entryOf = (r: Row): LedgerEntry => ({
  id: r.id,
  tenantId: r.tenant_id,
  consumerId: r.consumer_id,
  kind: r.kind as LedgerKind,
  points: Number(r.points),
  sourceType: r.source_type,
  sourceId: r.source_id,
  idempotencyKey: r.idempotency_key,
  reversesId: r.reverses_id,
  note: r.note,
  createdAt: r.created_at,
});

// ---------------------------------------------------------------------------------------------------------
// Validation

const EVENT_TYPE = /^[a-z][a-z0-9_]*(:[a-z0-9_]+)*$/;

class Checker {
  readonly errors: ErrorDetail[] = [];
  need(ok: boolean, field: string, message: string): void {
    if (!ok) this.errors.push({ field, message });
  }
  text(value: unknown, field: string, max = 200): void {
    this.need(
      typeof value === 'string' && value.trim() !== '' && value.length <= max,
      field,
      `required, at most ${max} characters`,
    );
  }
  points(value: unknown, field = '/points', min = 1): void {
    this.need(
      typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_ENTRY_POINTS,
      field,
      `must be an integer from ${min} to ${MAX_ENTRY_POINTS}`,
    );
  }
  throwIfAny(what: string): void {
    const first = this.errors[0];
    if (first) throw invalid(`${what}: ${first.field} ${first.message}`, this.errors);
  }
}

function checkPost(input: PostInput, what: string): void {
  const c = new Checker();
  c.text(input.tenantId, '/tenantId');
  c.text(input.consumerId, '/consumerId');
  c.points(input.points);
  c.text(input.sourceType, '/sourceType', 64);
  c.text(input.sourceId, '/sourceId');
  c.text(input.idempotencyKey, '/idempotencyKey');
  c.need(input.note == null || (typeof input.note === 'string' && input.note.length <= 500), '/note', 'at most 500 characters');
  c.throwIfAny(what);
}

// ---------------------------------------------------------------------------------------------------------
// Shared steps

async function byKey(k: Executor, tenantId: string, key: string): Promise<Row | undefined> {
  return k
    .selectFrom('points_ledger')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** Inserts the entry unless its idempotency key is taken; undefined when it was. */
async function insertEntry(k: Executor, row: Row): Promise<Row | undefined> {
  return k
    .insertInto('points_ledger')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** What a replay must match to be the same request (a key reused for anything else is a conflict). */
interface Expect {
  kind: LedgerKind;
  consumerId?: string;
  points?: number;
  sourceType?: string;
  sourceId?: string;
  reversesId?: string;
}

function replayOf(row: Row, key: string, e: Expect): Posted {
  const same =
    row.kind === e.kind &&
    (e.consumerId === undefined || row.consumer_id === e.consumerId) &&
    (e.points === undefined || Number(row.points) === e.points) &&
    (e.sourceType === undefined || row.source_type === e.sourceType) &&
    (e.sourceId === undefined || row.source_id === e.sourceId) &&
    (e.reversesId === undefined || row.reverses_id === e.reversesId);
  if (!same) {
    throw new AppError(
      ErrorCode.Conflict,
      `idempotency_key_reused: key ${key} already posted ${row.kind} entry ${row.id} for another request`,
      [{ field: '/idempotencyKey', message: 'idempotency_key_reused' }],
    );
  }
  return { entry: entryOf(row), replayed: true };
}

/** The replay found after an insert lost the race for its key. */
async function racedReplay(k: Executor, tenantId: string, key: string, e: Expect): Promise<Posted> {
  const row = await byKey(k, tenantId, key);
  if (!row) throw new AppError(ErrorCode.Internal, `ledger entry with key ${key} was neither inserted nor found`);
  return replayOf(row, key, e);
}

async function accountBalance(k: Executor, tenantId: string, consumerId: string, lock = false): Promise<number> {
  let q = k
    .selectFrom('points_accounts')
    .select('balance')
    .where('tenant_id', '=', tenantId)
    .where('consumer_id', '=', consumerId);
  // SQLite runs one transaction at a time; PostgreSQL needs the row lock.
  if (lock && isPostgres(k)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return Number(row?.balance ?? 0);
}

async function credit(k: Executor, tenantId: string, consumerId: string, n: number): Promise<void> {
  await k
    .insertInto('points_accounts')
    .values({ tenant_id: tenantId, consumer_id: consumerId, balance: n })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'consumer_id']).doUpdateSet((eb) => ({
        balance: eb('points_accounts.balance', '+', eb.ref('excluded.balance')),
      })),
    )
    .execute();
}

/** Takes `n` points off the account if it holds at least `n`; false (and nothing changed) otherwise. */
async function debit(k: Executor, tenantId: string, consumerId: string, n: number): Promise<boolean> {
  const r = await k
    .updateTable('points_accounts')
    .set((eb) => ({ balance: eb('balance', '-', n) }))
    .where('tenant_id', '=', tenantId)
    .where('consumer_id', '=', consumerId)
    .where('balance', '>=', n)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

const insufficient = (message: string): AppError =>
  new AppError(ErrorCode.Unprocessable, `insufficient_points: ${message}`, [
    { field: '/points', message: 'insufficient_points' },
  ]);

function newRow(
  kind: LedgerKind,
  f: Omit<Row, 'id' | 'kind' | 'created_at' | 'reverses_id' | 'note'> & Partial<Pick<Row, 'reverses_id' | 'note'>>,
  nowMs: number,
): Row {
  return {
    id: newId('pts', nowMs),
    tenant_id: f.tenant_id,
    consumer_id: f.consumer_id,
    kind,
    points: f.points,
    source_type: f.source_type,
    source_id: f.source_id,
    idempotency_key: f.idempotency_key,
    reverses_id: f.reverses_id ?? null,
    note: f.note ?? null,
    created_at: new Date(nowMs).toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Rules

/** Points a tenant gives for an event type: its rule, else DEFAULT_POINTS, else 0. */
export async function pointsFor(db: DbOrExecutor, tenantId: string, eventType: string): Promise<number> {
  const rule = await kyselyOf(db)
    .selectFrom('points_rules')
    .select('points')
    .where('tenant_id', '=', tenantId)
    .where('event_type', '=', eventType)
    .executeTakeFirst();
  if (rule) return Number(rule.points);
  return Object.hasOwn(DEFAULT_POINTS, eventType) ? (DEFAULT_POINTS[eventType] ?? 0) : 0;
}

const defaultOf = (eventType: string): number | null =>
  Object.hasOwn(DEFAULT_POINTS, eventType) ? (DEFAULT_POINTS[eventType] ?? null) : null;

/** Sets (or replaces) a tenant's points for an event type; 0 turns the reward off. */
export async function setRule(
  db: DbOrExecutor,
  tenantId: string,
  eventType: string,
  points: number,
  nowMs = Date.now(),
): Promise<PointsRule> {
  const c = new Checker();
  c.need(
    typeof eventType === 'string' && eventType.length <= 64 && EVENT_TYPE.test(eventType),
    '/eventType',
    'like dropoff:carton_m or reuse',
  );
  c.points(points, '/points', 0);
  c.throwIfAny('points rule');
  const updatedAt = new Date(nowMs).toISOString();
  await kyselyOf(db)
    .insertInto('points_rules')
    .values({ tenant_id: tenantId, event_type: eventType, points, updated_at: updatedAt })
    .onConflict((oc) => oc.columns(['tenant_id', 'event_type']).doUpdateSet({ points, updated_at: updatedAt }))
    .execute();
  return { eventType, points, source: 'custom', defaultPoints: defaultOf(eventType), updatedAt };
}

/** Every event type with its points for the tenant: the defaults merged with the tenant's rules. */
export async function listRules(db: DbOrExecutor, tenantId: string): Promise<PointsRule[]> {
  const rows = await kyselyOf(db).selectFrom('points_rules').selectAll().where('tenant_id', '=', tenantId).execute();
  const out = new Map<string, PointsRule>();
  for (const [eventType, points] of Object.entries(DEFAULT_POINTS)) {
    out.set(eventType, { eventType, points, source: 'default', defaultPoints: points, updatedAt: null });
  }
  for (const r of rows) {
    out.set(r.event_type, {
      eventType: r.event_type,
      points: Number(r.points),
      source: 'custom',
      defaultPoints: defaultOf(r.event_type),
      updatedAt: r.updated_at,
    });
  }
  return [...out.values()].sort((a, b) => (a.eventType < b.eventType ? -1 : a.eventType > b.eventType ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------------------
// Entries

/** Awards points: a positive entry, and the account moved up, in one transaction. Idempotent. */
export async function award(db: DbOrExecutor, input: PostInput, nowMs = Date.now()): Promise<Posted> {
  checkPost(input, 'award');
  const { tenantId, consumerId, points, idempotencyKey: key } = input;
  const expect: Expect = { kind: 'award', consumerId, points, sourceType: input.sourceType, sourceId: input.sourceId };
  return inTransaction(db, async (k) => {
    const row = newRow(
      'award',
      {
        tenant_id: tenantId,
        consumer_id: consumerId,
        points,
        source_type: input.sourceType,
        source_id: input.sourceId,
        idempotency_key: key,
        note: input.note ?? null,
      },
      nowMs,
    );
    // A concurrent holder of the key makes this wait; once it commits, the insert does nothing.
    const inserted = await insertEntry(k, row);
    if (!inserted) return racedReplay(k, tenantId, key, expect);
    await credit(k, tenantId, consumerId, points);
    return { entry: entryOf(inserted), replayed: false };
  });
}

/**
 * Redeems points: a negative entry, if the balance covers it (else Unprocessable `insufficient_points`,
 * with nothing written). Idempotent: a replay returns the first redemption even if the balance is now short.
 */
export async function redeem(db: DbOrExecutor, input: PostInput, nowMs = Date.now()): Promise<Posted> {
  checkPost(input, 'redeem');
  const { tenantId, consumerId, points, idempotencyKey: key } = input;
  const expect: Expect = { kind: 'redeem', consumerId, points: -points, sourceType: input.sourceType, sourceId: input.sourceId };
  return inTransaction(db, async (k) => {
    const prior = await byKey(k, tenantId, key);
    if (prior) return replayOf(prior, key, expect);
    if (!(await debit(k, tenantId, consumerId, points))) {
      // The same request may have committed while this one waited for the account row.
      const raced = await byKey(k, tenantId, key);
      if (raced) return replayOf(raced, key, expect);
      const balance = await accountBalance(k, tenantId, consumerId);
      throw insufficient(`balance is ${balance}, ${points} requested`);
    }
    const inserted = await insertEntry(
      k,
      newRow(
        'redeem',
        {
          tenant_id: tenantId,
          consumer_id: consumerId,
          points: -points,
          source_type: input.sourceType,
          source_id: input.sourceId,
          idempotency_key: key,
          note: input.note ?? null,
        },
        nowMs,
      ),
    );
    if (!inserted) {
      await credit(k, tenantId, consumerId, points); // undo the guard move: the key went to a concurrent request
      return racedReplay(k, tenantId, key, expect);
    }
    return { entry: entryOf(inserted), replayed: false };
  });
}

/**
 * Reverses an award or a redemption with a new entry of the opposite points (entries are never edited).
 * An entry is reversed at most once (Conflict `already_reversed` for another key; the same key returns the
 * same reversal); reversals and expiries cannot be reversed; reversing an award whose points were already
 * spent is Unprocessable `insufficient_points`.
 */
export async function reverse(db: DbOrExecutor, input: ReverseInput, nowMs = Date.now()): Promise<Posted> {
  const c = new Checker();
  c.text(input.tenantId, '/tenantId');
  c.text(input.entryId, '/entryId');
  c.text(input.reason, '/reason', 500);
  c.text(input.idempotencyKey, '/idempotencyKey');
  c.throwIfAny('reversal');
  const { tenantId, entryId, idempotencyKey: key } = input;
  const expect: Expect = { kind: 'reverse', reversesId: entryId };
  return inTransaction(db, async (k) => {
    const prior = await byKey(k, tenantId, key);
    if (prior) return replayOf(prior, key, expect);
    // The entry's row lock makes concurrent reversals of one entry take turns.
    let q = k.selectFrom('points_ledger').selectAll().where('tenant_id', '=', tenantId).where('id', '=', entryId);
    if (isPostgres(k)) q = q.forUpdate();
    const original = await q.executeTakeFirst();
    if (!original) throw notFound('ledger entry', entryId);
    if (original.kind !== 'award' && original.kind !== 'redeem') {
      throw new AppError(
        ErrorCode.Unprocessable,
        `not_reversible: ${original.kind} entry ${entryId} cannot be reversed; only awards and redemptions can`,
        [{ field: '/entryId', message: 'not_reversible' }],
      );
    }
    const done = await k
      .selectFrom('points_ledger')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('reverses_id', '=', entryId)
      .executeTakeFirst();
    if (done) {
      if (done.idempotency_key === key) return replayOf(done, key, expect);
      throw new AppError(ErrorCode.Conflict, `already_reversed: entry ${entryId} was reversed by ${done.id}`, [
        { field: '/entryId', message: 'already_reversed' },
      ]);
    }
    const points = -Number(original.points);
    const consumerId = original.consumer_id;
    if (points < 0 && !(await debit(k, tenantId, consumerId, -points))) {
      const balance = await accountBalance(k, tenantId, consumerId);
      throw insufficient(`reversing ${entryId} takes ${-points} points; balance is ${balance}`);
    }
    const inserted = await insertEntry(
      k,
      newRow(
        'reverse',
        {
          tenant_id: tenantId,
          consumer_id: consumerId,
          points,
          source_type: original.source_type,
          source_id: original.source_id,
          idempotency_key: key,
          reverses_id: entryId,
          note: input.reason,
        },
        nowMs,
      ),
    );
    if (!inserted) {
      if (points < 0) await credit(k, tenantId, consumerId, -points);
      return racedReplay(k, tenantId, key, expect);
    }
    if (points > 0) await credit(k, tenantId, consumerId, points);
    return { entry: entryOf(inserted), replayed: false };
  });
}

/**
 * Expires up to `points` (for the points-expiry job): a negative entry capped at the balance, so the
 * balance never goes below zero. With nothing left the entry records 0, so the key stays used and a
 * replay after later awards expires nothing. Idempotent.
 */
export async function expire(db: DbOrExecutor, input: ExpireInput, nowMs = Date.now()): Promise<Posted> {
  const c = new Checker();
  c.text(input.tenantId, '/tenantId');
  c.text(input.consumerId, '/consumerId');
  c.points(input.points);
  c.need(typeof input.asOf === 'string' && !Number.isNaN(Date.parse(input.asOf)), '/asOf', 'an ISO 8601 date or time');
  c.text(input.idempotencyKey, '/idempotencyKey');
  c.need(input.note == null || (typeof input.note === 'string' && input.note.length <= 500), '/note', 'at most 500 characters');
  c.throwIfAny('expiry');
  const { tenantId, consumerId, idempotencyKey: key } = input;
  const expect: Expect = { kind: 'expire', consumerId, sourceType: 'expiry', sourceId: input.asOf };
  return inTransaction(db, async (k) => {
    const prior = await byKey(k, tenantId, key);
    if (prior) return replayOf(prior, key, expect);
    const amount = Math.min(await accountBalance(k, tenantId, consumerId, true), input.points);
    const inserted = await insertEntry(
      k,
      newRow(
        'expire',
        {
          tenant_id: tenantId,
          consumer_id: consumerId,
          points: 0 - amount,
          source_type: 'expiry',
          source_id: input.asOf,
          idempotency_key: key,
          note: input.note ?? null,
        },
        nowMs,
      ),
    );
    if (!inserted) return racedReplay(k, tenantId, key, expect);
    if (amount > 0 && !(await debit(k, tenantId, consumerId, amount))) {
      throw new AppError(ErrorCode.Internal, `points account of ${consumerId} changed under its lock`);
    }
    return { entry: entryOf(inserted), replayed: false };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/** A consumer's balance: the sum of its ledger entries. */
export async function balanceOf(db: DbOrExecutor, tenantId: string, consumerId: string): Promise<number> {
  const row = await kyselyOf(db)
    .selectFrom('points_ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.lit(0)).as('balance'))
    .where('tenant_id', '=', tenantId)
    .where('consumer_id', '=', consumerId)
    .executeTakeFirst();
  return Number(row?.balance ?? 0);
}

/**
 * A consumer's balance and entries, newest first, paged by cursor. A key bound to a tenant reads its own
 * tenant (Forbidden for another `tenantId`); a key bound to none must name the tenant.
 */
export async function statement(
  db: DbOrExecutor,
  scope: Pick<Scope, 'tenantId'>,
  consumerId: string,
  page: PageRequest & { tenantId?: string } = {},
): Promise<Statement> {
  if (scope.tenantId !== null && page.tenantId !== undefined && page.tenantId !== scope.tenantId) {
    throw new AppError(ErrorCode.Forbidden, "this key cannot read another tenant's points");
  }
  const tenantId = scope.tenantId ?? page.tenantId;
  if (!tenantId)
    throw invalid('tenantId is required', [{ field: '/tenantId', message: 'required for a key bound to no tenant' }]);
  const limit = pageLimit(page.limit);
  const before = decodeCursor(page.cursor);
  const k = kyselyOf(db);
  let q = k
    .selectFrom('points_ledger')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('consumer_id', '=', consumerId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (before) q = q.where('id', '<', before);
  const got = toPage((await q.execute()).map(entryOf), limit);
  return {
    tenantId,
    consumerId,
    balance: await balanceOf(k, tenantId, consumerId),
    entries: got.items,
    nextCursor: got.nextCursor,
  };
}
