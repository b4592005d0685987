import { invalid, notFound, type Scope } from '../../core/index.js';
import type { Db } from '../../db/index.js';
import { classOf, normalizeId } from '../epcis/ids.js';
import { type EventQuery, parseEventQuery } from '../epcis/query.js';
import { queryEvents } from '../epcis/store.js';
import { combineKpis, kpiSeries, POOL_KPI_DEFINITIONS, type PoolKpis, poolKpis } from './kpis.js';
import { type BoxHistory, boxHistories, DAY_MS } from './lifecycle.js';
import type { BoxEvent, BoxState, BoxType } from './model.js';
import { getBoxType, listBoxTypes, poolEvents } from './store.js';

/** A period bound given as a date (YYYY-MM-DD, UTC midnight) or an ISO 8601 time, in epoch ms. */
export function periodMs(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(/T/.test(value) ? value : `${value}T00:00:00Z`);
  if (Number.isNaN(ms)) {
    throw invalid(`${field} must be a date (YYYY-MM-DD) or an ISO 8601 time`, [{ field, message: 'invalid date' }]);
  }
  return ms;
}

/** A period; the default is the 365 days up to now. */
export interface PeriodInput {
  fromMs?: number | undefined;
  toMs?: number | undefined;
}

function periodOf(input: PeriodInput): { fromMs: number; toMs: number } {
  const toMs = input.toMs ?? Date.now();
  const fromMs = input.fromMs ?? toMs - 365 * DAY_MS;
  if (!(fromMs < toMs)) throw invalid('from must be before to', [{ field: 'from', message: 'not before to' }]);
  return { fromMs, toMs };
}

const iso = (ms: number) => new Date(ms).toISOString();

// A pool's events change only when its owner captures, and every capture (an error declaration too)
// leaves a capture job, so the newest job id of the tenant tells whether cached events are current.
// Histories are cached per end time (the dashboard asks for the same period several times).
interface PoolCache {
  version: string;
  events: BoxEvent[];
  histories: Map<number, BoxHistory[]>;
}
const POOL_CACHE = new WeakMap<Db, Map<string, PoolCache>>();
const HISTORIES_PER_POOL = 8;

