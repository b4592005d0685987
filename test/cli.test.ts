import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from './support/db.js';

describe(`greenlink CLI (${TEST_DIALECT})`, () => {
  let dataDir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'greenlink-cli-'));
    // On PostgreSQL the CLI gets its own empty schema; on SQLite its own data directory.
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dataDir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates an empty database', async () => {
    const first = await runCli(['migrate'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('0001_foundation');
    const again = await runCli(['migrate'], env);
    expect(again.stdout).toContain('up to date');
  });

  it('loads the demo once and refuses a second time with a clear error', async () => {
    const loaded = await runCli(['demo', 'load', '--json'], env);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(JSON.parse(loaded.stdout)).toMatchObject({ tenants: 6, hubs: 7 });
    const again = await runCli(['demo', 'load'], env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/^greenlink: .*empty database/);
  }, 300_000);

  it('creates a key that is the only output on stdout, lists it and revokes it', async () => {
    const created = await runCli(['keys', 'create', '--role', 'merchant', '--tenant', 'ten_merchant_teashop'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^glk_[A-Za-z0-9_-]{32}\n$/);

    const listed = await runCli(['keys', 'list', '--json'], env);
    const keys = JSON.parse(listed.stdout) as { id: string; role: string; tenantId: string; keyPrefix: string }[];
    const mine = keys.find((k) => created.stdout.startsWith(k.keyPrefix));
    expect(mine).toMatchObject({ role: 'merchant', tenantId: 'ten_merchant_teashop' });
    expect(listed.stdout).not.toContain(created.stdout.trim());

    const table = await runCli(['keys', 'list'], env);
    expect(table.stdout).toContain(mine!.id);

    const revoked = await runCli(['keys', 'revoke', mine!.id, '--json'], env);
    expect(JSON.parse(revoked.stdout).revokedAt).toMatch(/^\d{4}-/);
  });

  it('fails with one line and a non-zero exit on bad input', async () => {
    const bad = await runCli(['keys', 'create', '--role', 'pirate'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('role must be one of');
    const unbound = await runCli(['keys', 'create', '--role', 'merchant'], env);
    expect(unbound.code).toBe(1);
    expect(unbound.stderr).toContain('must be bound to a tenant');
    const unknown = await runCli(['nonsense'], env);
    expect(unknown.code).not.toBe(0);
  });

  it('lists sites as a table and as JSON', async () => {
    const json = await runCli(['sites', 'list', '--kind', 'hub', '--json'], env);
    expect(JSON.parse(json.stdout)).toHaveLength(7);
    const table = await runCli(['sites', 'list', '--kind', 'solar_park'], env);
    expect(table.stdout).toContain('Rooftop PV');
  });

  it('has --help on every command', async () => {
    for (const args of [['--help'], ['serve', '--help'], ['keys', 'create', '--help'], ['demo', 'load', '--help']]) {
      const res = await runCli(args, env);
      expect(res.code, args.join(' ')).toBe(0);
      expect(res.stdout).toContain('Usage: greenlink');
    }
  });
});
