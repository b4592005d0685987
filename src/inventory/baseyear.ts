import { type ErrorDetail, invalid } from '../core/index.js';
import type { FactorResolver } from '../factors/index.js';
import { type FactorRef, factorUse, findFactor, type ResolveOptions, toFactorUnits } from './activity.js';
import { annualTotals, EMPTY_TOTALS, type ScopeTotals } from './inventory.js';
import type { ActivityLine, FactorUse, MarketPart, Scope2Line } from './model.js';

/**
 * Base-year recalculation (GHG Protocol Corporate Standard ch. 5; SBTi: threshold 5 %). Re-runs the base year's
 * activity lines with the current factors, or adds/removes the base-year emissions of acquired/divested sites, and
 * records what changed. Organic growth or decline is never a reason to recalculate. Pure.
 */

export const DEFAULT_SIGNIFICANCE_PCT = 5;

export const RECALCULATION_REASONS = [
  'factor_update',
  'methodology',
  'error_correction',
  'acquisition',
  'divestment',
  'insourcing',
  'outsourcing',
  'other',
] as const;
export type RecalculationReason = (typeof RECALCULATION_REASONS)[number];

export interface FactorChange {
  previousFactorId: string;
  newFactorId: string;
  previousKgCo2ePerUnit: number;
  newKgCo2ePerUnit: number;
  lineCount: number;
}

export interface BaseYearRecalculation {
  baseYear: number;
  reason: RecalculationReason;
  note?: string;
  /** ISO 8601 UTC. */
  at: string;
  /** Which Scope 2 figure the compared total (S1 + S2 + S3) uses. */
  scope2Method: 'market' | 'location';
  previousKgCo2e: number;
  newKgCo2e: number;
  /** (new − previous) / previous x 100. */
  changePct: number;
  thresholdPct: number;
  /** |changePct| >= thresholdPct. */
  significant: boolean;
  previous: ScopeTotals;
  next: ScopeTotals;
  factorChanges: FactorChange[];
  linesAdded: number;
  linesRemoved: number;
}

export interface RecalculationResult {
  record: BaseYearRecalculation;
  /** The base year's lines after the change (to store as the new base year). */
  lines: ActivityLine[];
}

/** Maps an old factor id to the one that replaces it (a set swap); unmapped ids stay. */
export type FactorRemap = Readonly<Record<string, string>> | ((factorId: string) => string | undefined);

interface RecordOptions {
  at?: string;
  note?: string;
  thresholdPct?: number;
  scope2Method?: 'market' | 'location';
}

export interface RecalculateOptions extends RecordOptions, ResolveOptions {
  reason?: RecalculationReason;
  remap?: FactorRemap;
}

const remapped = (remap: FactorRemap | undefined, id: string): string | undefined =>
  remap === undefined ? undefined : typeof remap === 'function' ? remap(id) : remap[id];

/** Re-resolves one factor use: a remapped id, else the original query (slug + year, picks again), else the id. */
function reresolve(
  use: FactorUse,
  quantity: { quantity: number; unit: string },
  resolver: FactorResolver,
  opts: RecalculateOptions,
  where: string,
  errors: ErrorDetail[],
): { use: FactorUse; quantity: number } | undefined {
  const newId = remapped(opts.remap, use.factorId);
  const ref: FactorRef = newId ? { id: newId } : (use.factorQuery ?? { id: use.factorId });
  const found = findFactor(resolver, ref, opts);
  if (!found) {
    errors.push({ field: where, message: `factor ${'id' in ref ? ref.id : ref.slug} is not available` });
    return undefined;
  }
  const converted = toFactorUnits(quantity, found.factor.unit);
  if ('error' in converted) {
    errors.push({ field: where, message: converted.error });
    return undefined;
  }
  const next = factorUse(found, use.boundary, opts);
  if ('error' in next) {
    errors.push({ field: where, message: next.error });
    return undefined;
  }
  return { use: next, quantity: converted.quantity };
}

const stripUse = <T extends object>(x: T): Omit<T, keyof FactorUse> => {
  const {
    factorId: _a,
    factorSetId: _b,
    factorVersion: _c,
    factorYear: _d,
    factorUnit: _e,
    boundary: _f,
    kgCo2ePerUnit: _g,
    factorQuery: _h,
    ...rest
  } = x as T & FactorUse;
  return rest;
};

