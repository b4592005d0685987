/**
 * Station recycling: consumers leave packaging at pick-up/drop-off stations, staff grade it, consumers earn
 * green points, good cartons go back into stock and out again on parcels (reference/waybills-and-recycling.md B).
 */

/** What staff record for a drop-off: a reusable carton by size class, pulp, plastic, or an RFID box of a pool. */
export const GRADES = ['carton_s', 'carton_m', 'carton_l', 'pulp', 'plastic', 'reusable_box'] as const;
export type Grade = (typeof GRADES)[number];

/** Size classes of reclaimed cartons (stock and reuse). */
export const SIZE_CLASSES = ['s', 'm', 'l'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export const sizeClassOf = (grade: Grade): SizeClass | undefined =>
  grade === 'carton_s' ? 's' : grade === 'carton_m' ? 'm' : grade === 'carton_l' ? 'l' : undefined;

/** Why a drop-off earned nothing. */
export const REFUSAL_REASONS = [
  'already_rewarded', // this parcel (waybill) or box (GRAI) has had its one reward
  'consumer_daily_cap', // the consumer reached the day's cap
  'station_daily_cap', // the station reached the day's cap
  'device_velocity', // the device scanned faster than a person can
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Stations run on China time: caps, metrics and reuse count per local (UTC+8) day, YYYY-MM-DD. */
export const stationLocalDay = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

export const LEDGER_KINDS = ['award', 'redeem', 'reverse', 'expire'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Points per event type when a tenant has set no rule (`dropoff:<grade>`, `reuse`). */
export const DEFAULT_POINTS: Readonly<Record<string, number>> = {
  'dropoff:carton_s': 5,
  'dropoff:carton_m': 8,
  'dropoff:carton_l': 10,
  'dropoff:pulp': 3,
  'dropoff:plastic': 2,
  'dropoff:reusable_box': 15,
  reuse: 5,
};

export interface LedgerEntry {
  id: string;
  tenantId: string;
  consumerId: string;
  kind: LedgerKind;
  points: number;
  sourceType: string;
  sourceId: string;
  idempotencyKey: string;
  reversesId: string | null;
  note: string | null;
  createdAt: string;
}
