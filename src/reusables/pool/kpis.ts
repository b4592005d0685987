/**
 * Pool KPIs from box histories (reference/epcis-rfid.md §4), per box type, per brand (several box types),
 * and as a monthly series for charts. Pure: the same histories and period give the same numbers.
 *
 * Conventions: a period is `[fromMs, toMs)` (end exclusive); "at T" means after the events before T (the
 * histories' own convention, see lifecycle.ts), so compute the histories as of `toMs` or later. Counts are
 * integers; times are means in days (not rounded); CO2e is in kg CO2e (rounded to the milligram); ratios are fractions
 * 0…1 unless the name ends in `Pct` (percent). A ratio with nothing to divide by is null.
 */
import { type BoxHistory, type BoxTrip, DAY_MS, overdueAt, stateAt, tripOutcomeAt } from './lifecycle.js';
import { BOX_STATES, type BoxState, type BoxType } from './model.js';

export interface KpiPeriod {
  fromMs: number;
  /** Exclusive. */
  toMs: number;
}

export interface PoolCo2eKpis {
  /** kg CO2e: boxesCommissioned × the type's production CO2e per box (cradle-to-gate). */
  productionKg: number;
  /** kg CO2e per trip: return transport + cleaning. For several box types: operationalKg / tripsToDate. */
  operationalKgPerTrip: number | null;
  /** kg CO2e: tripsToDate × operationalKgPerTrip. */
  operationalKg: number;
  /** kg CO2e per completed trip to date, boxes' production included: (productionKg + operationalKg) / tripsToDate. */
  perTripKg: number | null;
  /**
   * Trips (fractional) a box needs before it has saved its production CO2e:
   * productionKgCo2e / (singleUseKgCo2e − operationalKgPerTrip). Null when the single-use carton is not
   * heavier than a trip's operations (it never breaks even), and for several box types that differ.
   */
  breakEvenTrips: number | null;
  /** kg CO2e of the single-use cartons the completed trips replaced: tripsToDate × singleUseKgCo2e. */
  singleUseAvoidedKg: number;
  /** kg CO2e saved to date: singleUseAvoidedKg − productionKg − operationalKg. Negative while the pool has not yet paid back its production. */
  savedKg: number;
  /** Boxes commissioned by toMs with at least breakEvenTrips completed trips (null when breakEvenTrips is). */
  boxesPastBreakEven: number | null;
}

/**
 * The KPIs of one pool (or several: combineKpis) for a period. Definitions are the doc comments here and
 * `POOL_KPI_DEFINITIONS` (for the UI and API).
 */
