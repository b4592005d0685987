import { type ErrorDetail, invalid, newId } from '../core/index.js';
import { type Boundary, builtInSet, type Factor, type FactorResolver, factorValue, parseCsv } from '../factors/index.js';
import {
  type ActivityLine,
  type ActivitySource,
  type Category,
  categoriesOf,
  categoryFits,
  type FactorQuery,
  type FactorUse,
  type Quantity,
  type Scope,
  type Scope2Line,
} from './model.js';

// Activity data -> emission lines: a factor is resolved (by id, or by slug and year), the activity unit is checked
// against the factor's denominator, and the line keeps the factor, its set, version and value for audit. Pure.

// ---------------------------------------------------------------------------------------------------------------
// Units

type Dimension = 'mass' | 'volume' | 'energy' | 'transport' | 'container_transport' | 'area' | 'count' | 'container';

interface UnitDef {
  canonical: string;
  dimension: Dimension;
  /** Size in the dimension's base unit (kg, L, kWh, t.km, TEU.km, m2, item, TEU). */
  toBase: number;
}

const UNIT_DEFS: readonly UnitDef[] = [
  { canonical: 'g', dimension: 'mass', toBase: 0.001 },
  { canonical: 'kg', dimension: 'mass', toBase: 1 },
  { canonical: 't', dimension: 'mass', toBase: 1000 },
  { canonical: 'L', dimension: 'volume', toBase: 1 },
  { canonical: 'm3', dimension: 'volume', toBase: 1000 },
  { canonical: 'kWh', dimension: 'energy', toBase: 1 },
  { canonical: 'MWh', dimension: 'energy', toBase: 1000 },
  { canonical: 'GWh', dimension: 'energy', toBase: 1_000_000 },
  // 1 kWh = 3.6 MJ exactly.
  { canonical: 'MJ', dimension: 'energy', toBase: 1 / 3.6 },
  { canonical: 'GJ', dimension: 'energy', toBase: 1000 / 3.6 },
  { canonical: 't.km', dimension: 'transport', toBase: 1 },
  { canonical: 'TEU.km', dimension: 'container_transport', toBase: 1 },
  { canonical: 'm2', dimension: 'area', toBase: 1 },
  { canonical: 'item', dimension: 'count', toBase: 1 },
  { canonical: 'TEU', dimension: 'container', toBase: 1 },
];

const ALIASES: Readonly<Record<string, string>> = {
  gram: 'g',
  grams: 'g',
  kilogram: 'kg',
  kilograms: 'kg',
  kgs: 'kg',
  tonne: 't',
  tonnes: 't',
  l: 'L',
  litre: 'L',
  litres: 'L',
  liter: 'L',
  liters: 'L',
  'm³': 'm3',
  tkm: 't.km',
  t·km: 't.km',
  't-km': 't.km',
  'tonne.km': 't.km',
  'tonne-km': 't.km',
  'teu-km': 'TEU.km',
  teu·km: 'TEU.km',
  'm²': 'm2',
  items: 'item',
  pcs: 'item',
  piece: 'item',
  pieces: 'item',
};

const BY_KEY = new Map<string, UnitDef>(UNIT_DEFS.map((u) => [u.canonical.toLowerCase(), u]));
for (const [alias, canonical] of Object.entries(ALIASES)) BY_KEY.set(alias, BY_KEY.get(canonical.toLowerCase())!);

/** The unit as Greenlink writes it (`litre` -> `L`, `tkm` -> `t.km`), or undefined when unknown. */
export function canonicalUnit(unit: string): string | undefined {
  return BY_KEY.get(unit.trim().toLowerCase())?.canonical;
}

/** The denominator of a factor unit: `kgCO2e/t.km` -> `t.km`. Only kg CO2e (or kg CO2) numerators. */
export function factorDenominator(factorUnit: string): string | undefined {
  const m = /^kgCO2e?\/(.+)$/.exec(factorUnit.trim());
  return m ? m[1] : undefined;
}

