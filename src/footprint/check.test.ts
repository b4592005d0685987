import { describe, expect, it } from 'vitest';
import { computeShipment } from './chain.js';
import { checkShipment } from './check.test-support.js';
import { testResolver } from './fixtures.test-support.js';
import { GEN_HOCS, GEN_TOCS, randomShipments } from './generate.test-support.js';
import type { ShipmentInput } from './model.js';

// The engine against the independent checker over seeded random chains.

/** Inlines the generator's named categories, as the JSON API would receive them. */
const inline = (s: ShipmentInput): ShipmentInput => ({
  ...s,
  chain: s.chain.map((el) =>
    el.type === 'hub'
      ? { ...el, hoc: typeof el.hoc === 'string' ? (GEN_HOCS[el.hoc] ?? el.hoc) : el.hoc }
      : { ...el, toc: typeof el.toc === 'string' ? (GEN_TOCS[el.toc] ?? el.toc) : el.toc },
  ),
});

describe('independent checker', () => {
  for (const seed of [1, 2, 3, 42]) {
    it(`should agree with computeShipment on 500 random shipments (seed ${seed})`, () => {
      const problems: string[] = [];
      for (const raw of randomShipments(seed, 500)) {
        const s = inline(raw);
        problems.push(...checkShipment(s, computeShipment(s, testResolver), testResolver));
      }
      expect(problems).toEqual([]);
    });
  }

  it('should catch a wrong result', () => {
    const s = inline(randomShipments(9, 1)[0]);
    const r = computeShipment(s, testResolver);
    r.elements[0].co2eWtwKg *= 1.01;
    expect(checkShipment(s, r, testResolver).length).toBeGreaterThan(0);
  });
});