export interface PoolKpis {
  boxTypeIds: string[];
  period: KpiPeriod;
  /** Boxes commissioned before toMs (to date, whatever their state now). */
  boxesCommissioned: number;
  /** Boxes commissioned in the period. */
  commissionedInPeriod: number;
  /** Boxes in circulation at fromMs: commissioned, neither retired nor lost. */
  boxesInCirculationAtStart: number;
  /** Boxes in circulation at toMs: commissioned, neither retired nor lost. */
  boxesInCirculation: number;
  /** Boxes per lifecycle state at toMs; sums to boxesCommissioned. */
  boxesByState: Record<BoxState, number>;
  /** Boxes away (in transit or at a customer) longer than overdueAfterDays at toMs, not yet lost. */
  overdueBoxes: number;
  /** Boxes lost at toMs (declared, or away longer than lostAfterDays, and not seen since). */
  lostBoxes: number;
  /** Losses in the period (declared, or lostAfterDays passed) of boxes not seen again by toMs. */
  lostInPeriod: number;
  /** Boxes counted lost earlier and seen again in the period. */
  recoveredInPeriod: number;
  /** Boxes retired before toMs, and in the period. */
  boxesRetired: number;
  retiredInPeriod: number;
  /** Times a box was marked damaged / needs_replacement in the period. */
  damagedInPeriod: number;
  /** Trips started in the period (shipments of a box away from the pool). */
  shipmentsInPeriod: number;
  /** Trips completed in the period (boxes returned). */
  tripsInPeriod: number;
  /** Trips completed before toMs: total uses to date. */
  tripsToDate: number;
  /** tripsToDate / boxesCommissioned: uses per box so far. */
  tripsPerBox: number | null;
  /** Design life in trips (several types: mean weighted by boxes commissioned). */
  designTrips: number | null;
  /** tripsPerBox / designTrips × 100: share of the design life used so far. */
  designLifeUsedPct: number | null;
  /** The period's shipments by how they stood at toMs. */
  returns: { returned: number; lost: number; open: number };
  /** Of the period's shipments resolved by toMs: returned / (returned + lost). Open ones are left out. */
  returnRate: number | null;
  /** Days, mean over trips made available again in the period: shipped → available (cleaned or repaired, ready for the next use; idle time in stock not included). */
  cycleTimeDays: number | null;
  /** Days, mean over trips received in the period: shipped → received at the customer. */
  transitDaysMean: number | null;
  /** Days, mean over trips returned in the period: received at the customer → returned. */
  dwellAtCustomerDaysMean: number | null;
  /** Days, mean over trips made available in the period: returned → available (cleaning, inspection, repair). */
  turnaroundDaysMean: number | null;
  /** 365 / cycleTimeDays: trips a box could make in a year at this cycle time (an upper bound: no idle time). */
  turnsPerYear: number | null;
  /** How many trips each mean is over. */
  samples: { cycle: number; transit: number; dwell: number; turnaround: number };
  /** lostInPeriod / (boxesInCirculationAtStart + commissionedInPeriod) × 100, for the period (not annualised). */
  shrinkagePct: number | null;
  co2e: PoolCo2eKpis;
}

