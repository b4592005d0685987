import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../test/support/db.js';
import { createTenant } from '../auth/index.js';
import { AppError, type Scope, SYSTEM_SCOPE } from '../core/index.js';
import { DEFAULT_CARRIERS } from '../waybill/index.js';
import { formatWaybillNo } from '../waybill/numbers.js';
import { recordDropoff } from './dropoffs.js';
import { type RecyclingMetrics, recyclingMetrics } from './metrics.js';
import { recordReuse } from './reuse.js';
import { createStations } from './stations.js';

const carrier = DEFAULT_CARRIERS[0] as (typeof DEFAULT_CARRIERS)[number];
const waybill = (n: number) => formatWaybillNo(carrier, 9_000_000 + n);
// One accepted drop-off per consumer and day, so a second one the same day is refused.
const LIMITS = { consumerPerDay: 1, stationPerDay: 1000, devicePerMinute: 1000 };
const at = (iso: string) => Date.parse(iso);

// Board per size class (stock.ts): s 0.15048 kg, m 0.276672 kg, l 0.484968 kg; CO2e = board × 0.491.
const S = 0.15048;
const M = 0.276672;
const L = 0.484968;
const F = 0.491;

const station = (id: string, city: string, province: string) => ({
  id,
  name: `Station ${id}`,
  city,
  province,
  lat: 30,
  lon: 120,
});

