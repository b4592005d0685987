import { type ErrorDetail, invalid } from '../core/index.js';
import { parseCsv } from '../factors/index.js';
import { toIntervalStartMs } from './chain.js';
import { INTERVAL_LABELS, type IntervalLabel } from './model.js';

/**
 * Readings files: parsing and validation without a database. Three kinds, each a regular series of intervals:
 * `meter` (AC kWh per interval and system), `sensor` (the park's irradiance, air temperature and wind) and `site`
 * (the site's consumption, grid import and export meters). Problems carry the file's line (CSV) or a JSON pointer
 * (`/rows/3/acKwh`), and every problem of a file is reported, not only the first.
 */

export const READING_KINDS = ['meter', 'sensor', 'site'] as const;
export type ReadingKind = (typeof READING_KINDS)[number];

/** Value columns of each kind: CSV (and database) name → JSON name. */
export const READING_FIELDS = {
  meter: { ac_kwh: 'acKwh' },
  sensor: { poa_wm2: 'poaWm2', ghi_wm2: 'ghiWm2', air_temp_c: 'airTempC', wind_ms: 'windMs' },
  site: { consumption_kwh: 'consumptionKwh', import_kwh: 'importKwh', export_kwh: 'exportKwh' },
} as const satisfies Record<ReadingKind, Record<string, string>>;

export type ReadingField =
  | keyof (typeof READING_FIELDS)['meter']
  | keyof (typeof READING_FIELDS)['sensor']
  | keyof (typeof READING_FIELDS)['site'];

/** The CSV header of each kind (park_id is optional when the park is named with the request). */
export const CSV_HEADERS: Record<ReadingKind, string> = {
  meter: 'time,system_id,ac_kwh',
  sensor: 'time,park_id,poa_wm2,ghi_wm2,air_temp_c,wind_ms',
  site: 'time,park_id,consumption_kwh,import_kwh,export_kwh',
};

/** Interval lengths a series may have: they divide an hour, so readings roll up into the hourly model. */
export const STEP_MINUTES = [1, 5, 10, 15, 20, 30, 60] as const;
export const DEFAULT_STEP_MIN = 60;

/** Plausible ranges of the values; energies are never negative. */
const RANGES: Record<ReadingField, { min: number; max: number; message: string }> = {
  ac_kwh: { min: 0, max: Number.POSITIVE_INFINITY, message: 'negative energy' },
  consumption_kwh: { min: 0, max: Number.POSITIVE_INFINITY, message: 'negative energy' },
  import_kwh: { min: 0, max: Number.POSITIVE_INFINITY, message: 'negative energy' },
  export_kwh: { min: 0, max: Number.POSITIVE_INFINITY, message: 'negative energy' },
  // Pyranometers read a few W/m2 below zero at night; more than that, or above 2,000, is a faulty sensor.
  poa_wm2: { min: -50, max: 2000, message: 'irradiance must be -50 to 2000 W/m2' },
  ghi_wm2: { min: -50, max: 2000, message: 'irradiance must be -50 to 2000 W/m2' },
  air_temp_c: { min: -60, max: 70, message: 'air temperature must be -60 to 70 °C' },
  wind_ms: { min: 0, max: 100, message: 'wind speed must be 0 to 100 m/s' },
};

/** One reading as parsed: the time as given, its series key and its values (null = no value). */
export interface ReadingRow {
  /** 1-based line of a CSV file. */
  line?: number;
  /** Index in a JSON `rows` array. */
  index?: number;
  time: string;
  timeMs: number;
  /** Meter readings: the system. */
  systemId?: string;
  /** Sensor and site readings: the park, when the row names one. */
  parkId?: string;
  values: Partial<Record<ReadingField, number | null>>;
}

export interface ParsedReadings {
  kind: ReadingKind;
  /** The value columns the source gives (compared and written; the others are left alone). */
  fields: ReadingField[];
  rows: ReadingRow[];
}

/** At most this many problems are listed; the message says how many there were. */
export const MAX_REPORTED_ERRORS = 100;

