import {
  AppError,
  canAccessTenant,
  ErrorCode,
  invalid,
  isValidLatLon,
  newId,
  notFound,
  nowIso,
  type Scope,
} from '../core/index.js';
import { type Db, decodeCursor, type Page, type PageRequest, pageLimit, toPage } from '../db/index.js';
import type { SitesTable } from '../db/schema.js';
import { SITE_KINDS, type Site, type SiteInput, type SiteKind, type SitePatch } from './model.js';

const toSite = (r: SitesTable): Site => ({
  id: r.id,
  tenantId: r.tenant_id,
  kind: r.kind as SiteKind,
  name: r.name,
  city: r.city,
  province: r.province,
  region: r.region,
  lat: r.lat,
  lon: r.lon,
  attributes: JSON.parse(r.attributes_json) as Record<string, unknown>,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

// Station keys write only for station sites; merchants for their own warehouses and depots.
function assertMayWrite(scope: Scope, tenantId: string, kind: SiteKind): void {
  if (!canAccessTenant(scope, tenantId)) {
    throw new AppError(ErrorCode.Forbidden, 'this key cannot write sites of another tenant');
  }
  if (scope.role === 'analyst' || scope.role === 'courier')
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot change sites`);
  if (scope.role === 'station' && kind !== 'station')
    throw new AppError(ErrorCode.Forbidden, 'a station key can only manage stations');
}

function validate(input: Partial<SiteInput>): void {
  if (input.kind !== undefined && !SITE_KINDS.includes(input.kind)) {
    throw invalid(`kind must be one of ${SITE_KINDS.join(', ')}`, [{ field: '/kind', message: 'unknown site kind' }]);
  }
  if ((input.lat !== undefined || input.lon !== undefined) && !isValidLatLon({ lat: input.lat ?? 0, lon: input.lon ?? 0 })) {
    throw invalid('lat must be within ±90 and lon within ±180', [{ field: '/lat', message: 'out of range' }]);
  }
}

export async function createSite(db: Db, scope: Scope, input: SiteInput, id?: string): Promise<Site> {
  validate(input);
  assertMayWrite(scope, input.tenantId, input.kind);
  const tenant = await db.kysely.selectFrom('tenants').select('id').where('id', '=', input.tenantId).executeTakeFirst();
  if (!tenant) throw invalid(`tenant ${input.tenantId} does not exist`, [{ field: '/tenantId', message: 'unknown tenant' }]);
  const now = nowIso();
  const row: SitesTable = {
    id: id ?? newId('site'),
    tenant_id: input.tenantId,
    kind: input.kind,
    name: input.name,
    city: input.city,
    province: input.province,
    region: input.region,
    lat: input.lat,
    lon: input.lon,
    attributes_json: JSON.stringify(input.attributes ?? {}),
    created_at: now,
    updated_at: now,
  };
  await db.kysely.insertInto('sites').values(row).execute();
  return toSite(row);
}

export interface SiteFilter extends PageRequest {
  kind?: SiteKind;
  tenantId?: string;
  city?: string;
}

export async function listSites(db: Db, scope: Scope, filter: SiteFilter = {}): Promise<Page<Site>> {
  const limit = pageLimit(filter.limit);
  const after = decodeCursor(filter.cursor);
  let q = db.kysely
    .selectFrom('sites')
    .selectAll()
    .orderBy('id')
    .limit(limit + 1);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.city) q = q.where('city', '=', filter.city);
  if (after) q = q.where('id', '>', after);
  return toPage((await q.execute()).map(toSite), limit);
}

export async function getSite(db: Db, scope: Scope, id: string): Promise<Site> {
  let q = db.kysely.selectFrom('sites').selectAll().where('id', '=', id);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('site', id);
  return toSite(row);
}

export async function updateSite(db: Db, scope: Scope, id: string, patch: SitePatch): Promise<Site> {
  validate(patch);
  const current = await getSite(db, scope, id);
  assertMayWrite(scope, current.tenantId, patch.kind ?? current.kind);
  assertMayWrite(scope, current.tenantId, current.kind);
  const set: Partial<SitesTable> = { updated_at: nowIso() };
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.city !== undefined) set.city = patch.city;
  if (patch.province !== undefined) set.province = patch.province;
  if (patch.region !== undefined) set.region = patch.region;
  if (patch.lat !== undefined) set.lat = patch.lat;
  if (patch.lon !== undefined) set.lon = patch.lon;
  if (patch.attributes !== undefined) set.attributes_json = JSON.stringify(patch.attributes);
  let q = db.kysely.updateTable('sites').set(set).where('id', '=', id);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  await q.execute();
  return getSite(db, scope, id);
}

export async function deleteSite(db: Db, scope: Scope, id: string): Promise<void> {
  const current = await getSite(db, scope, id);
  assertMayWrite(scope, current.tenantId, current.kind);
  let q = db.kysely.deleteFrom('sites').where('id', '=', id);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  await q.execute();
}

export async function countSitesByKind(db: Db, scope: Scope): Promise<Record<string, number>> {
  let q = db.kysely
    .selectFrom('sites')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('kind');
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  const rows = await q.execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}
