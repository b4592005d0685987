import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';

const HEADER = 'shipment_id,mass_kg,element,toc,hoc,distance_km,distance_type,origin_lat,origin_lon,dest_lat,dest_lon';

describe(`greenlink footprint (${TEST_DIALECT})`, () => {
  let dir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'greenlink-fp-'));
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
    writeFileSync(
      join(dir, 'request.json'),
      JSON.stringify({
        shipments: [
          {
            id: 'S1',
            massKg: 1200,
            chain: [{ type: 'leg', toc: 'desnz-2026:hgv-refrigerated-articulated', distanceKm: 250, distanceType: 'actual' }],
          },
        ],
      }),
    );
    writeFileSync(
      join(dir, 'batch.csv'),
      [
        HEADER,
        'A,1000,leg,desnz-2026:hgv-average,,100,actual,,,,',
        'B,1000,leg,desnz-2026:hgv-average,,-100,actual,,,,',
        'C,500,leg,desnz-2026:unknown,,100,actual,,,,',
        'D,2000,leg,desnz-2026:freight-train,,50,actual,,,,',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a table, JSON, iLEAP and an explanation for a JSON request', async () => {
    const table = await runCli(['footprint', join(dir, 'request.json')], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('S1');
    expect(table.stdout).toContain('33.84');

    const json = await runCli(['footprint', join(dir, 'request.json'), '--json'], env);
    expect(JSON.parse(json.stdout).shipments[0].co2eWtwKg).toBeCloseTo(33.84, 9);

    const out = join(dir, 'ileap.json');
    const ileap = await runCli(['footprint', join(dir, 'request.json'), '--format', 'ileap', '--out', out], env);
    expect(ileap.code, ileap.stderr).toBe(0);
    const docs = JSON.parse(readFileSync(out, 'utf8'));
    expect(docs[0].shipmentFootprint.tces[0].transportActivity).toBe('300');

    // the iLEAP file reads back in and recomputes to the same figure
    const back = await runCli(['footprint', out, '--json'], env);
    expect(JSON.parse(back.stdout).shipments[0].co2eWtwKg).toBeCloseTo(33.84, 9);

    const explained = await runCli(['footprint', join(dir, 'request.json'), '--explain'], env);
    expect(explained.stdout).toContain('desnz-2026:hgv-refrigerated-articulated');
  });

  it('computes the valid rows of a CSV and reports each bad line, exiting non-zero', async () => {
    const res = await runCli(['footprint', join(dir, 'batch.csv')], env);
    expect(res.code).toBe(1);
    const rows = res.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^shipment_id,/);
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['A', 'D']);
    expect(res.stderr).toMatch(/line 3: .*distance/);
    expect(res.stderr).toMatch(/line 4: .*toc/);
  });

  it('stops at the first bad row with --strict', async () => {
    const res = await runCli(['footprint', join(dir, 'batch.csv'), '--strict', '--out', join(dir, 'strict.csv')], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('line 3');
  });

  it('names the line of a broken JSON file', async () => {
    writeFileSync(join(dir, 'broken.json'), '{\n  "shipments": [\n    {"id": "x",,}\n  ]\n}');
    const res = await runCli(['footprint', join(dir, 'broken.json')], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('line 3');
  });
});
