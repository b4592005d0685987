import { describe, expect, it } from 'vitest';
import { detailsOf } from '../../../test/support/errors.js';
import { AppError } from '../../core/index.js';
import type { Route, RoutingProblem, Solution, Stop } from '../model.js';
import { readVroomProblem, toVroomSolution, VROOM_DEFAULTS, vroomId } from './vroom.js';

const fieldsOf = (input: unknown) => detailsOf(() => readVroomProblem(input)).map((d) => d.field);

/** A VROOM problem on a custom 3×3 matrix (location indices, no coordinates). */
const indexed = () => ({
  vehicles: [{ id: 1, start_index: 0, end_index: 0, capacity: [4], time_window: [0, 10_000], costs: { fixed: 100 } }],
  jobs: [
    {
      id: 10,
      location_index: 1,
      service: 60,
      delivery: [1],
      time_windows: [
        [500, 600],
        [0, 100],
      ],
      description: 'shop',
    },
    { id: 11, location_index: 2, pickup: [2], skills: [3] },
  ],
  matrices: {
    car: {
      durations: [
        [0, 100, 200],
        [100, 0, 150],
        [200, 150, 0],
      ],
      distances: [
        [0, 1000, 2000],
        [1000, 0, 1500],
        [2000, 1500, 0],
      ],
    },
  },
});

/** The example of VROOM's API.md: coordinates only. */
const paris = () => ({
  vehicles: [{ id: 0, start: [2.3526, 48.8604], end: [2.3526, 48.8604] }],
  jobs: [
    { id: 0, location: [2.3691, 48.8532] },
    { id: 1, location: [2.2911, 48.8566] },
  ],
});

/** Drives the given jobs in order, waiting for windows, to get a solution to write out. */
function drive(problem: RoutingProblem, vehicleId: string, jobIds: string[]): Route {
  const v = problem.vehicles.find((x) => x.id === vehicleId)!;
  const m = problem.matrices[v.profile];
  const n = problem.locations.length;
  const dims = problem.capacityDimensions.length;
  const load = Array.from({ length: dims }, (_, d) =>
    jobIds.reduce((s, id) => s + problem.jobs.find((j) => j.id === id)!.delivery[d], 0),
  );
  let t = v.shiftS[0];
  let distanceM = 0;
  let travelS = 0;
  let serviceS = 0;
  let waitingS = 0;
  let at = v.start!;
  const stops: Stop[] = [
    { type: 'start', location: at, arrivalS: t, waitingS: 0, serviceS: 0, departureS: t, load: [...load], distanceM: 0 },
  ];
  const go = (to: number) => {
    distanceM += m.distanceM[at * n + to];
    travelS += m.durationS[at * n + to];
    t += m.durationS[at * n + to];
    at = to;
  };
  for (const id of jobIds) {
    const job = problem.jobs.find((j) => j.id === id)!;
    go(job.location);
    const open = job.timeWindowsS.find(([, e]) => e >= t)?.[0] ?? t;
    const wait = Math.max(0, open - t);
    for (let d = 0; d < dims; d++) load[d] += job.pickup[d] - job.delivery[d];
    stops.push({
      type: 'job',
      id,
      location: at,
      arrivalS: t,
      waitingS: wait,
      serviceS: job.serviceS,
      departureS: t + wait + job.serviceS,
      load: [...load],
      distanceM,
    });
    waitingS += wait;
    serviceS += job.serviceS;
    t += wait + job.serviceS;
  }
  go(v.end!);
  stops.push({ type: 'end', location: at, arrivalS: t, waitingS: 0, serviceS: 0, departureS: t, load: [...load], distanceM });
  const co2eKg = (distanceM / 1000) * v.emissions.co2eKgPerKmEmpty;
  const cost = v.costs.fixed + (distanceM / 1000) * v.costs.perKm + ((travelS + serviceS) / 3600) * v.costs.perHour;
  return {
    vehicleId,
    stops,
    distanceM,
    durationS: t - v.shiftS[0],
    travelS,
    serviceS,
    waitingS,
    chargingS: 0,
    co2eKg,
    cost,
  };
}

