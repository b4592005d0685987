import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/index.js';
import { decodeEpcHex, type EpcScheme, encodeEpc } from './index.js';
import { TDS_VECTORS } from './test-vectors.js';

/** Runs `fn` and returns the AppError it throws, so tests can check the field and the reason. */
function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('TDS vectors', () => {
  for (const v of TDS_VECTORS) {
    it(`decodes ${v.tagUri}`, () => {
      const d = decodeEpcHex(v.hex);
      expect(d.tagUri).toBe(v.tagUri);
      expect(d.pureIdentityUrn).toBe(v.urn);
      expect(d.elementString).toBe(v.elementString);
      expect(d.digitalLink).toBe(v.digitalLink);
      expect(d.filter).toBe(3);
    });

    it(`encodes ${v.tagUri}`, () => {
      expect(encodeEpc(v.tagUri).hex).toBe(v.hex);
      const scheme = v.tagUri.split(':')[3] as EpcScheme;
      expect(encodeEpc(v.urn, { filter: 3, scheme }).hex).toBe(v.hex);
      expect(encodeEpc(v.digitalLink, { filter: 3, scheme, companyPrefixLength: 7 }).hex).toBe(v.hex);
    });
  }

  it('picks the 96-bit scheme for numeric serials and the alphanumeric one otherwise', () => {
    expect(encodeEpc('urn:epc:id:grai:0614141.12345.5678').scheme).toBe('grai-96');
    expect(encodeEpc('urn:epc:id:grai:0614141.12345.32a%2Fb').scheme).toBe('grai-170');
    expect(encodeEpc('urn:epc:id:grai:0614141.12345.0400').scheme).toBe('grai-170');
    expect(encodeEpc('urn:epc:id:sgtin:0614141.812345.6789').scheme).toBe('sgtin-96');
    expect(encodeEpc('urn:epc:id:sgtin:0614141.812345.A1').scheme).toBe('sgtin-198');
    expect(encodeEpc('urn:epc:id:grai:0614141.12345.5678').filter).toBe(0);
  });

  it('accepts reader hex padded to whole 16-bit words and in lower case', () => {
    expect(decodeEpcHex('3774257bf40c0e59b2c2bf1000000000000000000000').pureIdentityUrn).toBe(
      'urn:epc:id:grai:0614141.12345.32a%2Fb',
    );
    expect(decodeEpcHex('3674257BF6B7A659B2C2BF100000000000000000000000000000').tagUri).toBe(
      'urn:epc:tag:sgtin-198:3.0614141.712345.32a%2Fb',
    );
  });

  it('handles partition 0 (12-digit company prefix, empty asset type) and 6', () => {
    const p0 = encodeEpc('urn:epc:id:grai:012345678901..5678', { filter: 0 });
    expect(decodeEpcHex(p0.hex).pureIdentityUrn).toBe('urn:epc:id:grai:012345678901..5678');
    expect(p0.elementString).toBe('(8003)00123456789012' + '5678');
    const p6 = encodeEpc('urn:epc:id:sgtin:061414.1234567.1', { filter: 1 });
    expect(decodeEpcHex(p6.hex).tagUri).toBe('urn:epc:tag:sgtin-96:1.061414.1234567.1');
  });

  it('round-trips generated identities through hex, URN and Digital Link', () => {
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const digits = (n: number) => Array.from({ length: n }, () => String(next(10))).join('');
    const chars = 'ABCXYZabcxyz0189!"%&\'()*+,-./:;<=>?_';
    for (let i = 0; i < 300; i++) {
      const gcpLen = 6 + next(7);
      const gcp = digits(gcpLen);
      const alnum = Array.from({ length: 1 + next(16) }, () => chars[next(chars.length)]).join('');
      const numeric = String(next(2 ** 30));
      const serial = next(2) ? alnum : numeric;
      const grai = encodeEpc(`urn:epc:id:grai:${gcp}.${digits(12 - gcpLen)}.${uriEscape(serial)}`, { filter: next(8) });
      const sgtin = encodeEpc(`urn:epc:id:sgtin:${gcp}.${digits(13 - gcpLen)}.${uriEscape(serial)}`, { filter: next(8) });
      for (const e of [grai, sgtin]) {
        const d = decodeEpcHex(e.hex);
        expect(d).toEqual(e);
        expect(encodeEpc(d.digitalLink, { companyPrefixLength: gcpLen, filter: d.filter, scheme: d.scheme }).hex).toBe(e.hex);
        expect(d.identity.serial).toBe(serial);
      }
    }
  });
});