/** One line with the current factors; pushes problems into `errors` and returns undefined for a line that fails. */
function recomputeLine(
  line: ActivityLine,
  resolver: FactorResolver,
  opts: RecalculateOptions,
  errors: ErrorDetail[],
  note: (prev: FactorUse, next: FactorUse) => void,
): ActivityLine | undefined {
  const where = `line ${line.id}`;
  const main = reresolve(line, line.activity, resolver, opts, where, errors);
  if (!main) return undefined;
  note(line, main.use);
  const kgCo2e = main.quantity * main.use.kgCo2ePerUnit;
  if (line.scope !== 2) return { ...stripUse(line), ...main.use, factorQuantity: main.quantity, kgCo2e } as ActivityLine;

  const market: MarketPart[] = [];
  for (const part of line.market) {
    if (!part.factor) {
      market.push(part); // certificates and supplier contracts keep their contractual rate
      continue;
    }
    const next = reresolve(
      part.factor,
      { quantity: part.quantity, unit: 'kWh' },
      resolver,
      opts,
      `${where} (${part.basis})`,
      errors,
    );
    if (!next) return undefined;
    note(part.factor, next.use);
    market.push({
      ...part,
      factor: next.use,
      kgCo2ePerUnit: next.use.kgCo2ePerUnit,
      kgCo2e: part.quantity * next.use.kgCo2ePerUnit,
    });
  }
  const residualRate = market.find((p) => p.basis === 'residual')?.kgCo2ePerUnit ?? main.use.kgCo2ePerUnit;
  const out: Scope2Line = {
    ...(stripUse(line) as Omit<Scope2Line, keyof FactorUse>),
    ...main.use,
    factorQuantity: main.quantity,
    kgCo2e,
    locationKgCo2e: kgCo2e,
    market,
    marketKgCo2e: market.reduce((s, p) => s + p.kgCo2e, 0),
    ...(line.energy
      ? {
          energy: {
            ...line.energy,
            exportAvoidedKgCo2e: line.energy.solarExportKwh * main.use.kgCo2ePerUnit,
            solarClaimLostKgCo2eAtResidual: line.energy.solarClaimLostKwh * residualRate,
          },
        }
      : {}),
  };
  return out;
}

function baseYearOf(lines: readonly ActivityLine[], field: string): number {
  const years = new Set(lines.map((l) => l.year));
  if (years.size !== 1) {
    throw invalid(`base-year lines must all be of one year (found ${[...years].sort().join(', ') || 'none'})`, [
      { field, message: 'one year only' },
    ]);
  }
  return [...years][0];
}

const totalsOf = (lines: readonly ActivityLine[]): ScopeTotals => annualTotals(lines)[0]?.totals ?? EMPTY_TOTALS;

function makeRecord(
  baseYear: number,
  reason: RecalculationReason,
  before: readonly ActivityLine[],
  after: readonly ActivityLine[],
  opts: RecordOptions,
  extra: Pick<BaseYearRecalculation, 'factorChanges' | 'linesAdded' | 'linesRemoved'>,
): BaseYearRecalculation {
  const thresholdPct = opts.thresholdPct ?? DEFAULT_SIGNIFICANCE_PCT;
  if (!Number.isFinite(thresholdPct) || thresholdPct < 0) {
    throw invalid('thresholdPct must be 0 or more', [{ field: 'thresholdPct', message: 'a percentage, 0 or more' }]);
  }
  const scope2Method = opts.scope2Method ?? 'market';
  const previous = totalsOf(before);
  const next = totalsOf(after);
  const pick = (t: ScopeTotals) => (scope2Method === 'market' ? t.totalMarketKgCo2e : t.totalLocationKgCo2e);
  const previousKgCo2e = pick(previous);
  const newKgCo2e = pick(next);
  const changePct =
    previousKgCo2e === 0
      ? newKgCo2e === 0
        ? 0
        : Number.POSITIVE_INFINITY
      : ((newKgCo2e - previousKgCo2e) / previousKgCo2e) * 100;
  return {
    baseYear,
    reason,
    ...(opts.note ? { note: opts.note } : {}),
    at: opts.at ?? new Date().toISOString(),
    scope2Method,
    previousKgCo2e,
    newKgCo2e,
    changePct,
    thresholdPct,
    significant: Math.abs(changePct) >= thresholdPct,
    previous,
    next,
    ...extra,
  };
}

/**
 * Re-runs the base year with the factors the resolver gives now: each line's factor is looked up again (a remapped
 * id for a set swap; the original slug + year query, which may now find a nearer year; else the same id, which a
 * reloaded user set may have changed). Certificates and supplier rates are contractual and stay. Throws `invalid`
 * listing every line whose factor is gone or no longer fits its unit.
 */
