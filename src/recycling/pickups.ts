import { type Kysely, PostgresAdapter } from 'kysely';
import { AppError, ErrorCode, type ErrorDetail, invalid, notFound, type Scope } from '../core/index.js';
import type { Database, Db } from '../db/index.js';
import { SIZE_CLASSES, type SizeClass } from './model.js';
import { writableStation } from './stations.js';
import { boardOf, insertPickup, lockStationForPickup, openPickup, STOCK_GRADE } from './stock.js';

export const PICKUP_STATUSES = ['requested', 'handed_over'] as const;
export type PickupStatus = (typeof PICKUP_STATUSES)[number];

/** One line of a handover manifest: boxes of a size class and grade taken from stock, and their weight. */
export interface ManifestLine {
  sizeClass: string;
  grade: string;
  count: number;
  /** Board of one box of the size class, kg. */
  kgEach: number;
  /** count × kgEach, rounded to grams. */
  weightKg: number;
}

export interface Manifest {
  lines: ManifestLine[];
  totalCount: number;
  totalWeightKg: number;
}

export interface Pickup {
  id: string;
  tenantId: string;
  stationId: string;
  status: PickupStatus;
  /** `threshold` (stock reached 80 % of capacity) or `manual`. */
  trigger: 'threshold' | 'manual';
  requestedAt: string;
  /** Null until handover. */
  manifest: Manifest | null;
  collector: string | null;
  signedBy: string | null;
  handedOverAt: string | null;
}

/** What the collector takes of one stock row (default: all of every row). */
export interface HandoverCount {
  sizeClass: string;
  grade?: string | undefined;
  count: number;
}

export interface HandoverInput {
  /** The recycler or hauler collecting. */
  collector: string;
  /** Who signed the manifest at the station. */
  signedBy: string;
  counts?: HandoverCount[] | undefined;
}

type Row = Database['recycling_pickups'];
type Executor = Kysely<Database>;

export const pickupOf = (r: Row): Pickup => ({
  id: r.id,
  tenantId: r.tenant_id,
  stationId: r.station_id,
  status: r.status as PickupStatus,
  trigger: r.trigger as Pickup['trigger'],
  requestedAt: r.requested_at,
  manifest: JSON.parse(r.manifest_json) as Manifest | null,
  collector: r.collector,
  signedBy: r.signed_by,
  handedOverAt: r.handed_over_at,
});

const isPostgres = (k: Executor): boolean => k.getExecutor().adapter instanceof PostgresAdapter;
const grams = (kg: number): number => Math.round(kg * 1000) / 1000;

export async function listPickups(
  db: Db,
  scope: Scope,
  opts: { stationId?: string | undefined; status?: string | undefined; tenantId?: string | undefined; limit?: number } = {},
): Promise<Pickup[]> {
  if (opts.status !== undefined && !(PICKUP_STATUSES as readonly string[]).includes(opts.status)) {
    throw invalid(`status must be one of ${PICKUP_STATUSES.join(', ')}`, [{ field: 'status', message: 'unknown_status' }]);
  }
  let q = db.kysely
    .selectFrom('recycling_pickups')
    .selectAll()
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 100);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (opts.tenantId) q = q.where('tenant_id', '=', opts.tenantId);
  if (opts.stationId) q = q.where('station_id', '=', opts.stationId);
  if (opts.status) q = q.where('status', '=', opts.status);
  return (await q.execute()).map(pickupOf);
}

export async function getPickup(db: Db, scope: Scope, id: string): Promise<Pickup> {
  let q = db.kysely.selectFrom('recycling_pickups').selectAll().where('id', '=', id);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('pickup', id);
  return pickupOf(row);
}

/**
 * Requests a pickup by hand. A station has at most one open (requested) pickup: when one is open, it is
 * returned (`created: false`) instead of a second.
 */
export async function requestPickup(
  db: Db,
  scope: Scope,
  stationId: string,
  nowMs = Date.now(),
): Promise<{ pickup: Pickup; created: boolean }> {
  const station = await writableStation(db, scope, stationId);
  return db.kysely.transaction().execute(async (trx) => {
    await lockStationForPickup(trx, station.id);
    const open = await openPickup(trx, station.id);
    if (open) return { pickup: pickupOf(open), created: false };
    return { pickup: pickupOf(await insertPickup(trx, station.tenantId, station.id, 'manual', nowMs)), created: true };
  });
}

