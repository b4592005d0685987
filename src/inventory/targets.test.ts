import { describe, expect, it } from 'vitest';
import { scopeTotals } from './inventory.js';
import type { CarbonOffset } from './model.js';
import {
  compoundPctPerYear,
  defaultTargets,
  linearPctPerYear,
  pathway,
  type Target,
  targetActual,
  trackTarget,
  validateTarget,
} from './targets.js';

const T = 1000; // kg per tonne

// Base 1 000 t in 2021, −50 % by 2030.
const half: Target = {
  id: 'half',
  name: '−50 % by 2030',
  scopes: [1, 2, 3],
  kind: 'absolute',
  baseYear: 2021,
  baseValue: 1000 * T,
  targetYear: 2030,
  reductionPct: 50,
  scope2Method: 'market',
  claim: 'reduction',
};

const series = (values: number[]) => values.map((v, i) => ({ year: 2021 + i, value: v * T }));

describe('pathways', () => {
  it('runs linearly at 50/9 = 5.56 %/yr of the base and compound at 7.41 %/yr', () => {
    expect(linearPctPerYear(half)).toBeCloseTo(50 / 9, 12);
    expect(linearPctPerYear(half)).toBeCloseTo(5.56, 2);
    // 1 − 0.5^(1/9) = 0.0741253
    expect(compoundPctPerYear(half)).toBeCloseTo(7.41253, 5);
    const path = pathway(half);
    expect(path).toHaveLength(10);
    const y2025 = path.find((p) => p.year === 2025)!;
    // linear: 1 000 x (1 − 0.5 x 4/9) = 777.78 t; compound: 1 000 x 0.5^(4/9) = 734.87 t
    expect(y2025.linear / T).toBeCloseTo(777.78, 2);
    expect(y2025.compound! / T).toBeCloseTo(734.87, 2);
    expect(path[0]).toEqual({ year: 2021, linear: 1000 * T, compound: 1000 * T });
    expect(path[9].linear / T).toBeCloseTo(500, 9);
    expect(path[9].compound! / T).toBeCloseTo(500, 9);
    // Compound: the same share every year.
    for (let i = 1; i < path.length; i++) expect(path[i].compound! / path[i - 1].compound!).toBeCloseTo(1 - 0.0741253, 6);
  });

  it('has no compound path for a 100 % target', () => {
    const zero: Target = { ...half, reductionPct: 100 };
    expect(compoundPctPerYear(zero)).toBeNull();
    // 1 000 x (1 − 4/9) = 555.56 t in 2025
    expect(pathway(zero)[4].linear / T).toBeCloseTo(555.56, 2);
    expect(pathway(zero)[4].compound).toBeNull();
    expect(pathway(zero)[9].linear).toBe(0);
  });
});

