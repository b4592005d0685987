/**
 * E-waybill model. Parties come in as merchants send them and are stored encrypted; a `Waybill`
 * carries masked parties only (GB/T 41833-2022: the label must not show full personal details).
 * Masses in kg, label sizes in mm.
 */

/** A sender or recipient as the merchant sends it. `address` is the line below the district (street, building, room). */
export interface Party {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  address: string;
}

/** A party as labels and ordinary responses show it: name, phone and the house/room part hidden. */
export interface MaskedParty {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  address: string;
}

/** One parcel to issue a waybill for. */
export interface ParcelInput {
  /** The merchant's key for this parcel (order id): issuing it again returns the same waybill. */
  orderKey: string;
  /** Carrier code (`ZTO`, `SF`, ...), case-insensitive. */
  carrier: string;
  sender: Party;
  recipient: Party;
  weightKg: number;
  /** What the parcel holds, as printed in the contents zone (no personal data). */
  contents: string;
  /** Number of pieces; 1 when absent. */
  pieces?: number;
}

export type WaybillStatus = 'issued' | 'voided';

/** Destination routing fields of the label (大头笔/集包地/三段码): Greenlink's own derivation, not a carrier's. */
export interface Consolidation {
  code: string;
  name: string;
}

/** A stored waybill with masked parties: what labels print and ordinary responses show. */
export interface Waybill {
  id: string;
  tenantId: string;
  carrier: string;
  waybillNo: string;
  orderKey: string;
  status: WaybillStatus;
  /** Times the label was printed again after the first print. */
  reprintCount: number;
  lastPrintedAt: string | null;
  sender: MaskedParty;
  recipient: MaskedParty;
  weightKg: number;
  pieces: number;
  contents: string;
  /** Three-segment sort code (三段码), `PPP-CCC-DD`. */
  sortCode: string;
  /** Consolidation point (集包地). */
  consolidation: Consolidation;
  /** Random token the label's QR code carries; an authorised courier key resolves it to the full parties. */
  qrToken: string;
  createdAt: string;
  voidedAt: string | null;
  voidReason: string | null;
}

/** The result of issuing one parcel: `reused` when the order key already had a waybill. */
export interface IssuedWaybill extends Waybill {
  reused: boolean;
}

/** A waybill with the full parties, for an authorised courier (audited). */
export interface ResolvedWaybill {
  waybill: Waybill;
  sender: Party;
  recipient: Party;
  /** Id of the audit row this read wrote. */
  accessId: string;
}

/** One audited read of a waybill's full personal data. */
export interface WaybillAccess {
  id: string;
  tenantId: string | null;
  /** Null when the token resolved to nothing (failed attempts are audited too). */
  waybillId: string | null;
  waybillNo: string | null;
  /** API key id of the reader. */
  keyId: string;
  role: string;
  purpose: string;
  outcome: 'granted' | 'not_found';
  accessedAt: string;
}

// ---- carriers ----

/**
 * Check-digit schemes, computed over the sequence digits only: `luhn` (ISO/IEC 7812 mod 10, the
 * default) or `mod11` (UPU S10: weights 8,6,4,2,3,5,9,7, repeated past 8 digits; 11 - sum mod 11,
 * 10 → 0, 11 → 5).
 */
export type CheckScheme = 'luhn' | 'mod11';
export const CHECK_SCHEMES: readonly CheckScheme[] = ['luhn', 'mod11'];

/** A carrier's numbering rule: number = prefix + zero-padded sequence + one check digit. */
export interface CarrierConfig {
  /** Upper-case code, unique across Greenlink (`ZTO`). */
  code: string;
  name: string;
  /** Upper-case letters/digits, unique across carriers so a number tells its carrier. */
  prefix: string;
  /** Digits of the zero-padded sequence (4 to 15). */
  sequenceDigits: number;
  checkScheme: CheckScheme;
}

/** A carrier as stored: null tenant = shared by every tenant (the defaults and admin-added ones). */
export interface Carrier extends CarrierConfig {
  tenantId: string | null;
  createdAt: string;
}

/**
 * The carriers every installation starts with. The prefixes, lengths and check schemes are
 * Greenlink's own illustrative rules, NOT the carriers' real numbering: a live integration gets its
 * numbers from the carrier's e-waybill API instead.
 */
export const DEFAULT_CARRIERS: readonly CarrierConfig[] = [
  { code: 'ZTO', name: '中通快递 ZTO Express', prefix: '78', sequenceDigits: 11, checkScheme: 'luhn' },
  { code: 'YTO', name: '圆通速递 YTO Express', prefix: 'YT', sequenceDigits: 12, checkScheme: 'luhn' },
  { code: 'STO', name: '申通快递 STO Express', prefix: '77', sequenceDigits: 11, checkScheme: 'luhn' },
  { code: 'YD', name: '韵达速递 Yunda Express', prefix: '43', sequenceDigits: 11, checkScheme: 'luhn' },
  { code: 'JT', name: '极兔速递 J&T Express', prefix: 'JT', sequenceDigits: 12, checkScheme: 'luhn' },
  { code: 'SF', name: '顺丰速运 SF Express', prefix: 'SF', sequenceDigits: 12, checkScheme: 'luhn' },
  { code: 'EMS', name: '中国邮政 EMS', prefix: 'E', sequenceDigits: 8, checkScheme: 'mod11' },
];

// ---- label sizes ----

/** Label sizes, named as in `label/model.ts` (which renders them). */
export type LabelSizeName = '76x130' | '100x150' | '100x180';

/** A thermal label size and what the layout can print on it. */
export interface LabelSizeSpec {
  widthMm: number;
  heightMm: number;
  /** Parts (联) the label is cut into. */
  parts: number;
  /**
   * Longest address line (province + city + district + address, in characters, full or masked)
   * issuance accepts for this size. Greenlink's layout limit, not the standard's.
   */
  maxAddressChars: number;
}

/** Sizes from the reference's preset table (GB/T 41833-2022 and platform templates). */
export const LABEL_SPECS: Readonly<Record<LabelSizeName, LabelSizeSpec>> = {
  '76x130': { widthMm: 76, heightMm: 130, parts: 1, maxAddressChars: 60 },
  '100x150': { widthMm: 100, heightMm: 150, parts: 2, maxAddressChars: 72 },
  '100x180': { widthMm: 100, heightMm: 180, parts: 2, maxAddressChars: 80 },
};

/** Issuance checks addresses against the smallest label (the default 76x130) unless told otherwise. */
export const ISSUE_LABEL_SIZE: LabelSizeName = '76x130';

export const isLabelSizeName = (value: string): value is LabelSizeName => Object.hasOwn(LABEL_SPECS, value);
