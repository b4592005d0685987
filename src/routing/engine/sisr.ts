import type { CompiledProblem } from './compiled.js';
import { insertionCost, RouteState } from './route.js';

/**
 * Slack Induction by String Removals (Christiaens & Vanden Berghe 2020, Transportation Science
 * 54(2)): ruin strings of consecutive stops from routes near a random job, recreate by greedy
 * insertion with blinks, accept by simulated annealing. Plus their fleet-minimisation phase,
 * which removes a route and keeps only candidates that place the hardest jobs ("absences").
 */
export interface SisrParams {
  /** Average number of jobs removed per ruin (c̄). */
  avgRemoved: number;
  /** Longest string removed from one route (L_max). */
  maxString: number;
  /** Probability of a split string (α) and of stopping its growth (β, "split depth"). */
  splitRate: number;
  splitDepth: number;
  /** Probability of skipping an insertion position. */
  blinkRate: number;
  /** Annealing temperatures as multiples of the initial plan's mean cost per edge. */
  tempStartFactor: number;
  tempEndFactor: number;
  /** Share of the time budget of the fleet-minimisation phase under a hierarchical objective. */
  fleetPhaseShare: number;
  /**
   * Share spent minimising the fleet before a plain (non-hierarchical) search: fewer, fuller
   * routes are a better start where the best plans use few long routes (wide time windows).
   */
  warmFleetShare: number;
  /** Insert only into routes serving one of the job's k nearest neighbours; 0 = every route. */
  insertNeighbours: number;
}

export const DEFAULT_SISR: SisrParams = {
  avgRemoved: 10,
  maxString: 10,
  splitRate: 0.5,
  splitDepth: 0.01,
  blinkRate: 0.01,
  tempStartFactor: 10,
  tempEndFactor: 0.03,
  fleetPhaseShare: 0.3,
  warmFleetShare: 0.1,
  insertNeighbours: 30,
};

/** A candidate plan: one RouteState per vehicle (empty when unused) and where each job is. */
export interface Plan {
  routes: RouteState[];
  /** Vehicle index serving each job, -1 when unassigned. */
  routeOf: Int32Array;
  unassigned: number;
  cost: number;
}

export interface SearchControl {
  random: () => number;
  /** Returns false when the search must stop (time, iterations, cancel). */
  keepGoing: (iteration: number, best: Plan) => boolean;
  /** Share of the budget used, 0..1, for the temperature schedule. */
  progress: () => number;
}

export function emptyPlan(p: CompiledProblem): Plan {
  return {
    routes: p.vehicles.map((v) => new RouteState(p, v, new Int32Array(0))),
    routeOf: new Int32Array(p.jobs).fill(-1),
    unassigned: p.jobs,
    cost: 0,
  };
}

export function planFromSequences(p: CompiledProblem, sequences: Int32Array[]): Plan {
  const routes = p.vehicles.map((v, i) => new RouteState(p, v, sequences[i] ?? new Int32Array(0)));
  const routeOf = new Int32Array(p.jobs).fill(-1);
  routes.forEach((r, vi) => {
    for (const node of r.nodes) if (node < p.jobs) routeOf[node] = vi;
  });
  return finishPlan(routes, routeOf);
}

function finishPlan(routes: RouteState[], routeOf: Int32Array): Plan {
  let cost = 0;
  for (const r of routes) cost += r.cost;
  let unassigned = 0;
  for (const v of routeOf) if (v < 0) unassigned++;
  return { routes, routeOf, unassigned, cost };
}

/** Lexicographic: fewer unassigned jobs first, then cost. */
export function better(a: Plan, b: Plan): boolean {
  return a.unassigned < b.unassigned || (a.unassigned === b.unassigned && a.cost < b.cost - 1e-9);
}

