import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { waybillParcel } from '../../test/support/waybill.js';

describe(`greenlink waybill (${TEST_DIALECT})`, () => {
  let dir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;
  let tenant: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'greenlink-waybill-'));
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const created = await runCli(['tenants', 'create', '--name', 'Tea', '--kind', 'merchant', '--json'], env);
    tenant = JSON.parse(created.stdout).id;
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues from JSON and CSV, listing each order key with its waybill number, then prints one PDF', async () => {
    const json = join(dir, 'parcels.json');
    writeFileSync(json, JSON.stringify({ parcels: [waybillParcel('J-1', 1), waybillParcel('J-2', 2)] }));
    const a = await runCli(['waybill', 'issue', json, '-t', tenant, '--json'], env);
    expect(a.code, a.stderr).toBe(0);
    const issued = JSON.parse(a.stdout) as Array<{ orderKey: string; waybillNo: string }>;
    expect(issued.map((w) => w.orderKey)).toEqual(['J-1', 'J-2']);

    const csv = join(dir, 'parcels.csv');
    const p = waybillParcel('C-1', 3) as { sender: Record<string, string>; recipient: Record<string, string> };
    const cols = ['name', 'phone', 'province', 'city', 'district', 'address'];
    writeFileSync(
      csv,
      `order_key,carrier,${cols.map((c) => `sender_${c}`).join(',')},${cols.map((c) => `recipient_${c}`).join(',')},weight_kg,contents\n` +
        `C-1,SF,${cols.map((c) => p.sender[c]).join(',')},${cols.map((c) => p.recipient[c]).join(',')},2.5,茶叶\n`,
    );
    const b = await runCli(['waybill', 'issue', csv, '-t', tenant], env);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/C-1/);

    const out = join(dir, 'labels.pdf');
    const printed = await runCli(['waybill', 'print', ...issued.map((w) => w.waybillNo), '--format', 'pdf', '--out', out], env);
    expect(printed.code, printed.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('fails with a clear message naming the field of a bad parcel', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ parcels: [waybillParcel('X-1', 1, 'NOPE')] }));
    const res = await runCli(['waybill', 'issue', bad, '-t', tenant], env);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/\/parcels\/0\/carrier/);
    expect(res.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
