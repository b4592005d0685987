import { describe, expect, it } from 'vitest';
import { allocateRound } from './allocation.js';
import { computeShipment } from './chain.js';
import { explainParcel, explainShipment, explanationText, ISO_14083_CLAUSES } from './explain.js';
import { testResolver } from './fixtures.test-support.js';
import type { ShipmentInput } from './model.js';

const MIXED: ShipmentInput = {
  id: 'M1',
  massKg: 1000,
  chain: [
    { type: 'leg', toc: 'desnz-2026:hgv-average', origin: { lat: 31.23, lon: 121.47 }, destination: { lat: 30.27, lon: 120.15 } },
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
    { type: 'leg', toc: 'desnz-2026:air-long-haul', distanceKm: 1000, distanceType: 'GCD' },
    {
      type: 'leg',
      toc: { id: 'own-truck', co2eIntensityWtwKgPerTkm: 0.1, co2eIntensityTtwKgPerTkm: 0.09, dataType: 'primary' },
      distanceKm: 50,
      temperatureControlled: true,
    },
  ],
};

describe('explainShipment', () => {
  const result = computeShipment(MIXED, testResolver);
  const sheet = explainShipment(result, testResolver, MIXED);

  it('should list ordered steps, each with a formula, numbers, a result and what it follows', () => {
    expect(sheet.steps.map((s) => s.n)).toEqual(sheet.steps.map((_, i) => i + 1));
    for (const s of sheet.steps) {
      expect(s.formula.length).toBeGreaterThan(5);
      expect(s.calculation).toMatch(/\d/);
      expect(Number.isFinite(s.result.value)).toBe(true);
      expect(s.clause ?? s.reference).toBeTruthy();
      if (s.clause) expect(s.clauseTitle).toBe(ISO_14083_CLAUSES[s.clause]);
    }
  });

  it('should cite the clause of each kind of step', () => {
    const clauses = new Set(sheet.steps.map((s) => s.clause));
    for (const c of ['5.3', '5.4', '5.4.4', '5.5'] as const) expect(clauses.has(c)).toBe(true);
  });

  it('should show the distance adjustment and the transport activity with numbers', () => {
    const air = sheet.steps.filter((s) => s.element === 2);
    expect(air.find((s) => s.clause === '5.4.4')?.calculation).toBe('1000 km + 95 km = 1095 km');
    expect(air.find((s) => s.title === 'Transport activity')?.calculation).toBe('1 t x 1095 km = 1095 t.km');
    const gcd = sheet.steps.find((s) => s.element === 0 && s.title === 'Distance from coordinates');
    expect(gcd?.calculation).toMatch(/^GCD\(\(31.23, 121.47\), \(30.27, 120.15\)\) = 1\d\d\.\d+ km$/);
  });

  it('should name each library factor with its source and licence', () => {
    const road = sheet.steps.find((s) => s.element === 0 && s.clause === '5.4' && s.factor);
    expect(road?.factor).toMatchObject({ id: 'desnz-2026:hgv-average', wtw: 0.12715, ttw: 0.10356, licence: 'OGL-3.0' });
    expect(road?.factor?.source).toMatch(/DESNZ/);
    const grid = sheet.steps.find((s) => s.element === 1 && s.clause === '5.3' && s.factor?.id === 'mee-2023:cn-grid-national');
    expect(grid?.calculation).toBe('12000 kWh x 0.5306 kg CO2e/kWh = 6367.2 kg CO2e WTW = 0 TTW + 6367.2 WTT');
  });

  it('should end with the totals and the primary-data share, and note the refrigerated category', () => {
    const total = sheet.steps.at(-2)!;
    expect(total.result.value).toBeCloseTo(result.co2eWtwKg, 12);
    expect(sheet.steps.at(-1)!.result.value).toBeCloseTo(result.primaryDataShare, 12);
    expect(sheet.notes.join(' ')).toMatch(/Temperature-controlled/);
    expect(sheet.totals.co2eWtwKg).toBe(result.co2eWtwKg);
  });

  it('should render as text', () => {
    const text = explanationText(sheet);
    expect(text).toMatch(/ISO 14083 5\.4\.4 Distance adjustment factor/);
    expect(text).toMatch(/factor: +desnz-2026:hgv-average \(kgCO2e\/t\.km; UK DESNZ/);
  });

  it('should explain the iLEAP example in its own numbers', () => {
    const r = computeShipment(
      {
        id: '1237890',
        massKg: 87,
        chain: [
          {
            type: 'leg',
            id: 'abcdef',
            toc: { id: 'truck', co2eIntensityWtwKgPerTkm: 0.1, dataType: 'primary' },
            distanceKm: 423,
            distanceType: 'actual',
          },
        ],
      },
      testResolver,
    );
    const s = explainShipment(r);
    expect(s.steps.find((x) => x.title === 'Transport activity')?.calculation).toBe('0.087 t x 423 km = 36.801 t.km');
  });
});

describe('explainParcel', () => {
  it('should explain a parcel share of a round under clause 5.6', () => {
    const round = allocateRound(
      {
        id: 'R1',
        energy: [{ litres: 12.5, factor: { co2eWtwKgPerLitre: 3.2 } }],
        parcels: [
          { id: 'p1', massKg: 0.5, directDistanceKm: 12 },
          { id: 'p2', massKg: 2, directDistanceKm: 30 },
        ],
      },
      testResolver,
    );
    const sheet = explainParcel(round, round.parcels[0]);
    expect(sheet.steps.map((s) => s.clause)).toEqual(['5.3', '5.6', '5.6']);
    expect(sheet.steps[2].calculation).toMatch(/^40 kg x 0.006 \/ 0.066 = 3.636363636 kg CO2e WTW/);
  });
});
