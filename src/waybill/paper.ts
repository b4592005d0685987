import { AppError, ErrorCode } from '../core/index.js';
import { builtInResolver, type FactorResolver, factorValue } from '../factors/index.js';
import { LABEL_SPECS, type LabelSizeName } from './model.js';

// Paper an e-waybill uses and the multi-part paper waybill it replaces. Pure.
//
// Label mass = label area x (face + liner grammage). Baseline = parts x sheet area x grammage per
// part. No authoritative grams-per-label figure exists (reference/waybills-and-recycling.md A2), so
// every grammage is configurable; the defaults below are our assumptions, labelled as such.

/** Grammage of a direct-thermal label stock, g/m². */
export interface LabelStock {
  /** Thermal face paper. */
  faceGsm: number;
  /** Release liner (backing) that is peeled off and discarded; 0 to leave it out. */
  linerGsm: number;
}

/** Illustrative supplier values: ~80 g/m² thermal face paper on a ~60 g/m² glassine liner. */
export const DEFAULT_LABEL_STOCK: LabelStock = { faceGsm: 80, linerGsm: 60 };

/** The paper waybill an e-waybill replaces. */
export interface PaperBaseline {
  /** Sheets (parts, 联) in one set. */
  parts: number;
  widthMm: number;
  heightMm: number;
  /** Grammage of one part, g/m². */
  gsmPerPart: number;
}

/**
 * Our assumption: a 4-part 230 x 127 mm carbonless set at ~55 g/m² per part. Four parts matches
 * Cainiao's reported ~4 sheets saved per e-waybill parcel (400 bn sheets over ~100 bn parcels).
 */
export const DEFAULT_PAPER_BASELINE: PaperBaseline = { parts: 4, widthMm: 230, heightMm: 127, gsmPerPart: 55 };

/** DESNZ 2026 material use, paper and board: paper, primary production (1,345.08 kg CO2e/t). */
export const PAPER_FACTOR_ID = 'desnz-2026:paper-primary';

export interface PaperOptions {
  stock?: LabelStock;
  baseline?: PaperBaseline;
  /** Factor for both the label and the baseline paper, kg CO2e per kg. */
  factorId?: string;
  resolver?: FactorResolver;
}

/** Paper and CO2e of one e-waybill label against the paper waybill it replaces. */
export interface PaperSaving {
  labelWidthMm: number;
  labelHeightMm: number;
  labelAreaM2: number;
  labelFaceKg: number;
  labelLinerKg: number;
  /** Face + liner. */
  labelKg: number;
  /** Sheets of the paper set one label replaces. */
  baselineSheets: number;
  baselineKg: number;
  /** baselineKg - labelKg (negative if the baseline were lighter). */
  savedKg: number;
  factorId: string;
  kgCo2ePerKg: number;
  labelCo2eKg: number;
  baselineCo2eKg: number;
  savedCo2eKg: number;
}

const positive = (value: number, what: string): number => {
  if (!Number.isFinite(value) || value < 0) throw new AppError(ErrorCode.Validation, `${what} must be a number >= 0`);
  return value;
};

/** The saving of one label of a named size or of any width x height in mm. */
export function paperSaving(
  size: LabelSizeName | { widthMm: number; heightMm: number },
  options: PaperOptions = {},
): PaperSaving {
  const { widthMm, heightMm } = typeof size === 'string' ? LABEL_SPECS[size] : size;
  const stock = options.stock ?? DEFAULT_LABEL_STOCK;
  const baseline = options.baseline ?? DEFAULT_PAPER_BASELINE;
  const factorId = options.factorId ?? PAPER_FACTOR_ID;
  const factor = (options.resolver ?? builtInResolver)(factorId);
  const kgCo2ePerKg = factor && factor.unit === 'kgCO2e/kg' ? factorValue(factor, 'WTW') : undefined;
  if (kgCo2ePerKg === undefined) {
    throw new AppError(ErrorCode.Validation, `paper factor ${factorId} is not a kgCO2e/kg factor in the library`);
  }
  const labelAreaM2 = (positive(widthMm, 'label width') * positive(heightMm, 'label height')) / 1e6;
  const labelFaceKg = (labelAreaM2 * positive(stock.faceGsm, 'face grammage')) / 1000;
  const labelLinerKg = (labelAreaM2 * positive(stock.linerGsm, 'liner grammage')) / 1000;
  const labelKg = labelFaceKg + labelLinerKg;
  const baselineKg =
    (positive(baseline.parts, 'baseline parts') *
      positive(baseline.widthMm, 'baseline width') *
      positive(baseline.heightMm, 'baseline height') *
      positive(baseline.gsmPerPart, 'baseline grammage')) /
    1e9;
  return {
    labelWidthMm: widthMm,
    labelHeightMm: heightMm,
    labelAreaM2,
    labelFaceKg,
    labelLinerKg,
    labelKg,
    baselineSheets: baseline.parts,
    baselineKg,
    savedKg: baselineKg - labelKg,
    factorId,
    kgCo2ePerKg,
    labelCo2eKg: labelKg * kgCo2ePerKg,
    baselineCo2eKg: baselineKg * kgCo2ePerKg,
    savedCo2eKg: (baselineKg - labelKg) * kgCo2ePerKg,
  };
}

/** Totals for a number of labels of one size, for the progress dashboard. */
export interface PaperSavingTotals {
  labels: number;
  sheetsSaved: number;
  paperSavedKg: number;
  co2eSavedKg: number;
  factorId: string;
}

export function paperSavingTotals(labels: number, perLabel: PaperSaving): PaperSavingTotals {
  return {
    labels,
    sheetsSaved: labels * perLabel.baselineSheets,
    paperSavedKg: labels * perLabel.savedKg,
    co2eSavedKg: labels * perLabel.savedCo2eKg,
    factorId: perLabel.factorId,
  };
}
