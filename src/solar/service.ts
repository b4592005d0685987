import { writeTenant } from '../auth/index.js';
import { AppError, ErrorCode, type ErrorDetail, invalid, newId, notFound, type Scope } from '../core/index.js';
import type { Db, Page } from '../db/index.js';
import { createSite, getSite, type Site } from '../network/index.js';
import { detectAlerts, type SolarAlert } from './alerts.js';
import { runChain, sunTermsFor } from './chain.js';
import {
  addNullable,
  type EnergyBalance,
  energyBalance,
  type GridFactorChoice,
  gridFactorFor,
  type Scope2Figures,
  scope2Of,
} from './energy.js';
import type { ChainResult, IntervalSeries, PvLocation, PvSystemSpec, WeatherSeries } from './model.js';
import { type DailyPerformance, dailyPerformance, localDays, rollUp, type SystemSeriesInput } from './performance.js';
import { MODULE_PARAMS } from './pvwatts.js';
import {
  allParkRecords,
  assertMayWrite,
  definedOnly,
  generationTotals,
  getParkRecord,
  getSystem,
  insertPark,
  inTransaction,
  listParkRecords,
  listSystems,
  meterReadings,
  type ParkFilter,
  type ParkRecord,
  type ParkSettings,
  type PvSystem,
  parkSettingsErrors,
  sensorReadings,
  siteReadings,
  updateParkSettings,
} from './store.js';

/**
 * Solar parks as the API and the CLI see them: a network site of kind solar_park with its settings, systems and
 * headline figures; and the monitoring built on the engines: expected energy (the model chain on the measured weather
 * or the clear sky), performance (IEC PR on plane-of-array irradiance, NREL weather-corrected PR, availability),
 * alerts, and the energy balance with its Scope 2 credit.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Model runs cover at most two years of hourly steps per request. */
export const MAX_MODEL_DAYS = 732;
/** Energy sums (no model) may cover ten years. */
export const MAX_ENERGY_DAYS = 3660;
/** Days before the period that the alerts read, so the clear-day baseline is there from the first day. */
export const ALERT_LOOKBACK_DAYS = 45;

// ---- parks ----

export interface Park extends ParkSettings {
  /** The park's site id. */
  id: string;
  tenantId: string;
  name: string;
  city: string;
  province: string;
  region: string;
  lat: number;
  lon: number;
  createdAt: string;
  updatedAt: string;
}

export interface ParkKpis {
  systems: number;
  installedKwp: number;
  /** All metered generation. */
  generationKwh: number;
  readings: number;
  firstIntervalStart: string | null;
  lastIntervalStart: string | null;
}

export interface ParkDetail extends Park {
  systems: PvSystem[];
  kpis: ParkKpis;
}

const parkFrom = (record: ParkRecord, site: Site): Park => {
  const { siteId, tenantId, createdAt, updatedAt, ...settings } = record;
  return {
    id: siteId,
    tenantId,
    name: site.name,
    city: site.city,
    province: site.province,
    region: site.region,
    lat: site.lat,
    lon: site.lon,
    ...settings,
    createdAt,
    updatedAt,
  };
};

export interface ParkInput extends Partial<ParkSettings> {
  /** Attach to this existing site of kind solar_park ... */
  siteId?: string | undefined;
  /** ... or create the site: */
  tenantId?: string | undefined;
  name?: string | undefined;
  city?: string | undefined;
  province?: string | undefined;
  region?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
  attributes?: Record<string, unknown> | undefined;
}

const SITE_FIELDS = ['name', 'city', 'province', 'region', 'lat', 'lon', 'attributes'] as const;

/** Field errors of a park to create (site fields when no siteId, and the settings). */
export function parkInputErrors(input: ParkInput): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (input.siteId !== undefined) {
    for (const f of SITE_FIELDS)
      if (input[f] !== undefined) errors.push({ field: f, message: 'give siteId or the site fields, not both' });
  } else {
    for (const f of ['name', 'city', 'province', 'region'] as const) {
      const v = input[f];
      if (typeof v !== 'string' || v.trim() === '')
        errors.push({ field: f, message: 'required (or siteId of an existing solar_park site)' });
    }
    const { lat, lon } = input;
    if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
      errors.push({ field: 'lat', message: 'a latitude, -90 to 90' });
    if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
      errors.push({ field: 'lon', message: 'a longitude, -180 to 180' });
    }
  }
  errors.push(...parkSettingsErrors(input));
  return errors;
}

