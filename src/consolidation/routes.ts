import { Type } from 'typebox';
import { writeTenant } from '../auth/index.js';
import { AppError, ErrorCode } from '../core/index.js';
import { cartonize, listBoxes } from '../packing/index.js';
import { errorResponses, type ModuleRoutes, PageQuery, pageOf, scopeOf } from '../server/http.js';
import { parseOrdersCsv } from './csv.js';
import { consolidate, DEFAULT_HOLD_WINDOW_MINUTES } from './group.js';
import type { Order } from './model.js';
import { listOrders, ordersForEngines, saveOrders } from './store.js';

const tags = ['consolidation'];
const Loose = Type.Object({}, { additionalProperties: true });

export const consolidationRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db, keyRing, config } = deps;

  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: config.uploadLimitBytes }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/consolidation/orders',
    {
      schema: {
        tags,
        summary: 'Stored orders; recipients are masked',
        querystring: Type.Object({
          ...PageQuery.properties,
          from: Type.Optional(Type.String()),
          to: Type.Optional(Type.String()),
          tenantId: Type.Optional(Type.String()),
        }),
        response: { 200: pageOf(Loose), ...errorResponses },
      },
    },
    async (request) => listOrders(db, keyRing, scopeOf(request), request.query),
  );

  app.post(
    '/consolidation/orders',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary: 'Import orders (JSON {orders}, or text/csv one row per order line); all or nothing; same order id replaces',
        querystring: Type.Object({ tenantId: Type.Optional(Type.String()) }),
        response: { 201: Type.Object({ stored: Type.Integer() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const tenantId = await writeTenant(db, scope, request.query.tenantId, 'import orders');
      const body = request.body as unknown;
      let orders: Order[];
      if (typeof body === 'string') orders = parseOrdersCsv(body);
      else if (body && typeof body === 'object' && Array.isArray((body as { orders?: unknown }).orders))
        orders = (body as { orders: Order[] }).orders;
      else
        throw new AppError(ErrorCode.Validation, 'send {"orders":[...]} or a text/csv body', [
          { field: 'body', message: 'expected orders' },
        ]);
      return reply.status(201).send({ stored: await saveOrders(db, keyRing, tenantId, orders) });
    },
  );

  app.post(
    '/consolidation/report',
    {
      config: { roles: ['admin', 'analyst', 'merchant'] },
      schema: {
        tags,
        summary: 'Which stored orders ship together, and the parcels, board and kg CO2e that avoids against one parcel per order',
        body: Type.Object(
          {
            from: Type.Optional(Type.String({ description: 'ship-by from, ISO 8601 with offset' })),
            to: Type.Optional(Type.String()),
            tenantId: Type.Optional(Type.String()),
            holdWindowMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 60 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown({ description: 'ConsolidationReport' }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const { from, to, tenantId, holdWindowMinutes } = request.body;
      const orders = await ordersForEngines(db, keyRing, scope, { from, to, tenantId });
      const boxes = await listBoxes(db, scope, tenantId ?? scope.tenantId);
      if (boxes.length === 0) throw new AppError(ErrorCode.Unprocessable, 'no box catalog to pack with');
      const report = consolidate(orders, {
        holdWindowMinutes: holdWindowMinutes ?? DEFAULT_HOLD_WINDOW_MINUTES,
        pack: (items) => cartonize({ items, boxes }),
      });
      // The report names orders and destinations by reference only; no recipient data is in it.
      return report;
    },
  );
};
