import { describe, expect, it } from 'vitest';
import { checkSolution } from './check.js';
import type { Job, Route, RoutingProblem, Solution, Stop, Vehicle } from './model.js';

// Five places on a line (metres): depot 0 at x=0, jobs at 1000, 2000 and -1000, a charger at 3000.
// Travel at 10 m/s, so every duration is distance / 10. All expected figures below are worked out by hand.
const X = [0, 1000, 2000, -1000, 3000];

function problem(): RoutingProblem {
  const n = X.length;
  const distanceM = new Float64Array(n * n);
  const durationS = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      distanceM[i * n + j] = Math.abs(X[i] - X[j]);
      durationS[i * n + j] = Math.abs(X[i] - X[j]) / 10;
    }
  }
  const job = (id: string, location: number, extra: Partial<Job>): Job => ({
    id,
    location,
    delivery: [0],
    pickup: [0],
    serviceS: 60,
    timeWindowsS: [],
    skills: [],
    ...extra,
  });
  const vehicle = (id: string, extra: Partial<Vehicle>): Vehicle => ({
    id,
    type: 'van',
    fuel: 'diesel',
    profile: 'car',
    start: 0,
    end: 0,
    capacity: [10],
    shiftS: [0, 3600],
    skills: [],
    costs: { fixed: 50, perKm: 1, perHour: 36 },
    emissions: { co2eKgPerKmEmpty: 0.2, co2eKgPerKmFull: 0.4 },
    ...extra,
  });
  return {
    locations: X.map((x) => ({ x, y: 0 })),
    matrices: { car: { distanceM, durationS } },
    capacityDimensions: ['kg'],
    jobs: [
      job('a', 1, { delivery: [4] }),
      job('b', 2, { delivery: [3], pickup: [2], timeWindowsS: [[300, 600]] }),
      job('c', 3, { delivery: [5], serviceS: 120, timeWindowsS: [[0, 1000]], skills: ['fridge'] }),
    ],
    vehicles: [
      vehicle('v1', { skills: ['fridge'] }),
      vehicle('v2', {
        fuel: 'electric',
        battery: { rangeM: 5000, rechargeSPerM: 0.1 },
        costs: { fixed: 40, perKm: 0.5, perHour: 36 },
        emissions: { co2eKgPerKmEmpty: 0, co2eKgPerKmFull: 0 },
      }),
    ],
    chargers: [{ id: 'ch', location: 4 }],
    objective: 'distance',
  };
}

type StopRow = [Stop['type'], string | undefined, number, number, number, number, number, number, number, number?];

/** Stops from compact rows: type, id, location, arrival, waiting, service, departure, load, distance, range left. */
const stops = (rows: StopRow[]): Stop[] =>
  rows.map(([type, id, location, arrivalS, waitingS, serviceS, departureS, load, distanceM, rangeLeftM]) => ({
    type,
    ...(id === undefined ? {} : { id }),
    location,
    arrivalS,
    waitingS,
    serviceS,
    departureS,
    load: [load],
    distanceM,
    ...(rangeLeftM === undefined ? {} : { rangeLeftM }),
  }));

// v1: depot -> c -> depot. Load 5 out, empty back: CO2e 1 km * 0.3 + 1 km * 0.2; cost 50 + 2 km + 320 s at 36/h.
const routeV1 = (): Route => ({
  vehicleId: 'v1',
  stops: stops([
    ['start', undefined, 0, 0, 0, 0, 0, 5, 0],
    ['job', 'c', 3, 100, 0, 120, 220, 0, 1000],
    ['end', undefined, 0, 320, 0, 0, 320, 0, 2000],
  ]),
  distanceM: 2000,
  durationS: 320,
  travelS: 200,
  serviceS: 120,
  waitingS: 0,
  chargingS: 0,
  co2eKg: 0.5,
  cost: 55.2,
});

