import { describe, expect, it } from 'vitest';
import { demoBoxEvents, demoGraiClass, demoPoolEvents } from './demo-events.js';
import { brandKpis, combineKpis, kpiSeries, monthBuckets, POOL_KPI_DEFINITIONS, type PoolKpis, poolKpis } from './kpis.js';
import { type BoxHistory, boxHistories, DAY_MS, stateAt } from './lifecycle.js';
import { BOX_STATES, type BoxEvent, type BoxType, CLEANING_BIZ_STEP } from './model.js';

const HOUR_MS = 3_600_000;
// The GRAI class of the TDS example GRAI-96 (urn:epc:id:grai:0614141.12345.5678 → …/8003/006141411234525678).
const CLASS = 'https://id.gs1.org/8003/00614141123452';
const epc = (serial: number): string => `${CLASS}${serial}`;
const T0 = Date.UTC(2025, 0, 1);
/** Day `day` of the test calendar at `hour` (UTC). */
const D = (day: number, hour = 0): number => T0 + day * DAY_MS + hour * HOUR_MS;

const TYPE: BoxType = {
  id: 'boxt_test',
  tenantId: 'ten_brand_test',
  name: 'Test crate',
  companyPrefix: '0614141',
  assetType: '12345',
  graiClass: CLASS,
  designTrips: 10,
  productionKgCo2e: 2,
  singleUseName: 'Carton',
  singleUseKgCo2e: 0.5,
  returnTransportKgCo2ePerTrip: 0.08,
  cleaningKgCo2ePerTrip: 0.02,
  overdueAfterDays: 20,
  lostAfterDays: 40,
  createdAt: '2025-01-01T00:00:00.000Z',
};

function ev(serial: number, timeMs: number, p: Partial<BoxEvent> = {}): BoxEvent {
  return {
    epc: epc(serial),
    timeMs,
    type: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: null,
    disposition: null,
    pdSet: [],
    pdUnset: [],
    role: 'epc',
    errorDeclared: false,
    ...p,
  };
}
const commission = (n: number, t: number, disposition = 'active') =>
  ev(n, t, { action: 'ADD', bizStep: 'commissioning', disposition });
const stock = (n: number, t: number) => ev(n, t, { bizStep: 'storing', disposition: 'available' });
const pack = (n: number, t: number) =>
  ev(n, t, { type: 'AggregationEvent', action: 'ADD', bizStep: 'packing', disposition: 'container_closed', role: 'parent' });
const ship = (n: number, t: number) => ev(n, t, { bizStep: 'shipping', disposition: 'in_transit' });
const receive = (n: number, t: number) => ev(n, t, { bizStep: 'receiving', disposition: 'in_progress' });
const returned = (n: number, t: number, bizStep = 'receiving') => ev(n, t, { bizStep, disposition: 'returned' });
const clean = (n: number, t: number) => ev(n, t, { bizStep: CLEANING_BIZ_STEP, disposition: 'available' });

const one = (events: BoxEvent[], asOfMs: number, type: BoxType = TYPE): BoxHistory => {
  const hs = boxHistories(events, type, asOfMs);
  expect(hs).toHaveLength(1);
  return hs[0] as BoxHistory;
};

/*
 * The hand-computed pool: five boxes, period [day 14, day 80), histories as of day 80.
 *
 * A (1): commissioned d0 8h (active), available d0 10h.
 *   trip 1: packed d2 9h, shipped d2 11h (the shipping read twice at the same time), received d4 10h,
 *           returned d10 10h, cleaned d11 9h (available).
 *   trip 2: shipped d20 11h, received d22 10h, collected at a station d30 15h (returned), the pool's own
 *           `returned` read d31 10h changes nothing, cleaned d32 9h.
 *   trip 3: shipped d50 11h, received d52 10h, still away at d80: 29.5 days > 20 → overdue, < 40 → not lost.
 * B (2): commissioned d0 8h with disposition available.
 *   trip 1: shipped d5 11h, received d7 10h, lost by time at d45 11h (shipped + 40 d), seen again as a return
 *           at d60 10h (found; the trip is returned), cleaned d61 9h.
 * C (3): commissioned d0 8h, available d1 9h.
 *   trip 1: shipped d3 11h, received d5 10h, returned d15 10h, damaged at inspection d16 9h (persistent),
 *           repaired d20 9h (unset, available).
 *   trip 2: shipped d25 11h, received d27 10h, an error-declared `stolen` d30 (ignored), returned d35 10h,
 *           cleaned d36 9h. Decommissioned d70 9h (DELETE); an observation d72 is ignored.
 * D (4): commissioned d40 8h (in the period) with disposition available.
 *   trip 1: shipped d42 11h, received d44 10h, declared `unknown` (lost) d50 10h.
 * E (5): commissioned d0 8h (available). trip 1: shipped d10 11h, received d12 10h, never back: lost at d50 11h.
 * Noise: an event of another asset type, a TransactionEvent with nothing in it.
 */
