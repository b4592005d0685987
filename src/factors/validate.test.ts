import { describe, expect, it } from 'vitest';
import { AppError, type ErrorDetail } from '../core/index.js';
import { parseCsv } from './csv.js';
import { parseFactorCsv, parseFactorSetDocument } from './validate.js';

const META = {
  id: 'acme-2025',
  name: 'Acme primary data 2025',
  version: '2025.1',
  publisher: 'Acme Logistics',
  licence: 'Proprietary',
};

const HEADER =
  'id,name,category,unit,ttw,wtt,wtw,gwp,region,year,source,licence,mode,distance_basis,daf_included,temperature_controlled,notes';

/** The details of the AppError `fn` throws. */
function detailsOf(fn: () => unknown): ErrorDetail[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation');
    return (err as AppError).details;
  }
  throw new Error('expected a validation error');
}

describe('CSV parser', () => {
  it('handles quotes, escaped quotes, CRLF, a BOM and multi-line fields, keeping line numbers', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\nlast,1';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 4, fields: ['multi\nline', 'z'] },
      { line: 6, fields: ['last', '1'] },
    ]);
  });

  it('reports an unterminated quote with the line it starts on', () => {
    expect(detailsOf(() => parseCsv('a,b\n"open,1\n2'))).toEqual([{ line: 2, message: 'a quoted field is not closed' }]);
  });
});

describe('loading a factor set from CSV', () => {
  it('builds factors with ids, typed values and the set licence as fallback', () => {
    const csv = [
      HEADER,
      'acme-2025:truck-40t,Own 40 t trucks,freight,kgCO2e/t.km,0.07,0.015,0.085,AR6,CN,2025,Acme telematics 2025,,road,actual,false,no,"measured, fuel cards"',
      'acme-2025:hub-sh,Shanghai hub,hub,kgCO2e/t,,,1.2,AR6,CN-East,2025,Acme energy bills,Proprietary,,,,,',
    ].join('\n');
    const set = parseFactorCsv(csv, META);
    expect(set).toMatchObject({ id: 'acme-2025', builtIn: false });
    expect(set.factors).toEqual([
      {
        id: 'acme-2025:truck-40t',
        setId: 'acme-2025',
        name: 'Own 40 t trucks',
        category: 'freight',
        unit: 'kgCO2e/t.km',
        values: { ttw: 0.07, wtt: 0.015, wtw: 0.085 },
        gwp: 'AR6',
        region: 'CN',
        year: 2025,
        source: 'Acme telematics 2025',
        licence: 'Proprietary',
        mode: 'road',
        distanceBasis: 'actual',
        dafIncluded: false,
        temperatureControlled: false,
        notes: 'measured, fuel cards',
      },
      {
        id: 'acme-2025:hub-sh',
        setId: 'acme-2025',
        name: 'Shanghai hub',
        category: 'hub',
        unit: 'kgCO2e/t',
        values: { wtw: 1.2 },
        gwp: 'AR6',
        region: 'CN-East',
        year: 2025,
        source: 'Acme energy bills',
        licence: 'Proprietary',
      },
    ]);
  });

  it('accepts a slug column instead of ids', () => {
    const set = parseFactorCsv(
      'slug,name,category,unit,wtw,gwp,region,year\ngrid-own-pv,Own PV,electricity,kgCO2e/kWh,0,AR6,CN,2025',
      META,
    );
    expect(set.factors[0]).toMatchObject({ id: 'acme-2025:grid-own-pv', source: META.name, licence: META.licence });
  });

  it('reports every bad row with its line number, column and reason', () => {
    const csv = [
      HEADER,
      'acme-2025:ok,Fine,freight,kgCO2e/t.km,0.07,0.015,0.085,AR6,CN,2025,src,,road,actual,true,,',
      'acme-2025:comma,Decimal comma,freight,kgCO2e/t.km,"0,07",0.015,0.085,AR6,CN,2025,src,,road,actual,true,,',
      'other:x,Wrong set,freight,kgCO2e/t.km,0.07,0.015,0.085,AR6,CN,2025,src,,road,actual,true,,',
      'acme-2025:sum,Bad sum,freight,kgCO2e/t.km,0.07,0.015,0.2,AR6,CN,2025,src,,road,actual,true,,',
      'acme-2025:nomode,No mode,freight,kgCO2e/t.km,0.07,0.015,0.085,AR6,CN,2025,src,,,actual,maybe,,',
      'acme-2025:unit,Bad unit,electricity,kgCO2e/t.km,,,0.5,AR6,CN,2025,src,,,,,,',
      'acme-2025:neg,Negative,freight,kgCO2e/t.km,-0.07,0.015,0.085,AR6,CN,2025,src,,road,actual,true,,',
      '',
      'acme-2025:short,Too few fields',
      'acme-2025:ok,Duplicate,freight,kgCO2e/t.km,0.07,0.015,0.085,AR5,CN,2025,src,,road,actual,true,,',
      'acme-2025:year,Bad year,material,kgCO2e/kg,,,1.1,AR7,GB,20.5,src,,,,,,',
    ].join('\n');
    const details = detailsOf(() => parseFactorCsv(csv, META));
    const at = (line: number) => details.filter((d) => d.line === line).map((d) => `${d.field}: ${d.message}`);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual(['ttw: "0,07" is not a number (use a decimal point, not a comma)']);
    expect(at(4)).toEqual(['id: must start with "acme-2025:" (the set id)']);
    expect(at(5)).toEqual(['wtw: WTW 0.2 must equal TTW + WTT (0.07 + 0.015 = 0.085)']);
    expect(at(6)).toEqual(['daf_included: "maybe" is not true or false']);
    expect(at(7)).toEqual(['unit: for electricity factors the unit must be one of kgCO2e/kWh, kgCO2/kWh']);
    expect(at(8)).toEqual(['ttw: must be >= 0']);
    expect(at(10)[0]).toMatch(/has 2 fields, the header has 17/);
    expect(at(11)).toEqual(['id: acme-2025:ok repeats line 2']);
    expect(at(12)).toEqual([
      'gwp: must be one of SAR, AR4, AR5, AR6, CO2 only, unspecified',
      'year: "20.5" is not a whole number',
    ]);
    expect(new Set(details.map((d) => d.line))).toEqual(new Set([3, 4, 5, 6, 7, 8, 10, 11, 12]));
  });

  it('checks the rules the columns cannot express, naming the column', () => {
    const csv = [
      HEADER,
      'acme-2025:nomode,No mode,freight,kgCO2e/t.km,0.07,0.015,0.085,AR6,CN,2025,src,,,,,,',
      'acme-2025:gridmode,Grid with mode,electricity,kgCO2/kWh,,,0.5,AR6,CN,2025,src,,road,,,,',
      'acme-2025:ttw-over,TTW over WTW,freight,kgCO2e/t.km,0.2,,0.1,AR6,CN,2025,src,,road,SFD,true,,',
    ].join('\n');
    const details = detailsOf(() => parseFactorCsv(csv, META));
    expect(details).toEqual([
      { line: 2, field: 'mode', message: 'is required for a freight factor' },
      { line: 2, field: 'distance_basis', message: 'is required for a freight factor (SFD, GCD or actual)' },
      { line: 2, field: 'daf_included', message: 'is required for a freight factor (true or false)' },
      { line: 3, field: 'mode', message: 'applies to freight and hub factors only' },
      { line: 4, field: 'ttw', message: 'TTW cannot exceed WTW' },
    ]);
  });

  it('refuses unknown or missing columns on line 1', () => {
    const details = detailsOf(() => parseFactorCsv('id,name,colour,unit,wtw\nacme-2025:x,X,red,kgCO2e/kg,1', META));
    expect(details).toContainEqual(expect.objectContaining({ line: 1, field: 'colour' }));
    expect(details).toContainEqual({ line: 1, field: 'category', message: 'required column is missing' });
    expect(details).toContainEqual({ line: 1, field: 'gwp', message: 'required column is missing' });
  });

  it('refuses an empty file, a header without rows and bad set metadata', () => {
    expect(detailsOf(() => parseFactorCsv('', META))[0]).toMatchObject({ line: 1 });
    expect(detailsOf(() => parseFactorCsv(`${HEADER}\n`, META))[0]).toMatchObject({
      line: 2,
      message: 'no factor rows after the header',
    });
    expect(detailsOf(() => parseFactorCsv(HEADER, { ...META, id: 'Bad Id:1' }))[0]).toMatchObject({ field: 'set/id' });
  });
});

