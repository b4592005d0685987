import type { Charger, Job, Route, RouteSummary, RouteViolation, RoutingProblem, Solution, Stop, Vehicle } from './model.js';

// Independent checker of routing plans: the referee of the solver. It shares no code with the
// solver and trusts none of its times: every route is re-simulated from its stop sequence alone
// (vehicle start -> job and charge stops -> vehicle end), and the solver's reported figures are
// then compared with the recomputed ones. The only solver value taken as input is the departure
// from the start stop, since delaying the departure is the solver's choice.
//
// Conventions (the model's, spelled out):
// - load: leaves the start with every delivery of the route on board; at a job += pickup - delivery.
// - time: arrival = previous departure + travel; service starts at the earliest time >= arrival
//   inside one of the job's windows (waiting allowed); departure = service start + service.
// - battery: range drops by the distance of each edge; a charge stop restores it to full and
//   takes (rangeM - range left) * rechargeSPerM seconds.
// - the route ends on arrival at the vehicle's end or, for an open route (no end), when the work
//   at its last stop is done (departure from it); shift end and max duration apply to that time.
// - without a start location the route begins at its first stop, at the arrival the solver reports
//   there (its choice of departure), which must not be before the shift starts.
// - CO2e per edge: km * (empty + (full - empty) * load share of the first capacity dimension).
// - cost: fixed (if the route serves a job) + perKm * km + perHour * (travel + service) hours.

/** Options of {@link checkSolution}. */
export interface CheckOptions {
  /** Relative and absolute slack for every comparison; default 1e-6 (so 1e-6 * |x| + 1e-6). */
  tolerance?: number;
}

interface Context {
  problem: RoutingProblem;
  tol: number;
  jobs: Map<string, Job>;
  chargers: Map<string, Charger>;
  out: RouteViolation[];
}

/** What the re-simulation of a route finds, to compare with what the solver reported. */
interface Recomputed extends RouteSummary {
  rangeUsedShare?: number;
}

const SUMMARY_FIELDS = ['distanceM', 'durationS', 'travelS', 'serviceS', 'waitingS', 'chargingS', 'co2eKg', 'cost'] as const;

/** Equal within `tol` relative plus `tol` absolute. */
const near = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol + tol * Math.max(Math.abs(a), Math.abs(b));

const fmt = (v: number | undefined): string =>
  v === undefined || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(10)));

/**
 * Checks a plan against its problem: fleet and job bookkeeping, skills, capacity, time windows,
 * shifts, battery range and charger visits, max duration/distance/jobs, and the reported figures
 * (stops, routes and totals) against a re-simulation. Returns every violation found; an empty
 * list means the plan is feasible and its figures are right.
 */
export function checkSolution(problem: RoutingProblem, solution: Solution, opts: CheckOptions = {}): RouteViolation[] {
  const ctx: Context = {
    problem,
    tol: opts.tolerance ?? 1e-6,
    jobs: new Map(problem.jobs.map((j) => [j.id, j])),
    chargers: new Map(problem.chargers.map((c) => [c.id, c])),
    out: [],
  };
  checkAssignment(ctx, solution);

  const vehicles = new Map(problem.vehicles.map((v) => [v.id, v]));
  const used = new Set<string>();
  for (const route of solution.routes) {
    const vehicle = vehicles.get(route.vehicleId);
    if (!vehicle) {
      ctx.out.push({
        rule: 'unknown-vehicle',
        vehicleId: route.vehicleId,
        message: `vehicle ${route.vehicleId} is not in the problem`,
      });
      continue;
    }
    if (used.has(vehicle.id)) {
      ctx.out.push({
        rule: 'vehicle-reused',
        vehicleId: vehicle.id,
        message: `vehicle ${vehicle.id} drives more than one route`,
      });
    }
    used.add(vehicle.id);
    const recomputed = simulateRoute(ctx, route, vehicle);
    if (recomputed) compareRouteFigures(ctx, route, vehicle, recomputed);
  }
  compareTotals(ctx, solution);
  return ctx.out;
}