/**
 * How many factor units an activity is: the same unit gives the quantity back, a unit of the same dimension is
 * scaled (t -> kg, MWh -> kWh), anything else is refused. Never converts between dimensions (no densities).
 */
export function toFactorUnits(activity: Quantity, factorUnit: string): { quantity: number } | { error: string } {
  const denominator = factorDenominator(factorUnit);
  if (denominator === undefined) return { error: `factor unit ${factorUnit} is not kgCO2e per unit` };
  const from = BY_KEY.get(activity.unit.trim().toLowerCase());
  const to = BY_KEY.get(denominator.toLowerCase());
  if (!from) return { error: `unknown unit "${activity.unit}"` };
  if (!to) return { error: `the factor's unit ${factorUnit} has a denominator Greenlink cannot convert to` };
  if (from.dimension !== to.dimension) {
    return { error: `activity in ${from.canonical} does not match the factor's unit ${factorUnit} (needs ${to.canonical})` };
  }
  return { quantity: from === to ? activity.quantity : (activity.quantity * from.toBase) / to.toBase };
}

// ---------------------------------------------------------------------------------------------------------------
// Factors

export interface ResolveOptions {
  /**
   * Set-id families tried when a factor is asked for by slug: `mee` tries `mee-2023:<slug>`, `mee-2022:<slug>`, ...
   * Default: the built-in families.
   */
  setFamilies?: readonly string[];
  /** How far (years) from the asked year a slug search may go. Default 10. */
  maxYearDistance?: number;
  /** The version of a set, for the audit trail. Default: the built-in set's version, else null. */
  setVersion?: (setId: string) => string | null | undefined;
}

export const DEFAULT_SET_FAMILIES: readonly string[] = ['mee', 'desnz', 'fefco'];

/** A factor by id, or by slug and year (the nearest year, the later one on a tie). */
export type FactorRef = { id: string } | FactorQuery;

export interface FoundFactor {
  factor: Factor;
  query?: FactorQuery;
}

/** Years from `year` outwards: year, year+1, year-1, year+2, ... (later first on a tie: newer data). */
function yearsAround(year: number, distance: number): number[] {
  const out = [year];
  for (let d = 1; d <= distance; d++) out.push(year + d, year - d);
  return out;
}

/** Resolves a factor reference through the resolver; undefined when nothing matches. */
export function findFactor(resolver: FactorResolver, ref: FactorRef, opts: ResolveOptions = {}): FoundFactor | undefined {
  if ('id' in ref) {
    const factor = resolver(ref.id);
    return factor ? { factor } : undefined;
  }
  const families = opts.setFamilies ?? DEFAULT_SET_FAMILIES;
  for (const y of yearsAround(ref.year, opts.maxYearDistance ?? 10)) {
    for (const family of families) {
      const factor = resolver(`${family}-${y}:${ref.slug}`);
      if (factor) return { factor, query: { slug: ref.slug, year: ref.year } };
    }
  }
  return undefined;
}

const describeRef = (ref: FactorRef): string => ('id' in ref ? ref.id : `${ref.slug} (near ${ref.year})`);

const defaultSetVersion = (setId: string): string | null => builtInSet(setId)?.version ?? null;

/** The boundary a scope reads by default: Scope 1 is the combustion (TTW); Scope 2 and 3 are WTW. */
export function defaultBoundary(scope: Scope, factor: Factor): Boundary {
  if (scope !== 1) return 'WTW';
  const { ttw, wtt, wtw } = factor.values;
  // A single-value factor (refrigerant GWP, process emission) is stored under wtw and is all direct.
  return ttw === undefined && wtt === undefined && wtw !== undefined ? 'WTW' : 'TTW';
}

