import type { RoutingProblem } from '../model.js';

/**
 * The problem as flat arrays for the search's inner loops.
 *
 * Nodes are jobs 0..J-1 then chargers J..J+C-1. Each profile's matrices get one extra
 * "nowhere" location (index n) at zero distance and time from everything, so an open route
 * (no end) or a vehicle without a start needs no special case in the loops.
 */
export interface CompiledVehicle {
  index: number;
  /** Vehicles with identical attributes share a type: the search tries one empty vehicle per type. */
  typeId: number;
  dist: Float64Array;
  time: Float64Array;
  /** Row length of dist/time (locations + 1). */
  stride: number;
  startLoc: number;
  endLoc: number;
  cap: Float64Array;
  shiftStart: number;
  shiftEnd: number;
  maxDuration: number;
  maxDistance: number;
  maxJobs: number;
  range: number;
  rechargeSPerM: number;
  /** Objective weights: per metre, per metre per unit of load (dimension 0), per second worked, once if used. */
  wDist: number;
  wLoadDist: number;
  wTime: number;
  wFixed: number;
  /** Constraints that the O(1) checks do not cover exactly; candidates are re-simulated. */
  needsExactCheck: boolean;
  hasBattery: boolean;
}

export interface CompiledProblem {
  jobs: number;
  chargers: number;
  dims: number;
  /** Any job collects goods on the way (else loads only fall along a route). */
  hasPickups: boolean;
  nodeLoc: Int32Array;
  delivery: Float64Array;
  pickup: Float64Array;
  service: Float64Array;
  /** Windows of node i are twStart/twEnd[twOffset[i] .. twOffset[i+1]); chargers have one open window. */
  twOffset: Int32Array;
  twStart: Float64Array;
  twEnd: Float64Array;
  vehicles: CompiledVehicle[];
  /** allowed[v * jobs + j]: skills match and the job alone fits the vehicle's capacity. */
  allowed: Uint8Array;
  /** skilled[v * jobs + j]: the vehicle has every skill the job needs. */
  skilled: Uint8Array;
  /** Neighbours of each job by distance (first vehicle's profile), nearest first, itself first. */
  neighbours: Int32Array[];
}

const NEIGHBOURS = 150;

function extendMatrix(m: Float64Array, n: number): Float64Array {
  const stride = n + 1;
  const out = new Float64Array(stride * stride);
  for (let a = 0; a < n; a++) out.set(m.subarray(a * n, a * n + n), a * stride);
  return out;
}

