import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from './support/app.js';
import { TEST_DIALECT } from './support/db.js';
import { setDoc } from './support/factors.js';
import { smallVroomProblem } from './support/routing.js';
import { waybillParcel } from './support/waybill.js';

/**
 * Tenant isolation across every endpoint: merchant A must never read or change tenant B's
 * records (403/404, never data). The last test fails when a route is added without a case here.
 */
interface Ctx {
  t: TestApp;
  keyA: string;
  keyB: string;
  tenantA: string;
  tenantB: string;
  siteA: string;
  siteB: string;
  shipmentB: string;
  jobB: string;
  planB: string;
  waybillB: { id: string; waybillNo: string; qrToken: string };
  captureB: string;
  boxTypeB: string;
  /** A station key of tenant A (may write for A's stations, never B's). */
  stationKeyA: string;
  /** Tenant B's open pickup at B-ST-1. */
  pickupB: string;
  /** Tenant B's solar park (its site id), with system B_PV_SYSTEM and a day of readings. */
  solarParkB: string;
}

const B_PV_SYSTEM = 'B-PV-1';
const B_SOLAR_PARK = { name: 'B rooftop PV', city: 'Hangzhou', province: 'Zhejiang', region: 'East', lat: 30.27, lon: 120.15 };
const B_METER_CSV = `time,system_id,ac_kwh\n${Array.from({ length: 24 }, (_, h) => `2026-06-01T${String(h).padStart(2, '0')}:00:00+08:00,${B_PV_SYSTEM},${h >= 6 && h < 18 ? 20 : 0}`).join('\n')}\n`;
/** B's solar readings, counted straight from the database. */
const bSolarReadings = async (c: Ctx) =>
  Number(
    (
      await c.t.db.kysely
        .selectFrom('solar_meter_readings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', c.tenantB)
        .executeTakeFirstOrThrow()
    ).n,
  );
const solarPeriod = 'from=2026-06-01&to=2026-06-02';
/** Tenant B's one base-year activity line (10 L diesel). */
const B_ACTIVITY_ROW = {
  year: 2021,
  month: 1,
  scope: 1,
  category: 'mobile_combustion',
  quantity: 10,
  unit: 'L',
  factorId: 'desnz-2026:diesel-mineral-per-litre',
};

const B_STATION = { id: 'B-ST-1', name: 'B station', city: 'Hangzhou', province: 'Zhejiang', lat: 30.27, lon: 120.15 };

// Tenant B's reusable box: a GRAI of B's own box type, captured into B's EPCIS repository.
const B_GRAI = 'urn:epc:id:grai:0614141.12345.777';
const B_EVENT = {
  type: 'ObjectEvent',
  eventTime: '2026-03-01T09:00:00.000+08:00',
  eventTimeZoneOffset: '+08:00',
  epcList: [B_GRAI],
  action: 'ADD',
  bizStep: 'commissioning',
  disposition: 'active',
  eventID: 'urn:uuid:2f8b7e35-0c41-4a8f-9e22-b0b0b0b0b0b1',
};
const epcisDoc = (events: object[]) => ({
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-03-01T10:00:00Z',
  epcisBody: { eventList: events },
});
const B_BOX_TYPE = {
  name: 'B crate',
  companyPrefix: '0614141',
  assetType: '12345',
  designTrips: 50,
  productionKgCo2e: 2,
  singleUseName: 'carton',
  singleUseKgCo2e: 0.4,
  returnTransportKgCo2ePerTrip: 0.05,
  cleaningKgCo2ePerTrip: 0.02,
};

