import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { createTenant } from '../auth/index.js';
import { AppError, type Scope, SYSTEM_SCOPE } from '../core/index.js';
import { parseReadingsCsv, parseReadingsJson } from './import.js';
import { createPark, newSystemId } from './service.js';
import { addSystem, importReadings, listReadings, parkSettingsErrors, systemErrors, updateParkSettings } from './store.js';

const rejection = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
};

describe('park and system validation', () => {
  it('lists every bad field', () => {
    expect(
      parkSettingsErrors({
        elevationM: 12_000,
        utcOffsetMin: 470,
        linkeTurbidity: [3, 3, 3],
        meterLabel: 'start' as never,
        gridRegion: 'Mars',
      }).map((e) => e.field),
    ).toEqual(['elevationM', 'utcOffsetMin', 'linkeTurbidity', 'meterLabel', 'gridRegion']);
    expect(parkSettingsErrors({ utcOffsetMin: 330, linkeTurbidity: Array(12).fill(3.5), gridRegion: null })).toEqual([]);
    expect(
      systemErrors({
        id: 'a b',
        name: '',
        dcKwp: -1,
        tiltDeg: 91,
        azimuthDeg: -5,
        mounting: 'pole' as never,
        lossesPct: 100,
        albedo: 2,
      }).map((e) => e.field),
    ).toEqual(['id', 'name', 'dcKwp', 'tiltDeg', 'azimuthDeg', 'mounting', 'lossesPct', 'albedo']);
    expect(systemErrors({}).map((e) => e.field)).toEqual(['name', 'dcKwp', 'tiltDeg']);
    expect(systemErrors({}, true)).toEqual([]);
    expect(systemErrors({ name: 'x', dcKwp: 1, tiltDeg: 0, commissionedOn: '2026-02-30' })[0]?.field).toBe('commissionedOn');
  });
});

