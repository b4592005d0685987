import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, TEST_PG_URL, type TestDb } from '../../test/support/db.js';
import { createTenant } from '../auth/index.js';
import { AppError, type KeyRing, type Scope, SYSTEM_SCOPE } from '../core/index.js';
import { type Db, openDb } from '../db/index.js';
import { DEFAULT_CARRIERS, type ParcelInput, type Party } from './model.js';
import { isValidWaybillNo } from './numbers.js';
import { findUnmasked } from './privacy.js';
import {
  addCarrier,
  countWaybills,
  getCarrier,
  getWaybill,
  issueWaybills,
  listCarriers,
  listWaybillAccess,
  listWaybills,
  markReprinted,
  resolveToken,
  voidWaybill,
} from './store.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const RING: KeyRing = { currentKeyId: 'k1', keys: { k1 } };

const SENDER: Party = {
  name: '绿链旗舰店',
  phone: '057188886666',
  province: '浙江省',
  city: '杭州市',
  district: '余杭区',
  address: '文一西路969号7号楼',
};

/** A recipient per index, every one with its own name, phone and room, so a leak names the row. */
const recipient = (i: number): Party => ({
  name: `张${String.fromCharCode(0x4e00 + (i % 2000))}丰`,
  phone: `139${String(i).padStart(8, '0')}`,
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  address: `文三路${(i % 300) + 1}号${(i % 9) + 1}幢${(i % 4) + 1}单元${1000 + i}室`,
});

