import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';

const station = (tenantId: string, kind = 'station') => ({
  tenantId,
  kind,
  name: 'Xixi Station',
  city: 'Hangzhou',
  province: 'Zhejiang',
  region: 'East',
  lat: 30.27,
  lon: 120.07,
  attributes: { openingHours: '08:00-21:00' },
});

describe(`sites (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let stationsTenant: string;
  let stationKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    stationsTenant = await t.tenant('Stations Co', 'station_operator');
    stationKey = await t.keyFor('station', stationsTenant);
  });
  afterAll(async () => t.close());

  it('creates, reads, changes and removes a site', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: bearer(stationKey),
      payload: station(stationsTenant),
    });
    expect(created.statusCode).toBe(201);
    const site = created.json();
    expect(site).toMatchObject({ kind: 'station', city: 'Hangzhou', attributes: { openingHours: '08:00-21:00' } });

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/sites/${site.id}`,
      headers: bearer(stationKey),
      payload: { name: 'Xixi Station (moved)', lat: 30.28 },
    });
    expect(patched.json()).toMatchObject({ name: 'Xixi Station (moved)', lat: 30.28, lon: 120.07 });

    const all = await t.app.inject({ url: '/v1/sites?kind=station', headers: bearer(t.adminKey) });
    expect(all.json().items.map((s: { id: string }) => s.id)).toContain(site.id);

    expect((await t.app.inject({ method: 'DELETE', url: `/v1/sites/${site.id}`, headers: bearer(stationKey) })).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ url: `/v1/sites/${site.id}`, headers: bearer(t.adminKey) })).statusCode).toBe(404);
  });

  it('lets a station key manage only stations', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: bearer(stationKey),
      payload: station(stationsTenant, 'hub'),
    });
    expect(res.statusCode).toBe(403);
  });

  it('refuses writes from analysts and couriers', async () => {
    for (const role of ['analyst', 'courier']) {
      const key = await t.keyFor(role);
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/sites',
        headers: bearer(key),
        payload: station(stationsTenant),
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it('refuses coordinates out of range and unknown tenants', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: bearer(t.adminKey),
      payload: { ...station(stationsTenant), lat: 95 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body/lat');
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: bearer(t.adminKey),
      payload: station('ten_nobody'),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('/tenantId');
  });
});
