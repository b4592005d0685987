import { randomBytes } from 'node:crypto';

// Crockford base32: sortable, case-insensitive, no ambiguous letters.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function encodeBase32(value: bigint, length: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}

let lastMs = 0;
let lastRandom = 0n;

/**
 * A time-ordered id (ULID layout: 48-bit ms time + 80 random bits) with a type prefix,
 * e.g. `site_01j9x...`. Ids made in the same millisecond stay ordered, so they page as cursors.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  let random: bigint;
  if (nowMs === lastMs) {
    random = lastRandom + 1n;
  } else {
    random = BigInt(`0x${randomBytes(10).toString('hex')}`);
  }
  lastMs = nowMs;
  lastRandom = random;
  return `${prefix}_${encodeBase32(BigInt(nowMs), 10)}${encodeBase32(random & ((1n << 80n) - 1n), 16)}`;
}

const ID_PATTERN = /^[a-z][a-z0-9]*_[0-9a-z]{26}$/;
export const isId = (value: string): boolean => ID_PATTERN.test(value);
