import { type ErrorDetail, invalid, isValidLatLon } from '../../core/index.js';
import { builtInResolver, type FactorResolver, factorValue } from '../../factors/index.js';
import { greatCircleMatrix } from '../matrix.js';
import type {
  Charger,
  Job,
  Objective,
  PlannedRoute,
  RoutingLocation,
  RoutingProblem,
  Solution,
  StopType,
  TravelMatrix,
  Vehicle,
  VehicleFuel,
} from '../model.js';
import { UNBOUNDED_S } from './text.js';

// VROOM's JSON problem (github.com/VROOM-Project/vroom docs/API.md) plus Greenlink extensions:
// job weightKg/volumeM3, vehicle fuel/type/speedKmh/rangeKm/kwhPerKm/chargeKw/maxDurationS/
// co2eKgPerKmEmpty/co2eKgPerKmFull, and top-level chargers, objective, detourFactor,
// gridKgPerKwh, currentPlan. Every problem is reported with a JSON pointer to its field.
//
// VROOM ids are integers, ours strings: ids are read with String() and written back as numbers
// when they look like one (see vroomId), so "7" and 7 are the same id.

/**
 * Defaults for what a VROOM problem leaves out. The emission and energy figures are our own
 * illustrative round numbers for a city delivery van, not published factors: give the vehicle's
 * own co2eKgPerKm* (e.g. from the factors module) for a real footprint.
 */
export const VROOM_DEFAULTS = {
  /** VROOM's default routing profile. */
  profile: 'car',
  /** Road km per great-circle km when the matrix is built from coordinates (no matrices given). */
  detourFactor: 1.3,
  /** km/h for matrices built from coordinates, or to turn durations into distances and back. */
  speedKmh: { road: 40, unmanned: 15 },
  /** Grid factor of electric vehicles' kWh: China national average 2023 (MEE/NBS) from the factor library. */
  gridFactorId: 'mee-2023:cn-grid-national',
  /** Illustrative energy use of electric vehicles, kWh per km (unmanned: small delivery robot). */
  kwhPerKm: { electric: 0.2, unmanned: 0.01 },
  /** Illustrative charging power when a vehicle gives rangeKm but no chargeKw. */
  chargeKw: 60,
  /** Illustrative kg CO2e per km empty -> full for combustion vehicles; other fuels fall back to diesel. */
  co2eKgPerKm: { diesel: { empty: 0.25, full: 0.35 } },
  /** VROOM's default costs: per_hour 3600 makes the cost equal to the travel time in seconds. */
  costs: { fixed: 0, perHour: 3600, perKm: 0 },
} as const;

const FUELS: VehicleFuel[] = ['diesel', 'petrol', 'cng', 'lng', 'hybrid', 'electric', 'unmanned'];
const OBJECTIVES: Objective[] = ['co2e', 'distance', 'cost'];
const EXTENSION_DIMENSIONS = ['weightKg', 'volumeM3'];

export interface VroomReadOptions {
  /** Overrides the problem's `objective` (default 'co2e'). */
  objective?: Objective;
  /** Looks up `gridFactorId`, `fuelFactorId` and `co2eFactorId` (default: the built-in factor sets). */
  resolveFactor?: FactorResolver;
}

/**
 * A factor's value in the unit a vehicle needs (kgCO2e per kWh, per litre or per vehicle-km),
 * well-to-wheel when the factor gives it, else tank-to-wheel.
 */
function factorIn(r: Reader, resolve: FactorResolver, id: unknown, field: string, units: string[]): number | undefined {
  if (typeof id !== 'string' || id === '') return r.error(field, 'must be a factor id');
  const factor = resolve(id);
  if (!factor) return r.error(field, `unknown factor ${id}`);
  if (!units.includes(factor.unit)) return r.error(field, `factor ${id} is in ${factor.unit}; need ${units.join(' or ')}`);
  const value = factorValue(factor, 'WTW') ?? factorValue(factor, 'TTW');
  return value ?? r.error(field, `factor ${id} has no WTW or TTW value`);
}

const PER_KWH = ['kgCO2e/kWh', 'kgCO2/kWh'];
const PER_LITRE = ['kgCO2e/L'];
const PER_KM = ['kgCO2e/km', 'kgCO2e/vkm'];

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isElectric = (fuel: VehicleFuel): boolean => fuel === 'electric' || fuel === 'unmanned';

/** Reads the problem field by field; throws one validation AppError listing every problem found. */
class Reader {
  readonly out: ErrorDetail[] = [];

