/**
 * The progress tiles: what each green initiative achieved over a period, computed on every request from the
 * modules' own data through their own summary functions (nothing is copied or stored here). Each tile names its
 * module and the dashboard page it links to, and the kg CO2e it avoided where the module knows it (else null).
 *
 * Period: a year (default the current one) or [from, to) as local days. Local means China time (UTC+8) for
 * waybills, orders, routing plans, reusable pools and station days, and each park's own offset for solar,
 * the conventions of the modules themselves.
 *
 * Tenancy: as the inventory (a tenant key sees only its tenant; admin and analyst keys the company or `tenantId`).
 */

import { consolidate, DEFAULT_HOLD_WINDOW_MINUTES, ordersForEngines } from '../consolidation/index.js';
import { AppError, ErrorCode, invalid, type KeyRing, type Scope } from '../core/index.js';
import type { Db } from '../db/index.js';
import { cartonize, listBoxes } from '../packing/index.js';
import { recyclingMetrics } from '../recycling/index.js';
import { periodMs, poolReport } from '../reusables/pool/report.js';
import { listPlans, type PlanSummary } from '../routing/index.js';
import { solarSummary } from '../solar/index.js';
import { countWaybills, paperSaving, paperSavingTotals } from '../waybill/index.js';
import { readTenant } from './service.js';

export interface ProgressTile {
  id: string;
  label: string;
  module: string;
  /** The module's dashboard page. */
  page: string;
  /** The headline figure; null when the module cannot compute it (details.note says why). */
  value: number | null;
  unit: string;
  kgCo2eAvoided: number | null;
  details: Record<string, unknown>;
}

export interface ProgressAnswer {
  period: { year: number | null; from: string; to: string; toExclusive: true; timeZone: string };
  tenantId: string | null;
  tiles: ProgressTile[];
}

export interface ProgressQuery {
  year?: number | undefined;
  /** First local day, YYYY-MM-DD. */
  from?: string | undefined;
  /** Local day after the last, YYYY-MM-DD (exclusive). */
  to?: string | undefined;
  tenantId?: string | undefined;
}

/** The label size the waybill module's summary assumes by default. */
export const PROGRESS_LABEL_SIZE = '76x130';
const CHINA = '+08:00';
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function checkDay(value: string, field: string): string {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (!DAY_RE.test(value) || !Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw invalid(`${field} must be a day, YYYY-MM-DD`, [{ field, message: 'YYYY-MM-DD' }]);
  }
  return value;
}

