import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, ErrorCode, invalid } from '../core/index.js';
import type { Factor } from '../factors/model.js';
import { type CsvLineError, type CsvOptions, type CsvProgress, type CsvRunSummary, runFootprintCsv } from './csv.js';
import type { CsvWorkerData, CsvWorkerMessage } from './csv-worker.js';

// A batch CSV file on several cores: the file is cut into byte ranges at shipment boundaries, each
// range runs the ordinary runFootprintCsv in a worker thread, and the outputs are written back in
// file order (the first part streamed, the others through part files, so memory stays flat).

export interface CsvFileOptions extends Pick<CsvOptions, 'strict' | 'tocs' | 'hocs' | 'maxErrors' | 'onProgress'> {
  /** The factors ids resolve against: a resolver function cannot cross into worker threads. */
  factors: Factor[];
  /**
   * Worker threads; default 1 (the calling thread). One thread already passes
   * 500k elements/s here, and on a busy 2-core machine two threads measured no faster.
   */
  workers?: number;
  /** Files smaller than this run on one thread (default 8 MB: below it threads cost more than they save). */
  minParallelBytes?: number;
}

export interface CsvFileSummary extends CsvRunSummary {
  workers: number;
}

/** Files smaller than this are not worth starting threads for. */
const MIN_PARALLEL_BYTES = 8 << 20;
const WINDOW = 1 << 16;

/**
 * Built code starts the compiled worker; from TypeScript sources (tests, benchmarks under tsx) the
 * worker first registers tsx, since loader flags do not reach worker threads.
 */
