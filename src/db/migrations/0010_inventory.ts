import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // GHG inventory activity lines: each keeps the factor it was computed with (id, set, version, data year, value)
  // so a base year can be re-run and audited. Scope 2 lines carry both methods: kg_co2e is location-based,
  // market_kg_co2e the sum of the market parts (JSON). The idempotency key is unique per tenant: the same CSV row
  // or solar month imported twice is one line.
  await db.schema
    .createTable('inventory_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('idem_key', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('scope', 'integer', (c) => c.notNull())
    // Scope 1/2 kind (mobile_combustion, electricity, ...) or the Scope 3 category number as text.
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text')
    .addColumn('region', 'text')
    .addColumn('quantity', 'double precision', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('factor_quantity', 'double precision', (c) => c.notNull())
    .addColumn('factor_id', 'text', (c) => c.notNull())
    .addColumn('factor_set_id', 'text', (c) => c.notNull())
    .addColumn('factor_version', 'text')
    .addColumn('factor_year', 'integer', (c) => c.notNull())
    .addColumn('factor_unit', 'text', (c) => c.notNull())
    .addColumn('boundary', 'text', (c) => c.notNull())
    .addColumn('kg_co2e_per_unit', 'double precision', (c) => c.notNull())
    .addColumn('factor_query_json', 'text')
    .addColumn('kg_co2e', 'double precision', (c) => c.notNull())
    .addColumn('location_kg_co2e', 'double precision')
    .addColumn('market_kg_co2e', 'double precision')
    .addColumn('market_json', 'text')
    .addColumn('energy_json', 'text')
    .addColumn('national_fallback', 'integer')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inventory_lines_idem', ['tenant_id', 'idem_key'])
    .execute();
  await db.schema.createIndex('inventory_lines_year').on('inventory_lines').columns(['tenant_id', 'year', 'month']).execute();

  // Energy attribute certificates (GEC, I-REC, GO, REC): only retired ones count in market-based Scope 2.
  await db.schema
    .createTable('inventory_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('mwh', 'double precision', (c) => c.notNull())
    .addColumn('vintage_year', 'integer', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('claim_year', 'integer')
    .addColumn('kg_co2e_per_kwh', 'double precision')
    .addColumn('issued_from_site_id', 'text')
    .addColumn('registry_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inventory_certificates_tenant').on('inventory_certificates').columns(['tenant_id']).execute();

  // Carbon credits: reported next to the inventory, never netted into it.
  await db.schema
    .createTable('inventory_offsets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('t_co2e', 'double precision', (c) => c.notNull())
    .addColumn('registry', 'text', (c) => c.notNull())
    .addColumn('project_type', 'text', (c) => c.notNull())
    .addColumn('vintage_year', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('claim_year', 'integer')
    .addColumn('serial', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inventory_offsets_tenant').on('inventory_offsets').columns(['tenant_id']).execute();

  // Climate targets of a tenant, or of the whole company (owner '*'), as the engine's Target (JSON).
  await db.schema
    .createTable('inventory_targets')
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('target_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inventory_targets_pk', ['owner', 'id'])
    .execute();

  // Base-year recalculations: append-only (never updated or deleted).
  await db.schema
    .createTable('inventory_recalculations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('base_year', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('change_pct', 'double precision')
    .addColumn('significant', 'integer', (c) => c.notNull())
    .addColumn('applied', 'integer', (c) => c.notNull())
    .addColumn('record_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inventory_recalculations_tenant')
    .on('inventory_recalculations')
    .columns(['tenant_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'inventory_recalculations',
    'inventory_targets',
    'inventory_offsets',
    'inventory_certificates',
    'inventory_lines',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
