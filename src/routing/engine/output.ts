import type { PlanTotals, Route, RouteSummary, RoutingProblem, Stop, UnassignedJob, UnassignedReason } from '../model.js';
import type { CompiledProblem, CompiledVehicle } from './compiled.js';
import { departureTime, earliestStart, RouteState } from './route.js';
import type { Plan } from './sisr.js';

/** Stops and figures of one route, timed from a just-in-time departure. */
export function describeRoute(problem: RoutingProblem, p: CompiledProblem, r: RouteState): Route {
  const vehicle = problem.vehicles[r.v.index];
  if (!vehicle) throw new Error(`no vehicle ${r.v.index}`);
  const { v } = r;
  const D = p.dims;
  const size = r.nodes.length + 2;
  const stops: Stop[] = [];
  const loadAt = (i: number) => Array.from({ length: D }, (_, d) => r.loadAt(i, d));
  const cap0 = v.cap[0] ?? 0;
  const emissions = vehicle.emissions;
  let depart = departureTime(r);
  const startTime = depart;
  let travelS = 0;
  let serviceS = 0;
  let waitingS = 0;
  let chargingS = 0;
  let co2eKg = 0;
  let rangeUsed = 0;
  let rangeUsedMax = 0;
  if (v.startLoc < v.stride - 1) {
    stops.push({
      type: 'start',
      location: v.startLoc,
      arrivalS: depart,
      waitingS: 0,
      serviceS: 0,
      departureS: depart,
      load: loadAt(0),
      distanceM: 0,
      ...(vehicle.battery ? { rangeLeftM: vehicle.battery.rangeM } : {}),
    });
  }
  for (let i = 1; i < size; i++) {
    const a = r.locAt(i - 1);
    const b = r.locAt(i);
    const travel = v.time[a * v.stride + b] as number;
    const dist = v.dist[a * v.stride + b] as number;
    travelS += travel;
    const loadOnEdge = D > 0 ? r.loadAt(i - 1, 0) : 0;
    const share = cap0 > 0 ? loadOnEdge / cap0 : 0;
    co2eKg += (dist / 1000) * (emissions.co2eKgPerKmEmpty + (emissions.co2eKgPerKmFull - emissions.co2eKgPerKmEmpty) * share);
    rangeUsed += dist;
    rangeUsedMax = Math.max(rangeUsedMax, rangeUsed);
    const arrival = depart + travel;
    const rangeLeft = vehicle.battery ? { rangeLeftM: vehicle.battery.rangeM - rangeUsed } : {};
    if (i === size - 1) {
      if (b < v.stride - 1) {
        stops.push({
          type: 'end',
          location: b,
          arrivalS: arrival,
          waitingS: 0,
          serviceS: 0,
          departureS: arrival,
          load: loadAt(i),
          distanceM: r.distanceAt(i),
          ...rangeLeft,
        });
      }
      depart = arrival;
      break;
    }
    const node = r.nodes[i - 1] as number;
    const isJob = node < p.jobs;
    // A given plan (the baseline) may miss a window: it is then served late, on arrival.
    const earliest = isJob ? earliestStart(p, node, arrival) : arrival;
    const start = Number.isFinite(earliest) ? earliest : arrival;
    const service = isJob ? (p.service[node] as number) : rangeUsed * v.rechargeSPerM;
    if (isJob) serviceS += service;
    else chargingS += service;
    waitingS += start - arrival;
    stops.push({
      type: isJob ? 'job' : 'charge',
      id: isJob ? problem.jobs[node]?.id : problem.chargers[node - p.jobs]?.id,
      location: b,
      arrivalS: arrival,
      waitingS: start - arrival,
      serviceS: service,
      departureS: start + service,
      load: loadAt(i),
      distanceM: r.distanceAt(i),
      ...rangeLeft,
    });
    if (!isJob) rangeUsed = 0;
    depart = start + service;
  }
  const distanceM = r.distance;
  const summary: RouteSummary = {
    distanceM,
    durationS: depart - startTime,
    travelS,
    serviceS,
    waitingS,
    chargingS,
    co2eKg,
    cost: moneyCost(vehicle.costs, distanceM, travelS + serviceS, r.nodes.length > 0),
  };
  return {
    vehicleId: vehicle.id,
    ...summary,
    stops,
    ...(vehicle.battery ? { rangeUsedShare: rangeUsedMax / vehicle.battery.rangeM } : {}),
  };
}

