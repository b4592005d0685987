import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, migrate, openDb, PG_SCHEMA_LOCK } from '../../src/db/index.js';

/** PostgreSQL URL for the suite; when absent the suite runs on SQLite. */
export const TEST_PG_URL = process.env.GREENLINK_TEST_DATABASE_URL || undefined;
export const TEST_DIALECT = TEST_PG_URL ? 'postgres' : 'sqlite';

export interface TestDb extends Db {
  /** PostgreSQL schema of this test database, if any. */
  schema?: string;
}

/**
 * A fresh, migrated database for one test file: SQLite in memory, or a new PostgreSQL schema
 * (dropped on close) so test files can run in parallel against one server.
 */
export async function createTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  let db: TestDb;
  if (TEST_PG_URL) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const inner = await openDb({ databaseUrl: TEST_PG_URL, pgSchema: schema, pgPoolSize: 5 });
    db = {
      ...inner,
      schema,
      close: async () => {
        await inner.close();
        const c = new pg.Client({ connectionString: TEST_PG_URL });
        await c.connect();
        // Not while another suite migrates: its introspection reads every schema (see migrate).
        await c.query(`select pg_advisory_lock(${PG_SCHEMA_LOCK})`);
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    };
  } else {
    db = await openDb({ sqlitePath: ':memory:' });
  }
  if (options.migrate !== false) await migrate(db);
  return db;
}

/** A DATABASE_URL that points a child process at this test database's schema. */
export function childDatabaseUrl(db: TestDb): string | undefined {
  if (!TEST_PG_URL || !db.schema) return undefined;
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('options', `-c search_path=${db.schema}`);
  return url.toString();
}
