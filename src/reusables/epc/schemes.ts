import { BitReader, BitWriter } from './bits.js';
import { assertIntegerSerial, fail, isCharset82 } from './gs1.js';
import { validateIdentity } from './identity.js';
import type { EpcIdentity, EpcKind, EpcScheme } from './model.js';
import { PARTITIONS, partitionFor } from './partition.js';

type SerialLayout =
  | { type: 'integer'; bits: number }
  | { type: 'string'; chars: number }
  | { type: 'none'; reservedBits: number };

interface SchemeDef {
  scheme: EpcScheme;
  kind: EpcKind;
  header: number;
  bits: number;
  serial: SerialLayout;
}

/** The binary schemes, by header byte (TDS table 14-1). */
export const SCHEMES: readonly SchemeDef[] = [
  { scheme: 'sgtin-96', kind: 'sgtin', header: 0x30, bits: 96, serial: { type: 'integer', bits: 38 } },
  { scheme: 'sscc-96', kind: 'sscc', header: 0x31, bits: 96, serial: { type: 'none', reservedBits: 24 } },
  { scheme: 'sgln-96', kind: 'sgln', header: 0x32, bits: 96, serial: { type: 'integer', bits: 41 } },
  { scheme: 'grai-96', kind: 'grai', header: 0x33, bits: 96, serial: { type: 'integer', bits: 38 } },
  { scheme: 'giai-96', kind: 'giai', header: 0x34, bits: 96, serial: { type: 'none', reservedBits: 0 } },
  { scheme: 'sgtin-198', kind: 'sgtin', header: 0x36, bits: 198, serial: { type: 'string', chars: 20 } },
  { scheme: 'grai-170', kind: 'grai', header: 0x37, bits: 170, serial: { type: 'string', chars: 16 } },
];

const KNOWN_UNSUPPORTED: Record<number, string> = {
  44: 'GDTI-96',
  45: 'GSRN-96',
  46: 'GSRNP-96',
  53: 'GID-96',
  56: 'GIAI-202',
  57: 'SGLN-195',
  58: 'GDTI-113',
  59: 'ADI-var',
  60: 'CPI-96',
  61: 'CPI-var',
  62: 'GDTI-174',
  63: 'SGCN-96',
};

export const schemeDef = (scheme: EpcScheme): SchemeDef | undefined => SCHEMES.find((s) => s.scheme === scheme);

/** True when the identity fits the 96-bit scheme of its kind (numeric serial, no leading zero, in range). */
export function fitsScheme(id: EpcIdentity, scheme: EpcScheme): boolean {
  try {
    encodeBinary(id, scheme, 0);
    return true;
  } catch {
    return false;
  }
}

export function assertFilter(filter: number): void {
  if (!Number.isInteger(filter) || filter < 0 || filter > 7) fail('filter', `filter must be an integer 0 to 7, got ${filter}`);
}

/** Encodes a pure identity with a binary scheme and filter value to hex. */
export function encodeBinary(id: EpcIdentity, scheme: EpcScheme, filter: number): string {
  const def = schemeDef(scheme);
  if (!def) fail('scheme', `unsupported scheme "${scheme}"`);
  if (def.kind !== id.kind) fail('scheme', `${scheme} cannot encode a ${id.kind.toUpperCase()}`);
  assertFilter(filter);
  validateIdentity(id);
  const partition = partitionFor(id.companyPrefix.length);
  const row = PARTITIONS[id.kind][partition]!;
  const w = new BitWriter().write(BigInt(def.header), 8).write(BigInt(filter), 3).write(BigInt(partition), 3);
  w.write(BigInt(id.companyPrefix), row.companyPrefixBits);
  if (id.kind === 'giai') {
    w.write(assertIntegerSerial(id.reference, 'reference', row.referenceBits, scheme), row.referenceBits);
  } else {
    w.write(id.reference === '' ? 0n : BigInt(id.reference), row.referenceBits);
  }
  const serial = id.serial ?? '';
  const layout = def.serial;
  if (layout.type === 'integer') {
    w.write(assertIntegerSerial(serial, 'serial', layout.bits, scheme), layout.bits);
  } else if (layout.type === 'string') {
    if (serial.length > layout.chars) fail('serial', `${scheme} serial is at most ${layout.chars} characters`);
    for (const c of serial) w.write(BigInt(c.charCodeAt(0)), 7);
    w.write(0n, 7 * (layout.chars - serial.length));
  } else {
    w.write(0n, layout.reservedBits);
  }
  if (w.length !== def.bits) throw new Error(`internal: ${scheme} wrote ${w.length} bits`);
  return w.toHex();
}

