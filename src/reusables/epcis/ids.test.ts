import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/index.js';
import { digitalLinkToUrn, type EpcIdentity, formatPureUrn, urnToDigitalLink } from '../epc/index.js';
import { TDS_VECTORS } from '../epc/test-vectors.js';
import { classOf, normalizeId, translateEvent } from './ids.js';
import type { CompanyPrefixLookup } from './model.js';
import { parseDocument, parseEvent } from './validate.js';

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

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

/** A lookup that knows these company prefixes (like the store's, built from captured URNs). */
const knownPrefixes =
  (...gcps: string[]): CompanyPrefixLookup =>
  (digits) => {
    for (let len = 12; len >= 6; len--) if (gcps.includes(digits.slice(0, len))) return len;
    return undefined;
  };

const eventsOf = (doc: Doc): Doc[] => {
  const body = doc.epcisBody as Doc;
  const list = body.eventList ?? ((body.queryResults as Doc).resultsBody as Doc).eventList;
  return list as Doc[];
};

describe('normalizeId: EPC URN → canonical Digital Link', () => {
  for (const v of TDS_VECTORS) {
    it(`${v.urn} ↔ ${v.digitalLink}`, () => {
      expect(normalizeId(v.urn)).toBe(v.digitalLink);
      expect(normalizeId(v.digitalLink)).toBe(v.digitalLink);
      const back = translateEvent({ epcList: [v.digitalLink] }, 'Always_EPC_URN', () => 7);
      expect(back.epcList).toEqual([v.urn]);
      expect(back.epcList).toEqual([digitalLinkToUrn(v.digitalLink, { companyPrefixLength: 7 })]);
    });
  }

  it('converts the class-level and party forms', () => {
    const cases: Array<[string, string]> = [
      ['urn:epc:class:lgtin:4012345.012345.998877', 'https://id.gs1.org/01/04012345123456/10/998877'],
      ['urn:epc:class:lgtin:4023333.002000.2019-10-07', 'https://id.gs1.org/01/04023333020008/10/2019-10-07'],
      ['urn:epc:class:lgtin:0614141.712345.32a%2Fb', 'https://id.gs1.org/01/70614141123451/10/32a%2Fb'],
      ['urn:epc:idpat:sgtin:4012345.066666.*', 'https://id.gs1.org/01/04012345666663'],
      ['urn:epc:idpat:grai:0614141.12345.*', 'https://id.gs1.org/8003/00614141123452'],
      ['urn:epc:idpat:grai:012345678901..*', 'https://id.gs1.org/8003/00123456789012'],
      ['urn:epc:id:pgln:4012345.00225', 'https://id.gs1.org/417/4012345002256'],
      ['urn:epc:id:sgln:0614141.00777.0', 'https://id.gs1.org/414/0614141007776'],
      ['urn:epc:id:sgln:952005385.011.scA', 'https://id.gs1.org/414/9520053850113/254/scA'],
      ['urn:epc:id:sgtin:0614141.812345.a!b', 'https://id.gs1.org/01/80614141123458/21/a%21b'],
    ];
    for (const [urn, dl] of cases) {
      expect(normalizeId(urn), urn).toBe(dl);
      expect(normalizeId(dl), dl).toBe(dl);
    }
  });

  it('keeps wide patterns, other EPC schemes and non-GS1 URIs as given', () => {
    for (const uri of [
      'urn:epc:idpat:sgtin:0614141.*.*',
      'urn:epc:idpat:sgtin:0614141.112345.400',
      'urn:epc:idpat:sscc:0614141.*',
      'urn:epc:id:gsrn:95252084.000000001',
      'urn:epc:id:gdti:0614141.12345.400',
      'urn:epc:class:lgtin2:4012345.012345.1',
      'urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8',
      'ni:///sha-256;00e1e6eba3a7cc6125be4793a631f0af50f8322e0ab5f2c0bab994a11cec1d79?ver=CBV2.0',
      'geo:42.698334,23.319941',
      'http://epcis.example.org/hc/bizstep/summarising_discharge',
      'https://example.com/2024/01/15/report',
      'https://id.gs1.org/8018/952520840000000018',
      'example:thing',
    ]) {
      expect(normalizeId(uri), uri).toBe(uri);
    }
  });
});

