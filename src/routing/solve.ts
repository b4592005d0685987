import { seededRandom } from '../core/index.js';
import { type CompiledProblem, compileProblem } from './engine/compiled.js';
import { describePlan, totalsOf } from './engine/output.js';
import { insertionCost, RouteState } from './engine/route.js';
import { DEFAULT_SISR, type Plan, planFromSequences, type SearchControl, Sisr, type SisrParams } from './engine/sisr.js';
import type { BaselineComparison, PlanTotals, RoutingProblem, Solution, SolveOptions } from './model.js';

const PROGRESS_EVERY_MS = 200;

/**
 * Solves a routing problem: greedy construction, optional fleet minimisation, then SISR with
 * simulated annealing until the time limit (or iteration cap). Same seed and same iteration
 * cap give the same plan; a time limit alone depends on the machine's speed.
 */
export function solve(problem: RoutingProblem, options: SolveOptions, params: SisrParams = DEFAULT_SISR): Solution {
  const began = performance.now();
  const p = compileProblem(problem);
  const random = seededRandom(options.seed);
  const sisr = new Sisr(p, params);
  const budgetMs = options.timeLimitS * 1000;
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  let iterations = 0;
  let cancelled = false;
  let lastReport = began;

  const report = (best: Plan, fraction: number): void => {
    const now = performance.now();
    if (!options.onProgress || now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    const go = options.onProgress({
      elapsedS: (now - began) / 1000,
      iterations,
      bestCost: best.cost,
      bestRoutes: best.routes.filter((r) => r.nodes.length > 0).length,
      bestUnassigned: best.unassigned,
      fraction,
    });
    if (go === false) cancelled = true;
  };

  // A phase runs from `fromShare` to `toShare` of the time and iteration budgets.
  const phase = (fromShare: number, toShare: number): SearchControl => {
    const startIt = iterations;
    const phaseIterations = (toShare - fromShare) * maxIterations;
    const phaseStart = performance.now();
    const phaseMs = Math.max(0, budgetMs * toShare - (phaseStart - began));
    return {
      random,
      progress: () => {
        const byTime = phaseMs > 0 ? (performance.now() - phaseStart) / phaseMs : 1;
        const byIterations = Number.isFinite(phaseIterations) ? (iterations - startIt) / phaseIterations : 0;
        return Math.min(1, Math.max(byTime, byIterations));
      },
      keepGoing: (it, best) => {
        iterations = startIt + it;
        if (it >= phaseIterations) return false;
        if ((it & 15) === 0) {
          const elapsed = performance.now() - began;
          report(best, Math.min(1, elapsed / budgetMs));
          if (elapsed >= budgetMs * toShare) return false;
        }
        return !cancelled;
      },
    };
  };

  let plan = sisr.construct(random);
  // Hierarchical objective (fewest vehicles first): minimise the fleet, then keep it. Otherwise
  // a short fleet phase only gives the annealing a better start, and it may open routes again.
  const hierarchical =
    options.minimiseVehicles ?? (problem.objective === 'cost' && problem.vehicles.some((v) => v.costs.fixed > 0));
  const fleetShare = hierarchical ? params.fleetPhaseShare : params.warmFleetShare;
  if (fleetShare > 0 && p.jobs > 0) plan = sisr.minimiseFleet(plan, phase(0, fleetShare));
  if (p.jobs > 0) plan = sisr.anneal(plan, phase(fleetShare, 1), { keepFleet: hierarchical });

  const { routes, unassigned } = describePlan(problem, p, plan);
  const solution: Solution = {
    objective: problem.objective,
    routes,
    unassigned,
    totals: totalsOf(routes, unassigned.length),
    search: {
      seed: options.seed,
      iterations,
      elapsedS: (performance.now() - began) / 1000,
      cancelled,
    },
  };
  if (options.baseline !== false) solution.baseline = compareToBaseline(problem, p, solution.totals);
  return solution;
}

/** Figures of the input's current plan (or a nearest-neighbour plan) against the solution's. */
function compareToBaseline(problem: RoutingProblem, p: CompiledProblem, totals: PlanTotals): BaselineComparison {
  const kind = problem.currentPlan && problem.currentPlan.length > 0 ? 'current-plan' : 'nearest-neighbour';
  const plan = kind === 'current-plan' ? currentPlan(problem, p) : nearestNeighbourPlan(p);
  const described = describePlan(problem, p, plan);
  const base = totalsOf(described.routes, described.unassigned.length);
  const share = (saved: number, of: number) => (of > 0 ? saved / of : 0);
  return {
    kind,
    totals: base,
    saving: {
      distanceM: base.distanceM - totals.distanceM,
      co2eKg: base.co2eKg - totals.co2eKg,
      cost: base.cost - totals.cost,
      distanceShare: share(base.distanceM - totals.distanceM, base.distanceM),
      co2eShare: share(base.co2eKg - totals.co2eKg, base.co2eKg),
      costShare: share(base.cost - totals.cost, base.cost),
    },
  };
}

/** The plan the user runs today, as given (feasible or not). */
function currentPlan(problem: RoutingProblem, p: CompiledProblem): Plan {
  const vehicleIndex = new Map(problem.vehicles.map((v, i) => [v.id, i]));
  const jobIndex = new Map(problem.jobs.map((j, i) => [j.id, i]));
  const sequences: Int32Array[] = p.vehicles.map(() => new Int32Array(0));
  for (const route of problem.currentPlan ?? []) {
    const vi = vehicleIndex.get(route.vehicleId);
    if (vi === undefined) continue;
    sequences[vi] = Int32Array.from(route.jobIds.map((id) => jobIndex.get(id) ?? -1).filter((j) => j >= 0));
  }
  return planFromSequences(p, sequences);
}

/**
 * The classic dispatcher's plan: each vehicle in turn drives to the nearest job it can still
 * take; jobs left over then go where they fit most cheaply, so both plans serve the same jobs.
 */
export function nearestNeighbourPlan(p: CompiledProblem): Plan {
  const served = new Uint8Array(p.jobs);
  const sequences: Int32Array[] = [];
  for (const v of p.vehicles) {
    let route = new RouteState(p, v, new Int32Array(0));
    for (;;) {
      const last = route.locAt(route.nodes.length);
      let next = -1;
      let nearest = Number.POSITIVE_INFINITY;
      for (let j = 0; j < p.jobs; j++) {
        if (served[j] || !p.allowed[v.index * p.jobs + j]) continue;
        const d = v.dist[last * v.stride + (p.nodeLoc[j] as number)] as number;
        if (d < nearest && insertionCost(route, j, route.nodes.length) < Infinity) {
          nearest = d;
          next = j;
        }
      }
      if (next < 0) break;
      const nodes = new Int32Array(route.nodes.length + 1);
      nodes.set(route.nodes);
      nodes[route.nodes.length] = next;
      const candidate = new RouteState(p, v, nodes);
      if (!candidate.feasible) break;
      route = candidate;
      served[next] = 1;
    }
    sequences.push(route.nodes);
  }
  const plan = planFromSequences(p, sequences);
  const leftover: number[] = [];
  for (let j = 0; j < p.jobs; j++) if (!served[j]) leftover.push(j);
  if (leftover.length === 0) return plan;
  return new Sisr(p, { ...DEFAULT_SISR, blinkRate: 0 }).recreate(plan, leftover, seededRandom(1));
}
