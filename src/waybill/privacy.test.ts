import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Party } from './model.js';
import {
  findUnmasked,
  isQrToken,
  labelParty,
  maskParty,
  newQrToken,
  openParties,
  qrTokenHash,
  sealParties,
  sensitiveFragments,
} from './privacy.js';

const ZHANG: Party = {
  name: '张三丰',
  phone: '13800138000',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  address: '文三路90号3幢1单元502室',
};

const hiddenDigits = (phone: string, masked: string) => phone.replace(/\D/g, '').length - masked.replace(/\D/g, '').length;

describe('masking by GB/T 41833-2022', () => {
  it('should hide at least one name character, at least six phone digits, and the unit and room', () => {
    const m = maskParty(ZHANG);
    expect(m).toEqual({
      name: '张**',
      phone: '138******00',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      address: '文三路****',
    });
    expect(hiddenDigits(ZHANG.phone, m.phone)).toBeGreaterThanOrEqual(6);
  });

  it('should hold for short names, landlines and numeral-only rooms', () => {
    const m = maskParty({ ...ZHANG, name: '李四', phone: '0571-88886666', address: '中关村大街五层五零二室' });
    expect(m.name).toBe('李*');
    expect(hiddenDigits('0571-88886666', m.phone)).toBeGreaterThanOrEqual(6);
    expect(m.address).toBe('中关村大街****');
  });

  it('should give the label one line per party', () => {
    expect(labelParty(maskParty(ZHANG))).toEqual({ name: '张**', phone: '138******00', address: '浙江省杭州市西湖区文三路****' });
  });
});

describe('encryption at rest', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  const BOTH = { sender: { ...ZHANG, name: '商家' }, recipient: ZHANG };

  it('should round-trip both parties and keep no clear text in the envelope', () => {
    const ring = { currentKeyId: 'k1', keys: { k1 } };
    const sealed = sealParties(ring, BOTH);
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(findUnmasked(sealed, [ZHANG])).toEqual([]);
    expect(openParties(ring, sealed)).toEqual(BOTH);
  });

  it('should open after a key rotation while the old key stays in the ring', () => {
    const sealed = sealParties({ currentKeyId: 'k1', keys: { k1 } }, BOTH);
    const rotated = { currentKeyId: 'k2', keys: { k1, k2 } };
    expect(openParties(rotated, sealed)).toEqual(BOTH);
    expect(sealParties(rotated, BOTH).startsWith('v1.k2.')).toBe(true);
  });

  it('should seal only the party fields', () => {
    const ring = { currentKeyId: 'k1', keys: { k1 } };
    const extra = { ...ZHANG, note: 'x' } as Party;
    expect(openParties(ring, sealParties(ring, { sender: extra, recipient: ZHANG })).sender).toEqual(ZHANG);
  });
});

describe('QR tokens', () => {
  it('should be unguessable, well-formed and distinct', () => {
    const tokens = Array.from({ length: 1000 }, newQrToken);
    expect(new Set(tokens).size).toBe(1000);
    for (const t of tokens) expect(isQrToken(t)).toBe(true);
    expect(Buffer.from(tokens[0]!.slice(4), 'base64url')).toHaveLength(20);
    expect(qrTokenHash(tokens[0]!)).toMatch(/^[0-9a-f]{64}$/);
    expect(isQrToken('glq_short')).toBe(false);
  });
});

describe('leak detection', () => {
  it('should list the name, phone, hidden address part and each room number', () => {
    expect(sensitiveFragments(ZHANG)).toEqual(['张三丰', '13800138000', '90号3幢1单元502室', '3幢', '1单元', '502室']);
  });

  it('should find nothing in masked text and everything in clear text', () => {
    const m = labelParty(maskParty(ZHANG));
    expect(findUnmasked(`${m.name} ${m.phone} ${m.address}`, [ZHANG])).toEqual([]);
    expect(findUnmasked('收件人 张三丰 138 0013 8000 502室', [ZHANG])).toEqual(['张三丰', '13800138000', '502室']);
  });
});