function solutionOf(problem: RoutingProblem, routes: Route[], unassigned: Solution['unassigned'] = []): Solution {
  const sum = (k: 'distanceM' | 'durationS' | 'travelS' | 'serviceS' | 'waitingS' | 'chargingS' | 'co2eKg' | 'cost') =>
    routes.reduce((s, r) => s + r[k], 0);
  return {
    objective: problem.objective,
    routes,
    unassigned,
    totals: {
      distanceM: sum('distanceM'),
      durationS: sum('durationS'),
      travelS: sum('travelS'),
      serviceS: sum('serviceS'),
      waitingS: sum('waitingS'),
      chargingS: sum('chargingS'),
      co2eKg: sum('co2eKg'),
      cost: sum('cost'),
      routes: routes.length,
      assignedJobs: routes.reduce((s, r) => s + r.stops.filter((x) => x.type === 'job').length, 0),
      unassignedJobs: unassigned.length,
    },
    search: { seed: 1, iterations: 10, elapsedS: 0.25, cancelled: false },
  };
}

describe('readVroomProblem', () => {
  it('should read jobs, vehicles and a custom matrix by location index', () => {
    const p = readVroomProblem(indexed());
    expect(p.locations).toEqual([{}, { name: 'shop' }, {}]);
    expect(p.capacityDimensions).toEqual(['amount0']);
    expect(p.jobs).toEqual([
      {
        id: '10',
        location: 1,
        serviceS: 60,
        timeWindowsS: [
          [0, 100],
          [500, 600],
        ],
        skills: [],
        delivery: [1],
        pickup: [0],
      },
      { id: '11', location: 2, serviceS: 0, timeWindowsS: [], skills: ['3'], delivery: [0], pickup: [2] },
    ]);
    expect(p.vehicles).toEqual([
      {
        id: '1',
        type: 'vehicle 1',
        fuel: 'diesel',
        profile: 'car',
        start: 0,
        end: 0,
        capacity: [4],
        shiftS: [0, 10_000],
        skills: [],
        costs: { fixed: 100, perHour: 3600, perKm: 0 },
        emissions: { co2eKgPerKmEmpty: 0.25, co2eKgPerKmFull: 0.35 },
      },
    ]);
    expect(Array.from(p.matrices.car.distanceM)).toEqual([0, 1000, 2000, 1000, 0, 1500, 2000, 1500, 0]);
    expect(p.matrices.car.durationS[5]).toBe(150);
    expect(p.chargers).toEqual([]);
    expect(p.objective).toBe('co2e');
    expect(readVroomProblem({ ...indexed(), objective: 'cost' }, { objective: 'distance' }).objective).toBe('distance');
    expect(readVroomProblem({ ...indexed(), objective: 'cost' }).objective).toBe('cost');
  });

  it('should build a great-circle matrix from coordinates, one location per distinct place', () => {
    const p = readVroomProblem(paris());
    expect(p.locations).toEqual([
      { lon: 2.3691, lat: 48.8532 },
      { lon: 2.2911, lat: 48.8566 },
      { lon: 2.3526, lat: 48.8604 },
    ]);
    expect(p.vehicles[0]).toMatchObject({ start: 2, end: 2, profile: 'greatcircle-40kmh' });
    const m = p.matrices['greatcircle-40kmh'];
    // about 5.7 km as the crow flies across Paris, × 1.3 for the road
    expect(m.distanceM[0 * 3 + 1]).toBeGreaterThan(5600 * 1.3);
    expect(m.distanceM[0 * 3 + 1]).toBeLessThan(5800 * 1.3);
    expect(m.durationS[1]).toBeCloseTo(m.distanceM[1] / (40 / 3.6), 9);
    const straight = readVroomProblem({ ...paris(), detourFactor: 1 }).matrices['greatcircle-40kmh'];
    expect(m.distanceM[1] / straight.distanceM[1]).toBeCloseTo(1.3, 12);
  });

  it('should read our extensions: weight and volume, electric range and charging, emission defaults, chargers', () => {
    const depot = [116.4, 39.9];
    const p = readVroomProblem({
      gridKgPerKwh: 0.5,
      vehicles: [
        {
          id: 'ev',
          start: depot,
          end: depot,
          fuel: 'electric',
          type: '4.2 m van',
          capacityKg: 1500,
          rangeKm: 200,
          kwhPerKm: 0.25,
          chargeKw: 50,
        },
        {
          id: 'robot',
          start: depot,
          fuel: 'unmanned',
          capacityKg: 100,
          capacityM3: 0.5,
          maxDurationS: 7200,
          max_travel_time: 3600,
        },
        { id: 'truck', start: depot, end: depot, capacityKg: 3000, speedKmh: 30, co2eKgPerKmEmpty: 0.5 },
      ],
      jobs: [
        { id: 1, location: [116.41, 39.91], weightKg: 12.5, volumeM3: 0.1 },
        { id: 2, location: [116.42, 39.9], weightKg: 3 },
      ],
      chargers: [{ id: 'c1', location: [116.45, 39.95], description: 'hub charger' }],
    });
    expect(p.capacityDimensions).toEqual(['weightKg', 'volumeM3']);
    expect(p.jobs.map((j) => [j.delivery, j.pickup])).toEqual([
      [
        [12.5, 0.1],
        [0, 0],
      ],
      [
        [3, 0],
        [0, 0],
      ],
    ]);
    const [ev, robot, truck] = p.vehicles;
    expect(ev).toMatchObject({ type: '4.2 m van', fuel: 'electric', capacity: [1500, Number.POSITIVE_INFINITY] });
    expect(ev.battery?.rangeM).toBe(200_000);
    // 0.25 kWh/km = 0.00025 kWh/m at 50 kW: 0.018 s of charging per metre of range
    expect(ev.battery?.rechargeSPerM).toBeCloseTo(0.018, 12);
    expect(ev.emissions).toEqual({ co2eKgPerKmEmpty: 0.125, co2eKgPerKmFull: 0.125 });
    expect(robot.emissions.co2eKgPerKmEmpty).toBeCloseTo(VROOM_DEFAULTS.kwhPerKm.unmanned * 0.5, 12);
    expect(robot).toMatchObject({ capacity: [100, 0.5], maxDurationS: 3600, profile: 'greatcircle-15kmh' });
    expect(robot.end).toBeUndefined();
    expect(truck).toMatchObject({ profile: 'greatcircle-30kmh', emissions: { co2eKgPerKmEmpty: 0.5, co2eKgPerKmFull: 0.5 } });
    expect(Object.keys(p.matrices).sort()).toEqual(['greatcircle-15kmh', 'greatcircle-30kmh', 'greatcircle-40kmh']);
    expect(p.chargers).toEqual([{ id: 'c1', location: 3 }]);
    expect(p.locations[3]).toEqual({ lon: 116.45, lat: 39.95, name: 'hub charger' });
  });

  it('should scale durations by speed_factor and derive a missing half of the matrix at the vehicle speed', () => {
    const input = indexed();
    const p = readVroomProblem({ ...input, vehicles: [...input.vehicles, { ...input.vehicles[0], id: 2, speed_factor: 2 }] });
    expect(p.vehicles.map((v) => v.profile)).toEqual(['car', 'car@x2']);
    expect(p.matrices['car@x2'].durationS[1]).toBe(50);
    expect(p.matrices['car@x2'].distanceM[1]).toBe(1000);

    const legacy = readVroomProblem({ vehicles: input.vehicles, jobs: input.jobs, matrix: input.matrices.car.durations });
    expect(legacy.vehicles[0].profile).toBe('car@40kmh');
    expect(legacy.matrices['car@40kmh'].durationS[1]).toBe(100);
    expect(legacy.matrices['car@40kmh'].distanceM[1]).toBeCloseTo(100 * (40 / 3.6), 9);
  });

  it('should read a current plan with the ids as strings', () => {
    const p = readVroomProblem({ ...indexed(), currentPlan: [{ vehicle: 1, jobs: [11, 10] }] });
    expect(p.currentPlan).toEqual([{ vehicleId: '1', jobIds: ['11', '10'] }]);
  });
});

