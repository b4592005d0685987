import type { Kysely } from 'kysely';

// User-loaded factor sets (built-in sets live in code, not here).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('factor_sets')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id'))
    // tenant id, or '*' for a shared set: unique with id, because a NULL tenant_id would not be.
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('publisher', 'text', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text')
    .addColumn('description', 'text')
    .addColumn('attribution', 'text')
    .addColumn('factor_count', 'integer', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('factor_sets_owner_id').on('factor_sets').columns(['owner', 'id']).unique().execute();

  await db.schema
    .createTable('factors')
    .addColumn('set_key', 'text', (c) => c.notNull().references('factor_sets.key').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('set_id', 'text', (c) => c.notNull())
    // Copied from the set so the view query (shared or own tenant) needs no join.
    .addColumn('tenant_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('ttw', 'double precision')
    .addColumn('wtt', 'double precision')
    .addColumn('wtw', 'double precision')
    .addColumn('gwp', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text')
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('mode', 'text')
    .addColumn('distance_basis', 'text')
    .addColumn('daf_included', 'integer')
    .addColumn('temperature_controlled', 'integer')
    .addColumn('radiative_forcing', 'integer')
    .addColumn('coverage', 'text')
    .addColumn('scope2_method', 'text')
    .addPrimaryKeyConstraint('factors_pk', ['set_key', 'id'])
    .execute();
  await db.schema.createIndex('factors_tenant_id').on('factors').columns(['tenant_id', 'id']).execute();
  await db.schema.createIndex('factors_id').on('factors').column('id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['factors', 'factor_sets']) await db.schema.dropTable(t).execute();
}
