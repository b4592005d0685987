import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { AppError, canAccessTenant, ErrorCode, invalid, newId, notFound, nowIso, type Scope } from '../core/index.js';
import { boolToInt, type Db, decodeCursor, type Page, type PageRequest, pageLimit, toPage } from '../db/index.js';
import type { Database, FactorSetsTable, FactorsTable } from '../db/schema.js';
import { BUILT_IN_SETS } from './data/index.js';
import { BUILT_IN_FACTORS, builtInFactor, builtInSet, byId, createResolver, isBuiltInSetId, summarize } from './library.js';
import type {
  Coverage,
  DistanceBasis,
  Factor,
  FactorCategory,
  FactorResolver,
  FactorSet,
  FactorSetSummary,
  Scope2Method,
  TransportMode,
} from './model.js';

// The factor library as a caller sees it: the built-in sets (in code) plus the user sets in the database
// that are shared (tenant_id null) or owned by the caller's tenant. That union is the caller's "view";
// a key bound to no tenant may pick a tenant's view with `tenantId`, else it sees built-ins and shared sets.

const SHARED_OWNER = '*';
const INSERT_CHUNK = 500; // 500 rows x 25 columns stays far below both engines' parameter limits

// ---- rows <-> factors ----

const boolOf = (v: number | null): boolean | undefined => (v === null ? undefined : v === 1);
const intOf = (v: boolean | undefined): number | null => (v === undefined ? null : boolToInt(v));

