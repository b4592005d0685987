import { SYSTEM_SCOPE, seededRandom } from '../core/index.js';
import type { Db } from '../db/index.js';
import { listSites, type Site, updateSite } from '../network/index.js';
import { runChain, type SeriesSun, sunTermsFor } from '../solar/chain.js';
import type { ParsedReadings, ReadingRow } from '../solar/import.js';
import type { IntervalSeries, ModuleType, PvLocation, PvSystemSpec, WeatherSeries } from '../solar/model.js';
import { addSystem, importReadings, insertPark, type PvSystem } from '../solar/store.js';
import {
  cloudRegime,
  type InjectedFault,
  normalFrom,
  type SkyState,
  syntheticReadings,
  syntheticWeather,
} from '../solar/synthetic.js';

/**
 * The demo network's rooftop solar: park settings and PV systems on the nine solar_park sites, and a year of hourly
 * readings up to today (the 365 whole local days before it), imported through the same path as an operator's files.
 *
 * The readings are synthetic but physically consistent: seeded weather per park (solar/synthetic.ts: a day-to-day
 * cloud regime, hourly cloud noise, air temperature, wind), the park's weather station (plane-of-array irradiance in
 * the plane of its first system, horizontal irradiance, air temperature, wind), each system's meter = the model chain
 * on that weather in the system's own plane x meter noise, with four injected faults for the alerts to find (one of
 * each kind, on different parks), and the site's own meters: a warehouse load, grid import and export hour by hour.
 *
 * The capacities are illustrative: nine parks (the seed company's first figure) of 2 to 5 MWp, about 33 MWp in all.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** China Standard Time: local days, the meters' clocks and the interval grid. */
export const DEMO_UTC_OFFSET_MIN = 480;
const OFFSET_MS = DEMO_UTC_OFFSET_MIN * 60_000;
/** Days of readings: the year before today. */
export const DEMO_SOLAR_DAYS = 365;

interface DemoSystemDef {
  /** Suffix of the system id (`pv-<city>-<code>`). */
  code: string;
  name: string;
  dcKwp: number;
  moduleType: ModuleType;
  /** DC/AC ratio of its inverters. */
  dcAcRatio: number;
  commissionedOn: string;
}

interface DemoParkDef {
  city: string;
  /** Metres above sea level (the city's). */
  elevationM: number;
  /**
   * Monthly Linke turbidity, January first: plausible for the city (SoDa-like climatology; hazier in summer, the
   * Sichuan basin and the North China plain hazier than the coast). Illustrative, not looked up.
   */
  linkeTurbidity: number[];
  /**
   * The plane of every roof of the park (the sheds of a park are built alike), which is also the plane of its
   * pyranometer: the expected energy of a system stands on the sensor's plane-of-array irradiance as it is, so a roof
   * in another plane would carry a seasonal bias against the model (a 15° roof under a 5° sensor gets relatively less
   * in summer than in winter) that the rolling clear-day baseline takes for a derate in some years.
   */
  tiltDeg: number;
  azimuthDeg: number;
  systems: DemoSystemDef[];
}

const roof = (
  code: string,
  name: string,
  dcKwp: number,
  commissionedOn: string,
  moduleType: ModuleType = 'standard',
  dcAcRatio = 1.1,
): DemoSystemDef => ({ code, name, dcKwp, moduleType, dcAcRatio, commissionedOn });

const YANGTZE_DELTA = [3.4, 3.6, 3.9, 4.2, 4.4, 4.6, 4.7, 4.6, 4.2, 3.9, 3.6, 3.4];
const PEARL_RIVER_DELTA = [3.6, 3.7, 3.9, 4.1, 4.2, 4.3, 4.2, 4.2, 4.0, 3.8, 3.6, 3.5];

