import { sha256Hex } from '../core/index.js';
import type { Address, Recipient } from './model.js';

// Keys for "same recipient, same address": text as people type it (full-width digits, spaces,
// punctuation, traditional characters) reduced to one spelling. Deliberately conservative: a
// missed merge costs a parcel, a wrong merge sends someone else's goods to the door.

// Traditional forms and synonyms of the characters that structure a Chinese address (number,
// district, building, floor, unit). Not a full traditional-to-simplified conversion. `#` is how
// 号 is often typed ("90#", "3#楼").
const VARIANTS: Record<string, string> = {
  '#': '号',
  號: '号',
  區: '区',
  縣: '县',
  鎮: '镇',
  鄉: '乡',
  樓: '楼',
  棟: '栋',
  幢: '栋',
  層: '层',
  單: '单',
  門: '门',
  裡: '里',
  裏: '里',
};
const VARIANT_CHARS = new RegExp(`[${Object.keys(VARIANTS).join('')}]`, 'gu');

// Everything but letters, combining marks and digits: ASCII and CJK punctuation (，。、（）【】－…),
// symbols and every kind of space.
const NOT_WORD = /[^\p{L}\p{M}\p{N}]/gu;

/**
 * One spelling for a name or an address fragment: NFKC (full-width to half-width), case folded,
 * 號/#-style variants unified, spaces, punctuation and symbols removed.
 */
export function normalizeText(text: string): string {
  return (
    text
      .normalize('NFKC')
      // Upper then lower approximates full case folding: "Straße" and "STRASSE" both become "strasse".
      .toUpperCase()
      .toLowerCase()
      .replace(VARIANT_CHARS, (c) => VARIANTS[c])
      .replace(NOT_WORD, '')
  );
}

// Mainland mobile numbers: 11 digits starting 13-19.
const MOBILE = /^1[3-9]\d{9}$/;

/**
 * A phone number as digits: the +86 / 0086 / 86 country code dropped from mainland numbers (a
 * landline gets its trunk 0 back, so "+86 571 8888 8888" equals "0571-8888 8888"); other
 * countries keep "+" and their code.
 */
export function normalizePhone(phone: string): string {
  const text = phone.normalize('NFKC').trim();
  let digits = text.replace(/\D/g, '');
  let international = text.startsWith('+');
  if (!international && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  if (international) {
    if (!digits.startsWith('86')) return `+${digits}`;
    const national = digits.slice(2);
    return MOBILE.test(national) ? national : `0${national.replace(/^0/, '')}`;
  }
  // "86 138 0013 8000": a mobile with the country code but no "+".
  if (digits.length === 13 && digits.startsWith('86') && MOBILE.test(digits.slice(2))) return digits.slice(2);
  return digits;
}

/** Hash of the normalised name and phone: groups a recipient's orders without carrying the personal data. */
export function recipientKey(recipient: Pick<Recipient, 'name' | 'phone'>): string {
  return sha256Hex(`${normalizeText(recipient.name)}\u0000${normalizePhone(recipient.phone)}`).slice(0, 32);
}

// Characters that end an administrative level; an overlap between address parts must end on one.
const LEVEL_END = new Set(['省', '市', '区', '县', '州', '盟', '旗', '镇', '乡']);

/** Appends `part` to `key`, dropping a repeated head of administrative levels ("杭州市西湖区" already in the key). */
function appendPart(key: string, part: string): string {
  for (let k = Math.min(key.length, part.length); k >= 2; k--) {
    if (LEVEL_END.has(part[k - 1]) && key.endsWith(part.slice(0, k))) return key + part.slice(k);
  }
  return key + part;
}

/**
 * The normalised province + city + district + street + detail. A one-line address gives the same
 * key as its structured form, also when the street repeats the levels before it.
 */
export function addressKey(address: Address): string {
  if (typeof address === 'string') return normalizeText(address);
  let key = '';
  for (const part of [address.province, address.city, address.district, address.street, address.detail]) {
    if (part) key = appendPart(key, normalizeText(part));
  }
  return key;
}

// ISO 8601 with an explicit offset (Z or ±hh:mm), as the edges require.
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms of an ISO 8601 time with an offset; undefined when it has none or is not a time. */
export function offsetTimeMs(value: string): number | undefined {
  const m = ISO_WITH_OFFSET.exec(value);
  if (!m) return undefined;
  // Date.parse rolls 30 February over into March and takes 24:00; both are typing errors here.
  const [year, month, day, hour] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate() || hour > 23) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