/** Throws one validation error listing the problems (the first in the message), if there are any. */
export function throwIfErrors(errors: ErrorDetail[], what = 'the readings'): void {
  if (!errors.length) return;
  const first = errors[0] as ErrorDetail;
  const where = first.line ? `line ${first.line}: ` : first.field ? `${first.field}: ` : '';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  throw invalid(
    `${where}${first.line && first.field ? `${first.field} ` : ''}${first.message}${more}; nothing was imported from ${what}`,
    errors.slice(0, MAX_REPORTED_ERRORS),
  );
}

/** Where a problem of a row is: its line and CSV column, or its JSON pointer. */
export function at(row: ReadingRow, column: string, kind: ReadingKind, message: string): ErrorDetail {
  if (row.line !== undefined) return { line: row.line, field: column, message };
  const json =
    column === 'time'
      ? 'time'
      : column === 'system_id'
        ? 'systemId'
        : column === 'park_id'
          ? 'parkId'
          : ((READING_FIELDS[kind] as Record<string, string>)[column] ?? column);
  return { field: `/rows/${row.index ?? 0}/${json}`, message };
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch ms of an ISO 8601 date-time with an offset; NaN when it is not one. */
export function parseTimeMs(value: string): number {
  if (!ISO_WITH_OFFSET.test(value)) return Number.NaN;
  return Date.parse(value);
}

const isKind = (v: unknown): v is ReadingKind => (READING_KINDS as readonly unknown[]).includes(v);
export const isLabel = (v: unknown): v is IntervalLabel => (INTERVAL_LABELS as readonly unknown[]).includes(v);

/** The kind a CSV header describes, from its value columns. */
function kindOfHeader(names: string[]): ReadingKind | undefined {
  for (const kind of READING_KINDS) if (Object.keys(READING_FIELDS[kind]).some((c) => names.includes(c))) return kind;
  return undefined;
}

/**
 * Readings from CSV. Headers: meter `time,system_id,ac_kwh`; sensor `time[,park_id],poa_wm2,ghi_wm2,air_temp_c,wind_ms`
 * (any of the value columns); site `time[,park_id],consumption_kwh,import_kwh,export_kwh` (any of them). `time` is ISO
 * 8601 with an offset. The kind is read from the header unless given. An empty sensor or site cell is "no value".
 */
export function parseReadingsCsv(text: string, opts: { kind?: ReadingKind | undefined } = {}): ParsedReadings {
  const [header, ...records] = readCsv(text);
  if (!header) throw invalid('the file is empty', [{ line: 1, message: 'no header' }]);
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const kind = opts.kind ?? kindOfHeader(names);
  if (!kind) {
    throw invalid(`line 1: no value column; use one of the headers ${Object.values(CSV_HEADERS).join(' | ')}`, [
      { line: 1, message: `expected ${Object.values(CSV_HEADERS).join(' | ')}` },
    ]);
  }
  const valueColumns = Object.keys(READING_FIELDS[kind]) as ReadingField[];
  const allowed = ['time', kind === 'meter' ? 'system_id' : 'park_id', ...valueColumns];
  const errors: ErrorDetail[] = [];
  for (const n of names) {
    if (!allowed.includes(n))
      errors.push({ line: 1, field: n, message: `unknown column for ${kind} readings (header: ${CSV_HEADERS[kind]})` });
  }
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) errors.push({ line: 1, field: n, message: 'column appears twice' });
  });
  for (const required of ['time', ...(kind === 'meter' ? ['system_id', 'ac_kwh'] : [])]) {
    if (!names.includes(required))
      errors.push({ line: 1, field: required, message: `missing column (header: ${CSV_HEADERS[kind]})` });
  }
  const fields = valueColumns.filter((c) => names.includes(c));
  if (!fields.length && kind !== 'meter') {
    errors.push({ line: 1, message: `no value column (header: ${CSV_HEADERS[kind]})` });
  }
  throwIfErrors(errors, 'the file');

  const col = (name: string) => names.indexOf(name);
  const timeCol = col('time');
  const keyCol = col(kind === 'meter' ? 'system_id' : 'park_id');
  const valueCols = fields.map((f) => [f, col(f)] as const);
  const rows: ReadingRow[] = [];
  for (const r of records) {
    if (r.fields.every((f) => f.trim() === '')) continue;
    const time = (r.fields[timeCol] ?? '').trim();
    const row: ReadingRow = { line: r.line, time, timeMs: parseTimeMs(time), values: {} };
    const key = keyCol >= 0 ? (r.fields[keyCol] ?? '').trim() : '';
    if (kind === 'meter') row.systemId = key;
    else if (key) row.parkId = key;
    for (const [f, i] of valueCols) {
      const raw = (r.fields[i] ?? '').trim();
      row.values[f] = raw === '' ? null : Number(raw);
      if (raw !== '' && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) row.values[f] = Number.NaN;
    }
    rows.push(row);
  }
  const parsed = { kind, fields, rows };
  throwIfErrors(rowErrors(parsed), 'the file');
  return parsed;
}

