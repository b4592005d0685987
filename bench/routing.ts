import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { checkSolution } from '../src/routing/check.js';
import { readCvrplib } from '../src/routing/formats/cvrplib.js';
import { readEvrptw } from '../src/routing/formats/evrptw.js';
import { readSolomon } from '../src/routing/formats/solomon.js';
import type { RoutingProblem } from '../src/routing/model.js';
import { solve } from '../src/routing/solve.js';

// VRPTW / CVRP / E-VRPTW routing on the public benchmark sets in ../shared/benchmarks/vrp (read in
// place, never copied): distance and vehicles against the best-known solutions of bks.csv, with the
// independent checker run on every plan (a violation or an unassigned job fails the row).
// Objective conventions (reference/vehicle-routing.md §1): Solomon and Homberger compare with the
// distance-only BKS when there is one, else with the hierarchical one (vehicles first), marked
// 'hier'; X compares integer (nint per edge) costs; E-VRPTW has no BKS, so only feasibility.
// Usage: npm run bench -- routing [--set solomon|homberger|x|evrptw] [--seconds N] [--instances R101,C201]
//        [--seed 1] [--list]

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = resolve(repoRoot, '../shared/benchmarks/vrp');

type SetName = 'solomon' | 'homberger' | 'x' | 'evrptw';

interface BenchSet {
  dir: string;
  ext: string;
  read: (text: string, name: string) => RoutingProblem;
  classOf: (name: string) => string;
}

/** C1, C2, R1, R2, RC1, RC2 from a Solomon-style name (C101, rc2_2_9, r105_21). */
const solomonClass = (name: string): string => /^(rc|r|c)([12])/i.exec(name)?.slice(1, 3).join('').toUpperCase() ?? '?';

function xClass(name: string): string {
  const n = Number(/-n(\d+)-/.exec(name)?.[1] ?? Number.NaN);
  if (n <= 200) return 'X n<=200';
  if (n <= 500) return 'X n201-500';
  return 'X n>500';
}

const SETS: Record<SetName, BenchSet> = {
  solomon: { dir: 'solomon', ext: '.txt', read: (text, name) => readSolomon(text, name), classOf: solomonClass },
  homberger: { dir: 'homberger', ext: '.txt', read: (text, name) => readSolomon(text, name), classOf: solomonClass },
  x: { dir: 'cvrplib', ext: '.vrp', read: (text) => readCvrplib(text), classOf: xClass },
  evrptw: {
    dir: 'evrptw',
    ext: '.txt',
    read: (text) => readEvrptw(text),
    // c101_21 -> C1 (100 customers), c101C5 -> C1 n5
    classOf: (name) => {
      const small = /C(\d+)$/.exec(name);
      return small ? `${solomonClass(name)} n${small[1]}` : solomonClass(name);
    },
  },
};

interface Bks {
  vehicles: number;
  distance: number;
  /** 'dist' = distance-only BKS, 'hier' = vehicles first, then distance. */
  convention: 'dist' | 'hier';
}

interface Row {
  instance: string;
  class: string;
  bksDistance: number | null;
  bksVehicles: number | null;
  bksConvention: 'dist' | 'hier' | null;
  distance: number | null;
  vehicles: number | null;
  unassigned: number | null;
  iterations: number | null;
  seconds: number;
  violations: number | null;
  gapPct: number | null;
  status: 'ok' | 'FAIL' | 'ERROR';
  /** First violation or the error, for the notes under the table. */
  note?: string;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Best-known solutions by instance: distance-only rows win over hierarchical ones. */
function loadBks(): Map<string, Bks> {
  const file = resolve(DATA_DIR, 'bks.csv');
  const out = new Map<string, Bks>();
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).slice(1);
  for (const line of lines) {
    // Only the last column (source) may hold quoted commas; the first four are plain.
    const [instance, vehicles, distance, convention] = line.split(',', 4);
    if (!instance || !convention) continue;
    const entry: Bks = {
      vehicles: Number(vehicles),
      distance: Number(distance),
      convention: convention.startsWith('distance_only') ? 'dist' : 'hier',
    };
    const known = out.get(instance);
    if (!known || (known.convention === 'hier' && entry.convention === 'dist')) out.set(instance, entry);
  }
  return out;
}