// v2 (electric, 5 km range): depot -> a -> b (waits 40 s for its window) -> depot; cost 40 + 0.5 * 4 km + 520 s at 36/h.
const routeV2 = (): Route => ({
  vehicleId: 'v2',
  stops: stops([
    ['start', undefined, 0, 0, 0, 0, 0, 7, 0, 5000],
    ['job', 'a', 1, 100, 0, 60, 160, 3, 1000, 4000],
    ['job', 'b', 2, 260, 40, 60, 360, 2, 2000, 3000],
    ['end', undefined, 0, 560, 0, 0, 560, 2, 4000, 1000],
  ]),
  distanceM: 4000,
  durationS: 560,
  travelS: 400,
  serviceS: 120,
  waitingS: 40,
  chargingS: 0,
  co2eKg: 0,
  cost: 47.2,
  rangeUsedShare: 0.8,
});

function solution(routes: Route[] = [routeV1(), routeV2()]): Solution {
  const sum = (key: 'distanceM' | 'durationS' | 'travelS' | 'serviceS' | 'waitingS' | 'chargingS' | 'co2eKg' | 'cost') =>
    routes.reduce((s, r) => s + r[key], 0);
  return {
    objective: 'distance',
    routes,
    unassigned: [],
    totals: {
      routes: routes.length,
      assignedJobs: routes.reduce((k, r) => k + r.stops.filter((s) => s.type === 'job').length, 0),
      unassignedJobs: 0,
      distanceM: sum('distanceM'),
      durationS: sum('durationS'),
      travelS: sum('travelS'),
      serviceS: sum('serviceS'),
      waitingS: sum('waitingS'),
      chargingS: sum('chargingS'),
      co2eKg: sum('co2eKg'),
      cost: sum('cost'),
    },
    search: { seed: 1, iterations: 0, elapsedS: 0, cancelled: false },
  };
}

const rules = (p: RoutingProblem, s: Solution) => checkSolution(p, s).map((v) => v.rule);
/** Rules other than 'figures', for plans whose broken rule also shifts the recomputed figures. */
const feasibilityRules = (p: RoutingProblem, s: Solution) => rules(p, s).filter((r) => r !== 'figures');
const vehicle = (p: RoutingProblem, id: string) => p.vehicles.find((v) => v.id === id)!;

