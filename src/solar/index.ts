export { ALERT_KINDS, type SolarAlert, type SolarAlertKind } from './alerts.js';
export {
  CONSISTENCY_TOLERANCE,
  type EnergyBalance,
  energyBalance,
  GRID_REGIONS,
  type GridFactorChoice,
  gridFactorFor,
  gridRegionOf,
  scope2Of,
} from './energy.js';
export { CSV_HEADERS, parseReadingsCsv, parseReadingsJson, READING_KINDS, type ReadingKind, STEP_MINUTES } from './import.js';
export * from './model.js';
export { solarRoutes } from './routes.js';
export {
  createPark,
  expectedEnergy,
  getPark,
  listParks,
  type Park,
  type ParkDetail,
  type ParkInput,
  parkEnergy,
  performance,
  type SolarSummary,
  solarAlerts,
  solarSummary,
  updatePark,
} from './service.js';
export {
  addSystem,
  type ImportResult,
  importReadings,
  listReadings,
  listSystems,
  type ParkSettings,
  type PvSystem,
  type SystemInput,
  updateSystem,
} from './store.js';
