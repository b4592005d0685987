import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSolution } from './check.js';
import { readCvrplib } from './formats/cvrplib.js';
import { readEvrptw } from './formats/evrptw.js';
import { readSolomon } from './formats/solomon.js';
import { euclideanMatrix } from './matrix.js';
import type { Job, RoutingProblem, Vehicle } from './model.js';
import { solve } from './solve.js';

const VRP = resolve(import.meta.dirname, '../../../shared/benchmarks/vrp');
const hasBenchmarks = existsSync(VRP);
const read = (path: string) => readFileSync(resolve(VRP, path), 'utf8');

/** Distance-only best-known solutions (bks.csv), for a sanity bound on short runs. */
const BKS: Record<string, number> = { R101: 1642.88, C101: 828.94, RC201: 1265.56, 'X-n101-k25': 27591 };

describe.skipIf(!hasBenchmarks)('solve on benchmark instances (checked independently)', () => {
  for (const name of ['R101', 'C101', 'RC201']) {
    it(`${name}: every job served, feasible, within 6 % of the best known after 3000 iterations`, () => {
      const problem = readSolomon(read(`solomon/${name}.txt`), name);
      const solution = solve(problem, { timeLimitS: 600, maxIterations: 3000, seed: 1, baseline: false });
      expect(checkSolution(problem, solution)).toEqual([]);
      expect(solution.unassigned).toEqual([]);
      expect(solution.totals.distanceM).toBeGreaterThanOrEqual((BKS[name] as number) - 0.01);
      expect(solution.totals.distanceM / (BKS[name] as number)).toBeLessThan(1.06);
    });
  }

  it('X-n101-k25 (integer distances): feasible and within 6 % after 3000 iterations', () => {
    const problem = readCvrplib(read('cvrplib/X-n101-k25.vrp'));
    const solution = solve(problem, { timeLimitS: 600, maxIterations: 3000, seed: 1, baseline: false });
    expect(checkSolution(problem, solution)).toEqual([]);
    expect(Number.isInteger(solution.totals.distanceM)).toBe(true);
    expect(solution.totals.distanceM).toBeGreaterThanOrEqual(27591);
    expect(solution.totals.distanceM / 27591).toBeLessThan(1.06);
  });

  it('E-VRPTW c103C15: electric vehicles visit chargers and never run flat', () => {
    const problem = readEvrptw(read('evrptw/c103C15.txt'));
    const solution = solve(problem, { timeLimitS: 600, maxIterations: 2000, seed: 1, baseline: false });
    expect(checkSolution(problem, solution)).toEqual([]);
    expect(solution.unassigned).toEqual([]);
    const charges = solution.routes.flatMap((r) => r.stops.filter((s) => s.type === 'charge'));
    expect(charges.length).toBeGreaterThan(0);
    for (const r of solution.routes) expect(r.rangeUsedShare).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('minimises the fleet first when asked (hierarchical objective)', () => {
    const problem = readSolomon(read('solomon/R101.txt'), 'R101');
    const plain = solve(problem, { timeLimitS: 600, maxIterations: 3000, seed: 2, baseline: false });
    const fewer = solve(problem, {
      timeLimitS: 600,
      maxIterations: 3000,
      seed: 2,
      baseline: false,
      minimiseVehicles: true,
    });
    expect(checkSolution(problem, fewer)).toEqual([]);
    expect(fewer.unassigned).toEqual([]);
    // 19 vehicles is R101's best-known fleet (hierarchical rows of bks.csv); distance-only uses 20.
    expect(fewer.routes.length).toBeLessThanOrEqual(19);
    expect(fewer.routes.length).toBeLessThanOrEqual(plain.routes.length);
  });
});

// A depot at the origin and customers on a 12 km ring: room for electric vans with a 60 km range.
function mixedFleetProblem(opts: { farJob?: boolean; onlyElectric?: boolean } = {}): RoutingProblem {
  const points = [{ x: 0, y: 0 }];
  for (let i = 0; i < 24; i++) {
    const a = (i / 24) * 2 * Math.PI;
    const r = 6000 + (i % 3) * 3000;
    points.push({ x: Math.round(r * Math.cos(a)), y: Math.round(r * Math.sin(a)) });
  }
  if (opts.farJob) points.push({ x: 40_000, y: 0 });
  const matrix = euclideanMatrix(points, { speed: 10 });
  const jobs: Job[] = points.slice(1).map((_, i) => ({
    id: `J${i + 1}`,
    location: i + 1,
    delivery: [40],
    pickup: [0],
    serviceS: 300,
    timeWindowsS: [],
    skills: [],
  }));
  const vehicle = (id: string, fuel: 'diesel' | 'electric'): Vehicle => ({
    id,
    type: fuel,
    fuel,
    profile: 'road',
    start: 0,
    end: 0,
    capacity: [400],
    shiftS: [0, 12 * 3600],
    skills: [],
    costs: { fixed: 0, perKm: 1, perHour: 0 },
    emissions:
      fuel === 'diesel' ? { co2eKgPerKmEmpty: 0.3, co2eKgPerKmFull: 0.4 } : { co2eKgPerKmEmpty: 0.11, co2eKgPerKmFull: 0.12 },
    ...(fuel === 'electric' ? { battery: { rangeM: 60_000, rechargeSPerM: 0 } } : {}),
  });
  const vehicles = opts.onlyElectric
    ? [vehicle('E1', 'electric'), vehicle('E2', 'electric'), vehicle('E3', 'electric'), vehicle('E4', 'electric')]
    : [vehicle('D1', 'diesel'), vehicle('D2', 'diesel'), vehicle('E1', 'electric'), vehicle('E2', 'electric')];
  return {
    locations: points,
    matrices: { road: matrix },
    capacityDimensions: ['weightKg'],
    jobs,
    vehicles,
    chargers: [],
    objective: 'co2e',
  };
}

describe('mixed fleet', () => {
  const options = { timeLimitS: 600, maxIterations: 3000, seed: 1 };

  it('with CO2e as the objective, electric vans carry what their range allows and the plan emits less', () => {
    const problem = mixedFleetProblem();
    const green = solve(problem, options);
    const short = solve({ ...problem, objective: 'distance' }, options);
    for (const s of [green, short]) {
      expect(checkSolution(problem, s)).toEqual([]);
      expect(s.unassigned).toEqual([]);
    }
    const electric = green.routes.filter((r) => r.vehicleId.startsWith('E'));
    expect(electric.length).toBe(2);
    for (const r of electric) expect(r.distanceM).toBeLessThanOrEqual(60_000 + 1e-6);
    expect(green.totals.co2eKg).toBeLessThan(short.totals.co2eKg);
    expect(short.totals.distanceM).toBeLessThanOrEqual(green.totals.distanceM + 1e-6);
  });

  it('leaves a job out of electric range to a diesel van', () => {
    const problem = mixedFleetProblem({ farJob: true });
    const solution = solve(problem, options);
    expect(checkSolution(problem, solution)).toEqual([]);
    const far = solution.routes.find((r) => r.stops.some((s) => s.id === 'J25'));
    expect(far?.vehicleId.startsWith('D')).toBe(true);
  });

  it('reports a job no electric van can reach as unassigned, reason range', () => {
    const problem = mixedFleetProblem({ farJob: true, onlyElectric: true });
    const solution = solve(problem, options);
    expect(checkSolution(problem, solution)).toEqual([]);
    expect(solution.unassigned).toEqual([expect.objectContaining({ jobId: 'J25', reason: 'range' })]);
  });
});

describe('search behaviour', () => {
  it('gives the same plan for the same seed and iteration count', () => {
    const problem = mixedFleetProblem();
    const run = () => solve(problem, { timeLimitS: 600, maxIterations: 800, seed: 42 });
    const [a, b] = [run(), run()];
    expect(a.routes).toEqual(b.routes);
    expect(a.search.iterations).toBe(800);
  });

  it('stops when progress asks it to, returning a complete, feasible plan', () => {
    const problem = mixedFleetProblem();
    let calls = 0;
    const solution = solve(problem, {
      timeLimitS: 60,
      seed: 1,
      onProgress: () => {
        calls++;
        return false;
      },
    });
    expect(calls).toBeGreaterThan(0);
    expect(solution.search.cancelled).toBe(true);
    expect(solution.search.elapsedS).toBeLessThan(5);
    expect(checkSolution(problem, solution)).toEqual([]);
  });

  it('names why a job is left out: skills, capacity, time window', () => {
    const problem = mixedFleetProblem();
    const jobs: Job[] = [
      ...problem.jobs.slice(0, 3),
      { ...(problem.jobs[3] as Job), id: 'needs-crane', skills: ['crane'] },
      { ...(problem.jobs[4] as Job), id: 'too-heavy', delivery: [900] },
      // 6-12 km away at 10 m/s: no van arrives before 600 s.
      { ...(problem.jobs[5] as Job), id: 'too-early', timeWindowsS: [[0, 100]] },
    ];
    const solution = solve({ ...problem, jobs }, { timeLimitS: 600, maxIterations: 200, seed: 1 });
    const reasons = Object.fromEntries(solution.unassigned.map((u) => [u.jobId, u.reason]));
    expect(reasons).toEqual({ 'needs-crane': 'skills', 'too-heavy': 'capacity', 'too-early': 'time-window' });
  });

  it('compares with the input’s current plan when it has one', () => {
    const problem = mixedFleetProblem();
    const ids = problem.jobs.map((j) => j.id);
    const currentPlan = [
      { vehicleId: 'D1', jobIds: ids.filter((_, i) => i % 2 === 0) },
      { vehicleId: 'D2', jobIds: ids.filter((_, i) => i % 2 === 1) },
    ];
    const solution = solve({ ...problem, currentPlan }, { timeLimitS: 600, maxIterations: 1000, seed: 1 });
    expect(solution.baseline?.kind).toBe('current-plan');
    expect(solution.baseline?.totals.assignedJobs).toBe(24);
    expect(solution.baseline?.saving.co2eKg).toBeGreaterThan(0);
    expect(solution.baseline?.saving.co2eKg).toBeCloseTo((solution.baseline?.totals.co2eKg ?? 0) - solution.totals.co2eKg, 9);
  });
});

describe('rich constraints, re-simulated by the checker', () => {
  // 40 jobs on a 20 km square; deliveries and pickups, one or two windows, skills; a fleet with
  // limits of every kind (duration, distance, job count, open route without an end).
  function richProblem(seed: number): RoutingProblem {
    let state = seed;
    const rand = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const points = [{ x: 10_000, y: 10_000 }];
    for (let i = 0; i < 40; i++) points.push({ x: Math.round(rand() * 20_000), y: Math.round(rand() * 20_000) });
    const jobs: Job[] = points.slice(1).map((_, i) => {
      const twoWindows = i % 3 === 0;
      const start = 8 * 3600 + Math.round(rand() * 6) * 3600;
      return {
        id: `J${i + 1}`,
        location: i + 1,
        delivery: i % 4 === 0 ? [0, 0] : [10 + (i % 7) * 5, 0.1],
        pickup: i % 4 === 0 ? [25, 0.3] : [0, 0],
        serviceS: 240,
        timeWindowsS: twoWindows
          ? [
              [start, start + 3600],
              [start + 3 * 3600, start + 4 * 3600],
            ]
          : [[start, start + 2 * 3600]],
        skills: i % 10 === 0 ? ['cold'] : [],
      };
    });
    const base = (id: string, extra: Partial<Vehicle>): Vehicle => ({
      id,
      type: id,
      fuel: 'diesel',
      profile: 'road',
      start: 0,
      end: 0,
      capacity: [200, 2],
      shiftS: [7 * 3600, 20 * 3600],
      skills: [],
      costs: { fixed: 50, perKm: 1, perHour: 20 },
      emissions: { co2eKgPerKmEmpty: 0.25, co2eKgPerKmFull: 0.35 },
      ...extra,
    });
    const { end: _noEnd, ...openRoute } = base('open-route', {});
    return {
      locations: points,
      matrices: { road: euclideanMatrix(points, { speed: 8 }) },
      capacityDimensions: ['weightKg', 'volumeM3'],
      jobs,
      vehicles: [
        base('cold-van', { skills: ['cold'], maxDurationS: 5 * 3600 }),
        base('short-shift', { shiftS: [9 * 3600, 15 * 3600], maxJobs: 8 }),
        base('limited-km', { maxDistanceM: 60_000 }),
        openRoute,
        base('big', { capacity: [400, 4] }),
        base('big-2', { capacity: [400, 4] }),
      ],
      chargers: [],
      objective: 'cost',
    };
  }

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: every route keeps every limit and every job is served or explained`, () => {
      const problem = richProblem(seed);
      const solution = solve(problem, { timeLimitS: 600, maxIterations: 1500, seed });
      expect(checkSolution(problem, solution)).toEqual([]);
      expect(solution.totals.assignedJobs + solution.unassigned.length).toBe(40);
      for (const u of solution.unassigned) expect(u.message.length).toBeGreaterThan(0);
      const cold = solution.routes.find((r) => r.vehicleId === 'cold-van');
      if (cold) expect(cold.durationS).toBeLessThanOrEqual(5 * 3600 + 1e-6);
      for (const r of solution.routes) {
        for (const s of r.stops.filter((x) => x.type === 'job')) {
          const job = problem.jobs.find((j) => j.id === s.id) as Job;
          const start = s.arrivalS + s.waitingS;
          expect(job.timeWindowsS.some(([a, b]) => start >= a - 1e-6 && start <= b + 1e-6)).toBe(true);
        }
      }
    });
  }
});
