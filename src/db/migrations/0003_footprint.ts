import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per shipment and tenant: recomputing a shipment replaces its footprint, never adds a second.
  await db.schema
    .createTable('shipment_footprints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('shipment_ref', 'text', (c) => c.notNull())
    .addColumn('shipped_on', 'text')
    .addColumn('mass_kg', 'double precision', (c) => c.notNull())
    .addColumn('transport_activity_tkm', 'double precision', (c) => c.notNull())
    .addColumn('co2e_wtw_kg', 'double precision', (c) => c.notNull())
    .addColumn('co2e_ttw_kg', 'double precision', (c) => c.notNull())
    .addColumn('co2e_wtt_kg', 'double precision', (c) => c.notNull())
    .addColumn('primary_data_share', 'double precision', (c) => c.notNull())
    .addColumn('element_count', 'integer', (c) => c.notNull())
    .addColumn('input_json', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text', (c) => c.notNull())
    .addColumn('factor_ids', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('shipment_footprints_tenant_ref', ['tenant_id', 'shipment_ref'])
    .execute();
  await db.schema.createIndex('shipment_footprints_tenant_id').on('shipment_footprints').columns(['tenant_id', 'id']).execute();
  await db.schema.createIndex('shipment_footprints_job').on('shipment_footprints').columns(['job_id', 'id']).execute();
  await db.schema
    .createIndex('shipment_footprints_shipped_on')
    .on('shipment_footprints')
    .columns(['tenant_id', 'shipped_on'])
    .execute();

  await db.schema
    .createTable('footprint_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('strict', 'integer', (c) => c.notNull())
    .addColumn('total_bytes', 'integer', (c) => c.notNull())
    .addColumn('processed_bytes', 'integer', (c) => c.notNull())
    .addColumn('lines_read', 'integer', (c) => c.notNull())
    .addColumn('shipments_ok', 'integer', (c) => c.notNull())
    .addColumn('shipments_failed', 'integer', (c) => c.notNull())
    .addColumn('errors_json', 'text', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('footprint_jobs_tenant').on('footprint_jobs').columns(['tenant_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('footprint_jobs').execute();
  await db.schema.dropTable('shipment_footprints').execute();
}
