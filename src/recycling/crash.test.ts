import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../test/support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { createTenant } from '../auth/index.js';
import { type Db, migrate, openDb } from '../db/index.js';
import { DEFAULT_CARRIERS } from '../waybill/index.js';
import { formatWaybillNo } from '../waybill/numbers.js';
import { createStations } from './stations.js';

// "A crash during a drop-off leaves either the whole drop-off with its award or nothing": a child process
// records drop-offs and is SIGKILLed, either just before a chosen write inside the drop-off's transaction
// or at a random moment with eight drop-offs in flight. The database must then hold only whole drop-offs
// (row, item claim, counters, ledger award, balance, stock all agree) and a retry must complete the rest.

const WORKER = fileURLToPath(new URL('../../test/support/dropoff-worker.ts', import.meta.url));
const STATION = 'CRASH-1';
const carrier = DEFAULT_CARRIERS[0] as (typeof DEFAULT_CARRIERS)[number];

interface Run {
  signal: NodeJS.Signals | null;
  code: number | null;
  ok: number[];
  stderr: string;
}

function runWorker(database: string, env: Record<string, string>, killAfterMs?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      cwd: ROOT,
      env: { ...process.env, WORKER_DATABASE: database, WORKER_STATION: STATION, ...env },
    });
    const ok: number[] = [];
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('ok ')) ok.push(Number(line.slice(3)));
        // Random kills start counting once the worker is writing, not while it loads.
        if (killAfterMs !== undefined && ok.length === 1) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, ok, stderr }));
  });
}

/** Everything a drop-off writes, checked against everything else; returns the accepted waybill numbers. */
async function checkWhole(db: Db, tenantId: string): Promise<Set<string>> {
  const k = db.kysely;
  const drops = await k.selectFrom('recycling_dropoffs').selectAll().where('tenant_id', '=', tenantId).execute();
  expect(drops.every((d) => d.status === 'accepted' && d.points === 8)).toBe(true);
  const ids = new Set(drops.map((d) => d.id));

  const claims = await k.selectFrom('recycling_item_claims').selectAll().execute();
  expect(claims.map((c) => c.dropoff_id).sort()).toEqual([...ids].sort());
  expect(new Set(claims.map((c) => c.item_key))).toEqual(new Set(drops.map((d) => d.item_key)));

  const ledger = await k.selectFrom('points_ledger').selectAll().where('tenant_id', '=', tenantId).execute();
  expect(ledger.every((e) => e.kind === 'award' && ids.has(e.source_id ?? ''))).toBe(true);
  expect(ledger.map((e) => e.source_id).sort()).toEqual([...ids].sort());

  const sums = new Map<string, number>();
  for (const e of ledger) sums.set(e.consumer_id, (sums.get(e.consumer_id) ?? 0) + Number(e.points));
  const accounts = await k.selectFrom('points_accounts').selectAll().where('tenant_id', '=', tenantId).execute();
  expect(
    new Map(
      accounts.filter((a) => Number(a.balance) !== 0 || sums.has(a.consumer_id)).map((a) => [a.consumer_id, Number(a.balance)]),
    ),
  ).toEqual(sums);

  const stock = await k.selectFrom('recycling_stock').selectAll().where('station_id', '=', STATION).execute();
  expect(stock.reduce((n, s) => n + Number(s.count), 0)).toBe(drops.length);
  const counters = await k.selectFrom('recycling_counters').selectAll().where('key', 'like', `station:${STATION}:%`).execute();
  expect(counters.reduce((n, c) => n + Number(c.n), 0)).toBe(drops.length);
  return new Set(drops.map((d) => d.item_key.slice('wb:'.length)));
}

describe(`a killed drop-off is whole or absent (${TEST_DIALECT})`, () => {
  let db: Db;
  let database: string;
  let tenantId: string;
  let dir: string | undefined;
  let first = 7_000_000;

  beforeAll(async () => {
    if (TEST_DIALECT === 'postgres') {
      const testDb: TestDb = await createTestDb();
      db = testDb;
      database = childDatabaseUrl(testDb) as string;
    } else {
      dir = mkdtempSync(join(tmpdir(), 'greenlink-crash-'));
      database = join(dir, 'crash.db');
      db = await openDb({ sqlitePath: database });
      await migrate(db);
    }
    tenantId = (await createTenant(db, { name: 'Crash Stations', kind: 'station_operator' })).id;
    await createStations(db, tenantId, [
      {
        id: STATION,
        name: 'Crash test',
        city: 'Hangzhou',
        province: 'Zhejiang',
        lat: 30.27,
        lon: 120.15,
        storageCapacity: 1_000_000,
      },
    ]);
  });
  afterAll(async () => {
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Each table the drop-off transaction writes, in order; the third write to it is the one cut short.
  for (const table of [
    'recycling_item_claims',
    'recycling_counters',
    'recycling_dropoffs',
    'points_ledger',
    'points_accounts',
    'recycling_stock',
  ]) {
    it(`killed before writing ${table}: the drop-off in flight left nothing; a retry completes it`, async () => {
      const base = first;
      first += 100;
      const range = { WORKER_FIRST: String(base), WORKER_COUNT: '5' };
      const crashed = await runWorker(database, { ...range, CRASH_BEFORE: table, CRASH_AT: '3' });
      expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
      const stored = await checkWhole(db, tenantId);
      const inFlight = formatWaybillNo(carrier, base + crashed.ok.length);
      for (const n of crashed.ok) expect(stored.has(formatWaybillNo(carrier, n))).toBe(true);
      expect(stored.has(inFlight)).toBe(false);
      expect(crashed.ok.length).toBeLessThan(3);

      const retry = await runWorker(database, range);
      expect(retry.code, retry.stderr).toBe(0);
      const after = await checkWhole(db, tenantId);
      for (let n = base; n < base + 5; n++) expect(after.has(formatWaybillNo(carrier, n))).toBe(true);
    });
  }

  it('killed at random moments with eight drop-offs in flight: only whole drop-offs, and retries finish the rest', async () => {
    const base = first;
    first += 1000;
    const range = { WORKER_FIRST: String(base), WORKER_COUNT: '400', WORKER_PARALLEL: '8' };
    for (const killAfterMs of [40, 130, 260]) {
      const run = await runWorker(database, range, killAfterMs);
      const stored = await checkWhole(db, tenantId);
      for (const n of run.ok) expect(stored.has(formatWaybillNo(carrier, n))).toBe(true);
    }
    const finish = await runWorker(database, range);
    expect(finish.code, finish.stderr).toBe(0);
    const stored = await checkWhole(db, tenantId);
    for (let n = base; n < base + 400; n++) expect(stored.has(formatWaybillNo(carrier, n))).toBe(true);
  });
});
