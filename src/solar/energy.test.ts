import { describe, expect, it } from 'vitest';
import { energyBalance, gridFactorFor, gridRegionOf, scope2Of } from './energy.js';

describe('grid factor for a site', () => {
  it('reads the MEE grid from a region name', () => {
    expect(gridRegionOf('East')).toBe('East');
    expect(gridRegionOf('east')).toBe('East');
    expect(gridRegionOf('CN-Southwest')).toBe('Southwest');
    expect(gridRegionOf('North China')).toBe('North');
    expect(gridRegionOf('north-east')).toBe('Northeast');
    expect(gridRegionOf('Xinjiang')).toBeUndefined();
    expect(gridRegionOf(null)).toBeUndefined();
  });

  it('takes the regional factor of the nearest year and says so', () => {
    const east = gridFactorFor('East', 2026);
    expect(east).toMatchObject({
      factorId: 'mee-2023:cn-grid-east',
      setId: 'mee-2023',
      slug: 'cn-grid-east',
      region: 'CN-East',
      year: 2023,
      reportingYear: 2026,
      kgCo2ePerKwh: 0.55,
      nationalFallback: false,
    });
    expect(east.note).toBe('no 2026 factor: nearest year 2023 used');
    expect(gridFactorFor('South', 2023)).toMatchObject({ factorId: 'mee-2023:cn-grid-south', kgCo2ePerKwh: 0.4042, note: '' });
    // 2022 has national factors only: a regional one from 2023 is nearer the site than the national average.
    expect(gridFactorFor('Southwest', 2022)).toMatchObject({
      factorId: 'mee-2023:cn-grid-southwest',
      year: 2023,
      kgCo2ePerKwh: 0.2472,
    });
  });

  it('falls back to the national average when the region is not a grid', () => {
    expect(gridFactorFor('Xinjiang', 2022)).toMatchObject({
      factorId: 'mee-2022:cn-grid-national',
      kgCo2ePerKwh: 0.5366,
      nationalFallback: true,
      note: 'region "Xinjiang" is not an MEE regional grid: national average used',
    });
    expect(gridFactorFor(null, 2023)).toMatchObject({ factorId: 'mee-2023:cn-grid-national', kgCo2ePerKwh: 0.5306 });
    expect(gridFactorFor(undefined, 2020).factorId).toBe('mee-2022:cn-grid-national');
  });
});

describe('energy balance and Scope 2', () => {
  it('self-consumption is generation minus export, and the meters agree', () => {
    // 1,000 kWh made, 300 exported: 700 used on site; the site used 5,000 and bought 4,300.
    const b = energyBalance({ generationKwh: 1000, consumptionKwh: 5000, importKwh: 4300, exportKwh: 300 });
    expect(b).toMatchObject({
      selfConsumedKwh: 700,
      selfConsumptionShare: 0.7,
      residualKwh: 0,
      residualShare: 0,
      consistent: true,
      derived: [],
      warnings: [],
    });
  });

  it('reports the residual when import is not consumption minus self-consumption', () => {
    const b = energyBalance({ generationKwh: 1000, consumptionKwh: 5000, importKwh: 4500, exportKwh: 300 });
    expect(b.residualKwh).toBe(200);
    expect(b.residualShare).toBeCloseTo(0.04, 12);
    expect(b.consistent).toBe(false);
    expect(b.warnings[0]).toMatch(/differs from consumption − self-consumption 4300 kWh by 200 kWh/);
    // Within 2 % of consumption is meter noise.
    expect(energyBalance({ generationKwh: 1000, consumptionKwh: 5000, importKwh: 4390, exportKwh: 300 }).consistent).toBe(true);
  });

  it('derives the one missing meter and nothing more', () => {
    expect(energyBalance({ generationKwh: 1000, consumptionKwh: 5000, importKwh: 4300, exportKwh: null })).toMatchObject({
      exportKwh: 300,
      selfConsumedKwh: 700,
      derived: ['exportKwh'],
      consistent: null,
    });
    expect(energyBalance({ generationKwh: 1000, consumptionKwh: 5000, importKwh: null, exportKwh: 300 })).toMatchObject({
      importKwh: 4300,
      derived: ['importKwh'],
    });
    expect(energyBalance({ generationKwh: 1000, consumptionKwh: null, importKwh: 4300, exportKwh: 300 })).toMatchObject({
      consumptionKwh: 5000,
      derived: ['consumptionKwh'],
    });
    const unknown = energyBalance({ generationKwh: 1000, consumptionKwh: null, importKwh: null, exportKwh: null });
    expect(unknown).toMatchObject({ selfConsumedKwh: null, derived: [] });
    expect(unknown.warnings[0]).toMatch(/no export figure/);
    expect(energyBalance({ generationKwh: null, consumptionKwh: 10, importKwh: 10, exportKwh: 0 }).warnings[0]).toMatch(
      /no generation/,
    );
  });

  it('never lets export exceed generation into a negative self-consumption', () => {
    const b = energyBalance({ generationKwh: 100, consumptionKwh: 50, importKwh: 50, exportKwh: 120 });
    expect(b.selfConsumedKwh).toBe(0);
    expect(b.warnings[0]).toMatch(/exceeds generation/);
  });

  it('credits the self-consumed kWh to Scope 2; exports are apart and never netted', () => {
    const b = energyBalance({ generationKwh: 1000, consumptionKwh: 5000, importKwh: 4300, exportKwh: 300 });
    const kg = scope2Of(b, 0.55);
    expect(kg.scope2AvoidedKgCo2e).toBeCloseTo(385, 9);
    expect(kg.exportAvoidedKgCo2e).toBeCloseTo(165, 9);
    // The Scope 2 the site still reports is its import, whatever it exported.
    expect(kg.scope2LocationKgCo2e).toBeCloseTo(4300 * 0.55, 9);
    const moreExport = scope2Of(
      energyBalance({ generationKwh: 2000, consumptionKwh: 5000, importKwh: 4300, exportKwh: 1300 }),
      0.55,
    );
    expect(moreExport.scope2LocationKgCo2e).toBeCloseTo(kg.scope2LocationKgCo2e as number, 9);
    expect(moreExport.scope2AvoidedKgCo2e).toBeCloseTo(kg.scope2AvoidedKgCo2e as number, 9);
  });
});
