export { parseCsv } from './csv.js';
export { BUILT_IN_SETS } from './data/index.js';
export {
  BUILT_IN_FACTORS,
  builtInFactor,
  builtInResolver,
  builtInSet,
  createResolver,
  factorValue,
  isBuiltInSetId,
} from './library.js';
export * from './model.js';
export {
  deleteFactorSet,
  type FactorFilter,
  getFactor,
  getFactorSet,
  type LoadOptions,
  type LoadResult,
  listFactorSets,
  listFactors,
  loadFactorSet,
  loadResolver,
  type ViewOptions,
} from './store.js';
export { type FactorInput, type FactorSetMeta, parseFactorCsv, parseFactorSetDocument } from './validate.js';
