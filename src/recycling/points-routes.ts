import { Type } from 'typebox';
import { writeTenant } from '../auth/index.js';
import { errorResponses, type ModuleRoutes, scopeOf } from '../server/http.js';
import { DEFAULT_VALIDITY_MONTHS, expireOldPoints } from './expiry.js';
import { listRules, MAX_ENTRY_POINTS, redeem, reverse, setRule } from './ledger.js';

const tags = ['recycling'];
const Loose = Type.Object({}, { additionalProperties: true });
const WRITERS = ['admin', 'station'] as const;

/**
 * Green points besides awards (which drop-offs and reuse post): redemptions, reversals of mistakes, and
 * the points each event type earns. Every write carries an Idempotency-Key; the ledger is never edited.
 */
export const pointsRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db } = deps;
  const idempotency = Type.Object({ 'idempotency-key': Type.String({ minLength: 1, maxLength: 200 }) });

  app.post(
    '/consumers/:id/redemptions',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Redeem points (never more than the balance); Idempotency-Key required',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        headers: idempotency,
        body: Type.Object(
          {
            points: Type.Integer({ minimum: 1, maximum: MAX_ENTRY_POINTS }),
            reward: Type.String({ minLength: 1, maxLength: 200, description: 'what the points buy (source of the entry)' }),
            tenantId: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose, 201: Loose, ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenantId = await writeTenant(db, scopeOf(request), request.body.tenantId, 'redeem points');
      const posted = await redeem(db, {
        tenantId,
        consumerId: request.params.id,
        points: request.body.points,
        sourceType: 'redemption',
        sourceId: request.body.reward,
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.status(posted.replayed ? 200 : 201).send(posted);
    },
  );

  app.post(
    '/points/entries/:id/reversal',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Reverse an award or redemption made by mistake: a new entry with the opposite points',
        params: Type.Object({ id: Type.String() }),
        headers: idempotency,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }), tenantId: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
        response: { 200: Loose, 201: Loose, ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenantId = await writeTenant(db, scopeOf(request), request.body.tenantId, 'reverse points');
      const posted = await reverse(db, {
        tenantId,
        entryId: request.params.id,
        reason: request.body.reason,
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.status(posted.replayed ? 200 : 201).send(posted);
    },
  );

  app.get(
    '/points/rules',
    {
      schema: {
        tags,
        summary: "Points per event type (dropoff:<grade>, reuse): the tenant's rules over the defaults",
        querystring: Type.Object({ tenantId: Type.Optional(Type.String()) }),
        response: { 200: Type.Object({ items: Type.Array(Loose) }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const tenantId = scope.tenantId ?? request.query.tenantId;
      if (!tenantId) return { items: [] };
      return { items: await listRules(db, tenantId) };
    },
  );

  app.put(
    '/points/rules/:eventType',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Set the points an event type earns (0 turns the reward off)',
        params: Type.Object({ eventType: Type.String({ pattern: '^(dropoff:[a-z_]+|reuse)$' }) }),
        body: Type.Object(
          { points: Type.Integer({ minimum: 0, maximum: MAX_ENTRY_POINTS }), tenantId: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => {
      const tenantId = await writeTenant(db, scopeOf(request), request.body.tenantId, 'set points rules');
      return setRule(db, tenantId, request.params.eventType, request.body.points);
    },
  );

  app.post(
    '/points/expiry',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: `Expire points earned more than validityMonths (default ${DEFAULT_VALIDITY_MONTHS}) before asOf and not spent (first in, first out); safe to run again`,
        body: Type.Object(
          {
            asOf: Type.Optional(Type.String({ format: 'date', description: 'the run day, YYYY-MM-DD (default today, UTC)' })),
            validityMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })),
            tenantId: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => {
      const tenantId = await writeTenant(db, scopeOf(request), request.body.tenantId, 'expire points');
      return expireOldPoints(db, tenantId, { asOf: request.body.asOf, validityMonths: request.body.validityMonths });
    },
  );
};
