import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';

// iLEAP end-to-end example (sine-fdn/ileap-extension): 87 kg over 423 km (primary) and 321 km.
const ILEAP_EXAMPLE = {
  id: '1237890',
  massKg: 87,
  chain: [
    {
      type: 'leg',
      id: 'abcdef',
      toc: { id: 'toc-1', co2eIntensityWtwKgPerTkm: 0.1, co2eIntensityTtwKgPerTkm: 3.2801 / 36.801, dataType: 'primary' },
      distanceKm: 423,
    },
    {
      type: 'leg',
      id: 'ghijkl',
      toc: { id: 'toc-2', co2eIntensityWtwKgPerTkm: 0.17, co2eIntensityTtwKgPerTkm: 0.153, dataType: 'modelled' },
      distanceKm: 321,
    },
  ],
};

const REEFER = {
  id: 'S1',
  massKg: 1200,
  chain: [{ type: 'leg', toc: 'desnz-2026:hgv-refrigerated-articulated', distanceKm: 250, distanceType: 'actual' }],
};

async function waitForJob(t: TestApp, key: string, location: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const job = (await t.app.inject({ url: location, headers: bearer(key) })).json();
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('job did not finish');
}

describe(`footprint API (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let merchant: string;
  let tenantId: string;

  beforeAll(async () => {
    t = await createTestApp();
    tenantId = await t.tenant('Tea House');
    merchant = await t.keyFor('merchant', tenantId);
  });
  afterAll(async () => t.close());

  it('reproduces the iLEAP end-to-end example', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/footprints',
      headers: bearer(merchant),
      payload: { shipments: [ILEAP_EXAMPLE] },
    });
    expect(res.statusCode).toBe(200);
    const s = res.json().shipments[0];
    expect(s.elements.map((e: { transportActivityTkm: number }) => e.transportActivityTkm)).toEqual([
      expect.closeTo(36.801, 9),
      expect.closeTo(27.927, 9),
    ]);
    expect(s.transportActivityTkm).toBeCloseTo(64.728, 9);
    expect(s.co2eWtwKg).toBeCloseTo(8.42769, 6);
    expect(s.co2eTtwKg).toBeCloseTo(7.552931, 6);
    expect(s.primaryDataShare * 100).toBeCloseTo(56.85, 2);
  });

  it('uses library factors: 1.2 t x 250 km on a refrigerated artic is 300 t.km and 33.84 kg WTW', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/footprints',
      headers: bearer(merchant),
      payload: { shipments: [REEFER] },
    });
    const s = res.json().shipments[0];
    expect(s.transportActivityTkm).toBeCloseTo(300, 9);
    expect(s.co2eWtwKg).toBeCloseTo(300 * 0.1128, 9);
    expect(s.co2eTtwKg).toBeCloseTo(300 * 0.09166, 9);
    expect(s.co2eWttKg).toBeCloseTo(300 * 0.02114, 9);
  });

  it('answers 400 naming each bad field and stores nothing', async () => {
    const bad = {
      store: true,
      shipments: [
        REEFER,
        { id: 'S2', chain: [{ type: 'leg', toc: 'desnz-2026:hgv-average', distanceKm: -5 }] },
        { id: 'S3', massKg: 10, chain: [{ type: 'leg', toc: 'nope:unknown', distanceKm: 5 }] },
      ],
    };
    const res = await t.app.inject({ method: 'POST', url: '/v1/footprints', headers: bearer(merchant), payload: bad });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['/shipments/1/massKg', '/shipments/1/chain/0/distanceKm', '/shipments/2/chain/0/toc']),
    );
    const list = await t.app.inject({ url: '/v1/shipments', headers: bearer(merchant) });
    expect(list.json().items).toEqual([]);
  });

  it('stores, lists, explains and exports a shipment, and never counts it twice', async () => {
    const post = (massKg: number) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/footprints',
        headers: bearer(merchant),
        payload: { store: true, shippedOn: '2026-03-01', shipments: [{ ...ILEAP_EXAMPLE, massKg }] },
      });
    expect((await post(87)).json().stored[0].shipmentId).toBe('1237890');
    expect((await post(87)).statusCode).toBe(200);

    const list = (await t.app.inject({ url: '/v1/shipments', headers: bearer(merchant) })).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ shipmentId: '1237890', shippedOn: '2026-03-01', elementCount: 2 });
    expect(list[0].co2eWtwKg).toBeCloseTo(8.42769, 6);

    const detail = await t.app.inject({ url: '/v1/shipments/1237890/footprint?explain=true', headers: bearer(merchant) });
    expect(detail.statusCode).toBe(200);
    const body = detail.json();
    expect(body.result.elements).toHaveLength(2);
    expect(body.explanation.steps.length).toBeGreaterThan(2);

    const ileap = (await t.app.inject({ url: '/v1/shipments/1237890/ileap', headers: bearer(merchant) })).json();
    expect(ileap.shipmentFootprint.shipmentId).toBe('1237890');
    expect(ileap.shipmentFootprint.tces).toHaveLength(2);
    expect(ileap.tocs.map((t: { tocId: string }) => t.tocId)).toEqual(['toc-1', 'toc-2']);

    // importing the export recomputes to the same figures
    const back = await t.app.inject({
      method: 'POST',
      url: '/v1/footprints/ileap',
      headers: bearer(merchant),
      payload: { documents: [ileap] },
    });
    expect(back.statusCode).toBe(200);
    expect(back.json().shipments[0].co2eWtwKg).toBeCloseTo(8.42769, 6);
    expect(back.json().shipments[0].transportActivityTkm).toBeCloseTo(64.728, 9);

    // recomputing with a new mass replaces the stored footprint
    await post(174);
    const again = (await t.app.inject({ url: '/v1/shipments', headers: bearer(merchant) })).json().items;
    expect(again).toHaveLength(1);
    expect(again[0].co2eWtwKg).toBeCloseTo(2 * 8.42769, 6);
  });

  it('refuses to store for analysts and needs a tenant for unbound keys', async () => {
    const analyst = await t.keyFor('analyst');
    const a = await t.app.inject({
      method: 'POST',
      url: '/v1/footprints',
      headers: bearer(analyst),
      payload: { store: true, shipments: [REEFER] },
    });
    expect(a.statusCode).toBe(403);
    const computeOnly = await t.app.inject({
      method: 'POST',
      url: '/v1/footprints',
      headers: bearer(analyst),
      payload: { shipments: [REEFER] },
    });
    expect(computeOnly.statusCode).toBe(200);
    const admin = await t.app.inject({
      method: 'POST',
      url: '/v1/footprints',
      headers: bearer(t.adminKey),
      payload: { store: true, shipments: [REEFER] },
    });
    expect(admin.statusCode).toBe(400);
    expect(admin.json().errors[0].field).toBe('tenantId');
  });

  it('runs a CSV batch as a job: reports bad lines with numbers and stores the valid shipments', async () => {
    const csv = [
      'shipment_id,mass_kg,element,toc,hoc,distance_km,distance_type,origin_lat,origin_lon,dest_lat,dest_lon',
      'B1,1000,leg,desnz-2026:hgv-average,,100,actual,,,,',
      'B1,1000,leg,desnz-2026:freight-train,,200,actual,,,,',
      'B2,,leg,desnz-2026:hgv-average,,100,actual,,,,',
      'B3,500,leg,desnz-2026:no-such-factor,,100,actual,,,,',
      'B4,500,leg,desnz-2026:hgv-average,,abc,actual,,,,',
      'B5,2000,leg,desnz-2026:hgv-average,,,,31.23,121.47,30.27,120.15',
    ].join('\n');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/footprint-jobs',
      headers: { ...bearer(merchant), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode).toBe(202);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/v1\/footprint-jobs\/job_/);
    const job = await waitForJob(t, merchant, location);
    expect(job).toMatchObject({ status: 'succeeded', shipmentsOk: 2, progress: 1 });
    const lines = (job.errors as { line: number }[]).map((e) => e.line);
    expect(lines).toEqual([4, 5, 6]);

    const result = await t.app.inject({ url: `${location}/result`, headers: bearer(merchant) });
    expect(result.headers['content-type']).toContain('text/csv');
    const rows = result.body.trim().split('\n');
    expect(rows).toHaveLength(3);
    const b1 = rows.find((r) => r.startsWith('B1,'))!.split(',');
    // 1 t x 100 km x 0.12715 + 1 t x 200 km x 0.03274
    expect(Number(b1[5])).toBeCloseTo(0.12715 * 100 + 0.03274 * 200, 5);
  });

  it('stores nothing from a strict job with a bad row', async () => {
    const csv =
      'shipment_id,mass_kg,element,toc,hoc,distance_km,distance_type,origin_lat,origin_lon,dest_lat,dest_lon\nC1,10,leg,desnz-2026:hgv-average,,10,actual,,,,\nC2,-1,leg,desnz-2026:hgv-average,,10,actual,,,,\n';
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/footprint-jobs?strict=true',
      headers: { ...bearer(merchant), 'content-type': 'text/csv' },
      payload: csv,
    });
    const job = await waitForJob(t, merchant, res.headers.location as string);
    expect(job.status).toBe('failed');
    expect((job.errors as { line: number }[])[0]?.line).toBe(3);
    const stored = await t.app.inject({ url: `/v1/shipments?jobId=${job.id}`, headers: bearer(merchant) });
    expect(stored.json().items).toEqual([]);
  });

  it('sums the stored footprints in the summary exactly as the list adds up', async () => {
    const items: { co2eWtwKg: number; transportActivityTkm: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await t.app.inject({ url: `/v1/shipments?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(merchant) })
      ).json();
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const summary = (await t.app.inject({ url: '/v1/shipments/summary', headers: bearer(merchant) })).json();
    expect(summary.shipments).toBe(items.length);
    expect(summary.co2eWtwKg).toBeCloseTo(
      items.reduce((a, s) => a + s.co2eWtwKg, 0),
      9,
    );
    expect(summary.transportActivityTkm).toBeCloseTo(
      items.reduce((a, s) => a + s.transportActivityTkm, 0),
      9,
    );
  });
});
