import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { AppError } from '../core/index.js';
import type { Factor } from '../factors/model.js';
import { type CsvOptions, runFootprintCsv } from './csv.js';

// Worker thread of runFootprintCsvFile: computes one byte range of the file (aligned on shipment
// boundaries by the main thread) with the same runFootprintCsv, and writes its output rows either
// back to the main thread (the first part, streamed in order) or to a part file.

export interface CsvWorkerData {
  file: string;
  start: number;
  /** Exclusive end offset. */
  end: number;
  header?: string;
  outputHeader: boolean;
  /** Part file for the output; absent: post chunks to the main thread. */
  outFile?: string;
  factors: Factor[];
  options: Pick<CsvOptions, 'strict' | 'tocs' | 'hocs' | 'maxErrors'>;
}

export type CsvWorkerMessage =
  | { type: 'chunk'; chunk: string }
  | { type: 'progress'; lines: number; shipments: number; elements: number; errorCount: number }
  | { type: 'done'; summary: Awaited<ReturnType<typeof runFootprintCsv>> }
  | { type: 'failed'; error: { code?: string; message: string; details?: AppError['details'] } };

async function main(): Promise<void> {
  const data = workerData as CsvWorkerData;
  const port = parentPort!;
  const byId = new Map(data.factors.map((f) => [f.id, f]));
  const post = (m: CsvWorkerMessage) => port.postMessage(m);
  const out = data.outFile ? createWriteStream(data.outFile, { highWaterMark: 1 << 20 }) : undefined;
  try {
    const summary = await runFootprintCsv(
      data.end > data.start ? createReadStream(data.file, { start: data.start, end: data.end - 1 }) : [],
      (chunk) => {
        if (!out) post({ type: 'chunk', chunk });
        else if (!out.write(chunk)) return once(out, 'drain').then(() => undefined);
      },
      {
        ...data.options,
        resolver: (id) => byId.get(id),
        part: { header: data.header, linesBefore: 0, outputHeader: data.outputHeader },
        onProgress: (p) => post({ type: 'progress', ...p }),
      },
    );
    if (out) {
      out.end();
      await once(out, 'finish');
    }
    post({ type: 'done', summary });
  } catch (e) {
    out?.destroy();
    const err = e as AppError;
    post({ type: 'failed', error: { code: err.code, message: err.message, details: err.details } });
  }
}

void main();
