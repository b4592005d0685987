import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { MAILER_FACTOR_ID, rscBoardKg } from './material.js';
import type { Box, Item, PackOrder, PackResult } from './model.js';
import { cartonize, REASON_GROUP, REASON_NO_STOCK, REASON_TOO_HEAVY, REASON_TOO_LARGE } from './pack.js';
import { verifyPacking } from './verify.js';

// Every result in this file goes through the independent verifier.

function box(id: string, l: number, w: number, h: number, extra: Partial<Box> = {}): Box {
  return {
    id,
    innerLengthMm: l,
    innerWidthMm: w,
    innerHeightMm: h,
    outerLengthMm: l + 6,
    outerWidthMm: w + 6,
    outerHeightMm: h + 12,
    emptyWeightG: 100,
    maxWeightG: 10_000,
    ...extra,
  };
}

function item(id: string, l: number, w: number, h: number, weightG = 100, extra: Partial<Item> = {}): Item {
  return { id, lengthMm: l, widthMm: w, heightMm: h, weightG, ...extra };
}

function pack(order: PackOrder): PackResult {
  const result = cartonize(order);
  expect(verifyPacking(result, order)).toEqual([]);
  return result;
}

const units = (r: PackResult, itemId?: string) =>
  r.parcels.reduce((n, p) => n + p.placements.filter((q) => itemId === undefined || q.itemId === itemId).length, 0);

const S = box('S', 200, 150, 100);
const M = box('M', 300, 200, 150);
const L = box('L', 400, 300, 300);

describe('cartonize: box choice', () => {
  it('should put a small order in the box with the least board and report its figures', () => {
    const r = pack({ items: [item('book', 180, 120, 30, 400, { quantity: 2 })], boxes: [L, M, S] });
    expect(r.parcels).toHaveLength(1);
    const p = r.parcels[0];
    expect(p.boxId).toBe('S');
    expect(p.placements).toHaveLength(2);
    expect(p.weightG).toBe(900);
    expect(p.volumeUtilisation).toBeCloseTo((2 * 180 * 120 * 30) / (200 * 150 * 100), 9);
    expect(p.voidVolumeCm3).toBeCloseTo((200 * 150 * 100 - 2 * 180 * 120 * 30) / 1000, 9);
    expect(p.boardKg).toBeCloseTo(rscBoardKg(206, 156, 112, 400), 12);
    expect(p.co2eKg).toBeCloseTo(p.boardKg * 0.491, 12);
    expect(p.materialFactorId).toBe('fefco-2021:corrugated-board');
    expect(p.dimWeightKg).toBeCloseTo((206 * 156 * 112) / 1000 / 5000, 12);
    expect(p.chargeableWeightKg).toBeCloseTo(Math.max(0.9, p.dimWeightKg), 12);
    expect(r.totals).toEqual({ parcels: 1, boardKg: p.boardKg, co2eKg: p.co2eKg, cost: 0 });
    expect(r.unpacked).toEqual([]);
  });

  it('should follow the objective: least CO2e takes the reusable box, least cost the cheap one, fewest boxes the smaller', () => {
    const cheap = box('cheap', 200, 150, 100, { cost: 0.4 });
    const reusable = box('reusable', 300, 200, 150, { material: 'reusable', grai: '8003000000001', cost: 2 });
    const order = { items: [item('mug', 120, 120, 90, 350)], boxes: [cheap, reusable] };
    const co2e = pack({ ...order, objective: 'co2e' });
    expect(co2e.parcels[0].boxId).toBe('reusable');
    expect(co2e.parcels[0].boardKg).toBe(0);
    expect(co2e.parcels[0].co2eKg).toBe(0);
    expect(co2e.parcels[0].materialFactorId).toBeNull();
    expect(pack({ ...order, objective: 'cost' }).parcels[0].boxId).toBe('cheap');
    expect(pack({ ...order, objective: 'boxes' }).parcels[0].boxId).toBe('cheap');
  });

  it('should price dim weight under the cost objective, with the divisor given', () => {
    // Same box price: the long box's volumetric weight makes it dearer to ship.
    const compact = box('compact', 250, 250, 250, { cost: 1 });
    const long = box('long', 900, 150, 150, { cost: 1 });
    const order: PackOrder = {
      items: [item('rod', 240, 140, 140, 500)],
      boxes: [long, compact],
      objective: 'cost',
      carrierRate: { baseCost: 5, perKg: 2 },
    };
    const r = pack(order);
    const p = r.parcels[0];
    expect(p.boxId).toBe('compact');
    expect(p.dimWeightKg).toBeCloseTo((256 * 256 * 262) / 1000 / 5000, 9);
    expect(p.cost).toBeCloseTo(1 + 5 + 2 * p.chargeableWeightKg, 9);
    const iata = pack({ ...order, dimDivisorCm3PerKg: 6000 }).parcels[0];
    expect(iata.dimWeightKg).toBeCloseTo((256 * 256 * 262) / 1000 / 6000, 9);
  });

  it('should compute a mailer from its film and the plastic factor', () => {
    const mailer = box('poly', 300, 250, 30, { material: 'mailer', boardGsm: 55 });
    const r = pack({ items: [item('tee', 280, 220, 20, 200)], boxes: [mailer] });
    const p = r.parcels[0];
    expect(p.boardKg).toBe(0);
    expect(p.materialKg).toBeCloseTo((2 * (306 + 42) * (256 + 42) * 55) / 1e9, 12);
    expect(p.materialFactorId).toBe(MAILER_FACTOR_ID);
    expect(p.co2eKg).toBeCloseTo(p.materialKg * 2.91651, 12);
  });

  it('should use the board factor given', () => {
    const r = pack({ items: [item('a', 100, 100, 100)], boxes: [M], boardFactorKgCo2ePerKg: 0.538 });
    expect(r.parcels[0].co2eKg).toBeCloseTo(r.parcels[0].boardKg * 0.538, 12);
  });

  it('should be deterministic', () => {
    const order: PackOrder = {
      items: [
        item('a', 120, 80, 60, 300, { quantity: 7 }),
        item('b', 200, 90, 40, 150, { quantity: 3 }),
        item('c', 50, 50, 50, 80, { quantity: 9 }),
      ],
      boxes: [S, M, L],
    };
    expect(cartonize(order)).toEqual(cartonize(order));
  });
});

