import { describe, expect, it } from 'vitest';
import { builtInFactor } from '../factors/index.js';
import {
  BOARD_FACTOR_ID,
  BOARD_KG_CO2E_PER_KG,
  boxMaterialUse,
  chargeableWeightKg,
  dimWeightKg,
  MAILER_FACTOR_ID,
  MAILER_KG_CO2E_PER_KG,
  rscBlankAreaM2,
  rscBoardKg,
} from './material.js';
import type { Box } from './model.js';
import { cartonize } from './pack.js';

// Golden values from reference/packing.md §4 (worked example) and the dim-weight definition.

const rsc300: Box = {
  id: 'rsc-300',
  innerLengthMm: 294,
  innerWidthMm: 194,
  innerHeightMm: 138,
  outerLengthMm: 300,
  outerWidthMm: 200,
  outerHeightMm: 150,
  emptyWeightG: 144,
  maxWeightG: 10_000,
  boardGsm: 400,
};

describe('RSC board (reference/packing.md §4)', () => {
  it('should give the 300×200×150 mm RSC blank, j = 30 mm: 1,030 × 350 mm = 0.3605 m²', () => {
    expect(rscBlankAreaM2(300, 200, 150)).toBeCloseTo(0.3605, 12);
    expect(rscBlankAreaM2(300, 200, 150, 50)).toBeCloseTo((1050 * 350) / 1e6, 12);
  });

  it('should weigh 144.2 g at 400 g/m² and emit 0.0708 kg CO2e at 0.491 kg/kg', () => {
    expect(rscBoardKg(300, 200, 150, 400)).toBeCloseTo(0.1442, 12);
    expect(rscBoardKg(300, 200, 150, 400) * BOARD_KG_CO2E_PER_KG).toBeCloseTo(0.0708, 4);
    const use = boxMaterialUse(rsc300);
    expect(use.boardKg).toBeCloseTo(0.1442, 12);
    expect(use.co2eKg).toBeCloseTo(0.0708022, 7);
    expect(use.factorId).toBe(BOARD_FACTOR_ID);
  });

  it('should report the same figures for a parcel in that box', () => {
    const r = cartonize({ items: [{ id: 'a', lengthMm: 200, widthMm: 150, heightMm: 100, weightG: 1000 }], boxes: [rsc300] });
    expect(r.parcels[0].boardKg).toBeCloseTo(0.1442, 12);
    expect(r.parcels[0].co2eKg).toBeCloseTo(0.0708022, 7);
    expect(r.parcels[0].dimWeightKg).toBeCloseTo(1.8, 12);
    expect(r.parcels[0].chargeableWeightKg).toBeCloseTo(1.8, 12);
  });

  it('should count no board for a reusable box', () => {
    expect(boxMaterialUse({ ...rsc300, material: 'reusable' })).toEqual({ boardKg: 0, materialKg: 0, co2eKg: 0, factorId: null });
  });
});

describe('dimensional weight', () => {
  it('should give 300×200×150 mm / 5000 = 1.8 kg and / 6000 = 1.5 kg', () => {
    expect(dimWeightKg(300, 200, 150)).toBeCloseTo(1.8, 12);
    expect(dimWeightKg(300, 200, 150, 6000)).toBeCloseTo(1.5, 12);
  });

  it('should charge the larger of actual and volumetric weight', () => {
    expect(chargeableWeightKg(2.5, 1.8)).toBe(2.5);
    expect(chargeableWeightKg(0.4, 1.8)).toBe(1.8);
  });
});

describe('factor values', () => {
  it('should match the factor library', () => {
    expect(builtInFactor(BOARD_FACTOR_ID)?.values.wtw).toBe(BOARD_KG_CO2E_PER_KG);
    expect(builtInFactor(MAILER_FACTOR_ID)?.values.wtw).toBe(MAILER_KG_CO2E_PER_KG);
  });
});
