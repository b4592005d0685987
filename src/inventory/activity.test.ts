import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { builtInResolver, createResolver, type Factor } from '../factors/index.js';
import {
  type ActivityInput,
  activityLine,
  canonicalUnit,
  findFactor,
  importActivityCsv,
  parseActivityCsv,
  REFRIGERANT_FACTORS,
  toFactorUnits,
} from './activity.js';

const grams = (kg: number) => Math.round(kg * 1000);

const diesel: ActivityInput = {
  id: 'l1',
  tenantId: 't1',
  year: 2025,
  month: 3,
  scope: 1,
  category: 'mobile_combustion',
  activity: { quantity: 1000, unit: 'L' },
  factor: { id: 'desnz-2026:diesel-mineral-per-litre' },
  source: 'fleet',
};

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('activityLine', () => {
  it('computes kg CO2e = quantity x factor and keeps the factor', () => {
    // 1 000 L x 2.66155 kgCO2e/L = 2 661.55 kg
    const line = activityLine(diesel, builtInResolver);
    expect(grams(line.kgCo2e)).toBe(2_661_550);
    expect(line).toMatchObject({ factorSetId: 'desnz-2026', factorVersion: '2026', boundary: 'TTW', factorQuantity: 1000 });
    expect(line.factorQuery).toBeUndefined();
  });

  it('refuses an activity unit that does not match the factor, naming the field', () => {
    const e = refusal(() => activityLine({ ...diesel, activity: { quantity: 800, unit: 'kg' } }, builtInResolver));
    expect(e.code).toBe('validation');
    expect(e.details).toEqual([
      { field: '/activity/unit', message: "activity in kg does not match the factor's unit kgCO2e/L (needs L)" },
    ]);
    // t.km against a per-kg material factor, kWh against a per-litre fuel factor
    expect(() =>
      activityLine(
        { ...diesel, scope: 3, category: 1, activity: { quantity: 5, unit: 't.km' }, factor: { id: 'desnz-2026:board-primary' } },
        builtInResolver,
      ),
    ).toThrow(/needs kg/);
    expect(() => activityLine({ ...diesel, activity: { quantity: 5, unit: 'kWh' } }, builtInResolver)).toThrow(/needs L/);
  });

  it('converts within a dimension only (t -> kg, MWh -> kWh)', () => {
    // 20 t board = 20 000 kg x 1.19973 = 23 994.6 kg
    const board = activityLine(
      {
        ...diesel,
        scope: 3,
        category: 1,
        activity: { quantity: 20, unit: 'tonnes' },
        factor: { id: 'desnz-2026:board-primary' },
      },
      builtInResolver,
    );
    expect(board.activity).toEqual({ quantity: 20, unit: 't' });
    expect(board.factorQuantity).toBe(20_000);
    expect(grams(board.kgCo2e)).toBe(23_994_600);
    expect(toFactorUnits({ quantity: 1.5, unit: 'MWh' }, 'kgCO2/kWh')).toEqual({ quantity: 1500 });
    expect(toFactorUnits({ quantity: 36, unit: 'MJ' }, 'kgCO2/kWh')).toEqual({ quantity: 10 });
    expect(toFactorUnits({ quantity: 1, unit: 'furlong' }, 'kgCO2e/L')).toEqual({ error: 'unknown unit "furlong"' });
  });

  it('knows unit spellings', () => {
    expect(['litres', 'l', 'tkm', 't·km', 'kwh', 'Tonne'].map(canonicalUnit)).toEqual(['L', 'L', 't.km', 't.km', 'kWh', 't']);
    expect(canonicalUnit('bananas')).toBeUndefined();
  });

  it('resolves a factor by slug and year (nearest year, later on a tie) and records the query', () => {
    const line = activityLine(
      {
        ...diesel,
        scope: 2,
        category: 'electricity',
        activity: { quantity: 10_000, unit: 'kWh' },
        factor: { slug: 'cn-grid-national', year: 2025 },
      },
      builtInResolver,
    );
    // mee-2023 is the nearest to 2025: 10 000 kWh x 0.5306 = 5 306 kg; no certificates -> market = location
    expect(line).toMatchObject({ factorId: 'mee-2023:cn-grid-national', factorQuery: { slug: 'cn-grid-national', year: 2025 } });
    expect(line.scope === 2 && [grams(line.locationKgCo2e), grams(line.marketKgCo2e)]).toEqual([5_306_000, 5_306_000]);
    expect(findFactor(builtInResolver, { slug: 'cn-grid-national', year: 2021 })?.factor.id).toBe('mee-2022:cn-grid-national');
    expect(findFactor(builtInResolver, { slug: 'cn-grid-national', year: 2022 })?.factor.id).toBe('mee-2022:cn-grid-national');
    expect(findFactor(builtInResolver, { slug: 'cn-grid-national', year: 2000 })).toBeUndefined();
  });

  it('reads WTW for Scope 3 and refuses a factor without it instead of guessing', () => {
    // 250 000 t.km x 0.12715 WTW = 31 787.5 kg
    const hgv = activityLine(
      {
        ...diesel,
        scope: 3,
        category: 4,
        activity: { quantity: 250_000, unit: 't.km' },
        factor: { id: 'desnz-2026:hgv-average' },
      },
      builtInResolver,
    );
    expect(hgv.boundary).toBe('WTW');
    expect(grams(hgv.kgCo2e)).toBe(31_787_500);
    // A subcontractor's diesel in Scope 3: DESNZ fuel factors have TTW only.
    const e = refusal(() => activityLine({ ...diesel, scope: 3, category: 4 }, builtInResolver));
    expect(e.details[0].field).toBe('/boundary');
    const ttw = activityLine({ ...diesel, scope: 3, category: 4, boundary: 'TTW' }, builtInResolver);
    expect(grams(ttw.kgCo2e)).toBe(2_661_550);
  });

  it('computes refrigerant leakage with AR5 GWPs', () => {
    const gwp = Object.fromEntries(REFRIGERANT_FACTORS.map((f) => [f.id.split(':')[1], f.values.wtw]));
    // R-404A = 0.44 x 3170 + 0.52 x 4800 + 0.04 x 1300 = 3942.8 -> 3943
    expect(gwp).toMatchObject({ 'r-404a': 3943, 'r-407c': 1624, 'r-410a': 1924, 'r-507a': 3985, 'r-134a': 1300 });
    const line = activityLine(
      {
        ...diesel,
        category: 'refrigerant',
        activity: { quantity: 2.5, unit: 'kg' },
        factor: { id: 'ipcc-ar5-refrigerants:r-410a' },
      },
      createResolver(REFRIGERANT_FACTORS),
    );
    // 2.5 kg x 1924 = 4 810 kg
    expect(line.boundary).toBe('WTW');
    expect(grams(line.kgCo2e)).toBe(4_810_000);
  });

  it('names every bad field at once', () => {
    const e = refusal(() =>
      activityLine(
        { ...diesel, month: 13, category: 4 as never, activity: { quantity: -1, unit: 'L' }, factor: { id: 'nope:nothing' } },
        builtInResolver,
      ),
    );
    expect(e.details.map((d) => d.field)).toEqual(['/month', '/category', '/activity/quantity', '/factor']);
    expect(e.details[3].message).toBe('no factor nope:nothing');
  });
});

