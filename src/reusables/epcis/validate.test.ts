import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/index.js';
import type { EpcisFieldError } from './model.js';
import { parseDateTime, parseDocument, parseEvent } from './validate.js';
import { BIZ_STEPS, cbvTerm, cbvUri, DISPOSITIONS, resolveCbv } from './vocab.js';

const DIR = fileURLToPath(new URL('../../../../shared/benchmarks/epcis/', import.meta.url));
const HAVE_EXAMPLES = existsSync(join(DIR, 'EPCIS-JSON-Schema.json')) && existsSync(join(DIR, 'JSON'));
if (!HAVE_EXAMPLES) console.log(`EPCIS examples and schema not found at ${DIR}: skipping the tests that need them`);

type Doc = Record<string, unknown>;

const exampleFiles = (): string[] =>
  (readdirSync(join(DIR, 'JSON'), { recursive: true }) as string[]).filter((f) => f.endsWith('.jsonld')).sort();
const readExample = (f: string): Doc => JSON.parse(readFileSync(join(DIR, 'JSON', f), 'utf8')) as Doc;

type FormatsFn = (ajv: Ajv) => Ajv;
function officialValidator(): (doc: unknown) => boolean {
  const mod = formatsModule as unknown as FormatsFn & { default?: FormatsFn };
  const addFormats = mod.default ?? mod;
  const ajv = new Ajv({ strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(DIR, 'EPCIS-JSON-Schema.json'), 'utf8')) as object);
  return (doc) => validate(doc) as boolean;
}

/** Document + every event: all errors, as the capture path would collect them. */
function check(doc: unknown): EpcisFieldError[] {
  const d = parseDocument(doc);
  if (d.errors.length) return d.errors;
  return d.events.flatMap((e, i) => parseEvent(e, i, { listPointer: d.eventListPointer }).errors);
}

const CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { example: 'http://ns.example.com/epcis/' }];
const docOf = (...events: unknown[]): Doc => ({
  '@context': CONTEXT,
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2005-07-11T11:30:47.0Z',
  epcisBody: { eventList: events },
});
/** A valid ObjectEvent; `over` replaces fields (undefined removes one). */
const objectEvent = (over: Doc = {}): Doc =>
  Object.fromEntries(
    Object.entries({
      type: 'ObjectEvent',
      eventTime: '2005-04-03T20:33:31.116-06:00',
      eventTimeZoneOffset: '-06:00',
      action: 'OBSERVE',
      epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:grai:0614141.12345.5678'],
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
      ...over,
    }).filter(([, v]) => v !== undefined),
  );
const without = (o: Doc, ...keys: string[]): Doc => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** Expected event count of each example (1 unless listed). */
const TWO_EVENTS = new Set([
  'EPCISQueryDocument.jsonld',
  'Example-TransactionEvents-2020_07_03y.jsonld',
  'Example_9.6.1-ObjectEvent-with-pseudo-SBDH-headers.jsonld',
  'Example_9.6.1-ObjectEvent.jsonld',
  'Example_9.6.1-with-comment.jsonld',
  'PersistentDisposition-example.jsonld',
  'WithDigitalLinkID/Example_9.6.1-ObjectEventWithDigitalLink.jsonld',
  'WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld',
  'WithErrorDeclaration/Example_9.6.1-ObjectEvent-with-error-declaration.jsonld',
]);

