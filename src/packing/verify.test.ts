import { describe, expect, it } from 'vitest';
import type { Box, Item, PackResult, Placement } from './model.js';
import { verifyPacking, verifyParcel } from './verify.js';

const box: Box = {
  id: 'B',
  innerLengthMm: 300,
  innerWidthMm: 200,
  innerHeightMm: 150,
  outerLengthMm: 306,
  outerWidthMm: 206,
  outerHeightMm: 156,
  emptyWeightG: 200,
  maxWeightG: 5000,
};

const items: Item[] = [
  { id: 'a', lengthMm: 100, widthMm: 100, heightMm: 50, weightG: 500 },
  { id: 'up', lengthMm: 100, widthMm: 80, heightMm: 60, weightG: 300, orientation: 'this-side-up' },
  { id: 'fix', lengthMm: 120, widthMm: 60, heightMm: 40, weightG: 300, orientation: 'fixed' },
  { id: 'glass', lengthMm: 100, widthMm: 100, heightMm: 50, weightG: 400, stackable: false },
  { id: 'lead', lengthMm: 50, widthMm: 50, heightMm: 50, weightG: 6000 },
];

const at = (itemId: string, x: number, y: number, z: number, l: number, w: number, h: number): Placement => ({
  itemId,
  x,
  y,
  z,
  lengthMm: l,
  widthMm: w,
  heightMm: h,
});

const rules = (placements: Placement[]) => verifyParcel(box, items, placements).map((v) => v.rule);

describe('verifyParcel', () => {
  it('should accept a valid parcel: floor units side by side, a fully supported unit on top, allowed rotations', () => {
    const placements = [
      at('a', 0, 0, 0, 100, 100, 50),
      at('a', 100, 0, 0, 100, 100, 50),
      at('a', 50, 0, 50, 100, 100, 50), // half on each unit below: 100 % support
      at('a', 200, 0, 0, 50, 100, 100), // rotated: height 100 from the item's length
      at('up', 0, 100, 0, 80, 100, 60), // this side up, turned about the vertical
      at('fix', 100, 100, 0, 120, 60, 40),
    ];
    expect(verifyParcel(box, items, placements)).toEqual([]);
  });

  it('should accept a unit exactly filling the box and touching faces without overlap', () => {
    const big: Item = { id: 'big', lengthMm: 150, widthMm: 300, heightMm: 200, weightG: 100 };
    expect(verifyParcel(box, [big], [at('big', 0, 0, 0, 300, 200, 150)])).toEqual([]);
  });

  it('should accept tiny floating-point slack at the walls', () => {
    expect(rules([at('a', 200 + 1e-9, 0, 0, 100, 100, 50)])).toEqual([]);
  });

  it('should reject an overlap', () => {
    const v = verifyParcel(box, items, [at('a', 0, 0, 0, 100, 100, 50), at('a', 99, 0, 0, 100, 100, 50)]);
    expect(v.map((x) => x.rule)).toEqual(['overlap']);
    expect(v[0].placement).toBe(1);
  });

  it('should reject a unit out of the box on any side', () => {
    expect(rules([at('a', 201, 0, 0, 100, 100, 50)])).toEqual(['inside']);
    expect(rules([at('a', 0, -1, 0, 100, 100, 50)])).toEqual(['inside']);
    expect(rules([at('a', 0, 0, 0, 100, 100, 50), at('a', 0, 0, 50, 100, 100, 50), at('a', 0, 0, 100, 50, 100, 100)])).toEqual([
      'inside',
    ]);
  });

  it('should reject an unsupported or under-supported unit', () => {
    expect(rules([at('a', 0, 0, 10, 100, 100, 50)])).toEqual(['support']);
    // 70 % of the base on the unit below, under the 75 % default
    expect(rules([at('a', 0, 0, 0, 100, 100, 50), at('a', 30, 0, 50, 100, 100, 50)])).toEqual(['support']);
    // same with a 60 % rule: fine
    expect(
      verifyParcel(box, items, [at('a', 0, 0, 0, 100, 100, 50), at('a', 30, 0, 50, 100, 100, 50)], { minSupportRatio: 0.6 }),
    ).toEqual([]);
    // support off: fine
    expect(verifyParcel(box, items, [at('a', 0, 0, 10, 100, 100, 50)], {}, { checkSupport: false })).toEqual([]);
  });

  it('should not count a unit below whose top is not exactly at the base as support', () => {
    expect(rules([at('a', 0, 0, 0, 100, 100, 50), at('a', 0, 0, 51, 100, 100, 50)])).toEqual(['support']);
  });

  it('should reject wrong orientations', () => {
    expect(rules([at('up', 0, 0, 0, 100, 60, 80)])).toEqual(['orientation']); // tipped over
    expect(rules([at('fix', 0, 0, 0, 60, 120, 40)])).toEqual(['orientation']); // turned
    expect(rules([at('a', 0, 0, 0, 100, 90, 50)])).toEqual(['orientation']); // not a rotation at all
  });

  it('should reject an overweight parcel', () => {
    const v = verifyParcel(box, items, [at('lead', 0, 0, 0, 50, 50, 50)]);
    expect(v.map((x) => x.rule)).toEqual(['weight']);
    expect(verifyParcel(box, items, [at('lead', 0, 0, 0, 50, 50, 50)], {}, { checkWeight: false })).toEqual([]);
  });

  it('should reject anything resting on a non-stackable unit', () => {
    expect(rules([at('glass', 0, 0, 0, 100, 100, 50), at('a', 0, 0, 50, 100, 100, 50)])).toEqual(['stacking']);
    // the non-stackable unit itself may sit on others
    expect(rules([at('a', 0, 0, 0, 100, 100, 50), at('glass', 0, 0, 50, 100, 100, 50)])).toEqual([]);
  });

  it('should reject unknown items and degenerate placements', () => {
    expect(rules([at('ghost', 0, 0, 0, 10, 10, 10)])).toEqual(['unknown-item']);
    expect(rules([at('a', 0, 0, 0, 100, 0, 50)])).toContain('dimension');
    expect(rules([at('a', Number.NaN, 0, 0, 100, 100, 50)])).toContain('dimension');
  });
});

