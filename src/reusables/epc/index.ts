import { parseDigitalLink, toDigitalLink } from './digital-link.js';
import { fail } from './gs1.js';
import { elementString, formatPureUrn, formatTagUri, parsePureUrn, parseTagUri } from './identity.js';
import { EPC_SCHEMES, type EpcForms, type EpcIdentity, type EpcScheme } from './model.js';
import { assertFilter, decodeBinary, encodeBinary, fitsScheme } from './schemes.js';

export { digitalLinkToUrn, parseDigitalLink, toDigitalLink, urnToDigitalLink } from './digital-link.js';
export { gs1CheckDigit } from './gs1.js';
export { elementString, formatPureUrn, formatTagUri, parsePureUrn, parseTagUri } from './identity.js';
export { EPC_SCHEMES, type EpcForms, type EpcIdentity, type EpcKind, type EpcScheme } from './model.js';

export interface EpcFormOptions {
  /** Digital Link domain, default `https://id.gs1.org`. */
  domain?: string;
}

export interface EncodeEpcOptions extends EpcFormOptions {
  /** Filter value 0…7; default 0 ("all others"), or the tag URI's. */
  filter?: number;
  /** Binary scheme; default the 96-bit one when the serial fits, else the alphanumeric one. */
  scheme?: EpcScheme;
  /** Length of the GS1 company prefix, needed when the input is a Digital Link. */
  companyPrefixLength?: number;
}

function forms(identity: EpcIdentity, scheme: EpcScheme, filter: number, hex: string, opts: EpcFormOptions): EpcForms {
  return {
    scheme,
    filter,
    hex,
    identity,
    pureIdentityUrn: formatPureUrn(identity),
    tagUri: formatTagUri(identity, scheme, filter),
    elementString: elementString(identity),
    digitalLink: toDigitalLink(identity, opts.domain),
  };
}

/** Decodes RFID reader hex (SGTIN-96/198, SSCC-96, SGLN-96, GRAI-96/170, GIAI-96) to every form. */
export function decodeEpcHex(hex: string, opts: EpcFormOptions = {}): EpcForms {
  const { scheme, filter, identity } = decodeBinary(hex);
  return forms(identity, scheme, filter, hex.trim().toUpperCase(), opts);
}

function defaultScheme(id: EpcIdentity): EpcScheme {
  switch (id.kind) {
    case 'sgtin':
      return fitsScheme(id, 'sgtin-96') ? 'sgtin-96' : 'sgtin-198';
    case 'grai':
      return fitsScheme(id, 'grai-96') ? 'grai-96' : 'grai-170';
    default:
      return `${id.kind}-96`;
  }
}

/** Encodes a pure-identity URN, tag URI or GS1 Digital Link URI to RFID hex, with every other form. */
export function encodeEpc(input: string, opts: EncodeEpcOptions = {}): EpcForms {
  const text = input.trim();
  let identity: EpcIdentity;
  let scheme = opts.scheme;
  let filter = opts.filter;
  if (scheme !== undefined && !EPC_SCHEMES.includes(scheme)) {
    fail('scheme', `unsupported scheme "${scheme}" (supported: ${EPC_SCHEMES.join(', ')})`);
  }
  if (/^urn:epc:tag:/i.test(text)) {
    const tag = parseTagUri(text);
    if (scheme !== undefined && scheme !== tag.scheme) fail('scheme', `the tag URI is ${tag.scheme}, not ${scheme}`);
    if (filter !== undefined && filter !== tag.filter) fail('filter', `the tag URI has filter ${tag.filter}, not ${filter}`);
    identity = tag.identity;
    scheme = tag.scheme;
    filter = tag.filter;
  } else if (/^urn:/i.test(text)) {
    identity = parsePureUrn(text);
  } else if (/^https?:\/\//i.test(text)) {
    identity = parseDigitalLink(text, opts.companyPrefixLength);
  } else {
    return fail('urn', `"${input}" is neither an EPC URN (urn:epc:id:…, urn:epc:tag:…) nor a GS1 Digital Link URI`);
  }
  const f = filter ?? 0;
  assertFilter(f);
  const s = scheme ?? defaultScheme(identity);
  return forms(identity, s, f, encodeBinary(identity, s, f), opts);
}
