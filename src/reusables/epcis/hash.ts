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
 * Speed. Plain events (standard fields of the usual shapes only, as RFID captures are) take a fast path
 * at the end of this file that writes the same pre-hash string straight from the JSON; everything else,
 * and any value the fast path's parsers do not recognise, goes through the general tree model above.
 *
 * Known differences from the reference, for inputs it handles oddly: bare vocabulary strings are
 * expanded by field (the reference expands any value in the document that equals a term used in a
 * vocabulary field); a JSON null is left out (the reference hashes the text "None"); a time without a
 * UTC offset is read as UTC (the reference uses the machine's zone); a single-object `@context` is read
 * too; a business transaction / source / destination is hashed type first whatever the key order.
 */
import { hash } from 'node:crypto';
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
 * The pre-hash string by the general path (the tree model above), for any event. The exported
 * {@link eventPreHashString} takes a fast path for plain events and gives the same string.
 * @internal Exported as the reference the fast path is tested against.
 */
export function eventPreHashStringGeneral(event: Record<string, unknown>, context?: unknown): string {
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

// ---------------------------------------------------------------------------------------------------
// Fast path
//
// Most captured events are plain: standard fields only, EPCs as strings, readPoint / bizLocation as
// `{id}`, transaction / source / destination lists of `{type, value}`, no extensions, ilmd, quantities
// or sensor data. For these the pre-hash string is written straight from the JSON, without the tree,
// with hand-written parsers for the common value shapes (EPC URNs of sgtin / sscc / sgln / grai / giai,
// constrained id.gs1.org Digital Links, ISO times with Z or ±hh:mm) that give up on anything unusual
// and then use the general canonicalisation. Any other event shape is hashed by the general path.
// Each step mirrors what the general path does with the same input; the tests compare the two.

/** `canonicalValue` of each bare term's URI, computed once. */
const canonicalTerms = (vocab: Map<string, string>): Map<string, string> =>
  new Map(Array.from(vocab, ([term, uri]) => [term, canonicalValue(uri.trim())] as const));
const BIZ_STEP_VALUES = canonicalTerms(BIZ_STEPS);
const DISPOSITION_VALUES = canonicalTerms(DISPOSITIONS);
const BTT_VALUES = canonicalTerms(BTT);
const SDT_VALUES = canonicalTerms(SDT);

/** canonicalValue results of recent values (locations, vocabulary URIs, offsets, transaction ids). */
const valueCache = new Map<string, string>();
const VALUE_CACHE_SIZE = 4096;

function cachedCanonicalValue(text: string): string {
  let value = valueCache.get(text);
  if (value === undefined) {
    value = canonicalValue(text);
    if (text.length <= 256) {
      if (valueCache.size >= VALUE_CACHE_SIZE) valueCache.clear();
      valueCache.set(text, value);
    }
  }
  return value;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

function digitsAt(s: string, from: number, count: number): boolean {
  if (from + count > s.length) return false;
  for (let i = from; i < from + count; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) table[c] = 1;
  for (let c = 65; c <= 90; c++) table[c] = 1;
  for (let c = 97; c <= 122; c++) table[c] = 1;
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  return table;
}
/** The unescaped characters of URI_CHAR. */
const URI_PLAIN = charTable("!')(*+,.:;=_-");
/** DL_CHAR without '?' (which would start a query string). */
const DL_PLAIN = charTable(`"'-.;<=>_`);

/** Whether `%hl` is one of the escapes URI_CHAR allows. */
function uriEscape(h: number, l: number): boolean {
  switch (h) {
    case 50: // %2[125-9A-Fa-f]
      return isHex(l) && l !== 48 && l !== 51 && l !== 52;
    case 51: // %3[0-9A-Fa-f]
      return isHex(l);
    case 52: // %4[1-9A-Fa-f]
    case 54: // %6[1-9A-Fa-f]
      return isHex(l) && l !== 48;
    case 53: // %5[0-9AaFf]
      return isDigit(l) || l === 65 || l === 97 || l === 70 || l === 102;
    case 55: // %7[0-9Aa]
      return isDigit(l) || l === 65 || l === 97;
    default:
      return false;
  }
}

/** How many URI_CHARs `s` from `from` to its end is, or -1 if it holds anything else. */
function uriCharCount(s: string, from: number): number {
  let count = 0;
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 128 && URI_PLAIN[c] === 1) i += 1;
    else if (c === 37 && i + 2 < s.length && uriEscape(s.charCodeAt(i + 1), s.charCodeAt(i + 2))) i += 3;
    else return -1;
    count++;
  }
  return count;
}

/** Whether `s` from `from` to its end is `min`…`max` DL_CHARs other than '?'. */
function dlChars(s: string, from: number, min: number, max: number): boolean {
  const n = s.length - from;
  if (n < min || n > max) return false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || DL_PLAIN[c] !== 1) return false;
  }
  return true;
}

