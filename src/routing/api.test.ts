import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';
import { smallVroomProblem } from '../../test/support/routing.js';
import { checkSolution } from './check.js';
import { readVroomProblem } from './formats/vroom.js';
import type { Solution } from './model.js';

/** Many drops on a grid around a hub: big enough that a solve runs as a job. */
function largeProblem(jobs: number): Record<string, unknown> {
  const small = smallVroomProblem();
  return {
    ...small,
    jobs: Array.from({ length: jobs }, (_, i) => ({
      id: i + 1,
      location: [120.05 + (i % 25) * 0.008, 30.18 + Math.floor(i / 25) * 0.008],
      service: 120,
      weightKg: 5,
    })),
    vehicles: Array.from({ length: 12 }, (_, i) => ({
      id: i + 1,
      fuel: i % 3 === 0 ? 'electric' : 'diesel',
      start: [120.155, 30.274],
      end: [120.155, 30.274],
      capacityKg: 400,
      ...(i % 3 === 0 ? { rangeKm: 200 } : {}),
    })),
  };
}

async function waitFor(t: TestApp, key: string, url: string, done: (plan: Record<string, unknown>) => boolean) {
  for (let i = 0; i < 400; i++) {
    const plan = (await t.app.inject({ url, headers: bearer(key) })).json();
    if (done(plan)) return plan;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not reach the expected state`);
}

describe(`routing API (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let merchant: string;
  let analyst: string;

  beforeAll(async () => {
    t = await createTestApp();
    const tenant = await t.tenant('Courier Co');
    merchant = await t.keyFor('merchant', tenant);
    analyst = await t.keyFor('analyst', tenant);
  });
  afterAll(async () => t.close());

  it('solves a small problem in the response, stores it, and the plan passes the checker', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/routing/solve',
      headers: bearer(merchant),
      payload: { ...smallVroomProblem(), name: 'Hangzhou morning', options: { timeLimitS: 0.5, seed: 3 } },
    });
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan.status).toBe('done');
    expect(plan.name).toBe('Hangzhou morning');
    expect(plan.unassigned).toBe(0);
    const solution = plan.solution as Solution;
    const problem = readVroomProblem(smallVroomProblem());
    expect(checkSolution(problem, solution)).toEqual([]);
    expect(plan.distanceKm).toBeCloseTo(solution.totals.distanceM / 1000, 9);
    expect(plan.co2eKg).toBeCloseTo(solution.totals.co2eKg, 9);
    // The optimised plan is never worse than the nearest-neighbour baseline on the objective (CO2e).
    expect(plan.baseline.kind).toBe('nearest-neighbour');
    expect(plan.co2eKg).toBeLessThanOrEqual(plan.baseline.co2eKg + 1e-9);
    expect(plan.fleet.map((v: { fuel: string }) => v.fuel)).toEqual(['diesel', 'electric']);

    const list = (await t.app.inject({ url: '/v1/routing/plans', headers: bearer(analyst) })).json();
    expect(list.items[0].id).toBe(plan.id);
    expect(list.items[0].solution).toBeUndefined();

    const geo = await t.app.inject({ url: `/v1/routing/plans/${plan.id}/geojson`, headers: bearer(analyst) });
    expect(geo.headers['content-type']).toContain('application/geo+json');
    const lines = geo.json().features.filter((f: { geometry: { type: string } }) => f.geometry.type === 'LineString');
    expect(lines).toHaveLength(solution.routes.length);
  });

  it('answers in VROOM’s solution format when asked', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/routing/solve?format=vroom',
      headers: bearer(merchant),
      payload: { ...smallVroomProblem(), options: { timeLimitS: 0.2 } },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.code).toBe(0);
    expect(body.summary.unassigned).toBe(0);
    const served = body.routes.flatMap((r: { steps: Array<{ type: string; id?: number }> }) =>
      r.steps.filter((s) => s.type === 'job').map((s) => s.id),
    );
    expect(served.sort((a: number, b: number) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('runs a large problem as a job with progress, and a cancel keeps the best plan so far', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/routing/solve',
      headers: bearer(merchant),
      payload: { ...largeProblem(400), options: { timeLimitS: 120 } },
    });
    expect(res.statusCode).toBe(202);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/v1\/routing\/plans\/plan_/);
    await waitFor(t, analyst, location, (p) => p.progress !== null);
    const cancelled = await t.app.inject({ method: 'POST', url: `${location}/cancel`, headers: bearer(merchant) });
    expect(cancelled.statusCode).toBe(202);
    const plan = await waitFor(t, analyst, location, (p) => p.status !== 'running');
    expect(plan.status).toBe('cancelled');
    const solution = plan.solution as Solution;
    expect(solution.search.cancelled).toBe(true);
    expect(solution.search.elapsedS).toBeLessThan(120);
    expect(checkSolution(readVroomProblem(largeProblem(400)), solution)).toEqual([]);
  });

  it('rejects bad input with problem+json naming the field', async () => {
    const bad = async (payload: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: '/v1/routing/solve', headers: bearer(merchant), payload });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      return res.json() as { detail: string; errors: Array<{ field?: string; message: string }> };
    };
    const p = smallVroomProblem();
    const jobs = p.jobs as Array<Record<string, unknown>>;

    const negative = await bad({ ...p, jobs: [{ ...jobs[0], weightKg: -5 }, ...jobs.slice(1)] });
    expect(negative.errors.some((e) => e.field?.startsWith('/jobs/0'))).toBe(true);

    const late = await bad({ ...p, jobs: [{ ...jobs[0], time_windows: [[20 * 3600, 21 * 3600]] }, ...jobs.slice(1)] });
    expect(late.detail).toMatch(/outside every time window/);

    const unknown = await bad({ ...p, currentPlan: [{ vehicle: 99, jobs: [1, 2] }] });
    expect(unknown.detail).toMatch(/unknown vehicle/);

    const matrix = await bad({
      jobs: [{ id: 1, location_index: 1 }],
      vehicles: [{ id: 1, start_index: 0, end_index: 0 }],
      matrices: { car: { durations: [[0, 1]], distances: [[0, 1]] } },
    });
    expect(matrix.errors[0]?.field).toMatch(/^\/matrices\/car/);

    const limit = await bad({ ...p, options: { timeLimitS: 100000 } });
    expect(limit.errors[0]?.field).toBe('/options/timeLimitS');
  });

  it('lets analysts read plans but not create them', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/routing/solve',
      headers: bearer(analyst),
      payload: { ...smallVroomProblem(), options: { timeLimitS: 0.1 } },
    });
    expect(res.statusCode).toBe(403);
  });
});
