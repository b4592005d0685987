/**
 * Property-based tests of the EPC codec: random valid identities of every scheme (within the TDS partition
 * tables) must survive hex, pure URN, tag URI and Digital Link round trips, and invalid input must be
 * rejected with an error that names the problem. The TDS layouts, URI escaping and check digits used to
 * build the expectations are written out here independently of the module.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/index.js';
import {
  decodeEpcHex,
  digitalLinkToUrn,
  type EpcIdentity,
  type EpcKind,
  type EpcScheme,
  elementString,
  encodeEpc,
  formatPureUrn,
  formatTagUri,
  parseDigitalLink,
  parsePureUrn,
  parseTagUri,
  urnToDigitalLink,
} from './index.js';

const RUNS = { numRuns: Number(process.env.EPC_RUNS ?? 300) };

// GS1 AI encodable character set 82; TDS percent-escapes " % & / < > ? in EPC URIs.
const CHARSET_82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
const uriEscape = (s: string): string => s.replace(/["%&/<>?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function checkDigit(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((d, i) => {
    sum += Number(d) * (i % 2 === 0 ? 3 : 1);
  });
  return String((10 - (sum % 10)) % 10);
}

/** TDS binary layouts: header, total bits, reference bits by partition 0…6, serial field. */
type SerialField = { type: 'int'; bits: number } | { type: 'string'; chars: number } | { type: 'reserved'; bits: number } | null;
interface Layout {
  kind: EpcKind;
  header: number;
  bits: number;
  refBits: number[];
  serial: SerialField;
}
const COMPANY_PREFIX_BITS = [40, 37, 34, 30, 27, 24, 20];
const SGTIN_REF_BITS = [4, 7, 10, 14, 17, 20, 24];
const LAYOUTS: Record<EpcScheme, Layout> = {
  'sgtin-96': { kind: 'sgtin', header: 0x30, bits: 96, refBits: SGTIN_REF_BITS, serial: { type: 'int', bits: 38 } },
  'sgtin-198': { kind: 'sgtin', header: 0x36, bits: 198, refBits: SGTIN_REF_BITS, serial: { type: 'string', chars: 20 } },
  'sscc-96': {
    kind: 'sscc',
    header: 0x31,
    bits: 96,
    refBits: [18, 21, 24, 28, 31, 34, 38],
    serial: { type: 'reserved', bits: 24 },
  },
  'sgln-96': { kind: 'sgln', header: 0x32, bits: 96, refBits: [1, 4, 7, 11, 14, 17, 21], serial: { type: 'int', bits: 41 } },
  'grai-96': { kind: 'grai', header: 0x33, bits: 96, refBits: SGTIN_REF_BITS, serial: { type: 'int', bits: 38 } },
  'grai-170': { kind: 'grai', header: 0x37, bits: 170, refBits: SGTIN_REF_BITS, serial: { type: 'string', chars: 16 } },
  'giai-96': { kind: 'giai', header: 0x34, bits: 96, refBits: [42, 45, 48, 52, 55, 58, 62], serial: null },
};
const SCHEMES = Object.keys(LAYOUTS) as EpcScheme[];
/** Digits of company prefix + reference (GIAI: none fixed). */
const KEY_DIGITS: Record<EpcKind, number> = { sgtin: 13, sscc: 17, sgln: 12, grai: 12, giai: 0 };
/** Longest URN serial per kind (SGLN: the extension). */
const SERIAL_CHARS: Partial<Record<EpcKind, number>> = { sgtin: 20, sgln: 20, grai: 16 };

const digits = (n: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const chars82 = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom(...CHARSET_82), minLength: 1, maxLength }) },
    // Short serials made of the characters that need escaping or are special in URIs and paths.
    {
      weight: 3,
      arbitrary: fc.string({ unit: fc.constantFrom(...'./%&"?<>!()*+,:;=\''), minLength: 1, maxLength: Math.min(3, maxLength) }),
    },
    // Dot segments, which URI parsers resolve away.
    { weight: 1, arbitrary: fc.constantFrom('.', '..') },
  );
const below = (bits: number): fc.Arbitrary<bigint> => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
const companyPrefix = fc.integer({ min: 6, max: 12 }).chain((n) => digits(n));

