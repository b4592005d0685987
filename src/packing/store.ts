import { AppError, ErrorCode, invalid, newId, notFound, nowIso, type Scope } from '../core/index.js';
import type { Db } from '../db/index.js';
import type { BoxesTable } from '../db/schema.js';
import type { Box } from './model.js';

/** A box of a catalog: the operator's shared catalog (tenantId null) or a tenant's own. */
export interface CatalogBox extends Box {
  /** Greenlink id (`box_...`); `id` is the catalog's own box code. */
  recordId: string;
  tenantId: string | null;
}

const toBox = (r: BoxesTable): CatalogBox => ({
  ...(JSON.parse(r.spec_json) as Box),
  id: r.box_ref,
  recordId: r.id,
  tenantId: r.tenant_id,
});

const POSITIVE: (keyof Box)[] = [
  'innerLengthMm',
  'innerWidthMm',
  'innerHeightMm',
  'outerLengthMm',
  'outerWidthMm',
  'outerHeightMm',
  'maxWeightG',
];

/** Checks a box record; errors name the field as `/boxes/<i>/<field>`. */
export function validateBox(box: Box, at: string): void {
  const details = [];
  if (!box.id || typeof box.id !== 'string') details.push({ field: `${at}/id`, message: 'required' });
  for (const k of POSITIVE) {
    const v = box[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      details.push({ field: `${at}/${k}`, message: 'must be a positive number' });
  }
  if (typeof box.emptyWeightG !== 'number' || box.emptyWeightG < 0)
    details.push({ field: `${at}/emptyWeightG`, message: 'must be ≥ 0' });
  for (const [inner, outer] of [
    ['innerLengthMm', 'outerLengthMm'],
    ['innerWidthMm', 'outerWidthMm'],
    ['innerHeightMm', 'outerHeightMm'],
  ] as const) {
    if (box[outer] < box[inner]) details.push({ field: `${at}/${outer}`, message: `must be ≥ ${inner}` });
  }
  if (details.length) throw invalid(`box ${box.id ?? at} is invalid: ${details[0]!.field} ${details[0]!.message}`, details);
}

/** The boxes a tenant packs with: its own catalog when it has one, else the operator's shared catalog. */
export async function listBoxes(db: Db, scope: Scope, tenantId?: string | null): Promise<CatalogBox[]> {
  const tenant = scope.tenantId ?? tenantId ?? null;
  if (scope.tenantId !== null && tenantId && tenantId !== scope.tenantId) throw notFound('tenant', tenantId);
  const own = tenant
    ? await db.kysely.selectFrom('boxes').selectAll().where('tenant_id', '=', tenant).orderBy('box_ref').execute()
    : [];
  if (own.length) return own.map(toBox);
  const shared = await db.kysely.selectFrom('boxes').selectAll().where('tenant_id', 'is', null).orderBy('box_ref').execute();
  return shared.map(toBox);
}

/**
 * Replaces or adds boxes of a catalog in one transaction (same box code: replaced). Tenant keys write
 * their own catalog; admins write the shared catalog or a named tenant's.
 */
export async function upsertBoxes(db: Db, scope: Scope, boxes: Box[], tenantId?: string | null): Promise<CatalogBox[]> {
  if (scope.role !== 'admin' && scope.role !== 'merchant')
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot change box catalogs`);
  const tenant = scope.tenantId ?? tenantId ?? null;
  if (scope.tenantId !== null && tenantId && tenantId !== scope.tenantId) {
    throw new AppError(ErrorCode.Forbidden, 'this key cannot write another tenant’s catalog');
  }
  for (const [i, b] of boxes.entries()) validateBox(b, `/boxes/${i}`);
  const seen = new Set<string>();
  for (const b of boxes) {
    if (seen.has(b.id)) throw invalid(`box ${b.id} appears twice`, [{ field: '/boxes', message: `duplicate box id ${b.id}` }]);
    seen.add(b.id);
  }
  const now = nowIso();
  await db.kysely.transaction().execute(async (trx) => {
    for (const b of boxes) {
      const { id, ...spec } = b;
      let del = trx.deleteFrom('boxes').where('box_ref', '=', id);
      del = tenant ? del.where('tenant_id', '=', tenant) : del.where('tenant_id', 'is', null);
      await del.execute();
      await trx
        .insertInto('boxes')
        .values({
          id: newId('box'),
          tenant_id: tenant,
          box_ref: id,
          spec_json: JSON.stringify(spec),
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  });
  return listBoxes(db, { ...scope, tenantId: tenant }, tenant);
}

export async function deleteBox(db: Db, scope: Scope, boxRef: string, tenantId?: string | null): Promise<void> {
  if (scope.role !== 'admin' && scope.role !== 'merchant')
    throw new AppError(ErrorCode.Forbidden, `a ${scope.role} key cannot change box catalogs`);
  const tenant = scope.tenantId ?? tenantId ?? null;
  let q = db.kysely.deleteFrom('boxes').where('box_ref', '=', boxRef);
  q = tenant ? q.where('tenant_id', '=', tenant) : q.where('tenant_id', 'is', null);
  const res = await q.executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('box', boxRef);
}
