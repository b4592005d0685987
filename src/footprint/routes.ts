import { Type } from 'typebox';
import { AppError, ErrorCode } from '../core/index.js';
import type { Db } from '../db/index.js';
import { type FactorResolver, loadResolver } from '../factors/index.js';
import { errorResponses, IdParams, type ModuleRoutes, PageQuery, pageOf, scopeOf } from '../server/http.js';
import { computeShipment } from './chain.js';
import { computeFootprints } from './compute.js';
import { CSV_OUTPUT_COLUMNS, type CsvLineError, csvField, csvLineOf, readShipmentsCsv } from './csv.js';
import { explainShipment } from './explain.js';
import { fromIleap, toIleap } from './ileap.js';
import type { FootprintInput } from './model.js';
import { footprintCsvValues } from './output.js';
import {
  createJob,
  deleteFootprint,
  type FootprintToSave,
  getFootprint,
  getJob,
  jobResults,
  listFootprints,
  MAX_STORED_JOB_ERRORS,
  saveFootprints,
  summarizeFootprints,
  updateJob,
  writeTenant,
} from './store.js';

const tags = ['footprint'];

// The engine validates every field of the chain and names it in the problem; the schema guards the envelope.
const FootprintRequest = Type.Object(
  {
    shipments: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 10_000 })),
    rounds: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 10_000 })),
    store: Type.Optional(Type.Boolean({ description: 'store the shipments footprints (default false)' })),
    tenantId: Type.Optional(Type.String({ description: 'tenant to store for (keys not bound to a tenant)' })),
    shippedOn: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'date of the shipments, YYYY-MM-DD' }),
    ),
    explain: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Stored = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  shipmentId: Type.String(),
  shippedOn: Type.Union([Type.String(), Type.Null()]),
  massKg: Type.Number(),
  transportActivityTkm: Type.Number(),
  co2eWtwKg: Type.Number(),
  co2eTtwKg: Type.Number(),
  co2eWttKg: Type.Number(),
  primaryDataShare: Type.Number(),
  elementCount: Type.Integer(),
  source: Type.String(),
  jobId: Type.Union([Type.String(), Type.Null()]),
  computedAt: Type.String(),
});

const Totals = {
  shipments: Type.Integer(),
  massKg: Type.Number(),
  transportActivityTkm: Type.Number(),
  co2eWtwKg: Type.Number(),
  co2eTtwKg: Type.Number(),
  co2eWttKg: Type.Number(),
  primaryDataShare: Type.Number(),
  co2eIntensityWtwKgPerTkm: Type.Number(),
};
const Summary = Type.Object({ ...Totals, byMonth: Type.Array(Type.Object({ month: Type.String(), ...Totals })) });

const Job = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  status: Type.String(),
  strict: Type.Boolean(),
  totalBytes: Type.Integer(),
  processedBytes: Type.Integer(),
  progress: Type.Number(),
  linesRead: Type.Integer(),
  shipmentsOk: Type.Integer(),
  shipmentsFailed: Type.Integer(),
  errorCount: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), field: Type.String(), message: Type.String() })),
  message: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

const DateRange = {
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  tenantId: Type.Optional(Type.String()),
};