  error(field: string, message: string): undefined {
    this.out.push({ field, message });
    return undefined;
  }

  number(o: Rec, key: string, at: string, min: number, fallback: number): number;
  number(o: Rec, key: string, at: string, min: number): number | undefined;
  number(o: Rec, key: string, at: string, min: number, fallback?: number): number | undefined {
    const v = o[key];
    if (v === undefined) return fallback;
    if (!isNum(v) || v < min) return this.error(`${at}/${key}`, `must be a number >= ${min}`) ?? fallback;
    return v;
  }

  positive(o: Rec, key: string, at: string): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (!isNum(v) || v <= 0) return this.error(`${at}/${key}`, 'must be a number > 0');
    return v;
  }

  id(o: Rec, at: string, seen: Set<string>, what: string): string | undefined {
    const v = o.id;
    if (!(Number.isInteger(v) || (typeof v === 'string' && v !== '')))
      return this.error(`${at}/id`, 'must be an integer or a string');
    const id = String(v);
    if (seen.has(id)) return this.error(`${at}/id`, `duplicate ${what} id ${id}`);
    seen.add(id);
    return id;
  }

  /** Non-negative amounts (delivery, pickup, capacity); undefined when absent. */
  amounts(o: Rec, key: string, at: string): number[] | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return this.error(`${at}/${key}`, 'must be an array of numbers');
    for (const [k, x] of v.entries()) if (!isNum(x) || x < 0) this.error(`${at}/${key}/${k}`, 'must be a number >= 0');
    return v.map((x) => (isNum(x) ? x : 0));
  }

  window(v: unknown, at: string): [number, number] | undefined {
    if (!Array.isArray(v) || v.length !== 2 || !isNum(v[0]) || !isNum(v[1]))
      return this.error(at, 'must be [start, end] in seconds');
    if (v[0] > v[1]) return this.error(at, `start ${v[0]} is after end ${v[1]}`);
    return [v[0], v[1]];
  }

  skills(o: Rec, at: string): string[] {
    const v = o.skills;
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((s) => Number.isInteger(s) || typeof s === 'string')) {
      return this.error(`${at}/skills`, 'must be an array of integers or strings') ?? [];
    }
    return v.map(String);
  }

  check(): void {
    if (this.out.length === 0) return;
    const first = this.out[0];
    const more = this.out.length > 1 ? ` (and ${this.out.length - 1} more)` : '';
    throw invalid(`invalid routing problem: ${first.field} ${first.message}${more}`, this.out);
  }
}

/** Matrices of the input by profile, checked square and of one size. */
interface InputMatrices {
  size: number;
  /** undefined profile = the legacy `matrix`, used by every vehicle. */
  byProfile: Map<string | undefined, { durations?: number[][]; distances?: number[][] }>;
}

function readMatrices(input: Rec, r: Reader): InputMatrices | undefined {
  const found: Array<{ profile: string | undefined; kind: 'durations' | 'distances'; at: string; value: unknown }> = [];
  if (input.matrix !== undefined) found.push({ profile: undefined, kind: 'durations', at: '/matrix', value: input.matrix });
  if (input.matrices !== undefined) {
    if (!isRecord(input.matrices)) r.error('/matrices', 'must be an object {profile: {durations, distances}}');
    else
      for (const [profile, m] of Object.entries(input.matrices)) {
        const at = `/matrices/${profile}`;
        if (!isRecord(m) || (m.durations === undefined && m.distances === undefined))
          r.error(at, 'must have durations or distances');
        else
          for (const kind of ['durations', 'distances'] as const)
            if (m[kind] !== undefined) found.push({ profile, kind, at: `${at}/${kind}`, value: m[kind] });
      }
  }
  if (found.length === 0) return undefined;
  const size = Array.isArray(found[0].value) ? found[0].value.length : 0;
  const byProfile: InputMatrices['byProfile'] = new Map();
  for (const f of found) {
    const problem = squareProblem(f.value, size);
    if (problem) {
      r.error(`${f.at}${problem.at}`, problem.message);
      continue;
    }
    const entry = byProfile.get(f.profile) ?? {};
    entry[f.kind] = f.value as number[][];
    byProfile.set(f.profile, entry);
  }
  return { size, byProfile };
}