/** A query answer of A must not contain B's event. */
const noEventsFor =
  (url: (c: Ctx) => string): Case =>
  async (c) => {
    const res = await c.t.app.inject({ url: url(c), headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(200);
    expect(res.json().epcisBody.queryResults.resultsBody.eventList).toEqual([]);
  };

const B_BOX = {
  id: 'b-only',
  innerLengthMm: 300,
  innerWidthMm: 200,
  innerHeightMm: 150,
  outerLengthMm: 306,
  outerWidthMm: 206,
  outerHeightMm: 162,
  emptyWeightG: 150,
  maxWeightG: 20000,
  boardGsm: 440,
};

const B_ORDER = {
  id: 'B-O1',
  warehouseId: 'W',
  recipient: { name: '李四', phone: '13900139000', address: '浙江省杭州市西湖区文三路90号' },
  shipBy: '2026-03-01T09:00:00+08:00',
  items: [{ id: 'x', lengthMm: 10, widthMm: 10, heightMm: 10, weightG: 10 }],
};

const shipmentOf = (id: string, massKg: number) => ({
  id,
  massKg,
  chain: [{ type: 'leg', toc: 'desnz-2026:hgv-average', distanceKm: 10 }],
});

type Case = (ctx: Ctx) => Promise<void>;

const siteBody = (tenantId: string, name = 'Warehouse') => ({
  tenantId,
  kind: 'warehouse',
  name,
  city: 'Hangzhou',
  province: 'Zhejiang',
  region: 'East',
  lat: 30.27,
  lon: 120.15,
});

/** Loads a factor set as the given key, once (a 409 on later calls is expected). */
async function loadSetAs(c: Ctx, key: string, id: string): Promise<void> {
  const res = await c.t.app.inject({
    method: 'POST',
    url: '/v1/factor-sets',
    headers: bearer(key),
    payload: setDoc(id, ['truck']),
  });
  expect([201, 409]).toContain(res.statusCode);
}

const adminOnly =
  (method: 'GET' | 'POST' | 'DELETE', url: (c: Ctx) => string, payload?: (c: Ctx) => object): Case =>
  async (c) => {
    const res = await c.t.app.inject({ method, url: url(c), headers: bearer(c.keyA), payload: payload?.(c) });
    expect(res.statusCode).toBe(403);
  };

const CASES: Record<string, Case> = {
  'GET /v1/me': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/me', headers: bearer(c.keyA) });
    expect(res.json()).toMatchObject({ role: 'merchant', tenantId: c.tenantA });
  },
  'GET /v1/tenants': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/tenants', headers: bearer(c.keyA) });
    expect(res.json().items.map((x: { id: string }) => x.id)).toEqual([c.tenantA]);
  },
  'GET /v1/tenants/:id': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/tenants/${c.tenantB}`, headers: bearer(c.keyA) })).statusCode).toBe(404);
    expect((await c.t.app.inject({ url: `/v1/tenants/${c.tenantA}`, headers: bearer(c.keyA) })).statusCode).toBe(200);
  },
  'POST /v1/tenants': adminOnly(
    'POST',
    () => '/v1/tenants',
    () => ({ name: 'x', kind: 'merchant' }),
  ),
  'GET /v1/keys': adminOnly('GET', () => '/v1/keys'),
  'POST /v1/keys': adminOnly(
    'POST',
    () => '/v1/keys',
    (c) => ({ role: 'admin', tenantId: c.tenantA }),
  ),
  'DELETE /v1/keys/:id': adminOnly('DELETE', () => '/v1/keys/key_any'),
  'GET /v1/sites': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/sites', headers: bearer(c.keyA) });
    const items = res.json().items as { tenantId: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((s) => s.tenantId === c.tenantA)).toBe(true);
    const asked = await c.t.app.inject({ url: `/v1/sites?tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    expect(asked.json().items).toEqual([]);
  },
  'GET /v1/sites/summary': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/sites/summary', headers: bearer(c.keyA) });
    expect(res.json()).toEqual({ warehouse: 1 });
  },
  'GET /v1/sites/:id': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/sites/${c.siteB}`, headers: bearer(c.keyA) })).statusCode).toBe(404);
  },
  'POST /v1/sites': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: bearer(c.keyA),
      payload: siteBody(c.tenantB, 'Intruder'),
    });
    expect(res.statusCode).toBe(403);
    const b = await c.t.app.inject({ url: '/v1/sites', headers: bearer(c.keyB) });
    expect(b.json().items.map((s: { name: string }) => s.name)).not.toContain('Intruder');
  },
  'PATCH /v1/sites/:id': async (c) => {
    const res = await c.t.app.inject({
      method: 'PATCH',
      url: `/v1/sites/${c.siteB}`,
      headers: bearer(c.keyA),
      payload: { name: 'Hijacked' },
    });
    expect(res.statusCode).toBe(404);
    const b = await c.t.app.inject({ url: `/v1/sites/${c.siteB}`, headers: bearer(c.keyB) });
    expect(b.json().name).toBe('B warehouse');
  },
  'DELETE /v1/sites/:id': async (c) => {
    const res = await c.t.app.inject({ method: 'DELETE', url: `/v1/sites/${c.siteB}`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
    expect((await c.t.app.inject({ url: `/v1/sites/${c.siteB}`, headers: bearer(c.keyB) })).statusCode).toBe(200);
  },
  // Factor library: B loads its own set in each case, A must not see, use or remove it.
  'GET /v1/factors': async (c) => {
    await loadSetAs(c, c.keyB, 'b-factors');
    const res = await c.t.app.inject({ url: '/v1/factors?setId=b-factors', headers: bearer(c.keyA) });
    expect(res.json().items).toEqual([]);
    const asked = await c.t.app.inject({ url: `/v1/factors?tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    expect(asked.statusCode).toBe(403);
  },
  'GET /v1/factors/:id': async (c) => {
    await loadSetAs(c, c.keyB, 'b-factors');
    expect((await c.t.app.inject({ url: '/v1/factors/b-factors:truck', headers: bearer(c.keyA) })).statusCode).toBe(404);
  },
  'GET /v1/factor-sets': async (c) => {
    await loadSetAs(c, c.keyB, 'b-factors');
    const res = await c.t.app.inject({ url: '/v1/factor-sets', headers: bearer(c.keyA) });
    expect(res.json().items.map((s: { id: string }) => s.id)).not.toContain('b-factors');
  },
  'GET /v1/factor-sets/:id': async (c) => {
    await loadSetAs(c, c.keyB, 'b-factors');
    expect((await c.t.app.inject({ url: '/v1/factor-sets/b-factors', headers: bearer(c.keyA) })).statusCode).toBe(404);
  },
  'POST /v1/factor-sets': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/v1/factor-sets?tenantId=${c.tenantB}`,
      headers: bearer(c.keyA),
      payload: setDoc('intruder', ['x']),
    });
    expect(res.statusCode).toBe(403);
    const b = await c.t.app.inject({ url: '/v1/factor-sets', headers: bearer(c.keyB) });
    expect(b.json().items.map((s: { id: string }) => s.id)).not.toContain('intruder');
  },
  'DELETE /v1/factor-sets/:id': async (c) => {
    await loadSetAs(c, c.keyB, 'b-factors');
    const res = await c.t.app.inject({ method: 'DELETE', url: '/v1/factor-sets/b-factors', headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
    expect((await c.t.app.inject({ url: '/v1/factor-sets/b-factors', headers: bearer(c.keyB) })).statusCode).toBe(200);
  },
  // Footprints: B stores a shipment; A must not list, read, export, delete or overwrite it.
  'POST /v1/footprints': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/footprints',
      headers: bearer(c.keyA),
      payload: { store: true, tenantId: c.tenantB, shipments: [shipmentOf('B-1', 999)] },
    });
    expect(res.statusCode).toBe(403);
    const b = (await c.t.app.inject({ url: '/v1/shipments/B-1/footprint', headers: bearer(c.keyB) })).json();
    expect(b.massKg).toBe(100);
    // the same shipment id under A's own tenant is A's own record, B's stays untouched
    const own = await c.t.app.inject({
      method: 'POST',
      url: '/v1/footprints',
      headers: bearer(c.keyA),
      payload: { store: true, shipments: [shipmentOf('B-1', 5)] },
    });
    expect(own.statusCode).toBe(200);
    expect((await c.t.app.inject({ url: '/v1/shipments/B-1/footprint', headers: bearer(c.keyB) })).json().massKg).toBe(100);
  },
  'POST /v1/footprints/ileap': async (c) => {
    const doc = {
      shipmentFootprint: {
        shipmentId: 'B-1',
        mass: '10',
        tces: [
          {
            tceId: 't1',
            prevTceIds: [],
            tocId: 'desnz-2026:hgv-average',
            mass: '10',
            distance: { value: '10', unit: 'km', dataSource: 'actual' },
            transportActivity: '0.1',
            co2eWTW: '0.0127',
          },
        ],
      },
      tocs: [],
      hocs: [],
    };
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/footprints/ileap',
      headers: bearer(c.keyA),
      payload: { store: true, tenantId: c.tenantB, documents: [doc] },
    });
    expect(res.statusCode).toBe(403);
    expect((await c.t.app.inject({ url: '/v1/shipments/B-1/footprint', headers: bearer(c.keyB) })).json().massKg).toBe(100);
  },
  'GET /v1/shipments': async (c) => {
    const items = (await c.t.app.inject({ url: '/v1/shipments', headers: bearer(c.keyA) })).json().items as {
      tenantId: string;
    }[];
    expect(items.every((s) => s.tenantId === c.tenantA)).toBe(true);
    const asked = await c.t.app.inject({ url: `/v1/shipments?tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    expect(asked.json().items).toEqual([]);
  },
  'GET /v1/shipments/summary': async (c) => {
    const a = (await c.t.app.inject({ url: '/v1/shipments/summary', headers: bearer(c.keyA) })).json();
    const mine = (await c.t.app.inject({ url: '/v1/shipments', headers: bearer(c.keyA) })).json().items.length;
    expect(a.shipments).toBe(mine);
  },
  'GET /v1/shipments/:id/footprint': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/shipments/${c.shipmentB}/footprint`, headers: bearer(c.keyA) })).statusCode).toBe(
      404,
    );
  },
  'GET /v1/shipments/:id/ileap': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/shipments/${c.shipmentB}/ileap`, headers: bearer(c.keyA) })).statusCode).toBe(404);
  },
  'DELETE /v1/shipments/:id': async (c) => {
    expect(
      (await c.t.app.inject({ method: 'DELETE', url: `/v1/shipments/${c.shipmentB}`, headers: bearer(c.keyA) })).statusCode,
    ).toBe(404);
    expect((await c.t.app.inject({ url: `/v1/shipments/${c.shipmentB}/footprint`, headers: bearer(c.keyB) })).statusCode).toBe(
      200,
    );
  },
  'POST /v1/footprint-jobs': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/v1/footprint-jobs?tenantId=${c.tenantB}`,
      headers: { ...bearer(c.keyA), 'content-type': 'text/csv' },
      payload: 'shipment_id,mass_kg,element,toc,hoc,distance_km,distance_type,origin_lat,origin_lon,dest_lat,dest_lon\n',
    });
    expect(res.statusCode).toBe(403);
  },
  'GET /v1/footprint-jobs/:id': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/footprint-jobs/${c.jobB}`, headers: bearer(c.keyA) })).statusCode).toBe(404);
  },
  'GET /v1/footprint-jobs/:id/result': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/footprint-jobs/${c.jobB}/result`, headers: bearer(c.keyA) })).statusCode).toBe(404);
  },
  // Packing and consolidation: B's catalog and orders stay B's.
  'GET /v1/packing/boxes': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/packing/boxes?tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
    const own = (await c.t.app.inject({ url: '/v1/packing/boxes', headers: bearer(c.keyA) })).json().items;
    expect(own.map((b: { id: string }) => b.id)).not.toContain('b-only');
  },
  'PUT /v1/packing/boxes': async (c) => {
    const res = await c.t.app.inject({
      method: 'PUT',
      url: '/v1/packing/boxes',
      headers: bearer(c.keyA),
      payload: { tenantId: c.tenantB, boxes: [B_BOX] },
    });
    expect(res.statusCode).toBe(403);
  },
  'DELETE /v1/packing/boxes/:id': async (c) => {
    const res = await c.t.app.inject({
      method: 'DELETE',
      url: `/v1/packing/boxes/b-only?tenantId=${c.tenantB}`,
      headers: bearer(c.keyA),
    });
    expect(res.statusCode).toBe(404);
    const b = (await c.t.app.inject({ url: '/v1/packing/boxes', headers: bearer(c.keyB) })).json().items;
    expect(b.map((x: { id: string }) => x.id)).toContain('b-only');
  },
  'POST /v1/packing/pack': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/packing/pack',
      headers: bearer(c.keyA),
      payload: { tenantId: c.tenantB, items: [{ id: 'x', lengthMm: 10, widthMm: 10, heightMm: 10, weightG: 10 }] },
    });
    expect(res.statusCode).toBe(404);
  },
  'POST /v1/packing/box-range': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/packing/box-range',
      headers: bearer(c.keyA),
      payload: { k: 1, tenantId: c.tenantB },
    });
    // A's own (empty) history, never B's
    expect(res.statusCode).toBe(422);
  },
  'GET /v1/consolidation/orders': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/consolidation/orders?tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    expect(res.json().items).toEqual([]);
  },
  'POST /v1/consolidation/orders': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/v1/consolidation/orders?tenantId=${c.tenantB}`,
      headers: bearer(c.keyA),
      payload: { orders: [B_ORDER] },
    });
    expect(res.statusCode).toBe(403);
  },
  'POST /v1/consolidation/report': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/consolidation/report',
      headers: bearer(c.keyA),
      payload: { tenantId: c.tenantB },
    });
    const body = res.json();
    expect(body.orderCount ?? 0).toBe(0);
  },
  'POST /v1/routing/solve': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/routing/solve',
      headers: bearer(c.keyA),
      payload: { ...smallVroomProblem(), tenantId: c.tenantB, options: { timeLimitS: 0.2 } },
    });
    expect(res.statusCode).toBe(403);
  },
  'GET /v1/routing/plans': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/routing/plans', headers: bearer(c.keyA) });
    expect(res.json().items.map((p: { id: string }) => p.id)).not.toContain(c.planB);
  },
  'GET /v1/routing/plans/:id': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/routing/plans/${c.planB}`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
  },
  'GET /v1/routing/plans/:id/geojson': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/routing/plans/${c.planB}/geojson`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
  },
  'POST /v1/routing/plans/:id/cancel': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/v1/routing/plans/${c.planB}/cancel`,
      headers: bearer(c.keyA),
    });
    expect(res.statusCode).toBe(404);
  },
  'POST /v1/waybills': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/waybills',
      headers: bearer(c.keyA),
      payload: { tenantId: c.tenantB, parcels: [waybillParcel('A-1')] },
    });
    expect(res.statusCode).toBe(403);
  },
  'GET /v1/waybills': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/waybills', headers: bearer(c.keyA) });
    expect(res.json().items.map((w: { id: string }) => w.id)).not.toContain(c.waybillB.id);
  },
  'GET /v1/waybills/summary': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/waybills/summary', headers: bearer(c.keyA) });
    expect(res.json().issued).toBe(0);
  },
  'GET /v1/waybills/carriers': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/waybills/carriers', headers: bearer(c.keyA) });
    expect(res.json().items.map((x: { code: string }) => x.code)).not.toContain('BONLY');
  },
  'POST /v1/waybills/carriers': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/waybills/carriers',
      headers: bearer(c.keyA),
      payload: { tenantId: c.tenantB, code: 'AINTOB', name: 'A into B', prefix: 'AB', sequenceDigits: 8, checkScheme: 'luhn' },
    });
    expect(res.statusCode).toBe(403);
  },
  'GET /v1/waybills/access-log': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/waybills/access-log', headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(403);
  },
  'POST /v1/waybills/labels': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/waybills/labels',
      headers: bearer(c.keyA),
      payload: { ids: [c.waybillB.id], format: 'zpl' },
    });
    expect(res.statusCode).toBe(404);
  },
  'GET /v1/waybills/:id': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/waybills/${c.waybillB.waybillNo}`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
  },
  'POST /v1/waybills/:id/void': async (c) => {
    const res = await c.t.app.inject({ method: 'POST', url: `/v1/waybills/${c.waybillB.id}/void`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
  },
  'GET /v1/waybills/:id/label': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/waybills/${c.waybillB.id}/label?format=zpl`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
  },
  'GET /v1/waybills/:id/recipient': async (c) => {
    // A merchant key never reads full data, not even with the token.
    const res = await c.t.app.inject({
      url: `/v1/waybills/${c.waybillB.id}/recipient?token=${c.waybillB.qrToken}&purpose=delivery`,
      headers: bearer(c.keyA),
    });
    expect(res.statusCode).toBe(403);
  },
  'POST /epcis/capture': async (c) => {
    // A's key can only capture into A: naming B is refused. Event ids are per tenant: A may use the id B
    // used (for its own box) without a conflict that would reveal B's event.
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/epcis/capture?tenantId=${c.tenantB}`,
      headers: bearer(c.keyA),
      payload: epcisDoc([B_EVENT]),
    });
    expect(res.statusCode).toBe(403);
    const ownEvent = { ...B_EVENT, epcList: ['urn:epc:id:grai:0614141.12345.900'] };
    const own = await c.t.app.inject({
      method: 'POST',
      url: '/epcis/capture',
      headers: bearer(c.keyA),
      payload: epcisDoc([ownEvent]),
    });
    expect(own.json()).toMatchObject({ capturedCount: 1, duplicateCount: 0 });
  },
  'POST /epcis/events': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/epcis/events?tenantId=${c.tenantB}`,
      headers: bearer(c.keyA),
      payload: { ...B_EVENT, eventID: 'urn:uuid:2f8b7e35-0c41-4a8f-9e22-b0b0b0b0b0b2' },
    });
    expect(res.statusCode).toBe(403);
  },
  'GET /epcis/capture': async (c) => {
    const res = await c.t.app.inject({ url: '/epcis/capture', headers: bearer(c.keyA) });
    expect(res.json().captureJobs.map((j: { captureID: string }) => j.captureID)).not.toContain(c.captureB);
  },
  'GET /epcis/capture/:captureID': async (c) => {
    expect((await c.t.app.inject({ url: `/epcis/capture/${c.captureB}`, headers: bearer(c.keyA) })).statusCode).toBe(404);
  },
  'GET /epcis/events': noEventsFor(() => `/epcis/events?MATCH_epc=${encodeURIComponent(B_GRAI)}`),
  'GET /epcis/events/:eventID': async (c) => {
    // A holds its own event under the same id (see the capture case); it must get that one, never B's.
    const res = await c.t.app.inject({ url: `/epcis/events/${encodeURIComponent(B_EVENT.eventID)}`, headers: bearer(c.keyA) });
    if (res.statusCode === 200) expect(JSON.stringify(res.json().epcList)).not.toContain('777');
    else expect(res.statusCode).toBe(404);
  },
  'GET /epcis/eventTypes': async (c) => {
    expect((await c.t.app.inject({ url: '/epcis/eventTypes', headers: bearer(c.keyA) })).statusCode).toBe(200);
  },
  'GET /epcis/eventTypes/:eventType/events': noEventsFor(
    () => `/epcis/eventTypes/ObjectEvent/events?MATCH_epc=${encodeURIComponent(B_GRAI)}`,
  ),
  'GET /epcis/epcs/:epc/events': noEventsFor(() => `/epcis/epcs/${encodeURIComponent(B_GRAI)}/events`),
  'GET /v1/reusables/box-types': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/reusables/box-types?tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    expect(res.json().items).toEqual([]);
  },
  'POST /v1/reusables/box-types': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/reusables/box-types',
      headers: bearer(c.keyA),
      payload: { ...B_BOX_TYPE, assetType: '12346', tenantId: c.tenantB },
    });
    expect(res.statusCode).toBe(403);
  },
  'GET /v1/reusables/box-types/:id': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/reusables/box-types/${c.boxTypeB}`, headers: bearer(c.keyA) })).statusCode).toBe(
      404,
    );
  },
  'GET /v1/reusables/box-types/:id/series': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/reusables/box-types/${c.boxTypeB}/series`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
  },
  'GET /v1/reusables/box-types/:id/boxes': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/reusables/box-types/${c.boxTypeB}/boxes`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
  },
  'GET /v1/reusables/kpis': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/reusables/kpis', headers: bearer(c.keyA) });
    expect(res.json().pools).toEqual([]);
  },
  'GET /v1/reusables/boxes/:epc': async (c) => {
    // B's box, by its GRAI: A has no box type for it and never sees B's history.
    const res = await c.t.app.inject({ url: `/v1/reusables/boxes/${encodeURIComponent(B_GRAI)}`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
  },
  'POST /v1/stations': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/stations',
      headers: bearer(c.keyA),
      payload: { ...B_STATION, id: 'A-X' },
    });
    expect(res.statusCode).toBe(403);
  },
  'POST /v1/stations/import': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/v1/stations/import?tenantId=${c.tenantB}`,
      headers: { ...bearer(c.keyA), 'content-type': 'text/csv' },
      payload: 'id,name,city,province,lat,lon\nA-Y,x,Hangzhou,Zhejiang,30,120\n',
    });
    expect(res.statusCode).toBe(403);
  },
  'GET /v1/stations': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/stations?tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    expect(res.json().items).toEqual([]);
  },
  'GET /v1/stations/:id': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/stations/${B_STATION.id}`, headers: bearer(c.keyA) })).statusCode).toBe(404);
  },
  'POST /v1/dropoffs': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/dropoffs',
      headers: bearer(c.keyA),
      payload: { stationId: B_STATION.id, consumerId: 'u-b', waybillNo: c.waybillB.waybillNo, grade: 'carton_s' },
    });
    expect(res.statusCode).toBe(403);
  },
  'GET /v1/dropoffs': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/dropoffs?stationId=${B_STATION.id}`, headers: bearer(c.keyA) });
    expect(res.json().items).toEqual([]);
  },
  'POST /v1/consumers/:id/redemptions': async (c) => {
    // A merchant key cannot redeem; naming tenant B is refused before anything is read.
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/consumers/u-b/redemptions',
      headers: { ...bearer(c.keyA), 'idempotency-key': 'x-1' },
      payload: { points: 1, reward: 'x', tenantId: c.tenantB },
    });
    expect(res.statusCode).toBe(403);
  },
  'POST /v1/points/entries/:id/reversal': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/points/entries/any/reversal',
      headers: { ...bearer(c.keyA), 'idempotency-key': 'x-2' },
      payload: { reason: 'x', tenantId: c.tenantB },
    });
    expect(res.statusCode).toBe(403);
  },
  'POST /v1/points/expiry': async (c) => {
    const named = await c.t.app.inject({
      method: 'POST',
      url: '/v1/points/expiry',
      headers: bearer(c.stationKeyA),
      payload: { asOf: '2040-01-01', validityMonths: 1, tenantId: c.tenantB },
    });
    expect(named.statusCode).toBe(403);
    // Without a tenant it runs on A's ledger only: B's points stay.
    const own = await c.t.app.inject({
      method: 'POST',
      url: '/v1/points/expiry',
      headers: bearer(c.stationKeyA),
      payload: { asOf: '2040-01-01', validityMonths: 1 },
    });
    expect(own.json()).toMatchObject({ consumers: 0, pointsExpired: 0 });
  },
  'GET /v1/points/rules': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/points/rules?tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    // A's key reads A's rules (the defaults), whatever tenant it names.
    expect(res.json().items.every((r: { source: string }) => r.source === 'default')).toBe(true);
  },
  'PUT /v1/points/rules/:eventType': async (c) => {
    const res = await c.t.app.inject({
      method: 'PUT',
      url: '/v1/points/rules/reuse',
      headers: bearer(c.keyA),
      payload: { points: 99, tenantId: c.tenantB },
    });
    expect(res.statusCode).toBe(403);
  },
  'GET /v1/consumers/:id/points': async (c) => {
    const named = await c.t.app.inject({ url: `/v1/consumers/u-b/points?tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    expect(named.statusCode).toBe(403);
    const own = await c.t.app.inject({ url: '/v1/consumers/u-b/points', headers: bearer(c.keyA) });
    expect(own.json()).toMatchObject({ balance: 0, entries: [] });
  },
  'POST /v1/reuse': async (c) => {
    for (const key of [c.keyA, c.stationKeyA]) {
      const res = await c.t.app.inject({
        method: 'POST',
        url: '/v1/reuse',
        headers: bearer(key),
        payload: { stationId: B_STATION.id, sizeClass: 's' },
      });
      expect(res.statusCode).toBe(403);
    }
  },
  'GET /v1/stations/:id/stock': async (c) => {
    for (const key of [c.keyA, c.stationKeyA]) {
      const res = await c.t.app.inject({ url: `/v1/stations/${B_STATION.id}/stock`, headers: bearer(key) });
      expect(res.statusCode).toBe(404);
    }
  },
  'GET /v1/pickups': async (c) => {
    for (const url of [`/v1/pickups?stationId=${B_STATION.id}`, `/v1/pickups?tenantId=${c.tenantB}`, '/v1/pickups']) {
      const res = await c.t.app.inject({ url, headers: bearer(c.stationKeyA) });
      expect(res.json().items).toEqual([]);
    }
  },
  'POST /v1/pickups': async (c) => {
    for (const key of [c.keyA, c.stationKeyA]) {
      const res = await c.t.app.inject({
        method: 'POST',
        url: '/v1/pickups',
        headers: bearer(key),
        payload: { stationId: B_STATION.id },
      });
      expect(res.statusCode).toBe(403);
    }
  },
  'POST /v1/pickups/:id/handover': async (c) => {
    const handover = (key: string) =>
      c.t.app.inject({
        method: 'POST',
        url: `/v1/pickups/${c.pickupB}/handover`,
        headers: bearer(key),
        payload: { collector: 'A', signedBy: 'A' },
      });
    expect((await handover(c.keyA)).statusCode).toBe(403);
    expect((await handover(c.stationKeyA)).statusCode).toBe(404);
    const row = await c.t.db.kysely.selectFrom('recycling_pickups').selectAll().where('id', '=', c.pickupB).executeTakeFirst();
    expect(row).toMatchObject({ status: 'requested', collector: null });
  },
  'GET /v1/recycling/metrics': async (c) => {
    for (const url of [
      '/v1/recycling/metrics',
      `/v1/recycling/metrics?stationId=${B_STATION.id}`,
      `/v1/recycling/metrics?tenantId=${c.tenantB}&city=${B_STATION.city}`,
    ]) {
      const res = await c.t.app.inject({ url, headers: bearer(c.keyA) });
      expect(res.statusCode).toBe(200);
      expect(res.json().totals).toMatchObject({ collected: 0, reused: 0, consumers: 0, points: 0 });
      expect(res.json().topStations).toEqual([]);
    }
  },
  'GET /v1/solar/parks': async (c) => {
    for (const url of ['/v1/solar/parks', `/v1/solar/parks?tenantId=${c.tenantB}`]) {
      const res = await c.t.app.inject({ url, headers: bearer(c.keyA) });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]);
    }
  },
  'POST /v1/solar/parks': async (c) => {
    const asB = await c.t.app.inject({
      method: 'POST',
      url: '/v1/solar/parks',
      headers: bearer(c.keyA),
      payload: { ...B_SOLAR_PARK, tenantId: c.tenantB, name: 'Intruder PV' },
    });
    expect(asB.statusCode).toBe(403);
    // B's site is not A's to see, let alone to attach to.
    const attach = await c.t.app.inject({
      method: 'POST',
      url: '/v1/solar/parks',
      headers: bearer(c.keyA),
      payload: { siteId: c.solarParkB },
    });
    expect(attach.statusCode).toBe(400);
    const b = await c.t.app.inject({ url: '/v1/solar/parks', headers: bearer(c.keyB) });
    expect(b.json().items.map((p: { id: string }) => p.id)).toEqual([c.solarParkB]);
  },
  'GET /v1/solar/parks/:id': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/solar/parks/${c.solarParkB}`, headers: bearer(c.keyA) })).statusCode).toBe(404);
  },
  'PATCH /v1/solar/parks/:id': async (c) => {
    const res = await c.t.app.inject({
      method: 'PATCH',
      url: `/v1/solar/parks/${c.solarParkB}`,
      headers: bearer(c.keyA),
      payload: { elevationM: 999 },
    });
    expect(res.statusCode).toBe(404);
    const b = await c.t.app.inject({ url: `/v1/solar/parks/${c.solarParkB}`, headers: bearer(c.keyB) });
    expect(b.json().elevationM).toBe(0);
  },
  'POST /v1/solar/parks/:id/systems': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/v1/solar/parks/${c.solarParkB}/systems`,
      headers: bearer(c.keyA),
      payload: { name: 'Intruder', dcKwp: 10, tiltDeg: 10 },
    });
    expect(res.statusCode).toBe(404);
    const b = await c.t.app.inject({ url: `/v1/solar/parks/${c.solarParkB}`, headers: bearer(c.keyB) });
    expect(b.json().systems.map((s: { id: string }) => s.id)).toEqual([B_PV_SYSTEM]);
  },
  'PATCH /v1/solar/systems/:id': async (c) => {
    const res = await c.t.app.inject({
      method: 'PATCH',
      url: `/v1/solar/systems/${B_PV_SYSTEM}`,
      headers: bearer(c.keyA),
      payload: { dcKwp: 1 },
    });
    expect(res.statusCode).toBe(404);
  },
  'POST /v1/solar/readings': async (c) => {
    const before = await bSolarReadings(c);
    const csv = B_METER_CSV.replaceAll(',20\n', ',25\n');
    for (const url of ['/v1/solar/readings?replace=true', `/v1/solar/readings?replace=true&parkId=${c.solarParkB}`]) {
      const res = await c.t.app.inject({
        method: 'POST',
        url,
        headers: { ...bearer(c.keyA), 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(res.statusCode).toBe(400);
    }
    const sensor = await c.t.app.inject({
      method: 'POST',
      url: '/v1/solar/readings',
      headers: bearer(c.keyA),
      payload: { parkId: c.solarParkB, kind: 'sensor', rows: [{ time: '2026-06-01T12:00:00+08:00', poaWm2: 900 }] },
    });
    expect(sensor.statusCode).toBe(400);
    expect(await bSolarReadings(c)).toBe(before);
  },
  'GET /v1/solar/readings': async (c) => {
    for (const url of [
      '/v1/solar/readings',
      `/v1/solar/readings?systemId=${B_PV_SYSTEM}`,
      `/v1/solar/readings?parkId=${c.solarParkB}&kind=meter`,
    ]) {
      const res = await c.t.app.inject({ url, headers: bearer(c.keyA) });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]);
    }
  },
  'GET /v1/solar/expected': async (c) => {
    for (const q of [`parkId=${c.solarParkB}`, `systemId=${B_PV_SYSTEM}`]) {
      const res = await c.t.app.inject({ url: `/v1/solar/expected?${q}&${solarPeriod}`, headers: bearer(c.keyA) });
      expect(res.statusCode).toBe(404);
    }
  },
  'GET /v1/solar/performance': async (c) => {
    for (const q of [`parkId=${c.solarParkB}`, `systemId=${B_PV_SYSTEM}`]) {
      const res = await c.t.app.inject({ url: `/v1/solar/performance?${q}&${solarPeriod}`, headers: bearer(c.keyA) });
      expect(res.statusCode).toBe(404);
    }
  },
  'GET /v1/solar/alerts': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/solar/alerts?parkId=${c.solarParkB}&${solarPeriod}`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
  },
  'GET /v1/solar/energy': async (c) => {
    const res = await c.t.app.inject({ url: `/v1/solar/energy?parkId=${c.solarParkB}&${solarPeriod}`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
  },
  'GET /v1/solar/summary': async (c) => {
    for (const url of ['/v1/solar/summary', `/v1/solar/summary?tenantId=${c.tenantB}&${solarPeriod}`]) {
      const res = await c.t.app.inject({ url, headers: bearer(c.keyA) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ parks: 0, systems: 0, installedKwp: 0, generationKwh: 0 });
    }
    const b = await c.t.app.inject({ url: '/v1/solar/summary', headers: bearer(c.keyB) });
    expect(b.json()).toMatchObject({ parks: 1, generationKwh: 240 });
  },
  'POST /v1/inventory/activity': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/inventory/activity',
      headers: bearer(c.keyA),
      payload: { tenantId: c.tenantB, rows: [B_ACTIVITY_ROW] },
    });
    expect(res.statusCode).toBe(403);
    const csv = await c.t.app.inject({
      method: 'POST',
      url: `/v1/inventory/activity?tenantId=${c.tenantB}`,
      headers: { ...bearer(c.keyA), 'content-type': 'text/csv' },
      payload:
        'year,month,scope,category,quantity,unit,factor_id\n2021,1,1,mobile_combustion,1,L,desnz-2026:diesel-mineral-per-litre\n',
    });
    expect(csv.statusCode).toBe(403);
    const b = await c.t.app.inject({ url: '/v1/inventory?year=2021', headers: bearer(c.keyB) });
    expect(b.json().totals.lineCount).toBe(1);
  },
  'GET /v1/progress': async (c) => {
    const other = await c.t.app.inject({ url: `/v1/progress?year=2026&tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    expect(other.statusCode).toBe(403);
    // From B's solar day (2026-06-01) to the end of this year, which holds B's waybill, drop-off and plan.
    const period = `from=2026-01-01&to=${new Date().getUTCFullYear() + 1}-01-01`;
    const own = await c.t.app.inject({ url: `/v1/progress?${period}`, headers: bearer(c.keyA) });
    expect(own.statusCode).toBe(200);
    expect(own.json().tenantId).toBe(c.tenantA);
    // B has a waybill, an order, a box pool, a park with readings, a drop-off and a plan; A sees none of them.
    for (const tile of own.json().tiles) expect(tile.value, tile.id).toBe(0);
    const b = await c.t.app.inject({ url: `/v1/progress?${period}`, headers: bearer(c.keyB) });
    const byId = Object.fromEntries(b.json().tiles.map((t: { id: string; value: number }) => [t.id, t.value]));
    expect(byId).toMatchObject({ waybills: 1, consolidation: 0, packing: 1, reusables: 1, solar: 240, recycling: 1, routing: 1 });
  },
  'GET /v1/inventory': async (c) => {
    const other = await c.t.app.inject({ url: `/v1/inventory?year=2021&tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    expect(other.statusCode).toBe(403);
    const own = await c.t.app.inject({ url: '/v1/inventory?year=2021&by=tenant', headers: bearer(c.keyA) });
    expect(own.statusCode).toBe(200);
    expect(own.json().totals.lineCount).toBe(0);
    expect(own.json().breakdown).toEqual([]);
  },
  'POST /v1/inventory/sync': async (c) => {
    const other = await c.t.app.inject({
      method: 'POST',
      url: `/v1/inventory/sync?year=2026&tenantId=${c.tenantB}`,
      headers: bearer(c.keyA),
    });
    expect(other.statusCode).toBe(403);
    const own = await c.t.app.inject({ method: 'POST', url: '/v1/inventory/sync?year=2026', headers: bearer(c.keyA) });
    expect(own.json()).toMatchObject({ parks: 0, lines: 0 });
  },
  'POST /v1/inventory/certificates': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/inventory/certificates',
      headers: bearer(c.keyA),
      payload: { tenantId: c.tenantB, scheme: 'GEC', mwh: 1, vintageYear: 2026, region: 'CN', status: 'retired' },
    });
    expect(res.statusCode).toBe(403);
  },
  'GET /v1/inventory/certificates': async (c) => {
    expect(
      (await c.t.app.inject({ url: `/v1/inventory/certificates?tenantId=${c.tenantB}`, headers: bearer(c.keyA) })).statusCode,
    ).toBe(403);
    expect((await c.t.app.inject({ url: '/v1/inventory/certificates', headers: bearer(c.keyA) })).json().items).toEqual([]);
  },
  'POST /v1/inventory/offsets': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/inventory/offsets',
      headers: bearer(c.keyA),
      payload: {
        tenantId: c.tenantB,
        tCo2e: 1,
        registry: 'Verra VCS',
        projectType: 'avoidance',
        vintageYear: 2026,
        status: 'retired',
      },
    });
    expect(res.statusCode).toBe(403);
  },
  'GET /v1/inventory/offsets': async (c) => {
    expect(
      (await c.t.app.inject({ url: `/v1/inventory/offsets?tenantId=${c.tenantB}`, headers: bearer(c.keyA) })).statusCode,
    ).toBe(403);
    expect((await c.t.app.inject({ url: '/v1/inventory/offsets', headers: bearer(c.keyA) })).json().items).toEqual([]);
  },
  'POST /v1/inventory/base-year/recalculations': async (c) => {
    const url = '/v1/inventory/base-year/recalculations';
    const other = await c.t.app.inject({ method: 'POST', url, headers: bearer(c.keyA), payload: { tenantId: c.tenantB } });
    expect(other.statusCode).toBe(403);
    // A's own base year is empty: B's lines are not recalculated for A.
    expect((await c.t.app.inject({ method: 'POST', url, headers: bearer(c.keyA), payload: {} })).statusCode).toBe(400);
  },
  'GET /v1/inventory/base-year/recalculations': async (c) => {
    const url = '/v1/inventory/base-year/recalculations';
    expect((await c.t.app.inject({ url: `${url}?tenantId=${c.tenantB}`, headers: bearer(c.keyA) })).statusCode).toBe(403);
    expect((await c.t.app.inject({ url, headers: bearer(c.keyA) })).json().items).toEqual([]);
    expect((await c.t.app.inject({ url, headers: bearer(c.keyB) })).json().items).toHaveLength(1);
  },
  'GET /v1/targets': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/targets?tenantId=${c.tenantB}`, headers: bearer(c.keyA) })).statusCode).toBe(403);
    const own = await c.t.app.inject({ url: '/v1/targets', headers: bearer(c.keyA) });
    expect(own.json()).toMatchObject({ tenantId: c.tenantA, baseYearTotals: null, targets: [] });
  },
  'POST /v1/targets': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/targets',
      headers: bearer(c.keyA),
      payload: { tenantId: c.tenantB, targets: [{ id: 'x', scopes: [1], targetYear: 2030, reductionPct: 50, baseValue: 1 }] },
    });
    expect(res.statusCode).toBe(403);
    const b = await c.t.app.inject({ url: '/v1/targets', headers: bearer(c.keyB) });
    expect(b.json().defaults).toBe(true);
  },
};

