import { describe, expect, it } from 'vitest';
import { AppError, invalid } from '../core/index.js';
import { checkReport } from './check.test-support.js';
import { consolidate } from './group.js';
import type { ConsolidationReport, Item, Order, Packer } from './model.js';

// A fake packer: one parcel per started 10 kg of items, 0.2 kg of board per parcel at
// 0.491 kg CO2e per kg of board.
const BOARD_KG = 0.2;
const CO2E_PER_BOARD_KG = 0.491;
const parcelsOf = (n: number) =>
  Array.from({ length: n }, () => ({ boxId: 'B10', boardKg: BOARD_KG, co2eKg: BOARD_KG * CO2E_PER_BOARD_KG }));
const massG = (items: Item[]) => items.reduce((s, i) => s + i.weightG * (i.quantity ?? 1), 0);
const perTenKg: Packer = (items) => ({ parcels: parcelsOf(Math.max(1, Math.ceil(massG(items) / 10_000))), unpacked: [] });

const item = (weightG: number, id = 'sku-1'): Item => ({ id, lengthMm: 300, widthMm: 200, heightMm: 100, weightG });

const ZHANG = { name: '张三', phone: '138 0013 8000', address: '浙江省杭州市西湖区文三路90号' };

function order(id: string, over: Partial<Order> = {}): Order {
  return {
    id,
    warehouseId: 'WH-HZ',
    recipient: ZHANG,
    shipBy: '2026-03-02T12:00:00+08:00',
    items: [item(2000)],
    ...over,
  };
}

/** Ship-by this many minutes after 12:00 Beijing time. */
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 4, minutes)).toISOString().replace('.000Z', 'Z');

const grouping = (report: ConsolidationReport) => report.groups.map((g) => g.orderIds);

function run(orders: Order[], options: Partial<Parameters<typeof consolidate>[1]> = {}): ConsolidationReport {
  const report = consolidate(orders, { pack: perTenKg, ...options });
  expect(checkReport(report)).toEqual([]);
  return report;
}