/** What is wrong with a matrix (first problem only: a bad matrix may have a million cells), if anything. */
function squareProblem(m: unknown, size: number): { at: string; message: string } | undefined {
  if (!Array.isArray(m) || m.length === 0) return { at: '', message: 'must be a non-empty array of rows' };
  if (m.length !== size) return { at: '', message: `has ${m.length} rows, expected ${size} like the other matrices` };
  for (const [i, row] of m.entries()) {
    if (!Array.isArray(row) || row.length !== size) return { at: `/${i}`, message: `must be a row of ${size} numbers` };
    const j = row.findIndex((x) => !isNum(x) || x < 0);
    if (j >= 0) return { at: `/${i}/${j}`, message: 'must be a number >= 0' };
  }
  return undefined;
}

/** Turns location / location_index fields into indices of one locations list. */
class Places {
  readonly locations: RoutingLocation[] = [];
  private readonly byCoords = new Map<string, number>();

  constructor(
    private readonly r: Reader,
    private readonly matrixSize: number | undefined,
  ) {
    if (matrixSize !== undefined) for (let i = 0; i < matrixSize; i++) this.locations.push({});
  }

  resolve(o: Rec, coordKey: string, indexKey: string, at: string, required: boolean): number | undefined {
    const coords = o[coordKey];
    const index = o[indexKey];
    const lonLat = coords === undefined ? undefined : this.lonLat(coords, `${at}/${coordKey}`);
    if (this.matrixSize !== undefined) {
      if (index === undefined) {
        if (required || coords !== undefined) this.r.error(`${at}/${indexKey}`, 'is required when matrices are given');
        return undefined;
      }
      if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= this.matrixSize) {
        return this.r.error(`${at}/${indexKey}`, `unknown location index ${index} (the matrix has ${this.matrixSize} rows)`);
      }
      const i = index as number;
      if (lonLat && this.locations[i].lon === undefined) Object.assign(this.locations[i], lonLat);
      return i;
    }
    if (index !== undefined) return this.r.error(`${at}/${indexKey}`, 'needs matrices (or give coordinates instead)');
    if (coords === undefined) return required ? this.r.error(`${at}/${coordKey}`, 'is required ([lon, lat])') : undefined;
    if (!lonLat) return undefined;
    // Same coordinates, same location: a shared depot is one row of the matrix.
    const key = `${lonLat.lon},${lonLat.lat}`;
    let i = this.byCoords.get(key);
    if (i === undefined) {
      i = this.locations.push({ ...lonLat }) - 1;
      this.byCoords.set(key, i);
    }
    return i;
  }

  private lonLat(v: unknown, at: string): { lon: number; lat: number } | undefined {
    if (Array.isArray(v) && v.length === 2 && isNum(v[0]) && isNum(v[1]) && isValidLatLon({ lon: v[0], lat: v[1] })) {
      return { lon: v[0], lat: v[1] };
    }
    return this.r.error(at, 'must be [lon, lat] in degrees');
  }

  name(index: number | undefined, description: unknown): void {
    if (index !== undefined && typeof description === 'string' && this.locations[index].name === undefined) {
      this.locations[index].name = description;
    }
  }
}

/** A job as read, before the capacity dimensions are known. */
interface RawJob {
  job: Omit<Job, 'delivery' | 'pickup'>;
  at: string;
  delivery?: number[];
  pickup?: number[];
  weightKg?: number;
  volumeM3?: number;
}

/** A vehicle as read, before matrices and capacity dimensions are known. */
interface RawVehicle {
  vehicle: Omit<Vehicle, 'profile' | 'capacity'>;
  at: string;
  profile: string;
  speedFactor: number;
  speedKmh: number;
  capacity?: number[];
  capacityKg?: number;
  capacityM3?: number;
}

function readJob(o: unknown, at: string, r: Reader, places: Places, seen: Set<string>): RawJob | undefined {
  if (!isRecord(o)) return r.error(at, 'must be an object');
  const id = r.id(o, at, seen, 'job');
  const location = places.resolve(o, 'location', 'location_index', at, true);
  places.name(location, o.description);
  const timeWindowsS: Array<[number, number]> = [];
  if (o.time_windows !== undefined) {
    if (!Array.isArray(o.time_windows)) r.error(`${at}/time_windows`, 'must be an array of [start, end]');
    else
      for (const [k, w] of o.time_windows.entries()) {
        const tw = r.window(w, `${at}/time_windows/${k}`);
        if (tw) timeWindowsS.push(tw);
      }
  }
  if (id === undefined || location === undefined) return undefined;
  return {
    job: {
      id,
      location,
      // VROOM's setup is only due when arriving from another place; always adding it is the safe side.
      serviceS: r.number(o, 'service', at, 0, 0) + r.number(o, 'setup', at, 0, 0),
      timeWindowsS: mergeWindows(timeWindowsS),
      skills: r.skills(o, at),
    },
    at,
    // `amount` is VROOM's deprecated name for delivery.
    delivery: r.amounts(o, o.delivery === undefined ? 'amount' : 'delivery', at),
    pickup: r.amounts(o, 'pickup', at),
    weightKg: r.number(o, 'weightKg', at, 0),
    volumeM3: r.number(o, 'volumeM3', at, 0),
  };
}