/** Label, unit and definition of every KPI (keys as in PoolKpis, `co2e.` for the CO2e ones). */
export const POOL_KPI_DEFINITIONS: Record<string, { label: string; unit: string; definition: string }> = {
  boxesCommissioned: {
    label: 'Boxes commissioned',
    unit: 'boxes',
    definition: 'Boxes commissioned before the end of the period (to date).',
  },
  commissionedInPeriod: { label: 'Commissioned in period', unit: 'boxes', definition: 'Boxes commissioned in the period.' },
  boxesInCirculationAtStart: {
    label: 'In circulation at start',
    unit: 'boxes',
    definition: 'Boxes commissioned, neither retired nor lost, at the start of the period.',
  },
  boxesInCirculation: {
    label: 'In circulation',
    unit: 'boxes',
    definition: 'Boxes commissioned, neither retired nor lost, at the end of the period.',
  },
  boxesByState: { label: 'Boxes by state', unit: 'boxes', definition: 'Boxes per lifecycle state at the end of the period.' },
  overdueBoxes: {
    label: 'Overdue',
    unit: 'boxes',
    definition:
      'Boxes away (in transit or at a customer) for longer than the overdue limit at the end of the period, not yet lost.',
  },
  lostBoxes: {
    label: 'Lost',
    unit: 'boxes',
    definition:
      'Boxes lost at the end of the period: declared stolen/unknown, or away longer than the lost limit, and not seen since.',
  },
  lostInPeriod: {
    label: 'Lost in period',
    unit: 'boxes',
    definition: 'Losses in the period of boxes not seen again by its end.',
  },
  recoveredInPeriod: {
    label: 'Recovered',
    unit: 'boxes',
    definition: 'Boxes counted lost earlier and seen again in the period.',
  },
  boxesRetired: { label: 'Retired', unit: 'boxes', definition: 'Boxes retired (decommissioned or destroyed) to date.' },
  retiredInPeriod: { label: 'Retired in period', unit: 'boxes', definition: 'Boxes retired in the period.' },
  damagedInPeriod: {
    label: 'Damaged',
    unit: 'times',
    definition: 'Times a box was marked damaged or needs_replacement in the period.',
  },
  shipmentsInPeriod: {
    label: 'Shipments',
    unit: 'trips',
    definition: 'Trips started in the period: a box shipped away from the pool.',
  },
  tripsInPeriod: { label: 'Trips', unit: 'trips', definition: 'Trips completed in the period: boxes returned to the pool.' },
  tripsToDate: { label: 'Trips to date', unit: 'trips', definition: 'Trips completed before the end of the period: total uses.' },
  tripsPerBox: { label: 'Trips per box', unit: 'trips/box', definition: 'Trips to date / boxes commissioned.' },
  designTrips: { label: 'Design life', unit: 'trips', definition: 'Design life of the box type in trips.' },
  designLifeUsedPct: { label: 'Design life used', unit: '%', definition: 'Trips per box / design life × 100.' },
  returns: {
    label: 'Shipments by outcome',
    unit: 'trips',
    definition: 'Shipments of the period: returned, lost, or still open at the end of the period.',
  },
  returnRate: {
    label: 'Return rate',
    unit: 'fraction',
    definition:
      'Of the shipments of the period resolved by its end: returned / (returned + lost). Open shipments are left out, and a box counts as lost only after lostAfterDays away, so over a period shorter than that the rate reads high.',
  },
  cycleTimeDays: {
    label: 'Cycle time',
    unit: 'days',
    definition: 'Mean time from shipment to available again (cleaned or repaired), over trips made available in the period.',
  },
  transitDaysMean: { label: 'Transit', unit: 'days', definition: 'Mean time from shipment to receipt at the customer.' },
  dwellAtCustomerDaysMean: {
    label: 'Dwell at customer',
    unit: 'days',
    definition: 'Mean time from receipt at the customer to return, over trips returned in the period.',
  },
  turnaroundDaysMean: {
    label: 'Turnaround',
    unit: 'days',
    definition: 'Mean time from return to available again (cleaning, inspection, repair).',
  },
  turnsPerYear: {
    label: 'Turns per year',
    unit: 'trips/year',
    definition: '365 / cycle time (idle time in stock not included).',
  },
  shrinkagePct: {
    label: 'Shrinkage',
    unit: '%',
    definition: 'Lost in period / (in circulation at start + commissioned in period) × 100, for the period (not annualised).',
  },
  'co2e.productionKg': { label: 'Production', unit: 'kg CO2e', definition: 'Boxes commissioned × production CO2e per box.' },
  'co2e.operationalKgPerTrip': {
    label: 'Operations per trip',
    unit: 'kg CO2e/trip',
    definition: 'Return transport + cleaning per trip.',
  },
  'co2e.operationalKg': { label: 'Operations', unit: 'kg CO2e', definition: 'Trips to date × operations per trip.' },
  'co2e.perTripKg': {
    label: 'CO2e per trip',
    unit: 'kg CO2e/trip',
    definition: '(Production + operations to date) / trips to date.',
  },
  'co2e.breakEvenTrips': {
    label: 'Break-even',
    unit: 'trips',
    definition: 'Production CO2e per box / (single-use carton CO2e − operations per trip); none when the carton is not heavier.',
  },
  'co2e.singleUseAvoidedKg': {
    label: 'Single-use avoided',
    unit: 'kg CO2e',
    definition: 'Trips to date × CO2e of the single-use carton a trip replaces.',
  },
  'co2e.savedKg': {
    label: 'CO2e saved',
    unit: 'kg CO2e',
    definition: 'Single-use avoided − production − operations, to date. Negative until the pool has paid back its production.',
  },
  'co2e.boxesPastBreakEven': {
    label: 'Boxes past break-even',
    unit: 'boxes',
    definition: 'Boxes with at least the break-even number of completed trips.',
  },
};

const emptyByState = (): Record<BoxState, number> =>
  Object.fromEntries(BOX_STATES.map((s) => [s, 0])) as Record<BoxState, number>;

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
const inPeriod = (ms: number | undefined, p: KpiPeriod): boolean => ms !== undefined && ms >= p.fromMs && ms < p.toMs;