describe('loading a factor set from JSON', () => {
  const factor = {
    slug: 'ev-van',
    name: 'Own electric vans',
    category: 'freight',
    unit: 'kgCO2e/t.km',
    values: { ttw: 0, wtt: 0.21, wtw: 0.21 },
    gwp: 'AR6',
    region: 'CN',
    year: 2025,
    mode: 'road',
    distanceBasis: 'actual',
    dafIncluded: true,
  };

  it('accepts a FactorSet-shaped document', () => {
    const set = parseFactorSetDocument({ ...META, sourceUrl: 'https://acme.example/factors', factors: [factor] });
    expect(set.factors[0]).toMatchObject({
      id: 'acme-2025:ev-van',
      setId: 'acme-2025',
      source: META.name,
      licence: 'Proprietary',
    });
    expect(set.builtIn).toBe(false);
  });

  it('reports every bad factor by pointer, and unknown properties', () => {
    const details = detailsOf(() =>
      parseFactorSetDocument({
        ...META,
        builtIn: true,
        colour: 'green',
        factors: [
          factor,
          { ...factor, slug: 'a', values: { ttw: 'x' } },
          { ...factor, slug: 'b', category: 'rocket' },
          { ...factor, slug: 'c', unit: 'kgCO2e/kWh' },
          { ...factor, slug: 'ev-van' },
          { ...factor, id: 'acme-2025:d', slug: 'e' },
        ],
      }),
    );
    const fields = details.map((d) => d.field);
    expect(fields).toContain('/builtIn');
    expect(fields).toContain('/colour');
    expect(fields).toContain('/factors/1/values/ttw');
    expect(details).toContainEqual({
      field: '/factors/2/category',
      message: 'must be one of freight, fuel, electricity, material, hub',
    });
    expect(fields).toContain('/factors/3/unit');
    expect(details).toContainEqual({ field: '/factors/4/id', message: 'acme-2025:ev-van repeats /factors/0' });
    expect(details).toContainEqual({ field: '/factors/5/slug', message: 'does not match the id (d)' });
    expect(fields.some((f) => f?.startsWith('/factors/0'))).toBe(false);
  });

  it('refuses a document that is not a set', () => {
    expect(detailsOf(() => parseFactorSetDocument([1, 2]))[0]).toMatchObject({ message: 'must be object' });
    expect(detailsOf(() => parseFactorSetDocument({ ...META, factors: [] }))[0]).toMatchObject({ field: '/factors' });
  });
});
