import { randomBytes } from 'node:crypto';
import {
  AppError,
  canAccessTenant,
  ErrorCode,
  invalid,
  isRole,
  newId,
  notFound,
  nowIso,
  type Role,
  type Scope,
  sha256Hex,
} from '../core/index.js';
import type { Db } from '../db/index.js';
import { decodeCursor, type Page, type PageRequest, pageLimit, toPage } from '../db/index.js';
import type { ApiKeysTable, TenantsTable } from '../db/schema.js';
import { type ApiKeyInfo, type CreatedApiKey, TENANT_BOUND_ROLES, TENANT_KINDS, type Tenant, type TenantKind } from './model.js';

const KEY_PREFIX = 'glk_';

const toTenant = (r: TenantsTable): Tenant => ({ id: r.id, name: r.name, kind: r.kind as TenantKind, createdAt: r.created_at });

const toKeyInfo = (r: ApiKeysTable): ApiKeyInfo => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  tenantId: r.tenant_id,
  keyPrefix: r.key_prefix,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

// ---- tenants ----

export async function createTenant(
  db: Db,
  input: { name: string; kind: string; id?: string },
  nowMs = Date.now(),
): Promise<Tenant> {
  if (!(TENANT_KINDS as readonly string[]).includes(input.kind)) {
    throw invalid(`kind must be one of ${TENANT_KINDS.join(', ')}`, [{ field: '/kind', message: 'unknown tenant kind' }]);
  }
  const row: TenantsTable = {
    id: input.id ?? newId('ten', nowMs),
    name: input.name,
    kind: input.kind,
    created_at: new Date(nowMs).toISOString(),
  };
  await db.kysely.insertInto('tenants').values(row).execute();
  return toTenant(row);
}

export async function listTenants(db: Db, scope: Scope, page: PageRequest = {}): Promise<Page<Tenant>> {
  const limit = pageLimit(page.limit);
  const after = decodeCursor(page.cursor);
  let q = db.kysely
    .selectFrom('tenants')
    .selectAll()
    .orderBy('id')
    .limit(limit + 1);
  if (scope.tenantId !== null) q = q.where('id', '=', scope.tenantId);
  if (after) q = q.where('id', '>', after);
  return toPage((await q.execute()).map(toTenant), limit);
}

export async function getTenant(db: Db, scope: Scope, id: string): Promise<Tenant> {
  if (!canAccessTenant(scope, id)) throw notFound('tenant', id);
  const row = await db.kysely.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('tenant', id);
  return toTenant(row);
}

export async function countTenants(db: Db): Promise<number> {
  const r = await db.kysely
    .selectFrom('tenants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- API keys ----

export async function createApiKey(
  db: Db,
  input: { role: string; tenantId?: string | null; name?: string },
): Promise<CreatedApiKey> {
  if (!isRole(input.role)) {
    throw invalid(`role must be one of admin, analyst, merchant, station, courier`, [
      { field: '/role', message: 'unknown role' },
    ]);
  }
  const tenantId = input.tenantId ?? null;
  if (TENANT_BOUND_ROLES.includes(input.role) && !tenantId) {
    throw invalid(`a ${input.role} key must be bound to a tenant`, [{ field: '/tenantId', message: 'required for this role' }]);
  }
  if (tenantId) {
    const tenant = await db.kysely.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
    if (!tenant) throw invalid(`tenant ${tenantId} does not exist`, [{ field: '/tenantId', message: 'unknown tenant' }]);
  }
  const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const row: ApiKeysTable = {
    id: newId('key'),
    name: input.name ?? `${input.role} key`,
    role: input.role,
    tenant_id: tenantId,
    key_hash: sha256Hex(key),
    key_prefix: key.slice(0, 10),
    created_at: nowIso(),
    revoked_at: null,
    last_used_at: null,
  };
  await db.kysely.insertInto('api_keys').values(row).execute();
  return { ...toKeyInfo(row), key };
}

export async function listApiKeys(db: Db, scope: Scope, page: PageRequest = {}): Promise<Page<ApiKeyInfo>> {
  const limit = pageLimit(page.limit);
  const after = decodeCursor(page.cursor);
  let q = db.kysely
    .selectFrom('api_keys')
    .selectAll()
    .orderBy('id')
    .limit(limit + 1);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (after) q = q.where('id', '>', after);
  return toPage((await q.execute()).map(toKeyInfo), limit);
}

export async function revokeApiKey(db: Db, scope: Scope, id: string): Promise<ApiKeyInfo> {
  let q = db.kysely.updateTable('api_keys').set({ revoked_at: nowIso() }).where('id', '=', id).where('revoked_at', 'is', null);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  await q.execute();
  let sel = db.kysely.selectFrom('api_keys').selectAll().where('id', '=', id);
  if (scope.tenantId !== null) sel = sel.where('tenant_id', '=', scope.tenantId);
  const row = await sel.executeTakeFirst();
  if (!row) throw notFound('API key', id);
  return toKeyInfo(row);
}

export async function countActiveKeys(db: Db): Promise<number> {
  const r = await db.kysely
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Resolves a presented key to its scope, or throws 401. */
export async function authenticate(db: Db, presentedKey: string): Promise<Scope> {
  if (!presentedKey.startsWith(KEY_PREFIX)) {
    throw new AppError(ErrorCode.Unauthenticated, 'API key is not valid');
  }
  const row = await db.kysely
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', sha256Hex(presentedKey))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) throw new AppError(ErrorCode.Unauthenticated, 'API key is not valid or was revoked');
  return { role: row.role as Role, tenantId: row.tenant_id, keyId: row.id };
}

/** Records use at most once a minute per key, so reads do not turn into a write per request. */
export async function touchApiKey(db: Db, keyId: string, now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - 60_000).toISOString();
  await db.kysely
    .updateTable('api_keys')
    .set({ last_used_at: now.toISOString() })
    .where('id', '=', keyId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', cutoff)]))
    .execute();
}

/**
 * On first start with no usable key, creates an admin key so the operator can get in.
 * Returns the new key, or null when keys already exist.
 */
export async function ensureAdminKey(db: Db): Promise<CreatedApiKey | null> {
  if ((await countActiveKeys(db)) > 0) return null;
  return createApiKey(db, { role: 'admin', name: 'first admin key' });
}

/**
 * The tenant a write goes to: a tenant-bound key writes for its own tenant; an unbound key (admin)
 * must name one. Analysts and couriers never write tenant records.
 */
export async function writeTenant(db: Db, scope: Scope, requested: string | undefined, what = 'write records'): Promise<string> {
  if (scope.role === 'analyst' || scope.role === 'courier') {
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot ${what}`);
  }
  if (scope.tenantId !== null) {
    if (requested && requested !== scope.tenantId)
      throw new AppError(ErrorCode.Forbidden, 'this key cannot write for another tenant');
    return scope.tenantId;
  }
  if (!requested) {
    throw invalid(`tenantId is required to ${what} with a key not bound to a tenant`, [
      { field: 'tenantId', message: 'required' },
    ]);
  }
  const tenant = await db.kysely.selectFrom('tenants').select('id').where('id', '=', requested).executeTakeFirst();
  if (!tenant) throw invalid(`tenant ${requested} does not exist`, [{ field: 'tenantId', message: 'unknown tenant' }]);
  return requested;
}