/** The KPIs of one box type's pool for a period, from its histories (computed as of toMs or later). */
export function poolKpis(type: BoxType, histories: readonly BoxHistory[], period: KpiPeriod): PoolKpis {
  const { fromMs: F, toMs: T } = period;
  const byState = emptyByState();
  let boxesCommissioned = 0;
  let commissionedInPeriod = 0;
  let atStart = 0;
  let overdueBoxes = 0;
  let lostInPeriod = 0;
  let recoveredInPeriod = 0;
  let boxesRetired = 0;
  let retiredInPeriod = 0;
  let damagedInPeriod = 0;
  let shipmentsInPeriod = 0;
  let tripsInPeriod = 0;
  let tripsToDate = 0;
  const returns = { returned: 0, lost: 0, open: 0 };
  // Leg durations summed in integer milliseconds.
  let cycleMs = 0;
  let transitMs = 0;
  let dwellMs = 0;
  let turnaroundMs = 0;
  const samples = { cycle: 0, transit: 0, dwell: 0, turnaround: 0 };
  const tripsOfBox: number[] = [];

  for (const h of histories) {
    if (!(h.commissionedAtMs < T)) continue;
    boxesCommissioned++;
    if (h.commissionedAtMs >= F) commissionedInPeriod++;
    const state = stateAt(h, T) as BoxState;
    byState[state]++;
    const startState = stateAt(h, F);
    if (startState !== null && startState !== 'retired' && startState !== 'lost') atStart++;
    if (overdueAt(h, type, T)) overdueBoxes++;
    if (h.retiredAtMs !== null && h.retiredAtMs < T) {
      boxesRetired++;
      if (h.retiredAtMs >= F) retiredInPeriod++;
    }
    for (const loss of h.losses) {
      if (inPeriod(loss.lostMs, period) && !(loss.foundMs !== undefined && loss.foundMs < T)) lostInPeriod++;
      if (inPeriod(loss.foundMs, period)) recoveredInPeriod++;
    }
    for (const ms of h.damagedMs) if (inPeriod(ms, period)) damagedInPeriod++;

    let boxTrips = 0;
    for (const trip of h.tripList as BoxTrip[]) {
      if (trip.shippedMs >= T) break;
      if (trip.shippedMs >= F) {
        shipmentsInPeriod++;
        const outcome = tripOutcomeAt(trip, T);
        if (outcome === 'returned') returns.returned++;
        else if (outcome === 'lost') returns.lost++;
        else returns.open++;
      }
      if (trip.returnedMs !== undefined && trip.returnedMs < T) {
        boxTrips++;
        if (trip.returnedMs >= F) {
          tripsInPeriod++;
          if (trip.receivedMs !== undefined) {
            dwellMs += trip.returnedMs - trip.receivedMs;
            samples.dwell++;
          }
        }
      }
      if (inPeriod(trip.receivedMs, period)) {
        transitMs += (trip.receivedMs as number) - trip.shippedMs;
        samples.transit++;
      }
      if (inPeriod(trip.availableMs, period)) {
        const availableMs = trip.availableMs as number;
        cycleMs += availableMs - trip.shippedMs;
        samples.cycle++;
        if (trip.returnedMs !== undefined) {
          turnaroundMs += availableMs - trip.returnedMs;
          samples.turnaround++;
        }
      }
    }
    tripsToDate += boxTrips;
    tripsOfBox.push(boxTrips);
  }

  const operationalKgPerTrip = type.returnTransportKgCo2ePerTrip + type.cleaningKgCo2ePerTrip;
  const productionKg = boxesCommissioned * type.productionKgCo2e;
  const operationalKg = tripsToDate * operationalKgPerTrip;
  const singleUseAvoidedKg = tripsToDate * type.singleUseKgCo2e;
  const margin = type.singleUseKgCo2e - operationalKgPerTrip;
  const breakEvenTrips = margin > 0 ? type.productionKgCo2e / margin : null;
  const boxesPastBreakEven = breakEvenTrips === null ? null : tripsOfBox.filter((n) => n >= breakEvenTrips).length;
  const days = (ms: number, n: number): number | null => (n > 0 ? ms / DAY_MS / n : null);
  const cycleTimeDays = days(cycleMs, samples.cycle);
  const tripsPerBox = ratio(tripsToDate, boxesCommissioned);

  return {
    boxTypeIds: [type.id],
    period: { fromMs: F, toMs: T },
    boxesCommissioned,
    commissionedInPeriod,
    boxesInCirculationAtStart: atStart,
    boxesInCirculation: boxesCommissioned - byState.retired - byState.lost,
    boxesByState: byState,
    overdueBoxes,
    lostBoxes: byState.lost,
    lostInPeriod,
    recoveredInPeriod,
    boxesRetired,
    retiredInPeriod,
    damagedInPeriod,
    shipmentsInPeriod,
    tripsInPeriod,
    tripsToDate,
    tripsPerBox,
    designTrips: type.designTrips,
    designLifeUsedPct: tripsPerBox === null || !(type.designTrips > 0) ? null : (tripsPerBox / type.designTrips) * 100,
    returns,
    returnRate: ratio(returns.returned, returns.returned + returns.lost),
    cycleTimeDays,
    transitDaysMean: days(transitMs, samples.transit),
    dwellAtCustomerDaysMean: days(dwellMs, samples.dwell),
    turnaroundDaysMean: days(turnaroundMs, samples.turnaround),
    turnsPerYear: cycleTimeDays === null || cycleTimeDays <= 0 ? null : 365 / cycleTimeDays,
    samples,
    shrinkagePct: pct(lostInPeriod, atStart + commissionedInPeriod),
    co2e: {
      productionKg: kg(productionKg),
      operationalKgPerTrip: kg(operationalKgPerTrip),
      operationalKg: kg(operationalKg),
      perTripKg: kgOrNull(ratio(productionKg + operationalKg, tripsToDate)),
      breakEvenTrips,
      singleUseAvoidedKg: kg(singleUseAvoidedKg),
      savedKg: kg(singleUseAvoidedKg - productionKg - operationalKg),
      boxesPastBreakEven,
    },
  };
}

