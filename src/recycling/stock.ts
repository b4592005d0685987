/**
 * Station stock of reclaimed boxes (by size class and grade) and the threshold that calls a pickup.
 *
 * Board mass per size class comes from the packing module: a size class stands for one China Post
 * standard carton (邮政纸箱), single wall at the packing module's grammage, as an RSC blank
 * (`chinaPostBox`, `boxMaterialUse`):
 *   s = No. 5 (290 × 170 × 190 mm): 0.342 m² blank × 440 g/m² = 0.15048 kg
 *   m = No. 3 (430 × 210 × 270 mm): 0.6288 m² × 440 g/m²     = 0.276672 kg
 *   l = No. 1 (530 × 290 × 370 mm): 1.1022 m² × 440 g/m²     = 0.484968 kg
 * No. 5 is the usual small e-commerce carton (shoes, a few books), No. 3 the mid-size one, No. 1 the
 * largest China Post carton, so a reused box is credited at most what a new box of its class would have
 * needed. CO2e is board kg × the FEFCO 2021 board factor (`BOARD_FACTOR_ID`, 0.491 kg CO2e/kg).
 */
import { Kysely, PostgresAdapter } from 'kysely';
import { newId, type Scope } from '../core/index.js';
import type { Database, Db } from '../db/index.js';
import { BOARD_FACTOR_ID, BOARD_KG_CO2E_PER_KG, boxMaterialUse, CHINA_POST_BOXES } from '../packing/index.js';
import { SIZE_CLASSES, type SizeClass } from './model.js';
import { getStation } from './stations.js';

type Executor = Kysely<Database>;

/** The China Post carton each size class stands for. */
export const SIZE_CLASS_BOX: Readonly<Record<SizeClass, string>> = { s: 'cp-05', m: 'cp-03', l: 'cp-01' };

/** Board one box of a size class is made of, its CO2e and the factor used. */
export interface BoardOf {
  sizeClass: SizeClass;
  boxId: string;
  boardKg: number;
  kgCo2e: number;
  factorId: string;
}

const BOARD: Readonly<Record<SizeClass, BoardOf>> = Object.fromEntries(
  SIZE_CLASSES.map((size) => {
    const box = CHINA_POST_BOXES.find((b) => b.id === SIZE_CLASS_BOX[size]);
    if (!box) throw new Error(`packing module has no China Post box ${SIZE_CLASS_BOX[size]}`);
    const use = boxMaterialUse(box, BOARD_KG_CO2E_PER_KG);
    return [size, { sizeClass: size, boxId: box.id, boardKg: use.boardKg, kgCo2e: use.co2eKg, factorId: BOARD_FACTOR_ID }];
  }),
) as Record<SizeClass, BoardOf>;

export const boardOf = (size: SizeClass): BoardOf => BOARD[size];

/** Grade of stock rows that drop-offs add and reuse consumes. */
export const STOCK_GRADE = 'reusable';

/** A pickup is requested when the stock reaches this percentage of the station's storage capacity. */
export const PICKUP_THRESHOLD_PERCENT = 80;

/** Boxes at which a station of this capacity calls a pickup (at least 1). */
export const thresholdCount = (capacity: number): number => Math.max(1, Math.ceil((capacity * PICKUP_THRESHOLD_PERCENT) / 100));

export interface StockRow {
  sizeClass: string;
  grade: string;
  count: number;
}

export interface StationStock {
  stationId: string;
  storageCapacity: number;
  /** Boxes in stock over all size classes and grades. */
  total: number;
  /** Stock at which a pickup is requested (80 % of the capacity). */
  threshold: number;
  /** The open (requested) pickup, if there is one. */
  openPickupId: string | null;
  /** Every size class of the reusable grade (0 when empty), then any other rows. */
  rows: StockRow[];
}

const isPostgres = (k: Executor): boolean => k.getExecutor().adapter instanceof PostgresAdapter;
const kyselyOf = (x: Db | Executor): Executor => (x instanceof Kysely ? x : x.kysely);