function handPool(): BoxEvent[] {
  const list: BoxEvent[] = [
    commission(1, D(0, 8)),
    stock(1, D(0, 10)),
    pack(1, D(2, 9)),
    ship(1, D(2, 11)),
    ship(1, D(2, 11)),
    receive(1, D(4, 10)),
    returned(1, D(10, 10)),
    clean(1, D(11, 9)),
    ship(1, D(20, 11)),
    receive(1, D(22, 10)),
    returned(1, D(30, 15), 'collecting'),
    returned(1, D(31, 10)),
    clean(1, D(32, 9)),
    ship(1, D(50, 11)),
    receive(1, D(52, 10)),

    commission(2, D(0, 8), 'available'),
    ship(2, D(5, 11)),
    receive(2, D(7, 10)),
    returned(2, D(60, 10)),
    clean(2, D(61, 9)),

    commission(3, D(0, 8)),
    stock(3, D(1, 9)),
    ship(3, D(3, 11)),
    receive(3, D(5, 10)),
    returned(3, D(15, 10)),
    ev(3, D(16, 9), { bizStep: 'inspecting', disposition: 'needs_replacement', pdSet: ['damaged'] }),
    ev(3, D(20, 9), { bizStep: 'repairing', disposition: 'available', pdUnset: ['damaged'] }),
    ship(3, D(25, 11)),
    receive(3, D(27, 10)),
    ev(3, D(30), { bizStep: 'other', disposition: 'stolen', errorDeclared: true }),
    returned(3, D(35, 10)),
    clean(3, D(36, 9)),
    ev(3, D(70, 9), { action: 'DELETE', bizStep: 'decommissioning', disposition: 'inactive' }),
    ev(3, D(72, 9), { bizStep: 'inspecting' }),

    commission(4, D(40, 8), 'available'),
    ship(4, D(42, 11)),
    receive(4, D(44, 10)),
    ev(4, D(50, 10), { bizStep: 'other', disposition: 'unknown' }),

    commission(5, D(0, 8), 'available'),
    ship(5, D(10, 11)),
    receive(5, D(12, 10)),

    { ...ship(9, D(3)), epc: 'https://id.gs1.org/8003/006141412345661' },
    ev(2, D(6), { type: 'TransactionEvent', action: null }),
  ];
  // Captured out of order: the engine sorts by time (the duplicate shipping read stays a tie).
  return list.reverse();
}

const PERIOD = { fromMs: D(14), toMs: D(80) };

