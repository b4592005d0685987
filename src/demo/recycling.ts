import { AppError, pick, SYSTEM_SCOPE, seededRandom } from '../core/index.js';
import type { Db } from '../db/index.js';
import { listSites } from '../network/index.js';
import { createStations, type Grade, recordDropoff, recordReuse, type SizeClass, sizeClassOf } from '../recycling/index.js';
import { DEFAULT_CARRIERS } from '../waybill/index.js';
import { formatWaybillNo } from '../waybill/numbers.js';

const DAY_MS = 86_400_000;
const DROPOFFS = 6_000;
const CONSUMERS = 1_500;
// What consumers leave, roughly: mostly cartons (small ones most), some pulp trays and plastic mailers.
const GRADE_MIX: Grade[] = ['carton_s', 'carton_s', 'carton_s', 'carton_m', 'carton_m', 'carton_l', 'pulp', 'plastic'];

/**
 * The demo network's pick-up/drop-off stations (one per station site, same id) and a year of drop-offs
 * up to today, recorded through the same path as a kiosk's (claims, caps, points, stock).
 */
export async function loadRecycling(
  db: Db,
  seed: number,
  nowMs = Date.now(),
): Promise<{ stations: number; dropoffs: number; reused: number }> {
  const rand = seededRandom(seed + 8);
  const sites = (await listSites(db, SYSTEM_SCOPE, { kind: 'station', limit: 500 })).items;
  const byTenant = new Map<string, typeof sites>();
  for (const s of sites) byTenant.set(s.tenantId, [...(byTenant.get(s.tenantId) ?? []), s]);
  for (const [tenantId, list] of byTenant) {
    await createStations(
      db,
      tenantId,
      list.map((s) => ({
        id: s.id,
        name: s.name,
        city: s.city,
        province: s.province,
        lat: s.lat,
        lon: s.lon,
        openingHours: String((s.attributes as { openingHours?: string }).openingHours ?? '08:00-21:00'),
        storageCapacity: Number((s.attributes as { storageCapacityBoxes?: number }).storageCapacityBoxes ?? 200),
      })),
    );
  }
  // Busier stations in bigger cities: a station's weight is drawn once.
  const weights = sites.map(() => 0.3 + rand() * 1.7);
  const total = weights.reduce((a, b) => a + b, 0);
  const pickStation = () => {
    let r = rand() * total;
    for (let i = 0; i < sites.length; i++) {
      r -= weights[i] as number;
      if (r <= 0) return sites[i] as (typeof sites)[number];
    }
    return sites[sites.length - 1] as (typeof sites)[number];
  };
  const carrier = DEFAULT_CARRIERS[1] ?? DEFAULT_CARRIERS[0];
  if (!carrier) return { stations: sites.length, dropoffs: 0, reused: 0 };
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  let accepted = 0;
  for (let i = 0; i < DROPOFFS; i++) {
    const station = pickStation();
    // Participation grows over the year (more drop-offs in recent months).
    const ageDays = Math.floor(365 * (1 - Math.sqrt(rand())));
    const atMs = today - ageDays * DAY_MS - Math.floor((8 + rand() * 12) * 3_600_000) + 8 * 3_600_000;
    const d = await recordDropoff(
      db,
      SYSTEM_SCOPE,
      {
        stationId: station.id,
        consumerId: `demo-u${Math.floor(rand() * CONSUMERS)}`,
        waybillNo: formatWaybillNo(carrier, 60_000_000 + i),
        grade: pick(rand, GRADE_MIX),
        deviceId: `kiosk-${station.id}`,
      },
      { nowMs: atMs },
    );
    if (d.status === 'accepted') accepted++;
  }

  // Nearly half of the parcels sent from stations go out in a collected carton (Cainiao's figure): a
  // reuse one to five days after a carton came in, while the station still has one of that size.
  const cartons = await db.kysely
    .selectFrom('recycling_dropoffs')
    .select(['station_id', 'grade', 'created_at'])
    .where('status', '=', 'accepted')
    .where('grade', 'in', ['carton_s', 'carton_m', 'carton_l'])
    .orderBy('created_at')
    .execute();
  let reused = 0;
  for (const [i, c] of cartons.entries()) {
    if (rand() >= 0.45) continue;
    const atMs = Math.min(Date.parse(c.created_at) + Math.ceil(rand() * 5) * DAY_MS, nowMs);
    try {
      await recordReuse(
        db,
        SYSTEM_SCOPE,
        {
          stationId: c.station_id,
          sizeClass: sizeClassOf(c.grade as Grade) as SizeClass,
          waybillNo: formatWaybillNo(carrier, 70_000_000 + i),
        },
        { nowMs: atMs },
      );
      reused++;
    } catch (err) {
      // The box went out on a pickup already: nothing to reuse.
      if (!(err instanceof AppError)) throw err;
    }
  }
  return { stations: sites.length, dropoffs: accepted, reused };
}
