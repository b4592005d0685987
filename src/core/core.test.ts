import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptField, encryptField, keyIdOf } from './crypto.js';
import { AppError } from './errors.js';
import { greatCircleKm } from './geo.js';
import { isId, newId } from './ids.js';
import { toUtcIso } from './time.js';
import { tonneKm } from './units.js';

describe('ids', () => {
  it('are prefixed, valid and ordered by creation time', () => {
    const a = newId('site', 1_700_000_000_000);
    const b = newId('site', 1_700_000_000_000);
    const c = newId('site', 1_700_000_000_001);
    expect(isId(a)).toBe(true);
    expect(a < b && b < c).toBe(true);
  });
});

describe('geo', () => {
  it('gives the great-circle distance Shanghai-Beijing of about 1067 km', () => {
    const km = greatCircleKm({ lat: 31.2304, lon: 121.4737 }, { lat: 39.9042, lon: 116.4074 });
    expect(km).toBeGreaterThan(1060);
    expect(km).toBeLessThan(1075);
  });
  it('is zero for the same point', () => {
    expect(greatCircleKm({ lat: 10, lon: 20 }, { lat: 10, lon: 20 })).toBe(0);
  });
});

describe('units', () => {
  it('700 km x 230 kg is 161 t.km (iLEAP)', () => {
    expect(tonneKm(230, 700)).toBeCloseTo(161, 10);
  });
});

describe('time', () => {
  it('turns an offset time into UTC', () => {
    expect(toUtcIso('2026-01-31T08:00:00+08:00')).toBe('2026-01-31T00:00:00.000Z');
  });
  it('refuses a time without an offset, naming the field', () => {
    expect(() => toUtcIso('2026-01-31T08:00:00', 'pickupAt')).toThrowError(AppError);
    try {
      toUtcIso('2026-01-31', 'pickupAt');
    } catch (err) {
      expect((err as AppError).details[0]?.field).toBe('pickupAt');
    }
  });
});

describe('personal-data encryption', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  it('round-trips and does not contain the plaintext', () => {
    const ring = { currentKeyId: 'k1', keys: { k1 } };
    const env = encryptField(ring, '张三 13800138000');
    expect(env).not.toContain('13800138000');
    expect(decryptField(ring, env)).toBe('张三 13800138000');
  });

  it('decrypts old ciphertexts after a key rotation and tells which key they used', () => {
    const old = encryptField({ currentKeyId: 'k1', keys: { k1 } }, 'secret');
    const rotated = { currentKeyId: 'k2', keys: { k1, k2 } };
    expect(decryptField(rotated, old)).toBe('secret');
    expect(keyIdOf(old)).toBe('k1');
    expect(keyIdOf(encryptField(rotated, 'secret'))).toBe('k2');
  });

  it('detects tampering', () => {
    const ring = { currentKeyId: 'k1', keys: { k1 } };
    const env = encryptField(ring, 'secret');
    const parts = env.split('.');
    parts[4] = Buffer.from('other!').toString('base64url');
    expect(() => decryptField(ring, parts.join('.'))).toThrow();
  });
});

describe('personal-data masking', async () => {
  const { maskAddress, maskName, maskPhone } = await import('./mask.js');
  it('hides at least one character of a name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('*');
  });
  it('hides at least six digits of a phone', () => {
    const masked = maskPhone('13800138000');
    expect(masked).toBe('138******00');
    expect((masked.match(/\*/g) ?? []).length).toBeGreaterThanOrEqual(6);
  });
  it('hides the unit and room of an address', () => {
    expect(
      maskAddress({ province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路90号', detail: '3幢1单元502室' }),
    ).toBe('浙江省杭州市西湖区文三路90号 ****');
    expect(maskAddress('浙江省杭州市西湖区文三路90号3幢502室')).toBe('浙江省杭州市西湖区文三路****');
  });
  it('hides at least six digits of short and landline numbers too', () => {
    const hiddenDigits = (phone: string, masked: string) => phone.replace(/\D/g, '').length - masked.replace(/\D/g, '').length;
    for (const phone of ['88886666', '8888666', '123456', '0571-88886666', '+86 138 0013 8000', '12']) {
      const masked = maskPhone(phone);
      expect(hiddenDigits(phone, masked) >= Math.min(6, phone.replace(/\D/g, '').length)).toBe(true);
    }
    expect(maskPhone('88886666')).toBe('88******');
    expect(maskPhone('0571-88886666')).toBe('057*******66');
  });
  it('hides a room written with Chinese numerals, and an address that starts with a number', () => {
    expect(maskAddress('建国路甲一号国贸大厦三单元')).toBe('建国路甲****');
    expect(maskAddress('中关村大街五层五零二室')).toBe('中关村大街****');
    expect(maskAddress('12 Nanjing Road, Flat 5')).toBe('****');
    expect(maskAddress('Nanjing Road Flat B')).toBe('Nanjing Road ****');
    expect(maskAddress('十里河东路')).toBe('十里河东路');
  });
});
