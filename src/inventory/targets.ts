import { type ErrorDetail, invalid } from '../core/index.js';
import type { IntensityDenominator, ScopeTotals } from './inventory.js';
import type { CarbonOffset, IntensityDenominators, Scope } from './model.js';

/**
 * Climate targets and progress against them (reference carbon-accounting.md §5). Pure.
 *
 * Pathways run from the base value in the base year to base x (1 − reduction) in the target year, both linearly
 * (the same share of the base every year: −50 % over 2021-2030 is 50/9 = 5.56 %/yr) and compound (the same share of
 * the previous year: 1 − 0.5^(1/9) = 7.41 %/yr). The gap and on-track status compare the inventory with the linear
 * pathway; offsets are shown next to it as a separate claim and never reduce an actual.
 */

export type TargetKind = 'absolute' | 'intensity';

/**
 * `reduction`: an abatement target. `carbon_neutral`: abate to zero; what is left may be covered by offsets, reported
 * as a separate claim. `net_zero` (SBTi Corporate Net-Zero Standard): at least 90 % abatement, the residual
 * neutralised by carbon removals (avoidance credits do not count).
 */
export type TargetClaim = 'reduction' | 'carbon_neutral' | 'net_zero';

export interface Target {
  id: string;
  name: string;
  scopes: Scope[];
  kind: TargetKind;
  baseYear: number;
  /** kg CO2e (absolute) or kg CO2e per denominator unit (intensity). */
  baseValue: number;
  targetYear: number;
  /** 100 = to zero. */
  reductionPct: number;
  scope2Method: 'market' | 'location';
  /** Intensity targets only. */
  intensityDenominator?: IntensityDenominator;
  claim: TargetClaim;
  note?: string;
}

export interface PathwayPoint {
  year: number;
  linear: number;
  /** Null when the reduction is 100 % (a compound path never reaches zero). */
  compound: number | null;
}

export interface YearProgress {
  year: number;
  actual: number;
  pathway: number;
  compoundPathway: number | null;
  /** actual − linear pathway: positive = above the path (behind). */
  gap: number;
  /** Change from the base value, % (negative = reduced). */
  changeFromBasePct: number;
  onTrack: boolean;
}

export interface OffsetClaim {
  year: number;
  /** Emissions the target covers that year (absolute targets). */
  residualKgCo2e: number;
  retiredTCo2e: number;
  removalTCo2e: number;
  /**
   * carbon_neutral: all retired credits >= residual. net_zero: the year is the target year or later, the target
   * reduction was reached, and removals >= residual. Never true for a plain reduction target.
   */
  claimHolds: boolean;
}

export type TargetStatus = 'on_track' | 'trend_on_track' | 'off_track' | 'no_data';

export interface TargetProgress {
  target: Target;
  targetValue: number;
  linearPctPerYear: number;
  compoundPctPerYear: number | null;
  pathway: PathwayPoint[];
  years: YearProgress[];
  /** Least-squares line through the actuals (and the base value when the base year has no actual). */
  trend: { slopePerYear: number; projectedTargetYearValue: number; onTrack: boolean } | null;
  /**
   * on_track: the latest actual is on or below the linear pathway; trend_on_track: it is above, but the trend reaches
   * the target by the target year; off_track: neither.
   */
  status: TargetStatus;
  /** Offsets beside the target: they never change `years`, `trend` or `status`. */
  offsetClaims: OffsetClaim[];
}

