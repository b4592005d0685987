import { sql } from 'kysely';
import { writeTenant as resolveWriteTenant } from '../auth/index.js';
import { AppError, ErrorCode, invalid, newId, notFound, nowIso, type Scope } from '../core/index.js';
import { type Db, decodeCursor, type Page, type PageRequest, pageLimit, toPage } from '../db/index.js';
import type { FootprintJobsTable, ShipmentFootprintsTable } from '../db/schema.js';
import type { CsvLineError } from './csv.js';
import type { ShipmentFootprint, ShipmentInput } from './model.js';

/** A stored shipment footprint: the headline figures, and the full result on request. */
export interface StoredFootprint {
  id: string;
  tenantId: string;
  shipmentId: string;
  shippedOn: string | null;
  massKg: number;
  transportActivityTkm: number;
  co2eWtwKg: number;
  co2eTtwKg: number;
  co2eWttKg: number;
  primaryDataShare: number;
  elementCount: number;
  source: string;
  jobId: string | null;
  computedAt: string;
}

export interface StoredFootprintDetail extends StoredFootprint {
  input: ShipmentInput;
  result: ShipmentFootprint;
  factorIds: string[];
}

export interface FootprintToSave {
  input: ShipmentInput;
  result: ShipmentFootprint;
  /** YYYY-MM-DD */
  shippedOn?: string | null;
}

const toStored = (r: ShipmentFootprintsTable): StoredFootprint => ({
  id: r.id,
  tenantId: r.tenant_id,
  shipmentId: r.shipment_ref,
  shippedOn: r.shipped_on,
  massKg: r.mass_kg,
  transportActivityTkm: r.transport_activity_tkm,
  co2eWtwKg: r.co2e_wtw_kg,
  co2eTtwKg: r.co2e_ttw_kg,
  co2eWttKg: r.co2e_wtt_kg,
  primaryDataShare: r.primary_data_share,
  elementCount: r.element_count,
  source: r.source,
  jobId: r.job_id,
  computedAt: r.computed_at,
});

/** The tenant a footprint write goes to (analysts and couriers only compute). */
export const writeTenant = (db: Db, scope: Scope, requested: string | undefined): Promise<string> =>
  resolveWriteTenant(db, scope, requested, 'store footprints');

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function factorIdsOf(result: ShipmentFootprint): string[] {
  const ids = new Set<string>();
  for (const e of result.elements) {
    if (e.factorId) ids.add(e.factorId);
    if (e.type === 'leg') for (const l of e.energy ?? []) if (l.factorId) ids.add(l.factorId);
    if (e.type === 'hub') for (const l of e.site?.energy ?? []) if (l.factorId) ids.add(l.factorId);
    if (e.type === 'hub' && e.site?.gridFactorId) ids.add(e.site.gridFactorId);
  }
  return [...ids].sort();
}

/**
 * Stores footprints in one transaction. A shipment id already stored for the tenant is replaced
 * (recomputed), so re-sending a shipment never counts it twice.
 */