describe('hand-computed pool', () => {
  const histories = boxHistories(handPool(), TYPE, D(80));
  const [A, B, C, Dx, E] = histories as [BoxHistory, BoxHistory, BoxHistory, BoxHistory, BoxHistory];

  it('derives each box history', () => {
    expect(histories.map((h) => h.epc)).toEqual([1, 2, 3, 4, 5].map(epc));
    expect(histories.map((h) => h.state)).toEqual(['at_customer', 'available', 'retired', 'lost', 'lost']);
    expect(histories.map((h) => h.overdue)).toEqual([true, false, false, false, false]);

    expect(A.shipments).toBe(3);
    expect(A.trips).toBe(2);
    expect(A.notes.returnsWithoutTrip).toBe(1);
    expect(A.tripList).toEqual([
      { shippedMs: D(2, 11), receivedMs: D(4, 10), returnedMs: D(10, 10), availableMs: D(11, 9), outcome: 'returned' },
      { shippedMs: D(20, 11), receivedMs: D(22, 10), returnedMs: D(30, 15), availableMs: D(32, 9), outcome: 'returned' },
      { shippedMs: D(50, 11), receivedMs: D(52, 10), outcome: 'open' },
    ]);
    expect(A.timeline.map((c) => [c.state, c.sinceMs])).toEqual([
      ['commissioned', D(0, 8)],
      ['available', D(0, 10)],
      ['packed', D(2, 9)],
      ['in_transit', D(2, 11)],
      ['at_customer', D(4, 10)],
      ['returned', D(10, 10)],
      ['available', D(11, 9)],
      ['in_transit', D(20, 11)],
      ['at_customer', D(22, 10)],
      ['returned', D(30, 15)],
      ['available', D(32, 9)],
      ['in_transit', D(50, 11)],
      ['at_customer', D(52, 10)],
    ]);
    expect(A.stateSinceMs).toBe(D(52, 10));

    expect(B.losses).toEqual([{ lostMs: D(45, 11), how: 'overdue', trip: 0, foundMs: D(60, 10) }]);
    expect(B.tripList).toEqual([
      {
        shippedMs: D(5, 11),
        receivedMs: D(7, 10),
        lostMs: D(45, 11),
        foundMs: D(60, 10),
        returnedMs: D(60, 10),
        availableMs: D(61, 9),
        outcome: 'returned',
      },
    ]);
    expect(B.lostAtMs).toBeNull();
    expect(stateAt(B, D(45, 11))).toBe('at_customer');
    expect(stateAt(B, D(45, 11) + 1)).toBe('lost');
    expect(stateAt(B, D(60, 10) + 1)).toBe('returned');

    expect(C.retiredAtMs).toBe(D(70, 9));
    expect(C.damagedMs).toEqual([D(16, 9)]);
    expect(C.notes.eventsAfterRetirement).toBe(1);
    expect(C.trips).toBe(2);
    expect(C.tripList[0]?.availableMs).toBe(D(20, 9)); // turnaround includes the repair
    expect(stateAt(C, D(18))).toBe('damaged');

    expect(Dx.commissionedAtMs).toBe(D(40, 8));
    expect(Dx.lostAtMs).toBe(D(50, 10));
    expect(Dx.losses).toEqual([{ lostMs: D(50, 10), how: 'declared', trip: 0 }]);
    expect(Dx.tripList[0]?.outcome).toBe('lost');

    expect(E.lostAtMs).toBe(D(50, 11));
    expect(E.losses[0]?.how).toBe('overdue');
    expect(E.tripList[0]?.outcome).toBe('lost');
  });

  it('computes every KPI of the period', () => {
    const k = poolKpis(TYPE, histories, PERIOD);
    // Commissioned before d80: A B C D E = 5; in the period: D = 1.
    expect(k.boxesCommissioned).toBe(5);
    expect(k.commissionedInPeriod).toBe(1);
    // At d14: A available, B C E at customers (D not yet commissioned) = 4 in circulation.
    expect(k.boxesInCirculationAtStart).toBe(4);
    // At d80: A at_customer, B available, C retired, D and E lost.
    expect(k.boxesByState).toEqual({
      commissioned: 0,
      available: 1,
      packed: 0,
      in_transit: 0,
      at_customer: 1,
      returned: 0,
      cleaning: 0,
      damaged: 0,
      retired: 1,
      lost: 2,
    });
    expect(k.boxesInCirculation).toBe(2); // 5 − 1 retired − 2 lost
    expect(k.overdueBoxes).toBe(1); // A: away since d50 11h, 29.5 d > 20
    expect(k.lostBoxes).toBe(2);
    // Losses in [d14, d80): B d45 (found d60: not counted), D d50, E d50.
    expect(k.lostInPeriod).toBe(2);
    expect(k.recoveredInPeriod).toBe(1);
    expect(k.boxesRetired).toBe(1);
    expect(k.retiredInPeriod).toBe(1);
    expect(k.damagedInPeriod).toBe(1); // C d16
    // Shipped in the period: A d20, A d50, C d25, D d42.
    expect(k.shipmentsInPeriod).toBe(4);
    // Of those at d80: A d20 and C d25 returned, D lost, A d50 open → 2 / (2 + 1).
    expect(k.returns).toEqual({ returned: 2, lost: 1, open: 1 });
    expect(k.returnRate).toBeCloseTo(2 / 3, 12);
    // Returned in the period: A d30, B d60, C d15, C d35; before d80 also A d10.
    expect(k.tripsInPeriod).toBe(4);
    expect(k.tripsToDate).toBe(5);
    expect(k.tripsPerBox).toBe(1);
    expect(k.designTrips).toBe(10);
    expect(k.designLifeUsedPct).toBeCloseTo(10, 12);
    // Made available in the period (shipped → available): A 11d22h, B 55d22h, C 16d22h, C 10d22h
    // = 286 + 1342 + 406 + 262 = 2296 h / 4 = 574 h.
    expect(k.samples).toEqual({ cycle: 4, transit: 4, dwell: 4, turnaround: 4 });
    expect(k.cycleTimeDays).toBeCloseTo(574 / 24, 12);
    expect(k.turnsPerYear).toBeCloseTo(365 / (574 / 24), 12);
    // Received in the period: A d22, A d52, C d27, D d44, each 1d23h after shipping = 47 h.
    expect(k.transitDaysMean).toBeCloseTo(47 / 24, 12);
    // Received → returned: A 8d5h, B 53d, C 10d, C 8d = 197 + 1272 + 240 + 192 = 1901 h / 4.
    expect(k.dwellAtCustomerDaysMean).toBeCloseTo(1901 / 4 / 24, 12);
    // Returned → available: A 42 h, B 23 h, C 119 h (repair), C 23 h = 207 h / 4.
    expect(k.turnaroundDaysMean).toBeCloseTo(207 / 4 / 24, 12);
    // 2 lost / (4 at start + 1 commissioned) = 40 %.
    expect(k.shrinkagePct).toBeCloseTo(40, 12);
    // 5 boxes × 2 kg = 10 kg; 5 trips × (0.08 + 0.02) = 0.5 kg; per trip (10 + 0.5) / 5 = 2.1 kg;
    // break-even 2 / (0.5 − 0.1) = 5 trips; avoided 5 × 0.5 = 2.5 kg; saved 2.5 − 10 − 0.5 = −8 kg (not yet paid back).
    expect(k.co2e.productionKg).toBeCloseTo(10, 9);
    expect(k.co2e.operationalKgPerTrip).toBeCloseTo(0.1, 9);
    expect(k.co2e.operationalKg).toBeCloseTo(0.5, 9);
    expect(k.co2e.perTripKg).toBeCloseTo(2.1, 9);
    expect(k.co2e.breakEvenTrips).toBeCloseTo(5, 12);
    expect(k.co2e.singleUseAvoidedKg).toBeCloseTo(2.5, 9);
    expect(k.co2e.savedKg).toBeCloseTo(-8, 9);
    expect(k.co2e.boxesPastBreakEven).toBe(0); // A 2, B 1, C 2, D 0, E 0 trips
    expect(k.boxTypeIds).toEqual(['boxt_test']);
    expect(JSON.parse(JSON.stringify(k))).toEqual(k);
  });

  it('is reproducible whatever the capture order of distinct-time events', () => {
    const events = handPool();
    const shuffled = [...events].sort((a, b) => ((a.timeMs * 7919) % 1009) - ((b.timeMs * 7919) % 1009) || a.timeMs - b.timeMs);
    const again = boxHistories(shuffled, TYPE, D(80));
    expect(poolKpis(TYPE, again, PERIOD)).toEqual(poolKpis(TYPE, histories, PERIOD));
  });

  it('judges the KPIs at an earlier end from the same histories', () => {
    // At d50 (events before it): B lost since d45 11h, D not yet lost (declared d50 10h), E not yet (d50 11h).
    const k = poolKpis(TYPE, histories, { fromMs: D(14), toMs: D(50) });
    expect(k.lostBoxes).toBe(1);
    expect(k.boxesByState.lost).toBe(1);
    expect(k.lostInPeriod).toBe(1);
    // Overdue at d50: E away since d10 11h (39.5 d > 20). B is lost, D away 7.5 d.
    expect(k.overdueBoxes).toBe(1);
    // Shipped in [d14, d50): A d20, C d25, D d42; at d50: A and C returned, D open.
    expect(k.returns).toEqual({ returned: 2, lost: 0, open: 1 });
    // Recomputing the histories as of d50 gives the same KPIs.
    expect(poolKpis(TYPE, boxHistories(handPool(), TYPE, D(50)), { fromMs: D(14), toMs: D(50) })).toEqual(k);
  });

  it('gives a monthly series that adds up', () => {
    const series = kpiSeries(TYPE, histories, D(0), D(80), 'month', { utcOffsetMinutes: 0 });
    expect(series.map((p) => p.label)).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(series.map((p) => p.toMs)).toEqual([D(31), D(59), D(80)]);
    // Jan: shipped A d2, C d3, B d5, E d10, A d20, C d25; returned A d10, C d15, A d30.
    // Feb: shipped D d42, A d50; returned C d35; lost B d45 (found only in March), D d50, E d50.
    // Mar: returned B d60 (recovered), C retired d70.
    expect(series.map((p) => [p.shipments, p.trips, p.lost, p.recovered, p.retired, p.inCirculation])).toEqual([
      [6, 3, 0, 0, 0, 4],
      [2, 1, 3, 0, 0, 2],
      [0, 1, 0, 1, 1, 2],
    ]);
    expect(series[1]?.returnedShareOfEnded).toBeCloseTo(0.25, 12);
    expect(series[0]?.commissioned).toBe(4);
  });

  it('rolls box types up from sums, not from ratios', () => {
    const k = poolKpis(TYPE, histories, PERIOD);
    const heavier: BoxType = { ...TYPE, id: 'boxt_heavy', productionKgCo2e: 3 };
    const k2 = poolKpis(heavier, histories, PERIOD);
    const both = combineKpis([k, k2]);
    expect(both.boxTypeIds).toEqual(['boxt_test', 'boxt_heavy']);
    expect(both.boxesCommissioned).toBe(10);
    expect(both.boxesByState.lost).toBe(4);
    expect(both.returns).toEqual({ returned: 4, lost: 2, open: 2 });
    expect(both.returnRate).toBeCloseTo(2 / 3, 12);
    expect(both.tripsPerBox).toBe(1);
    expect(both.cycleTimeDays).toBeCloseTo(574 / 24, 12);
    expect(both.shrinkagePct).toBeCloseTo(40, 12);
    // (10 + 15 kg production + 1 kg operations) / 10 trips.
    expect(both.co2e.perTripKg).toBeCloseTo(2.6, 9);
    expect(both.co2e.savedKg).toBeCloseTo(-8 + (2.5 - 15 - 0.5), 9);
    expect(both.co2e.breakEvenTrips).toBeNull(); // 5 vs 7.5: no common value
    expect(k2.co2e.breakEvenTrips).toBeCloseTo(7.5, 12);
    expect(brandKpis([{ type: TYPE, histories }], PERIOD)).toEqual(combineKpis([k], PERIOD));
    // A pool with fewer resolved shipments weighs less in the return rate than an average of rates would give.
    const onlyA = poolKpis(TYPE, histories.slice(0, 1), PERIOD); // A: 1 returned, 0 lost → 1
    const rest = poolKpis(TYPE, histories.slice(1), PERIOD); // C returned, D lost → 1/2
    expect(combineKpis([onlyA, rest]).returnRate).toBeCloseTo(2 / 3, 12);
  });
});

