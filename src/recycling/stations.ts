import { AppError, ErrorCode, type ErrorDetail, invalid, notFound, type Scope } from '../core/index.js';
import type { Database, Db } from '../db/index.js';
import { parseCsv } from '../factors/index.js';

export interface Station {
  id: string;
  tenantId: string;
  name: string;
  city: string;
  province: string;
  lat: number;
  lon: number;
  openingHours: string;
  storageCapacity: number;
  createdAt: string;
}

export interface StationInput {
  id: string;
  name: string;
  city: string;
  province: string;
  lat: number;
  lon: number;
  openingHours?: string;
  storageCapacity?: number;
}

export const DEFAULT_OPENING_HOURS = '08:00-21:00';
export const DEFAULT_STORAGE_CAPACITY = 200;

type Row = Database['recycling_stations'];

const stationOf = (r: Row): Station => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  city: r.city,
  province: r.province,
  lat: r.lat,
  lon: r.lon,
  openingHours: r.opening_hours,
  storageCapacity: r.storage_capacity,
  createdAt: r.created_at,
});

const HOURS = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;

/** Field errors of one station (an empty list when it is valid). */
export function stationErrors(input: Partial<StationInput>): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) errors.push({ field, message });
  };
  need(typeof input.id === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(input.id), 'id', 'letters, digits, . _ - (1 to 64)');
  for (const f of ['name', 'city', 'province'] as const) {
    need(typeof input[f] === 'string' && (input[f] as string).trim() !== '', f, 'required');
  }
  need(typeof input.lat === 'number' && input.lat >= -90 && input.lat <= 90, 'lat', 'a latitude, -90 to 90');
  need(typeof input.lon === 'number' && input.lon >= -180 && input.lon <= 180, 'lon', 'a longitude, -180 to 180');
  if (input.openingHours !== undefined) need(HOURS.test(input.openingHours), 'openingHours', 'HH:MM-HH:MM');
  if (input.storageCapacity !== undefined) {
    need(Number.isInteger(input.storageCapacity) && input.storageCapacity >= 0, 'storageCapacity', 'an integer >= 0');
  }
  return errors;
}

const rowOf = (tenantId: string, s: StationInput, now: string): Row => ({
  id: s.id,
  tenant_id: tenantId,
  name: s.name.trim(),
  city: s.city.trim(),
  province: s.province.trim(),
  lat: s.lat,
  lon: s.lon,
  opening_hours: s.openingHours ?? DEFAULT_OPENING_HOURS,
  storage_capacity: s.storageCapacity ?? DEFAULT_STORAGE_CAPACITY,
  created_at: now,
});

/** Adds stations in one transaction: all of them, or none when one is invalid or its id is taken. */
export async function createStations(db: Db, tenantId: string, inputs: StationInput[], lines?: number[]): Promise<Station[]> {
  const errors: ErrorDetail[] = [];
  inputs.forEach((s, i) => {
    for (const e of stationErrors(s)) {
      errors.push(
        lines ? { line: lines[i], field: e.field, message: e.message } : { field: `/${i}/${e.field}`, message: e.message },
      );
    }
  });
  const ids = inputs.map((s) => s.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) errors.push({ field: 'id', message: `station ${dup} appears twice` });
  if (errors.length) {
    const first = errors[0] as ErrorDetail;
    throw invalid(`${first.line ? `line ${first.line}: ` : ''}${first.field} ${first.message}`, errors);
  }
  const now = new Date().toISOString();
  const rows = inputs.map((s) => rowOf(tenantId, s, now));
  await db.kysely.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('recycling_stations').select('id').where('id', 'in', ids).execute();
    if (taken.length) {
      throw new AppError(ErrorCode.Conflict, `station id ${taken[0]?.id} is already used`, [
        { field: 'id', message: `already used: ${taken.map((t) => t.id).join(', ')}` },
      ]);
    }
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('recycling_stations')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  return rows.map(stationOf);
}

const COLUMNS = ['id', 'name', 'city', 'province', 'lat', 'lon', 'opening_hours', 'storage_capacity'] as const;