export class Sisr {
  private readonly depotDistance: Float64Array;
  private readonly demand: Float64Array;
  private readonly typeSeen: Uint8Array;
  /** Times each job was left out in the fleet-minimisation phase. */
  private readonly absences: Float64Array;
  private sortByAbsence = false;
  private nextBlink = 0;
  /** Most routes a plan may use (fleet minimisation and the hierarchical objective cap it). */
  private maxRoutes = Number.POSITIVE_INFINITY;
  private usedRoutes = 0;
  /** ln(1 - blinkRate), for drawing gaps between blinks. */
  private readonly logKeep: number;
  /** Routes worth trying for the job being inserted (they serve one of its neighbours). */
  private readonly nearRoute: Uint8Array;

  constructor(
    private readonly p: CompiledProblem,
    private readonly params: SisrParams = DEFAULT_SISR,
  ) {
    this.depotDistance = new Float64Array(p.jobs);
    this.demand = new Float64Array(p.jobs);
    this.absences = new Float64Array(p.jobs);
    const v0 = p.vehicles[0];
    for (let j = 0; j < p.jobs; j++) {
      if (v0) this.depotDistance[j] = v0.dist[v0.startLoc * v0.stride + (p.nodeLoc[j] as number)] as number;
      for (let d = 0; d < p.dims; d++) {
        const cap = v0?.cap[d] ?? 1;
        this.demand[j] =
          (this.demand[j] as number) +
          ((p.delivery[j * p.dims + d] as number) + (p.pickup[j * p.dims + d] as number)) / (cap || 1);
      }
    }
    this.typeSeen = new Uint8Array(p.vehicles.length + 1);
    this.logKeep = params.blinkRate > 0 ? Math.log(1 - params.blinkRate) : 0;
    this.nearRoute = new Uint8Array(p.vehicles.length);
  }

  /** Greedy insertion of every job into an empty plan. */
  construct(random: () => number): Plan {
    const plan = emptyPlan(this.p);
    const all = Array.from({ length: this.p.jobs }, (_, j) => j);
    return this.recreate(plan, all, random);
  }

  /** The annealing loop; returns the best plan found. */
  anneal(start: Plan, control: SearchControl, opts: { keepFleet?: boolean } = {}): Plan {
    const { params } = this;
    // Hierarchical objective: once the fleet is minimised, annealing may not use more routes.
    this.maxRoutes = opts.keepFleet === true ? routesOf(start) : Number.POSITIVE_INFINITY;
    let current = start;
    let best = start;
    const scale = meanEdgeCost(start);
    const t0 = params.tempStartFactor * scale;
    const tf = params.tempEndFactor * scale;
    for (let it = 0; control.keepGoing(it, best); it++) {
      const temperature = t0 * (tf / t0) ** control.progress();
      const { plan: ruined, removed } = this.ruin(current, control.random);
      const candidate = this.recreate(ruined, removed, control.random);
      if (
        candidate.unassigned < current.unassigned ||
        (candidate.unassigned === current.unassigned && candidate.cost < current.cost - temperature * Math.log(control.random()))
      ) {
        current = candidate;
        if (better(current, best)) best = current;
      }
    }
    this.maxRoutes = Number.POSITIVE_INFINITY;
    return best;
  }

  /**
   * Fleet minimisation: take the feasible plan, drop one route, and search with the absence
   * counters until every job fits again; repeat while time allows. Returns the plan with the
   * fewest routes that serves as many jobs as the input.
   */
  minimiseFleet(start: Plan, control: SearchControl): Plan {
    let best = start;
    this.sortByAbsence = true;
    this.maxRoutes = routesOf(start) - 1;
    this.absences.fill(0);
    try {
      let current = this.dropRoute(start, control.random);
      if (!current) return best;
      for (let it = 0; control.keepGoing(it, best); it++) {
        const { plan: ruined, removed } = this.ruin(current, control.random);
        const candidate = this.recreate(ruined, removed, control.random);
        for (let j = 0; j < this.p.jobs; j++) if ((candidate.routeOf[j] as number) < 0) this.absences[j]++;
        if (candidate.unassigned < current.unassigned || this.absenceSum(candidate) < this.absenceSum(current)) {
          current = candidate;
        }
        if (current.unassigned <= start.unassigned) {
          best = current;
          this.maxRoutes = routesOf(current) - 1;
          const next = this.dropRoute(current, control.random);
          if (!next) break;
          current = next;
        }
      }
    } finally {
      this.sortByAbsence = false;
      this.maxRoutes = Number.POSITIVE_INFINITY;
    }
    return best;
  }

