import { type Kysely, PostgresAdapter } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  // EPCIS events as captured (body, JSON-LD text) with the fields queries filter on. `seq` is the
  // capture order (SQLite rowid / PostgreSQL identity): the stable key for paging and for the index rows.
  // Identifiers are in their normal form (canonical GS1 Digital Link, see reusables/epcis/model.ts).
  await db.schema
    .createTable('epcis_events')
    .addColumn('seq', postgres ? 'bigint' : 'integer', (c) =>
      postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
    )
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    // First 16 bytes of sha256(eventID): a compact key for the uniqueness index (eventIDs are long
    // random-looking URIs; a 16-byte key keeps the index small enough to stay cached at millions of events).
    .addColumn('event_key', postgres ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('event_hash', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('event_time', 'text', (c) => c.notNull())
    .addColumn('record_time', 'text', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('biz_step', 'text')
    .addColumn('disposition', 'text')
    .addColumn('read_point', 'text')
    .addColumn('biz_location', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('error_declared', 'integer', (c) => c.notNull())
    .addColumn('capture_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // Idempotent capture: an eventID (given, or the canonical hash) is stored once per tenant.
    .addUniqueConstraint('epcis_events_event_key', ['event_key', 'tenant_id'])
    .execute();
  await db.schema.createIndex('epcis_events_tenant_seq').on('epcis_events').columns(['tenant_id', 'seq']).execute();
  await db.schema
    .createIndex('epcis_events_tenant_time')
    .on('epcis_events')
    .columns(['tenant_id', 'event_time', 'seq'])
    .execute();
  await db.schema
    .createIndex('epcis_events_tenant_step_time')
    .on('epcis_events')
    .columns(['tenant_id', 'biz_step', 'event_time', 'seq'])
    .execute();

  // One row per identifier an event names, by role (epc, child, parent, input, output, class_*, pd_set,
  // pd_unset): MATCH_* queries and the box pool read these instead of scanning bodies.
  await db.schema
    .createTable('epcis_event_refs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('epcis_event_refs_pk', ['tenant_id', 'value', 'role', 'seq'])
    .execute();
  await db.schema.createIndex('epcis_event_refs_seq').on('epcis_event_refs').columns(['seq']).execute();

  // Capture jobs (EPCIS 2.0 CaptureJob). `context` keeps the document's @context so query answers can
  // declare the extension prefixes their events use.
  await db.schema
    .createTable('epcis_capture_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('behaviour', 'text', (c) => c.notNull())
    .addColumn('running', 'integer', (c) => c.notNull())
    .addColumn('success', 'integer', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('captured_count', 'integer', (c) => c.notNull())
    .addColumn('duplicate_count', 'integer', (c) => c.notNull())
    .addColumn('errors_json', 'text', (c) => c.notNull())
    .addColumn('context_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('epcis_capture_jobs_tenant').on('epcis_capture_jobs').columns(['tenant_id', 'id']).execute();

  // GS1 company prefixes seen in captured URNs: a Digital Link does not say where the prefix ends, so
  // `GS1-EPC-Format: Always_EPC_URN` uses these to turn Digital Links back into URNs.
  await db.schema
    .createTable('epcis_company_prefixes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('company_prefix', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('epcis_company_prefixes_pk', ['tenant_id', 'company_prefix'])
    .execute();

  // Reusable box types: one GRAI asset type each (its pool), with the figures the CO2e KPIs need.
  await db.schema
    .createTable('reusable_box_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('company_prefix', 'text', (c) => c.notNull())
    .addColumn('asset_type', 'text', (c) => c.notNull())
    .addColumn('grai_class', 'text', (c) => c.notNull())
    .addColumn('design_trips', 'integer', (c) => c.notNull())
    .addColumn('production_kg_co2e', 'double precision', (c) => c.notNull())
    .addColumn('single_use_name', 'text', (c) => c.notNull())
    .addColumn('single_use_kg_co2e', 'double precision', (c) => c.notNull())
    .addColumn('return_transport_kg_co2e_per_trip', 'double precision', (c) => c.notNull())
    .addColumn('cleaning_kg_co2e_per_trip', 'double precision', (c) => c.notNull())
    .addColumn('overdue_after_days', 'integer', (c) => c.notNull())
    .addColumn('lost_after_days', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reusable_box_types_class', ['tenant_id', 'grai_class'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reusable_box_types').execute();
  await db.schema.dropTable('epcis_company_prefixes').execute();
  await db.schema.dropTable('epcis_capture_jobs').execute();
  await db.schema.dropTable('epcis_event_refs').execute();
  await db.schema.dropTable('epcis_events').execute();
}