/** The parks, in the order of the network's solar cities. Close-mounted rooftop arrays, tilted 3° to 10° and facing about south. */
export const DEMO_SOLAR_PARKS: readonly DemoParkDef[] = [
  {
    city: 'Hangzhou',
    elevationM: 10,
    linkeTurbidity: YANGTZE_DELTA,
    tiltDeg: 5,
    azimuthDeg: 180,
    systems: [
      roof('a', 'Sorting hall A roof', 1800, '2020-06-18'),
      roof('b', 'Sorting hall B roof', 1600, '2020-06-18'),
      roof('c', 'Office block roof', 600, '2021-09-01', 'premium', 1.2),
    ],
  },
  {
    city: 'Jiaxing',
    elevationM: 5,
    linkeTurbidity: YANGTZE_DELTA,
    tiltDeg: 5,
    azimuthDeg: 180,
    systems: [roof('a', 'Warehouse 1 roof', 1500, '2021-04-20'), roof('b', 'Warehouse 2 roof', 1300, '2021-04-20')],
  },
  {
    city: 'Wuxi',
    elevationM: 5,
    linkeTurbidity: YANGTZE_DELTA.map((v) => v + 0.1),
    tiltDeg: 3,
    azimuthDeg: 185,
    systems: [
      roof('a', 'Cross-dock roof east', 2200, '2019-11-30'),
      roof('b', 'Cross-dock roof west', 1500, '2019-11-30'),
      roof('c', 'Cold store roof', 800, '2022-05-12', 'premium'),
    ],
  },
  {
    city: 'Guangzhou',
    elevationM: 20,
    linkeTurbidity: PEARL_RIVER_DELTA,
    tiltDeg: 3,
    azimuthDeg: 180,
    systems: [roof('a', 'Main warehouse roof', 2000, '2020-12-08'), roof('b', 'Returns centre roof', 1400, '2021-07-15')],
  },
  {
    city: 'Dongguan',
    elevationM: 15,
    linkeTurbidity: PEARL_RIVER_DELTA,
    tiltDeg: 5,
    azimuthDeg: 175,
    systems: [
      roof('a', 'Fulfilment hall roof', 2400, '2021-03-02'),
      roof('b', 'Parcel hub roof', 1400, '2021-03-02'),
      roof('c', 'Van depot roof', 700, '2023-01-16', 'standard', 1.2),
    ],
  },
  {
    city: 'Tianjin',
    elevationM: 5,
    linkeTurbidity: [3.6, 3.9, 4.4, 4.7, 4.8, 5.0, 5.2, 5.0, 4.4, 4.0, 3.7, 3.5],
    tiltDeg: 10,
    azimuthDeg: 180,
    systems: [
      roof('a', 'Bonded warehouse roof', 2000, '2020-09-25'),
      roof('b', 'Sorting centre roof', 1200, '2020-09-25'),
      roof('c', 'Truck workshop roof', 500, '2022-10-10', 'premium'),
    ],
  },
  {
    city: 'Wuhan',
    elevationM: 25,
    linkeTurbidity: [3.6, 3.8, 4.1, 4.4, 4.6, 4.8, 4.8, 4.7, 4.3, 4.0, 3.7, 3.5],
    tiltDeg: 5,
    azimuthDeg: 180,
    systems: [roof('a', 'Hub roof north', 1500, '2021-10-28'), roof('b', 'Hub roof south', 1100, '2021-10-28')],
  },
  {
    city: 'Chengdu',
    elevationM: 500,
    linkeTurbidity: [4.2, 4.4, 4.6, 4.8, 5.0, 5.0, 5.0, 4.9, 4.7, 4.5, 4.3, 4.2],
    tiltDeg: 3,
    azimuthDeg: 180,
    systems: [roof('a', 'Distribution centre roof', 1300, '2022-04-06'), roof('b', 'Cold chain roof', 900, '2022-04-06')],
  },
  {
    city: 'Zhengzhou',
    elevationM: 110,
    linkeTurbidity: [3.7, 4.0, 4.4, 4.6, 4.8, 5.0, 5.1, 5.0, 4.5, 4.1, 3.8, 3.6],
    tiltDeg: 8,
    azimuthDeg: 180,
    systems: [
      roof('a', 'Air cargo shed roof', 2200, '2020-05-20'),
      roof('b', 'Sorting hall roof', 1500, '2020-05-20'),
      roof('c', 'Bonded store roof', 900, '2021-08-09'),
      roof('d', 'Staff canteen roof', 500, '2023-03-28', 'premium', 1.2),
    ],
  },
];