/** Sorted, disjoint windows as the model wants them (VROOM accepts them in any order). */
function mergeWindows(windows: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...windows].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const w of sorted) {
    const last = merged.at(-1);
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  return merged;
}

function readVehicle(
  o: unknown,
  at: string,
  r: Reader,
  places: Places,
  seen: Set<string>,
  gridKgPerKwh: number,
  resolve: FactorResolver,
): RawVehicle | undefined {
  if (!isRecord(o)) return r.error(at, 'must be an object');
  const id = r.id(o, at, seen, 'vehicle');
  const start = places.resolve(o, 'start', 'start_index', at, false);
  const end = places.resolve(o, 'end', 'end_index', at, false);
  const hasPlace = ['start', 'start_index', 'end', 'end_index'].some((k) => o[k] !== undefined);
  if (!hasPlace) r.error(at, 'needs a start or an end');
  if (o.profile !== undefined && (typeof o.profile !== 'string' || o.profile === ''))
    r.error(`${at}/profile`, 'must be a string');
  const fuel = o.fuel === undefined ? 'diesel' : (o.fuel as VehicleFuel);
  if (!FUELS.includes(fuel)) r.error(`${at}/fuel`, `must be one of ${FUELS.join(', ')}`);
  if (o.type !== undefined && (typeof o.type !== 'string' || o.type === '')) r.error(`${at}/type`, 'must be a non-empty string');
  for (const key of ['breaks', 'steps']) {
    if (Array.isArray(o[key]) && (o[key] as unknown[]).length > 0) r.error(`${at}/${key}`, 'is not supported');
  }

  const shiftS =
    o.time_window === undefined ? ([0, UNBOUNDED_S] as [number, number]) : r.window(o.time_window, `${at}/time_window`);
  const costs = isRecord(o.costs) ? o.costs : {};
  if (o.costs !== undefined && !isRecord(o.costs)) r.error(`${at}/costs`, 'must be {fixed, per_hour, per_km}');
  const maxTasks = o.max_tasks;
  if (maxTasks !== undefined && !(Number.isInteger(maxTasks) && (maxTasks as number) >= 0)) {
    r.error(`${at}/max_tasks`, 'must be an integer >= 0');
  }
  // Our model has no travel-time-only limit; VROOM's max_travel_time becomes a (stricter) limit
  // on the whole route duration, so a plan that keeps it also keeps VROOM's.
  const durationLimits = [r.number(o, 'maxDurationS', at, 0), r.number(o, 'max_travel_time', at, 0)].filter(isNum);
  const maxDistanceM = r.number(o, 'max_distance', at, 0);

  const kwhPerKm =
    r.positive(o, 'kwhPerKm', at) ??
    (isElectric(fuel) ? VROOM_DEFAULTS.kwhPerKm[fuel as keyof typeof VROOM_DEFAULTS.kwhPerKm] : undefined);
  const rangeKm = r.positive(o, 'rangeKm', at);
  const chargeKw = r.positive(o, 'chargeKw', at) ?? VROOM_DEFAULTS.chargeKw;
  if (rangeKm !== undefined && !isElectric(fuel)) r.error(`${at}/rangeKm`, 'applies to electric or unmanned vehicles only');

  // Emissions, first match wins: explicit kg/km; a per-km factor; litres/100 km x a fuel factor;
  // kWh/km x the grid factor (electric); our illustrative diesel default.
  const grid = o.gridFactorId === undefined ? gridKgPerKwh : factorIn(r, resolve, o.gridFactorId, `${at}/gridFactorId`, PER_KWH);
  let fallback: { empty: number; full: number } = isElectric(fuel)
    ? { empty: kwhPerKm! * (grid ?? 0), full: kwhPerKm! * (grid ?? 0) }
    : VROOM_DEFAULTS.co2eKgPerKm.diesel;
  if (o.co2eFactorId !== undefined) {
    const perKm = factorIn(r, resolve, o.co2eFactorId, `${at}/co2eFactorId`, PER_KM);
    if (perKm !== undefined) fallback = { empty: perKm, full: perKm };
  } else if (o.fuelFactorId !== undefined) {
    const perLitre = factorIn(r, resolve, o.fuelFactorId, `${at}/fuelFactorId`, PER_LITRE);
    const empty = r.positive(o, 'litresPer100KmEmpty', at) ?? r.positive(o, 'litresPer100Km', at);
    const full = r.positive(o, 'litresPer100KmFull', at) ?? empty;
    if (empty === undefined) r.error(`${at}/litresPer100Km`, 'needed with fuelFactorId');
    else if (perLitre !== undefined) fallback = { empty: (empty / 100) * perLitre, full: ((full ?? empty) / 100) * perLitre };
  }
  const co2eEmpty = r.number(o, 'co2eKgPerKmEmpty', at, 0);
  const co2eFull = r.number(o, 'co2eKgPerKmFull', at, 0);
  const speedKmh =
    r.positive(o, 'speedKmh', at) ?? (fuel === 'unmanned' ? VROOM_DEFAULTS.speedKmh.unmanned : VROOM_DEFAULTS.speedKmh.road);

  if (id === undefined || !shiftS || !hasPlace) return undefined;
  return {
    vehicle: {
      id,
      type: typeof o.type === 'string' ? o.type : `vehicle ${id}`,
      fuel,
      ...(start === undefined ? {} : { start }),
      ...(end === undefined ? {} : { end }),
      shiftS,
      skills: r.skills(o, at),
      ...(durationLimits.length > 0 ? { maxDurationS: Math.min(...durationLimits) } : {}),
      ...(maxDistanceM === undefined ? {} : { maxDistanceM }),
      ...(maxTasks === undefined ? {} : { maxJobs: maxTasks as number }),
      ...(rangeKm === undefined || !isElectric(fuel)
        ? {}
        : { battery: { rangeM: rangeKm * 1000, rechargeSPerM: (3600 * (kwhPerKm! / 1000)) / chargeKw } }),
      costs: {
        fixed: r.number(costs, 'fixed', `${at}/costs`, 0, VROOM_DEFAULTS.costs.fixed),
        perHour: r.number(costs, 'per_hour', `${at}/costs`, 0, VROOM_DEFAULTS.costs.perHour),
        perKm: r.number(costs, 'per_km', `${at}/costs`, 0, VROOM_DEFAULTS.costs.perKm),
      },
      // One given factor stands for both when the other is missing.
      emissions: {
        co2eKgPerKmEmpty: co2eEmpty ?? co2eFull ?? fallback.empty,
        co2eKgPerKmFull: co2eFull ?? co2eEmpty ?? fallback.full,
      },
    },
    at,
    profile: typeof o.profile === 'string' ? o.profile : VROOM_DEFAULTS.profile,
    speedFactor: r.positive(o, 'speed_factor', at) ?? 1,
    speedKmh,
    capacity: r.amounts(o, 'capacity', at),
    capacityKg: r.number(o, 'capacityKg', at, 0),
    capacityM3: r.number(o, 'capacityM3', at, 0),
  };
}

