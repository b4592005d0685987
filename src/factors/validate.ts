import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { type ErrorDetail, invalid } from '../core/index.js';
import { parseCsv } from './csv.js';
import { type Factor, type FactorSet, UNITS_BY_CATEGORY } from './model.js';
import { FactorInputSchema, FactorSetDocumentSchema, FactorSetMetaSchema, SLUG_PATTERN } from './schemas.js';

// Strict validation of user factor sets (JSON documents and CSV files). Every bad factor is reported,
// not only the first: JSON by pointer (`/factors/3/unit`), CSV by line and column.

export type FactorInput = Static<typeof FactorInputSchema>;
export type FactorSetMeta = Static<typeof FactorSetMetaSchema>;

const SLUG = new RegExp(SLUG_PATTERN);

/** Enough for anyone fixing a file; the rest is noise. */
const MAX_REPORTED = 500;

// Published values are rounded (5 decimals, or 5-6 significant digits), so WTW may differ from
// TTW + WTT by a rounding step.
const wtwTolerance = (wtw: number): number => 1e-5 + 1e-5 * Math.abs(wtw);

/** All schema errors of a value as details with JSON-pointer fields. */
function schemaErrors(schema: TSchema, value: unknown, prefix = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of Value.Errors(schema, value)) {
    const params = e.params as { requiredProperties?: string[]; additionalProperties?: string[]; allowedValues?: unknown[] };
    if (e.keyword === 'boolean') continue; // repeats an additionalProperties error
    if (e.keyword === 'required') {
      for (const p of params.requiredProperties ?? [])
        out.push({ field: `${prefix}${e.instancePath}/${p}`, message: 'is required' });
    } else if (e.keyword === 'additionalProperties') {
      for (const p of params.additionalProperties ?? [])
        out.push({ field: `${prefix}${e.instancePath}/${p}`, message: 'is not an allowed property' });
    } else if (e.keyword === 'enum') {
      out.push({ field: `${prefix}${e.instancePath}`, message: `must be one of ${(params.allowedValues ?? []).join(', ')}` });
    } else {
      out.push({ field: `${prefix}${e.instancePath}`, message: e.message });
    }
  }
  return out;
}

/**
 * Checks a factor that passed the schema against the rules the schema cannot express, and builds it.
 * `field` names are property names (`distanceBasis`, `values/wtw`).
 */
function checkFactor(input: FactorInput, set: FactorSetMeta): { factor?: Factor; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });

  // id = <set>:<slug>; a file may give either or both.
  let slug = input.slug;
  if (input.id !== undefined) {
    const prefix = `${set.id}:`;
    const fromId = input.id.startsWith(prefix) ? input.id.slice(prefix.length) : undefined;
    if (fromId === undefined) err('id', `must start with "${prefix}" (the set id)`);
    else if (!SLUG.test(fromId)) err('id', `the part after "${prefix}" must be a slug (a-z, 0-9, . _ -)`);
    else if (slug !== undefined && slug !== fromId) err('slug', `does not match the id (${fromId})`);
    else slug = fromId;
  } else if (slug === undefined) err('id', 'give an id (<set>:<slug>) or a slug');
  if (input.setId !== undefined && input.setId !== set.id) err('setId', `must be the set id ${set.id}`);

  const units = UNITS_BY_CATEGORY[input.category];
  if (!units.includes(input.unit)) err('unit', `for ${input.category} factors the unit must be one of ${units.join(', ')}`);

  const { ttw, wtt, wtw } = input.values;
  if (ttw === undefined && wtt === undefined && wtw === undefined) err('values', 'give at least one of ttw, wtt, wtw');
  if (ttw !== undefined && wtt !== undefined && wtw !== undefined && Math.abs(wtw - (ttw + wtt)) > wtwTolerance(wtw)) {
    err('values/wtw', `WTW ${wtw} must equal TTW + WTT (${ttw} + ${wtt} = ${ttw + wtt})`);
  }
  if (wtw !== undefined && ttw !== undefined && ttw > wtw + wtwTolerance(wtw)) err('values/ttw', 'TTW cannot exceed WTW');
  if (wtw !== undefined && wtt !== undefined && wtt > wtw + wtwTolerance(wtw)) err('values/wtt', 'WTT cannot exceed WTW');

  // Transport attributes decide the distance adjustment, so freight must state them and others must not.
  const isFreight = input.category === 'freight';
  if (isFreight) {
    if (input.mode === undefined) err('mode', 'is required for a freight factor');
    if (input.distanceBasis === undefined) err('distanceBasis', 'is required for a freight factor (SFD, GCD or actual)');
    if (input.dafIncluded === undefined) err('dafIncluded', 'is required for a freight factor (true or false)');
  } else {
    if (input.distanceBasis !== undefined) err('distanceBasis', 'applies to freight factors only');
    if (input.dafIncluded !== undefined) err('dafIncluded', 'applies to freight factors only');
    if (input.mode !== undefined && input.category !== 'hub') err('mode', 'applies to freight and hub factors only');
  }
  if (input.radiativeForcing !== undefined && input.mode !== 'air') err('radiativeForcing', 'applies to air freight only');
  if (input.temperatureControlled !== undefined && !isFreight && input.category !== 'hub')
    err('temperatureControlled', 'applies to freight and hub factors only');
  if (input.scope2Method !== undefined && input.category !== 'electricity')
    err('scope2Method', 'applies to electricity factors only');

  if (errors.length > 0 || slug === undefined) return { errors };
  const { id: _id, slug: _slug, setId: _setId, source, licence, ...rest } = input;
  return {
    errors,
    factor: { id: `${set.id}:${slug}`, setId: set.id, ...rest, source: source ?? set.name, licence: licence ?? set.licence },
  };
}

