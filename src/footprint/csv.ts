import { type ErrorDetail, greatCircleKm, invalid, isValidLatLon } from '../core/index.js';
import type { FactorResolver } from '../factors/model.js';
import { applyDaf, DAF_NONE_ACTUAL, dafRule, distanceTypeMatters } from './daf.js';
import type { DafApplied, DistanceType, InlineHoc, InlineToc, LegInput, ShipmentInput, SiteHoc } from './model.js';
import { type ResolvedHoc, type ResolvedToc, resolveHoc, resolveToc } from './resolve.js';

// Batch CSV: one row per chain element, rows of a shipment together, one output row per shipment.
// Built for a year of a network's shipments: it streams chunk by chunk in constant memory, splits
// lines by hand (one pass over the characters, no regex), parses numbers straight from the text,
// looks categories up without slicing, keeps a shipment's running sums in plain variables and
// writes output rows as bytes, so a row allocates next to nothing. The arithmetic is the engine's
// own: the same resolveToc/resolveHoc, dafRule and applyDaf as computeShipment.

/** Input columns, in the order used when the file has no header row. */
export const CSV_INPUT_COLUMNS = [
  'shipment_id',
  'mass_kg',
  'element',
  'toc',
  'hoc',
  'distance_km',
  'distance_type',
  'origin_lat',
  'origin_lon',
  'dest_lat',
  'dest_lon',
] as const;

export const CSV_OUTPUT_COLUMNS = [
  'shipment_id',
  'mass_kg',
  'elements',
  'transport_activity_tkm',
  'hub_activity_t',
  'co2e_wtw_kg',
  'co2e_ttw_kg',
  'co2e_wtt_kg',
  'co2e_wtw_unsplit_kg',
  'refrigerated_co2e_wtw_kg',
  'primary_data_share',
] as const;

/** A bad row: 1-based physical line number, the column, and why. */
export interface CsvLineError {
  line: number;
  field: string;
  message: string;
}

export interface CsvOptions {
  resolver: FactorResolver;
  /** Stop at the first bad row (rejects with a validation AppError naming the line). */
  strict?: boolean;
  /** Inline TOCs/HOCs the `toc`/`hoc` columns may name; looked up before the resolver. */
  tocs?: Record<string, InlineToc>;
  hocs?: Record<string, InlineHoc | SiteHoc>;
  /** Errors kept in the summary (all are counted); default 1000, so memory stays bounded. */
  maxErrors?: number;
  /** Called about every 64k lines and at the end. */
  onProgress?: (progress: CsvProgress) => void;
  /**
   * When the source is one part of a file (worker threads): the file's header line, the number of
   * lines before the part (so errors keep their file line numbers), and whether to write the output
   * header.
   */
  part?: { header?: string; linesBefore: number; outputHeader: boolean };
}

export interface CsvProgress {
  lines: number;
  shipments: number;
  elements: number;
  errorCount: number;
}

export interface CsvRunSummary extends CsvProgress {
  /** Shipments written to the output. */
  shipments: number;
  /** Shipments left out because one of their rows was bad. */
  rejectedShipments: number;
  errors: CsvLineError[];
}

export type CsvSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

// Column slots.
const C_ID = 0;
const C_MASS = 1;
const C_ELEMENT = 2;
const C_TOC = 3;
const C_HOC = 4;
const C_KM = 5;
const C_TYPE = 6;
const C_OLAT = 7;
const C_OLON = 8;
const C_DLAT = 9;
const C_DLON = 10;

const MAX_FIELDS = 256;
const FLUSH_CHARS = 1 << 16;
const PROGRESS_LINES = 1 << 16;

// ---------------------------------------------------------------------------------------------
// Record reader: chunks -> records as (text, field starts, field ends), with physical line numbers
// ---------------------------------------------------------------------------------------------

/** Called once per record; fields are `src.slice(starts[k], ends[k])`. */
type RecordHandler = (src: string, starts: Int32Array, ends: Int32Array, n: number, line: number) => void;

/**
 * Streams records out of CSV text. Unquoted lines (nearly all) take the fast path: field bounds
 * found in one pass over the characters. A line holding a quote goes through an RFC 4180 state
 * machine that may span lines.
 */