describe('cartonize: rules', () => {
  it('should keep a this-side-up item upright even when lying down would fit a smaller box', () => {
    const lamp = item('lamp', 120, 120, 250, 800, { orientation: 'this-side-up' });
    const flat = box('flat', 300, 300, 130);
    const tall = box('tall', 150, 150, 300);
    const r = pack({ items: [lamp], boxes: [flat, tall], objective: 'boxes' });
    expect(r.parcels[0].boxId).toBe('tall');
    expect(r.parcels[0].placements[0].heightMm).toBe(250);
    // Free to tip over, it lies down in the flat box; kept upright, the flat box cannot take it.
    const free = pack({ items: [{ ...lamp, orientation: 'any' }], boxes: [flat] });
    expect(free.parcels[0].placements[0].heightMm).toBe(120);
    const upright = pack({ items: [lamp], boxes: [flat] });
    expect(upright.unpacked).toEqual([{ itemId: 'lamp', quantity: 1, reason: REASON_TOO_LARGE }]);
  });

  it('should keep a fixed item exactly as given', () => {
    const r = pack({ items: [item('panel', 280, 100, 40, 300, { orientation: 'fixed', quantity: 3 })], boxes: [M] });
    for (const p of r.parcels[0].placements) expect([p.lengthMm, p.widthMm, p.heightMm]).toEqual([280, 100, 40]);
  });

  it('should never stack on a non-stackable item', () => {
    // Two cakes fit the box only one on the other; the second must go to another box.
    const cake = item('cake', 190, 140, 45, 600, { stackable: false, quantity: 2, orientation: 'this-side-up' });
    const r = pack({ items: [cake], boxes: [S] });
    expect(r.parcels).toHaveLength(2);
    const stackable = pack({ items: [{ ...cake, stackable: true }], boxes: [S] });
    expect(stackable.parcels).toHaveLength(1);
  });

  it('should honour the support ratio', () => {
    // A wide (non-stackable) slab over a narrow block rests on 40 % of its base: with the default 75 % it cannot go on top.
    const items = [
      item('block', 200, 80, 50, 500, { orientation: 'fixed' }),
      item('slab', 200, 200, 20, 300, { orientation: 'fixed', stackable: false }),
    ];
    const tight = box('tight', 200, 200, 70);
    const r = pack({ items, boxes: [tight] });
    for (const p of r.parcels) expect(p.placements).toHaveLength(1);
    const loose = pack({ items, boxes: [tight], rules: { minSupportRatio: 0.4 } });
    expect(loose.parcels).toHaveLength(1);
  });

  it('should split by weight and send an item heavier than every box to unpacked', () => {
    const light = box('light', 300, 300, 300, { maxWeightG: 2100 });
    const r = pack({
      items: [item('tin', 100, 100, 100, 1000, { quantity: 4 }), item('anvil', 100, 100, 100, 5000)],
      boxes: [light],
    });
    expect(r.parcels).toHaveLength(2);
    for (const p of r.parcels) expect(p.weightG).toBeLessThanOrEqual(2100);
    expect(r.unpacked).toEqual([{ itemId: 'anvil', quantity: 1, reason: REASON_TOO_HEAVY }]);
  });

  it('should ship an own-container item as its own parcel with no box and no new material', () => {
    const r = pack({
      items: [item('tv', 1000, 650, 150, 9000, { ownContainer: true }), item('remote', 180, 50, 30, 150)],
      boxes: [S, M],
      carrierRate: { baseCost: 4, perKg: 1 },
    });
    const tv = r.parcels.find((p) => p.boxId === null);
    expect(tv).toBeDefined();
    expect(tv?.placements).toEqual([{ itemId: 'tv', x: 0, y: 0, z: 0, lengthMm: 1000, widthMm: 650, heightMm: 150 }]);
    expect(tv?.boardKg).toBe(0);
    expect(tv?.co2eKg).toBe(0);
    expect(tv?.dimWeightKg).toBeCloseTo((1000 * 650 * 150) / 1000 / 5000, 9);
    expect(tv?.cost).toBeCloseTo(4 + tv!.chargeableWeightKg, 9);
    expect(r.parcels.find((p) => p.boxId === 'S')?.placements).toHaveLength(1);
  });

  it('should keep a together group in one parcel and an apart group in separate parcels', () => {
    const kit = [
      item('frame', 250, 180, 20, 500, { together: 'kit' }),
      item('glass', 240, 170, 5, 400, { together: 'kit' }),
      item('screws', 60, 40, 20, 50, { together: 'kit' }),
    ];
    const r = pack({ items: [...kit, item('other', 250, 180, 100, 300)], boxes: [M, S] });
    const withKit = r.parcels.filter((p) => p.placements.some((q) => ['frame', 'glass', 'screws'].includes(q.itemId)));
    expect(withKit).toHaveLength(1);
    expect(withKit[0].placements.filter((q) => q.itemId !== 'other')).toHaveLength(3);

    const apart = pack({
      items: [item('bleach', 100, 100, 100, 500, { apart: 'hazard' }), item('food', 100, 100, 100, 500, { apart: 'hazard' })],
      boxes: [L],
    });
    expect(apart.parcels).toHaveLength(2);
  });

  it('should report a together group that fits no single box', () => {
    const r = pack({
      items: [
        item('a', 190, 140, 90, 100, { together: 'g' }),
        item('b', 190, 140, 90, 100, { together: 'g' }),
        item('c', 50, 50, 50),
      ],
      boxes: [S],
    });
    expect(r.unpacked.map((u) => [u.itemId, u.quantity, u.reason])).toEqual([
      ['a', 1, REASON_GROUP],
      ['b', 1, REASON_GROUP],
    ]);
    expect(units(r, 'c')).toBe(1);
  });

  it('should respect box stock', () => {
    const r = pack({ items: [item('a', 180, 140, 90, 100, { quantity: 3 })], boxes: [{ ...S, stock: 2 }, L] });
    expect(r.parcels.map((p) => p.boxId).sort()).toEqual(['L']);
    const two = pack({
      items: [item('a', 180, 140, 90, 100, { quantity: 2 }), item('big', 390, 290, 290, 100)],
      boxes: [
        { ...S, stock: 1 },
        { ...L, stock: 1 },
      ],
    });
    expect(two.parcels.map((p) => p.boxId).sort()).toEqual(['L', 'S']);
    const none = pack({ items: [item('a', 180, 140, 90)], boxes: [{ ...S, stock: 0 }] });
    expect(none.unpacked).toEqual([{ itemId: 'a', quantity: 1, reason: REASON_NO_STOCK }]);
  });

  it('should split a large order over several boxes and account every unit', () => {
    const r = pack({
      items: [
        item('a', 150, 100, 80, 400, { quantity: 25 }),
        item('b', 90, 90, 90, 200, { quantity: 12 }),
        item('c', 280, 40, 40, 150, { quantity: 6 }),
      ],
      boxes: [S, M],
      objective: 'boxes',
    });
    expect(r.parcels.length).toBeGreaterThanOrEqual(
      Math.ceil((25 * 150 * 100 * 80 + 12 * 90 ** 3 + 6 * 280 * 40 * 40) / (300 * 200 * 150)),
    );
    expect(units(r)).toBe(43);
    expect(r.totals.parcels).toBe(r.parcels.length);
    expect(r.totals.boardKg).toBeCloseTo(
      r.parcels.reduce((s, p) => s + p.boardKg, 0),
      12,
    );
  });
});

