import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../core/index.js';
import type { Database } from '../db/index.js';
import type { InventoryLinesTable } from '../db/schema.js';
import type { Boundary } from '../factors/index.js';
import type { BaseYearRecalculation } from './baseyear.js';
import type {
  ActivityLine,
  ActivitySource,
  CarbonOffset,
  Category,
  EacScheme,
  EnergyAttributeCertificate,
  FactorQuery,
  MarketPart,
  Scope,
  SiteEnergy,
} from './model.js';
import type { Target } from './targets.js';

/**
 * Storage of the inventory: activity lines (each with its factor), certificates, offsets, targets and the
 * append-only base-year recalculation log. Every function takes the Kysely handle (the database or a transaction)
 * and filters on the tenant it is given; the service decides which tenant a caller may name.
 */

type K = Kysely<Database>;

const json = (v: unknown): string => JSON.stringify(v);
const INSERT_CHUNK = 200; // 200 rows x 33 columns stays below both engines' parameter limits

/** A stable short hash of a value (JSON), for idempotency keys derived from content. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

/**
 * Idempotency keys for a batch: `prefix:hash(content)`, and `#2`, `#3` ... for identical rows within the batch, so
 * the same file imported again gives the same keys while two equal receipts in one file stay two lines.
 */
export function contentKeys(prefix: string, contents: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return contents.map((c) => {
    const h = contentHash(c);
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    return n === 1 ? `${prefix}:${h}` : `${prefix}:${h}#${n}`;
  });
}

// ---- activity lines ----

export interface KeyedLine {
  line: ActivityLine;
  key: string;
}

function lineRow(line: ActivityLine, key: string, now: string): InventoryLinesTable {
  const s2 = line.scope === 2 ? line : undefined;
  return {
    id: line.id,
    tenant_id: line.tenantId,
    idem_key: key,
    year: line.year,
    month: line.month,
    scope: line.scope,
    category: String(line.category),
    site_id: line.siteId ?? null,
    region: line.region ?? null,
    quantity: line.activity.quantity,
    unit: line.activity.unit,
    factor_quantity: line.factorQuantity,
    factor_id: line.factorId,
    factor_set_id: line.factorSetId,
    factor_version: line.factorVersion,
    factor_year: line.factorYear,
    factor_unit: line.factorUnit,
    boundary: line.boundary,
    kg_co2e_per_unit: line.kgCo2ePerUnit,
    factor_query_json: line.factorQuery ? json(line.factorQuery) : null,
    kg_co2e: line.kgCo2e,
    location_kg_co2e: s2 ? s2.locationKgCo2e : null,
    market_kg_co2e: s2 ? s2.marketKgCo2e : null,
    market_json: s2 ? json(s2.market) : null,
    energy_json: s2?.energy ? json(s2.energy) : null,
    national_fallback: s2?.nationalFallback === undefined ? null : s2.nationalFallback ? 1 : 0,
    source: line.source,
    source_ref: line.sourceRef ?? null,
    note: line.note ?? null,
    created_at: now,
    updated_at: now,
  };
}

/** The engine's line from a stored row. */
export function lineOf(r: InventoryLinesTable): ActivityLine {
  const scope = Number(r.scope) as Scope;
  const base = {
    id: r.id,
    tenantId: r.tenant_id,
    year: Number(r.year),
    month: Number(r.month),
    ...(r.site_id !== null ? { siteId: r.site_id } : {}),
    ...(r.region !== null ? { region: r.region } : {}),
    activity: { quantity: Number(r.quantity), unit: r.unit },
    factorQuantity: Number(r.factor_quantity),
    factorId: r.factor_id,
    factorSetId: r.factor_set_id,
    factorVersion: r.factor_version,
    factorYear: Number(r.factor_year),
    factorUnit: r.factor_unit,
    boundary: r.boundary as Boundary,
    kgCo2ePerUnit: Number(r.kg_co2e_per_unit),
    ...(r.factor_query_json ? { factorQuery: JSON.parse(r.factor_query_json) as FactorQuery } : {}),
    kgCo2e: Number(r.kg_co2e),
    source: r.source as ActivitySource,
    ...(r.source_ref !== null ? { sourceRef: r.source_ref } : {}),
    ...(r.note !== null ? { note: r.note } : {}),
  };
  if (scope === 2) {
    return {
      ...base,
      scope: 2,
      category: r.category as 'electricity' | 'heat',
      locationKgCo2e: Number(r.location_kg_co2e ?? r.kg_co2e),
      marketKgCo2e: Number(r.market_kg_co2e ?? r.kg_co2e),
      market: r.market_json ? (JSON.parse(r.market_json) as MarketPart[]) : [],
      ...(r.national_fallback !== null ? { nationalFallback: Number(r.national_fallback) === 1 } : {}),
      ...(r.energy_json ? { energy: JSON.parse(r.energy_json) as SiteEnergy } : {}),
    };
  }
  const category = (scope === 3 ? Number(r.category) : r.category) as Exclude<Category, 'electricity' | 'heat'>;
  return { ...base, scope: scope as 1 | 3, category };
}

