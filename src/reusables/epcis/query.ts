import { createHash } from 'node:crypto';
import { toUtcIso } from '../../core/index.js';
import { queryParameterError } from './errors.js';
import { normalizeId } from './ids.js';
import { ACTIONS, type Action, EVENT_TYPES, type EventType } from './model.js';
import { cbvTerm } from './vocab.js';

/** One MATCH_* condition: some identifier of the event, in one of `roles`, equals one of `values`. */
export interface RefCondition {
  roles: string[];
  values: string[];
}

/** A SimpleEventQuery as the store runs it: lists are OR within, AND across. */
export interface EventQuery {
  eventTypes?: EventType[];
  actions?: Action[];
  bizSteps?: string[];
  dispositions?: string[];
  readPoints?: string[];
  bizLocations?: string[];
  eventIds?: string[];
  refs: RefCondition[];
  geEventTime?: string;
  ltEventTime?: string;
  geRecordTime?: string;
  ltRecordTime?: string;
  errorDeclared?: boolean;
  orderBy: 'eventTime' | 'recordTime';
  descending: boolean;
  perPage: number;
  /** Position after the previous page: [eventTime, seq] or [recordTime, seq]. */
  after?: [string, number];
}

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 1000;

// Which stored roles each MATCH_* parameter searches (EPCIS 2.0 §8.2.7.1).
const MATCH_ROLES: Record<string, string[]> = {
  MATCH_epc: ['epc', 'child'],
  MATCH_anyEPC: ['epc', 'child', 'parent', 'input', 'output'],
  MATCH_parentID: ['parent'],
  MATCH_inputEPC: ['input'],
  MATCH_outputEPC: ['output'],
};

const LIST_PARAMS = new Set([
  'eventType',
  'EQ_action',
  'EQ_bizStep',
  'EQ_disposition',
  'EQ_readPoint',
  'EQ_bizLocation',
  'EQ_eventID',
  'EQ_persistentDisposition_set',
  'EQ_persistentDisposition_unset',
  'MATCH_epcClass',
  ...Object.keys(MATCH_ROLES),
]);
const SCALAR_PARAMS = new Set([
  'GE_eventTime',
  'LT_eventTime',
  'GE_recordTime',
  'LT_recordTime',
  'EXISTS_errorDeclaration',
  'orderBy',
  'orderDirection',
  'perPage',
  'nextPageToken',
  'eventCountLimit',
]);
/** Parameters that belong to the request, not to the query (tenant selection for admin keys). */
const OTHER_PARAMS = new Set(['tenantId']);

export type RawQuery = Record<string, string | string[] | undefined>;

/** Values of a list parameter: repeated (`?EQ_bizStep=a&EQ_bizStep=b`) and/or `|`-separated. */
function listOf(raw: string | string[]): string[] {
  const all = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split('|'));
  return all.map((v) => v.trim()).filter((v) => v !== '');
}

function scalarOf(name: string, raw: string | string[]): string {
  if (Array.isArray(raw)) {
    if (raw.length !== 1) throw queryParameterError(name, 'must be given once');
    return raw[0] as string;
  }
  return raw;
}

function time(name: string, value: string): string {
  try {
    return toUtcIso(value, name);
  } catch (err) {
    throw queryParameterError(name, `"${value}" is not an ISO 8601 date-time with an offset (${(err as Error).message})`);
  }
}

function ids(name: string, values: string[]): string[] {
  return values.map((v) => {
    try {
      return normalizeId(v);
    } catch (err) {
      throw queryParameterError(name, err instanceof Error ? err.message : String(err));
    }
  });
}

function terms(name: string, kind: 'bizStep' | 'disposition', values: string[]): string[] {
  return values.map((v) => {
    try {
      return cbvTerm(kind, v);
    } catch (err) {
      throw queryParameterError(name, err instanceof Error ? err.message : String(err));
    }
  });
}

const IDPAT = /^urn:epc:idpat:(sgtin|grai):([0-9]+)\.([0-9]*)\.\*$/;

/**
 * A MATCH_* value: an exact identifier, or a class pattern whose only wildcard is the serial
 * (`urn:epc:idpat:sgtin:0614141.107346.*`), which the index answers through the `class_*` rows.
 */
function matchCondition(name: string, roles: string[], values: string[]): RefCondition[] {
  const exact: string[] = [];
  const classes: string[] = [];
  for (const v of values) {
    if (v.startsWith('urn:epc:idpat:')) {
      if (!IDPAT.test(v)) {
        throw queryParameterError(name, `"${v}": only SGTIN and GRAI patterns with a wildcard serial are supported`);
      }
      classes.push(...ids(name, [v]));
    } else if (v.includes('*')) {
      throw queryParameterError(name, `"${v}": a wildcard is allowed only as the serial of an idpat URN`);
    } else {
      exact.push(...ids(name, [v]));
    }
  }
  // One condition: any exact id in the roles OR any class in the class roles.
  const cond: RefCondition = { roles: [], values: [] };
  if (exact.length) {
    cond.roles.push(...roles);
    cond.values.push(...exact);
  }
  if (classes.length) {
    cond.roles.push(...roles.map((r) => `class_${r}`));
    cond.values.push(...classes);
  }
  return [cond];
}

