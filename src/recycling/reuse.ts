import { AppError, ErrorCode, type ErrorDetail, invalid, newId, type Scope } from '../core/index.js';
import type { Database, Db } from '../db/index.js';
import { award, pointsFor } from './ledger.js';
import { SIZE_CLASSES, type SizeClass, stationLocalDay } from './model.js';
import { writableStation } from './stations.js';
import { boardOf, STOCK_GRADE } from './stock.js';

export interface ReuseInput {
  stationId: string;
  sizeClass: string;
  /** The waybill number of the parcel sent in the reclaimed box. */
  waybillNo?: string | undefined;
  /** The sender, when the tenant rewards reuse (`reuse` points rule) — pseudonymous, as for drop-offs. */
  consumerId?: string | undefined;
}

/** A parcel sent in a reclaimed box, with the packaging it avoided. */
export interface Reuse {
  id: string;
  tenantId: string;
  stationId: string;
  sizeClass: SizeClass;
  waybillNo: string | null;
  /** Board of a new box of the size class, kg (see stock.ts). */
  boardKg: number;
  kgCo2e: number;
  factorId: string;
  consumerId: string | null;
  points: number;
  localDay: string;
  createdAt: string;
  /** True when this answer is the stored answer to an earlier request with the same idempotency key. */
  replayed: boolean;
}

type Row = Database['recycling_reuse'];

const WAYBILL = /^[A-Z0-9-]{6,40}$/;
const CONSUMER = /^[\w.:@-]{1,128}$/;

function check(input: ReuseInput): { sizeClass: SizeClass; waybillNo: string | null } {
  const errors: ErrorDetail[] = [];
  if (!(SIZE_CLASSES as readonly string[]).includes(input.sizeClass)) {
    errors.push({ field: 'sizeClass', message: `unknown_size_class: one of ${SIZE_CLASSES.join(', ')}` });
  }
  const waybillNo = input.waybillNo === undefined ? null : String(input.waybillNo).trim().toUpperCase();
  if (waybillNo !== null && !WAYBILL.test(waybillNo)) {
    errors.push({ field: 'waybillNo', message: 'malformed_waybill_no: 6 to 40 letters, digits or -' });
  }
  if (input.consumerId !== undefined && !(typeof input.consumerId === 'string' && CONSUMER.test(input.consumerId))) {
    errors.push({ field: 'consumerId', message: 'a pseudonymous id: 1 to 128 letters, digits or . _ : @ -' });
  }
  if (errors.length) throw invalid(`${errors[0]?.field}: ${errors[0]?.message}`, errors);
  return { sizeClass: input.sizeClass as SizeClass, waybillNo };
}

