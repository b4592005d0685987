import { type ErrorDetail, invalid } from '../core/index.js';
import type { PackOrder } from './model.js';

// Checks a cartonization request field by field and reports every problem with its JSON pointer
// (`/items/3/lengthMm`), so a caller can fix a whole order in one go. Extra fields are ignored:
// orders often carry the caller's own references.

const ORIENTATIONS = ['any', 'this-side-up', 'fixed'];
const MATERIALS = ['single-wall', 'double-wall', 'mailer', 'reusable'];
const OBJECTIVES = ['co2e', 'cost', 'boxes'];

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function positive(o: Rec, key: string, at: string, out: ErrorDetail[]): void {
  const v = o[key];
  if (!isNum(v) || v <= 0) out.push({ field: `${at}/${key}`, message: v === undefined ? 'is required' : 'must be a number > 0' });
}

function optional(o: Rec, key: string, at: string, out: ErrorDetail[], check: (v: unknown) => boolean, message: string): void {
  if (o[key] !== undefined && !check(o[key])) out.push({ field: `${at}/${key}`, message });
}

const nonNegative = (v: unknown): boolean => isNum(v) && v >= 0;
const count = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
const str = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const bool = (v: unknown): boolean => typeof v === 'boolean';
const oneOf = (list: string[]) => (v: unknown) => typeof v === 'string' && list.includes(v);

function checkId(o: Rec, at: string, seen: Set<string>, what: string, out: ErrorDetail[]): void {
  if (!str(o.id)) out.push({ field: `${at}/id`, message: 'is required (a non-empty string)' });
  else if (seen.has(o.id as string)) out.push({ field: `${at}/id`, message: `duplicate ${what} id ${o.id}` });
  else seen.add(o.id as string);
}

function checkItem(item: unknown, at: string, seen: Set<string>, out: ErrorDetail[]): void {
  if (!isRecord(item)) {
    out.push({ field: at, message: 'must be an object' });
    return;
  }
  checkId(item, at, seen, 'item', out);
  for (const key of ['lengthMm', 'widthMm', 'heightMm', 'weightG']) positive(item, key, at, out);
  optional(item, 'quantity', at, out, (v) => Number.isInteger(v) && (v as number) >= 1, 'must be an integer >= 1');
  optional(item, 'orientation', at, out, oneOf(ORIENTATIONS), `must be one of ${ORIENTATIONS.join(', ')}`);
  for (const key of ['stackable', 'fragile', 'ownContainer']) optional(item, key, at, out, bool, 'must be true or false');
  for (const key of ['together', 'apart']) optional(item, key, at, out, str, 'must be a non-empty string');
}

function checkBox(box: unknown, at: string, seen: Set<string>, out: ErrorDetail[]): void {
  if (!isRecord(box)) {
    out.push({ field: at, message: 'must be an object' });
    return;
  }
  checkId(box, at, seen, 'box', out);
  const dims = ['LengthMm', 'WidthMm', 'HeightMm'];
  for (const d of dims) {
    positive(box, `inner${d}`, at, out);
    positive(box, `outer${d}`, at, out);
    const inner = box[`inner${d}`];
    const outer = box[`outer${d}`];
    if (isNum(inner) && isNum(outer) && outer < inner) {
      out.push({ field: `${at}/outer${d}`, message: `must be at least the inner size ${inner}` });
    }
  }
  if (!nonNegative(box.emptyWeightG)) {
    out.push({ field: `${at}/emptyWeightG`, message: box.emptyWeightG === undefined ? 'is required' : 'must be a number >= 0' });
  }
  positive(box, 'maxWeightG', at, out);
  if (isNum(box.maxWeightG) && isNum(box.emptyWeightG) && box.maxWeightG <= box.emptyWeightG) {
    out.push({ field: `${at}/maxWeightG`, message: `must exceed the empty weight ${box.emptyWeightG} g` });
  }
  optional(box, 'boardGsm', at, out, (v) => isNum(v) && v > 0, 'must be a number > 0');
  optional(box, 'material', at, out, oneOf(MATERIALS), `must be one of ${MATERIALS.join(', ')}`);
  optional(box, 'grai', at, out, str, 'must be a non-empty string');
  optional(box, 'cost', at, out, nonNegative, 'must be a number >= 0');
  optional(box, 'stock', at, out, count, 'must be an integer >= 0');
}

/** Throws a validation AppError listing every problem of the order; returns it typed otherwise. */
export function validatePackOrder(input: unknown): PackOrder {
  const out: ErrorDetail[] = [];
  if (!isRecord(input)) throw invalid('packing order must be an object', [{ field: '', message: 'must be an object' }]);
  const { items, boxes } = input;
  if (!Array.isArray(items) || items.length === 0) out.push({ field: '/items', message: 'must be a non-empty array of items' });
  else {
    const seen = new Set<string>();
    for (const [i, it] of items.entries()) checkItem(it, `/items/${i}`, seen, out);
  }
  if (!Array.isArray(boxes) || boxes.length === 0) out.push({ field: '/boxes', message: 'must be a non-empty array of boxes' });
  else {
    const seen = new Set<string>();
    for (const [i, b] of boxes.entries()) checkBox(b, `/boxes/${i}`, seen, out);
  }
  optional(input, 'objective', '', out, oneOf(OBJECTIVES), `must be one of ${OBJECTIVES.join(', ')}`);
  if (input.rules !== undefined) {
    if (!isRecord(input.rules)) out.push({ field: '/rules', message: 'must be an object' });
    else optional(input.rules, 'minSupportRatio', '/rules', out, (v) => isNum(v) && v >= 0 && v <= 1, 'must be a number in 0..1');
  }
  optional(input, 'dimDivisorCm3PerKg', '', out, (v) => isNum(v) && v > 0, 'must be a number > 0');
  optional(input, 'boardFactorKgCo2ePerKg', '', out, nonNegative, 'must be a number >= 0');
  if (input.carrierRate !== undefined) {
    const rate = input.carrierRate;
    if (!isRecord(rate)) out.push({ field: '/carrierRate', message: 'must be {baseCost, perKg}' });
    else
      for (const key of ['baseCost', 'perKg'])
        if (!nonNegative(rate[key])) out.push({ field: `/carrierRate/${key}`, message: 'must be a number >= 0' });
  }
  if (out.length > 0) {
    const first = out[0];
    throw invalid(
      `invalid packing order: ${first.field} ${first.message}${out.length > 1 ? ` (and ${out.length - 1} more)` : ''}`,
      out,
    );
  }
  return input as unknown as PackOrder;
}