class RecordReader {
  private carry = '';
  private line = 0;
  private pending: Uint8Array | undefined;
  private first = true;
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);

  constructor(
    private readonly onRecord: RecordHandler,
    firstLine = 0,
  ) {
    this.line = firstLine;
  }

  get lines(): number {
    return this.line;
  }

  push(chunk: string | Uint8Array): void {
    let text = typeof chunk === 'string' ? chunk : this.decode(chunk);
    let from = 0;
    if (this.first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = false;
    }
    if (this.carry.length > 0) {
      // Finish the record cut by the chunk boundary on its own, so the big text stays the flat
      // string it was decoded as instead of becoming a carry + text rope.
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.carry += text;
        return;
      }
      const head = this.carry + text.slice(0, nl + 1);
      const used = this.scan(head, 0, false);
      this.carry = '';
      if (used < head.length)
        text = head.slice(used) + text.slice(nl + 1); // a quoted record still open: rare
      else from = nl + 1;
    }
    // Scan the decoded string itself from an offset: a sliced string would make every charCodeAt
    // go through an indirection.
    this.carry = text.slice(this.scan(text, from, false));
  }

  end(): void {
    const tail = this.pending ? Buffer.from(this.pending).toString('utf8') : '';
    this.pending = undefined;
    const s = this.carry + tail;
    this.carry = '';
    if (s.length === 0) return;
    this.scan(s.endsWith('\n') ? s : `${s}\n`, 0, true);
  }

  /**
   * UTF-8 bytes to text, keeping a character cut by the chunk boundary for the next chunk. Buffer's
   * decoder gives one-byte strings for ASCII (TextDecoder gives two-byte ones, slower to scan).
   */
  private decode(chunk: Uint8Array): string {
    let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.pending) {
      bytes = Buffer.concat([this.pending, bytes]);
      this.pending = undefined;
    }
    const len = bytes.length;
    let cut = len;
    if (len > 0 && bytes[len - 1] >= 0x80) {
      let k = len - 1;
      while (k > 0 && k > len - 4 && (bytes[k] & 0xc0) === 0x80) k--;
      const lead = bytes[k];
      const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
      if (k + need > len) cut = k;
    }
    if (cut < len) this.pending = Uint8Array.prototype.slice.call(bytes, cut);
    return bytes.toString('utf8', 0, cut);
  }

  /** Processes every complete record of `s`; returns where the incomplete rest starts. */
  private scan(s: string, from: number, last: boolean): number {
    const starts = this.starts;
    const ends = this.ends;
    const len = s.length;
    let pos = from;
    for (;;) {
      // Fast path: one pass over the line's characters, field bounds at commas. (A char loop beats
      // indexOf here: optimised indexOf calls kept degrading into long memchr scans.)
      let i = pos;
      let n = 0;
      let b = pos;
      let quoted = false;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c === 44) {
          if (n < MAX_FIELDS - 1) {
            starts[n] = b;
            ends[n++] = i;
            b = i + 1;
          }
        } else if (c === 10) break;
        else if (c === 34) {
          quoted = true;
          break;
        }
      }
      if (!quoted) {
        if (i >= len) return pos; // incomplete line: wait for more text
        let end = i;
        if (end > b && s.charCodeAt(end - 1) === 13) end--;
        this.line++;
        if (end === pos) {
          pos = i + 1;
          continue; // blank line
        }
        starts[n] = b;
        ends[n++] = end;
        this.onRecord(s, starts, ends, n, this.line);
        pos = i + 1;
        continue;
      }
      // Slow path: RFC 4180 record with quotes, possibly spanning lines.
      const startLine = this.line + 1;
      const fields: string[] = [];
      let field = '';
      i = pos;
      let inQuotes = false;
      let newlines = 0;
      let done = false;
      while (i < s.length) {
        const ch = s.charCodeAt(i);
        if (inQuotes) {
          if (ch === 34) {
            if (s.charCodeAt(i + 1) === 34) {
              field += '"';
              i += 2;
              continue;
            }
            if (i + 1 >= s.length && !last) break; // cannot tell "" from " yet
            inQuotes = false;
            i++;
            continue;
          }
          if (ch === 10) newlines++;
          // Copy a run of plain characters at once.
          let j = i + 1;
          while (j < s.length) {
            const cj = s.charCodeAt(j);
            if (cj === 34 || cj === 10) break;
            j++;
          }
          field += s.slice(i, j);
          i = j;
          continue;
        }
        if (ch === 34) {
          inQuotes = true;
          i++;
        } else if (ch === 44) {
          fields.push(field);
          field = '';
          i++;
        } else if (ch === 10) {
          newlines++;
          if (field.endsWith('\r')) field = field.slice(0, -1);
          fields.push(field);
          i++;
          done = true;
          break;
        } else {
          let j = i + 1;
          while (j < s.length) {
            const cj = s.charCodeAt(j);
            if (cj === 34 || cj === 44 || cj === 10) break;
            j++;
          }
          field += s.slice(i, j);
          i = j;
        }
      }
      if (!done) {
        if (!last) return pos; // wait for more text
        fields.push(field);
        newlines = Math.max(newlines, 1);
        i = s.length;
      }
      // Lay the unescaped fields end to end: the handler reads them by bounds like a fast-path line.
      let joined = '';
      const count = Math.min(fields.length, MAX_FIELDS);
      for (let k = 0; k < count; k++) {
        starts[k] = joined.length;
        joined += fields[k];
        ends[k] = joined.length;
      }
      this.line += newlines;
      this.onRecord(joined, starts, ends, count, startLine);
      pos = i;
    }
  }
}

