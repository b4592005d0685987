/**
 * Reusable-box pool model. A box type is one GRAI asset type (GS1 company prefix + asset type), so every
 * box of the type shares the first 14 digits of its AI (8003) and its pool is found from the EPCIS events
 * by that class. The lifecycle of each box is derived from its events only (reference/epcis-rfid.md §1.3).
 */

export interface BoxType {
  id: string;
  tenantId: string;
  name: string;
  /** GS1 company prefix and asset type of the GRAI, e.g. `0614141` and `12345` (12 digits together). */
  companyPrefix: string;
  assetType: string;
  /** Canonical Digital Link of the class, `https://id.gs1.org/8003/0` + 13 digits (GCP + asset type + check digit). */
  graiClass: string;
  /** Design life in trips. */
  designTrips: number;
  /** Cradle-to-gate CO2e of making one box. */
  productionKgCo2e: number;
  /** The single-use carton one trip replaces, and its cradle-to-grave CO2e. */
  singleUseName: string;
  singleUseKgCo2e: number;
  /** Per trip: bringing the empty box back, and cleaning / inspecting it. */
  returnTransportKgCo2ePerTrip: number;
  cleaningKgCo2ePerTrip: number;
  /** Days at a customer (or in transit) after which a box is overdue, and after which it is counted lost. */
  overdueAfterDays: number;
  lostAfterDays: number;
  createdAt: string;
}

/** The event fields the lifecycle needs, one row per (event, box) pair. */
export interface BoxEvent {
  /** Canonical Digital Link of the GRAI. */
  epc: string;
  /** Epoch milliseconds (UTC). */
  timeMs: number;
  type: 'ObjectEvent' | 'AggregationEvent' | 'TransactionEvent' | 'TransformationEvent' | 'AssociationEvent';
  action: 'ADD' | 'OBSERVE' | 'DELETE' | null;
  /** Bare CBV term or a custom URI (cleaning: any URI ending in `cleaning`, see CLEANING_BIZ_STEP). */
  bizStep: string | null;
  disposition: string | null;
  /** persistentDisposition set / unset terms. */
  pdSet: string[];
  pdUnset: string[];
  /** How the box appears in the event: in epcList, as a child, as the parent (packing), input or output. */
  role: 'epc' | 'child' | 'parent' | 'input' | 'output';
  /** True when the event carries an errorDeclaration (it is then ignored). */
  errorDeclared: boolean;
}

/** Our custom bizStep for cleaning (CBV 2.0 has none). */
export const CLEANING_BIZ_STEP = 'https://greenlink.dev/voc/bizstep/cleaning';

export const BOX_STATES = [
  'commissioned',
  'available',
  'packed',
  'in_transit',
  'at_customer',
  'returned',
  'cleaning',
  'damaged',
  'retired',
  'lost',
] as const;
export type BoxState = (typeof BOX_STATES)[number];