export function compileProblem(problem: RoutingProblem): CompiledProblem {
  const n = problem.locations.length;
  const J = problem.jobs.length;
  const C = problem.chargers.length;
  const D = problem.capacityDimensions.length;
  const nowhere = n;

  const nodeLoc = new Int32Array(J + C);
  const delivery = new Float64Array(J * D);
  const pickup = new Float64Array(J * D);
  const service = new Float64Array(J + C);
  const twOffset = new Int32Array(J + C + 1);
  const starts: number[] = [];
  const ends: number[] = [];
  problem.jobs.forEach((job, j) => {
    nodeLoc[j] = job.location;
    for (let d = 0; d < D; d++) {
      delivery[j * D + d] = job.delivery[d] ?? 0;
      pickup[j * D + d] = job.pickup[d] ?? 0;
    }
    service[j] = job.serviceS;
    twOffset[j] = starts.length;
    const windows = job.timeWindowsS.length > 0 ? job.timeWindowsS : [[-Infinity, Infinity] as [number, number]];
    for (const [s, e] of windows) {
      starts.push(s);
      ends.push(e);
    }
  });
  problem.chargers.forEach((charger, c) => {
    nodeLoc[J + c] = charger.location;
    twOffset[J + c] = starts.length;
    starts.push(-Infinity);
    ends.push(Infinity);
  });
  twOffset[J + C] = starts.length;

  const extended = new Map<string, { dist: Float64Array; time: Float64Array }>();
  const matrixOf = (profile: string) => {
    let m = extended.get(profile);
    if (!m) {
      const src = problem.matrices[profile];
      if (!src) throw new Error(`no matrix for profile ${profile}`);
      m = { dist: extendMatrix(src.distanceM, n), time: extendMatrix(src.durationS, n) };
      extended.set(profile, m);
    }
    return m;
  };

  const typeKeys = new Map<string, number>();
  const vehicles = problem.vehicles.map((v, index): CompiledVehicle => {
    const { dist, time } = matrixOf(v.profile);
    const cap = Float64Array.from({ length: D }, (_, d) => v.capacity[d] ?? 0);
    const emptyKgPerM = v.emissions.co2eKgPerKmEmpty / 1000;
    const fullKgPerM = v.emissions.co2eKgPerKmFull / 1000;
    let wDist = 0;
    let wLoadDist = 0;
    let wTime = 0;
    let wFixed = 0;
    if (problem.objective === 'distance') wDist = 1;
    else if (problem.objective === 'co2e') {
      // A hair of distance breaks ties between zero-emission plans.
      wDist = emptyKgPerM + 1e-9;
      wLoadDist = D > 0 && (cap[0] ?? 0) > 0 ? (fullKgPerM - emptyKgPerM) / (cap[0] as number) : 0;
    } else {
      wDist = v.costs.perKm / 1000;
      wTime = v.costs.perHour / 3600;
      wFixed = v.costs.fixed;
    }
    const hasBattery = v.battery !== undefined && problem.chargers.length > 0;
    const key = JSON.stringify([
      v.profile,
      v.start,
      v.end,
      v.capacity,
      v.shiftS,
      [...v.skills].sort(),
      v.maxDurationS,
      v.maxDistanceM,
      v.maxJobs,
      v.battery,
      v.costs,
      v.emissions,
    ]);
    if (!typeKeys.has(key)) typeKeys.set(key, typeKeys.size);
    return {
      index,
      typeId: typeKeys.get(key) as number,
      dist,
      time,
      stride: n + 1,
      startLoc: v.start ?? nowhere,
      endLoc: v.end ?? nowhere,
      cap,
      shiftStart: v.shiftS[0],
      shiftEnd: v.shiftS[1],
      maxDuration: v.maxDurationS ?? Infinity,
      maxDistance: v.maxDistanceM ?? Infinity,
      maxJobs: v.maxJobs ?? Infinity,
      range: v.battery?.rangeM ?? Infinity,
      rechargeSPerM: v.battery?.rechargeSPerM ?? 0,
      wDist,
      wLoadDist,
      wTime,
      wFixed,
      needsExactCheck: v.maxDurationS !== undefined || hasBattery,
      hasBattery,
    };
  });

  const allowed = new Uint8Array(vehicles.length * J);
  const skilled = new Uint8Array(vehicles.length * J);
  problem.vehicles.forEach((v, vi) => {
    const skills = new Set(v.skills);
    problem.jobs.forEach((job, j) => {
      let ok = job.skills.every((s) => skills.has(s));
      skilled[vi * J + j] = ok ? 1 : 0;
      for (let d = 0; d < D && ok; d++) {
        if ((job.delivery[d] ?? 0) > (v.capacity[d] ?? 0) || (job.pickup[d] ?? 0) > (v.capacity[d] ?? 0)) ok = false;
      }
      allowed[vi * J + j] = ok ? 1 : 0;
    });
  });

  // Neighbour lists on the first vehicle's distances (symmetrised), used by the ruin step.
  const ref = vehicles[0];
  const neighbours: Int32Array[] = [];
  for (let j = 0; j < J; j++) neighbours.push(ref ? nearestJobs(ref, nodeLoc, J, j, Math.min(J, NEIGHBOURS)) : new Int32Array(0));

  return {
    jobs: J,
    chargers: C,
    dims: D,
    hasPickups: pickup.some((x) => x > 0),
    nodeLoc,
    delivery,
    pickup,
    service,
    twOffset,
    twStart: Float64Array.from(starts),
    twEnd: Float64Array.from(ends),
    vehicles,
    allowed,
    skilled,
    neighbours,
  };
}

/**
 * The k jobs nearest to job j (itself first), nearest first, ties by index: a bounded insertion
 * list, O(J log k) per job, so problems with thousands of jobs compile quickly.
 */
function nearestJobs(v: CompiledVehicle, nodeLoc: Int32Array, J: number, j: number, k: number): Int32Array {
  const ids = new Int32Array(k);
  const keys = new Float64Array(k);
  let size = 0;
  const lj = nodeLoc[j] as number;
  for (let i = 0; i < J; i++) {
    const key = i === j ? -1 : relatedness(v, lj, nodeLoc[i] as number);
    if (size === k && key >= (keys[k - 1] as number)) continue;
    // Binary search for the first key greater than this one (equal keys keep index order).
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((keys[mid] as number) <= key) lo = mid + 1;
      else hi = mid;
    }
    const last = Math.min(size, k - 1);
    keys.copyWithin(lo + 1, lo, last);
    ids.copyWithin(lo + 1, lo, last);
    keys[lo] = key;
    ids[lo] = i;
    if (size < k) size++;
  }
  return ids;
}

function relatedness(v: CompiledVehicle, a: number, b: number): number {
  return (v.dist[a * v.stride + b] as number) + (v.dist[b * v.stride + a] as number);
}