interface Tag {
  scheme: EpcScheme;
  filter: number;
  identity: EpcIdentity;
}

/** A random identity that the scheme can encode. */
function encodableIdentity(scheme: EpcScheme): fc.Arbitrary<EpcIdentity> {
  const { kind, refBits, serial } = LAYOUTS[scheme];
  return companyPrefix.chain((cp) => {
    const partition = 12 - cp.length;
    const reference = kind === 'giai' ? below(refBits[partition] as number).map(String) : digits(KEY_DIGITS[kind] - cp.length);
    const serialArb: fc.Arbitrary<string | undefined> =
      serial?.type === 'int'
        ? below(serial.bits).map(String)
        : serial?.type === 'string'
          ? chars82(serial.chars)
          : fc.constant(undefined);
    return fc
      .tuple(reference, serialArb)
      .map(([ref, s]) =>
        s === undefined ? { kind, companyPrefix: cp, reference: ref } : { kind, companyPrefix: cp, reference: ref, serial: s },
      );
  });
}

const tag: fc.Arbitrary<Tag> = fc
  .constantFrom(...SCHEMES)
  .chain((scheme) =>
    fc.record({ scheme: fc.constant(scheme), filter: fc.integer({ min: 0, max: 7 }), identity: encodableIdentity(scheme) }),
  );

/** Any valid pure identity (URN level: alphanumeric serials and GIAI references too). */
const pureIdentity: fc.Arbitrary<EpcIdentity> = fc.constantFrom<EpcKind>('sgtin', 'sscc', 'sgln', 'grai', 'giai').chain((kind) =>
  companyPrefix.chain((cp): fc.Arbitrary<EpcIdentity> => {
    if (kind === 'giai') return chars82(30 - cp.length).map((reference) => ({ kind, companyPrefix: cp, reference }));
    const reference = digits(KEY_DIGITS[kind] - cp.length);
    const max = SERIAL_CHARS[kind];
    if (max === undefined) return reference.map((ref) => ({ kind, companyPrefix: cp, reference: ref }));
    return fc.tuple(reference, chars82(max)).map(([ref, serial]) => ({ kind, companyPrefix: cp, reference: ref, serial }));
  }),
);

/** The pure-identity URN, written out from the TDS grammar. */
function urnOf(id: EpcIdentity): string {
  const body = id.kind === 'giai' ? uriEscape(id.reference) : id.reference;
  return `urn:epc:id:${id.kind}:${id.companyPrefix}.${body}${id.serial === undefined ? '' : `.${uriEscape(id.serial)}`}`;
}

/** The GS1 element string, written out from the GS1 General Specifications. */
function expectedElementString(id: EpcIdentity): string {
  const { companyPrefix: cp, reference: ref, serial } = id;
  const indicatorFirst = ref.slice(0, 1) + cp + ref.slice(1);
  switch (id.kind) {
    case 'sgtin':
      return `(01)${indicatorFirst}${checkDigit(indicatorFirst)}(21)${serial}`;
    case 'sscc':
      return `(00)${indicatorFirst}${checkDigit(indicatorFirst)}`;
    case 'sgln':
      return `(414)${cp}${ref}${checkDigit(cp + ref)}${serial === '0' ? '' : `(254)${serial}`}`;
    case 'grai':
      return `(8003)0${cp}${ref}${checkDigit(cp + ref)}${serial}`;
    case 'giai':
      return `(8004)${cp}${ref}`;
  }
}

/** Packs the fields of a tag MSB first into hex, the last nibble padded with zero bits (TDS §15). */
function packHex(fields: Array<[bigint, number]>): string {
  let bits = fields.map(([value, width]) => (width === 0 ? '' : value.toString(2).padStart(width, '0'))).join('');
  bits = bits.padEnd(Math.ceil(bits.length / 4) * 4, '0');
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) hex += Number.parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex.toUpperCase();
}

