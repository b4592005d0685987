export { CHINA_POST_BOXES, chinaPostBox, standardCandidates } from './candidates.js';
export { type LoadingBoxType, type LoadingOptions, type LoadingProblem, type LoadingResult, loadContainer } from './container.js';
export {
  type BoxRangeInput,
  type BoxRangeResult,
  candidateGrid,
  designBoxRange,
  evaluateRange,
  type RangeTotals,
} from './design.js';
export * from './material.js';
export * from './model.js';
export {
  cartonize,
  REASON_GROUP,
  REASON_NO_STOCK,
  REASON_TOO_HEAVY,
  REASON_TOO_HEAVY_FOR_FITTING,
  REASON_TOO_LARGE,
  REASON_UNPLACED,
} from './pack.js';
export { type CatalogBox, deleteBox, listBoxes, upsertBoxes, validateBox } from './store.js';
export { renderParcelSvg, type SvgOptions } from './svg.js';
export { parseThpack, type ThpackProblem, thpackToLoadingProblem } from './thpack.js';
export { validatePackOrder } from './validate.js';
export { type VerifyOptions, verifyPacking, verifyParcel } from './verify.js';