  private absenceSum(plan: Plan): number {
    let sum = 0;
    for (let j = 0; j < this.p.jobs; j++) if ((plan.routeOf[j] as number) < 0) sum += this.absences[j] as number;
    return sum;
  }

  /** Empties the route with the fewest jobs (ties at random); null when no route is left. */
  private dropRoute(plan: Plan, random: () => number): Plan | null {
    let chosen = -1;
    let fewest = Number.POSITIVE_INFINITY;
    plan.routes.forEach((r, vi) => {
      if (r.jobCount === 0) return;
      const score = r.jobCount + random() * 0.5;
      if (score < fewest) {
        fewest = score;
        chosen = vi;
      }
    });
    if (chosen < 0) return null;
    const routes = plan.routes.slice();
    const routeOf = plan.routeOf.slice();
    for (const node of (routes[chosen] as RouteState).nodes) if (node < this.p.jobs) routeOf[node] = -1;
    routes[chosen] = new RouteState(this.p, this.p.vehicles[chosen] as never, new Int32Array(0));
    const removed: number[] = [];
    for (let j = 0; j < this.p.jobs; j++) if ((routeOf[j] as number) < 0) removed.push(j);
    return this.recreate(finishPlan(routes, routeOf), removed, random);
  }

  /** SISR ruin: strings from up to k_s routes around a random seed job. */
  ruin(plan: Plan, random: () => number): { plan: Plan; removed: number[] } {
    const { p, params } = this;
    const routes = plan.routes.slice();
    const routeOf = plan.routeOf.slice();
    const removed: number[] = [];
    for (let j = 0; j < p.jobs; j++) if ((routeOf[j] as number) < 0) removed.push(j);
    let used = 0;
    let assigned = 0;
    for (const r of routes) {
      if (r.jobCount > 0) {
        used++;
        assigned += r.jobCount;
      }
    }
    if (used === 0) return { plan: finishPlan(routes, routeOf), removed };
    const avgCardinality = assigned / used;
    const maxStringLength = Math.min(params.maxString, avgCardinality);
    const maxStrings = (4 * params.avgRemoved) / (1 + maxStringLength) - 1;
    const strings = Math.floor(random() * maxStrings) + 1;

    // A random assigned seed job.
    let seed = Math.floor(random() * p.jobs);
    for (let k = 0; k < p.jobs && (routeOf[seed] as number) < 0; k++) seed = (seed + 1) % p.jobs;
    const ruined = new Set<number>();
    for (const c of p.neighbours[seed] as Int32Array) {
      if (ruined.size >= strings) break;
      const vi = routeOf[c] as number;
      if (vi < 0 || ruined.has(vi)) continue;
      const route = routes[vi] as RouteState;
      const size = route.nodes.length;
      const lengthMax = Math.min(size, maxStringLength);
      const length = Math.min(size, Math.floor(1 + random() * lengthMax));
      const at = route.nodes.indexOf(c);
      const keep = new Uint8Array(size).fill(1);
      if (length === size || random() >= params.splitRate) {
        const lo = Math.max(0, at - length + 1);
        const hi = Math.min(at, size - length);
        const from = lo + Math.floor(random() * (hi - lo + 1));
        keep.fill(0, from, from + length);
      } else {
        let preserved = 1;
        while (length + preserved < size && random() >= params.splitDepth) preserved++;
        const window = length + preserved;
        const lo = Math.max(0, at - window + 1);
        const hi = Math.min(at, size - window);
        const from = lo + Math.floor(random() * (hi - lo + 1));
        const keepFrom = from + Math.floor(random() * (length + 1));
        keep.fill(0, from, from + window);
        keep.fill(1, keepFrom, keepFrom + preserved);
      }
      // Charger visits stay (the ones no longer needed are dropped below).
      const nodes: number[] = [];
      for (let i = 0; i < size; i++) {
        const node = route.nodes[i] as number;
        if (keep[i] || node >= p.jobs) nodes.push(node);
        else {
          routeOf[node] = -1;
          removed.push(node);
        }
      }
      let after = this.withoutIdleChargers(route, nodes);
      if (!after.feasible) {
        // A matrix without the triangle inequality can make a shorter route late: empty it.
        for (const node of after.nodes) {
          if (node < p.jobs) {
            routeOf[node] = -1;
            removed.push(node);
          }
        }
        after = new RouteState(p, route.v, new Int32Array(0));
      }
      routes[vi] = after;
      ruined.add(vi);
    }
    return { plan: finishPlan(routes, routeOf), removed };
  }

