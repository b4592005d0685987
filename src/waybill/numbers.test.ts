import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/index.js';
import { type CarrierConfig, DEFAULT_CARRIERS } from './model.js';
import {
  carrierOfWaybillNo,
  checkDigit,
  consolidationOf,
  formatWaybillNo,
  isValidWaybillNo,
  luhnCheckDigit,
  maxSequence,
  mod11CheckDigit,
  normalizePlace,
  sortCodeOf,
} from './numbers.js';

const ZTO = DEFAULT_CARRIERS.find((c) => c.code === 'ZTO')!;
const EMS = DEFAULT_CARRIERS.find((c) => c.code === 'EMS')!;

describe('check digits', () => {
  it('should give the UPU S10 example RR 47312482 9 GB and the 10 → 0, 11 → 5 rules', () => {
    expect(mod11CheckDigit('47312482')).toBe('9');
    expect(mod11CheckDigit('12345678')).toBe('5'); // 204 mod 11 = 6, 11 - 6 = 5
    expect(mod11CheckDigit('70000000')).toBe('0'); // 56 mod 11 = 1 → 10 → 0
    expect(mod11CheckDigit('00000000')).toBe('5'); // 0 → 11 → 5
  });

  it('should give the Luhn textbook vector 7992739871 → 3', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnCheckDigit('0000000000')).toBe('0');
    expect(luhnCheckDigit('1')).toBe('8');
  });

  it('should refuse a non-numeric sequence', () => {
    expect(() => checkDigit('12a4', 'luhn')).toThrow(/non-numeric/);
  });
});

describe('waybill numbers', () => {
  it('should be prefix + zero-padded sequence + check digit', () => {
    expect(formatWaybillNo(ZTO, 1)).toBe('78000000000018');
    expect(formatWaybillNo(EMS, 47312482)).toBe('E473124829');
    expect(isValidWaybillNo('78000000000018', ZTO)).toBe(true);
    expect(isValidWaybillNo('E473124829', EMS)).toBe(true);
  });

  it('should reject a wrong prefix, length, letter or check digit', () => {
    expect(isValidWaybillNo('79000000000018', ZTO)).toBe(false);
    expect(isValidWaybillNo('7800000000018', ZTO)).toBe(false);
    expect(isValidWaybillNo('780000000000A8', ZTO)).toBe(false);
    expect(isValidWaybillNo('78000000000019', ZTO)).toBe(false);
  });

  // The weighted sum mod 11 behind an S10 check digit, to tell the documented blind spot (0 and 6 → 5).
  const s10Remainder = (digits: string) =>
    [...digits].reduce((sum, d, i) => sum + Number(d) * [8, 6, 4, 2, 3, 5, 9, 7][i % 8]!, 0) % 11;

  it('should catch every single-digit error under Luhn, and all but the 0/6 remainder pair under mod11', () => {
    const rand = seededRandom(6);
    for (const carrier of DEFAULT_CARRIERS) {
      for (let n = 0; n < 50; n++) {
        const no = formatWaybillNo(carrier, Math.floor(rand() * maxSequence(carrier)));
        expect(isValidWaybillNo(no, carrier)).toBe(true);
        for (let i = carrier.prefix.length; i < no.length; i++) {
          for (let d = 0; d <= 9; d++) {
            if (String(d) === no[i]) continue;
            const wrong = no.slice(0, i) + d + no.slice(i + 1);
            if (!isValidWaybillNo(wrong, carrier)) continue;
            // Accepted: only mod11, only a sequence digit, only between remainders 0 and 6.
            expect(carrier.checkScheme).toBe('mod11');
            const seq = (x: string) => x.slice(carrier.prefix.length, -1);
            expect(new Set([s10Remainder(seq(no)), s10Remainder(seq(wrong))])).toEqual(new Set([0, 6]));
          }
        }
      }
    }
  });

  it('should catch adjacent transpositions of the sequence under mod11 but for the 0/6 remainder pair', () => {
    const carrier: CarrierConfig = { ...EMS, code: 'T', prefix: 'T' };
    const rand = seededRandom(7);
    let missed = 0;
    let tried = 0;
    for (let n = 0; n < 200; n++) {
      const no = formatWaybillNo(carrier, Math.floor(rand() * maxSequence(carrier)));
      for (let i = 1; i < no.length - 2; i++) {
        if (no[i] === no[i + 1]) continue;
        const swapped = no.slice(0, i) + no[i + 1] + no[i] + no.slice(i + 2);
        tried++;
        if (!isValidWaybillNo(swapped, carrier)) continue;
        missed++;
        expect(new Set([s10Remainder(no.slice(1, -1)), s10Remainder(swapped.slice(1, -1))])).toEqual(new Set([0, 6]));
      }
    }
    expect(missed / tried).toBeLessThan(0.05);
  });

  it('should refuse a sequence beyond the carrier length', () => {
    expect(() => formatWaybillNo(EMS, 100_000_000)).toThrow(/does not fit/);
    expect(() => formatWaybillNo(EMS, -1)).toThrow();
  });

  it('should find the carrier of a number', () => {
    expect(carrierOfWaybillNo(formatWaybillNo(ZTO, 42), DEFAULT_CARRIERS)?.code).toBe('ZTO');
    expect(carrierOfWaybillNo('nonsense', DEFAULT_CARRIERS)).toBeUndefined();
  });

  it('should keep default prefixes distinct', () => {
    expect(new Set(DEFAULT_CARRIERS.map((c) => c.prefix)).size).toBe(DEFAULT_CARRIERS.length);
  });
});

describe('sort code and consolidation point (ours)', () => {
  const hz = { province: '浙江省', city: '杭州市', district: '西湖区' };

  it('should be three segments, deterministic, province first segment from GB/T 2260', () => {
    const code = sortCodeOf(hz);
    expect(code).toMatch(/^330-\d{3}-\d{2}$/);
    expect(sortCodeOf({ ...hz })).toBe(code);
    expect(sortCodeOf({ province: ' 浙江 ', city: '杭州', district: '西湖' })).toBe(code);
    expect(sortCodeOf({ province: '广西壮族自治区', city: '南宁市', district: '青秀区' })).toMatch(/^450-/);
    expect(sortCodeOf({ province: 'Atlantis', city: 'X', district: 'Y' })).toMatch(/^9\d{2}-\d{3}-\d{2}$/);
  });

  it('should name the consolidation point after the city', () => {
    const c = consolidationOf(hz);
    expect(c.name).toBe('杭州集包');
    expect(c.code).toBe(sortCodeOf(hz).split('-').slice(0, 2).join(''));
  });

  it('should keep one-character names when stripping a suffix would empty them', () => {
    expect(normalizePlace('沙市')).toBe('沙市');
    expect(normalizePlace('浙江省')).toBe('浙江');
  });
});
