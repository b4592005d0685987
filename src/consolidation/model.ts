import type { Item } from '../packing/index.js';

/**
 * Consolidation model. Orders come in as merchants send them (text as typed, ship-by with an
 * offset); the engine normalises names, phones and addresses itself. Masses in g and lengths in mm
 * as on the items; packaging results in kg (board) and kg CO2e, as the packer reports them.
 */

export type { Item };

/** An address split the way Chinese order systems usually send it. */
export interface StructuredAddress {
  province?: string;
  city?: string;
  district?: string;
  street: string;
  /** Building, unit, room. */
  detail?: string;
}

/** Structured, or one line as typed ("浙江省杭州市西湖区文三路90号"). */
export type Address = StructuredAddress | string;

export interface Recipient {
  name: string;
  phone: string;
  address: Address;
}

export interface Handling {
  coldChain?: boolean;
  dangerousGoods?: boolean;
}

export interface Order {
  id: string;
  warehouseId: string;
  recipient: Recipient;
  /** Latest time the order may leave the warehouse: ISO 8601 with an offset. */
  shipBy: string;
  items: Item[];
  handling?: Handling;
  createdAt?: string;
}

/** One parcel as the injected packer reports it. */
export interface PackerParcel {
  /** Null when the items ship without an outer box (own container). */
  boxId: string | null;
  boardKg: number;
  co2eKg: number;
}

export interface PackerResult {
  parcels: PackerParcel[];
  /** Items the packer could not place; the engine only counts them. */
  unpacked: unknown[];
}

/**
 * Packs one set of items. Injected so consolidation does not depend on a packing engine; the
 * item ids it receives are prefixed with their order id (`O1/sku-7`), so they stay unique.
 */
export type Packer = (items: Item[]) => PackerResult;

export interface ConsolidationOptions {
  /** Orders merge when their ship-by times lie within this many minutes of the group's earliest; default 240. */
  holdWindowMinutes?: number;
  /** Cap on the summed item weight of a merged group (an order on its own is never split). */
  maxParcelWeightG?: number;
  /** Cap on the summed item volume of a merged group. */
  maxParcelVolumeCm3?: number;
  pack: Packer;
}

/** Dangerous goods ship alone; cold chain merges only with cold chain. */
export type HandlingClass = 'ambient' | 'cold-chain' | 'dangerous-goods';

/** Why orders of the same recipient at the same address were kept apart. */
export type KeptApartReason =
  | 'warehouse'
  | 'dangerous-goods'
  | 'cold-chain'
  | 'hold-window'
  | 'weight-limit'
  | 'volume-limit'
  | 'unpacked'
  | 'more-parcels'
  | 'no-saving';

export interface KeptApart {
  reason: KeptApartReason;
  message: string;
  /** The other groups (same recipient and address) kept apart from this one for this reason. */
  groupIds: string[];
  orderIds: string[];
}

/** Packaging of a set of parcels. */
export interface PackagingTotals {
  parcels: number;
  boardKg: number;
  co2eKg: number;
}

/** Baseline minus consolidated; one label per parcel, so labels = parcels. */
export interface Savings extends PackagingTotals {
  labels: number;
}

/** One order packed on its own: the baseline. */
export interface OrderAlone {
  orderId: string;
  parcels: PackerParcel[];
  unpacked: unknown[];
}

export interface ConsolidationGroup {
  /** `G1`, `G2`, … in order of earliest ship-by. */
  id: string;
  /** In ship-by order. */
  orderIds: string[];
  warehouseId: string;
  /**
   * `D1`, `D2`, …: groups with the same recipient at the same address share it. A label of this
   * report only; the recipient keys stay inside, since a hash of name and phone can be guessed.
   */
  destinationRef: string;
  handling: HandlingClass;
  earliestShipByUtc: string;
  latestShipByUtc: string;
  /** The group's items packed together. */
  parcels: PackerParcel[];
  unpacked: unknown[];
  parcelCount: number;
  boardKg: number;
  co2eKg: number;
  /** Each order of the group packed alone. */
  alone: OrderAlone[];
  baseline: PackagingTotals;
  avoided: Savings;
  keptApart: KeptApart[];
}

export interface ConsolidationReport {
  holdWindowMinutes: number;
  maxParcelWeightG: number | null;
  maxParcelVolumeCm3: number | null;
  orderCount: number;
  groups: ConsolidationGroup[];
  /** Sums over the groups. */
  consolidated: PackagingTotals;
  /** Every order packed alone. */
  baseline: PackagingTotals;
  avoided: Savings;
}