function hexOf({ scheme, filter, identity }: Tag): string {
  const layout = LAYOUTS[scheme];
  const partition = 12 - identity.companyPrefix.length;
  const fields: Array<[bigint, number]> = [
    [BigInt(layout.header), 8],
    [BigInt(filter), 3],
    [BigInt(partition), 3],
    [BigInt(identity.companyPrefix), COMPANY_PREFIX_BITS[partition] as number],
    [identity.reference === '' ? 0n : BigInt(identity.reference), layout.refBits[partition] as number],
  ];
  const serial = layout.serial;
  if (serial?.type === 'int') fields.push([BigInt(identity.serial ?? ''), serial.bits]);
  if (serial?.type === 'reserved') fields.push([0n, serial.bits]);
  if (serial?.type === 'string') {
    const text = identity.serial ?? '';
    for (const c of text) fields.push([BigInt(c.charCodeAt(0)), 7]);
    fields.push([0n, 7 * (serial.chars - text.length)]);
  }
  const total = fields.reduce((n, [, w]) => n + w, 0);
  if (total !== layout.bits) throw new Error(`test layout for ${scheme} has ${total} bits`);
  return packHex(fields);
}

/** Runs `fn` and returns the AppError it throws. */
function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw new Error(`expected an AppError, got ${String(err)}`);
  }
  throw new Error('expected an AppError, nothing was thrown');
}

describe('EPC codec properties', () => {
  it('decodes hex built from the TDS layout and encodes it back to the same hex', () => {
    fc.assert(
      fc.property(tag, (t) => {
        const hex = hexOf(t);
        const d = decodeEpcHex(hex);
        expect(d.scheme).toBe(t.scheme);
        expect(d.filter).toBe(t.filter);
        expect(d.identity).toEqual(t.identity);
        expect(d.hex).toBe(hex);
        expect(encodeEpc(d.pureIdentityUrn, { scheme: d.scheme, filter: d.filter }).hex).toBe(hex);
        expect(encodeEpc(d.tagUri).hex).toBe(hex);
        // Readers return whole 16-bit words, sometimes in lower case.
        const words = hex.toLowerCase().padEnd(Math.ceil(hex.length / 4) * 4, '0');
        expect(decodeEpcHex(words).identity).toEqual(t.identity);
      }),
      RUNS,
    );
  });

  it('round-trips a pure URN through the identity and the GS1 Digital Link (given the prefix length)', () => {
    fc.assert(
      fc.property(pureIdentity, (id) => {
        const urn = urnOf(id);
        expect(parsePureUrn(urn)).toEqual(id);
        expect(formatPureUrn(id)).toBe(urn);
        const dl = urnToDigitalLink(urn);
        expect(digitalLinkToUrn(dl, { companyPrefixLength: id.companyPrefix.length })).toBe(urn);
        // Another domain, a path prefix and a query string do not change the identity.
        const elsewhere = `${dl.replace('https://id.gs1.org', 'https://brand.example/dl')}?linkType=gs1:pip`;
        expect(parseDigitalLink(elsewhere, id.companyPrefix.length)).toEqual(id);
      }),
      RUNS,
    );
  });

  it('round-trips the tag URI', () => {
    fc.assert(
      fc.property(tag, ({ scheme, filter, identity }) => {
        const uri = formatTagUri(identity, scheme, filter);
        expect(uri).toBe(`urn:epc:tag:${scheme}:${filter}.${urnOf(identity).slice(`urn:epc:id:${identity.kind}:`.length)}`);
        expect(parseTagUri(uri)).toEqual({ identity, scheme, filter });
        const forms = encodeEpc(uri);
        expect(forms.tagUri).toBe(uri);
        expect(decodeEpcHex(forms.hex).tagUri).toBe(uri);
      }),
      RUNS,
    );
  });

  it('gives an element string consistent with the key, its check digit and the Digital Link', () => {
    fc.assert(
      fc.property(pureIdentity, (id) => {
        const es = elementString(id);
        expect(es).toBe(expectedElementString(id));
        // The Digital Link carries the same AIs and values, percent-encoded.
        const path = urnToDigitalLink(urnOf(id)).slice('https://id.gs1.org/'.length).split('/').map(decodeURIComponent);
        let fromLink = '';
        for (let i = 0; i < path.length; i += 2) fromLink += `(${path[i]})${path[i + 1]}`;
        expect(fromLink).toBe(es);
      }),
      RUNS,
    );
  });

  it('decodes any hex either to a tag that encodes back to it or to an AppError', () => {
    const anyHex = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: 0, maxLength: 56 }),
      // Mostly-valid headers, so that field checks are reached.
      fc
        .tuple(
          fc.constantFrom('30', '31', '32', '33', '34', '36', '37'),
          fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: 20, maxLength: 50 }),
        )
        .map(([h, rest]) => h + rest),
    );
    fc.assert(
      fc.property(anyHex, (hex) => {
        let forms: ReturnType<typeof decodeEpcHex> | undefined;
        try {
          forms = decodeEpcHex(hex);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          return;
        }
        const minHex = Math.ceil(LAYOUTS[forms.scheme].bits / 4);
        expect(encodeEpc(forms.tagUri).hex).toBe(hex.toUpperCase().slice(0, minHex));
      }),
      RUNS,
    );
  });
});