/** Makes a solar park: creates its site (kind solar_park) or attaches to an existing one, with the settings. */
export async function createPark(db: Db, scope: Scope, input: ParkInput): Promise<ParkDetail> {
  const errors = parkInputErrors(input);
  if (errors.length) throw invalid(`${errors[0]?.field}: ${errors[0]?.message}`, errors);
  const settings: Partial<ParkSettings> = definedOnly({
    elevationM: input.elevationM,
    utcOffsetMin: input.utcOffsetMin,
    linkeTurbidity: input.linkeTurbidity,
    meterLabel: input.meterLabel,
    sensorLabel: input.sensorLabel,
    siteMeterLabel: input.siteMeterLabel,
    gridRegion: input.gridRegion,
    sensorTiltDeg: input.sensorTiltDeg,
    sensorAzimuthDeg: input.sensorAzimuthDeg,
  });
  let siteId: string;
  if (input.siteId !== undefined) {
    const site = await getSite(db, scope, input.siteId).catch((err) => {
      if (err instanceof AppError && err.code === ErrorCode.NotFound) {
        throw invalid(`unknown site ${input.siteId}`, [{ field: 'siteId', message: 'unknown site' }]);
      }
      throw err;
    });
    if (site.kind !== 'solar_park') {
      throw invalid(`site ${site.id} is a ${site.kind}, not a solar_park`, [
        { field: 'siteId', message: 'not a solar_park site' },
      ]);
    }
    if (input.tenantId !== undefined && input.tenantId !== site.tenantId) {
      throw invalid('tenantId differs from the tenant of the site', [{ field: 'tenantId', message: "the site's tenant" }]);
    }
    assertMayWrite(scope, site.tenantId, 'add solar parks');
    await insertPark(db, site.id, site.tenantId, settings);
    siteId = site.id;
  } else {
    const owner = await writeTenant(db, scope, input.tenantId, 'add solar parks');
    assertMayWrite(scope, owner, 'add solar parks');
    siteId = await inTransaction(db, async (trx) => {
      const tx = { ...db, kysely: trx };
      const site = await createSite(tx, scope, {
        tenantId: owner,
        kind: 'solar_park',
        name: (input.name as string).trim(),
        city: (input.city as string).trim(),
        province: (input.province as string).trim(),
        region: (input.region as string).trim(),
        lat: input.lat as number,
        lon: input.lon as number,
        ...(input.attributes ? { attributes: input.attributes } : {}),
      });
      await insertPark(tx, site.id, owner, settings);
      return site.id;
    });
  }
  return getPark(db, scope, siteId);
}

async function siteOf(db: Db, scope: Scope, record: ParkRecord): Promise<Site | undefined> {
  try {
    const site = await getSite(db, scope, record.siteId);
    return site.kind === 'solar_park' ? site : undefined;
  } catch (err) {
    if (err instanceof AppError && err.code === ErrorCode.NotFound) return undefined;
    throw err;
  }
}

/** A park visible to the scope, with its site (404 when either is missing). */
export async function loadPark(db: Db, scope: Scope, id: string): Promise<Park> {
  const record = await getParkRecord(db, scope, id);
  const site = await siteOf(db, scope, record);
  if (!site) throw notFound('solar park', id);
  return parkFrom(record, site);
}

function kpisOf(systems: PvSystem[], totals: Awaited<ReturnType<typeof generationTotals>>, parkId: string): ParkKpis {
  const t = totals.get(parkId);
  return {
    systems: systems.length,
    installedKwp: systems.reduce((s, x) => s + x.dcKwp, 0),
    generationKwh: t?.generationKwh ?? 0,
    readings: t?.readings ?? 0,
    firstIntervalStart: t?.firstIntervalStart ?? null,
    lastIntervalStart: t?.lastIntervalStart ?? null,
  };
}

export async function getPark(db: Db, scope: Scope, id: string): Promise<ParkDetail> {
  const park = await loadPark(db, scope, id);
  const systems = await listSystems(db, scope, [id]);
  const totals = await generationTotals(db, scope, [id]);
  return { ...park, systems, kpis: kpisOf(systems, totals, id) };
}

/** Parks visible to the scope with their headline figures (systems are in GET /parks/:id). */
export async function listParks(db: Db, scope: Scope, filter: ParkFilter = {}): Promise<Page<Park & { kpis: ParkKpis }>> {
  const page = await listParkRecords(db, scope, filter);
  const ids = page.items.map((p) => p.siteId);
  const systems = await listSystems(db, scope, ids);
  const totals = await generationTotals(db, scope, ids);
  const items: (Park & { kpis: ParkKpis })[] = [];
  for (const record of page.items) {
    const site = await siteOf(db, scope, record);
    if (!site) continue;
    items.push({
      ...parkFrom(record, site),
      kpis: kpisOf(
        systems.filter((s) => s.parkId === record.siteId),
        totals,
        record.siteId,
      ),
    });
  }
  return { items, nextCursor: page.nextCursor };
}

export async function updatePark(db: Db, scope: Scope, id: string, patch: Partial<ParkSettings>): Promise<ParkDetail> {
  await loadPark(db, scope, id);
  await updateParkSettings(db, scope, id, patch);
  return getPark(db, scope, id);
}

export function newSystemId(): string {
  return newId('pvs');
}

// ---- periods ----

