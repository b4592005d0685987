import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printRecord, printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { AppError, ErrorCode, invalid, parseJsonText, SYSTEM_SCOPE } from '../core/index.js';
import { type FactorResolver, loadResolver } from '../factors/index.js';
import { checkSolution } from './check.js';
import { readCvrplib } from './formats/cvrplib.js';
import { readEvrptw } from './formats/evrptw.js';
import { readSolomon } from './formats/solomon.js';
import { readVroomProblem, toVroomSolution } from './formats/vroom.js';
import { solutionToGeoJson } from './geojson.js';
import type { Objective, RoutingProblem, Solution } from './model.js';
import { solve } from './solve.js';
import { createPlan, finishPlan, listPlans } from './store.js';

const OBJECTIVES: Objective[] = ['co2e', 'distance', 'cost'];

/** Reads a problem file by its content: VROOM JSON, TSPLIB/CVRPLIB, E-VRPTW or Solomon text. */
export function readProblemFile(file: string, objective?: Objective, resolveFactor?: FactorResolver): RoutingProblem {
  const text = readFileSync(file, 'utf8');
  const trimmed = text.trimStart();
  let problem: RoutingProblem;
  if (trimmed.startsWith('{')) {
    return readVroomProblem(parseJsonText(text), {
      ...(objective ? { objective } : {}),
      ...(resolveFactor ? { resolveFactor } : {}),
    });
  }
  if (/^NAME\s*:|NODE_COORD_SECTION/m.test(text)) problem = readCvrplib(text);
  else if (/^StringID\s+Type/m.test(text)) problem = readEvrptw(text);
  else if (/^\s*CUST(OMER)?\b/m.test(text) || /VEHICLE/m.test(text)) problem = readSolomon(text, file);
  else throw invalid(`${file}: not a VROOM JSON, CVRPLIB, E-VRPTW or Solomon file`);
  return objective ? { ...problem, objective } : problem;
}

const hours = (s: number) => Math.round((s / 3600) * 100) / 100;
const km = (m: number) => Math.round(m) / 1000;

export function registerRoutingCommands(program: Command): void {
  program
    .command('route <problem>')
    .description('optimise vehicle routes: VROOM JSON (+ fuel, rangeKm, chargers…), Solomon, CVRPLIB or E-VRPTW file')
    .option('--time-limit <seconds>', 'search time', '5')
    .option('--seed <n>', 'random seed (same seed and iterations, same plan)', '1')
    .option('--iterations <n>', 'stop after this many iterations (reproducible on any machine)')
    .option('--objective <objective>', 'co2e | distance | cost (default: the file’s, else co2e)')
    .option('--out <file>', 'write the plan in VROOM’s solution format (JSON)')
    .option('--geojson <file>', 'write routes and stops as GeoJSON')
    .option('--save <name>', 'store the plan in the database under --tenant (shown on the Routes page)')
    .option('-t, --tenant <id>', 'tenant that owns a saved plan')
    .option('--json', 'print the full plan as JSON')
    .action(
      async (
        file: string,
        opts: {
          timeLimit: string;
          seed: string;
          iterations?: string;
          objective?: string;
          out?: string;
          geojson?: string;
          save?: string;
          tenant?: string;
          json?: boolean;
        },
      ) => {
        if (opts.objective && !OBJECTIVES.includes(opts.objective as Objective)) {
          throw invalid(`--objective must be one of ${OBJECTIVES.join(', ')}`);
        }
        const timeLimitS = Number(opts.timeLimit);
        const seed = Number(opts.seed);
        const maxIterations = opts.iterations === undefined ? undefined : Number(opts.iterations);
        if (!(timeLimitS > 0)) throw invalid('--time-limit must be a positive number of seconds');
        if (!Number.isInteger(seed)) throw invalid('--seed must be an integer');
        if (maxIterations !== undefined && !(maxIterations > 0)) throw invalid('--iterations must be positive');
        if (opts.save && !opts.tenant) throw invalid('--save needs --tenant <id>');

        // With --tenant, factor ids also resolve against that tenant's own factor sets.
        const resolveFactor = opts.tenant
          ? await withDb(({ db }) => loadResolver(db, SYSTEM_SCOPE, { tenantId: opts.tenant }))
          : undefined;
        const problem = readProblemFile(file, opts.objective as Objective | undefined, resolveFactor);
        const tty = process.stderr.isTTY;
        const solution = solve(problem, {
          timeLimitS,
          seed,
          ...(maxIterations === undefined ? {} : { maxIterations }),
          onProgress: (p) => {
            if (tty) {
              process.stderr.write(
                `\rsearching ${Math.round(p.fraction * 100)}%  ${p.iterations} iterations  ${p.bestRoutes} routes  ${p.bestUnassigned} unassigned `,
              );
            }
            return true;
          },
        });
        if (tty) process.stderr.write('\n');
        const violations = checkSolution(problem, solution);
        if (violations.length > 0) {
          throw new AppError(
            ErrorCode.Internal,
            `the plan failed the independent check: ${violations[0]?.message}`,
            violations.map((v) => ({ message: v.message })),
          );
        }
        if (opts.out) writeFileSync(opts.out, `${JSON.stringify(toVroomSolution(problem, solution), null, 2)}\n`);
        if (opts.geojson) writeFileSync(opts.geojson, `${JSON.stringify(solutionToGeoJson(problem, solution))}\n`);
        if (opts.save) {
          const name = opts.save;
          const tenant = opts.tenant as string;
          await withDb(async ({ db }) => {
            const plan = await createPlan(db, tenant, name, problem);
            await finishPlan(db, plan.id, problem, solution);
            process.stderr.write(`saved as ${plan.id}\n`);
          });
        }
        if (opts.json) return printRecord(solution as unknown as Record<string, unknown>, { json: true });
        printPlan(problem, solution);
      },
    );

  program
    .command('routing-plans')
    .description('stored routing plans, newest first')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'machine-readable output')
    .action(async (opts: { limit: string; json?: boolean }) => {
      const page = await withDb(({ db }) => listPlans(db, SYSTEM_SCOPE, { limit: Number(opts.limit) }));
      printRows(
        page.items,
        [
          { header: 'id', value: (p) => p.id },
          { header: 'tenant', value: (p) => p.tenantId },
          { header: 'name', value: (p) => p.name },
          { header: 'status', value: (p) => p.status },
          { header: 'routes', value: (p) => p.routes },
          { header: 'unassigned', value: (p) => p.unassigned },
          { header: 'km', value: (p) => Math.round(p.distanceKm * 10) / 10 },
          { header: 'kg CO2e', value: (p) => Math.round(p.co2eKg * 10) / 10 },
          {
            header: 'saving CO2e %',
            value: (p) => (p.saving ? Math.round(p.saving.co2eShare * 1000) / 10 : ''),
          },
        ],
        opts,
        page.items,
      );
    });
}