/**
 * PVWatts system losses: well-kept modern arrays lose about 10 % (soiling, mismatch, wiring, light-induced
 * degradation, nameplate), the first ones (2019-2020) 12 % after a few more years of degradation.
 */
const lossesPctOf = (s: DemoSystemDef): number => (Number(s.commissionedOn.slice(0, 4)) <= 2020 ? 12 : 10);

export const systemIdOf = (city: string, code: string): string => `pv-${city.toLowerCase()}-${code}`;

/** Installed DC capacity of the demo, kWp. */
export const DEMO_SOLAR_KWP = DEMO_SOLAR_PARKS.reduce((s, p) => s + p.systems.reduce((t, x) => t + x.dcKwp, 0), 0);

// ---------- the period ----------

export interface SolarWindow {
  /** First local day (UTC+8), YYYY-MM-DD. */
  fromDay: string;
  /** The day after the last one (exclusive): today. */
  toDay: string;
  startMs: number;
  endMs: number;
}

const localDay = (ms: number): string => new Date(ms + OFFSET_MS).toISOString().slice(0, 10);

/** The 365 whole local days before `nowMs`'s day: the same seed on the same day gives the same readings. */
export function demoSolarWindow(nowMs: number): SolarWindow {
  const endMs = Math.floor((nowMs + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
  const startMs = endMs - DEMO_SOLAR_DAYS * DAY_MS;
  return { fromDay: localDay(startMs), toDay: localDay(endMs), startMs, endMs };
}

const seriesOf = (w: SolarWindow): IntervalSeries => ({
  startMs: w.startMs,
  stepMs: HOUR_MS,
  count: Math.round((w.endMs - w.startMs) / HOUR_MS),
});

// ---------- the faults ----------

/** Where each fault goes: a system, and the day of the year it is aimed at (moved to a day the alerts can see it). */
const FAULT_PLAN = [
  // A derate (soiling, a tripped string) for two weeks in spring or early summer: seen on its clear days.
  { city: 'Wuxi', code: 'b', kind: 'underperformance', day: 120, days: 14, factor: 0.8 },
  // The logger of one roof offline for a working day.
  { city: 'Guangzhou', code: 'a', kind: 'data_gap', day: 200, hours: 8 },
  // A meter clock an hour ahead for a month (set to a DST zone by a firmware update), put right at the next visit.
  { city: 'Chengdu', code: 'a', kind: 'timestamp_shift', day: 280, days: 30, shiftHours: 1 },
  // A register frozen for an afternoon, within the last month.
  { city: 'Tianjin', code: 'b', kind: 'stale_meter', day: 340, hours: 5 },
] as const;

export interface DemoSolarFault {
  city: string;
  systemId: string;
  kind: InjectedFault['kind'];
  fault: InjectedFault;
  /** The local days the fault touches: [fromDay, toDay). */
  fromDay: string;
  toDay: string;
  fromMs: number;
  toMs: number;
}

/** Clear days (of the park's cloud regime) needed in an underperformance spell, and before it for the baseline. */
const MIN_CLEAR_IN_SPELL = 3;
const MIN_CLEAR_BEFORE = 15;

/** The sky regime of each local day of the window, for a park's weather seed (the regime at local noon). */
function dayRegimes(series: IntervalSeries, lat: number, lon: number, weatherSeed: number): SkyState[] {
  const regime = cloudRegime(series, lon, lat, weatherSeed);
  const days = Math.round(series.count / 24);
  return Array.from({ length: days }, (_, d) => regime.states[regime.dayOfInterval[d * 24 + 12] as number] as SkyState);
}

/**
 * The faults on the days the plan aims at, each moved forward to where the alerts can see it: an underperformance
 * spell with at least three clear days in it (the check compares clear days with a rolling clear-day baseline, so a
 * derate during a cloudy spell is invisible) after at least fifteen clear days of baseline; a gap or a frozen
 * register on a clear day (a visible hole in the curve); the clock shift where aimed.
 */
export function planSolarFaults(
  window: SolarWindow,
  parks: ReadonlyArray<{ city: string; lat: number; lon: number }>,
  seed: number,
): DemoSolarFault[] {
  const series = seriesOf(window);
  const days = Math.round(series.count / 24);
  return FAULT_PLAN.map((p) => {
    const index = DEMO_SOLAR_PARKS.findIndex((x) => x.city === p.city);
    const site = parks.find((x) => x.city === p.city);
    if (index < 0 || !site) throw new Error(`demo solar park ${p.city} missing`);
    const sky = dayRegimes(series, site.lat, site.lon, weatherSeedOf(seed, index));
    const clearIn = (from: number, to: number) => sky.slice(from, to).filter((s) => s === 'clear').length;
    let d = p.day;
    if (p.kind === 'underperformance') {
      while (d + p.days < days - 7 && (clearIn(d, d + p.days) < MIN_CLEAR_IN_SPELL || clearIn(0, d) < MIN_CLEAR_BEFORE)) d++;
    } else if (p.kind === 'data_gap' || p.kind === 'stale_meter') {
      while (d < days - 2 && sky[d] !== 'clear') d++;
    }
    const fromMs = window.startMs + d * DAY_MS;
    const fromDay = localDay(fromMs);
    const fault: InjectedFault =
      p.kind === 'underperformance'
        ? { kind: p.kind, fromDay, days: p.days, factor: p.factor }
        : p.kind === 'timestamp_shift'
          ? { kind: p.kind, fromDay, days: p.days, shiftHours: p.shiftHours }
          : { kind: p.kind, fromDay, hours: p.hours };
    const spanDays = 'days' in p ? p.days : 1;
    const toMs = fromMs + spanDays * DAY_MS;
    return {
      city: p.city,
      systemId: systemIdOf(p.city, p.code),
      kind: p.kind,
      fault,
      fromDay,
      toDay: localDay(toMs),
      fromMs,
      toMs,
    };
  });
}

// ---------- seeds ----------

const weatherSeedOf = (seed: number, park: number): number => seed * 1000 + 900 + park;
const meterSeedOf = (seed: number, park: number, system: number): number => seed * 1000 + 500 + park * 10 + system;
const loadSeedOf = (seed: number, park: number): number => seed * 1000 + 700 + park;

// ---------- the site's load ----------

/**
 * Hourly consumption of a logistics park, kWh: a base load (lighting, IT, cold rooms) of 9 % of the PV nameplate
 * in kW, a day shift (07-19 h) of 42 % more, an evening shift (19-23 h) of 22 % and a night sort (23-03 h) of 12 %;
 * Saturdays at 70 % and Sundays at 45 % of the shift loads; summer cooling (+12 %, June to September); the 618 and
 * Double 11 shopping peaks (+15 %, +35 %); a daily and an hourly noise.
 */
export function siteLoadKwh(series: IntervalSeries, kwp: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  const out = new Float64Array(series.count);
  let dayFactor = 1;
  for (let i = 0; i < series.count; i++) {
    const local = new Date(series.startMs + i * series.stepMs + OFFSET_MS);
    const hour = local.getUTCHours();
    if (i === 0 || hour === 0) dayFactor = 1 + 0.06 * normalFrom(rand);
    const weekday = local.getUTCDay();
    const week = weekday === 0 ? 0.45 : weekday === 6 ? 0.7 : 1;
    const month = local.getUTCMonth();
    const date = local.getUTCDate();
    const season =
      (month >= 5 && month <= 8 ? 1.12 : 1) *
      (month === 5 && date <= 20 ? 1.15 : 1) *
      ((month === 9 && date >= 25) || (month === 10 && date <= 15) ? 1.35 : 1);
    const shift = hour >= 7 && hour < 19 ? 0.42 : hour >= 19 && hour < 23 ? 0.22 : hour >= 23 || hour < 3 ? 0.12 : 0;
    const kw = kwp * (0.09 + shift * week * season * dayFactor) * (1 + 0.04 * normalFrom(rand));
    out[i] = round3(Math.max(0, kw) * (series.stepMs / HOUR_MS));
  }
  return out;
}

// ---------- loading ----------

const round1 = (v: number): number => Math.round(v * 10) / 10;
const round3 = (v: number): number => Math.round(v * 1000) / 1000;

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

export interface DemoSolarCounts {
  parks: number;
  systems: number;
  installedKwp: number;
  meterReadings: number;
  sensorReadings: number;
  siteReadings: number;
  faults: DemoSolarFault[];
}

/** What one park's weather, meters and site meters read over the window. */
interface ParkReadings {
  sensor: ReadingRow[];
  site: ReadingRow[];
  meter: ReadingRow[];
}

function parkReadings(
  site: Site,
  def: DemoParkDef,
  index: number,
  systems: PvSystem[],
  faults: DemoSolarFault[],
  series: IntervalSeries,
  sun: SeriesSun,
  seed: number,
): ParkReadings {
  const location: PvLocation = {
    latDeg: site.lat,
    lonDeg: site.lon,
    elevationM: def.elevationM,
    linkeTurbidity: def.linkeTurbidity,
  };
  const w = syntheticWeather(location, series, weatherSeedOf(seed, index));
  // The sky as it was: beam and diffuse, transposed into each system's own plane.
  const actual: WeatherSeries = { ghiWm2: w.ghiWm2, dniWm2: w.dniWm2, dhiWm2: w.dhiWm2, airTempC: w.airTempC, windMs: w.windMs };
  const n = series.count;
  const time = (i: number) => {
    const ms = series.startMs + i * series.stepMs;
    return { ms, iso: `${new Date(ms + OFFSET_MS).toISOString().slice(0, 19)}+08:00` };
  };

  // The weather station: a pyranometer in the plane of the first (largest) roof, one on the horizontal, air, wind.
  const mainPlane = runChain(location, specOf(systems[0] as PvSystem), series, { weather: actual, sunTerms: sun });
  const sensor: ReadingRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = time(i);
    sensor[i] = {
      time: t.iso,
      timeMs: t.ms,
      parkId: site.id,
      values: {
        poa_wm2: round1(mainPlane.poaWm2[i] as number),
        ghi_wm2: round1(w.ghiWm2?.[i] as number),
        air_temp_c: round1(w.airTempC?.[i] as number),
        wind_ms: round1(w.windMs?.[i] as number),
      },
    };
  }

  const meter: ReadingRow[] = [];
  const generation = new Float64Array(n);
  systems.forEach((system, k) => {
    const truth = runChain(location, specOf(system), series, { weather: actual, sunTerms: sun }).acKwh;
    const injected = faults.filter((f) => f.systemId === system.id).map((f) => f.fault);
    const noiseSeed = meterSeedOf(seed, index, k);
    const metered = syntheticReadings(truth, series, DEMO_UTC_OFFSET_MIN, injected, noiseSeed);
    // What the roof really gave: the derate is physical, the gap, the frozen register and the clock are the meter's.
    const physical = injected.some((f) => f.kind !== 'underperformance')
      ? syntheticReadings(
          truth,
          series,
          DEMO_UTC_OFFSET_MIN,
          injected.filter((f) => f.kind === 'underperformance'),
          noiseSeed,
        )
      : metered;
    for (let i = 0; i < n; i++) {
      generation[i] += physical[i] as number;
      const v = metered[i] as number;
      if (!Number.isFinite(v)) continue;
      const t = time(i);
      meter.push({ time: t.iso, timeMs: t.ms, systemId: system.id, values: { ac_kwh: v } });
    }
  });

  const kwp = systems.reduce((s, x) => s + x.dcKwp, 0);
  const load = siteLoadKwh(series, kwp, loadSeedOf(seed, index));
  const siteRows: ReadingRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = time(i);
    const gen = generation[i] as number;
    const use = load[i] as number;
    siteRows[i] = {
      time: t.iso,
      timeMs: t.ms,
      parkId: site.id,
      values: {
        consumption_kwh: use,
        import_kwh: round3(Math.max(0, use - gen)),
        export_kwh: round3(Math.max(0, gen - use)),
      },
    };
  }
  return { sensor, site: siteRows, meter };
}

