export const SITE_KINDS = ['hub', 'warehouse', 'station', 'solar_park', 'depot'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** A place in the logistics network: sorting hub, warehouse, pick-up/drop-off station, solar park, depot. */
export interface Site {
  id: string;
  tenantId: string;
  kind: SiteKind;
  name: string;
  city: string;
  province: string;
  /** Economic region used for reporting: North, East, South, Central, Southwest, Northwest, Northeast. */
  region: string;
  lat: number;
  lon: number;
  attributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface SiteInput {
  tenantId: string;
  kind: SiteKind;
  name: string;
  city: string;
  province: string;
  region: string;
  lat: number;
  lon: number;
  attributes?: Record<string, unknown>;
}

export type SitePatch = Partial<Omit<SiteInput, 'tenantId'>>;