/**
 * Capacity dimensions: ['weightKg', 'volumeM3'] when our extension fields are used, else one per
 * entry of VROOM's delivery/pickup/capacity arrays. A missing capacity is unlimited.
 */
function assignAmounts(
  jobs: RawJob[],
  vehicles: RawVehicle[],
  r: Reader,
): { dimensions: string[]; jobs: Job[]; capacities: number[][] } {
  const extension =
    jobs.some((j) => j.weightKg !== undefined || j.volumeM3 !== undefined) ||
    vehicles.some((v) => v.capacityKg !== undefined || v.capacityM3 !== undefined);
  if (extension) {
    for (const j of jobs) {
      if (j.delivery || j.pickup)
        r.error(`${j.at}/${j.delivery ? 'delivery' : 'pickup'}`, 'use either weightKg/volumeM3 or amount arrays');
    }
    for (const v of vehicles) if (v.capacity) r.error(`${v.at}/capacity`, 'use either capacityKg/capacityM3 or capacity arrays');
    return {
      dimensions: [...EXTENSION_DIMENSIONS],
      jobs: jobs.map((j) => ({ ...j.job, delivery: [j.weightKg ?? 0, j.volumeM3 ?? 0], pickup: [0, 0] })),
      capacities: vehicles.map((v) => [v.capacityKg ?? Number.POSITIVE_INFINITY, v.capacityM3 ?? Number.POSITIVE_INFINITY]),
    };
  }
  const arrays = [
    ...jobs.flatMap((j) => [
      { at: `${j.at}/delivery`, a: j.delivery },
      { at: `${j.at}/pickup`, a: j.pickup },
    ]),
    ...vehicles.map((v) => ({ at: `${v.at}/capacity`, a: v.capacity })),
  ].filter((x): x is { at: string; a: number[] } => x.a !== undefined);
  const n = arrays[0]?.a.length ?? 0;
  for (const { at, a } of arrays) {
    if (a.length !== n) r.error(at, `has ${a.length} values but ${arrays[0].at} has ${n} (capacity arrays of different lengths)`);
  }
  const zeros = (): number[] => new Array(n).fill(0);
  return {
    dimensions: Array.from({ length: n }, (_, k) => `amount${k}`),
    jobs: jobs.map((j) => ({ ...j.job, delivery: j.delivery ?? zeros(), pickup: j.pickup ?? zeros() })),
    capacities: vehicles.map((v) => v.capacity ?? new Array(n).fill(Number.POSITIVE_INFINITY)),
  };
}

