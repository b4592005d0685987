import { newId, notFound, nowIso, type Scope } from '../core/index.js';
import type { Db } from '../db/index.js';
import { decodeCursor, type Page, pageLimit, toPage } from '../db/paging.js';
import type { RoutingPlansTable } from '../db/schema.js';
import type { RoutingLocation, RoutingProblem, Solution, SolveProgress } from './model.js';

export type PlanStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface PlanSummary {
  id: string;
  tenantId: string;
  name: string;
  status: PlanStatus;
  objective: RoutingProblem['objective'];
  createdAt: string;
  finishedAt: string | null;
  jobs: number;
  vehicles: number;
  routes: number;
  unassigned: number;
  distanceKm: number;
  co2eKg: number;
  cost: number;
  /** Share of driven km done by electric or unmanned vehicles, 0..1. */
  evKmShare: number;
  baseline: {
    kind: 'current-plan' | 'nearest-neighbour';
    distanceKm: number;
    co2eKg: number;
    cost: number;
    /** Jobs the baseline leaves out (its figures then cover fewer jobs). */
    unassigned: number;
  } | null;
  saving: { distanceKm: number; co2eKg: number; distanceShare: number; co2eShare: number } | null;
  progress: { fraction: number; iterations: number } | null;
  error: string | null;
}

export interface PlanVehicle {
  id: string;
  type: string;
  fuel: string;
  capacity: number[];
  rangeKm: number | null;
}

/** What a plan keeps of its problem: enough to draw and explain it (travel matrices are left out). */
export interface StoredProblem {
  locations: RoutingLocation[];
  /** Where each job is (to draw unassigned jobs too). */
  jobLocations: Array<{ id: string; location: number }>;
  /** The vehicles offered to the search (`vehicles` in a summary is their count). */
  fleet: PlanVehicle[];
  capacityDimensions: string[];
}

export interface PlanDetail extends PlanSummary, StoredProblem {
  solution: Solution | null;
}

/** A plan that stopped reporting for this long was interrupted (its server stopped). */
const STALE_AFTER_MS = 120_000;

export function storedProblem(problem: RoutingProblem): StoredProblem {
  return {
    locations: problem.locations,
    jobLocations: problem.jobs.map((j) => ({ id: j.id, location: j.location })),
    fleet: problem.vehicles.map((v) => ({
      id: v.id,
      type: v.type,
      fuel: v.fuel,
      capacity: v.capacity,
      rangeKm: v.battery ? v.battery.rangeM / 1000 : null,
    })),
    capacityDimensions: problem.capacityDimensions,
  };
}

const parse = <T>(text: string | null): T | null => (text ? (JSON.parse(text) as T) : null);

function toSummary(r: Omit<RoutingPlansTable, 'problem_json' | 'solution_json'>): PlanSummary {
  const stale = r.status === 'running' && Date.now() - Date.parse(r.updated_at) > STALE_AFTER_MS;
  const progress = parse<SolveProgress>(r.progress_json);
  const baseline = parse<{
    kind: 'current-plan' | 'nearest-neighbour';
    distanceM: number;
    co2eKg: number;
    cost: number;
    unassigned?: number;
  }>(r.baseline_json);
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    status: stale ? 'failed' : (r.status as PlanStatus),
    objective: r.objective as PlanSummary['objective'],
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    jobs: r.jobs,
    vehicles: r.vehicles,
    routes: r.routes,
    unassigned: r.unassigned,
    distanceKm: r.distance_m / 1000,
    co2eKg: r.co2e_kg,
    cost: r.cost,
    evKmShare: r.ev_km_share,
    baseline: baseline
      ? {
          kind: baseline.kind,
          distanceKm: baseline.distanceM / 1000,
          co2eKg: baseline.co2eKg,
          cost: baseline.cost,
          unassigned: baseline.unassigned ?? 0,
        }
      : null,
    saving: baseline
      ? {
          distanceKm: (baseline.distanceM - r.distance_m) / 1000,
          co2eKg: baseline.co2eKg - r.co2e_kg,
          distanceShare: baseline.distanceM > 0 ? (baseline.distanceM - r.distance_m) / baseline.distanceM : 0,
          co2eShare: baseline.co2eKg > 0 ? (baseline.co2eKg - r.co2e_kg) / baseline.co2eKg : 0,
        }
      : null,
    progress: r.status === 'running' && progress ? { fraction: progress.fraction, iterations: progress.iterations } : null,
    error: stale ? 'interrupted: the server running this plan stopped' : r.error,
  };
}

