import { invalid } from '../../core/index.js';

/** Throws a validation error naming the field at fault. */
export function fail(field: string, message: string): never {
  throw invalid(message, [{ field, message }]);
}

export const isDigits = (s: string): boolean => /^[0-9]+$/.test(s);

/** GS1 mod-10 check digit of `digits` (the key without its check digit). */
export function gs1CheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Throws unless the last digit of `key` is its GS1 check digit. */
export function assertCheckDigit(key: string, field: string): void {
  if (!isDigits(key)) fail(field, `${field} "${key}" must be digits`);
  const expected = gs1CheckDigit(key.slice(0, -1));
  if (key.at(-1) !== expected) fail(field, `${field} "${key}" has a bad check digit (expected ${expected})`);
}

/** GS1 AI encodable character set 82, the characters allowed in alphanumeric serials. */
const CHARSET_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;
export const isCharset82 = (s: string): boolean => CHARSET_82.test(s);

// TDS: these characters are percent-escaped in EPC URIs; the rest of set 82 appears as is.
const URI_ESCAPED = new Set(['"', '%', '&', '/', '<', '>', '?']);

/** Escapes a serial for an EPC URI (`32a/b` → `32a%2Fb`). */
export const escapeEpcUri = (s: string): string =>
  [...s].map((c) => (URI_ESCAPED.has(c) ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : c)).join('');

/** Reads an escaped EPC URI component strictly: only set-82 characters, the reserved ones escaped. */
export function unescapeEpcUri(s: string, field: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail(field, `${field} "${s}" has a bad percent escape at position ${i + 1}`);
      const decoded = String.fromCharCode(Number.parseInt(hex, 16));
      if (!isCharset82(decoded)) fail(field, `${field} "${s}" escapes a character outside GS1 set 82 (%${hex})`);
      out += decoded;
      i += 2;
    } else if (URI_ESCAPED.has(c)) {
      fail(field, `${field} "${s}" must percent-escape "${c}" in a URI`);
    } else if (!isCharset82(c)) {
      fail(field, `${field} "${s}" has a character outside GS1 set 82: "${c}"`);
    } else {
      out += c;
    }
  }
  return out;
}

/** Percent-encodes a Digital Link path value: everything but URI unreserved characters. */
export const encodeDigitalLinkValue = (s: string): string =>
  [...s]
    .map((c) => (/[A-Za-z0-9\-._~]/.test(c) ? c : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');

export function decodeDigitalLinkValue(s: string, field: string): string {
  let value: string;
  try {
    value = decodeURIComponent(s);
  } catch {
    return fail(field, `${field} "${s}" has a bad percent escape`);
  }
  if (!isCharset82(value)) fail(field, `${field} "${value}" has characters outside GS1 set 82`);
  return value;
}

/** Throws unless `value` is a canonical decimal integer (no leading zeros) below 2^bits. */
export function assertIntegerSerial(value: string, field: string, bits: number, scheme: string): bigint {
  if (!isDigits(value)) fail(field, `${scheme} needs a numeric ${field}; "${value}" is not (use the alphanumeric scheme)`);
  if (value.length > 1 && value.startsWith('0')) {
    fail(field, `${scheme} cannot encode ${field} "${value}": numeric ${field}s must not have leading zeros`);
  }
  const n = BigInt(value);
  if (n >= 1n << BigInt(bits)) fail(field, `${field} ${value} is too large for ${scheme} (max ${(1n << BigInt(bits)) - 1n})`);
  return n;
}
