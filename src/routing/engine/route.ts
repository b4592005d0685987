import type { CompiledProblem, CompiledVehicle } from './compiled.js';

/**
 * One vehicle's route with the forward/backward data that make an insertion check O(1):
 * earliest service start (forward) and latest service start (backward) per position, load
 * prefix/suffix maxima, distance prefix, and range used since/until a charge.
 *
 * Positions: 0 = start, 1..m = nodes, m+1 = end. A RouteState is never changed after it is
 * built; a move builds a new one (O(m)), so a rejected candidate costs nothing to undo.
 */
/**
 * Layout of RouteState.data, per position i of a route with `size` positions (m + 2): each field
 * is a block of `size` numbers (load blocks: size x dims, dims interleaved). One typed array per
 * route, because allocating small typed arrays dominated the cost of building a route.
 */
const EARLIEST = 1;
const LATEST = 2;
const DEPARTURE = 3;
const DIST_PREFIX = 4;
const SERVICE = 5;
const RANGE_SINCE = 6;
const RANGE_UNTIL = 7;
/** Load blocks follow the scalar blocks (block 0 holds the location indices). */
const SCALAR_BLOCKS = 8;

export class RouteState {
  readonly nodes: Int32Array;
  readonly data: Float64Array;
  /** Positions: m + 2. */
  readonly positions: number;
  /** Offsets of the load, load prefix max and load suffix max blocks. */
  readonly oLoad: number;
  readonly oPrefMax: number;
  readonly oSufMax: number;
  /** Offsets of the departure and latest-start blocks (read by the insertion loop's pruning). */
  readonly oDeparture: number;
  readonly oLatest: number;
  readonly jobCount: number;
  readonly distance: number;
  readonly cost: number;
  readonly feasible: boolean;
  readonly hasCharger: boolean;

