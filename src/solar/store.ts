import { sql, type Transaction } from 'kysely';
import {
  AppError,
  canAccessTenant,
  ErrorCode,
  type ErrorDetail,
  invalid,
  newId,
  notFound,
  nowIso,
  type Scope,
} from '../core/index.js';
import { type Db, decodeCursor, encodeCursor, type Page, type PageRequest, pageLimit } from '../db/index.js';
import type {
  Database,
  SolarMeterReadingsTable,
  SolarParksTable,
  SolarSensorReadingsTable,
  SolarSiteReadingsTable,
  SolarSystemsTable,
} from '../db/schema.js';
import { GRID_REGIONS, gridRegionOf } from './energy.js';
import {
  at,
  DEFAULT_STEP_MIN,
  intervalStarts,
  isLabel,
  MAX_REPORTED_ERRORS,
  type ParsedReadings,
  READING_FIELDS,
  type ReadingField,
  type ReadingKind,
  type ReadingRow,
  STEP_MINUTES,
  throwIfErrors,
} from './import.js';
import { INTERVAL_LABELS, type IntervalLabel, MODULE_TYPES, MOUNTINGS, type ModuleType, type Mounting } from './model.js';
import { pvwattsLosses } from './pvwatts.js';

// ---- parks ----

/** A park's modelling settings (the site itself is in the network module). */
export interface ParkSettings {
  elevationM: number;
  /** Minutes east of UTC of the park's clock: local days and the interval grid (China +480). */
  utcOffsetMin: number;
  /** Linke turbidity per month, January first. */
  linkeTurbidity: number[];
  /** Interval label of each data source. */
  meterLabel: IntervalLabel;
  sensorLabel: IntervalLabel;
  siteMeterLabel: IntervalLabel;
  /** MEE regional grid for Scope 2, when it differs from the site's region; null = the site's region. */
  gridRegion: string | null;
  /**
   * Plane of the POA sensor (tilt from horizontal, azimuth clockwise from north); null when the sensor lies in the
   * plane of every system. A system in another plane gets its irradiance from GHI or, without GHI, from the sensor
   * scaled by the clear-sky ratio of the two planes.
   */
  sensorTiltDeg: number | null;
  sensorAzimuthDeg: number | null;
}

export interface ParkRecord extends ParkSettings {
  siteId: string;
  tenantId: string;
  createdAt: string;
  updatedAt: string;
}

export const DEFAULT_UTC_OFFSET_MIN = 480;
export const DEFAULT_LABEL: IntervalLabel = 'left';
/**
 * Without a site value: a moderately hazy Linke turbidity (rural eastern China is about 3 to 5, cities higher). Set
 * the park's own monthly values (e.g. from the SoDa climatology) for a better clear sky.
 */
export const DEFAULT_LINKE_TURBIDITY: readonly number[] = Object.freeze(Array.from({ length: 12 }, () => 4));

export const PARK_SETTING_DEFAULTS: ParkSettings = {
  elevationM: 0,
  utcOffsetMin: DEFAULT_UTC_OFFSET_MIN,
  linkeTurbidity: [...DEFAULT_LINKE_TURBIDITY],
  meterLabel: DEFAULT_LABEL,
  sensorLabel: DEFAULT_LABEL,
  siteMeterLabel: DEFAULT_LABEL,
  gridRegion: null,
  sensorTiltDeg: null,
  sensorAzimuthDeg: null,
};

