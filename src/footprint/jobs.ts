import { AppError } from '../core/index.js';
import type { Db } from '../db/index.js';
import type { FactorResolver } from '../factors/index.js';
import { computeShipment } from './chain.js';
import { type CsvLineError, csvLineOf, readShipmentsCsv } from './csv.js';
import { type FootprintToSave, MAX_STORED_JOB_ERRORS, saveFootprints, updateJob } from './store.js';

const PROGRESS_EVERY_SHIPMENTS = 2000;

/**
 * Runs a batch CSV upload as a job: reads shipments streaming, computes each and reports bad lines,
 * then stores every valid shipment in one transaction, or nothing when `strict` meets a bad row.
 * Progress goes to the job row every few thousand shipments so clients can poll it.
 */
export async function runFootprintJob(
  db: Db,
  job: { id: string; tenantId: string; strict: boolean },
  csvText: string,
  resolver: FactorResolver,
): Promise<void> {
  const errors: CsvLineError[] = []; // the reader adds row-level problems here
  let computeErrors = 0;
  let rejected = 0;
  const toSave: FootprintToSave[] = [];
  const totalChars = csvText.length;
  let lastLine = 0;
  try {
    await updateJob(db, job.id, { status: 'running' });
    let charsPerLine = 60;
    for await (const read of readShipmentsCsv([csvText], { strict: job.strict, errors, maxErrors: MAX_STORED_JOB_ERRORS })) {
      lastLine = read.lines[read.lines.length - 1] ?? lastLine;
      try {
        toSave.push({ input: read.shipment, result: computeShipment(read.shipment, resolver) });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        rejected++;
        const lineErrors = (err.details.length ? err.details : [{ message: err.message }]).map((d) => csvLineOf(read, d));
        if (job.strict) throw new AppError(err.code, `line ${lineErrors[0]?.line}: ${lineErrors[0]?.message}`, lineErrors);
        computeErrors += lineErrors.length;
        for (const e of lineErrors) if (errors.length < MAX_STORED_JOB_ERRORS) errors.push(e);
      }
      if ((toSave.length + rejected) % PROGRESS_EVERY_SHIPMENTS === 0) {
        charsPerLine = totalChars / Math.max(lastLine, 1);
        await updateJob(db, job.id, {
          processedBytes: Math.min(totalChars, Math.round(lastLine * charsPerLine)),
          linesRead: lastLine,
          shipmentsOk: toSave.length,
          shipmentsFailed: rejected,
        });
      }
    }
    const stored = toSave.length ? await saveFootprints(db, job.tenantId, toSave, { source: 'csv', jobId: job.id }) : [];
    errors.sort((a, b) => a.line - b.line);
    await updateJob(db, job.id, {
      status: 'succeeded',
      processedBytes: totalChars,
      linesRead: lastLine,
      shipmentsOk: stored.length,
      shipmentsFailed: rejected,
      errors,
      errorCount: Math.max(errors.length, computeErrors),
      finished: true,
      message: `${stored.length} shipments stored${errors.length ? `; bad lines: ${errors.length}` : ''}`,
    });
  } catch (err) {
    const details = err instanceof AppError ? err.details : [];
    await updateJob(db, job.id, {
      status: 'failed',
      linesRead: lastLine,
      shipmentsOk: 0,
      errors: details.map((d) => ({ line: d.line ?? 0, field: d.field ?? '', message: d.message })),
      errorCount: details.length || 1,
      message: `nothing stored: ${err instanceof Error ? err.message : String(err)}`,
      finished: true,
    });
  }
}