/** Every job is served once or listed unassigned once, never both, never missing. */
function checkAssignment(ctx: Context, solution: Solution): void {
  const where = new Map<string, string>();
  const place = (jobId: string | undefined, at: string, vehicleId?: string): void => {
    if (jobId === undefined || !ctx.jobs.has(jobId)) {
      ctx.out.push({ rule: 'unknown-job', vehicleId, jobId, message: `job ${jobId} (${at}) is not in the problem` });
      return;
    }
    const before = where.get(jobId);
    if (before !== undefined) {
      ctx.out.push({ rule: 'job-repeated', vehicleId, jobId, message: `job ${jobId} appears in ${before} and again in ${at}` });
      return;
    }
    where.set(jobId, at);
  };
  for (const route of solution.routes) {
    for (const stop of route.stops) {
      if (stop.type === 'job') place(stop.id, `the route of ${route.vehicleId}`, route.vehicleId);
    }
  }
  for (const u of solution.unassigned) place(u.jobId, 'the unassigned list');
  for (const job of ctx.problem.jobs) {
    if (!where.has(job.id)) {
      ctx.out.push({ rule: 'job-missing', jobId: job.id, message: `job ${job.id} is neither in a route nor unassigned` });
    }
  }
}

/** Earliest service start >= arrival inside one of the windows, or undefined when every window has closed. */
function serviceStart(windows: Array<[number, number]>, arrivalS: number, slack: (x: number) => number): number | undefined {
  if (windows.length === 0) return arrivalS;
  for (const [open, close] of windows) {
    if (arrivalS <= close + slack(close)) return Math.max(arrivalS, open);
  }
  return undefined;
}