const parkOf = (r: SolarParksTable): ParkRecord => ({
  siteId: r.site_id,
  tenantId: r.tenant_id,
  elevationM: r.elevation_m,
  utcOffsetMin: r.utc_offset_min,
  linkeTurbidity: JSON.parse(r.linke_turbidity_json) as number[],
  meterLabel: r.meter_label as IntervalLabel,
  sensorLabel: r.sensor_label as IntervalLabel,
  siteMeterLabel: r.site_meter_label as IntervalLabel,
  gridRegion: r.grid_region,
  sensorTiltDeg: r.sensor_tilt_deg,
  sensorAzimuthDeg: r.sensor_azimuth_deg,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Field errors of park settings (given fields only). */
export function parkSettingsErrors(input: Partial<ParkSettings>): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) errors.push({ field, message });
  };
  if (input.elevationM !== undefined)
    need(isNum(input.elevationM) && input.elevationM >= -500 && input.elevationM <= 9000, 'elevationM', 'metres, -500 to 9000');
  if (input.utcOffsetMin !== undefined) {
    need(
      Number.isInteger(input.utcOffsetMin) &&
        input.utcOffsetMin >= -720 &&
        input.utcOffsetMin <= 840 &&
        input.utcOffsetMin % 15 === 0,
      'utcOffsetMin',
      'whole quarter hours east of UTC, -720 to 840',
    );
  }
  if (input.linkeTurbidity !== undefined) {
    const t = input.linkeTurbidity;
    need(
      Array.isArray(t) && t.length === 12 && t.every((v) => isNum(v) && v >= 1 && v <= 10),
      'linkeTurbidity',
      '12 monthly values from 1 to 10',
    );
  }
  for (const f of ['meterLabel', 'sensorLabel', 'siteMeterLabel'] as const) {
    if (input[f] !== undefined) need(isLabel(input[f]), f, INTERVAL_LABELS.join(' | '));
  }
  if (input.sensorTiltDeg !== undefined && input.sensorTiltDeg !== null) {
    need(isNum(input.sensorTiltDeg) && input.sensorTiltDeg >= 0 && input.sensorTiltDeg <= 90, 'sensorTiltDeg', '0 to 90');
  }
  if (input.sensorAzimuthDeg !== undefined && input.sensorAzimuthDeg !== null) {
    need(
      isNum(input.sensorAzimuthDeg) && input.sensorAzimuthDeg >= 0 && input.sensorAzimuthDeg <= 360,
      'sensorAzimuthDeg',
      '0 to 360',
    );
  }
  if (input.gridRegion !== undefined && input.gridRegion !== null) {
    need(gridRegionOf(input.gridRegion) !== undefined, 'gridRegion', `an MEE grid: ${GRID_REGIONS.join(', ')}`);
  }
  return errors;
}

/** Adds the settings row of a park whose site exists (the caller checked it). */
export async function insertPark(db: Db, siteId: string, tenantId: string, settings: Partial<ParkSettings>): Promise<ParkRecord> {
  const s = { ...PARK_SETTING_DEFAULTS, ...definedOnly(settings) };
  throwIfInvalid(parkSettingsErrors(s));
  const taken = await db.kysely.selectFrom('solar_parks').select('site_id').where('site_id', '=', siteId).executeTakeFirst();
  if (taken)
    throw new AppError(ErrorCode.Conflict, `site ${siteId} is already a solar park`, [
      { field: 'siteId', message: 'already a park' },
    ]);
  const now = nowIso();
  const row: SolarParksTable = {
    site_id: siteId,
    tenant_id: tenantId,
    elevation_m: s.elevationM,
    utc_offset_min: s.utcOffsetMin,
    linke_turbidity_json: JSON.stringify(s.linkeTurbidity),
    meter_label: s.meterLabel,
    sensor_label: s.sensorLabel,
    site_meter_label: s.siteMeterLabel,
    grid_region: s.gridRegion === null ? null : (gridRegionOf(s.gridRegion) ?? null),
    sensor_tilt_deg: s.sensorTiltDeg,
    sensor_azimuth_deg: s.sensorTiltDeg === null ? null : (s.sensorAzimuthDeg ?? 180),
    created_at: now,
    updated_at: now,
  };
  await db.kysely.insertInto('solar_parks').values(row).execute();
  return parkOf(row);
}

/** A park visible to the scope (404 otherwise). */
export async function getParkRecord(db: Db, scope: Scope, siteId: string): Promise<ParkRecord> {
  let q = db.kysely.selectFrom('solar_parks').selectAll().where('site_id', '=', siteId);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('solar park', siteId);
  return parkOf(row);
}

export interface ParkFilter extends PageRequest {
  tenantId?: string | undefined;
}

/** Parks visible to the scope, by site id. */
export async function listParkRecords(db: Db, scope: Scope, filter: ParkFilter = {}): Promise<Page<ParkRecord>> {
  const limit = pageLimit(filter.limit);
  const after = decodeCursor(filter.cursor);
  let q = db.kysely
    .selectFrom('solar_parks')
    .selectAll()
    .orderBy('site_id')
    .limit(limit + 1);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (after) q = q.where('site_id', '>', after);
  const rows = (await q.execute()).map(parkOf);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.siteId) : null };
}

/** Every park visible to the scope (for summaries). */
export async function allParkRecords(db: Db, scope: Scope, tenantId?: string): Promise<ParkRecord[]> {
  let q = db.kysely.selectFrom('solar_parks').selectAll().orderBy('site_id');
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (tenantId) q = q.where('tenant_id', '=', tenantId);
  return (await q.execute()).map(parkOf);
}

