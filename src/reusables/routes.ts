import { Type } from 'typebox';
import { writeTenant } from '../auth/index.js';
import { errorResponses, type ModuleRoutes, scopeOf } from '../server/http.js';
import { BOX_STATES, type BoxState } from './pool/model.js';
import { boxDetail, periodMs, poolBoxes, poolReport, poolSeries } from './pool/report.js';
import { type BoxTypeInput, createBoxType, getBoxType, listBoxTypes } from './pool/store.js';

const tags = ['reusables'];
const Loose = Type.Object({}, { additionalProperties: true });

const PeriodQuery = {
  from: Type.Optional(Type.String({ description: 'period start, YYYY-MM-DD or ISO 8601 (default: 365 days before `to`)' })),
  to: Type.Optional(Type.String({ description: 'period end, exclusive (default: now)' })),
};

/** Reusable box pools: box types, the state of every box and the pool KPIs, all derived from EPCIS events. */
export const reusableRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db } = deps;

  app.get(
    '/reusables/box-types',
    {
      schema: {
        tags,
        summary: 'Box types (one GRAI asset type each: its pool)',
        querystring: Type.Object({ tenantId: Type.Optional(Type.String()) }),
        response: { 200: Type.Object({ items: Type.Array(Loose) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listBoxTypes(db, scopeOf(request), request.query.tenantId) }),
  );

  app.post(
    '/reusables/box-types',
    {
      config: { roles: ['admin', 'merchant'] },
      schema: {
        tags,
        summary:
          'Declare a box type: GRAI company prefix + asset type, design trips, CO2e of making it and of the carton it replaces',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            companyPrefix: Type.String({ pattern: '^[0-9]{6,12}$' }),
            assetType: Type.String({ pattern: '^[0-9]{0,6}$' }),
            designTrips: Type.Integer({ minimum: 1, maximum: 100000 }),
            productionKgCo2e: Type.Number({ minimum: 0 }),
            singleUseName: Type.String({ minLength: 1, maxLength: 200 }),
            singleUseKgCo2e: Type.Number({ minimum: 0 }),
            returnTransportKgCo2ePerTrip: Type.Number({ minimum: 0 }),
            cleaningKgCo2ePerTrip: Type.Number({ minimum: 0 }),
            overdueAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
            lostAfterDays: Type.Optional(Type.Integer({ minimum: 2, maximum: 3650 })),
            tenantId: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Loose, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, ...input } = request.body;
      const owner = await writeTenant(db, scopeOf(request), tenantId, 'declare box types');
      return reply.status(201).send(await createBoxType(db, owner, input as BoxTypeInput));
    },
  );

  app.get(
    '/reusables/box-types/:id',
    { schema: { tags, summary: 'One box type', params: Type.Object({ id: Type.String() }) } },
    async (request) => getBoxType(db, scopeOf(request), request.params.id),
  );

  app.get(
    '/reusables/kpis',
    {
      schema: {
        tags,
        summary:
          'Pool KPIs per box type and per brand for a period: circulation, trips, return rate, cycle and dwell times, overdue, lost, shrinkage, CO2e per trip, break-even, CO2e saved',
        querystring: Type.Object({
          ...PeriodQuery,
          tenantId: Type.Optional(Type.String()),
          boxTypeId: Type.Optional(Type.String()),
        }),
      },
    },
    async (request) =>
      poolReport(db, scopeOf(request), {
        tenantId: request.query.tenantId,
        boxTypeId: request.query.boxTypeId,
        fromMs: periodMs(request.query.from, 'from'),
        toMs: periodMs(request.query.to, 'to'),
      }),
  );

  app.get(
    '/reusables/box-types/:id/series',
    {
      schema: {
        tags,
        summary: 'Monthly series of a pool (shipments, trips, returns, lost, boxes in circulation)',
        params: Type.Object({ id: Type.String() }),
        querystring: Type.Object(PeriodQuery),
      },
    },
    async (request) =>
      poolSeries(db, scopeOf(request), request.params.id, {
        fromMs: periodMs(request.query.from, 'from'),
        toMs: periodMs(request.query.to, 'to'),
      }),
  );

  app.get(
    '/reusables/box-types/:id/boxes',
    {
      schema: {
        tags,
        summary: 'The boxes of a pool with their lifecycle state (derived from their events)',
        params: Type.Object({ id: Type.String() }),
        querystring: Type.Object({
          state: Type.Optional(Type.Enum([...BOX_STATES])),
          overdue: Type.Optional(Type.Boolean()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
          at: Type.Optional(Type.String({ description: 'state as of this time (default now)' })),
        }),
      },
    },
    async (request) =>
      poolBoxes(db, scopeOf(request), request.params.id, {
        state: request.query.state as BoxState | undefined,
        overdue: request.query.overdue,
        limit: request.query.limit ?? 100,
        offset: request.query.offset ?? 0,
        atMs: periodMs(request.query.at, 'at'),
      }),
  );

  app.get(
    '/reusables/boxes/:epc',
    {
      schema: {
        tags,
        summary: 'One box (GRAI as URN or Digital Link, URL-encoded): state, trips and events',
        params: Type.Object({ epc: Type.String() }),
      },
    },
    async (request) => boxDetail(db, scopeOf(request), request.params.epc),
  );
};