function listInstances(set: BenchSet): string[] {
  const dir = resolve(DATA_DIR, set.dir);
  return readdirSync(dir)
    .filter((f) => f.endsWith(set.ext) && f !== 'FORMAT.txt')
    .map((f) => f.slice(0, -set.ext.length))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }));
}

function runInstance(setName: SetName, name: string, bks: Bks | undefined, timeLimitS: number, seed: number): Row {
  const set = SETS[setName];
  const row: Row = {
    instance: name,
    class: set.classOf(name),
    bksDistance: bks?.distance ?? null,
    bksVehicles: bks?.vehicles ?? null,
    bksConvention: bks?.convention ?? null,
    distance: null,
    vehicles: null,
    unassigned: null,
    iterations: null,
    seconds: 0,
    violations: null,
    gapPct: null,
    status: 'ERROR',
  };
  try {
    const problem = set.read(readFileSync(resolve(DATA_DIR, set.dir, name + set.ext), 'utf8'), name);
    const t0 = performance.now();
    const solution = solve(problem, { timeLimitS, seed });
    row.seconds = (performance.now() - t0) / 1000;
    const violations = checkSolution(problem, solution);
    row.distance = solution.totals.distanceM;
    row.vehicles = solution.routes.length;
    row.unassigned = solution.unassigned.length;
    row.iterations = solution.search.iterations;
    row.violations = violations.length;
    row.gapPct = bks ? ((row.distance - bks.distance) / bks.distance) * 100 : null;
    row.status = violations.length === 0 && row.unassigned === 0 ? 'ok' : 'FAIL';
    if (violations.length > 0) row.note = `${violations[0].rule}: ${violations[0].message}`;
    else if (row.unassigned > 0) row.note = `unassigned ${solution.unassigned[0].jobId}: ${solution.unassigned[0].message}`;
  } catch (err) {
    row.note = err instanceof Error ? err.message : String(err);
  }
  return row;
}

