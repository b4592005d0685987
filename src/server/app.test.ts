import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';

describe(`server (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let merchantKey: string;
  let analystKey: string;

  beforeAll(async () => {
    t = await createTestApp({ bodyLimitBytes: 4096 });
    const tenant = await t.tenant('Tea House');
    merchantKey = await t.keyFor('merchant', tenant);
    analystKey = await t.keyFor('analyst');
  });
  afterAll(async () => t.close());

  it('answers /healthz and /readyz without a key', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('publishes OpenAPI 3.1 with every /v1 route and serves the docs', async () => {
    const res = await t.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of t.app.routeTable.filter((r) => r.url.startsWith('/v1/'))) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths, `${route.method} ${route.url} missing in OpenAPI`).toHaveProperty([path]);
    }
    const docs = await t.app.inject({ url: '/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger-ui');
  });

  it('answers 401 problem+json without a key, with a malformed or revoked key', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }]) {
      const res = await t.app.inject({ url: '/v1/sites', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 401, code: 'unauthenticated', instance: '/v1/sites' });
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: bearer(t.adminKey),
      payload: { role: 'analyst' },
    });
    const { id, key } = created.json() as { id: string; key: string };
    expect((await t.app.inject({ url: '/v1/me', headers: bearer(key) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/keys/${id}`, headers: bearer(t.adminKey) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/v1/me', headers: bearer(key) })).statusCode).toBe(401);
  });

  it('answers 403 for a key of the wrong role', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: bearer(merchantKey),
      payload: { name: 'x', kind: 'merchant' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
    expect((await t.app.inject({ url: '/v1/keys', headers: bearer(analystKey) })).statusCode).toBe(403);
  });

  it('answers 400 naming the field for malformed JSON and schema violations', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: { ...bearer(t.adminKey), 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'validation', errors: [{ field: 'body' }] });

    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: bearer(t.adminKey),
      payload: { name: 'x', kind: 'pirate' },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors[0].field).toBe('body/kind');

    const missing = await t.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: bearer(t.adminKey),
      payload: { kind: 'merchant' },
    });
    expect(missing.json().errors[0].field).toBe('body/name');

    const extra = await t.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: bearer(t.adminKey),
      payload: { name: 'x', kind: 'merchant', colour: 'green' },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors[0].field).toBe('body/colour');

    const badQuery = await t.app.inject({ url: '/v1/sites?limit=0', headers: bearer(t.adminKey) });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().errors[0].field).toBe('querystring/limit');
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: bearer(t.adminKey),
      payload: { name: 'x'.repeat(10_000), kind: 'merchant' },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('answers 404 problem+json for unknown routes and records', async () => {
    const route = await t.app.inject({ url: '/v1/nothing-here', headers: bearer(t.adminKey) });
    expect(route.statusCode).toBe(404);
    expect(route.headers['content-type']).toContain('application/problem+json');
    const record = await t.app.inject({ url: '/v1/sites/site_missing', headers: bearer(t.adminKey) });
    expect(record.statusCode).toBe(404);
  });

  it('echoes a request id on every response', async () => {
    const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
    const other = await t.app.inject({ url: '/healthz' });
    expect(other.headers['x-request-id']).toMatch(/^req_/);
  });
});

describe('rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimitPerMinute: 5 });
  });
  afterAll(async () => t.close());

  it('limits each API key separately and answers 429 problem+json', async () => {
    const other = await t.keyFor('analyst');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.app.inject({ url: '/v1/me', headers: bearer(t.adminKey) })).statusCode);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await t.app.inject({ url: '/v1/me', headers: bearer(t.adminKey) });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.headers['retry-after']).toBeDefined();
    // another key still has its own budget
    expect((await t.app.inject({ url: '/v1/me', headers: bearer(other) })).statusCode).toBe(200);
    // health checks are never limited
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