async function feed(source: CsvSource, reader: RecordReader, afterChunk?: () => Promise<void> | void): Promise<void> {
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    reader.push(chunk);
    if (afterChunk) await afterChunk();
  }
  reader.end();
}

// ---------------------------------------------------------------------------------------------
// Field helpers
// ---------------------------------------------------------------------------------------------

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/** Marks an empty field for {@link parseNumber}. */
export const EMPTY = Number.NEGATIVE_INFINITY;

/**
 * Parses a decimal straight from the text. With at most 15 significant digits, mantissa / 10^k is
 * one correctly rounded division (Clinger's fast path), so the result equals Number(text); anything
 * else (exponents, long digit strings) falls back to Number. Empty -> EMPTY, garbage -> NaN.
 */
export function parseNumber(s: string, b: number, e: number): number {
  while (b < e && (s.charCodeAt(b) === 32 || s.charCodeAt(b) === 9)) b++;
  while (e > b && (s.charCodeAt(e - 1) === 32 || s.charCodeAt(e - 1) === 9)) e--;
  if (b === e) return EMPTY;
  let i = b;
  let neg = false;
  const c0 = s.charCodeAt(i);
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    i++;
  }
  let m = 0;
  let digits = 0;
  let frac = 0;
  let dot = false;
  let any = false;
  for (; i < e; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      any = true;
      if (m !== 0 || c !== 48) digits++;
      m = m * 10 + (c - 48);
      if (dot) frac++;
    } else if (c === 46 && !dot) dot = true;
    else return slowNumber(s, b, e);
  }
  if (!any) return Number.NaN;
  if (digits > 15 || frac > 22) return slowNumber(s, b, e);
  const v = frac === 0 ? m : m / POW10[frac];
  return neg ? -v : v;
}

function slowNumber(s: string, b: number, e: number): number {
  const v = Number(s.slice(b, e));
  return Number.isFinite(v) ? v : Number.NaN;
}

/** CSV-escapes a value when it needs quotes (RFC 4180). */
export function csvField(v: string): string {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return `"${v.replace(/"/g, '""')}"`;
  }
  return v;
}

const ZEROS = ['', '0', '00', '000', '0000', '00000'];

/**
 * Output numbers keep 6 decimals (mg CO2e): rounding only at the edge. Formatted with integer
 * arithmetic: String() of a rounded double takes V8's slow shortest-digits path far too often.
 */
export function formatDecimal6(x: number): string {
  const neg = x < 0;
  const v = Math.round((neg ? -x : x) * 1e6);
  if (!(v < 9e15)) return String(x); // too large (or not finite) for exact integer digits
  const int = Math.floor(v / 1e6);
  let frac = v - int * 1e6;
  if (frac === 0) return neg && int !== 0 ? `-${int}` : `${int}`;
  let digits = 6;
  while (frac % 10 === 0) {
    frac /= 10;
    digits--;
  }
  const f = `${frac}`;
  return `${neg ? '-' : ''}${int}.${ZEROS[digits - f.length]}${f}`;
}

/** ASCII digit pairs 00..99, for writing numbers two digits at a time. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/**
 * Output rows go as bytes into one buffer, handed out as one string per ~64 KB: no string per
 * number or per row, so the garbage collector has almost nothing to do.
 */
class RowWriter {
  private buf = Buffer.allocUnsafe(1 << 17);
  len = 0;
  private ascii = true;

  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  byte(c: number): void {
    this.buf[this.len++] = c;
  }

  /** ASCII text as is (the header). */
  raw(v: string): void {
    this.ensure(v.length);
    for (let i = 0; i < v.length; i++) this.buf[this.len++] = v.charCodeAt(i);
  }