describe('normalizeId: Digital Links from any domain', () => {
  it('moves them to id.gs1.org with the primary key and identity qualifier only', () => {
    const cases: Array<[string, string]> = [
      ['https://example.com/01/9506000134352/21/12345?17=260101&10=ABC#frag', 'https://id.gs1.org/01/09506000134352/21/12345'],
      ['http://example.com/some/prefix/01/09506000134352/21/12345/', 'https://id.gs1.org/01/09506000134352/21/12345'],
      ['https://id.example.com/8003/040123450007718765', 'https://id.gs1.org/8003/040123450007718765'],
      ['https://id.example.com/414/4012345000054', 'https://id.gs1.org/414/4012345000054'],
      ['https://example.com/414/4012345000054/254/0', 'https://id.gs1.org/414/4012345000054'],
      ['https://example.com/01/70614141123451/10/LOT1/21/S%2f1', 'https://id.gs1.org/01/70614141123451/21/S%2F1'],
      ['https://example.com/01/70614141123451/10/LOT!', 'https://id.gs1.org/01/70614141123451/10/LOT%21'],
      ['https://example.com/01/70614141123451/22/V1/10/L1', 'https://id.gs1.org/01/70614141123451/22/V1/10/L1'],
      ['https://example.com/01/70614141123451', 'https://id.gs1.org/01/70614141123451'],
      ['https://example.com/00/106141412345678908?x=1', 'https://id.gs1.org/00/106141412345678908'],
      ['https://example.com/8004/0614141ABC%2F1', 'https://id.gs1.org/8004/0614141ABC%2F1'],
      ['https://example.com/417/4012345002256', 'https://id.gs1.org/417/4012345002256'],
      ['https://example.com/01/12345670', 'https://id.gs1.org/01/00000012345670'],
    ];
    for (const [dl, want] of cases) expect(normalizeId(dl), dl).toBe(want);
  });

  it('throws on a bad check digit on any domain, and on a malformed key on id.gs1.org', () => {
    expect(errorOf(() => normalizeId('https://example.com/01/09506000134353/21/1')).message).toBe(
      'GTIN "09506000134353" has a bad check digit (expected 2)',
    );
    expect(errorOf(() => normalizeId('https://id.gs1.org/8003/040123450007728765')).message).toContain('bad check digit');
    expect(errorOf(() => normalizeId('https://id.gs1.org/01/123/21/1')).message).toBe(
      '"https://id.gs1.org/01/123/21/1" is not a valid GS1 Digital Link: GTIN "123" must be 8, 12, 13 or 14 digits',
    );
    expect(errorOf(() => normalizeId('https://id.gs1.org/01/09506000134352/21/1/10/L')).message).toContain('out of order');
    expect(errorOf(() => normalizeId('https://id.gs1.org/01/09506000134352/17/260101')).message).toContain(
      'AI 17 after /01/ is not an identity qualifier',
    );
    // Elsewhere a path that only looks like a key stays as given.
    expect(normalizeId('https://example.com/01/123/21/1')).toBe('https://example.com/01/123/21/1');
  });
});