/** Re-simulates one route; reports feasibility violations and the first stop whose figures differ. */
function simulateRoute(ctx: Context, route: Route, vehicle: Vehicle): Recomputed | undefined {
  const { problem, tol } = ctx;
  const vehicleId = vehicle.id;
  const report = (rule: RouteViolation['rule'], message: string, jobId?: string): void => {
    ctx.out.push(jobId === undefined ? { rule, vehicleId, message } : { rule, vehicleId, jobId, message });
  };
  const slack = (x: number): number => tol * (1 + Math.abs(x));

  const matrix = problem.matrices[vehicle.profile];
  if (!matrix) {
    report('unknown-vehicle', `vehicle ${vehicleId} uses profile "${vehicle.profile}", which has no travel matrix`);
    return undefined;
  }
  const n = problem.locations.length;
  const dims = problem.capacityDimensions.length;
  const dimName = (d: number): string => problem.capacityDimensions[d] ?? `dimension ${d}`;

  // Shape of the stop list: start first (iff the vehicle has a start), end last (iff it has an end).
  const stops = route.stops;
  stops.forEach((s, i) => {
    if (s.type === 'start' && (i !== 0 || vehicle.start === undefined))
      report('figures', `stop ${i} is an unexpected start stop`);
    if (s.type === 'end' && (i !== stops.length - 1 || vehicle.end === undefined))
      report('figures', `stop ${i} is an unexpected end stop`);
  });
  const startStop = stops[0]?.type === 'start' ? stops[0] : undefined;
  const endStop = stops.length > 0 && stops[stops.length - 1].type === 'end' ? stops[stops.length - 1] : undefined;
  if (vehicle.start !== undefined && (!startStop || startStop.location !== vehicle.start)) {
    report('figures', `route must begin with a start stop at location ${vehicle.start}`);
  }
  if (vehicle.end !== undefined && (!endStop || endStop.location !== vehicle.end)) {
    report('figures', `route must finish with an end stop at location ${vehicle.end}`);
  }
  const visits = stops.filter((s) => s.type === 'job' || s.type === 'charge');

  // Figures of each stop are compared as we go; only the first mismatch of the route is reported.
  let stopMismatch = false;
  const compareStop = (stop: Stop | undefined, label: string, expected: Partial<Stop>): void => {
    if (!stop || stopMismatch) return;
    for (const [key, value] of Object.entries(expected) as Array<[keyof Stop, unknown]>) {
      const got = stop[key];
      if (typeof value === 'number') {
        if (key === 'rangeLeftM' && got === undefined) continue;
        if (typeof got !== 'number' || !near(got, value, tol)) {
          stopMismatch = true;
          report(
            'figures',
            `${label}: reported ${key} ${fmt(got as number)}, recomputed ${fmt(value)}`,
            stop.type === 'job' ? stop.id : undefined,
          );
          return;
        }
      } else if (Array.isArray(value)) {
        const arr = Array.isArray(got) ? (got as number[]) : [];
        if (arr.length !== value.length || value.some((x: number, d) => !near(arr[d], x, tol))) {
          stopMismatch = true;
          report(
            'figures',
            `${label}: reported ${key} [${arr.map(fmt)}], recomputed [${value.map(fmt)}]`,
            stop.type === 'job' ? stop.id : undefined,
          );
          return;
        }
      }
    }
  };

  // Load: every delivery of the route is on board when leaving the start.
  const load = new Array<number>(dims).fill(0);
  for (const s of visits) {
    const job = s.type === 'job' && s.id !== undefined ? ctx.jobs.get(s.id) : undefined;
    if (job) for (let d = 0; d < dims; d++) load[d] += job.delivery[d] ?? 0;
  }
  const capacityBroken = new Array<boolean>(dims).fill(false);
  const checkLoad = (where: string, jobId?: string): void => {
    for (let d = 0; d < dims; d++) {
      if (capacityBroken[d]) continue;
      const cap = vehicle.capacity[d] ?? 0;
      if (load[d] > cap + slack(cap)) {
        capacityBroken[d] = true;
        report('capacity', `${where}: load ${fmt(load[d])} of ${dimName(d)} exceeds capacity ${fmt(cap)}`, jobId);
      } else if (load[d] < -slack(0)) {
        capacityBroken[d] = true;
        report('capacity', `${where}: load ${fmt(load[d])} of ${dimName(d)} is negative`, jobId);
      }
    }
  };
  checkLoad('leaving the start');

  const [shiftStartS, shiftEndS] = vehicle.shiftS;
  const firstVisit = vehicle.start === undefined ? visits[0] : undefined;
  const departS = startStop?.departureS ?? firstVisit?.arrivalS ?? shiftStartS;
  if (departS < shiftStartS - slack(shiftStartS)) {
    report('shift', `starts at ${fmt(departS)}, before the shift starts at ${fmt(shiftStartS)}`);
  }
  compareStop(startStop, 'start', {
    distanceM: 0,
    load: [...load],
    ...(vehicle.battery ? { rangeLeftM: vehicle.battery.rangeM } : {}),
  });

  const battery = vehicle.battery;
  const sum: Recomputed = { distanceM: 0, durationS: 0, travelS: 0, serviceS: 0, waitingS: 0, chargingS: 0, co2eKg: 0, cost: 0 };
  let t = departS;
  let at = vehicle.start;
  let rangeLeft = battery?.rangeM ?? Number.POSITIVE_INFINITY;
  let rangeBroken = false; // one range violation per stretch between charges
  let maxUsedM = 0;
  let jobsServed = 0;

  const capacity0 = vehicle.capacity[0] ?? 0;
  const drive = (to: number, where: string, jobId?: string): void => {
    if (at === undefined) {
      at = to; // no start location: the route begins at its first stop
      return;
    }
    const distanceM = matrix.distanceM[at * n + to];
    const durationS = matrix.durationS[at * n + to];
    const share = dims > 0 && capacity0 > 0 ? load[0] / capacity0 : 0;
    const { co2eKgPerKmEmpty: empty, co2eKgPerKmFull: full } = vehicle.emissions;
    sum.co2eKg += (distanceM / 1000) * (empty + (full - empty) * share);
    sum.distanceM += distanceM;
    sum.travelS += durationS;
    t += durationS;
    at = to;
    if (battery) {
      rangeLeft -= distanceM;
      if (!rangeBroken && rangeLeft < -slack(battery.rangeM)) {
        rangeBroken = true;
        report('range', `${where}: battery runs out (range left ${fmt(rangeLeft)} m of ${fmt(battery.rangeM)} m)`, jobId);
      }
    }
  };

  visits.forEach((stop, i) => {
    const label = `stop ${i + 1}`;
    if (stop.type === 'job') {
      const job = stop.id === undefined ? undefined : ctx.jobs.get(stop.id);
      if (!job) {
        drive(stop.location, `${label} (unknown job ${stop.id})`); // already reported as unknown-job
        return;
      }
      const where = `job ${job.id}`;
      if (stop.location !== job.location) {
        report('figures', `${where}: stop location ${stop.location} is not the job's location ${job.location}`, job.id);
      }
      const missing = job.skills.filter((s) => !vehicle.skills.includes(s));
      if (missing.length > 0) report('skills', `${where} needs skills ${missing.join(', ')} the vehicle lacks`, job.id);
      drive(job.location, where, job.id);
      const arrivalS = t;
      const rangeOnArrival = rangeLeft;
      let startS = serviceStart(job.timeWindowsS, arrivalS, slack);
      if (startS === undefined) {
        const windows = job.timeWindowsS.map(([a, b]) => `[${fmt(a)}, ${fmt(b)}]`).join(' ');
        report('time-window', `${where}: arrives at ${fmt(arrivalS)}, after its time windows ${windows}`, job.id);
        startS = arrivalS;
      }
      sum.waitingS += startS - arrivalS;
      sum.serviceS += job.serviceS;
      t = startS + job.serviceS;
      for (let d = 0; d < dims; d++) load[d] += (job.pickup[d] ?? 0) - (job.delivery[d] ?? 0);
      checkLoad(`after ${where}`, job.id);
      jobsServed++;
      compareStop(stop, where, {
        arrivalS,
        waitingS: startS - arrivalS,
        serviceS: job.serviceS,
        departureS: t,
        distanceM: sum.distanceM,
        load: [...load],
        ...(battery ? { rangeLeftM: rangeOnArrival } : {}),
      });
      return;
    }
    // Charge stop.
    const charger = stop.id === undefined ? undefined : ctx.chargers.get(stop.id);
    const where = `charger ${stop.id}`;
    if (!charger) report('range', `${label}: charge stop at ${stop.id}, which is not a charger of the problem`);
    else if (stop.location !== charger.location) {
      report('figures', `${where}: stop location ${stop.location} is not the charger's location ${charger.location}`);
    }
    if (!battery) report('range', `${label}: ${where} visited by a vehicle without a battery`);
    drive(charger?.location ?? stop.location, where);
    const arrivalS = t;
    const rangeOnArrival = rangeLeft;
    let chargeS = 0;
    if (battery && charger) {
      maxUsedM = Math.max(maxUsedM, battery.rangeM - rangeLeft);
      chargeS = (battery.rangeM - rangeLeft) * battery.rechargeSPerM;
      rangeLeft = battery.rangeM;
      rangeBroken = false;
    }
    sum.chargingS += chargeS;
    t += chargeS;
    compareStop(stop, where, {
      arrivalS,
      waitingS: 0,
      serviceS: chargeS,
      departureS: t,
      distanceM: sum.distanceM,
      load: [...load],
      ...(battery ? { rangeLeftM: rangeOnArrival } : {}),
    });
  });

  let endS = t; // open route: done at the last stop
  if (vehicle.end !== undefined) {
    drive(vehicle.end, 'the end');
    endS = t;
    compareStop(endStop, 'end', {
      arrivalS: endS,
      distanceM: sum.distanceM,
      load: [...load],
      ...(battery ? { rangeLeftM: rangeLeft } : {}),
    });
  }
  if (battery) maxUsedM = Math.max(maxUsedM, battery.rangeM - rangeLeft);

  const endWhat = vehicle.end !== undefined ? 'reaches the end' : 'finishes its last stop';
  if (endS > shiftEndS + slack(shiftEndS)) {
    report('shift', `${endWhat} at ${fmt(endS)}, after the shift ends at ${fmt(shiftEndS)}`);
  }
  sum.durationS = endS - departS;
  if (vehicle.maxDurationS !== undefined && sum.durationS > vehicle.maxDurationS + slack(vehicle.maxDurationS)) {
    report('max-duration', `route takes ${fmt(sum.durationS)} s, above the maximum ${fmt(vehicle.maxDurationS)} s`);
  }
  if (vehicle.maxDistanceM !== undefined && sum.distanceM > vehicle.maxDistanceM + slack(vehicle.maxDistanceM)) {
    report('max-distance', `route drives ${fmt(sum.distanceM)} m, above the maximum ${fmt(vehicle.maxDistanceM)} m`);
  }
  if (vehicle.maxJobs !== undefined && jobsServed > vehicle.maxJobs) {
    report('max-jobs', `route serves ${jobsServed} jobs, above the maximum ${vehicle.maxJobs}`);
  }

  const { fixed, perKm, perHour } = vehicle.costs;
  sum.cost = (jobsServed > 0 ? fixed : 0) + (perKm * sum.distanceM) / 1000 + (perHour * (sum.travelS + sum.serviceS)) / 3600;
  if (battery && battery.rangeM > 0) sum.rangeUsedShare = maxUsedM / battery.rangeM;
  return sum;
}

