import type { Generated } from 'kysely';

// Table types for Kysely. Portable column types only: text, integer, double precision.
// Times are ISO 8601 UTC text (sorts correctly on both engines); JSON is text; booleans are 0/1.

export interface TenantsTable {
  id: string;
  name: string;
  /** operator | merchant | brand | station_operator */
  kind: string;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  tenant_id: string | null;
  key_hash: string;
  /** First characters of the key, so people can tell keys apart without seeing them. */
  key_prefix: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface SitesTable {
  id: string;
  tenant_id: string;
  /** hub | warehouse | station | solar_park | depot */
  kind: string;
  name: string;
  city: string;
  province: string;
  region: string;
  lat: number;
  lon: number;
  /** Free-form attributes of the kind (storage capacity, opening hours, kWp...), JSON. */
  attributes_json: string;
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** A user-loaded factor set; built-in sets live in code (src/factors/data). */
export interface FactorSetsTable {
  /** Row key (`fset_...`); the set's own id is `id`. */
  key: string;
  id: string;
  /** Owner tenant; null for a shared set loaded by an admin. */
  tenant_id: string | null;
  /** tenant_id or '*' (shared), unique with id. */
  owner: string;
  name: string;
  version: string;
  publisher: string;
  licence: string;
  source_url: string | null;
  description: string | null;
  attribution: string | null;
  factor_count: number;
  loaded_at: string;
}

export interface FactorsTable {
  set_key: string;
  /** `<set id>:<slug>` */
  id: string;
  set_id: string;
  tenant_id: string | null;
  name: string;
  category: string;
  unit: string;
  ttw: number | null;
  wtt: number | null;
  wtw: number | null;
  gwp: string;
  region: string;
  year: number;
  source: string;
  source_url: string | null;
  licence: string;
  notes: string | null;
  mode: string | null;
  distance_basis: string | null;
  daf_included: number | null;
  temperature_controlled: number | null;
  radiative_forcing: number | null;
  coverage: string | null;
  scope2_method: string | null;
}

export interface ShipmentFootprintsTable {
  id: string;
  tenant_id: string;
  /** The caller's own shipment id, unique per tenant. */
  shipment_ref: string;
  /** Date of shipment (YYYY-MM-DD), for inventories by period. */
  shipped_on: string | null;
  mass_kg: number;
  transport_activity_tkm: number;
  co2e_wtw_kg: number;
  co2e_ttw_kg: number;
  co2e_wtt_kg: number;
  primary_data_share: number;
  element_count: number;
  input_json: string;
  result_json: string;
  /** JSON list of the factor ids used, to find footprints to recompute when a set changes. */
  factor_ids: string;
  /** api | csv | ileap | demo */
  source: string;
  job_id: string | null;
  computed_at: string;
}

export interface FootprintJobsTable {
  id: string;
  tenant_id: string;
  /** queued | running | succeeded | failed */
  status: string;
  strict: number;
  total_bytes: number;
  processed_bytes: number;
  lines_read: number;
  shipments_ok: number;
  shipments_failed: number;
  /** First errors with line numbers (capped), JSON. */
  errors_json: string;
  error_count: number;
  message: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface BoxesTable {
  id: string;
  tenant_id: string | null;
  box_ref: string;
  /** The Box record (dimensions, weights, grammage, material, cost, stock), JSON. */
  spec_json: string;
  created_at: string;
  updated_at: string;
}

export interface OrdersTable {
  id: string;
  tenant_id: string;
  order_ref: string;
  warehouse_ref: string;
  /** Recipient name, phone and address: AES-256-GCM envelope (core/crypto). */
  recipient_enc: string;
  /** Keyed hashes of the normalised recipient and address, to find orders for one recipient. */
  recipient_key: string;
  address_key: string;
  /** UTC ISO 8601 */
  ship_by: string;
  items_json: string;
  handling_json: string;
  created_at: string;
}

export interface RoutingPlansTable {
  id: string;
  tenant_id: string;
  name: string;
  /** running | done | failed | cancelled */
  status: string;
  objective: string;
  jobs: number;
  vehicles: number;
  routes: number;
  unassigned: number;
  distance_m: number;
  co2e_kg: number;
  cost: number;
  ev_km_share: number;
  baseline_json: string | null;
  progress_json: string | null;
  cancel_requested: number;
  /** The stored problem: locations, vehicles and jobs as the engine reads them (matrices left out). */
  problem_json: string;
  solution_json: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface WaybillCarriersTable {
  /** Upper-case carrier code, unique across tenants. */
  code: string;
  /** Null: shared by every tenant. */
  tenant_id: string | null;
  name: string;
  prefix: string;
  sequence_digits: number;
  /** luhn | mod11 */
  check_scheme: string;
  /** Next sequence value to issue. */
  next_seq: number;
  created_at: string;
}

export interface WaybillsTable {
  id: string;
  tenant_id: string;
  carrier_code: string;
  waybill_no: string;
  /** The merchant's key, unique per tenant (idempotent issuance). */
  order_key: string;
  /** issued | voided */
  status: string;
  reprint_count: number;
  last_printed_at: string | null;
  /** Full sender and recipient, `{sender, recipient}` JSON in one AES-256-GCM envelope (core/crypto). */
  parties_enc: string;
  /** Masked parties as labels print them, JSON. */
  sender_masked: string;
  recipient_masked: string;
  weight_kg: number;
  pieces: number;
  contents: string;
  sort_code: string;
  consolidation_code: string;
  consolidation_name: string;
  /** sha256 of the QR token (unique, for lookup) and the token itself encrypted (for reprints). */
  qr_token_hash: string;
  qr_token_enc: string;
  created_at: string;
  voided_at: string | null;
  void_reason: string | null;
}

export interface WaybillAccessLogTable {
  id: string;
  tenant_id: string | null;
  waybill_id: string | null;
  waybill_no: string | null;
  key_id: string;
  role: string;
  purpose: string;
  /** granted | not_found */
  outcome: string;
  accessed_at: string;
}

/** A captured EPCIS 2.0 event (reusables/epcis). */
export interface EpcisEventsTable {
  /** Capture order; assigned by the database. */
  seq: Generated<number>;
  tenant_id: string;
  /** The client's eventID, or the canonical event hash (`ni:///sha-256;...?ver=CBV2.0`). */
  event_id: string;
  /** First 16 bytes of sha256(event_id), unique with tenant_id. */
  event_key: Buffer;
  event_hash: string;
  event_type: string;
  /** ISO 8601 UTC with milliseconds. */
  event_time: string;
  record_time: string;
  action: string | null;
  /** Bare CBV term, or a custom URI. */
  biz_step: string | null;
  disposition: string | null;
  /** Normal-form identifiers (canonical Digital Link for GS1 keys). */
  read_point: string | null;
  biz_location: string | null;
  parent_id: string | null;
  error_declared: number;
  capture_id: string;
  /** The event as captured plus eventID and recordTime, JSON. */
  body: string;
}

export interface EpcisEventRefsTable {
  tenant_id: string;
  value: string;
  /** epc | child | parent | input | output | class_<list> | pd_set | pd_unset */
  role: string;
  seq: number;
}

export interface EpcisCaptureJobsTable {
  id: string;
  tenant_id: string;
  key_id: string;
  /** rollback | proceed */
  behaviour: string;
  running: number;
  success: number;
  event_count: number;
  captured_count: number;
  duplicate_count: number;
  /** [{eventIndex, field, message}] JSON */
  errors_json: string;
  /** The document's @context, JSON. */
  context_json: string;
  created_at: string;
  finished_at: string | null;
}

export interface EpcisCompanyPrefixesTable {
  tenant_id: string;
  company_prefix: string;
}

export interface ReusableBoxTypesTable {
  id: string;
  tenant_id: string;
  name: string;
  company_prefix: string;
  asset_type: string;
  /** Canonical Digital Link of the GRAI class (`https://id.gs1.org/8003/0` + 13 digits). */
  grai_class: string;
  design_trips: number;
  production_kg_co2e: number;
  single_use_name: string;
  single_use_kg_co2e: number;
  return_transport_kg_co2e_per_trip: number;
  cleaning_kg_co2e_per_trip: number;
  overdue_after_days: number;
  lost_after_days: number;
  created_at: string;
}

export interface RecyclingStationsTable {
  id: string;
  tenant_id: string;
  name: string;
  city: string;
  province: string;
  lat: number;
  lon: number;
  opening_hours: string;
  /** Reclaimed boxes the station can hold. */
  storage_capacity: number;
  created_at: string;
}

export interface RecyclingStationKeysTable {
  key_id: string;
  station_id: string;
}

export interface PointsLedgerTable {
  id: string;
  tenant_id: string;
  consumer_id: string;
  /** award | redeem | reverse | expire */
  kind: string;
  /** Signed: awards positive, redemptions and expiries negative, reversals the opposite of their entry. */
  points: number;
  source_type: string;
  source_id: string;
  idempotency_key: string;
  reverses_id: string | null;
  note: string | null;
  created_at: string;
}

export interface PointsAccountsTable {
  tenant_id: string;
  consumer_id: string;
  balance: number;
}

export interface PointsRulesTable {
  tenant_id: string;
  event_type: string;
  points: number;
  updated_at: string;
}

export interface RecyclingDropoffsTable {
  id: string;
  tenant_id: string;
  station_id: string;
  consumer_id: string;
  device_id: string | null;
  item_key: string;
  grade: string;
  /** accepted | refused */
  status: string;
  reason: string | null;
  points: number;
  idempotency_key: string;
  /** The station's local date (UTC+8), YYYY-MM-DD: the day caps count in. */
  local_day: string;
  created_at: string;
}

export interface RecyclingItemClaimsTable {
  item_key: string;
  dropoff_id: string;
}

export interface RecyclingCountersTable {
  key: string;
  n: number;
}

export interface RecyclingStockTable {
  station_id: string;
  size_class: string;
  grade: string;
  count: number;
}

export interface RecyclingReuseTable {
  id: string;
  tenant_id: string;
  station_id: string;
  size_class: string;
  waybill_no: string | null;
  board_kg: number;
  kg_co2e: number;
  factor_id: string;
  idempotency_key: string;
  local_day: string;
  created_at: string;
}

export interface RecyclingPickupsTable {
  id: string;
  tenant_id: string;
  station_id: string;
  /** requested | handed_over */
  status: string;
  /** threshold | manual */
  trigger: string;
  manifest_json: string;
  collector: string | null;
  signed_by: string | null;
  requested_at: string;
  handed_over_at: string | null;
}

export interface SolarParksTable {
  /** The park's site (kind solar_park). */
  site_id: string;
  tenant_id: string;
  elevation_m: number;
  /** Minutes east of UTC of the park's clock (local days, the interval grid). */
  utc_offset_min: number;
  /** 12 monthly Linke turbidity values, JSON. */
  linke_turbidity_json: string;
  /** Interval label of each data source: left | right | center. */
  meter_label: string;
  sensor_label: string;
  site_meter_label: string;
  /** MEE regional grid for Scope 2 when it differs from the site's region. */
  grid_region: string | null;
  sensor_tilt_deg: number | null;
  sensor_azimuth_deg: number | null;
  created_at: string;
  updated_at: string;
}

export interface SolarSystemsTable {
  id: string;
  park_id: string;
  tenant_id: string;
  name: string;
  dc_kwp: number;
  tilt_deg: number;
  azimuth_deg: number;
  /** open_rack | close_mount | insulated_back */
  mounting: string;
  /** standard | premium | thin_film */
  module_type: string;
  inverter_ac_kw: number;
  losses_pct: number;
  albedo: number;
  /** YYYY-MM-DD */
  commissioned_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface SolarMeterReadingsTable {
  system_id: string;
  /** Interval start, ISO 8601 UTC. */
  interval_start: string;
  park_id: string;
  tenant_id: string;
  step_min: number;
  ac_kwh: number;
}

export interface SolarSensorReadingsTable {
  park_id: string;
  interval_start: string;
  tenant_id: string;
  step_min: number;
  poa_wm2: number | null;
  ghi_wm2: number | null;
  air_temp_c: number | null;
  wind_ms: number | null;
}

export interface SolarSiteReadingsTable {
  park_id: string;
  interval_start: string;
  tenant_id: string;
  step_min: number;
  consumption_kwh: number | null;
  import_kwh: number | null;
  export_kwh: number | null;
}

export interface InventoryLinesTable {
  id: string;
  tenant_id: string;
  /** Unique per tenant: the same import row or solar month is stored once. */
  idem_key: string;
  year: number;
  month: number;
  scope: number;
  /** Scope 1/2 kind, or the Scope 3 category number as text. */
  category: string;
  site_id: string | null;
  region: string | null;
  quantity: number;
  unit: string;
  factor_quantity: number;
  factor_id: string;
  factor_set_id: string;
  factor_version: string | null;
  factor_year: number;
  factor_unit: string;
  boundary: string;
  kg_co2e_per_unit: number;
  factor_query_json: string | null;
  /** Location-based for Scope 2. */
  kg_co2e: number;
  location_kg_co2e: number | null;
  market_kg_co2e: number | null;
  market_json: string | null;
  energy_json: string | null;
  national_fallback: number | null;
  source: string;
  source_ref: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface InventoryCertificatesTable {
  id: string;
  tenant_id: string;
  scheme: string;
  mwh: number;
  vintage_year: number;
  region: string;
  site_id: string | null;
  status: string;
  claim_year: number | null;
  kg_co2e_per_kwh: number | null;
  issued_from_site_id: string | null;
  registry_ref: string | null;
  created_at: string;
}

export interface InventoryOffsetsTable {
  id: string;
  tenant_id: string;
  t_co2e: number;
  registry: string;
  project_type: string;
  vintage_year: number;
  status: string;
  claim_year: number | null;
  serial: string | null;
  created_at: string;
}

export interface InventoryTargetsTable {
  /** Tenant id, or '*' for the whole company. */
  owner: string;
  id: string;
  target_json: string;
  created_at: string;
  updated_at: string;
}

export interface InventoryRecalculationsTable {
  id: string;
  tenant_id: string;
  base_year: number;
  reason: string;
  /** Null when the previous total was 0 (an infinite change). */
  change_pct: number | null;
  significant: number;
  applied: number;
  record_json: string;
  created_at: string;
}

export interface Database {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  sites: SitesTable;
  settings: SettingsTable;
  shipment_footprints: ShipmentFootprintsTable;
  footprint_jobs: FootprintJobsTable;
  boxes: BoxesTable;
  orders: OrdersTable;
  routing_plans: RoutingPlansTable;
  factor_sets: FactorSetsTable;
  factors: FactorsTable;
  waybill_carriers: WaybillCarriersTable;
  waybills: WaybillsTable;
  waybill_access_log: WaybillAccessLogTable;
  epcis_events: EpcisEventsTable;
  epcis_event_refs: EpcisEventRefsTable;
  epcis_capture_jobs: EpcisCaptureJobsTable;
  epcis_company_prefixes: EpcisCompanyPrefixesTable;
  reusable_box_types: ReusableBoxTypesTable;
  recycling_stations: RecyclingStationsTable;
  recycling_station_keys: RecyclingStationKeysTable;
  points_ledger: PointsLedgerTable;
  points_accounts: PointsAccountsTable;
  points_rules: PointsRulesTable;
  recycling_dropoffs: RecyclingDropoffsTable;
  recycling_item_claims: RecyclingItemClaimsTable;
  recycling_counters: RecyclingCountersTable;
  recycling_stock: RecyclingStockTable;
  recycling_reuse: RecyclingReuseTable;
  recycling_pickups: RecyclingPickupsTable;
  solar_parks: SolarParksTable;
  solar_systems: SolarSystemsTable;
  solar_meter_readings: SolarMeterReadingsTable;
  solar_sensor_readings: SolarSensorReadingsTable;
  solar_site_readings: SolarSiteReadingsTable;
  inventory_lines: InventoryLinesTable;
  inventory_certificates: InventoryCertificatesTable;
  inventory_offsets: InventoryOffsetsTable;
  inventory_targets: InventoryTargetsTable;
  inventory_recalculations: InventoryRecalculationsTable;
}

export type { Generated };