export function recalculateBaseYear(
  lines: readonly ActivityLine[],
  resolver: FactorResolver,
  opts: RecalculateOptions = {},
): RecalculationResult {
  const baseYear = baseYearOf(lines, 'lines');
  const errors: ErrorDetail[] = [];
  const changes = new Map<string, FactorChange>();
  let seen = new Set<string>(); // a line counts once per change, even if two of its parts use the factor
  const note = (prev: FactorUse, next: FactorUse) => {
    if (prev.factorId === next.factorId && prev.kgCo2ePerUnit === next.kgCo2ePerUnit) return;
    const key = `${prev.factorId}|${next.factorId}|${prev.kgCo2ePerUnit}|${next.kgCo2ePerUnit}`;
    if (seen.has(key)) return;
    seen.add(key);
    const c = changes.get(key) ?? {
      previousFactorId: prev.factorId,
      newFactorId: next.factorId,
      previousKgCo2ePerUnit: prev.kgCo2ePerUnit,
      newKgCo2ePerUnit: next.kgCo2ePerUnit,
      lineCount: 0,
    };
    c.lineCount++;
    changes.set(key, c);
  };
  const next = lines.map((l) => {
    seen = new Set();
    return recomputeLine(l, resolver, opts, errors, note);
  });
  if (errors.length > 0) throw invalid(`base year ${baseYear} cannot be recalculated: ${errors.length} problem(s)`, errors);
  const after = next as ActivityLine[];
  const record = makeRecord(baseYear, opts.reason ?? 'factor_update', lines, after, opts, {
    factorChanges: [...changes.values()].sort((a, b) => (a.previousFactorId < b.previousFactorId ? -1 : 1)),
    linesAdded: 0,
    linesRemoved: 0,
  });
  return { record, lines: after };
}

/** A structural change: the base-year emissions of acquired sites are added, of divested sites removed. */
export type StructuralChange =
  | { kind: 'acquisition' | 'insourcing'; lines: readonly ActivityLine[] }
  | { kind: 'divestment' | 'outsourcing'; siteIds: readonly string[] };

/**
 * Applies a structural change to the base year as if it had always been so (GHG Protocol ch. 5): acquired lines
 * must be of the base year; every divested site must have base-year lines.
 */
export function applyStructuralChange(
  lines: readonly ActivityLine[],
  change: StructuralChange,
  opts: RecordOptions = {},
): RecalculationResult {
  const baseYear = baseYearOf(lines, 'lines');
  let after: ActivityLine[];
  let linesAdded = 0;
  let linesRemoved = 0;
  if ('lines' in change) {
    const wrong = change.lines.filter((l) => l.year !== baseYear);
    if (wrong.length > 0) {
      throw invalid(
        `acquired lines must be of the base year ${baseYear}`,
        wrong.map((l) => ({ field: `line ${l.id}`, message: `year ${l.year}` })),
      );
    }
    const ids = new Set(lines.map((l) => l.id));
    const dup = change.lines.filter((l) => ids.has(l.id));
    if (dup.length > 0) {
      throw invalid(
        'acquired lines are already in the base year',
        dup.map((l) => ({ field: `line ${l.id}`, message: 'already present' })),
      );
    }
    after = [...lines, ...change.lines];
    linesAdded = change.lines.length;
  } else {
    const sites = new Set(change.siteIds);
    const missing = [...sites].filter((s) => !lines.some((l) => l.siteId === s));
    if (missing.length > 0) {
      throw invalid(
        `no base-year lines at site(s) ${missing.join(', ')}`,
        missing.map((s) => ({ field: 'siteIds', message: `${s} has no lines` })),
      );
    }
    after = lines.filter((l) => l.siteId === undefined || !sites.has(l.siteId));
    linesRemoved = lines.length - after.length;
  }
  const record = makeRecord(baseYear, change.kind, lines, after, opts, { factorChanges: [], linesAdded, linesRemoved });
  return { record, lines: after };
}

/**
 * The cumulative effect of a series of recalculations (oldest first): some companies apply the threshold to the
 * sum of small changes, not to each alone.
 */
export function cumulativeChange(
  records: readonly BaseYearRecalculation[],
  thresholdPct = DEFAULT_SIGNIFICANCE_PCT,
): { changePct: number; significant: boolean } {
  if (records.length === 0) return { changePct: 0, significant: false };
  const first = records[0].previousKgCo2e;
  const last = records[records.length - 1].newKgCo2e;
  const changePct = first === 0 ? (last === 0 ? 0 : Number.POSITIVE_INFINITY) : ((last - first) / first) * 100;
  return { changePct, significant: Math.abs(changePct) >= thresholdPct };
}