/** Keys of the batch already stored for the tenant. */
export async function existingKeys(db: K, tenantId: string, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500);
    const rows = await db
      .selectFrom('inventory_lines')
      .select('idem_key')
      .where('tenant_id', '=', tenantId)
      .where('idem_key', 'in', part)
      .execute();
    for (const r of rows) found.add(r.idem_key);
  }
  return found;
}

/** Inserts the lines whose key is not stored yet (call inside a transaction); returns how many were new. */
export async function insertLines(db: K, items: readonly KeyedLine[]): Promise<{ inserted: number; duplicates: number }> {
  const byTenant = new Map<string, KeyedLine[]>();
  for (const it of items) byTenant.set(it.line.tenantId, [...(byTenant.get(it.line.tenantId) ?? []), it]);
  const now = nowIso();
  let inserted = 0;
  let duplicates = 0;
  for (const [tenantId, list] of byTenant) {
    const stored = await existingKeys(
      db,
      tenantId,
      list.map((i) => i.key),
    );
    const fresh = list.filter((i) => !stored.has(i.key));
    duplicates += list.length - fresh.length;
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
      const rows = fresh.slice(i, i + INSERT_CHUNK).map((x) => lineRow(x.line, x.key, now));
      if (rows.length) await db.insertInto('inventory_lines').values(rows).execute();
    }
    inserted += fresh.length;
  }
  return { inserted, duplicates };
}

/** Replaces the stored values of lines (same id), e.g. a recalculated base year. */
export async function updateLines(db: K, lines: readonly ActivityLine[]): Promise<void> {
  const now = nowIso();
  for (const line of lines) {
    const { id: _id, tenant_id: _t, idem_key: _k, created_at: _c, ...values } = lineRow(line, '', now);
    await db
      .updateTable('inventory_lines')
      .set(values)
      .where('id', '=', line.id)
      .where('tenant_id', '=', line.tenantId)
      .execute();
  }
}

/** Removes the lines of a source for a year whose key starts with `keyPrefix` (solar sync replaces its lines). */
export async function deleteLinesByPrefix(db: K, tenantId: string, year: number, keyPrefix: string): Promise<number> {
  const res = await db
    .deleteFrom('inventory_lines')
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .where('idem_key', 'like', `${keyPrefix}%`)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export interface LineFilter {
  /** Undefined: every tenant. */
  tenantId?: string | undefined;
  year?: number | undefined;
  month?: number | undefined;
  /** Only lines whose idempotency key starts with this. */
  keyPrefix?: string | undefined;
}

export async function listLines(db: K, f: LineFilter = {}): Promise<ActivityLine[]> {
  let q = db.selectFrom('inventory_lines').selectAll();
  if (f.tenantId !== undefined) q = q.where('tenant_id', '=', f.tenantId);
  if (f.year !== undefined) q = q.where('year', '=', f.year);
  if (f.month !== undefined) q = q.where('month', '=', f.month);
  if (f.keyPrefix !== undefined) q = q.where('idem_key', 'like', `${f.keyPrefix}%`);
  const rows = await q.orderBy('year').orderBy('month').orderBy('id').execute();
  return rows.map(lineOf);
}

// ---- certificates and offsets ----

export async function insertCertificate(db: K, c: EnergyAttributeCertificate): Promise<void> {
  await db
    .insertInto('inventory_certificates')
    .values({
      id: c.id,
      tenant_id: c.tenantId,
      scheme: c.scheme,
      mwh: c.mwh,
      vintage_year: c.vintageYear,
      region: c.region,
      site_id: c.siteId ?? null,
      status: c.status,
      claim_year: c.claimYear ?? null,
      kg_co2e_per_kwh: c.kgCo2ePerKwh ?? null,
      issued_from_site_id: c.issuedFromSiteId ?? null,
      registry_ref: c.registryRef ?? null,
      created_at: nowIso(),
    })
    .execute();
}

export async function listCertificates(db: K, tenantId?: string): Promise<EnergyAttributeCertificate[]> {
  let q = db.selectFrom('inventory_certificates').selectAll();
  if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    scheme: r.scheme as EacScheme,
    mwh: Number(r.mwh),
    vintageYear: Number(r.vintage_year),
    region: r.region,
    ...(r.site_id !== null ? { siteId: r.site_id } : {}),
    status: r.status as EnergyAttributeCertificate['status'],
    ...(r.claim_year !== null ? { claimYear: Number(r.claim_year) } : {}),
    ...(r.kg_co2e_per_kwh !== null ? { kgCo2ePerKwh: Number(r.kg_co2e_per_kwh) } : {}),
    ...(r.issued_from_site_id !== null ? { issuedFromSiteId: r.issued_from_site_id } : {}),
    ...(r.registry_ref !== null ? { registryRef: r.registry_ref } : {}),
  }));
}

