import { describe, expect, it } from 'vitest';
import { builtInResolver, createResolver, type Factor } from '../factors/index.js';
import { type ActivityInput, activityLine } from './activity.js';
import { applyStructuralChange, cumulativeChange, recalculateBaseYear } from './baseyear.js';
import type { Scope2Line } from './model.js';
import { computeScope2 } from './scope2.js';

const grams = (kg: number) => Math.round(kg * 1000);
const AT = '2026-03-01T00:00:00.000Z';

/** A tenant's own fuel factor, loaded as a user set; version 2 of the set changes its value. */
const acmeDiesel = (ttw: number): Factor => ({
  id: 'acme-fuel:diesel',
  setId: 'acme-fuel',
  name: 'Diesel from our supplier',
  category: 'fuel',
  unit: 'kgCO2e/L',
  values: { ttw },
  gwp: 'AR5',
  region: 'CN',
  year: 2021,
  source: 'supplier declaration',
  licence: 'internal',
});

const fuel = (id: string, siteId: string, litres: number, factorId = 'acme-fuel:diesel'): ActivityInput => ({
  id,
  tenantId: 't1',
  year: 2021,
  month: 6,
  siteId,
  scope: 1,
  category: 'mobile_combustion',
  activity: { quantity: litres, unit: 'L' },
  factor: { id: factorId },
  source: 'fleet',
});