  constructor(
    readonly p: CompiledProblem,
    readonly v: CompiledVehicle,
    nodes: Int32Array,
  ) {
    this.nodes = nodes;
    const m = nodes.length;
    const D = p.dims;
    const J = p.jobs;
    const size = m + 2;
    this.positions = size;
    const { dist, time, stride } = v;
    const oLoad = SCALAR_BLOCKS * size;
    const oPrefMax = oLoad + size * D;
    const oSufMax = oPrefMax + size * D;
    const data = new Float64Array(oSufMax + (p.hasPickups ? size * D : 0));
    this.data = data;
    this.oLoad = oLoad;
    this.oPrefMax = oPrefMax;
    this.oSufMax = oSufMax;
    const oEarliest = EARLIEST * size;
    const oLatest = LATEST * size;
    const oDeparture = DEPARTURE * size;
    this.oLatest = oLatest;
    this.oDeparture = oDeparture;
    const oDist = DIST_PREFIX * size;
    const oService = SERVICE * size;
    const oSince = RANGE_SINCE * size;
    const oUntil = RANGE_UNTIL * size;

    data[0] = v.startLoc;
    data[m + 1] = v.endLoc;
    let jobs = 0;
    let charger = false;
    for (let i = 0; i < m; i++) {
      const node = nodes[i] as number;
      data[i + 1] = p.nodeLoc[node] as number;
      if (node < J) {
        jobs++;
        for (let d = 0; d < D; d++) data[oLoad + d] = (data[oLoad + d] as number) + (p.delivery[node * D + d] as number);
      } else charger = true;
    }
    this.jobCount = jobs;
    this.hasCharger = charger;

    // Forward: distance, load, range since the last charge, earliest service starts.
    let feasible = jobs <= v.maxJobs;
    let weighted = 0;
    let worked = 0;
    let since = 0;
    data[oEarliest] = v.shiftStart;
    data[oDeparture] = v.shiftStart;
    let depart = v.shiftStart;
    let prevLoc = v.startLoc;
    for (let i = 1; i < size; i++) {
      const here = data[i] as number;
      const ab = prevLoc * stride + here;
      prevLoc = here;
      const dab = dist[ab] as number;
      data[oDist + i] = (data[oDist + i - 1] as number) + dab;
      if (D > 0) weighted += dab * (data[oLoad + (i - 1) * D] as number);
      worked += time[ab] as number;
      since += dab;
      if (since > v.range + 1e-9) feasible = false;
      const arrive = depart + (time[ab] as number);
      if (i === size - 1) {
        data[oEarliest + i] = arrive;
        data[oDeparture + i] = arrive;
        for (let d = 0; d < D; d++) data[oLoad + i * D + d] = data[oLoad + (i - 1) * D + d] as number;
        data[oSince + i] = since;
        break;
      }
      const node = nodes[i - 1] as number;
      let start = arrive;
      let busy: number;
      if (node < J) {
        busy = p.service[node] as number;
        start = earliestStart(p, node, arrive);
        worked += busy;
        for (let d = 0; d < D; d++) {
          data[oLoad + i * D + d] =
            (data[oLoad + (i - 1) * D + d] as number) - (p.delivery[node * D + d] as number) + (p.pickup[node * D + d] as number);
        }
      } else {
        busy = since * v.rechargeSPerM;
        since = 0;
        for (let d = 0; d < D; d++) data[oLoad + i * D + d] = data[oLoad + (i - 1) * D + d] as number;
      }
      data[oSince + i] = since;
      data[oService + i] = busy;
      data[oEarliest + i] = start;
      depart = start + busy;
      data[oDeparture + i] = depart;
    }

    // Backward: latest service starts, range until the next charge.
    data[oLatest + size - 1] = v.shiftEnd;
    if ((data[oEarliest + size - 1] as number) > v.shiftEnd + 1e-9) feasible = false;
    let until = 0;
    for (let i = size - 2; i >= 0; i--) {
      const ab = (data[i] as number) * stride + (data[i + 1] as number);
      const node = i >= 1 ? (nodes[i - 1] as number) : -1;
      until += dist[ab] as number;
      if (node >= J) until = 0;
      data[oUntil + i] = until;
      if (i === 0) break;
      const l = latestStart(p, node, (data[oLatest + i + 1] as number) - (data[oService + i] as number) - (time[ab] as number));
      data[oLatest + i] = l;
      if ((data[oEarliest + i] as number) > l + 1e-9) feasible = false;
    }
    data[oLatest] = v.shiftEnd;

    for (let d = 0; d < D; d++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < size; i++) {
        const value = data[oLoad + i * D + d] as number;
        if (value > max) max = value;
        data[oPrefMax + i * D + d] = max;
      }
      if (max > (v.cap[d] as number) + 1e-9) feasible = false;
      if (!p.hasPickups) continue;
      max = Number.NEGATIVE_INFINITY;
      for (let i = size - 1; i >= 0; i--) {
        const value = data[oLoad + i * D + d] as number;
        if (value > max) max = value;
        data[oSufMax + i * D + d] = max;
      }
    }

    const distance = data[oDist + size - 1] as number;
    this.distance = distance;
    if (distance > v.maxDistance + 1e-9) feasible = false;
    if (feasible && v.maxDuration < Number.POSITIVE_INFINITY && m > 0) {
      feasible = routeDuration(this) <= v.maxDuration + 1e-9;
    }
    this.feasible = feasible;
    this.cost = m === 0 ? 0 : v.wFixed + v.wDist * distance + v.wLoadDist * weighted + v.wTime * worked;
  }

  /** Location index at position i (0 = start, m + 1 = end; the "nowhere" index when absent). */
  locAt(i: number): number {
    return this.data[i] as number;
  }
  earliestAt(i: number): number {
    return this.data[EARLIEST * this.positions + i] as number;
  }
  distanceAt(i: number): number {
    return this.data[DIST_PREFIX * this.positions + i] as number;
  }
  /** Load on board when leaving position i, capacity dimension d. */
  loadAt(i: number, d: number): number {
    return this.data[this.oLoad + i * this.p.dims + d] as number;
  }
}

/** Earliest service start at or after `arrive` inside one of the node's windows (Infinity if none). */
export function earliestStart(p: CompiledProblem, node: number, arrive: number): number {
  const end = p.twOffset[node + 1] as number;
  for (let w = p.twOffset[node] as number; w < end; w++) {
    if (arrive <= (p.twEnd[w] as number)) return Math.max(arrive, p.twStart[w] as number);
  }
  return Number.POSITIVE_INFINITY;
}