/** kg CO2e to the milligram: drops float noise (2.6 × 3 = 7.800000000000001) from the JSON. */
const kg = (x: number): number => Math.round(x * 1e6) / 1e6;
const kgOrNull = (x: number | null): number | null => (x === null ? null : kg(x));

function pct(num: number, den: number): number | null {
  const r = ratio(num, den);
  return r === null ? null : r * 100;
}

/** The value all parts share, or null when they differ (or there are none). */
function common(values: (number | null)[]): number | null {
  if (values.length === 0) return null;
  const first = values[0] as number | null;
  return values.every((v) => v === first) ? first : null;
}

/**
 * Rolls several pools' KPIs (e.g. a brand's box types) into one, for the same period: counts are summed,
 * ratios and means recomputed from the sums (means weighted by their samples), never averaged.
 * `breakEvenTrips` stays only when all parts share it; `designTrips` is weighted by boxes commissioned.
 */
export function combineKpis(parts: readonly PoolKpis[], period?: KpiPeriod): PoolKpis {
  const p = period ?? parts[0]?.period ?? { fromMs: 0, toMs: 0 };
  const sum = (f: (k: PoolKpis) => number): number => parts.reduce((acc, k) => acc + f(k), 0);
  const byState = emptyByState();
  for (const k of parts) for (const s of BOX_STATES) byState[s] += k.boxesByState[s];
  const boxesCommissioned = sum((k) => k.boxesCommissioned);
  const tripsToDate = sum((k) => k.tripsToDate);
  const returns = {
    returned: sum((k) => k.returns.returned),
    lost: sum((k) => k.returns.lost),
    open: sum((k) => k.returns.open),
  };
  const samples = {
    cycle: sum((k) => k.samples.cycle),
    transit: sum((k) => k.samples.transit),
    dwell: sum((k) => k.samples.dwell),
    turnaround: sum((k) => k.samples.turnaround),
  };
  const mean = (f: (k: PoolKpis) => number | null, n: (k: PoolKpis) => number): number | null => {
    const den = sum(n);
    return den > 0 ? sum((k) => (n(k) > 0 ? (f(k) ?? 0) * n(k) : 0)) / den : null;
  };
  const cycleTimeDays = mean(
    (k) => k.cycleTimeDays,
    (k) => k.samples.cycle,
  );
  const designTrips =
    boxesCommissioned > 0
      ? sum((k) => (k.designTrips ?? 0) * k.boxesCommissioned) / boxesCommissioned
      : common(parts.map((k) => k.designTrips));
  const tripsPerBox = ratio(tripsToDate, boxesCommissioned);
  const atStart = sum((k) => k.boxesInCirculationAtStart);
  const commissionedInPeriod = sum((k) => k.commissionedInPeriod);
  const lostInPeriod = sum((k) => k.lostInPeriod);
  const productionKg = sum((k) => k.co2e.productionKg);
  const operationalKg = sum((k) => k.co2e.operationalKg);
  const singleUseAvoidedKg = sum((k) => k.co2e.singleUseAvoidedKg);
  const breakEvenTrips = common(parts.map((k) => k.co2e.breakEvenTrips));
  const pastBreakEven = parts.map((k) => k.co2e.boxesPastBreakEven);
  return {
    boxTypeIds: parts.flatMap((k) => k.boxTypeIds),
    period: { fromMs: p.fromMs, toMs: p.toMs },
    boxesCommissioned,
    commissionedInPeriod,
    boxesInCirculationAtStart: atStart,
    boxesInCirculation: sum((k) => k.boxesInCirculation),
    boxesByState: byState,
    overdueBoxes: sum((k) => k.overdueBoxes),
    lostBoxes: sum((k) => k.lostBoxes),
    lostInPeriod,
    recoveredInPeriod: sum((k) => k.recoveredInPeriod),
    boxesRetired: sum((k) => k.boxesRetired),
    retiredInPeriod: sum((k) => k.retiredInPeriod),
    damagedInPeriod: sum((k) => k.damagedInPeriod),
    shipmentsInPeriod: sum((k) => k.shipmentsInPeriod),
    tripsInPeriod: sum((k) => k.tripsInPeriod),
    tripsToDate,
    tripsPerBox,
    designTrips,
    designLifeUsedPct:
      tripsPerBox === null || designTrips === null || !(designTrips > 0) ? null : (tripsPerBox / designTrips) * 100,
    returns,
    returnRate: ratio(returns.returned, returns.returned + returns.lost),
    cycleTimeDays,
    transitDaysMean: mean(
      (k) => k.transitDaysMean,
      (k) => k.samples.transit,
    ),
    dwellAtCustomerDaysMean: mean(
      (k) => k.dwellAtCustomerDaysMean,
      (k) => k.samples.dwell,
    ),
    turnaroundDaysMean: mean(
      (k) => k.turnaroundDaysMean,
      (k) => k.samples.turnaround,
    ),
    turnsPerYear: cycleTimeDays === null || cycleTimeDays <= 0 ? null : 365 / cycleTimeDays,
    samples,
    shrinkagePct: pct(lostInPeriod, atStart + commissionedInPeriod),
    co2e: {
      productionKg: kg(productionKg),
      operationalKgPerTrip: kgOrNull(
        tripsToDate > 0 ? operationalKg / tripsToDate : common(parts.map((k) => k.co2e.operationalKgPerTrip)),
      ),
      operationalKg: kg(operationalKg),
      perTripKg: kgOrNull(ratio(productionKg + operationalKg, tripsToDate)),
      breakEvenTrips,
      singleUseAvoidedKg: kg(singleUseAvoidedKg),
      savedKg: kg(singleUseAvoidedKg - productionKg - operationalKg),
      boxesPastBreakEven: pastBreakEven.some((n) => n === null) ? null : pastBreakEven.reduce<number>((a, n) => a + (n ?? 0), 0),
    },
  };
}