const NEEDS_DL_ESCAPE = /[!()*+,:]/;
const fastDlEscape = (s: string): string => (NEEDS_DL_ESCAPE.test(s) ? dlEscape(s) : s);

/**
 * The Digital Link of an sgtin / sscc / sgln / grai / giai EPC URI that URN_RULES accepts (same result);
 * undefined for any other value, which is then left to the general path.
 */
function fastEpcUrn(uri: string): string | undefined {
  // uri starts with 'urn:epc:id:'
  let kind: number;
  if (uri.startsWith('sgtin:', 11)) kind = 0;
  else if (uri.startsWith('sscc:', 11)) kind = 1;
  else if (uri.startsWith('sgln:', 11)) kind = 2;
  else if (uri.startsWith('grai:', 11)) kind = 3;
  else if (uri.startsWith('giai:', 11)) kind = 4;
  else return undefined;
  const start = kind === 0 ? 17 : 16;
  if (uri.includes('urn:epcglobal:cbv:')) return undefined;
  const dot = uri.indexOf('.', start);
  const cpLength = dot - start;
  // A 12-digit company prefix is left to the general path for every kind.
  if (cpLength < 6 || cpLength > 11 || !digitsAt(uri, start, cpLength)) return undefined;
  const cp = uri.slice(start, dot);
  switch (kind) {
    case 0: {
      // sgtin: cp.ref (13 digits).serial (1-20)
      const refEnd = dot + 1 + (13 - cpLength);
      if (!digitsAt(uri, dot + 1, 13 - cpLength) || uri.charCodeAt(refEnd) !== 46) return undefined;
      const n = uriCharCount(uri, refEnd + 1);
      if (n < 1 || n > 20) return undefined;
      return `${DL}/01/${gtin(cp, uri.slice(dot + 1, refEnd))}/21/${fastDlEscape(uri.slice(refEnd + 1))}`;
    }
    case 1: {
      // sscc: cp.ref (17 digits)
      const refLength = 17 - cpLength;
      if (uri.length !== dot + 1 + refLength || !digitsAt(uri, dot + 1, refLength)) return undefined;
      const ref = uri.slice(dot + 1);
      return `${DL}/00/${withCheck(ref.slice(0, 1) + cp + ref.slice(1))}`;
    }
    case 2:
    case 3: {
      // sgln: cp.ref (12 digits).extension (1-20); grai: cp.ref (12 digits).serial (1-16)
      const refEnd = dot + 1 + (12 - cpLength);
      if (!digitsAt(uri, dot + 1, 12 - cpLength) || uri.charCodeAt(refEnd) !== 46) return undefined;
      const n = uriCharCount(uri, refEnd + 1);
      if (n < 1 || n > (kind === 2 ? 20 : 16)) return undefined;
      const ref = uri.slice(dot + 1, refEnd);
      const tail = uri.slice(refEnd + 1);
      if (kind === 3) return `${DL}/8003/${withCheck(`0${cp}${ref}`)}${fastDlEscape(tail)}`;
      const gln = withCheck(cp + ref);
      return tail === '0' ? `${DL}/414/${gln}` : `${DL}/414/${gln}/254/${fastDlEscape(tail)}`;
    }
    default: {
      // giai: cp.asset, at most 30 characters in all
      const n = uriCharCount(uri, dot + 1);
      if (n < 1 || n > 30 - cpLength) return undefined;
      return `${DL}/8004/${cp}${fastDlEscape(uri.slice(dot + 1))}`;
    }
  }
}

