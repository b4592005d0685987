import { invalid, newId, notFound, type Scope } from '../../core/index.js';
import type { Database, Db } from '../../db/index.js';
import { DEFAULT_DL_DOMAIN } from '../epc/digital-link.js';
import { keyDigits } from '../epc/identity.js';
import type { BoxEvent, BoxType } from './model.js';

/** What a user gives to declare a box type (its GRAI class and the figures the CO2e KPIs need). */
export interface BoxTypeInput {
  name: string;
  companyPrefix: string;
  assetType: string;
  designTrips: number;
  productionKgCo2e: number;
  singleUseName: string;
  singleUseKgCo2e: number;
  returnTransportKgCo2ePerTrip: number;
  cleaningKgCo2ePerTrip: number;
  overdueAfterDays?: number;
  lostAfterDays?: number;
}

export const DEFAULT_OVERDUE_AFTER_DAYS = 30;
export const DEFAULT_LOST_AFTER_DAYS = 90;

type Row = Database['reusable_box_types'];

const typeOf = (r: Row): BoxType => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  companyPrefix: r.company_prefix,
  assetType: r.asset_type,
  graiClass: r.grai_class,
  designTrips: r.design_trips,
  productionKgCo2e: r.production_kg_co2e,
  singleUseName: r.single_use_name,
  singleUseKgCo2e: r.single_use_kg_co2e,
  returnTransportKgCo2ePerTrip: r.return_transport_kg_co2e_per_trip,
  cleaningKgCo2ePerTrip: r.cleaning_kg_co2e_per_trip,
  overdueAfterDays: r.overdue_after_days,
  lostAfterDays: r.lost_after_days,
  createdAt: r.created_at,
});

/** The canonical Digital Link of a GRAI class: `https://id.gs1.org/8003/0` + GCP + asset type + check digit. */
export const graiClassOf = (companyPrefix: string, assetType: string): string =>
  `${DEFAULT_DL_DOMAIN}/8003/0${keyDigits({ kind: 'grai', companyPrefix, reference: assetType, serial: '0' })}`;

function validateBoxType(input: BoxTypeInput): void {
  const errors: { field: string; message: string }[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) errors.push({ field, message });
  };
  need(typeof input.name === 'string' && input.name.trim() !== '', 'name', 'required');
  need(/^[0-9]{6,12}$/.test(String(input.companyPrefix)), 'companyPrefix', 'must be 6 to 12 digits');
  need(/^[0-9]{0,6}$/.test(String(input.assetType)), 'assetType', 'must be digits');
  need(
    String(input.companyPrefix).length + String(input.assetType).length === 12,
    'assetType',
    'company prefix and asset type must have 12 digits together (GRAI)',
  );
  need(Number.isInteger(input.designTrips) && input.designTrips > 0, 'designTrips', 'must be a positive integer');
  for (const f of ['productionKgCo2e', 'singleUseKgCo2e', 'returnTransportKgCo2ePerTrip', 'cleaningKgCo2ePerTrip'] as const) {
    need(Number.isFinite(input[f]) && input[f] >= 0, f, 'must be a number >= 0');
  }
  need(typeof input.singleUseName === 'string' && input.singleUseName.trim() !== '', 'singleUseName', 'required');
  const overdue = input.overdueAfterDays ?? DEFAULT_OVERDUE_AFTER_DAYS;
  const lost = input.lostAfterDays ?? DEFAULT_LOST_AFTER_DAYS;
  need(Number.isInteger(overdue) && overdue > 0, 'overdueAfterDays', 'must be a positive integer');
  need(Number.isInteger(lost) && lost > overdue, 'lostAfterDays', 'must be an integer greater than overdueAfterDays');
  if (errors.length) throw invalid(`box type: ${errors[0]?.field} ${errors[0]?.message}`, errors);
}