describe.skipIf(!HAVE_EXAMPLES)('the official examples', () => {
  const validate = HAVE_EXAMPLES ? officialValidator() : () => false;

  it('all 47 documents parse without errors, with the right number of events', () => {
    const files = exampleFiles();
    expect(files).toHaveLength(47);
    let total = 0;
    for (const f of files) {
      const doc = readExample(f);
      expect(validate(doc), `${f} against the official schema`).toBe(true);
      const d = parseDocument(doc);
      expect(d.errors, f).toEqual([]);
      expect(d.events, f).toHaveLength(TWO_EVENTS.has(f) ? 2 : 1);
      expect(d.context, f).toBe(doc['@context']);
      d.events.forEach((e, i) => {
        const r = parseEvent(e, i, { listPointer: d.eventListPointer });
        expect(r.errors, `${f} event ${i}`).toEqual([]);
        expect(r.event?.body, f).toBe(e);
        total++;
      });
    }
    expect(total).toBe(56);
  });

  it('finds the events of an EPCISQueryDocument', () => {
    const d = parseDocument(readExample('EPCISQueryDocument.jsonld'));
    expect(d.eventListPointer).toBe('/epcisBody/queryResults/resultsBody/eventList');
    expect(d.events).toHaveLength(2);
  });

  const full = (kind: string) => {
    const d = parseDocument(readExample(`WithFullCombinationOfFields/${kind}_event_all_possible_fields.jsonld`));
    const r = parseEvent(d.events[0], 0);
    expect(r.errors).toEqual([]);
    if (!r.event) throw new Error('no event');
    return r.event;
  };

  it('ObjectEvent with all fields: every index field', () => {
    const { body, ...e } = full('object');
    expect(e).toEqual({
      type: 'ObjectEvent',
      eventTimeUtc: '2005-04-05T02:33:31.116Z',
      action: 'ADD',
      bizStep: 'receiving',
      disposition: 'in_progress',
      readPoint: 'https://id.gs1.org/414/0012345111112/254/400',
      bizLocation: 'https://id.gs1.org/414/0012345111112',
      parentId: null,
      errorDeclared: true,
      eventId: 'urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8',
      refs: [
        { role: 'epc', value: 'https://id.gs1.org/01/10614141073464/21/2018' },
        { role: 'class', value: 'https://id.gs1.org/01/10614141073464', of: 'epc' },
        { role: 'class', value: 'https://id.gs1.org/01/04012345123456/10/998877', of: 'quantity' },
        { role: 'pd_set', value: 'completeness_verified' },
        { role: 'pd_unset', value: 'completeness_inferred' },
      ],
    });
  });

  it('AggregationEvent with all fields: parent, children, their class once, quantity classes', () => {
    const e = full('aggregation');
    expect(e.action).toBe('OBSERVE');
    expect(e.parentId).toBe('https://id.gs1.org/00/106141412345678908');
    expect(e.refs).toEqual([
      { role: 'parent', value: 'https://id.gs1.org/00/106141412345678908' },
      { role: 'child', value: 'https://id.gs1.org/01/10614141073464/21/2017' },
      { role: 'class', value: 'https://id.gs1.org/01/10614141073464', of: 'child' },
      { role: 'child', value: 'https://id.gs1.org/01/10614141073464/21/2018' },
      { role: 'class', value: 'https://id.gs1.org/01/04012345987652', of: 'quantity' },
      { role: 'class', value: 'https://id.gs1.org/01/04012345123456/10/998877', of: 'quantity' },
    ]);
  });

  it('AssociationEvent with all fields: a GRAI parent has its class', () => {
    const e = full('association');
    expect(e.refs.slice(0, 4)).toEqual([
      { role: 'parent', value: 'https://id.gs1.org/8003/04012345555554987' },
      { role: 'class', value: 'https://id.gs1.org/8003/04012345555554', of: 'parent' },
      { role: 'child', value: 'https://id.gs1.org/8004/400000112345' },
      { role: 'child', value: 'https://id.gs1.org/8004/400000112346' },
    ]);
    expect(e.readPoint).toBe('https://id.gs1.org/414/4012345000016');
  });

  it('TransactionEvent with all fields', () => {
    const e = full('transaction');
    expect([e.action, e.bizStep, e.disposition, e.parentId]).toEqual([
      'ADD',
      'shipping',
      'in_transit',
      'https://id.gs1.org/00/106141412345678908',
    ]);
    expect(e.refs.filter((r) => r.role === 'epc').map((r) => r.value)).toEqual([
      'https://id.gs1.org/01/10614141073464/21/2017',
      'https://id.gs1.org/01/10614141073464/21/2018',
    ]);
    expect(e.refs).toContainEqual({ role: 'class', value: 'https://id.gs1.org/01/04012345111118/10/4444', of: 'quantity' });
  });

  it('TransformationEvent with all fields: no action, inputs, outputs, persistentDisposition', () => {
    const e = full('transformation');
    expect(e.action).toBeNull();
    expect(e.refs.filter((r) => r.role === 'input').map((r) => r.value)).toEqual([
      'https://id.gs1.org/01/04012345111224/21/25',
      'https://id.gs1.org/01/04000001654321/21/99886655',
    ]);
    expect(e.refs.filter((r) => r.role === 'output')).toHaveLength(4);
    expect(e.refs.filter((r) => r.role === 'class' && r.of === 'output')).toEqual([
      { role: 'class', value: 'https://id.gs1.org/01/04012345778892', of: 'output' },
    ]);
    expect(e.refs).toContainEqual({ role: 'class', value: 'https://id.gs1.org/01/04012345666663', of: 'quantity' });
    expect(e.refs.filter((r) => r.role.startsWith('pd_'))).toEqual([
      { role: 'pd_set', value: 'completeness_verified' },
      { role: 'pd_unset', value: 'completeness_inferred' },
    ]);
  });

  it('normalizes Digital Link identifiers from another domain and keeps custom bizSteps', () => {
    const d = parseDocument(readExample('WithSensorData/SensorDataExample14.jsonld'));
    const e = parseEvent(d.events[0], 0).event;
    expect(e?.readPoint).toBe('https://id.gs1.org/414/4012345000054');
    expect(e?.refs.slice(0, 2)).toEqual([
      { role: 'epc', value: 'https://id.gs1.org/8003/040123450007718765' },
      { role: 'class', value: 'https://id.gs1.org/8003/04012345000771', of: 'epc' },
    ]);
    const custom = exampleFiles()
      .flatMap((f) => {
        const doc = parseDocument(readExample(f));
        return doc.events.map((ev, i) => parseEvent(ev, i, { listPointer: doc.eventListPointer }).event?.bizStep);
      })
      .filter((s) => s?.includes(':'));
    expect(custom).toEqual(['http://epcis.example.org/hc/bizstep/summarising_discharge']);
  });

  /**
   * Differential check: mutate every field of the most complete examples and compare with the official schema.
   * The validator never accepts what the schema rejects; it rejects a schema-valid document only for its
   * documented extra rules.
   */
  it('agrees with the official schema on mutated examples, apart from the documented extra rules', () => {
    const files = [
      ...exampleFiles().filter((f) => f.startsWith('WithFullCombinationOfFields/')),
      'EPCISQueryDocument.jsonld',
      'Example_9.6.4-TransformationEvent.jsonld',
      'WithSensorData/SensorDataExample1.jsonld',
      'WithSensorData/SensorDataExample6.jsonld',
      'WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld',
    ];
    const values: unknown[] = [undefined, 42, 'x', 'x:y', [], {}, ['x'], [{}], 'DELETE', '+01:00'];
    const extraRules = [
      /is not a supported event type/,
      /^parentID is required when action is ADD or DELETE$/,
      /is not a CBV [a-z/ ]+ \(https:\/\/ref\.gs1\.org\/cbv\//,
    ];
    const unexpected: string[] = [];
    let count = 0;
    const walk = (doc: Doc, node: unknown, path: string[]): void => {
      if (node === null || typeof node !== 'object') return;
      for (const key of Object.keys(node)) {
        for (const v of values) {
          const copy = structuredClone(doc);
          let o = copy as Record<string, unknown>;
          for (const k of path) o = o[k] as Record<string, unknown>;
          if (v !== undefined) o[key] = structuredClone(v);
          else if (Array.isArray(o)) o.splice(Number(key), 1);
          else delete o[key];
          const schemaOk = validate(copy);
          const errors = check(copy);
          count++;
          if (!schemaOk && errors.length === 0)
            unexpected.push(`accepted, schema rejects: /${[...path, key].join('/')} := ${JSON.stringify(v)}`);
          if (schemaOk && errors.some((e) => !extraRules.some((r) => r.test(e.message)))) {
            unexpected.push(
              `rejected, schema accepts: /${[...path, key].join('/')} := ${JSON.stringify(v)}: ${errors[0]?.message}`,
            );
          }
        }
        walk(doc, (node as Record<string, unknown>)[key], [...path, key]);
      }
    };
    for (const f of files) {
      const doc = readExample(f);
      walk(doc, doc, []);
    }
    expect(count).toBeGreaterThan(5000);
    expect(unexpected).toEqual([]);
  });
});

describe('rejections name the field', () => {
  const only = (doc: unknown): EpcisFieldError => {
    const errors = check(doc);
    expect(errors).toHaveLength(1);
    return errors[0] as EpcisFieldError;
  };
  const ev0 = '/epcisBody/eventList/0';

  it('accepts the base event', () => {
    expect(check(docOf(objectEvent()))).toEqual([]);
  });

  it('missing eventTime', () => {
    expect(only(docOf(objectEvent(), without(objectEvent(), 'eventTime')))).toEqual({
      eventIndex: 1,
      field: '/epcisBody/eventList/1/eventTime',
      message: 'eventTime is required',
    });
  });

  it('bad action', () => {
    expect(only(docOf(objectEvent({ action: 'MOVE' })))).toEqual({
      eventIndex: 0,
      field: `${ev0}/action`,
      message: '"MOVE" is not an action (ADD, OBSERVE, DELETE)',
    });
    expect(only(docOf(without(objectEvent(), 'action'))).field).toBe(`${ev0}/action`);
  });

  it('TransformationEvent with an action', () => {
    const t = {
      type: 'TransformationEvent',
      eventTime: '2013-10-31T14:58:56.591Z',
      eventTimeZoneOffset: '+02:00',
      inputEPCList: ['urn:epc:id:sgtin:4012345.011122.25'],
      outputEPCList: ['urn:epc:id:sgtin:4012345.077889.25'],
    };
    expect(check(docOf(t))).toEqual([]);
    expect(only(docOf({ ...t, action: 'ADD' }))).toEqual({
      eventIndex: 0,
      field: `${ev0}/action`,
      message: 'a TransformationEvent has no action',
    });
    expect(only(docOf(without(t, 'outputEPCList'))).field).toBe(`${ev0}/outputEPCList`);
    expect(check(docOf({ ...without(t, 'outputEPCList'), transformationID: 'urn:epc:id:gdti:0614141.12345.400' }))).toEqual([]);
  });

  it('AggregationEvent without parentID: required for ADD and DELETE, optional for OBSERVE', () => {
    const agg = {
      type: 'AggregationEvent',
      eventTime: '2013-06-08T14:58:56.591Z',
      eventTimeZoneOffset: '+02:00',
      action: 'ADD',
      childEPCs: ['urn:epc:id:sgtin:0614141.107346.2017'],
    };
    expect(only(docOf(agg))).toEqual({
      eventIndex: 0,
      field: `${ev0}/parentID`,
      message: 'parentID is required when action is ADD or DELETE',
    });
    expect(only(docOf({ ...agg, action: 'DELETE' })).field).toBe(`${ev0}/parentID`);
    expect(check(docOf({ ...agg, action: 'OBSERVE' }))).toEqual([]);
    expect(check(docOf({ ...agg, parentID: 'urn:epc:id:sscc:0614141.1234567890' }))).toEqual([]);
    expect(only(docOf({ ...agg, parentID: 'urn:epc:id:sscc:0614141.1234567890', childEPCs: [] })).field).toBe(`${ev0}/childEPCs`);
    // persistentDisposition is only for ObjectEvent and TransformationEvent.
    expect(only(docOf({ ...agg, action: 'OBSERVE', persistentDisposition: { set: ['damaged'] } })).field).toBe(
      `${ev0}/persistentDisposition`,
    );
  });

  it('epcList item that is not a URI, and duplicates', () => {
    expect(only(docOf(objectEvent({ epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'abc'] })))).toEqual({
      eventIndex: 0,
      field: `${ev0}/epcList/1`,
      message: '"abc" is not a URI',
    });
    expect(only(docOf(objectEvent({ epcList: ['urn:x:1', 'urn:x:1'] }))).field).toBe(`${ev0}/epcList/1`);
  });

  it('bad GRAI: wrong partition in a URN, bad check digit in a Digital Link', () => {
    expect(only(docOf(objectEvent({ epcList: ['urn:epc:id:grai:0614141.1234.5678'] })))).toEqual({
      eventIndex: 0,
      field: `${ev0}/epcList/0`,
      message: '"urn:epc:id:grai:0614141.1234.5678": grai reference "1234" must be 5 digits with a 7-digit company prefix',
    });
    expect(only(docOf(objectEvent({ epcList: ['https://id.gs1.org/8003/006141411234535678'] })))).toEqual({
      eventIndex: 0,
      field: `${ev0}/epcList/0`,
      message: 'GRAI "0614141123453" has a bad check digit (expected 2)',
    });
    expect(only(docOf(objectEvent({ readPoint: { id: 'urn:epc:id:sgln:0614141.0734.1234' } }))).field).toBe(
      `${ev0}/readPoint/id`,
    );
  });

  it('unknown bizStep that is not a URI, and unknown CBV terms', () => {
    expect(only(docOf(objectEvent({ bizStep: 'cleaning' })))).toEqual({
      eventIndex: 0,
      field: `${ev0}/bizStep`,
      message: '"cleaning" is neither a CBV bizStep nor a URI',
    });
    expect(only(docOf(objectEvent({ bizStep: 'urn:epcglobal:cbv:bizstep:cleaning' }))).message).toContain(
      '"cleaning" is not a CBV bizStep',
    );
    expect(only(docOf(objectEvent({ disposition: 'lost' }))).field).toBe(`${ev0}/disposition`);
    expect(check(docOf(objectEvent({ bizStep: 'https://example.com/bizstep/cleaning' })))).toEqual([]);
  });

  it('eventTimeZoneOffset +8:00', () => {
    expect(only(docOf(objectEvent({ eventTimeZoneOffset: '+8:00' })))).toEqual({
      eventIndex: 0,
      field: `${ev0}/eventTimeZoneOffset`,
      message: '"+8:00" is not a time zone offset ±hh:mm (-14:00 to +14:00)',
    });
    expect(check(docOf(objectEvent({ eventTimeZoneOffset: '+14:00' })))).toEqual([]);
    expect(only(docOf(objectEvent({ eventTimeZoneOffset: '+14:30' }))).field).toBe(`${ev0}/eventTimeZoneOffset`);
  });

  it('eventTime without an offset or not a date', () => {
    expect(only(docOf(objectEvent({ eventTime: '2005-04-03T20:33:31' }))).field).toBe(`${ev0}/eventTime`);
    expect(only(docOf(objectEvent({ eventTime: '2005-02-30T20:33:31Z' }))).field).toBe(`${ev0}/eventTime`);
  });

  it('quantity that is not a number, bad uom, extra property', () => {
    const q = (e: Doc) => objectEvent({ epcList: undefined, quantityList: [e] });
    expect(only(docOf(q({ epcClass: 'urn:epc:class:lgtin:4012345.012345.998877', quantity: '200' })))).toEqual({
      eventIndex: 0,
      field: `${ev0}/quantityList/0/quantity`,
      message: 'must be a number, got "200"',
    });
    expect(only(docOf(q({ epcClass: 'urn:epc:class:lgtin:4012345.012345.998877', uom: 'kg' }))).field).toBe(
      `${ev0}/quantityList/0/uom`,
    );
    expect(only(docOf(q({ epcClass: 'urn:epc:class:lgtin:4012345.012345.998877', 'example:x': 1 }))).field).toBe(
      `${ev0}/quantityList/0/example:x`,
    );
    expect(only(docOf(q({ quantity: 1 }))).field).toBe(`${ev0}/quantityList/0/epcClass`);
  });

  it('persistentDisposition that is not arrays', () => {
    expect(only(docOf(objectEvent({ persistentDisposition: { set: 'damaged' } })))).toEqual({
      eventIndex: 0,
      field: `${ev0}/persistentDisposition/set`,
      message: 'must be an array, got "damaged"',
    });
    expect(only(docOf(objectEvent({ persistentDisposition: {} }))).field).toBe(`${ev0}/persistentDisposition/set`);
    expect(only(docOf(objectEvent({ persistentDisposition: { unset: [] } }))).field).toBe(`${ev0}/persistentDisposition/unset`);
    expect(only(docOf(objectEvent({ persistentDisposition: { set: ['lost'] } }))).field).toBe(
      `${ev0}/persistentDisposition/set/0`,
    );
  });

  it('non-namespaced unknown fields; namespaced extensions pass anywhere the schema allows them', () => {
    expect(only(docOf(objectEvent({ bizstep: 'shipping' })))).toEqual({
      eventIndex: 0,
      field: `${ev0}/bizstep`,
      message: '"bizstep" is not a field of ObjectEvent (extension fields need a namespace prefix, e.g. "example:bizstep")',
    });
    const ext = objectEvent({
      'example:myField': { 'example:nested': [1, 2] },
      'http://ns.example.com/epcis/full': true,
      readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234', 'example:more': 'x' },
      errorDeclaration: { declarationTime: '2020-01-01T00:00:00Z', reason: 'incorrect_data', 'example:why': 'typo' },
    });
    expect(check(docOf(ext))).toEqual([]);
    expect(only(docOf(objectEvent({ 'a/b~c': 1 }))).field).toBe(`${ev0}/a~1b~0c`);
  });

  it('the other shapes: sensors, bizTransactions, sources, errorDeclaration, ilmd', () => {
    const sensor = (report: Doc) => objectEvent({ sensorElementList: [{ sensorReport: [report] }] });
    expect(check(docOf(sensor({ type: 'Temperature', value: 26, uom: 'CEL' })))).toEqual([]);
    expect(only(docOf(sensor({ value: 26 }))).field).toBe(`${ev0}/sensorElementList/0/sensorReport/0/type`);
    expect(only(docOf(sensor({ type: 'Temperature', value: '26' }))).field).toBe(
      `${ev0}/sensorElementList/0/sensorReport/0/value`,
    );
    expect(only(docOf(sensor({ type: 'https://gs1.org/voc/Temperature' }))).field).toBe(
      `${ev0}/sensorElementList/0/sensorReport/0/type`,
    );
    expect(only(docOf(sensor({ type: 'Temperature', hexBinaryValue: 'xyz' }))).field).toBe(
      `${ev0}/sensorElementList/0/sensorReport/0/hexBinaryValue`,
    );
    expect(only(docOf(objectEvent({ sensorElementList: [{ sensorReport: [] }] }))).field).toBe(
      `${ev0}/sensorElementList/0/sensorReport`,
    );
    expect(only(docOf(objectEvent({ bizTransactionList: [{ type: 'po' }] }))).field).toBe(
      `${ev0}/bizTransactionList/0/bizTransaction`,
    );
    expect(only(docOf(objectEvent({ bizTransactionList: [{ type: 'order', bizTransaction: 'urn:x:1' }] }))).field).toBe(
      `${ev0}/bizTransactionList/0/type`,
    );
    expect(only(docOf(objectEvent({ sourceList: [{ source: 'urn:x:1' }] }))).field).toBe(`${ev0}/sourceList/0/type`);
    expect(only(docOf(objectEvent({ destinationList: [{ type: 'location', destination: 'x' }] }))).field).toBe(
      `${ev0}/destinationList/0/destination`,
    );
    expect(only(docOf(objectEvent({ errorDeclaration: { reason: 'did_not_occur' } }))).field).toBe(
      `${ev0}/errorDeclaration/declarationTime`,
    );
    expect(only(docOf(objectEvent({ ilmd: { 'example:bestBefore': '2030-01-01' } }))).field).toBe(`${ev0}/ilmd`);
    expect(check(docOf(objectEvent({ action: 'ADD', ilmd: { 'example:bestBefore': '2030-01-01' } })))).toEqual([]);
    expect(only(docOf(objectEvent({ action: 'ADD', ilmd: { bestBefore: '2030-01-01' } }))).field).toBe(`${ev0}/ilmd/bestBefore`);
    expect(only(docOf(objectEvent({ epcList: undefined }))).field).toBe(`${ev0}/epcList`);
  });

  it('not an object, unknown event type', () => {
    expect(only(docOf(42))).toEqual({ eventIndex: 0, field: ev0, message: 'an event must be an object, got 42' });
    expect(only(docOf(objectEvent({ type: 'QuantityEvent' }))).field).toBe(`${ev0}/type`);
  });
});

