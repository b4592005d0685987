import type { Box } from './model.js';

// Packaging material of one parcel: board mass from the RSC blank (reference/packing.md §4), a
// plastic mailer's film, dimensional weight. The factor values are the library's own
// (`fefco-2021:corrugated-board`, `desnz-2026:plastic-film-primary`), copied here so the engine
// stays pure; material.test.ts checks they still match the factor library.

/** Manufacturer's joint (glue/stitch flap) of an RSC blank, mm. */
export const RSC_JOINT_MM = 30;

export const BOARD_FACTOR_ID = 'fefco-2021:corrugated-board';
/** FEFCO 2021: 491 kg CO2e per tonne of corrugated packaging. */
export const BOARD_KG_CO2E_PER_KG = 0.491;
export const MAILER_FACTOR_ID = 'desnz-2026:plastic-film-primary';
/** DESNZ 2026 material use, plastics average film, primary: 2,916.51 kg CO2e/t. */
export const MAILER_KG_CO2E_PER_KG = 2.91651;

/** Combined grammage when a box does not state one: e-commerce single wall ≈ 400 g/m² (125/125-112 B). */
export const DEFAULT_SINGLE_WALL_GSM = 400;
/** Double wall when not stated: two single-wall-class boards sharing a liner [unverified rule of thumb]. */
export const DEFAULT_DOUBLE_WALL_GSM = 650;
/** A 60 µm polyethylene mailer film: 60 µm × 0.92 g/cm³ ≈ 55 g/m² [derived]. */
export const DEFAULT_MAILER_GSM = 55;

export const DIM_DIVISOR_COURIER_CM3_PER_KG = 5000;
export const DIM_DIVISOR_IATA_CM3_PER_KG = 6000;

/** Blank area of a regular slotted container (FEFCO 0201): (2L + 2W + j) × (W + H), in m². */
export function rscBlankAreaM2(lengthMm: number, widthMm: number, heightMm: number, jointMm = RSC_JOINT_MM): number {
  return ((2 * lengthMm + 2 * widthMm + jointMm) * (widthMm + heightMm)) / 1e6;
}

/** Board mass of an RSC from its outer dims and combined grammage, kg. */
export function rscBoardKg(
  lengthMm: number,
  widthMm: number,
  heightMm: number,
  boardGsm: number,
  jointMm = RSC_JOINT_MM,
): number {
  return (rscBlankAreaM2(lengthMm, widthMm, heightMm, jointMm) * boardGsm) / 1000;
}

/** Volumetric weight L×W×H / divisor, kg (dims in mm, divisor in cm³/kg). */
export function dimWeightKg(
  lengthMm: number,
  widthMm: number,
  heightMm: number,
  divisorCm3PerKg = DIM_DIVISOR_COURIER_CM3_PER_KG,
): number {
  return (lengthMm * widthMm * heightMm) / 1000 / divisorCm3PerKg;
}

/** Chargeable weight: the larger of actual and volumetric weight, kg. */
export function chargeableWeightKg(actualKg: number, volumetricKg: number): number {
  return Math.max(actualKg, volumetricKg);
}

export interface BoxMaterialUse {
  /** Corrugated board used by this parcel, kg (0 for mailers and reusable boxes). */
  boardKg: number;
  /** All packaging material used by this parcel (board or film), kg. */
  materialKg: number;
  co2eKg: number;
  /** Factor the CO2e comes from; null when nothing is consumed (reusable box). */
  factorId: string | null;
}

/**
 * Material one shipment consumes with this box. A reusable box consumes nothing for this parcel
 * (its making is spread over its trips, which the reusables module accounts); a mailer is two
 * film faces of (L + H) × (W + H); everything else is an RSC blank on the outer dims.
 */
export function boxMaterialUse(box: Box, boardFactorKgCo2ePerKg = BOARD_KG_CO2E_PER_KG): BoxMaterialUse {
  const material = box.material ?? 'single-wall';
  const { outerLengthMm: l, outerWidthMm: w, outerHeightMm: h } = box;
  if (material === 'reusable') return { boardKg: 0, materialKg: 0, co2eKg: 0, factorId: null };
  if (material === 'mailer') {
    const kg = (2 * (l + h) * (w + h) * (box.boardGsm ?? DEFAULT_MAILER_GSM)) / 1e9;
    return { boardKg: 0, materialKg: kg, co2eKg: kg * MAILER_KG_CO2E_PER_KG, factorId: MAILER_FACTOR_ID };
  }
  const gsm = box.boardGsm ?? (material === 'double-wall' ? DEFAULT_DOUBLE_WALL_GSM : DEFAULT_SINGLE_WALL_GSM);
  const kg = rscBoardKg(l, w, h, gsm);
  return { boardKg: kg, materialKg: kg, co2eKg: kg * boardFactorKgCo2ePerKg, factorId: BOARD_FACTOR_ID };
}
