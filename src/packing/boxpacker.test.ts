import { describe, expect, it } from 'vitest';
import { boxPackerAvailable, loadBoxPackerBoxes, loadBoxPackerOrders } from './boxpacker.test-support.js';
import { cartonize } from './pack.js';
import { verifyPacking } from './verify.js';

// Needs ../shared/benchmarks/packing/boxpacker (BoxPacker's e-commerce fixture); skipped where it is
// absent. A slice of the set, both modes, every result verified; the full run is `npm run bench -- packing`.

const ORDERS = 400;

describe.skipIf(!boxPackerAvailable())('BoxPacker e-commerce set (first orders)', () => {
  for (const [mode, orientation] of [
    ['free rotation', 'any'],
    ['kept flat', 'this-side-up'],
  ] as const) {
    it(`should pack every unit, pass the verifier and use no more boxes than BoxPacker, ${mode}`, () => {
      const boxes = loadBoxPackerBoxes();
      const orders = loadBoxPackerOrders(orientation).slice(0, ORDERS);
      let ours = 0;
      let theirs = 0;
      for (const o of orders) {
        const order = { items: o.items, boxes, objective: 'boxes' as const, rules: { minSupportRatio: 0 } };
        const r = cartonize(order);
        expect(verifyPacking(r, order), o.id).toEqual([]);
        expect(r.unpacked, o.id).toEqual([]);
        ours += r.parcels.length;
        theirs += orientation === 'any' ? (o.expected?.free ?? 0) : (o.expected?.keepFlat ?? 0);
        // With the default 75 % support rule too.
        expect(verifyPacking(cartonize({ ...order, rules: undefined }), { items: o.items, boxes }), o.id).toEqual([]);
      }
      expect(ours).toBeLessThanOrEqual(theirs);
    });
  }

  it('should find the one-box packing a kept-flat order needs under the 75 % support rule (the rescue search)', () => {
    const boxes = loadBoxPackerBoxes();
    const orders = loadBoxPackerOrders('this-side-up');
    for (const id of ['003b0ae4f2883a8b1dd879ce9427b8dc', '323d3a61ac8f60761edc56c34b339a1d']) {
      const o = orders.find((x) => x.id === id);
      expect(o, id).toBeDefined();
      if (!o) continue;
      const order = { items: o.items, boxes, objective: 'boxes' as const };
      const r = cartonize(order);
      expect(r.parcels.length, id).toBe(1);
      expect(verifyPacking(r, order), id).toEqual([]);
      expect(cartonize(order), id).toEqual(r);
    }
  });
});