async function byKey(db: Db, tenantId: string, key: string): Promise<Row | undefined> {
  return db.kysely
    .selectFrom('recycling_reuse')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

async function reuseOf(db: Db, r: Row, replayed: boolean): Promise<Reuse> {
  const entry = await db.kysely
    .selectFrom('points_ledger')
    .select(['consumer_id', 'points'])
    .where('tenant_id', '=', r.tenant_id)
    .where('idempotency_key', '=', `reuse:${r.id}`)
    .executeTakeFirst();
  return {
    id: r.id,
    tenantId: r.tenant_id,
    stationId: r.station_id,
    sizeClass: r.size_class as SizeClass,
    waybillNo: r.waybill_no,
    boardKg: Number(r.board_kg),
    kgCo2e: Number(r.kg_co2e),
    factorId: r.factor_id,
    consumerId: entry?.consumer_id ?? null,
    points: Number(entry?.points ?? 0),
    localDay: r.local_day,
    createdAt: r.created_at,
    replayed,
  };
}

/** The earlier answer for a key, if it was for the same request (a key reused for another is a conflict). */
function sameRequest(r: Row, key: string, stationId: string, sizeClass: SizeClass, waybillNo: string | null): Row {
  if (r.station_id !== stationId || r.size_class !== sizeClass || r.waybill_no !== waybillNo) {
    throw new AppError(
      ErrorCode.Conflict,
      `idempotency_key_reused: key ${key} already recorded reuse ${r.id} (station ${r.station_id}, size ${r.size_class}) for another request`,
      [{ field: 'Idempotency-Key', message: 'idempotency_key_reused' }],
    );
  }
  return r;
}

/**
 * Records a parcel sent in a reclaimed box. One transaction takes one box of the size class from the
 * station's stock (a conditional update, so stock never goes below zero, also under concurrency; none
 * left is Unprocessable `out_of_stock`), records the reuse with the board it avoided, and, when a
 * consumer is named, awards the tenant's `reuse` points. The same idempotency key (default: the waybill
 * number, when given) always gets the first answer back; a waybill is reused at most once.
 */
export async function recordReuse(
  db: Db,
  scope: Scope,
  input: ReuseInput,
  opts: { idempotencyKey?: string | undefined; nowMs?: number } = {},
): Promise<Reuse> {
  const { sizeClass, waybillNo } = check(input);
  const station = await writableStation(db, scope, input.stationId);
  const tenantId = station.tenantId;
  const nowMs = opts.nowMs ?? Date.now();
  const id = newId('reuse', nowMs);
  const key = opts.idempotencyKey ?? (waybillNo ? `auto:wb:${waybillNo}` : `auto:${id}`);
  if (key.length > 200) {
    throw invalid('Idempotency-Key is longer than 200 characters', [{ field: 'Idempotency-Key', message: 'too long' }]);
  }
  const earlier = await byKey(db, tenantId, key);
  if (earlier) return reuseOf(db, sameRequest(earlier, key, station.id, sizeClass, waybillNo), true);

  const board = boardOf(sizeClass);
  const row: Row = {
    id,
    tenant_id: tenantId,
    station_id: station.id,
    size_class: sizeClass,
    waybill_no: waybillNo,
    board_kg: board.boardKg,
    kg_co2e: board.kgCo2e,
    factor_id: board.factorId,
    idempotency_key: key,
    local_day: stationLocalDay(nowMs),
    created_at: new Date(nowMs).toISOString(),
  };
  try {
    await db.kysely.transaction().execute(async (trx) => {
      const taken = await trx
        .updateTable('recycling_stock')
        .set((eb) => ({ count: eb('count', '-', 1) }))
        .where('station_id', '=', station.id)
        .where('size_class', '=', sizeClass)
        .where('grade', '=', STOCK_GRADE)
        .where('count', '>=', 1)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) {
        throw new AppError(
          ErrorCode.Unprocessable,
          `out_of_stock: station ${station.id} has no reclaimed size-${sizeClass} box in stock`,
          [{ field: 'sizeClass', message: 'out_of_stock' }],
        );
      }
      await trx.insertInto('recycling_reuse').values(row).execute();
      if (input.consumerId !== undefined) {
        const points = await pointsFor(trx, tenantId, 'reuse');
        if (points > 0) {
          await award(
            trx,
            {
              tenantId,
              consumerId: input.consumerId,
              points,
              sourceType: 'reuse',
              sourceId: id,
              idempotencyKey: `reuse:${id}`,
            },
            nowMs,
          );
        }
      }
    });
  } catch (err) {
    // A concurrent request with the same key won the race (its box may have been the last one).
    const winner = await byKey(db, tenantId, key);
    if (winner) return reuseOf(db, sameRequest(winner, key, station.id, sizeClass, waybillNo), true);
    if (waybillNo !== null && !(err instanceof AppError)) {
      const done = await db.kysely
        .selectFrom('recycling_reuse')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('waybill_no', '=', waybillNo)
        .executeTakeFirst();
      if (done) {
        throw new AppError(ErrorCode.Conflict, `waybill_already_reused: waybill ${waybillNo} was sent in reuse ${done.id}`, [
          { field: 'waybillNo', message: 'waybill_already_reused' },
        ]);
      }
    }
    throw err;
  }
  return reuseOf(db, row, false);
}
