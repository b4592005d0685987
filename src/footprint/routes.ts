import { Type } from 'typebox';
import { AppError, ErrorCode } from '../core/index.js';
import { loadResolver } from '../factors/index.js';
import { errorResponses, IdParams, type ModuleRoutes, PageQuery, pageOf, scopeOf } from '../server/http.js';
import { computeFootprints } from './compute.js';
import { CSV_OUTPUT_COLUMNS, csvField } from './csv.js';
import { explainShipment } from './explain.js';
import { fromIleap, toIleap } from './ileap.js';
import { runFootprintJob } from './jobs.js';
import type { FootprintInput } from './model.js';
import { footprintCsvValues } from './output.js';
import {
  createJob,
  deleteFootprint,
  getFootprint,
  getJob,
  jobResults,
  listFootprints,
  saveFootprints,
  summarizeFootprints,
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