function readFixedDigits(r: BitReader, bits: number, digits: number, field: string): string {
  const v = r.read(bits);
  if (digits === 0) {
    if (v !== 0n) fail(field, `${field} must be empty for this partition but encodes ${v}`);
    return '';
  }
  if (v >= 10n ** BigInt(digits)) fail(field, `${field} ${v} has more than ${digits} digits`);
  return v.toString().padStart(digits, '0');
}

/** Decodes reader hex to scheme, filter and pure identity, checking length, header, partition and fields. */
export function decodeBinary(hexInput: string): { scheme: EpcScheme; filter: number; identity: EpcIdentity } {
  const hex = hexInput.trim();
  if (!/^[0-9A-Fa-f]+$/.test(hex)) fail('hex', `"${hexInput}" is not hexadecimal`);
  if (hex.length < 2) fail('hex', 'hex is too short to hold an EPC header');
  const header = Number.parseInt(hex.slice(0, 2), 16);
  const def = SCHEMES.find((s) => s.header === header);
  if (!def) {
    const name = KNOWN_UNSUPPORTED[header];
    const hh = hex.slice(0, 2).toUpperCase();
    fail('header', name ? `EPC header ${hh} (${name}) is not supported` : `unknown EPC header ${hh}`);
  }
  // Readers return whole 16-bit words; the TDS vectors give whole nibbles. Accept both, padding zero.
  const minHex = Math.ceil(def.bits / 4);
  const maxHex = Math.ceil(def.bits / 16) * 4;
  if (hex.length < minHex || hex.length > maxHex) {
    const want = minHex === maxHex ? `${minHex}` : `${minHex} to ${maxHex}`;
    fail('hex', `${def.scheme} needs ${want} hex digits (${def.bits} bits), got ${hex.length}`);
  }
  const r = BitReader.fromHex(hex);
  r.read(8);
  const filter = Number(r.read(3));
  const partition = Number(r.read(3));
  if (partition > 6) fail('partition', `partition ${partition} is invalid (0 to 6)`);
  const row = PARTITIONS[def.kind][partition]!;
  const companyPrefix = readFixedDigits(r, row.companyPrefixBits, row.companyPrefixDigits, 'companyPrefix');
  let reference: string;
  if (def.kind === 'giai') {
    const v = r.read(row.referenceBits);
    reference = v.toString();
  } else {
    reference = readFixedDigits(r, row.referenceBits, row.referenceDigits, 'reference');
  }
  const layout = def.serial;
  let serial: string | undefined;
  if (layout.type === 'integer') {
    serial = r.read(layout.bits).toString();
  } else if (layout.type === 'string') {
    serial = '';
    let ended = false;
    for (let i = 0; i < layout.chars; i++) {
      const code = Number(r.read(7));
      if (code === 0) ended = true;
      else if (ended) fail('serial', `${def.scheme} serial has characters after its terminating zero`);
      else {
        const c = String.fromCharCode(code);
        if (!isCharset82(c)) fail('serial', `${def.scheme} serial has a character outside GS1 set 82 (0x${code.toString(16)})`);
        serial += c;
      }
    }
  } else {
    if (r.read(layout.reservedBits) !== 0n) fail('hex', `${def.scheme} reserved bits must be zero`);
  }
  if (!r.restIsZero()) fail('hex', `${def.scheme} padding after bit ${def.bits} must be zero`);
  const identity: EpcIdentity =
    serial === undefined ? { kind: def.kind, companyPrefix, reference } : { kind: def.kind, companyPrefix, reference, serial };
  validateIdentity(identity);
  return { scheme: def.scheme, filter, identity };
}
