import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../test/support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { smallVroomProblem } from '../../test/support/routing.js';

const SOLOMON = resolve(ROOT, '../shared/benchmarks/vrp/solomon/R101.txt');

describe(`greenlink route (${TEST_DIALECT})`, () => {
  let dir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;
  let problemFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'greenlink-route-'));
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
    problemFile = join(dir, 'problem.json');
    writeFileSync(problemFile, JSON.stringify(smallVroomProblem()));
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('optimises a VROOM problem and writes the VROOM-format plan and GeoJSON', async () => {
    const out = join(dir, 'plan.json');
    const geo = join(dir, 'plan.geojson');
    const res = await runCli(['route', problemFile, '--iterations', '400', '--out', out, '--geojson', geo], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/saving kg CO2e/);
    const plan = JSON.parse(readFileSync(out, 'utf8'));
    expect(plan.code).toBe(0);
    expect(plan.summary.unassigned).toBe(0);
    const jobs = plan.routes.flatMap((r: { steps: Array<{ type: string }> }) => r.steps.filter((s) => s.type === 'job'));
    expect(jobs).toHaveLength(10);
    expect(JSON.parse(readFileSync(geo, 'utf8')).type).toBe('FeatureCollection');
  });

  it('gives the same plan for the same seed and iteration count', async () => {
    const run = async () =>
      JSON.parse((await runCli(['route', problemFile, '--iterations', '300', '--seed', '7', '--json'], env)).stdout);
    const [a, b] = [await run(), await run()];
    expect(a.routes.map((r: { stops: unknown[] }) => r.stops)).toEqual(b.routes.map((r: { stops: unknown[] }) => r.stops));
  });

  it.skipIf(!existsSync(SOLOMON))('reads a Solomon instance', async () => {
    const res = await runCli(['route', SOLOMON, '--iterations', '300', '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    const solution = JSON.parse(res.stdout);
    expect(solution.totals.assignedJobs).toBe(100);
    expect(solution.objective).toBe('distance');
  });

  it('saves a plan for a tenant and lists it', async () => {
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const created = await runCli(['tenants', 'create', '--name', 'Hub Co', '--kind', 'operator', '--json'], env);
    expect(created.code, created.stderr).toBe(0);
    const tenantId = JSON.parse(created.stdout).id as string;
    const saved = await runCli(['route', problemFile, '--iterations', '200', '--save', 'Morning run', '-t', tenantId], env);
    expect(saved.code, saved.stderr).toBe(0);
    const list = await runCli(['routing-plans', '--json'], env);
    const plans = JSON.parse(list.stdout);
    expect(plans[0]).toMatchObject({ name: 'Morning run', tenantId, status: 'done', unassigned: 0 });
  });

  it('fails with one clear line on a file it cannot read', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'hello\n');
    const res = await runCli(['route', bad], env);
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/not a VROOM JSON, CVRPLIB, E-VRPTW or Solomon file/);
  });
});
