import { type LabelContent, renderBatch } from './label/index.js';
import type { LabelDpi, LabelFormat, LabelSize } from './label/model.js';
import type { Waybill } from './model.js';
import { labelParty } from './privacy.js';
import { assertPrintable } from './validate.js';

/** What a label prints for a stored waybill: masked parties only (the label never sees full data). */
export function labelContentOf(waybill: Waybill, carrierName: string, printedAt = new Date()): LabelContent {
  return {
    code: { waybillNo: waybill.waybillNo, carrierName, qrToken: waybill.qrToken },
    destination: { sortCode: waybill.sortCode, consolidationPoint: waybill.consolidation.name },
    recipient: labelParty(waybill.recipient),
    sender: labelParty(waybill.sender),
    contents: { text: waybill.contents, weightKg: waybill.weightKg, pieces: waybill.pieces },
    printedDate: printedAt.toISOString().slice(0, 10),
  };
}

/** Renders the labels of waybills as one print job; a voided waybill is refused (409). */
export async function printWaybills(
  waybills: readonly Waybill[],
  carrierNames: ReadonlyMap<string, string>,
  options: { format: LabelFormat; size?: LabelSize; dpi?: LabelDpi },
): Promise<Buffer | string> {
  for (const w of waybills) assertPrintable(w);
  const contents = waybills.map((w) => labelContentOf(w, carrierNames.get(w.carrier) ?? w.carrier));
  return renderBatch(contents, options);
}
