import { Type } from 'typebox';
import { ordersForEngines } from '../consolidation/index.js';
import { AppError, ErrorCode, invalid } from '../core/index.js';
import { errorResponses, type ModuleRoutes, scopeOf } from '../server/http.js';
import { standardCandidates } from './candidates.js';
import { designBoxRange } from './design.js';
import type { Box, Item, PackObjective } from './model.js';
import { cartonize } from './pack.js';
import { deleteBox, listBoxes, upsertBoxes } from './store.js';
import { renderParcelSvg } from './svg.js';
import { validatePackOrder } from './validate.js';

const tags = ['packing'];
const Loose = Type.Object({}, { additionalProperties: true });

const PackRequest = Type.Object(
  {
    items: Type.Array(Loose, { minItems: 1, maxItems: 2000 }),
    boxes: Type.Optional(Type.Array(Loose, { minItems: 1, maxItems: 500, description: 'default: the tenant’s catalog' })),
    objective: Type.Optional(Type.Enum(['co2e', 'cost', 'boxes'])),
    rules: Type.Optional(Type.Object({ minSupportRatio: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })) })),
    dimDivisorCm3PerKg: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    boardFactorKgCo2ePerKg: Type.Optional(Type.Number({ minimum: 0 })),
    carrierRate: Type.Optional(Type.Object({ baseCost: Type.Number({ minimum: 0 }), perKg: Type.Number({ minimum: 0 }) })),
    svg: Type.Optional(Type.Boolean({ description: 'add an isometric SVG of each parcel' })),
    tenantId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const TenantQuery = Type.Object({ tenantId: Type.Optional(Type.String()) });

export const packingRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db, keyRing } = deps;

  app.get(
    '/packing/boxes',
    {
      schema: {
        tags,
        summary: 'The box catalog the caller packs with (its own, else the shared one)',
        querystring: TenantQuery,
        response: { 200: Type.Object({ items: Type.Array(Loose) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listBoxes(db, scopeOf(request), request.query.tenantId) }),
  );

  app.put(
    '/packing/boxes',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary: 'Add or replace boxes of a catalog (same id: replaced); no tenantId with an admin key = the shared catalog',
        body: Type.Object(
          { boxes: Type.Array(Loose, { minItems: 1, maxItems: 500 }), tenantId: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Loose) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await upsertBoxes(db, scopeOf(request), request.body.boxes as unknown as Box[], request.body.tenantId),
    }),
  );

  app.delete(
    '/packing/boxes/:id',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary: 'Remove a box from a catalog',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        querystring: TenantQuery,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteBox(db, scopeOf(request), request.params.id, request.query.tenantId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/packing/pack',
    {
      config: { roles: ['admin', 'analyst', 'merchant', 'station'] },
      schema: {
        tags,
        summary:
          'Cartonize an order: boxes, 3D placements, board mass, kg CO2e, dim weight; items that fit no box with the reason',
        body: PackRequest,
        response: {
          200: Type.Unknown({ description: 'PackResult: parcels[], unpacked[], totals (+ svg per parcel)' }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const body = request.body;
      const boxes = (body.boxes as unknown as Box[] | undefined) ?? (await listBoxes(db, scopeOf(request), body.tenantId));
      if (boxes.length === 0)
        throw invalid('no boxes: send boxes or set up a catalog', [{ field: '/boxes', message: 'empty catalog' }]);
      const order = {
        items: body.items as unknown as Item[],
        boxes,
        objective: body.objective as PackObjective | undefined,
        rules: body.rules,
        dimDivisorCm3PerKg: body.dimDivisorCm3PerKg,
        boardFactorKgCo2ePerKg: body.boardFactorKgCo2ePerKg,
        carrierRate: body.carrierRate,
      };
      validatePackOrder(order);
      const result = cartonize(order);
      if (!body.svg) return result;
      const byId = new Map(boxes.map((b) => [b.id, b]));
      return {
        ...result,
        parcels: result.parcels.map((p) => {
          const box = p.boxId ? byId.get(p.boxId) : undefined;
          return box ? { ...p, svg: renderParcelSvg(box, p.placements, order.items) } : p;
        }),
      };
    },
  );

  app.post(
    '/packing/box-range',
    {
      config: { roles: ['admin', 'analyst', 'merchant'] },
      schema: {
        tags,
        summary:
          'Design a range of K box sizes that minimises board (or cost) over the order history; saving against the current catalog',
        body: Type.Object(
          {
            k: Type.Integer({ minimum: 1, maximum: 30 }),
            minimise: Type.Optional(Type.Enum(['board', 'cost'])),
            candidates: Type.Optional(
              Type.Array(Loose, { minItems: 1, maxItems: 400, description: 'default: China Post sizes + a size grid' }),
            ),
            from: Type.Optional(Type.String({ description: 'orders shipping from, ISO 8601 with offset' })),
            to: Type.Optional(Type.String()),
            tenantId: Type.Optional(Type.String()),
            maxOrders: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 5000, description: 'sample size of the history (default 1000)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown({ description: 'BoxRangeResult' }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const body = request.body;
      const tenantId = scope.tenantId ?? body.tenantId;
      if (!tenantId)
        throw invalid('tenantId is required with a key not bound to a tenant', [{ field: 'tenantId', message: 'required' }]);
      const history = await ordersForEngines(db, keyRing, scope, { from: body.from, to: body.to, tenantId });
      if (history.length === 0) throw new AppError(ErrorCode.Unprocessable, 'no orders in the history for this range');
      // An even sample keeps the request bounded; the history is ordered by ship-by.
      const max = body.maxOrders ?? 1000;
      const step = Math.max(1, history.length / max);
      const sample = Array.from({ length: Math.min(max, history.length) }, (_, i) => history[Math.floor(i * step)]!);
      return designBoxRange({
        orders: sample.map((o) => ({ id: o.id, items: o.items })),
        candidates: (body.candidates as unknown as Box[] | undefined) ?? standardCandidates(),
        current: await listBoxes(db, scope, tenantId),
        k: body.k,
        minimise: body.minimise as 'board' | 'cost' | undefined,
      });
    },
  );
};
