export { type Dropoff, type DropoffInput, listDropoffs, recordDropoff } from './dropoffs.js';
export { type Figures, type MetricsFilter, type RecyclingMetrics, recyclingMetrics } from './metrics.js';
export * from './model.js';
export {
  getPickup,
  type HandoverInput,
  handOverPickup,
  listPickups,
  type Manifest,
  type Pickup,
  requestPickup,
} from './pickups.js';
export { pointsRoutes } from './points-routes.js';
export { type Reuse, type ReuseInput, recordReuse } from './reuse.js';
export { recyclingRoutes } from './routes.js';
export { createStations, getStation, listStations, parseStationsCsv, type Station, type StationInput } from './stations.js';
export { afterStockChange, boardOf, SIZE_CLASS_BOX, type StationStock, stationStock } from './stock.js';