export async function insertOffset(db: K, o: CarbonOffset): Promise<void> {
  await db
    .insertInto('inventory_offsets')
    .values({
      id: o.id,
      tenant_id: o.tenantId,
      t_co2e: o.tCo2e,
      registry: o.registry,
      project_type: o.projectType,
      vintage_year: o.vintageYear,
      status: o.status,
      claim_year: o.claimYear ?? null,
      serial: o.serial ?? null,
      created_at: nowIso(),
    })
    .execute();
}

export async function listOffsets(db: K, tenantId?: string): Promise<CarbonOffset[]> {
  let q = db.selectFrom('inventory_offsets').selectAll();
  if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    tCo2e: Number(r.t_co2e),
    registry: r.registry,
    projectType: r.project_type as CarbonOffset['projectType'],
    vintageYear: Number(r.vintage_year),
    status: r.status as CarbonOffset['status'],
    ...(r.claim_year !== null ? { claimYear: Number(r.claim_year) } : {}),
    ...(r.serial !== null ? { serial: r.serial } : {}),
  }));
}

// ---- targets ----

/** The owner key of company-wide targets (a key bound to no tenant, no tenant named). */
export const COMPANY_OWNER = '*';

export async function listTargets(db: K, owner: string): Promise<Target[]> {
  const rows = await db.selectFrom('inventory_targets').selectAll().where('owner', '=', owner).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.target_json) as Target);
}

/** Inserts or replaces targets by id. */
export async function putTargets(db: K, owner: string, targets: readonly Target[]): Promise<void> {
  const now = nowIso();
  for (const t of targets) {
    await db.deleteFrom('inventory_targets').where('owner', '=', owner).where('id', '=', t.id).execute();
    await db
      .insertInto('inventory_targets')
      .values({ owner, id: t.id, target_json: json(t), created_at: now, updated_at: now })
      .execute();
  }
}

// ---- base-year recalculation log (append-only) ----

export interface StoredRecalculation extends BaseYearRecalculation {
  id: string;
  tenantId: string;
  /** False for a dry run: recorded, but the base-year lines were left as they were. */
  applied: boolean;
}

export async function insertRecalculation(
  db: K,
  tenantId: string,
  record: BaseYearRecalculation,
  applied: boolean,
): Promise<StoredRecalculation> {
  const id = newId('recalc');
  await db
    .insertInto('inventory_recalculations')
    .values({
      id,
      tenant_id: tenantId,
      base_year: record.baseYear,
      reason: record.reason,
      change_pct: Number.isFinite(record.changePct) ? record.changePct : null,
      significant: record.significant ? 1 : 0,
      applied: applied ? 1 : 0,
      record_json: json({ ...record, changePct: Number.isFinite(record.changePct) ? record.changePct : null }),
      created_at: nowIso(),
    })
    .execute();
  return { id, tenantId, applied, ...record };
}

export async function listRecalculations(db: K, tenantId?: string): Promise<StoredRecalculation[]> {
  let q = db.selectFrom('inventory_recalculations').selectAll();
  if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => {
    const rec = JSON.parse(r.record_json) as BaseYearRecalculation & { changePct: number | null };
    return {
      id: r.id,
      tenantId: r.tenant_id,
      applied: Number(r.applied) === 1,
      ...rec,
      changePct: rec.changePct ?? Number.POSITIVE_INFINITY,
    };
  });
}

// ---- factor set versions (for the audit trail of user sets) ----

/** Versions of the loaded sets the tenant sees (its own and shared ones), by set id. */
export async function loadedSetVersions(db: K, tenantId: string | undefined): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('factor_sets')
    .select(['id', 'version', 'tenant_id'])
    .where((eb) =>
      tenantId === undefined ? eb('tenant_id', 'is', null) : eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', tenantId)]),
    )
    .execute();
  const out = new Map<string, string>();
  // A tenant's own set wins over a shared one of the same id (they cannot both exist, but be safe).
  for (const r of rows.sort((a, b) => (a.tenant_id === null ? -1 : b.tenant_id === null ? 1 : 0))) out.set(r.id, r.version);
  return out;
}
