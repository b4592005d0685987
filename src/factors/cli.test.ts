import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { setDoc } from '../../test/support/factors.js';

const HEADER = 'slug,name,category,unit,ttw,wtt,wtw,gwp,region,year,mode,distance_basis,daf_included';
const CSV_FLAGS = ['--id', 'fleet-2025', '--set-version', '2025', '--publisher', 'Tea House', '--licence', 'Proprietary'];

// Each case spawns the CLI several times; a busy machine makes each spawn slow.
describe(`greenlink factors (${TEST_DIALECT})`, { timeout: 120_000 }, () => {
  let dir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'greenlink-factors-'));
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a built-in factor with its provenance', async () => {
    const json = await runCli(['factors', 'show', 'desnz-2026:hgv-refrigerated-articulated', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      values: { ttw: 0.09166, wtt: 0.02114, wtw: 0.1128 },
      licence: 'Open Government Licence v3.0',
    });
    const text = await runCli(['factors', 'show', 'mee-2023:cn-grid-national'], env);
    expect(text.stdout).toMatch(/wtw\s+0\.5306/);
    expect(text.stdout).toMatch(/licence\s+Public government data/);
    const missing = await runCli(['factors', 'show', 'desnz-2026:nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('factor desnz-2026:nope not found');
  });

  it('lists a set and searches text', async () => {
    const listed = await runCli(['factors', 'list', '--set', 'mee-2023'], env);
    expect(listed.stdout).toContain('mee-2023:cn-grid-southwest');
    const found = JSON.parse((await runCli(['factors', 'search', 'container', '--json'], env)).stdout) as { id: string }[];
    expect(found.map((f) => f.id)).toEqual(['desnz-2026:container-ship-average']);
  });

  it('loads a CSV set, refuses it a second time and replaces it on request', async () => {
    const csv = file(
      'fleet.csv',
      `${HEADER}\ntruck-40t,Own 40 t trucks,freight,kgCO2e/t.km,0.07,0.015,0.085,AR6,CN,2025,road,actual,true\n`,
    );
    const loaded = await runCli(['factors', 'load', csv, ...CSV_FLAGS], env);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).toBe('loaded factor set fleet-2025 2025: 1 factors (shared)\n');
    const again = await runCli(['factors', 'load', csv, ...CSV_FLAGS], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already loaded');
    const replaced = await runCli(['factors', 'load', csv, ...CSV_FLAGS, '--replace', '--json'], env);
    expect(JSON.parse(replaced.stdout)).toMatchObject({ id: 'fleet-2025', replaced: true, factorCount: 1 });
    const sets = JSON.parse((await runCli(['factors', 'sets', '--json'], env)).stdout) as { id: string }[];
    expect(sets.map((s) => s.id)).toContain('fleet-2025');
  });

  it('prints every bad row with its line number and exits non-zero, loading nothing', async () => {
    const csv = file(
      'bad.csv',
      [
        HEADER,
        'ok,Fine,freight,kgCO2e/t.km,0.07,0.015,0.085,AR6,CN,2025,road,actual,true',
        'comma,Comma,freight,kgCO2e/t.km,"0,07",0.015,0.085,AR6,CN,2025,road,actual,true',
        'sum,Bad sum,freight,kgCO2e/t.km,0.07,0.015,0.3,AR6,CN,2025,road,actual,true',
      ].join('\n'),
    );
    const res = await runCli(['factors', 'load', csv, ...CSV_FLAGS.map((f) => (f === 'fleet-2025' ? 'bad-2025' : f))], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('line 3: ttw: "0,07" is not a number (use a decimal point, not a comma)');
    expect(res.stderr).toContain('line 4: wtw: WTW 0.3 must equal TTW + WTT');
    expect(res.stderr).not.toContain('line 2');
    expect((await runCli(['factors', 'list', '--set', 'bad-2025', '--json'], env)).stdout.trim()).toBe('[]');
  });

  it('loads a JSON document and points at the line of broken JSON', async () => {
    const good = file('set.json', JSON.stringify(setDoc('json-set', ['van']), null, 2));
    const loaded = await runCli(['factors', 'load', good], env);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect((await runCli(['factors', 'show', 'json-set:van', '--json'], env)).stdout).toContain('"wtw": 0.1');

    const broken = file('broken.json', '{\n  "id": "x"\n  "name": "no comma before me"\n}\n');
    const res = await runCli(['factors', 'load', broken], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('line 3: malformed JSON');
    const flags = await runCli(['factors', 'load', good, '--licence', 'x'], env);
    expect(flags.stderr).toContain('for CSV files');
  });
});
