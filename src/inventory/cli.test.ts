import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';

// 2021: 10 000 L diesel x 2.66155 = 26 615.5 (S1), 400 000 t.km x 0.12715 = 50 860 (S3).
// 2025: 5 000 L diesel = 13 307.75 (S1); 100 000 kWh East grid x 0.55 = 55 000 (S2, both methods: no instrument).
const CSV = [
  'year,month,scope,category,quantity,unit,factor_id,site_id,region',
  '2021,3,1,mobile_combustion,10000,L,desnz-2026:diesel-mineral-per-litre,,',
  '2021,7,3,4,400000,t.km,desnz-2026:hgv-average,,',
  '2025,1,1,mobile_combustion,5000,L,desnz-2026:diesel-mineral-per-litre,depot,CN-East',
  '2025,6,2,electricity,100000,kWh,mee-2023:cn-grid-east,depot,CN-East',
  '',
].join('\n');

describe(`greenlink inventory and targets (${TEST_DIALECT})`, () => {
  let dir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'greenlink-inventory-'));
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
    expect((await runCli(['migrate'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a CSV (refusing a bad one with its line), prints the inventory and the targets', async () => {
    const created = await runCli(['tenants', 'create', '--name', 'Acme', '--kind', 'merchant', '--json'], env);
    const tenant = JSON.parse(created.stdout).id;
    const file = join(dir, 'activity.csv');
    writeFileSync(file, CSV.replace('2025,6,2,electricity,100000', '2025,6,2,electricity,lots'));
    const bad = await runCli(['inventory', 'import', file, '-t', tenant], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/line 5: quantity/);
    writeFileSync(file, CSV);
    expect((await runCli(['inventory', 'import', file, '-t', tenant], env)).stdout).toContain(
      'imported 4 lines (0 already imported)',
    );
    expect((await runCli(['inventory', 'import', file, '-t', tenant], env)).stdout).toContain(
      'imported 0 lines (4 already imported)',
    );

    const inv = JSON.parse((await runCli(['inventory', '--year', '2025', '--tenant', tenant, '--json'], env)).stdout);
    expect(inv.totals.scope1KgCo2e).toBeCloseTo(13_307.75, 6);
    expect(inv.totals.scope2LocationKgCo2e).toBeCloseTo(55_000, 6);
    expect(inv.totals.scope2MarketKgCo2e).toBeCloseTo(55_000, 6);
    const table = await runCli(['inventory', '--year', '2025'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Scope 2 \(location-based\)\s*│\s*55000\.000/);
    expect(table.stdout).toMatch(/Scope 2 \(market-based\)\s*│\s*55000\.000/);

    const targets = JSON.parse((await runCli(['targets', '--tenant', tenant, '--json'], env)).stdout);
    expect(targets.defaults).toBe(true);
    const half = targets.targets.find((p: { target: { id: string } }) => p.target.id === 'scope123-half-by-2030');
    expect(half.target.baseValue).toBeCloseTo(77_475.5, 6);
    expect(half.years.find((y: { year: number }) => y.year === 2025).pathway).toBeCloseTo((77_475.5 * 7) / 9, 6);
    const text = await runCli(['targets', '--tenant', tenant], env);
    expect(text.stdout).toContain('net-zero-2050');
  }, 90_000);
});