describe('cartonize: random orders', () => {
  it('should give verified results for 300 seeded random orders with every kind of rule', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    const orientations = ['any', 'this-side-up', 'fixed'] as const;
    const boxes: Box[] = [
      box('xs', 150, 100, 60, { maxWeightG: 1500, stock: 3 }),
      box('s', 250, 180, 120, { maxWeightG: 5000 }),
      box('m', 350, 250, 200, { maxWeightG: 12_000, material: 'double-wall' }),
      box('r', 300, 300, 300, { material: 'reusable', maxWeightG: 15_000, stock: 2 }),
      box('mailer', 320, 240, 40, { material: 'mailer', maxWeightG: 1500 }),
    ];
    let parcels = 0;
    for (let n = 0; n < 300; n++) {
      const items: Item[] = [];
      const count = int(1, 6);
      for (let i = 0; i < count; i++) {
        items.push(
          item(`i${i}`, int(10, 360), int(10, 260), int(5, 220), int(20, 4000), {
            quantity: int(1, 5),
            orientation: orientations[int(0, 2)],
            stackable: rnd() > 0.2,
            ownContainer: rnd() > 0.95,
            together: rnd() > 0.9 ? 'kit' : undefined,
            apart: rnd() > 0.9 ? 'haz' : undefined,
          }),
        );
      }
      const order: PackOrder = {
        items,
        boxes,
        objective: (['co2e', 'cost', 'boxes'] as const)[n % 3],
        rules: { minSupportRatio: [0.75, 0.5, 1][n % 3] },
        carrierRate: { baseCost: 3, perKg: 0.8 },
      };
      const r = cartonize(order);
      expect(verifyPacking(r, order), `order ${n}`).toEqual([]);
      parcels += r.parcels.length;
    }
    expect(parcels).toBeGreaterThan(300);
  });
});

