import { sql } from 'kysely';
import { writeTenant } from '../auth/index.js';
import {
  AppError,
  decryptField,
  ErrorCode,
  encryptField,
  invalid,
  type KeyRing,
  newId,
  notFound,
  nowIso,
  type Role,
  type Scope,
  toUtcIso,
} from '../core/index.js';
import { type Db, decodeCursor, type Page, type PageRequest, pageLimit, toPage } from '../db/index.js';
import type { WaybillAccessLogTable, WaybillCarriersTable, WaybillsTable } from '../db/schema.js';
import {
  type Carrier,
  type CheckScheme,
  DEFAULT_CARRIERS,
  type IssuedWaybill,
  type LabelSizeName,
  type MaskedParty,
  type ParcelInput,
  type ResolvedWaybill,
  type Waybill,
  type WaybillAccess,
  type WaybillStatus,
} from './model.js';
import { consolidationOf, formatWaybillNo, maxSequence, sortCodeOf } from './numbers.js';
import { isQrToken, maskParty, newQrTokens, openParties, qrTokenHash, sealParties } from './privacy.js';
import { validateCarrier, validateParcels } from './validate.js';

// Rows per statement, under SQLite's and PostgreSQL's bound-parameter limits.
const INSERT_CHUNK = 500;
const KEY_CHUNK = 500;

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

// ---- carriers ----

const toCarrier = (r: WaybillCarriersTable): Carrier => ({
  code: r.code,
  name: r.name,
  prefix: r.prefix,
  sequenceDigits: Number(r.sequence_digits),
  checkScheme: r.check_scheme as CheckScheme,
  tenantId: r.tenant_id,
  createdAt: r.created_at,
});

const seeded = new WeakSet<object>();

/** Inserts the default carriers that are missing (once per connection pool); existing rows are left alone. */
export async function ensureDefaultCarriers(db: Db): Promise<void> {
  if (seeded.has(db.kysely)) return;
  const now = nowIso();
  await db.kysely
    .insertInto('waybill_carriers')
    .values(
      DEFAULT_CARRIERS.map((c) => ({
        code: c.code,
        tenant_id: null,
        name: c.name,
        prefix: c.prefix,
        sequence_digits: c.sequenceDigits,
        check_scheme: c.checkScheme,
        next_seq: 1,
        created_at: now,
      })),
    )
    // No conflict target: a default whose code or prefix is taken is skipped, never an error.
    .onConflict((oc) => oc.doNothing())
    .execute();
  seeded.add(db.kysely);
}