/** Latest service start at or before `bound` inside one of the node's windows (-Infinity if none). */
export function latestStart(p: CompiledProblem, node: number, bound: number): number {
  const start = p.twOffset[node] as number;
  for (let w = (p.twOffset[node + 1] as number) - 1; w >= start; w--) {
    if (bound >= (p.twStart[w] as number)) return Math.min(bound, p.twEnd[w] as number);
  }
  return Number.NEGATIVE_INFINITY;
}

/**
 * Duration from leaving the start to reaching the end. The vehicle leaves just in time for its
 * first stop's service start, so it does not wait there needlessly; later waits remain.
 */
export function routeDuration(r: RouteState): number {
  return r.earliestAt(r.nodes.length + 1) - departureTime(r);
}

export function departureTime(r: RouteState): number {
  const { v } = r;
  if (r.nodes.length === 0) return v.shiftStart;
  const travel = v.time[r.locAt(0) * v.stride + r.locAt(1)] as number;
  return Math.max(v.shiftStart, r.earliestAt(1) - travel);
}

/**
 * Objective change when job `j` goes between positions `pos` and `pos + 1`, or Infinity when a
 * capacity, time-window, shift, distance, range or job-count limit would break. O(dims + windows).
 * With `ignoreRange` the battery is not checked (used to look for a charger to add).
 */
export function insertionCost(r: RouteState, j: number, pos: number, ignoreRange = false): number {
  const { p, v, data } = r;
  const D = p.dims;
  const stride = v.stride;
  const size = r.positions;
  for (let d = 0; d < D; d++) {
    const cap = v.cap[d] as number;
    const pick = p.pickup[j * D + d] as number;
    if ((data[r.oPrefMax + pos * D + d] as number) + (p.delivery[j * D + d] as number) > cap + 1e-9) return Infinity;
    if (pick > 0) {
      if ((data[r.oSufMax + (pos + 1) * D + d] as number) + pick > cap + 1e-9) return Infinity;
      if ((data[r.oLoad + pos * D + d] as number) + pick > cap + 1e-9) return Infinity;
    }
  }
  if (r.jobCount + 1 > v.maxJobs) return Infinity;
  const a = data[pos] as number;
  const b = data[pos + 1] as number;
  const lj = p.nodeLoc[j] as number;
  const time = v.time;
  const start = earliestStart(p, j, (data[DEPARTURE * size + pos] as number) + (time[a * stride + lj] as number));
  if (start + (p.service[j] as number) + (time[lj * stride + b] as number) > (data[LATEST * size + pos + 1] as number) + 1e-9) {
    return Infinity;
  }
  const dist = v.dist;
  const dAJ = dist[a * stride + lj] as number;
  const dJB = dist[lj * stride + b] as number;
  const dAB = dist[a * stride + b] as number;
  const added = dAJ + dJB - dAB;
  if (r.distance + added > v.maxDistance + 1e-9) return Infinity;
  if (!ignoreRange && v.range < Infinity) {
    const rangeBefore = data[RANGE_SINCE * size + pos] as number;
    if (rangeBefore + dAJ + dJB + (data[RANGE_UNTIL * size + pos + 1] as number) > v.range + 1e-9) return Infinity;
  }
  let cost = v.wDist * added;
  if (v.wTime !== 0) {
    cost +=
      v.wTime *
      ((time[a * stride + lj] as number) +
        (time[lj * stride + b] as number) -
        (time[a * stride + b] as number) +
        (p.service[j] as number));
  }
  if (v.wLoadDist !== 0 && D > 0) {
    const load = data[r.oLoad + pos * D] as number;
    const del = p.delivery[j * D] as number;
    const pick = p.pickup[j * D] as number;
    cost +=
      v.wLoadDist *
      ((load + del) * dAJ +
        (load + pick) * dJB -
        load * dAB +
        del * (data[DIST_PREFIX * size + pos] as number) +
        pick * (r.distance - (data[DIST_PREFIX * size + pos + 1] as number)));
  }
  if (r.nodes.length === 0) cost += v.wFixed;
  return cost;
}
