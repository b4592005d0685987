/**
 * EPCIS event hash ID — GS1 CBV 2.0 §8.9 "Event Hash Generation Algorithm" (hash-based eventID,
 * `ni:///sha-256;<hex>?ver=CBV2.0`), for EPCIS 2.0 JSON / JSON-LD events.
 *
 * Written from the description and behaviour of the reference implementation
 * RalphTro/epcis-event-hash-generator (MIT, © Ralph Tröger, Sebastian Schmittner), whose CBV 2.0
 * profile is reproduced here so that our hashes equal its published test vectors; see also
 * openepcis/openepcis-event-hash-generator (Apache-2.0). No code was copied.
 *
 * Outline. The event is read into a tree of (name, text, children) the way the reference reads JSON
 * (namespaced keys become `{namespace}local`, bare CBV terms their web URIs, `…List` arrays become a list
 * element with one child per item). The pre-hash string is then
 *   `eventType=<type>` + the standard fields in the canonical property order (each `key=value`, values
 *   of one field sorted, lists and nested fields prefixed by their name, no separators)
 *   + `ilmd…` + user extensions found inside standard fields (prefixed by the field path)
 *   + the remaining event-level fields (user extensions), each group sorted;
 * eventID, recordTime, errorDeclaration and certificationInfo are left out. Values are canonicalised:
 * timestamps in standard fields to UTC with milliseconds, numbers without trailing zeros,
 * `urn:epcglobal:cbv:…` to `https://ref.gs1.org/cbv/…`, EPC URIs / Digital Links to constrained
 * canonical GS1 Digital Links on id.gs1.org.
 *
 * Known differences from the reference, for inputs it handles oddly: bare vocabulary strings are
 * expanded by field (the reference expands any value in the document that equals a term used in a
 * vocabulary field); a JSON null is left out (the reference hashes the text "None"); a time without a
 * UTC offset is read as UTC (the reference uses the machine's zone); a single-object `@context` is read
 * too; a business transaction / source / destination is hashed type first whatever the key order.
 */
import { createHash } from 'node:crypto';
import { gs1CheckDigit } from '../epc/index.js';

/** A node of the event tree: element name, text value and children, as in the reference's model. */
interface HNode {
  name: string;
  text: string;
  children: HNode[];
  /** bizTransactionList / sourceList / destinationList: each child is one (type, value) pair. */
  pairs?: boolean;
}

type PropOrder = ReadonlyArray<readonly [string, PropOrder | null]>;

const QUANTITY: PropOrder = [
  [
    'quantityElement',
    [
      ['epcClass', null],
      ['quantity', null],
      ['uom', null],
    ],
  ],
];
const EPCS: PropOrder = [['epc', null]];
const leaves = (names: string): PropOrder => names.split(' ').map((n) => [n, null] as const);

/** Canonical property order (CBV 2.0 §8.9 table; certificationInfo is not hashed). */
const PROP_ORDER: PropOrder = [
  ['eventTime', null],
  ['eventTimeZoneOffset', null],
  ['epcList', EPCS],
  ['parentID', null],
  ['inputEPCList', EPCS],
  ['childEPCs', EPCS],
  ['quantityList', QUANTITY],
  ['childQuantityList', QUANTITY],
  ['inputQuantityList', QUANTITY],
  ['outputEPCList', EPCS],
  ['outputQuantityList', QUANTITY],
  ['action', null],
  ['transformationID', null],
  ['bizStep', null],
  ['disposition', null],
  ['persistentDisposition', leaves('set unset')],
  ['readPoint', leaves('id')],
  ['bizLocation', leaves('id')],
  ['bizTransactionList', []],
  ['sourceList', []],
  ['destinationList', []],
  [
    'sensorElementList',
    [
      [
        'sensorElement',
        [
          ['sensorMetadata', leaves('time startTime endTime deviceID deviceMetadata rawData dataProcessingMethod bizRules')],
          [
            'sensorReport',
            leaves(
              'type exception deviceID deviceMetadata rawData dataProcessingMethod time microorganism chemicalSubstance ' +
                'value component stringValue booleanValue hexBinaryValue uriValue minValue maxValue meanValue sDev percRank ' +
                'percValue uom coordinateReferenceSystem',
            ),
          ],
        ],
      ],
    ],
  ],
];

const PAIR_LISTS = new Set(['bizTransactionList', 'sourceList', 'destinationList']);
/** Dicts holding one of these keys keep their key order, and generic lists of them are not sorted. */
const UNSORTED_KEYS = ['bizTransaction', 'source', 'destination'];
/** Event-level fields that never enter the hash. */
const NOT_HASHED = new Set(['recordTime', 'eventID', 'type', 'errorDeclaration', 'certificationInfo']);
/** JSON keys the reader skips at every level. */
const SKIPPED_KEYS = new Set(['#text', 'rdfs:comment', 'comment']);

// ---------------------------------------------------------------------------------------------------
// Vocabulary

const CBV = 'https://ref.gs1.org/cbv/';
const GS1_VOC = 'https://ref.gs1.org/voc/';

