export * from './label/index.js';
export { labelContentOf, printWaybills } from './labels.js';
export {
  type Carrier,
  type CarrierConfig,
  DEFAULT_CARRIERS,
  type IssuedWaybill,
  type ParcelInput,
  type Party,
  type Waybill,
} from './model.js';
export { isValidWaybillNo } from './numbers.js';
export { paperSaving, paperSavingTotals } from './paper.js';
export { waybillRoutes } from './routes.js';
export {
  countWaybills,
  getWaybill,
  issueWaybills,
  listCarriers,
  listWaybills,
  markReprinted,
  resolveToken,
  voidWaybill,
} from './store.js';
