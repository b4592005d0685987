/**
 * Browser tests of the dashboard: a real server on a real database loaded with the demo network,
 * driven with Debian's Chromium through playwright-core. Needs `npm run build:web` first.
 * Every page is opened and screenshotted into test-results/screenshots/.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/index.js';
import { loadConfig } from '../../src/core/index.js';
import { type Db, migrate, openDb } from '../../src/db/index.js';
import { loadDemo } from '../../src/demo/index.js';
import type { Site } from '../../src/network/index.js';
import { buildApp } from '../../src/server/app.js';
import type { App } from '../../src/server/http.js';
import type {
  BoxRangeResult,
  ConsolidationReport,
  FootprintSummary,
  PackBox,
  PackResult,
  PlanDetail,
  PlanSummary,
  PoolBoxPage,
  PoolKpis,
  PoolSeries,
  RecyclingMetrics,
  ReusableBoxDetail,
  ReusablesReport,
  ShipmentFootprintDetail,
  SolarAlerts,
  SolarPark,
  SolarParkDetail,
  SolarPerformance,
  SolarSummary,
  StationStock,
  StoredFootprint,
  StoredOrder,
  Waybill,
  WaybillSummary,
} from '../../web/src/api.js';
import { formatInt, formatQty, formatShare, gPerTkm } from '../../web/src/format.js';
import { smallVroomProblem } from '../support/routing.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WEB_DIR = resolve(ROOT, 'dist/web');
const SCREENSHOTS = resolve(ROOT, 'test-results/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const MERCHANT_TENANT = 'ten_merchant_teashop';
const SITE_KINDS = ['hub', 'warehouse', 'station', 'solar_park', 'depot'] as const;

/** Every page of the dashboard, as the navigation lists it. */
const PAGES = [
  { name: 'overview', path: '/', heading: 'Overview' },
  { name: 'network', path: '/network', heading: 'Network' },
  { name: 'footprint', path: '/footprint', heading: 'Footprint' },
  { name: 'packaging', path: '/packaging', heading: 'Packaging' },
  { name: 'waybills', path: '/waybills', heading: 'Waybills' },
  { name: 'transport', path: '/transport', heading: 'Routes' },
  { name: 'reusables', path: '/reusables', heading: 'Reusables' },
  { name: 'recycling', path: '/recycling', heading: 'Recycling' },
  { name: 'solar', path: '/solar', heading: 'Solar' },
  { name: 'targets', path: '/targets', heading: 'Targets', issue: 10 },
  { name: 'keys', path: '/keys', heading: 'API keys' },
] as const;

let tmp: string;
let db: Db;
let app: App;
let baseUrl: string;
let browser: Browser;
let adminKey: string;
let merchantKey: string;
const keyRing = { currentKeyId: 't1', keys: { t1: randomBytes(32) } };

