import { seededRandom } from '../core/index.js';
import type { Db } from '../db/index.js';
import { createPlan, finishPlan, readVroomProblem, solve } from '../routing/index.js';

const HOUR = 3600;
/** Hangzhou: the last-mile depot sits in Xiaoshan, deliveries spread over the city centre. */
const DEPOT: [number, number] = [120.2635, 30.2196];
const CENTRE = { lon: 120.1551, lat: 30.2741 };
const STOPS = 120;
/** Fixed iteration count (not a time limit) so the demo plan is the same on every machine. */
const DEMO_ITERATIONS = 4000;

/**
 * A day of last-mile deliveries from a Hangzhou depot with a mixed fleet (diesel vans, electric
 * vans with a range limit, small unmanned vehicles), in VROOM's format as a user would send it.
 * The current plan, which the optimised one is compared with, is today's practice: the diesel vans
 * split the city into sectors and drive them in order around the depot.
 */
export function demoRoutingProblem(seed: number): Record<string, unknown> {
  const rand = seededRandom(seed + 5);
  const jobs = Array.from({ length: STOPS }, (_, i) => {
    // Denser near the centre: radius grows with the square root of a uniform draw.
    const r = 0.16 * Math.sqrt(rand());
    const a = rand() * 2 * Math.PI;
    const lon = Math.round((CENTRE.lon + r * Math.cos(a)) * 1e5) / 1e5;
    const lat = Math.round((CENTRE.lat + r * Math.sin(a) * 0.85) * 1e5) / 1e5;
    const slot = rand();
    const window = slot < 0.4 ? [9 * HOUR, 12 * HOUR] : slot < 0.7 ? [13 * HOUR, 17 * HOUR] : [8 * HOUR, 20 * HOUR];
    return {
      id: i + 1,
      description: `Drop ${String(i + 1).padStart(3, '0')}`,
      location: [lon, lat],
      service: 180 + Math.round(rand() * 4) * 60,
      weightKg: Math.round((0.5 + rand() * rand() * 30) * 10) / 10,
      volumeM3: Math.round((0.005 + rand() * 0.08) * 1000) / 1000,
      time_windows: [window],
    };
  });
  const van = (id: number, fuel: 'diesel' | 'electric') => ({
    id,
    type: fuel === 'diesel' ? '4.2 m diesel van' : '4.2 m electric van',
    fuel,
    start: DEPOT,
    end: DEPOT,
    capacityKg: fuel === 'diesel' ? 1500 : 1000,
    capacityM3: fuel === 'diesel' ? 12 : 9,
    time_window: [8 * HOUR, 20 * HOUR],
    costs: { fixed: 120, per_km: fuel === 'diesel' ? 1.1 : 0.45, per_hour: 45 },
    ...(fuel === 'diesel' ? { co2eKgPerKmEmpty: 0.24, co2eKgPerKmFull: 0.34 } : { rangeKm: 110, kwhPerKm: 0.22, chargeKw: 60 }),
  });
  const vehicles = [
    van(1, 'diesel'),
    van(2, 'diesel'),
    van(3, 'diesel'),
    van(4, 'diesel'),
    van(5, 'electric'),
    van(6, 'electric'),
    van(7, 'electric'),
    ...[8, 9].map((id) => ({
      id,
      type: 'unmanned delivery vehicle',
      fuel: 'unmanned',
      start: DEPOT,
      end: DEPOT,
      capacityKg: 150,
      capacityM3: 1.2,
      speedKmh: 25,
      rangeKm: 80,
      kwhPerKm: 0.05,
      time_window: [8 * HOUR, 20 * HOUR],
      costs: { fixed: 30, per_km: 0.1, per_hour: 5 },
    })),
  ];
  // Today's plan: four sectors by bearing from the depot, one diesel van each, each driven
  // nearest stop first (a dispatcher's plan, without time windows or the electric vans).
  const bearing = (j: (typeof jobs)[number]) => Math.atan2(j.location[1] - DEPOT[1], j.location[0] - DEPOT[0]);
  const byBearing = [...jobs].sort((a, b) => bearing(a) - bearing(b));
  const perVan = Math.ceil(byBearing.length / 4);
  const currentPlan = [1, 2, 3, 4].map((vehicle, k) => {
    const left = byBearing.slice(k * perVan, (k + 1) * perVan);
    const order: number[] = [];
    let at = DEPOT;
    while (left.length > 0) {
      let next = 0;
      for (let i = 1; i < left.length; i++) {
        if (planar(at, (left[i] as (typeof jobs)[number]).location) < planar(at, (left[next] as (typeof jobs)[number]).location))
          next = i;
      }
      const [job] = left.splice(next, 1) as [(typeof jobs)[number]];
      order.push(job.id);
      at = job.location as [number, number];
    }
    return { vehicle, jobs: order };
  });
  return { jobs, vehicles, currentPlan, detourFactor: 1.35, objective: 'co2e' };
}

/** Squared planar distance: enough to rank nearby stops. */
const planar = (a: number[], b: number[]): number =>
  ((a[0] as number) - (b[0] as number)) ** 2 + ((a[1] as number) - (b[1] as number)) ** 2;

/** Solves the demo day and stores it as the operator's plan. */
export async function loadRoutingPlan(db: Db, seed: number): Promise<number> {
  const problem = readVroomProblem(demoRoutingProblem(seed));
  const solution = solve(problem, { timeLimitS: 600, maxIterations: DEMO_ITERATIONS, seed });
  const plan = await createPlan(db, 'ten_operator', 'Hangzhou last-mile day, mixed fleet', problem);
  await finishPlan(db, plan.id, problem, solution);
  return 1;
}
