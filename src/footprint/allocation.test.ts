import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { allocateRound } from './allocation.js';
import { checkRound } from './check.test-support.js';
import { computeFootprints } from './compute.js';
import { testResolver } from './fixtures.test-support.js';
import type { RoundInput } from './model.js';

// The issue's example round: 12.5 L at 3.2 kg CO2e/L shared by two parcels.
const ISSUE_ROUND: RoundInput = {
  id: 'R1',
  energy: [{ litres: 12.5, factor: { co2eWtwKgPerLitre: 3.2 } }],
  parcels: [
    { id: 'p1', massKg: 0.5, directDistanceKm: 12 },
    { id: 'p2', massKg: 2, directDistanceKm: 30 },
  ],
};

describe('allocateRound', () => {
  it('should share the round by direct t.km and sum back to the round total', () => {
    const r = allocateRound(ISSUE_ROUND, testResolver);
    expect(r.co2eWtwKg).toBeCloseTo(40, 12);
    // direct t.km: 0.0005 x 12 = 0.006 and 0.002 x 30 = 0.06 -> shares 1/11 and 10/11
    expect(r.directTkm).toBeCloseTo(0.066, 12);
    expect(r.parcels[0].share).toBeCloseTo(1 / 11, 12);
    expect(r.parcels[0].co2eWtwKg).toBeCloseTo(40 / 11, 12);
    expect(r.parcels[1].co2eWtwKg).toBeCloseTo(400 / 11, 12);
    expect(r.parcels[0].co2eWtwKg + r.parcels[1].co2eWtwKg).toBeCloseTo(r.co2eWtwKg, 12);
    // Same intensity per direct t.km for every parcel of a round.
    expect(r.parcels[0].co2eIntensityWtwKgPerTkm).toBeCloseTo(r.parcels[1].co2eIntensityWtwKgPerTkm, 9);
    expect(r.parcels[0].primaryDataShare).toBe(1);
    expect(r.parcels[0].elements[0]).toMatchObject({
      method: 'allocation',
      tocId: 'R1',
      transportActivityTkm: r.parcels[0].transportActivityTkm,
    });
    expect(checkRound(ISSUE_ROUND, r, testResolver)).toEqual([]);
  });

  it('should allocate a multi-stop round by per-unit distances, not the driven legs (dcycle E6)', () => {
    // Driven: 30+25+22+18+85 = 180 km; per-unit SFD from the depot: 30/50/70/90 km.
    const round: RoundInput = {
      id: 'R6',
      energy: [{ litres: 40, factorId: 'test:diesel-b5' }],
      parcels: [30, 50, 70, 90].map((km, i) => ({ id: `stop${i + 1}`, massKg: 100, directDistanceKm: km })),
    };
    const r = allocateRound(round, testResolver);
    expect(r.parcels.map((p) => p.share)).toEqual([30 / 240, 50 / 240, 70 / 240, 90 / 240].map((s) => expect.closeTo(s, 12)));
    const w = r.parcels.reduce((a, p) => a + p.co2eWtwKg, 0);
    const t = r.parcels.reduce((a, p) => a + p.co2eTtwKg, 0);
    expect(w).toBeCloseTo(40 * 3.17, 10);
    expect(t).toBeCloseTo(40 * 2.54, 10);
    expect(checkRound(round, r, testResolver)).toEqual([]);
  });

  it('should keep the sums exact over many random parcels', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const round: RoundInput = {
      id: 'big',
      energy: [
        { litres: 55.3, factorId: 'test:diesel-b5' },
        { kwh: 80, factorId: 'mee-2023:cn-grid-national' },
      ],
      parcels: Array.from({ length: 500 }, (_, i) => ({
        id: `p${i}`,
        massKg: 0.1 + rand() * 30,
        directDistanceKm: 1 + rand() * 80,
      })),
    };
    const r = allocateRound(round, testResolver);
    expect(checkRound(round, r, testResolver)).toEqual([]);
  });

  it('should report bad parcels with their pointers', () => {
    try {
      computeFootprints(
        {
          rounds: [
            {
              id: 'R',
              energy: [{ litres: 1, factorId: 'test:diesel-b5' }],
              parcels: [
                { id: 'a', massKg: -1, directDistanceKm: 3 },
                { id: 'b', massKg: 1 },
              ],
            },
          ],
        },
        testResolver,
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).details.map((d) => d.field)).toEqual([
        '/rounds/0/parcels/0/massKg',
        '/rounds/0/parcels/1/directDistanceKm',
      ]);
    }
  });
});