describe('lifecycle transitions', () => {
  const asOf = D(10);

  it('commissioning: commissioned until available, or available at once', () => {
    expect(one([commission(1, D(0))], asOf).state).toBe('commissioned');
    expect(one([commission(1, D(0)), stock(1, D(1))], asOf).state).toBe('available');
    expect(one([commission(1, D(0), 'available')], asOf).state).toBe('available');
  });

  it('commissions implicitly at the first event seen', () => {
    const h = one([ship(1, D(3))], asOf);
    expect(h.commissionedImplicitly).toBe(true);
    expect(h.commissionedAtMs).toBe(D(3));
    expect(h.state).toBe('in_transit');
    expect(h.shipments).toBe(1);
    expect(one([commission(1, D(0))], asOf).commissionedImplicitly).toBe(false);
  });

  it('packing with the box as parent, and its undoing', () => {
    expect(one([commission(1, D(0), 'available'), pack(1, D(1))], asOf).state).toBe('packed');
    const undone = one(
      [
        commission(1, D(0), 'available'),
        pack(1, D(1)),
        ev(1, D(2), { type: 'AggregationEvent', action: 'DELETE', role: 'parent' }),
      ],
      asOf,
    );
    expect(undone.state).toBe('available');
    // A box aggregated as a child (e.g. onto a pallet) is not packed.
    const child = one(
      [commission(1, D(0), 'available'), ev(1, D(1), { type: 'AggregationEvent', action: 'ADD', role: 'child' })],
      asOf,
    );
    expect(child.state).toBe('available');
  });

  it('shipping, departing or in_transit start one trip; later legs do not', () => {
    for (const p of [
      { bizStep: 'departing' },
      { disposition: 'in_transit' },
      { bizStep: 'urn:epcglobal:cbv:bizstep:shipping' },
    ]) {
      const h = one([commission(1, D(0), 'available'), ev(1, D(1), p)], asOf);
      expect(h.state).toBe('in_transit');
      expect(h.shipments).toBe(1);
    }
    const legs = one([commission(1, D(0), 'available'), ship(1, D(1)), receive(1, D(2)), ship(1, D(3)), receive(1, D(4))], asOf);
    expect(legs.shipments).toBe(1);
    expect(legs.state).toBe('at_customer');
    expect(legs.tripList[0]?.receivedMs).toBe(D(2));
  });

  it('receiving moves a box to the customer only during a trip', () => {
    expect(one([commission(1, D(0), 'available'), ship(1, D(1)), receive(1, D(2))], asOf).state).toBe('at_customer');
    expect(one([commission(1, D(0), 'available'), receive(1, D(2))], asOf).state).toBe('available');
    expect(one([commission(1, D(0), 'available'), ship(1, D(1)), ev(1, D(2), { bizStep: 'arriving' })], asOf).state).toBe(
      'at_customer',
    );
  });

  it('returned completes the trip once', () => {
    const h = one(
      [commission(1, D(0), 'available'), ship(1, D(1)), receive(1, D(2)), returned(1, D(5), 'collecting'), returned(1, D(6))],
      asOf,
    );
    expect(h.state).toBe('returned');
    expect(h.trips).toBe(1);
    expect(h.tripList[0]?.returnedMs).toBe(D(5));
    expect(h.notes.returnsWithoutTrip).toBe(1);
  });

  it('cleaning, with our bizStep or any custom URI ending in /cleaning', () => {
    const base = [commission(1, D(0), 'available'), ship(1, D(1)), returned(1, D(5))];
    expect(one([...base, ev(1, D(6), { bizStep: CLEANING_BIZ_STEP })], asOf).state).toBe('cleaning');
    expect(one([...base, ev(1, D(6), { bizStep: 'https://example.com/voc/cleaning' })], asOf).state).toBe('cleaning');
    expect(one([...base, ev(1, D(6), { bizStep: 'https://example.com/voc/precleaning' })], asOf).state).toBe('returned');
    const cleaned = one([...base, clean(1, D(6))], asOf);
    expect(cleaned.state).toBe('available');
    expect(cleaned.tripList[0]?.availableMs).toBe(D(6));
  });

  it('a pool-side event closes a trip whose return scan is missing', () => {
    const h = one([commission(1, D(0), 'available'), ship(1, D(1)), receive(1, D(2)), clean(1, D(9))], asOf);
    expect(h.state).toBe('available');
    expect(h.tripList[0]).toMatchObject({ returnedMs: D(9), returnInferred: true, outcome: 'returned' });
  });

  it('damaged until the persistent disposition is unset', () => {
    const damaged = [
      commission(1, D(0), 'available'),
      ev(1, D(1), { bizStep: 'inspecting', disposition: 'needs_replacement', pdSet: ['needs_replacement'] }),
    ];
    expect(one(damaged, asOf).state).toBe('damaged');
    expect(one([...damaged, clean(1, D(2))], asOf).state).toBe('damaged');
    const repaired = one([...damaged, ev(1, D(3), { bizStep: 'repairing', pdUnset: ['needs_replacement'] })], asOf);
    expect(repaired.state).toBe('available');
    expect(repaired.damagedMs).toEqual([D(1)]);
    // A plain `damaged` disposition lasts until the next available.
    const plain = [commission(1, D(0), 'available'), ev(1, D(1), { disposition: 'damaged' })];
    expect(one(plain, asOf).state).toBe('damaged');
    expect(one([...plain, stock(1, D(2))], asOf).state).toBe('available');
  });

  it('retirement is final; a box retired while away never came back', () => {
    for (const p of [
      { action: 'DELETE' as const },
      { bizStep: 'destroying', disposition: 'destroyed' },
      { bizStep: 'decommissioning' },
    ]) {
      const h = one([commission(1, D(0), 'available'), ship(1, D(1)), ev(1, D(2), p), returned(1, D(3))], asOf);
      expect(h.state).toBe('retired');
      expect(h.retiredAtMs).toBe(D(2));
      expect(h.tripList[0]?.outcome).toBe('lost');
      expect(h.trips).toBe(0);
      expect(h.notes.eventsAfterRetirement).toBe(1);
    }
    // AggregationEvent DELETE is unpacking, not retirement.
    const unpacked = one(
      [
        commission(1, D(0), 'available'),
        ship(1, D(1)),
        ev(1, D(2), { type: 'AggregationEvent', action: 'DELETE', role: 'parent' }),
      ],
      asOf,
    );
    expect(unpacked.state).toBe('in_transit');
  });

  it('declared lost, then found at the customer and returned', () => {
    const events = [
      commission(1, D(0), 'available'),
      ship(1, D(1)),
      receive(1, D(2)),
      ev(1, D(10), { disposition: 'stolen' }),
      ev(1, D(12), { disposition: 'unknown' }),
    ];
    const lost = one(events, D(50));
    expect(lost.state).toBe('lost');
    expect(lost.lostAtMs).toBe(D(10));
    expect(lost.tripList[0]?.outcome).toBe('lost');
    const found = one([...events, ev(1, D(20), { bizStep: 'inspecting' })], D(50));
    expect(found.state).toBe('at_customer');
    expect(found.losses).toEqual([{ lostMs: D(10), how: 'declared', trip: 0, foundMs: D(20) }]);
    expect(found.tripList[0]?.outcome).toBe('open');
    expect(found.lostAtMs).toBeNull();
    // The lost clock restarts at the sighting: lost again 40 days after it.
    const lostAgain = one([...events, ev(1, D(20), { bizStep: 'inspecting' })], D(61));
    expect(lostAgain.state).toBe('lost');
    expect(lostAgain.lostAtMs).toBe(D(60));
    const back = one([...events, ev(1, D(20), { bizStep: 'inspecting' }), returned(1, D(30))], D(50));
    expect(back.state).toBe('returned');
    expect(back.trips).toBe(1);
    // A lost box written off stays lost in its record, and is retired.
    const writtenOff = one([...events, ev(1, D(30), { action: 'DELETE', bizStep: 'decommissioning' })], D(50));
    expect(writtenOff.state).toBe('retired');
    expect(writtenOff.losses[0]?.foundMs).toBeUndefined();
  });

  it('overdue after overdueAfterDays, lost only after strictly more than lostAfterDays', () => {
    const events = [commission(1, D(0), 'available'), ship(1, D(1)), receive(1, D(3))];
    expect(one(events, D(21)).overdue).toBe(false); // exactly 20 days
    const overdue = one(events, D(21) + 1);
    expect(overdue.overdue).toBe(true);
    expect(overdue.state).toBe('at_customer');
    expect(one(events, D(41)).state).toBe('at_customer'); // exactly 40 days
    const lost = one(events, D(41) + 1);
    expect(lost.state).toBe('lost');
    expect(lost.overdue).toBe(false);
    expect(lost.lostAtMs).toBe(D(41));
    expect(lost.losses[0]?.how).toBe('overdue');
  });

  it('ignores error-declared, later-than-asOf and unknown events without throwing', () => {
    const events: BoxEvent[] = [
      commission(1, D(0), 'available'),
      ship(1, D(1)),
      ev(1, D(2), { bizStep: 'receiving', errorDeclared: true }),
      ev(1, D(3), { bizStep: 'https://example.com/voc/weighing', disposition: 'https://example.com/voc/heavy' }),
      ev(1, D(4), { type: 'TransformationEvent' as BoxEvent['type'], action: null, role: 'output' }),
      ev(1, Number.NaN, { disposition: 'returned' }),
      ev(1, D(9), { disposition: 'returned' }),
    ];
    const h = one(events, D(9));
    expect(h.state).toBe('in_transit');
    expect(h.eventCount).toBe(4);
    expect(boxHistories([ev(1, D(0), { errorDeclared: true })], TYPE, asOf)).toEqual([]);
    expect(boxHistories([], TYPE, asOf)).toEqual([]);
  });

  it('keeps the input order of equal-time events', () => {
    const t = D(1);
    const shipFirst = one([commission(1, D(0), 'available'), ship(1, t), returned(1, t)], asOf);
    expect(shipFirst.trips).toBe(1);
    const returnFirst = one([commission(1, D(0), 'available'), returned(1, t), ship(1, t)], asOf);
    expect(returnFirst.trips).toBe(0);
    expect(returnFirst.state).toBe('in_transit');
  });

  it('ignores other GRAI classes', () => {
    expect(boxHistories([{ ...commission(1, D(0)), epc: 'https://id.gs1.org/8003/0061414199999131' }], TYPE, asOf)).toEqual([]);
  });
});

