import { type Kysely, sql } from 'kysely';
import { type ErrorDetail, invalid, newId, type Scope, SYSTEM_SCOPE } from '../core/index.js';
import type { Database, Db } from '../db/index.js';
import { classOf, normalizeId } from '../reusables/epcis/ids.js';
import { captureEvents } from '../reusables/epcis/store.js';
import { type CarrierConfig, isValidWaybillNo, listCarriers } from '../waybill/index.js';
import { award, pointsFor } from './ledger.js';
import { GRADES, type Grade, type RefusalReason, sizeClassOf, stationLocalDay } from './model.js';
import { writableStation } from './stations.js';
import { afterStockChange } from './stock.js';

export interface DropoffInput {
  stationId: string;
  /** Pseudonymous: an app user id or a hashed phone number, never the number itself. */
  consumerId: string;
  /** The delivered parcel's waybill number (cartons, pulp, plastic) … */
  waybillNo?: string;
  /** … or the GRAI of a reusable box (URN or Digital Link). */
  epc?: string;
  grade: string;
  deviceId?: string;
}

export interface Dropoff {
  id: string;
  stationId: string;
  consumerId: string;
  itemKey: string;
  grade: Grade;
  status: 'accepted' | 'refused';
  reason: RefusalReason | null;
  points: number;
  createdAt: string;
  /** True when this answer is the stored answer to an earlier request with the same idempotency key. */
  replayed: boolean;
}

/** Caps per consumer and station per (station-local) day, and scans per device per minute. */
export interface DropoffLimits {
  consumerPerDay: number;
  stationPerDay: number;
  devicePerMinute: number;
}

export const DEFAULT_LIMITS: DropoffLimits = { consumerPerDay: 20, stationPerDay: 5000, devicePerMinute: 30 };

// Waybill numbers are checked against every carrier's rule; carriers change rarely, so they are read
// at most once a minute per database.
const carrierCache = new WeakMap<Db, { atMs: number; carriers: CarrierConfig[] }>();
async function carriers(db: Db): Promise<CarrierConfig[]> {
  const hit = carrierCache.get(db);
  if (hit && Date.now() - hit.atMs < 60_000) return hit.carriers;
  const list = await listCarriers(db, SYSTEM_SCOPE);
  carrierCache.set(db, { atMs: Date.now(), carriers: list });
  return list;
}

/** Checks the input and returns the key of the item it rewards (`wb:<no>` or `epc:<GRAI>`). */
async function itemKeyOf(db: Db, input: DropoffInput): Promise<{ itemKey: string; grade: Grade }> {
  const errors: ErrorDetail[] = [];
  if (typeof input.consumerId !== 'string' || !/^[\w.:@-]{1,128}$/.test(input.consumerId)) {
    errors.push({ field: 'consumerId', message: 'a pseudonymous id: 1 to 128 letters, digits or . _ : @ -' });
  }
  if (!(GRADES as readonly string[]).includes(input.grade)) {
    errors.push({ field: 'grade', message: `unknown_grade: one of ${GRADES.join(', ')}` });
  }
  if ((input.waybillNo === undefined) === (input.epc === undefined)) {
    errors.push({ field: 'waybillNo', message: 'give either waybillNo (a parcel) or epc (a reusable box)' });
  }
  if (errors.length) throw invalid(`${errors[0]?.field}: ${errors[0]?.message}`, errors);
  const grade = input.grade as Grade;

  if (input.epc !== undefined) {
    if (grade !== 'reusable_box')
      throw invalid('an epc is a reusable box: grade must be reusable_box', [
        { field: 'grade', message: 'must be reusable_box with an epc' },
      ]);
    let id: string;
    try {
      id = normalizeId(input.epc);
    } catch (err) {
      throw invalid(`epc: ${(err as Error).message}`, [{ field: 'epc', message: 'malformed_epc' }]);
    }
    if (!classOf(id)?.includes('/8003/'))
      throw invalid('epc must be a GRAI (a reusable box)', [{ field: 'epc', message: 'not_a_grai' }]);
    return { itemKey: `epc:${id}`, grade };
  }
  if (grade === 'reusable_box')
    throw invalid('a reusable box is identified by its epc', [{ field: 'epc', message: 'required for reusable_box' }]);
  const no = String(input.waybillNo).trim().toUpperCase();
  const known = (await carriers(db)).some((c) => isValidWaybillNo(no, c));
  if (!known) {
    throw invalid(`waybillNo ${input.waybillNo} is not a valid waybill number of a known carrier`, [
      { field: 'waybillNo', message: 'malformed_waybill_no' },
    ]);
  }
  return { itemKey: `wb:${no}`, grade };
}