/** The audit record of a factor use, or an error when the factor has no value for the boundary. */
export function factorUse(found: FoundFactor, boundary: Boundary, opts: ResolveOptions = {}): FactorUse | { error: string } {
  const { factor, query } = found;
  const value = factorValue(factor, boundary);
  if (value === undefined) return { error: `factor ${factor.id} has no ${boundary} value; give the boundary explicitly` };
  return {
    factorId: factor.id,
    factorSetId: factor.setId,
    factorVersion: (opts.setVersion ?? defaultSetVersion)(factor.setId) ?? null,
    factorYear: factor.year,
    factorUnit: factor.unit,
    boundary,
    kgCo2ePerUnit: value,
    ...(query ? { factorQuery: query } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Activity lines

export interface ActivityInput {
  id?: string;
  tenantId: string;
  year: number;
  month: number;
  siteId?: string;
  region?: string;
  scope: Scope;
  category: Category;
  activity: Quantity;
  /** The factor by id (`desnz-2026:diesel-mineral-per-litre`) or by slug and year (`{ slug: 'cn-grid-national', year: 2025 }`). */
  factor: FactorRef;
  /** Default: TTW for Scope 1, WTW for Scope 2 and 3 (see `defaultBoundary`). */
  boundary?: Boundary;
  source: ActivitySource;
  sourceRef?: string;
  note?: string;
}

/** Logical field -> JSON pointer, for API errors (CSV errors use column names instead). */
const POINTERS: Readonly<Record<string, string>> = {
  tenantId: '/tenantId',
  year: '/year',
  month: '/month',
  scope: '/scope',
  category: '/category',
  quantity: '/activity/quantity',
  unit: '/activity/unit',
  factor: '/factor',
  boundary: '/boundary',
};

type FieldError = { field: keyof typeof POINTERS; message: string };

const isYear = (y: unknown): y is number => Number.isInteger(y) && (y as number) >= 1990 && (y as number) <= 2100;

function build(input: ActivityInput, resolver: FactorResolver, opts: ResolveOptions): ActivityLine | FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: keyof typeof POINTERS, message: string) => errors.push({ field, message });
  if (!input.tenantId) err('tenantId', 'is required');
  if (!isYear(input.year)) err('year', 'must be a whole year from 1990 to 2100');
  if (!Number.isInteger(input.month) || input.month < 1 || input.month > 12) err('month', 'must be 1 to 12');
  if (input.scope !== 1 && input.scope !== 2 && input.scope !== 3) err('scope', 'must be 1, 2 or 3');
  else if (!categoryFits(input.scope, input.category)) {
    err('category', `is not a Scope ${input.scope} category (${categoriesOf(input.scope)})`);
  }
  const { quantity, unit } = input.activity ?? {};
  if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 0) {
    err('quantity', 'must be a number, 0 or more');
  }
  if (typeof unit !== 'string' || canonicalUnit(unit) === undefined) err('unit', `unknown unit "${unit ?? ''}"`);
  const found = input.factor ? findFactor(resolver, input.factor, opts) : undefined;
  if (!found) err('factor', input.factor ? `no factor ${describeRef(input.factor)}` : 'is required');
  if (errors.length > 0 || !found) return errors;

  const converted = toFactorUnits(input.activity, found.factor.unit);
  if ('error' in converted) return [{ field: 'unit', message: converted.error }];
  const use = factorUse(found, input.boundary ?? defaultBoundary(input.scope, found.factor), opts);
  if ('error' in use) return [{ field: 'boundary', message: use.error }];

  const kgCo2e = converted.quantity * use.kgCo2ePerUnit;
  const base = {
    id: input.id ?? newId('act'),
    tenantId: input.tenantId,
    year: input.year,
    month: input.month,
    ...(input.siteId ? { siteId: input.siteId } : {}),
    ...(input.region ? { region: input.region } : {}),
    activity: { quantity, unit: canonicalUnit(unit)! },
    factorQuantity: converted.quantity,
    ...use,
    kgCo2e,
    source: input.source,
    ...(input.sourceRef ? { sourceRef: input.sourceRef } : {}),
    ...(input.note ? { note: input.note } : {}),
  };
  if (input.scope === 2) {
    // Without a contractual instrument the market-based method falls back to the same average factor
    // (purchased heat, or electricity not run through scope2.ts).
    const line: Scope2Line = {
      ...base,
      scope: 2,
      category: input.category as Scope2Line['category'],
      locationKgCo2e: kgCo2e,
      marketKgCo2e: kgCo2e,
      market: [{ basis: 'grid_average', quantity: converted.quantity, kgCo2ePerUnit: use.kgCo2ePerUnit, kgCo2e, factor: use }],
    };
    return line;
  }
  return { ...base, scope: input.scope, category: input.category as Exclude<Category, 'electricity' | 'heat'> };
}

