import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError, ErrorCode } from './errors.js';

/** sha256 hex: for high-entropy secrets (API keys) a plain hash is enough; no salt needed. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

export function safeEqualHex(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * Envelope for personal data at rest: AES-256-GCM with a key id, so keys can rotate.
 * Format: `v1.<keyId>.<iv b64url>.<tag b64url>.<ciphertext b64url>`.
 */
export interface KeyRing {
  /** Key used for new ciphertexts. */
  currentKeyId: string;
  /** All keys that may still decrypt, by id; each 32 bytes. */
  keys: Record<string, Buffer>;
}

export function encryptField(ring: KeyRing, plaintext: string): string {
  const key = ring.keys[ring.currentKeyId];
  if (!key) throw new AppError(ErrorCode.Internal, `encryption key ${ring.currentKeyId} missing`);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ['v1', ring.currentKeyId, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
}

export function decryptField(ring: KeyRing, envelope: string): string {
  const [version, keyId, iv, tag, ct] = envelope.split('.');
  if (version !== 'v1' || !keyId || !iv || !tag || ct === undefined) {
    throw new AppError(ErrorCode.Internal, 'malformed encrypted field');
  }
  const key = ring.keys[keyId];
  if (!key) throw new AppError(ErrorCode.Internal, `encryption key ${keyId} is not configured`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** Key id of an envelope, to find rows that still need re-encryption after a rotation. */
export const keyIdOf = (envelope: string): string | undefined => envelope.split('.')[1];
