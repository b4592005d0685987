/**
 * Identifier normal form for the EPCIS repository, and EPC URN ↔ GS1 Digital Link translation of events.
 *
 * Normal form (what the index stores and queries compare):
 * - SGTIN, SSCC, SGLN, GRAI, GIAI as pure-identity URN or as GS1 Digital Link on any domain
 *   → the canonical Digital Link on `https://id.gs1.org` (primary key + identity qualifier, no query string);
 * - the class forms: `urn:epc:class:lgtin:GCP.REF.LOT` → `…/01/<gtin14>/10/<lot>`,
 *   `urn:epc:idpat:sgtin:GCP.REF.*` → `…/01/<gtin14>`, `urn:epc:idpat:grai:GCP.TYPE.*` → `…/8003/0<grai13>`,
 *   and the party `urn:epc:id:pgln:GCP.REF` → `…/417/<gln13>` (their Digital Links likewise);
 * - any other absolute URI as given.
 */

import { invalid } from '../../core/errors.js';
import { toDigitalLink } from '../epc/digital-link.js';
import { escapeEpcUri, gs1CheckDigit, isCharset82, unescapeEpcUri } from '../epc/gs1.js';
import { formatPureUrn, parsePureUrn, validateIdentity } from '../epc/identity.js';
import type { EpcIdentity } from '../epc/model.js';
import type { CompanyPrefixLookup, EpcFormat } from './model.js';
import { clip, isUri } from './vocab.js';

export const GS1_DL_BASE = 'https://id.gs1.org';

const fail = (message: string): never => {
  throw invalid(message, [{ field: 'id', message }]);
};

