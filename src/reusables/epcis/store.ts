import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { ErrorCode, newId, notFound, type Scope } from '../../core/index.js';
import type { Database, Db } from '../../db/index.js';
import { EpcisException } from './errors.js';
import { eventHashId } from './hash.js';
import { translateEvent } from './ids.js';
import type { CaptureBehaviour, CompanyPrefixLookup, EpcFormat, EpcisFieldError, ParsedEvent } from './model.js';
import { type EventQuery, encodePageToken } from './query.js';
import { parseEvent } from './validate.js';

/** Capture limits, announced by `OPTIONS /epcis/capture`. */
export const CAPTURE_EVENT_LIMIT = 10_000;

/** A capture job as the EPCIS 2.0 REST bindings define it, plus our counts. */
export interface CaptureJob {
  captureID: string;
  createdAt: string;
  finishedAt: string | null;
  running: boolean;
  success: boolean;
  captureErrorBehaviour: CaptureBehaviour;
  errors: EpcisFieldError[];
  eventCount: number;
  capturedCount: number;
  duplicateCount: number;
}

export interface CaptureInput {
  tenantId: string;
  keyId: string;
  behaviour: CaptureBehaviour;
  /** The document's @context (kept so query answers can declare extension prefixes). */
  context: unknown;
  events: unknown[];
  /** JSON pointer of the event list in the document, for error fields (`/epcisBody/eventList`). */
  listPointer?: string;
  /** One event posted on its own (`POST /epcis/events`): pointers start at the event, @context is required. */
  standalone?: boolean;
}

type JobRow = Database['epcis_capture_jobs'];

const jobOf = (r: JobRow): CaptureJob => ({
  captureID: r.id,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  running: r.running === 1,
  success: r.success === 1,
  captureErrorBehaviour: r.behaviour as CaptureBehaviour,
  errors: JSON.parse(r.errors_json) as EpcisFieldError[],
  eventCount: r.event_count,
  capturedCount: r.captured_count,
  duplicateCount: r.duplicate_count,
});

interface Prepared {
  index: number;
  parsed: ParsedEvent;
  eventId: string;
  hash: string;
  body: string;
}

/** The uniqueness key of an eventID (see migration 0007). */
export const eventKey = (eventId: string): Buffer => createHash('sha256').update(eventId).digest().subarray(0, 16);

// Rows per INSERT: 16 columns x 400 stays well under SQLite's and PostgreSQL's parameter limits.
const EVENT_CHUNK = 400;
const REF_CHUNK = 2000;
const URN_PREFIX = /urn:epc:(?:id|idpat|class):[a-z]+:([0-9]{6,12})\./g;

/** Validates and hashes each event; the ones with errors are reported, never half-stored. */
function prepare(input: CaptureInput, recordTime: string, errors: EpcisFieldError[]): Prepared[] {
  const out: Prepared[] = [];
  input.events.forEach((raw, index) => {
    const { event, errors: eventErrors } = parseEvent(raw, index, {
      ...(input.listPointer ? { listPointer: input.listPointer } : {}),
      ...(input.standalone ? { standalone: true } : {}),
    });
    if (!event) {
      errors.push(...eventErrors);
      return;
    }
    let hash: string;
    try {
      hash = eventHashId(event.body, input.context);
    } catch (err) {
      errors.push({
        eventIndex: index,
        field: `${input.listPointer ?? '/epcisBody/eventList'}/${index}`,
        message: String((err as Error).message),
      });
      return;
    }
    const eventId = event.eventId ?? hash;
    // recordTime is the repository's to set (EPCIS 2.0 §7.4.1); a client's value is replaced.
    const body = JSON.stringify({ ...event.body, eventID: eventId, recordTime });
    out.push({ index, parsed: event, eventId, hash, body });
  });
  return out;
}

/**
 * Captures a document's events. Rollback (the default): nothing is stored unless every event is valid.
 * Proceed: valid events are stored, the others are reported in the job. An event whose eventID is
 * already stored (given, or the canonical hash) is counted as a duplicate, not stored again; the same
 * eventID with different content is an error.
 */