  /** Drops charger visits the route no longer needs (and any chargers left in an emptied route). */
  private withoutIdleChargers(route: RouteState, nodes: number[]): RouteState {
    const { p } = this;
    let next = new RouteState(p, route.v, Int32Array.from(nodes.some((n) => n < p.jobs) ? nodes : []));
    if (!next.hasCharger) return next;
    for (let i = next.nodes.length - 1; i >= 0; i--) {
      if ((next.nodes[i] as number) < p.jobs) continue;
      const without = Array.from(next.nodes);
      without.splice(i, 1);
      const candidate = new RouteState(p, route.v, Int32Array.from(without));
      if (candidate.feasible && candidate.cost <= next.cost + 1e-9) next = candidate;
    }
    return next;
  }

  /** Greedy insertion with blinks, jobs sorted by one of SISR's orders. */
  recreate(plan: Plan, removed: number[], random: () => number): Plan {
    const routes = plan.routes;
    const routeOf = plan.routeOf;
    this.usedRoutes = routesOf(plan);
    this.sortRemoved(removed, random);
    for (const j of removed) {
      const placed = this.bestInsertion(routes, routeOf, j, random);
      if (placed) {
        if ((routes[placed.vehicle] as RouteState).nodes.length === 0) this.usedRoutes++;
        routes[placed.vehicle] = placed.route;
        routeOf[j] = placed.vehicle;
      }
    }
    return finishPlan(routes, routeOf);
  }

  /**
   * Cheapest feasible insertion of job j. Granular first: only routes that serve one of the job's
   * nearest neighbours (and empty vehicles); when none of them can take it, every route.
   */
  private bestInsertion(
    routes: RouteState[],
    routeOf: Int32Array,
    j: number,
    random: () => number,
  ): { vehicle: number; route: RouteState } | null {
    const k = this.params.insertNeighbours;
    const granular = k > 0 && k < (this.p.neighbours[j] as Int32Array).length - 1;
    const near = granular ? this.insertionIn(routes, routeOf, j, random, true) : null;
    return near ?? this.insertionIn(routes, routeOf, j, random, false);
  }