describe('cartonize: bad input', () => {
  const catchError = (fn: () => unknown): AppError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
    throw new Error('expected an AppError');
  };

  it('should name the item and field of a negative or zero dimension or weight', () => {
    const items = [
      item('a', 10, 10, 10),
      item('b', 10, 10, 10),
      item('c', 10, 10, 10),
      item('d', -5, 10, 10),
      item('e', 10, 10, 10, 0),
    ];
    const e = catchError(() => cartonize({ items, boxes: [S] }));
    expect(e.code).toBe('validation');
    expect(e.status).toBe(400);
    expect(e.details).toEqual([
      { field: '/items/3/lengthMm', message: 'must be a number > 0' },
      { field: '/items/4/weightG', message: 'must be a number > 0' },
    ]);
    expect(e.message).toContain('/items/3/lengthMm');
  });

  it('should reject an empty box list, wrong field types and impossible boxes', () => {
    expect(catchError(() => cartonize({ items: [item('a', 1, 1, 1)], boxes: [] })).details).toEqual([
      { field: '/boxes', message: 'must be a non-empty array of boxes' },
    ]);
    const bad = {
      items: [{ ...item('a', 1, 1, 1), orientation: 'sideways', quantity: 1.5, stackable: 'yes' }, item('a', 1, 1, 1)],
      boxes: [{ ...S, outerLengthMm: 100, maxWeightG: 50, material: 'tin' }],
      objective: 'cheapest',
      rules: { minSupportRatio: 2 },
    } as unknown as PackOrder;
    expect(
      catchError(() => cartonize(bad))
        .details.map((d) => d.field)
        .sort(),
    ).toEqual(
      [
        '/items/0/quantity',
        '/items/0/orientation',
        '/items/0/stackable',
        '/items/1/id',
        '/boxes/0/outerLengthMm',
        '/boxes/0/maxWeightG',
        '/boxes/0/material',
        '/objective',
        '/rules/minSupportRatio',
      ].sort(),
    );
  });

  it('should reject a non-object order and missing fields', () => {
    expect(catchError(() => cartonize(null as unknown as PackOrder)).code).toBe('validation');
    const e = catchError(() => cartonize({ items: [{ id: 'x' }], boxes: [S] } as unknown as PackOrder));
    expect(e.details.map((d) => d.field)).toEqual([
      '/items/0/lengthMm',
      '/items/0/widthMm',
      '/items/0/heightMm',
      '/items/0/weightG',
    ]);
    expect(e.details[0].message).toBe('is required');
  });
});
