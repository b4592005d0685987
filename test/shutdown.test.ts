import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY, ROOT } from './support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from './support/db.js';

/**
 * Kill the server during a burst of writes: every write it acknowledged must be in the database,
 * and the next start must open the database without repair.
 */
interface Server {
  child: ChildProcess;
  baseUrl: string;
  adminKey?: string;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string | undefined>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, 'serve', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, GREENLINK_LOG_LEVEL: 'error', GREENLINK_RATE_LIMIT_PER_MINUTE: '100000', ...env },
    });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const url = out.match(/Dashboard\s+(http:\/\/\S+?)\/\s/);
      if (url && out.includes('\n\n', out.indexOf('Dashboard'))) {
        clearTimeout(timer);
        resolve({ child, baseUrl: url[1]!, adminKey: out.match(/(glk_[A-Za-z0-9_-]+)/)?.[1], exited });
      }
    });
    child.stderr!.on('data', (d) => (out += d));
  });
}

const site = (i: number, tenantId: string) => ({
  tenantId,
  kind: 'station',
  name: `Burst ${i}`,
  city: 'Wuhan',
  province: 'Hubei',
  region: 'Central',
  lat: 30.59,
  lon: 114.3,
});

async function burst(server: Server, key: string, tenantId: string, n: number, onAck: () => void): Promise<string[]> {
  const acked: string[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      try {
        const res = await fetch(`${server.baseUrl}/v1/sites`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(site(i, tenantId)),
        });
        if (res.status === 201) {
          acked.push(((await res.json()) as { id: string }).id);
          onAck();
        }
      } catch {
        // refused or reset after the signal: not acknowledged, so not expected in the database
      }
    }),
  );
  return acked;
}

describe(`shutdown during writes (${TEST_DIALECT})`, () => {
  let dataDir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;
  let adminKey: string;
  let tenantId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'greenlink-kill-'));
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dataDir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
    const server = await startServer(env);
    adminKey = server.adminKey!;
    expect(adminKey).toMatch(/^glk_/);
    const tenant = await fetch(`${server.baseUrl}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'T', kind: 'station_operator' }),
    });
    tenantId = ((await tenant.json()) as { id: string }).id;
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function storedIds(): Promise<Set<string>> {
    if (db) {
      const client = new pg.Client({ connectionString: childDatabaseUrl(db) });
      await client.connect();
      const { rows } = await client.query<{ id: string }>('select id from sites');
      await client.end();
      return new Set(rows.map((r) => r.id));
    }
    const sqlite = new SQLite(join(dataDir, 'greenlink.db'));
    try {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      return new Set((sqlite.prepare('select id from sites').all() as { id: string }[]).map((r) => r.id));
    } finally {
      sqlite.close();
    }
  }

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`${signal} mid-burst loses no acknowledged write and the next start opens cleanly`, async () => {
      const server = await startServer(env);
      let acks = 0;
      const acked = await burst(server, adminKey, tenantId, 400, () => {
        acks++;
        if (acks === 40) server.child.kill(signal);
      });
      const code = await server.exited;
      if (signal === 'SIGTERM') expect(code).toBe(0);
      expect(acked.length).toBeGreaterThanOrEqual(40);

      const stored = await storedIds();
      const lost = acked.filter((id) => !stored.has(id));
      expect(lost).toEqual([]);

      const again = await startServer(env);
      const ready = await fetch(`${again.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      const list = await fetch(`${again.baseUrl}/v1/sites?limit=500`, { headers: { authorization: `Bearer ${adminKey}` } });
      expect(list.status).toBe(200);
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    });
  }
});
