import { randomBytes } from 'node:crypto';
import { createApiKey, createTenant } from '../../src/auth/index.js';
import { type Config, type KeyRing, loadConfig } from '../../src/core/index.js';
import { buildApp } from '../../src/server/app.js';
import type { App } from '../../src/server/http.js';
import { createTestDb, type TestDb } from './db.js';

export interface TestApp {
  app: App;
  db: TestDb;
  config: Config;
  keyRing: KeyRing;
  adminKey: string;
  /** Creates a key of a role (bound to a tenant when given) and returns the secret. */
  keyFor(role: string, tenantId?: string): Promise<string>;
  /** Creates a tenant and returns its id. */
  tenant(name: string, kind?: string): Promise<string>;
  close(): Promise<void>;
}

export const testKeyRing = (): KeyRing => ({ currentKeyId: 't1', keys: { t1: randomBytes(32) } });

/** A real app on a real database, driven in memory with `app.inject`. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const db = await createTestDb();
  const config: Config = { ...loadConfig({}), webDir: undefined, ...overrides };
  const keyRing = testKeyRing();
  const app = await buildApp({ db, config, keyRing });
  await app.ready();
  const admin = await createApiKey(db, { role: 'admin' });
  return {
    app,
    db,
    config,
    keyRing,
    adminKey: admin.key,
    keyFor: async (role, tenantId) => (await createApiKey(db, { role, tenantId })).key,
    tenant: async (name, kind = 'merchant') => (await createTenant(db, { name, kind })).id,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