const terms = (base: string, list: string): Map<string, string> => new Map(list.split(' ').map((t) => [t, base + t]));

const BIZ_STEPS = terms(
  `${CBV}BizStep-`,
  'accepting arriving assembling collecting commissioning consigning creating_class_instance cycle_counting ' +
    'decommissioning departing destroying disassembling dispensing encoding entering_exiting holding inspecting ' +
    'installing killing loading other packing picking receiving removing repackaging repairing replacing reserving ' +
    'retail_selling sampling sensor_reporting shipping staging_outbound stock_taking stocking storing transporting ' +
    'unloading unpacking void_shipping',
);
const DISPOSITIONS = terms(
  `${CBV}Disp-`,
  'active available completeness_verified completeness_inferred conformant container_closed container_open damaged ' +
    'destroyed dispensed disposed encoded expired in_progress in_transit inactive mismatch_instance mismatch_class ' +
    'mismatch_quantity needs_replacement no_pedigree_match non_conformant non_sellable_other partially_dispensed ' +
    'recalled reserved retail_sold returned sellable_accessible sellable_not_accessible stolen unavailable unknown',
);
const BTT = terms(`${CBV}BTT-`, 'bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt');
const SDT = terms(`${CBV}SDT-`, 'owning_party possessing_party location');
const ERROR_REASONS = terms(`${CBV}ER-`, 'did_not_occur incorrect_data');
const COMPONENTS = terms(
  `${CBV}Comp-`,
  'x y z axial_distance azimuth height spherical_radius polar_angle elevation_angle easting northing latitude longitude altitude',
);
const SENSOR_ALERTS = terms(GS1_VOC, 'ALARM_CONDITION ERROR_CONDITION');
const MEASUREMENT_TYPES = terms(
  GS1_VOC,
  'AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity Altitude AmountOfSubstance ' +
    'AmountOfSubstancePerUnitVolume Angle AngularAcceleration AngularMomentum AngularVelocity Area Capacitance ' +
    'Conductance Conductivity Count Density Dimensionless DoseEquivalent DoseEquivalentRate DynamicViscosity ' +
    'ElectricCharge ElectricCurrent ElectricCurrentDensity ElectricFieldStrength Energy Exposure Force Frequency ' +
    'Illuminance Inductance Irradiance KinematicViscosity Length LinearMomentum Luminance LuminousFlux ' +
    'LuminousIntensity MagneticFlux MagneticFluxDensity MagneticVectorPotential Mass MassConcentration MassFlowRate ' +
    'MassPerAreaTime MemoryCapacity MolalityOfSolute MolarEnergy MolarMass MolarVolume Power Pressure RadiantFlux ' +
    'RadiantIntensity RelativeHumidity Resistance Resistivity SolidAngle SpecificVolume Speed SurfaceDensity ' +
    'SurfaceTension Temperature Time Torque Voltage Volume VolumeFlowRate VolumeFraction VolumetricFlux Wavenumber',
);

/** The bare-string vocabulary of a field, by the key of the object holding it and its own key. */
function vocabularyOf(parentKey: string, key: string): Map<string, string> | undefined {
  switch (key) {
    case 'bizStep':
      return BIZ_STEPS;
    case 'disposition':
      return DISPOSITIONS;
    case 'set':
    case 'unset':
      return parentKey === 'persistentDisposition' ? DISPOSITIONS : undefined;
    case 'reason':
      return parentKey === 'errorDeclaration' ? ERROR_REASONS : undefined;
    case 'type':
      if (parentKey === 'bizTransactionList') return BTT;
      if (parentKey === 'sourceList' || parentKey === 'destinationList') return SDT;
      return parentKey === 'sensorReport' ? MEASUREMENT_TYPES : undefined;
    case 'exception':
      return parentKey === 'sensorReport' ? SENSOR_ALERTS : undefined;
    case 'component':
      return parentKey === 'sensorReport' ? COMPONENTS : undefined;
    default:
      return undefined;
  }
}

const CBV_URNS: ReadonlyArray<readonly [string, string]> = [
  ['urn:epcglobal:cbv:bizstep:', `${CBV}BizStep-`],
  ['urn:epcglobal:cbv:disp:', `${CBV}Disp-`],
  ['urn:epcglobal:cbv:btt:', `${CBV}BTT-`],
  ['urn:epcglobal:cbv:sdt:', `${CBV}SDT-`],
  ['urn:epcglobal:cbv:er:', `${CBV}ER-`],
];

// ---------------------------------------------------------------------------------------------------
// Namespaces

/** Prefixes every EPCIS document has, as the reference maps them (cbvmda without a trailing colon). */
const WELL_KNOWN_NAMESPACES: ReadonlyArray<readonly [string, string]> = [
  ['gs1', GS1_VOC],
  ['cbv', CBV],
  ['epcis', 'https://ref.gs1.org/epcis/'],
  ['cbvmda', 'urn:epcglobal:cbv:mda'],
];