describe('parseEvent options', () => {
  it('points into a query document', () => {
    const doc = {
      '@context': CONTEXT,
      type: 'EPCISQueryDocument',
      schemaVersion: '2.0',
      epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: [objectEvent({ action: 'X' })] } } },
    };
    expect(check(doc).map((e) => e.field)).toEqual(['/epcisBody/queryResults/resultsBody/eventList/0/action']);
  });

  it('a standalone event (POST /events) needs @context and is pointed at from the root', () => {
    expect(parseEvent(objectEvent({ '@context': CONTEXT }), 0, { standalone: true }).errors).toEqual([]);
    expect(parseEvent(objectEvent({ action: 'X' }), 0, { standalone: true }).errors.map((e) => e.field)).toEqual([
      '/action',
      '/@context',
    ]);
  });

  it('builds eventTimeUtc, bare CBV terms and refs without duplicates', () => {
    const r = parseEvent(
      objectEvent({
        eventTime: '2005-04-03T20:33:31.116000-06:00',
        bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
        disposition: 'https://ref.gs1.org/cbv/Disp-in_transit',
        epcList: [
          'urn:epc:id:sgtin:0614141.107346.2017',
          'https://example.com/01/10614141073464/21/2017?x=1',
          'urn:epc:id:sgtin:0614141.107346.2018',
        ],
        eventID: 'urn:uuid:fd338495-0e6d-41dd-afee-a862ecd32518',
      }),
      0,
    );
    expect(r.errors).toEqual([]);
    expect(r.event?.eventTimeUtc).toBe('2005-04-04T02:33:31.116Z');
    expect([r.event?.bizStep, r.event?.disposition, r.event?.eventId]).toEqual([
      'shipping',
      'in_transit',
      'urn:uuid:fd338495-0e6d-41dd-afee-a862ecd32518',
    ]);
    expect(r.event?.errorDeclared).toBe(false);
    expect(r.event?.refs).toEqual([
      { role: 'epc', value: 'https://id.gs1.org/01/10614141073464/21/2017' },
      { role: 'class', value: 'https://id.gs1.org/01/10614141073464', of: 'epc' },
      { role: 'epc', value: 'https://id.gs1.org/01/10614141073464/21/2018' },
    ]);
  });
});