describe('normalizeId: invalid GS1 URNs', () => {
  it('names the problem', () => {
    expect(errorOf(() => normalizeId('urn:epc:id:grai:0614141.1234.5678')).message).toBe(
      '"urn:epc:id:grai:0614141.1234.5678": grai reference "1234" must be 5 digits with a 7-digit company prefix',
    );
    expect(errorOf(() => normalizeId('urn:epc:id:sgtin:0614141.812345')).message).toContain('needs 3 dot-separated parts');
    expect(errorOf(() => normalizeId('urn:epc:id:sscc:0614141.123456789')).message).toContain('must be 10 digits');
    expect(errorOf(() => normalizeId('urn:epc:id:sgtin:0614141.812345.a/b')).message).toContain('must percent-escape "/"');
    expect(errorOf(() => normalizeId('urn:epc:class:lgtin:4012345.01234.1')).message).toBe(
      'LGTIN "urn:epc:class:lgtin:4012345.01234.1": reference "01234" must be 6 digits with a 7-digit company prefix',
    );
    expect(errorOf(() => normalizeId('urn:epc:class:lgtin:4012345.012345.')).message).toContain('lot must be 1 to 20');
    expect(errorOf(() => normalizeId('urn:epc:idpat:grai:0614141.1234.*')).message).toContain('must be 5 digits');
    expect(errorOf(() => normalizeId('urn:epc:id:pgln:4012345.0022')).message).toContain('must be 5 digits');
    expect(errorOf(() => normalizeId('abc')).message).toBe('"abc" is not a URI');
    expect(errorOf(() => normalizeId('urn:epc:id:sgtin:0614141.812345.6789 ')).message).toContain('is not a URI');
  });
});

describe('normalizeId agrees with the EPC codec', () => {
  const SET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
  const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const chars = (min: number, max: number) =>
    fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789abcXYZ-._'), minLength: min, maxLength: max }),
      fc.string({ unit: fc.constantFrom(...SET82), minLength: min, maxLength: max }),
    );
  const identity: fc.Arbitrary<EpcIdentity> = fc.integer({ min: 6, max: 12 }).chain((L) =>
    fc.oneof(
      fc
        .tuple(digits(L), digits(13 - L), chars(1, 20))
        .map(([g, r, s]) => ({ kind: 'sgtin', companyPrefix: g, reference: r, serial: s })),
      fc.tuple(digits(L), digits(17 - L)).map(([g, r]) => ({ kind: 'sscc', companyPrefix: g, reference: r })),
      fc.tuple(digits(L), digits(12 - L), fc.oneof(fc.constant('0'), chars(1, 20))).map(([g, r, s]) => ({
        kind: 'sgln',
        companyPrefix: g,
        reference: r,
        serial: s,
      })),
      fc
        .tuple(digits(L), digits(12 - L), chars(1, 16))
        .map(([g, r, s]) => ({ kind: 'grai', companyPrefix: g, reference: r, serial: s })),
      fc.tuple(digits(L), chars(1, 30 - L)).map(([g, r]) => ({ kind: 'giai', companyPrefix: g, reference: r })),
    ),
  ) as fc.Arbitrary<EpcIdentity>;

  it('URN → DL equals urnToDigitalLink, the DL is a fixed point, and DL → URN gives the URN back', () => {
    fc.assert(
      fc.property(identity, (id) => {
        const urn = formatPureUrn(id);
        const dl = normalizeId(urn);
        expect(dl).toBe(urnToDigitalLink(urn));
        expect(normalizeId(dl)).toBe(dl);
        const back = translateEvent({ parentID: dl }, 'Always_EPC_URN', () => id.companyPrefix.length);
        expect(back.parentID).toBe(urn);
      }),
      { numRuns: 400 },
    );
  });
});

