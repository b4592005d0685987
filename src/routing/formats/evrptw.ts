import { euclideanMatrix } from '../matrix.js';
import type { Charger, Job, RoutingLocation, RoutingProblem } from '../model.js';
import { benchmarkVehicles, LineErrors, numbersOf, splitLines, tokensOf } from './text.js';

// E-VRPTW instances of Schneider, Stenger & Goeke (2014):
//
//   StringID   Type  x     y     demand  ReadyTime  DueDate  ServiceTime
//   D0         d     40.0  50.0  0.0     0.0        1236.0   0.0          depot
//   S0         f     40.0  50.0  ...                                      recharging station
//   C1         c     45.0  68.0  10.0    78.0       140.0    90.0         customer
//
//   Q Vehicle fuel tank capacity /79.69/
//   C Vehicle load capacity /200.0/
//   r fuel consumption rate /1.0/
//   g inverse refueling rate /3.39/
//   v average Velocity /1.0/
//
// Every station becomes a charger, the depot's twin S0 too (it lets a route recharge at the
// depot mid-tour). Energy Q at consumption r per unit gives range Q / r; recharging one unit of
// range takes g * r. Travel time = distance / v. Ids are the StringIDs ("C1", "S0").

const PARAMETERS = { Q: 'battery capacity', C: 'load capacity', r: 'consumption rate', g: 'inverse recharging rate', v: 'speed' };
type Parameter = keyof typeof PARAMETERS;

/** Reads a Schneider et al. E-VRPTW instance. */
export function readEvrptw(text: string): RoutingProblem {
  const errors = new LineErrors('E-VRPTW file');
  const locations: RoutingLocation[] = [];
  const jobs: Job[] = [];
  const chargers: Charger[] = [];
  const params: Partial<Record<Parameter, number>> = {};
  const ids = new Set<string>();
  let depot: { location: number; ready: number; due: number } | undefined;

  for (const [i, raw] of splitLines(text).entries()) {
    const line = raw.trim();
    const lineNo = i + 1;
    if (line === '' || /^StringID/i.test(line)) continue;
    const param = /^(\w)\s[^/]*\/\s*([^/\s]+)\s*\/$/.exec(line);
    if (param) {
      const [, key, value] = param;
      const v = Number(value);
      if (!(key in PARAMETERS)) errors.add(lineNo, `unknown parameter ${key}`);
      else if (!Number.isFinite(v) || v < 0 || (key !== 'C' && key !== 'g' && v === 0)) {
        errors.add(lineNo, `${PARAMETERS[key as Parameter]} must be a positive number`, key);
      } else params[key as Parameter] = v;
      continue;
    }
    const [id, type, ...rest] = tokensOf(line);
    const v = numbersOf(rest, 6, lineNo, errors);
    if (!v) continue;
    const [x, y, demand, ready, due, serviceS] = v;
    if (ids.has(id)) errors.add(lineNo, `duplicate id ${id}`, 'StringID');
    if (demand < 0) errors.add(lineNo, 'demand must be >= 0', 'demand');
    if (ready > due) errors.add(lineNo, `ready time ${ready} is after due date ${due}`, 'ReadyTime');
    ids.add(id);
    const location = locations.length;
    locations.push({ x, y, name: id });
    if (type === 'd') {
      if (depot) errors.add(lineNo, 'second depot', 'Type');
      depot = { location, ready, due };
    } else if (type === 'f') chargers.push({ id, location });
    else if (type === 'c') {
      jobs.push({ id, location, delivery: [demand], pickup: [0], serviceS, timeWindowsS: [[ready, due]], skills: [] });
    } else errors.add(lineNo, `type must be d, f or c, found "${type}"`, 'Type');
  }
  if (!depot) errors.add(undefined, 'no depot (type d)');
  for (const key of Object.keys(PARAMETERS) as Parameter[]) {
    if (params[key] === undefined) errors.add(undefined, `missing parameter ${key} (${PARAMETERS[key]})`, key);
  }
  errors.check();

  const { Q, C, r, g, v } = params as Record<Parameter, number>;
  return {
    locations,
    matrices: { euclid: euclideanMatrix(locations as Array<{ x: number; y: number }>, { speed: v }) },
    capacityDimensions: ['demand'],
    jobs,
    vehicles: benchmarkVehicles({
      // Fleet size is free in the paper (vehicles are minimised first): one per customer is enough.
      count: jobs.length,
      type: 'evrptw',
      fuel: 'electric',
      depot: depot!.location,
      capacity: C,
      shiftS: [depot!.ready, depot!.due],
      battery: { rangeM: Q / r, rechargeSPerM: g * r },
    }),
    chargers,
    objective: 'distance',
  };
}