describe('parseDocument', () => {
  it('checks the envelope', () => {
    expect(parseDocument([]).errors).toEqual([{ field: '', message: 'an EPCIS document must be a JSON object, got an array' }]);
    expect(parseDocument({ ...docOf(), type: 'EPCISDoc' }).errors.map((e) => e.field)).toEqual(['/type']);
    expect(parseDocument(without(docOf(), '@context')).errors.map((e) => e.field)).toEqual(['/@context']);
    expect(parseDocument({ ...docOf(), schemaVersion: '1.2' }).errors).toEqual([
      { field: '/schemaVersion', message: 'schemaVersion "1.2" is not supported (this repository implements EPCIS 2.0)' },
    ]);
    expect(parseDocument({ ...docOf(), schemaVersion: '2.0.0' }).errors).toEqual([]);
    expect(parseDocument({ ...docOf(), creationDate: 'yesterday' }).errors.map((e) => e.field)).toEqual(['/creationDate']);
    expect(parseDocument({ ...docOf(), epcisBody: {} }).errors).toEqual([
      { field: '/epcisBody/eventList', message: 'eventList is required' },
    ]);
    expect(parseDocument({ ...docOf(), epcisBody: { eventList: {} } }).errors.map((e) => e.field)).toEqual([
      '/epcisBody/eventList',
    ]);
    expect(parseDocument({ ...docOf(), comment: 'x', 'example:note': 'y' }).errors.map((e) => e.field)).toEqual(['/comment']);
    expect(
      parseDocument({
        ...docOf(),
        epcisHeader: {
          epcisMasterData: {
            vocabularyList: [{ type: 'urn:epcglobal:epcis:vtype:BusinessLocation', vocabularyElementList: [{ id: 'x' }] }],
          },
        },
      }).errors.map((e) => e.field),
    ).toEqual(['/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/id']);
    const q = {
      '@context': CONTEXT,
      type: 'EPCISQueryDocument',
      epcisBody: { queryResults: { resultsBody: { eventList: [] } } },
    };
    expect(parseDocument(q).errors.map((e) => e.field)).toEqual(['/epcisBody/queryResults/queryName']);
  });
});

