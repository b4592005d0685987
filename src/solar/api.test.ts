import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';
import { runChain } from './chain.js';
import type { PvLocation, PvSystemSpec } from './model.js';
import { weatherCorrectedPr } from './performance.js';
import { pvwattsLosses } from './pvwatts.js';

// A small fixture with known numbers: two June days in Hangzhou, an hourly POA sensor with the profile below, and two
// systems whose meters read a fixed share of kWp x POA (so PR is that share by construction).
const POA_BY_HOUR: Record<number, number> = {
  4: 5,
  5: 50,
  6: 150,
  7: 300,
  8: 450,
  9: 600,
  10: 750,
  11: 850,
  12: 900,
  13: 850,
  14: 750,
  15: 600,
  16: 450,
  17: 300,
  18: 150,
  19: 10,
};
const poa = (h: number) => POA_BY_HOUR[h] ?? 0;
const SUM_POA_WH = Object.values(POA_BY_HOUR).reduce((s, v) => s + v, 0);
const DAYS = ['2026-06-01', '2026-06-02'];
const time = (day: string, h: number) => `${day}T${String(h).padStart(2, '0')}:00:00+08:00`;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

const PARK = {
  name: 'Hangzhou Logistics Park PV',
  city: 'Hangzhou',
  province: 'Zhejiang',
  region: 'East',
  lat: 30.27,
  lon: 120.15,
  elevationM: 10,
};

/** S1 (10 kWp): 0.8 of kWp x POA on day 1; 0.7 on day 2, with a zero at noon. */
const s1Kwh = (day: string, h: number) => (day === DAYS[0] ? 0.008 * poa(h) : h === 12 ? 0 : 0.007 * poa(h));
/** S2 (5 kWp): 0.8 of kWp x POA; no readings 09:00-12:00 on day 2. */
const s2Missing = (day: string, h: number) => day === DAYS[1] && h >= 9 && h < 12;
const s2Kwh = (_day: string, h: number) => 0.004 * poa(h);
/** The site consumes 5 kWh every hour. */
const CONSUMPTION = 5;

function meterCsv(): string {
  const lines = ['time,system_id,ac_kwh'];
  for (const day of DAYS) {
    for (const h of HOURS) lines.push(`${time(day, h)},S1,${s1Kwh(day, h)}`);
  }
  for (const day of DAYS) {
    for (const h of HOURS) if (!s2Missing(day, h)) lines.push(`${time(day, h)},S2,${s2Kwh(day, h)}`);
  }
  return `${lines.join('\n')}\n`;
}

const generation = (day: string, h: number) => s1Kwh(day, h) + (s2Missing(day, h) ? 0 : s2Kwh(day, h));