/**
 * One activity line: resolves the factor, checks the activity unit against the factor's denominator (converting
 * only within a dimension, e.g. t -> kg) and computes kg CO2e = quantity x factor. Throws `invalid` naming every
 * bad field (JSON pointers).
 */
export function activityLine(input: ActivityInput, resolver: FactorResolver, opts: ResolveOptions = {}): ActivityLine {
  const out = build(input, resolver, opts);
  if (!Array.isArray(out)) return out;
  throw invalid(
    `activity line refused: ${out.map((e) => `${POINTERS[e.field]} ${e.message}`).join('; ')}`,
    out.map((e) => ({ field: POINTERS[e.field], message: e.message })),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// CSV import

export const ACTIVITY_CSV_REQUIRED = ['year', 'month', 'scope', 'category', 'quantity', 'unit', 'factor_id'] as const;
export const ACTIVITY_CSV_OPTIONAL = ['site_id', 'region', 'boundary', 'source_ref', 'note'] as const;
const KNOWN_COLUMNS = new Set<string>([...ACTIVITY_CSV_REQUIRED, ...ACTIVITY_CSV_OPTIONAL]);

/** Logical field -> CSV column. */
const COLUMNS: Readonly<Record<string, string>> = {
  tenantId: 'tenant',
  year: 'year',
  month: 'month',
  scope: 'scope',
  category: 'category',
  quantity: 'quantity',
  unit: 'unit',
  factor: 'factor_id',
  boundary: 'boundary',
};

/** A parsed, well-formed CSV row (its factor is not resolved yet). */
export interface ActivityCsvRow {
  /** 1-based line in the file. */
  line: number;
  year: number;
  month: number;
  scope: Scope;
  category: Category;
  activity: Quantity;
  /** `set:slug` is an id; a bare slug is looked up by the row's year. */
  factor: FactorRef;
  siteId?: string;
  region?: string;
  boundary?: Boundary;
  sourceRef?: string;
  note?: string;
}

export interface ActivityCsvResult {
  rows: ActivityCsvRow[];
  /** Every problem, with its line and column. Empty when the file is clean. */
  errors: ErrorDetail[];
}

const BOUNDARIES: readonly Boundary[] = ['TTW', 'WTT', 'WTW'];
const MAX_ERRORS = 500;

function parseNumber(text: string): number | undefined {
  // Plain decimals only: no thousands separators or decimal commas, which CSV from spreadsheets gets wrong.
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/**
 * Parses user activity data: a header row with `year,month,scope,category,quantity,unit,factor_id` and optionally
 * `site_id,region,boundary,source_ref,note`, in any order. Reports every bad cell with its line and column; the
 * caller takes the rows only when `errors` is empty (nothing is half-imported).
 */
export function parseActivityCsv(text: string): ActivityCsvResult {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (e) {
    const details = (e as { details?: ErrorDetail[] }).details;
    return { rows: [], errors: details?.length ? details : [{ line: 1, message: (e as Error).message }] };
  }
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [{ line: 1, message: 'the file is empty: a header row is required' }] };

  const errors: ErrorDetail[] = [];
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!KNOWN_COLUMNS.has(c)) errors.push({ line: header.line, field: c, message: `unknown column "${c}"` });
    else if (index.has(c)) errors.push({ line: header.line, field: c, message: `column "${c}" appears twice` });
    else index.set(c, i);
  });
  for (const c of ACTIVITY_CSV_REQUIRED) {
    if (!index.has(c)) errors.push({ line: header.line, field: c, message: `required column "${c}" is missing` });
  }
  if (errors.length > 0) return { rows: [], errors };
  if (data.length === 0) return { rows: [], errors: [{ line: header.line, message: 'no data rows after the header' }] };

  const rows: ActivityCsvRow[] = [];
  for (const record of data) {
    if (errors.length >= MAX_ERRORS) break;
    const { line, fields } = record;
    if (fields.length !== columns.length) {
      errors.push({ line, message: `expected ${columns.length} fields, found ${fields.length}` });
      continue;
    }
    const cell = (c: string): string => {
      const i = index.get(c);
      return i === undefined ? '' : fields[i].trim();
    };
    const rowErrors: ErrorDetail[] = [];
    const bad = (field: string, message: string) => rowErrors.push({ line, field, message });

    const year = parseNumber(cell('year'));
    if (year === undefined || !isYear(year)) bad('year', 'must be a whole year from 1990 to 2100');
    const month = parseNumber(cell('month'));
    if (month === undefined || !Number.isInteger(month) || month < 1 || month > 12) bad('month', 'must be 1 to 12');
    const scopeNum = parseNumber(cell('scope'));
    const scope = scopeNum === 1 || scopeNum === 2 || scopeNum === 3 ? (scopeNum as Scope) : undefined;
    if (scope === undefined) bad('scope', 'must be 1, 2 or 3');
    const categoryText = cell('category');
    const category: Category | undefined =
      scope === 3 ? (parseNumber(categoryText) as Category | undefined) : (categoryText as Category);
    if (scope !== undefined && !categoryFits(scope, category)) {
      bad('category', `"${categoryText}" is not a Scope ${scope} category (${categoriesOf(scope)})`);
    }
    const quantity = parseNumber(cell('quantity'));
    if (quantity === undefined || quantity < 0) bad('quantity', 'must be a number, 0 or more (plain digits, "." decimal)');
    const unitText = cell('unit');
    const unit = canonicalUnit(unitText);
    if (unit === undefined) bad('unit', unitText ? `unknown unit "${unitText}"` : 'is required');
    const factorText = cell('factor_id');
    if (!factorText) bad('factor_id', 'is required');
    const boundaryText = cell('boundary').toUpperCase();
    if (boundaryText && !BOUNDARIES.includes(boundaryText as Boundary)) bad('boundary', 'must be TTW, WTT or WTW');

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const opt = (c: string) => cell(c) || undefined;
    rows.push({
      line,
      year: year!,
      month: month!,
      scope: scope!,
      category: category!,
      activity: { quantity: quantity!, unit: unit! },
      factor: factorText.includes(':') ? { id: factorText } : { slug: factorText, year: year! },
      ...(opt('site_id') ? { siteId: opt('site_id') } : {}),
      ...(opt('region') ? { region: opt('region') } : {}),
      ...(boundaryText ? { boundary: boundaryText as Boundary } : {}),
      ...(opt('source_ref') ? { sourceRef: opt('source_ref') } : {}),
      ...(opt('note') ? { note: opt('note') } : {}),
    });
  }
  return { rows, errors: errors.slice(0, MAX_ERRORS) };
}