/** One pool: its box type and histories. */
export interface PoolHistories {
  type: BoxType;
  histories: readonly BoxHistory[];
}

/** The KPIs of a brand (or any set of pools) for a period: combineKpis over each pool's poolKpis. */
export function brandKpis(pools: readonly PoolHistories[], period: KpiPeriod): PoolKpis {
  return combineKpis(
    pools.map((p) => poolKpis(p.type, p.histories, period)),
    period,
  );
}

/** One bucket of a series: the period's KPIs that charts use. */
export interface KpiSeriesPoint {
  /** `YYYY-MM` of the bucket's start, in the series' time zone. */
  label: string;
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  commissioned: number;
  /** Trips started in the bucket. */
  shipments: number;
  /** Trips completed (boxes returned) in the bucket. */
  trips: number;
  /** Losses in the bucket of boxes not seen again by the bucket's end. */
  lost: number;
  recovered: number;
  retired: number;
  /** At the bucket's end. */
  inCirculation: number;
  overdue: number;
  /**
   * Of the trips that ended in the bucket, the share that came back: trips / (trips + lost). Not the
   * cohort returnRate of PoolKpis: a month's shipments are rarely resolved by its end (a loss shows only
   * after lostAfterDays), so a monthly cohort rate would read near 100 %.
   */
  returnedShareOfEnded: number | null;
}

