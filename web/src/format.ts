import type { Role, SiteKind, Tenant } from './api.js';

export const KIND_LABEL: Record<SiteKind, string> = {
  hub: 'Hubs',
  warehouse: 'Warehouses',
  station: 'Stations',
  solar_park: 'Solar parks',
  depot: 'Depots',
};

export const KIND_SINGULAR: Record<SiteKind, string> = {
  hub: 'Hub',
  warehouse: 'Warehouse',
  station: 'Station',
  solar_park: 'Solar park',
  depot: 'Depot',
};

/** One colour per site kind, shared by badges, KPI cards and charts. */
export const KIND_COLOR: Record<SiteKind, string> = {
  hub: '#15803d',
  warehouse: '#2563eb',
  station: '#0891b2',
  solar_park: '#d97706',
  depot: '#7c3aed',
};

export const TENANT_KIND_LABEL: Record<Tenant['kind'], string> = {
  operator: 'Operator',
  merchant: 'Merchant',
  brand: 'Brand',
  station_operator: 'Station operator',
};

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Admin',
  analyst: 'Analyst',
  merchant: 'Merchant',
  station: 'Station',
  courier: 'Courier',
};

const numberFormat = new Intl.NumberFormat('en-GB');
export const formatInt = (n: number): string => numberFormat.format(n);

/** `plural(1, 'site')` is "1 site", `plural(3, 'site')` "3 sites". */
export const plural = (n: number, noun: string, nouns = `${noun}s`): string => `${formatInt(n)} ${n === 1 ? noun : nouns}`;

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export const formatDateTime = (iso: string | null): string => (iso ? dateTimeFormat.format(new Date(iso)) : '—');

export const formatCoord = (lat: number, lon: number): string =>
  `${Math.abs(lat).toFixed(3)}°${lat >= 0 ? 'N' : 'S'}, ${Math.abs(lon).toFixed(3)}°${lon >= 0 ? 'E' : 'W'}`;
