import { Type } from 'typebox';
import { errorResponses, IdParams, type ModuleRoutes, PageQuery, pageOf, scopeOf } from '../server/http.js';
import { SITE_KINDS } from './model.js';
import { countSitesByKind, createSite, deleteSite, getSite, listSites, updateSite } from './store.js';

const SiteKind = Type.Enum(SITE_KINDS);

const fields = {
  kind: SiteKind,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  city: Type.String({ minLength: 1, maxLength: 100 }),
  province: Type.String({ minLength: 1, maxLength: 100 }),
  region: Type.String({ minLength: 1, maxLength: 100 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  attributes: Type.Record(Type.String(), Type.Unknown()),
};

const Site = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  ...fields,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const SiteCreate = Type.Object(
  { tenantId: Type.String(), ...fields, attributes: Type.Optional(fields.attributes) },
  { additionalProperties: false },
);

const SitePatch = Type.Partial(Type.Object(fields), { additionalProperties: false });

const SiteQuery = Type.Object({
  ...PageQuery.properties,
  kind: Type.Optional(SiteKind),
  tenantId: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
});

export const networkRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db } = deps;
  const tags = ['network'];

  app.get(
    '/sites',
    {
      schema: {
        tags,
        summary: 'Sites of the network visible to the caller',
        querystring: SiteQuery,
        response: { 200: pageOf(Site), ...errorResponses },
      },
    },
    async (request) => listSites(db, scopeOf(request), request.query),
  );

  app.get(
    '/sites/summary',
    {
      schema: {
        tags,
        summary: 'Count of visible sites by kind',
        response: { 200: Type.Record(Type.String(), Type.Integer()), ...errorResponses },
      },
    },
    async (request) => countSitesByKind(db, scopeOf(request)),
  );

  app.get(
    '/sites/:id',
    { schema: { tags, summary: 'One site', params: IdParams, response: { 200: Site, ...errorResponses } } },
    async (request) => getSite(db, scopeOf(request), request.params.id),
  );

  app.post(
    '/sites',
    {
      config: { roles: ['admin', 'merchant', 'station'] },
      schema: { tags, summary: 'Add a site', body: SiteCreate, response: { 201: Site, ...errorResponses } },
    },
    async (request, reply) => reply.status(201).send(await createSite(db, scopeOf(request), request.body)),
  );

  app.patch(
    '/sites/:id',
    {
      config: { roles: ['admin', 'merchant', 'station'] },
      schema: { tags, summary: 'Change a site', params: IdParams, body: SitePatch, response: { 200: Site, ...errorResponses } },
    },
    async (request) => updateSite(db, scopeOf(request), request.params.id, request.body),
  );

  app.delete(
    '/sites/:id',
    {
      config: { roles: ['admin', 'merchant', 'station'] },
      schema: { tags, summary: 'Remove a site', params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      await deleteSite(db, scopeOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