/** One travel matrix per distinct (profile, speed) the fleet needs; returns each vehicle's profile key. */
function buildMatrices(
  vehicles: RawVehicle[],
  input: InputMatrices | undefined,
  locations: RoutingLocation[],
  detourFactor: number,
  r: Reader,
): { matrices: Record<string, TravelMatrix>; profiles: string[] } {
  const matrices: Record<string, TravelMatrix> = {};
  const profiles = vehicles.map((v) => {
    const speedKmh = v.speedKmh * v.speedFactor;
    if (!input) {
      const key = `greatcircle-${speedKmh}kmh`;
      matrices[key] ??= greatCircleMatrix(locations as Array<{ lon: number; lat: number }>, { detourFactor, speedKmh });
      return key;
    }
    const given = input.byProfile.get(v.profile) ?? input.byProfile.get(undefined);
    if (!given) {
      r.error(`${v.at}/profile`, `no matrix for profile ${v.profile}`);
      return v.profile;
    }
    // A missing half is derived at the vehicle's speed; speed_factor scales durations as in VROOM.
    const exact = given.durations !== undefined && given.distances !== undefined;
    const derived = exact ? '' : `@${v.speedKmh}kmh`;
    const key = `${v.profile}${derived}${v.speedFactor === 1 ? '' : `@x${v.speedFactor}`}`;
    if (!matrices[key]) {
      const n = input.size;
      const distanceM = new Float64Array(n * n);
      const durationS = new Float64Array(n * n);
      const speedMPerS = (v.speedKmh * v.speedFactor) / 3.6;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const d = given.distances?.[i][j] ?? given.durations![i][j] * (v.speedKmh / 3.6);
          distanceM[i * n + j] = d;
          durationS[i * n + j] = given.durations ? given.durations[i][j] / v.speedFactor : d / speedMPerS;
        }
      }
      matrices[key] = { distanceM, durationS };
    }
    return key;
  });
  return { matrices, profiles };
}

function readChargers(input: Rec, r: Reader, places: Places): Charger[] {
  if (input.chargers === undefined) return [];
  if (!Array.isArray(input.chargers)) return r.error('/chargers', 'must be an array of {id, location}') ?? [];
  const seen = new Set<string>();
  const chargers: Charger[] = [];
  for (const [i, c] of input.chargers.entries()) {
    const at = `/chargers/${i}`;
    if (!isRecord(c)) {
      r.error(at, 'must be an object');
      continue;
    }
    const id = r.id(c, at, seen, 'charger');
    const location = places.resolve(c, 'location', 'location_index', at, true);
    places.name(location, c.description);
    if (id !== undefined && location !== undefined) chargers.push({ id, location });
  }
  return chargers;
}

