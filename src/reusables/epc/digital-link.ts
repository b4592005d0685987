import { assertCheckDigit, decodeDigitalLinkValue, encodeDigitalLinkValue, fail, isDigits } from './gs1.js';
import { formatPureUrn, keyDigits, parsePureUrn, validateIdentity } from './identity.js';
import type { EpcIdentity } from './model.js';

export const DEFAULT_DL_DOMAIN = 'https://id.gs1.org';

/** The GS1 Digital Link URI of a pure identity, e.g. `https://id.gs1.org/8003/006141411234525678`. */
export function toDigitalLink(id: EpcIdentity, domain = DEFAULT_DL_DOMAIN): string {
  const base = domain.replace(/\/+$/, '');
  const enc = encodeDigitalLinkValue;
  switch (id.kind) {
    case 'sgtin':
      return `${base}/01/${keyDigits(id)}/21/${enc(id.serial ?? '')}`;
    case 'sscc':
      return `${base}/00/${keyDigits(id)}`;
    case 'sgln':
      return `${base}/414/${keyDigits(id)}${id.serial === '0' ? '' : `/254/${enc(id.serial ?? '')}`}`;
    case 'grai':
      return `${base}/8003/0${keyDigits(id)}${enc(id.serial ?? '')}`;
    case 'giai':
      return `${base}/8004/${enc(id.companyPrefix + id.reference)}`;
  }
}

const PRIMARY = new Set(['01', '00', '414', '8003', '8004']);

function assertPrefixLength(len: number | undefined, max: number): number {
  if (len === undefined) {
    fail(
      'companyPrefixLength',
      'a Digital Link does not say where the GS1 company prefix ends: give companyPrefixLength (6 to 12)',
    );
  }
  if (!Number.isInteger(len) || len < 6 || len > Math.min(12, max)) {
    fail('companyPrefixLength', `companyPrefixLength must be an integer 6 to ${Math.min(12, max)}, got ${len}`);
  }
  return len;
}

/**
 * Parses a GS1 Digital Link URI (any domain) for an SGTIN, SSCC, SGLN, GRAI or GIAI.
 * The company prefix length cannot be read from the URI, so the caller gives it.
 */
export function parseDigitalLink(uri: string, companyPrefixLength?: number): EpcIdentity {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return fail('digitalLink', `"${uri}" is not a URI`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('digitalLink', `"${uri}" is not an http(s) Digital Link`);
  // Split the path as written: URL.pathname drops "." and ".." segments, yet "." and ".." are valid serials.
  const path = uri
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '')
    .replace(/[?#][\s\S]*$/, '');
  const segments = path.split('/').filter((s) => s !== '');
  const start = segments.findIndex((s) => PRIMARY.has(s));
  if (start < 0) fail('digitalLink', `"${uri}" has no /01/, /00/, /414/, /8003/ or /8004/ primary key`);
  const pairs = segments.slice(start);
  if (pairs.length % 2 !== 0) fail('digitalLink', `"${uri}" has an AI without a value`);
  const ai = pairs[0] as string;
  const raw = pairs[1] as string;
  const qualifiers = new Map<string, string>();
  for (let i = 2; i < pairs.length; i += 2) qualifiers.set(pairs[i] as string, pairs[i + 1] as string);
  const allowed = ai === '01' ? ['21'] : ai === '414' ? ['254'] : [];
  for (const q of qualifiers.keys()) {
    if (!allowed.includes(q)) fail('digitalLink', `AI ${q} after /${ai}/ is not part of an EPC identity`);
  }
  const value = decodeDigitalLinkValue(raw, `AI ${ai}`);
  switch (ai) {
    case '01': {
      if (!isDigits(value) || ![8, 12, 13, 14].includes(value.length))
        fail('digitalLink', `GTIN "${value}" must be 8, 12, 13 or 14 digits`);
      const gtin = value.padStart(14, '0');
      assertCheckDigit(gtin, 'gtin');
      const serialRaw = qualifiers.get('21');
      if (serialRaw === undefined) fail('digitalLink', 'an SGTIN Digital Link needs /21/<serial>');
      const L = assertPrefixLength(companyPrefixLength, 12);
      return validateIdentity({
        kind: 'sgtin',
        companyPrefix: gtin.slice(1, 1 + L),
        reference: gtin[0] + gtin.slice(1 + L, 13),
        serial: decodeDigitalLinkValue(serialRaw, 'serial'),
      });
    }
    case '00': {
      if (!isDigits(value) || value.length !== 18) fail('digitalLink', `SSCC "${value}" must be 18 digits`);
      assertCheckDigit(value, 'sscc');
      const L = assertPrefixLength(companyPrefixLength, 12);
      return validateIdentity({
        kind: 'sscc',
        companyPrefix: value.slice(1, 1 + L),
        reference: value[0] + value.slice(1 + L, 17),
      });
    }
    case '414': {
      if (!isDigits(value) || value.length !== 13) fail('digitalLink', `GLN "${value}" must be 13 digits`);
      assertCheckDigit(value, 'gln');
      const L = assertPrefixLength(companyPrefixLength, 12);
      const ext = qualifiers.get('254');
      return validateIdentity({
        kind: 'sgln',
        companyPrefix: value.slice(0, L),
        reference: value.slice(L, 12),
        serial: ext === undefined ? '0' : decodeDigitalLinkValue(ext, 'serial'),
      });
    }
    case '8003': {
      if (!/^0[0-9]{13}/.test(value)) fail('digitalLink', `GRAI "${value}" must start with 0 and 13 digits`);
      assertCheckDigit(value.slice(1, 14), 'grai');
      const serial = value.slice(14);
      if (serial === '') fail('serial', 'a GRAI without a serial is not an EPC (needs a serial)');
      const L = assertPrefixLength(companyPrefixLength, 12);
      return validateIdentity({ kind: 'grai', companyPrefix: value.slice(1, 1 + L), reference: value.slice(1 + L, 13), serial });
    }
    default: {
      const L = assertPrefixLength(companyPrefixLength, value.length - 1);
      return validateIdentity({ kind: 'giai', companyPrefix: value.slice(0, L), reference: value.slice(L) });
    }
  }
}

/** Pure-identity URN → GS1 Digital Link URI. */
export const urnToDigitalLink = (urn: string, opts: { domain?: string } = {}): string =>
  toDigitalLink(parsePureUrn(urn), opts.domain);

/** GS1 Digital Link URI → pure-identity URN; the GS1 company prefix length must be given. */
export const digitalLinkToUrn = (uri: string, opts: { companyPrefixLength?: number } = {}): string =>
  formatPureUrn(parseDigitalLink(uri, opts.companyPrefixLength));
