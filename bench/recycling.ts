import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { createApiKey, createTenant } from '../src/auth/index.js';
import { loadConfig } from '../src/core/index.js';
import { type Db, migrate, openDb } from '../src/db/index.js';
import { GRADES } from '../src/recycling/model.js';
import { createStations } from '../src/recycling/stations.js';
import { buildApp } from '../src/server/app.js';
import { DEFAULT_CARRIERS } from '../src/waybill/index.js';
import { formatWaybillNo } from '../src/waybill/numbers.js';
import { testKeyRing } from '../test/support/app.js';

// Station drop-offs through the HTTP API. The real app listens on 127.0.0.1 in a child process (its own
// event loop and core, as in production); this process drives POST /v1/dropoffs with autocannon over
// real HTTP, every request a distinct parcel (a valid waybill number of a default carrier) with its own
// Idempotency-Key, spread over many consumers, devices and stations so that no cap or velocity limit is
// hit. Measured: drop-offs/s and latency (p50/p97.5/p99) after a warm-up, checked against the rows and
// ledger entries stored; then 1,000 concurrent re-submissions of accepted parcels (half replays with the
// same Idempotency-Key, half new keys from another consumer) must award nothing.
// Options: --seconds N (default 10), --warmup N seconds (default 2), --connections N (default 32),
// --stations N (default 300), --duplicates N (default 1,000), --pg (PostgreSQL at
// GREENLINK_BENCH_DATABASE_URL or GREENLINK_TEST_DATABASE_URL instead of the embedded database).

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const pgUrlOf = (args: string[]): string | undefined =>
  args.includes('--pg')
    ? process.env.GREENLINK_BENCH_DATABASE_URL ||
      process.env.GREENLINK_TEST_DATABASE_URL ||
      'postgres://postgres@localhost/postgres'
    : undefined;

// ---- the server (child process) ----------------------------------------------------------------------

interface Ready {
  type: 'ready';
  port: number;
  key: string;
  stations: string[];
}
interface Counts {
  type: 'counts';
  accepted: number;
  refused: number;
  ledgerEntries: number;
  pointsBalance: number;
}
type FromServer = Ready | Counts;
type ToServer = { type: 'count' } | { type: 'stop' };

async function counts(db: Db): Promise<Counts> {
  const byStatus = await db.kysely
    .selectFrom('recycling_dropoffs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const ledger = await db.kysely
    .selectFrom('points_ledger')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const balance = await db.kysely
    .selectFrom('points_accounts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('balance'), eb.lit(0)).as('n'))
    .executeTakeFirstOrThrow();
  const n = (status: string) => Number(byStatus.find((r) => r.status === status)?.n ?? 0);
  return {
    type: 'counts',
    accepted: n('accepted'),
    refused: n('refused'),
    ledgerEntries: Number(ledger.n),
    pointsBalance: Number(balance.n),
  };
}

async function serve(args: string[]): Promise<void> {
  const send = (m: FromServer) => process.send?.(m);
  const pgUrl = pgUrlOf(args);
  const dir = mkdtempSync(join(tmpdir(), 'greenlink-bench-recycling-'));
  const schema = `bench_recycling_${Date.now()}`;
  let db: Db;
  if (pgUrl) {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    db = await openDb({ databaseUrl: pgUrl, pgSchema: schema });
  } else {
    db = await openDb({ sqlitePath: join(dir, 'bench.db') });
  }
  try {
    await migrate(db);
    const tenant = await createTenant(db, { name: 'Bench stations', kind: 'station_operator' });
    const { key } = await createApiKey(db, { role: 'station', tenantId: tenant.id });
    const n = option(args, '--stations', 300);
    const stations = await createStations(
      db,
      tenant.id,
      Array.from({ length: n }, (_, i) => ({
        id: `ST-${String(i + 1).padStart(4, '0')}`,
        name: `菜鸟驿站 ${i + 1}`,
        city: '杭州市',
        province: '浙江省',
        lat: 30.2 + (i % 50) / 500,
        lon: 120.1 + Math.floor(i / 50) / 500,
      })),
    );
    const config = { ...loadConfig({}), webDir: undefined, rateLimitPerMinute: 1_000_000_000 };
    const app = await buildApp({ db, config, keyRing: testKeyRing() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      process.on('message', (m: ToServer) => {
        if (m.type === 'count') counts(db).then(send, reject);
        else app.close().then(() => resolve(), reject);
      });
      process.on('disconnect', () => app.close().then(() => resolve(), reject));
      send({ type: 'ready', port, key, stations: stations.map((s) => s.id) });
    });
  } finally {
    await db.close();
    if (pgUrl) {
      const { default: pg } = await import('pg');
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    }
    rmSync(dir, { recursive: true, force: true });
    process.disconnect?.();
  }
}

// ---- the load generator (this process) ---------------------------------------------------------------

// autocannon ships no types: the part used here.
type Context = { i?: number };
interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest, context: Context) => CannonRequest;
  onResponse?: (status: number, body: string, context: Context) => void;
}
interface CannonOptions {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  requests: CannonRequest[];
}
interface Percentiles {
  average: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
}
interface CannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: Percentiles;
  requests: Percentiles & { total: number; sent: number };
}
type Autocannon = (opts: CannonOptions) => Promise<CannonResult>;