describe('checkSolution', () => {
  it('should accept a valid plan with zero violations', () => {
    expect(checkSolution(problem(), solution())).toEqual([]);
  });

  it('should accept a delayed departure from the start when the times follow it', () => {
    const r = routeV1();
    r.stops = stops([
      ['start', undefined, 0, 0, 0, 0, 500, 5, 0],
      ['job', 'c', 3, 600, 0, 120, 720, 0, 1000],
      ['end', undefined, 0, 820, 0, 0, 820, 0, 2000],
    ]);
    expect(checkSolution(problem(), solution([r, routeV2()]))).toEqual([]);
  });

  it('should accept a valid electric plan with a charge stop', () => {
    const p = problem();
    vehicle(p, 'v2').battery = { rangeM: 3500, rechargeSPerM: 0.1 };
    // 3 km to the charger leaves 500 m: (3500 - 500) * 0.1 = 300 s of charging, then 3 km home.
    const r: Route = {
      vehicleId: 'v2',
      stops: stops([
        ['start', undefined, 0, 0, 0, 0, 0, 7, 0, 3500],
        ['job', 'a', 1, 100, 0, 60, 160, 3, 1000, 2500],
        ['job', 'b', 2, 260, 40, 60, 360, 2, 2000, 1500],
        ['charge', 'ch', 4, 460, 0, 300, 760, 2, 3000, 500],
        ['end', undefined, 0, 1060, 0, 0, 1060, 2, 6000, 500],
      ]),
      distanceM: 6000,
      durationS: 1060,
      travelS: 600,
      serviceS: 120,
      waitingS: 40,
      chargingS: 300,
      co2eKg: 0,
      cost: 50.2,
      rangeUsedShare: 3000 / 3500,
    };
    expect(checkSolution(p, solution([routeV1(), r]))).toEqual([]);
  });

  it('should time an open route (no end) up to the end of its last service', () => {
    const p = problem();
    vehicle(p, 'v2').end = undefined;
    const r: Route = {
      vehicleId: 'v2',
      stops: routeV2().stops.slice(0, 3),
      distanceM: 2000,
      durationS: 360,
      travelS: 200,
      serviceS: 120,
      waitingS: 40,
      chargingS: 0,
      co2eKg: 0,
      cost: 40 + 1 + 3.2,
      rangeUsedShare: 0.4,
    };
    expect(checkSolution(p, solution([routeV1(), r]))).toEqual([]);
    vehicle(p, 'v2').shiftS = [0, 350];
    expect(rules(p, solution([routeV1(), r]))).toEqual(['shift']);
  });

  it('should reject a capacity overflow', () => {
    const p = problem();
    vehicle(p, 'v2').capacity = [6]; // leaves with 7 on board
    const v = checkSolution(p, solution());
    expect(v.map((x) => x.rule)).toEqual(['capacity']);
    expect(v[0].vehicleId).toBe('v2');
    expect(v[0].message).toContain('exceeds capacity 6');
  });

  it('should reject a negative load (a pickup dropped before it was collected is impossible)', () => {
    const p = problem();
    p.jobs[1].pickup = [-5]; // b: 3 - 3 - 5 < 0
    expect(feasibilityRules(p, solution())).toEqual(['capacity']);
  });

  it('should reject a missed time window', () => {
    const p = problem();
    p.jobs[1].timeWindowsS = [[0, 250]]; // b is reached at 260
    const v = checkSolution(p, solution()).filter((x) => x.rule !== 'figures');
    expect(v.map((x) => x.rule)).toEqual(['time-window']);
    expect(v[0].jobId).toBe('b');
  });

  it('should reject a start before the shift and an end after it', () => {
    const p = problem();
    vehicle(p, 'v2').shiftS = [0, 500]; // back at 560
    expect(rules(p, solution())).toEqual(['shift']);
    vehicle(p, 'v1').shiftS = [10, 3600]; // leaves at 0
    expect(rules(p, solution())).toEqual(['shift', 'shift']);
  });

  it('should reject a range overrun without a charger', () => {
    const p = problem();
    vehicle(p, 'v2').battery = { rangeM: 3500, rechargeSPerM: 0.1 }; // the route drives 4 km
    expect(feasibilityRules(p, solution())).toEqual(['range']);
  });

  it('should reject a charge stop at a place that is not a charger', () => {
    const r = routeV2();
    r.stops.splice(3, 0, { ...r.stops[2], type: 'charge', id: 'nowhere', serviceS: 0 });
    expect(feasibilityRules(problem(), solution([routeV1(), r]))).toEqual(['range']);
  });

  it('should reject the same job served twice and a job both served and unassigned', () => {
    const r = routeV2();
    r.stops.splice(2, 0, { ...r.stops[1] });
    expect(feasibilityRules(problem(), solution([routeV1(), r]))).toContain('job-repeated');

    const s = solution();
    s.unassigned = [{ jobId: 'a', reason: 'capacity', message: 'no room' }];
    s.totals.unassignedJobs = 1;
    expect(rules(problem(), s)).toEqual(['job-repeated']);
  });

  it('should reject a job that is neither routed nor unassigned, and accept it once listed unassigned', () => {
    const p = problem();
    p.jobs.push({ ...p.jobs[0], id: 'd' });
    const v = checkSolution(p, solution());
    expect(v).toEqual([{ rule: 'job-missing', jobId: 'd', message: expect.stringContaining('job d') }]);

    const s = solution();
    s.unassigned = [{ jobId: 'd', reason: 'fleet-exhausted', message: 'no vehicle left' }];
    s.totals.unassignedJobs = 1;
    expect(checkSolution(p, s)).toEqual([]);
  });

  it('should reject an unknown job id', () => {
    const s = solution();
    s.unassigned = [{ jobId: 'zz', reason: 'capacity', message: '' }];
    s.totals.unassignedJobs = 1;
    expect(rules(problem(), s)).toEqual(['unknown-job']);
  });

  it('should reject an unknown vehicle', () => {
    const r = routeV1();
    r.vehicleId = 'v9';
    const v = checkSolution(problem(), solution([r, routeV2()]));
    expect(v.map((x) => x.rule)).toEqual(['unknown-vehicle']);
    expect(v[0].vehicleId).toBe('v9');
  });

  it('should reject a vehicle used twice', () => {
    const p = problem();
    vehicle(p, 'v1').skills = []; // c needs no skill here, so only the reuse is at fault
    p.jobs[2].skills = [];
    const r = routeV2();
    r.vehicleId = 'v1';
    r.stops = r.stops.map(({ rangeLeftM: _, ...s }) => s);
    r.cost = 50 + 4 + 5.2; // v1's costs
    r.co2eKg = 0.34 + 0.26 + 0.48; // 1 km at 7/10 load, 1 km at 3/10, 2 km at 2/10
    delete r.rangeUsedShare;
    expect(rules(p, solution([routeV1(), r]))).toEqual(['vehicle-reused']);
  });

  it('should reject a job whose skills the vehicle lacks', () => {
    const p = problem();
    vehicle(p, 'v1').skills = [];
    const v = checkSolution(p, solution());
    expect(v.map((x) => x.rule)).toEqual(['skills']);
    expect(v[0]).toMatchObject({ vehicleId: 'v1', jobId: 'c' });
  });

  it('should reject routes above max distance, max duration and max jobs', () => {
    const p = problem();
    vehicle(p, 'v2').maxDistanceM = 3000;
    expect(rules(p, solution())).toEqual(['max-distance']);
    vehicle(p, 'v2').maxDistanceM = 4000; // exactly at the limit is fine
    vehicle(p, 'v2').maxDurationS = 500;
    expect(rules(p, solution())).toEqual(['max-duration']);
    vehicle(p, 'v2').maxDurationS = undefined;
    vehicle(p, 'v2').maxJobs = 1;
    expect(rules(p, solution())).toEqual(['max-jobs']);
  });

  it('should reject a wrong reported distance, on a route and in the totals', () => {
    const r = routeV2();
    r.distanceM = 4010;
    const s = solution([routeV1(), r]); // totals follow the wrong route
    const v = checkSolution(problem(), s);
    expect(v).toEqual([{ rule: 'figures', vehicleId: 'v2', message: 'route distanceM: reported 4010, recomputed 4000' }]);

    const t = solution();
    t.totals.distanceM = 6001;
    expect(checkSolution(problem(), t)).toEqual([
      { rule: 'figures', message: 'totals distanceM: reported 6001, sum of the routes 6000' },
    ]);
  });

  it('should reject a stop whose reported times are not the re-simulated ones', () => {
    const r = routeV2();
    r.stops[2].arrivalS = 250;
    const v = checkSolution(problem(), solution([routeV1(), r]));
    expect(v).toEqual([
      { rule: 'figures', vehicleId: 'v2', jobId: 'b', message: 'job b: reported arrivalS 250, recomputed 260' },
    ]);
  });

  it('should honour the tolerance', () => {
    const r = routeV2();
    r.distanceM = 4000.002; // within 1e-6 * 4000 + 1e-6
    expect(checkSolution(problem(), solution([routeV1(), r]))).toEqual([]);
    r.distanceM = 4000.01;
    const s = solution([routeV1(), r]);
    expect(checkSolution(problem(), s)).toHaveLength(1);
    expect(checkSolution(problem(), s, { tolerance: 1e-5 })).toEqual([]);
  });
});