export async function captureEvents(db: Db, input: CaptureInput): Promise<CaptureJob> {
  return (await capture(db, input)).job;
}

/** captureEvents, also giving the eventID of every valid event (given, or its canonical hash). */
async function capture(db: Db, input: CaptureInput): Promise<{ job: CaptureJob; eventIds: string[] }> {
  const createdAt = new Date().toISOString();
  const captureId = newId('cap');
  const errors: EpcisFieldError[] = [];
  const prepared = prepare(input, createdAt, errors);
  let captured = 0;
  let duplicates = 0;

  if (errors.length === 0 || input.behaviour === 'proceed') {
    // Duplicates inside the document: the first copy is kept.
    const unique = new Map<string, Prepared>();
    for (const p of prepared) {
      const seen = unique.get(p.eventId);
      if (!seen) unique.set(p.eventId, p);
      else if (seen.hash === p.hash) duplicates++;
      else errors.push(conflictError(p, input.listPointer));
    }
    const rollback = input.behaviour === 'rollback';
    if (!(rollback && errors.length > 0)) {
      try {
        const result = await store(db, input, captureId, createdAt, [...unique.values()], rollback);
        captured = result.captured;
        duplicates += result.duplicates;
        errors.push(...result.errors);
      } catch (err) {
        if (!(err instanceof ConflictRollback)) throw err;
        errors.push(...err.errors);
        captured = 0;
        duplicates = 0;
      }
    }
  }
  errors.sort((a, b) => (a.eventIndex ?? -1) - (b.eventIndex ?? -1));
  const row: JobRow = {
    id: captureId,
    tenant_id: input.tenantId,
    key_id: input.keyId,
    behaviour: input.behaviour,
    running: 0,
    success: errors.length === 0 ? 1 : 0,
    event_count: input.events.length,
    captured_count: captured,
    duplicate_count: duplicates,
    errors_json: JSON.stringify(errors),
    context_json: JSON.stringify(input.context ?? null),
    created_at: createdAt,
    finished_at: new Date().toISOString(),
  };
  await db.kysely.insertInto('epcis_capture_jobs').values(row).execute();
  return { job: jobOf(row), eventIds: prepared.map((p) => p.eventId) };
}

class ConflictRollback extends Error {
  constructor(readonly errors: EpcisFieldError[]) {
    super('eventID conflict');
  }
}

const conflictError = (p: Prepared, listPointer = '/epcisBody/eventList'): EpcisFieldError => ({
  eventIndex: p.index,
  field: `${listPointer}/${p.index}/eventID`,
  message: `eventID ${p.eventId} is already stored for a different event`,
});