export async function createBoxType(db: Db, tenantId: string, input: BoxTypeInput): Promise<BoxType> {
  validateBoxType(input);
  const graiClass = graiClassOf(input.companyPrefix, input.assetType);
  const clash = await db.kysely
    .selectFrom('reusable_box_types')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('grai_class', '=', graiClass)
    .executeTakeFirst();
  if (clash) {
    throw invalid(`GRAI class ${input.companyPrefix}.${input.assetType} is already box type ${clash.id}`, [
      { field: 'assetType', message: 'already declared' },
    ]);
  }
  const row: Row = {
    id: newId('boxt'),
    tenant_id: tenantId,
    name: input.name.trim(),
    company_prefix: input.companyPrefix,
    asset_type: input.assetType,
    grai_class: graiClass,
    design_trips: input.designTrips,
    production_kg_co2e: input.productionKgCo2e,
    single_use_name: input.singleUseName.trim(),
    single_use_kg_co2e: input.singleUseKgCo2e,
    return_transport_kg_co2e_per_trip: input.returnTransportKgCo2ePerTrip,
    cleaning_kg_co2e_per_trip: input.cleaningKgCo2ePerTrip,
    overdue_after_days: input.overdueAfterDays ?? DEFAULT_OVERDUE_AFTER_DAYS,
    lost_after_days: input.lostAfterDays ?? DEFAULT_LOST_AFTER_DAYS,
    created_at: new Date().toISOString(),
  };
  await db.kysely.insertInto('reusable_box_types').values(row).execute();
  return typeOf(row);
}

export async function listBoxTypes(db: Db, scope: Scope, tenantId?: string): Promise<BoxType[]> {
  let q = db.kysely.selectFrom('reusable_box_types').selectAll().orderBy('tenant_id').orderBy('id');
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (tenantId) q = q.where('tenant_id', '=', tenantId);
  return (await q.execute()).map(typeOf);
}

export async function getBoxType(db: Db, scope: Scope, id: string): Promise<BoxType> {
  let q = db.kysely.selectFrom('reusable_box_types').selectAll().where('id', '=', id);
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('box type', id);
  return typeOf(row);
}

const BOX_ROLES = new Set(['epc', 'child', 'parent', 'input', 'output']);

/**
 * Every (event, box) pair of a box type's pool, read from the event index: the events naming an
 * identifier of the type's GRAI class, in the owner tenant's repository only.
 */
export async function poolEvents(db: Db, type: BoxType): Promise<BoxEvent[]> {
  const rows = await db.kysely
    .selectFrom('epcis_events as e')
    .innerJoin('epcis_event_refs as r', 'r.seq', 'e.seq')
    .select([
      'e.seq',
      'e.event_type',
      'e.action',
      'e.biz_step',
      'e.disposition',
      'e.event_time',
      'e.error_declared',
      'r.role',
      'r.value',
    ])
    .where('e.tenant_id', '=', type.tenantId)
    .where('e.seq', 'in', (eb) =>
      eb
        .selectFrom('epcis_event_refs as c')
        .select('c.seq')
        .where('c.tenant_id', '=', type.tenantId)
        .where('c.value', '=', type.graiClass)
        .where('c.role', 'in', ['class_epc', 'class_child', 'class_parent', 'class_input', 'class_output']),
    )
    .where('r.role', 'in', ['epc', 'child', 'parent', 'input', 'output', 'pd_set', 'pd_unset'])
    .orderBy('e.seq')
    .execute();

  const out: BoxEvent[] = [];
  let i = 0;
  while (i < rows.length) {
    const first = rows[i] as (typeof rows)[number];
    const pdSet: string[] = [];
    const pdUnset: string[] = [];
    const boxes: { epc: string; role: BoxEvent['role'] }[] = [];
    for (; i < rows.length && (rows[i] as typeof first).seq === first.seq; i++) {
      const r = rows[i] as typeof first;
      if (r.role === 'pd_set') pdSet.push(r.value);
      else if (r.role === 'pd_unset') pdUnset.push(r.value);
      else if (BOX_ROLES.has(r.role) && r.value.startsWith(type.graiClass) && r.value.length > type.graiClass.length) {
        boxes.push({ epc: r.value, role: r.role as BoxEvent['role'] });
      }
    }
    const timeMs = Date.parse(first.event_time);
    for (const b of boxes) {
      out.push({
        epc: b.epc,
        role: b.role,
        timeMs,
        type: first.event_type as BoxEvent['type'],
        action: first.action as BoxEvent['action'],
        bizStep: first.biz_step,
        disposition: first.disposition,
        pdSet,
        pdUnset,
        errorDeclared: first.error_declared === 1,
      });
    }
  }
  return out;
}
