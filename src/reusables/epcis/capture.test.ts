import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../../test/support/app.js';

const CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'];
const BOX = (serial: number) => `urn:epc:id:grai:0614141.12345.${serial}`;
const SHOP = 'urn:epc:id:sgln:0614141.00777.0';
const DOCK = 'urn:epc:id:sgln:0614141.00777.1';

type Json = Record<string, unknown>;

function objectEvent(over: Json = {}): Json {
  return {
    type: 'ObjectEvent',
    eventTime: '2026-03-02T09:00:00.000+08:00',
    eventTimeZoneOffset: '+08:00',
    epcList: [BOX(1)],
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: { id: DOCK },
    bizLocation: { id: SHOP },
    ...over,
  };
}

const doc = (events: Json[]): Json => ({
  '@context': CONTEXT,
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-03-02T10:00:00Z',
  epcisBody: { eventList: events },
});

const eventsOf = (answer: Json): Json[] =>
  (((answer.epcisBody as Json).queryResults as Json).resultsBody as Json).eventList as Json[];

describe('EPCIS capture and query', () => {
  let t: TestApp;
  let key: string;
  let otherKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    key = await t.keyFor('merchant', await t.tenant('Brand A', 'brand'));
    otherKey = await t.keyFor('merchant', await t.tenant('Brand B', 'brand'));
  });
  afterAll(() => t?.close());

  const capture = (body: Json, k = key, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/epcis/capture', headers: { ...bearer(k), ...headers }, payload: body });
  const query = async (qs: string, k = key) => {
    const res = await t.app.inject({ method: 'GET', url: `/epcis/events?${qs}`, headers: bearer(k) });
    expect(res.statusCode, res.body).toBe(200);
    return eventsOf(res.json());
  };

  it('stores each event once, whether re-sent with its eventID or only its canonical hash', async () => {
    const events = [
      objectEvent({ epcList: [BOX(10)], eventID: 'urn:uuid:6f2ae1cc-0d8b-4b2c-9b1b-1d1e5b9f0a10' }),
      objectEvent({ epcList: [BOX(11)] }),
      objectEvent({ epcList: [BOX(12)], bizStep: 'receiving', disposition: 'in_progress' }),
    ];
    const first = await capture(doc(events));
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toMatchObject({ success: true, capturedCount: 3, duplicateCount: 0 });

    // The same reads again, one written differently: another time offset for the same instant, the Digital
    // Link form of the GRAI, and the long CBV form of the bizStep.
    const again = [
      events[0] as Json,
      objectEvent({
        epcList: ['https://id.gs1.org/8003/0061414112345211'],
        eventTime: '2026-03-02T01:00:00.000Z',
        bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
      }),
      events[2] as Json,
    ];
    const second = await capture(doc(again));
    expect(second.json()).toMatchObject({ success: true, capturedCount: 0, duplicateCount: 3 });
    expect(await query(`MATCH_epc=${encodeURIComponent(BOX(11))}`)).toHaveLength(1);
    const all = await query(`MATCH_epc=${encodeURIComponent('urn:epc:idpat:grai:0614141.12345.*')}&perPage=100`);
    // The class pattern finds all three (the first events of this file's tenant).
    expect(all).toHaveLength(3);
  });

  it('rollback refuses the whole document for one bad event; proceed keeps the good ones and reports the bad', async () => {
    const bad = objectEvent({ epcList: [BOX(21)], action: 'MOVE' });
    const body = doc([objectEvent({ epcList: [BOX(20)] }), bad, objectEvent({ epcList: [BOX(22)] })]);

    const rolledBack = await capture(body);
    expect(rolledBack.statusCode).toBe(400);
    expect(rolledBack.headers['content-type']).toContain('application/problem+json');
    const problem = rolledBack.json();
    expect(problem.type).toBe('epcisException:ValidationException');
    expect(problem.errors[0].field).toBe('/epcisBody/eventList/1/action');
    const job = await t.app.inject({ method: 'GET', url: rolledBack.headers.location as string, headers: bearer(key) });
    expect(job.json()).toMatchObject({ running: false, success: false, capturedCount: 0, captureErrorBehaviour: 'rollback' });
    for (const serial of [20, 21, 22]) expect(await query(`MATCH_epc=${encodeURIComponent(BOX(serial))}`)).toHaveLength(0);

    const proceeded = await capture(body, key, { 'gs1-capture-error-behaviour': 'proceed' });
    expect(proceeded.statusCode).toBe(202);
    expect(proceeded.json()).toMatchObject({ success: false, capturedCount: 2, captureErrorBehaviour: 'proceed' });
    expect(proceeded.json().errors).toEqual([expect.objectContaining({ eventIndex: 1, field: '/epcisBody/eventList/1/action' })]);
    expect(await query(`MATCH_epc=${encodeURIComponent(BOX(20))}`)).toHaveLength(1);
    expect(await query(`MATCH_epc=${encodeURIComponent(BOX(21))}`)).toHaveLength(0);
    expect(await query(`MATCH_epc=${encodeURIComponent(BOX(22))}`)).toHaveLength(1);
  });

  it('captures one event with POST /epcis/events: 201 then 409 for the same eventID', async () => {
    const event = {
      '@context': CONTEXT,
      ...objectEvent({ epcList: [BOX(30)], eventID: 'urn:uuid:0b3c2b55-3f0e-4a47-8d7c-5f0f0b2f0a30' }),
    };
    const created = await t.app.inject({ method: 'POST', url: '/epcis/events', headers: bearer(key), payload: event });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.location).toBe(`/epcis/events/${encodeURIComponent('urn:uuid:0b3c2b55-3f0e-4a47-8d7c-5f0f0b2f0a30')}`);
    const one = await t.app.inject({ method: 'GET', url: created.headers.location as string, headers: bearer(key) });
    expect(one.json()).toMatchObject({ type: 'ObjectEvent', eventID: 'urn:uuid:0b3c2b55-3f0e-4a47-8d7c-5f0f0b2f0a30' });
    const again = await t.app.inject({ method: 'POST', url: '/epcis/events', headers: bearer(key), payload: event });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toBe('epcisException:ResourceAlreadyExistsException');
  });

  it('an error declaration marks the stored event, found with EXISTS_errorDeclaration', async () => {
    const original = objectEvent({ epcList: [BOX(40)], eventTime: '2026-03-05T09:00:00.000+08:00' });
    expect((await capture(doc([original]))).json().capturedCount).toBe(1);
    const declared = {
      ...original,
      errorDeclaration: { declarationTime: '2026-03-06T09:00:00.000+08:00', reason: 'did_not_occur' },
    };
    const res = await capture(doc([declared]));
    expect(res.json()).toMatchObject({ success: true, capturedCount: 1 });
    const found = await query(`MATCH_epc=${encodeURIComponent(BOX(40))}&EXISTS_errorDeclaration`);
    expect(found).toHaveLength(1);
    expect(found[0]?.errorDeclaration).toMatchObject({ reason: 'did_not_occur' });
    expect(await query(`MATCH_epc=${encodeURIComponent(BOX(40))}`)).toHaveLength(1);
  });

  it('filters with the SimpleEventQuery parameters', async () => {
    const k = await t.keyFor('merchant', await t.tenant('Filters', 'brand'));
    const at = (h: number) => `2026-04-01T${String(h).padStart(2, '0')}:00:00.000+08:00`;
    const events = [
      objectEvent({ epcList: [BOX(50)], eventTime: at(8), action: 'ADD', bizStep: 'commissioning', disposition: 'active' }),
      objectEvent({ epcList: [BOX(50)], eventTime: at(9) }),
      objectEvent({
        epcList: [BOX(50)],
        eventTime: at(10),
        bizStep: 'inspecting',
        disposition: 'needs_replacement',
        persistentDisposition: { set: ['needs_replacement'] },
        bizLocation: { id: DOCK },
      }),
      {
        type: 'AggregationEvent',
        eventTime: at(11),
        eventTimeZoneOffset: '+08:00',
        parentID: BOX(51),
        childEPCs: ['urn:epc:id:sgtin:0614141.107346.2018'],
        action: 'ADD',
        bizStep: 'packing',
        disposition: 'in_progress',
        readPoint: { id: DOCK },
      },
    ];
    expect((await capture(doc(events), k)).json().capturedCount).toBe(4);
    const n = async (qs: string) => (await query(qs, k)).length;
    expect(await n('EQ_bizStep=shipping')).toBe(1);
    expect(await n(`EQ_bizStep=${encodeURIComponent('https://ref.gs1.org/cbv/BizStep-shipping')}|commissioning`)).toBe(2);
    expect(await n('EQ_action=ADD')).toBe(2);
    expect(await n('EQ_disposition=needs_replacement')).toBe(1);
    expect(await n(`EQ_bizLocation=${encodeURIComponent(DOCK)}`)).toBe(1);
    expect(await n(`EQ_bizLocation=${encodeURIComponent('https://id.gs1.org/414/0614141007776')}`)).toBe(2);
    expect(await n(`EQ_readPoint=${encodeURIComponent(DOCK)}`)).toBe(4);
    expect(await n(`MATCH_parentID=${encodeURIComponent(BOX(51))}`)).toBe(1);
    expect(await n(`MATCH_epc=${encodeURIComponent(BOX(51))}`)).toBe(0);
    expect(await n(`MATCH_anyEPC=${encodeURIComponent(BOX(51))}`)).toBe(1);
    expect(await n(`MATCH_epc=${encodeURIComponent('urn:epc:id:sgtin:0614141.107346.2018')}`)).toBe(1);
    expect(await n('EQ_persistentDisposition_set=needs_replacement')).toBe(1);
    expect(await n(`GE_eventTime=${encodeURIComponent(at(9))}&LT_eventTime=${encodeURIComponent(at(11))}`)).toBe(2);
    const typed = await t.app.inject({ method: 'GET', url: '/epcis/eventTypes/AggregationEvent/events', headers: bearer(k) });
    expect(eventsOf(typed.json())).toHaveLength(1);
    const desc = await query('orderBy=eventTime&orderDirection=DESC', k);
    expect(desc.map((e) => e.type)).toEqual(['AggregationEvent', 'ObjectEvent', 'ObjectEvent', 'ObjectEvent']);

    // Pages of 3 chain through every event exactly once; the token only works for the same query.
    const seen: unknown[] = [];
    let url = '/epcis/events?perPage=3';
    for (let i = 0; i < 5 && url; i++) {
      const res = await t.app.inject({ method: 'GET', url, headers: bearer(k) });
      seen.push(...eventsOf(res.json()).map((e) => e.eventID));
      const link = res.headers.link as string | undefined;
      url = link ? (link.match(/^<([^>]+)>; rel="next"$/)?.[1] as string) : '';
      if (i === 0) {
        const token = new URL(url, 'http://x').searchParams.get('nextPageToken') as string;
        const replay = await t.app.inject({
          method: 'GET',
          url: `/epcis/events?EQ_bizStep=shipping&nextPageToken=${token}`,
          headers: bearer(k),
        });
        expect(replay.statusCode).toBe(400);
        expect(replay.json().type).toBe('epcisException:QueryParameterException');
      }
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);

    const unknown = await t.app.inject({ method: 'GET', url: '/epcis/events?EQ_bizstep=shipping', headers: bearer(k) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ type: 'epcisException:QueryParameterException' });
    expect(unknown.json().detail).toContain('EQ_bizstep');
  });

  it("keeps tenants apart: another brand's key sees none of the events and none of the jobs", async () => {
    const res = await capture(doc([objectEvent({ epcList: [BOX(60)] })]));
    expect(await query(`MATCH_epc=${encodeURIComponent(BOX(60))}`, otherKey)).toHaveLength(0);
    expect(await query('perPage=100', otherKey)).toHaveLength(0);
    const job = await t.app.inject({ method: 'GET', url: res.headers.location as string, headers: bearer(otherKey) });
    expect(job.statusCode).toBe(404);
    expect(job.json().type).toBe('epcisException:NoSuchResourceException');
    const analyst = await t.keyFor('analyst');
    const write = await capture(doc([objectEvent()]), analyst);
    expect(write.statusCode).toBe(403);
    expect(write.json().type).toBe('epcisException:SecurityException');
    const anonymous = await t.app.inject({ method: 'GET', url: '/epcis/events' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('announces its limits and refuses documents over them', async () => {
    const options = await t.app.inject({ method: 'OPTIONS', url: '/epcis/capture' });
    expect(options.statusCode).toBe(204);
    expect(options.headers['gs1-epcis-capture-limit']).toBe('10000');
    expect(Number(options.headers['gs1-epcis-capture-file-size-limit'])).toBeGreaterThan(1_000_000);
    expect(options.headers['gs1-capture-error-behaviour']).toBe('all');
    expect(options.headers['gs1-epcis-version']).toBe('2.0.0');

    const many = Array.from({ length: 10_001 }, (_, i) => objectEvent({ epcList: [BOX(100_000 + i)] }));
    const tooMany = await capture(doc(many));
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().type).toBe('epcisException:CaptureLimitExceededException');

    const notADoc = await capture({ type: 'EPCISDocument', schemaVersion: '2.0' });
    expect(notADoc.statusCode).toBe(400);
    expect(notADoc.json().errors.map((e: { field: string }) => e.field)).toContain('/epcisBody');
    const version = await t.app.inject({
      method: 'GET',
      url: '/epcis/events',
      headers: { ...bearer(key), 'gs1-epcis-version': '3.0' },
    });
    expect(version.statusCode).toBe(406);
  });
});
