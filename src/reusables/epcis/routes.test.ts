import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../../test/support/app.js';
import { EPCIS_DIR, haveEpcisFixtures as haveFixtures, officialEpcisValidator } from '../../../test/support/epcis.js';
import { urnToDigitalLink } from '../epc/index.js';

if (!haveFixtures) console.warn(`EPCIS fixtures not found at ${EPCIS_DIR}: the GS1 example tests are skipped`);

function jsonDocs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonDocs(path);
    return name.endsWith('.jsonld') ? [path] : [];
  });
}

type Json = Record<string, unknown>;
const eventsOf = (doc: Json): Json[] => {
  const body = doc.epcisBody as Json;
  const list = body.eventList ?? ((body.queryResults as Json)?.resultsBody as Json)?.eventList;
  return (list ?? []) as Json[];
};

/** The identifiers a query can find an event by, most specific first. */
function identifiersOf(e: Json): { param: string; value: string }[] {
  const out: { param: string; value: string }[] = [];
  for (const list of ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']) {
    for (const v of (e[list] as string[] | undefined) ?? []) out.push({ param: 'MATCH_anyEPC', value: v });
  }
  if (typeof e.parentID === 'string') out.push({ param: 'MATCH_anyEPC', value: e.parentID });
  for (const list of ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']) {
    for (const q of (e[list] as { epcClass: string }[] | undefined) ?? [])
      out.push({ param: 'MATCH_epcClass', value: q.epcClass });
  }
  return out;
}

describe('EPCIS repository: captures and answers the GS1 examples', () => {
  let t: TestApp;
  let validate: ValidateFunction;
  beforeAll(async () => {
    t = await createTestApp();
    if (haveFixtures) validate = officialEpcisValidator();
  });
  afterAll(() => t?.close());

  const schemaErrors = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).slice(0, 5));

  it.skipIf(!haveFixtures)('accepts every document in JSON/ and finds each event by its identifiers', async () => {
    const files = jsonDocs(join(EPCIS_DIR, 'JSON'));
    expect(files.length).toBe(47);
    let events = 0;
    for (const file of files) {
      const name = relative(EPCIS_DIR, file);
      const doc = JSON.parse(readFileSync(file, 'utf8')) as Json;
      // Some examples reuse one eventID for different events, which one repository must refuse (see the
      // conflict test below), so each document goes to a tenant of its own.
      const tenant = await t.tenant(`epcis ${name}`, 'brand');
      const key = await t.keyFor('merchant', tenant);
      const res = await t.app.inject({
        method: 'POST',
        url: '/epcis/capture',
        headers: { ...bearer(key), 'content-type': 'application/ld+json' },
        payload: JSON.stringify(doc),
      });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(202);
      expect(res.headers.location).toMatch(/^\/epcis\/capture\/cap_/);
      const job = res.json();
      expect(job, name).toMatchObject({ running: false, success: true, errors: [] });
      expect(job.capturedCount + job.duplicateCount, name).toBe(eventsOf(doc).length);

      for (const e of eventsOf(doc)) {
        events++;
        const ids = identifiersOf(e);
        const where = ids.length
          ? `${ids[0]?.param}=${encodeURIComponent(ids[0]?.value as string)}`
          : `eventType=${e.type}&GE_eventTime=${encodeURIComponent(e.eventTime as string)}`;
        const q = await t.app.inject({ method: 'GET', url: `/epcis/events?${where}&perPage=100`, headers: bearer(key) });
        expect(q.statusCode, `${name} ${where}: ${q.body}`).toBe(200);
        const answer = q.json() as Json;
        expect(schemaErrors(answer), `${name}: answer fails the official schema`).toEqual([]);
        const found = eventsOf(answer).filter(
          (x) => x.type === e.type && Date.parse(x.eventTime as string) === Date.parse(e.eventTime as string),
        );
        expect(found.length, `${name}: event at ${e.eventTime} not returned for ${where}`).toBeGreaterThan(0);
        if (typeof e.eventID === 'string') expect(found.map((x) => x.eventID)).toContain(e.eventID);
        else for (const x of found) expect(x.eventID).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
      }
    }
    expect(events).toBeGreaterThan(50);
  });

  it.skipIf(!haveFixtures)('answers an EPC query in each GS1-EPC-Format, each valid against the official schema', async () => {
    const tenant = await t.tenant('formats', 'brand');
    const key = await t.keyFor('merchant', tenant);
    const doc = readFileSync(join(EPCIS_DIR, 'JSON/Example_9.6.1-ObjectEvent.jsonld'), 'utf8');
    const cap = await t.app.inject({
      method: 'POST',
      url: '/epcis/capture',
      headers: { ...bearer(key), 'content-type': 'application/ld+json' },
      payload: doc,
    });
    expect(cap.statusCode).toBe(202);
    const urn = 'urn:epc:id:sgtin:0614141.107346.2017';
    const dl = urnToDigitalLink(urn);
    expect(dl).toBe('https://id.gs1.org/01/10614141073464/21/2017');
    const get = async (format?: string, id = urn) =>
      t.app.inject({
        method: 'GET',
        url: `/epcis/epcs/${encodeURIComponent(id)}/events`,
        headers: { ...bearer(key), ...(format ? { 'gs1-epc-format': format } : {}) },
      });
    const byDefault = await get();
    expect(byDefault.headers['gs1-epc-format']).toBe('Always_GS1_Digital_Link');
    const asDl = eventsOf(byDefault.json());
    expect(asDl).toHaveLength(1);
    expect(asDl[0]?.epcList).toContain(dl);
    expect(schemaErrors(byDefault.json())).toEqual([]);

    const asUrn = eventsOf((await get('Always_EPC_URN', dl)).json());
    expect(asUrn[0]?.epcList).toContain(urn);
    const asIs = eventsOf((await get('Never_Translates')).json());
    expect(asIs[0]?.epcList).toContain(urn);
    const bad = await get('Sometimes');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().type).toBe('epcisException:ValidationException');
  });

  it.skipIf(!haveFixtures)('refuses an eventID already stored for a different event (two GS1 examples share one)', async () => {
    const tenant = await t.tenant('conflict', 'brand');
    const key = await t.keyFor('merchant', tenant);
    const capture = (file: string) =>
      t.app.inject({
        method: 'POST',
        url: '/epcis/capture',
        headers: { ...bearer(key), 'content-type': 'application/ld+json' },
        payload: readFileSync(join(EPCIS_DIR, 'JSON', file), 'utf8'),
      });
    expect((await capture('AssociationEvent/AssociationEvent-f.jsonld')).statusCode).toBe(202);
    const second = await capture('Example-Type-sourceOrDestination,measurement,bizTransaction.jsonld');
    expect(second.statusCode).toBe(400);
    expect(second.json().type).toBe('epcisException:ValidationException');
    expect(second.json().detail).toMatch(/already stored for a different event/);
  });
});