const mean = (xs: number[]): number | null => (xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
/** Fixed decimals, without the "-0.00" of a BKS matched to rounding. */
const fixed = (v: number | null, digits: number): string =>
  v === null ? '-' : (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toFixed(digits);
const round = (v: number | null, digits: number): number | null => (v === null ? null : Number(v.toFixed(digits)));

export default async function routing(args: string[]): Promise<void> {
  const setName = (option(args, '--set') ?? 'solomon').toLowerCase() as SetName;
  const set = SETS[setName];
  if (!set) {
    console.error(`unknown set "${setName}"; choose one of ${Object.keys(SETS).join(', ')}`);
    process.exitCode = 1;
    return;
  }
  if (!existsSync(resolve(DATA_DIR, set.dir))) {
    console.log(`benchmark data not found in ${resolve(DATA_DIR, set.dir)}: skipped`);
    console.log(JSON.stringify({ bench: 'routing', set: setName, skipped: true }));
    return;
  }
  const all = listInstances(set);
  if (args.includes('--list')) {
    console.log(all.join('\n'));
    return;
  }
  const timeLimitS = Number(option(args, '--seconds') ?? 2);
  const seed = Number(option(args, '--seed') ?? 1);
  let names = all;
  const wanted = option(args, '--instances');
  if (wanted) {
    const byLower = new Map(all.map((n) => [n.toLowerCase(), n]));
    const asked = wanted.split(',').map((s) => s.trim());
    const unknown = asked.filter((s) => !byLower.has(s.toLowerCase()));
    if (unknown.length > 0) {
      console.error(`unknown instances in set ${setName}: ${unknown.join(', ')} (see --list)`);
      process.exitCode = 1;
      return;
    }
    names = asked.map((s) => byLower.get(s.toLowerCase())!);
  }

  const bksTable = setName === 'evrptw' ? new Map<string, Bks>() : loadBks();
  const rows: Row[] = [];
  for (const name of names) {
    const row = runInstance(setName, name, bksTable.get(name), timeLimitS, seed);
    rows.push(row);
    process.stderr.write(
      `${name}: ${row.status} distance ${fixed(row.distance, 2)} gap ${fixed(row.gapPct, 2)} % in ${row.seconds.toFixed(2)} s\n`,
    );
  }

  const hasBks = setName !== 'evrptw';
  const table = new Table({
    head: [
      'instance',
      'class',
      ...(hasBks ? ['BKS distance'] : []),
      'distance',
      ...(hasBks ? ['gap %'] : []),
      hasBks ? 'vehicles (BKS)' : 'vehicles',
      'unassigned',
      'iterations',
      'seconds',
      'violations',
      'status',
    ],
  });
  for (const r of rows) {
    const bksCell = r.bksDistance === null ? '-' : `${r.bksDistance}${r.bksConvention === 'hier' ? ' hier' : ''}`;
    table.push([
      r.instance,
      r.class,
      ...(hasBks ? [bksCell] : []),
      fixed(r.distance, 2),
      ...(hasBks ? [fixed(r.gapPct, 2)] : []),
      `${r.vehicles ?? '-'}${hasBks ? ` (${r.bksVehicles ?? '-'})` : ''}`,
      r.unassigned ?? '-',
      r.iterations ?? '-',
      r.seconds.toFixed(2),
      r.violations ?? '-',
      r.status,
    ]);
  }

  const classes = [...new Set(rows.map((r) => r.class))].map((name) => {
    const inClass = rows.filter((r) => r.class === name);
    const solved = inClass.filter((r) => r.status !== 'ERROR');
    return {
      class: name,
      instances: inClass.length,
      avgGapPct: mean(solved.flatMap((r) => (r.gapPct === null ? [] : [r.gapPct]))),
      vehicles: solved.reduce((s, r) => s + (r.vehicles ?? 0), 0),
      bksVehicles: solved.reduce((s, r) => s + (r.bksVehicles ?? 0), 0),
      avgSeconds: mean(inClass.map((r) => r.seconds)),
      failed: inClass.filter((r) => r.status !== 'ok').length,
    };
  });
  const classTable = new Table({
    head: ['class', 'instances', ...(hasBks ? ['avg gap %', 'vehicles (BKS)'] : ['vehicles']), 'avg seconds', 'failed'],
  });
  for (const c of classes) {
    classTable.push([
      c.class,
      c.instances,
      ...(hasBks ? [fixed(c.avgGapPct, 2), `${c.vehicles} (${c.bksVehicles})`] : [c.vehicles]),
      fixed(c.avgSeconds, 2),
      c.failed,
    ]);
  }

  const avgGapPct = mean(rows.flatMap((r) => (r.status === 'ERROR' || r.gapPct === null ? [] : [r.gapPct])));
  const avgSeconds = mean(rows.map((r) => r.seconds));
  const failed = rows.filter((r) => r.status !== 'ok').length;
  const hier = rows.filter((r) => r.bksConvention === 'hier').length;

  console.log(
    `routing, set ${setName}: ${rows.length} instances, ${timeLimitS} s each, seed ${seed}; checker run on every plan` +
      (hier > 0 ? `; ${hier} BKS are hierarchical (vehicles first), marked 'hier'` : ''),
  );
  console.log(table.toString());
  console.log(classTable.toString());
  console.log(`overall: avg gap ${fixed(avgGapPct, 2)} %, avg ${fixed(avgSeconds, 2)} s, failed ${failed} of ${rows.length}`);
  for (const r of rows.filter((x) => x.note && x.status !== 'ok').slice(0, 20))
    console.log(`${r.instance} ${r.status}: ${r.note}`);
  console.log(
    JSON.stringify({
      bench: 'routing',
      set: setName,
      seconds: timeLimitS,
      seed,
      instances: rows.length,
      avgGapPct: round(avgGapPct, 3),
      avgSeconds: round(avgSeconds, 3),
      failed,
      classes: classes.map((c) => ({ ...c, avgGapPct: round(c.avgGapPct, 3), avgSeconds: round(c.avgSeconds, 3) })),
      rows: rows.map((r) => ({
        ...r,
        distance: round(r.distance, 2),
        gapPct: round(r.gapPct, 3),
        seconds: round(r.seconds, 3),
      })),
      loadAverage: loadavg()[0],
      node: process.version,
    }),
  );
}