/**
 * Whether an `https://id.gs1.org/…` value is already a constrained canonical Digital Link that
 * constrainDigitalLink returns unchanged: SSCC, SGTIN (or GTIN), GLN (with extension), GRAI, GIAI.
 * false means "not known", not "not a Digital Link".
 */
function isConstrainedDl(uri: string): boolean {
  const p = 19; // after 'https://id.gs1.org/'
  if (uri.startsWith('01/', p)) {
    if (!digitsAt(uri, p + 3, 14)) return false;
    const q = p + 17;
    return uri.length === q || (uri.startsWith('/21/', q) && dlChars(uri, q + 4, 1, 20));
  }
  if (uri.startsWith('00/', p)) return uri.length === p + 21 && digitsAt(uri, p + 3, 18);
  if (uri.startsWith('414/', p)) {
    if (!digitsAt(uri, p + 4, 13)) return false;
    const q = p + 17;
    return uri.length === q || (uri.startsWith('/254/', q) && dlChars(uri, q + 5, 1, 20));
  }
  if (uri.startsWith('8003/', p)) return digitsAt(uri, p + 5, 14) && dlChars(uri, p + 19, 0, 16);
  if (uri.startsWith('8004/', p)) return digitsAt(uri, p + 5, 4) && dlChars(uri, p + 5, 5, 30);
  return false;
}

/** canonicalValue(text) for a trimmed, non-empty text. */
function fastValue(text: string): string {
  if (text.startsWith('urn:epc:id:')) {
    const dl = fastEpcUrn(text);
    if (dl !== undefined) return dl;
  } else if (text.startsWith('https://id.gs1.org/') && isConstrainedDl(text)) {
    return text;
  }
  return cachedCanonicalValue(text);
}

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const daysInMonth = (year: number, month: number): number =>
  month === 2 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 28 : (DAYS_IN_MONTH[month - 1] as number);
const twoDigits = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * canonicalTime(text) for a trimmed text; parses `YYYY-MM-DDThh:mm:ss[.f…](Z|±hh:mm)` by hand and
 * leaves any other form, and dates near the ends of the range, to canonicalTime.
 */
function fastTime(text: string): string {
  const n = text.length;
  if (
    n < 20 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return canonicalTime(text);
  }
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 10 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return canonicalTime(text);
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return canonicalTime(text);
  const year = century * 100 + yy;
  if (year <= 1000 || year >= 9999) return canonicalTime(text);
  if (day > daysInMonth(year, month)) return canonicalTime(text);
  let i = 19;
  let micros = 0;
  if (text.charCodeAt(i) === 46) {
    i++;
    const from = i;
    while (i < n && isDigit(text.charCodeAt(i))) {
      if (i - from < 6) micros = micros * 10 + (text.charCodeAt(i) - 48);
      i++;
    }
    if (i === from) return canonicalTime(text);
    for (let k = i - from; k < 6; k++) micros *= 10;
  }
  let offset: number;
  if (i === n - 1 && text.charCodeAt(i) === 90) {
    offset = 0;
  } else if (i === n - 6 && text.charCodeAt(i + 3) === 58) {
    const sign = text.charCodeAt(i);
    const oh = twoDigits(text, i + 1);
    const om = twoDigits(text, i + 4);
    if ((sign !== 43 && sign !== 45) || oh < 0 || oh > 23 || om < 0 || om > 59) return canonicalTime(text);
    offset = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return canonicalTime(text);
  }
  const millis = Math.floor(micros / 1000) + (micros % 1000 >= 500 ? 1 : 0);
  // What canonicalTime's Date gives, by hand: the time of day in UTC, moving at most one day either way.
  let ms = ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis;
  let y = year;
  let m = month;
  let d = day;
  if (ms < 0) {
    ms += DAY_MS;
    if (--d < 1) {
      if (--m < 1) {
        m = 12;
        y--;
      }
      d = daysInMonth(y, m);
    }
  } else if (ms >= DAY_MS) {
    ms -= DAY_MS;
    if (++d > daysInMonth(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        y++;
      }
    }
  }
  const sec = Math.floor(ms / 1000);
  const min = Math.floor(sec / 60);
  const msPart = ms - sec * 1000;
  return `${y}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}T${TWO_DIGITS[Math.floor(min / 60)]}:${TWO_DIGITS[min % 60]}:${TWO_DIGITS[sec % 60]}.${
    msPart < 10 ? '00' : msPart < 100 ? '0' : ''
  }${msPart}Z`;
}