export interface Period {
  fromMs: number;
  toMs: number;
  /** The bounds as given, for the answer. */
  from: string;
  to: string;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A bound: a local day (its midnight at the park's offset) or an ISO 8601 date-time with an offset. */
export function parseBound(value: string, utcOffsetMin: number, field: string): number {
  if (DAY_RE.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value) return ms - utcOffsetMin * 60_000;
  } else if (ISO_RE.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  throw invalid(`${field} must be a day (YYYY-MM-DD, local) or an ISO 8601 date-time with an offset`, [
    { field, message: 'YYYY-MM-DD or ISO 8601 with offset' },
  ]);
}

/** [from, to): `to` is exclusive (a day means its local midnight). */
export function parsePeriod(from: string | undefined, to: string | undefined, utcOffsetMin: number, maxDays: number): Period {
  const errors: ErrorDetail[] = [];
  if (!from) errors.push({ field: 'from', message: 'required: YYYY-MM-DD or ISO 8601 with offset' });
  if (!to) errors.push({ field: 'to', message: 'required (exclusive): YYYY-MM-DD or ISO 8601 with offset' });
  if (errors.length) throw invalid('from and to are required', errors);
  const fromMs = parseBound(from as string, utcOffsetMin, 'from');
  const toMs = parseBound(to as string, utcOffsetMin, 'to');
  if (!(toMs > fromMs)) throw invalid('to must be after from (to is exclusive)', [{ field: 'to', message: 'after from' }]);
  if (toMs - fromMs > maxDays * DAY_MS) {
    throw invalid(`the period may cover at most ${maxDays} days`, [
      { field: 'to', message: `at most ${maxDays} days after from` },
    ]);
  }
  return { fromMs, toMs, from: from as string, to: to as string };
}

/** The whole local hours covering [fromMs, toMs). */
function hourlySeries(fromMs: number, toMs: number, utcOffsetMin: number): IntervalSeries {
  const off = utcOffsetMin * 60_000;
  const startMs = Math.floor((fromMs + off) / HOUR_MS) * HOUR_MS - off;
  const endMs = Math.ceil((toMs + off) / HOUR_MS) * HOUR_MS - off;
  return { startMs, stepMs: HOUR_MS, count: Math.round((endMs - startMs) / HOUR_MS) };
}

// ---- the model over a park ----

export type PoaSource = SystemSeriesInput['poaSource'];

interface ModelledSystem {
  system: PvSystem;
  input: SystemSeriesInput;
  expected: ChainResult;
  clearSky: ChainResult;
}

interface ParkModel {
  park: Park;
  series: IntervalSeries;
  poaSource: PoaSource;
  systems: ModelledSystem[];
}

/** Hourly means of the sensor series (NaN where no sub-interval has a value). */
function hourlyWeather(rows: Awaited<ReturnType<typeof sensorReadings>>, series: IntervalSeries): WeatherSeries {
  const n = series.count;
  const cols = { poa_wm2: 'poaWm2', ghi_wm2: 'ghiWm2', air_temp_c: 'airTempC', wind_ms: 'windMs' } as const;
  const sums = Object.fromEntries(Object.keys(cols).map((c) => [c, new Float64Array(n)])) as Record<
    keyof typeof cols,
    Float64Array
  >;
  const counts = Object.fromEntries(Object.keys(cols).map((c) => [c, new Uint16Array(n)])) as Record<
    keyof typeof cols,
    Uint16Array
  >;
  for (const r of rows) {
    const i = Math.floor((Date.parse(r.interval_start) - series.startMs) / series.stepMs);
    if (i < 0 || i >= n) continue;
    for (const c of Object.keys(cols) as (keyof typeof cols)[]) {
      const v = r[c];
      if (v === null || v === undefined) continue;
      sums[c][i] += v;
      counts[c][i]++;
    }
  }
  const weather: WeatherSeries = {};
  for (const c of Object.keys(cols) as (keyof typeof cols)[]) {
    if (!counts[c].some((k) => k > 0)) continue;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = counts[c][i] ? (sums[c][i] as number) / (counts[c][i] as number) : Number.NaN;
    weather[cols[c]] = out;
  }
  return weather;
}

/** Hourly meter energy; an hour is known only when its readings cover all of it. */
function hourlyMeter(rows: Awaited<ReturnType<typeof meterReadings>>, series: IntervalSeries): Float64Array {
  const n = series.count;
  const kwh = new Float64Array(n);
  const minutes = new Uint16Array(n);
  for (const r of rows) {
    const i = Math.floor((Date.parse(r.interval_start) - series.startMs) / series.stepMs);
    if (i < 0 || i >= n) continue;
    kwh[i] += r.ac_kwh;
    minutes[i] += r.step_min;
  }
  for (let i = 0; i < n; i++) if (minutes[i] !== 60) kwh[i] = Number.NaN;
  return kwh;
}

const specOf = (s: PvSystem): PvSystemSpec => ({
  dcKwp: s.dcKwp,
  tiltDeg: s.tiltDeg,
  azimuthDeg: s.azimuthDeg,
  mounting: s.mounting,
  moduleType: s.moduleType,
  inverterAcKw: s.inverterAcKw,
  lossesPct: s.lossesPct,
  albedo: s.albedo,
});

/** Whether a system lies in the POA sensor's plane (a sensor without a stated plane lies in every plane). */
function inSensorPlane(park: Park, spec: PvSystemSpec): boolean {
  if (park.sensorTiltDeg === null) return true;
  if (Math.abs(park.sensorTiltDeg - spec.tiltDeg) > 1) return false;
  // Azimuth does not matter for a flat plane.
  const azimuthGap = Math.abs((((park.sensorAzimuthDeg ?? 180) - spec.azimuthDeg + 540) % 360) - 180);
  return spec.tiltDeg <= 1 || azimuthGap <= 2;
}

const locationOf = (park: Park): PvLocation => ({
  latDeg: park.lat,
  lonDeg: park.lon,
  elevationM: park.elevationM,
  linkeTurbidity: park.linkeTurbidity,
});

/** Which systems a request means: one system, or every system of the park. */
async function target(
  db: Db,
  scope: Scope,
  q: { parkId?: string | undefined; systemId?: string | undefined },
): Promise<{ park: Park; systems: PvSystem[] }> {
  if (q.systemId !== undefined) {
    const system = await getSystem(db, scope, q.systemId);
    if (q.parkId !== undefined && q.parkId !== system.parkId) {
      throw invalid(`PV system ${q.systemId} is not in park ${q.parkId}`, [
        { field: 'systemId', message: `not in park ${q.parkId}` },
      ]);
    }
    return { park: await loadPark(db, scope, system.parkId), systems: [system] };
  }
  if (q.parkId === undefined)
    throw invalid('parkId or systemId is required', [{ field: 'parkId', message: 'required (or systemId)' }]);
  const park = await loadPark(db, scope, q.parkId);
  return { park, systems: await listSystems(db, scope, [park.id]) };
}

/**
 * Runs the chain for every system of the request over the hours of the period: once on the measured weather (a POA
 * sensor as is, horizontal irradiance decomposed and transposed, the clear sky where there is none) and once on the
 * clear sky; with the meter readings this is the input of the performance and alert engines.
 */
async function modelPark(
  db: Db,
  scope: Scope,
  park: Park,
  systems: PvSystem[],
  fromMs: number,
  toMs: number,
  opts: { meters: boolean },
): Promise<ParkModel> {
  const series = hourlySeries(fromMs, toMs, park.utcOffsetMin);
  const fromIso = new Date(series.startMs).toISOString();
  const toIso = new Date(series.startMs + series.count * series.stepMs).toISOString();
  const weather = hourlyWeather(await sensorReadings(db, scope, park.id, fromIso, toIso), series);
  const poaSource: PoaSource = weather.poaWm2 ? 'sensor' : weather.ghiWm2 ? 'modelled' : 'clear_sky';
  const sunTerms = sunTermsFor(series);
  const location = locationOf(park);
  const meters = opts.meters
    ? await meterReadings(
        db,
        scope,
        systems.map((s) => s.id),
        fromIso,
        toIso,
      )
    : [];
  const stepH = series.stepMs / HOUR_MS;
  const bySystem = new Map<string, typeof meters>();
  for (const r of meters) {
    let rows = bySystem.get(r.system_id);
    if (!rows) {
      rows = [];
      bySystem.set(r.system_id, rows);
    }
    rows.push(r);
  }
  const out: ModelledSystem[] = [];
  // The sensor's own plane under a clear sky, for systems that face elsewhere (computed once, when needed).
  let sensorClearSky: Float64Array | undefined;
  for (const system of systems) {
    const spec = specOf(system);
    const clearSky = runChain(location, spec, series, { weather, clearSky: true, sunTerms });
    let systemWeather = weather;
    let systemPoaSource = poaSource;
    if (poaSource === 'sensor' && !inSensorPlane(park, spec)) {
      if (weather.ghiWm2) {
        // Another plane: transpose the measured horizontal irradiance instead.
        systemWeather = { ...weather, poaWm2: undefined };
        systemPoaSource = 'modelled';
      } else {
        // Only the sensor: carry its clear-sky index over to this plane (the ratio of measured to clear-sky POA).
        sensorClearSky ??= runChain(
          location,
          { ...spec, tiltDeg: park.sensorTiltDeg ?? 0, azimuthDeg: park.sensorAzimuthDeg ?? 180 },
          series,
          {
            weather,
            clearSky: true,
            sunTerms,
          },
        ).poaWm2;
        const poa = new Float64Array(series.count);
        for (let i = 0; i < series.count; i++) {
          const reference = sensorClearSky[i] as number;
          const measured = weather.poaWm2?.[i] ?? Number.NaN;
          poa[i] =
            reference > 1 ? (measured / reference) * (clearSky.poaWm2[i] as number) : Number.isFinite(measured) ? 0 : Number.NaN;
        }
        systemWeather = { ...weather, poaWm2: poa };
        systemPoaSource = 'modelled';
      }
    }
    const expected = runChain(location, spec, series, { weather: systemWeather, sunTerms });
    const measuredKwh = opts.meters
      ? hourlyMeter(bySystem.get(system.id) ?? [], series)
      : new Float64Array(series.count).fill(Number.NaN);
    // The reference irradiance, as a mean over each whole interval.
    const poaWm2 = new Float64Array(series.count);
    for (let i = 0; i < series.count; i++) {
      if (systemPoaSource === 'sensor') poaWm2[i] = weather.poaWm2?.[i] ?? Number.NaN;
      else if (systemPoaSource === 'modelled') {
        poaWm2[i] = Number.isFinite(systemWeather.ghiWm2?.[i] ?? systemWeather.poaWm2?.[i] ?? Number.NaN)
          ? ((expected.poaKwhM2[i] as number) * 1000) / stepH
          : Number.NaN;
      } else poaWm2[i] = ((clearSky.poaKwhM2[i] as number) * 1000) / stepH;
    }
    // Nothing is expected before the system was commissioned.
    if (system.commissionedOn) {
      const startMs = parseBound(system.commissionedOn, park.utcOffsetMin, 'commissionedOn');
      const before = Math.max(0, Math.min(series.count, Math.ceil((startMs - series.startMs) / series.stepMs)));
      for (let i = 0; i < before; i++) {
        expected.acKwh[i] = 0;
        clearSky.acKwh[i] = 0;
        measuredKwh[i] = Number.NaN;
        poaWm2[i] = Number.NaN;
      }
    }
    out.push({
      system,
      expected,
      clearSky,
      input: {
        systemId: system.id,
        dcKwp: system.dcKwp,
        series,
        utcOffsetMin: park.utcOffsetMin,
        measuredKwh,
        expectedKwh: expected.acKwh,
        clearSkyKwh: clearSky.acKwh,
        poaWm2,
        poaSource: systemPoaSource,
        cellTempC: expected.cellTempC,
        gammaPdc: MODULE_PARAMS[system.moduleType].gammaPdc,
      },
    });
  }
  return { park, series, poaSource, systems: out };
}

// ---- expected energy ----

export interface ExpectedQuery {
  parkId?: string | undefined;
  systemId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  clearSky?: boolean | undefined;
}

export interface DayEnergy {
  day: string;
  expectedKwh: number;
}

export interface ExpectedAnswer {
  parkId: string;
  from: string;
  to: string;
  clearSky: boolean;
  /** The irradiance the expected energy stands on (clear_sky when asked for it or when no sensor has data). */
  poaSource: PoaSource;
  utcOffsetMin: number;
  installedKwp: number;
  totalKwh: number;
  days: DayEnergy[];
  systems: Array<{ systemId: string; name: string; dcKwp: number; totalKwh: number; days: DayEnergy[] }>;
}

/** Sums of an hourly series over [fromMs, toMs) per local day. */
function perDay(values: Float64Array, series: IntervalSeries, utcOffsetMin: number, fromMs: number, toMs: number): DayEnergy[] {
  return localDays(series, utcOffsetMin).map(({ day, from, to }) => {
    let kwh = 0;
    for (let i = from; i < to; i++) {
      const t = series.startMs + i * series.stepMs;
      if (t < fromMs || t >= toMs) continue;
      const v = values[i] as number;
      if (Number.isFinite(v)) kwh += v;
    }
    return { day, expectedKwh: kwh };
  });
}

/** Expected AC energy per local day, per system and for the park: on the measured weather, or the clear sky. */
export async function expectedEnergy(db: Db, scope: Scope, q: ExpectedQuery): Promise<ExpectedAnswer> {
  const { park, systems } = await target(db, scope, q);
  const period = parsePeriod(q.from, q.to, park.utcOffsetMin, MAX_MODEL_DAYS);
  const model = await modelPark(db, scope, park, systems, period.fromMs, period.toMs, { meters: false });
  const clearSky = q.clearSky === true;
  const perSystem = model.systems.map((m) => {
    const days = perDay(
      clearSky ? m.clearSky.acKwh : m.expected.acKwh,
      model.series,
      park.utcOffsetMin,
      period.fromMs,
      period.toMs,
    );
    return {
      systemId: m.system.id,
      name: m.system.name,
      dcKwp: m.system.dcKwp,
      totalKwh: days.reduce((s, d) => s + d.expectedKwh, 0),
      days,
    };
  });
  const days = localDays(model.series, park.utcOffsetMin).map(({ day }, k) => ({
    day,
    expectedKwh: perSystem.reduce((s, x) => s + (x.days[k]?.expectedKwh ?? 0), 0),
  }));
  return {
    parkId: park.id,
    from: period.from,
    to: period.to,
    clearSky,
    poaSource: clearSky ? 'clear_sky' : model.poaSource,
    utcOffsetMin: park.utcOffsetMin,
    installedKwp: systems.reduce((s, x) => s + x.dcKwp, 0),
    totalKwh: days.reduce((s, d) => s + d.expectedKwh, 0),
    days,
    systems: perSystem,
  };
}

// ---- performance ----

export const GRANULARITIES = ['day', 'month', 'total'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export type PerformanceRow = DailyPerformance & { period: string };

export interface PerformanceQuery extends ExpectedQuery {
  granularity?: Granularity | undefined;
}

export interface PerformanceAnswer {
  parkId: string;
  from: string;
  to: string;
  granularity: Granularity;
  poaSource: PoaSource;
  utcOffsetMin: number;
  installedKwp: number;
  /** The park: sums over its systems, ratios recomputed from the sums (never averaged). */
  park: PerformanceRow[];
  systems: Array<{ systemId: string; name: string; dcKwp: number; rows: PerformanceRow[] }>;
}

/**
 * Park rows from system days: energies add up; PR = Σ measured / Σ (kWp × POA) over the system-days with a PR, the
 * weather-corrected PR likewise over its reference energies, availability over the readings, and so on, as
 * performance.rollUp does for one system.
 */
export function parkRows(
  entries: Array<{ day: DailyPerformance; dcKwp: number; period: string }>,
  installedKwp: number,
): PerformanceRow[] {
  const groups = new Map<string, Array<{ day: DailyPerformance; dcKwp: number }>>();
  for (const e of entries) {
    let g = groups.get(e.period);
    if (!g) {
      g = [];
      groups.set(e.period, g);
    }
    g.push(e);
  }
  const out: PerformanceRow[] = [];
  for (const [period, group] of groups) {
    let measured = 0;
    let expected = 0;
    let clearSky = 0;
    let poaKwp = 0;
    let readings = 0;
    let daylight = 0;
    let prMeasured = 0;
    let prReference = 0;
    let wcMeasured = 0;
    let wcReference = 0;
    let ratioMeasured = 0;
    let ratioExpected = 0;
    let producing = 0;
    let availabilityReadings = 0;
    let firstDay = group[0]?.day.day ?? '';
    for (const { day: d, dcKwp } of group) {
      if (d.day < firstDay) firstDay = d.day;
      measured += d.measuredKwh;
      expected += d.expectedKwh;
      clearSky += d.clearSkyKwh;
      poaKwp += d.poaKwhM2 * dcKwp;
      readings += d.readings;
      daylight += d.daylightIntervals;
      if (d.pr !== null) {
        prMeasured += d.measuredKwh;
        prReference += dcKwp * d.poaKwhM2;
      }
      if (d.weatherCorrectedPr !== null) {
        wcMeasured += d.measuredKwh;
        wcReference += d.weatherCorrectedPr > 0 ? d.measuredKwh / d.weatherCorrectedPr : dcKwp * d.poaKwhM2;
      }
      if (d.expectedRatio !== null) {
        ratioMeasured += d.measuredKwh;
        ratioExpected += d.expectedKwh;
      }
      if (d.availability !== null) {
        producing += Math.round(d.availability * d.readings);
        availabilityReadings += d.readings;
      }
    }
    out.push({
      period,
      day: firstDay,
      measuredKwh: measured,
      expectedKwh: expected,
      clearSkyKwh: clearSky,
      // kWp-weighted mean insolation of the park's planes.
      poaKwhM2: installedKwp > 0 ? poaKwp / installedKwp : 0,
      specificYieldKwhKwp: installedKwp > 0 ? measured / installedKwp : 0,
      pr: prReference > 0 ? prMeasured / prReference : null,
      weatherCorrectedPr: wcReference > 0 ? wcMeasured / wcReference : null,
      availability: availabilityReadings > 0 ? producing / availabilityReadings : null,
      expectedRatio: ratioExpected > 0 ? ratioMeasured / ratioExpected : null,
      readings,
      daylightIntervals: daylight,
    });
  }
  return out.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}

/** Measured, expected and clear-sky energy, specific yield, PR, weather-corrected PR and availability. */
export async function performance(db: Db, scope: Scope, q: PerformanceQuery): Promise<PerformanceAnswer> {
  const { park, systems } = await target(db, scope, q);
  const period = parsePeriod(q.from, q.to, park.utcOffsetMin, MAX_MODEL_DAYS);
  const granularity = q.granularity ?? 'day';
  const model = await modelPark(db, scope, park, systems, period.fromMs, period.toMs, { meters: true });
  const installedKwp = systems.reduce((s, x) => s + x.dcKwp, 0);
  const periodOf = (d: DailyPerformance, first: string, last: string) =>
    granularity === 'day' ? d.day : granularity === 'month' ? d.day.slice(0, 7) : `${first}/${last}`;
  const entries: Array<{ day: DailyPerformance; dcKwp: number; period: string }> = [];
  const perSystem = model.systems.map((m) => {
    const days = dailyPerformance(m.input);
    const first = days[0]?.day ?? '';
    const last = days[days.length - 1]?.day ?? '';
    for (const d of days) entries.push({ day: d, dcKwp: m.system.dcKwp, period: periodOf(d, first, last) });
    const rows: PerformanceRow[] =
      granularity === 'day'
        ? days.map((d) => ({ ...d, period: d.day }))
        : days.length
          ? rollUp(days, m.system.dcKwp, granularity)
          : [];
    return { systemId: m.system.id, name: m.system.name, dcKwp: m.system.dcKwp, rows };
  });
  return {
    parkId: park.id,
    from: period.from,
    to: period.to,
    granularity,
    poaSource: model.poaSource,
    utcOffsetMin: park.utcOffsetMin,
    installedKwp,
    park: parkRows(entries, installedKwp),
    systems: perSystem,
  };
}

// ---- alerts ----

export interface AlertItem extends SolarAlert {
  systemName: string;
  from: string;
  to: string;
}

export interface AlertsAnswer {
  parkId: string;
  from: string;
  to: string;
  poaSource: PoaSource;
  items: AlertItem[];
}

/**
 * Alerts of every system of the park that overlap the period. The engines read 45 days before it as well, so the
 * clear-day baseline of the underperformance check exists from the period's first day.
 */
export async function solarAlerts(db: Db, scope: Scope, q: ExpectedQuery & { nowMs?: number }): Promise<AlertsAnswer> {
  const { park, systems } = await target(db, scope, q);
  const period = parsePeriod(q.from, q.to, park.utcOffsetMin, MAX_MODEL_DAYS);
  const model = await modelPark(db, scope, park, systems, period.fromMs - ALERT_LOOKBACK_DAYS * DAY_MS, period.toMs, {
    meters: true,
  });
  const nowMs = Math.min(period.toMs, q.nowMs ?? Date.now());
  const items: AlertItem[] = [];
  for (const m of model.systems) {
    for (const a of detectAlerts(m.input, { nowMs })) {
      if (a.toMs <= period.fromMs || a.fromMs >= period.toMs) continue;
      items.push({ ...a, systemName: m.system.name, from: new Date(a.fromMs).toISOString(), to: new Date(a.toMs).toISOString() });
    }
  }
  items.sort((a, b) => a.fromMs - b.fromMs || (a.systemId < b.systemId ? -1 : a.systemId > b.systemId ? 1 : 0));
  return { parkId: park.id, from: period.from, to: period.to, poaSource: model.poaSource, items };
}

// ---- energy and Scope 2 ----

export interface EnergyRow extends EnergyBalance, Scope2Figures {
  /** YYYY-MM or YYYY (local), or `first/last` day for the total. */
  period: string;
  generationReadings: number;
  siteReadings: number;
  factor: GridFactorChoice | null;
}

export interface EnergyAnswer {
  parkId: string;
  from: string;
  to: string;
  granularity: 'month' | 'year';
  /** The grid region used for the factor (the park's override, else the site's region). */
  gridRegion: string;
  rows: EnergyRow[];
  /** The whole period; kg CO2e are the sums of the rows (each with its year's factor). */
  total: EnergyRow;
  method: string;
}

interface PeriodSums {
  generationKwh: number | null;
  consumptionKwh: number | null;
  importKwh: number | null;
  exportKwh: number | null;
  generationReadings: number;
  siteReadings: number;
}

const emptySums = (): PeriodSums => ({
  generationKwh: null,
  consumptionKwh: null,
  importKwh: null,
  exportKwh: null,
  generationReadings: 0,
  siteReadings: 0,
});

/** Local month (YYYY-MM) of an instant at an offset. */
const monthOf = (ms: number, utcOffsetMin: number): string => new Date(ms + utcOffsetMin * 60_000).toISOString().slice(0, 7);

/** Monthly energy sums of a park over [fromMs, toMs), from its system meters and its site meters. */
async function monthlySums(
  db: Db,
  scope: Scope,
  park: Park,
  systems: PvSystem[],
  fromMs: number,
  toMs: number,
): Promise<Map<string, PeriodSums>> {
  const fromIso = new Date(fromMs).toISOString();
  const toIso = new Date(toMs).toISOString();
  const months = new Map<string, PeriodSums>();
  const get = (ms: number) => {
    const key = monthOf(ms, park.utcOffsetMin);
    let s = months.get(key);
    if (!s) {
      s = emptySums();
      months.set(key, s);
    }
    return s;
  };
  // Readings are sorted by time per system: the month changes rarely, so keep the current one.
  let monthEndMs = Number.NEGATIVE_INFINITY;
  let monthStartMs = Number.POSITIVE_INFINITY;
  let current: PeriodSums = emptySums();
  const at = (ms: number): PeriodSums => {
    if (ms < monthStartMs || ms >= monthEndMs) {
      current = get(ms);
      const local = new Date(ms + park.utcOffsetMin * 60_000);
      monthStartMs = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - park.utcOffsetMin * 60_000;
      monthEndMs = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - park.utcOffsetMin * 60_000;
    }
    return current;
  };
  for (const r of await meterReadings(
    db,
    scope,
    systems.map((s) => s.id),
    fromIso,
    toIso,
  )) {
    const s = at(Date.parse(r.interval_start));
    s.generationKwh = (s.generationKwh ?? 0) + r.ac_kwh;
    s.generationReadings++;
  }
  for (const r of await siteReadings(db, scope, park.id, fromIso, toIso)) {
    const s = at(Date.parse(r.interval_start));
    s.siteReadings++;
    if (r.consumption_kwh !== null) s.consumptionKwh = (s.consumptionKwh ?? 0) + r.consumption_kwh;
    if (r.import_kwh !== null) s.importKwh = (s.importKwh ?? 0) + r.import_kwh;
    if (r.export_kwh !== null) s.exportKwh = (s.exportKwh ?? 0) + r.export_kwh;
  }
  return months;
}

const addSums = (a: PeriodSums, b: PeriodSums): PeriodSums => ({
  generationKwh: addNullable(a.generationKwh, b.generationKwh),
  consumptionKwh: addNullable(a.consumptionKwh, b.consumptionKwh),
  importKwh: addNullable(a.importKwh, b.importKwh),
  exportKwh: addNullable(a.exportKwh, b.exportKwh),
  generationReadings: a.generationReadings + b.generationReadings,
  siteReadings: a.siteReadings + b.siteReadings,
});

function energyRow(period: string, sums: PeriodSums, factor: GridFactorChoice | null): EnergyRow {
  const balance = energyBalance(sums);
  const kg = factor
    ? scope2Of(balance, factor.kgCo2ePerKwh)
    : { scope2LocationKgCo2e: null, scope2AvoidedKgCo2e: null, exportAvoidedKgCo2e: null };
  return { period, ...balance, ...kg, generationReadings: sums.generationReadings, siteReadings: sums.siteReadings, factor };
}

export const SCOPE2_METHOD =
  'Location-based Scope 2 (GHG Protocol): self-consumed solar = generation − export drops out of purchased electricity; ' +
  'avoided = self-consumed kWh × the MEE grid factor of the site region and year (nearest year available, national ' +
  'average when the region has none). Exports are avoided emissions reported apart, never netted against Scope 2.';

/** Generation, consumption, import, export, self-consumption and the Scope 2 figures of a park, by month or year. */
export async function parkEnergy(
  db: Db,
  scope: Scope,
  q: {
    parkId?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    granularity?: 'month' | 'year' | undefined;
  },
): Promise<EnergyAnswer> {
  if (q.parkId === undefined) throw invalid('parkId is required', [{ field: 'parkId', message: 'required' }]);
  const park = await loadPark(db, scope, q.parkId);
  const systems = await listSystems(db, scope, [park.id]);
  const period = parsePeriod(q.from, q.to, park.utcOffsetMin, MAX_ENERGY_DAYS);
  const granularity = q.granularity ?? 'month';
  const region = park.gridRegion ?? park.region;
  const months = await monthlySums(db, scope, park, systems, period.fromMs, period.toMs);
  const groups = new Map<string, PeriodSums>();
  for (const [month, sums] of [...months].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const key = granularity === 'month' ? month : month.slice(0, 4);
    groups.set(key, addSums(groups.get(key) ?? emptySums(), sums));
  }
  const rows = [...groups].map(([key, sums]) => energyRow(key, sums, gridFactorFor(region, Number(key.slice(0, 4)))));
  const totalSums = [...groups.values()].reduce(addSums, emptySums());
  const total = energyRow(`${period.from}/${period.to}`, totalSums, null);
  const sum = (k: keyof Scope2Figures) => rows.reduce<number | null>((s, r) => addNullable(s, r[k]), null);
  total.scope2LocationKgCo2e = sum('scope2LocationKgCo2e');
  total.scope2AvoidedKgCo2e = sum('scope2AvoidedKgCo2e');
  total.exportAvoidedKgCo2e = sum('exportAvoidedKgCo2e');
  return {
    parkId: park.id,
    from: period.from,
    to: period.to,
    granularity,
    gridRegion: region,
    rows,
    total,
    method: SCOPE2_METHOD,
  };
}

// ---- summary for the inventory and the progress dashboard ----

export interface SummaryFigures {
  generationKwh: number;
  selfConsumedKwh: number;
  exportedKwh: number;
  /** Location-based Scope 2 avoided by self-consumption. */
  scope2AvoidedKgCo2e: number;
  /** Avoided by exports: apart, never netted. */
  exportAvoidedKgCo2e: number;
}

export interface SolarSummary extends SummaryFigures {
  from: string | null;
  to: string | null;
  parks: number;
  systems: number;
  installedKwp: number;
  /** Parks with generation but no export figure: their self-consumption (and credit) is unknown, not counted. */
  parksWithoutSiteMeters: string[];
  byYear: Array<SummaryFigures & { period: string }>;
  byMonth: Array<SummaryFigures & { period: string }>;
  /** The grid factors used (id, year, value). */
  factors: Array<Pick<GridFactorChoice, 'factorId' | 'year' | 'reportingYear' | 'kgCo2ePerKwh' | 'note'>>;
  method: string;
}

const zeroFigures = (): SummaryFigures => ({
  generationKwh: 0,
  selfConsumedKwh: 0,
  exportedKwh: 0,
  scope2AvoidedKgCo2e: 0,
  exportAvoidedKgCo2e: 0,
});

/**
 * Every park of the scope over a period (local days of each park; default: all readings): parks, installed kWp,
 * generation, self-consumption, export and the kg CO2e avoided, by year and month. For the inventory and the
 * progress dashboard.
 */
export async function solarSummary(
  db: Db,
  scope: Scope,
  opts: { from?: string | undefined; to?: string | undefined; tenantId?: string | undefined } = {},
): Promise<SolarSummary> {
  const records = await allParkRecords(db, scope, opts.tenantId);
  const parks: Park[] = [];
  for (const r of records) {
    const site = await siteOf(db, scope, r);
    if (site) parks.push(parkFrom(r, site));
  }
  const systems = await listSystems(
    db,
    scope,
    parks.map((p) => p.id),
  );
  const totals = await generationTotals(
    db,
    scope,
    parks.map((p) => p.id),
  );
  const byMonth = new Map<string, SummaryFigures>();
  const factors = new Map<string, SolarSummary['factors'][number]>();
  const missing: string[] = [];
  for (const park of parks) {
    const t = totals.get(park.id);
    const fromMs = opts.from
      ? parseBound(opts.from, park.utcOffsetMin, 'from')
      : t?.firstIntervalStart
        ? Date.parse(t.firstIntervalStart)
        : null;
    const toMs = opts.to
      ? parseBound(opts.to, park.utcOffsetMin, 'to')
      : t?.lastIntervalStart
        ? Date.parse(t.lastIntervalStart) + HOUR_MS
        : null;
    if (fromMs === null || toMs === null || !(toMs > fromMs)) continue;
    const months = await monthlySums(
      db,
      scope,
      park,
      systems.filter((s) => s.parkId === park.id),
      fromMs,
      toMs,
    );
    const region = park.gridRegion ?? park.region;
    let unknownSelf = false;
    for (const [month, sums] of months) {
      const factor = gridFactorFor(region, Number(month.slice(0, 4)));
      factors.set(`${factor.factorId}@${factor.reportingYear}`, {
        factorId: factor.factorId,
        year: factor.year,
        reportingYear: factor.reportingYear,
        kgCo2ePerKwh: factor.kgCo2ePerKwh,
        note: factor.note,
      });
      const row = energyRow(month, sums, factor);
      const f = byMonth.get(month) ?? zeroFigures();
      f.generationKwh += row.generationKwh ?? 0;
      f.selfConsumedKwh += row.selfConsumedKwh ?? 0;
      f.exportedKwh += row.exportKwh ?? 0;
      f.scope2AvoidedKgCo2e += row.scope2AvoidedKgCo2e ?? 0;
      f.exportAvoidedKgCo2e += row.exportAvoidedKgCo2e ?? 0;
      byMonth.set(month, f);
      if ((row.generationKwh ?? 0) > 0 && row.selfConsumedKwh === null) unknownSelf = true;
    }
    if (unknownSelf) missing.push(park.id);
  }
  const months = [...byMonth].sort(([a], [b]) => (a < b ? -1 : 1)).map(([period, f]) => ({ period, ...f }));
  const years = new Map<string, SummaryFigures>();
  for (const m of months) {
    const y = years.get(m.period.slice(0, 4)) ?? zeroFigures();
    for (const k of Object.keys(zeroFigures()) as (keyof SummaryFigures)[]) y[k] += m[k];
    years.set(m.period.slice(0, 4), y);
  }
  const total = zeroFigures();
  for (const m of months) for (const k of Object.keys(total) as (keyof SummaryFigures)[]) total[k] += m[k];
  return {
    from: opts.from ?? null,
    to: opts.to ?? null,
    parks: parks.length,
    systems: systems.length,
    installedKwp: systems.reduce((s, x) => s + x.dcKwp, 0),
    ...total,
    parksWithoutSiteMeters: missing,
    byYear: [...years].map(([period, f]) => ({ period, ...f })),
    byMonth: months,
    factors: [...factors.values()].sort((a, b) => a.reportingYear - b.reportingYear || (a.factorId < b.factorId ? -1 : 1)),
    method: SCOPE2_METHOD,
  };
}