describe('month buckets', () => {
  it('follow the calendar of the time zone', () => {
    // 2025-01-15 00:00 +08:00 to 2025-03-01 00:00 +08:00.
    const from = Date.UTC(2025, 0, 14, 16);
    const to = Date.UTC(2025, 1, 28, 16);
    expect(monthBuckets(from, to)).toEqual([
      { label: '2025-01', fromMs: from, toMs: Date.UTC(2025, 0, 31, 16) },
      { label: '2025-02', fromMs: Date.UTC(2025, 0, 31, 16), toMs: to },
    ]);
    expect(monthBuckets(to, from)).toEqual([]);
    expect(monthBuckets(0, Date.UTC(2200, 0, 1))).toHaveLength(240);
  });
});

describe('demo pool', () => {
  const toMs = Date.UTC(2025, 11, 31, 16); // 2026-01-01 00:00 +08:00
  const fromMs = toMs - 365 * DAY_MS;
  const pools = demoPoolEvents({ seed: 2021, fromMs, toMs });

  it('is a year of EPCIS 2.0 events for two brands, deterministic', () => {
    expect(pools.map((p) => p.tenantId)).toEqual(['ten_brand_outdoor', 'ten_brand_beauty']);
    const total = pools.reduce((n, p) => n + p.events.length, 0);
    expect(total).toBeGreaterThanOrEqual(40_000);
    expect(total).toBeLessThanOrEqual(80_000);
    const again = demoPoolEvents({ seed: 2021, fromMs, toMs });
    expect(again[1]?.events).toEqual(pools[1]?.events);
    expect(demoPoolEvents({ seed: 7, fromMs, toMs })[1]?.events).not.toEqual(pools[1]?.events);
    for (const p of pools) {
      expect(p.boxType.graiClass).toBe(demoGraiClass(p.boxType.companyPrefix, p.boxType.assetType));
      expect(new Set(p.events.map((e) => JSON.stringify(e))).size).toBe(p.events.length);
      let previousMs = fromMs;
      const bad = p.events.filter((e) => {
        const ms = Date.parse(e.eventTime);
        const ok =
          ms >= previousMs &&
          ms < toMs &&
          e.eventTime.endsWith('+08:00') &&
          e.eventTimeZoneOffset === '+08:00' &&
          !('eventID' in e);
        previousMs = ms;
        return !ok;
      });
      expect(bad).toEqual([]);
      const shipping = p.events.find((e) => e.bizStep === 'shipping');
      expect(shipping?.bizTransactionList?.[0]?.type).toBe('desadv');
      expect(shipping?.epcList?.[0]).toMatch(/^urn:epc:id:grai:\d+\.\d+\.\d+$/);
      expect(p.events.some((e) => e.bizStep === CLEANING_BIZ_STEP)).toBe(true);
      expect(p.events.some((e) => e.persistentDisposition?.set?.includes('damaged'))).toBe(true);
      expect(p.events.some((e) => e.persistentDisposition?.unset?.includes('damaged'))).toBe(true);
    }
  });

  it('keeps the pool invariants and matches what the simulation did', () => {
    const parts: PoolKpis[] = [];
    for (const p of pools) {
      const histories = boxHistories(demoBoxEvents(p.events, p.boxType.graiClass), p.boxType, toMs);
      for (const h of histories) {
        expect(h.trips).toBeLessThanOrEqual(h.shipments);
        expect(h.timeline.every((c, i) => i === 0 || c.sinceMs >= (h.timeline[i - 1]?.sinceMs as number))).toBe(true);
      }
      const k = poolKpis(p.boxType, histories, { fromMs, toMs });
      parts.push(k);
      expect(BOX_STATES.reduce((n, s) => n + k.boxesByState[s], 0)).toBe(k.boxesCommissioned);
      expect(k.returnRate).not.toBeNull();
      expect(k.returnRate as number).toBeGreaterThanOrEqual(0);
      expect(k.returnRate as number).toBeLessThanOrEqual(1);
      expect(k.boxesCommissioned).toBe(p.truth.boxesCommissioned);
      expect(k.shipmentsInPeriod).toBe(p.truth.shipments);
      expect(k.boxesRetired).toBe(p.truth.retired);
      expect(k.damagedInPeriod).toBe(p.truth.damaged);
      expect(k.recoveredInPeriod).toBeGreaterThanOrEqual(p.truth.foundAgain);
      expect(k.tripsToDate).toBeLessThanOrEqual(k.shipmentsInPeriod);
      expect(k.overdueBoxes).toBe(histories.filter((h) => h.overdue).length);
      expect(k.lostBoxes).toBe(histories.filter((h) => h.state === 'lost').length);
      // Plausible figures for a demo: most boxes come back, a box breaks even after a few trips.
      expect(k.returnRate as number).toBeGreaterThan(0.9);
      expect(k.dwellAtCustomerDaysMean as number).toBeGreaterThan(3);
      expect(k.co2e.breakEvenTrips as number).toBeGreaterThan(3);
      const series = kpiSeries(p.boxType, histories, fromMs, toMs, 'month');
      expect(series).toHaveLength(12);
      expect(series.reduce((n, s) => n + s.shipments, 0)).toBe(k.shipmentsInPeriod);
      expect(series.reduce((n, s) => n + s.trips, 0)).toBe(k.tripsInPeriod);
      expect(series.at(-1)?.inCirculation).toBe(k.boxesInCirculation);
    }
    const brand = combineKpis(parts);
    expect(brand.boxesCommissioned).toBe(pools.reduce((n, p) => n + p.truth.boxesCommissioned, 0));
    expect(brand.returnRate as number).toBeGreaterThan(0.9);
  });
});

describe('KPI definitions', () => {
  it('cover every KPI of the object', () => {
    const k = poolKpis(TYPE, [], { fromMs: D(0), toMs: D(1) });
    const keys = [
      ...Object.keys(k).filter((key) => !['boxTypeIds', 'period', 'samples', 'co2e'].includes(key)),
      ...Object.keys(k.co2e).map((key) => `co2e.${key}`),
    ];
    for (const key of keys) expect(POOL_KPI_DEFINITIONS[key], key).toBeDefined();
    expect(k.returnRate).toBeNull();
    expect(k.co2e.perTripKg).toBeNull();
    expect(k.shrinkagePct).toBeNull();
  });

  it('has no break-even when the carton is not heavier than a trip', () => {
    const k = poolKpis({ ...TYPE, singleUseKgCo2e: 0.1 }, [], { fromMs: D(0), toMs: D(1) });
    expect(k.co2e.breakEvenTrips).toBeNull();
    expect(k.co2e.boxesPastBreakEven).toBeNull();
  });
});
