/**
 * Recycling metrics for the progress dashboard: packages collected (accepted drop-offs), reused (reuse
 * rows), reuse rate, participating stations, cities and consumers, board and kg CO2e avoided, points
 * awarded; in total, by month, by city and for the top stations. Every figure is an SQL aggregate over
 * the rows' `local_day` (UTC+8), portable between SQLite and PostgreSQL.
 */
import { type RawBuilder, sql } from 'kysely';
import { type ErrorDetail, invalid, type Scope } from '../core/index.js';
import type { Db } from '../db/index.js';

export interface MetricsFilter {
  /** First local day included, YYYY-MM-DD. */
  fromDay?: string | undefined;
  /** Last local day included, YYYY-MM-DD. */
  toDay?: string | undefined;
  city?: string | undefined;
  stationId?: string | undefined;
  /** For keys not bound to a tenant: one tenant's figures. */
  tenantId?: string | undefined;
}

export interface Figures {
  /** Accepted drop-offs. */
  collected: number;
  /** Parcels sent in reclaimed boxes. */
  reused: number;
  /** reused ÷ collected; null when nothing was collected. */
  reuseRate: number | null;
  /** Stations with at least one accepted drop-off. */
  stations: number;
  /** Cities of those stations. */
  cities: number;
  /** Distinct consumers with an accepted drop-off. */
  consumers: number;
  boardKgAvoided: number;
  kgCo2eAvoided: number;
  /** Points of accepted drop-offs plus points awarded for reuse. */
  points: number;
}

export interface StationFigures extends Figures {
  stationId: string;
  name: string;
  city: string;
}

export interface RecyclingMetrics {
  filter: { fromDay: string | null; toDay: string | null; city: string | null; stationId: string | null };
  totals: Figures;
  /** By month (YYYY-MM), oldest first. */
  byMonth: (Figures & { month: string })[];
  /** By city, most collected first. */
  byCity: (Figures & { city: string })[];
  /** The ten stations that collected most (ties by id). */
  topStations: StationFigures[];
}

export const TOP_STATIONS = 10;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

interface DropoffAgg {
  k: string;
  collected: number;
  stations: number;
  cities: number;
  consumers: number;
  points: number;
}
interface ReuseAgg {
  k: string;
  reused: number;
  board: number;
  co2e: number;
  points: number;
}

const emptyFigures = (): Figures => ({
  collected: 0,
  reused: 0,
  reuseRate: null,
  stations: 0,
  cities: 0,
  consumers: 0,
  boardKgAvoided: 0,
  kgCo2eAvoided: 0,
  points: 0,
});

function figuresOf(d: DropoffAgg | undefined, r: ReuseAgg | undefined): Figures {
  const collected = Number(d?.collected ?? 0);
  const reused = Number(r?.reused ?? 0);
  return {
    collected,
    reused,
    reuseRate: collected > 0 ? round6(reused / collected) : null,
    stations: Number(d?.stations ?? 0),
    cities: Number(d?.cities ?? 0),
    consumers: Number(d?.consumers ?? 0),
    boardKgAvoided: round6(Number(r?.board ?? 0)),
    kgCo2eAvoided: round6(Number(r?.co2e ?? 0)),
    points: Number(d?.points ?? 0) + Number(r?.points ?? 0),
  };
}