function addContext(ns: Map<string, string>, context: unknown): void {
  if (Array.isArray(context)) {
    for (const c of context) addContext(ns, c);
  } else if (context !== null && typeof context === 'object') {
    for (const [prefix, value] of Object.entries(context)) {
      if (prefix.startsWith('@')) continue;
      if (typeof value === 'string') ns.set(prefix, value);
      else if (value !== null && typeof value === 'object' && typeof (value as { '@id'?: unknown })['@id'] === 'string') {
        ns.set(prefix, (value as { '@id': string })['@id']);
      }
    }
  }
}

function namespaces(docContext: unknown, eventContext: unknown): Map<string, string> {
  const ns = new Map(WELL_KNOWN_NAMESPACES);
  addContext(ns, docContext);
  addContext(ns, eventContext);
  ns.set('gs1', GS1_VOC);
  return ns;
}

/** `prefix:local` → `{namespace}local` for a declared prefix. */
function expandKey(key: string, ns: Map<string, string>): string {
  const colon = key.indexOf(':');
  if (colon < 0) return key;
  const uri = ns.get(key.slice(0, colon));
  return uri === undefined ? key : `{${uri}}${key.slice(colon + 1)}`;
}

/** A CURIE value is expanded only for GS1 vocabularies (user-namespace CURIEs stay as written). */
function expandValue(value: string, ns: Map<string, string>): string {
  const colon = value.indexOf(':');
  if (colon < 0) return value;
  const uri = ns.get(value.slice(0, colon));
  if (uri === undefined || !(uri.startsWith('https://ref.gs1.org') || uri.startsWith('https://gs1.org'))) return value;
  return uri + value.slice(colon + 1);
}

// ---------------------------------------------------------------------------------------------------
// JSON → tree

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // Code point order (Python's str order), not UTF-16 unit order.
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = (x.value as string).codePointAt(0) as number;
    const cy = (y.value as string).codePointAt(0) as number;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** Orders nodes as Python orders the reference's (name, text, children) tuples. */
function compareNodes(a: HNode, b: HNode): number {
  const byName = compareStrings(a.name, b.name);
  if (byName !== 0) return byName;
  const byText = compareStrings(a.text, b.text);
  if (byText !== 0) return byText;
  const n = Math.min(a.children.length, b.children.length);
  for (let i = 0; i < n; i++) {
    const c = compareNodes(a.children[i] as HNode, b.children[i] as HNode);
    if (c !== 0) return c;
  }
  return a.children.length - b.children.length;
}

/** The text of a JSON number as Python prints the parsed value. */
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) >= 1e21) return BigInt(n).toString();
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}

interface Reader {
  ns: Map<string, string>;
}