  /** A text field, CSV-escaped when needed. */
  text(v: string): void {
    this.ensure(v.length * 3 + 2);
    const buf = this.buf;
    let len = this.len;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80 || c === 44 || c === 34 || c === 10 || c === 13) {
        const escaped = csvField(v);
        this.ensure(escaped.length * 3);
        this.len += this.buf.write(escaped, this.len, 'utf8');
        for (let k = i; k < v.length && this.ascii; k++) if (v.charCodeAt(k) >= 0x80) this.ascii = false;
        return;
      }
      buf[len++] = c;
    }
    this.len = len;
  }

  /** A number with at most 6 decimals, trailing zeros dropped (same text as formatDecimal6). */
  decimal(x: number): void {
    if (!(x > -2e9 && x < 2e9)) {
      this.text(formatDecimal6(x));
      return;
    }
    const buf = this.buf;
    let len = this.len;
    const neg = x < 0;
    const v = Math.round((neg ? -x : x) * 1e6);
    // Below 2^31 the integer part fits int32 arithmetic; digits go out two at a time.
    let int = Math.floor(v / 1e6);
    let frac = v - int * 1e6;
    if (neg && v !== 0) buf[len++] = 45;
    if (int < 10) buf[len++] = 48 + int;
    else {
      let digits = 2;
      for (let p = 100; p <= int && digits < 10; p *= 10) digits++;
      let at = len + digits;
      len = at;
      while (int >= 100) {
        const q = (int / 100) | 0;
        const r = (int - q * 100) << 1;
        buf[--at] = PAIRS[r + 1];
        buf[--at] = PAIRS[r];
        int = q;
      }
      if (int >= 10) {
        buf[--at] = PAIRS[(int << 1) + 1];
        buf[--at] = PAIRS[int << 1];
      } else buf[--at] = 48 + int;
    }
    if (frac > 0) {
      buf[len++] = 46;
      const hi = (frac / 10000) | 0; // digits 1-2
      frac -= hi * 10000;
      const mid = (frac / 100) | 0; // digits 3-4
      const lo = frac - mid * 100; // digits 5-6
      buf[len++] = PAIRS[hi << 1];
      buf[len++] = PAIRS[(hi << 1) + 1];
      buf[len++] = PAIRS[mid << 1];
      buf[len++] = PAIRS[(mid << 1) + 1];
      buf[len++] = PAIRS[lo << 1];
      buf[len++] = PAIRS[(lo << 1) + 1];
      while (buf[len - 1] === 48) len--;
    }
    this.len = len;
  }

  take(): string {
    const out = this.buf.toString(this.ascii ? 'latin1' : 'utf8', 0, this.len);
    this.len = 0;
    this.ascii = true;
    return out;
  }
}

function columnMap(src: string, starts: Int32Array, ends: Int32Array, n: number): Int32Array | string {
  const map = new Int32Array(CSV_INPUT_COLUMNS.length).fill(-1);
  for (let k = 0; k < n; k++) {
    const name = src.slice(starts[k], ends[k]).trim().toLowerCase();
    const slot = (CSV_INPUT_COLUMNS as readonly string[]).indexOf(name);
    if (slot >= 0 && map[slot] < 0) map[slot] = k;
  }
  for (const required of [C_ID, C_MASS, C_ELEMENT]) {
    if (map[required] < 0) return `header has no ${CSV_INPUT_COLUMNS[required]} column`;
  }
  return map;
}

/** A first record naming a shipment_id column is a header (columns may come in any order). */
function isHeader(src: string, starts: Int32Array, ends: Int32Array, n: number): boolean {
  for (let k = 0; k < n; k++) if (src.slice(starts[k], ends[k]).trim().toLowerCase() === 'shipment_id') return true;
  return false;
}

const DEFAULT_MAP = Int32Array.from(CSV_INPUT_COLUMNS.keys());

// ---------------------------------------------------------------------------------------------
// Category caches: each distinct toc/hoc id is resolved once per run
// ---------------------------------------------------------------------------------------------

type TocEntry =
  | { ok: true; toc: ResolvedToc; typeMatters: boolean; actual: DafApplied; sfd: DafApplied; gcd: DafApplied; primary: boolean }
  | { ok: false; message: string };
type HocEntry = { ok: true; hoc: ResolvedHoc; primary: boolean } | { ok: false; message: string };

/**
 * Looks a category up by the bounds of its id in the line, without slicing a string per row: a
 * short hash of the characters picks a slot, and the ids there are compared in place.
 */
class KeyTable<T> {
  private readonly slots: ({ key: string; value: T }[] | undefined)[] = new Array(256);

  constructor(private readonly make: (key: string) => T) {}

  get(src: string, b: number, e: number): T {
    // Length and four sampled characters are enough to spread ids; equality is checked below.
    const n = e - b;
    let h = n;
    if (n > 0) {
      h = Math.imul(h ^ src.charCodeAt(e - 1), 16777619);
      h = Math.imul(h ^ src.charCodeAt(e - 1 - (n >> 1)), 16777619);
      h = Math.imul(h ^ src.charCodeAt(e - 1 - (n >> 2)), 16777619);
      h = Math.imul(h ^ src.charCodeAt(b), 16777619);
    }
    const slot = (h ^ (h >>> 16)) & 255;
    let list = this.slots[slot];
    if (list) {
      for (let k = 0; k < list.length; k++) if (textAt(src, b, e, list[k].key)) return list[k].value;
    } else {
      list = [];
      this.slots[slot] = list;
    }
    const key = src.slice(b, e);
    const value = this.make(key);
    list.push({ key, value });
    return value;
  }
}

