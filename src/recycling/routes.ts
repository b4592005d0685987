import { Type } from 'typebox';
import { writeTenant } from '../auth/index.js';
import { errorResponses, type ModuleRoutes, scopeOf } from '../server/http.js';
import { listDropoffs, recordDropoff } from './dropoffs.js';
import { statement } from './ledger.js';
import { recyclingMetrics } from './metrics.js';
import { GRADES, SIZE_CLASSES } from './model.js';
import { handOverPickup, listPickups, PICKUP_STATUSES, requestPickup } from './pickups.js';
import { recordReuse } from './reuse.js';
import { createStations, getStation, listStations, parseStationsCsv, type StationInput } from './stations.js';
import { stationStock } from './stock.js';

const tags = ['recycling'];
const Loose = Type.Object({}, { additionalProperties: true });
const WRITERS = ['admin', 'station'] as const;

const StationBody = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    province: Type.String({ minLength: 1, maxLength: 100 }),
    lat: Type.Number(),
    lon: Type.Number(),
    openingHours: Type.Optional(Type.String({ description: 'HH:MM-HH:MM, default 08:00-21:00' })),
    storageCapacity: Type.Optional(Type.Integer({ minimum: 0, description: 'reclaimed boxes it can hold, default 200' })),
    tenantId: Type.Optional(Type.String({ description: 'operator tenant, for keys not bound to one' })),
  },
  { additionalProperties: false },
);