function scalarText(value: unknown, parentKey: string, key: string, r: Reader): string | undefined {
  if (typeof value === 'string') {
    const vocab = vocabularyOf(parentKey, key)?.get(value);
    return vocab ?? expandValue(value, r.ns);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}

/** The nodes one JSON member becomes: one per array item, else one. */
function readMember(name: string, key: string, value: unknown, parentKey: string, r: Reader): HNode[] {
  if (Array.isArray(value)) {
    const items: HNode[] = [];
    for (const item of value) {
      if (Array.isArray(item)) {
        items.push({ name, text: '', children: readMember('', key, item, parentKey, r) });
      } else if (item !== null && typeof item === 'object') {
        items.push(readObject(name, item as Record<string, unknown>, key, r));
      } else {
        const text = scalarText(item, parentKey, key, r);
        if (text !== undefined) items.push({ name, text, children: [] });
      }
    }
    return items;
  }
  if (value !== null && typeof value === 'object') return [readObject(name, value as Record<string, unknown>, key, r)];
  const text = scalarText(value, parentKey, key, r);
  return text === undefined ? [] : [{ name, text, children: [] }];
}

function readObject(name: string, obj: Record<string, unknown>, ownKey: string, r: Reader): HNode {
  const hashText = obj['#text'];
  const node: HNode = { name, text: typeof hashText === 'string' ? hashText : '', children: [] };
  for (const [key, value] of Object.entries(obj)) {
    if (SKIPPED_KEYS.has(key) || key.startsWith('@')) continue;
    node.children.push(...readMember(expandKey(key, r.ns), key, value, ownKey, r));
  }
  if (!UNSORTED_KEYS.some((k) => k in obj)) node.children.sort(compareNodes);
  return node;
}

/** Aligns the JSON tree with the XML data model (list item names, childEPCs, quantity elements). */
function alignWithXml(node: HNode): HNode {
  const kept: HNode[] = [];
  const lists = new Map<string, HNode[]>();
  for (const child of node.children) {
    if (child.name.endsWith('List')) {
      const items = lists.get(child.name) ?? [];
      items.push({ name: child.name.slice(0, -4), text: child.text, children: child.children });
      lists.set(child.name, items);
    } else {
      kept.push(child);
    }
  }
  for (const [name, items] of lists) kept.push({ name, text: '', children: items, pairs: PAIR_LISTS.has(name) });
  const childEpcs = kept.filter((c) => c.name === 'childEPCs');
  const children = kept.filter((c) => c.name !== 'childEPCs');
  if (childEpcs.length > 0) {
    children.push({ name: 'childEPCs', text: '', children: childEpcs.map((c) => ({ name: 'epc', text: c.text, children: [] })) });
  }
  const aligned = children.map((c) => (c.pairs ? c : alignWithXml(c)));
  let name = node.name;
  if (name === 'inputEPC' || name === 'outputEPC') name = 'epc';
  else if (
    name === 'inputQuantity' ||
    name === 'outputQuantity' ||
    name === 'childQuantity' ||
    (name === 'quantity' && aligned.length > 0)
  ) {
    name = 'quantityElement';
  }
  return { name, text: node.text, children: aligned };
}

// ---------------------------------------------------------------------------------------------------
// Value canonicalisation

function cbvWebUris(text: string): string {
  if (!text.includes('urn:epcglobal:cbv:')) return text;
  let out = text;
  for (const [urn, uri] of CBV_URNS) out = out.split(urn).join(uri);
  return out;
}

const DIGITS = String.raw`\d(?:_?\d)*`;
const DECIMAL = new RegExp(String.raw`^([+-]?)(?:(${DIGITS})(?:\.(${DIGITS})?)?|\.(${DIGITS}))(?:[eE]([+-]?${DIGITS}))?$`);

/**
 * Numbers as the reference writes them (Python `Decimal`): whole numbers without a fraction
 * (`200.0` → `200`, `007` → `7`), others without trailing zeros and without exponent (`1.50` → `1.5`).
 */
function canonicalNumber(text: string): string {
  const m = DECIMAL.exec(text.trim());
  if (!m) return text;
  const sign = m[1] === '-' ? '-' : '';
  const intPart = (m[2] ?? '').replaceAll('_', '');
  const fracPart = (m[3] ?? m[4] ?? '').replaceAll('_', '');
  let exp = Number((m[5] ?? '0').replaceAll('_', '')) - fracPart.length;
  let coeff = (intPart + fracPart).replace(/^0+/, '') || '0';
  if (!Number.isSafeInteger(exp)) return text;
  if (exp >= 0) {
    if (exp === 0) return sign + coeff;
    // Python prints a whole Decimal with a positive exponent in scientific notation.
    const adjusted = exp + coeff.length - 1;
    return `${sign}${coeff[0]}${coeff.length > 1 ? `.${coeff.slice(1)}` : ''}E+${adjusted}`;
  }
  const fractional = coeff.length > -exp ? coeff.slice(coeff.length + exp) : coeff.padStart(-exp, '0');
  if (/^0*$/.test(fractional)) {
    return sign + (coeff.length > -exp ? coeff.slice(0, coeff.length + exp) : '0');
  }
  while (coeff.endsWith('0')) {
    coeff = coeff.slice(0, -1);
    exp += 1;
  }
  const point = coeff.length + exp;
  return point > 0 ? `${sign}${coeff.slice(0, point)}.${coeff.slice(point)}` : `${sign}0.${'0'.repeat(-point)}${coeff}`;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** A timestamp in UTC at millisecond precision (`…T13:05:00.000Z`); excess digits round half up. */
function canonicalTime(text: string): string {
  const m = TIMESTAMP.exec(text);
  if (!m) return text;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = Number(m[6] ?? '0');
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > maxDay || hour > 23 || minute > 59 || second > 59) return text;
  const micros = Number((m[7] ?? '').slice(0, 6).padEnd(6, '0'));
  const millis = Math.floor(micros / 1000) + (micros % 1000 >= 500 ? 1 : 0);
  const offsetHours = Number(m[10] ?? '0');
  const offsetMinutes = Number(m[11] ?? '0');
  if (offsetHours > 23 || offsetMinutes > 59) return text;
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offset, second, millis);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) return text;
  return date.toISOString();
}

// GS1 Digital Link normalisation (constrained canonical DL on id.gs1.org), as the reference does it.

/** Characters of an EPC URI component (TDS: set 82 with the reserved ones escaped). */
const URI_CHAR = `(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])`;
/** Characters of a CPI component part (set 39). */
const CPI_CHAR = `(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])`;
/** Characters the reference accepts in a Digital Link value (set 82 without the ones needing escapes). */
const DL_CHAR = String.raw`[\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]`;

/** `cp.ref` alternatives for a key of `digits` digits; `last` is what the 12-digit-prefix case reads. */
function cpRef(digits: number, last = String.raw`\d{${digits - 12}}`): string {
  const alts: string[] = [];
  for (let cp = 6; cp <= 11; cp++) alts.push(String.raw`\d{${cp}}\.\d{${digits - cp}}`);
  alts.push(String.raw`\d{12}\.${digits === 12 ? last : String.raw`\d{${digits - 12}}`}`);
  return `(?:${alts.join('|')})`;
}

/** `cp.text` alternatives where prefix + text are at most 30 characters. */
function cpText(char: string): string {
  const alts: string[] = [];
  for (let cp = 6; cp <= 12; cp++) alts.push(String.raw`\d{${cp}}\.${char}{1,${30 - cp}}`);
  return `(?:${alts.join('|')})`;
}

