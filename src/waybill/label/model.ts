// Types of a printable e-waybill label, by the zones of GB/T 41833-2022 (码号区, 目的地信息区, 收件人信息区,
// 寄件人信息区, 内件信息区, 签收区).

/** Label stock: 76x130 one-part (default), 100x180 two-part cut 110+70, 100x150 two-part cut 90+60. */
export type LabelSize = '76x130' | '100x180' | '100x150';
export const LABEL_SIZES: readonly LabelSize[] = ['76x130', '100x180', '100x150'];
export const DEFAULT_LABEL_SIZE: LabelSize = '76x130';

export type LabelFormat = 'pdf' | 'zpl' | 'tspl' | 'png';
export const LABEL_FORMATS: readonly LabelFormat[] = ['pdf', 'zpl', 'tspl', 'png'];

/** Print-head resolution of thermal printers (dots per inch). */
export type LabelDpi = 203 | 300;

/**
 * A person on the label. Every field is ALREADY MASKED by the caller (e.g. 张*三, 138****1234,
 * 浙江省杭州市西湖区文三路 ****): the renderers never see full personal data, so no label format can
 * leak it. The full values stay encrypted on the server behind the QR token.
 */
export interface MaskedParty {
  name: string;
  phone: string;
  address: string;
}

/** Everything printed on one label. Personal data in `recipient` and `sender` must be masked. */
export interface LabelContent {
  /** 码号区: the waybill number (Code 128), the carrier, and the token the courier app resolves (QR). */
  code: { waybillNo: string; carrierName: string; qrToken: string };
  /** 目的地信息区: the three-segment sort code (三段码, e.g. "830-120-00 012") and the consolidation point (集包地). */
  destination: { sortCode: string; consolidationPoint: string };
  recipient: MaskedParty;
  sender: MaskedParty;
  /** 内件信息区. */
  contents: { text: string; weightKg: number; pieces: number };
  /** 签收区: an optional note printed in the signature zone (e.g. 已验视). */
  signature?: { note?: string };
  /** The print date, YYYY-MM-DD. */
  printedDate: string;
}

export interface LabelOptions {
  format: LabelFormat;
  size?: LabelSize;
  /** For ZPL, TSPL and PNG; PDF is resolution-independent. Default 203. */
  dpi?: LabelDpi;
}
