import type { DataType, Role, SiteKind, Tenant, TransportMode } from './api.js';

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

// ---------- Footprint quantities ----------

const fixed = (digits: number) =>
  new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const QTY_0 = fixed(0);
const QTY_1 = fixed(1);
const QTY_2 = fixed(2);
const QTY_SMALL = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 3 });

/**
 * A measured quantity with a precision that suits its size: 10,830 · 319.6 · 2.33 · 0.00675.
 * Units are written next to it by the caller.
 */
export function formatQty(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  if (a === 0) return '0';
  if (a >= 1000) return QTY_0.format(n);
  if (a >= 100) return QTY_1.format(n);
  if (a >= 1) return QTY_2.format(n);
  return QTY_SMALL.format(n);
}

const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** A 0..1 share as a percentage: `0.0832` is "8.3%". */
export const formatShare = (share: number | null | undefined): string =>
  share === null || share === undefined || !Number.isFinite(share) ? '—' : PERCENT.format(share);

/** kg CO2e per t.km shown as g CO2e per t.km, the usual unit for transport intensities. */
export const gPerTkm = (kgPerTkm: number): number => kgPerTkm * 1000;

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
/** `2025-11` is "Nov 2025". */
export const formatMonth = (month: string): string => {
  const d = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? month : monthFormat.format(d);
};

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
/** `2025-11-26` is "26 Nov 2025". */
export const formatDate = (day: string | null): string => {
  if (!day) return '—';
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : dateFormat.format(d);
};

export const MODE_LABEL: Record<TransportMode, string> = {
  road: 'Road',
  rail: 'Rail',
  sea: 'Sea',
  air: 'Air',
  inland_waterway: 'Inland waterway',
};

export const DATA_TYPE_LABEL: Record<DataType, string> = {
  primary: 'Primary',
  modelled: 'Modelled',
  default: 'Default',
};

/** Emission boundaries: tank-to-wheel (the vehicle), well-to-tank (energy supply). */
export const BOUNDARY_COLOR = { ttw: '#166534', wtt: '#86c99a', wtw: '#15803d', intensity: '#b45309' } as const;