const dlEscape = (s: string): string =>
  s
    .replaceAll('!', '%21')
    .replaceAll('(', '%28')
    .replaceAll(')', '%29')
    .replaceAll('*', '%2A')
    .replaceAll('+', '%2B')
    .replaceAll(',', '%2C')
    .replaceAll(':', '%3A');

const withCheck = (digits: string): string => digits + gs1CheckDigit(digits);
/** GTIN-14 of an SGTIN-style `cp.ref` (indicator digit first in the reference). */
const gtin = (cp: string, ref: string): string => withCheck(ref.slice(0, 1) + cp + ref.slice(1));

interface UrnRule {
  re: RegExp;
  convert: (uri: string) => string;
}

const DL = 'https://id.gs1.org';
const urnRule = (prefix: string, body: string, convert: UrnRule['convert']): UrnRule => ({
  re: new RegExp(`^${prefix.replaceAll('.', '\\.')}${body}$`),
  convert,
});

/** Splits `cp.ref[.rest]` after the URN prefix into the company prefix and what follows it. */
function splitKey(uri: string, prefixLength: number, keyDigits: number): { cp: string; ref: string; tail: string } {
  const dot = uri.indexOf('.');
  const cp = uri.slice(prefixLength, dot);
  const ref = uri.slice(dot + 1, dot + 1 + (keyDigits - cp.length));
  return { cp, ref, tail: uri.slice(dot + 2 + (keyDigits - cp.length)) };
}

const URN_RULES: UrnRule[] = [
  urnRule('urn:epc:id:sgtin:', String.raw`${cpRef(13)}\.${URI_CHAR}{1,20}`, (uri) => {
    const { cp, ref, tail } = splitKey(uri, 17, 13);
    return `${DL}/01/${gtin(cp, ref)}/21/${dlEscape(tail)}`;
  }),
  urnRule('urn:epc:id:sscc:', cpRef(17), (uri) => {
    const { cp, ref } = splitKey(uri, 16, 17);
    return `${DL}/00/${withCheck(ref.slice(0, 1) + cp + ref.slice(1))}`;
  }),
  urnRule('urn:epc:id:sgln:', String.raw`${cpRef(12, '')}\.${URI_CHAR}{1,20}`, (uri) => {
    const { cp, ref, tail } = splitKey(uri, 16, 12);
    const gln = withCheck(cp + ref);
    return tail === '0' ? `${DL}/414/${gln}` : `${DL}/414/${gln}/254/${dlEscape(tail)}`;
  }),
  urnRule('urn:epc:id:grai:', String.raw`${cpRef(12, '\\.')}\.${URI_CHAR}{1,16}`, (uri) => {
    const { cp, ref, tail } = splitKey(uri, 16, 12);
    return `${DL}/8003/${withCheck(`0${cp}${ref}`)}${dlEscape(tail)}`;
  }),
  urnRule('urn:epc:id:giai:', cpText(URI_CHAR), (uri) => {
    const dot = uri.indexOf('.');
    return `${DL}/8004/${uri.slice(16, dot)}${dlEscape(uri.slice(dot + 1))}`;
  }),
  urnRule('urn:epc:id:gsrn:', cpRef(17), (uri) => `${DL}/8018/${withCheck(uri.slice(16).replace('.', ''))}`),
  urnRule('urn:epc:id:gsrnp:', cpRef(17), (uri) => `${DL}/8017/${withCheck(uri.slice(17).replace('.', ''))}`),
  urnRule('urn:epc:id:gdti:', `${cpRef(12, '\\.')}${URI_CHAR}{1,20}`, (uri) => {
    const { cp, ref } = splitKey(uri, 16, 12);
    return `${DL}/253/${withCheck(cp + ref)}${dlEscape(uri.slice(30))}`;
  }),
  urnRule('urn:epc:id:cpi:', String.raw`${cpText(CPI_CHAR)}\.\d{1,12}`, (uri) => {
    const dot = uri.indexOf('.');
    const last = uri.lastIndexOf('.');
    return `${DL}/8010/${dlEscape(uri.slice(15, dot) + uri.slice(dot + 1, last))}/8011/${uri.slice(last + 1)}`;
  }),
  urnRule('urn:epc:id:sgcn:', String.raw`${cpRef(12, '')}\.\d{1,12}`, (uri) => {
    const { cp, ref } = splitKey(uri, 16, 12);
    return `${DL}/255/${withCheck(cp + ref)}${uri.slice(30)}`;
  }),
  urnRule('urn:epc:id:ginc:', cpText(URI_CHAR), (uri) => {
    const dot = uri.indexOf('.');
    return `${DL}/401/${uri.slice(16, dot)}${dlEscape(uri.slice(dot + 1))}`;
  }),
  urnRule('urn:epc:id:gsin:', cpRef(16), (uri) => `${DL}/402/${withCheck(uri.slice(16).replace('.', ''))}`),
  urnRule('urn:epc:id:itip:', String.raw`${cpRef(13)}\.\d{2}\.\d{2}\.${URI_CHAR}{1,20}`, (uri) => {
    const { cp, ref } = splitKey(uri, 16, 13);
    return `${DL}/8006/${gtin(cp, ref)}${uri.slice(31, 33)}${uri.slice(34, 36)}/21/${dlEscape(uri.slice(37))}`;
  }),
  urnRule('urn:epc:id:upui:', String.raw`${cpRef(13)}\.${URI_CHAR}{1,28}`, (uri) => {
    const { cp, ref } = splitKey(uri, 16, 13);
    return `${DL}/01/${gtin(cp, ref)}/235/${dlEscape(uri.slice(31))}`;
  }),
  urnRule('urn:epc:id:pgln:', cpRef(12, ''), (uri) => {
    const { cp, ref } = splitKey(uri, 16, 12);
    return `${DL}/417/${withCheck(cp + ref)}`;
  }),
  urnRule('urn:epc:class:lgtin:', String.raw`${cpRef(13)}\.${URI_CHAR}{1,20}`, (uri) => {
    const { cp, ref } = splitKey(uri, 20, 13);
    return `${DL}/01/${gtin(cp, ref)}/10/${dlEscape(uri.slice(35))}`;
  }),
  urnRule('urn:epc:idpat:sgtin:', String.raw`${cpRef(13)}\.\*`, (uri) => {
    const { cp, ref } = splitKey(uri, 20, 13);
    return `${DL}/01/${gtin(cp, ref)}`;
  }),
  urnRule('urn:epc:idpat:grai:', String.raw`${cpRef(12, '\\.')}\.\*`, (uri) => {
    const { cp, ref } = splitKey(uri, 19, 12);
    return `${DL}/8003/${withCheck(`0${cp}${ref}`)}`;
  }),
  urnRule('urn:epc:idpat:gdti:', String.raw`${cpRef(12, '\\.')}\.\*`, (uri) => {
    const { cp, ref } = splitKey(uri, 19, 12);
    return `${DL}/253/${withCheck(cp + ref)}`;
  }),
  urnRule('urn:epc:idpat:sgcn:', String.raw`${cpRef(12, '\\.')}\.\*`, (uri) => {
    const { cp, ref } = splitKey(uri, 19, 12);
    return `${DL}/255/${withCheck(cp + ref)}`;
  }),
  urnRule('urn:epc:idpat:cpi:', String.raw`${cpText(CPI_CHAR)}\.\*`, (uri) => {
    const dot = uri.indexOf('.');
    return `${DL}/8010/${dlEscape(uri.slice(18, dot) + uri.slice(dot + 1, uri.lastIndexOf('.')))}`;
  }),
  urnRule('urn:epc:idpat:itip:', String.raw`${cpRef(13)}\.\d{2}\.\d{2}\.\*`, (uri) => {
    const { cp, ref } = splitKey(uri, 19, 13);
    return `${DL}/8006/${gtin(cp, ref)}${uri.slice(34, 36)}${uri.slice(37, 39)}`;
  }),
  urnRule('urn:epc:idpat:upui:', String.raw`${cpRef(13)}\.\*`, (uri) => {
    const { cp, ref } = splitKey(uri, 19, 13);
    return `${DL}/01/${gtin(cp, ref)}`;
  }),
];

