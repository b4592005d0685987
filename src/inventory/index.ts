export * from './activity.js';
export * from './baseyear.js';
export * from './inventory.js';
export * from './model.js';
export { inventoryRoutes } from './routes.js';
export * from './scope2.js';
export * from './service.js';
export type { StoredRecalculation } from './store.js';
export * from './targets.js';
