import { describe, expect, it } from 'vitest';
import { readVroomProblem } from './formats/vroom.js';
import { solutionToGeoJson } from './geojson.js';
import type { RoutingProblem, Solution, Stop } from './model.js';

const stop = (type: Stop['type'], location: number, id?: string): Stop => ({
  type,
  ...(id === undefined ? {} : { id }),
  location,
  arrivalS: 0,
  waitingS: 0,
  serviceS: 0,
  departureS: 0,
  load: [0],
  distanceM: 0,
});

const summary = { distanceM: 1200, durationS: 600, travelS: 500, serviceS: 100, waitingS: 0, chargingS: 0, co2eKg: 0.4, cost: 7 };

function solutionOf(routes: Solution['routes'], unassigned: Solution['unassigned'] = []): Solution {
  return {
    objective: 'co2e',
    routes,
    unassigned,
    totals: { ...summary, routes: routes.length, assignedJobs: 2, unassignedJobs: unassigned.length },
    search: { seed: 1, iterations: 1, elapsedS: 0, cancelled: false },
  };
}

describe('solutionToGeoJson', () => {
  const problem: RoutingProblem = readVroomProblem({
    vehicles: [{ id: 'van', start: [116.4, 39.9], end: [116.4, 39.9] }],
    jobs: [
      { id: 'a', location: [116.41, 39.91], description: 'shop A' },
      { id: 'b', location: [116.42, 39.9] },
      { id: 'c', location: [116.43, 39.92] },
    ],
    chargers: [{ id: 'ch', location: [116.45, 39.95] }],
  });
  const depot = problem.vehicles[0].start!;

  it('should draw one line per route through its stops and a point per stop, in lon/lat', () => {
    const route = {
      vehicleId: 'van',
      stops: [
        stop('start', depot),
        stop('job', 0, 'a'),
        stop('charge', problem.chargers[0].location, 'ch'),
        stop('job', 1, 'b'),
        stop('end', depot),
      ],
      ...summary,
    };
    const fc = solutionToGeoJson(problem, solutionOf([route], [{ jobId: 'c', reason: 'range', message: 'too far' }]));
    expect(fc.type).toBe('FeatureCollection');
    const lines = fc.features.filter((f) => f.geometry.type === 'LineString');
    expect(lines).toHaveLength(1);
    expect(lines[0].geometry.coordinates).toEqual([
      [116.4, 39.9],
      [116.41, 39.91],
      [116.45, 39.95],
      [116.42, 39.9],
      [116.4, 39.9],
    ]);
    expect(lines[0].properties).toMatchObject({ vehicleId: 'van', distanceM: 1200, co2eKg: 0.4, jobs: 2, color: '#0072B2' });
    const points = fc.features.filter((f) => f.geometry.type === 'Point');
    expect(points.map((p) => p.properties.kind)).toEqual(['depot', 'job', 'charger', 'job', 'depot', 'unassigned']);
    expect(points[1].properties).toMatchObject({ id: 'a', name: 'shop A', vehicleId: 'van', sequence: 1 });
    expect(points[5]).toMatchObject({ geometry: { coordinates: [116.43, 39.92] }, properties: { id: 'c', reason: 'range' } });
  });

  it('should fall back to planar x, y and skip places without coordinates', () => {
    const planar: RoutingProblem = { ...problem, locations: [{ x: 1, y: 2 }, {}, { x: 0, y: 0 }, { x: 5, y: 5 }] };
    const route = {
      vehicleId: 'van',
      stops: [stop('start', 2), stop('job', 0, 'a'), stop('job', 1, 'b'), stop('end', 2)],
      ...summary,
    };
    const fc = solutionToGeoJson(planar, solutionOf([route]));
    const line = fc.features.find((f) => f.geometry.type === 'LineString')!;
    expect(line.geometry.coordinates).toEqual([
      [0, 0],
      [1, 2],
      [0, 0],
    ]);
    expect(fc.features.filter((f) => f.geometry.type === 'Point')).toHaveLength(3);
  });
});
