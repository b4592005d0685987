import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError, ErrorCode } from '../core/index.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export * from './paging.js';
export type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** Human description without secrets, for logs. */
  describe: string;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** PostgreSQL URL; when absent SQLite is used. */
  databaseUrl?: string;
  /** SQLite file path, or ':memory:'. */
  sqlitePath?: string;
  /** PostgreSQL schema to use (tests use one schema per file). */
  pgSchema?: string;
  pgPoolSize?: number;
}

// pg returns int8/numeric as strings to protect precision; our counts and sums fit a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function sqlitePathFor(dataDir: string): string {
  mkdirSync(resolve(dataDir), { recursive: true });
  return join(resolve(dataDir), 'greenlink.db');
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.pgPoolSize ?? 10,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(opts.databaseUrl);
    return {
      kysely,
      dialect: 'postgres',
      describe: `postgres://${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`,
      close: () => kysely.destroy(),
    };
  }
  const path = opts.sqlitePath ?? ':memory:';
  const database = new SQLite(path);
  // WAL: readers never block the writer, and a killed process leaves a database that opens without repair.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // 64 MiB of page cache (the default is 2 MiB): indexes of large tables (EPCIS events) stay in memory.
  database.pragma('cache_size = -65536');
  // Checkpoint every 8,000 WAL pages (32 MiB) instead of 1,000: rows that change on every write (counters,
  // balances, index edges) are copied back once per checkpoint, not once per 1,000 pages. 1,000 -> 8,000
  // took station drop-offs from about 1,100 to 1,250/s in the benchmark. The file is trimmed after a checkpoint.
  database.pragma('wal_autocheckpoint = 8000');
  database.pragma('journal_size_limit = 67108864');
  cacheStatements(database);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { kysely, dialect: 'sqlite', describe: `sqlite:${path}`, close: () => kysely.destroy() };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; on SQLite preparing costs as much as running a short statement. The
 * same SQL text (bound parameters differ) reuses its prepared statement. better-sqlite3 runs a statement to
 * completion before the next query starts on the connection, so one statement is never in use twice.
 */
function cacheStatements(database: SQLite.Database): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, SQLite.Statement>();
  database.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      // Least recently used goes first when the cache is full.
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof database.prepare;
}

/** Advisory lock id held while migrating or dropping a schema on a shared PostgreSQL server. */
export const PG_SCHEMA_LOCK = 7_140_083;

/** Applies every pending migration; safe to run from several processes (the migrator locks). */
export async function migrate(db: Db): Promise<string[]> {
  // Kysely finds its lock table in any schema unless told which: name ours (schemas may share a server).
  let migrationTableSchema: string | undefined;
  if (db.dialect === 'postgres') {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely);
    migrationTableSchema = rows[0]?.schema;
  }
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } =
    db.dialect === 'postgres'
      ? await db.kysely.connection().execute(async (conn) => {
          // Kysely looks for its tables by introspecting every schema of the database before it takes its
          // own lock; a schema dropped meanwhile (test suites drop theirs) fails that look-up. Dropping a
          // schema takes this lock too (see PG_SCHEMA_LOCK).
          await sql`select pg_advisory_lock(${sql.lit(PG_SCHEMA_LOCK)})`.execute(conn);
          try {
            return await migrator.migrateToLatest();
          } finally {
            await sql`select pg_advisory_unlock(${sql.lit(PG_SCHEMA_LOCK)})`.execute(conn);
          }
        })
      : await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new AppError(
      ErrorCode.Internal,
      `migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}

export const boolToInt = (b: boolean): number => (b ? 1 : 0);
