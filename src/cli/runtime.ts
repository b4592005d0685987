import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError, type Config, ErrorCode, type KeyRing, loadConfig } from '../core/index.js';
import { type Db, migrate, openDb, sqlitePathFor } from '../db/index.js';

export interface Runtime {
  config: Config;
  db: Db;
  keyRing: KeyRing;
  close(): Promise<void>;
}

/**
 * Personal-data keys: `GREENLINK_ENCRYPTION_KEYS=id:base64,...` (first is current) or, for a laptop
 * set-up, a key file created once in the data directory with owner-only permissions.
 */
export function loadKeyRing(config: Config): KeyRing {
  if (config.encryptionKeys) return parseKeyRing(config.encryptionKeys);
  const dir = resolve(config.dataDir);
  const file = join(dir, 'encryption.keys');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `k1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return parseKeyRing(readFileSync(file, 'utf8').trim());
}

export function parseKeyRing(spec: string): KeyRing {
  const keys: Record<string, Buffer> = {};
  let currentKeyId = '';
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, b64] = part.split(':');
    const key = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (!id || key.length !== 32) {
      throw new AppError(ErrorCode.Validation, 'encryption keys must be "id:base64" with 32-byte keys, comma-separated');
    }
    keys[id] = key;
    if (!currentKeyId) currentKeyId = id;
  }
  if (!currentKeyId) throw new AppError(ErrorCode.Validation, 'no encryption key configured');
  return { currentKeyId, keys };
}

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else SQLite) and migrates it. */
export async function openRuntime(config: Config = loadConfig(), options: { migrate?: boolean } = {}): Promise<Runtime> {
  const db = await openDb(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { sqlitePath: sqlitePathFor(config.dataDir) },
  );
  try {
    if (options.migrate !== false) await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return { config, db, keyRing: loadKeyRing(config), close: () => db.close() };
}

/** Runs a CLI action with an open, migrated database and always closes it. */
export async function withDb<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime();
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}
