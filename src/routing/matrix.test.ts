import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_KM } from '../core/index.js';
import { euclideanMatrix, greatCircleMatrix } from './matrix.js';

describe('greatCircleMatrix', () => {
  it('should scale the great circle by the detour factor and time it at the given speed', () => {
    const m = greatCircleMatrix(
      [
        { lon: 0, lat: 0 },
        { lon: 0, lat: 1 },
      ],
      { detourFactor: 1.3, speedKmh: 40 },
    );
    const oneDegreeM = ((2 * Math.PI * EARTH_RADIUS_KM) / 360) * 1000;
    expect(m.distanceM[1]).toBeCloseTo(oneDegreeM * 1.3, 3);
    expect(m.distanceM[2]).toBe(m.distanceM[1]);
    expect(m.durationS[1]).toBeCloseTo((oneDegreeM * 1.3) / (40 / 3.6), 6);
    expect([m.distanceM[0], m.distanceM[3]]).toEqual([0, 0]);
  });
});

describe('euclideanMatrix', () => {
  const points = [
    { x: 0, y: 0 },
    { x: 1, y: 1 },
    { x: 1.5, y: 2 },
  ];

  it('should keep double-precision distances by default, duration = distance', () => {
    const m = euclideanMatrix(points);
    expect(m.distanceM[1]).toBe(Math.SQRT2);
    expect(m.durationS[1]).toBe(Math.SQRT2);
    expect(m.distanceM[2 * 3 + 0]).toBe(2.5);
  });

  it('should round each edge to the nearest integer (TSPLIB nint, .5 up)', () => {
    const m = euclideanMatrix(points, { round: 'nint' });
    expect(m.distanceM[1]).toBe(1);
    expect(m.distanceM[2]).toBe(3);
    expect(m.durationS[2]).toBe(3);
  });

  it('should divide by the speed for durations', () => {
    const m = euclideanMatrix(points, { speed: 2 });
    expect(m.durationS[2]).toBe(1.25);
  });
});