describe('verifyPacking', () => {
  const order = {
    items: [
      { id: 'a', lengthMm: 100, widthMm: 100, heightMm: 50, weightG: 500, quantity: 2 },
      { id: 'own', lengthMm: 400, widthMm: 300, heightMm: 200, weightG: 2000, ownContainer: true },
      { id: 'huge', lengthMm: 900, widthMm: 900, heightMm: 900, weightG: 100 },
    ] as Item[],
    boxes: [{ ...box, stock: 1 }],
  };
  const parcel = (placements: Placement[], boxId: string | null = 'B', weightG = 1200) => ({
    boxId,
    placements,
    weightG,
    volumeUtilisation: 0,
    voidVolumeCm3: 0,
    dimWeightKg: 0,
    chargeableWeightKg: 0,
    boardKg: 0,
    materialKg: 0,
    materialFactorId: null,
    co2eKg: 0,
    cost: 0,
  });
  const totals = { parcels: 0, boardKg: 0, co2eKg: 0, cost: 0 };
  const good: PackResult = {
    parcels: [
      parcel([at('a', 0, 0, 0, 100, 100, 50), at('a', 100, 0, 0, 100, 100, 50)]),
      parcel([at('own', 0, 0, 0, 400, 300, 200)], null, 2000),
    ],
    unpacked: [{ itemId: 'huge', quantity: 1, reason: 'larger than every box in any allowed orientation' }],
    totals,
  };

  it('should accept a complete, valid result', () => {
    expect(verifyPacking(good, order)).toEqual([]);
  });

  it('should reject a missing or duplicated unit', () => {
    const missing = { ...good, unpacked: [] };
    expect(verifyPacking(missing, order).map((v) => v.rule)).toEqual(['count']);
    const twice = { ...good, parcels: [...good.parcels, parcel([at('own', 0, 0, 0, 400, 300, 200)], null, 2000)] };
    expect(verifyPacking(twice, order).map((v) => v.rule)).toEqual(['count']);
  });

  it('should reject over-used stock, unknown boxes, wrong weights and bad own-container parcels', () => {
    const overStock = {
      ...good,
      parcels: [
        parcel([at('a', 0, 0, 0, 100, 100, 50)], 'B', 700),
        parcel([at('a', 0, 0, 0, 100, 100, 50)], 'B', 700),
        good.parcels[1],
      ],
    };
    expect(verifyPacking(overStock, order).map((v) => v.rule)).toEqual(['stock']);
    const unknownBox = { ...good, parcels: [parcel(good.parcels[0].placements, 'Z', 1000), good.parcels[1]] };
    expect(verifyPacking(unknownBox, order).map((v) => v.rule)).toEqual(['unknown-box']);
    const wrongWeight = { ...good, parcels: [parcel(good.parcels[0].placements, 'B', 999), good.parcels[1]] };
    expect(verifyPacking(wrongWeight, order).map((v) => v.rule)).toEqual(['weight']);
    const boxless = { ...good, parcels: [parcel(good.parcels[0].placements, null, 1000), good.parcels[1]] };
    expect(verifyPacking(boxless, order).map((v) => v.rule)).toEqual(['own-container']);
  });

  it('should reject split together groups and joined apart groups', () => {
    const groupOrder = {
      items: [
        { id: 'x', lengthMm: 10, widthMm: 10, heightMm: 10, weightG: 1, together: 'kit', apart: 'food' },
        { id: 'y', lengthMm: 10, widthMm: 10, heightMm: 10, weightG: 1, together: 'kit' },
        { id: 'z', lengthMm: 10, widthMm: 10, heightMm: 10, weightG: 1, apart: 'food' },
      ] as Item[],
      boxes: [box],
    };
    const split: PackResult = {
      parcels: [
        parcel([at('x', 0, 0, 0, 10, 10, 10)], 'B', 201),
        parcel([at('y', 0, 0, 0, 10, 10, 10), at('z', 10, 0, 0, 10, 10, 10)], 'B', 202),
      ],
      unpacked: [],
      totals,
    };
    expect(verifyPacking(split, groupOrder).map((v) => v.rule)).toEqual(['group']);
    const joined: PackResult = {
      parcels: [parcel([at('x', 0, 0, 0, 10, 10, 10), at('y', 10, 0, 0, 10, 10, 10), at('z', 20, 0, 0, 10, 10, 10)], 'B', 203)],
      unpacked: [],
      totals,
    };
    expect(verifyPacking(joined, groupOrder).map((v) => v.rule)).toEqual(['group']);
  });

  it('should report the parcel index with each violation', () => {
    const bad = {
      ...good,
      parcels: [parcel([at('a', 0, 0, 0, 100, 100, 50), at('a', 50, 0, 0, 100, 100, 50)]), good.parcels[1]],
    };
    const v = verifyPacking(bad, order);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: 'overlap', parcel: 0, placement: 1 });
  });
});