const DL_KEYS =
  '01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai';
const DL_SHAPE = new RegExp(
  String.raw`^https?:(?:\/\/(?:(?:[^\/?#]*)@)?[^\/?#:]*(?::[^\/?#]*)?)?(?:[^?#]*\/(?:${DL_KEYS})\/\d{4}[^\/]+|\/[A-Za-z_-]{10}$)`,
);
const DL_SHORT_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['gtin', '01'],
  ['itip', '8006'],
  ['cpid', '8010'],
  ['gln', '414'],
  ['party', '417'],
  ['gsrnp', '8017'],
  ['gsrn', '8018'],
  ['gcn', '255'],
  ['sscc', '00'],
  ['gdti', '253'],
  ['ginc', '401'],
  ['gsin', '402'],
  ['grai', '8003'],
  ['giai', '8004'],
  ['cpv', '22'],
  ['lot', '10'],
  ['ser', '21'],
];
const ID_GS1 = String.raw`^https:\/\/id\.gs1\.org\/`;
const CANONICAL_START = new RegExp(`${ID_GS1}(?:01|8006|8010|414|417|8017|8018|255|00|253|401|402|8003|8004)\\/\\d{4}`);
const PRIMARY_KEYS = ['00', '01', '253', '255', '401', '402', '414', '417', '8003', '8004', '8006', '8010', '8017', '8018'];
const dl = (pattern: string): RegExp => new RegExp(`${ID_GS1}${pattern}$`);
const CPV_ONLY = [dl(String.raw`8006\/\d{18}\/22\/${DL_CHAR}{0,20}`), dl(String.raw`01\/\d{14}\/22\/${DL_CHAR}{0,20}`)];
const CPV_THEN_MORE = [
  dl(String.raw`8006\/\d{18}\/22\/[\x2F\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]{0,20}`),
  dl(String.raw`01\/\d{14}\/22\/[\x2F\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]{0,20}`),
];
const LOT_AND_SERIAL = [
  dl(String.raw`8006\/\d{18}\/10\/${DL_CHAR}{0,20}\/21\/${DL_CHAR}{0,20}`),
  dl(String.raw`01\/\d{14}\/10\/${DL_CHAR}{0,20}\/21\/${DL_CHAR}{0,20}`),
];
const VALID_DL = [
  String.raw`00\/\d{18}`,
  String.raw`01\/\d{14}\/21\/${DL_CHAR}{0,20}`,
  String.raw`01\/\d{14}\/10\/${DL_CHAR}{0,20}`,
  String.raw`01\/\d{14}`,
  String.raw`01\/\d{14}\/235\/${DL_CHAR}{0,28}`,
  String.raw`253\/\d{13}${DL_CHAR}{0,17}`,
  String.raw`255\/\d{13}\d{0,12}`,
  String.raw`401\/${DL_CHAR}{0,30}`,
  String.raw`402\/\d{17}`,
  String.raw`414\/\d{13}`,
  String.raw`414\/\d{13}\/254\/${DL_CHAR}{0,20}`,
  String.raw`417\/\d{13}`,
  String.raw`8003\/\d{14}${DL_CHAR}{0,16}`,
  String.raw`8004\/${DL_CHAR}{0,30}`,
  String.raw`8006\/\d{18}\/21\/${DL_CHAR}{0,20}`,
  String.raw`8006\/\d{18}\/10\/${DL_CHAR}{0,20}`,
  String.raw`8006\/\d{18}`,
  String.raw`8010\/[\x23\x2D\x2F\x30-\x39\x41-\x5A]{0,30}\/8011\/\d{0,12}`,
  String.raw`8010\/[\x23\x2D\x2F\x30-\x39\x41-\x5A]{0,30}`,
  String.raw`8017\/\d{18}`,
  String.raw`8018\/\d{18}`,
].map(dl);