export async function saveFootprints(
  db: Db,
  tenantId: string,
  items: FootprintToSave[],
  meta: { source: string; jobId?: string },
): Promise<StoredFootprint[]> {
  const now = nowIso();
  const rows: ShipmentFootprintsTable[] = items.map(({ input, result, shippedOn }, i) => {
    if (shippedOn && !DATE.test(shippedOn))
      throw invalid('shippedOn must be YYYY-MM-DD', [{ field: `/${i}/shippedOn`, message: 'not a date' }]);
    return {
      id: newId('shp'),
      tenant_id: tenantId,
      shipment_ref: result.shipmentId,
      shipped_on: shippedOn ?? null,
      mass_kg: result.massKg,
      transport_activity_tkm: result.transportActivityTkm,
      co2e_wtw_kg: result.co2eWtwKg,
      co2e_ttw_kg: result.co2eTtwKg,
      co2e_wtt_kg: result.co2eWttKg,
      primary_data_share: result.primaryDataShare,
      element_count: result.elements.length,
      input_json: JSON.stringify(input),
      result_json: JSON.stringify(result),
      factor_ids: JSON.stringify(factorIdsOf(result)),
      source: meta.source,
      job_id: meta.jobId ?? null,
      computed_at: now,
    };
  });
  const refs = new Set<string>();
  for (const r of rows) {
    if (refs.has(r.shipment_ref))
      throw invalid(`shipment ${r.shipment_ref} appears twice in one request`, [
        { field: 'id', message: 'duplicate shipment id' },
      ]);
    refs.add(r.shipment_ref);
  }
  // Batches keep each statement under SQLite's and PostgreSQL's parameter limits.
  const BATCH = 200;
  await db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      await trx
        .insertInto('shipment_footprints')
        .values(rows.slice(i, i + BATCH))
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'shipment_ref']).doUpdateSet((eb) => ({
            shipped_on: eb.ref('excluded.shipped_on'),
            mass_kg: eb.ref('excluded.mass_kg'),
            transport_activity_tkm: eb.ref('excluded.transport_activity_tkm'),
            co2e_wtw_kg: eb.ref('excluded.co2e_wtw_kg'),
            co2e_ttw_kg: eb.ref('excluded.co2e_ttw_kg'),
            co2e_wtt_kg: eb.ref('excluded.co2e_wtt_kg'),
            primary_data_share: eb.ref('excluded.primary_data_share'),
            element_count: eb.ref('excluded.element_count'),
            input_json: eb.ref('excluded.input_json'),
            result_json: eb.ref('excluded.result_json'),
            factor_ids: eb.ref('excluded.factor_ids'),
            source: eb.ref('excluded.source'),
            job_id: eb.ref('excluded.job_id'),
            computed_at: eb.ref('excluded.computed_at'),
          })),
        )
        .execute();
    }
  });
  // Return the stored rows (ids of replaced shipments are the original ones).
  const stored: StoredFootprint[] = [];
  const refList = [...refs];
  for (let i = 0; i < refList.length; i += 500) {
    const got = await db.kysely
      .selectFrom('shipment_footprints')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('shipment_ref', 'in', refList.slice(i, i + 500))
      .execute();
    stored.push(...got.map(toStored));
  }
  const order = new Map(refList.map((r, i) => [r, i]));
  return stored.sort((a, b) => (order.get(a.shipmentId) ?? 0) - (order.get(b.shipmentId) ?? 0));
}

export interface FootprintFilter extends PageRequest {
  /** YYYY-MM-DD, inclusive */
  from?: string;
  /** YYYY-MM-DD, inclusive */
  to?: string;
  jobId?: string;
  tenantId?: string;
}

export async function listFootprints(db: Db, scope: Scope, filter: FootprintFilter = {}): Promise<Page<StoredFootprint>> {
  const limit = pageLimit(filter.limit);
  const after = decodeCursor(filter.cursor);
  let q = db.kysely
    .selectFrom('shipment_footprints')
    .selectAll()
    .orderBy('id')
    .limit(limit + 1);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.from) q = q.where('shipped_on', '>=', filter.from);
  if (filter.to) q = q.where('shipped_on', '<=', filter.to);
  if (filter.jobId) q = q.where('job_id', '=', filter.jobId);
  if (after) q = q.where('id', '>', after);
  return toPage((await q.execute()).map(toStored), limit);
}

/** One stored footprint by Greenlink id (`shp_...`) or by the caller's shipment id. */
export async function getFootprint(db: Db, scope: Scope, idOrRef: string): Promise<StoredFootprintDetail> {
  let q = db.kysely
    .selectFrom('shipment_footprints')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrRef), eb('shipment_ref', '=', idOrRef)]))
    .limit(2);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  const rows = await q.execute();
  if (rows.length === 0) throw notFound('shipment', idOrRef);
  if (rows.length > 1) {
    throw new AppError(ErrorCode.Conflict, `shipment id ${idOrRef} exists for several tenants; use the Greenlink id (shp_...)`);
  }
  const r = rows[0]!;
  return {
    ...toStored(r),
    input: JSON.parse(r.input_json) as ShipmentInput,
    result: JSON.parse(r.result_json) as ShipmentFootprint,
    factorIds: JSON.parse(r.factor_ids) as string[],
  };
}