describe('parseActivityCsv', () => {
  it('parses rows with their line numbers, in any column order', () => {
    const csv = [
      'factor_id,year,month,site_id,scope,category,quantity,unit,note',
      'desnz-2026:diesel-mineral-per-litre,2025,1,hub-sh,1,mobile_combustion,1200.5,litre,"fleet, January"',
      '',
      'desnz-2026:hgv-average,2025,2,,3,4,5e4,tkm,',
      'cn-grid-national,2025,3,hub-sh,2,electricity,1000,kWh,',
    ].join('\n');
    const { rows, errors } = parseActivityCsv(csv);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        year: 2025,
        month: 1,
        scope: 1,
        category: 'mobile_combustion',
        activity: { quantity: 1200.5, unit: 'L' },
        factor: { id: 'desnz-2026:diesel-mineral-per-litre' },
        siteId: 'hub-sh',
        note: 'fleet, January',
      },
      {
        line: 4,
        year: 2025,
        month: 2,
        scope: 3,
        category: 4,
        activity: { quantity: 50_000, unit: 't.km' },
        factor: { id: 'desnz-2026:hgv-average' },
      },
      {
        line: 5,
        year: 2025,
        month: 3,
        scope: 2,
        category: 'electricity',
        activity: { quantity: 1000, unit: 'kWh' },
        factor: { slug: 'cn-grid-national', year: 2025 },
        siteId: 'hub-sh',
      },
    ]);
  });

  it('reports bad cells with line and column', () => {
    const csv = [
      'year,month,scope,category,quantity,unit,factor_id',
      '2025,13,1,mobile_combustion,10,L,desnz-2026:diesel-mineral-per-litre',
      '2025,1,3,16,10,kg,desnz-2026:board-primary',
      '2025,1,1,mobile_combustion,"1,200",L,desnz-2026:diesel-mineral-per-litre',
      '2025,1,1,mobile_combustion,10,gallons,desnz-2026:diesel-mineral-per-litre',
      '2025,1,4,mobile_combustion,10,L,',
      '2025,1,1',
      '2025,2,1,mobile_combustion,10,L,desnz-2026:diesel-mineral-per-litre',
    ].join('\r\n');
    const { rows, errors } = parseActivityCsv(csv);
    expect(errors).toEqual([
      { line: 2, field: 'month', message: 'must be 1 to 12' },
      { line: 3, field: 'category', message: '"16" is not a Scope 3 category (1 to 15)' },
      { line: 4, field: 'quantity', message: 'must be a number, 0 or more (plain digits, "." decimal)' },
      { line: 5, field: 'unit', message: 'unknown unit "gallons"' },
      { line: 6, field: 'scope', message: 'must be 1, 2 or 3' },
      { line: 6, field: 'factor_id', message: 'is required' },
      { line: 7, message: 'expected 7 fields, found 3' },
    ]);
    expect(rows.map((r) => r.line)).toEqual([8]);
  });

  it('checks the header', () => {
    expect(parseActivityCsv('year,month,scope,category,qty,unit,factor_id\n').errors).toEqual([
      { line: 1, field: 'qty', message: 'unknown column "qty"' },
      { line: 1, field: 'quantity', message: 'required column "quantity" is missing' },
    ]);
    expect(parseActivityCsv('').errors).toEqual([{ line: 1, message: 'the file is empty: a header row is required' }]);
    expect(parseActivityCsv('year,month,scope,category,quantity,unit,factor_id\n').errors[0].message).toMatch(/no data rows/);
    expect(parseActivityCsv('year,month\n"2025,1\n').errors[0]).toMatchObject({ line: 2 });
  });
});