describe('trackTarget', () => {
  it('is on track when every actual is on or below the linear pathway', () => {
    // Pathway 2022-2025: 944.44, 888.89, 833.33, 777.78 t
    const p = trackTarget(half, series([1000, 930, 880, 820, 770]));
    expect(p.years.map((y) => Math.round((y.gap / T) * 100) / 100)).toEqual([0, -14.44, -8.89, -13.33, -7.78]);
    expect(p.years.every((y) => y.onTrack)).toBe(true);
    expect(p.years[4].changeFromBasePct).toBeCloseTo(-23, 9);
    // Trend: least squares through 1000, 930, 880, 820, 770 -> slope −57 t/yr, 2030 = 880 − 57 x 7 = 481 t <= 500
    expect(p.trend!.slopePerYear / T).toBeCloseTo(-57, 9);
    expect(p.trend!.projectedTargetYearValue / T).toBeCloseTo(481, 9);
    expect(p.trend!.onTrack).toBe(true);
    expect(p.status).toBe('on_track');
    expect(p.targetValue).toBe(500 * T);
  });

  it('is off track above the pathway with a trend that misses the target', () => {
    const p = trackTarget(half, series([1000, 950, 900, 850, 800]));
    // 2025: 800 − 777.78 = 22.22 t above; trend −50 t/yr -> 2030: 900 − 350 = 550 t > 500
    expect(p.years[4].gap / T).toBeCloseTo(22.22, 2);
    expect(p.years[4].onTrack).toBe(false);
    expect(p.trend!.projectedTargetYearValue / T).toBeCloseTo(550, 9);
    expect(p.status).toBe('off_track');
  });

  it('reports trend_on_track when behind the pathway but heading for the target', () => {
    // 2025: 790 > 777.78; trend slope −59 -> 2030: 900 − 59 x 7 = 487 t <= 500
    const p = trackTarget(half, series([1000, 990, 900, 820, 790]));
    expect(p.years[4].onTrack).toBe(false);
    expect(p.trend!.projectedTargetYearValue / T).toBeCloseTo(487, 9);
    expect(p.status).toBe('trend_on_track');
  });

  it('fits the trend from the base value when the base year has no actual, and needs data', () => {
    const p = trackTarget(half, [{ year: 2024, value: 800 * T }]);
    // Points (2021, 1000), (2024, 800): slope −66.67 t/yr -> 2030: 1000 − 66.67 x 9 = 400 t
    expect(p.trend!.projectedTargetYearValue / T).toBeCloseTo(400, 9);
    expect(p.status).toBe('on_track');
    expect(trackTarget(half, []).status).toBe('no_data');
    expect(trackTarget(half, []).trend).toBeNull();
  });

  it('shows offsets beside a carbon-neutral target without touching gap or status', () => {
    const neutral: Target = { ...half, id: 'neutral', scopes: [1, 2], reductionPct: 100, claim: 'carbon_neutral' };
    const offsets: CarbonOffset[] = [
      {
        id: 'o1',
        tenantId: 't1',
        tCo2e: 900,
        registry: 'Verra VCS',
        projectType: 'avoidance',
        vintageYear: 2025,
        status: 'retired',
      },
      {
        id: 'o2',
        tenantId: 't1',
        tCo2e: 5000,
        registry: 'Verra VCS',
        projectType: 'avoidance',
        vintageYear: 2024,
        status: 'held',
      },
    ];
    const actuals = series([1000, 950, 900, 850, 800]);
    const without = trackTarget(neutral, actuals);
    const withOffsets = trackTarget(neutral, actuals, offsets);
    expect(withOffsets.years).toEqual(without.years);
    expect(withOffsets.status).toBe(without.status);
    expect(withOffsets.trend).toEqual(without.trend);
    // 2025: 800 t emitted, 900 t retired -> the separate neutrality claim holds; 2024: the credits are only held.
    expect(withOffsets.offsetClaims.at(-1)).toEqual({
      year: 2025,
      residualKgCo2e: 800 * T,
      retiredTCo2e: 900,
      removalTCo2e: 0,
      claimHolds: true,
    });
    expect(withOffsets.offsetClaims.at(-2)!.claimHolds).toBe(false);
    expect(withOffsets.years.at(-1)!.onTrack).toBe(false); // 800 > 555.56
  });

  it('counts only removals for net zero, and only once the abatement is reached', () => {
    const nz: Target = { ...half, id: 'nz', targetYear: 2050, reductionPct: 90, claim: 'net_zero' };
    const removal = (year: number, t: number): CarbonOffset => ({
      id: `r${year}`,
      tenantId: 't1',
      tCo2e: t,
      registry: 'Puro.earth',
      projectType: 'removal',
      vintageYear: year,
      status: 'retired',
    });
    const avoidance: CarbonOffset = { ...removal(2050, 1000), id: 'a2050', projectType: 'avoidance' };
    const p = trackTarget(
      nz,
      [
        { year: 2049, value: 95 * T },
        { year: 2050, value: 100 * T },
        { year: 2051, value: 120 * T },
      ],
      [removal(2049, 200), avoidance, removal(2050, 100), removal(2051, 200)],
    );
    expect(p.offsetClaims.map((c) => [c.year, c.removalTCo2e, c.retiredTCo2e, c.claimHolds])).toEqual([
      [2049, 200, 200, false], // before the target year
      [2050, 100, 1100, true], // 100 t residual = 10 % of base, 100 t removed
      [2051, 200, 200, false], // 120 t > 100 t: abatement not reached, removals cannot make up for it
    ]);
  });

  it('has no offset claims for a plain reduction target', () => {
    expect(trackTarget(half, series([1000])).offsetClaims).toEqual([]);
  });
});

describe('targets from the inventory', () => {
  const base = scopeTotals(200 * T, 500 * T, 300 * T, 500 * T);

  it('sets the three default targets from the base-year totals', () => {
    const [neutral, halfT, nz] = defaultTargets(base);
    expect(neutral).toMatchObject({
      scopes: [1, 2],
      baseYear: 2021,
      baseValue: 500 * T,
      targetYear: 2030,
      reductionPct: 100,
      claim: 'carbon_neutral',
    });
    expect(halfT).toMatchObject({
      scopes: [1, 2, 3],
      baseValue: 1000 * T,
      targetYear: 2030,
      reductionPct: 50,
      scope2Method: 'market',
    });
    expect(nz).toMatchObject({ baseValue: 1000 * T, targetYear: 2050, reductionPct: 90, claim: 'net_zero' });
    for (const t of defaultTargets(base)) expect(() => validateTarget(t)).not.toThrow();
  });

  it('picks the scopes and Scope 2 method, and divides for intensity', () => {
    const totals = scopeTotals(100, 400, 250, 1000);
    expect(targetActual({ ...half, scopes: [1, 2] }, totals)).toBe(350);
    expect(targetActual({ ...half, scopes: [1, 2], scope2Method: 'location' }, totals)).toBe(500);
    expect(targetActual(half, totals)).toBe(1350);
    const perParcel: Target = { ...half, kind: 'intensity', intensityDenominator: 'parcel', baseValue: 0.002 };
    expect(targetActual(perParcel, totals, { parcels: 1_000_000 })).toBeCloseTo(0.00135, 12);
    expect(() => targetActual(perParcel, totals, { orders: 5 })).toThrow(/per parcel/);
  });

  it('refuses a malformed target with every bad field', () => {
    let details: { field?: string }[] = [];
    try {
      validateTarget({ ...half, scopes: [], targetYear: 2020, reductionPct: 120, kind: 'intensity' });
    } catch (e) {
      details = (e as { details: { field?: string }[] }).details;
    }
    expect(details.map((d) => d.field)).toEqual(['scopes', 'intensityDenominator', 'targetYear', 'reductionPct']);
  });
});
