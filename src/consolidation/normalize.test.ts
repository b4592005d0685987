import { describe, expect, it } from 'vitest';
import { addressKey, normalizePhone, normalizeText, offsetTimeMs, recipientKey } from './normalize.js';

describe('normalizeText', () => {
  it('should turn full-width digits and letters half-width and drop spaces', () => {
    expect(normalizeText('文三路 ９０号')).toBe('文三路90号');
    expect(normalizeText('ＲＯＯＭ　５０１')).toBe('room501');
  });

  it('should drop ASCII and CJK punctuation', () => {
    expect(normalizeText('文三路90号（东门），【菜鸟驿站】、3-2-501。')).toBe('文三路90号东门菜鸟驿站32501');
    expect(normalizeText('"No. 88", Nanjing Rd. (West)')).toBe('no88nanjingrdwest');
  });

  it('should fold case, also where lower case alone would not', () => {
    expect(normalizeText('Zhang San')).toBe(normalizeText('ZHANG  SAN'));
    expect(normalizeText('Straße')).toBe(normalizeText('STRASSE'));
  });

  it('should unify 號/# with 号 and traditional address characters', () => {
    expect(normalizeText('文三路90號')).toBe('文三路90号');
    expect(normalizeText('文三路90#')).toBe('文三路90号');
    expect(normalizeText('3#樓2單元')).toBe('3号楼2单元');
    expect(normalizeText('西湖區')).toBe('西湖区');
    expect(normalizeText('5幢')).toBe(normalizeText('5棟'));
  });

  it('should keep names apart that differ', () => {
    expect(normalizeText('张三')).not.toBe(normalizeText('张山'));
    expect(normalizeText('阿卜杜·热合曼')).toBe('阿卜杜热合曼');
  });
});

describe('addressKey', () => {
  it('should give one key for the same address typed differently', () => {
    const a = addressKey('浙江省杭州市西湖区文三路 ９０号');
    expect(a).toBe(addressKey('浙江省 杭州市 西湖区 文三路90号'));
    expect(a).toBe(addressKey('浙江省杭州市西湖区文三路90號'));
    expect(a).toBe(addressKey('浙江省，杭州市，西湖区，文三路90#'));
    expect(a).toBe('浙江省杭州市西湖区文三路90号');
  });

  it('should give a structured address the key of its one-line form', () => {
    const line = addressKey('上海市浦东新区张江镇科苑路88号 3幢501室');
    expect(
      addressKey({ province: '上海市', city: '上海市', district: '浦东新区', street: '张江镇科苑路88号', detail: '3幢501室' }),
    ).toBe(line);
    // A municipality is province and city at once: the repeat collapses.
    expect(line).toBe('上海市浦东新区张江镇科苑路88号3栋501室');
    expect(addressKey({ province: '上海市', district: '浦东新区', street: '张江镇科苑路８８号', detail: '3棟 501室' })).toBe(
      line,
    );
  });

  it('should not repeat levels the street already carries', () => {
    const key = addressKey({ province: '浙江省', city: '杭州市', district: '西湖区', street: '浙江省杭州市西湖区文三路90号' });
    expect(key).toBe('浙江省杭州市西湖区文三路90号');
    expect(addressKey({ province: '浙江省', city: '杭州市', district: '西湖区', street: '杭州市西湖区文三路90号' })).toBe(key);
    // Digits are no level boundary: "9" + "90室" is not "90室".
    expect(addressKey({ street: '文三路9', detail: '90室' })).toBe('文三路990室');
  });

  it('should keep different addresses apart', () => {
    expect(addressKey('浙江省杭州市西湖区文三路90号')).not.toBe(addressKey('浙江省杭州市西湖区文三路9号'));
    expect(addressKey('浙江省杭州市西湖区文三路90号')).not.toBe(addressKey('浙江省杭州市拱墅区文三路90号'));
  });

  it('should handle Latin addresses', () => {
    expect(addressKey('Flat 5B, 88 Queen’s Road Central, Hong Kong')).toBe(
      addressKey('flat 5b 88 queens road central hong kong'),
    );
  });
});

describe('normalizePhone', () => {
  it('should reduce a mainland mobile to its 11 digits however it is written', () => {
    for (const phone of [
      '138 0013 8000',
      '138-0013-8000',
      '+86 138 0013 8000',
      '+86-13800138000',
      '0086 138 0013 8000',
      '86 13800138000',
      '１３８００１３８０００',
      '(+86) 138.0013.8000',
    ]) {
      expect(normalizePhone(phone), phone).toBe('13800138000');
    }
  });

  it('should give a landline its trunk 0 back after the country code', () => {
    expect(normalizePhone('0571-8888 8888')).toBe('057188888888');
    expect(normalizePhone('+86 571 8888 8888')).toBe('057188888888');
    expect(normalizePhone('+86 (0)571 88888888')).toBe('057188888888');
  });

  it('should keep other countries with their code', () => {
    expect(normalizePhone('+852 9123 4567')).toBe('+85291234567');
    expect(normalizePhone('00852-9123-4567')).toBe('+85291234567');
    expect(normalizePhone('+1 (415) 555-0100')).toBe('+14155550100');
  });
});

describe('recipientKey', () => {
  it('should match the same person written differently', () => {
    const key = recipientKey({ name: '张三', phone: '138 0013 8000' });
    expect(key).toBe(recipientKey({ name: '张 三', phone: '+86 13800138000' }));
    expect(key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('should tell apart another phone or another name', () => {
    const key = recipientKey({ name: '张三', phone: '13800138000' });
    expect(key).not.toBe(recipientKey({ name: '张三', phone: '13800138001' }));
    expect(key).not.toBe(recipientKey({ name: '李四', phone: '13800138000' }));
  });

  it('should not be the name and phone concatenated', () => {
    // "张三1" + "3800138000" must not collide with "张三" + "13800138000".
    expect(recipientKey({ name: '张三1', phone: '3800138000' })).not.toBe(recipientKey({ name: '张三', phone: '13800138000' }));
  });
});

describe('offsetTimeMs', () => {
  it('should read ISO 8601 times with Z or an offset', () => {
    expect(offsetTimeMs('2026-03-02T18:00:00+08:00')).toBe(Date.UTC(2026, 2, 2, 10));
    expect(offsetTimeMs('2026-03-02T10:00Z')).toBe(Date.UTC(2026, 2, 2, 10));
    expect(offsetTimeMs('2026-03-02T10:00:00.250-05:00')).toBe(Date.UTC(2026, 2, 2, 15, 0, 0, 250));
  });

  it('should refuse times without an offset and impossible dates', () => {
    for (const bad of [
      '2026-03-02T18:00:00',
      '2026-03-02',
      '2026-03-02 18:00+08:00',
      '2026-02-30T10:00Z',
      '2026-01-01T24:00Z',
      'soon',
    ]) {
      expect(offsetTimeMs(bad), bad).toBeUndefined();
    }
    expect(offsetTimeMs('2028-02-29T10:00Z')).toBe(Date.UTC(2028, 1, 29, 10));
  });
});
