/**
 * Cartonization model. Lengths in mm, masses in g (as order systems send them), converted to kg
 * only in results that say so. A placement's x/y/z is its minimum corner inside the box's inner
 * space; x along the box length, y along its width, z up.
 */

/** Which item axes may point up: any (6 rotations), this side up (height stays vertical: 2 rotations), fixed. */
export type Orientation = 'any' | 'this-side-up' | 'fixed';

export interface Item {
  id: string;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  weightG: number;
  /** Units of this item; default 1. */
  quantity?: number;
  /** Default 'any'. */
  orientation?: Orientation;
  /** False: nothing may rest on top of it. Default true. */
  stackable?: boolean;
  fragile?: boolean;
  /** Already boxed: ships as its own parcel (no outer box) unless packed as a rigid block. */
  ownContainer?: boolean;
  /** Items with the same `together` group ship in one parcel. */
  together?: string;
  /** Items with the same `apart` group never share a parcel. */
  apart?: string;
}

export type BoxMaterial = 'single-wall' | 'double-wall' | 'mailer' | 'reusable';

export interface Box {
  id: string;
  innerLengthMm: number;
  innerWidthMm: number;
  innerHeightMm: number;
  outerLengthMm: number;
  outerWidthMm: number;
  outerHeightMm: number;
  emptyWeightG: number;
  maxWeightG: number;
  /** Combined board grammage, g/m² (single wall ≈ 350-550). */
  boardGsm?: number;
  material?: BoxMaterial;
  /** GS1 GRAI of a reusable box type. */
  grai?: string;
  /** Price of the box in the order's currency. */
  cost?: number;
  /** Units in stock; absent = unlimited. */
  stock?: number;
}

/** One placed unit of an item. */
export interface Placement {
  itemId: string;
  x: number;
  y: number;
  z: number;
  /** Placed dimensions along x, y, z (a rotation of the item's dimensions). */
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

export interface PackingRules {
  /** Share of a unit's base that must rest on the floor or on units below, 0..1; default 0.75. */
  minSupportRatio: number;
}

export const DEFAULT_RULES: PackingRules = { minSupportRatio: 0.75 };

/** A rule broken by a packing, as the verifier reports it. */
export interface Violation {
  rule:
    | 'inside'
    | 'overlap'
    | 'orientation'
    | 'weight'
    | 'support'
    | 'stacking'
    | 'count'
    | 'unknown-item'
    | 'dimension'
    | 'unknown-box'
    | 'stock'
    | 'group'
    | 'own-container';
  message: string;
  /** Index of the offending placement, when there is one. */
  placement?: number;
  /** Index of the offending parcel, when a whole result is verified. */
  parcel?: number;
}

export type PackObjective = 'co2e' | 'cost' | 'boxes';

/** A carrier rate: base price per parcel plus a price per chargeable kg. */
export interface CarrierRate {
  baseCost: number;
  perKg: number;
}

/** One cartonization request. */
export interface PackOrder {
  items: Item[];
  boxes: Box[];
  /** Default 'co2e' (least packaging material emissions). */
  objective?: PackObjective;
  rules?: Partial<PackingRules>;
  /** Volumetric divisor, cm³/kg; default 5000 (courier), 6000 for IATA air. */
  dimDivisorCm3PerKg?: number;
  /** kg CO2e per kg of corrugated board; default 0.491 (FEFCO 2021). */
  boardFactorKgCo2ePerKg?: number;
  carrierRate?: CarrierRate;
}

/** One shipped parcel: a box (or none for an item in its own container) and its units. */
export interface PackedParcel {
  /** Null for an item shipping in its own container. */
  boxId: string | null;
  placements: Placement[];
  /** Items plus empty box. */
  weightG: number;
  /** Item volume / box inner volume, 0..1. */
  volumeUtilisation: number;
  voidVolumeCm3: number;
  dimWeightKg: number;
  chargeableWeightKg: number;
  /** Corrugated board consumed, kg (0 for mailers, reusable boxes and own containers). */
  boardKg: number;
  /** All packaging material consumed (board or mailer film), kg. */
  materialKg: number;
  /** Emission factor of the material (factor library id); null when nothing is consumed. */
  materialFactorId: string | null;
  co2eKg: number;
  /** Box cost plus carrier rate on chargeable weight (0 for the parts not given). */
  cost: number;
}

export interface UnpackedItem {
  itemId: string;
  quantity: number;
  reason: string;
}

export interface PackResult {
  parcels: PackedParcel[];
  unpacked: UnpackedItem[];
  totals: { parcels: number; boardKg: number; co2eKg: number; cost: number };
}