/** Refuses a write by a read-only key or for another tenant's records. */
export function assertMayWrite(scope: Scope, tenantId: string, what: string): void {
  if (scope.role !== 'admin' && scope.role !== 'merchant') {
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot ${what}`);
  }
  if (!canAccessTenant(scope, tenantId)) throw new AppError(ErrorCode.Forbidden, `this key cannot ${what} of another tenant`);
}

export async function updateParkSettings(
  db: Db,
  scope: Scope,
  siteId: string,
  patch: Partial<ParkSettings>,
): Promise<ParkRecord> {
  const current = await getParkRecord(db, scope, siteId);
  assertMayWrite(scope, current.tenantId, 'change solar parks');
  const p = definedOnly(patch);
  throwIfInvalid(parkSettingsErrors(p));
  const set: Partial<SolarParksTable> = { updated_at: nowIso() };
  if (p.elevationM !== undefined) set.elevation_m = p.elevationM;
  if (p.utcOffsetMin !== undefined) set.utc_offset_min = p.utcOffsetMin;
  if (p.linkeTurbidity !== undefined) set.linke_turbidity_json = JSON.stringify(p.linkeTurbidity);
  if (p.meterLabel !== undefined) set.meter_label = p.meterLabel;
  if (p.sensorLabel !== undefined) set.sensor_label = p.sensorLabel;
  if (p.siteMeterLabel !== undefined) set.site_meter_label = p.siteMeterLabel;
  if (p.sensorTiltDeg !== undefined) set.sensor_tilt_deg = p.sensorTiltDeg;
  if (p.sensorAzimuthDeg !== undefined) set.sensor_azimuth_deg = p.sensorAzimuthDeg;
  if (p.gridRegion !== undefined) set.grid_region = p.gridRegion === null ? null : (gridRegionOf(p.gridRegion) ?? null);
  await db.kysely
    .updateTable('solar_parks')
    .set(set)
    .where('site_id', '=', siteId)
    .where('tenant_id', '=', current.tenantId)
    .execute();
  return getParkRecord(db, scope, siteId);
}

// ---- systems ----

export interface PvSystem {
  id: string;
  parkId: string;
  tenantId: string;
  name: string;
  dcKwp: number;
  tiltDeg: number;
  /** Clockwise from north; 180 faces south. */
  azimuthDeg: number;
  mounting: Mounting;
  moduleType: ModuleType;
  inverterAcKw: number;
  lossesPct: number;
  albedo: number;
  /** YYYY-MM-DD; the model expects nothing before it. */
  commissionedOn: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SystemInput {
  id?: string | undefined;
  name: string;
  dcKwp: number;
  tiltDeg: number;
  azimuthDeg?: number | undefined;
  mounting?: Mounting | undefined;
  moduleType?: ModuleType | undefined;
  inverterAcKw?: number | undefined;
  lossesPct?: number | undefined;
  albedo?: number | undefined;
  commissionedOn?: string | null | undefined;
}

export type SystemPatch = Partial<Omit<SystemInput, 'id'>>;

/** PVWatts' default DC/AC ratio, for a system whose inverter rating is not given. */
export const DEFAULT_DC_AC_RATIO = 1.1;
export const DEFAULT_ALBEDO = 0.2;
export const DEFAULT_AZIMUTH_DEG = 180;
/** Rooftop arrays on logistics sheds sit close to the roof. */
export const DEFAULT_MOUNTING: Mounting = 'close_mount';
export const DEFAULT_MODULE_TYPE: ModuleType = 'standard';

const systemOf = (r: SolarSystemsTable): PvSystem => ({
  id: r.id,
  parkId: r.park_id,
  tenantId: r.tenant_id,
  name: r.name,
  dcKwp: r.dc_kwp,
  tiltDeg: r.tilt_deg,
  azimuthDeg: r.azimuth_deg,
  mounting: r.mounting as Mounting,
  moduleType: r.module_type as ModuleType,
  inverterAcKw: r.inverter_ac_kw,
  lossesPct: r.losses_pct,
  albedo: r.albedo,
  commissionedOn: r.commissioned_on,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const ID = /^[A-Za-z0-9._-]{1,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const isDay = (v: string): boolean => DAY.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/** Field errors of a system (all given fields; `partial` for a patch, where nothing is required). */
export function systemErrors(input: Partial<SystemInput>, partial = false): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) errors.push({ field, message });
  };
  const check = (field: keyof SystemInput, ok: (v: unknown) => boolean, message: string, required = false) => {
    const v = input[field];
    if (v === undefined) {
      if (required && !partial) errors.push({ field, message: `required: ${message}` });
      return;
    }
    need(ok(v), field, message);
  };
  check('id', (v) => typeof v === 'string' && ID.test(v), 'letters, digits, . _ - (1 to 64)');
  check('name', (v) => typeof v === 'string' && v.trim() !== '' && v.length <= 200, 'a name (1 to 200 characters)', true);
  check('dcKwp', (v) => isNum(v) && v > 0 && v <= 1e6, 'DC nameplate in kWp, above 0', true);
  check('tiltDeg', (v) => isNum(v) && v >= 0 && v <= 90, 'degrees from horizontal, 0 to 90', true);
  check('azimuthDeg', (v) => isNum(v) && v >= 0 && v <= 360, 'degrees clockwise from north, 0 to 360 (180 = south)');
  check('mounting', (v) => (MOUNTINGS as readonly unknown[]).includes(v), MOUNTINGS.join(' | '));
  check('moduleType', (v) => (MODULE_TYPES as readonly unknown[]).includes(v), MODULE_TYPES.join(' | '));
  check('inverterAcKw', (v) => isNum(v) && v > 0 && v <= 1e6, 'inverter AC rating in kW, above 0');
  check('lossesPct', (v) => isNum(v) && v >= 0 && v < 100, 'percent, 0 to below 100');
  check('albedo', (v) => isNum(v) && v >= 0 && v <= 1, '0 to 1');
  if (input.commissionedOn !== undefined && input.commissionedOn !== null) {
    need(typeof input.commissionedOn === 'string' && isDay(input.commissionedOn), 'commissionedOn', 'a date, YYYY-MM-DD');
  }
  return errors;
}

/** Adds a system to a park the caller may write for. */
export async function addSystem(
  db: Db,
  scope: Scope,
  parkId: string,
  input: SystemInput,
  newSystemId: () => string = () => newId('pvs'),
): Promise<PvSystem> {
  const park = await getParkRecord(db, scope, parkId);
  assertMayWrite(scope, park.tenantId, 'add PV systems');
  throwIfInvalid(systemErrors(input));
  const id = input.id ?? newSystemId();
  const taken = await db.kysely.selectFrom('solar_systems').select('id').where('id', '=', id).executeTakeFirst();
  if (taken)
    throw new AppError(ErrorCode.Conflict, `system id ${id} is already used`, [{ field: 'id', message: 'already used' }]);
  const now = nowIso();
  const row: SolarSystemsTable = {
    id,
    park_id: parkId,
    tenant_id: park.tenantId,
    name: input.name.trim(),
    dc_kwp: input.dcKwp,
    tilt_deg: input.tiltDeg,
    azimuth_deg: input.azimuthDeg ?? DEFAULT_AZIMUTH_DEG,
    mounting: input.mounting ?? DEFAULT_MOUNTING,
    module_type: input.moduleType ?? DEFAULT_MODULE_TYPE,
    inverter_ac_kw: input.inverterAcKw ?? input.dcKwp / DEFAULT_DC_AC_RATIO,
    losses_pct: input.lossesPct ?? pvwattsLosses(),
    albedo: input.albedo ?? DEFAULT_ALBEDO,
    commissioned_on: input.commissionedOn ?? null,
    created_at: now,
    updated_at: now,
  };
  await db.kysely.insertInto('solar_systems').values(row).execute();
  return systemOf(row);
}

export async function getSystem(db: Db, scope: Scope, id: string): Promise<PvSystem> {
  let q = db.kysely.selectFrom('solar_systems').selectAll().where('id', '=', id);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('PV system', id);
  return systemOf(row);
}

export async function updateSystem(db: Db, scope: Scope, id: string, patch: SystemPatch): Promise<PvSystem> {
  const current = await getSystem(db, scope, id);
  assertMayWrite(scope, current.tenantId, 'change PV systems');
  const p = definedOnly(patch);
  throwIfInvalid(systemErrors(p, true));
  const set: Partial<SolarSystemsTable> = { updated_at: nowIso() };
  if (p.name !== undefined) set.name = p.name.trim();
  if (p.dcKwp !== undefined) set.dc_kwp = p.dcKwp;
  if (p.tiltDeg !== undefined) set.tilt_deg = p.tiltDeg;
  if (p.azimuthDeg !== undefined) set.azimuth_deg = p.azimuthDeg;
  if (p.mounting !== undefined) set.mounting = p.mounting;
  if (p.moduleType !== undefined) set.module_type = p.moduleType;
  if (p.inverterAcKw !== undefined) set.inverter_ac_kw = p.inverterAcKw;
  if (p.lossesPct !== undefined) set.losses_pct = p.lossesPct;
  if (p.albedo !== undefined) set.albedo = p.albedo;
  if (p.commissionedOn !== undefined) set.commissioned_on = p.commissionedOn;
  await db.kysely.updateTable('solar_systems').set(set).where('id', '=', id).where('tenant_id', '=', current.tenantId).execute();
  return getSystem(db, scope, id);
}

/** Systems of some parks (visible to the scope), by park and id. */
export async function listSystems(db: Db, scope: Scope, parkIds: string[]): Promise<PvSystem[]> {
  if (!parkIds.length) return [];
  const out: PvSystem[] = [];
  for (const ids of chunks(parkIds, 500)) {
    let q = db.kysely.selectFrom('solar_systems').selectAll().where('park_id', 'in', ids).orderBy('park_id').orderBy('id');
    if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
    out.push(...(await q.execute()).map(systemOf));
  }
  return out;
}

// ---- readings ----

export interface ImportRequest {
  parsed: ParsedReadings;
  /** The park of the readings (sensor and site rows may name theirs; meter rows name systems). */
  parkId?: string | undefined;
  /** Interval length, minutes (default 60). */
  stepMin?: number | undefined;
  /** Overrides the park's label for this kind of source. */
  label?: IntervalLabel | undefined;
  /** Replace stored values that differ (otherwise they are refused as conflicts). */
  replace?: boolean | undefined;
}

export interface ImportResult {
  kind: ReadingKind;
  rows: number;
  inserted: number;
  unchanged: number;
  replaced: number;
}

const TABLE = {
  meter: 'solar_meter_readings',
  sensor: 'solar_sensor_readings',
  site: 'solar_site_readings',
} as const;

const KEY_COLUMN = { meter: 'system_id', sensor: 'park_id', site: 'park_id' } as const;

/** Rows per INSERT: well under SQLite's 32,766 bound parameters. */
const INSERT_BATCH = 1000;
/** Rows per INSERT ... SELECT FROM unnest on PostgreSQL (one array parameter per column). */
const PG_INSERT_BATCH = 20_000;
const PG_TYPES: Record<string, string> = {
  step_min: 'int4',
  ac_kwh: 'float8',
  poa_wm2: 'float8',
  ghi_wm2: 'float8',
  air_temp_c: 'float8',
  wind_ms: 'float8',
  consumption_kwh: 'float8',
  import_kwh: 'float8',
  export_kwh: 'float8',
};

const labelOf = (park: ParkRecord, kind: ReadingKind): IntervalLabel =>
  kind === 'meter' ? park.meterLabel : kind === 'sensor' ? park.sensorLabel : park.siteMeterLabel;

/**
 * Imports readings all or nothing, in one transaction. Every row is checked first (unknown park or system, the
 * interval grid, order and duplicates within the file, an energy the system cannot produce); a row equal to the
 * stored one is `unchanged` (so a file can be imported again), a different value for a stored interval is a
 * conflict (409, with the lines) unless `replace` is set.
 */
export async function importReadings(db: Db, scope: Scope, req: ImportRequest): Promise<ImportResult> {
  const { parsed } = req;
  const { kind, rows } = parsed;
  const stepMin = req.stepMin ?? DEFAULT_STEP_MIN;
  if (!(STEP_MINUTES as readonly number[]).includes(stepMin)) {
    throw invalid(`stepMin must be one of ${STEP_MINUTES.join(', ')} minutes`, [
      { field: 'stepMin', message: STEP_MINUTES.join(' | ') },
    ]);
  }
  if (req.label !== undefined && !isLabel(req.label)) {
    throw invalid(`label must be ${INTERVAL_LABELS.join(', ')}`, [{ field: 'label', message: INTERVAL_LABELS.join(' | ') }]);
  }
  if (scope.role !== 'admin' && scope.role !== 'merchant') {
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot import solar readings`);
  }
  const errors: ErrorDetail[] = [];
  const parks = new Map<string, ParkRecord>();
  const loadPark = async (id: string) => {
    if (parks.has(id)) return parks.get(id);
    let q = db.kysely.selectFrom('solar_parks').selectAll().where('site_id', '=', id);
    if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
    const row = await q.executeTakeFirst();
    if (row) parks.set(id, parkOf(row));
    return row ? parkOf(row) : undefined;
  };
  if (req.parkId !== undefined && !(await loadPark(req.parkId))) {
    throw invalid(`unknown solar park ${req.parkId}`, [{ field: 'parkId', message: `unknown solar park ${req.parkId}` }]);
  }

  // The series each row belongs to, and its park.
  const systems = new Map<string, PvSystem>();
  const parkOfRow: (ParkRecord | undefined)[] = new Array(rows.length);
  if (kind === 'meter') {
    const ids = [...new Set(rows.map((r) => r.systemId as string))];
    for (const chunk of chunks(ids, 500)) {
      let q = db.kysely.selectFrom('solar_systems').selectAll().where('id', 'in', chunk);
      if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
      for (const r of await q.execute()) systems.set(r.id, systemOf(r));
    }
    const reported = new Set<string>();
    for (const [i, row] of rows.entries()) {
      const id = row.systemId as string;
      const system = systems.get(id);
      if (!system) {
        if (!reported.has(id)) errors.push(at(row, 'system_id', kind, `unknown PV system ${id}`));
        reported.add(id);
        continue;
      }
      if (req.parkId !== undefined && system.parkId !== req.parkId) {
        if (!reported.has(id)) errors.push(at(row, 'system_id', kind, `PV system ${id} is not in park ${req.parkId}`));
        reported.add(id);
        continue;
      }
      parkOfRow[i] = await loadPark(system.parkId);
    }
  } else {
    const reported = new Set<string>();
    for (const [i, row] of rows.entries()) {
      const id = row.parkId ?? req.parkId;
      if (id === undefined) {
        errors.push(at(row, 'park_id', kind, 'the park is required (a park_id column or the request parkId)'));
        if (errors.length > 100) break;
        continue;
      }
      if (req.parkId !== undefined && id !== req.parkId) {
        errors.push(at(row, 'park_id', kind, `park ${id} differs from the park of the request (${req.parkId})`));
        continue;
      }
      const park = await loadPark(id);
      if (!park) {
        if (!reported.has(id)) errors.push(at(row, 'park_id', kind, `unknown solar park ${id}`));
        reported.add(id);
        continue;
      }
      row.parkId = id;
      parkOfRow[i] = park;
    }
  }
  throwIfErrors(errors, 'the readings');
  for (const park of parks.values()) assertMayWrite(scope, park.tenantId, 'import readings');

  const keyOf = (row: ReadingRow) => (kind === 'meter' ? (row.systemId as string) : (row.parkId as string));
  const indexOf = new Map(rows.map((r, i) => [r, i]));
  const settingsOf = (row: ReadingRow) => {
    const park = parkOfRow[indexOf.get(row) as number] as ParkRecord;
    return { stepMin, label: req.label ?? labelOf(park, kind), utcOffsetMin: park.utcOffsetMin };
  };
  const { startsMs, errors: timeErrors } = intervalStarts(parsed, keyOf, settingsOf);
  errors.push(...timeErrors);
  if (kind === 'meter') {
    const stepH = stepMin / 60;
    for (const row of rows) {
      const system = systems.get(row.systemId as string) as PvSystem;
      const most = Math.max(system.dcKwp, system.inverterAcKw) * stepH * 1.2;
      const v = row.values.ac_kwh;
      if (typeof v === 'number' && v > most) {
        errors.push(
          at(
            row,
            'ac_kwh',
            kind,
            `${v} kWh is more than system ${system.id} (${system.dcKwp} kWp) can make in ${stepMin} minutes (${round(most)})`,
          ),
        );
      }
    }
  }
  throwIfErrors(errors, 'the readings');

  const fields = parsed.fields;
  // Typed as one readings table: the key, interval_start, tenant_id and step_min columns are shared.
  const table = TABLE[kind] as 'solar_sensor_readings';
  const keyRef = sql.ref(KEY_COLUMN[kind]);
  const keyColumn = KEY_COLUMN[kind];
  const starts = Array.from(startsMs, (ms) => new Date(ms).toISOString());
  return inTransaction(db, async (trx) => {
    // The stored rows in the file's span, to tell new, unchanged and conflicting rows apart.
    const stored = new Map<string, Record<string, unknown>>();
    const byKey = new Map<string, { min: string; max: string }>();
    rows.forEach((row, i) => {
      const k = keyOf(row);
      const s = starts[i] as string;
      const span = byKey.get(k);
      if (!span) byKey.set(k, { min: s, max: s });
      else {
        if (s < span.min) span.min = s;
        if (s > span.max) span.max = s;
      }
    });
    for (const [k, span] of byKey) {
      const found = await trx
        .selectFrom(table)
        .select(['interval_start', 'step_min', ...(fields as 'poa_wm2'[])])
        .where(keyRef, '=', k)
        .where('interval_start', '>=', span.min)
        .where('interval_start', '<=', span.max)
        .execute();
      for (const r of found as unknown as Record<string, unknown>[]) stored.set(`${k}\u0000${r.interval_start}`, r);
    }
    const fresh: Record<string, unknown>[] = [];
    const changed: Record<string, unknown>[] = [];
    let unchanged = 0;
    let conflictCount = 0;
    const conflicts: ErrorDetail[] = [];
    const recordOf = (row: ReadingRow, i: number): Record<string, unknown> => {
      const park = parkOfRow[i] as ParkRecord;
      const record: Record<string, unknown> = {
        [keyColumn]: keyOf(row),
        interval_start: starts[i],
        tenant_id: park.tenantId,
        step_min: stepMin,
      };
      if (kind === 'meter') record.park_id = park.siteId;
      for (const f of fields) record[f] = row.values[f] ?? null;
      return record;
    };
    rows.forEach((row, i) => {
      const old = stored.size ? stored.get(`${keyOf(row)}\u0000${starts[i]}`) : undefined;
      if (!old) {
        fresh.push(recordOf(row, i));
        return;
      }
      const diff = fields.filter((f) => (old[f] ?? null) !== (row.values[f] ?? null));
      if (Number(old.step_min) === stepMin && diff.length === 0) {
        unchanged++;
        return;
      }
      const record = recordOf(row, i);
      if (req.replace) {
        changed.push(record);
        return;
      }
      conflictCount++;
      if (conflicts.length >= MAX_REPORTED_ERRORS) return;
      const what =
        Number(old.step_min) !== stepMin
          ? `a ${old.step_min}-minute reading is stored for this interval, the import has ${stepMin} minutes`
          : diff.map((f) => `${f} ${old[f] ?? 'empty'} is stored, the import has ${record[f] ?? 'empty'}`).join('; ');
      conflicts.push(at(row, diff[0] ?? 'time', kind, `conflict at ${starts[i]}: ${what} (replace=true replaces it)`));
    });
    if (conflicts.length) {
      const first = conflicts[0] as ErrorDetail;
      throw new AppError(
        ErrorCode.Conflict,
        `${first.line ? `line ${first.line}: ` : `${first.field}: `}${first.message}${conflictCount > 1 ? ` (and ${conflictCount - 1} more)` : ''}; nothing was imported`,
        conflicts,
      );
    }
    for (const batch of chunks(fresh, db.dialect === 'postgres' ? PG_INSERT_BATCH : INSERT_BATCH)) {
      let inserted: number;
      if (db.dialect === 'postgres') {
        // One array per column (unnest): a few parameters per statement instead of one per value.
        const cols = Object.keys(batch[0] as object);
        const arrays = cols.map((c) => sql`${batch.map((r) => r[c] ?? null)}::${sql.raw(PG_TYPES[c] ?? 'text')}[]`);
        const res = await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))})
          select * from unnest(${sql.join(arrays)})
          on conflict (${keyRef}, interval_start) do nothing`.execute(trx);
        inserted = Number(res.numAffectedRows ?? 0);
      } else {
        const res = await trx
          .insertInto(table)
          .values(batch as never)
          .onConflict((oc) => oc.columns([keyColumn as 'park_id', 'interval_start']).doNothing())
          .executeTakeFirst();
        inserted = Number(res.numInsertedOrUpdatedRows ?? 0);
      }
      // A concurrent import may have stored some of these intervals since they were read: start over.
      if (inserted !== batch.length) {
        throw new AppError(
          ErrorCode.Conflict,
          'another import stored some of these intervals at the same time; nothing was imported, try again',
        );
      }
    }
    const updated = ['step_min', ...fields];
    for (const batch of chunks(changed, INSERT_BATCH)) {
      await trx
        .insertInto(table)
        .values(batch as never)
        .onConflict((oc) =>
          oc
            .columns([keyColumn as 'park_id', 'interval_start'])
            .doUpdateSet((eb) => Object.fromEntries(updated.map((c) => [c, eb.ref(`excluded.${c}` as 'excluded.step_min')]))),
        )
        .execute();
    }
    return { kind, rows: rows.length, inserted: fresh.length, unchanged, replaced: changed.length };
  });
}

export interface ReadingsQuery extends PageRequest {
  kind: ReadingKind;
  systemId?: string | undefined;
  parkId?: string | undefined;
  /** ISO 8601 UTC bounds on the interval start: [from, to). */
  fromIso?: string | undefined;
  toIso?: string | undefined;
}

export interface ReadingItem {
  systemId?: string;
  parkId: string;
  /** Interval start, UTC. */
  intervalStart: string;
  stepMin: number;
  [value: string]: string | number | null | undefined;
}

/** Stored readings of one kind, in series order (system or park, then time), a page at a time. */
export async function listReadings(db: Db, scope: Scope, query: ReadingsQuery): Promise<Page<ReadingItem>> {
  const { kind } = query;
  const limit = pageLimit(query.limit);
  const after = decodeCursor(query.cursor);
  const table = TABLE[kind] as 'solar_sensor_readings';
  const keyColumn = KEY_COLUMN[kind];
  const keyRef = sql.ref(keyColumn);
  const fields = Object.keys(READING_FIELDS[kind]) as ReadingField[];
  let q = db.kysely
    .selectFrom(table)
    .selectAll()
    .orderBy(keyRef)
    .orderBy('interval_start')
    .limit(limit + 1);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (query.systemId !== undefined) {
    if (kind !== 'meter')
      throw invalid('systemId filters meter readings only', [{ field: 'systemId', message: 'kind=meter only' }]);
    q = q.where(sql.ref('system_id'), '=', query.systemId);
  }
  if (query.parkId !== undefined) q = q.where('park_id', '=', query.parkId);
  if (query.fromIso) q = q.where('interval_start', '>=', query.fromIso);
  if (query.toIso) q = q.where('interval_start', '<', query.toIso);
  if (after) {
    const cut = after.lastIndexOf('|');
    const key = after.slice(0, cut);
    const start = after.slice(cut + 1);
    q = q.where((eb) => eb.or([eb(keyRef, '>', key), eb.and([eb(keyRef, '=', key), eb('interval_start', '>', start)])]));
  }
  const rows = (await q.execute()) as unknown as Record<string, unknown>[];
  const items = rows.slice(0, limit).map((r) => {
    const item: ReadingItem = {
      ...(kind === 'meter' ? { systemId: r.system_id as string } : {}),
      parkId: r.park_id as string,
      intervalStart: r.interval_start as string,
      stepMin: Number(r.step_min),
    };
    for (const f of fields) item[(READING_FIELDS[kind] as Record<string, string>)[f] as string] = r[f] as number | null;
    return item;
  });
  const last = rows[limit - 1];
  return {
    items,
    nextCursor:
      rows.length > limit && last ? encodeCursor(`${last[keyColumn] as string}|${last.interval_start as string}`) : null,
  };
}

/** Meter readings of some systems in [fromIso, toIso). */
export async function meterReadings(
  db: Db,
  scope: Scope,
  systemIds: string[],
  fromIso: string,
  toIso: string,
): Promise<Pick<SolarMeterReadingsTable, 'system_id' | 'interval_start' | 'step_min' | 'ac_kwh'>[]> {
  const out: Pick<SolarMeterReadingsTable, 'system_id' | 'interval_start' | 'step_min' | 'ac_kwh'>[] = [];
  for (const id of systemIds) {
    let q = db.kysely
      .selectFrom('solar_meter_readings')
      .select(['system_id', 'interval_start', 'step_min', 'ac_kwh'])
      .where('system_id', '=', id)
      .where('interval_start', '>=', fromIso)
      .where('interval_start', '<', toIso)
      .orderBy('interval_start');
    if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
    const rows = await q.execute();
    for (const r of rows) out.push(r);
  }
  return out;
}

export async function sensorReadings(
  db: Db,
  scope: Scope,
  parkId: string,
  fromIso: string,
  toIso: string,
): Promise<SolarSensorReadingsTable[]> {
  let q = db.kysely
    .selectFrom('solar_sensor_readings')
    .selectAll()
    .where('park_id', '=', parkId)
    .where('interval_start', '>=', fromIso)
    .where('interval_start', '<', toIso)
    .orderBy('interval_start');
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  return q.execute();
}

export async function siteReadings(
  db: Db,
  scope: Scope,
  parkId: string,
  fromIso: string,
  toIso: string,
): Promise<SolarSiteReadingsTable[]> {
  let q = db.kysely
    .selectFrom('solar_site_readings')
    .selectAll()
    .where('park_id', '=', parkId)
    .where('interval_start', '>=', fromIso)
    .where('interval_start', '<', toIso)
    .orderBy('interval_start');
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  return q.execute();
}

export interface GenerationTotals {
  parkId: string;
  generationKwh: number;
  readings: number;
  firstIntervalStart: string | null;
  lastIntervalStart: string | null;
}

/** All-time meter totals of some parks. */
export async function generationTotals(db: Db, scope: Scope, parkIds: string[]): Promise<Map<string, GenerationTotals>> {
  const out = new Map<string, GenerationTotals>();
  for (const ids of chunks(parkIds, 500)) {
    let q = db.kysely
      .selectFrom('solar_meter_readings')
      .select((eb) => [
        'park_id',
        eb.fn.sum<number>('ac_kwh').as('kwh'),
        eb.fn.countAll<number>().as('n'),
        eb.fn.min('interval_start').as('first'),
        eb.fn.max('interval_start').as('last'),
      ])
      .where('park_id', 'in', ids)
      .groupBy('park_id');
    if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
    const rows = await q.execute();
    for (const r of rows) {
      out.set(r.park_id, {
        parkId: r.park_id,
        generationKwh: Number(r.kwh ?? 0),
        readings: Number(r.n),
        firstIntervalStart: (r.first as string | null) ?? null,
        lastIntervalStart: (r.last as string | null) ?? null,
      });
    }
  }
  return out;
}

// ---- helpers ----

/** Runs `fn` in a transaction: a new one, or the caller's when `db` is already one (a loader's). */
export function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.kysely.isTransaction) return fn(db.kysely as Transaction<Database>);
  return db.kysely.transaction().execute(fn);
}

function throwIfInvalid(errors: ErrorDetail[]): void {
  if (!errors.length) return;
  const first = errors[0] as ErrorDetail;
  throw invalid(`${first.field}: ${first.message}`, errors);
}

export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
