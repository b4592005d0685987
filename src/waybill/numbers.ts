import { createHash } from 'node:crypto';
import { AppError, ErrorCode } from '../core/index.js';
import type { CarrierConfig, CheckScheme, Consolidation } from './model.js';

// Waybill numbers and destination codes. Pure.
//
// Number = carrier prefix + sequence zero-padded to the carrier's length + one check digit computed
// over the sequence digits. Luhn catches every single-digit error and every adjacent transposition
// but 09 <-> 90. S10's mod 11 maps remainders 0 and 6 both to 5, so it misses the (rare) error or
// transposition that moves the weighted sum between those two remainders, and catches all others.

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];

/** UPU S10 check digit, weights 8,6,4,2,3,5,9,7 (repeated past 8 digits): 11 - (sum mod 11), 10 → 0, 11 → 5. */
export function mod11CheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * S10_WEIGHTS[i % S10_WEIGHTS.length]!;
  const c = 11 - (sum % 11);
  return String(c === 10 ? 0 : c === 11 ? 5 : c);
}

/** Luhn (mod 10) check digit: double every second digit from the right, starting with the last. */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function checkDigit(digits: string, scheme: CheckScheme): string {
  if (!/^\d+$/.test(digits)) throw new AppError(ErrorCode.Internal, `check digit of a non-numeric sequence "${digits}"`);
  return scheme === 'mod11' ? mod11CheckDigit(digits) : luhnCheckDigit(digits);
}

/** Largest sequence a carrier's number length can hold. */
export const maxSequence = (carrier: Pick<CarrierConfig, 'sequenceDigits'>): number => 10 ** carrier.sequenceDigits - 1;

/** The waybill number of one sequence value: prefix + padded sequence + check digit. */
export function formatWaybillNo(carrier: CarrierConfig, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence > maxSequence(carrier)) {
    throw new AppError(
      ErrorCode.Unprocessable,
      `sequence ${sequence} does not fit ${carrier.code}'s ${carrier.sequenceDigits} digits`,
    );
  }
  const digits = String(sequence).padStart(carrier.sequenceDigits, '0');
  return carrier.prefix + digits + checkDigit(digits, carrier.checkScheme);
}

/** True when `waybillNo` has the carrier's prefix and length and a correct check digit. */
export function isValidWaybillNo(waybillNo: string, carrier: CarrierConfig): boolean {
  if (waybillNo.length !== carrier.prefix.length + carrier.sequenceDigits + 1) return false;
  if (!waybillNo.startsWith(carrier.prefix)) return false;
  const digits = waybillNo.slice(carrier.prefix.length, -1);
  if (!/^\d+$/.test(digits)) return false;
  return checkDigit(digits, carrier.checkScheme) === waybillNo.slice(-1);
}

/** The carrier whose rule a number satisfies, if any. */
export const carrierOfWaybillNo = <C extends CarrierConfig>(waybillNo: string, carriers: readonly C[]): C | undefined =>
  carriers.find((c) => isValidWaybillNo(waybillNo, c));

// ---- destination codes ----
//
// Greenlink's own derivation, deterministic from province/city/district, for labels and demo data;
// NOT a carrier's routing code (a live integration takes 三段码 and 集包地 from the carrier's API).
// First segment: the province's GB/T 2260 code x 10 (浙江 33 -> 330), or 900-999 from a hash for
// names not in the table; second: 3 digits hashed from province + city; third: 2 digits hashed from
// province + city + district. Hashed segments can collide; they are illustrative.

const PROVINCE_CODES: Record<string, number> = {
  北京: 11,
  天津: 12,
  河北: 13,
  山西: 14,
  内蒙古: 15,
  辽宁: 21,
  吉林: 22,
  黑龙江: 23,
  上海: 31,
  江苏: 32,
  浙江: 33,
  安徽: 34,
  福建: 35,
  江西: 36,
  山东: 37,
  河南: 41,
  湖北: 42,
  湖南: 43,
  广东: 44,
  广西: 45,
  海南: 46,
  重庆: 50,
  四川: 51,
  贵州: 52,
  云南: 53,
  西藏: 54,
  陕西: 61,
  甘肃: 62,
  青海: 63,
  宁夏: 64,
  新疆: 65,
  台湾: 71,
  香港: 81,
  澳门: 82,
};

const PROVINCE_SUFFIX = /(?:壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|省|市)$/;
const CITY_SUFFIX = /(?:自治州|地区|市|盟)$/;
const DISTRICT_SUFFIX = /(?:自治县|区|县|市|旗)$/;

/** Trims, folds width and case, and drops one administrative suffix (浙江省 → 浙江) when a name remains. */
export function normalizePlace(name: string, suffix: RegExp = PROVINCE_SUFFIX): string {
  const s = name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const stripped = s.replace(suffix, '');
  return [...stripped].length >= 2 ? stripped : s;
}

const hashInt = (value: string): number => createHash('sha256').update(value).digest().readUInt32BE(0);

export interface Destination {
  province: string;
  city: string;
  district: string;
}

const placesOf = (d: Destination) => ({
  province: normalizePlace(d.province, PROVINCE_SUFFIX),
  city: normalizePlace(d.city, CITY_SUFFIX),
  district: normalizePlace(d.district, DISTRICT_SUFFIX),
});

/** Three-segment sort code (三段码) `PPP-CCC-DD`; Greenlink's own, see above. */
export function sortCodeOf(destination: Destination): string {
  const p = placesOf(destination);
  const known = PROVINCE_CODES[p.province];
  const seg1 = known !== undefined ? known * 10 : 900 + (hashInt(`p|${p.province}`) % 100);
  const seg2 = hashInt(`c|${p.province}|${p.city}`) % 1000;
  const seg3 = hashInt(`d|${p.province}|${p.city}|${p.district}`) % 100;
  return `${seg1}-${String(seg2).padStart(3, '0')}-${String(seg3).padStart(2, '0')}`;
}

/** Consolidation point (集包地): one per destination city, named after it (杭州集包). Greenlink's own. */
export function consolidationOf(destination: Destination, sortCode: string = sortCodeOf(destination)): Consolidation {
  const [seg1, seg2] = sortCode.split('-');
  const city = normalizePlace(destination.city, CITY_SUFFIX);
  return { code: `${seg1}${seg2}`, name: `${city}集包` };
}