async function store(
  db: Db,
  input: CaptureInput,
  captureId: string,
  recordTime: string,
  events: Prepared[],
  rollback: boolean,
): Promise<{ captured: number; duplicates: number; errors: EpcisFieldError[] }> {
  return db.kysely.transaction().execute(async (trx) => {
    let captured = 0;
    let duplicates = 0;
    const errors: EpcisFieldError[] = [];
    const refs: Database['epcis_event_refs'][] = [];
    const prefixes = new Set<string>();

    for (let i = 0; i < events.length; i += EVENT_CHUNK) {
      const chunk = events.slice(i, i + EVENT_CHUNK);
      const inserted = await trx
        .insertInto('epcis_events')
        .values(
          chunk.map((p) => ({
            tenant_id: input.tenantId,
            event_id: p.eventId,
            event_key: eventKey(p.eventId),
            event_hash: p.hash,
            event_type: p.parsed.type,
            event_time: p.parsed.eventTimeUtc,
            record_time: recordTime,
            action: p.parsed.action,
            biz_step: p.parsed.bizStep,
            disposition: p.parsed.disposition,
            read_point: p.parsed.readPoint,
            biz_location: p.parsed.bizLocation,
            parent_id: p.parsed.parentId,
            error_declared: p.parsed.errorDeclared ? 1 : 0,
            capture_id: captureId,
            body: p.body,
          })),
        )
        .onConflict((oc) => oc.columns(['event_key', 'tenant_id']).doNothing())
        .returning(['seq', 'event_id'])
        .execute();
      const seqOf = new Map(inserted.map((r) => [r.event_id, Number(r.seq)]));
      const missing = chunk.filter((p) => !seqOf.has(p.eventId));
      if (missing.length) {
        const existing = await trx
          .selectFrom('epcis_events')
          .select(['seq', 'event_id', 'event_hash', 'error_declared'])
          .where(
            'event_key',
            'in',
            missing.map((p) => eventKey(p.eventId)),
          )
          .where('tenant_id', '=', input.tenantId)
          .execute();
        const byId = new Map(existing.map((r) => [r.event_id, r]));
        for (const p of missing) {
          const stored = byId.get(p.eventId);
          if (stored?.event_hash !== p.hash) {
            errors.push(conflictError(p, input.listPointer));
          } else if (p.parsed.errorDeclared && stored.error_declared === 0) {
            // An error declaration is the erroneous event sent again with errorDeclaration added
            // (EPCIS 2.0 §7.4.1.2): same eventID and hash, so it marks the stored event.
            await trx
              .updateTable('epcis_events')
              .set({ error_declared: 1, body: p.body })
              .where('seq', '=', stored.seq)
              .execute();
            captured++;
          } else {
            duplicates++;
          }
        }
      }
      for (const p of chunk) {
        const seq = seqOf.get(p.eventId);
        if (seq === undefined) continue;
        captured++;
        for (const r of p.parsed.refs) {
          const role = r.role === 'class' ? `class_${r.of ?? 'epc'}` : r.role;
          refs.push({ tenant_id: input.tenantId, value: r.value, role, seq });
        }
        for (const m of p.body.matchAll(URN_PREFIX)) prefixes.add(m[1] as string);
      }
    }
    if (rollback && errors.length) throw new ConflictRollback(errors);

    for (let i = 0; i < refs.length; i += REF_CHUNK) {
      await trx
        .insertInto('epcis_event_refs')
        .values(refs.slice(i, i + REF_CHUNK))
        .execute();
    }
    if (prefixes.size) {
      await trx
        .insertInto('epcis_company_prefixes')
        .values([...prefixes].map((company_prefix) => ({ tenant_id: input.tenantId, company_prefix })))
        .onConflict((oc) => oc.columns(['tenant_id', 'company_prefix']).doNothing())
        .execute();
    }
    return { captured, duplicates, errors };
  });
}

/** Captures one event (`POST /epcis/events`): 201 when stored, 409 when its eventID is already taken. */
export async function captureOne(
  db: Db,
  input: Omit<CaptureInput, 'events' | 'behaviour'> & { event: unknown },
): Promise<{ eventId: string; job: CaptureJob }> {
  const { job, eventIds } = await capture(db, { ...input, events: [input.event], behaviour: 'rollback', standalone: true });
  if (job.errors.length) {
    const conflict = job.errors.find((e) => e.field.endsWith('/eventID') && e.message.includes('already stored'));
    if (conflict) throw new EpcisException('ResourceAlreadyExistsException', ErrorCode.Conflict, conflict.message);
    throw captureValidationError(job);
  }
  if (job.capturedCount === 0) {
    throw new EpcisException('ResourceAlreadyExistsException', ErrorCode.Conflict, 'this event is already stored');
  }
  return { eventId: eventIds[0] as string, job };
}

/** The ValidationException for a job whose events were refused. */
export function captureValidationError(job: CaptureJob): EpcisException {
  const first = job.errors[0];
  const n = job.errors.length;
  return new EpcisException(
    'ValidationException',
    ErrorCode.Validation,
    `${n} error${n === 1 ? '' : 's'} in the captured events${first ? `; first: ${first.field} ${first.message}` : ''}`,
    job.errors.slice(0, 100).map((e) => ({ field: e.field, message: e.message })),
  );
}

