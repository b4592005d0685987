import { createTenant } from '../auth/index.js';
import { pick, SYSTEM_SCOPE, seededRandom } from '../core/index.js';
import type { Db } from '../db/index.js';
import { createSite, type SiteInput } from '../network/index.js';
import { CITIES, type City, REGION_HUBS } from './cities.js';

// Offsets of a few km from the city centre, so sites of one city do not sit on one point.
const jitter = (rand: () => number, c: City): { lat: number; lon: number } => ({
  lat: Math.round((c.lat + (rand() - 0.5) * 0.12) * 1e5) / 1e5,
  lon: Math.round((c.lon + (rand() - 0.5) * 0.12) * 1e5) / 1e5,
});

const cityNamed = (name: string): City => {
  const c = CITIES.find((x) => x.name === name);
  if (!c) throw new Error(`demo city ${name} missing`);
  return c;
};

/**
 * The demo network: one operator with a hub per region, warehouses, pick-up/drop-off stations and
 * rooftop solar parks; two merchants and two brands with their own warehouses.
 */
export async function loadNetwork(db: Db, seed: number): Promise<Record<string, number>> {
  const rand = seededRandom(seed);
  const counts: Record<string, number> = { tenants: 0, hubs: 0, warehouses: 0, stations: 0, solarParks: 0 };

  await db.kysely.transaction().execute(async (trx) => {
    const tx = { ...db, kysely: trx };
    const t = async (id: string, name: string, kind: string) => {
      counts.tenants++;
      return createTenant(tx, { id, name, kind });
    };
    const operator = await t('ten_operator', 'Greenlink Logistics Network', 'operator');
    const stationsOp = await t('ten_stations', 'Neighbourhood Stations Co.', 'station_operator');
    const merchants = [
      await t('ten_merchant_teashop', 'West Lake Tea House (merchant)', 'merchant'),
      await t('ten_merchant_gadgets', 'Pearl River Gadgets (merchant)', 'merchant'),
    ];
    const brands = [
      await t('ten_brand_outdoor', 'Kunlun Outdoor (brand)', 'brand'),
      await t('ten_brand_beauty', 'Jade Beauty (brand)', 'brand'),
    ];

    const site = async (input: SiteInput, counter: keyof typeof counts) => {
      counts[counter]++;
      return createSite(tx, SYSTEM_SCOPE, input);
    };

    for (const [region, cityName] of Object.entries(REGION_HUBS)) {
      const c = cityNamed(cityName);
      await site(
        {
          tenantId: operator.id,
          kind: 'hub',
          name: `${c.name} ${region} Sorting Hub`,
          city: c.name,
          province: c.province,
          region: c.region,
          ...jitter(rand, c),
          attributes: { nameZh: `${c.nameZh}分拨中心`, sortCapacityParcelsPerHour: 20000 + Math.round(rand() * 40) * 1000 },
        },
        'hubs',
      );
    }

    // Warehouses: the operator's regional warehouses plus each merchant's and brand's own.
    const warehouseCities = ['Shanghai', 'Jiaxing', 'Wuxi', 'Dongguan', 'Tianjin', 'Chengdu', 'Wuhan', 'Zhengzhou'];
    for (const name of warehouseCities) {
      const c = cityNamed(name);
      await site(
        {
          tenantId: operator.id,
          kind: 'warehouse',
          name: `${c.name} Fulfilment Centre`,
          city: c.name,
          province: c.province,
          region: c.region,
          ...jitter(rand, c),
          attributes: { floorAreaM2: 40000 + Math.round(rand() * 60) * 1000 },
        },
        'warehouses',
      );
    }
    const ownerCities: [string, string][] = [
      [merchants[0]!.id, 'Hangzhou'],
      [merchants[1]!.id, 'Shenzhen'],
      [brands[0]!.id, 'Chengdu'],
      [brands[1]!.id, 'Shanghai'],
    ];
    for (const [tenantId, name] of ownerCities) {
      const c = cityNamed(name);
      await site(
        {
          tenantId,
          kind: 'warehouse',
          name: `${c.name} Dispatch Warehouse`,
          city: c.name,
          province: c.province,
          region: c.region,
          ...jitter(rand, c),
          attributes: { floorAreaM2: 3000 + Math.round(rand() * 50) * 100 },
        },
        'warehouses',
      );
    }

    // Stations: two to four per city, run by the station operator.
    for (const c of CITIES) {
      const n = 2 + Math.floor(rand() * 3);
      for (let i = 1; i <= n; i++) {
        await site(
          {
            tenantId: stationsOp.id,
            kind: 'station',
            name: `${c.name} Station ${i}`,
            city: c.name,
            province: c.province,
            region: c.region,
            ...jitter(rand, c),
            attributes: {
              openingHours: pick(rand, ['08:00-21:00', '09:00-22:00', '07:30-20:30']),
              storageCapacityBoxes: 100 + Math.round(rand() * 8) * 25,
            },
          },
          'stations',
        );
      }
    }

    // Rooftop solar parks on nine logistics parks (the seed company's first figure).
    const solarCities = ['Hangzhou', 'Jiaxing', 'Wuxi', 'Guangzhou', 'Dongguan', 'Tianjin', 'Wuhan', 'Chengdu', 'Zhengzhou'];
    for (const name of solarCities) {
      const c = cityNamed(name);
      await site(
        {
          tenantId: operator.id,
          kind: 'solar_park',
          name: `${c.name} Logistics Park Rooftop PV`,
          city: c.name,
          province: c.province,
          region: c.region,
          ...jitter(rand, c),
          attributes: { capacityKwp: 1500 + Math.round(rand() * 30) * 100 },
        },
        'solarParks',
      );
    }
  });
  return counts;
}