function checkHandover(input: HandoverInput): void {
  const errors: ErrorDetail[] = [];
  for (const f of ['collector', 'signedBy'] as const) {
    const v = input[f];
    if (!(typeof v === 'string' && v.trim() !== '' && v.length <= 200))
      errors.push({ field: f, message: 'required, at most 200 characters' });
  }
  const seen = new Set<string>();
  (input.counts ?? []).forEach((c, i) => {
    if (!(SIZE_CLASSES as readonly string[]).includes(c.sizeClass)) {
      errors.push({ field: `counts/${i}/sizeClass`, message: `unknown_size_class: one of ${SIZE_CLASSES.join(', ')}` });
    }
    if (!(Number.isInteger(c.count) && c.count >= 0)) errors.push({ field: `counts/${i}/count`, message: 'an integer >= 0' });
    const k = `${c.sizeClass}/${c.grade ?? STOCK_GRADE}`;
    if (seen.has(k)) errors.push({ field: `counts/${i}`, message: `${k} appears twice` });
    seen.add(k);
  });
  if (errors.length) throw invalid(`${errors[0]?.field}: ${errors[0]?.message}`, errors);
}

/**
 * Hands a requested pickup over to its collector. One transaction claims the pickup (a second handover is
 * a Conflict, also when two race), takes the boxes from stock — every row to 0, or the given counts (more
 * than in stock is Unprocessable `insufficient_stock`) — and stores the signed manifest: counts and board
 * weights per size class and grade.
 */
export async function handOverPickup(
  db: Db,
  scope: Scope,
  id: string,
  input: HandoverInput,
  nowMs = Date.now(),
): Promise<Pickup> {
  checkHandover(input);
  const found = await getPickup(db, scope, id);
  await writableStation(db, scope, found.stationId);
  const handedOverAt = new Date(nowMs).toISOString();
  const alreadyHandedOver = (p: { id: string; handed_over_at: string | null; signed_by: string | null }) =>
    new AppError(
      ErrorCode.Conflict,
      `already_handed_over: pickup ${p.id} was handed over at ${p.handed_over_at}, signed by ${p.signed_by}`,
      [{ field: 'id', message: 'already_handed_over' }],
    );
  return db.kysely.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('recycling_pickups')
      .set({ status: 'handed_over' })
      .where('id', '=', id)
      .where('status', '=', 'requested')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      const now = await trx.selectFrom('recycling_pickups').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      throw alreadyHandedOver(now);
    }
    let q = trx.selectFrom('recycling_stock').selectAll().where('station_id', '=', found.stationId);
    if (isPostgres(trx)) q = q.forUpdate();
    const stock = await q.execute();
    const wanted =
      input.counts?.map((c) => ({ sizeClass: c.sizeClass, grade: c.grade ?? STOCK_GRADE, count: c.count })) ??
      stock.map((r) => ({ sizeClass: r.size_class, grade: r.grade, count: Number(r.count) }));
    const lines: ManifestLine[] = [];
    for (const w of wanted) {
      if (w.count === 0) continue;
      const have = Number(stock.find((r) => r.size_class === w.sizeClass && r.grade === w.grade)?.count ?? 0);
      if (w.count > have) {
        throw new AppError(
          ErrorCode.Unprocessable,
          `insufficient_stock: station ${found.stationId} has ${have} ${w.grade} size-${w.sizeClass} boxes, ${w.count} counted`,
          [{ field: 'counts', message: 'insufficient_stock' }],
        );
      }
      await trx
        .updateTable('recycling_stock')
        .set((eb) => ({ count: eb('count', '-', w.count) }))
        .where('station_id', '=', found.stationId)
        .where('size_class', '=', w.sizeClass)
        .where('grade', '=', w.grade)
        .execute();
      const kgEach = (SIZE_CLASSES as readonly string[]).includes(w.sizeClass) ? boardOf(w.sizeClass as SizeClass).boardKg : 0;
      lines.push({ sizeClass: w.sizeClass, grade: w.grade, count: w.count, kgEach, weightKg: grams(w.count * kgEach) });
    }
    const order = (s: string) => (SIZE_CLASSES as readonly string[]).indexOf(s);
    lines.sort((a, b) => order(a.sizeClass) - order(b.sizeClass) || (a.grade < b.grade ? -1 : a.grade > b.grade ? 1 : 0));
    const manifest: Manifest = {
      lines,
      totalCount: lines.reduce((n, l) => n + l.count, 0),
      totalWeightKg: grams(lines.reduce((n, l) => n + l.count * l.kgEach, 0)),
    };
    const row = await trx
      .updateTable('recycling_pickups')
      .set({
        manifest_json: JSON.stringify(manifest),
        collector: input.collector.trim(),
        signed_by: input.signedBy.trim(),
        handed_over_at: handedOverAt,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return pickupOf(row);
  });
}