describe('classOf', () => {
  it('gives the class of SGTIN and GRAI instances only', () => {
    expect(classOf('https://id.gs1.org/01/10614141073464/21/2018')).toBe('https://id.gs1.org/01/10614141073464');
    expect(classOf('https://id.gs1.org/8003/006141411234525678')).toBe('https://id.gs1.org/8003/00614141123452');
    expect(classOf('https://id.gs1.org/8003/0061414112345232a%2Fb')).toBe('https://id.gs1.org/8003/00614141123452');
    expect(classOf(normalizeId('urn:epc:id:grai:012345678901..5678'))).toBe('https://id.gs1.org/8003/00123456789012');
    for (const id of [
      'https://id.gs1.org/8003/00614141123452',
      'https://id.gs1.org/01/04012345123456/10/998877',
      'https://id.gs1.org/01/04012345666663',
      'https://id.gs1.org/00/106141412345678908',
      'https://id.gs1.org/414/0614141123452/254/5678',
      'https://id.gs1.org/8004/06141415678',
      'urn:epc:id:gsrn:95252084.000000001',
    ]) {
      expect(classOf(id), id).toBeUndefined();
    }
  });
});

describe('translateEvent', () => {
  const urnEvent = (): Doc => ({
    type: 'ObjectEvent',
    action: 'OBSERVE',
    epcList: [
      'urn:epc:id:sgtin:0614141.107346.2017',
      'urn:epc:id:grai:0614141.12345.32a%2Fb',
      'urn:epc:id:gsrn:95252084.000000001',
    ],
    parentID: 'urn:epc:id:sscc:0614141.1234567890',
    quantityList: [
      { epcClass: 'urn:epc:class:lgtin:4012345.012345.998877', quantity: 200, uom: 'KGM' },
      { epcClass: 'urn:epc:idpat:sgtin:4012345.066666.*', quantity: 5 },
    ],
    readPoint: { id: 'urn:epc:id:sgln:0614141.00777.0', 'example:x': 1 },
    bizLocation: { id: 'geo:42.698334,23.319941' },
    sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:4012345.00225' }],
    destinationList: [{ type: 'location', destination: 'urn:epc:id:sgln:4012345.00001.0' }],
    bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epc:id:gdti:0614141.00001.1618034' }],
    'example:myField': 'urn:epc:id:sgtin:0614141.107346.2017',
  });
  const dlEvent = (): Doc => ({
    type: 'ObjectEvent',
    action: 'OBSERVE',
    epcList: [
      'https://id.gs1.org/01/10614141073464/21/2017',
      'https://id.gs1.org/8003/0061414112345232a%2Fb',
      'urn:epc:id:gsrn:95252084.000000001',
    ],
    parentID: 'https://id.gs1.org/00/106141412345678908',
    quantityList: [
      { epcClass: 'https://id.gs1.org/01/04012345123456/10/998877', quantity: 200, uom: 'KGM' },
      { epcClass: 'https://id.gs1.org/01/04012345666663', quantity: 5 },
    ],
    readPoint: { id: 'https://id.gs1.org/414/0614141007776', 'example:x': 1 },
    bizLocation: { id: 'geo:42.698334,23.319941' },
    sourceList: [{ type: 'owning_party', source: 'https://id.gs1.org/417/4012345002256' }],
    destinationList: [{ type: 'location', destination: 'https://id.gs1.org/414/4012345000016' }],
    bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epc:id:gdti:0614141.00001.1618034' }],
    'example:myField': 'urn:epc:id:sgtin:0614141.107346.2017',
  });
  const deepFreeze = <T>(o: T): T => {
    if (typeof o === 'object' && o !== null) {
      for (const v of Object.values(o)) deepFreeze(v);
      Object.freeze(o);
    }
    return o;
  };

  it('Always_GS1_Digital_Link converts every URN that has a Digital Link, and nothing else', () => {
    const src = deepFreeze(urnEvent());
    expect(translateEvent(src, 'Always_GS1_Digital_Link', () => undefined)).toEqual(dlEvent());
    expect(src).toEqual(urnEvent());
  });

  it('Always_EPC_URN converts every Digital Link whose company prefix length is known', () => {
    const src = deepFreeze(dlEvent());
    const asked: string[] = [];
    const lookup: CompanyPrefixLookup = (digits) => {
      asked.push(digits);
      return knownPrefixes('0614141', '4012345')(digits);
    };
    expect(translateEvent(src, 'Always_EPC_URN', lookup)).toEqual(urnEvent());
    expect(src).toEqual(dlEvent());
    // The lookup sees the key from where the company prefix starts.
    expect(asked).toEqual([
      '0614141073464',
      '0614141123452',
      '06141412345678908',
      '4012345123456',
      '4012345666663',
      '0614141007776',
      '4012345002256',
      '4012345000016',
    ]);
  });

  it('leaves a Digital Link whose company prefix is unknown, or that has no URN', () => {
    const ev = { epcList: ['https://id.gs1.org/01/10614141073464/21/2017', 'https://example.com/01/10614141073464/21/2017?x=1'] };
    expect(translateEvent(ev, 'Always_EPC_URN', () => undefined)).toEqual(ev);
    expect(translateEvent(ev, 'Always_EPC_URN', () => 13).epcList).toEqual(ev.epcList);
    expect(translateEvent(ev, 'Always_EPC_URN', () => 7).epcList).toEqual([
      'urn:epc:id:sgtin:0614141.107346.2017',
      'urn:epc:id:sgtin:0614141.107346.2017',
    ]);
    const cpv = { quantityList: [{ epcClass: 'https://id.gs1.org/01/70614141123451/22/V1/10/L1' }] };
    expect(translateEvent(cpv, 'Always_EPC_URN', () => 7)).toEqual(cpv);
  });

  it('Never_Translates and No_Preference answer the event as captured', () => {
    const ev = urnEvent();
    expect(translateEvent(ev, 'Never_Translates', () => 7)).toBe(ev);
    expect(translateEvent(ev, 'No_Preference', () => 7)).toBe(ev);
  });
});

