export * from './activity.js';
export * from './baseyear.js';
export * from './inventory.js';
export * from './model.js';
export * from './scope2.js';
export * from './targets.js';