describe(`solar readings store (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let tenant: string;
  let parkId: string;
  const scope = (): Scope => ({ role: 'merchant', tenantId: tenant, keyId: 'k' });

  beforeAll(async () => {
    db = await createTestDb();
    tenant = (await createTenant(db, { name: 'Operator', kind: 'operator' })).id;
    const park = await createPark(db, SYSTEM_SCOPE, {
      tenantId: tenant,
      name: 'Big park',
      city: 'Wuxi',
      province: 'Jiangsu',
      region: 'East',
      lat: 31.49,
      lon: 120.31,
    });
    parkId = park.id;
    for (let s = 0; s < 20; s++) {
      await addSystem(
        db,
        scope(),
        parkId,
        { id: `R${String(s).padStart(2, '0')}`, name: `Roof ${s}`, dcKwp: 500, tiltDeg: 8 },
        newSystemId,
      );
    }
  });
  afterAll(() => db?.close());

  it('imports a year of hourly readings for 20 systems (175,200 rows) in batches, and again as unchanged', async () => {
    const lines = ['time,system_id,ac_kwh'];
    const start = Date.parse('2025-01-01T00:00:00+08:00');
    for (let s = 0; s < 20; s++) {
      for (let i = 0; i < 8760; i++) {
        const local = new Date(start + i * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 19);
        const h = i % 24;
        lines.push(`${local}+08:00,R${String(s).padStart(2, '0')},${h >= 6 && h < 18 ? ((s + 1) * (h - 5)) / 10 : 0}`);
      }
    }
    const parsed = parseReadingsCsv(`${lines.join('\n')}\n`);
    const first = await importReadings(db, scope(), { parsed, parkId });
    expect(first).toEqual({ kind: 'meter', rows: 175_200, inserted: 175_200, unchanged: 0, replaced: 0 });
    const again = await importReadings(db, scope(), { parsed });
    expect(again).toEqual({ kind: 'meter', rows: 175_200, inserted: 0, unchanged: 175_200, replaced: 0 });
    const total = await db.kysely
      .selectFrom('solar_meter_readings')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('ac_kwh').as('kwh')])
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(175_200);
    // Per system and day: sum over h = 6..17 of (s+1)(h-5)/10 = 7.8 (s+1); over 365 days and s = 0..19.
    expect(Number(total.kwh)).toBeCloseTo(7.8 * 210 * 365, 4);
  }, 120_000);

  it('pages readings across systems with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 3; page++) {
      const res = await listReadings(db, scope(), {
        kind: 'meter',
        parkId,
        fromIso: '2025-12-31T14:00:00.000Z',
        toIso: '2025-12-31T16:00:00.000Z',
        limit: 15,
        cursor,
      });
      seen.push(...res.items.map((r) => `${r.systemId}@${r.intervalStart}`));
      cursor = res.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    expect(seen[0]).toBe('R00@2025-12-31T14:00:00.000Z');
    expect(seen[1]).toBe('R00@2025-12-31T15:00:00.000Z');
    expect(seen[39]).toBe('R19@2025-12-31T15:00:00.000Z');
    // Another tenant's key sees none of them.
    const other: Scope = { role: 'analyst', tenantId: 'ten_other', keyId: 'k2' };
    expect((await listReadings(db, other, { kind: 'meter', parkId })).items).toEqual([]);
  });

  it('stores 15-minute readings; another step for a stored interval is a conflict', async () => {
    const rows = [0, 15, 30, 45].map((m) => ({
      time: `2026-03-01T12:${String(m).padStart(2, '0')}:00+08:00`,
      systemId: 'R00',
      acKwh: 30,
    }));
    const quarter = await importReadings(db, scope(), { parsed: parseReadingsJson('meter', rows), stepMin: 15 });
    expect(quarter.inserted).toBe(4);
    const hourly = parseReadingsJson('meter', [{ time: '2026-03-01T12:00:00+08:00', systemId: 'R00', acKwh: 30 }]);
    const err = await rejection(importReadings(db, scope(), { parsed: hourly }));
    expect(err.code).toBe('conflict');
    expect(err.details[0]?.field).toBe('/rows/0/time');
    expect(err.message).toMatch(/a 15-minute reading is stored for this interval, the import has 60 minutes/);
    const odd = await rejection(importReadings(db, scope(), { parsed: hourly, stepMin: 7 }));
    expect(odd.details[0]?.field).toBe('stepMin');
  });

  it("writes only a sensor file's columns, with the park's label", async () => {
    await updateParkSettings(db, scope(), parkId, { sensorLabel: 'right' });
    const poa = parseReadingsCsv(`time,poa_wm2,ghi_wm2\n2026-03-01T13:00:00+08:00,700,600\n`);
    expect(await importReadings(db, scope(), { parsed: poa, parkId })).toMatchObject({ inserted: 1 });
    // Air temperature for the same interval: a new column, poa and ghi untouched (not compared, not cleared).
    const temp = parseReadingsCsv(`time,park_id,air_temp_c\n2026-03-01T13:00:00+08:00,${parkId},14\n`);
    const err = await rejection(importReadings(db, scope(), { parsed: temp }));
    expect(err.details[0]).toMatchObject({ line: 2, field: 'air_temp_c' });
    expect(await importReadings(db, scope(), { parsed: temp, replace: true })).toMatchObject({ replaced: 1 });
    const stored = await listReadings(db, scope(), { kind: 'sensor', parkId });
    expect(stored.items).toEqual([
      { parkId, intervalStart: '2026-03-01T04:00:00.000Z', stepMin: 60, poaWm2: 700, ghiWm2: 600, airTempC: 14, windMs: null },
    ]);
  });

  it('refuses keys that may not write, and parks of other tenants as unknown', async () => {
    const parsed = parseReadingsJson('site', [{ time: '2026-03-01T12:00:00+08:00', consumptionKwh: 1 }]);
    const analyst = await rejection(importReadings(db, { role: 'analyst', tenantId: tenant, keyId: 'a' }, { parsed, parkId }));
    expect(analyst.code).toBe('forbidden');
    const stranger = await rejection(
      importReadings(db, { role: 'merchant', tenantId: 'ten_other', keyId: 'o' }, { parsed, parkId }),
    );
    expect(stranger.details[0]).toMatchObject({ field: 'parkId', message: `unknown solar park ${parkId}` });
    const noPark = await rejection(importReadings(db, scope(), { parsed }));
    expect(noPark.details[0]).toMatchObject({ field: '/rows/0/parkId', message: expect.stringMatching(/park is required/) });
    const other = await createPark(db, SYSTEM_SCOPE, {
      tenantId: tenant,
      name: 'Other park',
      city: 'Wuxi',
      province: 'Jiangsu',
      region: 'East',
      lat: 31.5,
      lon: 120.3,
    });
    const meter = parseReadingsJson('meter', [{ time: '2026-03-02T12:00:00+08:00', systemId: 'R01', acKwh: 1 }]);
    const wrongPark = await rejection(importReadings(db, scope(), { parsed: meter, parkId: other.id }));
    expect(wrongPark.details[0]).toMatchObject({
      field: '/rows/0/systemId',
      message: `PV system R01 is not in park ${other.id}`,
    });
  });
});
