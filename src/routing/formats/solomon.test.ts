import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detailsOf } from '../../../test/support/errors.js';
import { readSolomon } from './solomon.js';

const VRP = join(process.cwd(), '../shared/benchmarks/vrp');
const read = (file: string) => readFileSync(join(VRP, file), 'utf8');

const SMALL = `TINY

VEHICLE
NUMBER     CAPACITY
  2         50

CUSTOMER
CUST NO.   XCOORD.   YCOORD.    DEMAND   READY TIME   DUE DATE   SERVICE TIME

    0          0       0           0       0         100           0
    1          3       4          10      10          20           5
    2          6       8          20       0          90           5
`;

describe('readSolomon', () => {
  it('should read depot, customers and fleet of a small file', () => {
    const p = readSolomon(SMALL);
    expect(p.jobs.map((j) => j.id)).toEqual(['1', '2']);
    expect(p.jobs[0]).toEqual({
      id: '1',
      location: 1,
      delivery: [10],
      pickup: [0],
      serviceS: 5,
      timeWindowsS: [[10, 20]],
      skills: [],
    });
    expect(p.vehicles).toHaveLength(2);
    expect(p.vehicles[0]).toMatchObject({
      type: 'solomon',
      fuel: 'diesel',
      profile: 'euclid',
      start: 0,
      end: 0,
      capacity: [50],
      shiftS: [0, 100],
      costs: { fixed: 0, perKm: 1000, perHour: 0 },
      emissions: { co2eKgPerKmEmpty: 0, co2eKgPerKmFull: 0 },
    });
    expect(p.capacityDimensions).toEqual(['demand']);
    expect(p.objective).toBe('distance');
    expect(p.chargers).toEqual([]);
    expect(p.matrices.euclid.distanceM[1]).toBe(5);
    expect(p.matrices.euclid.durationS[1 * 3 + 2]).toBe(5);
  });

  it('should report malformed lines with their line numbers', () => {
    const bad = SMALL.replace('    1          3       4          10', '    1          3       x          10').replace(
      '    2          6       8          20       0          90           5',
      '    2          6       8          20       0          90',
    );
    const details = detailsOf(() => readSolomon(bad));
    expect(details).toEqual([
      { line: 11, message: '"x" is not a number' },
      { line: 12, message: 'expected 7 values, found 6' },
    ]);
  });

  it('should name the column of a bad value', () => {
    const bad = SMALL.replace('10      10          20', '-1      30          20');
    expect(detailsOf(() => readSolomon(bad, 'tiny.txt'))).toEqual([
      { field: 'DEMAND', line: 11, message: 'demand must be >= 0' },
      { field: 'READY TIME', line: 11, message: 'ready time 30 is after due date 20' },
    ]);
    expect(() => readSolomon(bad, 'tiny.txt')).toThrow(/tiny\.txt: line 11 demand/);
  });

  it('should refuse a file without a vehicle section or customers', () => {
    expect(detailsOf(() => readSolomon('TINY\nCUSTOMER\n')).map((d) => d.message)).toEqual([
      'missing VEHICLE section (NUMBER CAPACITY)',
      'missing CUSTOMER section (depot and customers)',
    ]);
    expect(detailsOf(() => readSolomon(SMALL.replace('  2         50', '  0         50')))[0]).toMatchObject({
      field: 'NUMBER',
      line: 5,
    });
  });
});

describe.skipIf(!existsSync(join(VRP, 'solomon')))('Solomon and Gehring & Homberger benchmark files', () => {
  it('should read R101: 100 customers, 25 vehicles of capacity 200, Euclidean distances', () => {
    const p = readSolomon(read('solomon/R101.txt'));
    expect(p.jobs).toHaveLength(100);
    expect(p.vehicles).toHaveLength(25);
    expect(p.vehicles[0].capacity).toEqual([200]);
    expect(p.vehicles[0].shiftS).toEqual([0, 230]);
    expect(p.locations[0]).toEqual({ x: 35, y: 35, name: 'depot' });
    const n = p.locations.length;
    expect(n).toBe(101);
    expect(p.matrices.euclid.distanceM[0 * n + 1]).toBe(Math.sqrt(6 ** 2 + 14 ** 2));
    expect(p.jobs[0]).toMatchObject({ id: '1', delivery: [10], serviceS: 10, timeWindowsS: [[161, 171]] });
  });

  it('should read c1_2_1: 200 customers, 50 vehicles', () => {
    const p = readSolomon(read('homberger/c1_2_1.txt'));
    expect(p.jobs).toHaveLength(200);
    expect(p.vehicles).toHaveLength(50);
    expect(p.vehicles[0].shiftS).toEqual([0, 1351]);
  });

  it('should read every Solomon and Homberger file', () => {
    for (const dir of ['solomon', 'homberger']) {
      const files = readdirSync(join(VRP, dir)).filter((f) => f.endsWith('.txt'));
      expect(files.length).toBeGreaterThan(50);
      for (const f of files) {
        const p = readSolomon(read(`${dir}/${f}`), f);
        expect(p.jobs.length, f).toBe(dir === 'solomon' ? 100 : 200);
      }
    }
  });
});