function readCurrentPlan(input: Rec, r: Reader, jobIds: Set<string>, vehicleIds: Set<string>): PlannedRoute[] | undefined {
  if (input.currentPlan === undefined) return undefined;
  if (!Array.isArray(input.currentPlan)) return r.error('/currentPlan', 'must be an array of {vehicle, jobs}');
  const plan: PlannedRoute[] = [];
  for (const [i, p] of input.currentPlan.entries()) {
    const at = `/currentPlan/${i}`;
    if (!isRecord(p) || !Array.isArray(p.jobs)) {
      r.error(at, 'must be {vehicle, jobs: [job ids]}');
      continue;
    }
    const vehicleId = String(p.vehicle);
    if (!vehicleIds.has(vehicleId)) r.error(`${at}/vehicle`, `unknown vehicle ${vehicleId}`);
    const ids = p.jobs.map(String);
    for (const [k, id] of ids.entries()) if (!jobIds.has(id)) r.error(`${at}/jobs/${k}`, `unknown job ${id}`);
    plan.push({ vehicleId, jobIds: ids });
  }
  return plan;
}

/** Reads a VROOM problem (with Greenlink extensions) into the engine's model. */
export function readVroomProblem(input: unknown, opts: VroomReadOptions = {}): RoutingProblem {
  if (!isRecord(input)) throw invalid('routing problem must be an object', [{ field: '', message: 'must be an object' }]);
  const r = new Reader();
  const detourFactor = r.number(input, 'detourFactor', '', 1, VROOM_DEFAULTS.detourFactor);
  const resolve = opts.resolveFactor ?? builtInResolver;
  const gridKgPerKwh =
    r.number(input, 'gridKgPerKwh', '', 0) ??
    factorIn(r, resolve, input.gridFactorId ?? VROOM_DEFAULTS.gridFactorId, '/gridFactorId', PER_KWH) ??
    0;
  if (input.objective !== undefined && !OBJECTIVES.includes(input.objective as Objective)) {
    r.error('/objective', `must be one of ${OBJECTIVES.join(', ')}`);
  }
  if (Array.isArray(input.shipments) && input.shipments.length > 0)
    r.error('/shipments', 'shipments (pickup and delivery pairs) are not supported');
  const jobsIn = input.jobs ?? [];
  if (!Array.isArray(jobsIn)) r.error('/jobs', 'must be an array of jobs');
  if (!Array.isArray(input.vehicles) || input.vehicles.length === 0) r.error('/vehicles', 'no vehicles: give at least one');
  const matrixIn = readMatrices(input, r);
  r.check();

  const places = new Places(r, matrixIn?.size);
  const jobIds = new Set<string>();
  const rawJobs = (jobsIn as unknown[]).flatMap((j, i) => readJob(j, `/jobs/${i}`, r, places, jobIds) ?? []);
  const vehicleIds = new Set<string>();
  const rawVehicles = (input.vehicles as unknown[]).flatMap(
    (v, i) => readVehicle(v, `/vehicles/${i}`, r, places, vehicleIds, gridKgPerKwh, resolve) ?? [],
  );
  const chargers = readChargers(input, r, places);
  const currentPlan = readCurrentPlan(input, r, jobIds, vehicleIds);
  const amounts = assignAmounts(rawJobs, rawVehicles, r);
  r.check();

  // A job none of whose windows meets any shift can never be served: say so now, not as "unassigned".
  for (const j of rawJobs) {
    const windows = j.job.timeWindowsS;
    const reachable =
      windows.length === 0 ||
      rawVehicles.some((v) => windows.some(([s, e]) => s <= v.vehicle.shiftS[1] && e >= v.vehicle.shiftS[0]));
    if (!reachable) r.error(`${j.at}/time_windows`, `job ${j.job.id} is outside every time window of the fleet`);
  }
  const { matrices, profiles } = buildMatrices(rawVehicles, matrixIn, places.locations, detourFactor, r);
  r.check();

  return {
    locations: places.locations,
    matrices,
    capacityDimensions: amounts.dimensions,
    jobs: amounts.jobs,
    vehicles: rawVehicles.map((v, i) => ({ ...v.vehicle, profile: profiles[i], capacity: amounts.capacities[i] })),
    chargers,
    objective: opts.objective ?? (input.objective as Objective | undefined) ?? 'co2e',
    ...(currentPlan ? { currentPlan } : {}),
  };
}

// ---- Output ---------------------------------------------------------------------------------