function carriersQuery(db: Db, tenantId: string | null) {
  let q = db.kysely.selectFrom('waybill_carriers').selectAll();
  if (tenantId !== null) q = q.where((eb) => eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', tenantId)]));
  return q;
}

/** Carriers the scope may issue with: the shared ones and its tenant's own. */
export async function listCarriers(db: Db, scope: Scope): Promise<Carrier[]> {
  await ensureDefaultCarriers(db);
  return (await carriersQuery(db, scope.tenantId).orderBy('code').execute()).map(toCarrier);
}

export async function getCarrier(db: Db, scope: Scope, code: string): Promise<Carrier> {
  await ensureDefaultCarriers(db);
  const row = await carriersQuery(db, scope.tenantId).where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
  if (!row) throw notFound('carrier', code);
  return toCarrier(row);
}

/**
 * Adds a carrier numbering rule. An admin key not bound to a tenant adds a shared carrier (or one
 * for `options.tenantId`); a merchant key adds one for its own tenant. Codes and prefixes are
 * unique across all tenants, so a number names its carrier.
 */
export async function addCarrier(db: Db, scope: Scope, input: unknown, options: { tenantId?: string } = {}): Promise<Carrier> {
  if (scope.role !== 'admin' && scope.role !== 'merchant')
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot add carriers`);
  const config = validateCarrier(input);
  const tenantId =
    scope.tenantId === null && !options.tenantId ? null : await writeTenant(db, scope, options.tenantId, 'add carriers');
  await ensureDefaultCarriers(db);
  const clash = await db.kysely
    .selectFrom('waybill_carriers')
    .select(['code', 'prefix'])
    .where((eb) => eb.or([eb('code', '=', config.code), eb('prefix', '=', config.prefix)]))
    .executeTakeFirst();
  if (clash) {
    const what = clash.code === config.code ? `code ${config.code}` : `prefix ${config.prefix}`;
    throw new AppError(ErrorCode.Conflict, `a carrier with ${what} already exists`, [
      { field: clash.code === config.code ? '/code' : '/prefix', message: 'taken' },
    ]);
  }
  const row: WaybillCarriersTable = {
    code: config.code,
    tenant_id: tenantId,
    name: config.name,
    prefix: config.prefix,
    sequence_digits: config.sequenceDigits,
    check_scheme: config.checkScheme,
    next_seq: 1,
    created_at: nowIso(),
  };
  await db.kysely.insertInto('waybill_carriers').values(row).execute();
  return toCarrier(row);
}

// ---- waybills ----

const toWaybill = (ring: KeyRing, r: WaybillsTable, token?: string): Waybill => ({
  id: r.id,
  tenantId: r.tenant_id,
  carrier: r.carrier_code,
  waybillNo: r.waybill_no,
  orderKey: r.order_key,
  status: r.status as WaybillStatus,
  reprintCount: Number(r.reprint_count),
  lastPrintedAt: r.last_printed_at,
  sender: JSON.parse(r.sender_masked) as MaskedParty,
  recipient: JSON.parse(r.recipient_masked) as MaskedParty,
  weightKg: Number(r.weight_kg),
  pieces: Number(r.pieces),
  contents: r.contents,
  sortCode: r.sort_code,
  consolidation: { code: r.consolidation_code, name: r.consolidation_name },
  qrToken: token ?? decryptField(ring, r.qr_token_enc),
  createdAt: r.created_at,
  voidedAt: r.voided_at,
  voidReason: r.void_reason,
});

export interface IssueOptions {
  /** Tenant to issue for, when the key is not bound to one (admin). */
  tenantId?: string;
  /** Carrier for parcels that name none. */
  defaultCarrier?: string;
  /** Label size addresses must fit (76x130 by default, the smallest). */
  labelSize?: LabelSizeName;
}

interface Pending {
  token: string;
  carrier: string;
  row: WaybillsTable;
}

/**
 * Issues one waybill per parcel, in one transaction. Each carrier's numbers come as one block from
 * its counter row (`update ... set next_seq = next_seq + n returning`), so concurrent requests never
 * share a number; UNIQUE (carrier, number) is the database's guarantee on top. An order key the
 * tenant already issued (before, concurrently, or earlier in the same batch) returns that waybill
 * with `reused: true`, whatever its status; a number allocated for it is left unused (gaps are
 * allowed). Parties are stored encrypted with the key ring's current key; only masked values are in
 * clear. Results are in input order.
 */
export async function issueWaybills(
  db: Db,
  scope: Scope,
  ring: KeyRing,
  parcels: readonly ParcelInput[] | unknown,
  options: IssueOptions = {},
): Promise<IssuedWaybill[]> {
  const tenantId = await writeTenant(db, scope, options.tenantId, 'issue waybills');
  await ensureDefaultCarriers(db);
  const carriers = new Map((await carriersQuery(db, tenantId).execute()).map((r) => [r.code, toCarrier(r)]));
  const valid = validateParcels(parcels, {
    carriers: new Set(carriers.keys()),
    defaultCarrier: options.defaultCarrier,
    labelSize: options.labelSize,
  });

  // Everything but the numbers is prepared outside the transaction, to hold the counter lock briefly.
  const now = nowIso();
  const pending = new Map<string, Pending>();
  const routes = new Map<string, { sortCode: string; consolidation: { code: string; name: string } }>();
  const tokens = newQrTokens(valid.length);
  for (const [i, p] of valid.entries()) {
    if (pending.has(p.orderKey)) continue;
    const r = p.recipient;
    const destKey = `${r.province}|${r.city}|${r.district}`;
    let route = routes.get(destKey);
    if (!route) {
      const sortCode = sortCodeOf(r);
      route = { sortCode, consolidation: consolidationOf(r, sortCode) };
      routes.set(destKey, route);
    }
    const token = tokens[i]!;
    pending.set(p.orderKey, {
      token,
      carrier: p.carrier,
      row: {
        id: newId('wb'),
        tenant_id: tenantId,
        carrier_code: p.carrier,
        waybill_no: '',
        order_key: p.orderKey,
        status: 'issued',
        reprint_count: 0,
        last_printed_at: null,
        parties_enc: sealParties(ring, p),
        sender_masked: JSON.stringify(maskParty(p.sender)),
        recipient_masked: JSON.stringify(maskParty(p.recipient)),
        weight_kg: p.weightKg,
        pieces: p.pieces ?? 1,
        contents: p.contents,
        sort_code: route.sortCode,
        consolidation_code: route.consolidation.code,
        consolidation_name: route.consolidation.name,
        qr_token_hash: qrTokenHash(token),
        qr_token_enc: encryptField(ring, token),
        created_at: now,
        voided_at: null,
        void_reason: null,
      },
    });
  }

  const { existing, inserted } = await db.kysely.transaction().execute(async (trx) => {
    const selectByKeys = async (keys: string[]) => {
      const rows: WaybillsTable[] = [];
      for (const part of chunks(keys, KEY_CHUNK)) {
        rows.push(
          ...(await trx
            .selectFrom('waybills')
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('order_key', 'in', part)
            .execute()),
        );
      }
      return rows;
    };
    const existing = new Map((await selectByKeys([...pending.keys()])).map((r) => [r.order_key, r]));
    const todo = [...pending.values()].filter((p) => !existing.has(p.row.order_key));

    const byCarrier = new Map<string, Pending[]>();
    for (const p of todo) {
      const list = byCarrier.get(p.carrier);
      if (list) list.push(p);
      else byCarrier.set(p.carrier, [p]);
    }
    // Counters in code order, so two batches over the same carriers lock them in the same order.
    for (const code of [...byCarrier.keys()].sort()) {
      const list = byCarrier.get(code)!;
      const carrier = carriers.get(code)!;
      const got = await trx
        .updateTable('waybill_carriers')
        .set({ next_seq: sql<number>`next_seq + ${list.length}` })
        .where('code', '=', code)
        .returning('next_seq')
        .executeTakeFirstOrThrow();
      const first = Number(got.next_seq) - list.length;
      if (first + list.length - 1 > maxSequence(carrier)) {
        throw new AppError(ErrorCode.Unprocessable, `carrier ${code} has run out of waybill numbers`);
      }
      list.forEach((p, i) => {
        p.row.waybill_no = formatWaybillNo(carrier, first + i);
      });
    }

    // Inserted in order-key order, so concurrent batches sharing keys wait on each other in one order.
    const rows = todo.map((p) => p.row).sort((a, b) => (a.order_key < b.order_key ? -1 : a.order_key > b.order_key ? 1 : 0));
    const inserted = new Set<string>();
    for (const part of chunks(rows, INSERT_CHUNK)) {
      const got = await trx
        .insertInto('waybills')
        .values(part)
        // Only the order key may conflict quietly; a duplicate number still fails the transaction.
        .onConflict((oc) => oc.columns(['tenant_id', 'order_key']).doNothing())
        .returning('order_key')
        .execute();
      for (const g of got) inserted.add(g.order_key);
    }
    const raced = rows.filter((r) => !inserted.has(r.order_key)).map((r) => r.order_key);
    for (const r of await selectByKeys(raced)) existing.set(r.order_key, r);
    return { existing, inserted };
  });

  const seen = new Set<string>();
  return valid.map((p) => {
    const first = !seen.has(p.orderKey);
    seen.add(p.orderKey);
    const own = pending.get(p.orderKey)!;
    if (inserted.has(p.orderKey)) return { ...toWaybill(ring, own.row, own.token), reused: !first };
    const row = existing.get(p.orderKey);
    if (!row) throw new AppError(ErrorCode.Internal, `waybill for order key ${p.orderKey} was neither issued nor found`);
    return { ...toWaybill(ring, row), reused: true };
  });
}

async function findRow(db: Db, scope: Scope, idOrNo: string): Promise<WaybillsTable> {
  let q = db.kysely
    .selectFrom('waybills')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrNo), eb('waybill_no', '=', idOrNo)]))
    .limit(2);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  const rows = await q.execute();
  if (rows.length === 0) throw notFound('waybill', idOrNo);
  if (rows.length > 1)
    throw new AppError(ErrorCode.Conflict, `waybill number ${idOrNo} exists for several carriers; use the id (wb_...)`);
  return rows[0]!;
}

/** One waybill by id (`wb_...`) or number, with masked parties. */
export async function getWaybill(db: Db, scope: Scope, ring: KeyRing, idOrNo: string): Promise<Waybill> {
  return toWaybill(ring, await findRow(db, scope, idOrNo));
}

export interface WaybillFilter extends PageRequest {
  tenantId?: string;
  status?: WaybillStatus;
  carrier?: string;
  orderKey?: string;
}

/** Waybills with masked parties, a page at a time, newest last. */
export async function listWaybills(db: Db, scope: Scope, ring: KeyRing, filter: WaybillFilter = {}): Promise<Page<Waybill>> {
  const limit = pageLimit(filter.limit);
  const after = decodeCursor(filter.cursor);
  let q = db.kysely
    .selectFrom('waybills')
    .selectAll()
    .orderBy('id')
    .limit(limit + 1);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.carrier) q = q.where('carrier_code', '=', filter.carrier.trim().toUpperCase());
  if (filter.orderKey) q = q.where('order_key', '=', filter.orderKey);
  if (after) q = q.where('id', '>', after);
  return toPage(
    (await q.execute()).map((r) => toWaybill(ring, r)),
    limit,
  );
}

const NO_WRITE_ROLES: readonly Role[] = ['analyst', 'courier'];

/** Voids a waybill; voiding a voided one returns it unchanged. Its order key stays taken. */
export async function voidWaybill(db: Db, scope: Scope, ring: KeyRing, idOrNo: string, reason?: string): Promise<Waybill> {
  if (NO_WRITE_ROLES.includes(scope.role)) throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot void waybills`);
  const row = await findRow(db, scope, idOrNo);
  if (row.status === 'voided') return toWaybill(ring, row);
  const updated = await db.kysely
    .updateTable('waybills')
    .set({ status: 'voided', voided_at: nowIso(), void_reason: reason?.trim().slice(0, 200) || null })
    .where('id', '=', row.id)
    .where('status', '=', 'issued')
    .returningAll()
    .executeTakeFirst();
  return toWaybill(ring, updated ?? (await findRow(db, scope, row.id)));
}

