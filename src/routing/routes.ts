import { Type } from 'typebox';
import { writeTenant } from '../auth/index.js';
import { invalid } from '../core/index.js';
import { loadResolver } from '../factors/index.js';
import { errorResponses, IdParams, type ModuleRoutes, PageQuery, pageOf, scopeOf } from '../server/http.js';
import { readVroomProblem, toVroomSolution } from './formats/vroom.js';
import { solutionToGeoJson } from './geojson.js';
import type { Objective, RoutingProblem, SolveProgress } from './model.js';
import { type SolveHandle, solveInWorker } from './runner.js';
import { createPlan, failPlan, finishPlan, getPlan, listPlans, type PlanDetail, reportProgress, requestCancel } from './store.js';

const tags = ['routing'];
const Loose = Type.Object({}, { additionalProperties: true });

/** Problems up to this size and time limit are answered in the response; larger ones become a job. */
const DIRECT_MAX_JOBS = 300;
const DIRECT_MAX_SECONDS = 10;
const MAX_SECONDS = 600;
const PROGRESS_EVERY_MS = 1000;

const SolveQuery = Type.Object({
  format: Type.Optional(Type.Enum(['greenlink', 'vroom'], { description: 'shape of a direct answer; default greenlink' })),
  async: Type.Optional(Type.Boolean({ description: 'always answer 202 with a job, whatever the size' })),
});