const SEQ_BASE = 1_000_000;
const WASTE_GRADES = GRADES.filter((g) => g !== 'reusable_box');

interface Parcel {
  body: string;
  key: string;
}

/**
 * Drop-off `i`: carriers in turn; consumers in blocks of 1,000 that each bring 10 parcels (under the daily
 * cap of 20) and devices in blocks of 2,000 that each scan 10, so the requests in flight at one time name
 * distinct consumers and devices; stations in turn.
 */
function parcel(i: number, stations: string[], runId: string): Parcel {
  const carrier = DEFAULT_CARRIERS[i % DEFAULT_CARRIERS.length] ?? DEFAULT_CARRIERS[0];
  if (!carrier) throw new Error('no carriers');
  const body = {
    stationId: stations[i % stations.length],
    consumerId: `consumer-${(i % 1000) + 1000 * Math.floor(i / 10_000)}`,
    waybillNo: formatWaybillNo(carrier, SEQ_BASE + Math.floor(i / DEFAULT_CARRIERS.length)),
    grade: WASTE_GRADES[i % WASTE_GRADES.length],
    deviceId: `scanner-${(i % 2000) + 2000 * Math.floor(i / 20_000)}`,
  };
  return { body: JSON.stringify(body), key: `${runId}-${i}` };
}

