export * from './config.js';
export * from './crypto.js';
export * from './errors.js';
export * from './geo.js';
export * from './ids.js';
export * from './scope.js';
export * from './time.js';
export * from './units.js';
