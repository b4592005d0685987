export { allocateRound, evaluateRound } from './allocation.js';
export { computeShipment, evaluateShipment } from './chain.js';
export { computeFootprints } from './compute.js';
export {
  CSV_INPUT_COLUMNS,
  CSV_OUTPUT_COLUMNS,
  type CsvLineError,
  type CsvOptions,
  type CsvProgress,
  type CsvRunSummary,
  type CsvShipment,
  type CsvSource,
  csvField,
  csvLineOf,
  footprintCsvText,
  formatDecimal6,
  readShipmentsCsv,
  runFootprintCsv,
} from './csv.js';
export { type CsvFileOptions, type CsvFileSummary, runFootprintCsvFile } from './csv-file.js';
export { AIR_GCD_ADD_KM, applyDaf, dafRule, distanceTypeMatters, type IntensityBasis, SEA_DAF } from './daf.js';
export {
  type ExplainedFactor,
  type ExplanationSheet,
  type ExplanationStep,
  explainParcel,
  explainShipment,
  explanationText,
  ISO_14083_CLAUSES,
  type IsoClause,
} from './explain.js';
export {
  fromIleap,
  type IleapDistance,
  type IleapDocument,
  type IleapExportOptions,
  type IleapHoc,
  type IleapImportOptions,
  type IleapShipmentFootprint,
  type IleapTce,
  type IleapToc,
  ileapDecimal,
  toIleap,
  toIleapShipmentFootprint,
} from './ileap.js';
export * from './model.js';
export {
  type FootprintFilter,
  type FootprintJob,
  type FootprintSummary,
  type FootprintToSave,
  getFootprint,
  listFootprints,
  type StoredFootprint,
  type StoredFootprintDetail,
  saveFootprints,
  summarizeFootprints,
} from './store.js';
