import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Carriers and their numbering rule; `next_seq` is the counter issuance takes blocks from with one
  // `update ... set next_seq = next_seq + n returning`, so the row lock serialises allocations.
  // tenant_id null: shared by every tenant (the defaults, seeded by the store, and admin-added ones).
  await db.schema
    .createTable('waybill_carriers')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('sequence_digits', 'integer', (c) => c.notNull())
    .addColumn('check_scheme', 'text', (c) => c.notNull())
    .addColumn('next_seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Waybills. Personal data only as an AES-256-GCM envelope (parties_enc); the clear *_masked columns hold
  // what a label prints. The QR token is stored as its sha256 (lookup) and encrypted (reprints).
  await db.schema
    .createTable('waybills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('carrier_code', 'text', (c) => c.notNull().references('waybill_carriers.code'))
    .addColumn('waybill_no', 'text', (c) => c.notNull())
    .addColumn('order_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reprint_count', 'integer', (c) => c.notNull())
    .addColumn('last_printed_at', 'text')
    .addColumn('parties_enc', 'text', (c) => c.notNull())
    .addColumn('sender_masked', 'text', (c) => c.notNull())
    .addColumn('recipient_masked', 'text', (c) => c.notNull())
    .addColumn('weight_kg', 'double precision', (c) => c.notNull())
    .addColumn('pieces', 'integer', (c) => c.notNull())
    .addColumn('contents', 'text', (c) => c.notNull())
    .addColumn('sort_code', 'text', (c) => c.notNull())
    .addColumn('consolidation_code', 'text', (c) => c.notNull())
    .addColumn('consolidation_name', 'text', (c) => c.notNull())
    .addColumn('qr_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('qr_token_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('voided_at', 'text')
    .addColumn('void_reason', 'text')
    // The database's guarantees: a number is issued once per carrier; an order key once per tenant.
    // Number first, so the same index serves lookups by number.
    .addUniqueConstraint('waybills_no_carrier', ['waybill_no', 'carrier_code'])
    .addUniqueConstraint('waybills_tenant_order', ['tenant_id', 'order_key'])
    .execute();
  await db.schema.createIndex('waybills_tenant_id').on('waybills').columns(['tenant_id', 'id']).execute();

  // Every read of a waybill's full personal data (and every failed token lookup).
  await db.schema
    .createTable('waybill_access_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text')
    .addColumn('waybill_id', 'text')
    .addColumn('waybill_no', 'text')
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('accessed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('waybill_access_waybill').on('waybill_access_log').columns(['waybill_id', 'id']).execute();
  await db.schema.createIndex('waybill_access_tenant').on('waybill_access_log').columns(['tenant_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('waybill_access_log').execute();
  await db.schema.dropTable('waybills').execute();
  await db.schema.dropTable('waybill_carriers').execute();
}