// The TDS URI escaping, written out independently of the module's own.
const uriEscape = (s: string) => s.replace(/[%"&/<>?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

describe('rejections', () => {
  const cases: Array<[string, () => unknown, string, RegExp]> = [
    ['truncated hex', () => decodeEpcHex('3374257BF40C'), 'hex', /24 hex digits/],
    ['hex too long', () => decodeEpcHex('3374257BF40C0E400000162E00'), 'hex', /24 hex digits/],
    ['non-hex input', () => decodeEpcHex('3374257BF40C0E40000016ZZ'), 'hex', /not hexadecimal/],
    ['unknown header', () => decodeEpcHex('FF74257BF40C0E400000162E'), 'header', /unknown EPC header FF/],
    ['unsupported header', () => decodeEpcHex('2D74257BF40C0E400000162E'), 'header', /GSRN-96/],
    ['partition 7', () => decodeEpcHex('337E257BF40C0E400000162E'), 'partition', /partition 7/],
    ['padding not zero', () => decodeEpcHex('3774257BF40C0E59B2C2BF100000000000000000001'), 'hex', /padding/],
    ['SSCC reserved bits set', () => decodeEpcHex('3174257BF4499602D2000001'), 'hex', /reserved/],
    [
      'leading zero in a GRAI-96 serial',
      () => encodeEpc('urn:epc:id:grai:0614141.12345.0400', { scheme: 'grai-96' }),
      'serial',
      /leading zeros/,
    ],
    [
      'leading zero in an SGTIN-96 serial',
      () => encodeEpc('urn:epc:id:sgtin:0614141.812345.06789', { scheme: 'sgtin-96' }),
      'serial',
      /leading zeros/,
    ],
    [
      'GRAI-96 serial too large',
      () => encodeEpc('urn:epc:id:grai:0614141.12345.274877906944', { scheme: 'grai-96' }),
      'serial',
      /too large/,
    ],
    ['GRAI-170 serial too long', () => encodeEpc('urn:epc:id:grai:0614141.12345.ABCDEFGHIJKLMNOPQ'), 'serial', /1 to 16/],
    ['SGTIN-198 serial too long', () => encodeEpc('urn:epc:id:sgtin:0614141.812345.ABCDEFGHIJKLMNOPQRSTU'), 'serial', /1 to 20/],
    ['character outside set 82', () => encodeEpc('urn:epc:id:grai:0614141.12345.ab#c'), 'serial', /set 82/],
    ['escaped character outside set 82', () => encodeEpc('urn:epc:id:grai:0614141.12345.ab%23c'), 'serial', /set 82/],
    ['unescaped slash', () => encodeEpc('urn:epc:id:grai:0614141.12345.32a/b'), 'serial', /percent-escape/],
    ['bad percent escape', () => encodeEpc('urn:epc:id:grai:0614141.12345.32a%2'), 'serial', /percent escape/],
    ['filter 8', () => encodeEpc('urn:epc:id:grai:0614141.12345.5678', { filter: 8 }), 'filter', /0 to 7/],
    ['scheme of another key', () => encodeEpc('urn:epc:id:grai:0614141.12345.5678', { scheme: 'sgtin-96' }), 'scheme', /GRAI/],
    ['reference of the wrong length', () => encodeEpc('urn:epc:id:grai:0614141.1234.5678'), 'reference', /5 digits/],
    ['company prefix too short', () => encodeEpc('urn:epc:id:grai:06141.1234567.5678'), 'companyPrefix', /6 to 12/],
    ['unknown URN scheme', () => encodeEpc('urn:epc:id:gsrn:0614141.1234567890'), 'urn', /unsupported/],
    [
      'bad check digit in a Digital Link',
      () => encodeEpc('https://id.gs1.org/8003/006141411234535678', { companyPrefixLength: 7 }),
      'grai',
      /check digit/,
    ],
    [
      'Digital Link without prefix length',
      () => encodeEpc('https://id.gs1.org/8003/006141411234525678'),
      'companyPrefixLength',
      /company prefix/,
    ],
    ['not an identifier', () => encodeEpc('0614141.12345.5678'), 'urn', /neither/],
  ];
  for (const [name, fn, field, message] of cases) {
    it(`rejects ${name}`, () => {
      const err = errorOf(fn);
      expect(err.code).toBe('validation');
      expect(err.details[0]?.field).toBe(field);
      expect(err.message).toMatch(message);
    });
  }

  it('decodes a GRAI-96 serial of 0 and the largest 38-bit serial', () => {
    expect(encodeEpc('urn:epc:id:grai:0614141.12345.0').scheme).toBe('grai-96');
    const max = encodeEpc('urn:epc:id:grai:0614141.12345.274877906943');
    expect(max.scheme).toBe('grai-96');
    expect(decodeEpcHex(max.hex).pureIdentityUrn).toBe('urn:epc:id:grai:0614141.12345.274877906943');
  });
});