/** The three targets of the issue, with their base values taken from the base-year inventory. */
export function defaultTargets(base: ScopeTotals, baseYear = 2021): Target[] {
  return [
    {
      id: 'carbon-neutral-operations-2030',
      name: 'Carbon-neutral own operations by 2030 (Scope 1 + 2, market-based)',
      scopes: [1, 2],
      kind: 'absolute',
      baseYear,
      baseValue: base.s1s2MarketKgCo2e,
      targetYear: 2030,
      reductionPct: 100,
      scope2Method: 'market',
      claim: 'carbon_neutral',
      note: 'Pathway to zero emissions; offsets may cover what is left only as a separately reported claim.',
    },
    {
      id: 'scope123-half-by-2030',
      name: '−50 % Scope 1 + 2 + 3 by 2030',
      scopes: [1, 2, 3],
      kind: 'absolute',
      baseYear,
      baseValue: base.totalMarketKgCo2e,
      targetYear: 2030,
      reductionPct: 50,
      scope2Method: 'market',
      claim: 'reduction',
    },
    {
      id: 'net-zero-2050',
      name: 'Net zero by 2050 (Scope 1 + 2 + 3)',
      scopes: [1, 2, 3],
      kind: 'absolute',
      baseYear,
      baseValue: base.totalMarketKgCo2e,
      targetYear: 2050,
      reductionPct: 90,
      scope2Method: 'market',
      claim: 'net_zero',
      note:
        'SBTi Corporate Net-Zero Standard: cut absolute emissions by at least 90 % from the base year, then neutralise ' +
        'the residual (at most 10 %) with permanent carbon removals; avoidance credits do not count.',
    },
  ];
}

/** Throws `invalid` naming every bad field of a target. */
export function validateTarget(t: Target): void {
  const errors: ErrorDetail[] = [];
  const bad = (field: string, message: string) => errors.push({ field, message });
  if (!t.id) bad('id', 'is required');
  if (!Array.isArray(t.scopes) || t.scopes.length === 0 || t.scopes.some((s) => s !== 1 && s !== 2 && s !== 3)) {
    bad('scopes', 'must be a non-empty list of 1, 2, 3');
  } else if (new Set(t.scopes).size !== t.scopes.length) bad('scopes', 'must not repeat a scope');
  if (t.kind !== 'absolute' && t.kind !== 'intensity') bad('kind', 'must be absolute or intensity');
  if (t.kind === 'intensity' && !t.intensityDenominator) bad('intensityDenominator', 'is required for an intensity target');
  if (!Number.isInteger(t.baseYear)) bad('baseYear', 'must be a whole year');
  if (!Number.isInteger(t.targetYear) || t.targetYear <= t.baseYear)
    bad('targetYear', 'must be a whole year after the base year');
  if (!Number.isFinite(t.baseValue) || t.baseValue <= 0) bad('baseValue', 'must be more than 0');
  if (!Number.isFinite(t.reductionPct) || t.reductionPct <= 0 || t.reductionPct > 100)
    bad('reductionPct', 'must be more than 0 and at most 100');
  if (t.scope2Method !== 'market' && t.scope2Method !== 'location') bad('scope2Method', 'must be market or location');
  if (errors.length > 0) throw invalid(`target ${t.id || '(no id)'} refused`, errors);
}

/** Linear reduction per year, % of the base value. */
export const linearPctPerYear = (t: Pick<Target, 'reductionPct' | 'baseYear' | 'targetYear'>): number =>
  t.reductionPct / (t.targetYear - t.baseYear);

/** Compound reduction per year, % of the previous year; null for a 100 % target. */
export function compoundPctPerYear(t: Pick<Target, 'reductionPct' | 'baseYear' | 'targetYear'>): number | null {
  const keep = 1 - t.reductionPct / 100;
  return keep > 0 ? (1 - keep ** (1 / (t.targetYear - t.baseYear))) * 100 : null;
}

export const targetValue = (t: Pick<Target, 'baseValue' | 'reductionPct'>): number => t.baseValue * (1 - t.reductionPct / 100);

/** The pathway in any year: the base before the base year, the target value after the target year. */
export function pathwayAt(t: Target, year: number): PathwayPoint {
  const f = Math.min(1, Math.max(0, (year - t.baseYear) / (t.targetYear - t.baseYear)));
  const r = t.reductionPct / 100;
  return {
    year,
    linear: t.baseValue * (1 - r * f),
    compound: r < 1 ? t.baseValue * (1 - r) ** f : null,
  };
}

/** Base year to target year, one point a year. */
export function pathway(t: Target): PathwayPoint[] {
  validateTarget(t);
  return Array.from({ length: t.targetYear - t.baseYear + 1 }, (_, i) => pathwayAt(t, t.baseYear + i));
}

/**
 * The value a target tracks for one year: the covered scopes (Scope 2 by the target's method), divided by the
 * denominator for an intensity target.
 */