type Row = Database['recycling_dropoffs'];
const dropoffOf = (r: Row, replayed: boolean): Dropoff => ({
  id: r.id,
  stationId: r.station_id,
  consumerId: r.consumer_id,
  itemKey: r.item_key,
  grade: r.grade as Grade,
  status: r.status as Dropoff['status'],
  reason: r.reason as RefusalReason | null,
  points: r.points,
  createdAt: r.created_at,
  replayed,
});

class Refused extends Error {
  constructor(readonly reason: RefusalReason) {
    super(reason);
  }
}

/** Moves a counter up by one unless it is at `cap`; false when the cap is reached. */
async function bump(k: Kysely<Database>, key: string, cap: number): Promise<boolean> {
  const row = await k
    .insertInto('recycling_counters')
    .values({ key, n: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ n: sql`recycling_counters.n + 1` }).where('recycling_counters.n', '<', cap),
    )
    .returning('n')
    .executeTakeFirst();
  return row !== undefined;
}

async function byIdempotencyKey(db: Db, tenantId: string, key: string): Promise<Row | undefined> {
  return db.kysely
    .selectFrom('recycling_dropoffs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/**
 * Records a drop-off. One transaction holds the item claim (one reward per parcel or box, ever), the cap
 * and velocity counters, the drop-off row, the points award and the stock: all of it or none. A refusal
 * is recorded with its reason and no points. The same idempotency key (default: item + consumer) always
 * gets the first answer back.
 */
export async function recordDropoff(
  db: Db,
  scope: Scope,
  input: DropoffInput,
  opts: { idempotencyKey?: string | undefined; limits?: DropoffLimits; nowMs?: number } = {},
): Promise<Dropoff> {
  const { itemKey, grade } = await itemKeyOf(db, input);
  const station = await writableStation(db, scope, input.stationId);
  const tenantId = station.tenantId;
  const key = opts.idempotencyKey ?? `auto:${itemKey}:${input.consumerId}`;
  if (key.length > 200)
    throw invalid('Idempotency-Key is longer than 200 characters', [{ field: 'Idempotency-Key', message: 'too long' }]);
  const earlier = await byIdempotencyKey(db, tenantId, key);
  if (earlier) return dropoffOf(earlier, true);

  const limits = opts.limits ?? DEFAULT_LIMITS;
  const nowMs = opts.nowMs ?? Date.now();
  const day = stationLocalDay(nowMs);
  const minute = new Date(nowMs).toISOString().slice(0, 16);
  const row: Row = {
    id: newId('drop'),
    tenant_id: tenantId,
    station_id: station.id,
    consumer_id: input.consumerId,
    device_id: input.deviceId ?? null,
    item_key: itemKey,
    grade,
    status: 'accepted',
    reason: null,
    points: 0,
    idempotency_key: key,
    local_day: day,
    created_at: new Date(nowMs).toISOString(),
  };

  try {
    await db.kysely.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('recycling_item_claims')
        .values({ item_key: itemKey, dropoff_id: row.id })
        .onConflict((oc) => oc.column('item_key').doNothing())
        .returning('item_key')
        .executeTakeFirst();
      if (!claimed) throw new Refused('already_rewarded');
      if (input.deviceId && !(await bump(trx, `device:${input.deviceId}:${minute}`, limits.devicePerMinute))) {
        throw new Refused('device_velocity');
      }
      if (!(await bump(trx, `consumer:${tenantId}:${input.consumerId}:${day}`, limits.consumerPerDay))) {
        throw new Refused('consumer_daily_cap');
      }
      if (!(await bump(trx, `station:${station.id}:${day}`, limits.stationPerDay))) throw new Refused('station_daily_cap');

      row.points = await pointsFor(trx, tenantId, `dropoff:${grade}`);
      await trx.insertInto('recycling_dropoffs').values(row).execute();
      if (row.points > 0) {
        await award(trx, {
          tenantId,
          consumerId: input.consumerId,
          points: row.points,
          sourceType: 'dropoff',
          sourceId: row.id,
          idempotencyKey: `dropoff:${row.id}`,
        });
      }
      const size = sizeClassOf(grade);
      if (size) {
        await trx
          .insertInto('recycling_stock')
          .values({ station_id: station.id, size_class: size, grade: 'reusable', count: 1 })
          .onConflict((oc) =>
            oc.columns(['station_id', 'size_class', 'grade']).doUpdateSet({ count: sql`recycling_stock.count + 1` }),
          )
          .execute();
        await afterStockChange(trx, station, nowMs);
      }
    });
    if (grade === 'reusable_box') await returnToPool(db, row, station.id);
    return dropoffOf(row, false);
  } catch (err) {
    if (!(err instanceof Refused)) {
      // A concurrent request with the same idempotency key won the race: answer with its result.
      const winner = await byIdempotencyKey(db, tenantId, key);
      if (winner) return dropoffOf(winner, true);
      throw err;
    }
    const refused: Row = { ...row, status: 'refused', reason: err.reason, points: 0 };
    try {
      await db.kysely.insertInto('recycling_dropoffs').values(refused).execute();
    } catch (insertErr) {
      const winner = await byIdempotencyKey(db, tenantId, key);
      if (winner) return dropoffOf(winner, true);
      throw insertErr;
    }
    return dropoffOf(refused, false);
  }
}