export const routingRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db } = deps;
  // Searches this instance runs; cancelled and awaited when the server closes.
  const running = new Map<string, SolveHandle>();
  app.addHook('onClose', async () => {
    for (const handle of running.values()) handle.cancel();
    await Promise.allSettled([...running.values()].map((h) => h.solution));
  });

  app.post(
    '/routing/solve',
    {
      // Travel matrices make routing problems large (n² numbers): they get the upload limit.
      bodyLimit: deps.config.uploadLimitBytes,
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary:
          'Optimise routes for a VROOM-format problem (jobs, vehicles, matrices or coordinates) plus Greenlink fields ' +
          '(fuel, rangeKm, kwhPerKm, co2eKgPerKmEmpty/Full, chargers, currentPlan); `options`: timeLimitS, seed, objective',
        querystring: SolveQuery,
        body: Loose,
        response: { 200: Loose, 202: Loose, ...errorResponses },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const {
        options = {},
        name,
        tenantId,
        ...input
      } = request.body as {
        options?: { timeLimitS?: unknown; seed?: unknown; objective?: unknown; maxIterations?: unknown };
        name?: unknown;
        tenantId?: unknown;
      } & Record<string, unknown>;
      const timeLimitS = options.timeLimitS ?? 2;
      if (typeof timeLimitS !== 'number' || !(timeLimitS > 0) || timeLimitS > MAX_SECONDS) {
        throw invalid(`options.timeLimitS must be a number of seconds in (0, ${MAX_SECONDS}]`, [
          { field: '/options/timeLimitS', message: `between 0 and ${MAX_SECONDS}` },
        ]);
      }
      const seed = options.seed ?? 1;
      if (typeof seed !== 'number' || !Number.isInteger(seed)) {
        throw invalid('options.seed must be an integer', [{ field: '/options/seed', message: 'integer' }]);
      }
      const maxIterations = options.maxIterations;
      if (maxIterations !== undefined && (typeof maxIterations !== 'number' || !(maxIterations > 0))) {
        throw invalid('options.maxIterations must be a positive number', [
          { field: '/options/maxIterations', message: 'positive number' },
        ]);
      }
      const objective = options.objective;
      if (objective !== undefined && !['co2e', 'distance', 'cost'].includes(objective as string)) {
        throw invalid('options.objective must be co2e, distance or cost', [
          { field: '/options/objective', message: 'co2e | distance | cost' },
        ]);
      }
      if (name !== undefined && (typeof name !== 'string' || name.length > 200)) {
        throw invalid('name must be a string of at most 200 characters', [{ field: '/name', message: 'string' }]);
      }
      const tenant = await writeTenant(db, scope, typeof tenantId === 'string' ? tenantId : undefined, 'store routing plans');
      // Factor ids resolve against the built-in sets and the tenant's own.
      const resolveFactor = await loadResolver(db, scope, { tenantId: tenant });
      const problem = readVroomProblem(input, { resolveFactor, ...(objective ? { objective: objective as Objective } : {}) });
      const plan = await createPlan(db, tenant, (name as string | undefined) ?? defaultName(problem), problem);

      const handle = startSolve(plan.id, problem, {
        timeLimitS,
        seed,
        ...(maxIterations === undefined ? {} : { maxIterations: maxIterations as number }),
      });
      const direct = request.query.async !== true && problem.jobs.length <= DIRECT_MAX_JOBS && timeLimitS <= DIRECT_MAX_SECONDS;
      if (!direct) {
        return reply.status(202).header('location', `/v1/routing/plans/${plan.id}`).send(plan);
      }
      const solution = await handle.finished;
      if (request.query.format === 'vroom' && solution) return toVroomSolution(problem, solution);
      return getPlan(db, scope, plan.id);
    },
  );

  /** Runs the search in a worker; progress and the outcome go to the plan row. */
  function startSolve(
    planId: string,
    problem: RoutingProblem,
    options: { timeLimitS: number; seed: number; maxIterations?: number },
  ) {
    let lastWrite = 0;
    let writing = false;
    const handle = solveInWorker(problem, options, (progress: SolveProgress) => {
      const now = Date.now();
      if (writing || now - lastWrite < PROGRESS_EVERY_MS) return;
      lastWrite = now;
      writing = true;
      reportProgress(db, planId, progress)
        .then((cancel) => {
          if (cancel) handle.cancel();
        })
        .catch((err) => app.log.warn({ err, planId }, 'routing progress not saved'))
        .finally(() => {
          writing = false;
        });
    });
    running.set(planId, handle);
    const finished = handle.solution
      .then(async (solution) => {
        await finishPlan(db, planId, problem, solution);
        return solution;
      })
      .catch(async (err: unknown) => {
        app.log.error({ err, planId }, 'routing solve failed');
        await failPlan(db, planId, err instanceof Error ? err.message : String(err)).catch(() => undefined);
        return null;
      })
      .finally(() => running.delete(planId));
    return { finished };
  }

  app.get(
    '/routing/plans',
    {
      schema: {
        tags,
        summary: 'Routing plans, newest first, with their totals and the saving against the baseline',
        querystring: PageQuery,
        response: { 200: pageOf(Loose), ...errorResponses },
      },
    },
    async (request) => listPlans(db, scopeOf(request), request.query),
  );

  app.get(
    '/routing/plans/:id',
    {
      schema: {
        tags,
        summary: 'A plan: status and progress while it runs; routes, stops, unassigned jobs with reasons and baseline once done',
        params: IdParams,
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => getPlan(db, scopeOf(request), request.params.id),
  );

  app.get(
    '/routing/plans/:id/geojson',
    {
      schema: {
        tags,
        summary: 'The plan’s routes and stops as a GeoJSON FeatureCollection',
        params: IdParams,
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request, reply) => {
      const plan = await getPlan(db, scopeOf(request), request.params.id);
      if (!plan.solution) return reply.type('application/geo+json').send({ type: 'FeatureCollection', features: [] });
      return reply.type('application/geo+json').send(solutionToGeoJson(drawable(plan), plan.solution));
    },
  );

  app.post(
    '/routing/plans/:id/cancel',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary: 'Stop a running search; the plan keeps the best routes found so far (status cancelled)',
        params: IdParams,
        response: { 202: Loose, ...errorResponses },
      },
    },
    async (request, reply) => {
      const plan = await requestCancel(db, scopeOf(request), request.params.id);
      running.get(plan.id)?.cancel();
      return reply.status(202).send(plan);
    },
  );
};

function defaultName(problem: RoutingProblem): string {
  return `${problem.jobs.length} jobs, ${problem.vehicles.length} vehicles`;
}

/** Enough of the problem to draw a stored plan (no matrices are kept). */
function drawable(plan: PlanDetail): RoutingProblem {
  return {
    locations: plan.locations,
    matrices: {},
    capacityDimensions: plan.capacityDimensions,
    jobs: plan.jobLocations.map((j) => ({
      id: j.id,
      location: j.location,
      delivery: [],
      pickup: [],
      serviceS: 0,
      timeWindowsS: [],
      skills: [],
    })),
    vehicles: [],
    chargers: [],
    objective: plan.objective,
  };
}