describe(`tenant isolation (${TEST_DIALECT})`, () => {
  const ctx = {} as Ctx;

  beforeAll(async () => {
    ctx.t = await createTestApp();
    ctx.tenantA = await ctx.t.tenant('Merchant A');
    ctx.tenantB = await ctx.t.tenant('Merchant B');
    ctx.keyA = await ctx.t.keyFor('merchant', ctx.tenantA);
    ctx.keyB = await ctx.t.keyFor('merchant', ctx.tenantB);
    const post = async (key: string, body: object) =>
      (await ctx.t.app.inject({ method: 'POST', url: '/v1/sites', headers: bearer(key), payload: body })).json().id as string;
    ctx.siteA = await post(ctx.keyA, siteBody(ctx.tenantA, 'A warehouse'));
    ctx.siteB = await post(ctx.keyB, siteBody(ctx.tenantB, 'B warehouse'));
    const stored = await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/footprints',
      headers: bearer(ctx.keyB),
      payload: { store: true, shipments: [shipmentOf('B-1', 100)] },
    });
    ctx.shipmentB = stored.json().stored[0].id;
    const job = await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/footprint-jobs',
      headers: { ...bearer(ctx.keyB), 'content-type': 'text/csv' },
      payload:
        'shipment_id,mass_kg,element,toc,hoc,distance_km,distance_type,origin_lat,origin_lon,dest_lat,dest_lon\nJ1,5,leg,desnz-2026:hgv-average,,10,actual,,,,\n',
    });
    ctx.jobB = job.json().id;
    await ctx.t.app.inject({ method: 'PUT', url: '/v1/packing/boxes', headers: bearer(ctx.keyB), payload: { boxes: [B_BOX] } });
    await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/consolidation/orders',
      headers: bearer(ctx.keyB),
      payload: { orders: [B_ORDER] },
    });
    const plan = await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/routing/solve',
      headers: bearer(ctx.keyB),
      payload: { ...smallVroomProblem(), options: { timeLimitS: 0.2 } },
    });
    ctx.planB = plan.json().id;
    const issued = await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/waybills',
      headers: bearer(ctx.keyB),
      payload: { parcels: [waybillParcel('B-1')] },
    });
    ctx.waybillB = issued.json().items[0];
    await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/waybills/carriers',
      headers: bearer(ctx.keyB),
      payload: { code: 'BONLY', name: 'B only', prefix: 'BQ', sequenceDigits: 8, checkScheme: 'luhn' },
    });
    const captured = await ctx.t.app.inject({
      method: 'POST',
      url: '/epcis/capture',
      headers: bearer(ctx.keyB),
      payload: epcisDoc([B_EVENT]),
    });
    ctx.captureB = captured.json().captureID;
    const boxType = await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/reusables/box-types',
      headers: bearer(ctx.keyB),
      payload: B_BOX_TYPE,
    });
    ctx.boxTypeB = boxType.json().id;
    const stationKeyB = await ctx.t.keyFor('station', ctx.tenantB);
    await ctx.t.app.inject({ method: 'POST', url: '/v1/stations', headers: bearer(stationKeyB), payload: B_STATION });
    const dropped = await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/dropoffs',
      headers: bearer(stationKeyB),
      payload: { stationId: B_STATION.id, consumerId: 'u-b', waybillNo: ctx.waybillB.waybillNo, grade: 'carton_s' },
    });
    expect(dropped.json().status).toBe('accepted');
    ctx.stationKeyA = await ctx.t.keyFor('station', ctx.tenantA);
    const pickup = await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/pickups',
      headers: bearer(stationKeyB),
      payload: { stationId: B_STATION.id },
    });
    expect(pickup.statusCode).toBe(201);
    ctx.pickupB = pickup.json().id;
    const park = await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/solar/parks',
      headers: bearer(ctx.keyB),
      payload: B_SOLAR_PARK,
    });
    expect(park.statusCode).toBe(201);
    ctx.solarParkB = park.json().id;
    const system = await ctx.t.app.inject({
      method: 'POST',
      url: `/v1/solar/parks/${ctx.solarParkB}/systems`,
      headers: bearer(ctx.keyB),
      payload: { id: B_PV_SYSTEM, name: 'B roof', dcKwp: 100, tiltDeg: 10 },
    });
    expect(system.statusCode).toBe(201);
    const readings = await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/solar/readings',
      headers: { ...bearer(ctx.keyB), 'content-type': 'text/csv' },
      payload: B_METER_CSV,
    });
    expect(readings.json()).toMatchObject({ inserted: 24 });
    const activity = await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/inventory/activity',
      headers: bearer(ctx.keyB),
      payload: { rows: [B_ACTIVITY_ROW] },
    });
    expect(activity.json()).toMatchObject({ inserted: 1 });
    const recalc = await ctx.t.app.inject({
      method: 'POST',
      url: '/v1/inventory/base-year/recalculations',
      headers: bearer(ctx.keyB),
      payload: { dryRun: true },
    });
    expect(recalc.statusCode).toBe(201);
  });
  afterAll(async () => ctx.t.close());

  for (const [route, check] of Object.entries(CASES)) {
    it(`${route}: merchant A cannot reach tenant B`, async () => check(ctx));
  }

  it('has a case for every authenticated route', () => {
    const routes = ctx.t.app.routeTable
      .filter((r) => !r.public && (r.url.startsWith('/v1/') || r.url.startsWith('/epcis')))
      .map((r) => `${r.method} ${r.url}`);
    const missing = routes.filter((r) => !(r in CASES));
    expect(missing, 'routes without a tenant-isolation case').toEqual([]);
  });
});
