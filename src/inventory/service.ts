import { writeTenant } from '../auth/index.js';
import { AppError, ErrorCode, type ErrorDetail, invalid, newId, type Scope } from '../core/index.js';
import type { Db } from '../db/index.js';
import { builtInSet, type Factor, type FactorResolver, loadResolver } from '../factors/index.js';
import { listParks, parkEnergy } from '../solar/index.js';
import {
  type ActivityInput,
  activityLine,
  type FactorRef,
  importActivityCsv,
  REFRIGERANT_FACTORS,
  type ResolveOptions,
} from './activity.js';
import { DEFAULT_SIGNIFICANCE_PCT, RECALCULATION_REASONS, type RecalculationReason, recalculateBaseYear } from './baseyear.js';
import { annualTotals, buildInventory, checkInventory, type Inventory, type ScopeTotals } from './inventory.js';
import {
  type ActivityLine,
  type ActivitySource,
  type CarbonOffset,
  EAC_SCHEMES,
  type EnergyAttributeCertificate,
  type Scope as GhgScope,
  type IntensityDenominators,
} from './model.js';
import { type CertificateUse, computeScope2, type SiteEnergyPeriod } from './scope2.js';
import {
  COMPANY_OWNER,
  contentKeys,
  deleteLinesByPrefix,
  insertCertificate,
  insertLines,
  insertOffset,
  insertRecalculation,
  type KeyedLine,
  listCertificates,
  listLines,
  listOffsets,
  listRecalculations,
  listTargets,
  loadedSetVersions,
  putTargets,
  type StoredRecalculation,
  updateLines,
} from './store.js';
import { defaultTargets, type Target, type TargetProgress, targetActual, trackTarget, validateTarget } from './targets.js';

/**
 * The inventory as the API and the CLI see it: activity imports (JSON rows or CSV, all or nothing, idempotent),
 * the solar feed of Scope 2, the yearly inventory with its independent re-check, certificates and offsets
 * (reported apart), targets with their pathways, and base-year recalculation with its append-only log.
 *
 * Tenancy: a key bound to a tenant sees and writes only that tenant; a key bound to none (admin, analyst) reads
 * the whole company or names `tenantId`; writes by such a key name the tenant (targets may be company-wide).
 */

export const BASE_YEAR = 2021;
const SOLAR_KEY_PREFIX = 'solar:';

// ---- tenancy ----

/** The tenant a read covers: the key's own, else the named one, else undefined (every tenant). */
export function readTenant(scope: Scope, requested: string | undefined): string | undefined {
  if (scope.tenantId !== null) {
    if (requested !== undefined && requested !== scope.tenantId) {
      throw new AppError(ErrorCode.Forbidden, "this key cannot read another tenant's inventory");
    }
    return scope.tenantId;
  }
  return requested;
}