describe.skipIf(!HAVE_EXAMPLES)('translating the official examples', () => {
  const validate = HAVE_EXAMPLES ? officialValidator() : () => false;
  const URN_GCP = /urn:epc:(?:id|idpat|class):[a-z]+:([0-9]{6,12})\./g;

  it('every document translated to Digital Links still validates against the official schema, with the same index refs', () => {
    for (const f of exampleFiles()) {
      const doc = readExample(f);
      const events = eventsOf(doc);
      const translated = events.map((e) => translateEvent(e, 'Always_GS1_Digital_Link', () => undefined));
      const body = doc.epcisBody as Doc;
      const tdoc: Doc = body.eventList
        ? { ...doc, epcisBody: { ...body, eventList: translated } }
        : {
            ...doc,
            epcisBody: { queryResults: { ...(body.queryResults as Doc), resultsBody: { eventList: translated } } },
          };
      expect(validate(tdoc), f).toBe(true);
      const parsed = parseDocument(tdoc);
      expect(parsed.errors, f).toEqual([]);
      translated.forEach((e, i) => {
        const a = parseEvent(e, i);
        const b = parseEvent(events[i], i);
        expect(a.errors, f).toEqual([]);
        expect(a.event?.refs, f).toEqual(b.event?.refs);
        expect(a.event?.readPoint, f).toEqual(b.event?.readPoint);
      });
    }
  });

  it('URN → Digital Link → URN gives the captured URNs back', () => {
    for (const f of exampleFiles()) {
      const text = readFileSync(join(DIR, 'JSON', f), 'utf8');
      const lookup = knownPrefixes(...[...text.matchAll(URN_GCP)].map((m) => m[1] as string));
      for (const e of eventsOf(JSON.parse(text) as Doc)) {
        const dl = translateEvent(e, 'Always_GS1_Digital_Link', lookup);
        const back = translateEvent(dl, 'Always_EPC_URN', lookup);
        for (const field of ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList', 'parentID', 'readPoint', 'sourceList']) {
          const orig = JSON.stringify(e[field]);
          if (orig?.includes('urn:epc:') && !orig.includes('https://')) expect(back[field], `${f} ${field}`).toEqual(e[field]);
        }
      }
    }
  });
});