const problemText = (key: string, r: { field: string; message: string }): string =>
  r.field ? `${key}${r.field}: ${r.message}` : r.message;

function tocTable(options: CsvOptions): KeyTable<TocEntry> {
  return new KeyTable((id) => {
    const key = id.trim();
    const r = resolveToc(options.tocs?.[key] ?? key, options.resolver);
    if (!r.ok) return { ok: false, message: problemText(key, r) };
    return {
      ok: true,
      toc: r.value,
      typeMatters: distanceTypeMatters(r.value),
      actual: DAF_NONE_ACTUAL,
      sfd: dafRule('SFD', r.value),
      gcd: dafRule('GCD', r.value),
      primary: r.value.dataType === 'primary',
    };
  });
}

function hocTable(options: CsvOptions): KeyTable<HocEntry> {
  return new KeyTable((id) => {
    const key = id.trim();
    const r = resolveHoc(options.hocs?.[key] ?? key, options.resolver);
    return r.ok
      ? { ok: true, hoc: r.value, primary: r.value.dataType === 'primary' }
      : { ok: false, message: problemText(key, r) };
  });
}

/**
 * True when src[b, e) equals `text`. A plain loop on purpose: optimised `startsWith(x, pos)` can turn
 * into a search over the rest of the chunk when it fails, which made new shipments cost O(chunk).
 */