/** Counts one more print of the label; a voided waybill cannot be printed (409). */
export async function markReprinted(db: Db, scope: Scope, ring: KeyRing, idOrNo: string): Promise<Waybill> {
  if (scope.role === 'analyst') throw new AppError(ErrorCode.Forbidden, 'an analyst key cannot print waybills');
  const row = await findRow(db, scope, idOrNo);
  const updated = await db.kysely
    .updateTable('waybills')
    .set({ reprint_count: sql<number>`reprint_count + 1`, last_printed_at: nowIso() })
    .where('id', '=', row.id)
    .where('status', '=', 'issued')
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new AppError(ErrorCode.Conflict, `waybill ${row.waybill_no} is voided and cannot be printed`);
  return toWaybill(ring, updated);
}

// ---- full data for couriers, audited ----

/** Roles the store lets resolve a QR token to full personal data; the API narrows this to couriers. */
export const RESOLVE_ROLES: readonly Role[] = ['courier', 'admin'];

const toAccess = (r: WaybillAccessLogTable): WaybillAccess => ({
  id: r.id,
  tenantId: r.tenant_id,
  waybillId: r.waybill_id,
  waybillNo: r.waybill_no,
  keyId: r.key_id,
  role: r.role,
  purpose: r.purpose,
  outcome: r.outcome as WaybillAccess['outcome'],
  accessedAt: r.accessed_at,
});