export const footprintRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db, config } = deps;

  // Batch uploads are CSV text; they get their own, larger body limit.
  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: config.uploadLimitBytes },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/footprints',
    {
      config: { roles: ['admin', 'analyst', 'merchant'] },
      schema: {
        tags,
        summary: 'Compute ISO 14083 footprints of shipments and vehicle rounds; optionally store the shipments',
        body: FootprintRequest,
        response: {
          200: Type.Unknown({ description: 'FootprintOutput: shipments[], rounds[] (and stored[] when stored)' }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const body = request.body as FootprintInput & { store?: boolean; tenantId?: string; shippedOn?: string; explain?: boolean };
      // Validate the write before computing, so a rejected request stores nothing.
      const tenantId = body.store ? await writeTenant(db, scope, body.tenantId) : undefined;
      const resolver = await loadResolver(db, scope, { tenantId: tenantId ?? body.tenantId });
      const output = computeFootprints({ shipments: body.shipments, rounds: body.rounds }, resolver);
      let stored: { id: string; shipmentId: string }[] | undefined;
      if (tenantId) {
        const saved = await saveFootprints(
          db,
          tenantId,
          output.shipments.map((result, i) => ({ input: body.shipments![i]!, result, shippedOn: body.shippedOn })),
          { source: 'api' },
        );
        stored = saved.map((s) => ({ id: s.id, shipmentId: s.shipmentId }));
      }
      return { ...output, ...(stored ? { stored } : {}) };
    },
  );

  app.post(
    '/footprints/ileap',
    {
      config: { roles: ['admin', 'analyst', 'merchant'] },
      schema: {
        tags,
        summary:
          'Import iLEAP ShipmentFootprints (bare, bundled with TOCs/HOCs, or in PACT extensions), recompute, optionally store',
        body: Type.Object(
          {
            documents: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1, maxItems: 10_000 }),
            store: Type.Optional(Type.Boolean()),
            tenantId: Type.Optional(Type.String()),
            shippedOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown({ description: 'FootprintOutput (and stored[] when stored)' }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const body = request.body;
      const tenantId = body.store ? await writeTenant(db, scope, body.tenantId) : undefined;
      const shipments = body.documents.map((doc, i) => {
        try {
          return fromIleap(doc);
        } catch (err) {
          if (err instanceof AppError) {
            throw new AppError(
              err.code,
              `documents/${i}: ${err.message}`,
              err.details.map((d) => ({ ...d, field: `/documents/${i}${d.field ?? ''}` })),
            );
          }
          throw err;
        }
      });
      const resolver = await loadResolver(db, scope, { tenantId: tenantId ?? body.tenantId });
      const output = computeFootprints({ shipments }, resolver);
      if (!tenantId) return output;
      const saved = await saveFootprints(
        db,
        tenantId,
        output.shipments.map((result, i) => ({ input: shipments[i]!, result, shippedOn: body.shippedOn })),
        { source: 'ileap' },
      );
      return { ...output, stored: saved.map((s) => ({ id: s.id, shipmentId: s.shipmentId })) };
    },
  );

  app.get(
    '/shipments',
    {
      schema: {
        tags,
        summary: 'Stored shipment footprints',
        querystring: Type.Object({ ...PageQuery.properties, ...DateRange, jobId: Type.Optional(Type.String()) }),
        response: { 200: pageOf(Stored), ...errorResponses },
      },
    },
    async (request) => listFootprints(db, scopeOf(request), request.query),
  );

  app.get(
    '/shipments/summary',
    {
      schema: {
        tags,
        summary: 'Totals and monthly series of stored footprints',
        querystring: Type.Object(DateRange),
        response: { 200: Summary, ...errorResponses },
      },
    },
    async (request) => summarizeFootprints(db, scopeOf(request), request.query),
  );

  app.get(
    '/shipments/:id/footprint',
    {
      schema: {
        tags,
        summary: 'A stored shipment footprint with its chain elements; ?explain=true adds the calculation sheet',
        params: IdParams,
        querystring: Type.Object({ explain: Type.Optional(Type.Boolean()) }),
        response: {
          200: Type.Unknown({ description: 'stored footprint with input, result and optional explanation' }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const found = await getFootprint(db, scope, request.params.id);
      const { input, ...rest } = found;
      if (!request.query.explain) return { ...rest, input };
      const resolver = await loadResolver(db, scope, { tenantId: found.tenantId });
      return { ...rest, input, explanation: explainShipment(found.result, resolver, input) };
    },
  );

  app.get(
    '/shipments/:id/ileap',
    {
      schema: {
        tags,
        summary: 'A stored shipment footprint as iLEAP JSON: {shipmentFootprint, tocs, hocs}',
        params: IdParams,
        response: { 200: Type.Unknown({ description: 'iLEAP ShipmentFootprint with its TOCs and HOCs' }), ...errorResponses },
      },
    },
    async (request) => {
      const found = await getFootprint(db, scopeOf(request), request.params.id);
      return toIleap(found.result, found.input);
    },
  );

  app.delete(
    '/shipments/:id',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary: 'Remove a stored shipment footprint',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteFootprint(db, scopeOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/footprint-jobs',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary: 'Upload a batch CSV (one row per chain element) as an asynchronous job; poll the Location',
        querystring: Type.Object({ tenantId: Type.Optional(Type.String()), strict: Type.Optional(Type.Boolean()) }),
        response: { 202: Job, ...errorResponses },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      if (typeof request.body !== 'string') {
        throw new AppError(ErrorCode.Validation, 'send the CSV as the body with Content-Type: text/csv', [
          { field: 'body', message: 'expected text/csv' },
        ]);
      }
      const csvText = request.body;
      const tenantId = await writeTenant(db, scope, request.query.tenantId);
      const resolver = await loadResolver(db, scope, { tenantId });
      const job = await createJob(db, tenantId, { totalBytes: csvText.length, strict: request.query.strict === true });
      // Runs after the response; progress and the outcome are on the job row.
      setImmediate(() => {
        runFootprintJob(db, { id: job.id, tenantId, strict: job.strict }, csvText, resolver).catch((err) =>
          request.log.error({ err, jobId: job.id }, 'footprint job crashed'),
        );
      });
      return reply.status(202).header('location', `/v1/footprint-jobs/${job.id}`).send(job);
    },
  );

  app.get(
    '/footprint-jobs/:id',
    {
      schema: {
        tags,
        summary: 'Progress and outcome of a batch job, with bad lines',
        params: IdParams,
        response: { 200: Job, ...errorResponses },
      },
    },
    async (request) => getJob(db, scopeOf(request), request.params.id),
  );

  app.get(
    '/footprint-jobs/:id/result',
    {
      schema: {
        tags,
        summary: 'The footprints a job stored, one CSV row per shipment',
        params: IdParams,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'CSV' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const job = await getJob(db, scope, request.params.id);
      if (job.status !== 'succeeded')
        throw new AppError(ErrorCode.Conflict, `job ${job.id} is ${job.status}; the result exists once it succeeded`);
      let out = `${CSV_OUTPUT_COLUMNS.join(',')}\n`;
      for await (const result of jobResults(db, scope, job.id)) out += `${footprintCsvValues(result).map(csvField).join(',')}\n`;
      return reply.type('text/csv; charset=utf-8').send(out);
    },
  );
};

const PROGRESS_EVERY_SHIPMENTS = 2000;

/**
 * Runs a batch CSV upload as a job: reads shipments streaming, computes each and reports bad lines,
 * then stores every valid shipment in one transaction, or nothing when `strict` meets a bad row.
 * Progress goes to the job row every few thousand shipments so clients can poll it.
 */
async function runFootprintJob(
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
