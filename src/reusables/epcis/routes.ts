import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { writeTenant } from '../../auth/index.js';
import { ErrorCode, invalid } from '../../core/index.js';
import { type ModuleRoutes, scopeOf } from '../../server/http.js';
import { sendProblem, toProblem } from '../../server/problem.js';
import { EpcisException, exceptionForStatus } from './errors.js';
import { CAPTURE_BEHAVIOURS, type CaptureBehaviour, EPC_FORMATS, type EpcFormat } from './model.js';
import { parseEventQuery, type RawQuery } from './query.js';
import {
  assertCaptureSize,
  CAPTURE_EVENT_LIMIT,
  captureEvents,
  captureOne,
  captureValidationError,
  getCaptureJob,
  listCaptureJobs,
  queryEvents,
} from './store.js';
import { parseDocument } from './validate.js';

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const EPCIS_VERSION = '2.0.0';
const tags = ['epcis'];
const WRITERS = ['admin', 'merchant'] as const;
const Loose = Type.Object({}, { additionalProperties: true });
const TenantQuery = Type.Object(
  { tenantId: Type.Optional(Type.String({ description: 'owner tenant, for keys not bound to one' })) },
  { additionalProperties: true },
);

/** Reads an optional GS1 header with a fixed set of values. */
function headerValue<T extends string>(request: FastifyRequest, name: string, allowed: readonly T[], fallback: T): T {
  const raw = request.headers[name.toLowerCase()];
  if (raw === undefined || raw === '') return fallback;
  const v = Array.isArray(raw) ? raw[0] : raw;
  const match = allowed.find((a) => a.toLowerCase() === String(v).toLowerCase());
  if (!match) {
    throw new EpcisException('ValidationException', ErrorCode.Validation, `${name} must be one of ${allowed.join(', ')}`, [
      { field: name, message: `unsupported value "${v}"` },
    ]);
  }
  return match;
}

/** `GS1-EPC-Format`; the REST bindings make Digital Link the default when the header is absent. */
const epcFormatOf = (request: FastifyRequest): EpcFormat =>
  headerValue(request, 'GS1-EPC-Format', EPC_FORMATS, 'Always_GS1_Digital_Link');

/** The @context of an answer: the standard one plus the extension prefixes of the events' documents. */
function contextOf(contexts: unknown[]): unknown[] {
  const prefixes: Record<string, unknown> = {};
  for (const c of contexts) {
    for (const part of Array.isArray(c) ? c : [c]) {
      if (part && typeof part === 'object' && !Array.isArray(part)) Object.assign(prefixes, part);
    }
  }
  return Object.keys(prefixes).length ? [EPCIS_CONTEXT, prefixes] : [EPCIS_CONTEXT];
}