function moneyCost(
  costs: { fixed: number; perKm: number; perHour: number },
  distanceM: number,
  workedS: number,
  used: boolean,
): number {
  if (!used) return 0;
  return costs.fixed + (costs.perKm * distanceM) / 1000 + (costs.perHour * workedS) / 3600;
}

export function totalsOf(routes: Route[], unassigned: number): PlanTotals {
  const totals: PlanTotals = {
    routes: routes.length,
    assignedJobs: 0,
    unassignedJobs: unassigned,
    distanceM: 0,
    durationS: 0,
    travelS: 0,
    serviceS: 0,
    waitingS: 0,
    chargingS: 0,
    co2eKg: 0,
    cost: 0,
  };
  for (const r of routes) {
    totals.assignedJobs += r.stops.filter((s) => s.type === 'job').length;
    totals.distanceM += r.distanceM;
    totals.durationS += r.durationS;
    totals.travelS += r.travelS;
    totals.serviceS += r.serviceS;
    totals.waitingS += r.waitingS;
    totals.chargingS += r.chargingS;
    totals.co2eKg += r.co2eKg;
    totals.cost += r.cost;
  }
  return totals;
}

export function describePlan(
  problem: RoutingProblem,
  p: CompiledProblem,
  plan: Plan,
): { routes: Route[]; unassigned: UnassignedJob[] } {
  const routes = plan.routes.filter((r) => r.nodes.length > 0).map((r) => describeRoute(problem, p, r));
  const unassigned: UnassignedJob[] = [];
  for (let j = 0; j < p.jobs; j++) {
    if ((plan.routeOf[j] as number) >= 0) continue;
    const job = problem.jobs[j];
    if (job) unassigned.push({ jobId: job.id, ...whyUnassigned(p, j) });
  }
  return { routes, unassigned };
}

const MESSAGES: Record<UnassignedReason, string> = {
  skills: 'no vehicle has the skills this job needs',
  capacity: 'the job alone exceeds the capacity of every vehicle with the skills',
  'time-window': 'no vehicle can reach the job inside its time windows',
  shift: 'no vehicle can serve the job and get back within its shift',
  range: 'the job is out of the battery range of the vehicles that could serve it, even with a charger',
  'max-distance': 'the round trip to the job exceeds the vehicles’ maximum distance',
  'max-duration': 'the round trip to the job exceeds the vehicles’ maximum route duration',
  'fleet-exhausted': 'a vehicle could serve the job alone, but the fleet has no room left for it',
  cancelled: 'the search was cancelled before the job was placed',
};

/** Why a job is left out: the limit that stops every vehicle from serving it even alone. */
export function whyUnassigned(p: CompiledProblem, j: number): { reason: UnassignedReason; message: string } {
  const reasons = new Map<UnassignedReason, number>();
  const count = (reason: UnassignedReason) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  let skilled = false;
  for (const v of p.vehicles) {
    if (!p.skilled[v.index * p.jobs + j]) continue;
    if (!p.allowed[v.index * p.jobs + j]) {
      skilled = true;
      count('capacity');
      continue;
    }
    skilled = true;
    const reason = aloneReason(p, v, j);
    if (!reason) return { reason: 'fleet-exhausted', message: MESSAGES['fleet-exhausted'] };
    count(reason);
  }
  if (!skilled) return { reason: 'skills', message: MESSAGES.skills };
  let top: UnassignedReason = 'capacity';
  let most = -1;
  for (const [reason, n] of reasons) {
    if (n > most) {
      most = n;
      top = reason;
    }
  }
  return { reason: top, message: MESSAGES[top] };
}

function aloneReason(p: CompiledProblem, v: CompiledVehicle, j: number): UnassignedReason | null {
  const alone = new RouteState(p, v, Int32Array.of(j));
  if (alone.feasible) return null;
  if (v.hasBattery) {
    for (let c = p.jobs; c < p.jobs + p.chargers; c++) {
      if (new RouteState(p, v, Int32Array.of(c, j)).feasible || new RouteState(p, v, Int32Array.of(j, c)).feasible) {
        return null;
      }
    }
  }
  const arrive = v.shiftStart + (v.time[v.startLoc * v.stride + (p.nodeLoc[j] as number)] as number);
  if (earliestStart(p, j, arrive) === Number.POSITIVE_INFINITY) return 'time-window';
  if (alone.distance > v.range + 1e-9) return 'range';
  if (alone.distance > v.maxDistance + 1e-9) return 'max-distance';
  if (alone.earliestAt(2) > v.shiftEnd + 1e-9) return 'shift';
  if (v.maxDuration < Infinity) return 'max-duration';
  return 'range';
}