describe('EPC codec rejections', () => {
  it('rejects truncated hex, naming the digits it needs', () => {
    fc.assert(
      fc.property(
        tag.chain((t) => {
          const hex = hexOf(t);
          return fc.tuple(
            fc.constant(t),
            fc.integer({ min: 2, max: hex.length - 1 }).map((n) => hex.slice(0, n)),
          );
        }),
        ([t, cut]) => {
          const err = errorOf(() => decodeEpcHex(cut));
          expect(err.details[0]?.field).toBe('hex');
          expect(err.message).toContain(t.scheme);
          expect(err.message).toMatch(/needs \d+( to \d+)? hex digits/);
        },
      ),
      RUNS,
    );
  });

  it('rejects an unknown or unsupported header, naming it', () => {
    const supported = new Set(SCHEMES.map((s) => LAYOUTS[s].header));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }).filter((h) => !supported.has(h)),
        fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: 22, maxLength: 22 }),
        (header, rest) => {
          const hh = header.toString(16).toUpperCase().padStart(2, '0');
          const err = errorOf(() => decodeEpcHex(hh + rest));
          expect(err.details[0]?.field).toBe('header');
          expect(err.message).toContain(`EPC header ${hh}`);
          expect(err.message).toMatch(/unknown|not supported/);
        },
      ),
      RUNS,
    );
  });

  it('rejects a numeric serial with a leading zero for the 96-bit schemes, and takes the alphanumeric scheme by default', () => {
    const numericWithLeadingZero = fc.bigInt({ min: 0n, max: 10n ** 10n }).map((n) => `0${n}`);
    fc.assert(
      fc.property(
        fc.constantFrom<EpcScheme>('sgtin-96', 'grai-96', 'sgln-96'),
        tag,
        numericWithLeadingZero,
        (scheme, t, serial) => {
          const kind = LAYOUTS[scheme].kind;
          const cp = t.identity.companyPrefix;
          const ref = '1'.repeat(KEY_DIGITS[kind] - cp.length);
          const urn = `urn:epc:id:${kind}:${cp}.${ref}.${serial}`;
          const err = errorOf(() => encodeEpc(urn, { scheme }));
          expect(err.details[0]?.field).toBe('serial');
          expect(err.message).toContain(scheme);
          expect(err.message).toMatch(/leading zeros/);
          if (kind !== 'sgln') {
            const forms = encodeEpc(urn);
            expect(forms.scheme).toBe(kind === 'sgtin' ? 'sgtin-198' : 'grai-170');
            expect(decodeEpcHex(forms.hex).identity.serial).toBe(serial);
          }
        },
      ),
      RUNS,
    );
  });

  it('rejects a numeric serial beyond the bit width, naming the maximum', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<EpcScheme>('sgtin-96', 'grai-96', 'sgln-96'),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (scheme, excess) => {
          const layout = LAYOUTS[scheme];
          const bits = (layout.serial as { bits: number }).bits;
          const serial = String((1n << BigInt(bits)) + excess);
          const ref = '1'.repeat(KEY_DIGITS[layout.kind] - 7);
          const err = errorOf(() => encodeEpc(`urn:epc:id:${layout.kind}:0614141.${ref}.${serial}`, { scheme }));
          expect(err.details[0]?.field).toBe('serial');
          expect(err.message).toContain(`max ${(1n << BigInt(bits)) - 1n}`);
        },
      ),
      RUNS,
    );
  });
});
