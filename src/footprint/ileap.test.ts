import { describe, expect, it } from 'vitest';
import { computeShipment } from './chain.js';
import { checkShipment } from './check.test-support.js';
import { testResolver } from './fixtures.test-support.js';
import { fromIleap, ileapDecimal, readDecimal, toIleap, toIleapShipmentFootprint } from './ileap.js';
import type { ShipmentFootprint, ShipmentInput } from './model.js';

const E1: ShipmentInput = {
  id: '1237890',
  massKg: 87,
  chain: [
    {
      type: 'leg',
      id: 'abcdef',
      toc: {
        id: 'truck-40t-euro5-de',
        co2eIntensityWtwKgPerTkm: 0.1,
        co2eIntensityTtwKgPerTkm: 3.2801 / 36.801,
        dataType: 'primary',
        mode: 'road',
        energyCarrier: 'Diesel',
      },
      distanceKm: 423,
      distanceType: 'actual',
    },
    {
      type: 'leg',
      id: 'ghijkl',
      toc: {
        id: 'carrier-b',
        co2eIntensityWtwKgPerTkm: 0.17,
        co2eIntensityTtwKgPerTkm: 0.153,
        dataType: 'modelled',
        mode: 'road',
      },
      distanceKm: 321,
      distanceType: 'actual',
    },
  ],
};

const MIXED: ShipmentInput = {
  id: 'M2',
  massKg: 640,
  chain: [
    {
      type: 'leg',
      toc: 'desnz-2026:hgv-refrigerated-articulated',
      origin: { lat: 31.23, lon: 121.47 },
      destination: { lat: 30.27, lon: 120.15 },
    },
    { type: 'hub', hoc: { id: 'hub-sh', co2eIntensityWtwKgPerT: 1.2 } },
    { type: 'leg', toc: 'desnz-2026:air-long-haul', distanceKm: 9000, distanceType: 'GCD' },
    { type: 'leg', toc: 'desnz-2026:container-ship-average', distanceKm: 10000, distanceType: 'SFD' },
    {
      type: 'leg',
      toc: { id: 'feeder', co2eIntensityWtwKgPerTkm: 0.02, co2eIntensityTtwKgPerTkm: 0.016, mode: 'sea', distanceBasis: 'SFD' },
      distanceKm: 800,
      distanceType: 'SFD',
    },
    { type: 'hub', hoc: { id: 'hub-hz', kwh: 12000, gridFactorId: 'mee-2023:cn-grid-national', outboundTonnes: 4000 } },
    { type: 'leg', toc: 'van-ev-carrier', distanceKm: 40, energy: [{ kwh: 9, factorId: 'mee-2023:cn-grid-national' }] },
  ],
};

const sameFootprint = (a: ShipmentFootprint, b: ShipmentFootprint) => {
  for (const k of [
    'transportActivityTkm',
    'co2eWtwKg',
    'co2eTtwKg',
    'co2eWttKg',
    'co2eWtwUnsplitKg',
    'primaryDataShare',
  ] as const) {
    expect([k, b[k]]).toEqual([k, expect.closeTo(a[k], 9)]);
  }
  expect(b.elements.map((e) => [e.tceId, e.dataType, e.temperatureControlled])).toEqual(
    a.elements.map((e) => [e.tceId, e.dataType, e.temperatureControlled]),
  );
  b.elements.forEach((e, i) => {
    expect(e.co2eWtwKg).toBeCloseTo(a.elements[i].co2eWtwKg, 9);
    expect(e.transportActivityTkm).toBeCloseTo(a.elements[i].transportActivityTkm, 9);
  });
};

