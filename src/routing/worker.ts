import { parentPort, workerData } from 'node:worker_threads';
import type { RoutingProblem, SolveOptions } from './model.js';
import { solve } from './solve.js';

/** Worker-thread entry: solves one problem, posts progress, stops when the cancel flag is set. */
interface WorkerInput {
  problem: RoutingProblem;
  options: Omit<SolveOptions, 'onProgress'>;
  cancelFlag: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
const flag = new Int32Array(input.cancelFlag);
try {
  const solution = solve(input.problem, {
    ...input.options,
    onProgress: (progress) => {
      parentPort?.postMessage({ type: 'progress', progress });
      return Atomics.load(flag, 0) === 0;
    },
  });
  parentPort?.postMessage({ type: 'done', solution });
} catch (err) {
  parentPort?.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