function textAt(src: string, b: number, e: number, text: string): boolean {
  if (e - b !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (src.charCodeAt(b + i) !== text.charCodeAt(i)) return false;
  return true;
}

function distanceType(src: string, b: number, e: number): DistanceType | undefined | null {
  const len = e - b;
  if (len === 0) return undefined;
  if (len === 3 && textAt(src, b, e, 'SFD')) return 'SFD';
  if (len === 3 && textAt(src, b, e, 'GCD')) return 'GCD';
  if (len === 6 && textAt(src, b, e, 'actual')) return 'actual';
  const v = src.slice(b, e).trim().toLowerCase();
  if (v === '') return undefined;
  if (v === 'sfd') return 'SFD';
  if (v === 'gcd') return 'GCD';
  if (v === 'actual') return 'actual';
  return null;
}

function elementKind(src: string, b: number, e: number): 'leg' | 'hub' | undefined {
  if (e - b === 3) {
    if (textAt(src, b, e, 'leg')) return 'leg';
    if (textAt(src, b, e, 'hub')) return 'hub';
  }
  const v = src.slice(b, e).trim().toLowerCase();
  return v === 'leg' || v === 'hub' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------
// CSV -> CSV: the fast batch path
// ---------------------------------------------------------------------------------------------

/**
 * Computes a batch CSV (one row per chain element, rows of a shipment together) into one output row
 * per shipment, written through `write` in chunks of about 64k characters (await its promise for
 * back-pressure). Bad rows are collected with their line numbers and their shipment left out, while
 * valid shipments are still computed; with `strict` the run rejects at the first bad row.
 */
export async function runFootprintCsv(
  source: CsvSource,
  write: (chunk: string) => void | Promise<void>,
  options: CsvOptions,
): Promise<CsvRunSummary> {
  const maxErrors = options.maxErrors ?? 1000;
  const errors: CsvLineError[] = [];
  let errorCount = 0;
  let map: Int32Array | undefined;
  const tocs = tocTable(options);
  const hocs = hocTable(options);

  const out = new RowWriter();
  if (options.part?.outputHeader !== false) {
    out.raw(CSV_OUTPUT_COLUMNS.join(','));
    out.byte(10);
  }
  const part = options.part;
  if (part) {
    map = DEFAULT_MAP;
    if (part.header !== undefined) {
      const headerReader = new RecordReader((src, starts, ends, n) => {
        const m = isHeader(src, starts, ends, n) ? columnMap(src, starts, ends, n) : undefined;
        if (typeof m === 'string') throw invalid(`line 1: ${m}`, [{ line: 1, field: 'header', message: m }]);
        if (m) map = m;
      });
      headerReader.push(part.header);
      headerReader.end();
    }
  }
  let shipments = 0;
  let rejected = 0;
  let elements = 0;
  let nextProgress = PROGRESS_LINES;

  // The shipment being read.
  let id = '';
  let open = false;
  let failed = false;
  let massKg = Number.NaN;
  let count = 0;
  let tkm = 0;
  let hubT = 0;
  let wtw = 0;
  let ttw = 0;
  let wtt = 0;
  let unsplit = 0;
  let primaryTkm = 0;
  let coldWtw = 0;

  const bad = (line: number, field: string, message: string): void => {
    failed = true;
    errorCount++;
    if (options.strict) throw invalid(`line ${line}: ${field} ${message}`, [{ line, field, message }]);
    if (errors.length < maxErrors) errors.push({ line, field, message });
  };

  const close = (): void => {
    if (!open) return;
    open = false;
    if (failed || count === 0) {
      rejected++;
      return;
    }
    shipments++;
    out.ensure(256);
    out.text(id);
    out.byte(44);
    out.decimal(massKg);
    out.byte(44);
    out.decimal(count);
    out.byte(44);
    out.decimal(tkm);
    out.byte(44);
    out.decimal(hubT);
    out.byte(44);
    out.decimal(wtw);
    out.byte(44);
    out.decimal(ttw);
    out.byte(44);
    out.decimal(wtt);
    out.byte(44);
    out.decimal(unsplit);
    out.byte(44);
    out.decimal(coldWtw);
    out.byte(44);
    out.decimal(tkm > 0 ? primaryTkm / tkm : 0);
    out.byte(10);
  };

  const onRecord: RecordHandler = (src, starts, ends, n, line) => {
    if (map === undefined) {
      if (isHeader(src, starts, ends, n)) {
        const m = columnMap(src, starts, ends, n);
        if (typeof m === 'string') throw invalid(`line ${line}: ${m}`, [{ line, field: 'header', message: m }]);
        map = m;
        return;
      }
      map = DEFAULT_MAP;
    }
    const m = map;
    // Bounds of column `slot`, or an empty field when the row is short or the column absent.
    const col = (slot: number): number => {
      const k = m[slot];
      return k >= 0 && k < n ? k : -1;
    };
    const kId = col(C_ID);
    const ib = kId >= 0 ? starts[kId] : 0;
    const ie = kId >= 0 ? ends[kId] : 0;
    if (ie === ib) {
      // An id-less row belongs to no known shipment: reject the one being read to stay on the safe side.
      bad(line, 'shipment_id', 'missing');
      return;
    }
    if (!open || !textAt(src, ib, ie, id)) {
      close();
      id = src.slice(ib, ie);
      open = true;
      failed = false;
      massKg = Number.NaN;
      count = 0;
      tkm = 0;
      hubT = 0;
      wtw = 0;
      ttw = 0;
      wtt = 0;
      unsplit = 0;
      primaryTkm = 0;
      coldWtw = 0;
      const kM = col(C_MASS);
      const v = kM >= 0 ? parseNumber(src, starts[kM], ends[kM]) : EMPTY;
      if (v === EMPTY) bad(line, 'mass_kg', 'missing: the first row of a shipment needs its mass');
      else if (!(v > 0)) bad(line, 'mass_kg', Number.isNaN(v) ? 'not a number' : 'must be > 0');
      else massKg = v;
    } else {
      const kM = col(C_MASS);
      const v = kM >= 0 ? parseNumber(src, starts[kM], ends[kM]) : EMPTY;
      if (v !== EMPTY && v !== massKg && !Number.isNaN(massKg)) {
        bad(line, 'mass_kg', Number.isNaN(v) ? 'not a number' : `differs from the shipment's first row (${massKg})`);
      }
    }
    count++;
    elements++;
    const kE = col(C_ELEMENT);
    const kind = kE >= 0 ? elementKind(src, starts[kE], ends[kE]) : undefined;
    const t = massKg / 1000;
    if (kind === 'hub') {
      const kH = col(C_HOC);
      if (kH < 0 || starts[kH] === ends[kH]) {
        bad(line, 'hoc', 'missing: a hub row needs a hoc');
        return;
      }
      const h = hocs.get(src, starts[kH], ends[kH]);
      if (!h.ok) {
        bad(line, 'hoc', h.message);
        return;
      }
      const hoc = h.hoc;
      const w = t * hoc.wtw;
      wtw += w;
      if (hoc.split) {
        ttw += t * hoc.ttw;
        wtt += t * hoc.wtt;
      } else unsplit += w;
      hubT += t;
      if (hoc.temperatureControlled) coldWtw += w;
      return;
    }
    if (kind !== 'leg') {
      bad(line, 'element', 'must be leg or hub');
      return;
    }
    const kT = col(C_TOC);
    if (kT < 0 || starts[kT] === ends[kT]) {
      bad(line, 'toc', 'missing: a leg row needs a toc');
      return;
    }
    const entry = tocs.get(src, starts[kT], ends[kT]);
    if (!entry.ok) {
      bad(line, 'toc', entry.message);
      return;
    }
    const kTy = col(C_TYPE);
    let type = kTy >= 0 ? distanceType(src, starts[kTy], ends[kTy]) : undefined;
    if (type === null) {
      bad(line, 'distance_type', 'must be actual, SFD or GCD');
      return;
    }
    const kK = col(C_KM);
    let km = kK >= 0 ? parseNumber(src, starts[kK], ends[kK]) : EMPTY;
    if (km === EMPTY) {
      const olat = num(src, starts, ends, col(C_OLAT));
      const olon = num(src, starts, ends, col(C_OLON));
      const dlat = num(src, starts, ends, col(C_DLAT));
      const dlon = num(src, starts, ends, col(C_DLON));
      if (olat === EMPTY || olon === EMPTY || dlat === EMPTY || dlon === EMPTY) {
        bad(line, 'distance_km', 'missing: give distance_km or origin and destination coordinates');
        return;
      }
      const o = { lat: olat, lon: olon };
      const d = { lat: dlat, lon: dlon };
      if (!isValidLatLon(o)) {
        bad(line, 'origin_lat', 'origin must be lat -90..90, lon -180..180');
        return;
      }
      if (!isValidLatLon(d)) {
        bad(line, 'dest_lat', 'destination must be lat -90..90, lon -180..180');
        return;
      }
      if (type !== undefined && type !== 'GCD') {
        bad(line, 'distance_type', 'coordinates give a great-circle distance: use GCD or give distance_km');
        return;
      }
      km = greatCircleKm(o, d);
      type = 'GCD';
    } else if (Number.isNaN(km)) {
      bad(line, 'distance_km', 'not a number');
      return;
    } else if (km < 0) {
      bad(line, 'distance_km', `must not be negative (got ${km})`);
      return;
    }
    if (type === undefined) {
      if (entry.typeMatters) {
        bad(line, 'distance_type', `required for ${entry.toc.mode} legs: the distance adjustment depends on it`);
        return;
      }
      type = 'actual';
    }
    const rule = type === 'actual' ? entry.actual : type === 'SFD' ? entry.sfd : entry.gcd;
    const a = t * applyDaf(rule, km);
    const toc = entry.toc;
    const w = a * toc.wtw;
    tkm += a;
    wtw += w;
    if (toc.split) {
      ttw += a * toc.ttw;
      wtt += a * toc.wtt;
    } else unsplit += w;
    if (entry.primary) primaryTkm += a;
    if (toc.temperatureControlled) coldWtw += w;
  };

  const linesBefore = part?.linesBefore ?? 0;
  const reader = new RecordReader(onRecord, linesBefore);
  const progress = (): void => options.onProgress?.({ lines: reader.lines - linesBefore, shipments, elements, errorCount });
  await feed(source, reader, async () => {
    if (out.len >= FLUSH_CHARS) await write(out.take());
    if (options.onProgress && reader.lines - linesBefore >= nextProgress) {
      nextProgress = reader.lines - linesBefore + PROGRESS_LINES;
      progress();
    }
  });
  close();
  if (out.len > 0) await write(out.take());
  progress();
  return { lines: reader.lines - linesBefore, shipments, rejectedShipments: rejected, elements, errorCount, errors };
}

function num(src: string, starts: Int32Array, ends: Int32Array, k: number): number {
  return k >= 0 ? parseNumber(src, starts[k], ends[k]) : EMPTY;
}

/** Runs {@link runFootprintCsv} over in-memory text; for tests and small files. */
export async function footprintCsvText(text: string, options: CsvOptions): Promise<{ output: string; summary: CsvRunSummary }> {
  let output = '';
  const summary = await runFootprintCsv(
    [text],
    (c) => {
      output += c;
    },
    options,
  );
  return { output, summary };
}

// ---------------------------------------------------------------------------------------------
// CSV -> engine input: for callers that need full per-element results (storage, explanations)
// ---------------------------------------------------------------------------------------------

/** A shipment read from CSV, with the line of each chain element (to map errors back to lines). */
export interface CsvShipment {
  shipment: ShipmentInput;
  lines: number[];
}

/**
 * Reads a batch CSV into engine inputs, one shipment at a time, streaming. Row-level problems
 * (numbers, missing fields) go to `errors` with line numbers and their shipment is skipped (or the
 * read rejects when `strict`); factor ids are checked later by computeShipment.
 */
export async function* readShipmentsCsv(
  source: CsvSource,
  options: { strict?: boolean; errors?: CsvLineError[]; maxErrors?: number } = {},
): AsyncGenerator<CsvShipment> {
  const errors = options.errors ?? [];
  const maxErrors = options.maxErrors ?? 1000;
  let map: Int32Array | undefined;
  let current: CsvShipment | undefined;
  let failed = false;
  let ready: CsvShipment[] = [];
  const bad = (line: number, field: string, message: string): void => {
    failed = true;
    if (options.strict) throw invalid(`line ${line}: ${field} ${message}`, [{ line, field, message }]);
    if (errors.length < maxErrors) errors.push({ line, field, message });
  };
  const close = (): void => {
    if (current && !failed) ready.push(current);
    current = undefined;
  };
  const reader = new RecordReader((src, starts, ends, n, line) => {
    if (map === undefined) {
      if (isHeader(src, starts, ends, n)) {
        const m = columnMap(src, starts, ends, n);
        if (typeof m === 'string') throw invalid(`line ${line}: ${m}`, [{ line, field: 'header', message: m }]);
        map = m;
        return;
      }
      map = DEFAULT_MAP;
    }
    const m = map;
    const text = (slot: number): string => (m[slot] >= 0 && m[slot] < n ? src.slice(starts[m[slot]], ends[m[slot]]).trim() : '');
    const number = (slot: number): number =>
      m[slot] >= 0 && m[slot] < n ? parseNumber(src, starts[m[slot]], ends[m[slot]]) : EMPTY;
    const id = text(C_ID);
    if (id === '') {
      bad(line, 'shipment_id', 'missing');
      return;
    }
    const massKg = number(C_MASS);
    if (!current || current.shipment.id !== id) {
      close();
      failed = false;
      current = { shipment: { id, massKg: Number.NaN, chain: [] }, lines: [] };
      if (massKg === EMPTY) bad(line, 'mass_kg', 'missing: the first row of a shipment needs its mass');
      else if (Number.isNaN(massKg)) bad(line, 'mass_kg', 'not a number');
      else current.shipment.massKg = massKg;
    } else if (massKg !== EMPTY && massKg !== current.shipment.massKg && !Number.isNaN(current.shipment.massKg)) {
      bad(
        line,
        'mass_kg',
        Number.isNaN(massKg) ? 'not a number' : `differs from the shipment's first row (${current.shipment.massKg})`,
      );
    }
    const kind = text(C_ELEMENT).toLowerCase();
    current.lines.push(line);
    if (kind === 'hub') {
      current.shipment.chain.push({ type: 'hub', hoc: text(C_HOC) });
      return;
    }
    if (kind !== 'leg') {
      bad(line, 'element', 'must be leg or hub');
      return;
    }
    const leg: LegInput = { type: 'leg', toc: text(C_TOC) };
    const type = distanceType(text(C_TYPE), 0, text(C_TYPE).length);
    if (type === null) bad(line, 'distance_type', 'must be actual, SFD or GCD');
    else if (type !== undefined) leg.distanceType = type;
    const km = number(C_KM);
    if (Number.isNaN(km)) bad(line, 'distance_km', 'not a number');
    else if (km !== EMPTY) leg.distanceKm = km;
    else {
      const coords = [C_OLAT, C_OLON, C_DLAT, C_DLON].map(number);
      const names = ['origin_lat', 'origin_lon', 'dest_lat', 'dest_lon'];
      const k = coords.findIndex((v) => Number.isNaN(v));
      if (k >= 0) bad(line, names[k], 'not a number');
      else if (coords.every((v) => v !== EMPTY)) {
        leg.origin = { lat: coords[0], lon: coords[1] };
        leg.destination = { lat: coords[2], lon: coords[3] };
      }
    }
    current.shipment.chain.push(leg);
  });
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    reader.push(chunk);
    if (ready.length > 0) {
      const batch = ready;
      ready = [];
      yield* batch;
    }
  }
  reader.end();
  close();
  yield* ready;
}

/** Maps a computeShipment error pointer (`/chain/2/toc`) of a CSV shipment back to its line. */
export function csvLineOf(read: CsvShipment, detail: ErrorDetail): CsvLineError {
  const m = /^\/chain\/(\d+)(?:\/([^/]+))?/.exec(detail.field ?? '');
  const index = m ? Number(m[1]) : 0;
  const FIELD: Record<string, string> = {
    toc: 'toc',
    hoc: 'hoc',
    distanceKm: 'distance_km',
    distanceType: 'distance_type',
    origin: 'origin_lat',
    destination: 'dest_lat',
  };
  const field = m?.[2] ? (FIELD[m[2]] ?? m[2]) : detail.field === '/massKg' ? 'mass_kg' : (detail.field ?? '');
  return { line: read.lines[index] ?? read.lines[0] ?? 0, field, message: detail.message };
}