/**
 * A reusable box left at a station is a `returned` event in its pool's EPCIS repository (the pool owner's,
 * found by the box type of its GRAI class), linked to the drop-off by the eventID. Without a box type for
 * the GRAI there is no pool to tell. Capture is idempotent, so a retry after a failure is harmless.
 */
async function returnToPool(db: Db, row: Row, stationId: string): Promise<void> {
  const epc = row.item_key.slice('epc:'.length);
  const owner = await db.kysely
    .selectFrom('reusable_box_types')
    .select('tenant_id')
    .where('grai_class', '=', classOf(epc) ?? '')
    .executeTakeFirst();
  if (!owner) return;
  const offset = '+08:00';
  const local = new Date(Date.parse(row.created_at) + 8 * 3_600_000).toISOString().slice(0, 23);
  await captureEvents(db, {
    tenantId: owner.tenant_id,
    keyId: 'recycling',
    behaviour: 'rollback',
    context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    events: [
      {
        type: 'ObjectEvent',
        eventID: `urn:greenlink:dropoff:${row.id}`,
        eventTime: `${local}${offset}`,
        eventTimeZoneOffset: offset,
        epcList: [epc],
        action: 'OBSERVE',
        bizStep: 'collecting',
        disposition: 'returned',
        readPoint: { id: `urn:greenlink:station:${stationId}` },
      },
    ],
  });
}

export async function listDropoffs(
  db: Db,
  scope: Scope,
  opts: { stationId?: string | undefined; consumerId?: string | undefined; limit: number },
): Promise<Dropoff[]> {
  let q = db.kysely.selectFrom('recycling_dropoffs').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (opts.stationId) q = q.where('station_id', '=', opts.stationId);
  if (opts.consumerId) q = q.where('consumer_id', '=', opts.consumerId);
  return (await q.execute()).map((r) => dropoffOf(r, false));
}
