import { invalid } from '../../core/index.js';
import { euclideanMatrix } from '../matrix.js';
import type { Job, RoutingProblem } from '../model.js';
import { benchmarkVehicles, LineErrors, numbersOf, splitLines, tokensOf, UNBOUNDED_S } from './text.js';

// TSPLIB / CVRPLIB capacitated VRP files (the X set of Uchoa et al. 2017):
//
//   NAME : X-n101-k25
//   DIMENSION : 101
//   EDGE_WEIGHT_TYPE : EUC_2D
//   CAPACITY : 206
//   NODE_COORD_SECTION      node x y, nodes numbered 1..DIMENSION
//   DEMAND_SECTION          node demand
//   DEPOT_SECTION           depot node(s), closed by -1
//   EOF
//
// Id mapping: location index = node - 1, job id = String(node) (node number in the .vrp file).
// Distances are rounded per edge to the nearest integer (TSPLIB nint), durations = distances,
// no time windows; the fleet size is free, so there are as many vehicles as customers.

type Section = 'spec' | 'NODE_COORD_SECTION' | 'DEMAND_SECTION' | 'DEPOT_SECTION' | 'EOF';
const SECTIONS: Section[] = ['NODE_COORD_SECTION', 'DEMAND_SECTION', 'DEPOT_SECTION', 'EOF'];

/** Reads a CVRPLIB instance with EUC_2D distances. */
export function readCvrplib(text: string): RoutingProblem {
  const errors = new LineErrors('CVRPLIB file');
  const spec = new Map<string, { value: string; line: number }>();
  const coords = new Map<number, { x: number; y: number }>();
  const demands = new Map<number, number>();
  const depots: number[] = [];
  let section: Section = 'spec';

  for (const [i, raw] of splitLines(text).entries()) {
    const line = raw.trim();
    const lineNo = i + 1;
    if (line === '') continue;
    const keyword = line.split(/[\s:]/)[0].toUpperCase();
    if ((SECTIONS as string[]).includes(keyword)) {
      section = keyword as Section;
      continue;
    }
    if (/^[A-Z_]+_SECTION$/.test(keyword)) {
      errors.add(lineNo, `${keyword} is not supported (only EUC_2D coordinates)`);
      section = 'EOF';
      continue;
    }
    if (section === 'spec') {
      const m = /^([A-Z_]+)\s*:\s*(.*)$/i.exec(line);
      if (m) spec.set(m[1].toUpperCase(), { value: m[2].trim(), line: lineNo });
      else errors.add(lineNo, `expected "KEY : value", found "${line}"`);
    } else if (section === 'NODE_COORD_SECTION') {
      const v = numbersOf(tokensOf(line), 3, lineNo, errors);
      if (v && coords.has(v[0])) errors.add(lineNo, `duplicate node ${v[0]}`);
      else if (v) coords.set(v[0], { x: v[1], y: v[2] });
    } else if (section === 'DEMAND_SECTION') {
      const v = numbersOf(tokensOf(line), 2, lineNo, errors);
      if (v && v[1] < 0) errors.add(lineNo, `node ${v[0]} has a negative demand`);
      else if (v) demands.set(v[0], v[1]);
    } else if (section === 'DEPOT_SECTION') {
      const v = numbersOf(tokensOf(line), 1, lineNo, errors);
      if (v && v[0] === -1) section = 'EOF';
      else if (v) depots.push(v[0]);
    } else errors.add(lineNo, `unexpected line after the sections: "${line}"`);
  }

  const number = (key: string, required: boolean): number | undefined => {
    const entry = spec.get(key);
    if (!entry) {
      if (required) errors.add(undefined, `${key} is missing`, key);
      return undefined;
    }
    const v = Number(entry.value);
    if (!Number.isFinite(v) || v < 0) errors.add(entry.line, `${key} must be a number >= 0`, key);
    return v;
  };
  const dimension = number('DIMENSION', true);
  const capacity = number('CAPACITY', true);
  const maxDistanceM = number('DISTANCE', false);
  const serviceS = number('SERVICE_TIME', false) ?? 0;
  const edgeType = spec.get('EDGE_WEIGHT_TYPE');
  if (edgeType?.value !== 'EUC_2D') {
    errors.add(
      edgeType?.line,
      `EDGE_WEIGHT_TYPE ${edgeType?.value ?? '(missing)'} is not supported (only EUC_2D)`,
      'EDGE_WEIGHT_TYPE',
    );
  }
  errors.check();

  const n = dimension!;
  if (!Number.isInteger(n) || n < 2) errors.add(spec.get('DIMENSION')?.line, 'DIMENSION must be an integer >= 2', 'DIMENSION');
  errors.check();
  if (coords.size !== n) errors.add(undefined, `NODE_COORD_SECTION has ${coords.size} nodes, DIMENSION says ${n}`);
  for (let node = 1; node <= n; node++) {
    if (!coords.has(node)) errors.add(undefined, `node ${node} has no coordinates`, 'NODE_COORD_SECTION');
    if (!demands.has(node)) errors.add(undefined, `node ${node} has no demand`, 'DEMAND_SECTION');
  }
  if (depots.length !== 1) errors.add(undefined, `expected one depot, found ${depots.length}`, 'DEPOT_SECTION');
  else if (!coords.has(depots[0])) errors.add(undefined, `depot ${depots[0]} is not a node`, 'DEPOT_SECTION');
  errors.check();

  const depot = depots[0] - 1;
  const points = Array.from({ length: n }, (_, k) => coords.get(k + 1)!);
  const jobs: Job[] = [];
  for (let k = 0; k < n; k++) {
    if (k === depot) continue;
    jobs.push({
      id: String(k + 1),
      location: k,
      delivery: [demands.get(k + 1)!],
      pickup: [0],
      serviceS,
      timeWindowsS: [],
      skills: [],
    });
  }
  return {
    locations: points.map((p, k) => ({ x: p.x, y: p.y, ...(k === depot ? { name: 'depot' } : {}) })),
    matrices: { euclid: euclideanMatrix(points, { round: 'nint' }) },
    capacityDimensions: ['demand'],
    jobs,
    vehicles: benchmarkVehicles({
      count: jobs.length,
      type: 'cvrp',
      fuel: 'diesel',
      depot,
      capacity: capacity!,
      shiftS: [0, UNBOUNDED_S],
      ...(maxDistanceM === undefined ? {} : { maxDistanceM }),
    }),
    chargers: [],
    objective: 'distance',
  };
}

/**
 * Routes of a CVRPLIB .sol file ("Route #1: 31 46 35"), as node numbers of the .vrp file, so
 * `String(node)` is the job id of `readCvrplib`. The .sol numbers customers from 1 with the depot
 * as 0, i.e. .sol customer c = node c + 1 when the depot is node 1 (all X instances).
 */
export function readCvrplibSolution(text: string): number[][] {
  const routes: number[][] = [];
  for (const [i, raw] of splitLines(text).entries()) {
    const m = /^Route\s*#\s*\d+\s*:(.*)$/i.exec(raw.trim());
    if (!m) continue;
    const tokens = m[1].trim() === '' ? [] : tokensOf(m[1]);
    const customers = tokens.map(Number);
    const bad = customers.findIndex((c) => !Number.isInteger(c) || c < 1);
    if (bad >= 0)
      throw invalid(`invalid CVRPLIB solution: line ${i + 1}: "${tokens[bad]}" is not a customer number`, [
        { line: i + 1, message: `"${tokens[bad]}" is not a customer number` },
      ]);
    if (customers.length > 0) routes.push(customers.map((c) => c + 1));
  }
  return routes;
}