function assertWriter(scope: Scope, what: string): void {
  if (scope.role !== 'admin' && scope.role !== 'merchant') {
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot ${what}`);
  }
}

// ---- factors ----

const REFRIGERANTS = new Map<string, Factor>(REFRIGERANT_FACTORS.map((f) => [f.id, f]));

/** The tenant's factors (built-in, shared and its own sets) plus the AR5 refrigerant GWPs. */
export async function inventoryResolver(db: Db, scope: Scope, tenantId: string | undefined): Promise<FactorResolver> {
  const view = await loadResolver(db, scope, tenantId === undefined ? {} : { tenantId });
  return (id) => view(id) ?? REFRIGERANTS.get(id);
}

/** Resolve options with the versions of the loaded sets, for the audit trail. */
export async function resolveOptions(db: Db, tenantId: string | undefined): Promise<ResolveOptions> {
  const versions = await loadedSetVersions(db.kysely, tenantId);
  return { setVersion: (setId) => versions.get(setId) ?? builtInSet(setId)?.version ?? null };
}

// ---- activity import ----

/** One activity row of the JSON API. */
export interface ActivityRowInput {
  year: number;
  month: number;
  scope: number;
  /** Scope 1/2 kind, or the Scope 3 category number (1-15). */
  category: string | number;
  quantity: number;
  unit: string;
  /** `set:slug`; or give `factor` as { slug, year }. */
  factorId?: string | undefined;
  factor?: { slug: string; year: number } | undefined;
  siteId?: string | undefined;
  region?: string | undefined;
  boundary?: 'TTW' | 'WTT' | 'WTW' | undefined;
  source?: string | undefined;
  sourceRef?: string | undefined;
  note?: string | undefined;
  /** The caller's key for the row: the same key again is not counted twice. Default: a hash of the row. */
  idempotencyKey?: string | undefined;
}

export interface ImportAnswer {
  tenantId: string;
  rows: number;
  inserted: number;
  /** Rows already stored (same idempotency key): not counted again. */
  duplicates: number;
  kgCo2e: { scope1: number; scope2Location: number; scope2Market: number; scope3: number };
}

const API_SOURCES = new Set<string>(['footprint', 'fleet', 'packing', 'reusables', 'recycling', 'import', 'api', 'manual']);

/** What makes two lines the same activity (the id, computed figures and positional refs left out). */
const lineContent = (l: ActivityLine) => [
  l.year,
  l.month,
  l.scope,
  l.category,
  l.siteId ?? null,
  l.region ?? null,
  l.activity.quantity,
  l.activity.unit,
  l.factorQuery ?? l.factorId,
  l.boundary,
  l.sourceRef && !/^line \d+$/.test(l.sourceRef) ? l.sourceRef : null,
  l.note ?? null,
];

function kgOf(lines: readonly ActivityLine[]): ImportAnswer['kgCo2e'] {
  const out = { scope1: 0, scope2Location: 0, scope2Market: 0, scope3: 0 };
  for (const l of lines) {
    if (l.scope === 1) out.scope1 += l.kgCo2e;
    else if (l.scope === 3) out.scope3 += l.kgCo2e;
    else if (l.scope === 2) {
      out.scope2Location += l.locationKgCo2e;
      out.scope2Market += l.marketKgCo2e;
    }
  }
  return out;
}

/** A unique-key violation on either engine (a concurrent import of the same rows). */
const isUniqueViolation = (err: unknown): boolean =>
  (err as { code?: unknown })?.code === '23505' || /UNIQUE constraint failed/.test(String((err as Error)?.message));

async function store(db: Db, tenantId: string, items: KeyedLine[]): Promise<ImportAnswer> {
  const run = () => db.kysely.transaction().execute((trx) => insertLines(trx, items));
  // Two imports of the same rows at once: the loser's transaction fails on the key and is run again, where it
  // finds the rows stored and counts them as duplicates.
  const { inserted, duplicates } = await run().catch((err) => {
    if (isUniqueViolation(err)) return run();
    throw err;
  });
  return { tenantId, rows: items.length, inserted, duplicates, kgCo2e: kgOf(items.map((i) => i.line)) };
}

/** Imports a CSV of activity data for one tenant, all or nothing; errors carry their line and column. */
export async function importActivityCsvText(
  db: Db,
  scope: Scope,
  text: string,
  requestedTenant: string | undefined,
): Promise<ImportAnswer> {
  assertWriter(scope, 'import activity data');
  const tenantId = await writeTenant(db, scope, requestedTenant, 'import activity data');
  const resolver = await inventoryResolver(db, scope, tenantId);
  const { lines, errors } = importActivityCsv(text, resolver, { tenantId, source: 'import' }, await resolveOptions(db, tenantId));
  if (errors.length > 0) {
    const first = errors[0] as ErrorDetail;
    throw invalid(
      `the file has ${errors.length} problem(s); nothing was imported. First: ${first.line ? `line ${first.line}: ` : ''}${first.field ? `${first.field}: ` : ''}${first.message}`,
      errors,
    );
  }
  const keys = contentKeys('csv', lines.map(lineContent));
  return store(
    db,
    tenantId,
    lines.map((line, i) => ({ line, key: keys[i] as string })),
  );
}

/** Imports JSON activity rows for one tenant, all or nothing; errors point into `/rows/<i>`. */
export async function importActivityRows(
  db: Db,
  scope: Scope,
  rows: readonly ActivityRowInput[],
  requestedTenant: string | undefined,
): Promise<ImportAnswer> {
  assertWriter(scope, 'import activity data');
  const tenantId = await writeTenant(db, scope, requestedTenant, 'import activity data');
  if (rows.length === 0) throw invalid('rows must not be empty', [{ field: '/rows', message: 'at least one row' }]);
  const resolver = await inventoryResolver(db, scope, tenantId);
  const opts = await resolveOptions(db, tenantId);
  const errors: ErrorDetail[] = [];
  const lines: ActivityLine[] = [];
  rows.forEach((r, i) => {
    const at = `/rows/${i}`;
    const source = r.source ?? 'api';
    if (!API_SOURCES.has(source)) {
      errors.push({ field: `${at}/source`, message: `must be one of ${[...API_SOURCES].join(', ')}` });
      return;
    }
    let factor: FactorRef | undefined;
    if (r.factorId !== undefined) factor = { id: r.factorId };
    else if (r.factor !== undefined) factor = r.factor;
    const category =
      r.scope === 3 && typeof r.category === 'string' && /^\d+$/.test(r.category) ? Number(r.category) : r.category;
    const input = {
      tenantId,
      year: r.year,
      month: r.month,
      scope: r.scope,
      category,
      activity: { quantity: r.quantity, unit: r.unit },
      factor,
      source: source as ActivitySource,
      ...(r.siteId ? { siteId: r.siteId } : {}),
      ...(r.region ? { region: r.region } : {}),
      ...(r.boundary ? { boundary: r.boundary } : {}),
      ...(r.sourceRef ? { sourceRef: r.sourceRef } : {}),
      ...(r.note ? { note: r.note } : {}),
    } as ActivityInput;
    try {
      lines.push(activityLine(input, resolver, opts));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const details = err.details.length ? err.details : [{ message: err.message }];
      for (const d of details)
        errors.push({
          field: `${at}${d.field === '/factor' && r.factorId !== undefined ? '/factorId' : (d.field ?? '')}`,
          message: d.message,
        });
    }
  });
  if (errors.length > 0) {
    const first = errors[0] as ErrorDetail;
    throw invalid(`${errors.length} problem(s); nothing was imported. First: ${first.field}: ${first.message}`, errors);
  }
  const derived = contentKeys('api', lines.map(lineContent));
  return store(
    db,
    tenantId,
    lines.map((line, i) => {
      const own = rows[i]?.idempotencyKey;
      return { line, key: own ? `key:${own}` : (derived[i] as string) };
    }),
  );
}

// ---- solar feed (Scope 2 from the solar module's site meters) ----

export interface SolarSyncAnswer {
  year: number;
  parks: number;
  /** Site-months turned into Scope 2 lines. */
  lines: number;
  /** Solar lines of the year removed and written again (the sync replaces them: safe to repeat). */
  replaced: number;
  locationKgCo2e: number;
  marketKgCo2e: number;
  certificates: CertificateUse[];
  warnings: string[];
}

const checkYear = (year: unknown, field = 'year'): number => {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2100) {
    throw invalid(`${field} must be a whole year from 1990 to 2100`, [{ field, message: 'a whole year, 1990-2100' }]);
  }
  return year;
};

/**
 * Scope 2 electricity lines of a year from the solar parks' site meters (consumption, import, export) and system
 * meters (generation): one line per park and month, both methods, with the tenant's certificates. Replaces the
 * year's earlier solar lines of the same tenants in one transaction, so running it again changes nothing unless the
 * readings or certificates changed.
 */
export async function syncSolar(
  db: Db,
  scope: Scope,
  q: { year: number; tenantId?: string | undefined },
): Promise<SolarSyncAnswer> {
  assertWriter(scope, 'sync the inventory');
  const year = checkYear(q.year);
  const tenant = readTenant(scope, q.tenantId);
  const parks: { id: string; tenantId: string; region: string; gridRegion: string | null }[] = [];
  let cursor: string | undefined;
  do {
    const page = await listParks(db, scope, { tenantId: tenant, limit: 500, ...(cursor ? { cursor } : {}) });
    parks.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  const warnings: string[] = [];
  const byTenant = new Map<string, SiteEnergyPeriod[]>();
  for (const park of parks) {
    const energy = await parkEnergy(db, scope, {
      parkId: park.id,
      from: `${year}-01-01`,
      to: `${year + 1}-01-01`,
      granularity: 'month',
    });
    for (const row of energy.rows) {
      const month = Number(row.period.slice(5, 7));
      if (Number(row.period.slice(0, 4)) !== year || !(month >= 1 && month <= 12)) continue;
      const gen = row.generationKwh ?? 0;
      if (row.consumptionKwh === null && row.importKwh === null) {
        if (gen > 0) warnings.push(`park ${park.id} ${row.period}: no site meter readings, no Scope 2 line`);
        continue;
      }
      if (gen > 0 && row.exportKwh === null) {
        warnings.push(`park ${park.id} ${row.period}: export unknown, self-consumption cannot be known; no Scope 2 line`);
        continue;
      }
      const self = row.selfConsumedKwh ?? 0;
      const consumption = row.consumptionKwh ?? (row.importKwh as number) + self;
      const period: SiteEnergyPeriod = {
        tenantId: park.tenantId,
        siteId: park.id,
        region: park.gridRegion ?? park.region,
        year,
        month,
        consumptionKwh: consumption,
        solarGenerationKwh: gen,
        solarExportKwh: row.exportKwh ?? 0,
        solarSelfConsumedKwh: self,
        ...(row.importKwh !== null ? { gridImportKwh: row.importKwh } : {}),
        sourceRef: `solar park ${park.id} ${row.period}`,
      };
      byTenant.set(park.tenantId, [...(byTenant.get(park.tenantId) ?? []), period]);
    }
  }

  const tenants = new Set<string>(tenant !== undefined ? [tenant] : parks.map((p) => p.tenantId));
  const items: KeyedLine[] = [];
  const uses: CertificateUse[] = [];
  let location = 0;
  let market = 0;
  for (const t of tenants) {
    const periods = byTenant.get(t) ?? [];
    if (periods.length === 0) continue;
    const resolver = await inventoryResolver(db, scope, t);
    const result = computeScope2(periods, await listCertificates(db.kysely, t), resolver, {
      ...(await resolveOptions(db, t)),
      source: 'solar',
    });
    for (const p of result.periods) {
      items.push({ line: p.line, key: `${SOLAR_KEY_PREFIX}${p.siteId}:${p.year}-${String(p.month).padStart(2, '0')}` });
      for (const w of p.warnings) warnings.push(`${p.siteId} ${p.year}-${String(p.month).padStart(2, '0')}: ${w}`);
    }
    uses.push(...result.certificates);
    location += result.totals.locationKgCo2e;
    market += result.totals.marketKgCo2e;
  }
  const replaced = await db.kysely.transaction().execute(async (trx) => {
    let removed = 0;
    for (const t of tenants) removed += await deleteLinesByPrefix(trx, t, year, SOLAR_KEY_PREFIX);
    await insertLines(trx, items);
    return removed;
  });
  return {
    year,
    parks: parks.length,
    lines: items.length,
    replaced,
    locationKgCo2e: location,
    marketKgCo2e: market,
    certificates: uses,
    warnings,
  };
}

// ---- certificates and offsets ----

export interface CertificateInput {
  id?: string | undefined;
  tenantId?: string | undefined;
  scheme: string;
  mwh: number;
  vintageYear: number;
  region: string;
  siteId?: string | undefined;
  status: string;
  claimYear?: number | undefined;
  kgCo2ePerKwh?: number | undefined;
  issuedFromSiteId?: string | undefined;
  registryRef?: string | undefined;
}

const isYearValue = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1990 && v <= 2100;

async function assertNewId(db: Db, table: 'inventory_certificates' | 'inventory_offsets', id: string): Promise<void> {
  const found = await db.kysely.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (found) throw new AppError(ErrorCode.Conflict, `${id} is already recorded`);
}

/**
 * Records an energy attribute certificate. When the tenant already has solar Scope 2 lines for the year the
 * certificate is claimed for, they are recomputed at once (market-based Scope 2 follows the certificates).
 */
export async function addCertificate(
  db: Db,
  scope: Scope,
  input: CertificateInput,
): Promise<{ certificate: EnergyAttributeCertificate; resync: SolarSyncAnswer | null }> {
  assertWriter(scope, 'record certificates');
  const tenantId = await writeTenant(db, scope, input.tenantId, 'record certificates');
  const errors: ErrorDetail[] = [];
  if (!(EAC_SCHEMES as readonly string[]).includes(input.scheme))
    errors.push({ field: '/scheme', message: `one of ${EAC_SCHEMES.join(', ')}` });
  if (!(Number.isFinite(input.mwh) && input.mwh > 0)) errors.push({ field: '/mwh', message: 'must be more than 0' });
  if (!isYearValue(input.vintageYear)) errors.push({ field: '/vintageYear', message: 'a whole year, 1990-2100' });
  if (input.claimYear !== undefined && !isYearValue(input.claimYear))
    errors.push({ field: '/claimYear', message: 'a whole year, 1990-2100' });
  if (!input.region?.trim()) errors.push({ field: '/region', message: 'a country (CN) or grid region (CN-East)' });
  if (!['held', 'retired', 'sold'].includes(input.status)) errors.push({ field: '/status', message: 'held, retired or sold' });
  if (input.kgCo2ePerKwh !== undefined && !(Number.isFinite(input.kgCo2ePerKwh) && input.kgCo2ePerKwh >= 0)) {
    errors.push({ field: '/kgCo2ePerKwh', message: 'must be 0 or more' });
  }
  if (errors.length) throw invalid(`certificate refused: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  const certificate: EnergyAttributeCertificate = {
    id: input.id ?? newId('eac'),
    tenantId,
    scheme: input.scheme as EnergyAttributeCertificate['scheme'],
    mwh: input.mwh,
    vintageYear: input.vintageYear,
    region: input.region.trim(),
    status: input.status as EnergyAttributeCertificate['status'],
    ...(input.siteId ? { siteId: input.siteId } : {}),
    ...(input.claimYear !== undefined ? { claimYear: input.claimYear } : {}),
    ...(input.kgCo2ePerKwh !== undefined ? { kgCo2ePerKwh: input.kgCo2ePerKwh } : {}),
    ...(input.issuedFromSiteId ? { issuedFromSiteId: input.issuedFromSiteId } : {}),
    ...(input.registryRef ? { registryRef: input.registryRef } : {}),
  };
  await assertNewId(db, 'inventory_certificates', certificate.id);
  await insertCertificate(db.kysely, certificate);
  const year = certificate.claimYear ?? certificate.vintageYear;
  const solar = await listLines(db.kysely, { tenantId, year, keyPrefix: SOLAR_KEY_PREFIX });
  const resync = solar.length > 0 ? await syncSolar(db, scope, { year, tenantId }) : null;
  return { certificate, resync };
}

export async function certificatesOf(db: Db, scope: Scope, q: { tenantId?: string | undefined }) {
  return { items: await listCertificates(db.kysely, readTenant(scope, q.tenantId)) };
}

export interface OffsetInput {
  id?: string | undefined;
  tenantId?: string | undefined;
  tCo2e: number;
  registry: string;
  projectType: string;
  vintageYear: number;
  status: string;
  claimYear?: number | undefined;
  serial?: string | undefined;
}

/** Records a carbon credit. It never changes the inventory; it is reported beside it and beside the targets. */
export async function addOffset(db: Db, scope: Scope, input: OffsetInput): Promise<CarbonOffset> {
  assertWriter(scope, 'record offsets');
  const tenantId = await writeTenant(db, scope, input.tenantId, 'record offsets');
  const errors: ErrorDetail[] = [];
  if (!(Number.isFinite(input.tCo2e) && input.tCo2e > 0)) errors.push({ field: '/tCo2e', message: 'must be more than 0' });
  if (!input.registry?.trim()) errors.push({ field: '/registry', message: 'is required (Verra VCS, Gold Standard, CCER ...)' });
  if (!['avoidance', 'removal'].includes(input.projectType))
    errors.push({ field: '/projectType', message: 'avoidance or removal' });
  if (!isYearValue(input.vintageYear)) errors.push({ field: '/vintageYear', message: 'a whole year, 1990-2100' });
  if (input.claimYear !== undefined && !isYearValue(input.claimYear))
    errors.push({ field: '/claimYear', message: 'a whole year, 1990-2100' });
  if (!['held', 'retired'].includes(input.status)) errors.push({ field: '/status', message: 'held or retired' });
  if (errors.length) throw invalid(`offset refused: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  const offset: CarbonOffset = {
    id: input.id ?? newId('off'),
    tenantId,
    tCo2e: input.tCo2e,
    registry: input.registry.trim(),
    projectType: input.projectType as CarbonOffset['projectType'],
    vintageYear: input.vintageYear,
    status: input.status as CarbonOffset['status'],
    ...(input.claimYear !== undefined ? { claimYear: input.claimYear } : {}),
    ...(input.serial ? { serial: input.serial } : {}),
  };
  await assertNewId(db, 'inventory_offsets', offset.id);
  await insertOffset(db.kysely, offset);
  return offset;
}

export async function offsetsOf(db: Db, scope: Scope, q: { tenantId?: string | undefined }) {
  return { items: await listOffsets(db.kysely, readTenant(scope, q.tenantId)) };
}

// ---- the inventory ----

/** Intensity denominators from the modules' own data: stored shipment footprints (parcels, t.km) and orders. */
export async function moduleDenominators(db: Db, tenantId: string | undefined, year: number): Promise<IntensityDenominators> {
  const like = `${year}-%`;
  let fp = db.kysely
    .selectFrom('shipment_footprints')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.sum<number | string | null>('transport_activity_tkm').as('tkm'),
    ])
    .where('shipped_on', 'like', like);
  if (tenantId !== undefined) fp = fp.where('tenant_id', '=', tenantId);
  let orders = db.kysely
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('ship_by', 'like', like);
  if (tenantId !== undefined) orders = orders.where('tenant_id', '=', tenantId);
  const a = await fp.executeTakeFirst();
  const o = await orders.executeTakeFirst();
  const out: IntensityDenominators = {};
  const parcels = Number(a?.n ?? 0);
  const tkm = Number(a?.tkm ?? 0);
  const n = Number(o?.n ?? 0);
  if (parcels > 0) out.parcels = parcels;
  if (tkm > 0) out.tkm = tkm;
  if (n > 0) out.orders = n;
  return out;
}

export const BREAKDOWNS = ['scope', 'category', 'site', 'region', 'tenant', 'month'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface InventoryAnswer extends Inventory {
  /** The month the figures cover, when one was asked for. */
  month: number | null;
  /** Where the intensity denominators came from. */
  denominators: IntensityDenominators;
  /** The breakdown asked for with `by`. */
  by: Breakdown | null;
  breakdown: unknown[] | null;
  /** The independent re-check passed (a failure answers 500, never a wrong figure). */
  checked: true;
  method: string;
}

export const INVENTORY_METHOD =
  'GHG Protocol Corporate Standard. Every line is activity x the factor it was computed with (factor id, set and ' +
  'version kept). Scope 2 is reported both ways (Scope 2 Guidance 2015): location-based = grid import x grid ' +
  'average of the region and year; market-based = retired certificates, supplier rates, then the residual mix. ' +
  'Self-consumed solar is not purchased electricity; exports are avoided emissions reported apart. Offsets and ' +
  'certificates are reported beside the inventory and never netted.';

function breakdownOf(inv: Inventory, by: Breakdown): unknown[] {
  switch (by) {
    case 'scope': {
      const t = inv.totals;
      return [
        { scope: 1, kgCo2e: t.scope1KgCo2e },
        { scope: 2, method: 'location', kgCo2e: t.scope2LocationKgCo2e },
        { scope: 2, method: 'market', kgCo2e: t.scope2MarketKgCo2e },
        { scope: 3, kgCo2e: t.scope3KgCo2e },
      ];
    }
    case 'category':
      return inv.byCategory;
    case 'site':
      return inv.bySite;
    case 'region':
      return inv.byRegion;
    case 'tenant':
      return inv.byTenant;
    case 'month':
      return inv.byMonth;
  }
}

/** Thrown when the re-check of an inventory fails: the reasons go to the log, the caller gets a 500. */
export class InventoryCheckError extends AppError {
  constructor(readonly problems: string[]) {
    super(ErrorCode.Internal, `the inventory failed its re-check (${problems.length} problem(s)); nothing was answered`);
  }
}

/** The inventory of a year (optionally one month), re-checked before it is returned. */
export async function getInventory(
  db: Db,
  scope: Scope,
  q: { year: number; month?: number | undefined; by?: Breakdown | undefined; tenantId?: string | undefined },
): Promise<InventoryAnswer> {
  const year = checkYear(q.year);
  if (q.month !== undefined && !(Number.isInteger(q.month) && q.month >= 1 && q.month <= 12)) {
    throw invalid('month must be 1 to 12', [{ field: 'month', message: '1 to 12' }]);
  }
  const tenant = readTenant(scope, q.tenantId);
  const lines = await listLines(db.kysely, { tenantId: tenant, year, month: q.month });
  const denominators = q.month === undefined ? await moduleDenominators(db, tenant, year) : {};
  const inv = buildInventory(lines, {
    year,
    ...(tenant !== undefined ? { tenantId: tenant } : {}),
    denominators,
    offsets: await listOffsets(db.kysely, tenant),
    certificates: await listCertificates(db.kysely, tenant),
  });
  const problems = checkInventory(inv, lines);
  if (problems.length > 0) throw new InventoryCheckError(problems);
  return {
    ...inv,
    month: q.month ?? null,
    denominators,
    by: q.by ?? null,
    breakdown: q.by ? breakdownOf(inv, q.by) : null,
    checked: true,
    method: INVENTORY_METHOD,
  };
}

// ---- targets ----

export interface TargetInput {
  id: string;
  name?: string | undefined;
  scopes: number[];
  kind?: 'absolute' | 'intensity' | undefined;
  baseYear?: number | undefined;
  /** Default: the base year's inventory for the covered scopes. */
  baseValue?: number | undefined;
  targetYear: number;
  reductionPct: number;
  scope2Method?: 'market' | 'location' | undefined;
  intensityDenominator?: 'parcel' | 'tkm' | 'order' | undefined;
  claim?: 'reduction' | 'carbon_neutral' | 'net_zero' | undefined;
  note?: string | undefined;
}

export interface TargetsAnswer {
  tenantId: string | null;
  baseYear: number;
  /** True when no targets are stored and the three defaults (on the base-year totals) are shown. */
  defaults: boolean;
  baseYearTotals: ScopeTotals | null;
  targets: TargetProgress[];
  /** Retired offsets by claim year, reported apart: they never change an actual, a gap or a status. */
  offsets: { year: number; retiredTCo2e: number; removalTCo2e: number; avoidanceTCo2e: number }[];
  warnings: string[];
}

function ownerFor(scope: Scope, requested: string | undefined): { owner: string; tenant: string | undefined } {
  const tenant = readTenant(scope, requested);
  return { owner: tenant ?? COMPANY_OWNER, tenant };
}

async function targetContext(db: Db, tenant: string | undefined) {
  const lines = await listLines(db.kysely, { tenantId: tenant });
  const annual = annualTotals(lines, tenant);
  return { annual, base: annual.find((a) => a.year === BASE_YEAR)?.totals ?? null };
}

/** Targets of a tenant (or the company) with progress; the three defaults when none are stored. */
export async function getTargets(db: Db, scope: Scope, q: { tenantId?: string | undefined }): Promise<TargetsAnswer> {
  const { owner, tenant } = ownerFor(scope, q.tenantId);
  const stored = await listTargets(db.kysely, owner);
  const { annual, base } = await targetContext(db, tenant);
  const warnings: string[] = [];
  let targets: Target[] = stored;
  const defaults = stored.length === 0;
  if (defaults) {
    if (!base) warnings.push(`no ${BASE_YEAR} inventory: the default targets need base-year totals`);
    targets = base ? defaultTargets(base, BASE_YEAR).filter((t) => t.baseValue > 0) : [];
  }
  const offsets = await listOffsets(db.kysely, tenant);
  const denominators = new Map<number, IntensityDenominators>();
  const progress: TargetProgress[] = [];
  for (const t of targets) {
    const actuals: { year: number; value: number }[] = [];
    for (const a of annual) {
      if (t.kind === 'intensity' && !denominators.has(a.year))
        denominators.set(a.year, await moduleDenominators(db, tenant, a.year));
      try {
        actuals.push({ year: a.year, value: targetActual(t, a.totals, denominators.get(a.year)) });
      } catch {
        warnings.push(`${t.id}: no ${t.intensityDenominator} figure for ${a.year}, year left out`);
      }
    }
    progress.push(trackTarget(t, actuals, offsets));
  }
  const years = new Map<number, TargetsAnswer['offsets'][number]>();
  for (const o of offsets) {
    if (o.status !== 'retired') continue;
    const y = o.claimYear ?? o.vintageYear;
    const e = years.get(y) ?? { year: y, retiredTCo2e: 0, removalTCo2e: 0, avoidanceTCo2e: 0 };
    e.retiredTCo2e += o.tCo2e;
    if (o.projectType === 'removal') e.removalTCo2e += o.tCo2e;
    else e.avoidanceTCo2e += o.tCo2e;
    years.set(y, e);
  }
  return {
    tenantId: tenant ?? null,
    baseYear: BASE_YEAR,
    defaults,
    baseYearTotals: base,
    targets: progress,
    offsets: [...years.values()].sort((a, b) => a.year - b.year),
    warnings,
  };
}

/** Stores targets (by id, replacing those with the same id); a missing base value is read from the base year. */
export async function saveTargets(
  db: Db,
  scope: Scope,
  body: { tenantId?: string | undefined; targets: TargetInput[] },
): Promise<TargetsAnswer> {
  assertWriter(scope, 'set targets');
  const { owner, tenant } = ownerFor(scope, body.tenantId);
  if (tenant !== undefined) await writeTenant(db, scope, tenant, 'set targets');
  if (body.targets.length === 0) throw invalid('targets must not be empty', [{ field: '/targets', message: 'at least one' }]);
  const { annual } = await targetContext(db, tenant);
  const errors: ErrorDetail[] = [];
  const targets: Target[] = [];
  for (const [i, input] of body.targets.entries()) {
    const baseYear = input.baseYear ?? BASE_YEAR;
    const draft: Target = {
      id: input.id,
      name: input.name ?? input.id,
      scopes: input.scopes as GhgScope[],
      kind: input.kind ?? 'absolute',
      baseYear,
      baseValue: input.baseValue ?? Number.NaN,
      targetYear: input.targetYear,
      reductionPct: input.reductionPct,
      scope2Method: input.scope2Method ?? 'market',
      ...(input.intensityDenominator ? { intensityDenominator: input.intensityDenominator } : {}),
      claim: input.claim ?? 'reduction',
      ...(input.note ? { note: input.note } : {}),
    };
    if (input.baseValue === undefined) {
      const totals = annual.find((a) => a.year === baseYear)?.totals;
      try {
        if (totals) {
          const dens = draft.kind === 'intensity' ? await moduleDenominators(db, tenant, baseYear) : undefined;
          draft.baseValue = targetActual(draft, totals, dens);
        }
      } catch {
        // reported by validateTarget below (baseValue)
      }
    }
    try {
      validateTarget(draft);
      targets.push(draft);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      for (const d of err.details) {
        const message =
          d.field === 'baseValue' && input.baseValue === undefined
            ? `no ${baseYear} inventory for the covered scopes: give baseValue`
            : d.message;
        errors.push({ field: `/targets/${i}/${d.field ?? ''}`, message });
      }
    }
  }
  if (errors.length) throw invalid(`targets refused: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  await db.kysely.transaction().execute((trx) => putTargets(trx, owner, targets));
  return getTargets(db, scope, { tenantId: tenant });
}

// ---- base-year recalculation ----

export interface RecalculationInput {
  tenantId?: string | undefined;
  baseYear?: number | undefined;
  reason?: string | undefined;
  note?: string | undefined;
  thresholdPct?: number | undefined;
  scope2Method?: 'market' | 'location' | undefined;
  /** Old factor id -> the id replacing it (a set swap). */
  remap?: Record<string, string> | undefined;
  /** Record the result without changing the base-year lines. */
  dryRun?: boolean | undefined;
}

/**
 * Re-runs the base year with the tenant's current factors, appends the record to the log (flagged when the change
 * reaches the threshold, 5 % by default) and, unless a dry run, stores the recalculated lines as the base year.
 */
export async function recalculate(db: Db, scope: Scope, input: RecalculationInput): Promise<StoredRecalculation> {
  assertWriter(scope, 'recalculate the base year');
  const tenantId = await writeTenant(db, scope, input.tenantId, 'recalculate the base year');
  const baseYear = checkYear(input.baseYear ?? BASE_YEAR, 'baseYear');
  const reason = (input.reason ?? 'factor_update') as RecalculationReason;
  if (!RECALCULATION_REASONS.includes(reason)) {
    throw invalid(`reason must be one of ${RECALCULATION_REASONS.join(', ')}`, [{ field: '/reason', message: 'unknown reason' }]);
  }
  const lines = await listLines(db.kysely, { tenantId, year: baseYear });
  if (lines.length === 0) {
    throw invalid(`no ${baseYear} activity lines for tenant ${tenantId}: nothing to recalculate`, [
      { field: '/baseYear', message: 'no lines in that year' },
    ]);
  }
  const resolver = await inventoryResolver(db, scope, tenantId);
  const result = recalculateBaseYear(lines, resolver, {
    ...(await resolveOptions(db, tenantId)),
    reason,
    ...(input.note ? { note: input.note } : {}),
    thresholdPct: input.thresholdPct ?? DEFAULT_SIGNIFICANCE_PCT,
    ...(input.scope2Method ? { scope2Method: input.scope2Method } : {}),
    ...(input.remap ? { remap: input.remap } : {}),
  });
  const apply = input.dryRun !== true;
  return db.kysely.transaction().execute(async (trx) => {
    if (apply) await updateLines(trx, result.lines);
    return insertRecalculation(trx, tenantId, result.record, apply);
  });
}

export async function recalculations(db: Db, scope: Scope, q: { tenantId?: string | undefined }) {
  return { items: await listRecalculations(db.kysely, readTenant(scope, q.tenantId)) };
}
