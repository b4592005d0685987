import { Type } from 'typebox';
import { errorResponses, type ModuleRoutes, scopeOf } from '../server/http.js';
import { ACTIVITY_CSV_OPTIONAL, ACTIVITY_CSV_REQUIRED } from './activity.js';
import { RECALCULATION_REASONS } from './baseyear.js';
import { EAC_SCHEMES } from './model.js';
import { progress } from './progress.js';
import {
  type ActivityRowInput,
  addCertificate,
  addOffset,
  BREAKDOWNS,
  type CertificateInput,
  certificatesOf,
  getInventory,
  getTargets,
  InventoryCheckError,
  importActivityCsvText,
  importActivityRows,
  type OffsetInput,
  offsetsOf,
  type RecalculationInput,
  recalculate,
  recalculations,
  saveTargets,
  syncSolar,
  type TargetInput,
} from './service.js';

const tags = ['inventory'];
const Loose = Type.Object({}, { additionalProperties: true });
const Items = Type.Object({ items: Type.Array(Loose) });
/** Reads: admin and analyst keys (the company or a named tenant), merchant keys (their own tenant). */
const READERS = ['admin', 'analyst', 'merchant'] as const;
/** Writes: admin keys (naming the tenant) and merchant keys (their own). */
const WRITERS = ['admin', 'merchant'] as const;
const TenantQuery = Type.Object({ tenantId: Type.Optional(Type.String()) });

const Row = Type.Object(
  {
    year: Type.Integer(),
    month: Type.Integer(),
    scope: Type.Integer({ description: '1, 2 or 3' }),
    category: Type.Union([Type.String(), Type.Integer()], {
      description:
        'Scope 1: mobile_combustion | stationary_combustion | refrigerant | process; Scope 2: electricity | heat; Scope 3: 1-15',
    }),
    quantity: Type.Number(),
    unit: Type.String({ description: 'L, kg, t, kWh, MWh, t.km, ...' }),
    factorId: Type.Optional(Type.String({ description: 'set:slug' })),
    factor: Type.Optional(Type.Object({ slug: Type.String(), year: Type.Integer() })),
    siteId: Type.Optional(Type.String()),
    region: Type.Optional(Type.String()),
    boundary: Type.Optional(Type.Union([Type.Literal('TTW'), Type.Literal('WTT'), Type.Literal('WTW')])),
    source: Type.Optional(Type.String()),
    sourceRef: Type.Optional(Type.String({ maxLength: 200 })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    idempotencyKey: Type.Optional(Type.String({ maxLength: 200, description: 'the same key again is not counted twice' })),
  },
  { additionalProperties: false },
);

const ActivityBody = Type.Object(
  { tenantId: Type.Optional(Type.String()), rows: Type.Array(Row, { maxItems: 10_000 }) },
  { additionalProperties: false },
);

const CertificateBody = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 100 })),
    tenantId: Type.Optional(Type.String()),
    scheme: Type.String({ description: EAC_SCHEMES.join(' | ') }),
    mwh: Type.Number(),
    vintageYear: Type.Integer(),
    region: Type.String({ description: 'market: CN, or a grid region CN-East' }),
    siteId: Type.Optional(Type.String()),
    status: Type.String({ description: 'held | retired | sold (only retired certificates count)' }),
    claimYear: Type.Optional(Type.Integer()),
    kgCo2ePerKwh: Type.Optional(Type.Number()),
    issuedFromSiteId: Type.Optional(Type.String()),
    registryRef: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const OffsetBody = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 100 })),
    tenantId: Type.Optional(Type.String()),
    tCo2e: Type.Number(),
    registry: Type.String(),
    projectType: Type.String({ description: 'avoidance | removal' }),
    vintageYear: Type.Integer(),
    status: Type.String({ description: 'held | retired' }),
    claimYear: Type.Optional(Type.Integer()),
    serial: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const TargetBody = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    scopes: Type.Array(Type.Integer()),
    kind: Type.Optional(Type.Union([Type.Literal('absolute'), Type.Literal('intensity')])),
    baseYear: Type.Optional(Type.Integer()),
    baseValue: Type.Optional(Type.Number({ description: 'default: the base-year inventory of the covered scopes' })),
    targetYear: Type.Integer(),
    reductionPct: Type.Number(),
    scope2Method: Type.Optional(Type.Union([Type.Literal('market'), Type.Literal('location')])),
    intensityDenominator: Type.Optional(Type.Union([Type.Literal('parcel'), Type.Literal('tkm'), Type.Literal('order')])),
    claim: Type.Optional(Type.Union([Type.Literal('reduction'), Type.Literal('carbon_neutral'), Type.Literal('net_zero')])),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

