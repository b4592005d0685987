import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { buildProgram } from '../cli/main.js';

// One June day at a Hangzhou roof: 10 kWp, the meter reads 0.8 x kWp x a POA profile (PR 0.8 by construction).
const POA = [0, 0, 0, 0, 0, 50, 150, 300, 450, 600, 750, 850, 900, 850, 750, 600, 450, 300, 150, 10, 0, 0, 0, 0];
const kwh = (h: number) => (0.008 * (POA[h] as number)).toFixed(3);
const time = (h: number) => `2026-06-01T${String(h).padStart(2, '0')}:00:00+08:00`;

describe(`greenlink solar (${TEST_DIALECT})`, () => {
  let dir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'greenlink-solar-'));
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
    expect((await runCli(['migrate'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a park and a system, imports readings (refusing a bad file with its line) and reports on them', async () => {
    const tenant = JSON.parse(
      (await runCli(['tenants', 'create', '--name', 'Operator', '--kind', 'operator', '--json'], env)).stdout,
    ).id;
    const site = ['--name', 'Hangzhou PV', '--city', 'Hangzhou', '--province', 'Zhejiang', '--region', 'East', '--lon', '120.15'];
    const badPark = await runCli(['solar', 'parks', 'create', '-t', tenant, ...site, '--lat', '95'], env);
    expect(badPark.code).not.toBe(0);
    expect(badPark.stderr).toMatch(/lat: a latitude, -90 to 90/);
    const created = await runCli(
      ['solar', 'parks', 'create', '-t', tenant, ...site, '--lat', '30.27', '--elevation', '10', '--json'],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const park = JSON.parse(created.stdout).id;
    const system = await runCli(
      ['solar', 'systems', 'add', '--park', park, '--id', 'S1', '--name', 'Roof A', '--kwp', '10', '--tilt', '20'],
      env,
    );
    expect(system.stdout).toContain(`added PV system S1 (10 kWp) to park ${park}`);

    const file = join(dir, 'meter.csv');
    const rows = Array.from({ length: 24 }, (_, h) => `${time(h)},S1,${kwh(h)}`);
    writeFileSync(file, `time,system_id,ac_kwh\n${rows[0]}\n${time(1)},S1,-1\n${rows.slice(2).join('\n')}\n`);
    const bad = await runCli(['solar', 'import', file], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/line 3: ac_kwh negative energy/);
    expect(bad.stderr).toMatch(/nothing was imported/);
    writeFileSync(file, `time,system_id,ac_kwh\n${rows.join('\n')}\n`);
    const good = await runCli(['solar', 'import', file, '--park', park], env);
    expect(good.stdout).toBe('meter readings: 24 inserted, 0 unchanged, 0 replaced (24 rows)\n');
    const again = await runCli(['solar', 'import', file, '--json'], env);
    expect(JSON.parse(again.stdout)).toEqual({ kind: 'meter', rows: 24, inserted: 0, unchanged: 24, replaced: 0 });
    const sensor = join(dir, 'sensor.csv');
    writeFileSync(sensor, `time,poa_wm2,air_temp_c\n${POA.map((g, h) => `${time(h)},${g},25`).join('\n')}\n`);
    const sensorImport = await runCli(
      ['solar', 'import', sensor, '--park', park, '--kind', 'sensor', '--step', '60', '--label', 'left'],
      env,
    );
    expect(sensorImport.stdout).toContain('sensor readings: 24 inserted');

    const period = ['--park', park, '--from', '2026-06-01', '--to', '2026-06-02'];
    const expected = JSON.parse((await runCli(['solar', 'expected', ...period, '--json'], env)).stdout);
    expect(expected).toMatchObject({ parkId: park, poaSource: 'sensor', installedKwp: 10 });
    expect(expected.days).toHaveLength(1);
    expect(expected.totalKwh).toBeGreaterThan(40);
    const perf = JSON.parse((await runCli(['solar', 'performance', ...period, '--json'], env)).stdout);
    const day = perf.park[0];
    expect(day.measuredKwh).toBeCloseTo(0.008 * POA.reduce((s, g) => s + g, 0), 6);
    expect(day.pr).toBeCloseTo(0.8, 3);
    const alerts = JSON.parse((await runCli(['solar', 'alerts', ...period, '--json'], env)).stdout);
    expect(alerts.items).toEqual([]);
    const energy = JSON.parse((await runCli(['solar', 'energy', ...period, '--json'], env)).stdout);
    expect(energy.rows[0].generationKwh).toBeCloseTo(day.measuredKwh, 6);
    expect(energy.rows[0].factor.factorId).toBe('mee-2023:cn-grid-east');
  }, 180_000);

  it('mounts every solar command, position included', () => {
    const solar = buildProgram().commands.find((c) => c.name() === 'solar');
    expect(solar?.commands.map((c) => c.name()).sort()).toEqual(
      ['alerts', 'energy', 'expected', 'import', 'parks', 'performance', 'position', 'summary', 'systems'].sort(),
    );
  });
});
