import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A tenant's box catalog (tenant_id null: the operator's shared catalog).
  await db.schema
    .createTable('boxes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id'))
    .addColumn('box_ref', 'text', (c) => c.notNull())
    .addColumn('spec_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('boxes_tenant_ref').unique().on('boxes').columns(['tenant_id', 'box_ref']).execute();

  // Orders: the history that box-range design and consolidation work on. Recipient data is personal:
  // stored encrypted; only keyed hashes are kept in clear, to group orders of one recipient.
  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('order_ref', 'text', (c) => c.notNull())
    .addColumn('warehouse_ref', 'text', (c) => c.notNull())
    .addColumn('recipient_enc', 'text', (c) => c.notNull())
    .addColumn('recipient_key', 'text', (c) => c.notNull())
    .addColumn('address_key', 'text', (c) => c.notNull())
    .addColumn('ship_by', 'text', (c) => c.notNull())
    .addColumn('items_json', 'text', (c) => c.notNull())
    .addColumn('handling_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('orders_tenant_ref', ['tenant_id', 'order_ref'])
    .execute();
  await db.schema.createIndex('orders_tenant_ship_by').on('orders').columns(['tenant_id', 'ship_by']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('orders').execute();
  await db.schema.dropTable('boxes').execute();
}
