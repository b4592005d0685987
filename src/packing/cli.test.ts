import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { childDatabaseUrl, createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { CHINA_POST_BOXES } from './candidates.js';

const CSV = [
  'order_id,warehouse_id,recipient_name,recipient_phone,address,ship_by,item_id,length_mm,width_mm,height_mm,weight_g,quantity',
  'O1,W1,王小明,13800138000,浙江省杭州市西湖区文三路90号,2026-03-01T09:00:00+08:00,tin,90,90,160,330,1',
  'O2,W1,王小明,138 0013 8000,浙江省 杭州市 西湖区 文三路９０号,2026-03-01T10:00:00+08:00,tin,90,90,160,330,1',
  'O3,W1,李四,13900139000,浙江省杭州市西湖区文二路1号,2026-03-01T10:00:00+08:00,cups,200,150,80,540,1',
].join('\n');

describe(`greenlink pack, boxes, consolidate (${TEST_DIALECT})`, () => {
  let dir: string;
  let db: TestDb | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'greenlink-pack-'));
    if (TEST_DIALECT === 'postgres') db = await createTestDb({ migrate: false });
    env = { GREENLINK_DATA_DIR: dir, DATABASE_URL: db ? childDatabaseUrl(db) : '' };
    writeFileSync(join(dir, 'orders.csv'), CSV);
    writeFileSync(
      join(dir, 'order.json'),
      JSON.stringify({
        items: [{ id: 'tin', lengthMm: 90, widthMm: 90, heightMm: 160, weightG: 330, quantity: 2 }],
        boxes: CHINA_POST_BOXES.filter((b) => ['cp-05', 'cp-09'].includes(b.id)),
      }),
    );
    expect((await runCli(['demo', 'load'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('packs an order, as a table, JSON and SVG', async () => {
    const table = await runCli(['pack', join(dir, 'order.json'), '--svg', join(dir, 'p.svg')], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/cp-0[59]/);
    expect(readFileSync(join(dir, 'p.svg'), 'utf8')).toMatch(/^<svg/);
    const json = JSON.parse((await runCli(['pack', join(dir, 'order.json'), '--json'], env)).stdout);
    expect(json.parcels.reduce((n: number, p: { placements: unknown[] }) => n + p.placements.length, 0)).toBe(2);
  });

  it('lists the demo catalog and consolidates the CSV orders of one recipient', async () => {
    const list = JSON.parse((await runCli(['boxes', 'list', '--json'], env)).stdout);
    expect(list.map((b: { id: string }) => b.id)).toEqual(['cp-02', 'cp-04', 'cp-06', 'cp-08', 'cp-10']);
    const report = JSON.parse((await runCli(['consolidate', join(dir, 'orders.csv'), '--json'], env)).stdout);
    const merged = report.groups.filter((g: { orderIds: string[] }) => g.orderIds.length > 1);
    expect(merged.map((g: { orderIds: string[] }) => g.orderIds)).toEqual([['O1', 'O2']]);
  });

  it('designs a box range against the current catalog', async () => {
    const res = await runCli(['boxes', 'design', join(dir, 'orders.csv'), '--k', '2', '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    const r = JSON.parse(res.stdout);
    expect(r.boxes).toHaveLength(2);
    expect(r.totals.boardKg).toBeLessThanOrEqual(r.current.boardKg + 1e-9);
  });

  it('names the line of a bad CSV row', async () => {
    writeFileSync(join(dir, 'bad.csv'), `${CSV}\nO4,W1,张三,13700137000,北京市朝阳区1号,not-a-time,x,1,1,1,1,1`);
    const res = await runCli(['consolidate', join(dir, 'bad.csv')], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('line 5');
  });
});