export interface ActivityImportResult {
  lines: ActivityLine[];
  errors: ErrorDetail[];
}

/**
 * Parses and resolves a CSV of activity data into lines for one tenant. Factor and unit problems are reported
 * like parse problems (line + column), so one pass tells the user everything that is wrong.
 */
export function importActivityCsv(
  text: string,
  resolver: FactorResolver,
  ctx: { tenantId: string; source?: ActivitySource },
  opts: ResolveOptions = {},
): ActivityImportResult {
  const parsed = parseActivityCsv(text);
  const errors = [...parsed.errors];
  const lines: ActivityLine[] = [];
  for (const row of parsed.rows) {
    const out = build(
      {
        tenantId: ctx.tenantId,
        year: row.year,
        month: row.month,
        scope: row.scope,
        category: row.category,
        activity: row.activity,
        factor: row.factor,
        source: ctx.source ?? 'import',
        sourceRef: row.sourceRef ?? `line ${row.line}`,
        ...(row.siteId ? { siteId: row.siteId } : {}),
        ...(row.region ? { region: row.region } : {}),
        ...(row.boundary ? { boundary: row.boundary } : {}),
        ...(row.note ? { note: row.note } : {}),
      },
      resolver,
      opts,
    );
    if (Array.isArray(out)) errors.push(...out.map((e) => ({ line: row.line, field: COLUMNS[e.field], message: e.message })));
    else lines.push(out);
  }
  return { lines, errors };
}

