import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Table from 'cli-table3';
import { runFootprintCsv } from '../src/footprint/csv.js';
import { runFootprintCsvFile } from '../src/footprint/csv-file.js';
import { TEST_FACTORS, testResolver } from '../src/footprint/fixtures.test-support.js';
import { GEN_HOCS, GEN_TOCS, randomCsvChunks } from '../src/footprint/generate.test-support.js';

// Footprint batch throughput: 1,000,000 seeded chain elements as CSV, timed as (a) a read-and-split
// baseline over the same file, (b) the whole CSV-to-CSV run (parse, compute, write) on one thread
// and (c) the same on worker threads. Wall time is what counts; CPU time (all threads) shows how
// much of the wall the machine's other load took.
// Options: --elements N (default 1e6), --runs N (default 3, best run counts), --workers N (default 2),
// --keep (keep the files).

const SEED = 20260314;

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** Reads lines and splits them into field strings, nothing else: the floor any CSV job pays. */
async function readAndSplit(file: string): Promise<{ lines: number; fields: number }> {
  let carry = '';
  let lines = 0;
  let fields = 0;
  let chars = 0;
  const stream = createReadStream(file, { encoding: 'utf8' });
  for await (const chunk of stream as AsyncIterable<string>) {
    const s = carry + chunk;
    let pos = 0;
    for (;;) {
      const nl = s.indexOf('\n', pos);
      if (nl < 0) break;
      let b = pos;
      for (;;) {
        const c = s.indexOf(',', b);
        if (c < 0 || c > nl) {
          chars += s.slice(b, nl).length;
          fields++;
          break;
        }
        chars += s.slice(b, c).length;
        fields++;
        b = c + 1;
      }
      lines++;
      pos = nl + 1;
    }
    carry = s.slice(pos);
  }
  if (chars < 0) console.log(chars); // keeps the slices observable
  return { lines, fields };
}

const categories = { tocs: GEN_TOCS, hocs: GEN_HOCS };

async function toFile(
  outFile: string,
  run: (write: (chunk: string) => void | Promise<void>) => Promise<{ elements: number; errorCount: number; shipments: number }>,
) {
  const out = createWriteStream(outFile);
  const summary = await run((chunk) => (out.write(chunk) ? undefined : once(out, 'drain').then(() => undefined)));
  out.end();
  await once(out, 'finish');
  return summary;
}

const oneThread = (file: string, outFile: string) =>
  toFile(outFile, (write) => runFootprintCsv(createReadStream(file), write, { ...categories, resolver: testResolver }));

const workerThreads = (file: string, outFile: string, workers: number) =>
  toFile(outFile, (write) => runFootprintCsvFile(file, write, { ...categories, factors: TEST_FACTORS, workers }));

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const cpu = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

export default async function main(args: string[]): Promise<void> {
  const target = option(args, '--elements', 1_000_000);
  const runs = option(args, '--runs', 3);
  const dir = mkdtempSync(join(tmpdir(), 'greenlink-bench-'));
  const input = join(dir, 'chain.csv');
  const output = join(dir, 'footprints.csv');
  try {
    const gen = await time(async () => {
      const fh = await open(input, 'w');
      const it = randomCsvChunks(SEED, target);
      let r = it.next();
      while (!r.done) {
        await fh.write(r.value);
        r = it.next();
      }
      await fh.close();
      return r.value;
    });
    const { elements, shipments } = gen.value;
    const mb = statSync(input).size / 1e6;
    console.log(
      `generated ${elements.toLocaleString('en')} elements in ${shipments.toLocaleString('en')} shipments (${mb.toFixed(1)} MB) in ${(gen.ms / 1000).toFixed(2)} s`,
    );

    const workers = option(args, '--workers', 2);
    type Best = { ms: number; cpuMs: number };
    const best = {
      base: { ms: Infinity, cpuMs: 0 },
      one: { ms: Infinity, cpuMs: 0 },
      many: { ms: Infinity, cpuMs: 0 },
    } as Record<'base' | 'one' | 'many', Best>;
    const keep = (k: keyof typeof best, r: Best) => {
      if (r.ms < best[k].ms) best[k] = { ms: r.ms, cpuMs: r.cpuMs };
    };
    const outputs: string[] = [];
    for (let i = 0; i < runs; i++) {
      const b = await time(() => readAndSplit(input));
      if (b.value.lines !== elements + 1) throw new Error(`baseline read ${b.value.lines} lines`);
      keep('base', b);
      for (const [key, run] of [
        ['one', () => oneThread(input, output)],
        ['many', () => workerThreads(input, output, workers)],
      ] as const) {
        const r = await time(run);
        const s = r.value;
        if (s.elements !== elements || s.errorCount !== 0 || s.shipments !== shipments)
          throw new Error(`unexpected run summary ${JSON.stringify(s)}`);
        keep(key, r);
        if (i === 0) outputs.push(readFileSync(output, 'utf8'));
      }
    }
    if (outputs[0] !== outputs[1]) throw new Error('worker-thread output differs from the one-thread output');
    const rate = (ms: number) => elements / (ms / 1000);
    const baseRate = rate(best.base.ms);
    const rows: [string, Best][] = [
      ['read-and-split baseline', best.base],
      ['CSV -> footprints CSV, 1 thread', best.one],
      [`CSV -> footprints CSV, ${workers} worker threads`, best.many],
    ];
    const table = new Table({ head: ['run (best of ' + runs + ')', 'wall s', 'CPU s', 'chain elements/s', 'vs baseline'] });
    for (const [name, r] of rows) {
      table.push([
        name,
        (r.ms / 1000).toFixed(3),
        (r.cpuMs / 1000).toFixed(3),
        Math.round(rate(r.ms)).toLocaleString('en'),
        (rate(r.ms) / baseRate).toFixed(3),
      ]);
    }
    console.log(table.toString());
    const endToEnd = Math.max(rate(best.one.ms), rate(best.many.ms));
    console.log(
      `best end-to-end: ${Math.round(endToEnd).toLocaleString('en')} chain elements/s (target >= 500,000: ${endToEnd >= 500_000 ? 'met' : 'NOT met'}); load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      JSON.stringify({
        bench: 'footprint',
        elements,
        shipments,
        inputMB: Number(mb.toFixed(1)),
        runs,
        baselineElementsPerSecond: Math.round(baseRate),
        oneThreadElementsPerSecond: Math.round(rate(best.one.ms)),
        workerThreads: workers,
        workerThreadsElementsPerSecond: Math.round(rate(best.many.ms)),
        endToEndElementsPerSecond: Math.round(endToEnd),
        ratioOneThreadToBaseline: Number((rate(best.one.ms) / baseRate).toFixed(3)),
        ratioWorkersToBaseline: Number((rate(best.many.ms) / baseRate).toFixed(3)),
        seconds: { baseline: best.base.ms / 1000, oneThread: best.one.ms / 1000, workers: best.many.ms / 1000 },
        cpuSeconds: { baseline: best.base.cpuMs / 1000, oneThread: best.one.cpuMs / 1000, workers: best.many.cpuMs / 1000 },
        loadAverage: loadavg()[0],
        node: process.version,
      }),
    );
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}