describe(`recycling metrics (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let scope: Scope;
  let other: Scope;

  /**
   * The fixture (local days, UTC+8; points are the defaults: carton s 5, m 8, l 10, pulp 3, plastic 2, reuse 5):
   *
   *   #  station  city      consumer  grade     local time          result
   *   1  HZ-1     Hangzhou  c1        carton_s  2026-01-10 10:00    accepted  5
   *   2  HZ-1     Hangzhou  c2        carton_m  2026-01-10 11:00    accepted  8
   *   3  HZ-1     Hangzhou  c2        plastic   2026-01-10 12:00    refused (consumer_daily_cap)
   *   4  HZ-2     Hangzhou  c1        pulp      2026-01-15 09:00    accepted  3
   *   5  SH-1     Shanghai  c3        carton_l  2026-01-20 12:00    accepted  10
   *   6  HZ-1     Hangzhou  c1        carton_m  2026-02-01 01:30    accepted  8   (2026-01-31 17:30 UTC: February)
   *   7  SH-1     Shanghai  c4        carton_s  2026-02-14 10:00    accepted  5
   *   8  SH-1     Shanghai  c3        carton_m  2026-02-14 11:00    accepted  8
   *   9  SZ-1     Shenzhen  c5        carton_s  2026-02-15 10:00    refused (already_rewarded: #1's parcel)
   *
   *   reuse  station  size  local time          consumer  points
   *   R1     HZ-1     m     2026-01-25 10:00    c9        5
   *   R2     HZ-1     s     2026-02-03 10:00    -         0
   *   R3     SH-1     l     2026-02-20 10:00    -         0
   *   R4     SH-1     s     2026-02-28 23:00    -         0   (2026-02-28 15:00 UTC: still February)
   *
   * Another tenant has one accepted drop-off (station U-1): never in this tenant's figures.
   */
  beforeAll(async () => {
    db = await createTestDb();
    const tenant = (await createTenant(db, { name: 'Metrics Co', kind: 'station_operator' })).id;
    const otherTenant = (await createTenant(db, { name: 'Other Co', kind: 'station_operator' })).id;
    scope = { role: 'station', tenantId: tenant, keyId: 'k-metrics' };
    other = { role: 'station', tenantId: otherTenant, keyId: 'k-other' };
    await createStations(db, tenant, [
      station('HZ-1', 'Hangzhou', 'Zhejiang'),
      station('HZ-2', 'Hangzhou', 'Zhejiang'),
      station('SH-1', 'Shanghai', 'Shanghai'),
      station('SZ-1', 'Shenzhen', 'Guangdong'),
    ]);
    await createStations(db, otherTenant, [station('U-1', 'Hangzhou', 'Zhejiang')]);

    const drops: [string, string, string, number, string, string][] = [
      ['HZ-1', 'c1', 'carton_s', 1, '2026-01-10T10:00:00+08:00', 'accepted'],
      ['HZ-1', 'c2', 'carton_m', 2, '2026-01-10T11:00:00+08:00', 'accepted'],
      ['HZ-1', 'c2', 'plastic', 3, '2026-01-10T12:00:00+08:00', 'refused'],
      ['HZ-2', 'c1', 'pulp', 4, '2026-01-15T09:00:00+08:00', 'accepted'],
      ['SH-1', 'c3', 'carton_l', 5, '2026-01-20T12:00:00+08:00', 'accepted'],
      ['HZ-1', 'c1', 'carton_m', 6, '2026-01-31T17:30:00Z', 'accepted'],
      ['SH-1', 'c4', 'carton_s', 7, '2026-02-14T10:00:00+08:00', 'accepted'],
      ['SH-1', 'c3', 'carton_m', 8, '2026-02-14T11:00:00+08:00', 'accepted'],
      ['SZ-1', 'c5', 'carton_s', 1, '2026-02-15T10:00:00+08:00', 'refused'],
    ];
    for (const [stationId, consumerId, grade, n, time, status] of drops) {
      const d = await recordDropoff(
        db,
        scope,
        { stationId, consumerId, grade, waybillNo: waybill(n) },
        { nowMs: at(time), limits: LIMITS, idempotencyKey: `fixture-${stationId}-${n}` },
      );
      expect(d.status).toBe(status);
    }
    await recordDropoff(
      db,
      other,
      { stationId: 'U-1', consumerId: 'c1', grade: 'carton_l', waybillNo: waybill(50) },
      { nowMs: at('2026-01-12T10:00:00+08:00'), limits: LIMITS },
    );

    const reuses: [string, string, string, string | undefined][] = [
      ['HZ-1', 'm', '2026-01-25T10:00:00+08:00', 'c9'],
      ['HZ-1', 's', '2026-02-03T10:00:00+08:00', undefined],
      ['SH-1', 'l', '2026-02-20T10:00:00+08:00', undefined],
      ['SH-1', 's', '2026-02-28T15:00:00Z', undefined],
    ];
    for (const [stationId, sizeClass, time, consumerId] of reuses) {
      const r = await recordReuse(db, scope, { stationId, sizeClass, consumerId }, { nowMs: at(time) });
      expect(r.points).toBe(consumerId ? 5 : 0);
    }
  });
  afterAll(() => db?.close());

  const near = (actual: number, expected: number) => expect(actual).toBeCloseTo(expected, 6);
  const checkFigures = (
    actual: RecyclingMetrics['totals'],
    expected: Omit<RecyclingMetrics['totals'], 'boardKgAvoided' | 'kgCo2eAvoided'> & { board: number },
  ) => {
    const { board, ...rest } = expected;
    expect(actual).toMatchObject(rest);
    near(actual.boardKgAvoided, board);
    near(actual.kgCo2eAvoided, board * F);
  };

  it('totals, months, cities and top stations equal the hand-computed figures', async () => {
    const m = await recyclingMetrics(db, scope);
    // Collected: #1 #2 #4 #5 #6 #7 #8 = 7; reused R1-R4 = 4; rate 4/7; stations HZ-1 HZ-2 SH-1 (SZ-1 refused only);
    // cities Hangzhou, Shanghai; consumers c1 c2 c3 c4 (c9 only sent a parcel); board M + S + L + S = 1.0626 kg;
    // points 5+8+3+10+8+5+8 = 47 for drop-offs + 5 for R1 = 52.
    checkFigures(m.totals, {
      collected: 7,
      reused: 4,
      reuseRate: 0.571429,
      stations: 3,
      cities: 2,
      consumers: 4,
      board: M + S + L + S,
      points: 52,
    });
    near(m.totals.boardKgAvoided, 1.0626);
    near(m.totals.kgCo2eAvoided, 0.5217366);

    expect(m.byMonth.map((x) => x.month)).toEqual(['2026-01', '2026-02']);
    // January: #1 #2 #4 #5 (stations HZ-1 HZ-2 SH-1, consumers c1 c2 c3), R1; points 5+8+3+10 + 5 = 31.
    checkFigures(m.byMonth[0] as RecyclingMetrics['totals'], {
      collected: 4,
      reused: 1,
      reuseRate: 0.25,
      stations: 3,
      cities: 2,
      consumers: 3,
      board: M,
      points: 31,
    });
    // February: #6 #7 #8 (HZ-1 SH-1; c1 c4 c3), R2 R3 R4; points 8+5+8 = 21.
    checkFigures(m.byMonth[1] as RecyclingMetrics['totals'], {
      collected: 3,
      reused: 3,
      reuseRate: 1,
      stations: 2,
      cities: 2,
      consumers: 3,
      board: S + L + S,
      points: 21,
    });

    expect(m.byCity.map((x) => x.city)).toEqual(['Hangzhou', 'Shanghai']);
    // Hangzhou: #1 #2 #4 #6 (HZ-1 HZ-2; c1 c2), R1 R2; points 5+8+3+8 + 5 = 29.
    checkFigures(m.byCity[0] as RecyclingMetrics['totals'], {
      collected: 4,
      reused: 2,
      reuseRate: 0.5,
      stations: 2,
      cities: 1,
      consumers: 2,
      board: M + S,
      points: 29,
    });
    // Shanghai: #5 #7 #8 (SH-1; c3 c4), R3 R4; points 10+5+8 = 23.
    checkFigures(m.byCity[1] as RecyclingMetrics['totals'], {
      collected: 3,
      reused: 2,
      reuseRate: 0.666667,
      stations: 1,
      cities: 1,
      consumers: 2,
      board: L + S,
      points: 23,
    });

    // HZ-1 and SH-1 collected 3 each (ties by id), HZ-2 1; SZ-1 collected nothing.
    expect(m.topStations.map((s) => [s.stationId, s.city, s.collected, s.reused, s.points])).toEqual([
      ['HZ-1', 'Hangzhou', 3, 2, 5 + 8 + 8 + 5],
      ['SH-1', 'Shanghai', 3, 2, 23],
      ['HZ-2', 'Hangzhou', 1, 0, 3],
    ]);
    near(m.topStations[0]?.boardKgAvoided as number, M + S);
    expect(m.topStations[2]?.reuseRate).toBe(0);
  });

  it('filters by day, city and station', async () => {
    // From 2026-02-01: #6 (01:30 local) #7 #8; R2 R3 R4.
    const feb = await recyclingMetrics(db, scope, { fromDay: '2026-02-01' });
    expect(feb.totals).toMatchObject({ collected: 3, reused: 3, points: 21 });
    // To 2026-01-31: #1 #2 #4 #5; R1.
    const jan = await recyclingMetrics(db, scope, { toDay: '2026-01-31' });
    expect(jan.totals).toMatchObject({ collected: 4, reused: 1, points: 31 });
    const shanghai = await recyclingMetrics(db, scope, { city: 'Shanghai' });
    expect(shanghai.totals).toMatchObject({ collected: 3, reused: 2, stations: 1, cities: 1, consumers: 2, points: 23 });
    expect(shanghai.byCity.map((c) => c.city)).toEqual(['Shanghai']);
    const hz1 = await recyclingMetrics(db, scope, { stationId: 'HZ-1', fromDay: '2026-01-10', toDay: '2026-01-31' });
    // #1 #2 (c1 c2), R1.
    expect(hz1.totals).toMatchObject({ collected: 2, reused: 1, consumers: 2, points: 5 + 8 + 5 });
    const none = await recyclingMetrics(db, scope, { city: 'Shenzhen' });
    expect(none.totals).toMatchObject({ collected: 0, reused: 0, reuseRate: null, stations: 0, points: 0 });
    expect(none.topStations).toEqual([]);
  });

  it("keeps to the caller's tenant and refuses malformed days", async () => {
    const mine = await recyclingMetrics(db, other);
    expect(mine.totals).toMatchObject({ collected: 1, reused: 0, consumers: 1, points: 10 });
    const everyone = await recyclingMetrics(db, SYSTEM_SCOPE);
    // c1 of one tenant and c1 of the other are different people.
    expect(everyone.totals).toMatchObject({ collected: 8, consumers: 5, points: 62 });
    await expect(recyclingMetrics(db, scope, { fromDay: '2026-2-1' })).rejects.toBeInstanceOf(AppError);
    await expect(recyclingMetrics(db, scope, { fromDay: '2026-03-01', toDay: '2026-02-01' })).rejects.toThrow(/after to/);
  });
});