const RecalcBody = Type.Object(
  {
    tenantId: Type.Optional(Type.String()),
    baseYear: Type.Optional(Type.Integer({ description: 'default 2021' })),
    reason: Type.Optional(Type.String({ description: `${RECALCULATION_REASONS.join(' | ')}; default factor_update` })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    thresholdPct: Type.Optional(Type.Number({ description: 'significance threshold, default 5' })),
    scope2Method: Type.Optional(Type.Union([Type.Literal('market'), Type.Literal('location')])),
    remap: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'old factor id -> new factor id' })),
    dryRun: Type.Optional(Type.Boolean({ description: 'record only; leave the base-year lines as they are' })),
  },
  { additionalProperties: false },
);

const currentYear = () => new Date().getUTCFullYear();

/** GHG inventory: activity data, the inventory by scope (Scope 2 both methods), certificates, offsets, targets. */
export const inventoryRoutes: ModuleRoutes = async (app, { deps }) => {
  const { db, config, keyRing } = deps;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: config.uploadLimitBytes }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/inventory/activity',
    {
      bodyLimit: config.uploadLimitBytes,
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          'Import activity data, all or nothing: JSON {tenantId?, rows} or CSV (tenantId in the query). Each line keeps its factor id, set and version; rows already imported (same idempotency key: given, or a hash of the row) are not counted twice',
        description: `CSV columns: ${ACTIVITY_CSV_REQUIRED.join(', ')} (required), ${ACTIVITY_CSV_OPTIONAL.join(', ')} (optional). factor_id is set:slug, or a bare slug looked up by the row's year. Errors name the line and column.`,
        querystring: TenantQuery,
        body: {
          content: {
            'application/json': { schema: ActivityBody },
            'text/csv': { schema: Type.String({ description: 'activity CSV with a header line' }) },
          },
        },
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      if (typeof request.body === 'string') return importActivityCsvText(db, scope, request.body, request.query.tenantId);
      const body = request.body as { tenantId?: string; rows: ActivityRowInput[] };
      return importActivityRows(db, scope, body.rows, body.tenantId ?? request.query.tenantId);
    },
  );

  app.get(
    '/inventory',
    {
      config: { roles: READERS },
      schema: {
        tags,
        summary:
          'The GHG inventory of a year (or a month): Scope 1, Scope 2 location- and market-based, Scope 3, by month, category, site, region and tenant, intensities per parcel, t.km and order when known; offsets and certificates reported apart. Re-checked before answering',
        querystring: Type.Object({
          year: Type.Optional(Type.Integer({ description: 'default the current year (UTC)' })),
          month: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
          by: Type.Optional(Type.Enum([...BREAKDOWNS])),
          tenantId: Type.Optional(Type.String()),
        }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      try {
        return await getInventory(db, scopeOf(request), { ...q, year: q.year ?? currentYear() });
      } catch (err) {
        if (err instanceof InventoryCheckError) request.log.error({ problems: err.problems }, 'inventory re-check failed');
        throw err;
      }
    },
  );

  app.post(
    '/inventory/sync',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          "Scope 2 lines of a year from the solar parks' meters (one per park and month, both methods, with the tenant's certificates); replaces the year's earlier solar lines, so it is safe to repeat",
        querystring: Type.Object({ year: Type.Integer(), tenantId: Type.Optional(Type.String()) }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => syncSolar(db, scopeOf(request), request.query),
  );

  app.post(
    '/inventory/certificates',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          "Record an energy attribute certificate (GEC, I-REC, GO, REC); retired ones count in market-based Scope 2. The tenant's solar lines of the claim year are recomputed at once",
        body: CertificateBody,
        response: { 201: Loose, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addCertificate(db, scopeOf(request), request.body as CertificateInput)),
  );

  app.get(
    '/inventory/certificates',
    {
      config: { roles: READERS },
      schema: {
        tags,
        summary: 'Energy attribute certificates',
        querystring: TenantQuery,
        response: { 200: Items, ...errorResponses },
      },
    },
    async (request) => certificatesOf(db, scopeOf(request), request.query),
  );

  app.post(
    '/inventory/offsets',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Record a carbon credit; reported beside the inventory and the targets, never netted',
        body: OffsetBody,
        response: { 201: Loose, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) => reply.status(201).send(await addOffset(db, scopeOf(request), request.body as OffsetInput)),
  );

  app.get(
    '/inventory/offsets',
    {
      config: { roles: READERS },
      schema: { tags, summary: 'Carbon credits', querystring: TenantQuery, response: { 200: Items, ...errorResponses } },
    },
    async (request) => offsetsOf(db, scopeOf(request), request.query),
  );

  app.post(
    '/inventory/base-year/recalculations',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          "Re-run the base year (2021) with the tenant's current factors; records reason, change in % and date in the append-only log, flagged when the change reaches the threshold (5 %); stores the recalculated base year unless dryRun",
        body: RecalcBody,
        response: { 201: Loose, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await recalculate(db, scopeOf(request), request.body as RecalculationInput)),
  );

  app.get(
    '/inventory/base-year/recalculations',
    {
      config: { roles: READERS },
      schema: {
        tags,
        summary: 'The base-year recalculation log, oldest first',
        querystring: TenantQuery,
        response: { 200: Items, ...errorResponses },
      },
    },
    async (request) => recalculations(db, scopeOf(request), request.query),
  );

  app.get(
    '/targets',
    {
      config: { roles: READERS },
      schema: {
        tags,
        summary:
          'Climate targets with linear and compound pathways, the gap per year and on-track status (defaults: carbon-neutral operations 2030, −50 % Scope 1+2+3 by 2030, net zero 2050 on the 2021 totals); offsets apart',
        querystring: TenantQuery,
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => getTargets(db, scopeOf(request), request.query),
  );

  app.post(
    '/targets',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: "Set targets (replacing those with the same id); a missing baseValue is the base year's inventory",
        body: Type.Object(
          { tenantId: Type.Optional(Type.String()), targets: Type.Array(TargetBody, { maxItems: 50 }) },
          { additionalProperties: false },
        ),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => saveTargets(db, scopeOf(request), request.body as { tenantId?: string; targets: TargetInput[] }),
  );

  app.get(
    '/progress',
    {
      config: { roles: READERS },
      schema: {
        tags,
        summary:
          "Progress tiles: e-waybills and paper saved, parcels avoided by consolidation, right-sized boxes, reusable boxes in circulation and uses, solar generation, packaging collected and reused at stations, routes optimised; each computed from its module's data with the kg CO2e it avoided (null where unknown) and its dashboard page",
        description:
          "Period: year (default the current year, UTC) or from and to (local days YYYY-MM-DD, to exclusive; UTC+8, solar in each park's local time).",
        querystring: Type.Object({
          year: Type.Optional(Type.Integer({ description: 'default the current year (UTC)' })),
          from: Type.Optional(Type.String({ description: 'first local day, YYYY-MM-DD' })),
          to: Type.Optional(Type.String({ description: 'local day after the last, YYYY-MM-DD (exclusive)' })),
          tenantId: Type.Optional(Type.String()),
        }),
        response: { 200: Loose, ...errorResponses },
      },
    },
    async (request) => progress(db, scopeOf(request), keyRing, request.query),
  );
};