export async function createPlan(db: Db, tenantId: string, name: string, problem: RoutingProblem): Promise<PlanSummary> {
  const now = nowIso();
  const row: RoutingPlansTable = {
    id: newId('plan'),
    tenant_id: tenantId,
    name,
    status: 'running',
    objective: problem.objective,
    jobs: problem.jobs.length,
    vehicles: problem.vehicles.length,
    routes: 0,
    unassigned: problem.jobs.length,
    distance_m: 0,
    co2e_kg: 0,
    cost: 0,
    ev_km_share: 0,
    baseline_json: null,
    progress_json: null,
    cancel_requested: 0,
    problem_json: JSON.stringify(storedProblem(problem)),
    solution_json: null,
    error: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  };
  await db.kysely.insertInto('routing_plans').values(row).execute();
  return toSummary(row);
}

/** Records progress; answers whether a cancel was requested meanwhile. */
export async function reportProgress(db: Db, id: string, progress: SolveProgress): Promise<boolean> {
  await db.kysely
    .updateTable('routing_plans')
    .set({ progress_json: JSON.stringify(progress), updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
  const row = await db.kysely.selectFrom('routing_plans').select('cancel_requested').where('id', '=', id).executeTakeFirst();
  return row?.cancel_requested === 1;
}

export function evKmShare(problem: RoutingProblem, solution: Solution): number {
  const fuel = new Map(problem.vehicles.map((v) => [v.id, v.fuel]));
  let ev = 0;
  let all = 0;
  for (const r of solution.routes) {
    all += r.distanceM;
    const f = fuel.get(r.vehicleId);
    if (f === 'electric' || f === 'unmanned') ev += r.distanceM;
  }
  return all > 0 ? ev / all : 0;
}

export async function finishPlan(db: Db, id: string, problem: RoutingProblem, solution: Solution): Promise<void> {
  const now = nowIso();
  const t = solution.totals;
  await db.kysely
    .updateTable('routing_plans')
    .set({
      status: solution.search.cancelled ? 'cancelled' : 'done',
      routes: t.routes,
      unassigned: t.unassignedJobs,
      distance_m: t.distanceM,
      co2e_kg: t.co2eKg,
      cost: t.cost,
      ev_km_share: evKmShare(problem, solution),
      baseline_json: solution.baseline
        ? JSON.stringify({
            kind: solution.baseline.kind,
            distanceM: solution.baseline.totals.distanceM,
            co2eKg: solution.baseline.totals.co2eKg,
            cost: solution.baseline.totals.cost,
            unassigned: solution.baseline.totals.unassignedJobs,
          })
        : null,
      solution_json: JSON.stringify(solution),
      updated_at: now,
      finished_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function failPlan(db: Db, id: string, message: string): Promise<void> {
  const now = nowIso();
  await db.kysely
    .updateTable('routing_plans')
    .set({ status: 'failed', error: message, updated_at: now, finished_at: now })
    .where('id', '=', id)
    .execute();
}

const SUMMARY_COLUMNS = [
  'id',
  'tenant_id',
  'name',
  'status',
  'objective',
  'jobs',
  'vehicles',
  'routes',
  'unassigned',
  'distance_m',
  'co2e_kg',
  'cost',
  'ev_km_share',
  'baseline_json',
  'progress_json',
  'cancel_requested',
  'error',
  'created_at',
  'updated_at',
  'finished_at',
] as const;

/** Plans newest first (ids are time-ordered), a page at a time. */
export async function listPlans(db: Db, scope: Scope, request: { limit?: number; cursor?: string }): Promise<Page<PlanSummary>> {
  const limit = pageLimit(request.limit);
  const before = decodeCursor(request.cursor);
  let q = db.kysely
    .selectFrom('routing_plans')
    .select(SUMMARY_COLUMNS)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (before) q = q.where('id', '<', before);
  const rows = await q.execute();
  return toPage(rows.map(toSummary), limit);
}

export async function getPlan(db: Db, scope: Scope, id: string): Promise<PlanDetail> {
  let q = db.kysely.selectFrom('routing_plans').selectAll().where('id', '=', id);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('routing plan', id);
  return {
    ...toSummary(row),
    ...(JSON.parse(row.problem_json) as StoredProblem),
    solution: parse<Solution>(row.solution_json),
  };
}

/** Asks the server running the plan to stop its search; the best plan so far is kept. */
export async function requestCancel(db: Db, scope: Scope, id: string): Promise<PlanSummary> {
  const plan = await getPlan(db, scope, id);
  if (plan.status === 'running') {
    await db.kysely
      .updateTable('routing_plans')
      .set({ cancel_requested: 1 })
      .where('id', '=', id)
      .where('tenant_id', '=', plan.tenantId)
      .execute();
  }
  const { solution: _s, locations: _l, jobLocations: _j, fleet: _f, capacityDimensions: _c, ...summary } = plan;
  return summary;
}
