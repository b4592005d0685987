import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { loadContainer } from '../src/packing/container.js';
import { checkLoading } from '../src/packing/container-check.test-support.js';
import { parseThpack, thpackToLoadingProblem } from '../src/packing/thpack.js';

// Single container loading on Bischoff & Ratcliff BR1-BR15 (thpack files in ../shared/benchmarks):
// mean volume utilisation and time per instance and class, every loading checked by the independent
// verifier. Literature protocol: per-edge vertical flags honoured, no support rule; --support adds the
// full-support rule (each box carried over >= 75 % of its base).
// Options:
//   --instances N     first N problems of each class (default 10; 100 = the whole set, ~1 h per 7 classes)
//   --classes LIST    e.g. 1-7 or 1,3,8-15 (default 1-15)
//   --time-ms MS      time limit per instance (default 5000)
//   --support         full-support rule on (--support-ratio R, default 0.75)
//   --both            run the literature protocol, then the support rule
//   --seed N          solver seed (default 1)

const DATA = join(dirname(fileURLToPath(import.meta.url)), '../../shared/benchmarks/packing/thpack');

// Parreño et al. 2008 GRASP (INFORMS JoC 20(3), Table 4, first 10 instances) as quoted in RESULTS.md.
const GRASP_2008 = [92.95, 93.95, 93.54, 93.05, 93.01, 92.72, 91.62, 90.74, 90.43, 89.69, 89.29, 88.95, 88.22, 88.25, 88.23];

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

function classList(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let c = a; c <= (b ?? a); c++) if (c >= 0 && c <= 15) out.push(c);
  }
  return out;
}

interface ClassRow {
  cls: number;
  instances: number;
  meanUtil: number;
  minUtil: number;
  maxUtil: number;
  meanSeconds: number;
  maxSeconds: number;
  meanCpuSeconds: number;
  violations: number;
}

function runProtocol(
  classes: number[],
  instances: number,
  timeLimitMs: number,
  minSupportRatio: number,
  seed: number,
): ClassRow[] {
  const rows: ClassRow[] = [];
  for (const cls of classes) {
    const problems = parseThpack(readFileSync(join(DATA, `br${cls}.txt`), 'utf8')).slice(0, instances);
    const utils: number[] = [];
    const secs: number[] = [];
    let cpuSum = 0;
    let violations = 0;
    for (const p of problems) {
      const problem = thpackToLoadingProblem(p);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const result = loadContainer(problem, { timeLimitMs, minSupportRatio, seed });
      secs.push((performance.now() - t0) / 1000);
      const cpu = process.cpuUsage(c0);
      cpuSum += (cpu.user + cpu.system) / 1e6;
      const found = checkLoading(problem, result, minSupportRatio);
      if (found.length > 0) {
        violations += found.length;
        console.error(`BR${cls} problem ${p.id}: ${found.length} violations, first: ${found[0].message}`);
      }
      utils.push(result.volumeUtilisation * 100);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const row: ClassRow = {
      cls,
      instances: problems.length,
      meanUtil: mean(utils),
      minUtil: Math.min(...utils),
      maxUtil: Math.max(...utils),
      meanSeconds: mean(secs),
      maxSeconds: Math.max(...secs),
      meanCpuSeconds: cpuSum / problems.length,
      violations,
    };
    rows.push(row);
    console.log(
      `BR${cls}${minSupportRatio > 0 ? ' (support)' : ''}: ${row.meanUtil.toFixed(2)} % over ${row.instances}, ${row.meanSeconds.toFixed(2)} s/instance, ${violations} violations`,
    );
  }
  return rows;
}

function printTable(title: string, rows: ClassRow[]): void {
  const table = new Table({
    style: { head: [], border: [] },
    head: ['class', 'n', 'mean util %', 'min %', 'max %', 'mean s', 'max s', 'mean CPU s', 'GRASP 2008 %', 'violations'],
  });
  for (const r of rows) {
    table.push([
      `BR${r.cls}`,
      r.instances,
      r.meanUtil.toFixed(2),
      r.minUtil.toFixed(2),
      r.maxUtil.toFixed(2),
      r.meanSeconds.toFixed(2),
      r.maxSeconds.toFixed(2),
      r.meanCpuSeconds.toFixed(2),
      r.cls >= 1 ? GRASP_2008[r.cls - 1].toFixed(2) : '',
      r.violations,
    ]);
  }
  console.log(title);
  console.log(table.toString());
}

const meanOf = (rows: ClassRow[], from: number, to: number): number | null => {
  const sel = rows.filter((r) => r.cls >= from && r.cls <= to);
  return sel.length === 0 ? null : Number((sel.reduce((a, r) => a + r.meanUtil, 0) / sel.length).toFixed(2));
};

export default async function main(args: string[]): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`thpack data not found at ${DATA}: skipped`);
    console.log(JSON.stringify({ bench: 'packing-br', skipped: true }));
    return;
  }
  const instances = option(args, '--instances', 10);
  const timeLimitMs = option(args, '--time-ms', 5000);
  const seed = option(args, '--seed', 1);
  const ratio = option(args, '--support-ratio', 0.75);
  const ci = args.indexOf('--classes');
  const classes = classList(ci >= 0 ? args[ci + 1] : '1-15');
  const protocols = args.includes('--both') ? [0, ratio] : args.includes('--support') ? [ratio] : [0];

  const summary: Record<string, unknown> = {};
  for (const support of protocols) {
    const name = support > 0 ? 'support' : 'literature';
    const rows = runProtocol(classes, instances, timeLimitMs, support, seed);
    printTable(
      support > 0
        ? `Full-support rule (each box on >= ${support * 100} % of its base), vertical flags honoured`
        : 'Literature protocol: vertical flags honoured, no support rule',
      rows,
    );
    const br1to7 = meanOf(rows, 1, 7);
    const br8to15 = meanOf(rows, 8, 15);
    const worstSeconds = Math.max(...rows.map((r) => r.maxSeconds));
    if (br1to7 !== null)
      console.log(
        `${name}: BR1-BR7 mean ${br1to7} % (target >= 88 % with <= 5 s per instance: ${br1to7 >= 88 && worstSeconds <= 5.1 ? 'met' : 'NOT met'}); BR8-BR15 mean ${br8to15 ?? '-'} %; slowest instance ${worstSeconds.toFixed(2)} s`,
      );
    summary[name] = {
      minSupportRatio: support,
      br1to7MeanUtilPct: br1to7,
      br8to15MeanUtilPct: br8to15,
      slowestSeconds: Number(worstSeconds.toFixed(3)),
      violations: rows.reduce((a, r) => a + r.violations, 0),
      classes: Object.fromEntries(
        rows.map((r) => [
          `BR${r.cls}`,
          {
            n: r.instances,
            meanUtilPct: Number(r.meanUtil.toFixed(2)),
            meanSeconds: Number(r.meanSeconds.toFixed(3)),
            meanCpuSeconds: Number(r.meanCpuSeconds.toFixed(3)),
          },
        ]),
      ),
    };
  }
  console.log(
    JSON.stringify({
      bench: 'packing-br',
      instancesPerClass: instances,
      timeLimitMs,
      seed,
      ...summary,
      loadAverage: loadavg()[0],
      node: process.version,
    }),
  );
}
