/** A small typed client for the Greenlink HTTP API (`/v1`), used by every dashboard page. */

export const ROLES = ['admin', 'analyst', 'merchant', 'station', 'courier'] as const;
export type Role = (typeof ROLES)[number];

export const SITE_KINDS = ['hub', 'warehouse', 'station', 'solar_park', 'depot'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** Roles that must be bound to a tenant (mirrors the server's rule). */
export const TENANT_BOUND_ROLES: readonly Role[] = ['merchant', 'station'];

export interface Me {
  keyId: string;
  role: Role;
  tenantId: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Tenant {
  id: string;
  name: string;
  kind: 'operator' | 'merchant' | 'brand' | 'station_operator';
  createdAt: string;
}

export interface Site {
  id: string;
  tenantId: string;
  kind: SiteKind;
  name: string;
  city: string;
  province: string;
  region: string;
  lat: number;
  lon: number;
  attributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export type SiteSummary = Partial<Record<SiteKind, number>>;

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  tenantId: string | null;
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedApiKey extends ApiKeyInfo {
  /** The secret: in this response only, never again. */
  key: string;
}

export interface NewApiKey {
  role: Role;
  tenantId?: string;
  name?: string;
}

// ---------- Footprints (ISO 14083) ----------

export const TRANSPORT_MODES = ['road', 'rail', 'sea', 'air', 'inland_waterway'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

/** ISO 14083 data hierarchy: measured, modelled, default. */
export type DataType = 'primary' | 'modelled' | 'default';

/** Totals of stored shipment footprints (`GET /v1/shipments/summary`). */
export interface FootprintTotals {
  shipments: number;
  massKg: number;
  transportActivityTkm: number;
  co2eWtwKg: number;
  co2eTtwKg: number;
  co2eWttKg: number;
  /** t.km-weighted share of primary data, 0..1. */
  primaryDataShare: number;
  co2eIntensityWtwKgPerTkm: number;
}

export interface FootprintSummary extends FootprintTotals {
  byMonth: (FootprintTotals & { month: string })[];
}

/** A stored shipment footprint's headline figures (`GET /v1/shipments`). */
export interface StoredFootprint {
  id: string;
  tenantId: string;
  shipmentId: string;
  shippedOn: string | null;
  massKg: number;
  transportActivityTkm: number;
  co2eWtwKg: number;
  co2eTtwKg: number;
  co2eWttKg: number;
  primaryDataShare: number;
  elementCount: number;
  source: string;
  jobId: string | null;
  computedAt: string;
}

/** The distance adjustment applied to a leg (ISO 14083 5.4.4). */
export interface DafApplied {
  kind: 'none' | 'add' | 'multiply';
  value: number;
  reason: string;
}

interface ElementResultBase {
  index: number;
  tceId: string;
  dataType: DataType;
  method?: string;
  factorId?: string;
  temperatureControlled: boolean;
  transportActivityTkm: number;
  co2eWtwKg: number;
  co2eTtwKg: number;
  co2eWttKg: number;
  co2eWtwUnsplitKg?: number;
  boundarySplit?: boolean;
}

export interface LegResult extends ElementResultBase {
  type: 'leg';
  tocId: string;
  mode?: TransportMode;
  distanceType: 'actual' | 'SFD' | 'GCD';
  distanceSource?: 'given' | 'coordinates';
  distanceInputKm: number;
  daf: DafApplied;
  distanceKm: number;
  co2eIntensityWtwKgPerTkm: number;
  co2eIntensityTtwKgPerTkm: number;
  co2eIntensityWttKgPerTkm: number;
}

export interface HubResult extends ElementResultBase {
  type: 'hub';
  hocId: string;
  /** Tonnes of the shipment leaving the hub. */
  hubActivityT: number;
  co2eIntensityWtwKgPerT: number;
  co2eIntensityTtwKgPerT: number;
  co2eIntensityWttKgPerT: number;
}

export type ElementResult = LegResult | HubResult;

export interface ShipmentFootprintResult {
  shipmentId: string;
  massKg: number;
  transportActivityTkm: number;
  hubActivityT?: number;
  co2eWtwKg: number;
  co2eTtwKg: number;
  co2eWttKg: number;
  co2eWtwUnsplitKg?: number;
  primaryDataShare: number;
  elements: ElementResult[];
}

/** A place in a chain as entered: coordinates, sometimes a named city. */
export interface ChainPlace {
  lat?: number;
  lon?: number;
  name?: string;
}

/** A chain element as entered; only what the dashboard shows is typed. */
export interface ChainElementInput {
  type: 'leg' | 'hub';
  id?: string;
  toc?: string | { id: string; description?: string };
  hoc?: string | { id: string; description?: string; hubType?: string };
  origin?: ChainPlace;
  destination?: ChainPlace;
  [key: string]: unknown;
}

/**
 * The calculation sheet of a shipment (`?explain=true`). Its steps are rendered generically, so
 * only the envelope is typed.
 */
export interface FootprintExplanation {
  steps: Record<string, unknown>[];
  [key: string]: unknown;
}

export interface ShipmentFootprintDetail extends StoredFootprint {
  input: { id: string; massKg: number; chain: ChainElementInput[] };
  result: ShipmentFootprintResult;
  factorIds?: string[];
  explanation?: FootprintExplanation;
}

export interface FootprintQuery {
  from?: string;
  to?: string;
  tenantId?: string;
}

// ---------- Packaging (packing and consolidation) ----------

export interface PackItem {
  id: string;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  weightG: number;
  quantity?: number;
  [key: string]: unknown;
}

export interface PackBox {
  id: string;
  innerLengthMm: number;
  innerWidthMm: number;
  innerHeightMm: number;
  outerLengthMm: number;
  outerWidthMm: number;
  outerHeightMm: number;
  emptyWeightG: number;
  maxWeightG: number;
  boardGsm?: number;
  material?: string;
  cost?: number;
}

/** An order as `GET /v1/consolidation/orders` shows it: the recipient masked. */
export interface StoredOrder {
  id: string;
  tenantId: string;
  orderId: string;
  warehouseId: string;
  recipient: { name: string; phone: string; address: string };
  shipBy: string;
  items: PackItem[];
}

export interface PackedParcel {
  boxId: string | null;
  placements: unknown[];
  weightG: number;
  volumeUtilisation: number;
  voidVolumeCm3: number;
  dimWeightKg: number;
  boardKg: number;
  co2eKg: number;
  cost: number;
  /** Isometric drawing, generated by the server from numbers only. */
  svg?: string;
}

export interface PackResult {
  parcels: PackedParcel[];
  unpacked: { itemId: string; quantity: number; reason: string }[];
  totals: { parcels: number; boardKg: number; co2eKg: number; cost: number };
}

export interface PackagingTotals {
  parcels: number;
  boardKg: number;
  co2eKg: number;
}

export interface ConsolidationReport {
  orderCount: number;
  groups: {
    id: string;
    orderIds: string[];
    parcelCount: number;
    baseline: PackagingTotals;
    avoided: PackagingTotals & { labels: number };
  }[];
  consolidated: PackagingTotals;
  baseline: PackagingTotals;
  avoided: PackagingTotals & { labels: number };
}

export interface RangeTotals {
  orders: number;
  unpackedOrders: number;
  parcels: number;
  boardKg: number;
  co2eKg: number;
  usage: Record<string, number>;
}

export interface BoxRangeResult {
  boxes: PackBox[];
  totals: RangeTotals;
  current?: RangeTotals;
  savingBoardKg?: number;
  savingBoardShare?: number;
  savingCo2eKg?: number;
}

// ---------- Routing (vehicle route plans) ----------

export type RoutingObjective = 'co2e' | 'distance' | 'cost';
export type PlanStatus = 'running' | 'done' | 'failed' | 'cancelled';
export type VehicleFuel = 'diesel' | 'petrol' | 'cng' | 'lng' | 'hybrid' | 'electric' | 'unmanned';

/** A stored route plan's headline figures (`GET /v1/routing/plans`). */
export interface PlanSummary {
  id: string;
  tenantId: string;
  name: string;
  status: PlanStatus;
  objective: RoutingObjective;
  createdAt: string;
  finishedAt: string | null;
  jobs: number;
  vehicles: number;
  routes: number;
  unassigned: number;
  distanceKm: number;
  co2eKg: number;
  cost: number;
  /** Share of driven km done by electric or unmanned vehicles, 0..1. */
  evKmShare: number;
  /** The plan the optimised one is compared with: the input's current plan, else a nearest-neighbour plan. */
  baseline: {
    kind: 'current-plan' | 'nearest-neighbour';
    distanceKm: number;
    co2eKg: number;
    cost: number;
    /** Jobs the baseline leaves out (a current plan may not cover every job). */
    unassigned?: number;
  } | null;
  saving: { distanceKm: number; co2eKg: number; distanceShare: number; co2eShare: number } | null;
  progress: { fraction: number; iterations: number } | null;
  error: string | null;
}

/** A place of a plan: longitude/latitude, or planar x/y for benchmark instances. */
export interface RoutingLocation {
  lon?: number;
  lat?: number;
  x?: number;
  y?: number;
  name?: string;
}

export interface PlanVehicle {
  id: string;
  type: string;
  fuel: VehicleFuel;
  capacity: number[];
  rangeKm: number | null;
}

export type StopType = 'start' | 'job' | 'charge' | 'end';

/** A visit of a route; distances in metres, times in seconds since midnight. */
export interface RouteStop {
  type: StopType;
  /** Job or charger id. */
  id?: string;
  /** Index into the plan's `locations`. */
  location: number;
  arrivalS: number;
  waitingS: number;
  serviceS: number;
  departureS: number;
  /** Load on board when leaving, per capacity dimension. */
  load: number[];
  distanceM: number;
  rangeLeftM?: number;
}

export interface RouteFigures {
  distanceM: number;
  durationS: number;
  travelS: number;
  serviceS: number;
  waitingS: number;
  chargingS: number;
  co2eKg: number;
  cost: number;
}

export interface PlannedRoute extends RouteFigures {
  vehicleId: string;
  stops: RouteStop[];
  /** Largest share of the battery range used between two charges (electric vehicles), 0..1. */
  rangeUsedShare?: number;
}

export type UnassignedReason =
  | 'skills'
  | 'capacity'
  | 'time-window'
  | 'shift'
  | 'range'
  | 'max-distance'
  | 'max-duration'
  | 'fleet-exhausted'
  | 'cancelled';

export interface UnassignedJob {
  jobId: string;
  reason: UnassignedReason;
  message: string;
}

export interface PlanTotals extends RouteFigures {
  routes: number;
  assignedJobs: number;
  unassignedJobs: number;
}

export interface RoutingSolution {
  objective: RoutingObjective;
  routes: PlannedRoute[];
  unassigned: UnassignedJob[];
  totals: PlanTotals;
  baseline?: {
    kind: 'current-plan' | 'nearest-neighbour';
    totals: PlanTotals;
    saving: {
      distanceM: number;
      co2eKg: number;
      cost: number;
      distanceShare: number;
      co2eShare: number;
      costShare: number;
    };
  };
  search: { seed: number; iterations: number; elapsedS: number; cancelled: boolean };
}

/** A plan with its places, fleet and solution (`GET /v1/routing/plans/:id`). */
export interface PlanDetail extends PlanSummary {
  locations: RoutingLocation[];
  /** Where each job is, so unassigned jobs can be drawn too. */
  jobLocations: { id: string; location: number }[];
  /** The vehicles offered to the search (`vehicles` is their count). */
  fleet: PlanVehicle[];
  capacityDimensions: string[];
  solution: RoutingSolution | null;
}

/** RFC 9457 problem details as the server sends them, with field-level errors. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { field?: string; line?: number; message: string }[];
  requestId?: string;
}

/** Any failed call: carries the problem so pages can show its title, detail and field errors. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

/** Turns anything thrown by a call into a problem to display. */
export function problemOf(err: unknown): Problem {
  if (err instanceof ApiError) return err.problem;
  return { title: 'Unexpected error', status: 0, detail: err instanceof Error ? err.message : String(err) };
}

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' && body !== null && typeof (body as Problem).title === 'string';

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (isProblem(body)) return new ApiError({ ...body, status: body.status ?? response.status });
  return new ApiError({
    title: response.statusText || 'Request failed',
    status: response.status,
    detail: text.slice(0, 300) || `the server answered ${response.status}`,
  });
}

type Query = Record<string, string | number | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

export interface ApiClientOptions {
  /** Base URL of the server; the dashboard is served by it, so the default is the same origin. */
  baseUrl?: string;
  /** Called when the server rejects the key (401), e.g. after it was revoked. */
  onUnauthorized?: (problem: Problem) => void;
}

export class ApiClient {
  readonly #key: string;
  readonly #baseUrl: string;
  readonly #onUnauthorized?: (problem: Problem) => void;

  constructor(key: string, options: ApiClientOptions = {}) {
    this.#key = key;
    this.#baseUrl = options.baseUrl ?? '';
    this.#onUnauthorized = options.onUnauthorized;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#key}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.#baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError({
        title: 'Server unreachable',
        status: 0,
        detail: `could not reach the Greenlink server (${err instanceof Error ? err.message : String(err)})`,
      });
    }
    if (!response.ok) {
      const error = await toApiError(response);
      if (response.status === 401) this.#onUnauthorized?.(error.problem);
      throw error;
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** Follows `nextCursor` until the last page; `max` guards against a runaway list. */
  async getAll<T>(path: string, query: Query = {}, max = 100_000): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.get<Page<T>>(path, { limit: 500, ...query, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && items.length < max);
    return items;
  }

  me = (): Promise<Me> => this.get<Me>('/v1/me');
  siteSummary = (): Promise<SiteSummary> => this.get<SiteSummary>('/v1/sites/summary');
  sites = (query: { kind?: SiteKind; city?: string } = {}): Promise<Site[]> => this.getAll<Site>('/v1/sites', query);
  tenants = (): Promise<Tenant[]> => this.getAll<Tenant>('/v1/tenants');
  keys = (): Promise<ApiKeyInfo[]> => this.getAll<ApiKeyInfo>('/v1/keys');
  createKey = (input: NewApiKey): Promise<CreatedApiKey> => this.post<CreatedApiKey>('/v1/keys', input);
  revokeKey = (id: string): Promise<ApiKeyInfo> => this.delete<ApiKeyInfo>(`/v1/keys/${encodeURIComponent(id)}`);
  footprintSummary = (query: FootprintQuery = {}): Promise<FootprintSummary> =>
    this.get<FootprintSummary>('/v1/shipments/summary', { ...query });
  shipments = (query: FootprintQuery & { limit?: number; cursor?: string } = {}): Promise<Page<StoredFootprint>> =>
    this.get<Page<StoredFootprint>>('/v1/shipments', { ...query });
  shipmentFootprint = (id: string, explain = true): Promise<ShipmentFootprintDetail> =>
    this.get<ShipmentFootprintDetail>(`/v1/shipments/${encodeURIComponent(id)}/footprint`, explain ? { explain: 'true' } : {});
  /** The iLEAP ShipmentFootprint JSON, as the server sends it. */
  shipmentIleap = (id: string): Promise<unknown> => this.get<unknown>(`/v1/shipments/${encodeURIComponent(id)}/ileap`);
  boxes = (tenantId?: string): Promise<PackBox[]> =>
    this.get<{ items: PackBox[] }>('/v1/packing/boxes', { tenantId }).then((r) => r.items);
  orders = (query: { tenantId?: string; limit?: number } = {}): Promise<Page<StoredOrder>> =>
    this.get<Page<StoredOrder>>('/v1/consolidation/orders', { ...query });
  pack = (items: PackItem[], tenantId?: string): Promise<PackResult> =>
    this.post<PackResult>('/v1/packing/pack', { items, svg: true, ...(tenantId ? { tenantId } : {}) });
  consolidationReport = (tenantId?: string): Promise<ConsolidationReport> =>
    this.post<ConsolidationReport>('/v1/consolidation/report', tenantId ? { tenantId } : {});
  boxRange = (k: number, tenantId?: string): Promise<BoxRangeResult> =>
    this.post<BoxRangeResult>('/v1/packing/box-range', { k, ...(tenantId ? { tenantId } : {}) });
  routingPlans = (query: { limit?: number; cursor?: string } = {}): Promise<Page<PlanSummary>> =>
    this.get<Page<PlanSummary>>('/v1/routing/plans', { ...query });
  routingPlan = (id: string): Promise<PlanDetail> => this.get<PlanDetail>(`/v1/routing/plans/${encodeURIComponent(id)}`);
  /** Solves a VROOM-format problem: the plan when it is small (200), else its summary while it runs (202). Admin and merchant keys. */
  solveRouting = (problem: unknown): Promise<PlanDetail | PlanSummary> =>
    this.post<PlanDetail | PlanSummary>('/v1/routing/solve', problem);
  cancelRoutingPlan = (id: string): Promise<PlanSummary> =>
    this.post<PlanSummary>(`/v1/routing/plans/${encodeURIComponent(id)}/cancel`, {});

  /** A binary answer (a label), fetched with the key; show or save it through an object URL. */
  async getBlob(path: string, query?: Query): Promise<Blob> {
    let response: Response;
    try {
      response = await fetch(`${this.#baseUrl}${withQuery(path, query)}`, { headers: { authorization: `Bearer ${this.#key}` } });
    } catch (err) {
      throw new ApiError({
        title: 'Server unreachable',
        status: 0,
        detail: `could not reach the Greenlink server (${err instanceof Error ? err.message : String(err)})`,
      });
    }
    if (!response.ok) {
      const error = await toApiError(response);
      if (response.status === 401) this.#onUnauthorized?.(error.problem);
      throw error;
    }
    return response.blob();
  }

  waybills = (query: WaybillQuery = {}): Promise<Page<Waybill>> => this.get<Page<Waybill>>('/v1/waybills', { ...query });
  waybill = (id: string): Promise<Waybill> => this.get<Waybill>(`/v1/waybills/${encodeURIComponent(id)}`);
  waybillSummary = (): Promise<WaybillSummary> => this.get<WaybillSummary>('/v1/waybills/summary');
  waybillCarriers = (): Promise<WaybillCarrier[]> =>
    this.get<{ items: WaybillCarrier[] }>('/v1/waybills/carriers').then((r) => r.items);
  /** Voids a waybill (admin and merchant keys): it can no longer be printed. */
  voidWaybill = (id: string, reason?: string): Promise<Waybill> =>
    this.post<Waybill>(withQuery(`/v1/waybills/${encodeURIComponent(id)}/void`, { reason }), {});
  /** A waybill's label (admin and merchant keys). The server counts every fetch as a print. */
  waybillLabel = (id: string, format: LabelFormat, size: LabelSize = '76x130', dpi: LabelDpi = 203): Promise<Blob> =>
    this.getBlob(`/v1/waybills/${encodeURIComponent(id)}/label`, { format, size, dpi });

  /** Box types (one GRAI asset type each: a pool) the key can see; an admin may narrow them to one tenant. */
  boxTypes = (tenantId?: string): Promise<BoxType[]> =>
    this.get<{ items: BoxType[] }>('/v1/reusables/box-types', { tenantId }).then((r) => r.items);
  /** Pool KPIs per box type, per brand and in total for a period (default: the 365 days up to now). */
  reusablesKpis = (query: ReusablesQuery = {}): Promise<ReusablesReport> =>
    this.get<ReusablesReport>('/v1/reusables/kpis', { ...query });
  /** Monthly figures of one pool (UTC+8 calendar months; the first and last may be partial). */
  poolSeries = (boxTypeId: string, period: { from?: string; to?: string } = {}): Promise<PoolSeries> =>
    this.get<PoolSeries>(`/v1/reusables/box-types/${encodeURIComponent(boxTypeId)}/series`, { ...period });
  /** The boxes of a pool with their state now, in EPC order. */
  poolBoxes = (boxTypeId: string, query: PoolBoxQuery = {}): Promise<PoolBoxPage> =>
    this.get<PoolBoxPage>(`/v1/reusables/box-types/${encodeURIComponent(boxTypeId)}/boxes`, {
      state: query.state,
      overdue: query.overdue === undefined ? undefined : String(query.overdue),
      limit: query.limit,
      offset: query.offset,
    });
  /** One box by its GRAI (Digital Link or URN): state, trips, state history and EPCIS events. */
  reusableBox = (epc: string): Promise<ReusableBoxDetail> =>
    this.get<ReusableBoxDetail>(`/v1/reusables/boxes/${encodeURIComponent(epc)}`);

  /** Recycling figures in total, by month, by city and for the top ten stations (local days, UTC+8). */
  recyclingMetrics = (query: RecyclingQuery = {}): Promise<RecyclingMetrics> =>
    this.get<RecyclingMetrics>('/v1/recycling/metrics', { ...query });
  /** Pick-up/drop-off stations the key can see; an admin may narrow them to one tenant. */
  stations = (query: { city?: string; tenantId?: string } = {}): Promise<RecyclingStation[]> =>
    this.get<{ items: RecyclingStation[] }>('/v1/stations', { ...query }).then((r) => r.items);
  /** A station's stock of reclaimed boxes, its pickup threshold and open pickup. */
  stationStock = (id: string): Promise<StationStock> => this.get<StationStock>(`/v1/stations/${encodeURIComponent(id)}/stock`);
  /** Pickups of collected boxes, newest first. */
  pickups = (query: { stationId?: string; status?: PickupStatus; tenantId?: string; limit?: number } = {}): Promise<Pickup[]> =>
    this.get<{ items: Pickup[] }>('/v1/pickups', { ...query }).then((r) => r.items);
  /** Recent drop-offs, newest first, accepted or refused (with the reason). */
  dropoffs = (query: { stationId?: string; consumerId?: string; limit?: number } = {}): Promise<Dropoff[]> =>
    this.get<{ items: Dropoff[] }>('/v1/dropoffs', { ...query }).then((r) => r.items);

  /** Solar parks the key can see, with installed kWp and all metered generation; an admin may narrow them to one tenant. */
  solarParks = (query: { tenantId?: string } = {}): Promise<SolarPark[]> => this.getAll<SolarPark>('/v1/solar/parks', query);
  /** One park with its PV systems. */
  solarPark = (id: string): Promise<SolarParkDetail> => this.get<SolarParkDetail>(`/v1/solar/parks/${encodeURIComponent(id)}`);
  /** Every park of the scope over a period: installed kWp, generation, self-consumption, export, CO2e avoided. */
  solarSummary = (query: SolarPeriodQuery & { tenantId?: string } = {}): Promise<SolarSummary> =>
    this.get<SolarSummary>('/v1/solar/summary', { ...query });
  /** Measured, expected and clear-sky energy, PR on POA, weather-corrected PR and availability of a park or system. */
  solarPerformance = (query: SolarModelQuery & { granularity?: SolarGranularity }): Promise<SolarPerformance> =>
    this.get<SolarPerformance>('/v1/solar/performance', { ...query });
  /** Alerts of a park's systems (or one system) that overlap the period, with their reasons. */
  solarAlerts = (query: SolarModelQuery): Promise<SolarAlerts> => this.get<SolarAlerts>('/v1/solar/alerts', { ...query });
  /** Generation, consumption, import, export, self-consumption and Scope 2 of a park, by month or year. */
  solarEnergy = (query: SolarPeriodQuery & { parkId: string; granularity?: 'month' | 'year' }): Promise<SolarEnergy> =>
    this.get<SolarEnergy>('/v1/solar/energy', { ...query });
}

// ---------- Waybills (e-waybills, labels, paper saved) ----------

export type WaybillStatus = 'issued' | 'voided';
export const LABEL_SIZES = ['76x130', '100x180', '100x150'] as const;
/** Label width x height in mm; 76x130 is the one-part default. */
export type LabelSize = (typeof LABEL_SIZES)[number];
export type LabelFormat = 'pdf' | 'png' | 'zpl' | 'tspl';
export type LabelDpi = 203 | 300;

/** A sender or recipient as responses show it: name, phone and the house/room part masked. */
export interface MaskedParty {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  address: string;
}

/** A waybill as `GET /v1/waybills` shows it: parties masked. */
export interface Waybill {
  id: string;
  tenantId: string;
  carrier: string;
  waybillNo: string;
  orderKey: string;
  status: WaybillStatus;
  /** Prints counted after the first one. */
  reprintCount: number;
  lastPrintedAt: string | null;
  sender: MaskedParty;
  recipient: MaskedParty;
  weightKg: number;
  pieces: number;
  contents: string;
  /** Three-segment sort code, `PPP-CCC-DD`. */
  sortCode: string;
  consolidation: { code: string; name: string };
  qrToken: string;
  createdAt: string;
  voidedAt: string | null;
  voidReason: string | null;
}

export interface WaybillQuery {
  status?: WaybillStatus;
  carrier?: string;
  limit?: number;
  cursor?: string;
}

export interface WaybillCarrier {
  code: string;
  name: string;
  prefix: string;
  sequenceDigits: number;
  checkScheme: 'luhn' | 'mod11';
  tenantId: string | null;
  createdAt: string;
}

/** Paper and CO2e of one label against the multi-part paper waybill it replaces. */
export interface PaperSaving {
  labelWidthMm: number;
  labelHeightMm: number;
  labelAreaM2: number;
  labelFaceKg: number;
  labelLinerKg: number;
  labelKg: number;
  baselineSheets: number;
  baselineKg: number;
  savedKg: number;
  factorId: string;
  kgCo2ePerKg: number;
  labelCo2eKg: number;
  baselineCo2eKg: number;
  savedCo2eKg: number;
}

/** `GET /v1/waybills/summary`: e-waybills applied and what they save. */
export interface WaybillSummary {
  issued: number;
  voided: number;
  reprints: number;
  perLabel: PaperSaving;
  totals: { labels: number; sheetsSaved: number; paperSavedKg: number; co2eSavedKg: number; factorId: string };
}

// ---------- Reusables (RFID box pools, EPCIS events) ----------

export const BOX_STATES = [
  'commissioned',
  'available',
  'packed',
  'in_transit',
  'at_customer',
  'returned',
  'cleaning',
  'damaged',
  'retired',
  'lost',
] as const;
/** A box's lifecycle state, derived from its EPCIS events (and time: overdue, lost). */
export type BoxState = (typeof BOX_STATES)[number];

/** A box type: one GRAI asset type, whose boxes form a pool. */
export interface BoxType {
  id: string;
  tenantId: string;
  name: string;
  companyPrefix: string;
  assetType: string;
  /** Canonical Digital Link of the GRAI class. */
  graiClass: string;
  /** Design life in trips. */
  designTrips: number;
  /** Cradle-to-gate kg CO2e of making one box. */
  productionKgCo2e: number;
  /** The single-use carton a trip replaces, and its kg CO2e. */
  singleUseName: string;
  singleUseKgCo2e: number;
  returnTransportKgCo2ePerTrip: number;
  cleaningKgCo2ePerTrip: number;
  /** Days away after which a box is overdue, and after which it counts as lost. */
  overdueAfterDays: number;
  lostAfterDays: number;
  createdAt: string;
}

/**
 * The KPIs of a pool (or several combined) for a period. Counts are integers, times mean days, CO2e kg,
 * ratios 0..1 unless the name ends in `Pct`; a ratio with nothing to divide by is null.
 */
export interface PoolKpis {
  boxTypeIds: string[];
  period: { fromMs: number; toMs: number };
  boxesCommissioned: number;
  commissionedInPeriod: number;
  boxesInCirculationAtStart: number;
  boxesInCirculation: number;
  boxesByState: Record<BoxState, number>;
  overdueBoxes: number;
  lostBoxes: number;
  lostInPeriod: number;
  recoveredInPeriod: number;
  boxesRetired: number;
  retiredInPeriod: number;
  damagedInPeriod: number;
  shipmentsInPeriod: number;
  tripsInPeriod: number;
  tripsToDate: number;
  tripsPerBox: number | null;
  designTrips: number | null;
  designLifeUsedPct: number | null;
  returns: { returned: number; lost: number; open: number };
  returnRate: number | null;
  cycleTimeDays: number | null;
  transitDaysMean: number | null;
  dwellAtCustomerDaysMean: number | null;
  turnaroundDaysMean: number | null;
  turnsPerYear: number | null;
  samples: { cycle: number; transit: number; dwell: number; turnaround: number };
  shrinkagePct: number | null;
  co2e: {
    productionKg: number;
    operationalKgPerTrip: number | null;
    operationalKg: number;
    perTripKg: number | null;
    /** Null when the carton is not heavier than a trip's operations, or for pools whose figures differ. */
    breakEvenTrips: number | null;
    singleUseAvoidedKg: number;
    /** Negative until the pool has paid back its production. */
    savedKg: number;
    boxesPastBreakEven: number | null;
  };
}

export interface KpiDefinition {
  label: string;
  unit: string;
  definition: string;
}

export interface ReusablesQuery {
  /** YYYY-MM-DD or ISO 8601; `to` is exclusive. */
  from?: string;
  to?: string;
  tenantId?: string;
  boxTypeId?: string;
}

/** `GET /v1/reusables/kpis`. */
export interface ReusablesReport {
  period: { from: string; to: string };
  pools: { boxType: BoxType; kpis: PoolKpis }[];
  /** Per owner tenant, its pools combined. */
  brands: { tenantId: string; kpis: PoolKpis }[];
  total: PoolKpis | null;
  /** Keyed as in PoolKpis, `co2e.` before the CO2e ones. */
  definitions: Record<string, KpiDefinition>;
}

export interface PoolSeriesPoint {
  /** `YYYY-MM`. */
  label: string;
  fromMs: number;
  toMs: number;
  commissioned: number;
  /** Trips started (boxes shipped). */
  shipments: number;
  /** Trips completed (boxes returned). */
  trips: number;
  lost: number;
  recovered: number;
  retired: number;
  /** At the month's end. */
  inCirculation: number;
  overdue: number;
  returnedShareOfEnded: number | null;
}

export interface PoolSeries {
  boxTypeId: string;
  period: { from: string; to: string };
  months: PoolSeriesPoint[];
}

/** A box of a pool as it stands now. */
export interface PoolBox {
  /** GRAI as a Digital Link. */
  epc: string;
  state: BoxState;
  overdue: boolean;
  stateSince: string;
  commissionedAt: string;
  shipments: number;
  /** Completed trips. */
  trips: number;
  lastEventAt: string;
}

export interface PoolBoxQuery {
  state?: BoxState;
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

export interface PoolBoxPage {
  total: number;
  items: PoolBox[];
}

export interface BoxTripSummary {
  outcome: 'returned' | 'lost' | 'open';
  shippedAt: string;
  receivedAt: string | null;
  returnedAt: string | null;
  availableAt: string | null;
}

/** An EPCIS 2.0 event as the repository answers it (identifiers as URNs); only what the page shows is typed. */
export interface EpcisEvent {
  type: string;
  eventTime: string;
  eventTimeZoneOffset?: string;
  eventID?: string;
  action?: 'ADD' | 'OBSERVE' | 'DELETE';
  bizStep?: string;
  disposition?: string;
  epcList?: string[];
  parentID?: string;
  childEPCs?: string[];
  readPoint?: { id: string };
  bizLocation?: { id: string };
  bizTransactionList?: { type?: string; bizTransaction: string }[];
  persistentDisposition?: { set?: string[]; unset?: string[] };
  errorDeclaration?: unknown;
  [key: string]: unknown;
}

/** `GET /v1/reusables/boxes/{epc}`. */
export interface ReusableBoxDetail extends PoolBox {
  boxType: { id: string; name: string; tenantId: string };
  tripList: BoxTripSummary[];
  timeline: { state: BoxState; since: string }[];
  /** Newest first, at most 200. */
  events: EpcisEvent[];
}

// ---------- Recycling (stations, drop-offs, stock, pickups, metrics) ----------

export interface RecyclingStation {
  id: string;
  tenantId: string;
  name: string;
  city: string;
  province: string;
  lat: number;
  lon: number;
  /** HH:MM-HH:MM. */
  openingHours: string;
  /** Reclaimed boxes it can hold. */
  storageCapacity: number;
  createdAt: string;
}

export interface RecyclingQuery {
  /** First local day (UTC+8), YYYY-MM-DD. */
  from?: string;
  /** Last local day included, YYYY-MM-DD. */
  to?: string;
  city?: string;
  stationId?: string;
  tenantId?: string;
}

export interface RecyclingFigures {
  /** Accepted drop-offs. */
  collected: number;
  /** Parcels sent in reclaimed boxes. */
  reused: number;
  /** reused ÷ collected; null when nothing was collected. */
  reuseRate: number | null;
  /** Stations with at least one accepted drop-off. */
  stations: number;
  cities: number;
  consumers: number;
  boardKgAvoided: number;
  kgCo2eAvoided: number;
  /** Points of accepted drop-offs plus points awarded for reuse. */
  points: number;
}

/** `GET /v1/recycling/metrics`. */
export interface RecyclingMetrics {
  filter: { fromDay: string | null; toDay: string | null; city: string | null; stationId: string | null };
  totals: RecyclingFigures;
  /** Oldest first. */
  byMonth: (RecyclingFigures & { month: string })[];
  /** Most collected first. */
  byCity: (RecyclingFigures & { city: string })[];
  /** The ten stations that collected most. */
  topStations: (RecyclingFigures & { stationId: string; name: string; city: string })[];
}

export interface StockRow {
  sizeClass: string;
  grade: string;
  count: number;
}

/** `GET /v1/stations/{id}/stock`. */
export interface StationStock {
  stationId: string;
  storageCapacity: number;
  total: number;
  /** Stock at which a pickup is requested (80 % of the capacity). */
  threshold: number;
  openPickupId: string | null;
  rows: StockRow[];
}

export type PickupStatus = 'requested' | 'handed_over';

export interface Pickup {
  id: string;
  tenantId: string;
  stationId: string;
  status: PickupStatus;
  trigger: 'threshold' | 'manual';
  requestedAt: string;
  manifest: {
    lines: { sizeClass: string; grade: string; count: number; kgEach: number; weightKg: number }[];
    totalCount: number;
    totalWeightKg: number;
  } | null;
  collector: string | null;
  signedBy: string | null;
  handedOverAt: string | null;
}

export type RefusalReason = 'already_rewarded' | 'consumer_daily_cap' | 'station_daily_cap' | 'device_velocity';

export interface Dropoff {
  id: string;
  stationId: string;
  /** Pseudonymous consumer id. */
  consumerId: string;
  itemKey: string;
  grade: string;
  status: 'accepted' | 'refused';
  reason: RefusalReason | null;
  points: number;
  createdAt: string;
}

// ---------- Solar (parks, PV systems, performance, alerts, energy and Scope 2) ----------

export type SolarMounting = 'open_rack' | 'close_mount' | 'insulated_back';
export type SolarModuleType = 'standard' | 'premium' | 'thin_film';
export type SolarPoaSource = 'sensor' | 'modelled' | 'clear_sky';
export type SolarGranularity = 'day' | 'month' | 'total';
export const SOLAR_ALERT_KINDS = ['underperformance', 'data_gap', 'stale_meter', 'timestamp_shift'] as const;
export type SolarAlertKind = (typeof SOLAR_ALERT_KINDS)[number];

export interface SolarParkKpis {
  systems: number;
  installedKwp: number;
  /** All metered generation. */
  generationKwh: number;
  readings: number;
  /** UTC interval starts of the first and last meter readings. */
  firstIntervalStart: string | null;
  lastIntervalStart: string | null;
}

/** `GET /v1/solar/parks` item: the park's site with its settings and headline figures. */
export interface SolarPark {
  id: string;
  tenantId: string;
  name: string;
  city: string;
  province: string;
  region: string;
  lat: number;
  lon: number;
  elevationM: number;
  /** Minutes east of UTC of the park's clock (China 480). */
  utcOffsetMin: number;
  linkeTurbidity: number[];
  gridRegion: string | null;
  kpis: SolarParkKpis;
}

export interface PvSystem {
  id: string;
  parkId: string;
  tenantId: string;
  name: string;
  dcKwp: number;
  tiltDeg: number;
  azimuthDeg: number;
  mounting: SolarMounting;
  moduleType: SolarModuleType;
  inverterAcKw: number;
  lossesPct: number;
  albedo: number;
  commissionedOn: string | null;
}

/** `GET /v1/solar/parks/{id}`. */
export interface SolarParkDetail extends Omit<SolarPark, 'kpis'> {
  systems: PvSystem[];
  kpis: SolarParkKpis;
}

export interface SolarPeriodQuery {
  /** First local day of the park, YYYY-MM-DD. */
  from?: string;
  /** End, exclusive: a local day (its midnight). */
  to?: string;
}

export interface SolarModelQuery extends SolarPeriodQuery {
  parkId?: string;
  systemId?: string;
}

export interface SolarFigures {
  generationKwh: number;
  selfConsumedKwh: number;
  exportedKwh: number;
  /** Location-based Scope 2 avoided by self-consumption. */
  scope2AvoidedKgCo2e: number;
  /** Avoided by exports: reported apart, never netted. */
  exportAvoidedKgCo2e: number;
}

/** `GET /v1/solar/summary`. */
export interface SolarSummary extends SolarFigures {
  from: string | null;
  to: string | null;
  parks: number;
  systems: number;
  installedKwp: number;
  parksWithoutSiteMeters: string[];
  byYear: (SolarFigures & { period: string })[];
  byMonth: (SolarFigures & { period: string })[];
  factors: { factorId: string; year: number; reportingYear: number; kgCo2ePerKwh: number; note: string }[];
  method: string;
}

/** A day, a month or the whole period of a system or park. */
export interface SolarPerformanceRow {
  /** YYYY-MM-DD, YYYY-MM or `first/last`. */
  period: string;
  day: string;
  measuredKwh: number;
  expectedKwh: number;
  clearSkyKwh: number;
  /** Plane-of-array insolation, kWh/m2. */
  poaKwhM2: number;
  specificYieldKwhKwp: number;
  /** IEC 61724-1 PR on plane-of-array irradiance. */
  pr: number | null;
  weatherCorrectedPr: number | null;
  availability: number | null;
  expectedRatio: number | null;
  readings: number;
  daylightIntervals: number;
}

/** `GET /v1/solar/performance`. */
export interface SolarPerformance {
  parkId: string;
  from: string;
  to: string;
  granularity: SolarGranularity;
  poaSource: SolarPoaSource;
  utcOffsetMin: number;
  installedKwp: number;
  park: SolarPerformanceRow[];
  systems: { systemId: string; name: string; dcKwp: number; rows: SolarPerformanceRow[] }[];
}

export interface SolarAlert {
  kind: SolarAlertKind;
  systemId: string;
  systemName: string;
  fromMs: number;
  toMs: number;
  /** ISO 8601, UTC. */
  from: string;
  to: string;
  severity: 'warning' | 'critical';
  /** A sentence with the figures. */
  reason: string;
  metrics: Record<string, number>;
}

/** `GET /v1/solar/alerts`. */
export interface SolarAlerts {
  parkId: string;
  from: string;
  to: string;
  poaSource: SolarPoaSource;
  items: SolarAlert[];
}

export interface SolarEnergyRow {
  period: string;
  generationKwh: number | null;
  consumptionKwh: number | null;
  importKwh: number | null;
  exportKwh: number | null;
  selfConsumedKwh: number | null;
  selfConsumptionShare: number | null;
  consistent: boolean | null;
  warnings: string[];
  scope2LocationKgCo2e: number | null;
  scope2AvoidedKgCo2e: number | null;
  exportAvoidedKgCo2e: number | null;
  factor: { factorId: string; year: number; reportingYear: number; kgCo2ePerKwh: number; note: string } | null;
}

/** `GET /v1/solar/energy`. */
export interface SolarEnergy {
  parkId: string;
  from: string;
  to: string;
  granularity: 'month' | 'year';
  gridRegion: string;
  rows: SolarEnergyRow[];
  total: SolarEnergyRow;
  method: string;
}