beforeAll(async () => {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    throw new Error(`${WEB_DIR}/index.html is missing: run \`npm run build:web\` before the browser tests`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  tmp = mkdtempSync(join(tmpdir(), 'greenlink-e2e-'));
  db = await openDb({ sqlitePath: join(tmp, 'e2e.db') });
  await migrate(db);
  await loadDemo(db, { seed: 2021, keyRing });
  adminKey = (await createApiKey(db, { role: 'admin' })).key;
  merchantKey = (await createApiKey(db, { role: 'merchant', tenantId: MERCHANT_TENANT, name: 'tea house e2e' })).key;

  app = await buildApp({
    db,
    config: { ...loadConfig({}), webDir: WEB_DIR },
    keyRing,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  baseUrl = `http://127.0.0.1:${address.port}`;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// ---------- helpers ----------

async function apiGet<T>(key: string, url: string): Promise<{ status: number; body: T }> {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  return { status: res.statusCode, body: res.json() as T };
}

async function allSites(key: string, query = ''): Promise<Site[]> {
  const sites: Site[] = [];
  let cursor: string | null = null;
  do {
    const qs = new URLSearchParams(query);
    qs.set('limit', '500');
    if (cursor) qs.set('cursor', cursor);
    const { status, body } = await apiGet<{ items: Site[]; nextCursor: string | null }>(key, `/v1/sites?${qs}`);
    expect(status).toBe(200);
    sites.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return sites;
}

/** Browser messages that fail the test unless the test expects them (e.g. a refused key's 401). */
let consoleErrors: string[] = [];
let allowedErrors: RegExp[] = [];
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  // Reduced motion turns chart animations off, so screenshots show finished charts.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = `${msg.text()} (${msg.location().url})`;
    if (!allowedErrors.some((re) => re.test(text))) consoleErrors.push(`console: ${text}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
  return page;
}

afterEach(async () => {
  const errors = consoleErrors;
  consoleErrors = [];
  allowedErrors = [];
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  expect(errors, 'the browser reported errors').toEqual([]);
});

/** Waits until the page has no loading indicator left. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(`${baseUrl}/#/`);
  await page.getByTestId('api-key-input').fill(key);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('header-role').waitFor();
}

async function open(page: Page, path: string, heading: string): Promise<void> {
  await page.goto(`${baseUrl}/#${path}`);
  await expect.poll(() => page.locator('main h1').first().textContent()).toBe(heading);
  await settled(page);
}

async function expectHeading(page: Page, text: string): Promise<void> {
  await expect
    .poll(() =>
      page
        .locator('h1')
        .first()
        .textContent({ timeout: 5000 })
        .catch(() => null),
    )
    .toBe(text);
}

/** True when a chart's canvas has drawn pixels (ECharts draws nothing when its data or size is missing). */
async function chartInk(page: Page, testId: string): Promise<number> {
  await page.getByTestId(testId).locator('canvas').first().waitFor();
  return page.getByTestId(testId).evaluate((el) => {
    const canvas = el.querySelector('canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) ink++;
    return ink;
  });
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

// ---------- tests ----------

describe('dashboard', () => {
  it('sends visitors without a key to the sign-in page, whatever the route', async () => {
    const page = await newPage();
    for (const path of ['/#/', '/#/network', '/#/keys', '/network']) {
      await page.goto(`${baseUrl}${path}`);
      await expectHeading(page, 'Sign in');
      await expect.poll(() => page.getByTestId('header-role').count()).toBe(0);
    }
    await shot(page, 'sign-in');
  });

  it('shows the problem when the key is refused', async () => {
    allowedErrors = [/status of 401/];
    const page = await newPage();
    await page.goto(`${baseUrl}/#/`);
    await page.getByTestId('api-key-input').fill('glk_not-a-real-key');
    await page.getByTestId('sign-in').click();
    const alert = page.getByTestId('signin-error');
    await alert.waitFor();
    const { body } = await apiGet<{ title: string; detail: string }>('glk_not-a-real-key', '/v1/me');
    expect(await alert.textContent()).toContain(body.title);
    expect(await alert.textContent()).toContain(body.detail);
    expect(await page.evaluate(() => localStorage.getItem('greenlink.apiKey'))).toBeNull();
    await shot(page, 'sign-in-error');

    // An empty key is caught before any request.
    await page.getByTestId('api-key-input').fill('');
    await page.getByTestId('sign-in').click();
    await expect.poll(() => page.getByTestId('signin-error').textContent()).toContain('API key required');
  });

  it('signs in as admin and opens every page', async () => {
    const page = await newPage();
    await signIn(page, adminKey);
    expect(await page.getByTestId('header-role').textContent()).toBe('Admin');
    expect(await page.getByTestId('header-tenant').textContent()).toBe('All tenants');
    expect(await page.evaluate(() => localStorage.getItem('greenlink.apiKey'))).toBe(adminKey);

    for (const p of PAGES) {
      // Through the navigation, as a user would.
      await page.getByTestId(`nav-${p.name}`).click();
      await expect.poll(() => page.locator('main h1').first().textContent()).toBe(p.heading);
      await settled(page);
      expect(await page.getByTestId(`nav-${p.name}`).getAttribute('aria-current')).toBe('page');
      if ('issue' in p) {
        const note = await page.getByTestId('coming-soon').textContent();
        expect(note).toContain(`Coming with issue ${p.issue}`);
        expect(note).toContain('not built yet');
      }
      await expect.poll(() => page.locator('[role="alert"]').count(), { message: `no error shown on ${p.name}` }).toBe(0);
      await shot(page, p.name);
    }
  });

  it('shows the API summary on the overview', async () => {
    const { body: summary } = await apiGet<Record<string, number>>(adminKey, '/v1/sites/summary');
    const { body: tenants } = await apiGet<{ items: unknown[]; nextCursor: string | null }>(adminKey, '/v1/tenants?limit=500');
    expect(tenants.nextCursor).toBeNull();
    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/', 'Overview');
    for (const kind of SITE_KINDS) {
      const expected = summary[kind] ?? 0;
      expect(await page.getByTestId(`kpi-${kind}`).getAttribute('data-value'), kind).toBe(String(expected));
      expect((await page.getByTestId(`kpi-${kind}-value`).textContent())?.replace(/,/g, ''), kind).toBe(String(expected));
    }
    expect(await page.getByTestId('kpi-tenants').getAttribute('data-value')).toBe(String(tenants.items.length));
    expect(await page.getByTestId('tenant-item').count()).toBe(tenants.items.length);
    expect(await chartInk(page, 'chart-sites-by-kind')).toBeGreaterThan(1000);
  });

  it('lists every site on the network page, with working filters', async () => {
    const sites = await allSites(adminKey);
    expect(sites.length).toBeGreaterThan(50);
    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/network', 'Network');
    expect(await page.getByTestId('site-row').count()).toBe(sites.length);
    expect(await chartInk(page, 'chart-sites-map')).toBeGreaterThan(1000);

    await page.getByTestId('filter-kind').selectOption('hub');
    await expect.poll(() => page.getByTestId('site-row').count()).toBe(sites.filter((s) => s.kind === 'hub').length);
    await page.getByTestId('filter-kind').selectOption('');

    const hangzhou = await allSites(adminKey, 'city=Hangzhou');
    expect(hangzhou.length).toBeGreaterThan(1);
    await page.getByTestId('filter-city').selectOption('Hangzhou');
    await expect.poll(() => page.getByTestId('site-row').count()).toBe(hangzhou.length);
    expect(await page.getByTestId('site-count').textContent()).toContain(`Showing ${hangzhou.length} of ${sites.length} sites`);
    await shot(page, 'network-filtered');
  });

  it('shows a merchant only its own tenant', async () => {
    const mine = await allSites(merchantKey);
    const all = await allSites(adminKey);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(all.length);
    expect(mine.every((s) => s.tenantId === MERCHANT_TENANT)).toBe(true);

    const page = await newPage();
    await signIn(page, merchantKey);
    expect(await page.getByTestId('header-role').textContent()).toBe('Merchant');
    expect(await page.getByTestId('header-tenant').textContent()).toContain('West Lake Tea House');
    expect(await page.getByTestId('nav-keys').count()).toBe(0);

    const { body: summary } = await apiGet<Record<string, number>>(merchantKey, '/v1/sites/summary');
    await open(page, '/', 'Overview');
    for (const kind of SITE_KINDS) {
      expect(await page.getByTestId(`kpi-${kind}`).getAttribute('data-value'), kind).toBe(String(summary[kind] ?? 0));
    }
    await shot(page, 'overview-merchant');

    await open(page, '/network', 'Network');
    const rows = page.getByTestId('site-row');
    expect(await rows.count()).toBe(mine.length);
    for (const tenant of await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-tenant')))) {
      expect(tenant).toBe(MERCHANT_TENANT);
    }
    await shot(page, 'network-merchant');

    // The keys page is not offered, and a direct link explains why without calling the API.
    await open(page, '/keys', 'API keys');
    expect(await page.locator('main').textContent()).toContain('needs an admin API key');
  });

  it('creates and revokes API keys, showing field errors from the API', async () => {
    allowedErrors = [/status of 400/];
    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/keys', 'API keys');
    const { body: keys } = await apiGet<{ items: unknown[] }>(adminKey, '/v1/keys?limit=500');
    expect(await page.getByTestId('key-row').count()).toBe(keys.items.length);

    // A merchant key without a tenant: the server's problem names the field.
    await page.getByTestId('key-role').selectOption('merchant');
    await page.getByTestId('create-key').click();
    const problem = page.getByTestId('create-key-error');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('/tenantId');

    await page.getByTestId('key-role').selectOption('analyst');
    await page.getByTestId('key-name').fill('e2e analyst');
    await page.getByTestId('create-key').click();
    const secret = (await page.getByTestId('created-key-value').textContent()) ?? '';
    expect(secret).toMatch(/^glk_/);
    const me = await apiGet<{ role: string }>(secret, '/v1/me');
    expect(me).toMatchObject({ status: 200, body: { role: 'analyst' } });
    const row = page.getByTestId('key-row').filter({ hasText: 'e2e analyst' });
    await row.waitFor();
    await shot(page, 'keys-created');

    await row.getByTestId('revoke').click();
    await row.getByTestId('confirm-revoke').click();
    await expect.poll(() => row.getByTestId('key-status').textContent()).toBe('Revoked');
    expect((await apiGet(secret, '/v1/me')).status).toBe(401);
  });

  it('signs out, and drops a saved key that was revoked', async () => {
    allowedErrors = [/status of 401/];
    const page = await newPage();
    await signIn(page, adminKey);
    await page.getByTestId('sign-out').click();
    await expectHeading(page, 'Sign in');
    expect(await page.evaluate(() => localStorage.getItem('greenlink.apiKey'))).toBeNull();

    const doomed = await createApiKey(db, { role: 'analyst', name: 'doomed' });
    await signIn(page, doomed.key);
    expect(await page.getByTestId('header-role').textContent()).toBe('Analyst');
    await app.inject({ method: 'DELETE', url: `/v1/keys/${doomed.id}`, headers: { authorization: `Bearer ${adminKey}` } });
    await page.reload();
    await expectHeading(page, 'Sign in');
    expect(await page.getByTestId('signin-notice').textContent()).toContain('no longer valid');
    expect(await page.evaluate(() => localStorage.getItem('greenlink.apiKey'))).toBeNull();
  });
});

// ---------- footprint ----------

/** Rows per page of the footprint page's shipments table. */
const FOOTPRINT_PAGE = 25;

/** The number a formatted KPI shows, e.g. "10,830" → 10830, "8.3%" → 8.3. */
const shown = (text: string | null): number => Number((text ?? '').replace(/[,%\s]/g, ''));

async function expectFootprintKpis(page: Page, summary: FootprintSummary): Promise<void> {
  const kpis: [string, number, string][] = [
    ['shipments', summary.shipments, formatInt(summary.shipments)],
    ['tkm', summary.transportActivityTkm, formatQty(summary.transportActivityTkm)],
    ['wtw', summary.co2eWtwKg, formatQty(summary.co2eWtwKg)],
    ['ttw', summary.co2eTtwKg, formatQty(summary.co2eTtwKg)],
    ['wtt', summary.co2eWttKg, formatQty(summary.co2eWttKg)],
    ['intensity', summary.co2eIntensityWtwKgPerTkm, formatQty(gPerTkm(summary.co2eIntensityWtwKgPerTkm))],
    ['primary', summary.primaryDataShare, formatShare(summary.primaryDataShare)],
  ];
  for (const [id, raw, text] of kpis) {
    await expect.poll(() => page.getByTestId(`kpi-${id}`).getAttribute('data-value'), { message: id }).toBe(String(raw));
    expect(await page.getByTestId(`kpi-${id}-value`).textContent(), id).toBe(text);
  }
  // The formatting itself, checked against the raw figures rather than against the page's own formatter.
  expect(shown(await page.getByTestId('kpi-wtw-value').textContent())).toBeCloseTo(summary.co2eWtwKg, -1);
  expect(shown(await page.getByTestId('kpi-tkm-value').textContent())).toBeCloseTo(summary.transportActivityTkm, -1);
  expect(shown(await page.getByTestId('kpi-intensity-value').textContent())).toBeCloseTo(
    summary.co2eIntensityWtwKgPerTkm * 1000,
    0,
  );
  expect(shown(await page.getByTestId('kpi-primary-value').textContent())).toBeCloseTo(summary.primaryDataShare * 100, 1);
}

async function expectShipmentRows(page: Page, items: StoredFootprint[], offset = 0): Promise<void> {
  const rows = page.getByTestId('shipment-row');
  for (const [i, s] of items.entries()) {
    const row = rows.nth(offset + i);
    expect(await row.getAttribute('data-id')).toBe(s.id);
    expect(await row.getByTestId('shipment-open').textContent()).toBe(s.shipmentId);
    expect(await row.getByTestId('shipment-wtw').getAttribute('data-value')).toBe(String(s.co2eWtwKg));
    expect(await row.getByTestId('shipment-wtw').textContent()).toBe(formatQty(s.co2eWtwKg));
  }
}

/** Full-page screenshots are taken from the top, so the sticky header and sidebar stay in place. */
async function shotFromTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

describe('footprint page', () => {
  it('shows the API summary, the monthly chart and the first page of shipments', async () => {
    const { body: summary } = await apiGet<FootprintSummary>(adminKey, '/v1/shipments/summary');
    const { body: first } = await apiGet<{ items: StoredFootprint[]; nextCursor: string | null }>(
      adminKey,
      `/v1/shipments?limit=${FOOTPRINT_PAGE}`,
    );
    expect(summary.shipments).toBeGreaterThan(FOOTPRINT_PAGE * 2);
    expect(first.items).toHaveLength(FOOTPRINT_PAGE);
    expect(first.nextCursor).not.toBeNull();

    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/footprint', 'Footprint');
    expect(await page.getByTestId('nav-footprint').textContent()).not.toContain('soon');
    await expectFootprintKpis(page, summary);
    expect(await chartInk(page, 'chart-footprint-monthly')).toBeGreaterThan(1000);
    // Every tenant with shipments has its line.
    const { body: tenants } = await apiGet<{ items: { id: string }[] }>(adminKey, '/v1/tenants?limit=500');
    const shipping: string[] = [];
    for (const t of tenants.items) {
      const { body } = await apiGet<FootprintSummary>(adminKey, `/v1/shipments/summary?tenantId=${t.id}`);
      if (body.shipments > 0) shipping.push(t.id);
    }
    expect(shipping.length).toBeGreaterThan(1);
    const tenantLines = page.getByTestId('tenant-footprint');
    expect((await tenantLines.evaluateAll((els) => els.map((el) => el.getAttribute('data-tenant')))).sort()).toEqual(
      shipping.sort(),
    );

    const rows = page.getByTestId('shipment-row');
    expect(await rows.count()).toBe(first.items.length);
    await expectShipmentRows(page, first.items);
    expect(await page.getByTestId('shipment-list').textContent()).toContain(
      `Showing ${FOOTPRINT_PAGE} of ${formatInt(summary.shipments)} shipments`,
    );
    await shotFromTop(page, 'footprint-admin');

    // The next page is appended, in the API's order.
    const { body: second } = await apiGet<{ items: StoredFootprint[] }>(
      adminKey,
      `/v1/shipments?limit=${FOOTPRINT_PAGE}&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
    );
    await page.getByTestId('load-more').click();
    await expect.poll(() => rows.count()).toBe(first.items.length + second.items.length);
    await expectShipmentRows(page, second.items, first.items.length);
  });

  it('filters by tenant and by shipping date, as the API does', async () => {
    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/footprint', 'Footprint');

    const { body: beauty } = await apiGet<FootprintSummary>(adminKey, '/v1/shipments/summary?tenantId=ten_brand_beauty');
    expect(beauty.shipments).toBeGreaterThan(0);
    await page.getByTestId('filter-tenant').selectOption('ten_brand_beauty');
    await expectFootprintKpis(page, beauty);
    await settled(page);
    for (const tenant of await page
      .getByTestId('shipment-row')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-tenant')))) {
      expect(tenant).toBe('ten_brand_beauty');
    }
    await page.getByTestId('filter-tenant').selectOption('');

    const { body: all } = await apiGet<FootprintSummary>(adminKey, '/v1/shipments/summary');
    const month = all.byMonth[1]?.month ?? '';
    const from = `${month}-01`;
    const to = `${month}-28`;
    const { body: ranged } = await apiGet<FootprintSummary>(adminKey, `/v1/shipments/summary?from=${from}&to=${to}`);
    expect(ranged.shipments).toBeGreaterThan(0);
    expect(ranged.shipments).toBeLessThan(all.shipments);
    await page.getByTestId('filter-from').fill(from);
    await page.getByTestId('filter-to').fill(to);
    await expectFootprintKpis(page, ranged);
    await settled(page);
    const { body: rangedList } = await apiGet<{ items: StoredFootprint[] }>(
      adminKey,
      `/v1/shipments?limit=${FOOTPRINT_PAGE}&from=${from}&to=${to}`,
    );
    await expect.poll(() => page.getByTestId('shipment-row').count()).toBe(rangedList.items.length);
    await expectShipmentRows(page, rangedList.items);
    await shotFromTop(page, 'footprint-filtered');
  });

  it('opens a shipment: its chain, the emissions of each element, the calculation sheet and the iLEAP export', async () => {
    const { body: list } = await apiGet<{ items: StoredFootprint[] }>(adminKey, `/v1/shipments?limit=${FOOTPRINT_PAGE}`);
    const target = list.items[0]!;
    const { status, body: detail } = await apiGet<ShipmentFootprintDetail>(
      adminKey,
      `/v1/shipments/${target.id}/footprint?explain=true`,
    );
    expect(status).toBe(200);
    const elements = detail.result.elements;
    const steps = detail.explanation?.steps ?? [];
    expect(elements.length).toBeGreaterThan(1);
    expect(steps.length).toBeGreaterThan(elements.length);

    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/footprint', 'Footprint');
    await page.getByTestId('shipment-row').first().getByTestId('shipment-open').click();
    const panel = page.getByTestId('shipment-detail');
    await panel.waitFor();
    await settled(page);
    expect(await panel.locator('h2').textContent()).toBe(`Shipment ${target.shipmentId}`);
    expect(page.url()).toContain(`#/footprint?shipment=${target.id}`);

    // The chain, in order: legs and hubs.
    const chain = page.getByTestId('chain-element');
    expect(await chain.count()).toBe(elements.length);
    expect(await chain.evaluateAll((els) => els.map((el) => el.getAttribute('data-type')))).toEqual(elements.map((e) => e.type));

    // One row per element, with the API's WTW.
    const rows = page.getByTestId('element-row');
    expect(await rows.count()).toBe(elements.length);
    for (const [i, e] of elements.entries()) {
      const row = rows.nth(i);
      expect(await row.getAttribute('data-tce')).toBe(e.tceId);
      expect(await row.getByTestId('element-wtw').getAttribute('data-value'), e.tceId).toBe(String(e.co2eWtwKg));
      expect(await row.getByTestId('element-wtw').textContent(), e.tceId).toBe(formatQty(e.co2eWtwKg));
      if (e.factorId) expect(await row.getByTestId('element-factor').textContent()).toContain(e.factorId);
    }
    expect(await page.getByTestId('element-total-wtw').textContent()).toBe(formatQty(detail.result.co2eWtwKg));

    // The calculation sheet: every step, with its title and its ISO 14083 clause.
    const shownSteps = page.getByTestId('explanation-step');
    expect(await shownSteps.count()).toBe(steps.length);
    const titles = await page.getByTestId('explanation-step-title').allTextContents();
    expect(titles).toEqual(steps.map((s) => String(s.title)));
    const clauses = steps.filter((s) => s.clause).length;
    expect(clauses).toBeGreaterThan(0);
    expect(await page.getByTestId('explanation-step-clause').count()).toBe(clauses);
    await shotFromTop(page, 'footprint-detail');
    await page.getByTestId('chain').screenshot({ path: join(SCREENSHOTS, 'footprint-chain.png') });

    // The iLEAP export downloads what the API serves.
    const { status: ileapStatus, body: ileap } = await apiGet<{ shipmentId: string }>(
      adminKey,
      `/v1/shipments/${target.id}/ileap`,
    );
    expect(ileapStatus).toBe(200);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-ileap').click()]);
    expect(download.suggestedFilename()).toBe(`${target.shipmentId}.ileap.json`);
    expect(JSON.parse(readFileSync(await download.path(), 'utf8'))).toEqual(ileap);

    // The address opens the same shipment again; closing the panel drops it from the address.
    await page.reload();
    await page.getByTestId('shipment-detail').waitFor();
    await settled(page);
    expect(await page.getByTestId('element-row').count()).toBe(elements.length);
    await page.getByTestId('detail-close').click();
    await expect.poll(() => page.getByTestId('shipment-detail').count()).toBe(0);
    expect(page.url()).not.toContain('shipment=');
  });

  it('shows a merchant only its own shipments', async () => {
    const { body: mine } = await apiGet<FootprintSummary>(merchantKey, '/v1/shipments/summary');
    const { body: all } = await apiGet<FootprintSummary>(adminKey, '/v1/shipments/summary');
    expect(mine.shipments).toBeGreaterThan(0);
    expect(mine.shipments).toBeLessThan(all.shipments);
    const { body: first } = await apiGet<{ items: StoredFootprint[] }>(merchantKey, `/v1/shipments?limit=${FOOTPRINT_PAGE}`);

    const page = await newPage();
    await signIn(page, merchantKey);
    await open(page, '/footprint', 'Footprint');
    await expectFootprintKpis(page, mine);
    expect(await page.getByTestId('filter-tenant').count()).toBe(0);
    expect(await page.getByTestId('footprint-by-tenant').count()).toBe(0);
    expect(await page.getByTestId('footprint-average').count()).toBe(1);
    expect(await page.getByTestId('shipment-list').textContent()).toContain(`of ${formatInt(mine.shipments)} shipments`);
    const rows = page.getByTestId('shipment-row');
    expect(await rows.count()).toBe(first.items.length);
    await expectShipmentRows(page, first.items);
    for (const tenant of await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-tenant')))) {
      expect(tenant).toBe(MERCHANT_TENANT);
    }
    await shotFromTop(page, 'footprint-merchant');

    // Its own shipment opens; another tenant's does not exist for it.
    await rows.first().getByTestId('shipment-open').click();
    await page.getByTestId('shipment-detail').waitFor();
    await settled(page);
    expect(await page.getByTestId('element-row').count()).toBe(first.items[0]!.elementCount);
    const { body: others } = await apiGet<{ items: StoredFootprint[] }>(
      adminKey,
      '/v1/shipments?tenantId=ten_brand_beauty&limit=1',
    );
    expect((await apiGet(merchantKey, `/v1/shipments/${others.items[0]!.id}/footprint`)).status).toBe(404);
  });
});

// ---------- packaging ----------

async function apiPost<T>(key: string, url: string, payload: unknown): Promise<{ status: number; body: T }> {
  const res = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}` }, payload: payload as object });
  return { status: res.statusCode, body: res.json() as T };
}

describe('packaging page', () => {
  it('shows the catalog, the consolidation savings, packs an order and designs a box range, as the API does', async () => {
    const { body: boxes } = await apiGet<{ items: PackBox[] }>(merchantKey, '/v1/packing/boxes');
    expect(boxes.items.length).toBeGreaterThan(0);
    const { status: reportStatus, body: report } = await apiPost<ConsolidationReport>(
      merchantKey,
      '/v1/consolidation/report',
      {},
    );
    expect(reportStatus).toBe(200);
    const { body: orders } = await apiGet<{ items: StoredOrder[] }>(merchantKey, '/v1/consolidation/orders?limit=25');
    expect(orders.items.length).toBeGreaterThan(0);
    const first = orders.items[0]!;
    const { status: packStatus, body: packed } = await apiPost<PackResult>(merchantKey, '/v1/packing/pack', {
      items: first.items,
      svg: true,
    });
    expect(packStatus).toBe(200);
    expect(packed.parcels.length).toBeGreaterThan(0);

    const page = await newPage();
    await signIn(page, merchantKey);
    await open(page, '/packaging', 'Packaging');
    expect(await page.getByTestId('nav-packaging').textContent()).not.toContain('soon');
    expect(await page.getByTestId('coming-soon').count()).toBe(0);
    expect(await page.getByTestId('packaging-tenant').count()).toBe(0);

    // The catalog, in the API's order.
    const boxRows = page.getByTestId('box-row');
    expect(await boxRows.evaluateAll((els) => els.map((el) => el.getAttribute('data-id')))).toEqual(boxes.items.map((b) => b.id));

    // Consolidation: the KPIs are the report's avoided figures.
    for (const [id, value, text] of [
      ['parcels-avoided', report.avoided.parcels, formatInt(report.avoided.parcels)],
      ['board-avoided', report.avoided.boardKg, formatQty(report.avoided.boardKg)],
      ['co2e-avoided', report.avoided.co2eKg, formatQty(report.avoided.co2eKg)],
      ['labels-avoided', report.avoided.labels, formatInt(report.avoided.labels)],
    ] as const) {
      expect(await page.getByTestId(`kpi-${id}`).getAttribute('data-value')).toBe(String(value));
      expect(await page.getByTestId(`kpi-${id}-value`).textContent()).toBe(text);
    }
    const merged = report.groups.filter((g) => g.orderIds.length > 1);
    expect(await page.getByTestId('group-row').count()).toBe(merged.length);

    // Pack the first order: one drawing per boxed parcel, as many parcels as the API packs.
    expect(await page.getByTestId('order-select').inputValue()).toBe(first.id);
    await page.getByTestId('pack-run').click();
    await page.getByTestId('pack-result').waitFor();
    await settled(page);
    expect(await page.getByTestId('pack-result').getAttribute('data-parcels')).toBe(String(packed.totals.parcels));
    expect(await page.getByTestId('parcel').count()).toBe(packed.parcels.length);
    expect(await page.getByTestId('parcel').evaluateAll((els) => els.map((el) => el.getAttribute('data-box')))).toEqual(
      packed.parcels.map((p) => p.boxId ?? ''),
    );
    const svg = page.getByTestId('parcel-svg').first();
    expect(await svg.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await expect.poll(() => svg.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

    // Box range with three sizes: the saving is the API's for the same request.
    const { status: rangeStatus, body: range } = await apiPost<BoxRangeResult>(merchantKey, '/v1/packing/box-range', { k: 3 });
    expect(rangeStatus).toBe(200);
    await page.getByTestId('range-k').selectOption('3');
    await page.getByTestId('range-run').click();
    await page.getByTestId('range-result').waitFor({ timeout: 30_000 });
    await settled(page);
    expect(await page.getByTestId('kpi-range-saving').getAttribute('data-value')).toBe(String(range.savingBoardKg ?? 0));
    expect(await page.getByTestId('kpi-range-saving-value').textContent()).toBe(formatQty(range.savingBoardKg ?? 0));
    expect(await page.getByTestId('range-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-id')))).toEqual(
      range.boxes.map((b) => b.id),
    );
    await shotFromTop(page, 'packaging');
  });

  it('lets an admin pick the tenant, starting with the tea house', async () => {
    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/packaging', 'Packaging');
    expect(await page.getByTestId('packaging-tenant').inputValue()).toBe(MERCHANT_TENANT);
    const { body: report } = await apiPost<ConsolidationReport>(adminKey, '/v1/consolidation/report', {
      tenantId: MERCHANT_TENANT,
    });
    expect(await page.getByTestId('kpi-parcels-avoided').getAttribute('data-value')).toBe(String(report.avoided.parcels));
    await expect.poll(() => page.locator('[role="alert"]').count()).toBe(0);
  });
});

// ---------- routes ----------

describe('routes page', () => {
  it('shows the latest plan as the API does: tiles, routes over the stops, one row per route, unassigned jobs', async () => {
    const { status, body: plans } = await apiGet<{ items: PlanSummary[]; nextCursor: string | null }>(
      adminKey,
      '/v1/routing/plans?limit=50',
    );
    expect(status).toBe(200);
    expect(plans.items.length).toBeGreaterThan(0);
    const latest = plans.items[0]!;
    const { body: plan } = await apiGet<PlanDetail>(adminKey, `/v1/routing/plans/${latest.id}`);
    expect(plan.status).toBe('done');
    const solution = plan.solution!;
    expect(solution.routes.length).toBeGreaterThan(1);
    // The demo day runs a mixed fleet.
    const fuelOf = new Map(plan.fleet.map((v) => [v.id, v.fuel]));
    expect(new Set(solution.routes.map((r) => fuelOf.get(r.vehicleId))).size).toBeGreaterThan(1);

    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/transport', 'Routes');
    expect(await page.getByTestId('nav-transport').textContent()).toContain('Routes');
    expect(await page.getByTestId('nav-transport').textContent()).not.toContain('soon');
    expect(await page.getByTestId('coming-soon').count()).toBe(0);

    // The picker lists the plans, newest first, and starts on the latest.
    const select = page.getByTestId('plan-select');
    expect(await select.inputValue()).toBe(latest.id);
    expect(await select.locator('option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value))).toEqual(
      plans.items.map((p) => p.id),
    );

    // Tiles: the raw figure in data-value, the formatted one shown.
    const served = plan.jobs - plan.unassigned;
    const tiles: [string, number, string][] = [
      ['routes', plan.routes, formatInt(plan.routes)],
      ['served', served, formatInt(served)],
      ['unassigned', plan.unassigned, formatInt(plan.unassigned)],
      ['distance', plan.distanceKm, formatQty(plan.distanceKm)],
      ['co2e', plan.co2eKg, formatQty(plan.co2eKg)],
      ['ev-share', plan.evKmShare, formatShare(plan.evKmShare)],
    ];
    for (const [id, raw, text] of tiles) {
      expect(await page.getByTestId(`kpi-${id}`).getAttribute('data-value'), id).toBe(String(raw));
      expect(await page.getByTestId(`kpi-${id}-value`).textContent(), id).toBe(text);
    }
    expect(plan.routes).toBe(solution.routes.length);
    expect(served).toBe(solution.totals.assignedJobs);
    expect(shown(await page.getByTestId('kpi-distance-value').textContent())).toBeCloseTo(plan.distanceKm, 0);
    expect(shown(await page.getByTestId('kpi-co2e-value').textContent())).toBeCloseTo(plan.co2eKg, 0);

    // The saving against the baseline, in kg CO2e, km and per cent, with the baseline named.
    expect(plan.saving).not.toBeNull();
    const saving = plan.saving!;
    expect(await page.getByTestId('baseline-kind').textContent()).toBe(plan.baseline?.kind);
    expect(await page.getByTestId('kpi-saving-co2e').getAttribute('data-value')).toBe(String(saving.co2eKg));
    expect(await page.getByTestId('kpi-saving-co2e-value').textContent()).toBe(formatQty(saving.co2eKg));
    expect(await page.getByTestId('kpi-saving-co2e-share').textContent()).toBe(formatShare(saving.co2eShare));
    expect(await page.getByTestId('kpi-saving-km').getAttribute('data-value')).toBe(String(saving.distanceKm));
    expect(await page.getByTestId('kpi-saving-km-value').textContent()).toBe(formatQty(saving.distanceKm));
    expect(await page.getByTestId('kpi-saving-km-share').textContent()).toBe(formatShare(saving.distanceShare));
    expect(shown(await page.getByTestId('kpi-saving-co2e-share').textContent())).toBeCloseTo(saving.co2eShare * 100, 1);

    // One row per route, in the API's order, with its km and kg CO2e; the rows add up to the plan.
    const rows = page.getByTestId('route-row');
    expect(await rows.count()).toBe(solution.routes.length);
    let km = 0;
    for (const [i, r] of solution.routes.entries()) {
      const row = rows.nth(i);
      expect(await row.getAttribute('data-vehicle')).toBe(r.vehicleId);
      expect(await row.getAttribute('data-fuel')).toBe(fuelOf.get(r.vehicleId));
      expect(await row.getByTestId('route-km').textContent(), r.vehicleId).toBe(formatQty(r.distanceM / 1000));
      expect(await row.getByTestId('route-co2e').getAttribute('data-value'), r.vehicleId).toBe(String(r.co2eKg));
      expect(await row.getByTestId('route-co2e').textContent(), r.vehicleId).toBe(formatQty(r.co2eKg));
      expect(await row.getByTestId('route-stops').getAttribute('data-value')).toBe(
        String(r.stops.filter((s) => s.type === 'job').length),
      );
      const ev = fuelOf.get(r.vehicleId) === 'electric' || fuelOf.get(r.vehicleId) === 'unmanned';
      const range = (await row.getByTestId('route-range').textContent()) ?? '';
      if (ev && r.rangeUsedShare !== undefined) expect(range).toBe(formatShare(r.rangeUsedShare));
      else expect(range).toBe('—');
      km += r.distanceM / 1000;
    }
    expect(km).toBeCloseTo(plan.distanceKm, 6);
    expect(await page.getByTestId('route-total-km').textContent()).toBe(formatQty(plan.distanceKm));
    expect(await page.getByTestId('route-total-co2e').textContent()).toBe(formatQty(plan.co2eKg));

    // The unassigned jobs, with their reasons.
    const unassigned = page.getByTestId('unassigned-row');
    expect(await unassigned.count()).toBe(solution.unassigned.length);
    expect(
      await unassigned.evaluateAll((els) => els.map((el) => [el.getAttribute('data-job'), el.getAttribute('data-reason')])),
    ).toEqual(solution.unassigned.map((u) => [u.jobId, u.reason]));

    // The map: one line per route coloured by fuel, every job stop, the depot.
    const lines = page.getByTestId('route-line');
    expect(await lines.count()).toBe(solution.routes.length);
    for (const line of await lines.evaluateAll((els) =>
      els.map((el) => [el.getAttribute('data-vehicle'), el.getAttribute('data-fuel')]),
    )) {
      expect(line[1], `route ${line[0]}`).toBe(fuelOf.get(line[0] ?? ''));
    }
    const jobStops = solution.routes.flatMap((r) => r.stops.filter((s) => s.type === 'job'));
    const dots = page.getByTestId('map-stop');
    expect(await dots.count()).toBe(jobStops.length);
    const depots = new Set(solution.routes.flatMap((r) => r.stops.filter((s) => s.type === 'start' || s.type === 'end')));
    expect(await page.getByTestId('map-depot').count()).toBe(new Set([...depots].map((s) => s.location)).size);
    const chargers = new Set(solution.routes.flatMap((r) => r.stops.filter((s) => s.type === 'charge').map((s) => s.location)));
    expect(await page.getByTestId('map-charger').count()).toBe(chargers.size);
    expect((await page.getByTestId('legend-fuel').evaluateAll((els) => els.map((el) => el.dataset.fuel))).sort()).toEqual(
      [...new Set(solution.routes.map((r) => fuelOf.get(r.vehicleId)))].sort(),
    );

    // Stops are where their coordinates say: east is right, north is up, inside the drawing.
    const placed = await dots.evaluateAll((els) =>
      els.map((el) => ({
        location: Number(el.getAttribute('data-location')),
        x: Number(el.getAttribute('cx')),
        y: Number(el.getAttribute('cy')),
      })),
    );
    const viewBox = ((await page.getByTestId('route-map').getAttribute('viewBox')) ?? '').split(' ').map(Number);
    for (const p of placed) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(viewBox[2]!);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(viewBox[3]!);
    }
    const lonOf = (p: { location: number }) => plan.locations[p.location]?.lon ?? 0;
    const latOf = (p: { location: number }) => plan.locations[p.location]?.lat ?? 0;
    const east = placed.reduce((a, b) => (lonOf(b) > lonOf(a) ? b : a));
    const north = placed.reduce((a, b) => (latOf(b) > latOf(a) ? b : a));
    expect(Math.max(...placed.map((p) => p.x))).toBe(east.x);
    expect(Math.min(...placed.map((p) => p.y))).toBe(north.y);

    // Pointing at a stop names it; pointing at a route picks out its row.
    const first = jobStops[0]!;
    // Dispatched rather than hovered: near the depot another mark may lie over the stop.
    await dots.first().dispatchEvent('mouseover');
    await expect.poll(() => page.getByTestId('map-info').textContent()).toContain(`job ${first.id}`);
    const name = plan.locations[first.location]?.name;
    if (name) expect(await page.getByTestId('map-info').textContent()).toContain(name);
    await rows.nth(1).hover();
    await expect.poll(() => rows.nth(1).getAttribute('class')).toContain('row-selected');
    await expect.poll(() => page.locator('.rt-route.rt-dim').count()).toBe(solution.routes.length - 1);
    await page.mouse.move(0, 0);
    await shotFromTop(page, 'routes');
    await page.getByTestId('route-map-card').screenshot({ path: join(SCREENSHOTS, 'routes-map.png') });
  });

  it('shows a merchant only its own plans: none at first, then the one it solves', async () => {
    const { body: none } = await apiGet<{ items: PlanSummary[] }>(merchantKey, '/v1/routing/plans');
    expect(none.items.filter((p) => p.tenantId !== MERCHANT_TENANT)).toEqual([]);
    const page = await newPage();
    await signIn(page, merchantKey);
    if (none.items.length === 0) {
      await open(page, '/transport', 'Routes');
      expect(await page.getByTestId('plans-empty').textContent()).toContain('No route plans yet');
      expect(await page.getByTestId('plan-select').count()).toBe(0);
      await shotFromTop(page, 'routes-merchant-empty');
    }

    const { status, body: solved } = await apiPost<PlanDetail>(merchantKey, '/v1/routing/solve', {
      ...smallVroomProblem(),
      name: 'Tea house e2e round',
      options: { timeLimitS: 1, maxIterations: 200, seed: 3 },
    });
    expect(status).toBe(200);
    expect(solved.tenantId).toBe(MERCHANT_TENANT);
    const { body: mine } = await apiGet<{ items: PlanSummary[] }>(merchantKey, '/v1/routing/plans');
    const { body: all } = await apiGet<{ items: PlanSummary[] }>(adminKey, '/v1/routing/plans?limit=500');
    expect(mine.items.length).toBeLessThan(all.items.length);

    await open(page, '/transport', 'Routes');
    await page.reload();
    await expect.poll(() => page.getByTestId('plan-select').inputValue()).toBe(solved.id);
    await settled(page);
    expect(await page.getByTestId('plan-select').locator('option').count()).toBe(mine.items.length);
    expect(await page.getByTestId('kpi-distance').getAttribute('data-value')).toBe(String(solved.distanceKm));
    expect(await page.getByTestId('kpi-co2e-value').textContent()).toBe(formatQty(solved.co2eKg));
    expect(await page.getByTestId('route-row').count()).toBe(solved.solution?.routes.length);
    await shotFromTop(page, 'routes-merchant');

    // Another tenant's plan does not exist for the merchant.
    const operatorPlan = all.items.find((p) => p.tenantId !== MERCHANT_TENANT);
    if (operatorPlan) expect((await apiGet(merchantKey, `/v1/routing/plans/${operatorPlan.id}`)).status).toBe(404);
  });
});

// ---------- waybills ----------

/** Rows per page of the waybills table. */
const WAYBILL_PAGE = 50;

type WaybillPage = { items: Waybill[]; nextCursor: string | null };

async function expectWaybillKpis(page: Page, summary: WaybillSummary): Promise<void> {
  const p = summary.perLabel;
  const kpis: [string, number, string][] = [
    ['issued', summary.issued, formatInt(summary.issued)],
    ['voided', summary.voided, formatInt(summary.voided)],
    ['reprints', summary.reprints, formatInt(summary.reprints)],
    ['label-mass', p.labelKg, formatQty(p.labelKg * 1000)],
    ['baseline-mass', p.baselineKg, formatQty(p.baselineKg * 1000)],
    ['sheets-saved', summary.totals.sheetsSaved, formatInt(summary.totals.sheetsSaved)],
    ['paper-saved', summary.totals.paperSavedKg, formatQty(summary.totals.paperSavedKg)],
    ['co2e-saved', summary.totals.co2eSavedKg, formatQty(summary.totals.co2eSavedKg)],
  ];
  for (const [id, raw, text] of kpis) {
    await expect.poll(() => page.getByTestId(`kpi-${id}`).getAttribute('data-value'), { message: id }).toBe(String(raw));
    expect(await page.getByTestId(`kpi-${id}-value`).textContent(), id).toBe(text);
  }
  expect(await page.getByTestId('kpi-factor').textContent()).toBe(summary.totals.factorId);
  // The figures themselves, checked against the raw numbers rather than the page's formatter.
  expect(summary.totals.labels).toBe(summary.issued);
  expect(summary.totals.sheetsSaved).toBe(summary.issued * p.baselineSheets);
  expect(shown(await page.getByTestId('kpi-sheets-saved-value').textContent())).toBe(summary.totals.sheetsSaved);
  expect(shown(await page.getByTestId('kpi-paper-saved-value').textContent())).toBeCloseTo(summary.totals.paperSavedKg, 2);
  expect(shown(await page.getByTestId('kpi-co2e-saved-value').textContent())).toBeCloseTo(summary.totals.co2eSavedKg, 2);
  expect(shown(await page.getByTestId('kpi-label-mass-value').textContent())).toBeCloseTo(p.labelKg * 1000, 2);
}

/** Each row as the table shows it, read in one go. */
async function waybillRows(page: Page) {
  return page.getByTestId('waybill-row').evaluateAll((rows) =>
    rows.map((row) => {
      const cell = (id: string) => row.querySelector(`[data-testid="${id}"]`);
      return {
        id: row.getAttribute('data-id'),
        tenantId: row.getAttribute('data-tenant'),
        status: row.getAttribute('data-status'),
        waybillNo: cell('waybill-no')?.textContent,
        carrier: cell('waybill-carrier')?.textContent,
        orderKey: cell('waybill-order')?.textContent,
        name: cell('waybill-name')?.textContent,
        phone: cell('waybill-phone')?.textContent,
        city: cell('waybill-city')?.textContent,
        sortCode: cell('waybill-sort')?.textContent,
        statusText: cell('waybill-status')?.textContent,
        reprints: cell('waybill-reprints')?.getAttribute('data-value'),
        created: cell('waybill-created')?.getAttribute('data-value'),
      };
    }),
  );
}

const asRow = (w: Waybill) => ({
  id: w.id,
  tenantId: w.tenantId,
  status: w.status,
  waybillNo: w.waybillNo,
  carrier: w.carrier,
  orderKey: w.orderKey,
  name: w.recipient.name,
  phone: w.recipient.phone,
  city: w.recipient.city,
  sortCode: w.sortCode,
  statusText: w.status === 'voided' ? 'Voided' : 'Issued',
  reprints: String(w.reprintCount),
  created: w.createdAt,
});

/** Waits for the label preview of a size and returns the image's natural size. */
async function labelImage(page: Page, size: string): Promise<{ width: number; height: number }> {
  const img = page.locator(`[data-testid="label-image"][data-size="${size}"]`);
  await img.waitFor();
  await settled(page);
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
  return img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, height: el.naturalHeight }));
}

/** No unmasked mobile number (11 digits) and no room number anywhere in the page's text. */
async function expectOnlyMasked(page: Page): Promise<void> {
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  expect(text).not.toMatch(/\d+室/);
}

describe('waybills page', () => {
  it('shows the API summary in the tiles, the first page of waybills, and previews and downloads labels', async () => {
    const { status, body: summary } = await apiGet<WaybillSummary>(adminKey, '/v1/waybills/summary');
    expect(status).toBe(200);
    expect(summary.issued + summary.voided).toBe(300);
    expect(summary.voided).toBeGreaterThan(0);
    expect(summary.reprints).toBeGreaterThan(0);
    const { body: first } = await apiGet<WaybillPage>(adminKey, `/v1/waybills?limit=${WAYBILL_PAGE}`);
    expect(first.items).toHaveLength(WAYBILL_PAGE);
    expect(first.nextCursor).not.toBeNull();
    const { body: voided } = await apiGet<WaybillPage>(adminKey, `/v1/waybills?limit=${WAYBILL_PAGE}&status=voided`);
    expect(voided.items).toHaveLength(summary.voided);

    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/waybills', 'Waybills');
    expect(await page.getByTestId('nav-waybills').textContent()).not.toContain('soon');
    expect(await page.getByTestId('coming-soon').count()).toBe(0);
    await expectWaybillKpis(page, summary);

    // The table is the API's first page, row for row, masked as the API masks.
    expect(await waybillRows(page)).toEqual(first.items.map(asRow));
    for (const w of first.items) {
      expect(w.recipient.phone).toMatch(/\*{6}/);
      expect(w.recipient.name).toContain('*');
    }
    expect(await page.getByTestId('waybill-list').textContent()).toContain(
      `Showing ${WAYBILL_PAGE} of ${formatInt(summary.issued + summary.voided)} waybills`,
    );
    await expectOnlyMasked(page);

    // The next page appends the API's second page.
    const { body: second } = await apiGet<WaybillPage>(adminKey, `/v1/waybills?limit=${WAYBILL_PAGE}&cursor=${first.nextCursor}`);
    await page.getByTestId('load-more').click();
    await expect.poll(() => page.getByTestId('waybill-row').count()).toBe(WAYBILL_PAGE * 2);
    expect((await waybillRows(page)).slice(WAYBILL_PAGE)).toEqual(second.items.map(asRow));

    // Status filter: the voided ones, which cannot be printed.
    await page.getByTestId('filter-status').selectOption('voided');
    await expect.poll(async () => (await waybillRows(page)).map((r) => r.id)).toEqual(voided.items.map((w) => w.id));
    expect(await waybillRows(page)).toEqual(voided.items.map(asRow));
    const gone = voided.items[0]!;
    await page.locator(`[data-testid="waybill-row"][data-id="${gone.id}"]`).click();
    await page.getByTestId('label-voided').waitFor();
    expect(await page.getByTestId('label-voided').textContent()).toContain('cannot be printed');
    expect(await page.getByTestId('label-image').count()).toBe(0);
    expect(await page.getByTestId('label-downloads').count()).toBe(0);
    await shotFromTop(page, 'waybills-voided');

    // An issued one: its PNG label at the default size, then at the others.
    await page.getByTestId('filter-status').selectOption('issued');
    const { body: issued } = await apiGet<WaybillPage>(adminKey, `/v1/waybills?limit=${WAYBILL_PAGE}&status=issued`);
    await expect.poll(async () => (await waybillRows(page)).map((r) => r.id)).toEqual(issued.items.map((w) => w.id));
    const target = issued.items[0]!;
    await page.locator(`[data-testid="waybill-row"][data-id="${target.id}"]`).click();
    expect(await page.getByTestId('label-size-76x130').getAttribute('aria-checked')).toBe('true');
    const small = await labelImage(page, '76x130');
    expect(small.height / small.width).toBeCloseTo(130 / 76, 1);
    expect(page.url()).toContain(`waybill=${target.id}`);
    expect(await page.getByTestId('label-waybill').getAttribute('data-id')).toBe(target.id);
    expect(await page.getByTestId('fact-recipient').textContent()).toContain(target.recipient.name);
    expect(await page.getByTestId('fact-recipient').textContent()).toContain(target.recipient.address);
    await expectOnlyMasked(page);

    // The preview was a print: the panel, the row and the tiles follow the API's counts.
    const { body: printed } = await apiGet<Waybill>(adminKey, `/v1/waybills/${target.id}`);
    expect(printed.reprintCount).toBe(target.reprintCount + 1);
    await expect.poll(() => page.getByTestId('fact-reprints').getAttribute('data-value')).toBe(String(printed.reprintCount));
    const row = page.locator(`[data-testid="waybill-row"][data-id="${target.id}"]`);
    await expect.poll(() => row.getByTestId('waybill-reprints').getAttribute('data-value')).toBe(String(printed.reprintCount));
    const { body: after } = await apiGet<WaybillSummary>(adminKey, '/v1/waybills/summary');
    expect(after.reprints).toBe(summary.reprints + 1);
    await expect.poll(() => page.getByTestId('kpi-reprints').getAttribute('data-value')).toBe(String(after.reprints));
    await page.getByTestId('label-panel').screenshot({ path: join(SCREENSHOTS, 'waybills-label-76x130.png') });

    await page.getByTestId('label-size-100x180').click();
    const tall = await labelImage(page, '100x180');
    expect(tall.width).toBeGreaterThan(small.width);
    expect(tall.height / tall.width).toBeCloseTo(180 / 100, 1);
    await page.getByTestId('label-panel').screenshot({ path: join(SCREENSHOTS, 'waybills-label-100x180.png') });
    await page.getByTestId('label-size-100x150').click();
    const wide = await labelImage(page, '100x150');
    expect(wide.height / wide.width).toBeCloseTo(150 / 100, 1);
    await shotFromTop(page, 'waybills-label');

    // Downloads, at the size chosen: PDF, and the thermal printer languages.
    const expectations = [
      ['pdf', `${target.waybillNo}_100x150.pdf`, '%PDF-'],
      ['zpl', `${target.waybillNo}_100x150_203dpi.zpl`, '^XA'],
      ['tspl', `${target.waybillNo}_100x150_203dpi.tspl`, 'SIZE 100 mm,150 mm'],
    ] as const;
    for (const [format, name, head] of expectations) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-${format}`).click()]);
      expect(download.suggestedFilename()).toBe(name);
      const bytes = readFileSync(await download.path());
      expect(bytes.subarray(0, head.length).toString('latin1'), format).toBe(head);
    }
    await page.getByTestId('label-dpi').selectOption('300');
    const [zpl300] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-zpl').click()]);
    expect(zpl300.suggestedFilename()).toBe(`${target.waybillNo}_100x150_300dpi.zpl`);
    // 100 mm at 300 dpi is 1181 dots wide.
    expect(readFileSync(await zpl300.path(), 'latin1')).toContain('^PW1181');
    await settled(page);

    // The address opens the same waybill again.
    await page.reload();
    await page.getByTestId('label-waybill').waitFor();
    await labelImage(page, '76x130');
    expect(await page.getByTestId('label-waybill').getAttribute('data-id')).toBe(target.id);
    await page.getByTestId('label-close').click();
    await expect.poll(() => page.getByTestId('label-waybill').count()).toBe(0);
    expect(page.url()).not.toContain('waybill=');
  });

  it('shows a merchant only its own waybills, and voids one', async () => {
    const { body: mine } = await apiGet<WaybillSummary>(merchantKey, '/v1/waybills/summary');
    const { body: all } = await apiGet<WaybillSummary>(adminKey, '/v1/waybills/summary');
    expect(mine.issued).toBeGreaterThan(0);
    expect(mine.issued).toBeLessThan(all.issued);
    const { body: first } = await apiGet<WaybillPage>(merchantKey, `/v1/waybills?limit=${WAYBILL_PAGE}`);
    expect(first.items.every((w) => w.tenantId === MERCHANT_TENANT)).toBe(true);

    const page = await newPage();
    await signIn(page, merchantKey);
    await open(page, '/waybills', 'Waybills');
    await expectWaybillKpis(page, mine);
    const rows = await waybillRows(page);
    expect(rows).toEqual(first.items.map(asRow));
    expect(new Set(rows.map((r) => r.tenantId))).toEqual(new Set([MERCHANT_TENANT]));
    await expectOnlyMasked(page);

    const target = first.items.find((w) => w.status === 'issued')!;
    await page.locator(`[data-testid="waybill-row"][data-id="${target.id}"]`).click();
    await labelImage(page, '76x130');
    await shotFromTop(page, 'waybills-merchant');

    // Voiding: the panel says it cannot be printed, the row and the tiles follow the API.
    await page.getByTestId('void').click();
    await page.getByTestId('confirm-void').click();
    await page.getByTestId('label-voided').waitFor();
    const { body: gone } = await apiGet<Waybill>(merchantKey, `/v1/waybills/${target.id}`);
    expect(gone.status).toBe('voided');
    expect(await page.getByTestId('label-image').count()).toBe(0);
    const row = page.locator(`[data-testid="waybill-row"][data-id="${target.id}"]`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('voided');
    const { body: after } = await apiGet<WaybillSummary>(merchantKey, '/v1/waybills/summary');
    expect(after.voided).toBe(mine.voided + 1);
    await expectWaybillKpis(page, after);
    const label = await app.inject({
      method: 'GET',
      url: `/v1/waybills/${target.id}/label?format=png`,
      headers: { authorization: `Bearer ${merchantKey}` },
    });
    expect(label.statusCode).toBe(409);
    await shotFromTop(page, 'waybills-merchant-voided');
  });
});

// ---------- reusables ----------

const BEAUTY_TENANT = 'ten_brand_beauty';
/** Rows per page of the reusables page's boxes list. */
const BOX_PAGE = 50;

/** A CO2e mass as the tiles show it: kg below a tonne, t above, the sign kept. */
const co2eShown = (kg: number): [string, string] =>
  Math.abs(kg) >= 1000 ? [formatQty(kg / 1000), 't CO2e'] : [formatQty(kg), 'kg CO2e'];

const rawOf = (n: number | null): string => (n === null ? '' : String(n));

/** The period the page asked for, as the server echoed it: the test asks the API for the same one. */
async function reusablesPeriod(page: Page): Promise<{ from: string; to: string }> {
  const el = page.getByTestId('reusables-period-range');
  return { from: (await el.getAttribute('data-from')) ?? '', to: (await el.getAttribute('data-to')) ?? '' };
}

async function reusablesReport(key: string, period: { from: string; to: string }, tenantId?: string): Promise<ReusablesReport> {
  const qs = new URLSearchParams(period);
  if (tenantId) qs.set('tenantId', tenantId);
  const { status, body } = await apiGet<ReusablesReport>(key, `/v1/reusables/kpis?${qs}`);
  expect(status).toBe(200);
  return body;
}

async function expectReusablesTiles(page: Page, report: ReusablesReport): Promise<void> {
  const k = report.total as PoolKpis;
  const [saved, savedUnit] = co2eShown(k.co2e.savedKg);
  const tiles: [string, number | null, string][] = [
    ['circulation', k.boxesInCirculation, formatInt(k.boxesInCirculation)],
    ['trips', k.tripsToDate, formatInt(k.tripsToDate)],
    ['trips-per-box', k.tripsPerBox, formatQty(k.tripsPerBox)],
    ['return-rate', k.returnRate, formatShare(k.returnRate)],
    ['overdue', k.overdueBoxes, formatInt(k.overdueBoxes)],
    ['lost', k.lostBoxes, formatInt(k.lostBoxes)],
    ['saved', k.co2e.savedKg, saved],
  ];
  for (const [id, raw, text] of tiles) {
    await expect.poll(() => page.getByTestId(`kpi-${id}`).getAttribute('data-value'), { message: id }).toBe(rawOf(raw));
    expect(await page.getByTestId(`kpi-${id}-value`).textContent(), id).toBe(text);
  }
  expect(await page.getByTestId('kpi-saved').locator('.kpi-unit').textContent()).toBe(savedUnit);
  expect(await page.getByTestId('kpi-trips-period').getAttribute('data-value')).toBe(String(k.tripsInPeriod));
  expect(await page.getByTestId('kpi-design-trips').getAttribute('data-value')).toBe(rawOf(k.designTrips));
  expect(await page.getByTestId('kpi-shrinkage').getAttribute('data-value')).toBe(rawOf(k.shrinkagePct));
  expect(await page.getByTestId('kpi-per-trip').getAttribute('data-value')).toBe(rawOf(k.co2e.perTripKg));
  // Break-even: the total's figure, or the pools' range when their box types differ.
  const breakEven = k.co2e.breakEvenTrips;
  expect(await page.getByTestId('kpi-break-even').getAttribute('data-value')).toBe(rawOf(breakEven));
  const perPool = report.pools.map((p) => p.kpis.co2e.breakEvenTrips).filter((n): n is number => n !== null);
  const range =
    breakEven !== null
      ? formatQty(breakEven)
      : formatQty(Math.min(...perPool)) === formatQty(Math.max(...perPool))
        ? formatQty(Math.min(...perPool))
        : `${formatQty(Math.min(...perPool))}–${formatQty(Math.max(...perPool))}`;
  expect(await page.getByTestId('kpi-break-even-value').textContent()).toBe(range);
  // The formatting itself, checked against the raw figures rather than the page's formatter.
  expect(shown(await page.getByTestId('kpi-trips-value').textContent())).toBe(k.tripsToDate);
  expect(shown(await page.getByTestId('kpi-circulation-value').textContent())).toBe(k.boxesInCirculation);
  expect(shown(await page.getByTestId('kpi-return-rate-value').textContent())).toBeCloseTo((k.returnRate ?? 0) * 100, 1);
  expect(shown(await page.getByTestId('kpi-trips-per-box-value').textContent())).toBeCloseTo(k.tripsPerBox ?? 0, 2);
  const savedShown = shown(await page.getByTestId('kpi-saved-value').textContent());
  const savedKg = savedUnit === 't CO2e' ? savedShown * 1000 : savedShown;
  expect(Math.abs(savedKg - k.co2e.savedKg)).toBeLessThanOrEqual(Math.abs(k.co2e.savedKg) * 0.005 + 0.5);
}

/** The pool table's figures, column by column, as the API's KPIs of each pool. */
const POOL_CELLS: [string, (k: PoolKpis) => number | null, (n: number | null) => string][] = [
  ['circulation', (k) => k.boxesInCirculation, (n) => formatInt(n ?? 0)],
  ['trips', (k) => k.tripsToDate, (n) => formatInt(n ?? 0)],
  ['trips-per-box', (k) => k.tripsPerBox, formatQty],
  ['return-rate', (k) => k.returnRate, formatShare],
  ['cycle', (k) => k.cycleTimeDays, formatQty],
  ['dwell', (k) => k.dwellAtCustomerDaysMean, formatQty],
  ['shrinkage', (k) => k.shrinkagePct, (n) => (n === null ? '—' : formatShare(n / 100))],
  ['per-trip', (k) => k.co2e.perTripKg, formatQty],
  ['break-even', (k) => k.co2e.breakEvenTrips, formatQty],
  ['saved', (k) => k.co2e.savedKg, formatQty],
];

async function expectPoolRows(page: Page, report: ReusablesReport): Promise<void> {
  const rows = page.getByTestId('pool-row');
  await expect.poll(() => rows.count()).toBe(report.pools.length);
  for (const [i, { boxType, kpis }] of report.pools.entries()) {
    const row = rows.nth(i);
    expect(await row.getAttribute('data-id')).toBe(boxType.id);
    expect(await row.getAttribute('data-tenant')).toBe(boxType.tenantId);
    expect(await row.getByTestId('pool-name').textContent()).toBe(boxType.name);
    for (const [id, raw, text] of POOL_CELLS) {
      const cell = row.getByTestId(`pool-${id}`);
      expect(await cell.getAttribute('data-value'), `${boxType.name} ${id}`).toBe(rawOf(raw(kpis)));
      expect(await cell.textContent(), `${boxType.name} ${id}`).toBe(text(raw(kpis)));
    }
  }
  // Every column header carries its KPI's definition.
  for (const th of await page.locator('[data-testid="pool-table"] th[data-kpi]').all()) {
    const key = (await th.getAttribute('data-kpi')) ?? '';
    expect(report.definitions[key], key).toBeDefined();
    expect(await th.getAttribute('title')).toContain(report.definitions[key]?.definition);
  }
}

async function expectBoxList(page: Page, key: string, boxTypeId: string, query: string): Promise<PoolBoxPage> {
  const { status, body } = await apiGet<PoolBoxPage>(
    key,
    `/v1/reusables/box-types/${boxTypeId}/boxes?${query}&limit=${BOX_PAGE}`,
  );
  expect(status).toBe(200);
  await expect.poll(() => page.getByTestId('box-total').getAttribute('data-value')).toBe(String(body.total));
  expect(await page.getByTestId('box-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-epc')))).toEqual(
    body.items.map((b) => b.epc),
  );
  expect(await page.getByTestId('box-list').textContent()).toContain(`${formatInt(body.total)} box`);
  return body;
}