// ---------------------------------------------------------------------------------------------------------------
// Refrigerants (Scope 1 leakage = kg topped up x GWP)

/** IPCC AR5 (WG1, Table 8.A.1) GWP100 of the pure HFCs the blends below are made of [mem]. */
const AR5_GWP: Readonly<Record<string, number>> = { 'R-32': 677, 'R-125': 3170, 'R-134a': 1300, 'R-143a': 4800 };

/** ASHRAE 34 compositions by mass; a blend's GWP is the mass-weighted sum of its components'. */
const BLENDS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'R-404A': { 'R-125': 0.44, 'R-143a': 0.52, 'R-134a': 0.04 },
  'R-407C': { 'R-32': 0.23, 'R-125': 0.25, 'R-134a': 0.52 },
  'R-410A': { 'R-32': 0.5, 'R-125': 0.5 },
  'R-507A': { 'R-125': 0.5, 'R-143a': 0.5 },
};

const REFRIGERANT_SET = 'ipcc-ar5-refrigerants';

function refrigerant(name: string, gwp: number, notes: string): Factor {
  return {
    id: `${REFRIGERANT_SET}:${name.toLowerCase()}`,
    setId: REFRIGERANT_SET,
    name: `Refrigerant ${name} released`,
    // No refrigerant category in the factor library yet; kgCO2e/kg is a material unit.
    category: 'material',
    unit: 'kgCO2e/kg',
    values: { wtw: gwp },
    gwp: 'AR5',
    region: 'GLO',
    year: 2013,
    source: 'IPCC AR5 WG1 Table 8.A.1 (GWP100); blend compositions ASHRAE 34',
    licence: 'IPCC values, cited with attribution',
    notes,
  };
}

/**
 * Refrigerant GWPs (kg CO2e per kg released) for Scope 1 leakage, IPCC AR5 as published rounded to whole numbers:
 * R-404A 0.44 x 3170 + 0.52 x 4800 + 0.04 x 1300 = 3942.8 -> 3943; R-407C 1624; R-410A 1924; R-507A 3985.
 * Pass them to `createResolver` beside a tenant's factors. [mem]: re-check against AR5 before a report.
 */
export const REFRIGERANT_FACTORS: readonly Factor[] = [
  ...Object.entries(AR5_GWP).map(([name, gwp]) => refrigerant(name, gwp, 'Pure HFC, AR5 GWP100.')),
  ...Object.entries(BLENDS).map(([name, parts]) => {
    const gwp = Object.entries(parts).reduce((s, [c, share]) => s + share * AR5_GWP[c], 0);
    const formula = Object.entries(parts)
      .map(([c, share]) => `${share} x ${c} (${AR5_GWP[c]})`)
      .join(' + ');
    return refrigerant(name, Math.round(gwp), `Blend: ${formula} = ${Math.round(gwp * 10) / 10}, rounded.`);
  }),
];
