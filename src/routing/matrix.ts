import { greatCircleKm } from '../core/index.js';
import type { TravelMatrix } from './model.js';

// Travel matrices built from coordinates when a problem brings none of its own.

export interface GreatCircleOptions {
  /** Road distance / great-circle distance (ISO 14083 distance adjustment factor). */
  detourFactor: number;
  speedKmh: number;
}

/** Road-like matrix from lon/lat: great circle × detour factor, duration at a constant speed. */
export function greatCircleMatrix(
  locations: ReadonlyArray<{ lon: number; lat: number }>,
  opts: GreatCircleOptions,
): TravelMatrix {
  const n = locations.length;
  const distanceM = new Float64Array(n * n);
  const durationS = new Float64Array(n * n);
  const speedMPerS = opts.speedKmh / 3.6;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = greatCircleKm(locations[i], locations[j]) * 1000 * opts.detourFactor;
      distanceM[i * n + j] = distanceM[j * n + i] = d;
      durationS[i * n + j] = durationS[j * n + i] = d / speedMPerS;
    }
  }
  return { distanceM, durationS };
}

export interface EuclideanOptions {
  /** 'nint': round each edge to the nearest integer as TSPLIB EUC_2D does; default unrounded. */
  round?: 'nint';
  /** Coordinate units per second; default 1, so duration = distance (Solomon, CVRPLIB). */
  speed?: number;
}

/** Planar matrix of benchmark instances (one coordinate unit = 1 m). */
export function euclideanMatrix(points: ReadonlyArray<{ x: number; y: number }>, opts: EuclideanOptions = {}): TravelMatrix {
  const n = points.length;
  const speed = opts.speed ?? 1;
  const distanceM = new Float64Array(n * n);
  const durationS = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const exact = Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y);
      // TSPLIB nint(x) = (int)(x + 0.5); distances are never negative so floor is the same.
      const d = opts.round === 'nint' ? Math.floor(exact + 0.5) : exact;
      distanceM[i * n + j] = distanceM[j * n + i] = d;
      durationS[i * n + j] = durationS[j * n + i] = d / speed;
    }
  }
  return { distanceM, durationS };
}