/** Station recycling: stations, drop-offs with green points, consumers' points, stock, reuse, pickups, metrics. */
export const recyclingRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db, config } = deps;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: config.uploadLimitBytes }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/stations',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Add a pick-up/drop-off station ({"id","name","city","province","lat","lon"}); its id is the operator\'s code',
        body: StationBody,
        response: { 201: Loose, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, ...station } = request.body;
      const owner = await writeTenant(db, scopeOf(request), tenantId, 'add stations');
      const [created] = await createStations(db, owner, [station as StationInput]);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/stations/import',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Import stations from CSV (id,name,city,province,lat,lon[,opening_hours,storage_capacity]); all or nothing',
        querystring: Type.Object({ tenantId: Type.Optional(Type.String()) }),
        response: { 201: Type.Object({ imported: Type.Integer() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const owner = await writeTenant(db, scopeOf(request), request.query.tenantId, 'import stations');
      const { stations, lines } = parseStationsCsv(String(request.body ?? ''));
      const created = await createStations(db, owner, stations, lines);
      return reply.status(201).send({ imported: created.length });
    },
  );

  app.get(
    '/stations',
    {
      schema: {
        tags,
        summary: "Stations (of the caller's tenant)",
        querystring: Type.Object({ city: Type.Optional(Type.String()), tenantId: Type.Optional(Type.String()) }),
        response: { 200: Type.Object({ items: Type.Array(Loose) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listStations(db, scopeOf(request), { city: request.query.city, tenantId: request.query.tenantId }),
    }),
  );

  app.get(
    '/stations/:id',
    {
      schema: {
        tags,
        summary: 'One station',
        params: Type.Object({ id: Type.String() }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => getStation(db, scopeOf(request), request.params.id),
  );

  app.post(
    '/dropoffs',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          'Record a drop-off ({"stationId","consumerId","waybillNo"|"epc","grade","deviceId"?}); one reward per parcel or box, ever; caps per consumer and station per day and per device per minute; refusals carry a reason; replays with the same Idempotency-Key get the first answer (200)',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: Type.Object(
          {
            stationId: Type.String({ minLength: 1, maxLength: 64 }),
            consumerId: Type.String({ minLength: 1, maxLength: 128 }),
            waybillNo: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            epc: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
            grade: Type.String({ description: GRADES.join(' | ') }),
            deviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose, 201: Loose, ...errorResponses },
      },
    },
    async (request, reply) => {
      const dropoff = await recordDropoff(db, scopeOf(request), request.body, {
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.status(dropoff.replayed ? 200 : 201).send(dropoff);
    },
  );

  app.get(
    '/dropoffs',
    {
      schema: {
        tags,
        summary: 'Recent drop-offs, newest first',
        querystring: Type.Object({
          stationId: Type.Optional(Type.String()),
          consumerId: Type.Optional(Type.String()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Loose) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listDropoffs(db, scopeOf(request), {
        stationId: request.query.stationId,
        consumerId: request.query.consumerId,
        limit: request.query.limit ?? 50,
      }),
    }),
  );

  app.get(
    '/consumers/:id/points',
    {
      schema: {
        tags,
        summary: "A consumer's green points: the balance (the sum of the ledger) and the entries, newest first",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        querystring: Type.Object({
          tenantId: Type.Optional(Type.String()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          cursor: Type.Optional(Type.String()),
        }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) =>
      statement(db, scopeOf(request), request.params.id, {
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
        tenantId: request.query.tenantId,
      }),
  );

  app.post(
    '/reuse',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          'Record a parcel sent in a reclaimed box ({"stationId","sizeClass","waybillNo"?,"consumerId"?}): takes one box from stock (422 out_of_stock when none), records the board and kg CO2e avoided, awards the consumer the reuse points if named; replays with the same Idempotency-Key (default: the waybill number) get the first answer (200)',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: Type.Object(
          {
            stationId: Type.String({ minLength: 1, maxLength: 64 }),
            sizeClass: Type.Enum([...SIZE_CLASSES]),
            waybillNo: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            consumerId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose, 201: Loose, ...errorResponses },
      },
    },
    async (request, reply) => {
      const reuse = await recordReuse(db, scopeOf(request), request.body, {
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.status(reuse.replayed ? 200 : 201).send(reuse);
    },
  );

  app.get(
    '/stations/:id/stock',
    {
      schema: {
        tags,
        summary:
          "A station's stock of reclaimed boxes by size class and grade, its pickup threshold (80 % of storage capacity) and open pickup",
        params: Type.Object({ id: Type.String() }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => stationStock(db, scopeOf(request), request.params.id),
  );

  app.get(
    '/pickups',
    {
      schema: {
        tags,
        summary: 'Pickups of collected boxes, newest first',
        querystring: Type.Object({
          stationId: Type.Optional(Type.String()),
          status: Type.Optional(Type.Enum([...PICKUP_STATUSES])),
          tenantId: Type.Optional(Type.String()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Loose) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listPickups(db, scopeOf(request), {
        stationId: request.query.stationId,
        status: request.query.status,
        tenantId: request.query.tenantId,
        limit: request.query.limit ?? 100,
      }),
    }),
  );

  app.post(
    '/pickups',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          'Request a pickup for a station ({"stationId"}); a station has one open pickup at most: when one is open it is returned (200)',
        body: Type.Object({ stationId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: Loose, 201: Loose, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { pickup, created } = await requestPickup(db, scopeOf(request), request.body.stationId);
      return reply.status(created ? 201 : 200).send(pickup);
    },
  );

  app.post(
    '/pickups/:id/handover',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          'Hand a pickup over ({"collector","signedBy","counts"?:[{"sizeClass","grade"?,"count"}]}): takes the boxes from stock (all, or the counts) and stores the signed manifest of counts and weights; a second handover is 409',
        params: Type.Object({ id: Type.String() }),
        body: Type.Object(
          {
            collector: Type.String({ minLength: 1, maxLength: 200 }),
            signedBy: Type.String({ minLength: 1, maxLength: 200 }),
            counts: Type.Optional(
              Type.Array(
                Type.Object(
                  {
                    sizeClass: Type.Enum([...SIZE_CLASSES]),
                    grade: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
                    count: Type.Integer({ minimum: 0 }),
                  },
                  { additionalProperties: false },
                ),
                { maxItems: 50 },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => handOverPickup(db, scopeOf(request), request.params.id, request.body),
  );

  app.get(
    '/recycling/metrics',
    {
      schema: {
        tags,
        summary:
          'Recycling metrics: packages collected and reused, reuse rate, participating stations, cities, consumers, board and kg CO2e avoided, points; totals, by month, by city, top 10 stations (days are local, UTC+8)',
        querystring: Type.Object({
          from: Type.Optional(Type.String({ description: 'first local day, YYYY-MM-DD' })),
          to: Type.Optional(Type.String({ description: 'last local day, YYYY-MM-DD' })),
          city: Type.Optional(Type.String()),
          stationId: Type.Optional(Type.String()),
          tenantId: Type.Optional(Type.String()),
        }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) =>
      recyclingMetrics(db, scopeOf(request), {
        fromDay: request.query.from,
        toDay: request.query.to,
        city: request.query.city,
        stationId: request.query.stationId,
        tenantId: request.query.tenantId,
      }),
  );
};