/** A panel cut out of a full-page screenshot taken from the top, so the sticky header does not cover it. */
async function shotOfPanel(page: Page, testId: string, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not shown`);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, clip: box });
}

describe('reusables page', () => {
  it('shows the pools as the API does: tiles, one row per pool, months, states, overdue boxes and a box', async () => {
    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/reusables', 'Reusables');
    expect(await page.getByTestId('nav-reusables').textContent()).not.toContain('soon');
    expect(await page.getByTestId('coming-soon').count()).toBe(0);

    // The last 12 months by default, as the server's own default.
    expect(await page.getByTestId('reusables-period').inputValue()).toBe('365');
    const period = await reusablesPeriod(page);
    expect(Date.parse(period.to) - Date.parse(period.from)).toBe(365 * 86_400_000);
    expect(Math.abs(Date.now() - Date.parse(period.to))).toBeLessThan(120_000);
    const report = await reusablesReport(adminKey, period);
    expect(report.pools.map((p) => p.boxType.tenantId).sort()).toEqual([BEAUTY_TENANT, 'ten_brand_outdoor']);
    expect(report.total).not.toBeNull();

    await expectReusablesTiles(page, report);
    expect(await page.getByTestId('kpi-return-rate-caveat').count()).toBe(0);
    await expectPoolRows(page, report);
    // All twelve columns fit the page, without a sideways scroll.
    expect(
      await page
        .getByTestId('pool-table')
        .evaluate((el) => (el.parentElement ? el.parentElement.scrollWidth - el.parentElement.clientWidth : 0)),
    ).toBeLessThanOrEqual(0);
    expect(await page.getByTestId('pool-total').getByTestId('pool-trips').getAttribute('data-value')).toBe(
      String(report.total?.tripsToDate),
    );
    // Brands by name, from the tenants.
    const { body: tenants } = await apiGet<{ items: { id: string; name: string }[] }>(adminKey, '/v1/tenants?limit=500');
    const nameOf = (id: string) => tenants.items.find((t) => t.id === id)?.name ?? id;
    await expect
      .poll(() => page.getByTestId('pool-brand').allTextContents())
      .toEqual(report.pools.map((p) => nameOf(p.boxType.tenantId)));

    // The first pool is selected: its months as a chart, its boxes by state.
    const first = report.pools[0]!;
    const qs = new URLSearchParams(period);
    const { body: series } = await apiGet<PoolSeries>(adminKey, `/v1/reusables/box-types/${first.boxType.id}/series?${qs}`);
    expect(series.months.length).toBeGreaterThanOrEqual(12);
    expect(series.months.reduce((n, m) => n + m.trips, 0)).toBe(first.kpis.tripsInPeriod);
    expect(await chartInk(page, 'chart-reusables-monthly')).toBeGreaterThan(1000);
    const states = await page
      .getByTestId('state-bar')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('data-state'), Number(el.getAttribute('data-value'))]));
    expect(Object.fromEntries(states)).toEqual(
      Object.fromEntries(Object.entries(first.kpis.boxesByState).filter(([, n]) => n > 0)),
    );

    // The overdue boxes of the pool, as the API lists them now.
    expect(await page.getByTestId('box-filter').inputValue()).toBe('overdue');
    const overdue = await expectBoxList(page, adminKey, first.boxType.id, 'overdue=true');
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.items.every((b) => b.overdue)).toBe(true);
    await shotFromTop(page, 'reusables');

    // Opening a box shows its trips, newest first, and its events.
    const target = overdue.items[0]!;
    const { body: detail } = await apiGet<ReusableBoxDetail>(adminKey, `/v1/reusables/boxes/${encodeURIComponent(target.epc)}`);
    expect(detail.tripList.length).toBeGreaterThan(1);
    await page.locator(`[data-testid="box-row"][data-epc="${target.epc}"]`).getByTestId('box-open').click();
    await page.getByTestId('trip-row').first().waitFor();
    await settled(page);
    expect(page.url()).toContain(`box=${encodeURIComponent(target.epc)}`);
    expect(
      await page.getByTestId('trip-row').evaluateAll((els) => els.map((el) => [el.dataset.outcome, el.dataset.shipped])),
    ).toEqual(detail.tripList.map((t) => [t.outcome, t.shippedAt]).reverse());
    expect(await page.getByTestId('box-trip-count').textContent()).toBe(formatInt(detail.trips));
    expect(await page.getByTestId('event-row').count()).toBe(detail.events.length);
    expect(await page.getByTestId('timeline-item').count()).toBe(detail.timeline.length);
    expect(await page.getByTestId('box-detail').textContent()).toContain(detail.epc);
    await shotOfPanel(page, 'box-detail', 'reusables-box');

    // A state picked in the breakdown lists its boxes.
    await page.locator('[data-testid="state-bar"][data-state="lost"]').click();
    await expect.poll(() => page.getByTestId('box-filter').inputValue()).toBe('lost');
    await expectBoxList(page, adminKey, first.boxType.id, 'state=lost');

    // Another pool, picked in the table.
    const second = report.pools[1]!;
    await page.locator(`[data-testid="pool-row"][data-id="${second.boxType.id}"]`).getByTestId('pool-name').click();
    await expect.poll(() => page.getByTestId('box-filter').inputValue()).toBe('overdue');
    await expectBoxList(page, adminKey, second.boxType.id, 'overdue=true');
    await page.getByTestId('box-close').click();
    await expect.poll(() => page.getByTestId('box-detail').count()).toBe(0);

    // A shorter period: the figures follow the API for it.
    await page.getByTestId('reusables-period').selectOption('90');
    await expect.poll(async () => (await reusablesPeriod(page)).from).not.toBe(period.from);
    await settled(page);
    const short = await reusablesPeriod(page);
    expect(Date.parse(short.to) - Date.parse(short.from)).toBe(90 * 86_400_000);
    const shortReport = await reusablesReport(adminKey, short);
    await expectReusablesTiles(page, shortReport);
    await expectPoolRows(page, shortReport);
    // Over 90 days the losses of the last weeks are not known yet: the page says so.
    expect(await page.getByTestId('kpi-return-rate-caveat').textContent()).toContain('reads high');
    await shotFromTop(page, 'reusables-90-days');

    // One brand, through the tenant selector.
    await page.getByTestId('reusables-tenant').selectOption(BEAUTY_TENANT);
    await expect.poll(() => page.getByTestId('pool-row').count()).toBe(1);
    await settled(page);
    await expectReusablesTiles(page, await reusablesReport(adminKey, short, BEAUTY_TENANT));
  });

  it('shows a brand only its own pool', async () => {
    const { status, body: created } = await apiPost<{ key: string }>(adminKey, '/v1/keys', {
      role: 'merchant',
      tenantId: BEAUTY_TENANT,
      name: 'beauty e2e',
    });
    expect(status).toBe(201);
    const brandKey = created.key;

    const page = await newPage();
    await signIn(page, brandKey);
    await open(page, '/reusables', 'Reusables');
    expect(await page.getByTestId('reusables-tenant').count()).toBe(0);
    const period = await reusablesPeriod(page);
    const report = await reusablesReport(brandKey, period);
    expect(report.pools).toHaveLength(1);
    expect(report.pools[0]?.boxType.tenantId).toBe(BEAUTY_TENANT);
    // The brand's figures are its pool's, not the whole network's.
    const all = await reusablesReport(adminKey, period);
    expect(report.total?.boxesCommissioned).toBeLessThan(all.total?.boxesCommissioned ?? 0);

    await expectReusablesTiles(page, report);
    await expectPoolRows(page, report);
    expect(await page.getByTestId('pool-total').count()).toBe(0);
    expect(await page.getByTestId('pool-row').getAttribute('data-tenant')).toBe(BEAUTY_TENANT);
    const mine = report.pools[0]!.boxType.id;
    await expectBoxList(page, brandKey, mine, 'overdue=true');
    expect(await chartInk(page, 'chart-reusables-monthly')).toBeGreaterThan(1000);
    await shotFromTop(page, 'reusables-brand');

    // The other brand's pool does not exist for this key.
    const other = all.pools.find((p) => p.boxType.tenantId !== BEAUTY_TENANT)!;
    expect((await apiGet(brandKey, `/v1/reusables/box-types/${other.boxType.id}/series`)).status).toBe(404);
  });
});

describe('recycling page', () => {
  const STATION_TENANT = 'ten_stations';

  async function recyclingPeriod(page: Page): Promise<{ from: string; to: string }> {
    const el = page.getByTestId('recycling-period-range');
    return { from: (await el.getAttribute('data-from')) ?? '', to: (await el.getAttribute('data-to')) ?? '' };
  }

  async function recyclingMetrics(key: string, period: { from: string; to: string }, tenantId?: string) {
    const qs = new URLSearchParams(period);
    if (tenantId) qs.set('tenantId', tenantId);
    const { status, body } = await apiGet<RecyclingMetrics>(key, `/v1/recycling/metrics?${qs}`);
    expect(status).toBe(200);
    return body;
  }

  async function expectRecyclingTiles(page: Page, m: RecyclingMetrics): Promise<void> {
    const t = m.totals;
    const tiles: [string, number | null][] = [
      ['collected', t.collected],
      ['reused', t.reused],
      ['reuse-rate', t.reuseRate],
      ['stations', t.stations],
      ['cities', t.cities],
      ['consumers', t.consumers],
      ['board', t.boardKgAvoided],
      ['co2e', t.kgCo2eAvoided],
      ['points', t.points],
    ];
    for (const [id, value] of tiles) {
      await expect
        .poll(() => page.getByTestId(`kpi-${id}`).getAttribute('data-value'), { message: `tile ${id}` })
        .toBe(value === null ? '' : String(value));
    }
    expect(await page.getByTestId('kpi-collected-value').textContent()).toBe(formatInt(t.collected));
    expect(await page.getByTestId('kpi-points-value').textContent()).toBe(formatInt(t.points));
    expect(await page.getByTestId('kpi-reuse-rate-value').textContent()).toBe(formatShare(t.reuseRate));
  }

  it('shows the network’s recycling as the API does: tiles, months, cities, top stations, pickups and a station', async () => {
    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/recycling', 'Recycling');
    expect(await page.getByTestId('nav-recycling').textContent()).not.toContain('soon');
    expect(await page.getByTestId('coming-soon').count()).toBe(0);

    // The last 12 months of local days by default.
    expect(await page.getByTestId('recycling-period').inputValue()).toBe('365');
    const period = await recyclingPeriod(page);
    expect(Date.parse(period.to) - Date.parse(period.from)).toBe(364 * 86_400_000);
    const metrics = await recyclingMetrics(adminKey, period);
    expect(metrics.totals.collected).toBeGreaterThan(1000);
    expect(metrics.totals.stations).toBeGreaterThan(50);
    await expectRecyclingTiles(page, metrics);

    // The top stations, in the API's order and with its figures.
    await expect
      .poll(() => page.getByTestId('top-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-id'))))
      .toEqual(metrics.topStations.map((s) => s.stationId));
    expect(await page.getByTestId('top-collected').evaluateAll((els) => els.map((el) => Number(el.dataset.value)))).toEqual(
      metrics.topStations.map((s) => s.collected),
    );
    expect(await page.getByTestId('top-points').evaluateAll((els) => els.map((el) => Number(el.dataset.value)))).toEqual(
      metrics.topStations.map((s) => s.points),
    );
    expect(await page.getByTestId('top-open').allTextContents()).toEqual(metrics.topStations.map((s) => s.name));

    // The cities, most collected first; the months as a chart.
    expect(await page.getByTestId('city-bar').evaluateAll((els) => els.map((el) => el.dataset.city))).toEqual(
      metrics.byCity.slice(0, 12).map((c) => c.city),
    );
    expect(await chartInk(page, 'chart-recycling-monthly')).toBeGreaterThan(1000);

    // Every station of the operator on the map.
    const { body: stations } = await apiGet<{ items: { id: string }[] }>(adminKey, '/v1/stations');
    expect(stations.items.length).toBeGreaterThan(100);
    expect(await page.getByTestId('map-station').count()).toBe(stations.items.length);

    // The open pickups, as the API lists them.
    const { body: pickups } = await apiGet<{ items: { id: string }[] }>(adminKey, '/v1/pickups?status=requested');
    await expect.poll(() => page.getByTestId('pickup-row').count()).toBe(pickups.items.length);
    await shotFromTop(page, 'recycling');

    // A station opened from the table: its stock and recent drop-offs, as the API has them.
    const top = metrics.topStations[0]!;
    const { body: stock } = await apiGet<StationStock>(adminKey, `/v1/stations/${encodeURIComponent(top.stationId)}/stock`);
    const { body: dropoffs } = await apiGet<{ items: { id: string; status: string }[] }>(
      adminKey,
      `/v1/dropoffs?stationId=${encodeURIComponent(top.stationId)}&limit=20`,
    );
    await page.locator(`[data-testid="top-row"][data-id="${top.stationId}"]`).getByTestId('top-open').click();
    await page.getByTestId('stock-table').waitFor();
    await settled(page);
    expect(await page.getByTestId('station-detail').textContent()).toContain(top.name);
    expect(await page.getByTestId('stock-total').getAttribute('data-value')).toBe(String(stock.total));
    expect(
      await page
        .getByTestId('stock-row')
        .evaluateAll((els) => els.map((el) => [el.dataset.size, el.dataset.grade, Number(el.dataset.value)])),
    ).toEqual(stock.rows.map((r) => [r.sizeClass, r.grade, r.count]));
    expect(
      await page.getByTestId('dropoff-row').evaluateAll((els) => els.map((el) => [el.dataset.id, el.dataset.status])),
    ).toEqual(dropoffs.items.map((d) => [d.id, d.status]));
    expect(await page.getByTestId('dropoff-reason').count()).toBe(dropoffs.items.filter((d) => d.status === 'refused').length);
    await shotOfPanel(page, 'station-detail', 'recycling-station');
    await page.getByTestId('station-close').click();
    await expect.poll(() => page.getByTestId('station-detail').count()).toBe(0);

    // A shorter period, and one operator through the selector: the tiles follow the API.
    await page.getByTestId('recycling-period').selectOption('90');
    await expect.poll(async () => (await recyclingPeriod(page)).from).not.toBe(period.from);
    await settled(page);
    const short = await recyclingPeriod(page);
    await expectRecyclingTiles(page, await recyclingMetrics(adminKey, short));
    await page.getByTestId('recycling-tenant').selectOption(STATION_TENANT);
    await settled(page);
    await expectRecyclingTiles(page, await recyclingMetrics(adminKey, short, STATION_TENANT));
  });

  it('shows a merchant of another tenant zero totals and no stations', async () => {
    const { status, body: created } = await apiPost<{ key: string }>(adminKey, '/v1/keys', {
      role: 'merchant',
      tenantId: MERCHANT_TENANT,
      name: 'tea house recycling e2e',
    });
    expect(status).toBe(201);
    const key = created.key;

    const page = await newPage();
    await signIn(page, key);
    await open(page, '/recycling', 'Recycling');
    expect(await page.getByTestId('recycling-tenant').count()).toBe(0);
    const metrics = await recyclingMetrics(key, await recyclingPeriod(page));
    expect(metrics.totals.collected).toBe(0);
    expect(metrics.totals.stations).toBe(0);
    expect(metrics.topStations).toEqual([]);
    await expectRecyclingTiles(page, metrics);
    expect(await page.getByTestId('top-row').count()).toBe(0);
    expect(await page.getByTestId('map-station').count()).toBe(0);
    expect(await page.getByTestId('pickup-row').count()).toBe(0);
    await shotFromTop(page, 'recycling-merchant');
  });
});

describe('solar page', () => {
  const DAY = 86_400_000;

  async function solarPeriod(page: Page): Promise<{ from: string; to: string; end: string }> {
    const el = page.getByTestId('solar-period-range');
    return {
      from: (await el.getAttribute('data-from')) ?? '',
      to: (await el.getAttribute('data-to')) ?? '',
      end: (await el.getAttribute('data-end')) ?? '',
    };
  }

  /** What the page shows for a period, fetched from the API with the page's key. */
  async function solarFigures(key: string, period: { from: string; end: string }, tenantId?: string) {
    const qs = new URLSearchParams({ from: period.from, to: period.end });
    if (tenantId) qs.set('tenantId', tenantId);
    const summary = await apiGet<SolarSummary>(key, `/v1/solar/summary?${qs}`);
    expect(summary.status).toBe(200);
    const { body: parks } = await apiGet<{ items: SolarPark[] }>(
      key,
      `/v1/solar/parks?limit=500${tenantId ? `&tenantId=${tenantId}` : ''}`,
    );
    const perPark = [];
    for (const park of parks.items) {
      const q = `parkId=${encodeURIComponent(park.id)}&from=${period.from}&to=${period.end}`;
      const perf = await apiGet<SolarPerformance>(key, `/v1/solar/performance?${q}&granularity=total`);
      const alerts = await apiGet<SolarAlerts>(key, `/v1/solar/alerts?${q}`);
      expect(perf.status).toBe(200);
      expect(alerts.status).toBe(200);
      perPark.push({ park, total: perf.body.park[0]!, installedKwp: perf.body.installedKwp, alerts: alerts.body.items });
    }
    return { summary: summary.body, parks: perPark };
  }

  async function expectSolarTiles(page: Page, f: Awaited<ReturnType<typeof solarFigures>>): Promise<void> {
    const s = f.summary;
    let weighted = 0;
    let kwp = 0;
    for (const p of f.parks) {
      if (p.total.pr === null) continue;
      weighted += p.total.pr * p.installedKwp;
      kwp += p.installedKwp;
    }
    const pr = kwp > 0 ? weighted / kwp : null;
    const alerts = f.parks.reduce((n, p) => n + p.alerts.length, 0);
    const tiles: [string, number | null][] = [
      ['parks', s.parks],
      ['systems', s.systems],
      ['installed', s.installedKwp],
      ['generation', s.generationKwh],
      ['self-consumed', s.selfConsumedKwh],
      ['exported', s.exportedKwh],
      ['scope2', s.scope2AvoidedKgCo2e],
      ['pr', pr],
      ['alerts', alerts],
    ];
    for (const [id, value] of tiles) {
      await expect
        .poll(() => page.getByTestId(`kpi-${id}`).getAttribute('data-value'), { message: `tile ${id}` })
        .toBe(value === null ? '' : String(value));
    }
    expect(await page.getByTestId('kpi-parks-value').textContent()).toBe(formatInt(s.parks));
    expect(await page.getByTestId('kpi-installed-value').textContent()).toBe(formatQty(s.installedKwp / 1000));
    expect(await page.getByTestId('kpi-generation-value').textContent()).toBe(formatQty(s.generationKwh / 1000));
    expect(await page.getByTestId('kpi-self-consumed-value').textContent()).toBe(formatQty(s.selfConsumedKwh / 1000));
    expect(await page.getByTestId('kpi-exported-value').textContent()).toBe(formatQty(s.exportedKwh / 1000));
    expect(await page.getByTestId('kpi-scope2-value').textContent()).toBe(formatQty(s.scope2AvoidedKgCo2e / 1000));
    expect(await page.getByTestId('kpi-pr-value').textContent()).toBe(formatShare(pr));
    expect(await page.getByTestId('kpi-alerts-value').textContent()).toBe(formatInt(alerts));
  }

  async function expectParkRows(page: Page, f: Awaited<ReturnType<typeof solarFigures>>): Promise<void> {
    await expect
      .poll(() => page.getByTestId('park-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-id'))))
      .toEqual(f.parks.map((p) => p.park.id));
    const values = (testId: string) =>
      page.getByTestId(testId).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-value'))));
    expect(await values('park-kwp')).toEqual(f.parks.map((p) => p.installedKwp));
    expect(await values('park-generation')).toEqual(f.parks.map((p) => p.total.measuredKwh));
    expect(await values('park-yield')).toEqual(f.parks.map((p) => p.total.specificYieldKwhKwp));
    expect(await values('park-pr')).toEqual(f.parks.map((p) => p.total.pr));
    expect(await values('park-availability')).toEqual(f.parks.map((p) => p.total.availability));
    expect(await values('park-alerts')).toEqual(f.parks.map((p) => p.alerts.length));
    expect(await page.getByTestId('park-pr').allTextContents()).toEqual(f.parks.map((p) => formatShare(p.total.pr)));
    expect(await page.getByTestId('park-generation').allTextContents()).toEqual(
      f.parks.map((p) => formatQty(p.total.measuredKwh / 1000)),
    );
  }

  /** The alerts of every park, oldest first, as the page lists them. */
  async function expectAlertRows(page: Page, f: Awaited<ReturnType<typeof solarFigures>>) {
    const alerts = f.parks.flatMap((p) => p.alerts).sort((a, b) => a.fromMs - b.fromMs || (a.systemId < b.systemId ? -1 : 1));
    await expect
      .poll(() =>
        page
          .getByTestId('alert-row')
          .evaluateAll((els) => els.map((el) => [el.dataset.kind, el.dataset.system, el.dataset.from, el.dataset.to])),
      )
      .toEqual(alerts.map((a) => [a.kind, a.systemId, a.from, a.to]));
    expect(await page.getByTestId('alert-reason').allTextContents()).toEqual(alerts.map((a) => a.reason));
    expect(await page.getByTestId('alert-system').allTextContents()).toEqual(alerts.map((a) => a.systemName));
    return alerts;
  }

  it('shows the parks as the API does: tiles, alerts, parks, and a park’s days, months and systems', async () => {
    const page = await newPage();
    await signIn(page, adminKey);
    await open(page, '/solar', 'Solar');
    expect(await page.getByTestId('nav-solar').textContent()).not.toContain('soon');
    expect(await page.getByTestId('coming-soon').count()).toBe(0);

    // The last 12 months, up to the last day with meter readings (the demo's: yesterday, UTC+8).
    expect(await page.getByTestId('solar-period').inputValue()).toBe('365');
    const period = await solarPeriod(page);
    const { body: parks } = await apiGet<{ items: SolarPark[] }>(adminKey, '/v1/solar/parks?limit=500');
    expect(parks.items).toHaveLength(9);
    const lastDay = parks.items
      .map((p) => new Date(Date.parse(p.kpis.lastIntervalStart ?? '') + p.utcOffsetMin * 60_000).toISOString().slice(0, 10))
      .sort()
      .at(-1);
    expect(period.to).toBe(lastDay);
    expect(Date.parse(period.to) - Date.parse(period.from)).toBe(364 * DAY);
    expect(Date.parse(period.end) - Date.parse(period.to)).toBe(DAY);

    const figures = await solarFigures(adminKey, period);
    expect(figures.summary.parks).toBe(9);
    expect(figures.summary.installedKwp).toBeGreaterThan(30_000);
    expect(figures.summary.generationKwh).toBeGreaterThan(figures.summary.selfConsumedKwh);
    await expectSolarTiles(page, figures);
    await expectParkRows(page, figures);

    // The demo's injected faults, one of each kind, each with its reason.
    const alerts = await expectAlertRows(page, figures);
    expect(alerts.map((a) => a.kind).sort()).toEqual(['data_gap', 'stale_meter', 'timestamp_shift', 'underperformance']);

    // The first park is shown: its days (expected vs metered, with the daily PR), its months and its systems.
    const first = parks.items[0]!;
    expect(await page.getByTestId('solar-park').inputValue()).toBe(first.id);
    await page.getByTestId('system-row').first().waitFor();
    await settled(page);
    const { body: detail } = await apiGet<SolarParkDetail>(adminKey, `/v1/solar/parks/${encodeURIComponent(first.id)}`);
    expect(await page.getByTestId('system-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-id')))).toEqual(
      detail.systems.map((s) => s.id),
    );
    expect(await chartInk(page, 'chart-solar-daily')).toBeGreaterThan(1000);
    expect(await chartInk(page, 'chart-solar-pr')).toBeGreaterThan(1000);
    await shotFromTop(page, 'solar');

    // An alert's row opens its park: the system with the derate, its days and its PR.
    const derate = alerts.find((a) => a.kind === 'underperformance')!;
    const derated = figures.parks.find((p) => p.alerts.includes(derate))!.park;
    await page.locator(`[data-testid="alert-row"][data-kind="underperformance"]`).click();
    await expect.poll(() => page.getByTestId('solar-park').inputValue()).toBe(derated.id);
    await expect.poll(() => page.getByTestId('park-detail').textContent()).toContain(derated.name);
    await page.locator(`[data-testid="system-row"][data-id="${derate.systemId}"]`).waitFor();
    await settled(page);
    const qs = `parkId=${encodeURIComponent(derated.id)}&from=${period.from}&to=${period.end}`;
    const { body: total } = await apiGet<SolarPerformance>(adminKey, `/v1/solar/performance?${qs}&granularity=total`);
    expect(
      await page.getByTestId('system-pr').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-value')))),
    ).toEqual(total.systems.map((s) => s.rows[0]!.pr));
    expect(await chartInk(page, 'chart-solar-daily')).toBeGreaterThan(1000);
    await shotOfPanel(page, 'park-detail', 'solar-park');

    // A shorter period: the figures follow the API for it.
    await page.getByTestId('solar-period').selectOption('90');
    await expect.poll(async () => (await solarPeriod(page)).from).not.toBe(period.from);
    await settled(page);
    const short = await solarPeriod(page);
    expect(short.to).toBe(period.to);
    expect(Date.parse(short.to) - Date.parse(short.from)).toBe(89 * DAY);
    const shortFigures = await solarFigures(adminKey, short);
    await expectSolarTiles(page, shortFigures);
    await expectParkRows(page, shortFigures);
    await expectAlertRows(page, shortFigures);
  });

  it('shows a merchant without parks that it has none', async () => {
    const page = await newPage();
    await signIn(page, merchantKey);
    await open(page, '/solar', 'Solar');
    const { body } = await apiGet<{ items: SolarPark[] }>(merchantKey, '/v1/solar/parks');
    expect(body.items).toEqual([]);
    expect(await page.getByTestId('solar-tenant').count()).toBe(0);
    expect(await page.getByTestId('solar-park').count()).toBe(0);
    expect(await page.getByTestId('solar-empty').textContent()).toContain('No solar parks yet');
    expect(await page.getByTestId('park-row').count()).toBe(0);
    await shotFromTop(page, 'solar-merchant');
  });
});
