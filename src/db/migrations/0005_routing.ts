import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A routing plan is also the job that computes it: status and progress live on the row, so any
  // server instance can answer for it and a cancel request reaches the instance that runs it.
  await db.schema
    .createTable('routing_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('objective', 'text', (c) => c.notNull())
    .addColumn('jobs', 'integer', (c) => c.notNull())
    .addColumn('vehicles', 'integer', (c) => c.notNull())
    .addColumn('routes', 'integer', (c) => c.notNull())
    .addColumn('unassigned', 'integer', (c) => c.notNull())
    .addColumn('distance_m', 'double precision', (c) => c.notNull())
    .addColumn('co2e_kg', 'double precision', (c) => c.notNull())
    .addColumn('cost', 'double precision', (c) => c.notNull())
    .addColumn('ev_km_share', 'double precision', (c) => c.notNull())
    .addColumn('baseline_json', 'text')
    .addColumn('progress_json', 'text')
    .addColumn('cancel_requested', 'integer', (c) => c.notNull())
    .addColumn('problem_json', 'text', (c) => c.notNull())
    .addColumn('solution_json', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('routing_plans_tenant').on('routing_plans').columns(['tenant_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('routing_plans').execute();
}