  private insertionIn(
    routes: RouteState[],
    routeOf: Int32Array,
    j: number,
    random: () => number,
    granular: boolean,
  ): { vehicle: number; route: RouteState } | null {
    const { p } = this;
    const J = p.jobs;
    const near = this.nearRoute;
    const neighbours = p.neighbours[j] as Int32Array;
    const k = this.params.insertNeighbours;
    if (granular) {
      near.fill(0);
      for (let i = 1; i <= k; i++) {
        const v = routeOf[neighbours[i] as number] as number;
        if (v >= 0) near[v] = 1;
      }
    }
    let bestCost = Number.POSITIVE_INFINITY;
    let bestVehicle = -1;
    let bestPos = -1;
    let bestExact: RouteState | null = null;
    this.typeSeen.fill(0);
    const lastEnd = p.twEnd[(p.twOffset[j + 1] as number) - 1] as number;
    const firstEnd = (p.twStart[p.twOffset[j] as number] as number) + (p.service[j] as number);
    for (let vi = 0; vi < routes.length; vi++) {
      if (!p.allowed[vi * J + j]) continue;
      const route = routes[vi] as RouteState;
      const size = route.nodes.length;
      if (granular && size > 0 && !near[vi]) continue;
      if (size === 0) {
        if (this.usedRoutes >= this.maxRoutes) continue;
        const type = route.v.typeId;
        if (this.typeSeen[type]) continue;
        this.typeSeen[type] = 1;
      }
      this.nextBlink = this.blinkGap(random);
      if (route.v.needsExactCheck) {
        const exact = this.exactInsertion(route, j, bestCost);
        if (exact && exact.cost - route.cost < bestCost) {
          bestCost = exact.cost - route.cost;
          bestVehicle = vi;
          bestExact = exact;
        }
        continue;
      }
      if (!fitsLoadAtStart(route, j)) continue;
      const data = route.data;
      const oDeparture = route.oDeparture;
      const oLatest = route.oLatest;
      for (let pos = 0; pos <= size; pos++) {
        // Departures only grow along a route: past the job's last window nothing fits. Latest
        // starts only grow too: skip positions whose successor must start before the job can end.
        if ((data[oDeparture + pos] as number) > lastEnd) break;
        // Blinks: each position is skipped with probability blinkRate (drawn as a geometric gap).
        if (pos === this.nextBlink) {
          this.nextBlink = pos + 1 + this.blinkGap(random);
          continue;
        }
        if ((data[oLatest + pos + 1] as number) < firstEnd) continue;
        const cost = insertionCost(route, j, pos);
        if (cost < bestCost) {
          bestCost = cost;
          bestVehicle = vi;
          bestPos = pos;
          bestExact = null;
        }
      }
    }
    if (bestVehicle < 0) return null;
    if (bestExact) return { vehicle: bestVehicle, route: bestExact };
    const route = routes[bestVehicle] as RouteState;
    const nodes = new Int32Array(route.nodes.length + 1);
    nodes.set(route.nodes.subarray(0, bestPos), 0);
    nodes[bestPos] = j;
    nodes.set(route.nodes.subarray(bestPos), bestPos + 1);
    return { vehicle: bestVehicle, route: new RouteState(p, route.v, nodes) };
  }

  /**
   * Insertion into a route whose limits the O(1) data do not settle (max duration, chargers):
   * screen positions with the O(1) check, then re-simulate the cheapest few. Electric vehicles
   * may also take a charger visit next to the job when the battery would not last.
   */
  private exactInsertion(route: RouteState, j: number, bound: number): RouteState | null {
    const { p } = this;
    const size = route.nodes.length;
    const screened: Array<{ cost: number; nodes: Int32Array }> = [];
    for (let pos = 0; pos <= size; pos++) {
      const plain = insertionCost(route, j, pos);
      if (plain < Infinity) {
        screened.push({ cost: plain, nodes: spliced(route.nodes, pos, [j]) });
        continue;
      }
      const ignoringRange = route.v.hasBattery ? insertionCost(route, j, pos, true) : Infinity;
      if (ignoringRange === Infinity) continue;
      const a = route.locAt(pos);
      const b = route.locAt(pos + 1);
      const lj = p.nodeLoc[j] as number;
      // Range breaks: try the charger with the smallest detour before the job, after it, or both
      // (a job far out may need a charge on the way there and on the way back).
      const before = this.nearestChargers(route, a, lj, 3);
      const after = this.nearestChargers(route, lj, b, 3);
      for (const c of before) screened.push({ cost: ignoringRange, nodes: spliced(route.nodes, pos, [c, j]) });
      for (const c of after) screened.push({ cost: ignoringRange, nodes: spliced(route.nodes, pos, [j, c]) });
      for (const c of before.slice(0, 2)) {
        for (const d of after.slice(0, 2)) {
          screened.push({ cost: ignoringRange, nodes: spliced(route.nodes, pos, [c, j, d]) });
        }
      }
    }
    screened.sort((x, y) => x.cost - y.cost);
    let checked = 0;
    for (const { cost, nodes } of screened) {
      if (cost >= bound || checked >= 12) break;
      checked++;
      const candidate = new RouteState(p, route.v, nodes);
      if (candidate.feasible) return candidate;
    }
    return null;
  }

