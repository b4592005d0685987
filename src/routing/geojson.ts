import type { RoutingLocation, RoutingProblem, Solution } from './model.js';

// A solution as GeoJSON (RFC 7946) for maps: one LineString per route through its stops and one
// Point per stop, plus unassigned jobs. Coordinates are [lon, lat]; benchmark problems without
// lon/lat fall back to their planar [x, y] (fine for a plain chart, not for a web map).

export interface GeoJsonFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] } | { type: 'LineString'; coordinates: Array<[number, number]> };
  properties: Record<string, string | number | boolean>;
}

export interface GeoJsonFeatureCollection {
  type: 'FeatureCollection';
  features: GeoJsonFeature[];
}

/** Colour-blind-safe palette (Okabe & Ito), repeated when there are more routes. */
const COLORS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

function coordinatesOf(l: RoutingLocation | undefined): [number, number] | undefined {
  if (l?.lon !== undefined && l.lat !== undefined) return [l.lon, l.lat];
  if (l?.x !== undefined && l.y !== undefined) return [l.x, l.y];
  return undefined;
}

/** Routes and stops of a solution; places without coordinates are left out. */
export function solutionToGeoJson(problem: RoutingProblem, solution: Solution): GeoJsonFeatureCollection {
  const features: GeoJsonFeature[] = [];
  for (const [r, route] of solution.routes.entries()) {
    const color = COLORS[r % COLORS.length];
    const line: Array<[number, number]> = [];
    for (const [k, stop] of route.stops.entries()) {
      const at = coordinatesOf(problem.locations[stop.location]);
      if (!at) continue;
      line.push(at);
      const kind = stop.type === 'job' ? 'job' : stop.type === 'charge' ? 'charger' : 'depot';
      const name = problem.locations[stop.location]?.name;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: at },
        properties: {
          kind,
          stopType: stop.type,
          ...(stop.id === undefined ? {} : { id: stop.id }),
          ...(name === undefined ? {} : { name }),
          vehicleId: route.vehicleId,
          sequence: k,
          arrivalS: stop.arrivalS,
          departureS: stop.departureS,
          waitingS: stop.waitingS,
          serviceS: stop.serviceS,
          distanceM: stop.distanceM,
          color,
        },
      });
    }
    if (line.length >= 2) {
      features.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: line },
        properties: {
          vehicleId: route.vehicleId,
          distanceM: route.distanceM,
          durationS: route.durationS,
          co2eKg: route.co2eKg,
          jobs: route.stops.filter((s) => s.type === 'job').length,
          color,
        },
      });
    }
  }
  const jobs = new Map(problem.jobs.map((j) => [j.id, j]));
  for (const u of solution.unassigned) {
    const job = jobs.get(u.jobId);
    const at = job && coordinatesOf(problem.locations[job.location]);
    if (!at) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at },
      properties: { kind: 'unassigned', id: u.jobId, reason: u.reason, message: u.message, color: '#999999' },
    });
  }
  return { type: 'FeatureCollection', features };
}