describe('readVroomProblem errors', () => {
  it('should name an unknown location index and a wrongly sized or non-numeric matrix', () => {
    const input = indexed();
    input.jobs[0].location_index = 3;
    expect(detailsOf(() => readVroomProblem(input))).toEqual([
      { field: '/jobs/0/location_index', message: 'unknown location index 3 (the matrix has 3 rows)' },
    ]);
    const short = indexed();
    short.matrices.car.distances.pop();
    expect(fieldsOf(short)).toEqual(['/matrices/car/distances']);
    const ragged = indexed();
    ragged.matrices.car.durations[1] = [100, 0];
    expect(fieldsOf(ragged)).toEqual(['/matrices/car/durations/1']);
    const text = indexed() as unknown as { matrices: { car: { durations: unknown[][] } } };
    text.matrices.car.durations[1][2] = 'far';
    expect(fieldsOf(text)).toEqual(['/matrices/car/durations/1/2']);
    expect(fieldsOf({ ...indexed(), matrices: { truck: indexed().matrices.car } })).toEqual(['/vehicles/0/profile']);
  });

  it('should refuse negative demands and capacities and capacity arrays of different lengths', () => {
    const negative = indexed();
    negative.jobs[0].delivery = [-1];
    negative.vehicles[0].capacity = [-4];
    expect(fieldsOf(negative)).toEqual(['/jobs/0/delivery/0', '/vehicles/0/capacity/0']);
    const lengths = indexed();
    lengths.vehicles[0].capacity = [4, 2];
    expect(detailsOf(() => readVroomProblem(lengths))).toEqual([
      {
        field: '/vehicles/0/capacity',
        message: 'has 2 values but /jobs/0/delivery has 1 (capacity arrays of different lengths)',
      },
    ]);
    expect(fieldsOf({ ...paris(), jobs: [{ id: 1, location: [2.3, 48.8], weightKg: -2 }] })).toEqual(['/jobs/0/weightKg']);
  });

  it('should refuse a window that ends before it starts and a job outside every shift', () => {
    const reversed = indexed();
    reversed.jobs[0].time_windows = [[600, 500]];
    expect(fieldsOf(reversed)).toEqual(['/jobs/0/time_windows/0']);
    const late = indexed() as ReturnType<typeof indexed> & { jobs: Array<{ time_windows?: number[][] }> };
    late.jobs[1].time_windows = [[20_000, 30_000]];
    expect(detailsOf(() => readVroomProblem(late))).toEqual([
      { field: '/jobs/1/time_windows', message: 'job 11 is outside every time window of the fleet' },
    ]);
  });

  it('should refuse duplicate ids, no vehicles and unknown names in the current plan', () => {
    const dup = indexed();
    dup.jobs[1].id = 10;
    expect(detailsOf(() => readVroomProblem(dup))).toEqual([{ field: '/jobs/1/id', message: 'duplicate job id 10' }]);
    expect(fieldsOf({ ...paris(), vehicles: [paris().vehicles[0], paris().vehicles[0]] })).toEqual(['/vehicles/1/id']);
    expect(detailsOf(() => readVroomProblem({ ...paris(), vehicles: [] }))).toEqual([
      { field: '/vehicles', message: 'no vehicles: give at least one' },
    ]);
    expect(detailsOf(() => readVroomProblem({ ...indexed(), currentPlan: [{ vehicle: 9, jobs: [10, 12] }] }))).toEqual([
      { field: '/currentPlan/0/vehicle', message: 'unknown vehicle 9' },
      { field: '/currentPlan/0/jobs/1', message: 'unknown job 12' },
    ]);
  });

  it('should ask for coordinates or an index, and reject what the model cannot hold', () => {
    expect(fieldsOf({ vehicles: paris().vehicles, jobs: [{ id: 1 }] })).toEqual(['/jobs/0/location']);
    expect(fieldsOf({ vehicles: paris().vehicles, jobs: [{ id: 1, location: [200, 100] }] })).toEqual(['/jobs/0/location']);
    expect(fieldsOf({ ...indexed(), jobs: [{ id: 1, location: [2.3, 48.8] }] })).toEqual(['/jobs/0/location_index']);
    expect(fieldsOf({ ...paris(), vehicles: [{ id: 1 }] })).toEqual(['/vehicles/0']);
    expect(fieldsOf({ ...paris(), shipments: [{}] })).toEqual(['/shipments']);
    expect(fieldsOf({ ...paris(), vehicles: [{ ...paris().vehicles[0], fuel: 'coal', rangeKm: 100 }] })).toEqual([
      '/vehicles/0/fuel',
      '/vehicles/0/rangeKm',
    ]);
    expect(() => readVroomProblem([])).toThrow(AppError);
  });
});