/** compareStrings (code point order) with a shortcut while no surrogate is involved. */
function fastCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 || y >= 0xd800) return compareStrings(a, b);
      return x < y ? -1 : 1;
    }
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function sortJoin(values: string[]): string {
  if (values.length === 1) return values[0] as string;
  if (values.length === 2) {
    const a = values[0] as string;
    const b = values[1] as string;
    return fastCompare(a, b) <= 0 ? a + b : b + a;
  }
  return values.sort(fastCompare).join('');
}

/** Namespaces for expanding values: null when neither @context declares a prefix (well-known ones only). */
type FastNs = Map<string, string> | null;

/** Whether a @context declares no prefix (addContext would add nothing). */
function declaresNothing(context: unknown): boolean {
  if (Array.isArray(context)) {
    for (const c of context) if (!declaresNothing(c)) return false;
    return true;
  }
  return context === null || typeof context !== 'object';
}

/** expandValue with the given namespaces. */
function fastExpand(value: string, ns: FastNs): string {
  const colon = value.indexOf(':');
  if (colon < 0) return value;
  if (ns !== null) return expandValue(value, ns);
  // Well-known prefixes only: gs1, cbv and epcis expand (cbvmda's namespace is not a GS1 web URI).
  if (colon === 3) {
    if (value.startsWith('gs1')) return GS1_VOC + value.slice(4);
    if (value.startsWith('cbv')) return CBV + value.slice(4);
  } else if (colon === 5 && value.startsWith('epcis')) {
    return `https://ref.gs1.org/epcis/${value.slice(6)}`;
  }
  return value;
}

/** The canonical text of a string field value as the general path writes it; undefined when left out (blank). */
function fastText(raw: string, terms: Map<string, string> | undefined, ns: FastNs): string | undefined {
  if (terms !== undefined) {
    const term = terms.get(raw);
    if (term !== undefined) return term;
  }
  const text = fastExpand(raw, ns).trim();
  return text === '' ? undefined : fastValue(text);
}

/** Sentinel: the event is not plain; use the general path. */
const GENERAL = Symbol('general');
type Part = string | typeof GENERAL;

/** Keys every reader level skips. */
const isSkippedKey = (key: string): boolean => key === 'comment' || key === 'rdfs:comment' || key.startsWith('@');

/** `name=value` of a string field; '' when absent or blank. */
function fastScalar(name: string, value: unknown, terms: Map<string, string> | undefined, ns: FastNs): Part {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return GENERAL;
  const text = fastText(value, terms, ns);
  return text === undefined ? '' : `${name}=${text}`;
}

/** `name` + sorted `prefix=value`s of a string or string list; '' when none. */
function fastValues(name: string, prefix: string, value: unknown, terms: Map<string, string> | undefined, ns: FastNs): Part {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const text = fastText(value, terms, ns);
    return text === undefined ? '' : `${name}${prefix}=${text}`;
  }
  if (!Array.isArray(value)) return GENERAL;
  const values: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') return GENERAL;
    const text = fastText(item, terms, ns);
    if (text !== undefined) values.push(`${prefix}=${text}`);
  }
  return values.length === 0 ? '' : name + sortJoin(values);
}

/** An EPC list (epcList, childEPCs, inputEPCList, outputEPCList) of strings. */
function fastEpcs(name: string, value: unknown, ns: FastNs): Part {
  // A single string is a one-item list in the general path too, but is rare enough to leave to it.
  return typeof value === 'string' ? GENERAL : fastValues(name, 'epc', value, undefined, ns);
}