/**
 * CSV records with their lines. Readings files are large and rarely quoted: without a quote character the text is
 * split directly (several times faster); otherwise the RFC 4180 parser reads it. Both skip blank lines but count them.
 */
export function readCsv(text: string): ReturnType<typeof parseCsv> {
  if (text.includes('"')) return parseCsv(text);
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = src.split(/\r\n|\n|\r/);
  const out: ReturnType<typeof parseCsv> = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l !== '') out.push({ line: i + 1, fields: l.split(',') });
  }
  return out;
}

/**
 * Readings from JSON rows: meter `{time, systemId, acKwh}`; sensor `{time, poaWm2?, ghiWm2?, airTempC?, windMs?}`;
 * site `{time, consumptionKwh?, importKwh?, exportKwh?}` (null or absent = no value).
 */
export function parseReadingsJson(kind: unknown, rows: unknown): ParsedReadings {
  if (!isKind(kind))
    throw invalid(`kind must be one of ${READING_KINDS.join(', ')}`, [{ field: '/kind', message: READING_KINDS.join(' | ') }]);
  if (!Array.isArray(rows)) throw invalid('rows must be an array', [{ field: '/rows', message: 'an array of readings' }]);
  const byJson = Object.entries(READING_FIELDS[kind]) as [ReadingField, string][];
  const allowed = new Set(['time', kind === 'meter' ? 'systemId' : 'parkId', ...byJson.map(([, j]) => j)]);
  const errors: ErrorDetail[] = [];
  const seen = new Set<ReadingField>();
  const out: ReadingRow[] = [];
  rows.forEach((raw, index) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({ field: `/rows/${index}`, message: 'a reading object' });
      return;
    }
    const r = raw as Record<string, unknown>;
    for (const k of Object.keys(r))
      if (!allowed.has(k)) errors.push({ field: `/rows/${index}/${k}`, message: `not a field of ${kind} readings` });
    const time = typeof r.time === 'string' ? r.time.trim() : '';
    const row: ReadingRow = { index, time, timeMs: parseTimeMs(time), values: {} };
    const key = kind === 'meter' ? r.systemId : r.parkId;
    if (key !== undefined && typeof key !== 'string') {
      errors.push({ field: `/rows/${index}/${kind === 'meter' ? 'systemId' : 'parkId'}`, message: 'a string' });
    }
    if (kind === 'meter') row.systemId = typeof key === 'string' ? key.trim() : '';
    else if (typeof key === 'string' && key.trim()) row.parkId = key.trim();
    for (const [f, j] of byJson) {
      const v = r[j];
      if (v === undefined) continue;
      seen.add(f);
      if (v === null) row.values[f] = null;
      else if (typeof v === 'number') row.values[f] = v;
      else row.values[f] = Number.NaN;
    }
    out.push(row);
  });
  const fields = (byJson.map(([f]) => f) as ReadingField[]).filter((f) => seen.has(f) || kind === 'meter');
  for (const row of out) for (const f of fields) if (!(f in row.values)) row.values[f] = null;
  const parsed = { kind, fields, rows: out };
  errors.push(...rowErrors(parsed));
  throwIfErrors(errors, 'the request');
  return parsed;
}