/** VROOM-like ids: a canonical integer string goes back to a number. */
export function vroomId(id: string): number | string {
  return /^(0|[1-9]\d*)$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

export interface VroomStep {
  /** VROOM's start/job/end, plus 'charge' for a charger visit. */
  type: StopType;
  id?: number | string;
  location?: [number, number];
  location_index?: number;
  /** Time of arrival (start: of departure), s. */
  arrival: number;
  /** Travel time from the start up to this step, s. */
  duration: number;
  /** Distance from the start up to this step, m. */
  distance: number;
  /** Load on board after the step. */
  load: number[];
  /** Service time (charging time at a charger), s. */
  service: number;
  waiting_time: number;
}

export interface VroomRoute {
  vehicle: number | string;
  cost: number;
  delivery: number[];
  pickup: number[];
  service: number;
  /** Travel time, s (VROOM's duration excludes service and waiting). */
  duration: number;
  waiting_time: number;
  distance: number;
  co2eKg: number;
  steps: VroomStep[];
}

export interface VroomUnassigned {
  id: number | string;
  location?: [number, number];
  location_index?: number;
  type: 'job';
  reason: string;
  message: string;
}

export interface VroomSolution {
  code: 0;
  summary: {
    cost: number;
    routes: number;
    unassigned: number;
    delivery: number[];
    pickup: number[];
    service: number;
    duration: number;
    waiting_time: number;
    distance: number;
    co2eKg: number;
    /** Milliseconds, as VROOM reports them. */
    computing_times: { loading: number; solving: number };
  };
  unassigned: VroomUnassigned[];
  routes: VroomRoute[];
}

/** Where a step is: [lon, lat] when known, else the matrix index. */
function place(problem: RoutingProblem, index: number): { location: [number, number] } | { location_index: number } {
  const l = problem.locations[index];
  return l?.lon !== undefined && l.lat !== undefined ? { location: [l.lon, l.lat] } : { location_index: index };
}

const addInto = (sum: number[], a: number[]): void => {
  for (let k = 0; k < sum.length; k++) sum[k] += a[k] ?? 0;
};

/** Writes a solution in VROOM's output shape (seconds, metres), with the ids as the user gave them. */
export function toVroomSolution(problem: RoutingProblem, solution: Solution, opts: { loadingMs?: number } = {}): VroomSolution {
  const jobs = new Map(problem.jobs.map((j) => [j.id, j]));
  const vehicles = new Map(problem.vehicles.map((v) => [v.id, v]));
  const n = problem.locations.length;
  const dims = problem.capacityDimensions.length;
  const totalDelivery = new Array(dims).fill(0);
  const totalPickup = new Array(dims).fill(0);

  const routes = solution.routes.map((route): VroomRoute => {
    const delivery = new Array(dims).fill(0);
    const pickup = new Array(dims).fill(0);
    const durations = problem.matrices[vehicles.get(route.vehicleId)?.profile ?? '']?.durationS;
    let travelS = 0;
    const steps = route.stops.map((stop, k): VroomStep => {
      const prev = route.stops[k - 1];
      if (prev && durations) travelS += durations[prev.location * n + stop.location];
      const job = stop.type === 'job' && stop.id !== undefined ? jobs.get(stop.id) : undefined;
      if (job) {
        addInto(delivery, job.delivery);
        addInto(pickup, job.pickup);
      }
      return {
        type: stop.type,
        ...(stop.id === undefined ? {} : { id: vroomId(stop.id) }),
        ...place(problem, stop.location),
        arrival: stop.type === 'start' ? stop.departureS : stop.arrivalS,
        duration: travelS,
        distance: stop.distanceM,
        load: [...stop.load],
        service: stop.serviceS,
        waiting_time: stop.waitingS,
      };
    });
    addInto(totalDelivery, delivery);
    addInto(totalPickup, pickup);
    return {
      vehicle: vroomId(route.vehicleId),
      cost: route.cost,
      delivery,
      pickup,
      service: route.serviceS,
      duration: route.travelS,
      waiting_time: route.waitingS,
      distance: route.distanceM,
      co2eKg: route.co2eKg,
      steps,
    };
  });

  const t = solution.totals;
  return {
    code: 0,
    summary: {
      cost: t.cost,
      routes: solution.routes.length,
      unassigned: solution.unassigned.length,
      delivery: totalDelivery,
      pickup: totalPickup,
      service: t.serviceS,
      duration: t.travelS,
      waiting_time: t.waitingS,
      distance: t.distanceM,
      co2eKg: t.co2eKg,
      computing_times: { loading: opts.loadingMs ?? 0, solving: Math.round(solution.search.elapsedS * 1000) },
    },
    unassigned: solution.unassigned.map((u) => {
      const job = jobs.get(u.jobId);
      return {
        id: vroomId(u.jobId),
        ...(job ? place(problem, job.location) : {}),
        type: 'job' as const,
        reason: u.reason,
        message: u.message,
      };
    }),
    routes,
  };
}
