import { Type } from 'typebox';
import { invalid } from '../core/index.js';
import { errorResponses, IdParams, type ModuleRoutes, PageQuery, scopeOf } from '../server/http.js';
import { GRID_REGIONS } from './energy.js';
import { CSV_HEADERS, parseReadingsCsv, parseReadingsJson, READING_KINDS, STEP_MINUTES } from './import.js';
import { INTERVAL_LABELS, MODULE_TYPES, MOUNTINGS } from './model.js';
import {
  createPark,
  expectedEnergy,
  GRANULARITIES,
  getPark,
  listParks,
  newSystemId,
  type ParkInput,
  parkEnergy,
  performance,
  solarAlerts,
  solarSummary,
  updatePark,
} from './service.js';
import {
  addSystem,
  importReadings,
  listReadings,
  type ParkSettings,
  type SystemInput,
  type SystemPatch,
  updateSystem,
} from './store.js';

const tags = ['solar'];
const Loose = Type.Object({}, { additionalProperties: true });
/** Operators write (admin keys and tenant keys); analysts, stations and couriers read at most. */
const WRITERS = ['admin', 'merchant'] as const;

const Label = Type.String({ description: `what a source's timestamps name: ${INTERVAL_LABELS.join(' | ')} (default left)` });

// Ranges are checked by the store, which reports every bad field at once (the schema checks types only).
const settings = {
  elevationM: Type.Optional(Type.Number({ description: 'metres above sea level, default 0' })),
  utcOffsetMin: Type.Optional(Type.Integer({ description: 'minutes east of UTC of local time, default 480 (China)' })),
  linkeTurbidity: Type.Optional(Type.Array(Type.Number(), { description: '12 monthly Linke turbidity values, default 4' })),
  meterLabel: Type.Optional(Label),
  sensorLabel: Type.Optional(Label),
  siteMeterLabel: Type.Optional(Label),
  sensorTiltDeg: Type.Optional(
    Type.Union([Type.Number(), Type.Null()], { description: "POA sensor tilt; null (default): in every system's plane" }),
  ),
  sensorAzimuthDeg: Type.Optional(
    Type.Union([Type.Number(), Type.Null()], { description: 'POA sensor azimuth, clockwise from north (default 180)' }),
  ),
  gridRegion: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: `MEE grid for Scope 2 (${GRID_REGIONS.join(', ')}); default the site region`,
    }),
  ),
};

