import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detailsOf } from '../../../test/support/errors.js';
import { AppError } from '../../core/index.js';
import type { RoutingProblem } from '../model.js';
import { readCvrplib, readCvrplibSolution } from './cvrplib.js';

const CVRPLIB = join(process.cwd(), '../shared/benchmarks/vrp/cvrplib');
const read = (file: string) => readFileSync(join(CVRPLIB, file), 'utf8');

const SMALL = `NAME : tiny
TYPE : CVRP
DIMENSION : 4
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 10
NODE_COORD_SECTION
1 0 0
2 3 4
3 1 1
4 0 2.5
DEMAND_SECTION
1 0
2 4
3 5
4 6
DEPOT_SECTION
 1
 -1
EOF
`;

/** Distance of routes given as node numbers, depot to depot, with the problem's own matrix. */
function costOf(p: RoutingProblem, routes: number[][]): number {
  const n = p.locations.length;
  const d = p.matrices.euclid.distanceM;
  const depot = p.vehicles[0].start!;
  const byId = new Map(p.jobs.map((j) => [j.id, j]));
  let sum = 0;
  for (const route of routes) {
    let at = depot;
    let load = 0;
    for (const node of route) {
      const job = byId.get(String(node))!;
      sum += d[at * n + job.location];
      load += job.delivery[0];
      at = job.location;
    }
    sum += d[at * n + depot];
    expect(load).toBeLessThanOrEqual(p.vehicles[0].capacity[0]);
  }
  return sum;
}

describe('readCvrplib', () => {
  it('should read nodes, demands and the depot; job id = node number, location = node - 1', () => {
    const p = readCvrplib(SMALL);
    expect(p.jobs.map((j) => [j.id, j.location, j.delivery[0]])).toEqual([
      ['2', 1, 4],
      ['3', 2, 5],
      ['4', 3, 6],
    ]);
    expect(p.jobs[0]).toMatchObject({ pickup: [0], serviceS: 0, timeWindowsS: [] });
    expect(p.vehicles).toHaveLength(3);
    expect(p.vehicles[0]).toMatchObject({ type: 'cvrp', start: 0, end: 0, capacity: [10], shiftS: [0, 1e12] });
    const m = p.matrices.euclid;
    expect([m.distanceM[1], m.distanceM[2], m.distanceM[3]]).toEqual([5, 1, 3]);
    expect(m.durationS[3]).toBe(3);
  });

  it('should refuse other edge weight types, missing keys and bad lines', () => {
    const explicit = SMALL.replace('EUC_2D', 'EXPLICIT').replace('CAPACITY : 10\n', '');
    expect(detailsOf(() => readCvrplib(explicit))).toEqual([
      { field: 'CAPACITY', message: 'CAPACITY is missing' },
      { field: 'EDGE_WEIGHT_TYPE', line: 4, message: 'EDGE_WEIGHT_TYPE EXPLICIT is not supported (only EUC_2D)' },
    ]);
    expect(detailsOf(() => readCvrplib(SMALL.replace('3 1 1', '3 1')))).toEqual([
      { line: 9, message: 'expected 3 values, found 2' },
    ]);
    expect(detailsOf(() => readCvrplib(SMALL.replace('3 5', '3 -5')))).toEqual([
      { line: 14, message: 'node 3 has a negative demand' },
    ]);
    expect(detailsOf(() => readCvrplib(SMALL.replace('4 6\n', '')))).toContainEqual({
      field: 'DEMAND_SECTION',
      message: 'node 4 has no demand',
    });
  });

  it('should read a solution as node numbers (.sol customer c = node c + 1)', () => {
    expect(readCvrplibSolution('Route #1: 1 2\nRoute #2: 3\nCost 13\n')).toEqual([[2, 3], [4]]);
    expect(costOf(readCvrplib(SMALL), readCvrplibSolution('Route #1: 1 2\nRoute #2: 3\n'))).toBe(5 + 4 + 1 + 3 + 3);
    expect(() => readCvrplibSolution('Route #1: 1 x\n')).toThrow(AppError);
  });
});

describe.skipIf(!existsSync(CVRPLIB))('CVRPLIB X instances', () => {
  const bks = (sol: string) => Number(/Cost\s+(\d+)/.exec(sol)![1]);

  it('should recompute the X-n101-k25 best-known cost 27591 from its .sol', () => {
    const p = readCvrplib(read('X-n101-k25.vrp'));
    expect(p.jobs).toHaveLength(100);
    expect(p.vehicles[0].capacity).toEqual([206]);
    const sol = read('X-n101-k25.sol');
    const routes = readCvrplibSolution(sol);
    expect(routes).toHaveLength(26);
    expect(routes.flat().sort((a, b) => a - b)).toEqual(p.jobs.map((j) => Number(j.id)));
    expect(bks(sol)).toBe(27591);
    expect(costOf(p, routes)).toBe(27591);
  });

  it('should recompute the X-n1001-k43 best-known cost 72355', () => {
    const p = readCvrplib(read('X-n1001-k43.vrp'));
    expect(costOf(p, readCvrplibSolution(read('X-n1001-k43.sol')))).toBe(72355);
  });
});
