import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';
import { CHINA_POST_BOXES } from './candidates.js';
import { verifyParcel } from './verify.js';

const CATALOG = CHINA_POST_BOXES.filter((b) => ['cp-05', 'cp-09'].includes(b.id));
const ITEMS = [
  { id: 'tin', lengthMm: 90, widthMm: 90, heightMm: 160, weightG: 330, quantity: 2 },
  { id: 'cups', lengthMm: 200, widthMm: 150, heightMm: 80, weightG: 540 },
];

const order = (id: string, shipBy: string, phone = '13800138000', items = [{ ...ITEMS[0], quantity: 1 }]) => ({
  id,
  warehouseId: 'WH-1',
  recipient: {
    name: '王小明',
    phone,
    address: { province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路90号', detail: '3幢502室' },
  },
  shipBy,
  items,
});

describe(`packing and consolidation API (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let merchant: string;

  beforeAll(async () => {
    t = await createTestApp();
    const tenant = await t.tenant('Tea House');
    merchant = await t.keyFor('merchant', tenant);
  });
  afterAll(async () => t.close());

  it('keeps a box catalog per tenant', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/v1/packing/boxes',
      headers: bearer(merchant),
      payload: { boxes: CATALOG },
    });
    expect(put.statusCode).toBe(200);
    const list = (await t.app.inject({ url: '/v1/packing/boxes', headers: bearer(merchant) })).json().items;
    expect(list.map((b: { id: string }) => b.id)).toEqual(['cp-05', 'cp-09']);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/v1/packing/boxes',
      headers: bearer(merchant),
      payload: { boxes: [{ ...CATALOG[0], id: 'bad', innerLengthMm: -1 }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('/boxes/0/innerLengthMm');
  });

  it('packs an order with the catalog into a verified parcel, with SVG', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/packing/pack',
      headers: bearer(merchant),
      payload: { items: ITEMS, svg: true },
    });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.unpacked).toEqual([]);
    expect(r.parcels.reduce((n: number, p: { placements: unknown[] }) => n + p.placements.length, 0)).toBe(3);
    for (const p of r.parcels) {
      const box = CATALOG.find((b) => b.id === p.boxId)!;
      expect(verifyParcel(box, ITEMS, p.placements)).toEqual([]);
      expect(p.svg).toMatch(/^<svg/);
      expect(p.boardKg).toBeGreaterThan(0);
    }
  });

  it('names the bad item of a request', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/packing/pack',
      headers: bearer(merchant),
      payload: { items: [ITEMS[0], { ...ITEMS[1], widthMm: 0 }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toContain('/items/1/widthMm');
  });

  it('imports orders with masked recipients and consolidates the ones that can ship together', async () => {
    const imported = await t.app.inject({
      method: 'POST',
      url: '/v1/consolidation/orders',
      headers: bearer(merchant),
      payload: {
        orders: [
          order('O1', '2026-03-01T09:00:00+08:00'),
          order('O2', '2026-03-01T10:30:00+08:00'),
          order('O3', '2026-03-03T10:30:00+08:00'),
          order('O4', '2026-03-01T09:30:00+08:00', '13900139000'),
        ],
      },
    });
    expect(imported.statusCode).toBe(201);
    const listed = (await t.app.inject({ url: '/v1/consolidation/orders', headers: bearer(merchant) })).json().items;
    expect(listed).toHaveLength(4);
    expect(JSON.stringify(listed)).not.toContain('13800138000');
    expect(JSON.stringify(listed)).not.toContain('小明');
    expect(JSON.stringify(listed)).not.toContain('502');

    const report = await t.app.inject({
      method: 'POST',
      url: '/v1/consolidation/report',
      headers: bearer(merchant),
      payload: {},
    });
    expect(report.statusCode).toBe(200);
    const body = report.json();
    expect(JSON.stringify(body)).not.toContain('13800138000');
    const merged = body.groups.find((g: { orderIds: string[] }) => g.orderIds.length > 1);
    expect(merged.orderIds.sort()).toEqual(['O1', 'O2']);
    expect(body.avoided.parcels).toBeGreaterThanOrEqual(1);
    expect(body.avoided.parcels).toBe(body.baseline.parcels - body.consolidated.parcels);
  });

  it('designs a box range that uses no more board than the current catalog', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/packing/box-range',
      headers: bearer(merchant),
      payload: { k: 2 },
    });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.boxes).toHaveLength(2);
    expect(r.totals.unpackedOrders).toBe(0);
    expect(r.totals.boardKg).toBeLessThanOrEqual(r.current.boardKg + 1e-9);
  });
});