function checkFilter(f: MetricsFilter): void {
  const errors: ErrorDetail[] = [];
  for (const [field, v] of [
    ['from', f.fromDay],
    ['to', f.toDay],
  ] as const) {
    if (v !== undefined && !(DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) {
      errors.push({ field, message: 'a day, YYYY-MM-DD' });
    }
  }
  if (!errors.length && f.fromDay && f.toDay && f.fromDay > f.toDay) errors.push({ field: 'from', message: 'after to' });
  if (errors.length) throw invalid(`${errors[0]?.field}: ${errors[0]?.message}`, errors);
}

/**
 * The metrics of the caller's tenant (every tenant for an unbound admin or analyst key, or `tenantId`),
 * over accepted drop-offs and reuse rows whose local day is within [fromDay, toDay].
 */
export async function recyclingMetrics(db: Db, scope: Scope, f: MetricsFilter = {}): Promise<RecyclingMetrics> {
  checkFilter(f);
  const k = db.kysely;

  // Filters shared by both sources (d: drop-offs, r: reuse; s: their station): tenant, station, city, local day.
  const filters = (a: 'd' | 'r'): RawBuilder<boolean> => {
    const col = (c: string) => sql.ref(`${a}.${c}`);
    const parts: RawBuilder<unknown>[] = [sql`1 = 1`];
    if (scope.tenantId !== null) parts.push(sql`${col('tenant_id')} = ${scope.tenantId}`);
    if (f.tenantId) parts.push(sql`${col('tenant_id')} = ${f.tenantId}`);
    if (f.stationId) parts.push(sql`${col('station_id')} = ${f.stationId}`);
    if (f.city) parts.push(sql`s.city = ${f.city}`);
    if (f.fromDay) parts.push(sql`${col('local_day')} >= ${f.fromDay}`);
    if (f.toDay) parts.push(sql`${col('local_day')} <= ${f.toDay}`);
    return sql<boolean>`${sql.join(parts, sql` and `)}`;
  };

  const dropoffs = async (key: RawBuilder<string> | null, stationIds?: string[]): Promise<DropoffAgg[]> => {
    let q = k
      .selectFrom('recycling_dropoffs as d')
      .innerJoin('recycling_stations as s', 's.id', 'd.station_id')
      .where('d.status', '=', 'accepted')
      .select((eb) => [
        (key ?? sql<string>`''`).as('k'),
        eb.fn.countAll<number>().as('collected'),
        eb.fn.count<number>('d.station_id').distinct().as('stations'),
        eb.fn.count<number>('s.city').distinct().as('cities'),
        sql<number>`count(distinct d.tenant_id || ':' || d.consumer_id)`.as('consumers'),
        eb.fn.sum<number>('d.points').as('points'),
      ]);
    q = q.where(filters('d'));
    if (stationIds) q = q.where('d.station_id', 'in', stationIds);
    if (key) q = q.groupBy(key);
    return (await q.execute()) as DropoffAgg[];
  };

  const reuse = async (key: RawBuilder<string> | null, stationIds?: string[]): Promise<ReuseAgg[]> => {
    let q = k
      .selectFrom('recycling_reuse as r')
      .innerJoin('recycling_stations as s', 's.id', 'r.station_id')
      // The reuse award, if any: its idempotency key is `reuse:<id>` (at most one per reuse).
      .leftJoin('points_ledger as l', (j) =>
        j.onRef('l.tenant_id', '=', 'r.tenant_id').on('l.idempotency_key', '=', sql<string>`'reuse:' || r.id`),
      )
      .select((eb) => [
        (key ?? sql<string>`''`).as('k'),
        eb.fn.count<number>('r.id').as('reused'),
        eb.fn.sum<number>('r.board_kg').as('board'),
        eb.fn.sum<number>('r.kg_co2e').as('co2e'),
        eb.fn.sum<number>('l.points').as('points'),
      ]);
    q = q.where(filters('r'));
    if (stationIds) q = q.where('r.station_id', 'in', stationIds);
    if (key) q = q.groupBy(key);
    return (await q.execute()) as ReuseAgg[];
  };

  const month = (a: 'd' | 'r') => sql<string>`substr(${sql.ref(`${a}.local_day`)}, 1, 7)`;
  const [dTotal, rTotal, dMonth, rMonth, dCity, rCity, dTop] = await Promise.all([
    dropoffs(null),
    reuse(null),
    dropoffs(month('d')),
    reuse(month('r')),
    dropoffs(sql.ref<string>('s.city')),
    reuse(sql.ref<string>('s.city')),
    topStationsCollected(),
  ]);

  async function topStationsCollected() {
    return k
      .selectFrom('recycling_dropoffs as d')
      .innerJoin('recycling_stations as s', 's.id', 'd.station_id')
      .where('d.status', '=', 'accepted')
      .where(filters('d'))
      .select((eb) => ['s.id as k', eb.fn.countAll<number>().as('collected')])
      .groupBy('s.id')
      .orderBy('collected', 'desc')
      .orderBy('s.id')
      .limit(TOP_STATIONS)
      .execute();
  }

  const topIds = dTop.map((t) => t.k);
  const [dStation, rStation, names] = topIds.length
    ? await Promise.all([
        dropoffs(sql.ref<string>('d.station_id'), topIds),
        reuse(sql.ref<string>('r.station_id'), topIds),
        k.selectFrom('recycling_stations').select(['id', 'name', 'city']).where('id', 'in', topIds).execute(),
      ])
    : [[], [], []];

  const merge = <T extends string>(d: DropoffAgg[], r: ReuseAgg[], name: T) => {
    const keys = [...new Set([...d.map((x) => x.k), ...r.map((x) => x.k)])];
    return keys.map(
      (key) =>
        ({
          [name]: key,
          ...figuresOf(
            d.find((x) => x.k === key),
            r.find((x) => x.k === key),
          ),
        }) as Figures & Record<T, string>,
    );
  };

  const byMonth = merge(dMonth, rMonth, 'month').sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const byCity = merge(dCity, rCity, 'city').sort(
    (a, b) => b.collected - a.collected || (a.city < b.city ? -1 : a.city > b.city ? 1 : 0),
  );
  const topStations: StationFigures[] = topIds.map((id) => {
    const s = names.find((n) => n.id === id);
    return {
      stationId: id,
      name: s?.name ?? id,
      city: s?.city ?? '',
      ...figuresOf(
        dStation.find((x) => x.k === id),
        rStation.find((x) => x.k === id),
      ),
    };
  });

  return {
    filter: { fromDay: f.fromDay ?? null, toDay: f.toDay ?? null, city: f.city ?? null, stationId: f.stationId ?? null },
    totals: dTotal.length || rTotal.length ? figuresOf(dTotal[0], rTotal[0]) : emptyFigures(),
    byMonth,
    byCity,
    topStations,
  };
}