describe(`solar parks API (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let operator: string;
  let key: string;
  let parkId: string;

  const csv = (url: string, body: string, k = key) =>
    t.app.inject({ method: 'POST', url, headers: { ...bearer(k), 'content-type': 'text/csv' }, payload: body });
  const get = (url: string, k = key) => t.app.inject({ url, headers: bearer(k) });
  const meterCount = async () =>
    Number(
      (
        await t.db.kysely
          .selectFrom('solar_meter_readings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp({ rateLimitPerMinute: 1_000_000 });
    operator = await t.tenant('Greenlink Operator', 'operator');
    key = await t.keyFor('merchant', operator);
  });
  afterAll(() => t?.close());

  it('creates a park (and its solar_park site) and refuses bad parks with the fields', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/solar/parks',
      headers: bearer(key),
      payload: { ...PARK, lat: 95, linkeTurbidity: [3, 4], meterLabel: 'start' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['lat', 'linkeTurbidity']));
    expect((await get('/v1/sites?kind=solar_park')).json().items).toEqual([]);

    const res = await t.app.inject({ method: 'POST', url: '/v1/solar/parks', headers: bearer(key), payload: PARK });
    expect(res.statusCode, res.body).toBe(201);
    const park = res.json();
    parkId = park.id;
    expect(park).toMatchObject({
      tenantId: operator,
      name: PARK.name,
      region: 'East',
      elevationM: 10,
      utcOffsetMin: 480,
      meterLabel: 'left',
      gridRegion: null,
      systems: [],
      kpis: { systems: 0, installedKwp: 0, generationKwh: 0 },
    });
    expect(park.linkeTurbidity).toHaveLength(12);
    const site = (await get(`/v1/sites/${parkId}`)).json();
    expect(site).toMatchObject({ kind: 'solar_park', city: 'Hangzhou' });
    // The same site cannot become a second park; a warehouse cannot become one.
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/solar/parks',
      headers: bearer(key),
      payload: { siteId: parkId },
    });
    expect(again.statusCode).toBe(409);
    const wh = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: bearer(key),
      payload: {
        tenantId: operator,
        kind: 'warehouse',
        name: 'W',
        city: 'Hangzhou',
        province: 'Zhejiang',
        region: 'East',
        lat: 30,
        lon: 120,
      },
    });
    const notPark = await t.app.inject({
      method: 'POST',
      url: '/v1/solar/parks',
      headers: bearer(key),
      payload: { siteId: wh.json().id },
    });
    expect(notPark.statusCode).toBe(400);
    expect(notPark.json().errors[0].field).toBe('siteId');
    expect((await get('/v1/solar/parks/site_nope')).statusCode).toBe(404);
  });

  it('attaches to an existing solar_park site', async () => {
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: bearer(key),
      payload: {
        tenantId: operator,
        kind: 'solar_park',
        name: 'Guangzhou PV',
        city: 'Guangzhou',
        province: 'Guangdong',
        region: 'South',
        lat: 23.1,
        lon: 113.3,
      },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/solar/parks',
      headers: bearer(key),
      payload: { siteId: site.json().id, gridRegion: 'south', utcOffsetMin: 480 },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ id: site.json().id, name: 'Guangzhou PV', gridRegion: 'South' });
    const list = (await get('/v1/solar/parks')).json();
    expect(list.items.map((p: { id: string }) => p.id).sort()).toEqual([parkId, site.json().id].sort());
  });

  it('adds systems with defaults and refuses bad ones with the fields', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: `/v1/solar/parks/${parkId}/systems`,
      headers: bearer(key),
      payload: { id: 'S0', name: 'x', dcKwp: 0, tiltDeg: 95, azimuthDeg: 400 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['dcKwp', 'tiltDeg', 'azimuthDeg']);
    const s1 = await t.app.inject({
      method: 'POST',
      url: `/v1/solar/parks/${parkId}/systems`,
      headers: bearer(key),
      payload: { id: 'S1', name: 'Roof A', dcKwp: 10, tiltDeg: 20 },
    });
    expect(s1.statusCode, s1.body).toBe(201);
    expect(s1.json()).toMatchObject({
      id: 'S1',
      parkId,
      azimuthDeg: 180,
      mounting: 'close_mount',
      moduleType: 'standard',
      albedo: 0.2,
      commissionedOn: null,
    });
    expect(s1.json().lossesPct).toBeCloseTo(pvwattsLosses(), 12);
    expect(s1.json().inverterAcKw).toBeCloseTo(10 / 1.1, 12);
    const s2 = await t.app.inject({
      method: 'POST',
      url: `/v1/solar/parks/${parkId}/systems`,
      headers: bearer(key),
      payload: { id: 'S2', name: 'Roof B', dcKwp: 5, tiltDeg: 10, azimuthDeg: 170, mounting: 'open_rack', inverterAcKw: 5 },
    });
    expect(s2.statusCode, s2.body).toBe(201);
    const dup = await t.app.inject({
      method: 'POST',
      url: `/v1/solar/parks/${parkId}/systems`,
      headers: bearer(key),
      payload: { id: 'S2', name: 'again', dcKwp: 5, tiltDeg: 10 },
    });
    expect(dup.statusCode).toBe(409);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: '/v1/solar/systems/S2',
      headers: bearer(key),
      payload: { tiltDeg: 91 },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().errors[0].field).toBe('tiltDeg');
    const park = (await get(`/v1/solar/parks/${parkId}`)).json();
    expect(park.kpis).toMatchObject({ systems: 2, installedKwp: 15 });
  });

  it('refuses bad readings files with the line and field, writing nothing', async () => {
    const good = meterCsv().trimEnd().split('\n');
    const cases: Array<{ name: string; lines: string[]; line: number; field: string; message: RegExp }> = [
      {
        name: 'out of order',
        lines: [good[0] as string, good[2] as string, good[1] as string, ...good.slice(3)],
        line: 3,
        field: 'time',
        message: /out of order/,
      },
      {
        name: 'duplicated',
        lines: [...good.slice(0, 4), good[3] as string, ...good.slice(4)],
        line: 5,
        field: 'time',
        message: /duplicate.*line 4/,
      },
      {
        name: 'negative energy',
        lines: [...good.slice(0, 6), `${time('2026-06-03', 5)},S1,-0.5`],
        line: 7,
        field: 'ac_kwh',
        message: /negative energy/,
      },
      {
        name: 'unknown system',
        lines: [...good.slice(0, 3), `${time('2026-06-03', 5)},S9,1`],
        line: 4,
        field: 'system_id',
        message: /unknown PV system S9/,
      },
      {
        name: 'off the interval grid',
        lines: [...good.slice(0, 3), '2026-06-03T05:30:00+08:00,S1,1'],
        line: 4,
        field: 'time',
        message: /not on the 60-minute grid/,
      },
      { name: 'no offset', lines: [...good.slice(0, 3), '2026-06-03T05:00:00,S1,1'], line: 4, field: 'time', message: /offset/ },
      {
        name: 'more than the system can make',
        lines: [...good.slice(0, 3), `${time('2026-06-03', 12)},S2,50`],
        line: 4,
        field: 'ac_kwh',
        message: /more than system S2/,
      },
    ];
    for (const c of cases) {
      const res = await csv(`/v1/solar/readings?parkId=${parkId}`, `${c.lines.join('\n')}\n`);
      expect(res.statusCode, c.name).toBe(400);
      const problem = res.json();
      expect(problem.detail, c.name).toMatch(/nothing was imported/);
      expect(problem.errors[0], c.name).toMatchObject({ line: c.line, field: c.field });
      expect(problem.errors[0].message, c.name).toMatch(c.message);
    }
    const header = await csv('/v1/solar/readings', 'when,system,kwh\n2026-06-01T00:00:00+08:00,S1,1\n');
    expect(header.statusCode).toBe(400);
    expect(header.json().errors[0].line).toBe(1);
    const unknownPark = await csv('/v1/solar/readings?parkId=site_nope', 'time,poa_wm2\n2026-06-01T00:00:00+08:00,0\n');
    expect(unknownPark.statusCode).toBe(400);
    expect(unknownPark.json().errors[0].field).toBe('parkId');
    const sensorPark = await csv('/v1/solar/readings', 'time,park_id,poa_wm2\n2026-06-01T00:00:00+08:00,site_nope,0\n');
    expect(sensorPark.json().errors[0]).toMatchObject({ line: 2, field: 'park_id', message: 'unknown solar park site_nope' });
    expect(await meterCount()).toBe(0);
  });

  it('imports meter, sensor and site readings; a re-import is unchanged, a different value a conflict', async () => {
    const meters = meterCsv();
    const rows = meters.trimEnd().split('\n').length - 1;
    const first = await csv(`/v1/solar/readings?parkId=${parkId}`, meters);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ kind: 'meter', rows, inserted: rows, unchanged: 0, replaced: 0 });
    const again = await csv(`/v1/solar/readings?parkId=${parkId}`, meters);
    expect(again.json()).toEqual({ kind: 'meter', rows, inserted: 0, unchanged: rows, replaced: 0 });
    expect(await meterCount()).toBe(rows);

    const changed = meters.replace(
      `${time(DAYS[0] as string, 12)},S1,${s1Kwh(DAYS[0] as string, 12)}`,
      `${time(DAYS[0] as string, 12)},S1,7.5`,
    );
    const conflict = await csv(`/v1/solar/readings?parkId=${parkId}`, changed);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().errors[0]).toMatchObject({ line: 14, field: 'ac_kwh' });
    expect(conflict.json().errors[0].message).toMatch(/7\.2 is stored, the import has 7\.5/);
    const replaced = await csv(`/v1/solar/readings?parkId=${parkId}&replace=true`, changed);
    expect(replaced.json()).toEqual({ kind: 'meter', rows, inserted: 0, unchanged: rows - 1, replaced: 1 });
    const back = await csv(`/v1/solar/readings?parkId=${parkId}&replace=true`, meters);
    expect(back.json()).toMatchObject({ replaced: 1 });
    expect(await meterCount()).toBe(rows);

    // Sensor readings as JSON (field pointers on errors), right-labelled: each time names the end of its hour.
    const sensorRows = DAYS.flatMap((day) => HOURS.map((h) => ({ time: time(day, h), poaWm2: poa(h), airTempC: 25, windMs: 2 })));
    const badJson = await t.app.inject({
      method: 'POST',
      url: '/v1/solar/readings',
      headers: bearer(key),
      payload: { parkId, kind: 'sensor', rows: [{ time: time('2026-06-01', 0), poaWm2: 3000 }] },
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().errors[0].field).toBe('/rows/0/poaWm2');
    const sensor = await t.app.inject({
      method: 'POST',
      url: '/v1/solar/readings',
      headers: bearer(key),
      payload: {
        parkId,
        kind: 'sensor',
        label: 'right',
        rows: sensorRows.map((r) => ({
          ...r,
          time: new Date(Date.parse(r.time) + 3_600_000).toISOString().replace('.000Z', 'Z'),
        })),
      },
    });
    expect(sensor.statusCode, sensor.body).toBe(200);
    expect(sensor.json()).toMatchObject({ kind: 'sensor', inserted: 48 });
    const stored = (await get(`/v1/solar/readings?kind=sensor&parkId=${parkId}&limit=2`)).json();
    expect(stored.items[0]).toMatchObject({
      parkId,
      intervalStart: '2026-05-31T16:00:00.000Z',
      stepMin: 60,
      poaWm2: 0,
      ghiWm2: null,
      airTempC: 25,
    });
    const next = (await get(`/v1/solar/readings?kind=sensor&parkId=${parkId}&limit=500&cursor=${stored.nextCursor}`)).json();
    expect(next.items).toHaveLength(46);
    expect(next.nextCursor).toBeNull();

    const siteLines = ['time,consumption_kwh,import_kwh,export_kwh'];
    for (const day of DAYS) {
      for (const h of HOURS) {
        const g = generation(day, h);
        siteLines.push(`${time(day, h)},${CONSUMPTION},${Math.max(0, CONSUMPTION - g)},${Math.max(0, g - CONSUMPTION)}`);
      }
    }
    const site = await csv(`/v1/solar/readings?parkId=${parkId}&kind=site`, `${siteLines.join('\n')}\n`);
    expect(site.statusCode, site.body).toBe(200);
    expect(site.json()).toMatchObject({ kind: 'site', inserted: 48, unchanged: 0 });

    const meterPage = (
      await get(
        `/v1/solar/readings?systemId=S1&from=${encodeURIComponent(time('2026-06-01', 12))}&to=${encodeURIComponent(time('2026-06-01', 14))}`,
      )
    ).json();
    expect(meterPage.items).toEqual([
      { systemId: 'S1', parkId, intervalStart: '2026-06-01T04:00:00.000Z', stepMin: 60, acKwh: 7.2 },
      { systemId: 'S1', parkId, intervalStart: '2026-06-01T05:00:00.000Z', stepMin: 60, acKwh: 6.8 },
    ]);
    const park = (await get(`/v1/solar/parks/${parkId}`)).json();
    const total = DAYS.reduce((s, d) => s + HOURS.reduce((x, h) => x + generation(d, h), 0), 0);
    expect(park.kpis.readings).toBe(rows);
    expect(park.kpis.generationKwh).toBeCloseTo(total, 9);
  });

  it('answers performance with PR computed from plane-of-array irradiance (hand-computed)', async () => {
    const res = await get(`/v1/solar/performance?parkId=${parkId}&from=2026-06-01&to=2026-06-03`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ parkId, granularity: 'day', poaSource: 'sensor', installedKwp: 15 });
    const s1 = p.systems.find((s: { systemId: string }) => s.systemId === 'S1');
    const [d1, d2] = s1.rows;
    const insolation = SUM_POA_WH / 1000;
    const day1Kwh = 0.008 * SUM_POA_WH;
    const day2Kwh = 0.007 * (SUM_POA_WH - 900);
    expect(d1).toMatchObject({ period: '2026-06-01', day: '2026-06-01' });
    expect(d1.measuredKwh).toBeCloseTo(day1Kwh, 9);
    expect(d1.poaKwhM2).toBeCloseTo(insolation, 9);
    expect(d1.specificYieldKwhKwp).toBeCloseTo(day1Kwh / 10, 9);
    expect(d1.pr).toBeCloseTo(0.8, 12);
    expect(d1.availability).toBe(1);
    expect(d2.pr).toBeCloseTo(day2Kwh / 10 / insolation, 12);
    // The noon zero is one daylight reading without output.
    expect(d2.readings).toBe(d2.daylightIntervals);
    expect(d2.availability).toBeCloseTo((d2.readings - 1) / d2.readings, 12);

    // The weather-corrected PR from the model's cell temperatures (NREL: against the irradiance-weighted mean).
    const location: PvLocation = { latDeg: PARK.lat, lonDeg: PARK.lon, elevationM: 10, linkeTurbidity: Array(12).fill(4) };
    const spec: PvSystemSpec = {
      dcKwp: 10,
      tiltDeg: 20,
      azimuthDeg: 180,
      mounting: 'close_mount',
      moduleType: 'standard',
      inverterAcKw: 10 / 1.1,
      lossesPct: pvwattsLosses(),
      albedo: 0.2,
    };
    const startMs = Date.parse('2026-06-01T00:00:00+08:00');
    const series = { startMs, stepMs: 3_600_000, count: 48 };
    const poaSeries = Float64Array.from({ length: 48 }, (_, i) => poa(i % 24));
    const weather = { poaWm2: poaSeries, airTempC: new Float64Array(48).fill(25), windMs: new Float64Array(48).fill(2) };
    const chain = runChain(location, spec, series, { weather });
    let weighted = 0;
    let weight = 0;
    for (let i = 0; i < 48; i++) {
      weighted += (poaSeries[i] as number) * (chain.cellTempC[i] as number);
      weight += poaSeries[i] as number;
    }
    const measured1 = Float64Array.from({ length: 24 }, (_, h) => s1Kwh(DAYS[0] as string, h));
    const wc1 = weatherCorrectedPr(
      measured1,
      poaSeries.subarray(0, 24),
      chain.cellTempC.subarray(0, 24),
      10,
      1,
      -0.0047,
      weighted / weight,
    );
    expect(d1.weatherCorrectedPr).toBeCloseTo(wc1, 10);
    let expected1 = 0;
    for (let i = 0; i < 24; i++) expected1 += chain.acKwh[i] as number;
    expect(d1.expectedKwh).toBeCloseTo(expected1, 9);

    // Park: PR = sum of measured / sum of kWp x POA over the system-days with a PR (S2's day 2 has a gap: no PR).
    const s2 = p.systems.find((s: { systemId: string }) => s.systemId === 'S2');
    expect(s2.rows[0].pr).toBeCloseTo(0.8, 12);
    expect(s2.rows[1].pr).toBeNull();
    const [p1, p2] = p.park;
    expect(p1.pr).toBeCloseTo(0.8, 12);
    expect(p2.pr).toBeCloseTo(day2Kwh / 10 / insolation, 12);
    expect(p1.measuredKwh).toBeCloseTo(day1Kwh + 0.004 * SUM_POA_WH, 9);
    expect(p1.specificYieldKwhKwp).toBeCloseTo((day1Kwh + 0.004 * SUM_POA_WH) / 15, 9);

    const total = (await get(`/v1/solar/performance?systemId=S1&from=2026-06-01&to=2026-06-03&granularity=total`)).json();
    expect(total.systems).toHaveLength(1);
    expect(total.systems[0].rows[0].period).toBe('2026-06-01/2026-06-02');
    expect(total.systems[0].rows[0].pr).toBeCloseTo((day1Kwh + day2Kwh) / 10 / (2 * insolation), 12);
    expect(total.park[0].pr).toBeCloseTo((day1Kwh + day2Kwh) / 10 / (2 * insolation), 12);
    const month = (await get(`/v1/solar/performance?parkId=${parkId}&from=2026-06-01&to=2026-06-03&granularity=month`)).json();
    expect(month.park.map((r: { period: string }) => r.period)).toEqual(['2026-06']);

    const bad = await get(`/v1/solar/performance?parkId=${parkId}&from=2026-06-03&to=2026-06-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('to');
  });

  it('answers expected energy per day on the measured weather and on the clear sky', async () => {
    const measured = (await get(`/v1/solar/expected?parkId=${parkId}&from=2026-06-01&to=2026-06-03`)).json();
    const clear = (await get(`/v1/solar/expected?parkId=${parkId}&from=2026-06-01&to=2026-06-03&clearSky=true`)).json();
    expect(measured).toMatchObject({ poaSource: 'sensor', clearSky: false, installedKwp: 15 });
    expect(clear).toMatchObject({ poaSource: 'clear_sky', clearSky: true });
    expect(measured.days.map((d: { day: string }) => d.day)).toEqual(DAYS);
    const perf = (await get(`/v1/solar/performance?parkId=${parkId}&from=2026-06-01&to=2026-06-03`)).json();
    expect(measured.days[0].expectedKwh).toBeCloseTo(perf.park[0].expectedKwh, 9);
    expect(clear.days[0].expectedKwh).toBeCloseTo(perf.park[0].clearSkyKwh, 9);
    expect(measured.totalKwh).toBeCloseTo(measured.days[0].expectedKwh + measured.days[1].expectedKwh, 9);
    // A 900 W/m2 noon sensor is below the June clear sky at 30 N: the clear sky expects more.
    expect(clear.totalKwh).toBeGreaterThan(measured.totalKwh);
  });

  it('raises the data gap of S2 and nothing else', async () => {
    const res = await get(`/v1/solar/alerts?parkId=${parkId}&from=2026-06-01&to=2026-06-03`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'data_gap',
      systemId: 'S2',
      systemName: 'Roof B',
      from: '2026-06-02T01:00:00.000Z',
      to: '2026-06-02T04:00:00.000Z',
      severity: 'warning',
    });
    expect(items[0].metrics.daylightHours).toBe(3);
    expect(items[0].reason).toMatch(/No meter reading for 3(\.0)? daylight hours/);
  });

  it('balances the energy and credits self-consumption only, with the grid factor used', async () => {
    const res = await get(`/v1/solar/energy?parkId=${parkId}&from=2026-06-01&to=2026-06-03`);
    expect(res.statusCode, res.body).toBe(200);
    const e = res.json();
    let gen = 0;
    let exported = 0;
    let imported = 0;
    for (const day of DAYS) {
      for (const h of HOURS) {
        const g = generation(day, h);
        gen += g;
        exported += Math.max(0, g - CONSUMPTION);
        imported += Math.max(0, CONSUMPTION - g);
      }
    }
    const self = gen - exported;
    expect(e.rows).toHaveLength(1);
    const row = e.rows[0];
    expect(row.period).toBe('2026-06');
    expect(row.generationKwh).toBeCloseTo(gen, 9);
    expect(row.consumptionKwh).toBeCloseTo(48 * CONSUMPTION, 9);
    expect(row.exportKwh).toBeCloseTo(exported, 9);
    expect(row.importKwh).toBeCloseTo(imported, 9);
    expect(row.selfConsumedKwh).toBeCloseTo(self, 9);
    expect(row.residualKwh).toBeCloseTo(0, 9);
    expect(row.consistent).toBe(true);
    expect(row.factor).toMatchObject({
      factorId: 'mee-2023:cn-grid-east',
      year: 2023,
      reportingYear: 2026,
      kgCo2ePerKwh: 0.55,
      nationalFallback: false,
    });
    expect(row.factor.note).toMatch(/nearest year 2023/);
    expect(row.scope2AvoidedKgCo2e).toBeCloseTo(self * 0.55, 9);
    expect(row.exportAvoidedKgCo2e).toBeCloseTo(exported * 0.55, 9);
    expect(row.scope2LocationKgCo2e).toBeCloseTo(imported * 0.55, 9);
    expect(e.total.scope2AvoidedKgCo2e).toBeCloseTo(self * 0.55, 9);

    const summary = (await get('/v1/solar/summary?from=2026-06-01&to=2026-06-03')).json();
    expect(summary).toMatchObject({ parks: 2, systems: 2, installedKwp: 15, parksWithoutSiteMeters: [] });
    expect(summary.generationKwh).toBeCloseTo(gen, 9);
    expect(summary.selfConsumedKwh).toBeCloseTo(self, 9);
    expect(summary.exportedKwh).toBeCloseTo(exported, 9);
    expect(summary.scope2AvoidedKgCo2e).toBeCloseTo(self * 0.55, 9);
    expect(summary.byYear.map((y: { period: string }) => y.period)).toEqual(['2026']);
    expect(summary.byMonth[0].generationKwh).toBeCloseTo(gen, 9);
  });

  it('lets analysts read and not write', async () => {
    const analyst = await t.keyFor('analyst', operator);
    expect((await get(`/v1/solar/parks/${parkId}`, analyst)).statusCode).toBe(200);
    const write = await csv(`/v1/solar/readings?parkId=${parkId}`, meterCsv(), analyst);
    expect(write.statusCode).toBe(403);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/v1/solar/parks/${parkId}`,
      headers: bearer(analyst),
      payload: { elevationM: 5 },
    });
    expect(patch.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/v1/solar/parks/${parkId}`,
      headers: bearer(key),
      payload: { elevationM: 12, gridRegion: 'Central' },
    });
    expect(ok.json()).toMatchObject({ elevationM: 12, gridRegion: 'Central' });
  });
});
