import { type ErrorDetail, invalid } from '../core/index.js';
import type { Item, Order } from './model.js';
import { addressKey, normalizePhone, normalizeText, offsetTimeMs } from './normalize.js';

// Orders from a CSV export: one row per order line, the rows of an order anywhere in the file.
// Order-level columns may repeat on every row or be left blank after the first; values that
// disagree are errors. Every problem is reported at once, each with its line and column.

/** Columns of an orders CSV; the header row names them, in any order. */
export const ORDER_CSV_COLUMNS = [
  'order_id',
  'warehouse_id',
  'recipient_name',
  'recipient_phone',
  'address',
  'ship_by',
  'item_id',
  'length_mm',
  'width_mm',
  'height_mm',
  'weight_g',
  'quantity',
  'cold_chain',
  'dangerous_goods',
] as const;
type Column = (typeof ORDER_CSV_COLUMNS)[number];

// Blank or absent: quantity 1, no special handling.
const OPTIONAL_COLUMNS = new Set<Column>(['quantity', 'cold_chain', 'dangerous_goods']);

const MAX_REPORTED = 100;

interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
}

interface CsvProblem {
  line: number;
  /** 0-based column of the field at fault. */
  column: number;
  message: string;
}

/**
 * RFC 4180 records: `,` separated, `"` quoted with `""` for a quote, quoted fields may hold commas
 * and line breaks; LF, CRLF or CR line ends; UTF-8 BOM dropped. Blank lines (also `,,,` lines a
 * spreadsheet leaves) are skipped but counted, so line numbers match an editor's.
 */
function readCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  // start: nothing read in this field; plain: unquoted text; quoted: inside quotes; closed: after the closing quote.
  let state: 'start' | 'plain' | 'quoted' | 'closed' = 'start';
  let quoteLine = 0;
  let flagged = false;
  const problem = (message: string) => {
    // One quoting problem per field is enough to find it.
    if (!flagged) problems.push({ line: recordLine, column: fields.length, message });
    flagged = true;
  };
  const endField = () => {
    fields.push(field);
    field = '';
    state = 'start';
    flagged = false;
  };

  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (state === 'quoted') {
      if (c !== '"') {
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        field += c;
      } else if (src[i + 1] === '"') {
        field += '"';
        i++;
      } else state = 'closed';
    } else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endField();
      if (fields.some((f) => f.trim() !== '')) records.push({ line: recordLine, fields });
      fields = [];
      line++;
      recordLine = line;
    } else if (c === '"' && state === 'start') {
      state = 'quoted';
      quoteLine = line;
    } else {
      if (state === 'closed') problem('has text after its closing quote');
      else if (c === '"') problem('has a quote in an unquoted field (quote the field and double the quote)');
      if (state === 'start') state = 'plain';
      field += c;
    }
  }
  if (state === 'quoted') {
    problems.push({ line: quoteLine, column: fields.length, message: 'opens a quote that is never closed' });
  } else {
    endField();
    if (fields.some((f) => f.trim() !== '')) records.push({ line: recordLine, fields });
  }
  return { records, problems };
}

// Plain decimals only: Number() would also take "0x1f", "Infinity" and "".
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', 't', 'yes', 'y', '1', '是']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', '否']);

/** An order-level value seen so far: the first non-blank one and where it came from. */
interface Seen {
  raw: string;
  /** What rows are compared on: the normalised form, so "９０号" and "90号" agree. */
  key: string;
  line: number;
}

interface Draft {
  id: string;
  firstLine: number;
  values: Partial<Record<Column, Seen>>;
  items: Item[];
  /** Line of each item id, to name duplicates. */
  itemLines: Map<string, number>;
  /** Columns with an invalid value on some row: reported there, not again as missing. */
  invalid: Set<Column>;
}

const ORDER_LEVEL: readonly Column[] = [
  'warehouse_id',
  'recipient_name',
  'recipient_phone',
  'address',
  'ship_by',
  'cold_chain',
  'dangerous_goods',
];

/**
 * Reads orders from CSV text (header row first; columns {@link ORDER_CSV_COLUMNS}). Throws one
 * validation error listing every bad field as `{ line, field, message }`, the message naming the
 * first: `line 7: ship_by is not ISO 8601 with an offset`.
 */