  /** The `count` chargers with the smallest detour between two locations (not at either end). */
  private nearestChargers(route: RouteState, from: number, to: number, count: number): number[] {
    const { p } = this;
    const { dist, stride } = route.v;
    const found: Array<{ node: number; detour: number }> = [];
    for (let c = 0; c < p.chargers; c++) {
      const lc = p.nodeLoc[p.jobs + c] as number;
      if (lc === from || lc === to) continue;
      found.push({ node: p.jobs + c, detour: (dist[from * stride + lc] as number) + (dist[lc * stride + to] as number) });
    }
    found.sort((x, y) => x.detour - y.detour);
    return found.slice(0, count).map((f) => f.node);
  }

  /** Positions until the next blink: geometric with success probability blinkRate. */
  private blinkGap(random: () => number): number {
    if (this.logKeep === 0) return Number.POSITIVE_INFINITY;
    return Math.floor(Math.log(1 - random()) / this.logKeep);
  }

  private sortRemoved(removed: number[], random: () => number): void {
    if (this.sortByAbsence) {
      const abs = this.absences;
      removed.sort((a, b) => (abs[b] as number) - (abs[a] as number) || a - b);
      return;
    }
    // SISR's orders, weighted 4 random : 4 demand : 2 far : 1 close.
    const pickOrder = random() * 11;
    if (pickOrder < 4) {
      for (let i = removed.length - 1; i > 0; i--) {
        const k = Math.floor(random() * (i + 1));
        const t = removed[i] as number;
        removed[i] = removed[k] as number;
        removed[k] = t;
      }
    } else if (pickOrder < 8) {
      const demand = this.demand;
      removed.sort((a, b) => (demand[b] as number) - (demand[a] as number) || a - b);
    } else if (pickOrder < 10) {
      const far = this.depotDistance;
      removed.sort((a, b) => (far[b] as number) - (far[a] as number) || a - b);
    } else {
      const far = this.depotDistance;
      removed.sort((a, b) => (far[a] as number) - (far[b] as number) || a - b);
    }
  }
}

/** Load at the start only grows along prefixes, so a job that does not fit there fits nowhere. */
function fitsLoadAtStart(route: RouteState, j: number): boolean {
  const { p, v } = route;
  const D = p.dims;
  for (let d = 0; d < D; d++) {
    if (route.loadAt(0, d) + (p.delivery[j * D + d] as number) > (v.cap[d] as number) + 1e-9) return false;
  }
  return true;
}

function spliced(nodes: Int32Array, pos: number, inserted: number[]): Int32Array {
  const out = new Int32Array(nodes.length + inserted.length);
  out.set(nodes.subarray(0, pos), 0);
  out.set(inserted, pos);
  out.set(nodes.subarray(pos), pos + inserted.length);
  return out;
}

function routesOf(plan: Plan): number {
  let used = 0;
  for (const r of plan.routes) if (r.jobCount > 0) used++;
  return used;
}

/** Mean objective cost per driven edge: the scale the annealing temperatures are set in. */
export function meanEdgeCost(plan: Plan): number {
  let edges = 0;
  for (const r of plan.routes) if (r.nodes.length > 0) edges += r.nodes.length + 1;
  return edges > 0 && plan.cost > 0 ? plan.cost / edges : 1;
}
