import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';
import { setDoc } from '../../test/support/factors.js';

const CSV = [
  'id,name,category,unit,ttw,wtt,wtw,gwp,region,year,source,licence,mode,distance_basis,daf_included,temperature_controlled,notes',
  'own-2025:reefer,Own reefer trucks,freight,kgCO2e/t.km,0.09,0.02,0.11,AR6,CN,2025,Fleet telematics,,road,actual,true,true,',
  'own-2025:hub-hz,Hangzhou hub,hub,kgCO2e/t,,,1.4,AR6,CN-East,2025,Energy bills,,,,,,',
].join('\n');
const CSV_META = 'id=own-2025&version=2025.1&publisher=Tea%20House&licence=Proprietary';

describe(`factor API (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let tenantA: string;
  let tenantB: string;
  let keyA: string;
  let keyB: string;
  let courier: string;
  let analyst: string;

  const get = (url: string, key: string) => t.app.inject({ url, headers: bearer(key) });
  const postJson = (key: string, body: unknown, query = '') =>
    t.app.inject({ method: 'POST', url: `/v1/factor-sets${query}`, headers: bearer(key), payload: body as object });
  const postCsv = (key: string, csv: string, query: string) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/factor-sets?${query}`,
      headers: { ...bearer(key), 'content-type': 'text/csv' },
      payload: csv,
    });

  beforeAll(async () => {
    t = await createTestApp();
    tenantA = await t.tenant('Tea House');
    tenantB = await t.tenant('Silk Road');
    keyA = await t.keyFor('merchant', tenantA);
    keyB = await t.keyFor('merchant', tenantB);
    courier = await t.keyFor('courier', tenantA);
    analyst = await t.keyFor('analyst');
  });
  afterAll(async () => t.close());

  it('answers the reference values with provenance, for ids sent plain or URL-encoded', async () => {
    for (const url of ['/v1/factors/desnz-2026%3Ahgv-average', '/v1/factors/desnz-2026:hgv-average']) {
      const res = await get(url, courier);
      expect(res.statusCode, url).toBe(200);
      expect(res.json()).toMatchObject({
        id: 'desnz-2026:hgv-average',
        values: { ttw: 0.10356, wtt: 0.02359, wtw: 0.12715 },
        unit: 'kgCO2e/t.km',
        gwp: 'AR5',
        licence: 'Open Government Licence v3.0',
        source: expect.stringContaining('DESNZ'),
        mode: 'road',
        dafIncluded: true,
      });
    }
    const grid = await get(`/v1/factors/${encodeURIComponent('mee-2023:cn-grid-national')}`, courier);
    expect(grid.json()).toMatchObject({ values: { wtw: 0.5306 }, unit: 'kgCO2/kWh', coverage: 'generation' });
    const missing = await get('/v1/factors/desnz-2026:nope', courier);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('lists, filters and pages factors, and needs a key', async () => {
    expect((await t.app.inject({ url: '/v1/factors' })).statusCode).toBe(401);
    const refrigerated = await get('/v1/factors?mode=road&q=hgv,%20refrigerated', keyA);
    expect(refrigerated.json().items.map((f: { id: string }) => f.id)).toEqual([
      'desnz-2026:hgv-refrigerated-articulated',
      'desnz-2026:hgv-refrigerated-average',
    ]);
    const first = await get('/v1/factors?setId=mee-2023&limit=4', keyA);
    const second = await get(`/v1/factors?setId=mee-2023&limit=4&cursor=${first.json().nextCursor}`, keyA);
    expect(first.json().items).toHaveLength(4);
    expect(second.json().items[0].id > first.json().items[3].id).toBe(true);
    expect((await get('/v1/factors?category=rocket', keyA)).statusCode).toBe(400);
  });

  it('lists the built-in sets and shows one with its factors', async () => {
    const sets = (await get('/v1/factor-sets', keyA)).json().items as { id: string; builtIn: boolean }[];
    expect(sets.filter((s) => s.builtIn).map((s) => s.id)).toEqual(['desnz-2026', 'fefco-2021', 'mee-2022', 'mee-2023']);
    const desnz = (await get('/v1/factor-sets/desnz-2026', keyA)).json();
    expect(desnz.attribution).toContain('Open Government Licence v3.0');
    expect(desnz.factors.length).toBe(48);
  });

  it('loads a JSON set for the merchant, refuses it again with 409 and replaces it on request', async () => {
    const created = await postJson(keyA, setDoc('tea-own', ['truck']));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ id: 'tea-own', tenantId: tenantA, factorCount: 1, replaced: false });
    expect((await get('/v1/factors/tea-own:truck', keyA)).json().values.wtw).toBe(0.1);

    const again = await postJson(keyA, setDoc('tea-own', ['truck']));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('already loaded') });

    const replaced = await postJson(keyA, setDoc('tea-own', ['truck', 'van'], '2'), '?replace=true');
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ version: '2', factorCount: 2, replaced: true });
  });

  it('refuses a bad JSON set with every problem listed and stores nothing', async () => {
    const doc = setDoc('tea-bad', ['ok', 'bad-unit', 'bad-year']);
    (doc.factors[1] as { unit: string }).unit = 'kgCO2e/kWh';
    (doc.factors[2] as unknown as { year: string }).year = '2025'; // strings are not numbers here
    const res = await postJson(keyA, doc);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: '/factors/1/unit', message: 'for freight factors the unit must be one of kgCO2e/t.km, kgCO2e/TEU.km' },
      { field: '/factors/2/year', message: 'must be integer' },
    ]);
    expect((await get('/v1/factor-sets/tea-bad', keyA)).statusCode).toBe(404);
    expect((await postJson(keyA, { ...setDoc('x', ['y']), id: 'desnz-2026' })).statusCode).toBe(409);
  });

  it('loads a CSV set with its metadata in the query, and reports bad rows by line', async () => {
    const created = await postCsv(keyA, CSV, CSV_META);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ id: 'own-2025', name: 'own-2025', factorCount: 2, licence: 'Proprietary' });
    expect((await get('/v1/factors/own-2025:reefer', keyA)).json()).toMatchObject({
      temperatureControlled: true,
      licence: 'Proprietary',
    });

    const bad = `${CSV.replace('0.09,0.02,0.11', '0.09,0.02,x').replaceAll('own-2025:', 'own-2026:')}\nown-2026:z,Z,fuel,kgCO2e/L,2.6,,,AR9,GB,2025,s,,,,,,`;
    const res = await postCsv(keyA, bad, CSV_META.replace('own-2025', 'own-2026'));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { line: 2, field: 'wtw', message: '"x" is not a number' },
      { line: 4, field: 'gwp', message: 'must be one of SAR, AR4, AR5, AR6, CO2 only, unspecified' },
    ]);
    expect((await get('/v1/factor-sets/own-2026', keyA)).statusCode).toBe(404);

    const noMeta = await postCsv(keyA, CSV, 'id=own-2027');
    expect(noMeta.statusCode).toBe(400);
    expect(noMeta.json().errors.map((e: { field: string }) => e.field)).toEqual(['set/version', 'set/publisher', 'set/licence']);
  });

  it('answers 415 for other content types', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/factor-sets',
      headers: { ...bearer(keyA), 'content-type': 'application/xml' },
      payload: '<set/>',
    });
    expect(res.statusCode).toBe(415);
  });

  it('lets admin, analyst and merchant load sets, never a courier or station', async () => {
    expect((await postJson(courier, setDoc('c-set', ['x']))).statusCode).toBe(403);
    const station = await t.keyFor('station', await t.tenant('Stations', 'station_operator'));
    expect((await postJson(station, setDoc('s-set', ['x']))).statusCode).toBe(403);
    // An analyst bound to no tenant must say whose set it is; sharing is for admins.
    expect((await postJson(analyst, setDoc('an-set', ['x']))).statusCode).toBe(403);
    expect((await postJson(analyst, setDoc('an-set', ['x']), `?tenantId=${tenantB}`)).statusCode).toBe(201);
    expect((await get('/v1/factors/an-set:x', keyB)).statusCode).toBe(200);
  });

  it("keeps merchant B out of merchant A's sets: 404 to read or delete", async () => {
    await postJson(keyA, setDoc('tea-private', ['secret']));
    expect((await get('/v1/factor-sets/tea-private', keyB)).statusCode).toBe(404);
    expect((await get('/v1/factors/tea-private:secret', keyB)).statusCode).toBe(404);
    const listed = (await get('/v1/factors?q=secret', keyB)).json().items;
    expect(listed).toEqual([]);
    expect((await get(`/v1/factors?tenantId=${tenantA}`, keyB)).statusCode).toBe(403);
    const del = await t.app.inject({ method: 'DELETE', url: '/v1/factor-sets/tea-private', headers: bearer(keyB) });
    expect(del.statusCode).toBe(404);
    expect((await get('/v1/factor-sets/tea-private', keyA)).statusCode).toBe(200);
    // B may use the same set id for its own data.
    expect((await postJson(keyB, setDoc('tea-private', ['other']))).statusCode).toBe(201);
    expect((await get('/v1/factors/tea-private:secret', keyB)).statusCode).toBe(404);
    // An admin sees A's set only when it asks for A's view.
    expect((await get('/v1/factor-sets/tea-private', t.adminKey)).statusCode).toBe(404);
    expect((await get(`/v1/factor-sets/tea-private?tenantId=${tenantA}`, t.adminKey)).json().factors[0].id).toBe(
      'tea-private:secret',
    );
  });

  it('shares an admin set with every tenant; only an admin removes it; built-ins stay', async () => {
    const shared = await postJson(t.adminKey, setDoc('network-road', ['van']));
    expect(shared.statusCode).toBe(201);
    expect(shared.json().tenantId).toBeNull();
    expect((await get('/v1/factors/network-road:van', keyB)).statusCode).toBe(200);
    expect((await postJson(keyA, setDoc('network-road', ['mine']))).statusCode).toBe(409);
    const del = (url: string, key: string) => t.app.inject({ method: 'DELETE', url, headers: bearer(key) });
    expect((await del('/v1/factor-sets/network-road', keyA)).statusCode).toBe(403);
    expect((await del('/v1/factor-sets/desnz-2026', t.adminKey)).statusCode).toBe(403);
    expect((await del('/v1/factor-sets/network-road', t.adminKey)).statusCode).toBe(204);
    expect((await get('/v1/factors/network-road:van', keyB)).statusCode).toBe(404);
    expect((await del('/v1/factor-sets/tea-own', keyA)).statusCode).toBe(204);
    expect((await get('/v1/factor-sets/tea-own', keyA)).statusCode).toBe(404);
  });

  it('documents the endpoints under the factors tag', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { tags?: string[]; requestBody?: { content: Record<string, unknown> } }>>;
    };
    for (const path of ['/v1/factors', '/v1/factors/{id}', '/v1/factor-sets', '/v1/factor-sets/{id}']) {
      expect(
        Object.values(doc.paths[path]).every((op) => op.tags?.includes('factors')),
        path,
      ).toBe(true);
    }
    expect(Object.keys(doc.paths['/v1/factor-sets'].post.requestBody?.content ?? {})).toEqual(['application/json', 'text/csv']);
  });
});