export interface KpiSeriesOptions {
  /** Offset of the time zone whose calendar months the buckets follow; default +480 (UTC+08:00, China). */
  utcOffsetMinutes?: number;
}

/** At most this many buckets (the most recent ones are kept): 20 years of months. */
export const MAX_SERIES_BUCKETS = 240;

/** Calendar-month buckets covering [fromMs, toMs); the first and last may be partial months. */
export function monthBuckets(
  fromMs: number,
  toMs: number,
  utcOffsetMinutes = 480,
): { label: string; fromMs: number; toMs: number }[] {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs >= toMs) return [];
  const offMs = Math.round(utcOffsetMinutes) * 60_000;
  // Skip whole months before the kept range instead of walking them.
  const end = new Date(toMs - 1 + offMs);
  const earliest = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - (MAX_SERIES_BUCKETS - 1), 1) - offMs;
  const out: { label: string; fromMs: number; toMs: number }[] = [];
  let start = Math.max(fromMs, earliest);
  while (start < toMs) {
    const d = new Date(start + offMs);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - offMs;
    const label = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    out.push({ label, fromMs: start, toMs: Math.min(next, toMs) });
    start = Math.min(next, toMs);
  }
  return out;
}

const point = (label: string, k: PoolKpis): KpiSeriesPoint => ({
  label,
  fromMs: k.period.fromMs,
  toMs: k.period.toMs,
  commissioned: k.commissionedInPeriod,
  shipments: k.shipmentsInPeriod,
  trips: k.tripsInPeriod,
  lost: k.lostInPeriod,
  recovered: k.recoveredInPeriod,
  retired: k.retiredInPeriod,
  inCirculation: k.boxesInCirculation,
  overdue: k.overdueBoxes,
  returnedShareOfEnded: ratio(k.tripsInPeriod, k.tripsInPeriod + k.lostInPeriod),
});

/** Monthly series of one pool over [fromMs, toMs) for charts (histories as of toMs or later). */
export function kpiSeries(
  type: BoxType,
  histories: readonly BoxHistory[],
  fromMs: number,
  toMs: number,
  _interval: 'month' = 'month',
  options: KpiSeriesOptions = {},
): KpiSeriesPoint[] {
  return monthBuckets(fromMs, toMs, options.utcOffsetMinutes).map((b) => point(b.label, poolKpis(type, histories, b)));
}

/** Monthly series of several pools (a brand), each bucket combined as in combineKpis. */
export function brandKpiSeries(
  pools: readonly PoolHistories[],
  fromMs: number,
  toMs: number,
  _interval: 'month' = 'month',
  options: KpiSeriesOptions = {},
): KpiSeriesPoint[] {
  return monthBuckets(fromMs, toMs, options.utcOffsetMinutes).map((b) => point(b.label, brandKpis(pools, b)));
}