/**
 * Stations from CSV with the header id,name,city,province,lat,lon[,opening_hours,storage_capacity].
 * Errors carry the file's line number; nothing is stored unless every line is valid.
 */
export function parseStationsCsv(text: string): { stations: StationInput[]; lines: number[] } {
  const [header, ...records] = parseCsv(text);
  if (!header) throw invalid('the file is empty', [{ line: 1, message: 'no header' }]);
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = COLUMNS.slice(0, 6).filter((c) => !names.includes(c));
  if (missing.length) {
    throw invalid(
      `line 1: missing column ${missing.join(', ')}`,
      missing.map((c) => ({ line: 1, field: c, message: 'missing column' })),
    );
  }
  const stations: StationInput[] = [];
  const lines: number[] = [];
  const errors: ErrorDetail[] = [];
  for (const r of records) {
    if (r.fields.every((f) => f.trim() === '')) continue;
    const get = (c: string) => r.fields[names.indexOf(c)]?.trim() ?? '';
    const num = (c: string) => {
      const v = get(c);
      const n = Number(v);
      if (v === '' || !Number.isFinite(n)) errors.push({ line: r.line, field: c, message: `"${v}" is not a number` });
      return n;
    };
    const s: StationInput = {
      id: get('id'),
      name: get('name'),
      city: get('city'),
      province: get('province'),
      lat: num('lat'),
      lon: num('lon'),
    };
    if (names.includes('opening_hours') && get('opening_hours')) s.openingHours = get('opening_hours');
    if (names.includes('storage_capacity') && get('storage_capacity')) s.storageCapacity = num('storage_capacity');
    stations.push(s);
    lines.push(r.line);
  }
  if (errors.length) throw invalid(`line ${errors[0]?.line}: ${errors[0]?.field} ${errors[0]?.message}`, errors);
  return { stations, lines };
}

export async function listStations(
  db: Db,
  scope: Scope,
  opts: { city?: string | undefined; tenantId?: string | undefined } = {},
): Promise<Station[]> {
  let q = db.kysely.selectFrom('recycling_stations').selectAll().orderBy('id');
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (opts.tenantId) q = q.where('tenant_id', '=', opts.tenantId);
  if (opts.city) q = q.where('city', '=', opts.city);
  return (await q.execute()).map(stationOf);
}

export async function getStation(db: Db, scope: Scope, id: string): Promise<Station> {
  let q = db.kysely.selectFrom('recycling_stations').selectAll().where('id', '=', id);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('station', id);
  return stationOf(row);
}

/** Limits a station key to some stations (its tenant's); an empty list lifts the limit. */
export async function setKeyStations(db: Db, keyId: string, stationIds: string[]): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('recycling_station_keys').where('key_id', '=', keyId).execute();
    if (stationIds.length) {
      await trx
        .insertInto('recycling_station_keys')
        .values(stationIds.map((station_id) => ({ key_id: keyId, station_id })))
        .execute();
    }
  });
}

/**
 * The station a write names, if the caller may write for it: the station exists (404 otherwise), belongs
 * to the caller's tenant, and, for a key limited to some stations, is one of them (403 otherwise).
 */
export async function writableStation(db: Db, scope: Scope, stationId: string): Promise<Station> {
  const row = await db.kysely.selectFrom('recycling_stations').selectAll().where('id', '=', stationId).executeTakeFirst();
  if (!row) {
    throw invalid(`unknown station ${stationId}`, [{ field: 'stationId', message: 'unknown_station' }]);
  }
  if (scope.role === 'analyst' || scope.role === 'courier') {
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot write for a station`);
  }
  if (scope.tenantId !== null && scope.tenantId !== row.tenant_id) {
    throw new AppError(ErrorCode.Forbidden, `this key cannot write for station ${stationId}`);
  }
  if (scope.role === 'station') {
    const limits = await db.kysely
      .selectFrom('recycling_station_keys')
      .select('station_id')
      .where('key_id', '=', scope.keyId)
      .execute();
    if (limits.length && !limits.some((l) => l.station_id === stationId)) {
      throw new AppError(ErrorCode.Forbidden, `this station key cannot write for station ${stationId}`);
    }
  }
  return stationOf(row);
}
