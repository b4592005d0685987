import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { createTenant, listTenants } from '../auth/index.js';
import { SYSTEM_SCOPE } from '../core/index.js';
import { migrate, ping } from './index.js';

describe(`database (${TEST_DIALECT})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => db.close());

  it('is reachable and runs on the expected engine', async () => {
    await ping(db);
    expect(db.dialect).toBe(TEST_DIALECT);
  });

  it('migrating again applies nothing', async () => {
    expect(await migrate(db)).toEqual([]);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    for (let i = 0; i < 7; i++) await createTenant(db, { name: `t${i}`, kind: 'merchant' });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listTenants(db, SYSTEM_SCOPE, { limit: 3, cursor });
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort()).toEqual(seen);
  });

  it('rejects a forged cursor', async () => {
    await expect(listTenants(db, SYSTEM_SCOPE, { cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
  });
});