function printPlan(problem: RoutingProblem, solution: Solution): void {
  const vehicles = new Map(problem.vehicles.map((v) => [v.id, v]));
  printRows(
    solution.routes,
    [
      { header: 'vehicle', value: (r) => r.vehicleId },
      { header: 'fuel', value: (r) => vehicles.get(r.vehicleId)?.fuel },
      { header: 'stops', value: (r) => r.stops.filter((s) => s.type === 'job').length },
      { header: 'km', value: (r) => km(r.distanceM) },
      {
        header: 'max load %',
        value: (r) => {
          const cap = vehicles.get(r.vehicleId)?.capacity[0] ?? 0;
          const peak = Math.max(0, ...r.stops.map((s) => s.load[0] ?? 0));
          return cap > 0 && Number.isFinite(cap) ? Math.round((peak / cap) * 1000) / 10 : '';
        },
      },
      { header: 'hours', value: (r) => hours(r.durationS) },
      { header: 'kg CO2e', value: (r) => Math.round(r.co2eKg * 1000) / 1000 },
      { header: 'range used %', value: (r) => (r.rangeUsedShare === undefined ? '' : Math.round(r.rangeUsedShare * 1000) / 10) },
    ],
    {},
  );
  for (const u of solution.unassigned) process.stdout.write(`unassigned: ${u.jobId}: ${u.reason} (${u.message})\n`);
  const t = solution.totals;
  const summary: Record<string, unknown> = {
    objective: solution.objective,
    routes: t.routes,
    'jobs served': t.assignedJobs,
    unassigned: t.unassignedJobs,
    km: km(t.distanceM),
    'kg CO2e': Math.round(t.co2eKg * 1000) / 1000,
    cost: Math.round(t.cost * 100) / 100,
    iterations: solution.search.iterations,
    seconds: Math.round(solution.search.elapsedS * 100) / 100,
  };
  const b = solution.baseline;
  if (b) {
    summary.baseline = b.kind;
    summary['baseline km'] = km(b.totals.distanceM);
    summary['baseline kg CO2e'] = Math.round(b.totals.co2eKg * 1000) / 1000;
    if (b.totals.unassignedJobs > 0) summary['baseline unassigned'] = b.totals.unassignedJobs;
    summary['saving km'] = `${km(b.saving.distanceM)} (${Math.round(b.saving.distanceShare * 1000) / 10} %)`;
    summary['saving kg CO2e'] = `${Math.round(b.saving.co2eKg * 1000) / 1000} (${Math.round(b.saving.co2eShare * 1000) / 10} %)`;
  }
  printRecord(summary, {});
}