function compareRouteFigures(ctx: Context, route: Route, vehicle: Vehicle, recomputed: Recomputed): void {
  const { tol } = ctx;
  for (const key of SUMMARY_FIELDS) {
    if (typeof route[key] !== 'number' || !near(route[key], recomputed[key], tol)) {
      ctx.out.push({
        rule: 'figures',
        vehicleId: vehicle.id,
        message: `route ${key}: reported ${fmt(route[key])}, recomputed ${fmt(recomputed[key])}`,
      });
    }
  }
  if (
    route.rangeUsedShare !== undefined &&
    recomputed.rangeUsedShare !== undefined &&
    !near(route.rangeUsedShare, recomputed.rangeUsedShare, tol)
  ) {
    ctx.out.push({
      rule: 'figures',
      vehicleId: vehicle.id,
      message: `route rangeUsedShare: reported ${fmt(route.rangeUsedShare)}, recomputed ${fmt(recomputed.rangeUsedShare)}`,
    });
  }
}

/** Totals are the sums of the reported routes (each route's own figures are checked above). */
function compareTotals(ctx: Context, solution: Solution): void {
  const { tol } = ctx;
  const totals = solution.totals;
  const expected: Record<string, number> = {
    routes: solution.routes.length,
    assignedJobs: solution.routes.reduce((k, r) => k + r.stops.filter((s) => s.type === 'job').length, 0),
    unassignedJobs: solution.unassigned.length,
  };
  for (const key of SUMMARY_FIELDS) expected[key] = solution.routes.reduce((s, r) => s + r[key], 0);
  for (const [key, value] of Object.entries(expected)) {
    const got = totals[key as keyof typeof totals];
    if (typeof got !== 'number' || !near(got, value, tol)) {
      ctx.out.push({ rule: 'figures', message: `totals ${key}: reported ${fmt(got)}, sum of the routes ${fmt(value)}` });
    }
  }
}