/** Fingerprint of the filter part of a query, so a page token cannot be replayed on another query. */
function fingerprint(q: EventQuery): string {
  const { after: _after, perPage: _perPage, ...filter } = q;
  return createHash('sha256').update(JSON.stringify(filter)).digest('base64url').slice(0, 16);
}

export function encodePageToken(q: EventQuery, after: [string, number]): string {
  return Buffer.from(JSON.stringify({ a: after, f: fingerprint(q) })).toString('base64url');
}

function decodePageToken(q: EventQuery, token: string): [string, number] {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { a?: unknown; f?: unknown };
    const a = parsed.a;
    if (Array.isArray(a) && typeof a[0] === 'string' && Number.isInteger(a[1]) && parsed.f === fingerprint(q)) {
      return [a[0], a[1] as number];
    }
  } catch {
    // fall through
  }
  throw queryParameterError('nextPageToken', 'not a token returned for this same query');
}

/**
 * Parses SimpleEventQuery URL parameters (EPCIS 2.0 REST bindings). Unknown parameters are refused rather
 * than ignored, so a misspelt filter never silently widens an answer.
 */
export function parseEventQuery(raw: RawQuery, path: { eventType?: string; epc?: string } = {}): EventQuery {
  const q: EventQuery = { refs: [], orderBy: 'eventTime', descending: false, perPage: DEFAULT_PER_PAGE };
  let token: string | undefined;
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || OTHER_PARAMS.has(name)) continue;
    if (LIST_PARAMS.has(name)) {
      const values = listOf(value);
      if (values.length === 0) throw queryParameterError(name, 'needs at least one value');
      switch (name) {
        case 'eventType':
          for (const v of values) {
            if (!(EVENT_TYPES as readonly string[]).includes(v)) {
              throw queryParameterError(name, `"${v}" is not one of ${EVENT_TYPES.join(', ')}`);
            }
          }
          q.eventTypes = values as EventType[];
          break;
        case 'EQ_action':
          for (const v of values) {
            if (!(ACTIONS as readonly string[]).includes(v))
              throw queryParameterError(name, `"${v}" is not ADD, OBSERVE or DELETE`);
          }
          q.actions = values as Action[];
          break;
        case 'EQ_bizStep':
          q.bizSteps = terms(name, 'bizStep', values);
          break;
        case 'EQ_disposition':
          q.dispositions = terms(name, 'disposition', values);
          break;
        case 'EQ_readPoint':
          q.readPoints = ids(name, values);
          break;
        case 'EQ_bizLocation':
          q.bizLocations = ids(name, values);
          break;
        case 'EQ_eventID':
          q.eventIds = values;
          break;
        case 'EQ_persistentDisposition_set':
          q.refs.push({ roles: ['pd_set'], values: terms(name, 'disposition', values) });
          break;
        case 'EQ_persistentDisposition_unset':
          q.refs.push({ roles: ['pd_unset'], values: terms(name, 'disposition', values) });
          break;
        case 'MATCH_epcClass':
          q.refs.push({ roles: ['class_quantity'], values: ids(name, values) });
          break;
        default:
          q.refs.push(...matchCondition(name, MATCH_ROLES[name] as string[], values));
      }
      continue;
    }
    if (!SCALAR_PARAMS.has(name)) {
      throw queryParameterError(name, 'is not a supported query parameter');
    }
    const v = scalarOf(name, value);
    switch (name) {
      case 'GE_eventTime':
        q.geEventTime = time(name, v);
        break;
      case 'LT_eventTime':
        q.ltEventTime = time(name, v);
        break;
      case 'GE_recordTime':
        q.geRecordTime = time(name, v);
        break;
      case 'LT_recordTime':
        q.ltRecordTime = time(name, v);
        break;
      case 'EXISTS_errorDeclaration':
        // The parameter's presence is the filter (EPCIS: "Void" type); `false` turns it around.
        q.errorDeclared = v !== 'false';
        break;
      case 'orderBy':
        if (v !== 'eventTime' && v !== 'recordTime') throw queryParameterError(name, 'must be eventTime or recordTime');
        q.orderBy = v;
        break;
      case 'orderDirection':
        if (v !== 'ASC' && v !== 'DESC') throw queryParameterError(name, 'must be ASC or DESC');
        q.descending = v === 'DESC';
        break;
      case 'perPage':
      case 'eventCountLimit': {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw queryParameterError(name, 'must be a positive integer');
        if (n > MAX_PER_PAGE) throw queryParameterError(name, `must be at most ${MAX_PER_PAGE}`);
        q.perPage = n;
        break;
      }
      case 'nextPageToken':
        token = v;
        break;
    }
  }
  // Resource-style paths (/eventTypes/{t}/events, /epcs/{epc}/events) add one more condition.
  if (path.eventType !== undefined) {
    if (!(EVENT_TYPES as readonly string[]).includes(path.eventType)) {
      throw queryParameterError('eventType', `"${path.eventType}" is not one of ${EVENT_TYPES.join(', ')}`);
    }
    const t = path.eventType as EventType;
    if (q.eventTypes && !q.eventTypes.includes(t)) q.eventTypes = [];
    else q.eventTypes = [t];
  }
  if (path.epc !== undefined) q.refs.push(...matchCondition('epc', MATCH_ROLES.MATCH_anyEPC as string[], [path.epc]));
  if (token !== undefined) q.after = decodePageToken(q, token);
  return q;
}