describe('toVroomSolution', () => {
  it('should write routes, steps and summary in VROOM terms with the user ids', () => {
    const problem = readVroomProblem(indexed());
    const route = drive(problem, '1', ['11', '10']);
    const out = toVroomSolution(problem, solutionOf(problem, [route]), { loadingMs: 3 });
    expect(out.code).toBe(0);
    expect(out.routes).toHaveLength(1);
    const r = out.routes[0];
    expect(r.vehicle).toBe(1);
    expect(r.steps.map((s) => [s.type, s.id, s.location_index])).toEqual([
      ['start', undefined, 0],
      ['job', 11, 2],
      ['job', 10, 1],
      ['end', undefined, 0],
    ]);
    // steps' duration is the travel time up to the step, distance likewise; arrival includes waiting and service
    expect(r.steps.map((s) => s.duration)).toEqual([0, 200, 350, 450]);
    expect(r.steps.map((s) => s.distance)).toEqual([0, 2000, 3500, 4500]);
    expect(r.steps.map((s) => s.arrival)).toEqual([0, 200, 350, 660]);
    expect(r.steps.map((s) => s.waiting_time)).toEqual([0, 0, 150, 0]);
    expect(r.steps.map((s) => s.load)).toEqual([[1], [3], [2], [2]]);
    expect(r).toMatchObject({ delivery: [1], pickup: [2], service: 60, duration: 450, waiting_time: 150, distance: 4500 });
    expect(out.summary).toEqual({
      cost: route.cost,
      routes: 1,
      unassigned: 0,
      delivery: [1],
      pickup: [2],
      service: 60,
      duration: 450,
      waiting_time: 150,
      distance: 4500,
      co2eKg: route.co2eKg,
      computing_times: { loading: 3, solving: 250 },
    });
  });

  it('should round-trip VROOM API.md example: coordinates back on the steps, numeric ids back as numbers', () => {
    const problem = readVroomProblem(paris());
    const out = toVroomSolution(
      problem,
      solutionOf(problem, [drive(problem, '0', ['1'])], [{ jobId: '0', reason: 'capacity', message: 'too heavy' }]),
    );
    expect(out.routes[0].steps.map((s) => [s.type, s.id, s.location])).toEqual([
      ['start', undefined, [2.3526, 48.8604]],
      ['job', 1, [2.2911, 48.8566]],
      ['end', undefined, [2.3526, 48.8604]],
    ]);
    expect(out.unassigned).toEqual([
      { id: 0, location: [2.3691, 48.8532], type: 'job', reason: 'capacity', message: 'too heavy' },
    ]);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('should give back string ids as strings', () => {
    expect([vroomId('12'), vroomId('0'), vroomId('007'), vroomId('van-1'), vroomId('99999999999999999999')]).toEqual([
      12,
      0,
      '007',
      'van-1',
      '99999999999999999999',
    ]);
  });
});

describe('emission factors from the factor library', () => {
  const base = {
    jobs: [{ id: 1, location: [120.17, 30.28] }],
  };
  const vehicleWith = (extra: Record<string, unknown>) => ({
    ...base,
    vehicles: [{ id: 1, start: [120.155, 30.274], ...extra }],
  });

  it('turns litres per 100 km and a fuel factor into kg CO2e per km', () => {
    const problem = readVroomProblem(
      vehicleWith({ fuelFactorId: 'desnz-2026:diesel-mineral-per-litre', litresPer100KmEmpty: 10, litresPer100KmFull: 13 }),
    );
    // DESNZ 2026 diesel (100 % mineral): 2.66155 kg CO2e per litre (TTW).
    expect(problem.vehicles[0]?.emissions.co2eKgPerKmEmpty).toBeCloseTo(0.1 * 2.66155, 12);
    expect(problem.vehicles[0]?.emissions.co2eKgPerKmFull).toBeCloseTo(0.13 * 2.66155, 12);
  });

  it('prices an electric vehicle’s kWh with the grid factor it names, or the national grid by default', () => {
    const east = readVroomProblem(vehicleWith({ fuel: 'electric', kwhPerKm: 0.2, gridFactorId: 'mee-2023:cn-grid-east' }));
    expect(east.vehicles[0]?.emissions.co2eKgPerKmEmpty).toBeCloseTo(0.2 * 0.55, 12);
    const national = readVroomProblem(vehicleWith({ fuel: 'electric', kwhPerKm: 0.2 }));
    expect(national.vehicles[0]?.emissions.co2eKgPerKmEmpty).toBeCloseTo(0.2 * 0.5306, 12);
  });

  it('names an unknown factor or one in the wrong unit', () => {
    expect(() => readVroomProblem(vehicleWith({ fuel: 'electric', gridFactorId: 'nope:x' }))).toThrow(/unknown factor nope:x/);
    expect(() => readVroomProblem(vehicleWith({ fuelFactorId: 'mee-2023:cn-grid-east', litresPer100Km: 10 }))).toThrow(
      /need kgCO2e\/L/,
    );
  });
});