describe('recalculateBaseYear', () => {
  it('flags a factor update that moves the base year by 6.2 %', () => {
    const v1 = createResolver([acmeDiesel(2.5)]);
    const v2 = createResolver([acmeDiesel(2.655)]);
    // 100 000 L x 2.5 = 250 000 kg -> x 2.655 = 265 500 kg: +15 500 / 250 000 = +6.2 %
    const lines = [activityLine(fuel('d1', 'site-a', 100_000), v1)];
    const { record, lines: next } = recalculateBaseYear(lines, v2, {
      reason: 'factor_update',
      at: AT,
      setVersion: () => '2',
      note: 'supplier re-declared its diesel',
    });
    expect(record).toMatchObject({
      baseYear: 2021,
      reason: 'factor_update',
      note: 'supplier re-declared its diesel',
      at: AT,
      scope2Method: 'market',
      previousKgCo2e: 250_000,
      newKgCo2e: 265_500,
      thresholdPct: 5,
      significant: true,
      linesAdded: 0,
      linesRemoved: 0,
    });
    expect(record.changePct).toBeCloseTo(6.2, 9);
    expect(record.factorChanges).toEqual([
      {
        previousFactorId: 'acme-fuel:diesel',
        newFactorId: 'acme-fuel:diesel',
        previousKgCo2ePerUnit: 2.5,
        newKgCo2ePerUnit: 2.655,
        lineCount: 1,
      },
    ]);
    expect(next[0]).toMatchObject({ id: 'd1', kgCo2ePerUnit: 2.655, factorVersion: '2' });
    expect(grams(next[0].kgCo2e)).toBe(265_500_000);
    // The input lines are not changed.
    expect(lines[0].kgCo2e).toBe(250_000);
  });

  it('does not flag a factor swap that moves it by 3 %', () => {
    // UK-blend diesel 2.58354 -> 100 % mineral 2.66155 kgCO2e/L: 258 354 -> 266 155 kg, +7 801 / 258 354 = +3.02 %
    const lines = [activityLine(fuel('d1', 'site-a', 100_000, 'desnz-2026:diesel-uk-blend-per-litre'), builtInResolver)];
    const { record } = recalculateBaseYear(lines, builtInResolver, {
      reason: 'methodology',
      at: AT,
      remap: { 'desnz-2026:diesel-uk-blend-per-litre': 'desnz-2026:diesel-mineral-per-litre' },
    });
    expect(grams(record.previousKgCo2e)).toBe(258_354_000);
    expect(grams(record.newKgCo2e)).toBe(266_155_000);
    expect(record.changePct).toBeCloseTo(3.0195, 4);
    expect(record.significant).toBe(false);
    // A lower threshold makes the same change significant.
    expect(
      recalculateBaseYear(lines, builtInResolver, { remap: (id) => id.replace('uk-blend', 'mineral'), thresholdPct: 3, at: AT })
        .record.significant,
    ).toBe(true);
  });

  it('re-picks a grid factor by slug and year when a nearer year is loaded; certificates stay', () => {
    // 2021 with the built-in sets: nearest MEE year is 2022 (national 0.5366, residual 0.5856).
    // 100 000 kWh import, 20 MWh certificates: location 53 660 kg; market 80 000 x 0.5856 = 46 848 kg.
    const [line] = computeScope2(
      [{ id: 'e1', tenantId: 't1', siteId: 'site-a', region: 'CN-Shanghai', year: 2021, month: 1, consumptionKwh: 100_000 }],
      [{ id: 'gec', tenantId: 't1', scheme: 'GEC', mwh: 20, vintageYear: 2021, region: 'CN', status: 'retired' }],
      builtInResolver,
    ).lines;
    expect([grams(line.locationKgCo2e), grams(line.marketKgCo2e)]).toEqual([53_660_000, 46_848_000]);

    // A user loads the 2021 national average (0.5568 [mem]) but no 2021 residual.
    const mee2021: Factor = {
      ...builtInResolver('mee-2022:cn-grid-national')!,
      id: 'mee-2021:cn-grid-national',
      setId: 'mee-2021',
      year: 2021,
      values: { wtw: 0.5568 },
    };
    const resolver = createResolver([mee2021]);
    const market = recalculateBaseYear([line], resolver, { at: AT });
    const next = market.lines[0] as Scope2Line;
    // location 100 000 x 0.5568 = 55 680 kg; market unchanged (residual still 2022, certificates contractual)
    expect(next.factorId).toBe('mee-2021:cn-grid-national');
    expect(grams(next.locationKgCo2e)).toBe(55_680_000);
    expect(grams(next.marketKgCo2e)).toBe(46_848_000);
    expect(next.market.map((p) => p.basis)).toEqual(['certificate', 'residual']);
    expect(market.record.changePct).toBe(0);
    expect(market.record.significant).toBe(false);
    // By the location-based method: +2 020 / 53 660 = +3.76 %
    const location = recalculateBaseYear([line], resolver, { at: AT, scope2Method: 'location' }).record;
    expect(location.changePct).toBeCloseTo(3.7644, 4);
    expect(location.significant).toBe(false);
    expect(location.factorChanges.map((c) => [c.previousFactorId, c.newFactorId])).toEqual([
      ['mee-2022:cn-grid-national', 'mee-2021:cn-grid-national'],
    ]);
  });

  it('re-runs a Scope 2 line without instruments under both methods, counting the line once', () => {
    const v1 = createResolver([
      { ...acmeDiesel(0.2), id: 'acme-fuel:heat', category: 'electricity', unit: 'kgCO2e/kWh', values: { wtw: 0.2 } },
    ]);
    const v2 = createResolver([
      { ...acmeDiesel(0.25), id: 'acme-fuel:heat', category: 'electricity', unit: 'kgCO2e/kWh', values: { wtw: 0.25 } },
    ]);
    const heat = activityLine(
      {
        ...fuel('h1', 'site-a', 0),
        scope: 2,
        category: 'heat',
        activity: { quantity: 10, unit: 'MWh' },
        factor: { id: 'acme-fuel:heat' },
      },
      v1,
    );
    // 10 000 kWh x 0.2 = 2 000 kg both methods -> x 0.25 = 2 500 kg: +25 %
    const { record, lines } = recalculateBaseYear([heat], v2, { at: AT });
    const next = lines[0] as Scope2Line;
    expect([next.locationKgCo2e, next.marketKgCo2e]).toEqual([2500, 2500]);
    expect(record).toMatchObject({ previousKgCo2e: 2000, newKgCo2e: 2500, changePct: 25, significant: true });
    expect(record.factorChanges).toHaveLength(1);
    expect(record.factorChanges[0].lineCount).toBe(1);
  });

  it('refuses when a factor is gone or no longer fits the unit, naming the lines', () => {
    const v1 = createResolver([acmeDiesel(2.5)]);
    const lines = [activityLine(fuel('d1', 'site-a', 100), v1), activityLine(fuel('d2', 'site-a', 100), v1)];
    expect(() => recalculateBaseYear(lines, builtInResolver, { at: AT })).toThrow(/2 problem/);
    let details: { field?: string; message: string }[] = [];
    try {
      recalculateBaseYear(lines, v1, { remap: { 'acme-fuel:diesel': 'desnz-2026:diesel-mineral-per-tonne' }, at: AT });
    } catch (e) {
      details = (e as { details: typeof details }).details;
    }
    expect(details[0]).toEqual({
      field: 'line d1',
      message: "activity in L does not match the factor's unit kgCO2e/t (needs t)",
    });
    const mixed = [lines[0], { ...lines[1], year: 2022 }];
    expect(() => recalculateBaseYear(mixed, v1)).toThrow(/one year/);
  });
});