/** A GS1 Digital Link reduced to id.gs1.org, no query, no CPV, only the finest key level; undefined if not one. */
function constrainDigitalLink(input: string): string | undefined {
  if (!DL_SHAPE.test(input)) return undefined;
  let uri = input.includes('?') ? input.slice(0, input.indexOf('?')) : input;
  for (const [short, ai] of DL_SHORT_NAMES) uri = uri.replaceAll(`/${short}/`, `/${ai}/`);
  if (!CANONICAL_START.test(uri)) {
    for (const key of PRIMARY_KEYS) {
      const at = uri.indexOf(`/${key}/`);
      if (at >= 0) {
        uri = DL + uri.slice(at);
        break;
      }
    }
  }
  if (!/^https:\/\/id\.gs1\.org\/01\/\d{14}/.test(uri)) {
    const digits = /^https:\/\/id\.gs1\.org\/01\/(\d+)/.exec(uri)?.[1]?.length ?? 0;
    const pad = digits >= 13 ? '0' : digits === 12 ? '00' : digits >= 8 ? '000000' : '';
    if (pad) uri = uri.replaceAll('/01/', `/01/${pad}`);
  }
  const cpvAt = uri.indexOf('/22/');
  if (cpvAt >= 0) {
    const afterCpv = uri.slice(cpvAt + 4);
    if (CPV_ONLY.some((re) => re.test(uri))) uri = uri.slice(0, cpvAt);
    else if (CPV_THEN_MORE.some((re) => re.test(uri))) uri = uri.slice(0, cpvAt) + afterCpv.slice(afterCpv.indexOf('/'));
  }
  if (LOT_AND_SERIAL.some((re) => re.test(uri))) {
    const lotAt = uri.indexOf('/10/');
    const afterLot = uri.slice(lotAt + 4);
    uri = uri.slice(0, lotAt) + afterLot.slice(afterLot.indexOf('/'));
  }
  return VALID_DL.some((re) => re.test(uri)) ? uri : undefined;
}

/** EPC URI / EPC class / EPC pattern / Digital Link → constrained canonical Digital Link, else undefined. */
function canonicalIdentifier(value: string): string | undefined {
  if (!value.includes('.')) return undefined;
  if (value.startsWith('urn:epc:')) {
    for (const rule of URN_RULES) if (rule.re.test(value)) return rule.convert(value);
  }
  return /^https?:/.test(value) ? constrainDigitalLink(value) : undefined;
}

/** A value as it enters the pre-hash string. */
function canonicalValue(text: string): string {
  const value = canonicalNumber(cbvWebUris(text));
  return canonicalIdentifier(value) ?? value;
}

// ---------------------------------------------------------------------------------------------------
// Pre-hash string

function sortedJoin(values: string[]): string {
  return values.sort(compareStrings).join('');
}