export function targetActual(t: Target, totals: ScopeTotals, denominators?: IntensityDenominators): number {
  let kg = 0;
  if (t.scopes.includes(1)) kg += totals.scope1KgCo2e;
  if (t.scopes.includes(2)) kg += t.scope2Method === 'market' ? totals.scope2MarketKgCo2e : totals.scope2LocationKgCo2e;
  if (t.scopes.includes(3)) kg += totals.scope3KgCo2e;
  if (t.kind === 'absolute') return kg;
  const key = t.intensityDenominator === 'parcel' ? 'parcels' : t.intensityDenominator === 'order' ? 'orders' : 'tkm';
  const q = denominators?.[key];
  if (q === undefined || !(q > 0)) {
    throw invalid(`target ${t.id} is per ${t.intensityDenominator}: give that denominator`, [
      { field: `denominators/${key}`, message: 'must be more than 0' },
    ]);
  }
  return kg / q;
}

/** Ordinary least squares through (year, value); null for fewer than two distinct years. */
function fitLine(points: readonly { year: number; value: number }[]): { slope: number; at: (year: number) => number } | null {
  if (new Set(points.map((p) => p.year)).size < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.year, 0) / n;
  const my = points.reduce((s, p) => s + p.value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.year - mx) * (p.value - my);
    sxx += (p.year - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, at: (year) => my + slope * (year - mx) };
}

/** A tiny allowance so a value equal to the pathway after floating-point arithmetic still counts as on it. */
const onOrBelow = (actual: number, limit: number) => actual <= limit + 1e-9 * Math.max(1, Math.abs(limit));

/**
 * Progress of a target given its actual values per year (same unit as `baseValue`). Offsets (the tenant's retired
 * credits, by claim year) appear only in `offsetClaims`.
 */
export function trackTarget(
  t: Target,
  actuals: readonly { year: number; value: number }[],
  offsets: readonly CarbonOffset[] = [],
): TargetProgress {
  validateTarget(t);
  const points = [...actuals].filter((a) => a.year >= t.baseYear).sort((a, b) => a.year - b.year);
  const years: YearProgress[] = points.map((a) => {
    const p = pathwayAt(t, a.year);
    return {
      year: a.year,
      actual: a.value,
      pathway: p.linear,
      compoundPathway: p.compound,
      gap: a.value - p.linear,
      changeFromBasePct: ((a.value - t.baseValue) / t.baseValue) * 100,
      onTrack: onOrBelow(a.value, p.linear),
    };
  });
  const goal = targetValue(t);
  const fitPoints = points.map((a) => ({ year: a.year, value: a.value }));
  if (!fitPoints.some((p) => p.year === t.baseYear)) fitPoints.unshift({ year: t.baseYear, value: t.baseValue });
  const line = fitLine(fitPoints);
  const trend = line
    ? {
        slopePerYear: line.slope,
        projectedTargetYearValue: line.at(t.targetYear),
        onTrack: onOrBelow(line.at(t.targetYear), goal),
      }
    : null;
  const latest = years.at(-1);
  const status: TargetStatus = !latest
    ? 'no_data'
    : latest.onTrack
      ? 'on_track'
      : trend?.onTrack
        ? 'trend_on_track'
        : 'off_track';

  const offsetClaims: OffsetClaim[] =
    t.kind === 'absolute' && t.claim !== 'reduction'
      ? years.map((y) => {
          const retired = offsets.filter((o) => o.status === 'retired' && (o.claimYear ?? o.vintageYear) === y.year);
          const retiredT = retired.reduce((s, o) => s + o.tCo2e, 0);
          const removalT = retired.filter((o) => o.projectType === 'removal').reduce((s, o) => s + o.tCo2e, 0);
          const claimHolds =
            t.claim === 'carbon_neutral'
              ? retiredT * 1000 >= y.actual
              : y.year >= t.targetYear && onOrBelow(y.actual, goal) && removalT * 1000 >= y.actual;
          return { year: y.year, residualKgCo2e: y.actual, retiredTCo2e: retiredT, removalTCo2e: removalT, claimHolds };
        })
      : [];

  return {
    target: t,
    targetValue: goal,
    linearPctPerYear: linearPctPerYear(t),
    compoundPctPerYear: compoundPctPerYear(t),
    pathway: pathway(t),
    years,
    trend,
    status,
    offsetClaims,
  };
}