function ask(child: ChildProcess, m: ToServer | null, type: FromServer['type']): Promise<FromServer> {
  return new Promise((resolve, reject) => {
    const onMessage = (r: FromServer) => {
      if (r.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(r);
    };
    const onExit = (code: number | null) => reject(new Error(`the server exited (${code}) before answering ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (m) child.send(m);
  });
}

export default async function run(args: string[]): Promise<void> {
  if (args.includes('--serve')) return serve(args);
  const seconds = option(args, '--seconds', 10);
  const warmup = option(args, '--warmup', 2);
  const connections = option(args, '--connections', 32);
  const duplicates = option(args, '--duplicates', 1000);
  const pg = args.includes('--pg');
  const engine = pg ? 'PostgreSQL' : 'SQLite (embedded)';

  // Loaded here, not at the top: the server process has no use for it.
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const runTs = fileURLToPath(new URL('./run.ts', import.meta.url));
  const child = fork(runTs, ['recycling', '--serve', ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = (await ask(child, null, 'ready')) as Ready;
    const count = async () => (await ask(child, { type: 'count' }, 'counts')) as Counts;
    // After a run stops, the requests it left in flight still finish on the server: wait until they have.
    const settled = async () => {
      let last = await count();
      for (;;) {
        await new Promise((r) => setTimeout(r, 200));
        const now = await count();
        if (now.accepted === last.accepted && now.refused === last.refused) return now;
        last = now;
      }
    };
    const url = `http://127.0.0.1:${ready.port}/v1/dropoffs`;
    const headers = { authorization: `Bearer ${ready.key}`, 'content-type': 'application/json' };
    const runId = `bench-${Date.now().toString(36)}`;
    const loadStart = loadavg()[0];
    console.log(
      `Recycling drop-off benchmark on ${engine}: ${connections} connections, ${seconds} s after ${warmup} s of warm-up, ` +
        `${ready.stations.length} stations; load average ${loadStart?.toFixed(2)}`,
    );

    let next = 0;
    const accepted: number[] = [];
    let unexpected = 0;
    let firstUnexpected = '';
    const load = (duration: number) =>
      autocannon({
        url,
        connections,
        duration,
        method: 'POST',
        headers,
        requests: [
          {
            setupRequest: (req, context) => {
              const i = next++;
              context.i = i;
              const p = parcel(i, ready.stations, runId);
              return { ...req, body: p.body, headers: { ...req.headers, 'idempotency-key': p.key } };
            },
            onResponse: (status, body, context) => {
              if (status === 201 && body.includes('"status":"accepted"') && context.i !== undefined) accepted.push(context.i);
              else {
                unexpected++;
                firstUnexpected ||= `${status} ${body.slice(0, 300)}`;
              }
            },
          },
        ],
      });

    // Warm-up (JIT, caches, connection pools); not measured.
    await load(warmup);
    const before = await settled();
    const acceptedBefore = accepted.length;
    const unexpectedBefore = unexpected;
    const sentBefore = next;

    const result = await load(seconds);
    const after = await settled();
    const acceptedInRun = accepted.length - acceptedBefore;
    const stored = after.accepted - before.accepted;
    const rate = acceptedInRun / result.duration;

    // Duplicates: re-submissions of accepted parcels, all at once. Even k: the same request again (same
    // Idempotency-Key), answered 200 with the first answer; odd k: the same parcel from another consumer
    // with a new key, refused already_rewarded. Both hit the same parcel concurrently.
    const sample = accepted.slice(-Math.ceil(duplicates / 2));
    const tDup = performance.now();
    const answers = await Promise.all(
      Array.from({ length: duplicates }, async (_, k) => {
        const i = sample[Math.floor(k / 2) % sample.length] ?? 0;
        const p = parcel(i, ready.stations, runId);
        const replay = k % 2 === 0;
        const body = replay
          ? p.body
          : JSON.stringify({ ...JSON.parse(p.body), consumerId: `other-${k}`, deviceId: `other-${k}` });
        const res = await fetch(url, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': replay ? p.key : `${p.key}-again-${k}` },
          body,
        });
        const json = (await res.json()) as { status?: string; reason?: string; replayed?: boolean };
        if (replay) return res.status === 200 && json.replayed === true && json.status === 'accepted' ? 'replay' : 'bad';
        return res.status === 201 && json.status === 'refused' && json.reason === 'already_rewarded' ? 'refused' : 'bad';
      }),
    );
    const dupMs = performance.now() - tDup;
    const final = await count();
    const replays = answers.filter((a) => a === 'replay').length;
    const refusals = answers.filter((a) => a === 'refused').length;
    const newAwards = final.ledgerEntries - after.ledgerEntries;

    const non2xx = result.non2xx;
    const unexpectedInRun = unexpected - unexpectedBefore;
    const sentInRun = next - sentBefore;
    // Requests still in flight when the run stops are stored but never answered: at most one per connection.
    const unanswered = stored - acceptedInRun;
    const ok =
      non2xx === 0 &&
      result.errors === 0 &&
      unexpected === 0 &&
      unanswered >= 0 &&
      unanswered <= connections &&
      after.ledgerEntries === after.accepted &&
      replays + refusals === duplicates &&
      newAwards === 0 &&
      final.accepted === after.accepted;

    const table = new Table({ head: ['measure', 'value'], style: { head: [], border: [] } });
    const fmt = (x: number) => Math.round(x).toLocaleString('en');
    const statuses = Object.entries(result.statusCodeStats)
      .map(([s, c]) => `${s}: ${fmt(c.count)}`)
      .join(', ');
    table.push(
      ['drop-offs accepted (HTTP 201)', `${fmt(rate)} /s (${fmt(acceptedInRun)} in ${result.duration.toFixed(1)} s)`],
      ['requests/s (autocannon, mean of 1 s samples)', fmt(result.requests.average)],
      [
        'latency p50 / p97.5 / p99 / max',
        `${result.latency.p50} / ${result.latency.p97_5} / ${result.latency.p99} / ${result.latency.max} ms`,
      ],
      ['status codes', `${statuses}; non-2xx ${non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`],
      ['answers not 201 accepted (whole run)', `${unexpected}${firstUnexpected ? ` (first: ${firstUnexpected})` : ''}`],
      [
        'rows accepted in the run (database)',
        `${fmt(stored)} (${unanswered} in flight at the stop); total ${fmt(after.accepted)}, ledger entries ${fmt(after.ledgerEntries)}`,
      ],
      [
        `duplicates (${fmt(duplicates)} concurrent)`,
        `${replays} replays (200), ${refusals} refused already_rewarded, ${duplicates - replays - refusals} other; ${dupMs.toFixed(0)} ms`,
      ],
      [
        'new awards from duplicates',
        `${newAwards} ledger entries, ${final.accepted - after.accepted} accepted rows, points ${fmt(final.pointsBalance - after.pointsBalance)}`,
      ],
      ['checks', ok ? 'pass' : 'FAIL'],
    );
    console.log(table.toString());
    console.log(
      JSON.stringify({
        bench: 'recycling',
        engine: pg ? 'postgres' : 'sqlite',
        connections,
        seconds: result.duration,
        dropoffsPerS: Math.round(rate),
        requestsPerS: Math.round(result.requests.average),
        accepted: acceptedInRun,
        sent: sentInRun,
        non2xx,
        notAccepted: unexpectedInRun,
        errors: result.errors,
        latencyMs: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
        storedAccepted: stored,
        duplicates: { sent: duplicates, replays, refusals, newLedgerEntries: newAwards, ms: Math.round(dupMs) },
        loadAverage: [loadStart, loadavg()[0]].map((x) => Math.round((x ?? 0) * 100) / 100),
        ok,
      }),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    if (child.connected) child.send({ type: 'stop' } satisfies ToServer);
    await exited;
  }
}