/** `type=…bizTransaction=…` entries of a bizTransactionList / sourceList / destinationList, sorted. */
function pairEntries(list: HNode): string {
  return sortedJoin(
    list.children.map((item) => {
      const type = item.children.find((c) => c.name === 'type')?.text.trim();
      const value = item.children.find((c) => c.name === item.name)?.text.trim() ?? item.text.trim();
      return (type ? `type=${canonicalValue(type)}` : '') + (value ? `${item.name}=${canonicalValue(value)}` : '');
    }),
  );
}

/** Fields outside the property order (extensions, ilmd content): `name=value` + children, sorted. */
function generic(children: HNode[]): string {
  const values = children.map((c) => {
    const text = c.text.trim();
    return c.name + (text ? `=${canonicalValue(text)}` : '') + (c.pairs ? pairEntries(c) : generic(c.children));
  });
  if (values.length > 1 && !children.some((c) => UNSORTED_KEYS.includes(c.name))) values.sort(compareStrings);
  return values.join('');
}

const isTimeField = (name: string): boolean => {
  const n = name.toLowerCase();
  return n.includes('time') && !n.includes('offset');
};

function fieldString(node: HNode, order: PropOrder | null): string {
  let nested = '';
  if (order !== null) {
    if (node.pairs) {
      nested = pairEntries(node);
      node.children.length = 0;
    } else {
      nested = orderedFields(node.children, order);
    }
  }
  let text = node.text.trim();
  if (text) text = `=${isTimeField(node.name) ? canonicalTime(text) : canonicalValue(text)}`;
  if (!text && !nested) return '';
  // CBV 2.0 has no "sensorElementList" in the pre-hash string (CBV 2.1 does).
  return (node.name === 'sensorElementList' ? '' : node.name) + text + nested;
}

/** The fields of `children` in property order; consumed nodes are removed from `children`. */
function orderedFields(children: HNode[], order: PropOrder): string {
  let out = '';
  for (const [name, sub] of order) {
    const values: string[] = [];
    for (const child of children.filter((c) => c.name === name)) {
      const s = fieldString(child, sub);
      if (s) values.push(s);
      if (child.children.length === 0) children.splice(children.indexOf(child), 1);
    }
    out += sortedJoin(values);
  }
  return out;
}

const isUserExtension = (name: string): boolean => name.includes('{') && name.includes('/}');

/** User extensions left inside standard fields, prefixed by the field path, in property order. */
function fieldExtensions(children: HNode[], order: PropOrder): string {
  const parts: string[] = [];
  for (const [name, sub] of order) {
    if (sub === null || sub.length === 0) continue;
    for (const child of children.filter((c) => c.name === name)) {
      const inner = fieldExtensions(child.children, sub);
      if (inner) parts.push((name === 'sensorElementList' ? '' : name) + inner);
    }
  }
  const direct = children.filter((c) => isUserExtension(c.name));
  if (direct.length > 0) parts.push(generic(direct));
  return parts.join('');
}

function readEvent(event: Record<string, unknown>, context: unknown): { type: string; tree: HNode } {
  const type = event['type'];
  if (typeof type !== 'string' || type === '') throw new Error('EPCIS event hash: the event has no "type"');
  const reader: Reader = { ns: namespaces(context, event['@context']) };
  return { type, tree: alignWithXml(readObject(type, event, '', reader)) };
}

/**
 * The canonical pre-hash string of an EPCIS 2.0 JSON event (CBV 2.0 §8.9); `context` is the
 * document's `@context`, used to expand namespaced extension fields (`ext:field`).
 */
export function eventPreHashString(event: Record<string, unknown>, context?: unknown): string {
  const { type, tree } = readEvent(event, context);
  const fields = tree.children;
  const standard = orderedFields(fields, PROP_ORDER);

  const ilmd = fields.filter((c) => c.name === 'ilmd');
  const rest = fields.filter((c) => c.name !== 'ilmd');
  const ilmdPart = ilmd.length > 0 ? generic(ilmd) : '';

  const extensionParts: string[] = [];
  for (const [name, sub] of PROP_ORDER) {
    if (sub === null || sub.length === 0) continue;
    for (const child of rest.filter((c) => c.name === name)) {
      const inner = fieldExtensions(child.children, sub);
      if (!inner) continue;
      extensionParts.push((name === 'sensorElementList' ? '' : name) + inner);
      rest.splice(rest.indexOf(child), 1);
    }
  }
  const eventExtensions = generic(rest.filter((c) => !NOT_HASHED.has(c.name)));
  return `eventType=${type}${standard}${ilmdPart}${extensionParts.join('')}${eventExtensions}`;
}

/**
 * The EPCIS event hash ID (CBV 2.0 §8.9) of an EPCIS 2.0 JSON / JSON-LD event:
 * `ni:///sha-256;<lowercase hex>?ver=CBV2.0`. eventID, recordTime, errorDeclaration and
 * certificationInfo do not take part, so an event keeps its hash when those are filled in.
 */
export function eventHashId(event: Record<string, unknown>, context?: unknown): string {
  const digest = createHash('sha256').update(eventPreHashString(event, context), 'utf8').digest('hex');
  return `ni:///sha-256;${digest}?ver=CBV2.0`;
}