/** The period of a query: a year, or from/to (both, to exclusive). */
export function progressPeriod(q: ProgressQuery): { year: number | null; from: string; to: string } {
  if (q.from !== undefined || q.to !== undefined) {
    if (q.year !== undefined) throw invalid('give year or from/to, not both', [{ field: 'year', message: 'with from/to' }]);
    if (q.from === undefined || q.to === undefined) {
      throw invalid('from and to are both required', [{ field: q.from === undefined ? 'from' : 'to', message: 'required' }]);
    }
    const from = checkDay(q.from, 'from');
    const to = checkDay(q.to, 'to');
    if (!(from < to)) throw invalid('from must be before to', [{ field: 'from', message: 'not before to' }]);
    return { year: null, from, to };
  }
  const year = q.year ?? new Date().getUTCFullYear();
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw invalid('year must be between 2000 and 2100', [{ field: 'year', message: '2000 to 2100' }]);
  }
  return { year, from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

const dayBefore = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
const chinaIso = (day: string): string => `${day}T00:00:00${CHINA}`;

/** A module that cannot answer for this period (e.g. no box catalog) gives a tile without a value. */
async function orNote<T>(fn: () => Promise<T>): Promise<{ ok: T } | { note: string }> {
  try {
    return { ok: await fn() };
  } catch (err) {
    if (err instanceof AppError && err.code !== ErrorCode.Forbidden && err.code !== ErrorCode.Internal) {
      return { note: err.message };
    }
    throw err;
  }
}

async function waybillTile(db: Db, scope: Scope, tenantId: string | undefined, from: string, to: string): Promise<ProgressTile> {
  const counts = await countWaybills(db, scope, {
    ...(tenantId !== undefined ? { tenantId } : {}),
    from: chinaIso(from),
    to: chinaIso(to),
  });
  const perLabel = paperSaving(PROGRESS_LABEL_SIZE);
  const totals = paperSavingTotals(counts.issued, perLabel);
  return {
    id: 'waybills',
    label: 'E-waybills applied',
    module: 'waybill',
    page: '/waybills',
    value: counts.issued,
    unit: 'e-waybills',
    kgCo2eAvoided: totals.co2eSavedKg,
    details: {
      issued: counts.issued,
      voided: counts.voided,
      reprints: counts.reprints,
      labelSize: PROGRESS_LABEL_SIZE,
      sheetsSaved: totals.sheetsSaved,
      paperSavedKg: totals.paperSavedKg,
      factorId: totals.factorId,
      note: 'waybills created in the period and still in force; paper saved against a multi-part paper waybill per label (src/waybill paperSaving)',
    },
  };
}

/** Consolidation and packing from one run of the consolidation report over the period's stored orders. */
async function orderTiles(
  db: Db,
  scope: Scope,
  keyRing: KeyRing,
  tenantId: string | undefined,
  from: string,
  to: string,
): Promise<ProgressTile[]> {
  const run = await orNote(async () => {
    const orders = await ordersForEngines(db, keyRing, scope, {
      from: chinaIso(from),
      to: chinaIso(to),
      ...(tenantId !== undefined ? { tenantId } : {}),
    });
    if (orders.length === 0) return null;
    const boxes = await listBoxes(db, scope, tenantId ?? scope.tenantId);
    if (boxes.length === 0) throw new AppError(ErrorCode.Unprocessable, 'no box catalog to pack with');
    return consolidate(orders, {
      holdWindowMinutes: DEFAULT_HOLD_WINDOW_MINUTES,
      pack: (items) => cartonize({ items, boxes }),
    });
  });
  const note = 'note' in run ? run.note : null;
  const report = 'ok' in run ? run.ok : null;
  const noOrders = 'ok' in run && run.ok === null;
  const consolidation: ProgressTile = {
    id: 'consolidation',
    label: 'Parcels avoided by consolidation',
    module: 'consolidation',
    page: '/packaging',
    value: report ? report.avoided.parcels : noOrders ? 0 : null,
    unit: 'parcels',
    kgCo2eAvoided: report ? report.avoided.co2eKg : noOrders ? 0 : null,
    details: {
      orders: report?.orderCount ?? 0,
      groups: report?.groups.length ?? 0,
      parcelsShipped: report?.consolidated.parcels ?? 0,
      parcelsOnePerOrder: report?.baseline.parcels ?? 0,
      boardKgAvoided: report ? report.avoided.boardKg : noOrders ? 0 : null,
      labelsAvoided: report ? report.avoided.labels : noOrders ? 0 : null,
      holdWindowMinutes: DEFAULT_HOLD_WINDOW_MINUTES,
      note:
        note ??
        'the consolidation report (src/consolidation consolidate) over the stored orders whose ship-by falls in the period, against one parcel per order',
    },
  };
  const packing: ProgressTile = {
    id: 'packing',
    label: 'Right-sized boxes',
    module: 'packing',
    page: '/packaging',
    value: report ? report.baseline.parcels : noOrders ? 0 : null,
    unit: 'parcels',
    kgCo2eAvoided: null,
    details: {
      boardKg: report ? report.baseline.boardKg : noOrders ? 0 : null,
      boardCo2eKg: report ? report.baseline.co2eKg : noOrders ? 0 : null,
      boardSavedKg: null,
      note:
        note ??
        "parcels the packer (src/packing cartonize) right-sizes for the period's stored orders, each order alone; the packing module stores no pack runs nor the boxes used before right-sizing, so the board saved and its CO2e are not known",
    },
  };
  return [consolidation, packing];
}

async function reusablesTile(
  db: Db,
  scope: Scope,
  tenantId: string | undefined,
  from: string,
  to: string,
): Promise<ProgressTile> {
  const fromMs = periodMs(chinaIso(from), 'from') as number;
  const endMs = periodMs(chinaIso(to), 'to') as number;
  // KPIs at the end of the period, or now while the period runs (losses are judged by the days elapsed).
  const toMs = Math.min(endMs, Date.now()) > fromMs ? Math.min(endMs, Date.now()) : endMs;
  const report = await poolReport(db, scope, { tenantId, fromMs, toMs });
  const k = report.total;
  return {
    id: 'reusables',
    label: 'Reusable boxes in circulation',
    module: 'reusables',
    page: '/reusables',
    value: k ? k.boxesInCirculation : 0,
    unit: 'boxes',
    kgCo2eAvoided: k ? k.co2e.savedKg : null,
    details: {
      pools: report.pools.length,
      asOf: report.period.to,
      totalUses: k ? k.tripsToDate : 0,
      usesInPeriod: k ? k.tripsInPeriod : 0,
      boxesCommissioned: k ? k.boxesCommissioned : 0,
      returnRate: k ? k.returnRate : null,
      singleUseAvoidedKgCo2e: k ? k.co2e.singleUseAvoidedKg : null,
      note: "pool KPIs (src/reusables poolReport); uses and kg CO2e saved are to date at the period end, net of the boxes' production and trips",
    },
  };
}

async function solarTile(db: Db, scope: Scope, tenantId: string | undefined, from: string, to: string): Promise<ProgressTile> {
  const s = await solarSummary(db, scope, { from, to, tenantId });
  return {
    id: 'solar',
    label: 'Solar generation',
    module: 'solar',
    page: '/solar',
    value: s.generationKwh,
    unit: 'kWh',
    kgCo2eAvoided: s.scope2AvoidedKgCo2e,
    details: {
      parks: s.parks,
      systems: s.systems,
      installedKwp: s.installedKwp,
      selfConsumedKwh: s.selfConsumedKwh,
      exportedKwh: s.exportedKwh,
      exportAvoidedKgCo2e: s.exportAvoidedKgCo2e,
      parksWithoutSiteMeters: s.parksWithoutSiteMeters,
      note: 'src/solar solarSummary: kg CO2e avoided is the location-based Scope 2 avoided by self-consumption; exports are apart, never netted',
    },
  };
}

async function recyclingTile(
  db: Db,
  scope: Scope,
  tenantId: string | undefined,
  from: string,
  to: string,
): Promise<ProgressTile> {
  const m = await recyclingMetrics(db, scope, { fromDay: from, toDay: dayBefore(to), tenantId });
  const t = m.totals;
  return {
    id: 'recycling',
    label: 'Packaging collected at stations',
    module: 'recycling',
    page: '/recycling',
    value: t.collected,
    unit: 'packages',
    kgCo2eAvoided: t.kgCo2eAvoided,
    details: {
      collected: t.collected,
      reused: t.reused,
      reuseRate: t.reuseRate,
      stations: t.stations,
      cities: t.cities,
      consumers: t.consumers,
      boardKgAvoided: t.boardKgAvoided,
      points: t.points,
      note: 'src/recycling recyclingMetrics over the local days (UTC+8) of the period',
    },
  };
}

async function routingTile(db: Db, scope: Scope, tenantId: string | undefined, from: string, to: string): Promise<ProgressTile> {
  const fromUtc = new Date(Date.parse(chinaIso(from))).toISOString();
  const toUtc = new Date(Date.parse(chinaIso(to))).toISOString();
  const plans: PlanSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPlans(db, scope, { limit: 500, ...(cursor ? { cursor } : {}) });
    for (const p of page.items) {
      if (p.status !== 'done' || p.createdAt < fromUtc || p.createdAt >= toUtc) continue;
      if (tenantId !== undefined && p.tenantId !== tenantId) continue;
      plans.push(p);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const withSaving = plans.filter((p) => p.saving !== null);
  const km = plans.reduce((s, p) => s + p.distanceKm, 0);
  const evKm = plans.reduce((s, p) => s + p.distanceKm * p.evKmShare, 0);
  return {
    id: 'routing',
    label: 'Routes optimised',
    module: 'routing',
    page: '/transport',
    value: plans.length,
    unit: 'plans',
    kgCo2eAvoided: withSaving.length ? withSaving.reduce((s, p) => s + (p.saving?.co2eKg ?? 0), 0) : null,
    details: {
      routes: plans.reduce((s, p) => s + p.routes, 0),
      jobs: plans.reduce((s, p) => s + p.jobs, 0),
      distanceKm: km,
      co2eKg: plans.reduce((s, p) => s + p.co2eKg, 0),
      plansWithBaseline: withSaving.length,
      kmSaved: withSaving.length ? withSaving.reduce((s, p) => s + (p.saving?.distanceKm ?? 0), 0) : null,
      evKmShare: km > 0 ? evKm / km : null,
      note: "finished plans created in the period (src/routing listPlans); km and CO2e saved are each plan's stored saving against its baseline (the current plan or a nearest-neighbour one); EV share is weighted by km",
    },
  };
}

/** The progress tiles of a period for the caller's tenant (or the company, or `tenantId` for unbound keys). */
export async function progress(db: Db, scope: Scope, keyRing: KeyRing, q: ProgressQuery): Promise<ProgressAnswer> {
  const tenantId = readTenant(scope, q.tenantId);
  const { year, from, to } = progressPeriod(q);
  const [waybills, orderTilesOut, reusables, solar, recycling, routing] = await Promise.all([
    waybillTile(db, scope, tenantId, from, to),
    orderTiles(db, scope, keyRing, tenantId, from, to),
    reusablesTile(db, scope, tenantId, from, to),
    solarTile(db, scope, tenantId, from, to),
    recyclingTile(db, scope, tenantId, from, to),
    routingTile(db, scope, tenantId, from, to),
  ]);
  return {
    period: { year, from, to, toExclusive: true, timeZone: "UTC+08:00 (solar: each park's local time)" },
    tenantId: tenantId ?? null,
    tiles: [waybills, ...orderTilesOut, reusables, solar, recycling, routing],
  };
}