/** Deep equality where decimal strings may differ in their last digits (relative 1e-12). */
function expectSameDocument(a: unknown, b: unknown, path = ''): void {
  const decimal = /^-?\d+(\.\d+)?$/;
  if (typeof a === 'string' && typeof b === 'string' && decimal.test(a) && decimal.test(b)) {
    const [x, y] = [Number(a), Number(b)];
    expect([path, Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(y))]).toEqual([path, true]);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect([path, Object.keys(a).sort()]).toEqual([path, Object.keys(b).sort()]);
    for (const k of Object.keys(a))
      expectSameDocument((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`);
    return;
  }
  expect([path, a]).toEqual([path, b]);
}

describe('toIleap', () => {
  it('should export the iLEAP end-to-end example with its field names and decimals', () => {
    const doc = toIleap(computeShipment(E1, testResolver), E1);
    expect(doc.shipmentFootprint).toEqual({
      shipmentId: '1237890',
      mass: '87',
      tces: [
        {
          tceId: 'abcdef',
          prevTceIds: [],
          tocId: 'truck-40t-euro5-de',
          shipmentId: '1237890',
          mass: '87',
          distance: { value: '423', unit: 'km', dataSource: 'actual' },
          transportActivity: '36.801',
          co2eWTW: '3.6801',
          co2eTTW: '3.2801',
        },
        {
          tceId: 'ghijkl',
          prevTceIds: ['abcdef'],
          tocId: 'carrier-b',
          shipmentId: '1237890',
          mass: '87',
          distance: { value: '321', unit: 'km', dataSource: 'actual' },
          transportActivity: '27.927',
          co2eWTW: '4.74759',
          co2eTTW: '4.272831',
        },
      ],
    });
    expect(doc.tocs[0]).toMatchObject({
      tocId: 'truck-40t-euro5-de',
      mode: 'Road',
      co2eIntensityWTW: '0.1',
      co2eIntensityThroughput: 'tkm',
      energyCarriers: [{ energyCarrier: 'Diesel' }],
      greenlink: { dataType: 'primary' },
    });
  });

  it('should write the GLEC distance form on request', () => {
    const sf = toIleapShipmentFootprint(computeShipment(E1, testResolver), E1, { distanceFormat: 'glec' });
    expect(sf.tces[0].distance).toEqual({ actual: '423' });
  });
});

describe('fromIleap', () => {
  for (const [name, input] of [
    ['the iLEAP example', E1],
    ['a mixed chain (GCD, air, sea, hubs, energy, refrigerated)', MIXED],
  ] as const) {
    it(`should round-trip ${name} to the same footprint`, () => {
      const first = computeShipment(input, testResolver);
      const doc = JSON.parse(JSON.stringify(toIleap(first, input)));
      const back = fromIleap(doc);
      const again = computeShipment(back, testResolver);
      sameFootprint(first, again);
      expect(checkShipment(back, again, testResolver)).toEqual([]);
      // Exported once more, the document is the same (decimals to 1e-12).
      expectSameDocument(toIleap(again, back), doc);
    });
  }

  it("should read the spec's own PACT example: GLEC distance, misprinted activity, no TOCs", () => {
    const pact = {
      specVersion: '2.0.0',
      pcf: { primaryDataShare: 56.85 },
      extensions: [
        {
          dataSchema: 'https://api.ileap.sine.dev/shipment-footprint.json',
          data: {
            mass: '87',
            shipmentId: '1237890',
            tces: [
              // Listed out of order on purpose: prevTceIds give the chain.
              {
                tceId: 'ghijkl',
                prevTceIds: ['abcdef'],
                tocId: 'truck-b',
                shipmentId: '1237890',
                mass: '87',
                distance: { actual: '321' },
                transportActivity: '27.927',
                co2eWTW: '4.74759',
                co2eTTW: '4.272831',
              },
              {
                tceId: 'abcdef',
                prevTceIds: [],
                tocId: 'truck-40t-euro5-de',
                shipmentId: '1237890',
                mass: '87',
                distance: { actual: '423' },
                transportActivity: '3.6801',
                co2eWTW: '3.6801',
                co2eTTW: '3.2801',
              },
            ],
          },
        },
      ],
    };
    const input = fromIleap(pact, { defaultDataType: 'modelled' });
    expect(input.chain.map((e) => e.id)).toEqual(['abcdef', 'ghijkl']);
    const r = computeShipment(input, testResolver);
    expect(r.transportActivityTkm).toBeCloseTo(64.728, 10);
    expect(r.co2eWtwKg).toBeCloseTo(8.42769, 10);
    expect(r.co2eTtwKg).toBeCloseTo(7.552931, 10);
  });

  it('should name the field of a bad document', () => {
    expect(() => fromIleap({ shipmentId: 'x', mass: 'heavy', tces: [] })).toThrow(/mass/);
    expect(() => fromIleap({ foo: 1 })).toThrow(/no iLEAP ShipmentFootprint/);
  });
});

describe('iLEAP decimals', () => {
  it('should write plain decimals without float noise and read the spec decimal comma', () => {
    expect(ileapDecimal(0.087 * 423)).toBe('36.801');
    expect(ileapDecimal(1e-7)).toBe('0.0000001');
    expect(ileapDecimal(2.5e21)).toBe('2500000000000000000000');
    expect(readDecimal('8,42769', '/x')).toBe(8.42769);
    expect(() => readDecimal('1e', '/x')).toThrow();
  });
});
