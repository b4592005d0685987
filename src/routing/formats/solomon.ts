import { euclideanMatrix } from '../matrix.js';
import type { Job, RoutingProblem } from '../model.js';
import { benchmarkVehicles, LineErrors, numbersOf, splitLines, tokensOf } from './text.js';

// Solomon (1987) and Gehring & Homberger (1999) VRPTW text files:
//
//   R101
//   VEHICLE
//   NUMBER     CAPACITY
//     25         200
//   CUSTOMER
//   CUST NO.   XCOORD.   YCOORD.    DEMAND   READY TIME   DUE DATE   SERVICE TIME
//       0          35      35           0       0         230           0
//       1          41      49          10     161         171          10
//
// Customer 0 is the depot. Distances are double-precision Euclidean (not rounded) and travel
// time equals distance, the convention of the published best-known solutions.

const COLUMNS = ['CUST NO.', 'XCOORD.', 'YCOORD.', 'DEMAND', 'READY TIME', 'DUE DATE', 'SERVICE TIME'];

interface Customer {
  no: number;
  x: number;
  y: number;
  demand: number;
  ready: number;
  due: number;
  serviceS: number;
}

/** Reads a Solomon / Gehring & Homberger instance; `name` labels error messages (default: the file's first line). */
export function readSolomon(text: string, name?: string): RoutingProblem {
  const lines = splitLines(text);
  const title = lines.find((l) => l.trim() !== '')?.trim();
  const errors = new LineErrors(`Solomon file ${name ?? title ?? ''}`.trim());
  let section: 'title' | 'vehicle' | 'customer' = 'title';
  let fleet: { count: number; capacity: number } | undefined;
  const customers: Customer[] = [];
  const seen = new Set<number>();

  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    const lineNo = i + 1;
    if (line === '') continue;
    if (/^VEHICLE$/i.test(line)) section = 'vehicle';
    else if (/^CUSTOMER$/i.test(line)) section = 'customer';
    else if (section === 'title') {
      if (line !== title) errors.add(lineNo, `unexpected line before VEHICLE: "${line}"`);
    } else if (section === 'vehicle' && /^NUMBER/i.test(line)) {
      // column header
    } else if (section === 'customer' && /^CUST/i.test(line)) {
      // column header
    } else if (section === 'vehicle') {
      const v = numbersOf(tokensOf(line), 2, lineNo, errors);
      if (!v) continue;
      if (fleet) errors.add(lineNo, 'second vehicle line');
      if (!Number.isInteger(v[0]) || v[0] < 1) errors.add(lineNo, 'vehicle number must be an integer >= 1', 'NUMBER');
      if (v[1] < 0) errors.add(lineNo, 'capacity must be >= 0', 'CAPACITY');
      fleet = { count: v[0], capacity: v[1] };
    } else {
      const c = readCustomer(line, lineNo, errors);
      if (!c) continue;
      if (seen.has(c.no)) errors.add(lineNo, `duplicate customer ${c.no}`, COLUMNS[0]);
      seen.add(c.no);
      customers.push(c);
    }
  }
  if (!fleet) errors.add(undefined, 'missing VEHICLE section (NUMBER CAPACITY)');
  if (customers.length === 0) errors.add(undefined, 'missing CUSTOMER section (depot and customers)');
  errors.check();

  const [depot, ...rest] = customers;
  const jobs: Job[] = rest.map((c, k) => ({
    id: String(c.no),
    location: k + 1,
    delivery: [c.demand],
    pickup: [0],
    serviceS: c.serviceS,
    timeWindowsS: [[c.ready, c.due]],
    skills: [],
  }));
  return {
    locations: customers.map((c, k) => ({ x: c.x, y: c.y, ...(k === 0 ? { name: 'depot' } : {}) })),
    matrices: { euclid: euclideanMatrix(customers) },
    capacityDimensions: ['demand'],
    jobs,
    vehicles: benchmarkVehicles({
      count: fleet!.count,
      type: 'solomon',
      fuel: 'diesel',
      depot: 0,
      capacity: fleet!.capacity,
      shiftS: [depot.ready, depot.due],
    }),
    chargers: [],
    objective: 'distance',
  };
}

function readCustomer(line: string, lineNo: number, errors: LineErrors): Customer | undefined {
  const v = numbersOf(tokensOf(line), COLUMNS.length, lineNo, errors);
  if (!v) return undefined;
  const [no, x, y, demand, ready, due, serviceS] = v;
  const before = errors.details.length;
  if (!Number.isInteger(no) || no < 0) errors.add(lineNo, 'customer number must be an integer >= 0', COLUMNS[0]);
  if (demand < 0) errors.add(lineNo, 'demand must be >= 0', COLUMNS[3]);
  if (ready > due) errors.add(lineNo, `ready time ${ready} is after due date ${due}`, COLUMNS[4]);
  if (serviceS < 0) errors.add(lineNo, 'service time must be >= 0', COLUMNS[6]);
  return errors.details.length > before ? undefined : { no, x, y, demand, ready, due, serviceS };
}
