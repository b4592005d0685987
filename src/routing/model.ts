/**
 * Vehicle routing model: the plain data the solver engine reads and writes.
 *
 * Units: distances in metres, times in seconds, CO2e in kg. Benchmark files (Solomon, CVRPLIB,
 * E-VRPTW) have unitless coordinates; their readers take one coordinate unit as one metre and one
 * time unit as one second, so the figures stay those of the literature.
 *
 * Locations are indices into `locations`; each vehicle reads the travel matrices of its profile.
 */

/** Which objective the search minimises; the others are still reported. */
export type Objective = 'co2e' | 'distance' | 'cost';

/** Powertrain of a vehicle; drives the emission model and whether range applies. */
export type VehicleFuel = 'diesel' | 'petrol' | 'cng' | 'lng' | 'hybrid' | 'electric' | 'unmanned';

export interface RoutingLocation {
  /** Longitude/latitude when the problem came with coordinates (drawing, GeoJSON). */
  lon?: number;
  lat?: number;
  /** Planar coordinates of benchmark instances. */
  x?: number;
  y?: number;
  /** Name of the place when known (depot, charger, job). */
  name?: string;
}

/** Row-major n×n matrices for one vehicle profile (n = locations.length). */
export interface TravelMatrix {
  distanceM: Float64Array;
  durationS: Float64Array;
}

export interface Job {
  id: string;
  location: number;
  /** Amount taken from the start depot and dropped here, one number per capacity dimension. */
  delivery: number[];
  /** Amount collected here and carried to the end depot, one number per capacity dimension. */
  pickup: number[];
  serviceS: number;
  /** Sorted, disjoint [start, end] windows for the start of service; empty = any time. */
  timeWindowsS: Array<[number, number]>;
  /** Every skill listed must be held by the vehicle. */
  skills: string[];
}

/** A place where electric vehicles may stop to recharge (an optional visit). */
export interface Charger {
  id: string;
  location: number;
}

export interface VehicleCosts {
  /** Charged once if the vehicle is used. */
  fixed: number;
  perKm: number;
  /** Per hour of travel and service (waiting is not charged). */
  perHour: number;
}

/** kg CO2e per km, linear in the load of the first capacity dimension (empty -> full). */
export interface VehicleEmissions {
  co2eKgPerKmEmpty: number;
  co2eKgPerKmFull: number;
}

/** Battery of an electric vehicle: range as a resource along the route. */
export interface VehicleBattery {
  /** Distance a full battery covers. */
  rangeM: number;
  /** Charging time to restore one metre of range (full recharge at each charger visit, Schneider et al. 2014). */
  rechargeSPerM: number;
}

export interface Vehicle {
  id: string;
  /** Free label of the vehicle type (e.g. "4.2 m van"); identical vehicles share a type. */
  type: string;
  fuel: VehicleFuel;
  /** Key into RoutingProblem.matrices. */
  profile: string;
  /** Start and end locations; absent end = the route ends at its last stop (open route). */
  start?: number;
  end?: number;
  capacity: number[];
  /** Working window [start, end]: leave the start no earlier, reach the end no later. */
  shiftS: [number, number];
  skills: string[];
  /** Max time from leaving the start to reaching the end, waiting included. */
  maxDurationS?: number;
  maxDistanceM?: number;
  maxJobs?: number;
  battery?: VehicleBattery;
  costs: VehicleCosts;
  emissions: VehicleEmissions;
}

export interface RoutingProblem {
  locations: RoutingLocation[];
  matrices: Record<string, TravelMatrix>;
  /** Names of the capacity dimensions, e.g. ["weightKg", "volumeM3"]; every amount has this length. */
  capacityDimensions: string[];
  jobs: Job[];
  vehicles: Vehicle[];
  chargers: Charger[];
  objective: Objective;
  /** An existing plan to compare against: vehicle id -> job ids in visiting order. */
  currentPlan?: PlannedRoute[];
}

export interface PlannedRoute {
  vehicleId: string;
  jobIds: string[];
}

export interface SolveOptions {
  /** Wall-clock budget for the search. */
  timeLimitS: number;
  seed: number;
  /** Stop after this many ruin-and-recreate iterations (tests, determinism); default unlimited. */
  maxIterations?: number;
  /** Called now and then with the search progress; return false to cancel (the best plan so far is returned). */
  onProgress?: (progress: SolveProgress) => boolean | undefined;
  /** Run the fleet-minimisation phase first; default: when the objective is cost and vehicles have a fixed cost. */
  minimiseVehicles?: boolean;
  /** Compute the baseline comparison; default true. */
  baseline?: boolean;
}

export interface SolveProgress {
  elapsedS: number;
  iterations: number;
  bestCost: number;
  bestRoutes: number;
  bestUnassigned: number;
  /** 0..1 share of the time budget used. */
  fraction: number;
}

export type StopType = 'start' | 'job' | 'charge' | 'end';

export interface Stop {
  type: StopType;
  /** Job or charger id. */
  id?: string;
  location: number;
  arrivalS: number;
  waitingS: number;
  /** Service time for jobs, charging time for chargers. */
  serviceS: number;
  departureS: number;
  /** Load on board when leaving this stop, per capacity dimension. */
  load: number[];
  /** Distance driven from the start up to this stop. */
  distanceM: number;
  /** Range left on arrival (electric vehicles). */
  rangeLeftM?: number;
}

export interface RouteSummary {
  distanceM: number;
  /** From leaving the start to reaching the end, waiting included. */
  durationS: number;
  travelS: number;
  serviceS: number;
  waitingS: number;
  chargingS: number;
  co2eKg: number;
  cost: number;
}

export interface Route extends RouteSummary {
  vehicleId: string;
  stops: Stop[];
  /** Largest share of the battery range used between two charges (electric vehicles), 0..1. */
  rangeUsedShare?: number;
}

export type UnassignedReason =
  | 'skills'
  | 'capacity'
  | 'time-window'
  | 'shift'
  | 'range'
  | 'max-distance'
  | 'max-duration'
  | 'fleet-exhausted'
  | 'cancelled';

export interface UnassignedJob {
  jobId: string;
  reason: UnassignedReason;
  message: string;
}

export interface PlanTotals extends RouteSummary {
  routes: number;
  assignedJobs: number;
  unassignedJobs: number;
}

/** The figures of the plan the optimised one replaces, and what the optimisation saves. */
export interface BaselineComparison {
  /** The input's current plan when it gave one, else a nearest-neighbour plan. */
  kind: 'current-plan' | 'nearest-neighbour';
  totals: PlanTotals;
  saving: {
    distanceM: number;
    co2eKg: number;
    cost: number;
    /** Share of the baseline saved, 0..1 (negative when the baseline is better). */
    distanceShare: number;
    co2eShare: number;
    costShare: number;
  };
}

export interface Solution {
  objective: Objective;
  routes: Route[];
  unassigned: UnassignedJob[];
  totals: PlanTotals;
  baseline?: BaselineComparison;
  search: {
    seed: number;
    iterations: number;
    elapsedS: number;
    cancelled: boolean;
  };
}

/** A rule broken by a plan, as the independent checker reports it. */
export interface RouteViolation {
  rule:
    | 'unknown-vehicle'
    | 'vehicle-reused'
    | 'unknown-job'
    | 'job-repeated'
    | 'job-missing'
    | 'capacity'
    | 'time-window'
    | 'shift'
    | 'max-duration'
    | 'max-distance'
    | 'max-jobs'
    | 'range'
    | 'skills'
    | 'figures';
  vehicleId?: string;
  jobId?: string;
  message: string;
}
