import { randomBytes } from 'node:crypto';
import { decryptField, encryptField, type KeyRing, maskAddress, maskName, maskPhone, sha256Hex } from '../core/index.js';
import type { MaskedParty, Party } from './model.js';

// Privacy by design (GB/T 41833-2022): full parties only encrypted at rest, masked everywhere else,
// and a random token on the label that an authorised courier resolves through the API (audited).

/** The party as printed and shown: name keeps its first character, phone hides ≥ 6 digits, address hides house/unit/room. */
export const maskParty = (p: Party): MaskedParty => ({
  name: maskName(p.name),
  phone: maskPhone(p.phone),
  province: p.province,
  city: p.city,
  district: p.district,
  address: maskAddress(p.address),
});

/** A masked party as one label line each (the label renderer's `MaskedParty`): address = province + city + district + masked address. */
export const labelParty = (m: MaskedParty): { name: string; phone: string; address: string } => ({
  name: m.name,
  phone: m.phone,
  address: `${m.province}${m.city}${m.district}${m.address}`,
});

const plainParty = (p: Party): Party => ({
  name: p.name,
  phone: p.phone,
  province: p.province,
  city: p.city,
  district: p.district,
  address: p.address,
});

/** Sender and recipient as one AES-256-GCM envelope (core/crypto) under the key ring's current key. */
export const sealParties = (ring: KeyRing, parties: { sender: Party; recipient: Party }): string =>
  encryptField(ring, JSON.stringify({ sender: plainParty(parties.sender), recipient: plainParty(parties.recipient) }));

export const openParties = (ring: KeyRing, envelope: string): { sender: Party; recipient: Party } =>
  JSON.parse(decryptField(ring, envelope)) as { sender: Party; recipient: Party };

/** Prefix of QR tokens, so a scanner app can tell them from waybill numbers. */
export const QR_TOKEN_PREFIX = 'glq_';
const QR_TOKEN = /^glq_[A-Za-z0-9_-]{27}$/;

const TOKEN_BYTES = 20;

/** A new QR token: 160 random bits, base64url (`glq_` + 27 characters), unguessable. */
export const newQrToken = (): string => newQrTokens(1)[0]!;

/** `n` new QR tokens from one draw of the system CSPRNG (batch issuance). */
export function newQrTokens(n: number): string[] {
  const bytes = randomBytes(TOKEN_BYTES * n);
  return Array.from(
    { length: n },
    (_, i) => QR_TOKEN_PREFIX + bytes.subarray(i * TOKEN_BYTES, (i + 1) * TOKEN_BYTES).toString('base64url'),
  );
}

export const isQrToken = (value: string): boolean => QR_TOKEN.test(value);

/** What the database indexes tokens by: a plain sha256 is enough for a 160-bit random secret. */
export const qrTokenHash = (token: string): string => sha256Hex(token);

/**
 * The strings of a party that must never appear in a label or an ordinary response: the full name
 * (when longer than one character), the phone digits, and the house/unit/room part of the address
 * that masking hides. For tests of labels and responses.
 */
export function sensitiveFragments(p: Party): string[] {
  const out: string[] = [];
  const name = p.name.trim();
  if ([...name].length > 1) out.push(name);
  const digits = p.phone.replace(/\D/g, '');
  if (digits.length > 0) out.push(digits);
  if (p.phone.trim() !== digits && p.phone.trim().length > 0) out.push(p.phone.trim());
  const masked = maskAddress(p.address);
  const kept = masked.endsWith('****') ? masked.slice(0, -4) : masked;
  const hidden = p.address.slice(kept.length).trim();
  if (hidden.length >= 2) out.push(hidden);
  // Each building/unit/room number on its own (3幢, 1单元, 502室), in case a label prints part of it.
  for (const m of hidden.matchAll(/[0-9０-９]+\s*(?:室|户|單元|单元|幢|栋|號樓|号楼|层|層|楼|樓)/g)) out.push(m[0]);
  return [...new Set(out)];
}

/** The sensitive fragments of `parties` that `text` contains (empty when the text is safe). */
export function findUnmasked(text: string, parties: readonly Party[]): string[] {
  const flat = text.replace(/\s+/g, '');
  const found = new Set<string>();
  for (const p of parties) {
    for (const f of sensitiveFragments(p)) if (text.includes(f) || flat.includes(f.replace(/\s+/g, ''))) found.add(f);
  }
  return [...found];
}
