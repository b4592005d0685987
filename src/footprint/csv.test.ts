import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { computeShipment } from './chain.js';
import { checkCsvRun, parseCsvPlain } from './check.test-support.js';
import { csvLineOf, EMPTY, footprintCsvText, parseNumber, readShipmentsCsv, runFootprintCsv } from './csv.js';
import { testResolver } from './fixtures.test-support.js';
import { CSV_HEADER, GEN_HOCS, GEN_TOCS, randomCsvChunks, seeded } from './generate.test-support.js';

const opts = { resolver: testResolver, tocs: GEN_TOCS, hocs: GEN_HOCS };

const rowsOf = (output: string) => {
  const [head, ...rows] = parseCsvPlain(output).filter((r) => r.length > 1);
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
};

describe('runFootprintCsv', () => {
  it('should write one row per shipment matching computeShipment', async () => {
    const csv = `${CSV_HEADER}S1,1200,leg,desnz-2026:hgv-refrigerated-articulated,,250,actual,,,,
S1,,hub,,hub-sh,,,,,,
S1,,leg,own-ev-van,,,,31.23,121.47,30.27,120.15
S2,230,leg,desnz-2026:hgv-average,,700,SFD,,,,
`;
    const { output, summary } = await footprintCsvText(csv, opts);
    expect(summary).toMatchObject({ lines: 5, shipments: 2, elements: 4, errorCount: 0 });
    const [s1, s2] = rowsOf(output);
    const want = computeShipment(
      {
        id: 'S1',
        massKg: 1200,
        chain: [
          { type: 'leg', toc: 'desnz-2026:hgv-refrigerated-articulated', distanceKm: 250, distanceType: 'actual' },
          { type: 'hub', hoc: GEN_HOCS['hub-sh'] },
          {
            type: 'leg',
            toc: GEN_TOCS['own-ev-van'],
            origin: { lat: 31.23, lon: 121.47 },
            destination: { lat: 30.27, lon: 120.15 },
          },
        ],
      },
      testResolver,
    );
    expect(Number(s1.co2e_wtw_kg)).toBeCloseTo(want.co2eWtwKg, 6);
    expect(Number(s1.co2e_ttw_kg)).toBeCloseTo(want.co2eTtwKg, 6);
    expect(Number(s1.co2e_wtw_unsplit_kg)).toBeCloseTo(1.44, 6);
    expect(Number(s1.transport_activity_tkm)).toBeCloseTo(want.transportActivityTkm, 6);
    expect(Number(s1.primary_data_share)).toBeCloseTo(want.primaryDataShare, 6);
    expect(Number(s1.refrigerated_co2e_wtw_kg)).toBeCloseTo(want.temperatureControlled.co2eWtwKg, 6);
    expect(s1.elements).toBe('3');
    expect(Number(s2.transport_activity_tkm)).toBe(161);
    expect(checkCsvRun(csv, output, testResolver, opts).problems).toEqual([]);
  });

  it('should parse quoted fields per RFC 4180: commas, doubled quotes, newlines, CRLF, BOM', async () => {
    const csv =
      '\uFEFFshipment_id,mass_kg,element,toc,hoc,distance_km,distance_type,origin_lat,origin_lon,dest_lat,dest_lon\r\n' +
      '"A,1",100,leg,"desnz-2026:hgv-average",,"10",SFD,,,,\r\n' +
      '"B ""quoted""\nline",50,"leg",desnz-2026:hgv-average,,20,actual,,,,\r\n' +
      'C,5,leg,desnz-2026:hgv-average,,-1,actual,,,,\r\n';
    const { output, summary } = await footprintCsvText(csv, opts);
    const rows = rowsOf(output);
    expect(rows.map((r) => r.shipment_id)).toEqual(['A,1', 'B "quoted"\nline']);
    expect(Number(rows[0].transport_activity_tkm)).toBe(1);
    expect(Number(rows[1].transport_activity_tkm)).toBe(1);
    // The record with a quoted newline spans lines 3-4, so C is on line 5.
    expect(summary.errors).toEqual([{ line: 5, field: 'distance_km', message: 'must not be negative (got -1)' }]);
  });

  it('should give the same output whatever the chunking', async () => {
    const csv =
      CSV_HEADER +
      'A,100,leg,desnz-2026:hgv-average,,10,SFD,,,,\n"B,""x""",7,leg,desnz-2026:hgv-average,,3,actual,,,,\nB2,9,hub,,hub-sh,,,,,,\nC,1,leg,own-ev-van,,,,31.2,121.4,30.2,120.1';
    const whole = await footprintCsvText(csv, opts);
    const r = seeded(3);
    for (let trial = 0; trial < 20; trial++) {
      const chunks: Uint8Array[] = [];
      const bytes = new TextEncoder().encode(`\uFEFF${csv}`);
      for (let i = 0; i < bytes.length; ) {
        const n = 1 + Math.floor(r() * 9);
        chunks.push(bytes.subarray(i, i + n));
        i += n;
      }
      let out = '';
      await runFootprintCsv(
        chunks,
        (c) => {
          out += c;
        },
        opts,
      );
      expect(out).toBe(whole.output);
    }
  });

  it('should decode UTF-8 characters cut by a chunk boundary', async () => {
    const csv = `${CSV_HEADER}上海-杭州-001,100,leg,desnz-2026:hgv-average,,10,SFD,,,,\n"Zürich, Süd",5,leg,desnz-2026:hgv-average,,2,actual,,,,\n`;
    const bytes = new TextEncoder().encode(csv);
    for (let cut = 1; cut < bytes.length; cut += 7) {
      let out = '';
      await runFootprintCsv(
        [bytes.subarray(0, cut), bytes.subarray(cut)],
        (c) => {
          out += c;
        },
        opts,
      );
      expect(rowsOf(out).map((r) => r.shipment_id)).toEqual(['上海-杭州-001', 'Zürich, Süd']);
    }
  });

  it('should report bad rows with line and field and still compute the valid shipments', async () => {
    const csv = `${CSV_HEADER}ok1,10,leg,desnz-2026:hgv-average,,5,SFD,,,,
nomass,,leg,desnz-2026:hgv-average,,5,SFD,,,,
neg,10,leg,desnz-2026:hgv-average,,-5,SFD,,,,
unknown,10,leg,nope:x,,5,SFD,,,,
nan,10,leg,desnz-2026:hgv-average,,abc,SFD,,,,
unit,10,leg,mee-2023:cn-grid-national,,5,SFD,,,,
sea,10,leg,desnz-2026:container-ship-average,,5000,,,,,
mix,10,leg,desnz-2026:hgv-average,,5,SFD,,,,
mix,11,hub,,hub-sh,,,,,,
ok2,10,hub,,test:hub-ambient,,,,,,
`;
    const { output, summary } = await footprintCsvText(csv, opts);
    expect(rowsOf(output).map((r) => r.shipment_id)).toEqual(['ok1', 'ok2']);
    expect(summary).toMatchObject({ shipments: 2, rejectedShipments: 7, errorCount: 7 });
    expect(summary.errors).toEqual([
      { line: 3, field: 'mass_kg', message: 'missing: the first row of a shipment needs its mass' },
      { line: 4, field: 'distance_km', message: 'must not be negative (got -5)' },
      { line: 5, field: 'toc', message: 'unknown factor id nope:x' },
      { line: 6, field: 'distance_km', message: 'not a number' },
      {
        line: 7,
        field: 'toc',
        message: 'factor mee-2023:cn-grid-national is in kgCO2e/kWh; a transport intensity must be in kgCO2e/t.km',
      },
      { line: 8, field: 'distance_type', message: 'required for sea legs: the distance adjustment depends on it' },
      { line: 10, field: 'mass_kg', message: "differs from the shipment's first row (10)" },
    ]);
  });

  it('should stop at the first bad row when strict', async () => {
    const csv = `${CSV_HEADER}ok1,10,leg,desnz-2026:hgv-average,,5,SFD,,,,\nbad,10,leg,nope:x,,5,SFD,,,,\nbad2,,leg,x,,5,,,,,\n`;
    await expect(footprintCsvText(csv, { ...opts, strict: true })).rejects.toSatisfy(
      (e) => e instanceof AppError && e.details.length === 1 && e.details[0].line === 3 && e.details[0].field === 'toc',
    );
  });

  it('should read columns by header name in any order, or in the documented order without a header', async () => {
    const reordered =
      'element,toc,distance_km,distance_type,mass_kg,shipment_id,extra\nleg,desnz-2026:hgv-average,700,SFD,230,S,whatever\n';
    const noHeader = 'S,230,leg,desnz-2026:hgv-average,,700,SFD\n';
    for (const csv of [reordered, noHeader]) {
      const { output, summary } = await footprintCsvText(csv, opts);
      expect(summary.errorCount).toBe(0);
      expect(Number(rowsOf(output)[0].transport_activity_tkm)).toBe(161);
    }
    await expect(footprintCsvText('shipment_id,toc\nS,x\n', opts)).rejects.toThrow(/no mass_kg column/);
  });

  it('should pass the independent checker over 20,000 random elements', async () => {
    const chunks = [...randomCsvChunks(11, 20_000)];
    const input = chunks.join('');
    const { output, summary } = await footprintCsvText(input, opts);
    expect(summary.errorCount).toBe(0);
    const check = checkCsvRun(input, output, testResolver, opts);
    expect(check.checked).toBe(summary.shipments);
    expect(check.problems).toEqual([]);
  });
});

