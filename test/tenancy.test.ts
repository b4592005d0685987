import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from './support/app.js';
import { TEST_DIALECT } from './support/db.js';

/**
 * Tenant isolation across every endpoint: merchant A must never read or change tenant B's
 * records (403/404, never data). The last test fails when a route is added without a case here.
 */
interface Ctx {
  t: TestApp;
  keyA: string;
  keyB: string;
  tenantA: string;
  tenantB: string;
  siteA: string;
  siteB: string;
}

type Case = (ctx: Ctx) => Promise<void>;

const siteBody = (tenantId: string, name = 'Warehouse') => ({
  tenantId,
  kind: 'warehouse',
  name,
  city: 'Hangzhou',
  province: 'Zhejiang',
  region: 'East',
  lat: 30.27,
  lon: 120.15,
});

const adminOnly =
  (method: 'GET' | 'POST' | 'DELETE', url: (c: Ctx) => string, payload?: (c: Ctx) => object): Case =>
  async (c) => {
    const res = await c.t.app.inject({ method, url: url(c), headers: bearer(c.keyA), payload: payload?.(c) });
    expect(res.statusCode).toBe(403);
  };

const CASES: Record<string, Case> = {
  'GET /v1/me': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/me', headers: bearer(c.keyA) });
    expect(res.json()).toMatchObject({ role: 'merchant', tenantId: c.tenantA });
  },
  'GET /v1/tenants': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/tenants', headers: bearer(c.keyA) });
    expect(res.json().items.map((x: { id: string }) => x.id)).toEqual([c.tenantA]);
  },
  'GET /v1/tenants/:id': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/tenants/${c.tenantB}`, headers: bearer(c.keyA) })).statusCode).toBe(404);
    expect((await c.t.app.inject({ url: `/v1/tenants/${c.tenantA}`, headers: bearer(c.keyA) })).statusCode).toBe(200);
  },
  'POST /v1/tenants': adminOnly(
    'POST',
    () => '/v1/tenants',
    () => ({ name: 'x', kind: 'merchant' }),
  ),
  'GET /v1/keys': adminOnly('GET', () => '/v1/keys'),
  'POST /v1/keys': adminOnly(
    'POST',
    () => '/v1/keys',
    (c) => ({ role: 'admin', tenantId: c.tenantA }),
  ),
  'DELETE /v1/keys/:id': adminOnly('DELETE', () => '/v1/keys/key_any'),
  'GET /v1/sites': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/sites', headers: bearer(c.keyA) });
    const items = res.json().items as { tenantId: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((s) => s.tenantId === c.tenantA)).toBe(true);
    const asked = await c.t.app.inject({ url: `/v1/sites?tenantId=${c.tenantB}`, headers: bearer(c.keyA) });
    expect(asked.json().items).toEqual([]);
  },
  'GET /v1/sites/summary': async (c) => {
    const res = await c.t.app.inject({ url: '/v1/sites/summary', headers: bearer(c.keyA) });
    expect(res.json()).toEqual({ warehouse: 1 });
  },
  'GET /v1/sites/:id': async (c) => {
    expect((await c.t.app.inject({ url: `/v1/sites/${c.siteB}`, headers: bearer(c.keyA) })).statusCode).toBe(404);
  },
  'POST /v1/sites': async (c) => {
    const res = await c.t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: bearer(c.keyA),
      payload: siteBody(c.tenantB, 'Intruder'),
    });
    expect(res.statusCode).toBe(403);
    const b = await c.t.app.inject({ url: '/v1/sites', headers: bearer(c.keyB) });
    expect(b.json().items.map((s: { name: string }) => s.name)).not.toContain('Intruder');
  },
  'PATCH /v1/sites/:id': async (c) => {
    const res = await c.t.app.inject({
      method: 'PATCH',
      url: `/v1/sites/${c.siteB}`,
      headers: bearer(c.keyA),
      payload: { name: 'Hijacked' },
    });
    expect(res.statusCode).toBe(404);
    const b = await c.t.app.inject({ url: `/v1/sites/${c.siteB}`, headers: bearer(c.keyB) });
    expect(b.json().name).toBe('B warehouse');
  },
  'DELETE /v1/sites/:id': async (c) => {
    const res = await c.t.app.inject({ method: 'DELETE', url: `/v1/sites/${c.siteB}`, headers: bearer(c.keyA) });
    expect(res.statusCode).toBe(404);
    expect((await c.t.app.inject({ url: `/v1/sites/${c.siteB}`, headers: bearer(c.keyB) })).statusCode).toBe(200);
  },
};

describe(`tenant isolation (${TEST_DIALECT})`, () => {
  const ctx = {} as Ctx;

  beforeAll(async () => {
    ctx.t = await createTestApp();
    ctx.tenantA = await ctx.t.tenant('Merchant A');
    ctx.tenantB = await ctx.t.tenant('Merchant B');
    ctx.keyA = await ctx.t.keyFor('merchant', ctx.tenantA);
    ctx.keyB = await ctx.t.keyFor('merchant', ctx.tenantB);
    const post = async (key: string, body: object) =>
      (await ctx.t.app.inject({ method: 'POST', url: '/v1/sites', headers: bearer(key), payload: body })).json().id as string;
    ctx.siteA = await post(ctx.keyA, siteBody(ctx.tenantA, 'A warehouse'));
    ctx.siteB = await post(ctx.keyB, siteBody(ctx.tenantB, 'B warehouse'));
  });
  afterAll(async () => ctx.t.close());

  for (const [route, check] of Object.entries(CASES)) {
    it(`${route}: merchant A cannot reach tenant B`, async () => check(ctx));
  }

  it('has a case for every authenticated route', () => {
    const routes = ctx.t.app.routeTable
      .filter((r) => !r.public && (r.url.startsWith('/v1/') || r.url.startsWith('/epcis')))
      .map((r) => `${r.method} ${r.url}`);
    const missing = routes.filter((r) => !(r in CASES));
    expect(missing, 'routes without a tenant-isolation case').toEqual([]);
  });
});