/** readPoint / bizLocation as `{id}`. */
function fastLocation(name: string, value: unknown, ns: FastNs): Part {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object' || Array.isArray(value)) return GENERAL;
  let part = '';
  for (const key of Object.keys(value)) {
    if (key === 'id') {
      const id = fastScalar('id', (value as Record<string, unknown>)[key], undefined, ns);
      if (id === GENERAL) return GENERAL;
      part = id && name + id;
    } else if (!isSkippedKey(key)) {
      return GENERAL;
    }
  }
  return part;
}

/** persistentDisposition as `{set, unset}` of disposition strings / lists. */
function fastPersistentDisposition(value: unknown, ns: FastNs): Part {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object' || Array.isArray(value)) return GENERAL;
  let set: Part = '';
  let unset: Part = '';
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (key === 'set') set = fastValues('', 'set', v, DISPOSITION_VALUES, ns);
    else if (key === 'unset') unset = fastValues('', 'unset', v, DISPOSITION_VALUES, ns);
    else if (!isSkippedKey(key)) return GENERAL;
  }
  if (set === GENERAL || unset === GENERAL) return GENERAL;
  return set || unset ? `persistentDisposition${set}${unset}` : '';
}

/** bizTransactionList / sourceList / destinationList of `{type?, <valueKey>}` string pairs. */
function fastPairs(name: string, valueKey: string, terms: Map<string, string>, value: unknown, ns: FastNs): Part {
  if (value === null || value === undefined) return '';
  if (!Array.isArray(value)) return GENERAL;
  const entries: string[] = [];
  for (const item of value) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return GENERAL;
    let type: string | undefined;
    let text: string | undefined;
    let hasValue = false;
    for (const key of Object.keys(item)) {
      const v = (item as Record<string, unknown>)[key];
      if (key === 'type') {
        if (typeof v !== 'string') return GENERAL;
        type = fastText(v, terms, ns);
      } else if (key === valueKey) {
        if (typeof v !== 'string') return GENERAL;
        text = fastText(v, undefined, ns);
        hasValue = true;
      } else if (!isSkippedKey(key)) {
        return GENERAL;
      }
    }
    if (!hasValue) return GENERAL;
    entries.push((type === undefined ? '' : `type=${type}`) + (text === undefined ? '' : `${valueKey}=${text}`));
  }
  const joined = entries.length === 0 ? '' : sortJoin(entries);
  return joined ? name + joined : '';
}

