/**
 * The lifecycle of every box of a pool, replayed from its EPCIS events (reference/epcis-rfid.md §1.3).
 *
 * Pure and deterministic: the same events give the same histories, whatever order equal-time events were
 * captured in (ties keep the input order, which is capture order). Unknown or irrelevant events are ignored;
 * nothing here throws on data.
 *
 * Time convention, used by the KPIs too: `asOfMs` is exclusive. A history "as of T" reflects the events
 * strictly before T, and the time-based rules (overdue, lost) are judged at T.
 */
import { type BoxEvent, type BoxState, type BoxType, CLEANING_BIZ_STEP } from './model.js';

export const DAY_MS = 86_400_000;

/** One shipment of a box: from leaving the pool until it is back (or written off as lost). */
export interface BoxTrip {
  /** The first shipping / departing event (or `in_transit` disposition) away from the pool. */
  shippedMs: number;
  /** First receiving / arriving at a customer on this trip (later legs do not move it). */
  receivedMs?: number;
  /**
   * Back in the pool: the first event with disposition `returned` (collecting at a station or receiving at
   * the pool). When that scan is missing, the first pool-side event (cleaning, `available`, packing, repair)
   * closes the trip instead and `returnInferred` is true.
   */
  returnedMs?: number;
  returnInferred?: boolean;
  /** First time the box was `available` again after the return (cleaned, or repaired). */
  availableMs?: number;
  /**
   * When the box was counted lost on this trip: declared (`stolen` / `unknown`), away longer than
   * `lostAfterDays` (then `shippedMs + lostAfterDays`), or retired before it came back.
   */
  lostMs?: number;
  /** When a box counted lost on this trip was seen again (the trip is then open again, or returned). */
  foundMs?: number;
  /** As of the history's `asOfMs`: returned (completed), lost (and not seen since), or open. */
  outcome: 'returned' | 'lost' | 'open';
}

/** One time a box was counted lost. */
export interface BoxLoss {
  lostMs: number;
  /** `declared`: a `stolen` / `unknown` disposition; `overdue`: away longer than the type's `lostAfterDays`. */
  how: 'declared' | 'overdue';
  /** When the box was seen again, if it was. */
  foundMs?: number;
  /** Index into `tripList` of the trip it was lost on, if it was away. */
  trip?: number;
}

export interface BoxStateChange {
  state: BoxState;
  sinceMs: number;
}

export interface BoxHistory {
  /** Canonical Digital Link of the GRAI. */
  epc: string;
  /** State as of `asOfMs`. */
  state: BoxState;
  /** Away (in transit or at a customer) for longer than `overdueAfterDays`, and not yet counted lost. */
  overdue: boolean;
  stateSinceMs: number;
  /** The commissioning event; without one, the first event seen (`commissionedImplicitly`). */
  commissionedAtMs: number;
  commissionedImplicitly: boolean;
  retiredAtMs: number | null;
  /** When the box was counted lost, if it has not been seen since (kept when a lost box is written off). */
  lostAtMs: number | null;
  /** Trips started (shipments away from the pool). */
  shipments: number;
  /** Trips completed: shipments that came back (`returned`). */
  trips: number;
  tripList: BoxTrip[];
  /** Every time the box was counted lost, with when it was found again. */
  losses: BoxLoss[];
  /** When a `damaged` / `needs_replacement` persistent disposition (or disposition) was set. */
  damagedMs: number[];
  /** State changes in time order; the state at T is the last entry with `sinceMs < T`. */
  timeline: BoxStateChange[];
  /** Events used (not error-declared, before `asOfMs`). */
  eventCount: number;
  lastEventMs: number;
  /** Data-quality counters: `returned` events with no trip open (repeated scans), events after retirement. */
  notes: { returnsWithoutTrip: number; eventsAfterRetirement: number };
}