function fail(what: string, details: ErrorDetail[]): never {
  const bad = details.length;
  const shown = details.slice(0, MAX_REPORTED);
  if (bad > MAX_REPORTED) shown.push({ message: `... and ${bad - MAX_REPORTED} more problems` });
  throw invalid(`${what}: ${bad} problem${bad === 1 ? '' : 's'}, nothing was loaded`, shown);
}

/** Validates a FactorSet-shaped JSON document and returns the set, or throws with every problem. */
export function parseFactorSetDocument(doc: unknown): FactorSet {
  const errors = schemaErrors(FactorSetDocumentSchema, doc);
  const d = doc as Static<typeof FactorSetDocumentSchema>;
  const factors: Factor[] = [];
  if (d && typeof d === 'object' && Array.isArray(d.factors)) {
    const meta = { id: String(d.id), name: String(d.name), licence: String(d.licence) } as FactorSetMeta;
    const firstIndexOf = new Map<string, number>();
    d.factors.forEach((raw, i) => {
      const at = `/factors/${i}`;
      if (errors.some((e) => e.field === at || e.field?.startsWith(`${at}/`))) return;
      const { factor, errors: own } = checkFactor(raw, meta);
      errors.push(...own.map((e) => ({ ...e, field: `${at}/${e.field}` })));
      if (!factor) return;
      const first = firstIndexOf.get(factor.id);
      if (first !== undefined) errors.push({ field: `${at}/id`, message: `${factor.id} repeats /factors/${first}` });
      else firstIndexOf.set(factor.id, i);
      factors.push(factor);
    });
  }
  // Set-level problems first, then factor by factor, as a reader goes through the file.
  const factorIndex = (e: ErrorDetail) => Number(/^\/factors\/(\d+)/.exec(e.field ?? '')?.[1] ?? -1);
  errors.sort((x, y) => factorIndex(x) - factorIndex(y));
  if (errors.length > 0) fail(`factor set ${typeof d?.id === 'string' ? d.id : '(no id)'}`, errors);
  const { factors: _raw, builtIn: _builtIn, ...meta } = d;
  return { ...meta, builtIn: false, factors };
}

// CSV columns and the FactorInput property each fills.
type Kind = 'text' | 'number' | 'integer' | 'boolean';
const COLUMNS: Record<string, { prop: string; kind: Kind }> = {
  id: { prop: 'id', kind: 'text' },
  slug: { prop: 'slug', kind: 'text' },
  name: { prop: 'name', kind: 'text' },
  category: { prop: 'category', kind: 'text' },
  unit: { prop: 'unit', kind: 'text' },
  ttw: { prop: 'values/ttw', kind: 'number' },
  wtt: { prop: 'values/wtt', kind: 'number' },
  wtw: { prop: 'values/wtw', kind: 'number' },
  gwp: { prop: 'gwp', kind: 'text' },
  region: { prop: 'region', kind: 'text' },
  year: { prop: 'year', kind: 'integer' },
  source: { prop: 'source', kind: 'text' },
  source_url: { prop: 'sourceUrl', kind: 'text' },
  licence: { prop: 'licence', kind: 'text' },
  notes: { prop: 'notes', kind: 'text' },
  mode: { prop: 'mode', kind: 'text' },
  distance_basis: { prop: 'distanceBasis', kind: 'text' },
  daf_included: { prop: 'dafIncluded', kind: 'boolean' },
  temperature_controlled: { prop: 'temperatureControlled', kind: 'boolean' },
  radiative_forcing: { prop: 'radiativeForcing', kind: 'boolean' },
  coverage: { prop: 'coverage', kind: 'text' },
  scope2_method: { prop: 'scope2Method', kind: 'text' },
};
const COLUMN_ALIASES: Record<string, string> = { license: 'licence' };
const COLUMN_OF_PROP = new Map(Object.entries(COLUMNS).map(([col, { prop }]) => [prop, col]));

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEANS: Record<string, boolean> = { true: true, yes: true, '1': true, false: false, no: false, '0': false };

