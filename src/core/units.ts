// Conversions at the edges; everything inside is SI-ish (kg, km, kWh, s).
export const KG_PER_TONNE = 1000;
export const G_PER_KG = 1000;
export const MM_PER_CM = 10;
export const CM3_PER_M3 = 1_000_000;

export const tonnes = (massKg: number): number => massKg / KG_PER_TONNE;
export const tonneKm = (massKg: number, distanceKm: number): number => (massKg / KG_PER_TONNE) * distanceKm;

/** Rounds for display only; never round inside a calculation chain. */
export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
