import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/support/app.js';
import { TEST_DIALECT } from '../../test/support/db.js';
import { waybillParcel } from '../../test/support/waybill.js';

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Full personal data of the fixture parcel i: none of it may leave the API outside the courier route. */
const secretsOf = (i: number) => [`1380013${String(i).padStart(4, '0')}`, '王小明', '1201室', '057187654321'];

describe(`waybill API (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let merchant: string;
  let courier: string;
  let station: string;
  let tenant: string;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.tenant('West Lake Tea');
    merchant = await t.keyFor('merchant', tenant);
    courier = await t.keyFor('courier', tenant);
    station = await t.keyFor('station', await t.tenant('Stations', 'station_operator'));
  });
  afterAll(async () => t.close());

  const issue = (parcels: Record<string, unknown>[], key = merchant) =>
    t.app.inject({ method: 'POST', url: '/v1/waybills', headers: bearer(key), payload: { parcels } });

  it('issues waybills, returns the same one for the same order key, and never shows full personal data', async () => {
    const first = await issue([waybillParcel('T-1', 1), waybillParcel('T-2', 2, 'SF')]);
    expect(first.statusCode).toBe(201);
    const [a, b] = first.json().items;
    expect(a.waybillNo).not.toBe(b.waybillNo);
    const again = await issue([waybillParcel('T-1', 1)]);
    expect(again.json().items[0]).toMatchObject({ waybillNo: a.waybillNo, reused: true });
    for (const body of [first.body, again.body, (await t.app.inject({ url: '/v1/waybills', headers: bearer(merchant) })).body]) {
      for (const secret of [...secretsOf(1), ...secretsOf(2)]) expect(body).not.toContain(secret);
    }
    expect(a.recipient.name).toMatch(/\*/);
  });

  it('gives no duplicate number to concurrent requests', async () => {
    const batches = await Promise.all(
      Array.from({ length: 20 }, (_, b) =>
        issue(Array.from({ length: 100 }, (_, i) => waybillParcel(`C-${b}-${i}`, 100 + b * 100 + i))),
      ),
    );
    const numbers = batches.flatMap((r) => r.json().items.map((w: { waybillNo: string }) => w.waybillNo));
    expect(numbers).toHaveLength(2000);
    expect(new Set(numbers).size).toBe(2000);
  });

  it('prints every label size and format with masked data only', async () => {
    const [w] = (await issue([waybillParcel('L-1', 7)])).json().items;
    for (const size of ['76x130', '100x180', '100x150']) {
      const zpl = await t.app.inject({ url: `/v1/waybills/${w.id}/label?format=zpl&size=${size}`, headers: bearer(merchant) });
      expect(zpl.statusCode).toBe(200);
      expect(zpl.body).toContain(w.waybillNo);
      const tspl = await t.app.inject({
        url: `/v1/waybills/${w.id}/label?format=tspl&size=${size}&dpi=300`,
        headers: bearer(merchant),
      });
      expect(tspl.statusCode).toBe(200);
      const png = await t.app.inject({ url: `/v1/waybills/${w.id}/label?format=png&size=${size}`, headers: bearer(merchant) });
      expect(png.headers['content-type']).toContain('image/png');
      const pdf = await t.app.inject({ url: `/v1/waybills/${w.id}/label?format=pdf&size=${size}`, headers: bearer(merchant) });
      expect(pdf.headers['content-type']).toContain('application/pdf');
      for (const secret of secretsOf(7)) {
        expect(zpl.body).not.toContain(secret);
        expect(tspl.rawPayload.toString('latin1')).not.toContain(secret);
      }
      if (hasPdftotext) {
        const file = join(mkdtempSync(join(tmpdir(), 'glw-')), 'label.pdf');
        writeFileSync(file, pdf.rawPayload);
        const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
        expect(text).toContain(w.waybillNo);
        expect(text).toContain(w.recipient.name);
        for (const secret of secretsOf(7)) expect(text).not.toContain(secret);
      }
    }
    const shown = (await t.app.inject({ url: `/v1/waybills/${w.id}`, headers: bearer(merchant) })).json();
    expect(shown.reprintCount).toBeGreaterThanOrEqual(11);
    const batch = await t.app.inject({
      method: 'POST',
      url: '/v1/waybills/labels',
      headers: bearer(merchant),
      payload: { ids: [w.id, w.waybillNo], format: 'pdf' },
    });
    expect(batch.statusCode).toBe(200);
    expect(batch.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('resolves the QR token for a courier only, and audits every read', async () => {
    const [w] = (await issue([waybillParcel('Q-1', 9)])).json().items;
    const url = `/v1/waybills/${w.waybillNo}/recipient?token=${w.qrToken}&purpose=delivery`;
    const ok = await t.app.inject({ url, headers: bearer(courier) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recipient.phone).toBe('13800130009');
    expect((await t.app.inject({ url, headers: bearer(merchant) })).statusCode).toBe(403);
    expect((await t.app.inject({ url, headers: bearer(station) })).statusCode).toBe(403);
    const [other] = (await issue([waybillParcel('Q-2', 10)])).json().items;
    const mismatch = `/v1/waybills/${other.waybillNo}/recipient?token=${w.qrToken}&purpose=delivery`;
    expect((await t.app.inject({ url: mismatch, headers: bearer(courier) })).statusCode).toBe(404);
    const log = (await t.app.inject({ url: `/v1/waybills/access-log?waybill=${w.id}`, headers: bearer(t.adminKey) })).json();
    expect(log.items).toEqual([expect.objectContaining({ waybillNo: w.waybillNo, purpose: 'delivery', outcome: 'granted' })]);
  });

  it('refuses to print a voided waybill', async () => {
    const [w] = (await issue([waybillParcel('V-1', 11)])).json().items;
    const voided = await t.app.inject({
      method: 'POST',
      url: `/v1/waybills/${w.id}/void?reason=cancelled`,
      headers: bearer(merchant),
    });
    expect(voided.json().status).toBe('voided');
    const label = await t.app.inject({ url: `/v1/waybills/${w.id}/label?format=zpl`, headers: bearer(merchant) });
    expect(label.statusCode).toBe(409);
    expect(label.json().detail).toMatch(/voided/);
  });

  it('names the field of bad input', async () => {
    const noPhone = waybillParcel('B-1');
    (noPhone.recipient as Record<string, unknown>).phone = undefined;
    const res = await issue([noPhone]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('/parcels/0/recipient/phone');
    const longAddress = waybillParcel('B-2');
    (longAddress.recipient as Record<string, unknown>).address = '很长的地址'.repeat(20);
    expect((await issue([longAddress])).json().errors[0].field).toBe('/parcels/0/recipient/address');
    const unknown = await issue([waybillParcel('B-3', 1, 'NOPE')]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('/parcels/0/carrier');
  });

  it('sums e-waybills applied and the paper and CO2e they saved', async () => {
    const summary = (await t.app.inject({ url: '/v1/waybills/summary', headers: bearer(merchant) })).json();
    expect(summary.issued).toBeGreaterThan(2000);
    expect(summary.totals.labels).toBe(summary.issued);
    expect(summary.totals.paperSavedKg).toBeCloseTo(summary.issued * summary.perLabel.savedKg, 9);
    expect(summary.totals.co2eSavedKg).toBeGreaterThan(0);
  });
});