describe('parseDateTime', () => {
  it('reads RFC 3339 date-times with an offset as ajv-formats does', () => {
    expect(parseDateTime('2005-04-03T20:33:31.116-06:00')).toBe(Date.parse('2005-04-04T02:33:31.116Z'));
    expect(parseDateTime('2005-04-03t20:33:31.1169+0600')).toBe(Date.parse('2005-04-03T14:33:31.116Z'));
    expect(parseDateTime('2005-04-03 20:33:31Z')).toBe(Date.parse('2005-04-03T20:33:31Z'));
    expect(parseDateTime('2005-04-03T20:33:31+01')).toBe(Date.parse('2005-04-03T19:33:31Z'));
    expect(parseDateTime('2016-12-31T23:59:60Z')).toBe(Date.parse('2017-01-01T00:00:00Z'));
    expect(parseDateTime('2024-02-29T00:00:00Z')).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(new Date(parseDateTime('0050-01-01T00:00:00Z') as number).toISOString()).toBe('0050-01-01T00:00:00.000Z');
    for (const bad of [
      '2005-04-03T20:33:31',
      '2005-04-03',
      '2023-02-29T00:00:00Z',
      '2005-13-01T00:00:00Z',
      '2005-04-03T24:00:00Z',
      '2005-04-03T20:33:60Z',
      '2005-04-03T20:33:31+24:00',
    ]) {
      expect(parseDateTime(bad), bad).toBeUndefined();
    }
  });
});