describe('parseNumber', () => {
  it('should equal Number() on decimals and fall back for the rest', () => {
    const r = seeded(5);
    const cases = [
      '0',
      '-0.5',
      '+3',
      '12.',
      '.25',
      '1e3',
      '2.5E-2',
      ' 7 ',
      '0.1',
      '0.3',
      '123456789012345',
      '1234567890123456789',
      '0.000001',
    ];
    for (let i = 0; i < 2000; i++) cases.push((r() * 10 ** Math.floor(r() * 8)).toFixed(Math.floor(r() * 9)));
    for (const c of cases) expect([c, parseNumber(c, 0, c.length)]).toEqual([c, Number(c)]);
    for (const c of ['abc', '1.2.3', '-', '.', '1,5', 'Infinity', '12abc']) expect(parseNumber(c, 0, c.length)).toBeNaN();
    expect(parseNumber('', 0, 0)).toBe(EMPTY);
    expect(parseNumber('  ', 0, 2)).toBe(EMPTY);
  });
});

describe('readShipmentsCsv', () => {
  it('should read engine inputs with their lines, and map engine errors back to lines', async () => {
    const csv = `${CSV_HEADER}A,10,leg,desnz-2026:hgv-average,,5,SFD,,,,\nA,,leg,nope:x,,5,SFD,,,,\nB,x,leg,t,,1,,,,,\nC,3,hub,,hub-sh,,,,,,\n`;
    const errors: { line: number; field: string; message: string }[] = [];
    const read = [];
    for await (const s of readShipmentsCsv([csv], { errors })) read.push(s);
    expect(read.map((s) => s.shipment.id)).toEqual(['A', 'C']);
    expect(read[0].lines).toEqual([2, 3]);
    expect(errors).toEqual([{ line: 4, field: 'mass_kg', message: 'not a number' }]);
    try {
      computeShipment(read[0].shipment, testResolver);
      expect.unreachable();
    } catch (e) {
      expect(csvLineOf(read[0], (e as AppError).details[0])).toEqual({
        line: 3,
        field: 'toc',
        message: 'unknown factor id nope:x',
      });
    }
  });
});