export function parseOrdersCsv(text: string): Order[] {
  const { records, problems } = readCsv(text);
  const details: ErrorDetail[] = [];
  const bad = (line: number, field: string, message: string) => details.push({ line, field, message });

  const header = records[0];
  if (!header)
    throw invalid('line 1: header is missing: the file has no rows', [{ line: 1, field: 'header', message: 'is missing' }]);
  const names = header.fields.map((f) => f.trim().toLowerCase());
  for (const p of problems) bad(p.line, names[p.column] ?? `column ${p.column + 1}`, p.message);
  const at = new Map<Column, number>();
  names.forEach((name, i) => {
    if (!(ORDER_CSV_COLUMNS as readonly string[]).includes(name)) return; // other columns are ignored
    if (at.has(name as Column))
      bad(header.line, name, `appears twice in the header (columns ${at.get(name as Column)! + 1} and ${i + 1})`);
    else at.set(name as Column, i);
  });
  for (const column of ORDER_CSV_COLUMNS) {
    if (!at.has(column) && !OPTIONAL_COLUMNS.has(column)) bad(header.line, column, 'column is missing from the header');
  }
  if (details.length > 0 && details.some((d) => d.line === header.line)) fail(details);

  const drafts = new Map<string, Draft>();
  for (const record of records.slice(1)) {
    const { line, fields } = record;
    if (fields.length !== names.length) {
      bad(line, 'row', `has ${fields.length} fields, the header has ${names.length}`);
      continue;
    }
    const get = (column: Column) => {
      const i = at.get(column);
      return i === undefined ? '' : fields[i].trim();
    };
    const before = details.length;
    const orderId = get('order_id');
    if (orderId === '') {
      bad(line, 'order_id', 'is empty');
      continue;
    }
    let draft = drafts.get(orderId);
    if (!draft) {
      draft = { id: orderId, firstLine: line, values: {}, items: [], itemLines: new Map(), invalid: new Set() };
      drafts.set(orderId, draft);
    }
    for (const column of ORDER_LEVEL) {
      const raw = get(column);
      if (raw === '') continue;
      const key = orderLevelKey(column, raw);
      if (key === undefined) {
        bad(line, column, invalidMessage(column));
        draft.invalid.add(column);
        continue;
      }
      const seen = draft.values[column];
      if (!seen) draft.values[column] = { raw, key, line };
      else if (seen.key !== key) bad(line, column, `differs from line ${seen.line} of order ${orderId}`);
    }
    const item = readItem(get, line, bad);
    if (!item || details.length > before) continue;
    const first = draft.itemLines.get(item.id);
    if (first === undefined) {
      draft.itemLines.set(item.id, line);
      draft.items.push(item);
      continue;
    }
    // The same item on two lines of an order: one item with both quantities, if it is the same item.
    const same = draft.items.find((x) => x.id === item.id)!;
    const dims = (x: Item) => `${x.lengthMm}x${x.widthMm}x${x.heightMm} ${x.weightG}`;
    if (dims(same) !== dims(item)) bad(line, 'item_id', `${item.id} repeats line ${first} with other dimensions or weight`);
    else same.quantity = (same.quantity ?? 1) + (item.quantity ?? 1);
  }

  const orders: Order[] = [];
  for (const d of drafts.values()) {
    const value = (column: Column) => d.values[column]?.raw;
    for (const column of ORDER_LEVEL) {
      if (!OPTIONAL_COLUMNS.has(column) && value(column) === undefined && !d.invalid.has(column))
        bad(d.firstLine, column, `is missing for order ${d.id}`);
    }
    orders.push({
      id: d.id,
      warehouseId: value('warehouse_id') ?? '',
      recipient: { name: value('recipient_name') ?? '', phone: value('recipient_phone') ?? '', address: value('address') ?? '' },
      shipBy: value('ship_by') ?? '',
      items: d.items,
      handling: { coldChain: d.values.cold_chain?.key === 'true', dangerousGoods: d.values.dangerous_goods?.key === 'true' },
    });
  }
  if (details.length > 0) fail(details);
  return orders;
}

/** The comparable form of an order-level value, or undefined when it is not valid. */
function orderLevelKey(column: Column, raw: string): string | undefined {
  switch (column) {
    case 'recipient_name':
      return normalizeText(raw) || undefined;
    case 'recipient_phone': {
      const phone = normalizePhone(raw);
      return /\d/.test(phone) ? phone : undefined;
    }
    case 'address':
      return addressKey(raw) || undefined;
    case 'ship_by': {
      const ms = offsetTimeMs(raw);
      return ms === undefined ? undefined : String(ms);
    }
    case 'cold_chain':
    case 'dangerous_goods': {
      const v = raw.normalize('NFKC').toLowerCase();
      return TRUE.has(v) ? 'true' : FALSE.has(v) ? 'false' : undefined;
    }
    default:
      return raw;
  }
}

function invalidMessage(column: Column): string {
  switch (column) {
    case 'ship_by':
      return 'is not ISO 8601 with an offset';
    case 'cold_chain':
    case 'dangerous_goods':
      return 'must be true or false (also yes/no, 1/0)';
    case 'recipient_phone':
      return 'holds no phone number';
    default:
      return 'holds no letters or digits';
  }
}

function readItem(
  get: (column: Column) => string,
  line: number,
  bad: (line: number, field: string, message: string) => void,
): Item | undefined {
  const id = get('item_id');
  if (id === '') bad(line, 'item_id', 'is empty');
  const num = (column: Column, min: 'positive' | 'non-negative'): number => {
    const raw = get(column).normalize('NFKC');
    const v = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
    if (raw === '') bad(line, column, 'is empty');
    else if (!Number.isFinite(v)) bad(line, column, `is not a number (got "${raw}")`);
    else if (min === 'positive' ? v <= 0 : v < 0)
      bad(line, column, `must be ${min === 'positive' ? '> 0' : '>= 0'} (got ${raw})`);
    return v;
  };
  const lengthMm = num('length_mm', 'positive');
  const widthMm = num('width_mm', 'positive');
  const heightMm = num('height_mm', 'positive');
  const weightG = num('weight_g', 'non-negative');
  let quantity = 1;
  const q = get('quantity').normalize('NFKC');
  if (q !== '') {
    quantity = /^\d+$/.test(q) ? Number(q) : Number.NaN;
    if (!(quantity >= 1)) bad(line, 'quantity', `must be a whole number >= 1 (got ${q})`);
  }
  return id === '' ? undefined : { id, lengthMm, widthMm, heightMm, weightG, quantity };
}

function fail(details: ErrorDetail[]): never {
  const sorted = [...details].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const n = sorted.length;
  const d = sorted[0];
  const shown = sorted.slice(0, MAX_REPORTED);
  if (n > MAX_REPORTED) shown.push({ message: `... and ${n - MAX_REPORTED} more problems` });
  throw invalid(
    `line ${d.line}: ${d.field} ${d.message}${n > 1 ? ` (and ${n - 1} more problem${n === 2 ? '' : 's'})` : ''}`,
    shown,
  );
}
