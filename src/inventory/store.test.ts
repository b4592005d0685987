import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { createTenant } from '../auth/index.js';
import { builtInResolver } from '../factors/index.js';
import { activityLine } from './activity.js';
import { recalculateBaseYear } from './baseyear.js';
import { scopeTotals } from './inventory.js';
import type { ActivityLine } from './model.js';
import { computeScope2 } from './scope2.js';
import {
  contentKeys,
  deleteLinesByPrefix,
  insertLines,
  insertRecalculation,
  listLines,
  listRecalculations,
  listTargets,
  putTargets,
} from './store.js';
import { defaultTargets } from './targets.js';

describe(`inventory store (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let tenant: string;
  let lines: ActivityLine[];

  beforeAll(async () => {
    db = await createTestDb();
    tenant = (await createTenant(db, { name: 'Store Co', kind: 'merchant' })).id;
    const hgv = activityLine(
      {
        tenantId: tenant,
        year: 2021,
        month: 4,
        scope: 3,
        category: 4,
        activity: { quantity: 1000, unit: 'tkm' },
        factor: { id: 'desnz-2026:hgv-average' },
        source: 'footprint',
        note: 'subcontracted',
      },
      builtInResolver,
    );
    const grid = computeScope2(
      [
        {
          tenantId: tenant,
          siteId: 'depot',
          region: 'CN-East',
          year: 2021,
          month: 6,
          consumptionKwh: 1000,
          solarGenerationKwh: 300,
          solarExportKwh: 100,
          supplier: { name: 'Green Co', kwh: 200, kgCo2ePerKwh: 0.1 },
        },
      ],
      [],
      builtInResolver,
    ).lines;
    lines = [hgv, ...grid];
  });
  afterAll(async () => db.close());

  it('stores lines with their factors and Scope 2 parts, and reads them back unchanged', async () => {
    const keys = contentKeys('t', [1, 2]);
    const res = await insertLines(
      db.kysely,
      lines.map((line, i) => ({ line, key: keys[i] as string })),
    );
    expect(res).toEqual({ inserted: 2, duplicates: 0 });
    const back = await listLines(db.kysely, { tenantId: tenant, year: 2021 });
    expect(back).toEqual(lines);
    expect(back[0]?.category).toBe(4);
  });

  it('counts a line with a stored key once, and identical rows of one batch apart', async () => {
    expect(contentKeys('csv', ['a', 'a', 'b'])).toEqual([
      expect.stringMatching(/^csv:[0-9a-f]{32}$/),
      expect.stringMatching(/^csv:[0-9a-f]{32}#2$/),
      expect.stringMatching(/^csv:[0-9a-f]{32}$/),
    ]);
    const keys = contentKeys('t', [1, 2]);
    const again = await insertLines(
      db.kysely,
      lines.map((line, i) => ({ line: { ...line, id: `${line.id}-x` }, key: keys[i] as string })),
    );
    expect(again).toEqual({ inserted: 0, duplicates: 2 });
    expect(await deleteLinesByPrefix(db.kysely, tenant, 2021, 'none:')).toBe(0);
    expect(await listLines(db.kysely, { tenantId: tenant, keyPrefix: 't:' })).toHaveLength(2);
  });

  it('keeps targets by owner and the recalculation log in order', async () => {
    const targets = defaultTargets(scopeTotals(10, 20, 15, 30));
    await putTargets(db.kysely, tenant, targets);
    await putTargets(db.kysely, tenant, [{ ...targets[0]!, reductionPct: 90 }]);
    const stored = await listTargets(db.kysely, tenant);
    expect(stored.map((t) => t.id).sort()).toEqual(targets.map((t) => t.id).sort());
    expect(stored.find((t) => t.id === targets[0]!.id)?.reductionPct).toBe(90);
    expect(await listTargets(db.kysely, '*')).toEqual([]);

    const { record } = recalculateBaseYear(lines, builtInResolver, { at: '2026-01-01T00:00:00.000Z' });
    await insertRecalculation(db.kysely, tenant, record, false);
    await insertRecalculation(db.kysely, tenant, { ...record, changePct: Number.POSITIVE_INFINITY, significant: true }, true);
    const log = await listRecalculations(db.kysely, tenant);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ applied: false, changePct: 0, significant: false, baseYear: 2021 });
    expect(log[1]).toMatchObject({ applied: true, changePct: Number.POSITIVE_INFINITY, significant: true });
  });
});