const DAMAGE_TERMS = new Set(['damaged', 'needs_replacement']);
const LOST_DISPOSITIONS = new Set(['stolen', 'unknown']);
const RETIRE_STEPS = new Set(['decommissioning', 'destroying']);
const RETIRE_DISPOSITIONS = new Set(['destroyed', 'disposed']);
const SHIP_STEPS = new Set(['shipping', 'departing']);
const RECEIVE_STEPS = new Set(['receiving', 'arriving']);
const CUSTOM_CLEANING = /^[a-z][a-z0-9+.-]*:.*[/:#]cleaning$/i;

/** A CBV term from a bare term, a `urn:epcglobal:cbv:…:term` or a `https://ref.gs1.org/cbv/BizStep-term` URI. */
export function cbvBare(value: string | null): string | null {
  if (value === null || value === '') return null;
  if (value.startsWith('urn:epcglobal:cbv:')) return value.slice(value.lastIndexOf(':') + 1);
  const m = /^https?:\/\/ref\.gs1\.org\/cbv\/[A-Za-z]+-(.+)$/.exec(value);
  return m ? (m[1] as string) : value;
}

/** Our cleaning bizStep, or any custom URI whose last path segment is `cleaning`. */
export const isCleaningStep = (bizStep: string | null): boolean =>
  bizStep !== null && (bizStep === CLEANING_BIZ_STEP || CUSTOM_CLEANING.test(bizStep));

const validDaysMs = (days: number): number | null => (Number.isFinite(days) && days > 0 ? Math.round(days * DAY_MS) : null);

interface Replay {
  h: BoxHistory;
  /** The movement state, under the overlays retired > lost > damaged (persistent). */
  base: BoxState;
  damage: Set<string>;
  open: BoxTrip | null;
  /** When the open trip's lost clock started: shipped, or found again. */
  clockMs: number;
  loss: BoxLoss | null;
  lossTrip: BoxTrip | null;
}

function stateNow(r: Replay): BoxState {
  if (r.h.retiredAtMs !== null) return 'retired';
  if (r.loss !== null) return 'lost';
  if (r.damage.size > 0) return 'damaged';
  return r.base;
}

function settle(r: Replay, ms: number): void {
  const s = stateNow(r);
  if (s !== r.h.state) {
    r.h.state = s;
    r.h.stateSinceMs = ms;
    r.h.timeline.push({ state: s, sinceMs: ms });
  }
  if (s === 'available') {
    const last = r.h.tripList.at(-1);
    if (last && last.returnedMs !== undefined && last.availableMs === undefined) last.availableMs = ms;
  }
}

function markLost(r: Replay, ms: number, how: BoxLoss['how']): void {
  const loss: BoxLoss = { lostMs: ms, how };
  if (r.open) {
    loss.trip = r.h.tripList.indexOf(r.open);
    r.open.lostMs = ms;
    r.lossTrip = r.open;
    r.open = null;
  }
  r.loss = loss;
  r.h.losses.push(loss);
  settle(r, ms);
}

function closeTrip(r: Replay, ms: number, inferred: boolean): void {
  if (!r.open) return;
  r.open.returnedMs = ms;
  if (inferred) r.open.returnInferred = true;
  r.open = null;
}

const isDamaged = (r: Replay): boolean => r.damage.size > 0 || r.base === 'damaged';

function newHistory(epc: string, e: BoxEvent, step: string | null): BoxHistory {
  const commissioning = (e.type === 'ObjectEvent' && e.action === 'ADD') || step === 'commissioning' || e.role === 'output';
  return {
    epc,
    state: 'commissioned',
    overdue: false,
    stateSinceMs: e.timeMs,
    commissionedAtMs: e.timeMs,
    commissionedImplicitly: !commissioning,
    retiredAtMs: null,
    lostAtMs: null,
    shipments: 0,
    trips: 0,
    tripList: [],
    losses: [],
    damagedMs: [],
    timeline: [{ state: 'commissioned', sinceMs: e.timeMs }],
    eventCount: 0,
    lastEventMs: e.timeMs,
    notes: { returnsWithoutTrip: 0, eventsAfterRetirement: 0 },
  };
}

/** Applies one event (not error-declared, before asOf) to a box. */
function apply(r: Replay, e: BoxEvent, step: string | null, disp: string | null, lostAfterMs: number | null): void {
  const { h } = r;
  const t = e.timeMs;
  if (h.retiredAtMs !== null) {
    h.notes.eventsAfterRetirement++;
    return;
  }
  h.eventCount++;
  h.lastEventMs = t;

  // Away longer than lostAfterDays before this event: lost at the threshold.
  if (r.open && lostAfterMs !== null && t - r.clockMs > lostAfterMs) markLost(r, r.clockMs + lostAfterMs, 'overdue');

  const retire =
    (e.type === 'ObjectEvent' && e.action === 'DELETE') ||
    (step !== null && RETIRE_STEPS.has(step)) ||
    (disp !== null && RETIRE_DISPOSITIONS.has(disp)) ||
    e.role === 'input';
  const declaredLost = disp !== null && LOST_DISPOSITIONS.has(disp);

  if (r.loss !== null) {
    // Declared lost again: still lost. Retired: written off, not found. Anything else: found.
    if (declaredLost) return;
    if (!retire) {
      r.loss.foundMs = t;
      r.loss = null;
      const trip = r.lossTrip;
      if (trip && trip.returnedMs === undefined) {
        trip.foundMs = t;
        r.open = trip;
        r.clockMs = t;
      }
      r.lossTrip = null;
    }
  }
  if (retire) {
    h.retiredAtMs = t;
    if (r.open) r.open.lostMs = t; // it never came back into service
    r.open = null;
    settle(r, t);
    return;
  }
  if (declaredLost) {
    markLost(r, t, 'declared');
    return;
  }

  const wasDamaged = isDamaged(r);
  let unsetDamage = false;
  for (const term of e.pdUnset) {
    if (r.damage.delete(cbvBare(term) ?? '')) unsetDamage = true;
  }
  for (const term of e.pdSet) {
    const bare = cbvBare(term) ?? '';
    if (DAMAGE_TERMS.has(bare)) r.damage.add(bare);
  }

  let moved = false;
  if (disp === 'returned') {
    moved = true;
    if (r.open) {
      closeTrip(r, t, false);
      r.base = 'returned';
    } else {
      h.notes.returnsWithoutTrip++;
    }
  } else if (isCleaningStep(e.bizStep)) {
    closeTrip(r, t, true);
    r.base = 'cleaning';
  } else if (e.type === 'AggregationEvent' && e.role === 'parent' && e.action === 'ADD') {
    closeTrip(r, t, true);
    r.base = 'packed';
    moved = true;
  } else if (e.type === 'AggregationEvent' && e.role === 'parent' && e.action === 'DELETE') {
    if (r.base === 'packed' && !r.open) r.base = 'available'; // packing undone before shipping
    moved = true;
  } else if (step !== null && RECEIVE_STEPS.has(step)) {
    if (r.open) {
      r.base = 'at_customer';
      r.open.receivedMs ??= t;
      moved = true;
    }
  } else if ((step !== null && SHIP_STEPS.has(step)) || disp === 'in_transit') {
    if (!r.open) {
      r.open = { shippedMs: t, outcome: 'open' };
      r.clockMs = t;
      h.tripList.push(r.open);
    }
    r.base = 'in_transit';
    moved = true;
  }

  if (disp !== null && DAMAGE_TERMS.has(disp)) {
    r.base = 'damaged';
  } else if (!moved && (disp === 'available' || (step === 'repairing' && unsetDamage))) {
    closeTrip(r, t, true);
    r.base = 'available';
  }
  if (!wasDamaged && isDamaged(r)) h.damagedMs.push(t);
  settle(r, t);
}

/** Replays the events of one box (sorted by time) into its history; null when nothing applies. */
function replay(epc: string, events: BoxEvent[], type: BoxType, asOfMs: number): BoxHistory | null {
  const lostAfterMs = validDaysMs(type.lostAfterDays);
  const overdueAfterMs = validDaysMs(type.overdueAfterDays);
  let r: Replay | null = null;
  for (const e of events) {
    if (e.timeMs >= asOfMs) break;
    if (e.errorDeclared) continue;
    const step = cbvBare(e.bizStep);
    const disp = cbvBare(e.disposition);
    r ??= {
      h: newHistory(epc, e, step),
      base: 'commissioned',
      damage: new Set(),
      open: null,
      clockMs: 0,
      loss: null,
      lossTrip: null,
    };
    apply(r, e, step, disp, lostAfterMs);
  }
  if (r === null) return null;
  const { h } = r;
  if (h.retiredAtMs === null) {
    if (r.open && lostAfterMs !== null && asOfMs - r.clockMs > lostAfterMs) markLost(r, r.clockMs + lostAfterMs, 'overdue');
    h.overdue = r.open !== null && overdueAfterMs !== null && asOfMs - r.open.shippedMs > overdueAfterMs;
  }
  h.lostAtMs = r.loss === null ? null : r.loss.lostMs;
  for (const trip of h.tripList) {
    const foundSince = trip.foundMs !== undefined && trip.lostMs !== undefined && trip.foundMs > trip.lostMs;
    trip.outcome = trip.returnedMs !== undefined ? 'returned' : trip.lostMs !== undefined && !foundSince ? 'lost' : 'open';
    if (trip.outcome === 'returned') h.trips++;
  }
  h.shipments = h.tripList.length;
  return h;
}

/**
 * The history of every box of `type` as of `asOfMs` (exclusive), one per GRAI, sorted by EPC.
 *
 * - Events are grouped by `epc` (only GRAIs of `type.graiClass`), sorted by time (stable: equal times keep
 *   the input order), and events at or after `asOfMs` or with an errorDeclaration are ignored.
 * - Commissioning (ObjectEvent ADD, or bizStep `commissioning`) makes the box `commissioned`; it becomes
 *   `available` with the first `available` disposition (a commissioning event with disposition `available`
 *   does both). A box whose first event is anything else is commissioned implicitly at that event.
 * - AggregationEvent ADD with the box as parent (packing goods into it) → `packed`; the matching DELETE
 *   (unpacking) undoes it while the box has not left.
 * - shipping / departing, or disposition `in_transit` → `in_transit`; the first one away from the pool
 *   starts a trip (a shipment). Later ones during the trip are further legs of the same trip.
 * - receiving / arriving during a trip (without disposition `returned`) → `at_customer`.
 * - disposition `returned` (collecting at a station, or receiving at the pool) → `returned`: the trip is
 *   complete. A second `returned` with no trip open (station, then pool) changes nothing.
 * - the cleaning bizStep (`CLEANING_BIZ_STEP` or any custom URI ending in `/cleaning`) → `cleaning`.
 * - disposition `available` → `available` (so cleaning with disposition `available` ends `available`).
 * - persistentDisposition set `damaged` / `needs_replacement` (or that disposition) → `damaged` until it is
 *   unset; `repairing` with the unset, or a later `available`, makes the box `available`.
 * - Pool-side events (cleaning, `available`, packing, repair) while a trip is open close the trip as a
 *   return whose scan is missing (`returnInferred`).
 * - Retirement: ObjectEvent DELETE, bizStep decommissioning / destroying, disposition destroyed / disposed,
 *   or input of a TransformationEvent → `retired`; later events are ignored (counted in notes). A box retired
 *   while away never came back: its trip ends lost.
 * - Lost: disposition `stolen` / `unknown` (declared), or away longer than `lostAfterDays` since it shipped
 *   (then lost at `shippedMs + lostAfterDays`). Away longer than `overdueAfterDays` sets `overdue` (the
 *   state stays `in_transit` / `at_customer`). A lost box seen again is found (recorded in `losses`): its
 *   trip is open again with the lost clock restarted at the sighting, or returned if the sighting is a
 *   return. A retirement of a lost box writes it off (it is not found).
 * - Events that match none of these (observations, inspections, unknown vocabularies) change nothing.
 *
 * O(n log n) in the number of events.
 */
export function boxHistories(events: readonly BoxEvent[], type: BoxType, asOfMs: number): BoxHistory[] {
  const prefix = type.graiClass ?? '';
  const byEpc = new Map<string, BoxEvent[]>();
  for (const e of events) {
    if (typeof e?.epc !== 'string' || !Number.isFinite(e.timeMs)) continue;
    if (prefix !== '' && !(e.epc.startsWith(prefix) && e.epc.length > prefix.length)) continue;
    const list = byEpc.get(e.epc);
    if (list) list.push(e);
    else byEpc.set(e.epc, [e]);
  }
  const out: BoxHistory[] = [];
  const epcs = [...byEpc.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const epc of epcs) {
    const list = byEpc.get(epc) as BoxEvent[];
    list.sort((a, b) => a.timeMs - b.timeMs); // stable (ES2019)
    const h = replay(epc, list, type, asOfMs);
    if (h) out.push(h);
  }
  return out;
}

/** The state of a box at T (after its events before T), or null when it was not yet commissioned. */
export function stateAt(h: BoxHistory, atMs: number): BoxState | null {
  const tl = h.timeline;
  let lo = 0;
  let hi = tl.length; // first index with sinceMs >= atMs
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tl[mid] as BoxStateChange).sinceMs < atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : (tl[lo - 1] as BoxStateChange).state;
}

