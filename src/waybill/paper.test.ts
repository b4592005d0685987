import { describe, expect, it } from 'vitest';
import { builtInFactor } from '../factors/index.js';
import { DEFAULT_LABEL_STOCK, DEFAULT_PAPER_BASELINE, PAPER_FACTOR_ID, paperSaving, paperSavingTotals } from './paper.js';

// Worked by hand: area x grammage; baseline 4 x 0.230 m x 0.127 m x 55 g/m² = 6.4262 g;
// DESNZ 2026 paper, primary: 1,345.08 kg CO2e/t = 1.34508 kg CO2e/kg.

describe('paper saved by one e-waybill', () => {
  it('should use the library paper factor', () => {
    expect(builtInFactor(PAPER_FACTOR_ID)?.values.wtw).toBe(1.34508);
    expect(DEFAULT_LABEL_STOCK).toEqual({ faceGsm: 80, linerGsm: 60 });
    expect(DEFAULT_PAPER_BASELINE).toEqual({ parts: 4, widthMm: 230, heightMm: 127, gsmPerPart: 55 });
  });

  it('should give 76x130: 0.00988 m², 1.3832 g label, 5.043 g and 6.78 g CO2e saved', () => {
    const s = paperSaving('76x130');
    expect(s.labelAreaM2).toBeCloseTo(0.00988, 12);
    expect(s.labelFaceKg).toBeCloseTo(0.0007904, 12);
    expect(s.labelLinerKg).toBeCloseTo(0.0005928, 12);
    expect(s.labelKg).toBeCloseTo(0.0013832, 12);
    expect(s.baselineKg).toBeCloseTo(0.0064262, 12);
    expect(s.savedKg).toBeCloseTo(0.005043, 12);
    expect(s.savedCo2eKg).toBeCloseTo(0.005043 * 1.34508, 12);
    expect(s.baselineSheets).toBe(4);
    expect(s.factorId).toBe('desnz-2026:paper-primary');
  });

  it('should give 100x180: 0.018 m², 2.52 g label, 3.9062 g and 5.25 g CO2e saved', () => {
    const s = paperSaving('100x180');
    expect(s.labelAreaM2).toBeCloseTo(0.018, 12);
    expect(s.labelKg).toBeCloseTo(0.00252, 12);
    expect(s.savedKg).toBeCloseTo(0.0039062, 12);
    expect(s.savedCo2eKg).toBeCloseTo(0.0039062 * 1.34508, 12);
    expect(s.labelCo2eKg + s.savedCo2eKg).toBeCloseTo(s.baselineCo2eKg, 12);
  });

  it('should take a custom stock, baseline and size', () => {
    const s = paperSaving(
      { widthMm: 100, heightMm: 100 },
      { stock: { faceGsm: 70, linerGsm: 0 }, baseline: { parts: 3, widthMm: 100, heightMm: 100, gsmPerPart: 50 } },
    );
    expect(s.labelKg).toBeCloseTo(0.0007, 12);
    expect(s.baselineKg).toBeCloseTo(0.0015, 12);
    expect(s.savedKg).toBeCloseTo(0.0008, 12);
  });

  it('should add up for the dashboard', () => {
    const t = paperSavingTotals(1000, paperSaving('76x130'));
    expect(t.sheetsSaved).toBe(4000);
    expect(t.paperSavedKg).toBeCloseTo(5.043, 9);
    expect(t.co2eSavedKg).toBeCloseTo(5.043 * 1.34508, 9);
  });

  it('should refuse a factor that is not per kg, and negative grammage', () => {
    expect(() => paperSaving('76x130', { factorId: 'desnz-2026:hgv-average' })).toThrow(/not a kgCO2e\/kg/);
    expect(() => paperSaving('76x130', { factorId: 'nope:x' })).toThrow(/nope:x/);
    expect(() => paperSaving('76x130', { stock: { faceGsm: -1, linerGsm: 0 } })).toThrow(/face grammage/);
  });
});
