import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';

describe(`greenlink stations and recycling (${TEST_DIALECT})`, () => {
  let dir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'greenlink-recycling-'));
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
    expect((await runCli(['migrate'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports stations from CSV (refusing a bad file with its line) and prints the metrics', async () => {
    const created = await runCli(['tenants', 'create', '--name', 'Stations', '--kind', 'station_operator', '--json'], env);
    const tenant = JSON.parse(created.stdout).id;
    const file = join(dir, 'stations.csv');
    writeFileSync(
      file,
      'id,name,city,province,lat,lon\nNJ-1,Xinjiekou,Nanjing,Jiangsu,32.04,118.78\nNJ-2,Gulou,Nanjing,Jiangsu,32.06,east\n',
    );
    const badFile = await runCli(['stations', 'import', file, '-t', tenant], env);
    expect(badFile.code).not.toBe(0);
    expect(badFile.stderr).toMatch(/line 3: lon/);
    writeFileSync(
      file,
      'id,name,city,province,lat,lon\nNJ-1,Xinjiekou,Nanjing,Jiangsu,32.04,118.78\nNJ-2,Gulou,Nanjing,Jiangsu,32.06,118.77\n',
    );
    const good = await runCli(['stations', 'import', file, '-t', tenant], env);
    expect(good.stdout).toContain('imported 2 stations');
    const list = JSON.parse((await runCli(['stations', 'list', '--city', 'Nanjing', '--json'], env)).stdout);
    expect(list.map((s: { id: string }) => s.id)).toEqual(['NJ-1', 'NJ-2']);
    const metrics = JSON.parse((await runCli(['recycling', 'metrics', '--json'], env)).stdout);
    expect(metrics.totals).toMatchObject({ collected: 0, reused: 0, stations: 0 });
    const expiry = await runCli(['points', 'expire', '-t', tenant, '--as-of', '2030-01-01', '--months', '12'], env);
    expect(expiry.stdout).toContain('expired 0 points of 0 consumers (earned before 2029-01-01)');
    const bad = await runCli(['points', 'expire', '-t', tenant, '--months', '0'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/validityMonths/);
  }, 60_000);
});
