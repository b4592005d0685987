import { describe, expect, it } from 'vitest';
import { computeShipment } from './chain.js';
import { airActualToGcdRatio, applyDaf, dafRule, distanceTypeMatters } from './daf.js';
import { testResolver } from './fixtures.test-support.js';

describe('dafRule', () => {
  it('should add 95 km to an air GCD: 1000 km -> 1095 km', () => {
    expect(applyDaf(dafRule('GCD', { mode: 'air' }), 1000)).toBe(1095);
  });

  it('should not adjust an actual air distance, and give the GCD ratio 1000/1095', () => {
    expect(applyDaf(dafRule('actual', { mode: 'air' }), 1095)).toBe(1095);
    expect(airActualToGcdRatio(1000)).toBeCloseTo(0.9132, 4);
  });

  it('should multiply a sea SFD by 1.15 when the intensity is per sailed distance: 10000 km -> 11500 km', () => {
    expect(applyDaf(dafRule('SFD', { mode: 'sea', distanceBasis: 'actual' }), 10000)).toBeCloseTo(11500, 9);
    expect(applyDaf(dafRule('GCD', { mode: 'sea' }), 10000)).toBeCloseTo(11500, 9);
  });

  it('should not adjust sea when the intensity is per planned distance or already adjusted', () => {
    expect(applyDaf(dafRule('SFD', { mode: 'sea', distanceBasis: 'SFD' }), 10000)).toBe(10000);
    expect(applyDaf(dafRule('SFD', { mode: 'sea', dafIncluded: true }), 10000)).toBe(10000);
  });

  it('should never add the road +5 % again', () => {
    for (const type of ['actual', 'SFD', 'GCD'] as const) {
      expect(applyDaf(dafRule(type, { mode: 'road' }), 100)).toBe(100);
      expect(applyDaf(dafRule(type, { mode: 'road', distanceBasis: 'actual' }), 100)).toBe(100);
    }
  });

  it('should know when the distance type matters', () => {
    expect(distanceTypeMatters({ mode: 'air' })).toBe(true);
    expect(distanceTypeMatters({ mode: 'sea', distanceBasis: 'actual' })).toBe(true);
    expect(distanceTypeMatters({ mode: 'road' })).toBe(false);
    expect(distanceTypeMatters({ mode: 'air', dafIncluded: true })).toBe(false);
  });
});

describe('DAF in a chain: applied exactly once', () => {
  it('should apply the air and sea adjustments once and record them', () => {
    const r = computeShipment(
      {
        id: 'S',
        massKg: 1000,
        chain: [
          { type: 'leg', toc: 'desnz-2026:air-long-haul', distanceKm: 1000, distanceType: 'GCD' },
          { type: 'leg', toc: 'desnz-2026:container-ship-average', distanceKm: 10000, distanceType: 'SFD' },
          { type: 'leg', toc: 'desnz-2026:hgv-average', distanceKm: 100, distanceType: 'GCD' },
        ],
      },
      testResolver,
    );
    const [air, sea, road] = r.elements.map((e) => (e.type === 'leg' ? e : undefined));
    expect(air?.distanceInputKm).toBe(1000);
    expect(air?.distanceKm).toBe(1095);
    expect(air?.daf).toMatchObject({ kind: 'add', value: 95 });
    expect(sea?.distanceKm).toBeCloseTo(11500, 9);
    expect(sea?.daf).toMatchObject({ kind: 'multiply', value: 1.15 });
    expect(sea?.transportActivityTkm).toBeCloseTo(11500, 9);
    expect(road?.distanceKm).toBe(100);
    expect(road?.daf.kind).toBe('none');
  });

  it('should adjust a great circle from coordinates like a given GCD', () => {
    const origin = { lat: 31.14, lon: 121.81 };
    const destination = { lat: 50.03, lon: 8.57 };
    const r = computeShipment(
      { id: 'S', massKg: 1000, chain: [{ type: 'leg', toc: 'desnz-2026:air-long-haul', origin, destination }] },
      testResolver,
    );
    const leg = r.elements[0];
    expect(leg.type === 'leg' && leg.distanceKm - leg.distanceInputKm).toBeCloseTo(95, 9);
  });
});