describe('structural changes', () => {
  const v1 = createResolver([acmeDiesel(2.5)]);
  // site-a 100 000 L x 2.5 = 250 000 kg; site-b 20 000 L x 2.5 = 50 000 kg; base year 300 000 kg
  const lines = [activityLine(fuel('a', 'site-a', 100_000), v1), activityLine(fuel('b', 'site-b', 20_000), v1)];

  it('removes the base-year emissions of a divested site', () => {
    const { record, lines: next } = applyStructuralChange(lines, { kind: 'divestment', siteIds: ['site-b'] }, { at: AT });
    // 300 000 -> 250 000: −16.67 %
    expect(record).toMatchObject({
      reason: 'divestment',
      previousKgCo2e: 300_000,
      newKgCo2e: 250_000,
      linesRemoved: 1,
      significant: true,
    });
    expect(record.changePct).toBeCloseTo(-16.6667, 4);
    expect(next.map((l) => l.id)).toEqual(['a']);
    expect(() => applyStructuralChange(lines, { kind: 'divestment', siteIds: ['site-x'] })).toThrow(/site-x/);
  });

  it('adds the base-year emissions of an acquired site; 5 % exactly is significant, 4 % is not', () => {
    // + 6 000 L x 2.5 = 15 000 kg -> 315 000: +5 %
    const five = applyStructuralChange(
      lines,
      { kind: 'acquisition', lines: [activityLine(fuel('c', 'site-c', 6000), v1)] },
      { at: AT },
    );
    expect(five.record).toMatchObject({ newKgCo2e: 315_000, changePct: 5, significant: true, linesAdded: 1 });
    // + 4 800 L x 2.5 = 12 000 kg -> 312 000: +4 %
    const four = applyStructuralChange(
      lines,
      { kind: 'acquisition', lines: [activityLine(fuel('c', 'site-c', 4800), v1)] },
      { at: AT },
    );
    expect(four.record.changePct).toBeCloseTo(4, 9);
    expect(four.record.significant).toBe(false);
    const wrongYear = { ...activityLine(fuel('c', 'site-c', 10), v1), year: 2024 };
    expect(() => applyStructuralChange(lines, { kind: 'acquisition', lines: [wrongYear] })).toThrow(/base year 2021/);
    expect(() => applyStructuralChange(lines, { kind: 'acquisition', lines: [lines[0]] })).toThrow(/already/);
  });

  it('adds small changes up to a cumulative one', () => {
    // +3 % twice: 1.03 x 1.03 = 1.0609 -> +6.09 %, significant although neither step was
    const r1 = applyStructuralChange(
      lines,
      { kind: 'acquisition', lines: [activityLine(fuel('c', 'site-c', 3600), v1)] },
      { at: AT },
    );
    const r2 = applyStructuralChange(
      r1.lines,
      { kind: 'acquisition', lines: [activityLine(fuel('d', 'site-d', 3708), v1)] },
      { at: AT },
    );
    expect([r1.record.significant, r2.record.significant]).toEqual([false, false]);
    const c = cumulativeChange([r1.record, r2.record]);
    expect(c.changePct).toBeCloseTo(6.09, 9);
    expect(c.significant).toBe(true);
    expect(cumulativeChange([])).toEqual({ changePct: 0, significant: false });
  });
});