const tenantFilter = (scope: Scope) => (scope.tenantId === null ? undefined : scope.tenantId);

export async function getCaptureJob(db: Db, scope: Scope, id: string): Promise<CaptureJob> {
  let q = db.kysely.selectFrom('epcis_capture_jobs').selectAll().where('id', '=', id);
  const tenant = tenantFilter(scope);
  if (tenant) q = q.where('tenant_id', '=', tenant);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('capture job', id);
  return jobOf(row);
}

export async function listCaptureJobs(db: Db, scope: Scope, limit: number): Promise<CaptureJob[]> {
  let q = db.kysely.selectFrom('epcis_capture_jobs').selectAll().orderBy('id', 'desc').limit(limit);
  const tenant = tenantFilter(scope);
  if (tenant) q = q.where('tenant_id', '=', tenant);
  return (await q.execute()).map(jobOf);
}

export interface QueryResult {
  events: Record<string, unknown>[];
  /** Extension prefixes of the documents the events came from, for the answer's @context. */
  contexts: unknown[];
  nextPageToken: string | null;
}

/** Up to this many matches an identifier condition drives the query (see queryEvents). */
const DRIVE_LIMIT = 2000;

/** Builds a lookup of GS1 company prefix lengths from the prefixes this tenant's URNs used. */
async function prefixLookup(db: Db, tenantId: string | null): Promise<CompanyPrefixLookup> {
  let q = db.kysely.selectFrom('epcis_company_prefixes').select('company_prefix');
  if (tenantId) q = q.where('tenant_id', '=', tenantId);
  const known = new Set((await q.execute()).map((r) => r.company_prefix));
  return (digits: string) => {
    for (let len = 12; len >= 6; len--) if (known.has(digits.slice(0, len))) return len;
    return undefined;
  };
}

