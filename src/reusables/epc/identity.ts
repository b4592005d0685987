import { escapeEpcUri, fail, gs1CheckDigit, isCharset82, isDigits, unescapeEpcUri } from './gs1.js';
import { EPC_SCHEMES, type EpcIdentity, type EpcKind, type EpcScheme } from './model.js';

// Digits of company prefix + reference, per key.
const KEY_DIGITS: Record<Exclude<EpcKind, 'giai'>, number> = { sgtin: 13, sscc: 17, sgln: 12, grai: 12 };
const SERIAL_MAX: Partial<Record<EpcKind, number>> = { sgtin: 20, grai: 16, sgln: 20 };
const KINDS: readonly EpcKind[] = ['sgtin', 'sscc', 'sgln', 'grai', 'giai'];

/** Checks the GS1 rules of a pure identity (independent of any binary scheme). */
export function validateIdentity(id: EpcIdentity): EpcIdentity {
  const { kind, companyPrefix: gcp, reference } = id;
  if (!isDigits(gcp) || gcp.length < 6 || gcp.length > 12) {
    fail('companyPrefix', `GS1 company prefix "${gcp}" must be 6 to 12 digits`);
  }
  if (kind === 'giai') {
    if (reference.length === 0) fail('reference', 'GIAI needs an individual asset reference');
    if (!isCharset82(reference)) fail('reference', `GIAI asset reference "${reference}" has characters outside GS1 set 82`);
    if (gcp.length + reference.length > 30) fail('reference', 'GIAI is at most 30 characters');
  } else {
    const want = KEY_DIGITS[kind] - gcp.length;
    if (!(reference === '' || isDigits(reference)) || reference.length !== want) {
      fail('reference', `${kind} reference "${reference}" must be ${want} digits with a ${gcp.length}-digit company prefix`);
    }
  }
  const max = SERIAL_MAX[kind];
  if (max === undefined) {
    if (id.serial !== undefined) fail('serial', `${kind} has no serial`);
  } else {
    const serial = id.serial ?? '';
    if (serial.length === 0 || serial.length > max) fail('serial', `${kind} serial must be 1 to ${max} characters`);
    if (!isCharset82(serial)) fail('serial', `serial "${serial}" has characters outside GS1 set 82`);
  }
  return id;
}

function bodyOf(id: EpcIdentity): string {
  const ref = id.kind === 'giai' ? escapeEpcUri(id.reference) : id.reference;
  return id.serial === undefined ? `${id.companyPrefix}.${ref}` : `${id.companyPrefix}.${ref}.${escapeEpcUri(id.serial)}`;
}

export const formatPureUrn = (id: EpcIdentity): string => `urn:epc:id:${id.kind}:${bodyOf(id)}`;

export const formatTagUri = (id: EpcIdentity, scheme: EpcScheme, filter: number): string =>
  `urn:epc:tag:${scheme}:${filter}.${bodyOf(id)}`;

function parseBody(kind: EpcKind, body: string): EpcIdentity {
  // Serials may contain '.', so split only as often as the key has numeric parts.
  const parts = kind === 'sscc' || kind === 'giai' ? 2 : 3;
  const fields: string[] = [];
  let rest = body;
  for (let i = 0; i < parts - 1; i++) {
    const dot = rest.indexOf('.');
    if (dot < 0) fail('urn', `urn:epc:id:${kind} needs ${parts} dot-separated parts`);
    fields.push(rest.slice(0, dot));
    rest = rest.slice(dot + 1);
  }
  fields.push(rest);
  const [companyPrefix = '', second = '', third] = fields;
  if (kind === 'giai') return validateIdentity({ kind, companyPrefix, reference: unescapeEpcUri(second, 'reference') });
  if (kind === 'sscc') return validateIdentity({ kind, companyPrefix, reference: second });
  return validateIdentity({ kind, companyPrefix, reference: second, serial: unescapeEpcUri(third ?? '', 'serial') });
}

/** Parses `urn:epc:id:<kind>:…`. */
export function parsePureUrn(urn: string): EpcIdentity {
  const m = /^urn:epc:id:([a-z]+):(.*)$/i.exec(urn);
  if (!m) fail('urn', `"${urn}" is not an EPC pure identity URN (urn:epc:id:…)`);
  const kind = (m[1] as string).toLowerCase() as EpcKind;
  if (!KINDS.includes(kind)) fail('urn', `unsupported EPC scheme "${m[1]}" (supported: ${KINDS.join(', ')})`);
  return parseBody(kind, m[2] as string);
}

/** Parses `urn:epc:tag:<scheme>:<filter>.…`. */
export function parseTagUri(uri: string): { identity: EpcIdentity; scheme: EpcScheme; filter: number } {
  const m = /^urn:epc:tag:([a-z0-9-]+):([0-9]+)\.(.*)$/i.exec(uri);
  if (!m) fail('urn', `"${uri}" is not an EPC tag URI (urn:epc:tag:<scheme>:<filter>.…)`);
  const scheme = (m[1] as string).toLowerCase() as EpcScheme;
  if (!EPC_SCHEMES.includes(scheme)) fail('scheme', `unsupported tag scheme "${m[1]}" (supported: ${EPC_SCHEMES.join(', ')})`);
  const filter = Number(m[2]);
  const kind = scheme.split('-')[0] as EpcKind;
  return { identity: parseBody(kind, m[3] as string), scheme, filter };
}

/** GTIN-14 / SSCC-18 / GLN-13 / GRAI-13 digits with their check digit. */
export function keyDigits(id: EpcIdentity): string {
  const { kind, companyPrefix: gcp, reference: ref } = id;
  const body = kind === 'sgtin' || kind === 'sscc' ? ref.slice(0, 1) + gcp + ref.slice(1) : gcp + ref;
  return body + gs1CheckDigit(body);
}

/** The GS1 element string, e.g. `(8003)006141411234525678`. */
export function elementString(id: EpcIdentity): string {
  switch (id.kind) {
    case 'sgtin':
      return `(01)${keyDigits(id)}(21)${id.serial}`;
    case 'sscc':
      return `(00)${keyDigits(id)}`;
    case 'sgln':
      return `(414)${keyDigits(id)}${id.serial === '0' ? '' : `(254)${id.serial}`}`;
    case 'grai':
      return `(8003)0${keyDigits(id)}${id.serial}`;
    case 'giai':
      return `(8004)${id.companyPrefix}${id.reference}`;
  }
}