async function captureVersion(db: Db, tenantId: string): Promise<string> {
  const row = await db.kysely
    .selectFrom('epcis_capture_jobs')
    .select((eb) => eb.fn.max('id').as('latest'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return String(row?.latest ?? '');
}

/** Every box of a pool, as of `asOfMs`. */
async function historiesOf(db: Db, type: BoxType, asOfMs: number): Promise<BoxHistory[]> {
  let pools = POOL_CACHE.get(db);
  if (!pools) {
    pools = new Map();
    POOL_CACHE.set(db, pools);
  }
  const version = `${await captureVersion(db, type.tenantId)}|${JSON.stringify(type)}`;
  let cached = pools.get(type.id);
  if (cached?.version !== version) {
    cached = { version, events: await poolEvents(db, type), histories: new Map() };
    pools.set(type.id, cached);
  }
  let histories = cached.histories.get(asOfMs);
  if (!histories) {
    histories = boxHistories(cached.events, type, asOfMs);
    if (cached.histories.size >= HISTORIES_PER_POOL) cached.histories.clear();
    cached.histories.set(asOfMs, histories);
  }
  return histories;
}

export interface PoolReport {
  period: { from: string; to: string };
  pools: { boxType: BoxType; kpis: PoolKpis }[];
  /** Per owner tenant (brand): its pools combined; ratios recomputed from the summed counts. */
  brands: { tenantId: string; kpis: PoolKpis }[];
  total: PoolKpis | null;
  definitions: typeof POOL_KPI_DEFINITIONS;
}

/** Pool KPIs per box type, per brand and in total, computed from the events of each pool. */
export async function poolReport(
  db: Db,
  scope: Scope,
  opts: PeriodInput & { tenantId?: string | undefined; boxTypeId?: string | undefined },
): Promise<PoolReport> {
  const period = periodOf(opts);
  let types = await listBoxTypes(db, scope, opts.tenantId);
  if (opts.boxTypeId) types = types.filter((t) => t.id === opts.boxTypeId);
  const pools: PoolReport['pools'] = [];
  for (const boxType of types) {
    pools.push({ boxType, kpis: poolKpis(boxType, await historiesOf(db, boxType, period.toMs), period) });
  }
  const tenants = [...new Set(pools.map((p) => p.boxType.tenantId))];
  const brands = tenants.map((tenantId) => ({
    tenantId,
    kpis: combineKpis(
      pools.filter((p) => p.boxType.tenantId === tenantId).map((p) => p.kpis),
      period,
    ),
  }));
  return {
    period: { from: iso(period.fromMs), to: iso(period.toMs) },
    pools,
    brands,
    total: pools.length
      ? combineKpis(
          pools.map((p) => p.kpis),
          period,
        )
      : null,
    definitions: POOL_KPI_DEFINITIONS,
  };
}

/** Monthly figures of one pool (UTC+8 months, as the demo network's operators report). */
export async function poolSeries(db: Db, scope: Scope, boxTypeId: string, input: PeriodInput) {
  const type = await getBoxType(db, scope, boxTypeId);
  const period = periodOf(input);
  const histories = await historiesOf(db, type, period.toMs);
  return {
    boxTypeId,
    period: { from: iso(period.fromMs), to: iso(period.toMs) },
    months: kpiSeries(type, histories, period.fromMs, period.toMs, 'month'),
  };
}

const boxSummary = (h: BoxHistory) => ({
  epc: h.epc,
  state: h.state,
  overdue: h.overdue,
  stateSince: iso(h.stateSinceMs),
  commissionedAt: iso(h.commissionedAtMs),
  shipments: h.shipments,
  trips: h.trips,
  lastEventAt: iso(h.lastEventMs),
});

/** The boxes of a pool with their state now (or at `atMs`), filtered by state or overdue, in EPC order. */
export async function poolBoxes(
  db: Db,
  scope: Scope,
  boxTypeId: string,
  opts: { state?: BoxState | undefined; overdue?: boolean | undefined; atMs?: number | undefined; limit: number; offset: number },
) {
  const type = await getBoxType(db, scope, boxTypeId);
  let boxes = await historiesOf(db, type, opts.atMs ?? Date.now());
  if (opts.state) boxes = boxes.filter((b) => b.state === opts.state);
  if (opts.overdue !== undefined) boxes = boxes.filter((b) => b.overdue === opts.overdue);
  return { total: boxes.length, items: boxes.slice(opts.offset, opts.offset + opts.limit).map(boxSummary) };
}

/** One box: its box type, state, trips and events (newest first), found by its GRAI in the caller's pools. */
export async function boxDetail(db: Db, scope: Scope, epc: string) {
  let normal: string;
  try {
    normal = normalizeId(epc);
  } catch (err) {
    throw invalid(`${epc} is not a GRAI: ${(err as Error).message}`, [{ field: 'epc', message: 'not a GRAI' }]);
  }
  const cls = classOf(normal);
  const type = cls ? (await listBoxTypes(db, scope)).find((t) => t.graiClass === cls) : undefined;
  if (!type) throw notFound('reusable box', epc);
  const history = (await historiesOf(db, type, Date.now())).find((h) => h.epc === normal);
  if (!history) throw notFound('reusable box', epc);
  const query: EventQuery = parseEventQuery({ perPage: '200', orderDirection: 'DESC' }, { epc: normal });
  const events = await queryEvents(db, { ...scope, tenantId: type.tenantId }, query, 'Always_EPC_URN');
  return {
    boxType: { id: type.id, name: type.name, tenantId: type.tenantId },
    ...boxSummary(history),
    tripList: history.tripList.map((t) => ({
      outcome: t.outcome,
      shippedAt: iso(t.shippedMs),
      receivedAt: t.receivedMs === undefined ? null : iso(t.receivedMs),
      returnedAt: t.returnedMs === undefined ? null : iso(t.returnedMs),
      availableAt: t.availableMs === undefined ? null : iso(t.availableMs),
    })),
    timeline: history.timeline.map((s) => ({ state: s.state, since: iso(s.sinceMs) })),
    events: events.events,
  };
}
