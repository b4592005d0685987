import { describe, expect, it } from 'vitest';
import { AppError } from '../core/index.js';
import { computeShipment } from './chain.js';
import { checkShipment } from './check.test-support.js';
import { computeFootprints } from './compute.js';
import { testResolver } from './fixtures.test-support.js';
import type { ShipmentInput } from './model.js';

// iLEAP end-to-end example (reference §3 E1): TCE "abcdef" 36.801 t.km, WTW 3.6801 kg, TTW 3.2801 kg,
// primary; TCE "ghijkl" 27.927 t.km at WTW 0.17 / TTW 0.153 kg/t.km, not primary.
const ILEAP_E1: ShipmentInput = {
  id: '1237890',
  massKg: 87,
  chain: [
    {
      type: 'leg',
      id: 'abcdef',
      toc: {
        id: 'truck-40t-euro5-de',
        co2eIntensityWtwKgPerTkm: 3.6801 / 36.801,
        co2eIntensityTtwKgPerTkm: 3.2801 / 36.801,
        dataType: 'primary',
        mode: 'road',
      },
      distanceKm: 423,
      distanceType: 'actual',
    },
    {
      type: 'leg',
      id: 'ghijkl',
      toc: {
        id: 'carrier-b-road',
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

const errorOf = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
};

describe('computeShipment: iLEAP end-to-end example', () => {
  const r = computeShipment(ILEAP_E1, testResolver);

  it('should give each TCE its transport activity and emissions', () => {
    expect(r.elements[0].transportActivityTkm).toBeCloseTo(36.801, 10);
    expect(r.elements[1].transportActivityTkm).toBeCloseTo(27.927, 10);
    expect(r.elements[0].co2eWtwKg).toBeCloseTo(3.6801, 10);
    expect(r.elements[0].co2eTtwKg).toBeCloseTo(3.2801, 10);
    expect(r.elements[1].co2eWtwKg).toBeCloseTo(4.74759, 10);
    expect(r.elements[1].co2eTtwKg).toBeCloseTo(4.272831, 10);
  });

  it('should sum the chain to 64.728 t.km, 8.42769 kg WTW and 7.552931 kg TTW', () => {
    expect(r.transportActivityTkm).toBeCloseTo(64.728, 10);
    expect(r.co2eWtwKg).toBeCloseTo(8.42769, 10);
    expect(r.co2eTtwKg).toBeCloseTo(7.552931, 10);
    expect(r.co2eWttKg).toBeCloseTo(8.42769 - 7.552931, 10);
  });

  it('should report a primary-data share of 56.85 % by t.km', () => {
    expect(r.primaryDataShare).toBeCloseTo(36.801 / 64.728, 12);
    expect(Math.round(r.primaryDataShare * 10000) / 100).toBe(56.85);
  });

  it('should keep the TCE ids and pass the independent check', () => {
    expect(r.elements.map((e) => e.tceId)).toEqual(['abcdef', 'ghijkl']);
    expect(checkShipment(ILEAP_E1, r, testResolver)).toEqual([]);
  });
});

describe('computeShipment: legs and hubs', () => {
  it('should give 161 t.km for 700 km x 230 kg', () => {
    const r = computeShipment(
      { id: 'S', massKg: 230, chain: [{ type: 'leg', toc: 'desnz-2026:hgv-average', distanceKm: 700, distanceType: 'SFD' }] },
      testResolver,
    );
    expect(r.transportActivityTkm).toBeCloseTo(161, 10);
    // DESNZ HGV average: 0.12715 WTW, 0.10356 TTW, 0.02359 WTT kg/t.km; road SFD is not adjusted again.
    expect(r.co2eWtwKg).toBeCloseTo(161 * 0.12715, 10);
    expect(r.co2eTtwKg).toBeCloseTo(161 * 0.10356, 10);
    expect(r.co2eWttKg).toBeCloseTo(161 * 0.02359, 10);
    const leg = r.elements[0];
    expect(leg.type === 'leg' && leg.daf.kind).toBe('none');
    expect(leg.factorId).toBe('desnz-2026:hgv-average');
    expect(leg.dataType).toBe('default');
  });

  it('should compute the issue example chain: refrigerated leg, hub, leg from coordinates', () => {
    const input: ShipmentInput = {
      id: 'S1',
      massKg: 1200,
      chain: [
        { type: 'leg', toc: 'desnz-2026:hgv-refrigerated-articulated', distanceKm: 250, distanceType: 'actual' },
        { type: 'hub', hoc: { id: 'hub-sh', co2eIntensityWtwKgPerT: 1.2 } },
        {
          type: 'leg',
          toc: { id: 'own-truck', co2eIntensityWtwKgPerTkm: 0.1, co2eIntensityTtwKgPerTkm: 0.09, dataType: 'primary' },
          origin: { lat: 31.23, lon: 121.47 },
          destination: { lat: 30.27, lon: 120.15 },
        },
      ],
    };
    const r = computeShipment(input, testResolver);
    const [cold, hub, own] = r.elements;
    expect(cold.temperatureControlled).toBe(true);
    expect(cold.co2eWtwKg).toBeCloseTo(1.2 * 250 * 0.1128, 10);
    expect(hub.type === 'hub' && hub.hubActivityT).toBe(1.2);
    expect(hub.co2eWtwKg).toBeCloseTo(1.44, 12);
    // WTW-only hub intensity: its split is unknown and reported as such, not guessed.
    expect(hub.boundarySplit).toBe(false);
    expect(hub.co2eWtwUnsplitKg).toBeCloseTo(1.44, 12);
    expect(own.type === 'leg' && own.distanceSource).toBe('coordinates');
    expect(own.type === 'leg' && own.distanceType).toBe('GCD');
    // Shanghai to Hangzhou great circle ~ 160 km.
    expect(own.type === 'leg' && own.distanceKm).toBeGreaterThan(150);
    expect(own.type === 'leg' && own.distanceKm).toBeLessThan(170);
    expect(r.temperatureControlled.co2eWtwKg).toBeCloseTo(cold.co2eWtwKg, 12);
    expect(r.ambient.co2eWtwKg).toBeCloseTo(hub.co2eWtwKg + own.co2eWtwKg, 12);
    expect(r.co2eWtwKg).toBeCloseTo(r.co2eTtwKg + r.co2eWttKg + r.co2eWtwUnsplitKg, 12);
    expect(r.primaryDataShare).toBeCloseTo(own.transportActivityTkm / r.transportActivityTkm, 12);
    expect(checkShipment(input, r, testResolver)).toEqual([]);
  });

  it('should take an energy-based leg from litres x factor, independent of the distance', () => {
    const r = computeShipment(
      {
        id: 'E',
        massKg: 2000,
        chain: [{ type: 'leg', toc: 'carrier-x-ftl', distanceKm: 100, energy: [{ litres: 30, factorId: 'test:diesel-b5' }] }],
      },
      testResolver,
    );
    const leg = r.elements[0];
    expect(leg.method).toBe('energy');
    expect(leg.dataType).toBe('primary');
    expect(leg.co2eWtwKg).toBeCloseTo(30 * 3.17, 10);
    expect(leg.co2eWttKg).toBeCloseTo(30 * 0.63, 10);
    expect(leg.co2eTtwKg).toBeCloseTo(30 * 2.54, 10);
    expect(leg.type === 'leg' && leg.co2eIntensityWtwKgPerTkm).toBeCloseTo((30 * 3.17) / 200, 10);
    expect(leg.type === 'leg' && leg.tocId).toBe('carrier-x-ftl');
    expect(r.primaryDataShare).toBe(1);
  });

  it('should take an electric leg from kWh x grid factor with TTW 0', () => {
    const r = computeShipment(
      {
        id: 'EV',
        massKg: 500,
        chain: [{ type: 'leg', distanceKm: 40, energy: [{ kwh: 25, factorId: 'mee-2023:cn-grid-national' }] }],
      },
      testResolver,
    );
    expect(r.co2eWtwKg).toBeCloseTo(25 * 0.5306, 12);
    expect(r.co2eTtwKg).toBe(0);
    expect(r.co2eWttKg).toBeCloseTo(25 * 0.5306, 12);
  });

  it('should model a hub from site energy over outbound tonnes', () => {
    const r = computeShipment(
      {
        id: 'H',
        massKg: 800,
        chain: [
          {
            type: 'hub',
            hoc: {
              id: 'hub-hz',
              kwh: 12000,
              gridFactorId: 'mee-2023:cn-grid-national',
              fuel: [{ litres: 300, factorId: 'test:diesel-b5' }],
              outboundTonnes: 4000,
            },
          },
        ],
      },
      testResolver,
    );
    const hub = r.elements[0];
    const siteWtw = 12000 * 0.5306 + 300 * 3.17;
    expect(hub.type === 'hub' && hub.co2eIntensityWtwKgPerT).toBeCloseTo(siteWtw / 4000, 12);
    expect(hub.co2eWtwKg).toBeCloseTo(0.8 * (siteWtw / 4000), 12);
    expect(hub.co2eTtwKg).toBeCloseTo(0.8 * ((300 * 2.54) / 4000), 12);
    expect(hub.method).toBe('site-energy');
    expect(hub.dataType).toBe('primary');
    expect(hub.type === 'hub' && hub.site?.energy.length).toBe(2);
  });

  it('should derive WTW from TTW + WTT when the factor publishes those two', () => {
    const r = computeShipment(
      { id: 'A', massKg: 1000, chain: [{ type: 'leg', toc: 'desnz-2026:air-long-haul', distanceKm: 1000, distanceType: 'GCD' }] },
      testResolver,
    );
    expect(r.elements[0].type === 'leg' && r.elements[0].distanceKm).toBe(1095);
    expect(r.co2eWtwKg).toBeCloseTo(1095 * (0.5313 + 0.13516), 10);
  });
});

describe('computeShipment: validation', () => {
  it('should name the missing mass', () => {
    const e = errorOf(() =>
      computeShipment(
        { id: 'S', chain: [{ type: 'leg', toc: 'desnz-2026:hgv-average', distanceKm: 1 }] } as unknown as ShipmentInput,
        testResolver,
      ),
    );
    expect(e.code).toBe('validation');
    expect(e.details).toEqual([{ field: '/massKg', message: 'missing: the shipment mass is required' }]);
  });

  it('should name every bad field of a request at once', () => {
    const e = errorOf(() =>
      computeFootprints(
        {
          shipments: [
            { id: 'ok', massKg: 10, chain: [{ type: 'leg', toc: 'desnz-2026:hgv-average', distanceKm: 5 }] },
            {
              id: 'bad',
              massKg: 10,
              chain: [
                { type: 'leg', toc: 'desnz-2026:hgv-average', distanceKm: 5 },
                { type: 'leg', toc: 'desnz-2026:hgv-average', distanceKm: -3 },
                { type: 'leg', toc: 'nope:unknown', distanceKm: 5 },
                { type: 'leg', toc: 'mee-2023:cn-grid-national', distanceKm: 5 },
              ],
            },
          ],
        },
        testResolver,
      ),
    );
    expect(e.details.map((d) => d.field)).toEqual([
      '/shipments/1/chain/1/distanceKm',
      '/shipments/1/chain/2/toc',
      '/shipments/1/chain/3/toc',
    ]);
    expect(e.details[0].message).toMatch(/negative/);
    expect(e.details[1].message).toBe('unknown factor id nope:unknown');
    expect(e.details[2].message).toBe(
      'factor mee-2023:cn-grid-national is in kgCO2e/kWh; a transport intensity must be in kgCO2e/t.km',
    );
  });

  it('should require the distance type where the adjustment depends on it', () => {
    const e = errorOf(() =>
      computeShipment(
        { id: 'S', massKg: 5, chain: [{ type: 'leg', toc: 'desnz-2026:container-ship-average', distanceKm: 9000 }] },
        testResolver,
      ),
    );
    expect(e.details[0].field).toBe('/chain/0/distanceType');
  });

  it('should reject a TTW above WTW and an energy factor in the wrong unit', () => {
    const e = errorOf(() =>
      computeShipment(
        {
          id: 'S',
          massKg: 5,
          chain: [
            { type: 'leg', toc: { id: 't', co2eIntensityWtwKgPerTkm: 0.35, co2eIntensityTtwKgPerTkm: 0.4 }, distanceKm: 1 },
            { type: 'leg', distanceKm: 1, energy: [{ litres: 3, factorId: 'mee-2023:cn-grid-national' }] },
            { type: 'leg', distanceKm: 1, energy: [{ litres: 3, factor: { co2eWtwKgPerKwh: 0.5 } }] },
          ],
        },
        testResolver,
      ),
    );
    expect(e.details.map((d) => d.field)).toEqual([
      '/chain/0/toc/co2eIntensityWtwKgPerTkm',
      '/chain/1/energy/0/factorId',
      '/chain/2/energy/0/factor/co2eWtwKgPerLitre',
    ]);
    expect(e.details[1].message).toMatch(/kgCO2e\/kWh; a factor for litres must be in kgCO2e\/L/);
  });

  it('should reject a missing distance and bad coordinates', () => {
    const e = errorOf(() =>
      computeShipment(
        {
          id: 'S',
          massKg: 5,
          chain: [
            { type: 'leg', toc: 'desnz-2026:hgv-average' },
            { type: 'leg', toc: 'desnz-2026:hgv-average', origin: { lat: 95, lon: 0 }, destination: { lat: 1, lon: 1 } },
            { type: 'hub', hoc: 'desnz-2026:hgv-average' },
          ],
        },
        testResolver,
      ),
    );
    expect(e.details.map((d) => d.field)).toEqual(['/chain/0/distanceKm', '/chain/1/origin', '/chain/2/hoc']);
  });
});