describe('consolidate', () => {
  it('should merge a recipient’s orders typed differently into one parcel and report the saving', () => {
    const report = run([
      order('A'),
      order('B', {
        recipient: { name: '张 三', phone: '+86 138-0013-8000', address: '浙江省 杭州市 西湖区 文三路 ９０号' },
        shipBy: at(30),
      }),
      order('C', {
        recipient: {
          name: '张三',
          phone: '13800138000',
          address: { province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路90號' },
        },
        shipBy: at(60),
      }),
    ]);
    expect(grouping(report)).toEqual([['A', 'B', 'C']]);
    const [g] = report.groups;
    expect(g).toMatchObject({ id: 'G1', parcelCount: 1, warehouseId: 'WH-HZ', handling: 'ambient', keptApart: [] });
    expect(g.baseline.parcels).toBe(3);
    expect(report.avoided.parcels).toBe(2);
    expect(report.avoided.labels).toBe(2);
    expect(report.avoided.boardKg).toBeCloseTo(0.4, 12);
    expect(report.avoided.co2eKg).toBeCloseTo(0.4 * 0.491, 12);
    expect(report.baseline).toEqual({ parcels: 3, boardKg: 3 * BOARD_KG, co2eKg: 3 * BOARD_KG * CO2E_PER_BOARD_KG });
    expect(g.earliestShipByUtc).toBe('2026-03-02T04:00:00.000Z');
    expect(g.latestShipByUtc).toBe('2026-03-02T05:00:00.000Z');
  });

  it('should keep other recipients and other addresses out, without listing them as kept apart', () => {
    const report = run([
      order('A'),
      order('B', { recipient: { ...ZHANG, phone: '13800138001' } }),
      order('C', { recipient: { ...ZHANG, name: '李四' } }),
      order('D', { recipient: { ...ZHANG, address: '浙江省杭州市西湖区文三路9号' } }),
    ]);
    expect(grouping(report)).toEqual([['A'], ['B'], ['C'], ['D']]);
    expect(report.groups.map((g) => g.destinationRef)).toEqual(['D1', 'D2', 'D3', 'D4']);
    expect(report.groups.every((g) => g.keptApart.length === 0)).toBe(true);
    // Nothing personal in the report, not even a hash of it.
    expect(JSON.stringify(report)).not.toMatch(/张|13800138|文三路|[0-9a-f]{32}/);
    expect(report.avoided).toEqual({ parcels: 0, boardKg: 0, co2eKg: 0, labels: 0 });
  });

  describe('hold window', () => {
    it('should merge at exactly the window and not a minute later', () => {
      expect(grouping(run([order('A'), order('B', { shipBy: at(240) })]))).toEqual([['A', 'B']]);
      const apart = run([order('A'), order('B', { shipBy: at(241) })]);
      expect(grouping(apart)).toEqual([['A'], ['B']]);
      expect(apart.groups.map((g) => g.destinationRef)).toEqual(['D1', 'D1']);
      expect(apart.groups[0].keptApart).toEqual([
        { reason: 'hold-window', message: 'ship-by times more than 240 min apart', groupIds: ['G2'], orderIds: ['B'] },
      ]);
    });

    it('should measure from the group’s earliest ship-by, not from the last order added', () => {
      const report = run([order('C', { shipBy: at(300) }), order('B', { shipBy: at(200) }), order('A', { shipBy: at(0) })]);
      expect(grouping(report)).toEqual([['A', 'B'], ['C']]);
      expect(report.groups[1].keptApart.map((k) => k.reason)).toEqual(['hold-window']);
    });

    it('should compare instants, whatever the offset', () => {
      const report = run([order('A', { shipBy: '2026-03-02T18:00:00+08:00' }), order('B', { shipBy: '2026-03-02T10:00:00Z' })], {
        holdWindowMinutes: 0,
      });
      expect(grouping(report)).toEqual([['A', 'B']]);
    });

    it('should take a configured window', () => {
      expect(grouping(run([order('A'), order('B', { shipBy: at(90) })], { holdWindowMinutes: 60 }))).toEqual([['A'], ['B']]);
      expect(grouping(run([order('A'), order('B', { shipBy: at(600) })], { holdWindowMinutes: 720 }))).toEqual([['A', 'B']]);
    });
  });

  describe('handling', () => {
    it('should merge cold chain with cold chain only', () => {
      const cold = { handling: { coldChain: true } };
      const report = run([order('A', cold), order('B', cold), order('C')]);
      expect(grouping(report)).toEqual([['A', 'B'], ['C']]);
      expect(report.groups[0].handling).toBe('cold-chain');
      expect(report.groups[1].keptApart).toEqual([
        {
          reason: 'cold-chain',
          message: 'cold-chain and ambient orders do not share a parcel',
          groupIds: ['G1'],
          orderIds: ['A', 'B'],
        },
      ]);
    });

    it('should never merge dangerous goods, not even with other dangerous goods', () => {
      const dg = { handling: { dangerousGoods: true } };
      const report = run([
        order('A', dg),
        order('B', dg),
        order('C'),
        order('D', { handling: { dangerousGoods: true, coldChain: true } }),
      ]);
      expect(grouping(report)).toEqual([['A'], ['B'], ['C'], ['D']]);
      expect(report.groups.map((g) => g.handling)).toEqual(['dangerous-goods', 'dangerous-goods', 'ambient', 'dangerous-goods']);
      expect(report.groups[2].keptApart).toEqual([
        {
          reason: 'dangerous-goods',
          message: 'dangerous goods ship alone',
          groupIds: ['G1', 'G2', 'G4'],
          orderIds: ['A', 'B', 'D'],
        },
      ]);
    });

    it('should keep orders from different warehouses apart', () => {
      const report = run([order('A'), order('B', { warehouseId: 'WH-SH' })]);
      expect(grouping(report)).toEqual([['A'], ['B']]);
      expect(report.groups[0].keptApart[0]).toMatchObject({ reason: 'warehouse', orderIds: ['B'] });
    });
  });

  describe('limits and the packer', () => {
    it('should not merge over the weight limit, but ship a heavy order alone', () => {
      const report = run(
        [order('A', { items: [item(3000)] }), order('B', { items: [item(3000)] }), order('C', { items: [item(8000)] })],
        {
          maxParcelWeightG: 5000,
        },
      );
      expect(grouping(report)).toEqual([['A'], ['B'], ['C']]);
      expect(report.maxParcelWeightG).toBe(5000);
      expect(report.groups[0].keptApart).toEqual([
        {
          reason: 'weight-limit',
          message: 'together over the 5000 g weight limit',
          groupIds: ['G2', 'G3'],
          orderIds: ['B', 'C'],
        },
      ]);
      expect(
        grouping(run([order('A', { items: [item(2500)] }), order('B', { items: [item(2500)] })], { maxParcelWeightG: 5000 })),
      ).toEqual([['A', 'B']]);
    });

    it('should not merge over the volume limit', () => {
      // Each order 300 x 200 x 100 mm = 6000 cm3.
      const report = run([order('A'), order('B')], { maxParcelVolumeCm3: 10_000 });
      expect(grouping(report)).toEqual([['A'], ['B']]);
      expect(report.groups[0].keptApart[0].reason).toBe('volume-limit');
      expect(grouping(run([order('A'), order('B')], { maxParcelVolumeCm3: 12_000 }))).toEqual([['A', 'B']]);
    });

    it('should keep apart orders that save nothing together, and merge them when a third makes it pay', () => {
      const six = { items: [item(6000)] };
      const two = run([order('A', six), order('B', six)]);
      expect(grouping(two)).toEqual([['A'], ['B']]);
      expect(two.groups[0].keptApart[0]).toMatchObject({ reason: 'no-saving', orderIds: ['B'] });
      // 18 kg: two parcels instead of three.
      const three = run([order('A', six), order('B', six), order('C', six)]);
      expect(grouping(three)).toEqual([['A', 'B', 'C']]);
      expect(three.groups[0]).toMatchObject({ parcelCount: 2, baseline: { parcels: 3 }, avoided: { parcels: 1, labels: 1 } });
    });

    it('should find the grouping that saves most among several orders', () => {
      const five = { items: [item(5000)] };
      const report = run([order('A', five), order('B', five), order('C', five), order('D', five)]);
      expect(report.consolidated.parcels).toBe(2);
      expect(report.avoided.parcels).toBe(2);
    });

    it('should split when the packer needs more parcels together than apart', () => {
      // A packer that does badly with mixed orders: one parcel per item, plus one.
      const clumsy: Packer = (items) => ({ parcels: parcelsOf(items.length === 1 ? 1 : items.length + 1), unpacked: [] });
      const report = run([order('A'), order('B')], { pack: clumsy });
      expect(grouping(report)).toEqual([['A'], ['B']]);
      expect(report.groups[0].keptApart[0]).toMatchObject({
        reason: 'more-parcels',
        message: 'packed together they need more parcels than apart',
      });
    });

    it('should not merge when items would be left unpacked', () => {
      const upTo20Kg: Packer = (items) =>
        massG(items) > 20_000 ? { parcels: parcelsOf(1), unpacked: [{ itemId: items[0].id }] } : perTenKg(items);
      const twelve = { items: [item(12_000)] };
      const report = run([order('A', twelve), order('B', twelve)], { pack: upTo20Kg });
      expect(grouping(report)).toEqual([['A'], ['B']]);
      expect(report.groups[0].keptApart[0].reason).toBe('unpacked');
    });

    it('should hand the packer item ids and together/apart groups scoped by order', () => {
      const calls: Item[][] = [];
      const spy: Packer = (items) => {
        calls.push(items);
        return perTenKg(items);
      };
      const report = run(
        [
          order('A', { items: [{ ...item(1000), together: 'set' }] }),
          order('B', { items: [{ ...item(1000), apart: 'x' }, item(500, 'sku-2')] }),
        ],
        { pack: spy },
      );
      expect(grouping(report)).toEqual([['A', 'B']]);
      const merged = calls.find((c) => c.length === 3)!;
      expect(merged.map((i) => i.id)).toEqual(['A/sku-1', 'B/sku-1', 'B/sku-2']);
      expect(merged[0].together).toBe('A/set');
      expect(merged[1].apart).toBe('B/x');
      // Each set of orders is packed once: A, B and A+B.
      expect(calls).toHaveLength(3);
    });

    it('should name the order when the packer rejects it', () => {
      const picky: Packer = (items) => {
        if (items.some((i) => i.lengthMm > 1000))
          throw invalid('item larger than every box', [{ field: 'items', message: 'too large' }]);
        return perTenKg(items);
      };
      const big = { ...item(1000), lengthMm: 2000 };
      expect(() => consolidate([order('A'), order('B', { items: [big] })], { pack: picky })).toThrowError(
        'order B: item larger than every box',
      );
    });
  });

  describe('input', () => {
    it('should report every bad field of the orders at once', () => {
      const orders = [
        order('A', { shipBy: '2026-03-02T12:00:00' }),
        order('A'),
        order('C', {
          items: [
            { ...item(100), lengthMm: 0 },
            { ...item(100), quantity: 1.5 },
          ],
        }),
        order('D', { items: [] }),
        order('E', { recipient: { name: '  ', phone: '-', address: { street: '' } } }),
      ];
      let error: AppError | undefined;
      try {
        consolidate(orders, { pack: perTenKg });
      } catch (e) {
        error = e as AppError;
      }
      expect(error).toBeInstanceOf(AppError);
      expect(error!.code).toBe('validation');
      expect(error!.message).toBe(
        '/orders/0/shipBy must be ISO 8601 with an offset, e.g. 2026-03-01T18:00:00+08:00 (and 7 more problems)',
      );
      expect(error!.details.map((d) => d.field)).toEqual([
        '/orders/0/shipBy',
        '/orders/1/id',
        '/orders/2/items/0/lengthMm',
        '/orders/2/items/1/quantity',
        '/orders/3/items',
        '/orders/4/recipient/name',
        '/orders/4/recipient/phone',
        '/orders/4/recipient/address/street',
      ]);
    });

    it('should check the options', () => {
      expect(() => consolidate([], { pack: perTenKg, holdWindowMinutes: -1 })).toThrowError('holdWindowMinutes');
      expect(() => consolidate([], { pack: perTenKg, maxParcelWeightG: 0 })).toThrowError('maxParcelWeightG');
    });

    it('should report nothing saved for no orders', () => {
      const report = run([]);
      expect(report).toMatchObject({ orderCount: 0, groups: [], holdWindowMinutes: 240, avoided: { parcels: 0, labels: 0 } });
    });
  });
});

describe('checkReport', () => {
  // A day of a small shop: a few recipients, two warehouses, some cold chain and dangerous goods.
  function dayOfOrders(seed: number, n: number): Order[] {
    let s = seed;
    const rnd = () => {
      s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
      return s / 2 ** 31;
    };
    const people = [
      ZHANG,
      { name: '李四', phone: '+86 139 1234 5678', address: '上海市浦东新区张江镇科苑路88号3幢501室' },
      { name: '王五', phone: '0571-8888 8888', address: '浙江省杭州市拱墅区湖墅南路 １２号' },
    ];
    return Array.from({ length: n }, (_, i) => {
      const r = rnd();
      return order(`O${i + 1}`, {
        recipient: people[Math.floor(rnd() * people.length)],
        warehouseId: rnd() < 0.8 ? 'WH-HZ' : 'WH-SH',
        shipBy: at(Math.floor(rnd() * 720)),
        items: Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, k) => item(500 + Math.floor(rnd() * 7000), `sku-${k}`)),
        ...(r < 0.1 ? { handling: { dangerousGoods: true } } : r < 0.25 ? { handling: { coldChain: true } } : {}),
      });
    });
  }

  it('should find every figure of a report reproducible from its groups', () => {
    for (const seed of [1, 2, 3]) {
      const report = consolidate(dayOfOrders(seed, 60), { pack: perTenKg, maxParcelWeightG: 30_000 });
      expect(checkReport(report)).toEqual([]);
      expect(report.orderCount).toBe(60);
      expect(report.avoided.parcels).toBeGreaterThan(0);
      for (const g of report.groups) expect(g.avoided.parcels).toBeGreaterThanOrEqual(0);
    }
  });

  it('should catch a report whose totals do not add up', () => {
    const report = consolidate(dayOfOrders(4, 30), { pack: perTenKg });
    const tamper = (change: (r: ConsolidationReport) => void) => {
      const copy = structuredClone(report);
      change(copy);
      return checkReport(copy);
    };
    expect(tamper((r) => (r.avoided.parcels += 1))).toEqual([
      `avoided parcels: got ${report.avoided.parcels + 1}, expected ${report.avoided.parcels}`,
    ]);
    const problems = tamper((r) => (r.groups[0].boardKg += 0.01));
    expect(problems.some((p) => p.startsWith('G1 board kg'))).toBe(true);
    const moreBaseline = tamper((r) => r.groups[1].alone[0].parcels.push({ boxId: 'B10', boardKg: 0.2, co2eKg: 0.1 }));
    expect(moreBaseline.some((p) => p.startsWith('G2 baseline parcels'))).toBe(true);
    expect(tamper((r) => r.groups[0].orderIds.push(r.groups[1].orderIds[0]))).toContain(
      `order ${report.groups[1].orderIds[0]} is in more than one group`,
    );
  });
});