const sizeOrder = (s: string): number => {
  const i = (SIZE_CLASSES as readonly string[]).indexOf(s);
  return i < 0 ? SIZE_CLASSES.length : i;
};

/** The stock of a station of the caller's tenant (404 for another tenant's station). */
export async function stationStock(db: Db, scope: Scope, stationId: string): Promise<StationStock> {
  const station = await getStation(db, scope, stationId);
  const [rows, open] = await Promise.all([
    db.kysely.selectFrom('recycling_stock').selectAll().where('station_id', '=', station.id).execute(),
    openPickup(db.kysely, station.id),
  ]);
  const out: StockRow[] = SIZE_CLASSES.map((sizeClass) => ({
    sizeClass,
    grade: STOCK_GRADE,
    count: Number(rows.find((r) => r.size_class === sizeClass && r.grade === STOCK_GRADE)?.count ?? 0),
  }));
  for (const r of rows) {
    if (r.grade !== STOCK_GRADE || sizeOrder(r.size_class) === SIZE_CLASSES.length) {
      out.push({ sizeClass: r.size_class, grade: r.grade, count: Number(r.count) });
    }
  }
  out.sort((a, b) => sizeOrder(a.sizeClass) - sizeOrder(b.sizeClass) || (a.grade < b.grade ? -1 : a.grade > b.grade ? 1 : 0));
  return {
    stationId: station.id,
    storageCapacity: station.storageCapacity,
    total: out.reduce((n, r) => n + r.count, 0),
    threshold: thresholdCount(station.storageCapacity),
    openPickupId: open?.id ?? null,
    rows: out,
  };
}

/** The open (requested) pickup of a station. */
export async function openPickup(k: Executor, stationId: string): Promise<Database['recycling_pickups'] | undefined> {
  return k
    .selectFrom('recycling_pickups')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('status', '=', 'requested')
    .orderBy('requested_at')
    .executeTakeFirst();
}

/**
 * Makes the station's pickup requests take turns (PostgreSQL: the station row, FOR NO KEY UPDATE, which
 * does not block inserts that reference the station; SQLite runs one transaction at a time).
 */
export async function lockStationForPickup(k: Executor, stationId: string): Promise<void> {
  if (!isPostgres(k)) return;
  await k.selectFrom('recycling_stations').select('id').where('id', '=', stationId).forNoKeyUpdate().execute();
}

/** Inserts a requested pickup (the caller holds the station's pickup lock and found none open). */
export async function insertPickup(
  k: Executor,
  tenantId: string,
  stationId: string,
  trigger: 'threshold' | 'manual',
  nowMs: number,
): Promise<Database['recycling_pickups']> {
  const row: Database['recycling_pickups'] = {
    id: newId('pku', nowMs),
    tenant_id: tenantId,
    station_id: stationId,
    status: 'requested',
    trigger,
    manifest_json: 'null',
    collector: null,
    signed_by: null,
    requested_at: new Date(nowMs).toISOString(),
    handed_over_at: null,
  };
  await k.insertInto('recycling_pickups').values(row).execute();
  return row;
}

/**
 * Call inside the transaction that added stock to a station: when its stock reaches 80 % of its storage
 * capacity and no pickup is open, requests one (trigger `threshold`). Returns the pickup it created.
 */
export async function afterStockChange(
  trx: Executor,
  station: { id: string; tenantId: string; storageCapacity: number },
  nowMs = Date.now(),
): Promise<Database['recycling_pickups'] | null> {
  const total = await stockTotal(trx, station.id);
  if (total < thresholdCount(station.storageCapacity)) return null;
  await lockStationForPickup(trx, station.id);
  if (await openPickup(trx, station.id)) return null;
  return insertPickup(trx, station.tenantId, station.id, 'threshold', nowMs);
}

export async function stockTotal(x: Db | Executor, stationId: string): Promise<number> {
  const row = await kyselyOf(x)
    .selectFrom('recycling_stock')
    .select((eb) => eb.fn.sum<number>('count').as('n'))
    .where('station_id', '=', stationId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
