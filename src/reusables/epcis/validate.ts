/**
 * EPCIS 2.0 JSON/JSON-LD capture validation, written out in TypeScript (no schema at runtime).
 *
 * It follows the official EPCIS 2.0 JSON Schema (draft-07) — required fields per event type, enums, formats,
 * the allowed property names (anything else must be a namespaced extension such as `example:myField`,
 * i.e. an absolute URI) — with these deliberate differences:
 * - only the five standard event types are accepted (the schema lets any URI-typed event through);
 * - an AggregationEvent with action ADD or DELETE needs parentID (EPCIS §7.4.3; the schema does not check it);
 * - identifiers that are GS1 URNs or Digital Links must be valid GS1 keys (check digit, lengths);
 * - CBV values may also be written as CBV 1.x URNs or Web URIs (`urn:epcglobal:cbv:bizstep:shipping`), which the
 *   schema rejects; unknown terms in the CBV namespaces are rejected;
 * - schemaVersion must be 2.x.
 * Error pointers are JSON pointers into the submitted document (`/epcisBody/eventList/3/epcList/0`).
 */

import { classOf, normalizeId } from './ids.js';
import type { Action, EpcisFieldError, EventRef, EventType, ParsedEvent, RefRole } from './model.js';
import { type CbvKind, clip, isUri, MEASUREMENT_TYPES, resolveCbv, SENSOR_ALERT_TYPES, SENSOR_COMPONENTS } from './vocab.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Escapes one JSON pointer segment (RFC 6901). */
const seg = (key: string): string =>
  key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;

const show = (v: unknown): string => {
  if (typeof v === 'string') return `"${clip(v)}"`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return String(v);
};

class Checker {
  readonly errors: EpcisFieldError[] = [];

  constructor(private readonly eventIndex?: number) {}

  err(field: string, message: string): void {
    this.errors.push(this.eventIndex === undefined ? { field, message } : { eventIndex: this.eventIndex, field, message });
  }

  str(v: unknown, p: string): v is string {
    if (typeof v === 'string') return true;
    this.err(p, `must be a string, got ${show(v)}`);
    return false;
  }

  uri(v: unknown, p: string): v is string {
    if (!this.str(v, p)) return false;
    if (isUri(v)) return true;
    this.err(p, `${show(v)} is not a URI`);
    return false;
  }

  num(v: unknown, p: string): boolean {
    if (typeof v === 'number' && Number.isFinite(v)) return true;
    this.err(p, `must be a number, got ${show(v)}`);
    return false;
  }

  obj(v: unknown, p: string): v is Obj {
    if (isObj(v)) return true;
    this.err(p, `must be an object, got ${show(v)}`);
    return false;
  }

  arr(v: unknown, p: string, minItems = 0): v is unknown[] {
    if (!Array.isArray(v)) {
      this.err(p, `must be an array, got ${show(v)}`);
      return false;
    }
    if (v.length < minItems) {
      this.err(p, `must have at least ${minItems} item${minItems === 1 ? '' : 's'}`);
      return false;
    }
    return true;
  }

  /** A date-time with offset; returns epoch milliseconds or undefined. */
  time(v: unknown, p: string): number | undefined {
    if (!this.str(v, p)) return undefined;
    const t = parseDateTime(v);
    if (t === undefined)
      this.err(p, `${show(v)} is not a date-time with a time zone offset (e.g. 2005-04-03T20:33:31.116-06:00)`);
    return t;
  }

  cbv(kind: CbvKind, v: unknown, p: string): string | undefined {
    if (!this.str(v, p)) return undefined;
    const r = resolveCbv(kind, v);
    if ('error' in r) {
      this.err(p, r.error);
      return undefined;
    }
    return r.term;
  }

  /** A normalized identifier, or undefined after recording why not. */
  id(v: unknown, p: string): string | undefined {
    if (!this.str(v, p)) return undefined;
    try {
      return normalizeId(v);
    } catch (e) {
      this.err(p, e instanceof Error ? e.message : String(e));
      return undefined;
    }
  }

  /** Property names outside `known` must be URIs (namespaced extensions). */
  names(o: Obj, p: string, known: ReadonlySet<string>, where: string): void {
    for (const k in o) {
      if (!known.has(k) && !isUri(k)) this.unknownField(p, k, where);
    }
  }