function convertCell(kind: Kind, raw: string): { value?: unknown; error?: string } {
  if (kind === 'text') return { value: raw };
  if (kind === 'boolean') {
    const b = BOOLEANS[raw.toLowerCase()];
    return b === undefined ? { error: `"${raw}" is not true or false` } : { value: b };
  }
  if (!NUMBER.test(raw)) {
    return {
      error: raw.includes(',') ? `"${raw}" is not a number (use a decimal point, not a comma)` : `"${raw}" is not a number`,
    };
  }
  const n = Number(raw);
  if (kind === 'integer' && !Number.isInteger(n)) return { error: `"${raw}" is not a whole number` };
  return { value: n };
}

/**
 * Validates a CSV of factors (header on line 1) for a set described by `meta`, and returns the set,
 * or throws with every bad line: details `{ line, field: column, message }`.
 */
export function parseFactorCsv(text: string, meta: FactorSetMeta): FactorSet {
  const metaErrors = schemaErrors(FactorSetMetaSchema, meta).map((e) => ({ ...e, field: `set${e.field}` }));
  if (metaErrors.length > 0) fail('factor set metadata', metaErrors);

  const records = parseCsv(text);
  const header = records[0];
  if (!header) fail(`factor set ${meta.id}`, [{ line: 1, message: 'the file is empty; line 1 must be the header' }]);
  const columns = header.fields.map((h) => {
    const name = h.trim().toLowerCase();
    return COLUMN_ALIASES[name] ?? name;
  });
  const headerErrors: ErrorDetail[] = [];
  columns.forEach((c, i) => {
    if (!COLUMNS[c])
      headerErrors.push({ line: header.line, field: c, message: `unknown column; known: ${Object.keys(COLUMNS).join(', ')}` });
    else if (columns.indexOf(c) !== i) headerErrors.push({ line: header.line, field: c, message: 'column appears twice' });
  });
  const missing = ['name', 'category', 'unit', 'gwp', 'region', 'year'].filter((c) => !columns.includes(c));
  if (!columns.includes('id') && !columns.includes('slug')) missing.unshift('id or slug');
  for (const m of missing) headerErrors.push({ line: header.line, field: m, message: 'required column is missing' });
  if (!['ttw', 'wtt', 'wtw'].some((c) => columns.includes(c)))
    headerErrors.push({ line: header.line, field: 'ttw, wtt, wtw', message: 'at least one value column is required' });
  if (headerErrors.length > 0) fail(`factor set ${meta.id}`, headerErrors);
  if (records.length < 2) fail(`factor set ${meta.id}`, [{ line: header.line + 1, message: 'no factor rows after the header' }]);

  const errors: ErrorDetail[] = [];
  const factors: Factor[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of records.slice(1)) {
    const { line } = record;
    if (record.fields.length !== columns.length) {
      errors.push({ line, message: `has ${record.fields.length} fields, the header has ${columns.length}` });
      continue;
    }
    const input: Record<string, unknown> = { values: {} };
    const rowErrors: ErrorDetail[] = [];
    columns.forEach((col, i) => {
      const raw = record.fields[i].trim();
      if (raw === '') return; // empty cell = absent
      const { prop, kind } = COLUMNS[col];
      const { value, error } = convertCell(kind, raw);
      if (error) rowErrors.push({ line, field: col, message: error });
      else if (prop.startsWith('values/')) (input.values as Record<string, unknown>)[prop.slice(7)] = value;
      else input[prop] = value;
    });
    // Schema errors too, except on cells that already failed to convert (they would only repeat).
    for (const e of schemaErrors(FactorInputSchema, input)) {
      const field = columnOf(e.field);
      if (!rowErrors.some((r) => r.field === field)) rowErrors.push({ line, field, message: e.message });
    }
    rowErrors.sort((a, b) => columns.indexOf(a.field ?? '') - columns.indexOf(b.field ?? ''));
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const { factor, errors: own } = checkFactor(input as FactorInput, meta);
    errors.push(...own.map((e) => ({ line, field: columnOf(e.field), message: e.message })));
    if (!factor) continue;
    const first = firstLineOf.get(factor.id);
    if (first !== undefined) errors.push({ line, field: 'id', message: `${factor.id} repeats line ${first}` });
    else firstLineOf.set(factor.id, line);
    factors.push(factor);
  }
  if (errors.length > 0) fail(`factor set ${meta.id}`, errors);
  return { ...meta, builtIn: false, factors };
}

// `/values/wtw` or `dafIncluded` -> `wtw` or `daf_included`, so CSV errors name the column.
function columnOf(field: string | undefined): string | undefined {
  if (!field) return field;
  const prop = field.replace(/^\//, '');
  if (prop === 'values') return 'ttw, wtt, wtw';
  return COLUMN_OF_PROP.get(prop) ?? prop;
}
