import type { LatLon } from '../core/index.js';
import type { DistanceBasis, TransportMode } from '../factors/model.js';

// ---------------------------------------------------------------------------------------------
// Inputs (CLI and API share them; camelCase, units in names)
// ---------------------------------------------------------------------------------------------

/** ISO 14083 data hierarchy: measured > modelled > default (last resort). */
export const DATA_TYPES = ['primary', 'modelled', 'default'] as const;
export type DataType = (typeof DATA_TYPES)[number];

/** How a leg's distance was obtained: actual (driven/sailed/flown), shortest feasible, great circle. */
export const DISTANCE_TYPES = ['actual', 'SFD', 'GCD'] as const;
export type DistanceType = (typeof DISTANCE_TYPES)[number];

/**
 * An emission factor given inline for energy data. Give the values per unit of the quantity it
 * converts (litres, kWh or kg); any two boundaries are enough, the third is derived.
 */
export interface InlineEnergyFactor {
  id?: string;
  co2eWtwKgPerLitre?: number;
  co2eTtwKgPerLitre?: number;
  co2eWttKgPerLitre?: number;
  co2eWtwKgPerKwh?: number;
  co2eTtwKgPerKwh?: number;
  co2eWttKgPerKwh?: number;
  co2eWtwKgPerKg?: number;
  co2eTtwKgPerKg?: number;
  co2eWttKgPerKg?: number;
}

/** Energy used by a leg, a round or a site: exactly one quantity, and a factor (library id or inline). */
export interface EnergyInput {
  litres?: number;
  kwh?: number;
  kg?: number;
  factorId?: string;
  factor?: InlineEnergyFactor;
}

/** A transport operation category given inline (e.g. a carrier's own primary-data intensity). */
export interface InlineToc {
  id: string;
  co2eIntensityWtwKgPerTkm: number;
  co2eIntensityTtwKgPerTkm?: number;
  co2eIntensityWttKgPerTkm?: number;
  /** Defaults to `default`: only declared primary data counts towards the primary-data share. */
  dataType?: DataType;
  mode?: TransportMode;
  /** Distance basis the intensity was built on, for the distance adjustment. */
  distanceBasis?: DistanceBasis;
  /** True when the intensity already includes the distance adjustment. */
  dafIncluded?: boolean;
  temperatureControlled?: boolean;
  /** iLEAP energy carrier (`Diesel`, `Electric`, ...), carried through to exports. */
  energyCarrier?: string;
  description?: string;
}

/** A hub operation category given inline: kg CO2e per outbound tonne. */
export interface InlineHoc {
  id: string;
  co2eIntensityWtwKgPerT: number;
  co2eIntensityTtwKgPerT?: number;
  co2eIntensityWttKgPerT?: number;
  dataType?: DataType;
  temperatureControlled?: boolean;
  hubType?: string;
  description?: string;
}

/**
 * A hub operation category modelled from one site's energy over its outbound tonnes (same period):
 * intensity = (kWh x grid factor + fuel x factor + refrigerant) / outbound tonnes.
 */
export interface SiteHoc {
  id: string;
  kwh?: number;
  gridFactorId?: string;
  gridFactor?: InlineEnergyFactor;
  fuel?: EnergyInput[];
  /** Refrigerant leakage of the period, already in kg CO2e (counted as a direct, TTW emission). */
  refrigerantCo2eKg?: number;
  outboundTonnes: number;
  /** Defaults to `primary`: the site's own metered energy. */
  dataType?: DataType;
  temperatureControlled?: boolean;
  hubType?: string;
  description?: string;
}

export interface LegInput {
  type: 'leg';
  /** Optional TCE id (kept in results and iLEAP exports). */
  id?: string;
  /** Factor id (`desnz-2026:hgv-average`) or an inline intensity; optional when `energy` is given. */
  toc?: string | InlineToc;
  distanceKm?: number;
  /** Defaults to `actual`, or `GCD` when the distance comes from coordinates. Required for air and sea. */
  distanceType?: DistanceType;
  origin?: LatLon;
  destination?: LatLon;
  /** Energy-based leg: the fuel or electricity of this leg gives its emissions directly. */
  energy?: EnergyInput[];
  /** Data type of energy data; defaults to `primary` (metered). */
  dataType?: DataType;
  temperatureControlled?: boolean;
}

export interface HubInput {
  type: 'hub';
  id?: string;
  hoc: string | InlineHoc | SiteHoc;
  temperatureControlled?: boolean;
}

export type ChainElementInput = LegInput | HubInput;

export interface ShipmentInput {
  id: string;
  /** Actual mass incl. the shipper's packaging, excl. the carrier's load carriers. */
  massKg: number;
  chain: ChainElementInput[];
}

export interface ParcelInput {
  id: string;
  massKg: number;
  /** Consignor to consignee distance; or give `origin` and `destination` for a great circle. */
  directDistanceKm?: number;
  origin?: LatLon;
  destination?: LatLon;
}