const parcel = (key: string, i: number, carrier = 'ZTO'): ParcelInput => ({
  orderKey: key,
  carrier,
  sender: SENDER,
  recipient: recipient(i),
  weightKg: 0.5 + (i % 10) / 10,
  contents: '图书',
});

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe(`waybill store (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let tenantA: string;
  let tenantB: string;
  let merchantA: Scope;
  let merchantB: Scope;
  const courier: Scope = { role: 'courier', tenantId: null, keyId: 'key_courier_1' };

  beforeAll(async () => {
    db = await createTestDb();
    tenantA = (await createTenant(db, { name: 'Shop A', kind: 'merchant' })).id;
    tenantB = (await createTenant(db, { name: 'Shop B', kind: 'merchant' })).id;
    merchantA = { role: 'merchant', tenantId: tenantA, keyId: 'key_merchant_a' };
    merchantB = { role: 'merchant', tenantId: tenantB, keyId: 'key_merchant_b' };
  });
  afterAll(async () => db.close());

  it('should seed the documented default carriers', async () => {
    const carriers = await listCarriers(db, merchantA);
    expect(carriers.map((c) => c.code)).toEqual(DEFAULT_CARRIERS.map((c) => c.code).sort());
    expect(await getCarrier(db, merchantA, 'zto')).toMatchObject({ code: 'ZTO', prefix: '78', tenantId: null });
  });

  it('should issue masked waybills with valid numbers, sort codes and QR tokens', async () => {
    const issued = await issueWaybills(db, merchantA, RING, [parcel('basic-1', 1), parcel('basic-2', 2, 'ems')]);
    expect(issued).toHaveLength(2);
    const [a, b] = issued;
    expect(a).toMatchObject({ carrier: 'ZTO', orderKey: 'basic-1', status: 'issued', reprintCount: 0, reused: false, pieces: 1 });
    expect(b!.carrier).toBe('EMS');
    expect(isValidWaybillNo(a!.waybillNo, DEFAULT_CARRIERS.find((c) => c.code === 'ZTO')!)).toBe(true);
    expect(isValidWaybillNo(b!.waybillNo, DEFAULT_CARRIERS.find((c) => c.code === 'EMS')!)).toBe(true);
    expect(a!.recipient).toEqual({
      name: '张**',
      phone: '139******01',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      address: '文三路****',
    });
    expect(a!.sortCode).toMatch(/^330-\d{3}-\d{2}$/);
    expect(a!.consolidation.name).toBe('杭州集包');
    expect(a!.qrToken).toMatch(/^glq_/);
    const { reused: _reused, ...plain } = a!;
    expect(await getWaybill(db, merchantA, RING, a!.waybillNo)).toEqual(plain);
    expect(await getWaybill(db, merchantA, RING, a!.id)).toEqual(plain);
  });

  it('should never hand out a number twice under concurrent batches', async () => {
    // On PostgreSQL a second pool on the same schema gives the batches their own connections.
    const wide: Db = TEST_PG_URL ? await openDb({ databaseUrl: TEST_PG_URL, pgSchema: db.schema, pgPoolSize: 20 }) : db;
    try {
      const batches = Array.from({ length: 40 }, (_, b) =>
        Array.from({ length: 100 }, (_, i) => parcel(`conc-${b}-${i}`, b * 100 + i)),
      );
      const results = await Promise.all(batches.map((batch, b) => issueWaybills(b % 2 ? wide : db, merchantA, RING, batch)));
      const numbers = results.flat().map((w) => w.waybillNo);
      expect(numbers).toHaveLength(4000);
      expect(new Set(numbers).size).toBe(4000);
      const zto = DEFAULT_CARRIERS.find((c) => c.code === 'ZTO')!;
      expect(numbers.every((n) => isValidWaybillNo(n, zto))).toBe(true);
      expect(results.flat().every((w) => !w.reused)).toBe(true);
      const stored = await db.kysely
        .selectFrom('waybills')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('order_key', 'like', 'conc-%')
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(4000);
    } finally {
      if (wide !== db) await wide.close();
    }
  });

  it('should give concurrent requests for the same order keys one waybill each', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => parcel(`same-${i}`, 5000 + i));
    const results = await Promise.all(Array.from({ length: 10 }, () => issueWaybills(db, merchantA, RING, keys)));
    for (const r of results) expect(r.map((w) => w.waybillNo)).toEqual(results[0]!.map((w) => w.waybillNo));
    expect(results.flat().filter((w) => !w.reused)).toHaveLength(50);
    const page = await listWaybills(db, merchantA, RING, { orderKey: 'same-7' });
    expect(page.items).toHaveLength(1);
  });

  it('should return the existing waybill when an order key is issued again, also within one batch', async () => {
    const [first] = await issueWaybills(db, merchantA, RING, [parcel('again-1', 7)]);
    const again = await issueWaybills(db, merchantA, RING, [
      parcel('again-1', 8, 'SF'),
      parcel('again-2', 9),
      parcel('again-2', 10),
    ]);
    expect(again[0]).toEqual({ ...first, reused: true });
    expect(again[1]!.reused).toBe(false);
    expect(again[2]).toEqual({ ...again[1], reused: true });
    // Order keys are per tenant: tenant B may use the same key.
    const [b] = await issueWaybills(db, merchantB, RING, [parcel('again-1', 7)]);
    expect(b!.reused).toBe(false);
    expect(b!.waybillNo).not.toBe(first!.waybillNo);
  });

  it('should keep names, phones and rooms out of every clear column', async () => {
    const parties = [SENDER, ...Array.from({ length: 200 }, (_, i) => recipient(i))];
    await issueWaybills(
      db,
      merchantA,
      RING,
      parties.slice(1).map((_, i) => parcel(`pii-${i}`, i)),
    );
    const [w] = await issueWaybills(db, merchantA, RING, [parcel('pii-0', 0)]);
    await resolveToken(db, courier, RING, w!.qrToken, 'delivery');
    const rows = await db.kysely.selectFrom('waybills').selectAll().where('order_key', 'like', 'pii-%').execute();
    expect(rows).toHaveLength(200);
    const log = await db.kysely.selectFrom('waybill_access_log').selectAll().execute();
    const raw = JSON.stringify([rows, log]);
    expect(raw).toContain('文三路****');
    expect(findUnmasked(raw, parties)).toEqual([]);
    expect(raw).not.toContain(w!.qrToken);
    // …while the envelopes still hold them.
    const one = await resolveToken(db, courier, RING, w!.qrToken, 'delivery');
    expect(one.recipient).toEqual(recipient(0));
  });

  it('should resolve a QR token to the full parties for a courier and audit the read', async () => {
    const [w] = await issueWaybills(db, merchantA, RING, [parcel('qr-1', 4242)]);
    const before = Date.now();
    const got = await resolveToken(db, courier, RING, w!.qrToken, 'delivery');
    expect(got.sender).toEqual(SENDER);
    expect(got.recipient).toEqual(recipient(4242));
    expect(got.waybill.waybillNo).toBe(w!.waybillNo);
    const audit = await listWaybillAccess(db, SYSTEM_SCOPE, { waybill: w!.waybillNo });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      id: got.accessId,
      tenantId: tenantA,
      waybillId: w!.id,
      keyId: 'key_courier_1',
      role: 'courier',
      purpose: 'delivery',
      outcome: 'granted',
    });
    expect(Date.parse(audit.items[0]!.accessedAt)).toBeGreaterThanOrEqual(before - 1000);
    // The tenant sees its own audit trail.
    expect((await listWaybillAccess(db, merchantA, { waybill: w!.id })).items).toHaveLength(1);
    expect((await listWaybillAccess(db, merchantB, { waybill: w!.id })).items).toHaveLength(0);
  });

  it('should refuse merchants, audit unknown tokens, and keep a tenant-bound courier to its tenant', async () => {
    const [w] = await issueWaybills(db, merchantA, RING, [parcel('qr-2', 4243)]);
    expect((await errorOf(resolveToken(db, merchantA, RING, w!.qrToken, 'delivery'))).code).toBe('forbidden');
    expect((await errorOf(resolveToken(db, { ...merchantA, role: 'station' }, RING, w!.qrToken, 'x'))).code).toBe('forbidden');
    expect((await errorOf(resolveToken(db, courier, RING, w!.qrToken, ' '))).code).toBe('validation');
    const missing = await errorOf(resolveToken(db, courier, RING, 'glq_AAAAAAAAAAAAAAAAAAAAAAAAAAA', 'delivery'));
    expect(missing.code).toBe('not_found');
    const bCourier: Scope = { role: 'courier', tenantId: tenantB, keyId: 'key_courier_b' };
    expect((await errorOf(resolveToken(db, bCourier, RING, w!.qrToken, 'delivery'))).code).toBe('not_found');
    const failed = await db.kysely.selectFrom('waybill_access_log').selectAll().where('outcome', '=', 'not_found').execute();
    expect(failed.map((r) => r.key_id).sort()).toEqual(['key_courier_1', 'key_courier_b']);
    expect(failed.every((r) => r.waybill_id === null)).toBe(true);
  });

  it('should decrypt after a key rotation', async () => {
    const [w] = await issueWaybills(db, merchantA, RING, [parcel('rotate-1', 77)]);
    const rotated: KeyRing = { currentKeyId: 'k2', keys: { k1, k2 } };
    const [w2] = await issueWaybills(db, merchantA, rotated, [parcel('rotate-2', 78)]);
    expect((await resolveToken(db, courier, rotated, w!.qrToken, 'delivery')).recipient).toEqual(recipient(77));
    expect((await resolveToken(db, courier, rotated, w2!.qrToken, 'delivery')).recipient).toEqual(recipient(78));
    const row = await db.kysely.selectFrom('waybills').select('parties_enc').where('id', '=', w2!.id).executeTakeFirstOrThrow();
    expect(row.parties_enc.startsWith('v1.k2.')).toBe(true);
  });

  it('should count reprints and refuse to print a voided waybill', async () => {
    const [w] = await issueWaybills(db, merchantA, RING, [parcel('void-1', 90)]);
    expect((await markReprinted(db, merchantA, RING, w!.id)).reprintCount).toBe(1);
    const twice = await markReprinted(db, merchantA, RING, w!.waybillNo);
    expect(twice.reprintCount).toBe(2);
    expect(twice.lastPrintedAt).not.toBeNull();
    expect((await errorOf(voidWaybill(db, courier, RING, w!.id))).code).toBe('forbidden');
    const voided = await voidWaybill(db, merchantA, RING, w!.id, 'customer cancelled');
    expect(voided).toMatchObject({ status: 'voided', voidReason: 'customer cancelled', reprintCount: 2 });
    expect(voided.voidedAt).not.toBeNull();
    expect(await voidWaybill(db, merchantA, RING, w!.id)).toEqual(voided);
    const err = await errorOf(markReprinted(db, merchantA, RING, w!.id));
    expect(err.code).toBe('conflict');
    expect(err.message).toBe(`waybill ${w!.waybillNo} is voided and cannot be printed`);
    // Issuing the order key again returns the voided waybill; a new key is needed for a new label.
    const [again] = await issueWaybills(db, merchantA, RING, [parcel('void-1', 90)]);
    expect(again).toMatchObject({ id: w!.id, status: 'voided', reused: true });
  });

  it('should keep tenants apart and page without gaps', async () => {
    await issueWaybills(db, merchantB, RING, [parcel('b-1', 1), parcel('b-2', 2), parcel('b-3', 3), parcel('b-4', 4)]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listWaybills(db, merchantB, RING, { limit: 2, cursor });
      seen.push(...page.items.map((w) => w.id));
      expect(page.items.every((w) => w.tenantId === tenantB)).toBe(true);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(5); // again-1 and b-1..b-4
    expect(new Set(seen).size).toBe(5);
    const [a] = (await listWaybills(db, merchantA, RING, { limit: 1 })).items;
    expect((await errorOf(getWaybill(db, merchantB, RING, a!.id))).code).toBe('not_found');
    expect((await errorOf(voidWaybill(db, merchantB, RING, a!.waybillNo))).code).toBe('not_found');
    expect((await errorOf(markReprinted(db, merchantB, RING, a!.id))).code).toBe('not_found');
    expect((await listWaybills(db, SYSTEM_SCOPE, RING, { tenantId: tenantB })).items).toHaveLength(5);
    expect((await errorOf(issueWaybills(db, courier, RING, [parcel('c-1', 1)]))).code).toBe('forbidden');
  });

  it('should report bad input with field pointers before writing anything', async () => {
    const bad = [
      parcel('bad-0', 0),
      parcel('bad-1', 1, 'NOPE'),
      { ...parcel('bad-2', 2), recipient: { ...recipient(2), phone: '' } },
    ];
    const err = await errorOf(issueWaybills(db, merchantA, RING, bad));
    expect(err.code).toBe('validation');
    expect(err.details.map((d) => d.field)).toEqual(['/parcels/1/carrier', '/parcels/2/recipient/phone']);
    expect((await listWaybills(db, merchantA, RING, { orderKey: 'bad-0' })).items).toHaveLength(0);
  });

  it('should let a tenant add its own carrier, unseen by other tenants', async () => {
    const dbl = await addCarrier(db, merchantA, { code: 'dbl', name: '德邦 (test)', prefix: 'DB', sequenceDigits: 9 });
    expect(dbl).toMatchObject({ code: 'DBL', tenantId: tenantA, checkScheme: 'luhn' });
    const [w] = await issueWaybills(db, merchantA, RING, [parcel('dbl-1', 1, 'DBL')]);
    expect(w!.waybillNo).toMatch(/^DB\d{10}$/);
    expect(isValidWaybillNo(w!.waybillNo, dbl)).toBe(true);
    const err = await errorOf(issueWaybills(db, merchantB, RING, [parcel('dbl-1', 1, 'DBL')]));
    expect(err.details[0]).toMatchObject({ field: '/parcels/0/carrier' });
    expect((await listCarriers(db, merchantB)).map((c) => c.code)).not.toContain('DBL');
    expect((await errorOf(addCarrier(db, merchantB, { code: 'DB2', name: 'x', prefix: 'DB', sequenceDigits: 9 }))).code).toBe(
      'conflict',
    );
    expect((await errorOf(addCarrier(db, courier, { code: 'C9', name: 'x', prefix: 'C9', sequenceDigits: 9 }))).code).toBe(
      'forbidden',
    );
    const shared = await addCarrier(db, SYSTEM_SCOPE, { code: 'SHR', name: 'Shared', prefix: 'SH', sequenceDigits: 8 });
    expect(shared.tenantId).toBeNull();
    expect((await listCarriers(db, merchantB)).map((c) => c.code)).toContain('SHR');
  });

  it('should let the database refuse a duplicate number', async () => {
    const [w] = await issueWaybills(db, merchantA, RING, [parcel('dup-1', 1)]);
    const row = await db.kysely.selectFrom('waybills').selectAll().where('id', '=', w!.id).executeTakeFirstOrThrow();
    await expect(
      db.kysely
        .insertInto('waybills')
        .values({ ...row, id: 'wb_dup', order_key: 'dup-2', qr_token_hash: 'x'.repeat(64) })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it('should count waybills for the dashboard', async () => {
    const counts = await countWaybills(db, merchantA);
    const all = await db.kysely
      .selectFrom('waybills')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantA)
      .executeTakeFirstOrThrow();
    expect(counts.issued + counts.voided).toBe(Number(all.n));
    expect(counts.voided).toBe(1);
    expect(counts.reprints).toBe(2);
    expect(await countWaybills(db, merchantA, { from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' })).toEqual({
      issued: 0,
      voided: 0,
      reprints: 0,
    });
  });
});
