import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { DEFAULT_CARRIERS, LABEL_SPECS, type ParcelInput, type Party } from './model.js';
import {
  addressLine,
  assertPrintable,
  MAX_PARCELS_PER_BATCH,
  normalizePhone,
  validateCarrier,
  validateParcels,
} from './validate.js';

const CARRIERS = new Set(DEFAULT_CARRIERS.map((c) => c.code));

const party = (over: Partial<Party> = {}): Party => ({
  name: '王五',
  phone: '13912345678',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  address: '文三路90号',
  ...over,
});

const parcel = (i: number, over: Record<string, unknown> = {}): ParcelInput =>
  ({
    orderKey: `O-${i}`,
    carrier: 'ZTO',
    sender: party({ name: '商家' }),
    recipient: party(),
    weightKg: 1.2,
    contents: '衣服',
    ...over,
  }) as ParcelInput;

function detailsOf(fn: () => unknown): { code: string; message: string; fields: string[] } {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, message: err.message, fields: err.details.map((d) => d.field ?? '') };
    throw err;
  }
  throw new Error('expected an error');
}

describe('parcel validation', () => {
  it('should return normalised parcels', () => {
    const [p] = validateParcels([parcel(0, { carrier: ' zto ', orderKey: ' O-0 ' })], { carriers: CARRIERS });
    expect(p).toMatchObject({ orderKey: 'O-0', carrier: 'ZTO', pieces: 1 });
  });

  it('should name the field of a missing recipient phone', () => {
    const bad = parcel(3, { recipient: { ...party(), phone: undefined } });
    const e = detailsOf(() => validateParcels([parcel(0), parcel(1), parcel(2), bad], { carriers: CARRIERS }));
    expect(e.code).toBe('validation');
    expect(e.fields).toEqual(['/parcels/3/recipient/phone']);
    expect(e.message).toMatch(/\/parcels\/3\/recipient\/phone: required/);
  });

  it('should name a malformed phone, unknown carrier, zero weight and missing contents together', () => {
    const e = detailsOf(() =>
      validateParcels(
        [
          parcel(0, { sender: party({ phone: '12345' }) }),
          parcel(1, { carrier: 'NOPE' }),
          parcel(2, { weightKg: 0 }),
          parcel(3, { weightKg: -1, contents: '' }),
          parcel(4, { pieces: 1.5 }),
          'not an object',
        ],
        { carriers: CARRIERS },
      ),
    );
    expect(e.fields).toEqual([
      '/parcels/0/sender/phone',
      '/parcels/1/carrier',
      '/parcels/2/weightKg',
      '/parcels/3/weightKg',
      '/parcels/3/contents',
      '/parcels/4/pieces',
      '/parcels/5',
    ]);
  });

  it('should explain an unknown carrier with the known ones', () => {
    const e = detailsOf(() => validateParcels([parcel(0, { carrier: 'NOPE' })], { carriers: CARRIERS }));
    expect(e.message).toMatch(/unknown carrier "NOPE"; known: EMS, JT, SF, STO, YD, YTO, ZTO/);
  });

  it('should refuse an address longer than the label prints, per label size', () => {
    const limit = LABEL_SPECS['76x130'].maxAddressChars;
    const head = '浙江省杭州市西湖区';
    const long = party({ address: '文'.repeat(limit - head.length + 1) });
    expect(addressLine(long).full).toHaveLength(limit + 1);
    const e = detailsOf(() => validateParcels([parcel(0), parcel(1, { recipient: long })], { carriers: CARRIERS }));
    expect(e.fields).toEqual(['/parcels/1/recipient/address']);
    expect(e.message).toMatch(/too long for the label: 61 characters .* at most 60/);
    // The same address fits the larger label.
    expect(validateParcels([parcel(1, { recipient: long })], { carriers: CARRIERS, labelSize: '100x180' })).toHaveLength(1);
  });

  it('should accept mobiles, landlines and a +86 prefix, and refuse the rest', () => {
    for (const ok of ['13912345678', '+86 139 1234 5678', '0571-88886666', '010 12345678', '(0571)8888666']) {
      expect(normalizePhone(ok), ok).toBeDefined();
    }
    for (const bad of ['12345678901', '1391234567', '88886666', 'abc', '139-1234-567x'])
      expect(normalizePhone(bad), bad).toBeUndefined();
  });

  it('should use the default carrier for parcels without one', () => {
    const [p] = validateParcels([parcel(0, { carrier: undefined })], { carriers: CARRIERS, defaultCarrier: 'sf' });
    expect(p!.carrier).toBe('SF');
    expect(detailsOf(() => validateParcels([parcel(0, { carrier: undefined })], { carriers: CARRIERS })).fields).toEqual([
      '/parcels/0/carrier',
    ]);
  });

  it('should limit the batch size and refuse an empty or non-list batch', () => {
    const many = Array.from({ length: MAX_PARCELS_PER_BATCH + 1 }, (_, i) => parcel(i));
    expect(detailsOf(() => validateParcels(many, { carriers: CARRIERS })).code).toBe('payload_too_large');
    expect(detailsOf(() => validateParcels([], { carriers: CARRIERS })).fields).toEqual(['/parcels']);
    expect(detailsOf(() => validateParcels({}, { carriers: CARRIERS })).fields).toEqual(['/parcels']);
  });

  it('should cap the listed problems', () => {
    const bad = Array.from({ length: 300 }, (_, i) => parcel(i, { weightKg: 0 }));
    const e = detailsOf(() => validateParcels(bad, { carriers: CARRIERS }));
    expect(e.fields).toHaveLength(100);
    expect(e.message).toMatch(/^300 problems/);
  });
});

describe('carrier validation', () => {
  it('should normalise a valid carrier and default to Luhn', () => {
    expect(validateCarrier({ code: 'dbl', name: '德邦', prefix: 'db', sequenceDigits: 10 })).toEqual({
      code: 'DBL',
      name: '德邦',
      prefix: 'DB',
      sequenceDigits: 10,
      checkScheme: 'luhn',
    });
  });

  it('should name every bad field', () => {
    expect(
      detailsOf(() => validateCarrier({ code: 'x', prefix: 'TOOLONG', sequenceDigits: 20, checkScheme: 'md5' })).fields,
    ).toEqual(['/code', '/name', '/prefix', '/sequenceDigits', '/checkScheme']);
  });
});

describe('printability', () => {
  it('should refuse a voided waybill', () => {
    expect(() => assertPrintable({ waybillNo: 'X1', status: 'issued' })).not.toThrow();
    const e = detailsOf(() => assertPrintable({ waybillNo: 'X1', status: 'voided' }));
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/X1 is voided and cannot be printed/);
  });
});