/** A vehicle round (one vehicle, one period) whose energy is shared among its parcels. */
export interface RoundInput {
  id: string;
  energy: EnergyInput[];
  parcels: ParcelInput[];
  /** Defaults to `primary`: the round's fuel or kWh was measured. */
  dataType?: DataType;
  temperatureControlled?: boolean;
}

export interface FootprintInput {
  shipments?: ShipmentInput[];
  rounds?: RoundInput[];
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/** The distance adjustment actually applied to a leg (ISO 14083 5.4.4): at most one. */
export interface DafApplied {
  kind: 'none' | 'add' | 'multiply';
  /** km added (`add`), factor (`multiply`), 0 for `none`. */
  value: number;
  reason: string;
}

/** Emissions of a piece of the chain by boundary. WTW = TTW + WTT + unsplit. */
export interface Co2eKg {
  co2eWtwKg: number;
  co2eTtwKg: number;
  co2eWttKg: number;
  /** WTW whose split into TTW and WTT is unknown (a factor published as WTW only). */
  co2eWtwUnsplitKg: number;
}

export type EnergyUnit = 'L' | 'kWh' | 'kg';

/** One energy quantity converted to emissions (ISO 14083 5.3). */
export interface EnergyLineResult extends Co2eKg {
  quantity: number;
  unit: EnergyUnit;
  factorId?: string;
  /** kg CO2e per unit of the quantity. */
  co2eWtwKgPerUnit: number;
  co2eTtwKgPerUnit: number;
  co2eWttKgPerUnit: number;
  boundarySplit: boolean;
}

interface ElementResultBase extends Co2eKg {
  index: number;
  /** TCE id: given, or `<shipment>-<n>`. */
  tceId: string;
  dataType: DataType;
  /** How emissions were obtained. */
  method: 'intensity' | 'energy' | 'site-energy' | 'allocation';
  /** Library factor used for the intensity, when it came from the library. */
  factorId?: string;
  temperatureControlled: boolean;
  transportActivityTkm: number;
  /** False when the factor is published as WTW only (see `co2eWtwUnsplitKg`). */
  boundarySplit: boolean;
}

export interface LegResult extends ElementResultBase {
  type: 'leg';
  tocId: string;
  mode?: TransportMode;
  distanceType: DistanceType;
  distanceSource: 'given' | 'coordinates';
  /** Distance before the adjustment. */
  distanceInputKm: number;
  daf: DafApplied;
  /** Distance used for the transport activity, after the adjustment. */
  distanceKm: number;
  co2eIntensityWtwKgPerTkm: number;
  co2eIntensityTtwKgPerTkm: number;
  co2eIntensityWttKgPerTkm: number;
  energy?: EnergyLineResult[];
}

export interface SiteHocResult extends Co2eKg {
  kwh: number;
  gridFactorId?: string;
  outboundTonnes: number;
  refrigerantCo2eKg: number;
  energy: EnergyLineResult[];
}

export interface HubResult extends ElementResultBase {
  type: 'hub';
  hocId: string;
  /** Tonnes of this shipment leaving the hub. */
  hubActivityT: number;
  co2eIntensityWtwKgPerT: number;
  co2eIntensityTtwKgPerT: number;
  co2eIntensityWttKgPerT: number;
  /** Present when the HOC intensity was modelled from the site's energy. */
  site?: SiteHocResult;
}

export type ElementResult = LegResult | HubResult;

export interface CategoryTotals extends Co2eKg {
  transportActivityTkm: number;
}

export interface ShipmentFootprint extends Co2eKg {
  shipmentId: string;
  massKg: number;
  transportActivityTkm: number;
  hubActivityT: number;
  /** Share of t.km from primary data, 0..1 (iLEAP `primaryDataShare` is this x 100). */
  primaryDataShare: number;
  /** Refrigerated cargo is its own category (ISO 14083: separate TOC/HOC by temperature control). */
  temperatureControlled: CategoryTotals;
  ambient: CategoryTotals;
  elements: ElementResult[];
}

export interface ParcelFootprint extends Co2eKg {
  parcelId: string;
  roundId: string;
  massKg: number;
  directDistanceKm: number;
  /** Direct t.km: mass x consignor-to-consignee distance. */
  transportActivityTkm: number;
  /** Share of the round's direct t.km, 0..1. */
  share: number;
  primaryDataShare: number;
  co2eIntensityWtwKgPerTkm: number;
  elements: LegResult[];
}

export interface RoundAllocation extends Co2eKg {
  roundId: string;
  dataType: DataType;
  directTkm: number;
  energy: EnergyLineResult[];
  parcels: ParcelFootprint[];
}

export interface FootprintOutput {
  shipments: ShipmentFootprint[];
  rounds: RoundAllocation[];
}