export async function deleteFootprint(db: Db, scope: Scope, idOrRef: string): Promise<void> {
  const found = await getFootprint(db, scope, idOrRef);
  if (scope.role === 'analyst' || scope.role === 'courier')
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot delete footprints`);
  await db.kysely.deleteFrom('shipment_footprints').where('id', '=', found.id).where('tenant_id', '=', found.tenantId).execute();
}

export interface FootprintTotals {
  shipments: number;
  massKg: number;
  transportActivityTkm: number;
  co2eWtwKg: number;
  co2eTtwKg: number;
  co2eWttKg: number;
  /** t.km-weighted share of primary data over all shipments, 0..1. */
  primaryDataShare: number;
  /** kg CO2e WTW per t.km */
  co2eIntensityWtwKgPerTkm: number;
}

export interface FootprintSummary extends FootprintTotals {
  byMonth: (FootprintTotals & { month: string })[];
}

/** Totals and monthly series of the stored footprints visible to the caller. */
export async function summarizeFootprints(
  db: Db,
  scope: Scope,
  filter: { from?: string; to?: string; tenantId?: string } = {},
): Promise<FootprintSummary> {
  const month = db.dialect === 'postgres' ? sql<string>`substr(shipped_on, 1, 7)` : sql<string>`substr(shipped_on, 1, 7)`;
  let q = db.kysely
    .selectFrom('shipment_footprints')
    .select((eb) => [
      month.as('month'),
      eb.fn.countAll<number>().as('shipments'),
      eb.fn.sum<number>('mass_kg').as('mass_kg'),
      eb.fn.sum<number>('transport_activity_tkm').as('tkm'),
      eb.fn.sum<number>('co2e_wtw_kg').as('wtw'),
      eb.fn.sum<number>('co2e_ttw_kg').as('ttw'),
      eb.fn.sum<number>('co2e_wtt_kg').as('wtt'),
      eb.fn.sum<number>(sql`primary_data_share * transport_activity_tkm`).as('primary_tkm'),
    ])
    .groupBy(month)
    .orderBy(month);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.from) q = q.where('shipped_on', '>=', filter.from);
  if (filter.to) q = q.where('shipped_on', '<=', filter.to);
  const rows = await q.execute();
  const totalsOf = (r: {
    shipments: number;
    mass_kg: number;
    tkm: number;
    wtw: number;
    ttw: number;
    wtt: number;
    primary_tkm: number;
  }): FootprintTotals => {
    const tkm = Number(r.tkm ?? 0);
    const wtw = Number(r.wtw ?? 0);
    return {
      shipments: Number(r.shipments),
      massKg: Number(r.mass_kg ?? 0),
      transportActivityTkm: tkm,
      co2eWtwKg: wtw,
      co2eTtwKg: Number(r.ttw ?? 0),
      co2eWttKg: Number(r.wtt ?? 0),
      primaryDataShare: tkm > 0 ? Number(r.primary_tkm ?? 0) / tkm : 0,
      co2eIntensityWtwKgPerTkm: tkm > 0 ? wtw / tkm : 0,
    };
  };
  const sum = { shipments: 0, mass_kg: 0, tkm: 0, wtw: 0, ttw: 0, wtt: 0, primary_tkm: 0 };
  for (const r of rows) {
    sum.shipments += Number(r.shipments);
    sum.mass_kg += Number(r.mass_kg ?? 0);
    sum.tkm += Number(r.tkm ?? 0);
    sum.wtw += Number(r.wtw ?? 0);
    sum.ttw += Number(r.ttw ?? 0);
    sum.wtt += Number(r.wtt ?? 0);
    sum.primary_tkm += Number(r.primary_tkm ?? 0);
  }
  return {
    ...totalsOf(sum),
    byMonth: rows.filter((r) => r.month).map((r) => ({ month: r.month, ...totalsOf(r) })),
  };
}

// ---- batch jobs ----

export const MAX_STORED_JOB_ERRORS = 1000;

export interface FootprintJob {
  id: string;
  tenantId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  strict: boolean;
  totalBytes: number;
  processedBytes: number;
  /** 0..1 */
  progress: number;
  linesRead: number;
  shipmentsOk: number;
  shipmentsFailed: number;
  errorCount: number;
  errors: CsvLineError[];
  message: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

const toJob = (r: FootprintJobsTable): FootprintJob => ({
  id: r.id,
  tenantId: r.tenant_id,
  status: r.status as FootprintJob['status'],
  strict: r.strict === 1,
  totalBytes: r.total_bytes,
  processedBytes: r.processed_bytes,
  progress: r.total_bytes > 0 ? Math.min(1, r.processed_bytes / r.total_bytes) : r.status === 'succeeded' ? 1 : 0,
  linesRead: r.lines_read,
  shipmentsOk: r.shipments_ok,
  shipmentsFailed: r.shipments_failed,
  errorCount: r.error_count,
  errors: JSON.parse(r.errors_json) as CsvLineError[],
  message: r.message,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});

export async function createJob(db: Db, tenantId: string, input: { totalBytes: number; strict: boolean }): Promise<FootprintJob> {
  const now = nowIso();
  const row: FootprintJobsTable = {
    id: newId('job'),
    tenant_id: tenantId,
    status: 'queued',
    strict: input.strict ? 1 : 0,
    total_bytes: input.totalBytes,
    processed_bytes: 0,
    lines_read: 0,
    shipments_ok: 0,
    shipments_failed: 0,
    errors_json: '[]',
    error_count: 0,
    message: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  };
  await db.kysely.insertInto('footprint_jobs').values(row).execute();
  return toJob(row);
}

export async function updateJob(
  db: Db,
  id: string,
  patch: Partial<{
    status: FootprintJob['status'];
    processedBytes: number;
    linesRead: number;
    shipmentsOk: number;
    shipmentsFailed: number;
    errors: CsvLineError[];
    errorCount: number;
    message: string;
    finished: boolean;
  }>,
): Promise<void> {
  const set: Partial<FootprintJobsTable> = { updated_at: nowIso() };
  if (patch.status) set.status = patch.status;
  if (patch.processedBytes !== undefined) set.processed_bytes = patch.processedBytes;
  if (patch.linesRead !== undefined) set.lines_read = patch.linesRead;
  if (patch.shipmentsOk !== undefined) set.shipments_ok = patch.shipmentsOk;
  if (patch.shipmentsFailed !== undefined) set.shipments_failed = patch.shipmentsFailed;
  if (patch.errors) set.errors_json = JSON.stringify(patch.errors.slice(0, MAX_STORED_JOB_ERRORS));
  if (patch.errorCount !== undefined) set.error_count = patch.errorCount;
  if (patch.message !== undefined) set.message = patch.message;
  if (patch.finished) set.finished_at = set.updated_at;
  await db.kysely.updateTable('footprint_jobs').set(set).where('id', '=', id).execute();
}

export async function getJob(db: Db, scope: Scope, id: string): Promise<FootprintJob> {
  let q = db.kysely.selectFrom('footprint_jobs').selectAll().where('id', '=', id);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('footprint job', id);
  return toJob(row);
}

/** The computed results a job stored, in storage order, a page at a time. */
export async function* jobResults(db: Db, scope: Scope, jobId: string): AsyncGenerator<ShipmentFootprint> {
  let after = '';
  for (;;) {
    let q = db.kysely
      .selectFrom('shipment_footprints')
      .select(['id', 'result_json'])
      .where('job_id', '=', jobId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(500);
    if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
    const rows = await q.execute();
    if (rows.length === 0) return;
    for (const r of rows) yield JSON.parse(r.result_json) as ShipmentFootprint;
    after = rows[rows.length - 1]!.id;
  }
}
