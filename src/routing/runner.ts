import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RoutingProblem, Solution, SolveOptions, SolveProgress } from './model.js';

export interface SolveHandle {
  /** Resolves with the plan (the best so far when cancelled). */
  solution: Promise<Solution>;
  /** Asks the search to stop; it returns its best plan within a few milliseconds. */
  cancel(): void;
}

/**
 * Runs `solve` in a worker thread so a long search never blocks the server's event loop.
 * From TypeScript sources (tests, `tsx`), the worker loads through tsx; from the build, as JS.
 */
export function solveInWorker(
  problem: RoutingProblem,
  options: Omit<SolveOptions, 'onProgress'>,
  onProgress?: (progress: SolveProgress) => void,
): SolveHandle {
  const cancelFlag = new SharedArrayBuffer(4);
  const worker = createWorker({ problem, options, cancelFlag });
  const solution = new Promise<Solution>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: { type: string; progress?: SolveProgress; solution?: Solution; message?: string }) => {
      if (message.type === 'progress' && message.progress) onProgress?.(message.progress);
      else if (message.type === 'done' && message.solution) {
        settled = true;
        resolve(message.solution);
        void worker.terminate();
      } else if (message.type === 'error') {
        settled = true;
        reject(new Error(message.message));
        void worker.terminate();
      }
    });
    worker.on('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`routing worker stopped with code ${code}`));
      settled = true;
    });
  });
  return {
    solution,
    cancel: () => Atomics.store(new Int32Array(cancelFlag), 0, 1),
  };
}

function createWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData });
  // Running from TypeScript sources: register tsx inside the worker, then load the entry.
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
