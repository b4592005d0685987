import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, type ModuleRoutes, PageQuery, ProblemSchema, pageOf, scopeOf } from '../server/http.js';
import { FACTOR_CATEGORIES, type FactorSet, TRANSPORT_MODES } from './model.js';
import { FactorSchema, FactorSetDocumentSchema, FactorSetSchema, FactorSetSummarySchema } from './schemas.js';
import { deleteFactorSet, getFactor, getFactorSet, listFactorSets, listFactors, loadFactorSet } from './store.js';
import { type FactorSetMeta, parseFactorCsv, parseFactorSetDocument } from './validate.js';

const tags = ['factors'];

const ViewQuery = Type.Object({
  tenantId: Type.Optional(
    Type.String({ description: "keys bound to no tenant: include this tenant's loaded sets (default: shared sets only)" }),
  ),
});

const FactorQuery = Type.Object({
  ...PageQuery.properties,
  ...ViewQuery.properties,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'text in the id, name or notes' })),
  category: Type.Optional(Type.Enum(FACTOR_CATEGORIES)),
  setId: Type.Optional(Type.String({ maxLength: 100 })),
  mode: Type.Optional(Type.Enum(TRANSPORT_MODES)),
  region: Type.Optional(Type.String({ maxLength: 50 })),
});

// Factor ids hold ':' (`desnz-2026:hgv-average`); send it as is or URL-encoded (%3A).
const FactorIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: '<set>:<slug>' }) });
const SetIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

const LoadQuery = Type.Object({
  tenantId: Type.Optional(
    Type.String({ description: 'owner of the set; keys bound to no tenant only (absent: shared, admin only)' }),
  ),
  replace: Type.Optional(Type.Boolean({ description: 'replace a loaded set with the same id instead of answering 409' })),
  // The metadata of a CSV upload (a JSON document carries its own).
  id: Type.Optional(Type.String({ description: 'CSV only: set id' })),
  name: Type.Optional(Type.String({ description: 'CSV only: set name (default: the id)' })),
  version: Type.Optional(Type.String({ description: 'CSV only' })),
  publisher: Type.Optional(Type.String({ description: 'CSV only' })),
  licence: Type.Optional(Type.String({ description: 'CSV only: licence of the data, also the default of each row' })),
  sourceUrl: Type.Optional(Type.String({ description: 'CSV only' })),
  description: Type.Optional(Type.String({ description: 'CSV only' })),
  attribution: Type.Optional(Type.String({ description: 'CSV only' })),
});

const LoadResult = Type.Object({ ...FactorSetSummarySchema.properties, replaced: Type.Boolean() });

const writeErrors = { ...errorResponses, 409: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema } as const;

const CSV_COLUMNS =
  'Columns: id or slug, name, category, unit, ttw, wtt, wtw, gwp, region, year, source, source_url, licence, mode, ' +
  'distance_basis, daf_included, temperature_controlled, radiative_forcing, coverage, scope2_method, notes.';

// The body as sent: Fastify's validator coerces types ("2025" -> 2025), and uploads must be strict.
const rawBodies = new WeakMap<FastifyRequest, unknown>();

export const factorRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db } = deps;

  // Only this plugin's routes take CSV.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get(
    '/factors',
    {
      schema: {
        tags,
        summary: 'Emission factors: built-in sets plus shared and own loaded sets',
        querystring: FactorQuery,
        response: { 200: pageOf(FactorSchema), ...errorResponses },
      },
    },
    async (request) => listFactors(db, scopeOf(request), request.query),
  );

  app.get(
    '/factors/:id',
    {
      schema: {
        tags,
        summary: 'One factor with its provenance',
        params: FactorIdParams,
        querystring: ViewQuery,
        response: { 200: FactorSchema, ...errorResponses },
      },
    },
    async (request) => getFactor(db, scopeOf(request), request.params.id, request.query),
  );

  app.get(
    '/factor-sets',
    {
      schema: {
        tags,
        summary: 'Factor sets: built-in, shared and own',
        querystring: Type.Object({ ...PageQuery.properties, ...ViewQuery.properties }),
        response: { 200: pageOf(FactorSetSummarySchema), ...errorResponses },
      },
    },
    async (request) => listFactorSets(db, scopeOf(request), request.query),
  );

  app.get(
    '/factor-sets/:id',
    {
      schema: {
        tags,
        summary: 'One factor set with its factors',
        params: SetIdParams,
        querystring: ViewQuery,
        response: { 200: FactorSetSchema, ...errorResponses },
      },
    },
    async (request) => getFactorSet(db, scopeOf(request), request.params.id, request.query),
  );

  app.post(
    '/factor-sets',
    {
      config: { roles: ['admin', 'analyst', 'merchant'] },
      // Every bad factor is reported by our own validation, not only the first one the schema meets.
      attachValidation: true,
      preValidation: async (request) => {
        if (request.body !== null && typeof request.body === 'object') rawBodies.set(request, structuredClone(request.body));
      },
      schema: {
        tags,
        summary: 'Load a factor set (JSON document, or CSV with the set metadata in the query)',
        description: `All factors load in one transaction or none do; a set id loaded before answers 409 unless replace=true. ${CSV_COLUMNS}`,
        querystring: LoadQuery,
        body: {
          content: {
            'application/json': { schema: FactorSetDocumentSchema },
            'text/csv': { schema: Type.String({ description: `header on line 1. ${CSV_COLUMNS}` }) },
          },
        },
        response: { 200: LoadResult, 201: LoadResult, ...writeErrors },
      },
    },
    async (request, reply) => {
      const failed = request.validationError;
      if (failed && (failed as { validationContext?: string }).validationContext !== 'body') throw failed;
      const { tenantId, replace, ...meta } = request.query;
      let set: FactorSet;
      if (request.headers['content-type']?.startsWith('text/csv')) {
        const setMeta = { ...meta, name: meta.name ?? meta.id } as FactorSetMeta;
        set = parseFactorCsv(String(request.body ?? ''), setMeta);
      } else {
        set = parseFactorSetDocument(rawBodies.get(request) ?? request.body);
      }
      const loaded = await loadFactorSet(db, scopeOf(request), set, { tenantId, replace });
      return reply.status(loaded.replaced ? 200 : 201).send(loaded);
    },
  );

  app.delete(
    '/factor-sets/:id',
    {
      config: { roles: ['admin', 'analyst', 'merchant'] },
      schema: {
        tags,
        summary: 'Remove a loaded factor set (own tenant; shared sets need an admin)',
        params: SetIdParams,
        querystring: ViewQuery,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteFactorSet(db, scopeOf(request), request.params.id, request.query);
      return reply.status(204).send(null);
    },
  );
};
