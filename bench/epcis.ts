import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { sql } from 'kysely';
import { createApiKey, createTenant } from '../src/auth/index.js';
import { loadConfig } from '../src/core/index.js';
import { type Db, migrate, openDb } from '../src/db/index.js';
import { captureEvents, countEvents } from '../src/reusables/index.js';
import { buildApp } from '../src/server/app.js';
import { testKeyRing } from '../test/support/app.js';

// EPCIS 2.0 repository. Capture: documents of 1,000 events POSTed to /epcis/capture (in-process HTTP:
// JSON parse, validation, canonical hash, idempotent insert with the index rows, one transaction per
// document). Query: p50/p95 of GET /epcis/events for one box's EPC and for a page of one bizStep in a
// one-day eventTime window, over a repository filled to --events (default 1,000,000).
// Options: --events N, --capture-docs N (default 30), --queries N (default 200), --pg (PostgreSQL at
// GREENLINK_BENCH_DATABASE_URL or GREENLINK_TEST_DATABASE_URL instead of the embedded database).

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const YEAR_START_MS = Date.parse('2025-01-01T00:00:00+08:00');
const HOUR_MS = 3_600_000;
const EVENTS_PER_BOX = 20;
const iso8 = (ms: number) => `${new Date(ms + 8 * HOUR_MS).toISOString().slice(0, 23)}+08:00`;
const grai = (n: number) => `urn:epc:id:grai:0614141.12345.${n + 1}`;
const SITES = Array.from({ length: 50 }, (_, i) => `urn:epc:id:sgln:0614141.${String(10000 + i)}.0`);

/** Event `k` (0…19) of box `n`: four trips of pack, ship, receive, return, clean; `t` is its time. */
function boxEvent(n: number, k: number, t: number): Record<string, unknown> {
  const trip = Math.floor(k / 5);
  const step = k % 5;
  const base = {
    eventTime: iso8(t),
    eventTimeZoneOffset: '+08:00',
    readPoint: { id: SITES[(n + step) % SITES.length] },
    bizLocation: { id: SITES[(n + step) % SITES.length] },
  };
  switch (step) {
    case 0:
      return {
        type: 'AggregationEvent',
        ...base,
        parentID: grai(n),
        childEPCs: [`urn:epc:id:sgtin:0614141.107346.${n * 10 + trip}`],
        action: 'ADD',
        bizStep: 'packing',
        disposition: 'in_progress',
      };
    case 1:
      return {
        type: 'ObjectEvent',
        ...base,
        epcList: [grai(n)],
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
      };
    case 2:
      return {
        type: 'ObjectEvent',
        ...base,
        epcList: [grai(n)],
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
      };
    case 3:
      return {
        type: 'ObjectEvent',
        ...base,
        epcList: [grai(n)],
        action: 'OBSERVE',
        bizStep: 'collecting',
        disposition: 'returned',
      };
    default:
      return {
        type: 'ObjectEvent',
        ...base,
        epcList: [grai(n)],
        action: 'OBSERVE',
        bizStep: 'https://greenlink.dev/voc/bizstep/cleaning',
        disposition: 'available',
      };
  }
}

// Boxes circulate in cohorts of 500 that start 3 days apart; a cohort's 20 steps are 18 hours apart, so
// events arrive roughly in time order, as a live repository receives them, with several flows interleaved.
const COHORT_BOXES = 500;
const COHORT_EVENTS = COHORT_BOXES * EVENTS_PER_BOX;

/** Event i of the stream. */
function streamEvent(i: number): Record<string, unknown> {
  const cohort = Math.floor(i / COHORT_EVENTS);
  const j = i % COHORT_EVENTS;
  const k = Math.floor(j / COHORT_BOXES);
  const n = cohort * COHORT_BOXES + (j % COHORT_BOXES);
  const t = YEAR_START_MS + cohort * 3 * 24 * HOUR_MS + k * 18 * HOUR_MS + (j % COHORT_BOXES) * 60_000;
  return boxEvent(n, k, t);
}

