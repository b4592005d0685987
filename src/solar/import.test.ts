import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { parseCsv } from '../factors/index.js';
import {
  intervalStarts,
  offsetText,
  parseReadingsCsv,
  parseReadingsJson,
  parseTimeMs,
  readCsv,
  type SeriesSettings,
} from './import.js';

const problem = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
};

const HOURLY_CN: SeriesSettings = { stepMin: 60, label: 'left', utcOffsetMin: 480 };

describe('readings CSV', () => {
  it('reads the kind from the header and keeps the lines', () => {
    const meter = parseReadingsCsv('time,system_id,ac_kwh\n2026-06-01T10:00:00+08:00,S1,3.5\n\n2026-06-01T11:00:00+08:00,S1,0\n');
    expect(meter.kind).toBe('meter');
    expect(meter.fields).toEqual(['ac_kwh']);
    expect(meter.rows.map((r) => [r.line, r.systemId, r.values.ac_kwh])).toEqual([
      [2, 'S1', 3.5],
      [4, 'S1', 0],
    ]);
    expect(meter.rows[0]?.timeMs).toBe(Date.parse('2026-06-01T02:00:00Z'));

    const sensor = parseReadingsCsv(
      'time,park_id,poa_wm2,air_temp_c\n2026-06-01T10:00:00+08:00,P1,812.5,\n2026-06-01T11:00:00Z,,-2,18\n',
    );
    expect(sensor.kind).toBe('sensor');
    expect(sensor.fields).toEqual(['poa_wm2', 'air_temp_c']);
    expect(sensor.rows[0]).toMatchObject({ parkId: 'P1', values: { poa_wm2: 812.5, air_temp_c: null } });
    expect(sensor.rows[1]?.parkId).toBeUndefined();

    const site = parseReadingsCsv('time,consumption_kwh,import_kwh,export_kwh\n2026-06-01T10:00:00+08:00,50,20,0\n');
    expect(site.kind).toBe('site');
  });

  it('refuses a header it does not know, on line 1', () => {
    const unknown = problem(() => parseReadingsCsv('time,system_id,ac_kwh,kw\n'));
    expect(unknown.details[0]).toMatchObject({ line: 1, field: 'kw' });
    const missing = problem(() => parseReadingsCsv('time,ac_kwh\n2026-06-01T10:00:00+08:00,1\n'));
    expect(missing.details[0]).toMatchObject({ line: 1, field: 'system_id', message: expect.stringMatching(/missing column/) });
    const none = problem(() => parseReadingsCsv('time,value\n'));
    expect(none.message).toMatch(/line 1: no value column/);
    const wrongKind = problem(() => parseReadingsCsv('time,park_id,poa_wm2\n', { kind: 'site' }));
    expect(wrongKind.details[0]).toMatchObject({ line: 1, field: 'poa_wm2' });
    expect(problem(() => parseReadingsCsv('')).message).toMatch(/empty/);
  });

  it('reports every bad cell with its line and column', () => {
    const err = problem(() =>
      parseReadingsCsv(
        [
          'time,system_id,ac_kwh',
          '2026-06-01 10:00,S1,1',
          '2026-06-01T11:00:00+08:00,,1',
          '2026-06-01T12:00:00+08:00,S1,-0.1',
          '2026-06-01T13:00:00+08:00,S1,1,5',
          '2026-06-01T14:00:00+08:00,S1,',
          '2026-06-01T15:00:00+08:00,S1,0x10',
        ].join('\n'),
      ),
    );
    expect(err.message).toMatch(/^line 2: time "2026-06-01 10:00" is not an ISO 8601 date-time with an offset/);
    expect(err.message).toMatch(/nothing was imported/);
    expect(err.details.map((d) => [d.line, d.field])).toEqual([
      [2, 'time'],
      [3, 'system_id'],
      [4, 'ac_kwh'],
      [6, 'ac_kwh'],
      [7, 'ac_kwh'],
    ]);
    expect(err.details[2]?.message).toMatch(/negative energy/);
    const ranges = problem(() =>
      parseReadingsCsv('time,park_id,poa_wm2,wind_ms,air_temp_c\n2026-06-01T10:00:00+08:00,P,2500,-1,80\n'),
    );
    expect(ranges.details.map((d) => d.field)).toEqual(['poa_wm2', 'air_temp_c', 'wind_ms']);
    const empty = problem(() => parseReadingsCsv('time,park_id,poa_wm2,ghi_wm2\n2026-06-01T10:00:00+08:00,P,,\n'));
    expect(empty.details[0]).toMatchObject({ line: 2, message: 'no value in this row' });
    const negativeExport = problem(() => parseReadingsCsv('time,consumption_kwh,export_kwh\n2026-06-01T10:00:00+08:00,3,-1\n'));
    expect(negativeExport.details[0]).toMatchObject({ line: 2, field: 'export_kwh' });
  });

  it('splits unquoted files directly and falls back to RFC 4180 for quoted ones, with the same lines', () => {
    const plain = '\ufefftime,system_id,ac_kwh\r\n2026-06-01T10:00:00+08:00,S1,1\r\n\r\n2026-06-01T11:00:00+08:00,S1,2\n';
    expect(readCsv(plain)).toEqual(parseCsv(plain));
    const quoted = 'time,system_id,ac_kwh\n2026-06-01T10:00:00+08:00,"S,1",1\n';
    expect(readCsv(quoted)[1]?.fields).toEqual(['2026-06-01T10:00:00+08:00', 'S,1', '1']);
  });
});