describe('CBV vocabularies', () => {
  it('has the 41 bizSteps and 33 dispositions of CBV 2.0', () => {
    expect(BIZ_STEPS).toHaveLength(41);
    expect(new Set(BIZ_STEPS).size).toBe(41);
    expect(DISPOSITIONS).toHaveLength(33);
  });

  it('maps every spelling of a standard value to its term, keeps custom URIs, refuses the rest', () => {
    for (const v of [
      'shipping',
      'urn:epcglobal:cbv:bizstep:shipping',
      'https://ref.gs1.org/cbv/BizStep-shipping',
      'http://ref.gs1.org/cbv/BizStep-shipping',
      'cbv:BizStep-shipping',
    ]) {
      expect(cbvTerm('bizStep', v), v).toBe('shipping');
    }
    expect(cbvTerm('disposition', 'urn:epcglobal:cbv:disp:needs_replacement')).toBe('needs_replacement');
    expect(cbvTerm('bizTransactionType', 'https://ref.gs1.org/cbv/BTT-desadv')).toBe('desadv');
    expect(cbvTerm('sourceDestType', 'urn:epcglobal:cbv:sdt:owning_party')).toBe('owning_party');
    expect(cbvTerm('errorReason', 'https://ref.gs1.org/cbv/ER-did_not_occur')).toBe('did_not_occur');
    expect(cbvTerm('bizStep', 'https://greenlink.example/bizstep/cleaning')).toBe('https://greenlink.example/bizstep/cleaning');
    expect(resolveCbv('bizStep', 'Shipping')).toEqual({ error: '"Shipping" is neither a CBV bizStep nor a URI' });
    expect(resolveCbv('bizStep', 'urn:epcglobal:cbv:disp:in_transit')).toEqual({
      error: '"urn:epcglobal:cbv:disp:in_transit" is not a CBV bizStep URN (urn:epcglobal:cbv:bizstep:…)',
    });
    expect(() => cbvTerm('disposition', 'https://ref.gs1.org/cbv/Disp-lost')).toThrow(AppError);
    expect(cbvUri('bizStep', 'shipping')).toBe('https://ref.gs1.org/cbv/BizStep-shipping');
    expect(cbvUri('disposition', 'in_transit', 'urn')).toBe('urn:epcglobal:cbv:disp:in_transit');
    expect(cbvUri('bizStep', 'https://greenlink.example/bizstep/cleaning')).toBe('https://greenlink.example/bizstep/cleaning');
  });
});