/** Runs a SimpleEventQuery for the caller's tenant (every tenant for an unbound admin or analyst key). */
export async function queryEvents(db: Db, scope: Scope, query: EventQuery, format: EpcFormat): Promise<QueryResult> {
  const tenant = tenantFilter(scope);
  if (query.eventTypes && query.eventTypes.length === 0) return { events: [], contexts: [], nextPageToken: null };
  const timeColumn = query.orderBy === 'eventTime' ? 'e.event_time' : 'e.record_time';
  const dir = query.descending ? 'desc' : 'asc';

  for (const cond of query.refs) {
    if (cond.values.length === 0 || cond.roles.length === 0) return { events: [], contexts: [], nextPageToken: null };
  }
  const refSeqs = (cond: EventQuery['refs'][number]) => {
    let sub = db.kysely
      .selectFrom('epcis_event_refs as r')
      .select('r.seq')
      .where('r.value', 'in', cond.values)
      .where('r.role', 'in', cond.roles);
    if (tenant) sub = sub.where('r.tenant_id', '=', tenant);
    return sub;
  };
  // A selective identifier (one box's EPC: tens of events) drives the query from the identifier index;
  // a broad one (a whole GRAI class) is better checked while walking the time index. Which one it is
  // can only be known by looking, so look for up to DRIVE_LIMIT matches first.
  let driving: number[] | undefined;
  let drivingCond: EventQuery['refs'][number] | undefined;
  for (const cond of query.refs) {
    const seqs = (
      await refSeqs(cond)
        .limit(DRIVE_LIMIT + 1)
        .execute()
    ).map((r) => Number(r.seq));
    if (seqs.length <= DRIVE_LIMIT) {
      driving = [...new Set(seqs)];
      drivingCond = cond;
      break;
    }
  }
  if (driving && driving.length === 0) return { events: [], contexts: [], nextPageToken: null };

  let q = db.kysely.selectFrom('epcis_events as e').select(['e.seq', 'e.body', 'e.capture_id', 'e.event_time', 'e.record_time']);
  // The seqs came from this tenant's index rows, so no tenant filter is needed on that path (and leaving
  // it out keeps SQLite from walking the tenant's time index instead of looking the rows up).
  if (driving) q = q.where('e.seq', 'in', driving);
  else if (tenant) q = q.where('e.tenant_id', '=', tenant);
  if (query.eventTypes) q = q.where('e.event_type', 'in', query.eventTypes);
  if (query.actions) q = q.where('e.action', 'in', query.actions);
  if (query.bizSteps) q = q.where('e.biz_step', 'in', query.bizSteps);
  if (query.dispositions) q = q.where('e.disposition', 'in', query.dispositions);
  if (query.readPoints) q = q.where('e.read_point', 'in', query.readPoints);
  if (query.bizLocations) q = q.where('e.biz_location', 'in', query.bizLocations);
  if (query.eventIds) q = q.where('e.event_key', 'in', query.eventIds.map(eventKey));
  if (query.geEventTime) q = q.where('e.event_time', '>=', query.geEventTime);
  if (query.ltEventTime) q = q.where('e.event_time', '<', query.ltEventTime);
  if (query.geRecordTime) q = q.where('e.record_time', '>=', query.geRecordTime);
  if (query.ltRecordTime) q = q.where('e.record_time', '<', query.ltRecordTime);
  if (query.errorDeclared !== undefined) q = q.where('e.error_declared', '=', query.errorDeclared ? 1 : 0);
  // The other conditions are checked per candidate row (an index lookup by seq), which stays cheap when
  // a condition matches most events; an IN-subquery would first collect every match.
  for (const cond of query.refs) {
    if (cond === drivingCond) continue;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('epcis_event_refs as r')
          .select('r.seq')
          .whereRef('r.seq', '=', 'e.seq')
          .where('r.value', 'in', cond.values)
          .where('r.role', 'in', cond.roles),
      ),
    );
  }
  if (query.after) {
    const [t, seq] = query.after;
    // Keyset paging on (time, seq): stable while events are added, no page numbers to recompute.
    q = q.where((eb) => eb(eb.refTuple(timeColumn, 'e.seq'), query.descending ? '<' : '>', eb.tuple(t, seq)));
  }
  const rows = await q
    .orderBy(timeColumn, dir)
    .orderBy('e.seq', dir)
    .limit(query.perPage + 1)
    .execute();

  const page = rows.slice(0, query.perPage);
  const last = page[page.length - 1];
  const nextPageToken =
    rows.length > query.perPage && last
      ? encodePageToken(query, [query.orderBy === 'eventTime' ? last.event_time : last.record_time, Number(last.seq)])
      : null;

  const lookup: CompanyPrefixLookup = format === 'Always_EPC_URN' ? await prefixLookup(db, tenant ?? null) : () => undefined;
  const events = page.map((r) => translateEvent(JSON.parse(r.body) as Record<string, unknown>, format, lookup));
  const captureIds = [...new Set(page.map((r) => r.capture_id))];
  const contexts = captureIds.length
    ? (await db.kysely.selectFrom('epcis_capture_jobs').select('context_json').where('id', 'in', captureIds).execute()).map(
        (r) => JSON.parse(r.context_json) as unknown,
      )
    : [];
  return { events, contexts, nextPageToken };
}

/** Counts a tenant's stored events (for the dashboard and the benchmark). */
export async function countEvents(db: Db, tenantId: string | null): Promise<number> {
  let q = db.kysely.selectFrom('epcis_events').select(sql<number>`count(*)`.as('n'));
  if (tenantId) q = q.where('tenant_id', '=', tenantId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export const assertCaptureSize = (n: number): void => {
  if (n > CAPTURE_EVENT_LIMIT) {
    throw new EpcisException(
      'CaptureLimitExceededException',
      ErrorCode.PayloadTooLarge,
      `the document has ${n} events; the capture limit is ${CAPTURE_EVENT_LIMIT} (GS1-EPCIS-Capture-Limit)`,
    );
  }
};