/** The pre-hash string of a plain event, or undefined when the general path must be used. */
function fastPreHashString(type: string, event: Record<string, unknown>, context: unknown): string | undefined {
  const ns: FastNs =
    declaresNothing(context) && declaresNothing(event['@context']) ? null : namespaces(context, event['@context']);
  // Parts in the canonical property order.
  let eventTime: Part = '';
  let eventTimeZoneOffset: Part = '';
  let epcList: Part = '';
  let parentID: Part = '';
  let inputEPCList: Part = '';
  let childEPCs: Part = '';
  let outputEPCList: Part = '';
  let action: Part = '';
  let transformationID: Part = '';
  let bizStep: Part = '';
  let disposition: Part = '';
  let persistentDisposition: Part = '';
  let readPoint: Part = '';
  let bizLocation: Part = '';
  let bizTransactionList: Part = '';
  let sourceList: Part = '';
  let destinationList: Part = '';
  for (const key of Object.keys(event)) {
    const value = event[key];
    switch (key) {
      case 'type':
      case 'eventID':
      case 'recordTime':
      case 'errorDeclaration':
      case 'certificationInfo':
      case '#text':
        continue;
      case 'eventTime': {
        if (value === null || value === undefined) continue;
        if (typeof value !== 'string') return undefined;
        const text = fastExpand(value, ns).trim();
        if (text) eventTime = `eventTime=${fastTime(text)}`;
        continue;
      }
      case 'eventTimeZoneOffset':
        eventTimeZoneOffset = fastScalar(key, value, undefined, ns);
        break;
      case 'epcList':
        epcList = fastEpcs(key, value, ns);
        break;
      case 'parentID':
        parentID = fastScalar(key, value, undefined, ns);
        break;
      case 'inputEPCList':
        inputEPCList = fastEpcs(key, value, ns);
        break;
      case 'childEPCs':
        childEPCs = fastEpcs(key, value, ns);
        break;
      case 'outputEPCList':
        outputEPCList = fastEpcs(key, value, ns);
        break;
      case 'action':
        action = fastScalar(key, value, undefined, ns);
        break;
      case 'transformationID':
        transformationID = fastScalar(key, value, undefined, ns);
        break;
      case 'bizStep':
        bizStep = fastScalar(key, value, BIZ_STEP_VALUES, ns);
        break;
      case 'disposition':
        disposition = fastScalar(key, value, DISPOSITION_VALUES, ns);
        break;
      case 'persistentDisposition':
        persistentDisposition = fastPersistentDisposition(value, ns);
        break;
      case 'readPoint':
        readPoint = fastLocation(key, value, ns);
        break;
      case 'bizLocation':
        bizLocation = fastLocation(key, value, ns);
        break;
      case 'bizTransactionList':
        bizTransactionList = fastPairs(key, 'bizTransaction', BTT_VALUES, value, ns);
        break;
      case 'sourceList':
        sourceList = fastPairs(key, 'source', SDT_VALUES, value, ns);
        break;
      case 'destinationList':
        destinationList = fastPairs(key, 'destination', SDT_VALUES, value, ns);
        break;
      default:
        if (isSkippedKey(key)) continue;
        return undefined;
    }
  }
  const parts: Part[] = [
    eventTime,
    eventTimeZoneOffset,
    epcList,
    parentID,
    inputEPCList,
    childEPCs,
    outputEPCList,
    action,
    transformationID,
    bizStep,
    disposition,
    persistentDisposition,
    readPoint,
    bizLocation,
    bizTransactionList,
    sourceList,
    destinationList,
  ];
  let out = `eventType=${type}`;
  for (const part of parts) {
    if (part === GENERAL) return undefined;
    out += part;
  }
  return out;
}

/**
 * The canonical pre-hash string of an EPCIS 2.0 JSON event (CBV 2.0 §8.9); `context` is the
 * document's `@context`, used to expand namespaced extension fields (`ext:field`).
 */
export function eventPreHashString(event: Record<string, unknown>, context?: unknown): string {
  const type = event['type'];
  if (typeof type !== 'string' || type === '') throw new Error('EPCIS event hash: the event has no "type"');
  return fastPreHashString(type, event, context) ?? eventPreHashStringGeneral(event, context);
}

/**
 * The fast path's pre-hash string, or undefined for an event it leaves to the general path.
 * @internal Exported for the tests.
 */
export function eventPreHashStringFast(event: Record<string, unknown>, context?: unknown): string | undefined {
  const type = event['type'];
  if (typeof type !== 'string' || type === '') throw new Error('EPCIS event hash: the event has no "type"');
  return fastPreHashString(type, event, context);
}

const hashIdOf = (preHash: string): string => `ni:///sha-256;${hash('sha256', preHash, 'hex')}?ver=CBV2.0`;

/**
 * The EPCIS event hash ID (CBV 2.0 §8.9) of an EPCIS 2.0 JSON / JSON-LD event:
 * `ni:///sha-256;<lowercase hex>?ver=CBV2.0`. eventID, recordTime, errorDeclaration and
 * certificationInfo do not take part, so an event keeps its hash when those are filled in.
 */
export function eventHashId(event: Record<string, unknown>, context?: unknown): string {
  return hashIdOf(eventPreHashString(event, context));
}

/**
 * {@link eventHashId} by the general path only.
 * @internal Exported as the reference the fast path is tested against.
 */
export function eventHashIdGeneral(event: Record<string, unknown>, context?: unknown): string {
  return hashIdOf(eventPreHashStringGeneral(event, context));
}
