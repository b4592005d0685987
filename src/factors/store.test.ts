import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { setDoc } from '../../test/support/factors.js';
import { createTenant } from '../auth/index.js';
import { AppError, type Scope, SYSTEM_SCOPE } from '../core/index.js';
import {
  BUILT_IN_FACTORS,
  deleteFactorSet,
  type Factor,
  getFactor,
  getFactorSet,
  listFactorSets,
  listFactors,
  loadFactorSet,
  loadResolver,
  parseFactorSetDocument,
} from './index.js';

const set = (id: string, slugs: string[], version = '1') => parseFactorSetDocument(setDoc(id, slugs, version));

/** Fails the nth INSERT into `factors`, as a full disk or a dropped connection would, mid-load. */
class FailNthFactorInsert implements KyselyPlugin {
  private seen = 0;
  constructor(private readonly n: number) {}
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'factors' && ++this.seen === this.n) {
      throw new Error('simulated failure while inserting factors');
    }
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'ok';
}

describe(`factor store (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let a: Scope;
  let b: Scope;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    db = await createTestDb();
    tenantA = (await createTenant(db, { name: 'A', kind: 'merchant' })).id;
    tenantB = (await createTenant(db, { name: 'B', kind: 'merchant' })).id;
    a = { role: 'merchant', tenantId: tenantA, keyId: 'key_a' };
    b = { role: 'merchant', tenantId: tenantB, keyId: 'key_b' };
    await loadFactorSet(db, a, set('acme', ['truck-40t', 'truck-12t']));
    await loadFactorSet(db, SYSTEM_SCOPE, set('shared-road', ['van']));
  });
  afterAll(async () => db.close());

  it("shows a tenant its own sets, the shared sets and the built-ins, and no other tenant's", async () => {
    expect((await getFactor(db, a, 'acme:truck-40t')).values).toEqual({ ttw: 0.08, wtt: 0.02, wtw: 0.1 });
    expect(await codeOf(getFactor(db, b, 'acme:truck-40t'))).toBe('not_found');
    expect((await getFactor(db, b, 'shared-road:van')).setId).toBe('shared-road');
    expect((await getFactor(db, b, 'desnz-2026:hgv-average')).values.wtw).toBe(0.12715);
    // A key bound to no tenant sees shared sets unless it picks a tenant's view.
    expect(await codeOf(getFactor(db, SYSTEM_SCOPE, 'acme:truck-40t'))).toBe('not_found');
    expect((await getFactor(db, SYSTEM_SCOPE, 'acme:truck-40t', { tenantId: tenantA })).id).toBe('acme:truck-40t');
    expect(await codeOf(getFactor(db, b, 'acme:truck-40t', { tenantId: tenantA }))).toBe('forbidden');
  });

  it('round-trips every field of a factor', async () => {
    const loaded = await getFactorSet(db, a, 'acme');
    expect(loaded.factors).toEqual(set('acme', ['truck-40t', 'truck-12t']).factors.sort((x, y) => (x.id < y.id ? -1 : 1)));
    expect(loaded).toMatchObject({ id: 'acme', builtIn: false, tenantId: tenantA, version: '1' });
  });

  it('pages built-in and loaded factors together without gaps or repeats', async () => {
    const seen: Factor[] = [];
    let cursor: string | undefined;
    do {
      const page = await listFactors(db, a, { limit: 7, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const ids = seen.map((f) => f.id);
    expect(ids.length).toBe(BUILT_IN_FACTORS.length + 3);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids).toContain('acme:truck-12t');
  });

  it('filters by set, category, mode and region, and searches text case-insensitively', async () => {
    const ids = async (filter: Parameters<typeof listFactors>[2]) => (await listFactors(db, a, filter)).items.map((f) => f.id);
    expect(await ids({ setId: 'acme' })).toEqual(['acme:truck-12t', 'acme:truck-40t']);
    expect(await ids({ q: 'TRUCK-40' })).toEqual(['acme:truck-40t']);
    expect(await ids({ q: 'hgv, refrigerated', mode: 'road' })).toEqual([
      'desnz-2026:hgv-refrigerated-articulated',
      'desnz-2026:hgv-refrigerated-average',
    ]);
    expect(await ids({ category: 'electricity', region: 'CN-East' })).toEqual(['mee-2023:cn-grid-east']);
    // LIKE wildcards in the text are literal characters.
    const percent = (await listFactors(db, a, { q: '%', limit: 500 })).items;
    expect(percent.length).toBeGreaterThan(0);
    expect(percent.every((f) => `${f.id} ${f.name} ${f.notes}`.includes('%'))).toBe(true);
    expect(await ids({ q: 'truck_' })).toEqual([]);
  });

  it('lists sets of the view with their factor counts', async () => {
    const sets = (await listFactorSets(db, a)).items;
    expect(sets.map((s) => s.id)).toEqual(['acme', 'desnz-2026', 'fefco-2021', 'mee-2022', 'mee-2023', 'shared-road']);
    expect(sets.find((s) => s.id === 'acme')).toMatchObject({ factorCount: 2, builtIn: false, tenantId: tenantA });
    expect(sets.find((s) => s.id === 'shared-road')?.tenantId).toBeNull();
    expect((await listFactorSets(db, b)).items.map((s) => s.id)).not.toContain('acme');
  });

  it('refuses a set id loaded before (409) unless asked to replace it', async () => {
    expect(await codeOf(loadFactorSet(db, a, set('acme', ['other'])))).toBe('conflict');
    expect(await codeOf(loadFactorSet(db, a, set('acme', ['other'], '2')))).toBe('conflict');
    const replaced = await loadFactorSet(db, a, set('acme', ['truck-40t', 'truck-12t'], '2'), { replace: true });
    expect(replaced).toMatchObject({ replaced: true, version: '2', factorCount: 2 });
    expect((await getFactorSet(db, a, 'acme')).version).toBe('2');
  });

  it('refuses built-in set ids and ids that would clash between shared and tenant sets', async () => {
    expect(await codeOf(loadFactorSet(db, a, set('desnz-2026', ['x'])))).toBe('conflict');
    expect(await codeOf(loadFactorSet(db, a, set('shared-road', ['x'])))).toBe('conflict');
    expect(await codeOf(loadFactorSet(db, SYSTEM_SCOPE, set('acme', ['x'])))).toBe('conflict');
    // Two tenants may use the same set id: they never share a view.
    expect((await loadFactorSet(db, b, set('acme', ['b-only']))).tenantId).toBe(tenantB);
    expect(await codeOf(getFactor(db, a, 'acme:b-only'))).toBe('not_found');
  });

  it('stores nothing when the load fails part-way, and keeps the set it was replacing', async () => {
    const big = set(
      'big',
      Array.from({ length: 1200 }, (_, i) => `f${i}`),
    );
    const failing = { ...db, kysely: db.kysely.withPlugin(new FailNthFactorInsert(2)) };
    await expect(loadFactorSet(failing, a, big)).rejects.toThrow(/simulated failure/);
    expect(await codeOf(getFactorSet(db, a, 'big'))).toBe('not_found');
    expect((await listFactors(db, a, { setId: 'big' })).items).toEqual([]);

    const failingAgain = { ...db, kysely: db.kysely.withPlugin(new FailNthFactorInsert(1)) };
    await expect(loadFactorSet(failingAgain, a, set('acme', ['new-one'], '3'), { replace: true })).rejects.toThrow(/simulated/);
    const kept = await getFactorSet(db, a, 'acme');
    expect(kept.version).toBe('2');
    expect(kept.factors.map((f) => f.id)).toEqual(['acme:truck-12t', 'acme:truck-40t']);

    // The same set loads in full once nothing fails (several insert chunks).
    expect((await loadFactorSet(db, a, big)).factorCount).toBe(1200);
    expect((await getFactorSet(db, a, 'big')).factors).toHaveLength(1200);
    await deleteFactorSet(db, a, 'big');
  });

  it('lets only writer roles load, and only admins share', async () => {
    const courier: Scope = { role: 'courier', tenantId: tenantA, keyId: 'key_c' };
    const analyst: Scope = { role: 'analyst', tenantId: null, keyId: 'key_an' };
    expect(await codeOf(loadFactorSet(db, courier, set('c', ['x'])))).toBe('forbidden');
    expect(await codeOf(loadFactorSet(db, analyst, set('c', ['x'])))).toBe('forbidden');
    expect(await codeOf(loadFactorSet(db, a, set('c', ['x']), { tenantId: tenantB }))).toBe('forbidden');
    expect(await codeOf(loadFactorSet(db, analyst, set('c', ['x']), { tenantId: 'ten_nope' }))).toBe('validation');
    expect((await loadFactorSet(db, analyst, set('c', ['x']), { tenantId: tenantB })).tenantId).toBe(tenantB);
  });

  it('gives engines a synchronous resolver over the view', async () => {
    const resolveA = await loadResolver(db, a);
    expect(resolveA('acme:truck-40t')?.values.wtw).toBe(0.1);
    expect(resolveA('shared-road:van')?.setId).toBe('shared-road');
    expect(resolveA('desnz-2026:container-ship-average')?.values.wtw).toBe(0.01977);
    expect(resolveA('acme:b-only')).toBeUndefined();
    const resolveB = await loadResolver(db, b);
    expect(resolveB('acme:b-only')?.id).toBe('acme:b-only');
    expect(resolveB('acme:truck-40t')).toBeUndefined();
  });

  it('removes a set only for its owner; shared sets need an admin; built-ins stay', async () => {
    expect(await codeOf(deleteFactorSet(db, b, 'c'))).toBe('ok'); // B's own set c (loaded by the analyst for B)
    expect(await codeOf(deleteFactorSet(db, b, 'shared-road'))).toBe('forbidden');
    expect(await codeOf(deleteFactorSet(db, b, 'desnz-2026'))).toBe('forbidden');
    expect(await codeOf(deleteFactorSet(db, SYSTEM_SCOPE, 'acme'))).toBe('not_found'); // not in the shared view
    await deleteFactorSet(db, SYSTEM_SCOPE, 'acme', { tenantId: tenantA });
    expect(await codeOf(getFactor(db, a, 'acme:truck-40t'))).toBe('not_found');
    expect((await getFactor(db, b, 'acme:b-only')).id).toBe('acme:b-only');
  });
});