const DIGITS = /^[0-9]+$/;
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/** Percent-encodes a Digital Link path value like the EPC codec: everything but URI unreserved characters. */
function encDl(s: string): string {
  if (UNRESERVED.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    out += UNRESERVED.test(ch) ? ch : `%${c.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const checkKey = (key: string, what: string): void => {
  const expected = gs1CheckDigit(key.slice(0, -1));
  if (key[key.length - 1] !== expected) fail(`${what} "${key}" has a bad check digit (expected ${expected})`);
};

// ---------------------------------------------------------------------------------------------------------------
// Digital Link parsing

/** The GS1 keys of a Digital Link this module understands. */
type DlAi = '01' | '00' | '414' | '417' | '8003' | '8004';

/** A Digital Link split into its identity parts (values decoded). */
interface DlParts {
  ai: DlAi;
  /** GTIN-14, SSCC-18, GLN-13, `0` + GRAI-13 (without serial), or the GIAI. */
  key: string;
  /** AI 21 serial, AI 254 extension, or the GRAI serial. */
  serial?: string;
  /** AI 10 batch/lot. */
  lot?: string;
  /** AI 22 consumer product variant. */
  cpv?: string;
}

const PRIMARY = new Set<string>(['01', '00', '414', '417', '8003', '8004']);
const QUALIFIER_ORDER: Record<string, readonly string[]> = { '01': ['22', '10', '21'], '414': ['254'] };

class DlSyntaxError extends Error {}

function decodeDl(raw: string, what: string): string {
  let v = raw;
  if (raw.includes('%')) {
    try {
      v = decodeURIComponent(raw);
    } catch {
      throw new DlSyntaxError(`${what} "${raw}" has a bad percent escape`);
    }
  }
  if (!isCharset82(v)) throw new DlSyntaxError(`${what} "${clip(v)}" has characters outside GS1 set 82`);
  return v;
}

function alnum(raw: string, what: string, max: number, min = 1): string {
  const v = decodeDl(raw, what);
  if (v.length < min || v.length > max) throw new DlSyntaxError(`${what} must be ${min} to ${max} characters`);
  return v;
}

/**
 * Parses the GS1 key of a Digital Link (`http(s)://<any host>[/<path prefix>]/<AI>/<value>[/<AI>/<value>…]`).
 * Returns null when the URI has no such path. Throws DlSyntaxError for a malformed key or qualifier and the
 * validation AppError for a bad check digit.
 */
function parseDl(uri: string): DlParts | null {
  const hostStart = uri.indexOf('//') + 2;
  const pathStart = uri.indexOf('/', hostStart);
  if (pathStart < 0) return null;
  let end = uri.length;
  const q = uri.indexOf('?', pathStart);
  if (q >= 0) end = q;
  const h = uri.indexOf('#', pathStart);
  if (h >= 0 && h < end) end = h;
  const segs = uri.slice(pathStart + 1, end).split('/');
  if (segs.length > 1 && segs[segs.length - 1] === '') segs.pop();
  let i = 0;
  while (i < segs.length && !PRIMARY.has(segs[i] as string)) i++;
  if (i >= segs.length) return null;
  const ai = segs[i] as DlAi;
  if (segs.length - i < 2) throw new DlSyntaxError(`AI ${ai} has no value`);
  const raw = segs[i + 1] as string;
  const quals = new Map<string, string>();
  const order = QUALIFIER_ORDER[ai] ?? [];
  let last = -1;
  for (let j = i + 2; j < segs.length; j += 2) {
    const qai = segs[j] as string;
    const pos = order.indexOf(qai);
    if (pos < 0) throw new DlSyntaxError(`AI ${qai} after /${ai}/ is not an identity qualifier`);
    if (pos <= last) throw new DlSyntaxError(`AI ${qai} is out of order after /${ai}/ (order: ${order.join(', ')})`);
    last = pos;
    const qv = segs[j + 1];
    if (qv === undefined || qv === '') throw new DlSyntaxError(`AI ${qai} has no value`);
    quals.set(qai, qv);
  }
  switch (ai) {
    case '01': {
      if (!DIGITS.test(raw) || !(raw.length === 8 || raw.length === 12 || raw.length === 13 || raw.length === 14)) {
        throw new DlSyntaxError(`GTIN "${clip(raw)}" must be 8, 12, 13 or 14 digits`);
      }
      const key = raw.padStart(14, '0');
      checkKey(key, 'GTIN');
      const parts: DlParts = { ai, key };
      const s = quals.get('21');
      if (s !== undefined) parts.serial = alnum(s, 'serial (AI 21)', 20);
      const lot = quals.get('10');
      if (lot !== undefined) parts.lot = alnum(lot, 'lot (AI 10)', 20);
      const cpv = quals.get('22');
      if (cpv !== undefined) parts.cpv = alnum(cpv, 'CPV (AI 22)', 20);
      return parts;
    }
    case '00':
      if (!DIGITS.test(raw) || raw.length !== 18) throw new DlSyntaxError(`SSCC "${clip(raw)}" must be 18 digits`);
      checkKey(raw, 'SSCC');
      return { ai, key: raw };
    case '414':
    case '417': {
      if (!DIGITS.test(raw) || raw.length !== 13) throw new DlSyntaxError(`GLN "${clip(raw)}" must be 13 digits`);
      checkKey(raw, 'GLN');
      const parts: DlParts = { ai, key: raw };
      const ext = quals.get('254');
      if (ext !== undefined) parts.serial = alnum(ext, 'GLN extension (AI 254)', 20);
      return parts;
    }
    case '8003': {
      const v = decodeDl(raw, 'GRAI');
      if (v.length < 14 || v[0] !== '0' || !DIGITS.test(v.slice(1, 14))) {
        throw new DlSyntaxError(`GRAI "${clip(v)}" must be 0 and 13 digits, then an optional serial`);
      }
      if (v.length > 30) throw new DlSyntaxError(`GRAI "${clip(v)}" has a serial longer than 16 characters`);
      checkKey(v.slice(1, 14), 'GRAI');
      return v.length > 14 ? { ai, key: v.slice(0, 14), serial: v.slice(14) } : { ai, key: v };
    }
    case '8004':
      return { ai, key: alnum(raw, 'GIAI', 30) };
  }
}

/** The canonical id.gs1.org Digital Link of parsed parts. */
function formatDl(p: DlParts): string {
  switch (p.ai) {
    case '01':
      if (p.serial !== undefined) return `${GS1_DL_BASE}/01/${p.key}/21/${encDl(p.serial)}`;
      return `${GS1_DL_BASE}/01/${p.key}${p.cpv === undefined ? '' : `/22/${encDl(p.cpv)}`}${p.lot === undefined ? '' : `/10/${encDl(p.lot)}`}`;
    case '414':
      return `${GS1_DL_BASE}/414/${p.key}${p.serial === undefined || p.serial === '0' ? '' : `/254/${encDl(p.serial)}`}`;
    case '8003':
      return `${GS1_DL_BASE}/8003/${p.key}${p.serial === undefined ? '' : encDl(p.serial)}`;
    case '8004':
      return `${GS1_DL_BASE}/8004/${encDl(p.key)}`;
    default:
      return `${GS1_DL_BASE}/${p.ai}/${p.key}`;
  }
}

const isHttp = (s: string): boolean => {
  const c = s.charCodeAt(0);
  return (c === 104 || c === 72) && /^https?:\/\//i.test(s);
};

function normalizeDl(uri: string): string {
  try {
    const p = parseDl(uri);
    return p === null ? uri : formatDl(p);
  } catch (e) {
    if (!(e instanceof DlSyntaxError)) throw e;
    // On id.gs1.org a known primary key must be well formed; elsewhere a path that merely looks like one stays as given.
    if (/^https?:\/\/id\.gs1\.org\//i.test(uri)) fail(`"${clip(uri)}" is not a valid GS1 Digital Link: ${e.message}`);
    return uri;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// URN parsing (class-level forms and PGLN; pure identities go through the EPC codec)

/** GCP + reference of `total` digits, dot-separated, as in the URN; returns the digits or throws. */
function gcpRef(urn: string, gcp: string, ref: string, total: number, what: string): void {
  if (!DIGITS.test(gcp) || gcp.length < 6 || gcp.length > 12) {
    fail(`${what} "${clip(urn)}": GS1 company prefix "${gcp}" must be 6 to 12 digits`);
  }
  const want = total - gcp.length;
  if (!(ref === '' || DIGITS.test(ref)) || ref.length !== want) {
    fail(`${what} "${clip(urn)}": reference "${ref}" must be ${want} digits with a ${gcp.length}-digit company prefix`);
  }
}

/** GTIN-14 from `GCP.INDICATOR+ITEMREF`. */
function gtinOf(gcp: string, ref: string): string {
  const body = ref.slice(0, 1) + gcp + ref.slice(1);
  return body + gs1CheckDigit(body);
}

function splitUrn(body: string, parts: number): string[] | null {
  const out: string[] = [];
  let rest = body;
  for (let i = 0; i < parts - 1; i++) {
    const dot = rest.indexOf('.');
    if (dot < 0) return null;
    out.push(rest.slice(0, dot));
    rest = rest.slice(dot + 1);
  }
  out.push(rest);
  return out;
}

/** Characters that need no escaping in an EPC URN nor encoding in a Digital Link. */
const PLAIN_VALUE = /^[A-Za-z0-9_.-]*$/;

const URN_RE = /^urn:epc:(id|class|idpat):([A-Za-z]+):(.*)$/i;
const CODEC_KINDS = new Set(['sgtin', 'sscc', 'sgln', 'grai', 'giai']);

function normalizeUrn(uri: string): string {
  const m = URN_RE.exec(uri);
  if (!m) return uri;
  const form = (m[1] as string).toLowerCase();
  const kind = (m[2] as string).toLowerCase();
  const body = m[3] as string;
  if (form === 'id') {
    if (CODEC_KINDS.has(kind)) {
      try {
        return toDigitalLink(parsePureUrn(uri));
      } catch (e) {
        return fail(`"${clip(uri)}": ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (kind === 'pgln') {
      const p = splitUrn(body, 2);
      if (p === null) return fail(`"${clip(uri)}" must be urn:epc:id:pgln:<company prefix>.<party reference>`);
      const [gcp = '', ref = ''] = p;
      gcpRef(uri, gcp, ref, 12, 'PGLN');
      return `${GS1_DL_BASE}/417/${gcp}${ref}${gs1CheckDigit(gcp + ref)}`;
    }
    return uri;
  }
  if (form === 'class') {
    if (kind !== 'lgtin') return uri;
    const p = splitUrn(body, 3);
    if (p === null) return fail(`"${clip(uri)}" must be urn:epc:class:lgtin:<company prefix>.<item reference>.<lot>`);
    const [gcp = '', ref = '', lotEsc = ''] = p;
    gcpRef(uri, gcp, ref, 13, 'LGTIN');
    let lot = lotEsc;
    if (!PLAIN_VALUE.test(lotEsc)) {
      try {
        lot = unescapeEpcUri(lotEsc, 'lot');
      } catch (e) {
        fail(`LGTIN "${clip(uri)}": ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (lot.length < 1 || lot.length > 20) fail(`LGTIN "${clip(uri)}": lot must be 1 to 20 characters`);
    return `${GS1_DL_BASE}/01/${gtinOf(gcp, ref)}/10/${encDl(lot)}`;
  }
  // idpat: only the "whole class" patterns GCP.REF.* have a Digital Link.
  if (kind !== 'sgtin' && kind !== 'grai') return uri;
  const p = splitUrn(body, 3);
  if (p === null) return fail(`"${clip(uri)}" must be urn:epc:idpat:${kind}:<company prefix>.<reference>.<serial or *>`);
  const [gcp = '', ref = '', serial = ''] = p;
  if (gcp === '*' || ref === '*' || serial !== '*') return uri; // a wider or a single-instance pattern
  gcpRef(uri, gcp, ref, kind === 'sgtin' ? 13 : 12, kind === 'sgtin' ? 'SGTIN pattern' : 'GRAI pattern');
  if (kind === 'sgtin') return `${GS1_DL_BASE}/01/${gtinOf(gcp, ref)}`;
  return `${GS1_DL_BASE}/8003/0${gcp}${ref}${gs1CheckDigit(gcp + ref)}`;
}

// Fast paths for the common well-formed spellings: plain digits, serials of URI-unreserved characters only
// (so that the EPC URN escaping and the Digital Link encoding are both the identity). Anything else takes the
// general path (the EPC codec, or parseDl), which gives the same result or the error.
const FAST_SGTIN = /^urn:epc:id:sgtin:([0-9]{6,12})\.([0-9]{1,7})\.([A-Za-z0-9_.-]{1,20})$/;
const FAST_SSCC = /^urn:epc:id:sscc:([0-9]{6,12})\.([0-9]{5,11})$/;
const FAST_SGLN = /^urn:epc:id:sgln:([0-9]{6,12})\.([0-9]{0,6})\.([A-Za-z0-9_.-]{1,20})$/;
const FAST_GRAI = /^urn:epc:id:grai:([0-9]{6,12})\.([0-9]{0,6})\.([A-Za-z0-9_.-]{1,16})$/;
const FAST_LGTIN = /^urn:epc:class:lgtin:([0-9]{6,12})\.([0-9]{1,7})\.([A-Za-z0-9_.-]{1,20})$/;
const FAST_DL =
  /^https:\/\/id\.gs1\.org\/(?:01\/([0-9]{14})\/21\/[A-Za-z0-9_.-]{1,20}|00\/([0-9]{18})|414\/([0-9]{13})(?:\/254\/(?!0$)[A-Za-z0-9_.-]{1,20})?|8003\/0([0-9]{13})[A-Za-z0-9_.-]{0,16})$/;

function fastUrn(uri: string): string | undefined {
  switch (uri.charCodeAt(12)) {
    case 103: {
      // sgtin, sgln
      const t = FAST_SGTIN.exec(uri);
      if (t !== null) {
        const [, gcp = '', ref = '', serial = ''] = t;
        return gcp.length + ref.length === 13 ? `${GS1_DL_BASE}/01/${gtinOf(gcp, ref)}/21/${serial}` : undefined;
      }
      const l = FAST_SGLN.exec(uri);
      if (l === null) return undefined;
      const [, gcp = '', ref = '', ext = ''] = l;
      if (gcp.length + ref.length !== 12) return undefined;
      const body = gcp + ref;
      return `${GS1_DL_BASE}/414/${body}${gs1CheckDigit(body)}${ext === '0' ? '' : `/254/${ext}`}`;
    }
    case 115: {
      // sscc
      const m = FAST_SSCC.exec(uri);
      if (m === null) return undefined;
      const [, gcp = '', ref = ''] = m;
      if (gcp.length + ref.length !== 17) return undefined;
      const body = ref.slice(0, 1) + gcp + ref.slice(1);
      return `${GS1_DL_BASE}/00/${body}${gs1CheckDigit(body)}`;
    }
    case 114: {
      // grai
      const m = FAST_GRAI.exec(uri);
      if (m === null) return undefined;
      const [, gcp = '', ref = '', serial = ''] = m;
      if (gcp.length + ref.length !== 12) return undefined;
      const body = gcp + ref;
      return `${GS1_DL_BASE}/8003/0${body}${gs1CheckDigit(body)}${serial}`;
    }
    default:
      return undefined;
  }
}

/** True when `uri` is already a canonical id.gs1.org Digital Link with a correct check digit. */
function isCanonicalDl(uri: string): boolean {
  const m = FAST_DL.exec(uri);
  if (m === null) return false;
  const key = m[1] ?? m[2] ?? m[3] ?? (m[4] as string);
  return key[key.length - 1] === gs1CheckDigit(key.slice(0, -1));
}

/**
 * The normal form of an identifier (see the module comment). Throws a validation AppError naming the problem
 * for a value that is not an absolute URI, an invalid GS1 URN (check digit, lengths, characters) or an invalid
 * Digital Link on id.gs1.org.
 */
export function normalizeId(uri: string): string {
  if (!isUri(uri)) return fail(`"${clip(uri)}" is not a URI`);
  const c = uri.charCodeAt(0);
  if (c === 117 && uri.startsWith('urn:epc:')) {
    const m = uri.charCodeAt(8) === 99 ? FAST_LGTIN.exec(uri) : null; // urn:epc:class:lgtin:
    if (m !== null && (m[1] as string).length + (m[2] as string).length === 13) {
      return `${GS1_DL_BASE}/01/${gtinOf(m[1] as string, m[2] as string)}/10/${m[3]}`;
    }
    return (uri.charCodeAt(8) === 105 ? fastUrn(uri) : undefined) ?? normalizeUrn(uri); // urn:epc:id:
  }
  if ((c === 117 || c === 85) && /^urn:epc:/i.test(uri)) return normalizeUrn(uri);
  if (c === 104 && isCanonicalDl(uri)) return uri;
  if (isHttp(uri)) return normalizeDl(uri);
  return uri;
}

const DL_SGTIN = /^https:\/\/id\.gs1\.org\/01\/[0-9]{14}\/21\//;
const DL_GRAI_PREFIX = 'https://id.gs1.org/8003/0';
const DL_GRAI_CLASS_LEN = DL_GRAI_PREFIX.length + 13;

/**
 * The class of an instance identifier in normal form: SGTIN `…/01/<gtin>/21/<serial>` → `…/01/<gtin>`,
 * GRAI `…/8003/0<13 digits><serial>` → `…/8003/0<13 digits>`; undefined for anything else.
 */
export function classOf(normalId: string): string | undefined {
  if (DL_SGTIN.test(normalId)) return normalId.slice(0, GS1_DL_BASE.length + 18);
  if (normalId.length > DL_GRAI_CLASS_LEN && normalId.startsWith(DL_GRAI_PREFIX)) {
    return normalId.slice(0, DL_GRAI_CLASS_LEN);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Digital Link → EPC URN

/**
 * The digits handed to a CompanyPrefixLookup for a Digital Link: the GS1 key from where the company prefix
 * starts, i.e. without the GTIN indicator / SSCC extension digit / GRAI filler `0`:
 * GTIN-14 `80614141123458` → `0614141123458`, SSCC `106141412345678908` → `06141412345678908`,
 * GLN `0614141123452` as is, GRAI `00614141123452…` → `0614141123452`, GIAI as is.
 */
function prefixDigits(p: DlParts): string {
  switch (p.ai) {
    case '01':
    case '00':
    case '8003':
      return p.key.slice(1, p.ai === '8003' ? 14 : undefined);
    default:
      return p.key;
  }
}

function validLength(L: number | undefined, max: number): L is number {
  return L !== undefined && Number.isInteger(L) && L >= 6 && L <= max;
}

/** The EPC URN of a Digital Link given the company prefix length, or undefined when there is none. */
function dlPartsToUrn(p: DlParts, L: number): string | undefined {
  const k = p.key;
  switch (p.ai) {
    case '01': {
      if (!validLength(L, 12)) return undefined;
      const gcp = k.slice(1, 1 + L);
      const ref = k[0] + k.slice(1 + L, 13);
      if (p.serial !== undefined)
        return formatPureUrn(validateIdentity({ kind: 'sgtin', companyPrefix: gcp, reference: ref, serial: p.serial }));
      if (p.cpv !== undefined) return undefined;
      if (p.lot !== undefined) return `urn:epc:class:lgtin:${gcp}.${ref}.${escapeEpcUri(p.lot)}`;
      return `urn:epc:idpat:sgtin:${gcp}.${ref}.*`;
    }
    case '00':
      if (!validLength(L, 12)) return undefined;
      return formatPureUrn(
        validateIdentity({ kind: 'sscc', companyPrefix: k.slice(1, 1 + L), reference: k[0] + k.slice(1 + L, 17) }),
      );
    case '414':
      if (!validLength(L, 12)) return undefined;
      return formatPureUrn(
        validateIdentity({ kind: 'sgln', companyPrefix: k.slice(0, L), reference: k.slice(L, 12), serial: p.serial ?? '0' }),
      );
    case '417':
      if (!validLength(L, 12)) return undefined;
      return `urn:epc:id:pgln:${k.slice(0, L)}.${k.slice(L, 12)}`;
    case '8003': {
      if (!validLength(L, 12)) return undefined;
      const gcp = k.slice(1, 1 + L);
      const ref = k.slice(1 + L, 13);
      if (p.serial === undefined) return `urn:epc:idpat:grai:${gcp}.${ref}.*`;
      return formatPureUrn(validateIdentity({ kind: 'grai', companyPrefix: gcp, reference: ref, serial: p.serial }));
    }
    case '8004': {
      if (!validLength(L, Math.min(12, k.length - 1)) || !DIGITS.test(k.slice(0, L))) return undefined;
      const id: EpcIdentity = { kind: 'giai', companyPrefix: k.slice(0, L), reference: k.slice(L) };
      return formatPureUrn(validateIdentity(id));
    }
  }
}

function dlToUrn(uri: string, lookup: CompanyPrefixLookup): string {
  let p: DlParts | null;
  try {
    p = parseDl(uri);
  } catch {
    return uri;
  }
  if (p === null) return uri;
  const L = lookup(prefixDigits(p));
  if (L === undefined) return uri;
  try {
    return dlPartsToUrn(p, L) ?? uri;
  } catch {
    return uri;
  }
}

function urnToDl(uri: string): string {
  if (!/^urn:epc:/i.test(uri)) return uri;
  try {
    return normalizeUrn(uri);
  } catch {
    return uri;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Event translation

const LIST_FIELDS = ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList'] as const;
const QUANTITY_FIELDS = ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'] as const;
const LOCATION_FIELDS = ['readPoint', 'bizLocation'] as const;
const PARTY_FIELDS = [
  ['sourceList', 'source'],
  ['destinationList', 'destination'],
] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The event with its identifiers in the requested `GS1-EPC-Format`:
 * `Never_Translates` / `No_Preference` → the event as captured (the same object);
 * `Always_GS1_Digital_Link` → every EPC URN that has a Digital Link becomes the id.gs1.org one;
 * `Always_EPC_URN` → every Digital Link that has a URN becomes it, when `lookup` knows the company prefix length.
 * Identifier fields: epcList, childEPCs, parentID, inputEPCList, outputEPCList, the epcClass of the four quantity
 * lists, readPoint.id, bizLocation.id, sourceList[].source, destinationList[].destination.
 * Never mutates `body`; the result shares every untouched part with it (treat both as read-only).
 */
export function translateEvent(
  body: Record<string, unknown>,
  format: EpcFormat,
  lookup: CompanyPrefixLookup,
): Record<string, unknown> {
  if (format !== 'Always_GS1_Digital_Link' && format !== 'Always_EPC_URN') return body;
  const conv = format === 'Always_GS1_Digital_Link' ? urnToDl : (s: string) => (isHttp(s) ? dlToUrn(s, lookup) : s);
  const tr = (v: unknown): unknown => (typeof v === 'string' ? conv(v) : v);
  const out: Record<string, unknown> = { ...body };
  for (const f of LIST_FIELDS) {
    const list = body[f];
    if (Array.isArray(list)) out[f] = list.map(tr);
  }
  if (body.parentID !== undefined) out.parentID = tr(body.parentID);
  for (const f of QUANTITY_FIELDS) {
    const list = body[f];
    if (Array.isArray(list))
      out[f] = list.map((q) => (isObject(q) && typeof q.epcClass === 'string' ? { ...q, epcClass: conv(q.epcClass) } : q));
  }
  for (const f of LOCATION_FIELDS) {
    const loc = body[f];
    if (isObject(loc) && typeof loc.id === 'string') out[f] = { ...loc, id: conv(loc.id) };
  }
  for (const [f, key] of PARTY_FIELDS) {
    const list = body[f];
    if (Array.isArray(list)) {
      out[f] = list.map((e) => (isObject(e) && typeof e[key] === 'string' ? { ...e, [key]: conv(e[key] as string) } : e));
    }
  }
  return out;
}