/** How a trip stood at T, from its timestamps (`future` when it had not started). */
export function tripOutcomeAt(trip: BoxTrip, atMs: number): 'returned' | 'lost' | 'open' | 'future' {
  if (trip.shippedMs >= atMs) return 'future';
  if (trip.returnedMs !== undefined && trip.returnedMs < atMs) return 'returned';
  if (trip.lostMs !== undefined && trip.lostMs < atMs) {
    const foundSince = trip.foundMs !== undefined && trip.foundMs > trip.lostMs && trip.foundMs < atMs;
    if (!foundSince) return 'lost';
  }
  return 'open';
}

/** Overdue at T: on a trip open at T for longer than `overdueAfterDays`, and neither lost nor retired at T. */
export function overdueAt(h: BoxHistory, type: BoxType, atMs: number): boolean {
  const overdueAfterMs = validDaysMs(type.overdueAfterDays);
  if (overdueAfterMs === null) return false;
  const state = stateAt(h, atMs);
  if (state === null || state === 'lost' || state === 'retired') return false;
  for (let i = h.tripList.length - 1; i >= 0; i--) {
    const trip = h.tripList[i] as BoxTrip;
    if (trip.shippedMs >= atMs) continue;
    return tripOutcomeAt(trip, atMs) === 'open' && atMs - trip.shippedMs > overdueAfterMs;
  }
  return false;
}
