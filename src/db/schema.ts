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

export interface Database {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  sites: SitesTable;
  settings: SettingsTable;
}

export type { Generated };
