export { type Dropoff, type DropoffInput, listDropoffs, recordDropoff } from './dropoffs.js';
export * from './model.js';
export { pointsRoutes } from './points-routes.js';
export { recyclingRoutes } from './routes.js';
export { createStations, getStation, listStations, parseStationsCsv, type Station, type StationInput } from './stations.js';