function toFactor(r: FactorsTable): Factor {
  const values: Factor['values'] = {};
  if (r.ttw !== null) values.ttw = r.ttw;
  if (r.wtt !== null) values.wtt = r.wtt;
  if (r.wtw !== null) values.wtw = r.wtw;
  const optional = {
    sourceUrl: r.source_url ?? undefined,
    notes: r.notes ?? undefined,
    mode: (r.mode ?? undefined) as TransportMode | undefined,
    distanceBasis: (r.distance_basis ?? undefined) as DistanceBasis | undefined,
    dafIncluded: boolOf(r.daf_included),
    temperatureControlled: boolOf(r.temperature_controlled),
    radiativeForcing: boolOf(r.radiative_forcing),
    coverage: (r.coverage ?? undefined) as Coverage | undefined,
    scope2Method: (r.scope2_method ?? undefined) as Scope2Method | undefined,
  };
  return {
    id: r.id,
    setId: r.set_id,
    name: r.name,
    category: r.category as FactorCategory,
    unit: r.unit,
    values,
    gwp: r.gwp,
    region: r.region,
    year: r.year,
    source: r.source,
    licence: r.licence,
    // Absent, not undefined-valued, so records compare and print cleanly.
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

function toRow(f: Factor, setKey: string, tenantId: string | null): FactorsTable {
  return {
    set_key: setKey,
    id: f.id,
    set_id: f.setId,
    tenant_id: tenantId,
    name: f.name,
    category: f.category,
    unit: f.unit,
    ttw: f.values.ttw ?? null,
    wtt: f.values.wtt ?? null,
    wtw: f.values.wtw ?? null,
    gwp: f.gwp,
    region: f.region,
    year: f.year,
    source: f.source,
    source_url: f.sourceUrl ?? null,
    licence: f.licence,
    notes: f.notes ?? null,
    mode: f.mode ?? null,
    distance_basis: f.distanceBasis ?? null,
    daf_included: intOf(f.dafIncluded),
    temperature_controlled: intOf(f.temperatureControlled),
    radiative_forcing: intOf(f.radiativeForcing),
    coverage: f.coverage ?? null,
    scope2_method: f.scope2Method ?? null,
  };
}

function toSummary(r: FactorSetsTable): FactorSetSummary {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    publisher: r.publisher,
    licence: r.licence,
    ...(r.source_url ? { sourceUrl: r.source_url } : {}),
    ...(r.description ? { description: r.description } : {}),
    ...(r.attribution ? { attribution: r.attribution } : {}),
    builtIn: false,
    tenantId: r.tenant_id,
    loadedAt: r.loaded_at,
    factorCount: r.factor_count,
  };
}

// ---- views and permissions ----

export interface ViewOptions {
  /** Whose loaded sets to include besides the shared ones; only keys bound to no tenant may choose. */
  tenantId?: string;
}

/** The tenant whose sets the caller sees (null: shared sets only). */
function viewTenant(scope: Scope, requested: string | undefined): string | null {
  if (requested !== undefined && !canAccessTenant(scope, requested)) {
    throw new AppError(ErrorCode.Forbidden, "this key cannot read another tenant's factor sets");
  }
  return requested ?? scope.tenantId;
}

// Rows of the view: shared sets and the view tenant's own.
function inView(tenantId: string | null) {
  return (eb: ExpressionBuilder<Database, 'factors' | 'factor_sets'>): Expression<SqlBool> =>
    tenantId === null ? eb('tenant_id', 'is', null) : eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', tenantId)]);
}

// Ids page in code-unit order in JS; PostgreSQL must compare bytes too, whatever the database collation.
const orderedId = (db: Db) => (db.dialect === 'postgres' ? sql<string>`id collate "C"` : sql<string>`id`);

const WRITER_ROLES = ['admin', 'analyst', 'merchant'];

/** The owner a new set gets: the caller's tenant, a tenant chosen by a global key, or shared (admins only). */
async function ownerForWrite(db: Db, scope: Scope, requested: string | null | undefined): Promise<string | null> {
  if (!WRITER_ROLES.includes(scope.role)) throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot load factor sets`);
  if (scope.tenantId !== null) {
    if (requested && requested !== scope.tenantId) {
      throw new AppError(ErrorCode.Forbidden, 'this key can only load factor sets for its own tenant');
    }
    return scope.tenantId;
  }
  if (!requested) {
    if (scope.role !== 'admin')
      throw new AppError(ErrorCode.Forbidden, 'only an admin key can load a shared factor set; give a tenantId');
    return null;
  }
  const tenant = await db.kysely.selectFrom('tenants').select('id').where('id', '=', requested).executeTakeFirst();
  if (!tenant) throw invalid(`tenant ${requested} does not exist`, [{ field: 'tenantId', message: 'unknown tenant' }]);
  return requested;
}

// ---- factors ----

export interface FactorFilter extends PageRequest, ViewOptions {
  /** Text in the id, name or notes (case-insensitive). */
  q?: string;
  category?: FactorCategory;
  setId?: string;
  mode?: TransportMode;
  region?: string;
}

function matches(f: Factor, filter: FactorFilter, q: string | undefined): boolean {
  if (filter.category && f.category !== filter.category) return false;
  if (filter.setId && f.setId !== filter.setId) return false;
  if (filter.mode && f.mode !== filter.mode) return false;
  if (filter.region && f.region !== filter.region) return false;
  if (q && ![f.id, f.name, f.notes ?? ''].some((s) => s.toLowerCase().includes(q))) return false;
  return true;
}

/** Factors in the caller's view, built-in and loaded, in id order with a cursor. */
export async function listFactors(db: Db, scope: Scope, filter: FactorFilter = {}): Promise<Page<Factor>> {
  const limit = pageLimit(filter.limit);
  const after = decodeCursor(filter.cursor);
  const tenantId = viewTenant(scope, filter.tenantId);
  const q = filter.q?.trim().toLowerCase() || undefined;

  const builtIns = BUILT_IN_FACTORS.filter((f) => (after === undefined || f.id > after) && matches(f, filter, q)).slice(
    0,
    limit + 1,
  );

  let query = db.kysely
    .selectFrom('factors')
    .selectAll()
    .where(inView(tenantId))
    .orderBy(orderedId(db))
    .limit(limit + 1);
  if (after !== undefined) query = query.where(orderedId(db), '>', after);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.setId) query = query.where('set_id', '=', filter.setId);
  if (filter.mode) query = query.where('mode', '=', filter.mode);
  if (filter.region) query = query.where('region', '=', filter.region);
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = (column: 'id' | 'name' | 'notes') =>
      sql<SqlBool>`lower(coalesce(${sql.ref(column)}, '')) like ${pattern} escape '\\'`;
    query = query.where((eb) => eb.or([like('id'), like('name'), like('notes')]));
  }
  const loaded = (await query.execute()).map(toFactor);

  // Both lists are sorted and their ids are disjoint (set ids never collide in a view), so merge and cut.
  return toPage([...builtIns, ...loaded].sort(byId).slice(0, limit + 1), limit);
}

/** One factor of the caller's view. */
export async function getFactor(db: Db, scope: Scope, id: string, options: ViewOptions = {}): Promise<Factor> {
  const tenantId = viewTenant(scope, options.tenantId);
  const builtIn = builtInFactor(id);
  if (builtIn) return builtIn;
  const row = await db.kysely.selectFrom('factors').selectAll().where('id', '=', id).where(inView(tenantId)).executeTakeFirst();
  if (!row) throw notFound('factor', id);
  return toFactor(row);
}

/**
 * A synchronous resolver over the caller's view (built-ins, shared sets, the tenant's sets), for engines.
 * Loads the view's user factors once; call it per request or job, not per shipment.
 */
export async function loadResolver(db: Db, scope: Scope, options: ViewOptions = {}): Promise<FactorResolver> {
  const tenantId = viewTenant(scope, options.tenantId);
  const rows = await db.kysely.selectFrom('factors').selectAll().where(inView(tenantId)).execute();
  return createResolver(rows.map(toFactor));
}

// ---- sets ----

async function findSetRow(db: Db, scope: Scope, id: string, options: ViewOptions): Promise<FactorSetsTable | undefined> {
  const tenantId = viewTenant(scope, options.tenantId);
  // A tenant's set and a shared set never share an id (loadFactorSet refuses it), so at most one matches.
  return db.kysely.selectFrom('factor_sets').selectAll().where('id', '=', id).where(inView(tenantId)).executeTakeFirst();
}

/** Sets in the caller's view: built-ins first, then loaded ones, by id. */
export async function listFactorSets(
  db: Db,
  scope: Scope,
  filter: PageRequest & ViewOptions = {},
): Promise<Page<FactorSetSummary>> {
  const limit = pageLimit(filter.limit);
  const after = decodeCursor(filter.cursor);
  const tenantId = viewTenant(scope, filter.tenantId);
  const rows = await db.kysely.selectFrom('factor_sets').selectAll().where(inView(tenantId)).execute();
  // Sets are few (tens), so page them in memory.
  const all = [...BUILT_IN_SETS.map(summarize), ...rows.map(toSummary)].sort(byId);
  return toPage(
    all.filter((s) => after === undefined || s.id > after),
    limit,
  );
}

/** One set of the caller's view with its factors. */
export async function getFactorSet(db: Db, scope: Scope, id: string, options: ViewOptions = {}): Promise<FactorSet> {
  const builtIn = builtInSet(id);
  if (builtIn) return { ...builtIn, tenantId: null };
  const row = await findSetRow(db, scope, id, options);
  if (!row) throw notFound('factor set', id);
  const factors = await db.kysely
    .selectFrom('factors')
    .selectAll()
    .where('set_key', '=', row.key)
    .orderBy(orderedId(db))
    .execute();
  const { factorCount: _count, ...summary } = toSummary(row);
  return { ...summary, factors: factors.map(toFactor) };
}

export interface LoadOptions {
  /** Owner tenant; absent means the caller's tenant, or shared for an admin key bound to no tenant. */
  tenantId?: string | null;
  /** Replace a loaded set with the same id instead of refusing. */
  replace?: boolean;
}

export interface LoadResult extends FactorSetSummary {
  /** True when an earlier version of the set was replaced. */
  replaced: boolean;
}

/**
 * Stores a validated user set (see `parseFactorSetDocument` / `parseFactorCsv`) in one transaction:
 * all of it or nothing. A set id already loaded for the owner is refused (409) unless `replace`.
 */
export async function loadFactorSet(db: Db, scope: Scope, set: FactorSet, options: LoadOptions = {}): Promise<LoadResult> {
  const tenantId = await ownerForWrite(db, scope, options.tenantId);
  if (isBuiltInSetId(set.id)) throw new AppError(ErrorCode.Conflict, `${set.id} is a built-in factor set; choose another set id`);
  for (const f of set.factors) {
    if (f.setId !== set.id || !f.id.startsWith(`${set.id}:`)) throw invalid(`factor ${f.id} does not belong to set ${set.id}`);
  }
  const owner = tenantId ?? SHARED_OWNER;
  const loadedAt = nowIso();
  const row: FactorSetsTable = {
    key: newId('fset'),
    id: set.id,
    tenant_id: tenantId,
    owner,
    name: set.name,
    version: set.version,
    publisher: set.publisher,
    licence: set.licence,
    source_url: set.sourceUrl ?? null,
    description: set.description ?? null,
    attribution: set.attribution ?? null,
    factor_count: set.factors.length,
    loaded_at: loadedAt,
  };

  const replaced = await db.kysely.transaction().execute(async (trx) => {
    // A tenant's set id must not clash with a shared one (and the reverse), or the view would hold two.
    let clash = trx.selectFrom('factor_sets').select(['key', 'owner', 'version']).where('id', '=', set.id);
    clash = tenantId === null ? clash : clash.where((eb) => eb.or([eb('owner', '=', owner), eb('owner', '=', SHARED_OWNER)]));
    const existing = await clash.execute();
    const same = existing.find((e) => e.owner === owner);
    const other = existing.find((e) => e.owner !== owner);
    if (other) {
      throw new AppError(
        ErrorCode.Conflict,
        tenantId === null
          ? `a tenant already has a factor set ${set.id}; choose another id for the shared set`
          : `a shared factor set ${set.id} exists; choose another set id`,
      );
    }
    if (same && !options.replace) {
      throw new AppError(
        ErrorCode.Conflict,
        same.version === set.version
          ? `factor set ${set.id} version ${set.version} is already loaded; ask to replace it`
          : `factor set ${set.id} is loaded with version ${same.version}; ask to replace it, or load version ${set.version} under a new set id`,
      );
    }
    if (same) {
      await trx.deleteFrom('factors').where('set_key', '=', same.key).execute();
      await trx.deleteFrom('factor_sets').where('key', '=', same.key).execute();
    }
    await trx.insertInto('factor_sets').values(row).execute();
    for (let i = 0; i < set.factors.length; i += INSERT_CHUNK) {
      const chunk = set.factors.slice(i, i + INSERT_CHUNK).map((f) => toRow(f, row.key, tenantId));
      await trx.insertInto('factors').values(chunk).execute();
    }
    return same !== undefined;
  });
  return { ...toSummary(row), replaced };
}

/** Removes a loaded set. Keys bound to a tenant remove only their own; shared sets need an admin. */
export async function deleteFactorSet(db: Db, scope: Scope, id: string, options: ViewOptions = {}): Promise<void> {
  if (isBuiltInSetId(id)) throw new AppError(ErrorCode.Forbidden, `${id} is built in and cannot be removed`);
  if (!WRITER_ROLES.includes(scope.role))
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot remove factor sets`);
  const row = await findSetRow(db, scope, id, options);
  if (!row) throw notFound('factor set', id);
  if (row.tenant_id === null && scope.role !== 'admin') {
    throw new AppError(ErrorCode.Forbidden, 'only an admin key can remove a shared factor set');
  }
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('factors').where('set_key', '=', row.key).execute();
    await trx.deleteFrom('factor_sets').where('key', '=', row.key).execute();
  });
}