/** Rows per import call: one transaction each, so no single statement list grows too long. */
const IMPORT_CHUNK = 50_000;

async function importAll(db: Db, parkId: string, kind: ParsedReadings['kind'], rows: ReadingRow[]): Promise<number> {
  const fields: ParsedReadings['fields'] =
    kind === 'meter'
      ? ['ac_kwh']
      : kind === 'sensor'
        ? ['poa_wm2', 'ghi_wm2', 'air_temp_c', 'wind_ms']
        : ['consumption_kwh', 'import_kwh', 'export_kwh'];
  let inserted = 0;
  for (let i = 0; i < rows.length; i += IMPORT_CHUNK) {
    const result = await importReadings(db, SYSTEM_SCOPE, {
      parsed: { kind, fields, rows: rows.slice(i, i + IMPORT_CHUNK) },
      parkId,
      stepMin: 60,
      label: 'left',
    });
    inserted += result.inserted;
  }
  return inserted;
}

/**
 * The solar parks of the demo network: settings and systems on the network's solar_park sites, and the year of
 * readings before today with the faults of `planSolarFaults` in them. The site's capacityKwp attribute is set to
 * its systems' total.
 */
export async function loadSolar(db: Db, seed: number, nowMs = Date.now()): Promise<DemoSolarCounts> {
  const sites = (await listSites(db, SYSTEM_SCOPE, { kind: 'solar_park', limit: 500 })).items;
  const window = demoSolarWindow(nowMs);
  const series = seriesOf(window);
  const sun = sunTermsFor(series);
  const parks: Array<{ site: Site; def: DemoParkDef; index: number }> = [];
  DEMO_SOLAR_PARKS.forEach((def, index) => {
    const site = sites.find((s) => s.city === def.city);
    if (site) parks.push({ site, def, index });
  });
  const faults = planSolarFaults(
    window,
    parks.map((p) => p.site),
    seed,
  );
  const counts: DemoSolarCounts = {
    parks: 0,
    systems: 0,
    installedKwp: 0,
    meterReadings: 0,
    sensorReadings: 0,
    siteReadings: 0,
    faults,
  };
  for (const { site, def, index } of parks) {
    await insertPark(db, site.id, site.tenantId, {
      elevationM: def.elevationM,
      utcOffsetMin: DEMO_UTC_OFFSET_MIN,
      linkeTurbidity: def.linkeTurbidity,
    });
    const systems: PvSystem[] = [];
    for (const s of def.systems) {
      systems.push(
        await addSystem(
          db,
          SYSTEM_SCOPE,
          site.id,
          {
            id: systemIdOf(def.city, s.code),
            name: s.name,
            dcKwp: s.dcKwp,
            tiltDeg: def.tiltDeg,
            azimuthDeg: def.azimuthDeg,
            mounting: 'close_mount',
            moduleType: s.moduleType,
            inverterAcKw: Math.round(s.dcKwp / s.dcAcRatio),
            lossesPct: lossesPctOf(s),
            commissionedOn: s.commissionedOn,
          },
          () => systemIdOf(def.city, s.code),
        ),
      );
    }
    const kwp = systems.reduce((sum, x) => sum + x.dcKwp, 0);
    await updateSite(db, SYSTEM_SCOPE, site.id, { attributes: { ...site.attributes, capacityKwp: kwp } });
    const readings = parkReadings(site, def, index, systems, faults, series, sun, seed);
    counts.sensorReadings += await importAll(db, site.id, 'sensor', readings.sensor);
    counts.siteReadings += await importAll(db, site.id, 'site', readings.site);
    counts.meterReadings += await importAll(db, site.id, 'meter', readings.meter);
    counts.parks++;
    counts.systems += systems.length;
    counts.installedKwp += kwp;
  }
  return counts;
}

/**
 * The window and the faults of a loaded demo: the plan again, for the window the stored readings cover (so a test
 * needs no clock). Null when no readings are stored.
 */
export async function loadedSolarDemo(db: Db, seed: number): Promise<{ window: SolarWindow; faults: DemoSolarFault[] } | null> {
  const sites = (await listSites(db, SYSTEM_SCOPE, { kind: 'solar_park', limit: 500 })).items;
  const last = await db.kysely
    .selectFrom('solar_sensor_readings')
    .select((eb) => eb.fn.max('interval_start').as('last'))
    .executeTakeFirstOrThrow();
  if (!last.last) return null;
  const window = demoSolarWindow(Date.parse(String(last.last)) + HOUR_MS);
  return { window, faults: planSolarFaults(window, sites, seed) };
}