/** Problems of single rows: time, key, numbers and their ranges. */
function rowErrors({ kind, fields, rows }: ParsedReadings): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (!rows.length) errors.push({ field: 'rows', message: 'no readings' });
  for (const row of rows) {
    if (!Number.isFinite(row.timeMs)) {
      errors.push(
        at(row, 'time', kind, `"${row.time}" is not an ISO 8601 date-time with an offset (e.g. 2026-06-01T10:00:00+08:00)`),
      );
    }
    if (kind === 'meter' && !row.systemId) errors.push(at(row, 'system_id', kind, 'required'));
    let given = 0;
    for (const f of fields) {
      const v = row.values[f];
      if (v === null || v === undefined) {
        if (kind === 'meter') errors.push(at(row, f, kind, 'required'));
        continue;
      }
      given++;
      if (!Number.isFinite(v)) {
        errors.push(at(row, f, kind, 'not a number'));
        continue;
      }
      const range = RANGES[f];
      if (v < range.min || v > range.max) errors.push(at(row, f, kind, `${range.message} (${v})`));
    }
    if (kind !== 'meter' && given === 0 && fields.length) errors.push(at(row, fields[0] as string, kind, 'no value in this row'));
    if (errors.length > MAX_REPORTED_ERRORS) break;
  }
  return errors;
}

/** What a row's interval start needs to know about its series. */
export interface SeriesSettings {
  stepMin: number;
  label: IntervalLabel;
  utcOffsetMin: number;
}

/**
 * Converts each row's time into its interval start (UTC epoch ms) with the series' label, and checks that it is on
 * the interval grid (whole steps from local midnight) and that within each series (system or park) the times rise
 * strictly: an earlier or repeated time is an error naming the line it repeats or follows.
 */
export function intervalStarts(
  parsed: ParsedReadings,
  keyOf: (row: ReadingRow) => string,
  settingsOf: (row: ReadingRow) => SeriesSettings,
): { startsMs: Float64Array; errors: ErrorDetail[] } {
  const { kind, rows } = parsed;
  const startsMs = new Float64Array(rows.length);
  const errors: ErrorDetail[] = [];
  // Per series, the accepted starts in rising order (and their rows), to name the line a time repeats or follows.
  const series = new Map<string, { starts: number[]; rows: ReadingRow[] }>();
  const where = (r: ReadingRow) => (r.line !== undefined ? `line ${r.line}` : `/rows/${r.index}`);
  rows.forEach((row, i) => {
    const s = settingsOf(row);
    const stepMs = s.stepMin * 60_000;
    const start = toIntervalStartMs(row.timeMs, stepMs, s.label);
    startsMs[i] = start;
    if (!Number.isFinite(start)) return;
    const local = start + s.utcOffsetMin * 60_000;
    if (((local % stepMs) + stepMs) % stepMs !== 0) {
      errors.push(
        at(
          row,
          'time',
          kind,
          `${row.time} is not on the ${s.stepMin}-minute grid for ${s.label}-labelled intervals (UTC${offsetText(s.utcOffsetMin)})`,
        ),
      );
      return;
    }
    const key = keyOf(row);
    let seen = series.get(key);
    if (!seen) {
      seen = { starts: [], rows: [] };
      series.set(key, seen);
    }
    const n = seen.starts.length;
    if (n === 0 || start > (seen.starts[n - 1] as number)) {
      seen.starts.push(start);
      seen.rows.push(row);
      return;
    }
    const forKey = key ? ` for ${key}` : '';
    const k = lowerBound(seen.starts, start);
    if (seen.starts[k] === start) {
      errors.push(at(row, 'time', kind, `duplicate: ${row.time} repeats ${where(seen.rows[k] as ReadingRow)}${forKey}`));
      return;
    }
    const prev = seen.rows[n - 1] as ReadingRow;
    errors.push(at(row, 'time', kind, `out of order: ${row.time} comes before ${prev.time} (${where(prev)})${forKey}`));
  });
  return { startsMs, errors };
}

/** The first index whose value is >= x in a rising array. */
function lowerBound(values: number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function offsetText(utcOffsetMin: number): string {
  const sign = utcOffsetMin < 0 ? '-' : '+';
  const a = Math.abs(utcOffsetMin);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