describe('importActivityCsv', () => {
  it('resolves factors and reports factor and unit problems by line and column', () => {
    const csv = [
      'year,month,scope,category,quantity,unit,factor_id,site_id',
      '2025,1,1,mobile_combustion,1000,L,desnz-2026:diesel-mineral-per-litre,hub-sh',
      '2025,1,1,mobile_combustion,800,kg,desnz-2026:diesel-mineral-per-litre,hub-sh',
      '2025,2,3,1,100,kg,desnz-2026:cardboard,',
      '2025,2,2,electricity,1000,kWh,cn-grid-east,hub-sh',
    ].join('\n');
    const { lines, errors } = importActivityCsv(csv, builtInResolver, { tenantId: 't1' });
    expect(errors).toEqual([
      { line: 3, field: 'unit', message: "activity in kg does not match the factor's unit kgCO2e/L (needs L)" },
      { line: 4, field: 'factor_id', message: 'no factor desnz-2026:cardboard' },
    ]);
    expect(lines.map((l) => [l.sourceRef, l.source, l.tenantId, l.factorId, grams(l.kgCo2e)])).toEqual([
      ['line 2', 'import', 't1', 'desnz-2026:diesel-mineral-per-litre', 2_661_550],
      // 1 000 kWh x 0.55 (East China grid, 2023 = nearest to 2025)
      ['line 5', 'import', 't1', 'mee-2023:cn-grid-east', 550_000],
    ]);
  });

  it('uses a tenant factor set through the resolver', () => {
    const own: Factor = {
      id: 'acme-2025:diesel-b7',
      setId: 'acme-2025',
      name: 'Diesel B7 from our supplier',
      category: 'fuel',
      unit: 'kgCO2e/L',
      values: { ttw: 2.5 },
      gwp: 'AR5',
      region: 'CN',
      year: 2025,
      source: 'supplier declaration',
      licence: 'internal',
    };
    const csv = 'year,month,scope,category,quantity,unit,factor_id\n2025,1,1,mobile_combustion,100,L,acme-2025:diesel-b7\n';
    const { lines, errors } = importActivityCsv(csv, createResolver([own]), { tenantId: 't1' }, { setVersion: () => 'v3' });
    expect(errors).toEqual([]);
    expect(lines[0]).toMatchObject({ factorVersion: 'v3', kgCo2ePerUnit: 2.5, kgCo2e: 250 });
  });
});
