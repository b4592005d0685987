import { pick, seededRandom } from '../core/index.js';
import type { Db } from '../db/index.js';
import { builtInResolver } from '../factors/index.js';
import { computeShipment, type FootprintToSave, type ShipmentInput, saveFootprints } from '../footprint/index.js';
import { CITIES, type City, REGION_HUBS } from './cities.js';

/** Where each demo merchant and brand ships from (their dispatch warehouses in the demo network). */
const SHIPPERS: { tenantId: string; city: string; shipmentsPerMonth: number; refrigeratedShare: number }[] = [
  { tenantId: 'ten_merchant_teashop', city: 'Hangzhou', shipmentsPerMonth: 40, refrigeratedShare: 0.15 },
  { tenantId: 'ten_merchant_gadgets', city: 'Shenzhen', shipmentsPerMonth: 45, refrigeratedShare: 0 },
  { tenantId: 'ten_brand_outdoor', city: 'Chengdu', shipmentsPerMonth: 30, refrigeratedShare: 0 },
  { tenantId: 'ten_brand_beauty', city: 'Shanghai', shipmentsPerMonth: 35, refrigeratedShare: 0.3 },
];

// Yearly metered energy and outbound tonnes of each regional hub (demo figures): their HOC intensity.
const HUB_KWH_PER_YEAR = 600_000;
const HUB_OUTBOUND_T_PER_YEAR = 85_000;

// The operator's own electric vans, metered (primary data): 0.22 kWh/km at ~0.35 t average load on the
// East China grid (0.55 kg/kWh) gives about 0.35 kg CO2e per t.km.
const EV_VAN_TOC = {
  id: 'greenlink-ev-van-2026',
  co2eIntensityWtwKgPerTkm: 0.3457,
  co2eIntensityTtwKgPerTkm: 0,
  dataType: 'primary' as const,
  mode: 'road' as const,
  dafIncluded: true,
  energyCarrier: 'Electric',
  description: 'Greenlink own electric vans, metered charging energy',
};

const cityNamed = (name: string): City => CITIES.find((c) => c.name === name)!;
const hubOf = (c: City): City => cityNamed(REGION_HUBS[c.region]);
const near = (rand: () => number, c: City) => ({
  lat: Math.round((c.lat + (rand() - 0.5) * 0.1) * 1e5) / 1e5,
  lon: Math.round((c.lon + (rand() - 0.5) * 0.1) * 1e5) / 1e5,
});

function hubHoc(hub: City) {
  return {
    id: `hub-${hub.name.toLowerCase().replace(/[^a-z]/g, '')}`,
    kwh: HUB_KWH_PER_YEAR,
    gridFactorId: `mee-2023:cn-grid-${hub.region.toLowerCase()}`,
    outboundTonnes: HUB_OUTBOUND_T_PER_YEAR,
    dataType: 'primary' as const,
    hubType: 'Transshipment',
    description: `${hub.name} regional sorting hub, metered electricity`,
  };
}

/** The last twelve whole months before `today`, as YYYY-MM. */
function lastTwelveMonths(today: Date): string[] {
  const months: string[] = [];
  for (let i = 12; i >= 1; i--) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

/**
 * A year of demo shipments with their ISO 14083 footprints: first mile by van to the regional hub,
 * trunk by truck, rail or air between hubs, last mile by diesel or electric van to a station.
 */
export async function loadFootprints(db: Db, seed: number, today = new Date()): Promise<number> {
  const rand = seededRandom(seed + 14083);
  const months = lastTwelveMonths(today);
  let stored = 0;
  for (const shipper of SHIPPERS) {
    const origin = cityNamed(shipper.city);
    const originHub = hubOf(origin);
    const items: FootprintToSave[] = [];
    let n = 0;
    for (const month of months) {
      for (let i = 0; i < shipper.shipmentsPerMonth; i++) {
        const dest = pick(
          rand,
          CITIES.filter((c) => c.name !== origin.name),
        );
        const destHub = hubOf(dest);
        const refrigerated = rand() < shipper.refrigeratedShare;
        const massKg = Math.round((0.4 + rand() ** 2 * 40) * 100) / 100;
        const warehouse = near(rand, origin);
        const station = near(rand, dest);
        const chain: ShipmentInput['chain'] = [
          { type: 'leg', toc: 'desnz-2026:van-diesel-average', origin: warehouse, destination: originHub },
          { type: 'hub', hoc: hubHoc(originHub) },
        ];
        if (destHub.name !== originHub.name) {
          const r = rand();
          const trunk = refrigerated
            ? 'desnz-2026:hgv-refrigerated-articulated'
            : r < 0.08
              ? 'desnz-2026:air-short-haul'
              : r < 0.25
                ? 'desnz-2026:freight-train'
                : 'desnz-2026:hgv-average';
          chain.push({
            type: 'leg',
            toc: trunk,
            origin: originHub,
            destination: destHub,
            distanceType: 'GCD',
            temperatureControlled: refrigerated,
          });
          chain.push({ type: 'hub', hoc: hubHoc(destHub) });
        }
        chain.push({
          type: 'leg',
          toc: rand() < 0.35 ? EV_VAN_TOC : 'desnz-2026:van-diesel-average',
          origin: destHub,
          destination: station,
        });
        const input: ShipmentInput = {
          id: `${shipper.tenantId.replace('ten_', '').toUpperCase()}-${month.replace('-', '')}-${String(++n).padStart(4, '0')}`,
          massKg,
          chain,
        };
        const day = 1 + Math.floor(rand() * 28);
        items.push({
          input,
          result: computeShipment(input, builtInResolver),
          shippedOn: `${month}-${String(day).padStart(2, '0')}`,
        });
      }
    }
    stored += (await saveFootprints(db, shipper.tenantId, items, { source: 'demo' })).length;
  }
  return stored;
}
