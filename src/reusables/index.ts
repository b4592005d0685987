export { registerReusableCommands } from './cli.js';
export { registerEpcCommands } from './epc/cli.js';
export { epcisRoutes } from './epcis/routes.js';
export { captureEvents, countEvents, queryEvents } from './epcis/store.js';
export { type BoxTypeInput, createBoxType, listBoxTypes } from './pool/store.js';
export { reusableRoutes } from './routes.js';