  unknownField(p: string, k: string, where: string): void {
    this.err(
      `${p}/${seg(k)}`,
      `"${clip(k)}" is not a field of ${where} (extension fields need a namespace prefix, e.g. "example:${clip(k, 40)}")`,
    );
  }

  /** additionalProperties: false. */
  only(o: Obj, p: string, allowed: ReadonlySet<string>, where: string): void {
    for (const k in o) {
      if (!allowed.has(k)) this.err(`${p}/${seg(k)}`, `"${clip(k)}" is not allowed in ${where}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Date-time (RFC 3339 as ajv-formats checks it: offset required, `T`/`t`/space separator, `+hh`, `+hhmm`, `+hh:mm`)

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt\s](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MS_400_YEARS = 146097 * 86400000;

/** Epoch milliseconds of an RFC 3339 date-time with offset (fraction truncated to ms), or undefined. */
export function parseDateTime(s: string): number | undefined {
  const m = DATE_TIME.exec(s);
  if (!m) return undefined;
  const y = +(m[1] as string);
  const mo = +(m[2] as string);
  const d = +(m[3] as string);
  const h = +(m[4] as string);
  const mi = +(m[5] as string);
  const sec = +(m[6] as string);
  if (mo < 1 || mo > 12 || d < 1) return undefined;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 && leap ? 29 : (DAYS[mo] as number))) return undefined;
  const sign = m[9] === '-' ? -1 : 1;
  const tzH = m[10] === undefined ? 0 : +m[10];
  const tzM = m[11] === undefined ? 0 : +m[11];
  if (tzH > 23 || tzM > 59) return undefined;
  if (h > 23 || mi > 59 || sec > 60) return undefined;
  const offsetMin = sign * (tzH * 60 + tzM);
  if (sec === 60) {
    // A leap second is only valid at 23:59 UTC.
    const utcMin = (((h * 60 + mi - offsetMin) % 1440) + 1440) % 1440;
    if (utcMin !== 1439) return undefined;
  }
  const frac = m[7];
  const ms = frac === undefined ? 0 : +`${frac}00`.slice(0, 3);
  // Shift by 400 years (same calendar) so Date.UTC never maps years 0…99 to 1900…1999.
  return Date.UTC(y + 400, mo - 1, d, h, mi, sec, ms) - MS_400_YEARS - offsetMin * 60000;
}

const TZ_OFFSET = /^[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)$/;
const UOM = /^[A-Z0-9]{2,3}$/;
const HEX = /^[A-Fa-f0-9]+$/;
const VERSION = /^\d+(\.\d+)*$/;
const CBV_NS = /^(?:urn:epcglobal:cbv|https?:\/\/ns\.gs1\.org\/cbv\/)/;
const GS1_VOC = /^https?:\/\/(?:www\.)?gs1\.org\/voc\//;

// ---------------------------------------------------------------------------------------------------------------
// Field sets (from the schema's propertyNames / additionalProperties)

const set = (...xs: string[]): ReadonlySet<string> => new Set(xs);

const COMMON = [
  '@context',
  'type',
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'certificationInfo',
  'errorDeclaration',
];
const WHAT_WHERE_WHY = [
  'bizStep',
  'disposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'sensorElementList',
];

const EVENT_FIELDS: Record<EventType, ReadonlySet<string>> = {
  ObjectEvent: set(...COMMON, ...WHAT_WHERE_WHY, 'action', 'epcList', 'quantityList', 'persistentDisposition', 'ilmd'),
  AggregationEvent: set(...COMMON, ...WHAT_WHERE_WHY, 'action', 'parentID', 'childEPCs', 'childQuantityList'),
  TransactionEvent: set(...COMMON, ...WHAT_WHERE_WHY, 'action', 'parentID', 'epcList', 'quantityList'),
  TransformationEvent: set(
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'inputEPCList',
    'inputQuantityList',
    'outputEPCList',
    'outputQuantityList',
    'transformationID',
    'persistentDisposition',
    'ilmd',
  ),
  AssociationEvent: set(...COMMON, ...WHAT_WHERE_WHY, 'action', 'parentID', 'childEPCs', 'childQuantityList'),
};

const QUANTITY_ELEMENT = set('epcClass', 'quantity', 'uom');
const BIZ_TRANSACTION = set('type', 'bizTransaction');
const SOURCE = set('type', 'source');
const DESTINATION = set('type', 'destination');
const PERSISTENT_DISPOSITION = set('set', 'unset');
const ERROR_DECLARATION = set('declarationTime', 'reason', 'correctiveEventIDs');
const SENSOR_ELEMENT = set('sensorMetadata', 'sensorReport');
const SENSOR_METADATA_URI = set('deviceID', 'deviceMetadata', 'rawData', 'dataProcessingMethod', 'bizRules');
const SENSOR_METADATA_TIME = set('time', 'startTime', 'endTime');
const SENSOR_REPORT_URI = set(
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'bizRules',
  'microorganism',
  'chemicalSubstance',
  'coordinateReferenceSystem',
  'uriValue',
);
const SENSOR_REPORT_NUMBER = set('value', 'minValue', 'maxValue', 'meanValue', 'sDev', 'percRank', 'percValue');
const MEASUREMENT = new Set<string>(MEASUREMENT_TYPES);
const ALERT = new Set<string>(SENSOR_ALERT_TYPES);
const COMPONENT = new Set<string>(SENSOR_COMPONENTS);
const ACTION_SET = new Set<string>(['ADD', 'OBSERVE', 'DELETE']);

const LIST_ROLE: Record<string, RefRole> = {
  epcList: 'epc',
  childEPCs: 'child',
  inputEPCList: 'input',
  outputEPCList: 'output',
};

// ---------------------------------------------------------------------------------------------------------------
// Shared parts

function checkContext(c: Checker, v: unknown, p: string): void {
  if (typeof v === 'string') {
    c.uri(v, p);
    return;
  }
  if (isObj(v)) return;
  if (!Array.isArray(v)) {
    c.err(p, `must be a URI, an object or an array of them, got ${show(v)}`);
    return;
  }
  const seen = new Set<string>();
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    if (typeof item === 'string') {
      if (!c.uri(item, `${p}/${i}`)) continue;
      if (seen.has(item)) c.err(`${p}/${i}`, `duplicate context ${show(item)}`);
      seen.add(item);
    } else if (!isObj(item)) {
      c.err(`${p}/${i}`, `must be a URI or an object, got ${show(item)}`);
    }
  }
}

function checkUriOrUris(c: Checker, v: unknown, p: string): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) c.uri(v[i], `${p}/${i}`);
  } else {
    c.uri(v, p);
  }
}

/** A vocabulary value: a term of `terms` or a URI that `notUnder` does not match. */
function checkEnumOrUri(c: Checker, v: unknown, p: string, terms: ReadonlySet<string>, notUnder: RegExp, what: string): void {
  if (!c.str(v, p) || terms.has(v)) return;
  if (!isUri(v)) c.err(p, `${show(v)} is neither a ${what} nor a URI`);
  else if (notUnder.test(v)) c.err(p, `${show(v)} is not a ${what}`);
}

function checkErrorDeclaration(c: Checker, v: unknown, p: string): void {
  if (!c.obj(v, p)) return;
  c.names(v, p, ERROR_DECLARATION, 'errorDeclaration');
  if (v.declarationTime === undefined) c.err(`${p}/declarationTime`, 'declarationTime is required');
  else c.time(v.declarationTime, `${p}/declarationTime`);
  if (v.reason !== undefined) c.cbv('errorReason', v.reason, `${p}/reason`);
  const ids = v.correctiveEventIDs;
  if (ids !== undefined && c.arr(ids, `${p}/correctiveEventIDs`)) {
    for (let i = 0; i < ids.length; i++) c.uri(ids[i], `${p}/correctiveEventIDs/${i}`);
  }
}

function checkBizTransactions(c: Checker, v: unknown, p: string, minItems: number): void {
  if (!c.arr(v, p, minItems)) return;
  for (let i = 0; i < v.length; i++) {
    const bt = v[i];
    const q = `${p}/${i}`;
    if (!c.obj(bt, q)) continue;
    c.only(bt, q, BIZ_TRANSACTION, 'a bizTransaction');
    if (bt.type !== undefined) c.cbv('bizTransactionType', bt.type, `${q}/type`);
    if (bt.bizTransaction === undefined) c.err(`${q}/bizTransaction`, 'bizTransaction is required');
    else c.uri(bt.bizTransaction, `${q}/bizTransaction`);
  }
}

function checkParties(c: Checker, v: unknown, p: string, key: 'source' | 'destination'): void {
  if (!c.arr(v, p)) return;
  const allowed = key === 'source' ? SOURCE : DESTINATION;
  for (let i = 0; i < v.length; i++) {
    const e = v[i];
    const q = `${p}/${i}`;
    if (!c.obj(e, q)) continue;
    c.only(e, q, allowed, `a ${key}`);
    if (e.type === undefined) c.err(`${q}/type`, 'type is required');
    else c.cbv('sourceDestType', e.type, `${q}/type`);
    if (e[key] === undefined) c.err(`${q}/${key}`, `${key} is required`);
    else c.uri(e[key], `${q}/${key}`);
  }
}

function checkLocation(c: Checker, v: unknown, p: string): string | null {
  if (!c.obj(v, p)) return null;
  if (v.id === undefined) {
    c.err(`${p}/id`, 'id is required');
    return null;
  }
  return c.id(v.id, `${p}/id`) ?? null;
}

function checkSensorElements(c: Checker, v: unknown, p: string): void {
  if (!c.arr(v, p)) return;
  for (let i = 0; i < v.length; i++) {
    const el = v[i];
    const q = `${p}/${i}`;
    if (!c.obj(el, q)) continue;
    c.names(el, q, SENSOR_ELEMENT, 'a sensorElement');
    const md = el.sensorMetadata;
    if (md !== undefined && c.obj(md, `${q}/sensorMetadata`)) {
      const mp = `${q}/sensorMetadata`;
      for (const k in md) {
        if (SENSOR_METADATA_TIME.has(k)) c.time(md[k], `${mp}/${k}`);
        else if (SENSOR_METADATA_URI.has(k)) c.uri(md[k], `${mp}/${k}`);
        else if (!isUri(k)) c.unknownField(mp, k, 'sensorMetadata');
      }
    }
    const reports = el.sensorReport;
    if (reports === undefined) {
      c.err(`${q}/sensorReport`, 'sensorReport is required');
      continue;
    }
    if (!c.arr(reports, `${q}/sensorReport`, 1)) continue;
    for (let j = 0; j < reports.length; j++) checkSensorReport(c, reports[j], `${q}/sensorReport/${j}`);
  }
}

function checkSensorReport(c: Checker, r: unknown, p: string): void {
  if (!c.obj(r, p)) return;
  if (r.type === undefined) c.err(`${p}/type`, 'type is required');
  for (const k in r) {
    const v = r[k];
    const q = `${p}/${k}`;
    if (SENSOR_REPORT_URI.has(k)) c.uri(v, q);
    else if (SENSOR_REPORT_NUMBER.has(k)) c.num(v, q);
    else {
      switch (k) {
        case 'type':
          checkEnumOrUri(c, v, q, MEASUREMENT, GS1_VOC, 'measurement type');
          break;
        case 'exception':
          checkEnumOrUri(c, v, q, ALERT, GS1_VOC, 'sensor alert type');
          break;
        case 'component':
          checkEnumOrUri(c, v, q, COMPONENT, CBV_NS, 'component');
          break;
        case 'time':
          c.time(v, q);
          break;
        case 'stringValue':
        case 'uom':
          c.str(v, q);
          break;
        case 'booleanValue':
          if (typeof v !== 'boolean') c.err(q, `must be true or false, got ${show(v)}`);
          break;
        case 'hexBinaryValue':
          if (c.str(v, q) && !HEX.test(v)) c.err(q, `${show(v)} is not hexadecimal`);
          break;
        default:
          if (!isUri(k)) c.unknownField(p, k, 'a sensorReport');
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Events

export interface ParseEventOptions {
  /** JSON pointer of the event list in the document; default `/epcisBody/eventList`. */
  listPointer?: string;
  /** The event is the whole request body (`POST /events`): pointers start at the root and `@context` is required. */
  standalone?: boolean;
}

export interface ParseEventResult {
  event?: ParsedEvent;
  errors: EpcisFieldError[];
}

const EVENT_TYPE_SET = new Set<string>([
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
]);

/** Refs with de-duplication. */
class RefBuilder {
  readonly refs: EventRef[] = [];
  private readonly seen = new Set<string>();

  add(role: RefRole, value: string, of?: EventRef['of']): void {
    const key = of === undefined ? `${role} ${value}` : `${role} ${of} ${value}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.refs.push(of === undefined ? { role, value } : { role, value, of });
  }

  instance(role: 'epc' | 'child' | 'parent' | 'input' | 'output', value: string): void {
    this.add(role, value);
    const cls = classOf(value);
    if (cls !== undefined) this.add('class', cls, role);
  }
}

const nonEmpty = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

/**
 * Validates one event against the EPCIS 2.0 rules and builds its index form. `index` is its position in the
 * event list (used in pointers and `eventIndex`). `event` is set only when there are no errors.
 */
export function parseEvent(raw: unknown, index: number, opts: ParseEventOptions = {}): ParseEventResult {
  const c = new Checker(index);
  const ev = opts.standalone ? '' : `${opts.listPointer ?? '/epcisBody/eventList'}/${index}`;
  if (!isObj(raw)) {
    c.err(ev, `an event must be an object, got ${show(raw)}`);
    return { errors: c.errors };
  }
  const type = raw.type;
  if (type === undefined) {
    c.err(`${ev}/type`, 'type is required');
    return { errors: c.errors };
  }
  if (typeof type !== 'string' || !EVENT_TYPE_SET.has(type)) {
    c.err(
      `${ev}/type`,
      `${show(type)} is not a supported event type (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent)`,
    );
    return { errors: c.errors };
  }
  const t = type as EventType;
  const fields = EVENT_FIELDS[t];
  const refs = new RefBuilder();
  let eventTime: number | undefined;
  let action: Action | null = null;
  let bizStep: string | null = null;
  let disposition: string | null = null;
  let readPoint: string | null = null;
  let bizLocation: string | null = null;
  let parentId: string | null = null;
  let eventId: string | null = null;

  for (const k in raw) {
    const v = raw[k];
    if (!fields.has(k)) {
      if (k === 'action' && t === 'TransformationEvent') c.err(`${ev}/action`, 'a TransformationEvent has no action');
      else if (!isUri(k)) c.unknownField(ev, k, t);
      continue;
    }
    const p = `${ev}/${k}`;
    switch (k) {
      case 'type':
        break;
      case '@context':
        checkContext(c, v, p);
        break;
      case 'eventTime':
        eventTime = c.time(v, p);
        break;
      case 'recordTime':
        c.time(v, p);
        break;
      case 'eventTimeZoneOffset':
        if (c.str(v, p) && !TZ_OFFSET.test(v)) c.err(p, `${show(v)} is not a time zone offset ±hh:mm (-14:00 to +14:00)`);
        break;
      case 'eventID':
        if (c.uri(v, p)) eventId = v;
        break;
      case 'certificationInfo':
        checkUriOrUris(c, v, p);
        break;
      case 'errorDeclaration':
        checkErrorDeclaration(c, v, p);
        break;
      case 'action':
        if (c.str(v, p)) {
          if (ACTION_SET.has(v)) action = v as Action;
          else c.err(p, `${show(v)} is not an action (ADD, OBSERVE, DELETE)`);
        }
        break;
      case 'epcList':
      case 'childEPCs':
      case 'inputEPCList':
      case 'outputEPCList': {
        if (!c.arr(v, p)) break;
        const role = LIST_ROLE[k] as 'epc' | 'child' | 'input' | 'output';
        const unique = k !== 'childEPCs' && t !== 'TransactionEvent';
        const seen = unique && v.length > 1 ? new Set<unknown>() : undefined;
        for (let i = 0; i < v.length; i++) {
          const item = v[i];
          if (seen !== undefined) {
            if (seen.has(item)) {
              c.err(`${p}/${i}`, `duplicate of an earlier item: ${show(item)}`);
              continue;
            }
            seen.add(item);
          }
          const id = c.id(item, `${p}/${i}`);
          if (id !== undefined) refs.instance(role, id);
        }
        break;
      }
      case 'parentID': {
        const id = c.id(v, p);
        if (id !== undefined) {
          parentId = id;
          refs.instance('parent', id);
        }
        break;
      }
      case 'quantityList':
      case 'childQuantityList':
      case 'inputQuantityList':
      case 'outputQuantityList':
        if (!c.arr(v, p)) break;
        for (let i = 0; i < v.length; i++) {
          const q = v[i];
          const qp = `${p}/${i}`;
          if (!c.obj(q, qp)) continue;
          c.only(q, qp, QUANTITY_ELEMENT, 'a quantity element');
          if (q.epcClass === undefined) c.err(`${qp}/epcClass`, 'epcClass is required');
          else {
            const cls = c.id(q.epcClass, `${qp}/epcClass`);
            if (cls !== undefined) refs.add('class', cls, 'quantity');
          }
          if (q.quantity !== undefined) c.num(q.quantity, `${qp}/quantity`);
          if (q.uom !== undefined && c.str(q.uom, `${qp}/uom`) && !UOM.test(q.uom)) {
            c.err(`${qp}/uom`, `${show(q.uom)} is not a UN/CEFACT unit code (2 or 3 capitals or digits)`);
          }
        }
        break;
      case 'bizStep':
        bizStep = c.cbv('bizStep', v, p) ?? null;
        break;
      case 'disposition':
        disposition = c.cbv('disposition', v, p) ?? null;
        break;
      case 'persistentDisposition':
        if (!c.obj(v, p)) break;
        c.only(v, p, PERSISTENT_DISPOSITION, 'persistentDisposition');
        if (v.set === undefined && v.unset === undefined) c.err(`${p}/set`, 'persistentDisposition needs set or unset');
        for (const which of ['set', 'unset'] as const) {
          const list = v[which];
          if (list === undefined || !c.arr(list, `${p}/${which}`, 1)) continue;
          const seen = new Set<unknown>();
          for (let i = 0; i < list.length; i++) {
            if (seen.has(list[i])) {
              c.err(`${p}/${which}/${i}`, `duplicate of an earlier item: ${show(list[i])}`);
              continue;
            }
            seen.add(list[i]);
            const term = c.cbv('disposition', list[i], `${p}/${which}/${i}`);
            if (term !== undefined) refs.add(which === 'set' ? 'pd_set' : 'pd_unset', term);
          }
        }
        break;
      case 'readPoint':
        readPoint = checkLocation(c, v, p);
        break;
      case 'bizLocation':
        bizLocation = checkLocation(c, v, p);
        break;
      case 'bizTransactionList':
        checkBizTransactions(c, v, p, t === 'TransactionEvent' ? 1 : 0);
        break;
      case 'sourceList':
        checkParties(c, v, p, 'source');
        break;
      case 'destinationList':
        checkParties(c, v, p, 'destination');
        break;
      case 'sensorElementList':
        checkSensorElements(c, v, p);
        break;
      case 'ilmd':
        if (c.obj(v, p)) {
          for (const name in v)
            if (!isUri(name)) c.err(`${p}/${seg(name)}`, `ilmd field "${clip(name)}" must be namespaced (a URI)`);
        }
        break;
      case 'transformationID':
        c.uri(v, p);
        break;
    }
  }

  // Required fields and the per-type rules.
  if (opts.standalone && raw['@context'] === undefined) c.err('/@context', '@context is required');
  if (raw.eventTime === undefined) c.err(`${ev}/eventTime`, 'eventTime is required');
  if (raw.eventTimeZoneOffset === undefined) c.err(`${ev}/eventTimeZoneOffset`, 'eventTimeZoneOffset is required');
  if (t !== 'TransformationEvent' && raw.action === undefined) c.err(`${ev}/action`, `action is required (ADD, OBSERVE, DELETE)`);
  switch (t) {
    case 'ObjectEvent':
      if (
        raw.epcList === undefined &&
        !nonEmpty(raw.quantityList) &&
        !(nonEmpty(raw.sensorElementList) && raw.readPoint !== undefined)
      ) {
        c.err(`${ev}/epcList`, 'an ObjectEvent needs epcList, a non-empty quantityList, or sensorElementList with readPoint');
      }
      if (raw.ilmd !== undefined && raw.action !== undefined && raw.action !== 'ADD') {
        c.err(`${ev}/ilmd`, 'ilmd is only allowed when action is ADD');
      }
      break;
    case 'AggregationEvent':
    case 'AssociationEvent':
      if (!nonEmpty(raw.childEPCs) && !nonEmpty(raw.childQuantityList) && raw.action !== 'DELETE') {
        c.err(`${ev}/childEPCs`, `an ${t} with action ${show(raw.action)} needs a non-empty childEPCs or childQuantityList`);
      }
      if (raw.parentID === undefined) {
        if (t === 'AssociationEvent') c.err(`${ev}/parentID`, 'parentID is required');
        else if (raw.action === 'ADD' || raw.action === 'DELETE') {
          c.err(`${ev}/parentID`, 'parentID is required when action is ADD or DELETE');
        }
      }
      break;
    case 'TransactionEvent':
      if (raw.bizTransactionList === undefined) c.err(`${ev}/bizTransactionList`, 'bizTransactionList is required');
      if (raw.epcList === undefined && !nonEmpty(raw.quantityList) && raw.action !== 'DELETE') {
        c.err(`${ev}/epcList`, 'a TransactionEvent needs epcList or a non-empty quantityList (unless action is DELETE)');
      }
      break;
    case 'TransformationEvent': {
      const hasIn = nonEmpty(raw.inputEPCList) || nonEmpty(raw.inputQuantityList);
      const hasOut = nonEmpty(raw.outputEPCList) || nonEmpty(raw.outputQuantityList);
      if (!(hasIn && hasOut) && !((hasIn || hasOut) && raw.transformationID !== undefined)) {
        c.err(
          hasIn ? `${ev}/outputEPCList` : `${ev}/inputEPCList`,
          'a TransformationEvent needs inputs (inputEPCList / inputQuantityList) and outputs (outputEPCList / outputQuantityList), or one of them with a transformationID',
        );
      }
      break;
    }
  }

  if (c.errors.length > 0 || eventTime === undefined) return { errors: c.errors };
  return {
    event: {
      type: t,
      eventTimeUtc: new Date(eventTime).toISOString(),
      action,
      bizStep,
      disposition,
      readPoint,
      bizLocation,
      parentId,
      errorDeclared: raw.errorDeclaration !== undefined,
      eventId,
      refs: refs.refs,
      body: raw,
    },
    errors: c.errors,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Documents

export interface ParsedDocument {
  /** The raw events of the event list (validate each with parseEvent and `eventListPointer`). */
  events: unknown[];
  /** The document's `@context`, to keep with the events for their extension prefixes. */
  context: unknown;
  /** Document-level problems (events are not checked here). */
  errors: EpcisFieldError[];
  /** JSON pointer of the event list: `/epcisBody/eventList` or `/epcisBody/queryResults/resultsBody/eventList`. */
  eventListPointer: string;
}

const EPCIS_DOCUMENT = set(
  '@context',
  'id',
  'type',
  'schemaVersion',
  'creationDate',
  'instanceIdentifier',
  'sender',
  'receiver',
  'epcisHeader',
  'epcisBody',
);
const EPCIS_QUERY_DOCUMENT = set('@context', 'id', 'type', 'schemaVersion', 'creationDate', 'epcisBody');
const QUERY_BODY = set('queryResults');
const QUERY_RESULTS = set('queryName', 'subscriptionID', 'resultsBody');
const RESULTS_BODY = set('eventList', 'vocabularyList');
const HEADER = set('epcisMasterData');

function checkVocabularyList(c: Checker, v: unknown, p: string): void {
  if (!c.arr(v, p)) return;
  for (let i = 0; i < v.length; i++) {
    const voc = v[i];
    const q = `${p}/${i}`;
    if (!c.obj(voc, q)) continue;
    if (voc.type === undefined) c.err(`${q}/type`, 'type is required');
    else c.uri(voc.type, `${q}/type`);
    const els = voc.vocabularyElementList;
    if (els === undefined || !c.arr(els, `${q}/vocabularyElementList`)) continue;
    for (let j = 0; j < els.length; j++) {
      const el = els[j];
      const ep = `${q}/vocabularyElementList/${j}`;
      if (!c.obj(el, ep)) continue;
      if (el.id === undefined) c.err(`${ep}/id`, 'id is required');
      else c.uri(el.id, `${ep}/id`);
      const attrs = el.attributes;
      if (attrs !== undefined && c.arr(attrs, `${ep}/attributes`)) {
        for (let a = 0; a < attrs.length; a++) {
          const at = attrs[a];
          const ap = `${ep}/attributes/${a}`;
          if (!c.obj(at, ap)) continue;
          if (at.id === undefined) c.err(`${ap}/id`, 'id is required');
          else c.uri(at.id, `${ap}/id`);
          const val = at.attribute;
          if (val !== undefined && typeof val !== 'number' && typeof val !== 'string' && !isObj(val)) {
            c.err(`${ap}/attribute`, `must be a number, a string or an object, got ${show(val)}`);
          }
        }
      }
      const children = el.children;
      if (children !== undefined && c.arr(children, `${ep}/children`)) {
        for (let k = 0; k < children.length; k++) c.uri(children[k], `${ep}/children/${k}`);
      }
    }
  }
}

function checkVersion(c: Checker, v: unknown, p: string): void {
  if (!c.str(v, p)) return;
  if (!VERSION.test(v)) c.err(p, `${show(v)} is not a version number`);
  else if (!/^2(\.\d+)*$/.test(v)) c.err(p, `schemaVersion ${show(v)} is not supported (this repository implements EPCIS 2.0)`);
}

/**
 * Checks the envelope of an `EPCISDocument` (`epcisBody.eventList`) or an `EPCISQueryDocument`
 * (`epcisBody.queryResults.resultsBody.eventList`) and returns its raw events, its `@context` and any
 * document-level errors. The events themselves are checked by `parseEvent`.
 */
export function parseDocument(doc: unknown): ParsedDocument {
  const c = new Checker();
  const out: ParsedDocument = { events: [], context: undefined, errors: c.errors, eventListPointer: '/epcisBody/eventList' };
  if (!isObj(doc)) {
    c.err('', `an EPCIS document must be a JSON object, got ${show(doc)}`);
    return out;
  }
  const type = doc.type;
  const isQuery = type === 'EPCISQueryDocument';
  if (type === undefined) {
    c.err('/type', 'type is required (EPCISDocument or EPCISQueryDocument)');
    return out;
  }
  if (type !== 'EPCISDocument' && !isQuery) {
    c.err('/type', `${show(type)} is not EPCISDocument or EPCISQueryDocument`);
    return out;
  }
  c.names(doc, '', isQuery ? EPCIS_QUERY_DOCUMENT : EPCIS_DOCUMENT, type);
  out.context = doc['@context'];
  if (doc['@context'] === undefined) c.err('/@context', '@context is required');
  else checkContext(c, doc['@context'], '/@context');
  if (doc.id !== undefined) c.uri(doc.id, '/id');
  if (doc.schemaVersion !== undefined) checkVersion(c, doc.schemaVersion, '/schemaVersion');
  else if (!isQuery) c.err('/schemaVersion', 'schemaVersion is required');
  if (doc.creationDate !== undefined) c.time(doc.creationDate, '/creationDate');
  else if (!isQuery) c.err('/creationDate', 'creationDate is required');
  if (!isQuery) {
    for (const k of ['instanceIdentifier', 'sender', 'receiver'] as const) {
      if (doc[k] !== undefined) c.str(doc[k], `/${k}`);
    }
    const header = doc.epcisHeader;
    if (header !== undefined && c.obj(header, '/epcisHeader')) {
      c.names(header, '/epcisHeader', HEADER, 'epcisHeader');
      const md = header.epcisMasterData;
      if (md !== undefined && c.obj(md, '/epcisHeader/epcisMasterData') && md.vocabularyList !== undefined) {
        checkVocabularyList(c, md.vocabularyList, '/epcisHeader/epcisMasterData/vocabularyList');
      }
    }
  }
  const body = doc.epcisBody;
  if (body === undefined) {
    c.err('/epcisBody', 'epcisBody is required');
    return out;
  }
  if (!c.obj(body, '/epcisBody')) return out;
  let list: unknown;
  if (isQuery) {
    c.names(body, '/epcisBody', QUERY_BODY, 'epcisBody');
    const qr = body.queryResults;
    if (qr === undefined) {
      c.err('/epcisBody/queryResults', 'queryResults is required');
      return out;
    }
    const qp = '/epcisBody/queryResults';
    if (!c.obj(qr, qp)) return out;
    c.names(qr, qp, QUERY_RESULTS, 'queryResults');
    if (qr.queryName === undefined) c.err(`${qp}/queryName`, 'queryName is required');
    else c.str(qr.queryName, `${qp}/queryName`);
    if (qr.subscriptionID !== undefined) c.str(qr.subscriptionID, `${qp}/subscriptionID`);
    const rb = qr.resultsBody;
    const rp = `${qp}/resultsBody`;
    if (rb === undefined) {
      c.err(rp, 'resultsBody is required');
      return out;
    }
    if (!c.obj(rb, rp)) return out;
    c.names(rb, rp, RESULTS_BODY, 'resultsBody');
    if (rb.vocabularyList !== undefined) checkVocabularyList(c, rb.vocabularyList, `${rp}/vocabularyList`);
    out.eventListPointer = `${rp}/eventList`;
    list = rb.eventList;
  } else {
    list = body.eventList;
  }
  if (list === undefined) c.err(out.eventListPointer, 'eventList is required');
  else if (c.arr(list, out.eventListPointer)) out.events = list;
  return out;
}