const eventsFrom = (from: number, count: number) => Array.from({ length: count }, (_, j) => streamEvent(from + j));

const document = (events: unknown[]) => ({
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: new Date().toISOString(),
  epcisBody: { eventList: events },
});

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export default async function run(args: string[]): Promise<void> {
  const total = option(args, '--events', 1_000_000);
  const captureDocs = option(args, '--capture-docs', 30);
  const queries = option(args, '--queries', 200);
  const pgUrl = args.includes('--pg')
    ? process.env.GREENLINK_BENCH_DATABASE_URL ||
      process.env.GREENLINK_TEST_DATABASE_URL ||
      'postgres://postgres@localhost/postgres'
    : undefined;

  const dir = mkdtempSync(join(tmpdir(), 'greenlink-bench-epcis-'));
  const schema = `bench_epcis_${Date.now()}`;
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
  const engine = pgUrl ? 'PostgreSQL' : 'SQLite (embedded)';
  try {
    await migrate(db);
    const tenant = await createTenant(db, { name: 'Bench brand', kind: 'brand' });
    const { key } = await createApiKey(db, { role: 'merchant', tenantId: tenant.id });
    const config = { ...loadConfig({}), webDir: undefined, rateLimitPerMinute: 1_000_000_000 };
    const app = await buildApp({ db, config, keyRing: testKeyRing() });
    await app.ready();
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/ld+json' };

    console.log(`EPCIS benchmark on ${engine}; load average ${loadavg()[0]?.toFixed(2)}`);

    // 1. Capture through the HTTP API, documents of 1,000 events.
    let stored = 0;
    const payloads = Array.from({ length: captureDocs }, (_, d) => JSON.stringify(document(eventsFrom(d * 1000, 1000))));
    // The first documents warm up the JIT; the rate is measured on the rest (steady state).
    const warmup = Math.min(3, payloads.length - 1);
    let t0 = performance.now();
    let measured = 0;
    for (const [d, payload] of payloads.entries()) {
      if (d === warmup) {
        t0 = performance.now();
        measured = stored;
      }
      const res = await app.inject({ method: 'POST', url: '/epcis/capture', headers: auth, payload });
      if (res.statusCode !== 202) throw new Error(`capture failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
      stored += res.json().capturedCount as number;
    }
    const captureS = (performance.now() - t0) / 1000;
    const captureRate = (stored - measured) / captureS;
    // The same documents again: all duplicates, nothing stored twice.
    const t1 = performance.now();
    let dup = 0;
    for (const payload of payloads.slice(0, 5)) {
      const res = await app.inject({ method: 'POST', url: '/epcis/capture', headers: auth, payload });
      dup += res.json().duplicateCount as number;
    }
    const dupRate = dup / ((performance.now() - t1) / 1000);

    // 2. Fill to the query volume through the store (same code path minus HTTP), 10,000 events a batch.
    const tFill = performance.now();
    for (let from = stored; from < total; from += 10_000) {
      const events = eventsFrom(from, Math.min(10_000, total - from));
      const job = await captureEvents(db, { tenantId: tenant.id, keyId: 'bench', behaviour: 'rollback', context: null, events });
      if (!job.success) throw new Error(`fill failed: ${JSON.stringify(job.errors.slice(0, 3))}`);
      if ((from / 10_000) % 20 === 0) process.stdout.write(`  filled ${from.toLocaleString('en')}\r`);
    }
    const fillS = (performance.now() - tFill) / 1000;
    // A bulk load leaves PostgreSQL without statistics until autovacuum's next pass; a live repository
    // has them, so give the planner the same view before timing queries.
    if (pgUrl) await sql`analyze`.execute(db.kysely);
    // Capture again through HTTP, now into the full repository (its indexes no longer fit a small cache).
    const tLate = performance.now();
    let late = 0;
    for (let d = 0; d < 10; d++) {
      const payload = JSON.stringify(document(eventsFrom(Math.max(total, stored) + d * 1000, 1000)));
      const res = await app.inject({ method: 'POST', url: '/epcis/capture', headers: auth, payload });
      if (res.statusCode !== 202) throw new Error(`capture failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
      late += res.json().capturedCount as number;
    }
    const lateRate = late / ((performance.now() - tLate) / 1000);
    const count = await countEvents(db, tenant.id);
    const boxes = Math.ceil(count / EVENTS_PER_BOX);

    // 3. Query latency.
    const time = async (url: string) => {
      const s = performance.now();
      const res = await app.inject({ method: 'GET', url, headers: { authorization: auth.authorization } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      return { ms: performance.now() - s, n: (res.json().epcisBody.queryResults.resultsBody.eventList as unknown[]).length };
    };
    const measure = async (make: (i: number) => string) => {
      const ms: number[] = [];
      let events = 0;
      for (let i = 0; i < queries; i++) {
        const r = await time(make(i));
        ms.push(r.ms);
        events += r.n;
      }
      ms.sort((a, b) => a - b);
      return { p50: percentile(ms, 50), p95: percentile(ms, 95), meanEvents: events / queries };
    };
    const byEpc = await measure((i) => `/epcis/epcs/${encodeURIComponent(grai((i * 104729) % boxes))}/events?perPage=100`);
    const days = Math.max(1, Math.floor((count / COHORT_EVENTS) * 3));
    const byStep = await measure((i) => {
      const day = YEAR_START_MS + ((i * 37) % days) * 24 * HOUR_MS;
      return `/epcis/events?EQ_bizStep=shipping&GE_eventTime=${encodeURIComponent(iso8(day))}&LT_eventTime=${encodeURIComponent(iso8(day + 24 * HOUR_MS))}&perPage=100`;
    });
    const classPage = await measure(
      () =>
        `/epcis/events?MATCH_epc=${encodeURIComponent('urn:epc:idpat:grai:0614141.12345.*')}&EQ_bizStep=receiving&perPage=100`,
    );
    await app.close();

    const table = new Table({ head: ['measure', 'value'], style: { head: [], border: [] } });
    table.push(
      [
        'capture (HTTP, 1,000-event documents)',
        `${Math.round(captureRate).toLocaleString('en')} events/s (${(stored - measured).toLocaleString('en')} in ${captureS.toFixed(1)} s)`,
      ],
      ['capture (HTTP) into the full repository', `${Math.round(lateRate).toLocaleString('en')} events/s (10,000 events)`],
      ['re-capture of the same documents (all duplicates)', `${Math.round(dupRate).toLocaleString('en')} events/s`],
      ['fill through the store (10,000-event batches)', `${Math.round((count - stored) / fillS).toLocaleString('en')} events/s`],
      ['events stored', count.toLocaleString('en')],
      [
        'query: one EPC (p50 / p95)',
        `${byEpc.p50.toFixed(1)} / ${byEpc.p95.toFixed(1)} ms, ${byEpc.meanEvents.toFixed(1)} events`,
      ],
      [
        'query: bizStep + 1-day eventTime page (p50 / p95)',
        `${byStep.p50.toFixed(1)} / ${byStep.p95.toFixed(1)} ms, ${byStep.meanEvents.toFixed(1)} events`,
      ],
      [
        'query: GRAI class pattern + bizStep page (p50 / p95)',
        `${classPage.p50.toFixed(1)} / ${classPage.p95.toFixed(1)} ms, ${classPage.meanEvents.toFixed(1)} events`,
      ],
    );
    console.log(table.toString());
    const round = (x: number) => Math.round(x * 10) / 10;
    console.log(
      JSON.stringify({
        bench: 'epcis',
        engine: pgUrl ? 'postgres' : 'sqlite',
        captureEventsPerS: Math.round(captureRate),
        captureIntoFullEventsPerS: Math.round(lateRate),
        events: count,
        epcQueryMs: { p50: round(byEpc.p50), p95: round(byEpc.p95) },
        bizStepPageMs: { p50: round(byStep.p50), p95: round(byStep.p95) },
        classPageMs: { p50: round(classPage.p50), p95: round(classPage.p95) },
      }),
    );
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
  }
}
