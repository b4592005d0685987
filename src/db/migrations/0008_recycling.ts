import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Pick-up/drop-off stations, owned by a station operator tenant; the id is the operator's own code.
  await db.schema
    .createTable('recycling_stations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('storage_capacity', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recycling_stations_tenant').on('recycling_stations').columns(['tenant_id', 'id']).execute();

  // A station key may be limited to some stations (empty: every station of its tenant).
  await db.schema
    .createTable('recycling_station_keys')
    .addColumn('key_id', 'text', (c) => c.notNull().references('api_keys.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('recycling_stations.id'))
    .addPrimaryKeyConstraint('recycling_station_keys_pk', ['key_id', 'station_id'])
    .execute();

  // Points ledger: append-only; balances are sums. `idempotency_key` makes every write safe to repeat.
  await db.schema
    .createTable('points_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('consumer_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('reverses_id', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('points_ledger_idempotency', ['tenant_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('points_ledger_consumer').on('points_ledger').columns(['tenant_id', 'consumer_id', 'id']).execute();

  // The guard that keeps redemptions from overdrawing under concurrency: one row per consumer whose
  // balance is moved with the ledger entry in the same transaction (a conditional update).
  await db.schema
    .createTable('points_accounts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('consumer_id', 'text', (c) => c.notNull())
    .addColumn('balance', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('points_accounts_pk', ['tenant_id', 'consumer_id'])
    .execute();
  // Points per event type (dropoff:<grade>, reuse, ...) per tenant; absent rules fall back to the defaults.
  await db.schema
    .createTable('points_rules')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('points_rules_pk', ['tenant_id', 'event_type'])
    .execute();

  // Drop-offs, accepted or refused (with a reason code). `idempotency_key` answers a replay with the
  // first answer; `item_key` (wb:<waybill no> or epc:<GRAI>) is claimed once, ever, in recycling_item_claims.
  await db.schema
    .createTable('recycling_dropoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('recycling_stations.id'))
    .addColumn('consumer_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('local_day', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('recycling_dropoffs_idempotency', ['tenant_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('recycling_dropoffs_station_day')
    .on('recycling_dropoffs')
    .columns(['station_id', 'local_day'])
    .execute();
  await db.schema
    .createTable('recycling_item_claims')
    .addColumn('item_key', 'text', (c) => c.primaryKey())
    .addColumn('dropoff_id', 'text', (c) => c.notNull())
    .execute();

  // Counters for caps and velocity (consumer/day, station/day, device/minute), moved with a conditional
  // update so concurrent requests cannot pass a cap together.
  await db.schema
    .createTable('recycling_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();

  // Reclaimed boxes in stock per station, size class and grade; never below zero.
  await db.schema
    .createTable('recycling_stock')
    .addColumn('station_id', 'text', (c) => c.notNull().references('recycling_stations.id'))
    .addColumn('size_class', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
    .addPrimaryKeyConstraint('recycling_stock_pk', ['station_id', 'size_class', 'grade'])
    .execute();

  // A parcel sent in a reclaimed box, with the packaging it avoided.
  await db.schema
    .createTable('recycling_reuse')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('recycling_stations.id'))
    .addColumn('size_class', 'text', (c) => c.notNull())
    .addColumn('waybill_no', 'text')
    .addColumn('board_kg', 'double precision', (c) => c.notNull())
    .addColumn('kg_co2e', 'double precision', (c) => c.notNull())
    .addColumn('factor_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('local_day', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('recycling_reuse_idempotency', ['tenant_id', 'idempotency_key'])
    // A parcel goes out in one box: a waybill is reused at most once (NULLs, reuse without a waybill, are distinct).
    .addUniqueConstraint('recycling_reuse_waybill', ['tenant_id', 'waybill_no'])
    .execute();
  await db.schema.createIndex('recycling_reuse_station_day').on('recycling_reuse').columns(['station_id', 'local_day']).execute();

  // Pickups of collected packaging: requested (by a stock threshold or by hand), then handed over with a
  // signed manifest (counts and weights per grade).
  await db.schema
    .createTable('recycling_pickups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('recycling_stations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('manifest_json', 'text', (c) => c.notNull())
    .addColumn('collector', 'text')
    .addColumn('signed_by', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('handed_over_at', 'text')
    .execute();
  await db.schema.createIndex('recycling_pickups_station').on('recycling_pickups').columns(['station_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'recycling_pickups',
    'recycling_reuse',
    'recycling_stock',
    'recycling_counters',
    'recycling_item_claims',
    'recycling_dropoffs',
    'points_rules',
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.dropTable('points_accounts').execute();
  await db.schema.dropTable('points_ledger').execute();
  await db.schema.dropTable('recycling_station_keys').execute();
  await db.schema.dropTable('recycling_stations').execute();
}
