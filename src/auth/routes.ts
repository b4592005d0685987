import { Type } from 'typebox';
import { ROLES } from '../core/index.js';
import { errorResponses, IdParams, type ModuleRoutes, PageQuery, pageOf, scopeOf } from '../server/http.js';
import { TENANT_KINDS } from './model.js';
import { createApiKey, createTenant, getTenant, listApiKeys, listTenants, revokeApiKey } from './store.js';

const Tenant = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Enum(TENANT_KINDS),
  createdAt: Type.String({ format: 'date-time' }),
});

const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.Enum(ROLES),
  tenantId: Type.Union([Type.String(), Type.Null()]),
  keyPrefix: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});

const CreatedKey = Type.Object({ ...ApiKey.properties, key: Type.String({ description: 'shown once' }) });

export const authRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The calling key: role and tenant',
        response: {
          200: Type.Object({ keyId: Type.String(), role: Type.String(), tenantId: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses,
        },
      },
    },
    async (request) => scopeOf(request),
  );

  app.get(
    '/tenants',
    {
      schema: {
        tags: ['auth'],
        summary: 'Tenants visible to the caller',
        querystring: PageQuery,
        response: { 200: pageOf(Tenant), ...errorResponses },
      },
    },
    async (request) => listTenants(db, scopeOf(request), request.query),
  );

  app.get(
    '/tenants/:id',
    { schema: { tags: ['auth'], summary: 'One tenant', params: IdParams, response: { 200: Tenant, ...errorResponses } } },
    async (request) => getTenant(db, scopeOf(request), request.params.id),
  );

  app.post(
    '/tenants',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: 'Create a tenant (merchant, brand, station operator)',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), kind: Type.Enum(TENANT_KINDS) },
          { additionalProperties: false },
        ),
        response: { 201: Tenant, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createTenant(db, request.body)),
  );

  app.get(
    '/keys',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: 'API keys (never the secrets)',
        querystring: PageQuery,
        response: { 200: pageOf(ApiKey), ...errorResponses },
      },
    },
    async (request) => listApiKeys(db, scopeOf(request), request.query),
  );

  app.post(
    '/keys',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: 'Create an API key; the key is in the response once and never again',
        body: Type.Object(
          {
            role: Type.Enum(ROLES),
            tenantId: Type.Optional(Type.String()),
            name: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CreatedKey, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiKey(db, request.body)),
  );

  app.delete(
    '/keys/:id',
    {
      config: { roles: ['admin'] },
      schema: { tags: ['auth'], summary: 'Revoke an API key', params: IdParams, response: { 200: ApiKey, ...errorResponses } },
    },
    async (request) => revokeApiKey(db, scopeOf(request), request.params.id),
  );
};