function startWorker(data: CsvWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./csv-worker.js', import.meta.url), { workerData: data });
  const url = new URL('./csv-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(url)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

/**
 * Computes a batch CSV file like {@link runFootprintCsv}, on `workers` threads. Falls back to one
 * thread for small files and for files holding quotes (a quoted newline could hide a line break).
 * Line numbers in errors are the file's.
 */
export async function runFootprintCsvFile(
  path: string,
  write: (chunk: string) => void | Promise<void>,
  options: CsvFileOptions,
): Promise<CsvFileSummary> {
  const byId = new Map(options.factors.map((f) => [f.id, f]));
  const resolver = (id: string) => byId.get(id);
  const size = (await stat(path)).size;
  const wanted = Math.max(1, Math.floor(options.workers ?? 1));
  const plan =
    wanted > 1 && size >= (options.minParallelBytes ?? MIN_PARALLEL_BYTES) ? await planParts(path, size, wanted) : undefined;
  if (!plan) {
    const { strict, tocs, hocs, maxErrors, onProgress } = options;
    const summary = await runFootprintCsv(createReadStream(path), write, { strict, tocs, hocs, maxErrors, onProgress, resolver });
    return { ...summary, workers: 1 };
  }
  return runParts(path, plan, write, options);
}

interface Plan {
  header?: string;
  /** Part boundaries: parts[i] .. parts[i + 1]. */
  bounds: number[];
  /** Lines before the first part (the header). */
  headerLines: number;
}

/** Cuts the file at shipment boundaries; undefined when it must run on one thread. */
async function planParts(path: string, size: number, parts: number): Promise<Plan | undefined> {
  const fh = await open(path, 'r');
  try {
    // Any quote means a field could hold a newline: byte ranges could then cut a record in two.
    const buf = Buffer.allocUnsafe(4 << 20);
    for (let pos = 0; pos < size; ) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      if (buf.subarray(0, bytesRead).indexOf(34) >= 0) return undefined;
      pos += bytesRead;
    }
    const head = await readAt(fh, 0, Math.min(size, WINDOW));
    let start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const nl = head.indexOf(10, start);
    if (nl < 0) return undefined;
    const first = head.toString('utf8', start, nl).replace(/\r$/, '');
    const names = first.split(',').map((f) => f.trim().toLowerCase());
    let header: string | undefined;
    let idCol = 0;
    let headerLines = 0;
    if (names.includes('shipment_id')) {
      header = first;
      idCol = names.indexOf('shipment_id');
      start = nl + 1;
      headerLines = 1;
    }
    const bounds = [start];
    for (let i = 1; i < parts; i++) {
      const target = Math.max(bounds[bounds.length - 1], Math.floor((size * i) / parts));
      const b = await shipmentBoundary(fh, target, size, idCol);
      if (b > bounds[bounds.length - 1] && b < size) bounds.push(b);
    }
    bounds.push(size);
    return bounds.length > 2 ? { header, bounds, headerLines } : undefined;
  } finally {
    await fh.close();
  }
}

async function readAt(fh: Awaited<ReturnType<typeof open>>, pos: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  const { bytesRead } = await fh.read(buf, 0, length, pos);
  return buf.subarray(0, bytesRead);
}

/**
 * The first line start at or after `target` whose shipment differs from the line before it, or -1
 * when no safe cut is found near it (lines longer than the window).
 */
async function shipmentBoundary(
  fh: Awaited<ReturnType<typeof open>>,
  target: number,
  size: number,
  idCol: number,
): Promise<number> {
  const from = Math.max(0, target - WINDOW);
  let buf = await readAt(fh, from, Math.min(size - from, 2 * WINDOW));
  const idOf = (lineStart: number, lineEnd: number): string =>
    (buf.toString('latin1', lineStart, lineEnd).split(',')[idCol] ?? '').trim();
  let lineStart = buf.indexOf(10, target - from - 1) + 1;
  if (lineStart === 0) return -1;
  const prevStart = buf.lastIndexOf(10, lineStart - 2) + 1;
  if (prevStart === 0 && from > 0) return -1;
  let prevId = idOf(prevStart, lineStart - 1);
  for (;;) {
    if (from + lineStart >= size) return size;
    let end = buf.indexOf(10, lineStart);
    while (end < 0) {
      // The window ended inside one shipment's rows: read on.
      const more = await readAt(fh, from + buf.length, Math.min(size - from - buf.length, 4 * WINDOW));
      if (more.length === 0) return size;
      buf = Buffer.concat([buf, more]);
      end = buf.indexOf(10, lineStart);
    }
    const id = idOf(lineStart, end);
    if (id !== prevId) return from + lineStart;
    prevId = id;
    lineStart = end + 1;
  }
}

async function runParts(
  path: string,
  plan: Plan,
  write: (chunk: string) => void | Promise<void>,
  options: CsvFileOptions,
): Promise<CsvFileSummary> {
  const n = plan.bounds.length - 1;
  const dir = mkdtempSync(join(tmpdir(), 'greenlink-footprint-'));
  const progress: CsvProgress[] = Array.from({ length: n }, () => ({ lines: 0, shipments: 0, elements: 0, errorCount: 0 }));
  const report = () => {
    if (!options.onProgress) return;
    const sum = { lines: plan.headerLines, shipments: 0, elements: 0, errorCount: 0 };
    for (const p of progress) {
      sum.lines += p.lines;
      sum.shipments += p.shipments;
      sum.elements += p.elements;
      sum.errorCount += p.errorCount;
    }
    options.onProgress(sum);
  };
  // The first part streams straight through; its chunks are written in order as they come.
  let writing: Promise<void> = Promise.resolve();
  const workers: Worker[] = [];
  try {
    const results = await Promise.all(
      plan.bounds.slice(0, -1).map(
        (start, i) =>
          new Promise<{ summary?: CsvRunSummary; error?: { code?: string; message: string; details?: AppError['details'] } }>(
            (resolve, reject) => {
              const data: CsvWorkerData = {
                file: path,
                start,
                end: plan.bounds[i + 1],
                header: plan.header,
                outputHeader: i === 0,
                outFile: i === 0 ? undefined : join(dir, `part-${i}.csv`),
                factors: options.factors,
                options: { strict: options.strict, tocs: options.tocs, hocs: options.hocs, maxErrors: options.maxErrors },
              };
              const w = startWorker(data);
              workers.push(w);
              w.on('message', (m: CsvWorkerMessage) => {
                if (m.type === 'chunk') {
                  const chunk = m.chunk;
                  writing = writing.then(() => write(chunk));
                } else if (m.type === 'progress') {
                  progress[i] = m;
                  report();
                } else if (m.type === 'done') resolve({ summary: m.summary });
                else resolve({ error: m.error });
              });
              w.on('error', reject);
              w.on('exit', (code) => {
                if (code !== 0) reject(new AppError(ErrorCode.Internal, `footprint worker ${i} exited with code ${code}`));
              });
            },
          ),
      ),
    );
    await writing;
    // Line numbers: each part counted from its own start.
    let linesBefore = plan.headerLines;
    const offsets = results.map((r) => {
      const at = linesBefore;
      linesBefore += r.summary?.lines ?? 0;
      return at;
    });
    const failed = results.findIndex((r) => r.error);
    if (failed >= 0) {
      const e = results[failed].error!;
      const details = (e.details ?? []).map((d) => ({ ...d, line: d.line === undefined ? undefined : d.line + offsets[failed] }));
      const d = details[0];
      throw d?.line !== undefined
        ? invalid(`line ${d.line}: ${d.field} ${d.message}`, details)
        : new AppError((e.code as ErrorCode) ?? ErrorCode.Internal, e.message, details);
    }
    for (let i = 1; i < n; i++) {
      for await (const chunk of createReadStream(join(dir, `part-${i}.csv`), { encoding: 'utf8', highWaterMark: 1 << 20 })) {
        await write(chunk as string);
      }
    }
    const maxErrors = options.maxErrors ?? 1000;
    const errors: CsvLineError[] = [];
    const total = { lines: plan.headerLines, shipments: 0, rejectedShipments: 0, elements: 0, errorCount: 0 };
    results.forEach((r, i) => {
      const s = r.summary!;
      total.lines += s.lines;
      total.shipments += s.shipments;
      total.rejectedShipments += s.rejectedShipments;
      total.elements += s.elements;
      total.errorCount += s.errorCount;
      for (const e of s.errors) if (errors.length < maxErrors) errors.push({ ...e, line: e.line + offsets[i] });
    });
    report();
    return { ...total, errors, workers: n };
  } finally {
    for (const w of workers) void w.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}