const ParkCreate = Type.Object(
  {
    siteId: Type.Optional(Type.String({ description: 'an existing site of kind solar_park; or give the site fields' })),
    tenantId: Type.Optional(Type.String({ description: 'owner, for keys not bound to a tenant' })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    province: Type.Optional(Type.String({ maxLength: 100 })),
    region: Type.Optional(Type.String({ maxLength: 100 })),
    lat: Type.Optional(Type.Number()),
    lon: Type.Optional(Type.Number()),
    attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    ...settings,
  },
  { additionalProperties: false },
);

const ParkPatch = Type.Object(settings, { additionalProperties: false });

const systemFields = {
  name: Type.String({ maxLength: 200 }),
  dcKwp: Type.Number({ description: 'DC nameplate, kWp' }),
  tiltDeg: Type.Number({ description: '0 (flat) to 90' }),
  azimuthDeg: Type.Optional(Type.Number({ description: 'clockwise from north, 180 = south (default)' })),
  mounting: Type.Optional(Type.String({ description: `${MOUNTINGS.join(' | ')}; default close_mount` })),
  moduleType: Type.Optional(Type.String({ description: `${MODULE_TYPES.join(' | ')}; default standard` })),
  inverterAcKw: Type.Optional(Type.Number({ description: 'default dcKwp / 1.1' })),
  lossesPct: Type.Optional(Type.Number({ description: 'PVWatts system losses, default 14.08' })),
  albedo: Type.Optional(Type.Number({ description: 'default 0.2' })),
  commissionedOn: Type.Optional(Type.Union([Type.String({ description: 'YYYY-MM-DD' }), Type.Null()])),
};

const SystemCreate = Type.Object(
  { id: Type.Optional(Type.String({ description: "the operator's code; generated when absent" })), ...systemFields },
  { additionalProperties: false },
);
const SystemPatchBody = Type.Partial(Type.Object(systemFields), { additionalProperties: false });

const ReadingsOptions = {
  parkId: Type.Optional(Type.String()),
  kind: Type.Optional(Type.Enum([...READING_KINDS])),
  stepMin: Type.Optional(Type.Integer({ description: `interval length, minutes: ${STEP_MINUTES.join(', ')}; default 60` })),
  label: Type.Optional(
    Type.Enum([...INTERVAL_LABELS], { description: "what the timestamps name; default the park's label for the source" }),
  ),
  replace: Type.Optional(Type.Boolean({ description: 'replace stored values that differ instead of refusing them' })),
};

const ReadingsJson = Type.Object(
  { ...ReadingsOptions, kind: Type.Enum([...READING_KINDS]), rows: Type.Array(Loose) },
  { additionalProperties: false },
);

const ImportResult = Type.Object({
  kind: Type.String(),
  rows: Type.Integer(),
  inserted: Type.Integer(),
  unchanged: Type.Integer(),
  replaced: Type.Integer(),
});

const PeriodQuery = {
  from: Type.Optional(Type.String({ description: 'first local day (YYYY-MM-DD) or ISO 8601 date-time with offset' })),
  to: Type.Optional(Type.String({ description: 'end, exclusive: local day (its midnight) or ISO 8601 date-time with offset' })),
};

const ModelQuery = Type.Object({
  parkId: Type.Optional(Type.String()),
  systemId: Type.Optional(Type.String()),
  ...PeriodQuery,
});

const boolish = Type.Optional(Type.Boolean());

/** Solar parks: parks and PV systems, readings, expected energy, performance, alerts, energy and Scope 2. */
export const solarRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db, config } = deps;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: config.uploadLimitBytes }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/solar/parks',
    {
      schema: {
        tags,
        summary: 'Solar parks visible to the caller, with installed kWp and metered generation',
        querystring: Type.Object({ ...PageQuery.properties, tenantId: Type.Optional(Type.String()) }),
        response: {
          200: Type.Object({ items: Type.Array(Loose), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses,
        },
      },
    },
    async (request) => listParks(db, scopeOf(request), request.query),
  );

  app.post(
    '/solar/parks',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          'Add a solar park: creates its site (name, city, province, region, lat, lon) or attaches to an existing solar_park siteId; with elevation, UTC offset, monthly Linke turbidity, interval labels per data source and grid region',
        body: ParkCreate,
        response: { 201: Loose, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createPark(db, scopeOf(request), request.body as ParkInput)),
  );

  app.get(
    '/solar/parks/:id',
    {
      schema: {
        tags,
        summary: 'One solar park with its systems and headline figures (installed kWp, metered generation)',
        params: IdParams,
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => getPark(db, scopeOf(request), request.params.id),
  );

  app.patch(
    '/solar/parks/:id',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: "Change a park's settings",
        params: IdParams,
        body: ParkPatch,
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => updatePark(db, scopeOf(request), request.params.id, request.body as Partial<ParkSettings>),
  );

  app.post(
    '/solar/parks/:id/systems',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Add a PV system to a park (kWp, tilt, azimuth, mounting, module type, inverter AC kW, losses, albedo)',
        params: IdParams,
        body: SystemCreate,
        response: { 201: Loose, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addSystem(db, scopeOf(request), request.params.id, request.body as SystemInput, newSystemId)),
  );

  app.patch(
    '/solar/systems/:id',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Change a PV system',
        params: IdParams,
        body: SystemPatchBody,
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => updateSystem(db, scopeOf(request), request.params.id, request.body as SystemPatch),
  );

  app.post(
    '/solar/readings',
    {
      bodyLimit: config.uploadLimitBytes,
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          'Import readings, all or nothing: JSON {parkId, kind, stepMin?, label?, replace?, rows} or CSV (options in the query); the same rows again are `unchanged`, a different value for a stored interval is a 409 conflict unless replace=true',
        description: `CSV headers: meter \`${CSV_HEADERS.meter}\`; sensor \`${CSV_HEADERS.sensor}\`; site \`${CSV_HEADERS.site}\`. time is ISO 8601 with an offset and names the interval start, end or middle (label). JSON rows: meter {time, systemId, acKwh}; sensor {time, poaWm2?, ghiWm2?, airTempC?, windMs?}; site {time, consumptionKwh?, importKwh?, exportKwh?}.`,
        querystring: Type.Object(ReadingsOptions),
        body: {
          content: {
            'application/json': { schema: ReadingsJson },
            'text/csv': { schema: Type.String({ description: 'readings CSV with a header line' }) },
          },
        },
        response: { 200: ImportResult, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request) => {
      const q = request.query;
      if (typeof request.body === 'string') {
        const parsed = parseReadingsCsv(request.body, { kind: q.kind });
        return importReadings(db, scopeOf(request), {
          parsed,
          parkId: q.parkId,
          stepMin: q.stepMin,
          label: q.label,
          replace: q.replace,
        });
      }
      const body = request.body as {
        parkId?: string;
        kind: string;
        stepMin?: number;
        label?: (typeof INTERVAL_LABELS)[number];
        replace?: boolean;
        rows: unknown[];
      };
      const parsed = parseReadingsJson(body.kind, body.rows);
      return importReadings(db, scopeOf(request), {
        parsed,
        parkId: body.parkId ?? q.parkId,
        stepMin: body.stepMin ?? q.stepMin,
        label: body.label ?? q.label,
        replace: body.replace ?? q.replace,
      });
    },
  );

  app.get(
    '/solar/readings',
    {
      schema: {
        tags,
        summary: 'Stored readings of one kind (meter by default), by series and interval start (UTC), a page at a time',
        querystring: Type.Object({
          ...PageQuery.properties,
          kind: Type.Optional(Type.Enum([...READING_KINDS])),
          systemId: Type.Optional(Type.String()),
          parkId: Type.Optional(Type.String()),
          from: Type.Optional(Type.String({ description: 'first interval start, ISO 8601 with offset' })),
          to: Type.Optional(Type.String({ description: 'end (exclusive) of the interval starts, ISO 8601 with offset' })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Loose), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const bound = (v: string | undefined, field: string) => {
        if (v === undefined) return undefined;
        const ms = /^\d{4}-\d{2}-\d{2}T/.test(v) && /(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : Number.NaN;
        if (!Number.isFinite(ms))
          throw invalid(`${field} must be an ISO 8601 date-time with an offset`, [{ field, message: 'ISO 8601 with offset' }]);
        return new Date(ms).toISOString();
      };
      return listReadings(db, scopeOf(request), {
        kind: q.kind ?? 'meter',
        systemId: q.systemId,
        parkId: q.parkId,
        fromIso: bound(q.from, 'from'),
        toIso: bound(q.to, 'to'),
        limit: q.limit,
        cursor: q.cursor,
      });
    },
  );

  app.get(
    '/solar/expected',
    {
      schema: {
        tags,
        summary:
          'Expected AC energy per local day, per system and for the park: the model chain on the measured weather (POA sensor, else horizontal irradiance, else clear sky) or, with clearSky=true, on the clear sky',
        querystring: Type.Object({ ...ModelQuery.properties, clearSky: boolish }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => expectedEnergy(db, scopeOf(request), request.query),
  );

  app.get(
    '/solar/performance',
    {
      schema: {
        tags,
        summary:
          'Measured, expected and clear-sky kWh, specific yield, IEC 61724-1 PR on plane-of-array irradiance, NREL weather-corrected PR and availability, per system and for the park, by day, month or in total',
        querystring: Type.Object({ ...ModelQuery.properties, granularity: Type.Optional(Type.Enum([...GRANULARITIES])) }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => performance(db, scopeOf(request), request.query),
  );

  app.get(
    '/solar/alerts',
    {
      schema: {
        tags,
        summary:
          'Alerts with reasons: underperformance on clear days against a rolling baseline, data gaps, stale meters, timestamp shifts',
        querystring: ModelQuery,
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => solarAlerts(db, scopeOf(request), request.query),
  );

  app.get(
    '/solar/energy',
    {
      schema: {
        tags,
        summary:
          'Generation, consumption, grid import and export, self-consumption (generation − export) with the meter consistency check, and location-based Scope 2 avoided (self-consumed × grid factor, with its provenance); exports apart, never netted',
        querystring: Type.Object({
          parkId: Type.Optional(Type.String()),
          ...PeriodQuery,
          granularity: Type.Optional(Type.Enum(['month', 'year'])),
        }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => parkEnergy(db, scopeOf(request), request.query),
  );

  app.get(
    '/solar/summary',
    {
      schema: {
        tags,
        summary:
          'All parks: installed kWp, generation, self-consumption, export and kg CO2e avoided, by year and month (for the inventory and progress)',
        querystring: Type.Object({ ...PeriodQuery, tenantId: Type.Optional(Type.String()) }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => solarSummary(db, scopeOf(request), request.query),
  );
};
