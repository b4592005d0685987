import { formatDecimal6 as fmt } from './csv.js';
import type { ShipmentFootprint } from './model.js';

// Same number format as the batch CSV path, so a stored job's result matches the CLI's output.

/** One output CSV row (CSV_OUTPUT_COLUMNS order) for a computed shipment. */
export function footprintCsvValues(r: ShipmentFootprint): string[] {
  return [
    r.shipmentId,
    fmt(r.massKg),
    String(r.elements.length),
    fmt(r.transportActivityTkm),
    fmt(r.hubActivityT),
    fmt(r.co2eWtwKg),
    fmt(r.co2eTtwKg),
    fmt(r.co2eWttKg),
    fmt(r.co2eWtwUnsplitKg),
    fmt(r.temperatureControlled.co2eWtwKg),
    fmt(r.primaryDataShare),
  ];
}