describe('readings JSON', () => {
  it('points at the row and field of each problem', () => {
    const err = problem(() =>
      parseReadingsJson('meter', [
        { time: '2026-06-01T10:00:00+08:00', systemId: 'S1', acKwh: 1 },
        { time: '2026-06-01T11:00:00+08:00', systemId: 'S1', acKwh: -1 },
        { time: '2026-06-01T12:00:00+08:00', systemId: 'S1', acKwh: '2', kw: 1 },
        'x',
      ]),
    );
    expect(err.details.map((d) => d.field)).toEqual(['/rows/2/kw', '/rows/3', '/rows/1/acKwh', '/rows/2/acKwh']);
    expect(problem(() => parseReadingsJson('wind', [])).details[0]?.field).toBe('/kind');
    expect(problem(() => parseReadingsJson('site', [])).details[0]).toMatchObject({ message: 'no readings' });
  });

  it('takes the value fields that any row gives; an absent one is no value', () => {
    const parsed = parseReadingsJson('sensor', [
      { time: '2026-06-01T10:00:00+08:00', poaWm2: 800 },
      { time: '2026-06-01T11:00:00+08:00', airTempC: 21, poaWm2: null },
    ]);
    expect(parsed.fields).toEqual(['poa_wm2', 'air_temp_c']);
    expect(parsed.rows[0]?.values).toEqual({ poa_wm2: 800, air_temp_c: null });
    expect(parsed.rows[1]?.values).toEqual({ poa_wm2: null, air_temp_c: 21 });
  });
});

describe('interval starts', () => {
  const csv = (lines: string[]) => parseReadingsCsv(`time,system_id,ac_kwh\n${lines.join('\n')}\n`);

  it('turns left, right and centre labels into the interval start', () => {
    const parsed = csv(['2026-06-01T10:00:00+08:00,S1,1', '2026-06-01T11:30:00+08:00,S2,1', '2026-06-01T12:00:00+08:00,S3,1']);
    const labels: Record<string, SeriesSettings> = {
      S1: HOURLY_CN,
      S2: { ...HOURLY_CN, label: 'center' },
      S3: { ...HOURLY_CN, label: 'right' },
    };
    const { startsMs, errors } = intervalStarts(
      parsed,
      (r) => r.systemId as string,
      (r) => labels[r.systemId as string] as SeriesSettings,
    );
    expect(errors).toEqual([]);
    expect(Array.from(startsMs, (ms) => new Date(ms).toISOString())).toEqual([
      '2026-06-01T02:00:00.000Z',
      '2026-06-01T03:00:00.000Z',
      '2026-06-01T03:00:00.000Z',
    ]);
  });

  it('checks the grid in local time (half-hour offsets too)', () => {
    const parsed = csv(['2026-06-01T10:00:00+05:30,S1,1', '2026-06-01T10:30:00+05:30,S2,1', '2026-06-01T10:15:00+05:30,S3,1']);
    const { errors } = intervalStarts(
      parsed,
      (r) => r.systemId as string,
      (r) => ({ stepMin: r.systemId === 'S3' ? 15 : 60, label: 'left', utcOffsetMin: 330 }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 3, field: 'time' });
    expect(errors[0]?.message).toMatch(/not on the 60-minute grid for left-labelled intervals \(UTC\+05:30\)/);
    expect(offsetText(-210)).toBe('-03:30');
  });

  it('names the line a time repeats or comes before, per series', () => {
    const parsed = csv([
      '2026-06-01T10:00:00+08:00,S1,1',
      '2026-06-01T10:00:00+08:00,S2,1',
      '2026-06-01T11:00:00+08:00,S1,1',
      '2026-06-01T12:00:00+08:00,S1,1',
      '2026-06-01T11:00:00+08:00,S1,1',
      '2026-06-01T10:30:00+08:00,S2,1',
      '2026-06-01T09:00:00+08:00,S2,1',
      '2026-06-01T03:00:00+01:00,S1,1',
    ]);
    const { errors } = intervalStarts(
      parsed,
      (r) => r.systemId as string,
      () => HOURLY_CN,
    );
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [6, 'duplicate: 2026-06-01T11:00:00+08:00 repeats line 4 for S1'],
      [7, expect.stringMatching(/not on the 60-minute grid/)],
      [8, 'out of order: 2026-06-01T09:00:00+08:00 comes before 2026-06-01T10:00:00+08:00 (line 3) for S2'],
      // The same instant written with another offset is the same interval.
      [9, 'duplicate: 2026-06-01T03:00:00+01:00 repeats line 2 for S1'],
    ]);
  });

  it('parses ISO 8601 only with an offset', () => {
    expect(parseTimeMs('2026-06-01T10:00+08:00')).toBe(Date.parse('2026-06-01T02:00:00Z'));
    expect(parseTimeMs('2026-06-01T10:00:00.5Z')).toBe(Date.parse('2026-06-01T10:00:00.500Z'));
    expect(parseTimeMs('2026-06-01T10:00:00')).toBeNaN();
    expect(parseTimeMs('2026-06-01')).toBeNaN();
  });
});