/** EPCIS 2.0 REST bindings under /epcis: capture (document and single event) and SimpleEventQuery. */
export const epcisRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db, config } = deps;
  // A document of the maximum event count fits easily; larger bodies would only cost memory to refuse.
  const captureBytes = Math.min(config.uploadLimitBytes, 32 * 1024 * 1024);

  // EPCIS documents arrive as JSON-LD.
  app.addContentTypeParser('application/ld+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      const e = new EpcisException(
        'ValidationException',
        ErrorCode.Validation,
        `the body is not valid JSON: ${(err as Error).message}`,
        [{ field: 'body', message: 'malformed JSON' }],
      );
      done(e, undefined);
    }
  });

  // Errors as RFC 9457 problems typed with the EPCIS exception names.
  app.setErrorHandler((err, request, reply) => {
    const problem = toProblem(err, request);
    const name = err instanceof EpcisException ? err.exception : exceptionForStatus(problem.status);
    if (problem.status >= 500) request.log.error({ err }, 'request failed');
    return sendProblem(reply, { ...problem, type: `epcisException:${name}`, title: name });
  });

  app.addHook('onRequest', async (request) => {
    const min = request.headers['gs1-epcis-min-version'];
    const wanted = request.headers['gs1-epcis-version'];
    const tooNew = (v: unknown) => typeof v === 'string' && v !== '' && !v.startsWith('2.0');
    if (tooNew(wanted) || (typeof min === 'string' && min > EPCIS_VERSION)) {
      throw new EpcisException(
        'NotAcceptableException',
        ErrorCode.NotAcceptable,
        `this repository speaks EPCIS ${EPCIS_VERSION}`,
      );
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('GS1-EPCIS-Version', EPCIS_VERSION);
    reply.header('GS1-CBV-Version', EPCIS_VERSION);
  });
  // The next page is announced in a Link header (EPCIS 2.0 pagination), not in the document.
  const sendQuery = (
    reply: FastifyReply,
    format: EpcFormat,
    result: Awaited<ReturnType<typeof queryEvents>>,
    request: FastifyRequest,
  ) => {
    reply.header('GS1-EPC-Format', format);
    if (result.nextPageToken) {
      const url = new URL(request.url, 'http://local');
      url.searchParams.set('nextPageToken', result.nextPageToken);
      reply.header('Link', `<${url.pathname}${url.search}>; rel="next"`);
    }
    return {
      '@context': contextOf(result.contexts),
      type: 'EPCISQueryDocument',
      schemaVersion: '2.0',
      creationDate: new Date().toISOString(),
      epcisBody: {
        queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: result.events } },
      },
    };
  };

  app.options(
    '/capture',
    { config: { public: true }, schema: { tags, summary: 'Capture limits and supported error behaviours' } },
    async (_request, reply) => {
      reply
        .header('Allow', 'OPTIONS, GET, POST')
        .header('GS1-EPCIS-Capture-Limit', String(CAPTURE_EVENT_LIMIT))
        .header('GS1-EPCIS-Capture-File-Size-Limit', String(captureBytes))
        .header('GS1-Capture-Error-Behaviour', 'all')
        .header('GS1-EPC-Format', EPC_FORMATS.join(', '))
        .status(204);
      return reply.send();
    },
  );

  app.post(
    '/capture',
    {
      bodyLimit: captureBytes,
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          'Capture an EPCISDocument (JSON-LD). Answers 202 with the capture job at Location; GS1-Capture-Error-Behaviour rollback (default) or proceed',
        querystring: TenantQuery,
        body: Loose,
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const behaviour: CaptureBehaviour = headerValue(request, 'GS1-Capture-Error-Behaviour', CAPTURE_BEHAVIOURS, 'rollback');
      const tenantId = await writeTenant(db, scope, request.query.tenantId, 'capture EPCIS events');
      const doc = parseDocument(request.body);
      if (doc.errors.length) {
        throw new EpcisException(
          'ValidationException',
          ErrorCode.Validation,
          `the document is not an EPCIS 2.0 document: ${doc.errors[0]?.field} ${doc.errors[0]?.message}`,
          doc.errors.map((e) => ({ field: e.field, message: e.message })),
        );
      }
      assertCaptureSize(doc.events.length);
      const job = await captureEvents(db, {
        tenantId,
        keyId: scope.keyId,
        behaviour,
        context: doc.context,
        events: doc.events,
        listPointer: doc.eventListPointer,
      });
      reply.header('Location', `/epcis/capture/${job.captureID}`);
      // Rollback: a document with an invalid event is refused as a whole, and says why right away.
      if (behaviour === 'rollback' && !job.success) throw captureValidationError(job);
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/capture',
    {
      schema: {
        tags,
        summary: 'Recent capture jobs',
        querystring: Type.Object({ perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
      },
    },
    async (request) => ({ captureJobs: await listCaptureJobs(db, scopeOf(request), request.query.perPage ?? 50) }),
  );

  app.get(
    '/capture/:captureID',
    {
      schema: { tags, summary: 'A capture job: running, success, errors', params: Type.Object({ captureID: Type.String() }) },
    },
    async (request) => getCaptureJob(db, scopeOf(request), request.params.captureID),
  );

  app.post(
    '/events',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Capture one event (201, or 409 when its eventID is taken)',
        querystring: TenantQuery,
        body: Loose,
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const tenantId = await writeTenant(db, scope, request.query.tenantId, 'capture EPCIS events');
      const body = request.body as Record<string, unknown>;
      if (typeof body.type === 'string' && body.type.endsWith('Document')) {
        throw invalid('POST /epcis/events takes one event; send documents to /epcis/capture', [
          { field: '/type', message: 'an event type is expected' },
        ]);
      }
      const { eventId, job } = await captureOne(db, { tenantId, keyId: scope.keyId, context: body['@context'], event: body });
      reply.header('Location', `/epcis/events/${encodeURIComponent(eventId)}`);
      return reply.status(201).send({ eventID: eventId, captureID: job.captureID });
    },
  );

  const QueryString = Type.Object({}, { additionalProperties: true });
  const query = async (request: FastifyRequest, reply: FastifyReply, path: { eventType?: string; epc?: string }) => {
    const format = epcFormatOf(request);
    const q = parseEventQuery(request.query as RawQuery, path);
    return sendQuery(reply, format, await queryEvents(db, scopeOf(request), q, format), request);
  };

  app.get(
    '/events',
    {
      schema: {
        tags,
        summary:
          'SimpleEventQuery: eventType, EQ_bizStep, EQ_disposition, EQ_action, EQ_readPoint, EQ_bizLocation, MATCH_epc, MATCH_anyEPC, MATCH_parentID, MATCH_inputEPC, MATCH_outputEPC, MATCH_epcClass, GE/LT_eventTime, GE/LT_recordTime, EQ_persistentDisposition_set/unset, EQ_eventID, EXISTS_errorDeclaration, orderBy, orderDirection, perPage, nextPageToken',
        querystring: QueryString,
      },
    },
    async (request, reply) => query(request, reply, {}),
  );

  app.get(
    '/events/:eventID',
    { schema: { tags, summary: 'One event by its eventID', params: Type.Object({ eventID: Type.String() }) } },
    async (request, reply) => {
      const format = epcFormatOf(request);
      const q = parseEventQuery({ EQ_eventID: request.params.eventID });
      const result = await queryEvents(db, scopeOf(request), q, format);
      const event = result.events[0];
      if (!event)
        throw new EpcisException('NoSuchResourceException', ErrorCode.NotFound, `event ${request.params.eventID} not found`);
      reply.header('GS1-EPC-Format', format);
      return { '@context': contextOf(result.contexts), ...event };
    },
  );

  app.get('/eventTypes', { schema: { tags, summary: 'The event types this repository stores' } }, async () => ({
    '@context': [EPCIS_CONTEXT],
    type: 'Collection',
    member: ['ObjectEvent', 'AggregationEvent', 'TransactionEvent', 'TransformationEvent', 'AssociationEvent'],
  }));

  app.get(
    '/eventTypes/:eventType/events',
    {
      schema: {
        tags,
        summary: 'Events of one type (SimpleEventQuery parameters apply)',
        params: Type.Object({ eventType: Type.String() }),
        querystring: QueryString,
      },
    },
    async (request, reply) => query(request, reply, { eventType: request.params.eventType }),
  );

  app.get(
    '/epcs/:epc/events',
    {
      schema: {
        tags,
        summary: 'Events naming an EPC (URN or Digital Link, URL-encoded) in any role; SimpleEventQuery parameters apply',
        params: Type.Object({ epc: Type.String() }),
        querystring: QueryString,
      },
    },
    async (request, reply) => query(request, reply, { epc: request.params.epc }),
  );
};