/**
 * The full sender and recipient behind a label's QR token. Every call writes an audit row (who =
 * the key id, when, which waybill, why), failed lookups included; the row is written before any
 * personal data is returned. With `waybill` (id or number), a token of another waybill resolves
 * to nothing (audited as not found).
 */
export async function resolveToken(
  db: Db,
  scope: Scope,
  ring: KeyRing,
  token: string,
  purpose: string,
  waybill?: string,
): Promise<ResolvedWaybill> {
  if (!RESOLVE_ROLES.includes(scope.role))
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot read full waybill data`);
  const why = purpose?.trim();
  if (!why || why.length > 100)
    throw invalid('purpose is required (at most 100 characters)', [{ field: '/purpose', message: 'required' }]);
  let row: WaybillsTable | undefined;
  if (isQrToken(token)) {
    let q = db.kysely.selectFrom('waybills').selectAll().where('qr_token_hash', '=', qrTokenHash(token));
    if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
    row = await q.executeTakeFirst();
    if (row && waybill !== undefined && row.id !== waybill && row.waybill_no !== waybill) row = undefined;
  }
  const access: WaybillAccessLogTable = {
    id: newId('wba'),
    tenant_id: row?.tenant_id ?? null,
    waybill_id: row?.id ?? null,
    waybill_no: row?.waybill_no ?? null,
    key_id: scope.keyId,
    role: scope.role,
    purpose: why,
    outcome: row ? 'granted' : 'not_found',
    accessed_at: nowIso(),
  };
  await db.kysely.insertInto('waybill_access_log').values(access).execute();
  if (!row) throw notFound('waybill for token', `${token.slice(0, 8)}...`);
  const { sender, recipient } = openParties(ring, row.parties_enc);
  return { waybill: toWaybill(ring, row, token), sender, recipient, accessId: access.id };
}

export interface AccessFilter extends PageRequest {
  /** Waybill id or number. */
  waybill?: string;
  tenantId?: string;
}

/** The audit trail of full-data reads, a page at a time. Failed lookups (no tenant) only for unbound keys. */
export async function listWaybillAccess(db: Db, scope: Scope, filter: AccessFilter = {}): Promise<Page<WaybillAccess>> {
  const limit = pageLimit(filter.limit);
  const after = decodeCursor(filter.cursor);
  let q = db.kysely
    .selectFrom('waybill_access_log')
    .selectAll()
    .orderBy('id')
    .limit(limit + 1);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.waybill) {
    const w = filter.waybill;
    q = q.where((eb) => eb.or([eb('waybill_id', '=', w), eb('waybill_no', '=', w)]));
  }
  if (after) q = q.where('id', '>', after);
  return toPage((await q.execute()).map(toAccess), limit);
}

// ---- totals for the progress dashboard ----

export interface WaybillCounts {
  /** Waybills in force (issued, not voided): e-waybills applied. */
  issued: number;
  voided: number;
  reprints: number;
}

/** Counts of the waybills visible to the scope, optionally by creation time (ISO 8601 with offset; from inclusive, to exclusive). */
export async function countWaybills(
  db: Db,
  scope: Scope,
  filter: { tenantId?: string; from?: string; to?: string } = {},
): Promise<WaybillCounts> {
  let q = db.kysely
    .selectFrom('waybills')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('reprint_count').as('reprints')])
    .groupBy('status');
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.from) q = q.where('created_at', '>=', toUtcIso(filter.from, 'from'));
  if (filter.to) q = q.where('created_at', '<', toUtcIso(filter.to, 'to'));
  const out: WaybillCounts = { issued: 0, voided: 0, reprints: 0 };
  for (const r of await q.execute()) {
    if (r.status === 'issued') out.issued = Number(r.n);
    if (r.status === 'voided') out.voided = Number(r.n);
    out.reprints += Number(r.reprints ?? 0);
  }
  return out;
}
