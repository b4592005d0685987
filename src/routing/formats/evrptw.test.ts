import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detailsOf } from '../../../test/support/errors.js';
import { readEvrptw } from './evrptw.js';

const EVRPTW = join(process.cwd(), '../shared/benchmarks/vrp/evrptw');
const read = (file: string) => readFileSync(join(EVRPTW, file), 'utf8');

const SMALL = `StringID   Type       x          y          demand     ReadyTime  DueDate    ServiceTime 
D0         d          0.0        0.0        0.0        0.0        100.0      0.0        
S0         f          0.0        0.0        0.0        0.0        100.0      0.0        
S1         f          3.0        4.0        0.0        0.0        100.0      0.0        
C1         c          6.0        8.0        10.0       5.0        50.0       10.0       

Q Vehicle fuel tank capacity /30.0/
C Vehicle load capacity /100.0/
r fuel consumption rate /2.0/
g inverse refueling rate /3.0/
v average Velocity /0.5/
`;

describe('readEvrptw', () => {
  it('should turn stations into chargers and the battery into range and recharge time per metre', () => {
    const p = readEvrptw(SMALL);
    expect(p.chargers).toEqual([
      { id: 'S0', location: 1 },
      { id: 'S1', location: 2 },
    ]);
    expect(p.jobs).toEqual([
      { id: 'C1', location: 3, delivery: [10], pickup: [0], serviceS: 10, timeWindowsS: [[5, 50]], skills: [] },
    ]);
    expect(p.vehicles).toHaveLength(1);
    expect(p.vehicles[0]).toMatchObject({
      fuel: 'electric',
      type: 'evrptw',
      start: 0,
      end: 0,
      capacity: [100],
      shiftS: [0, 100],
      battery: { rangeM: 15, rechargeSPerM: 6 },
    });
    const n = p.locations.length;
    expect(p.matrices.euclid.distanceM[0 * n + 3]).toBe(10);
    expect(p.matrices.euclid.durationS[0 * n + 3]).toBe(20);
    expect(p.locations[2]).toEqual({ x: 3, y: 4, name: 'S1' });
  });

  it('should report bad rows and missing parameters', () => {
    const bad = SMALL.replace('C1         c', 'C1         x').replace('v average Velocity /0.5/\n', '');
    expect(detailsOf(() => readEvrptw(bad))).toEqual([
      { field: 'Type', line: 5, message: 'type must be d, f or c, found "x"' },
      { field: 'v', message: 'missing parameter v (speed)' },
    ]);
    expect(detailsOf(() => readEvrptw(SMALL.replace('5.0        50.0', '60.0       50.0')))).toEqual([
      { field: 'ReadyTime', line: 5, message: 'ready time 60 is after due date 50' },
    ]);
    expect(detailsOf(() => readEvrptw(SMALL.replace('C1         c          6.0', 'C1         c          six')))).toEqual([
      { line: 5, message: '"six" is not a number' },
    ]);
  });
});

describe.skipIf(!existsSync(EVRPTW))('E-VRPTW benchmark files', () => {
  it('should read c101_21: 100 customers, 21 chargers, range 79.69', () => {
    const p = readEvrptw(read('c101_21.txt'));
    expect(p.jobs).toHaveLength(100);
    expect(p.chargers).toHaveLength(21);
    expect(p.vehicles).toHaveLength(100);
    expect(p.vehicles[0].battery).toEqual({ rangeM: 79.69, rechargeSPerM: 3.39 });
    expect(p.vehicles[0].capacity).toEqual([200]);
    expect(p.vehicles[0].shiftS).toEqual([0, 1236]);
    // S0 is the depot's twin: a charger at the depot's coordinates.
    const s0 = p.chargers.find((c) => c.id === 'S0')!;
    expect(p.locations[s0.location]).toMatchObject({ x: 40, y: 50 });
    expect(p.locations[p.vehicles[0].start!]).toMatchObject({ x: 40, y: 50, name: 'D0' });
  });

  it('should read c101C5: 5 customers, 3 chargers, range 77.75', () => {
    const p = readEvrptw(read('c101C5.txt'));
    expect(p.jobs.map((j) => j.id)).toEqual(['C30', 'C12', 'C100', 'C85', 'C64']);
    expect(p.chargers.map((c) => c.id)).toEqual(['S0', 'S5', 'S15']);
    expect(p.vehicles[0].battery?.rangeM).toBe(77.75);
  });

  it('should read every instance', () => {
    const files = readdirSync(EVRPTW).filter((f) => f.endsWith('.txt') && f !== 'FORMAT.txt');
    expect(files.length).toBeGreaterThan(90);
    for (const f of files) expect(readEvrptw(read(f)).jobs.length, f).toBeGreaterThan(0);
  });
});
