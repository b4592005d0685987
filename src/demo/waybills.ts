import { type KeyRing, pick, SYSTEM_SCOPE, seededRandom } from '../core/index.js';
import type { Db } from '../db/index.js';
import { issueWaybills, markReprinted, voidWaybill } from '../waybill/index.js';
import { CITIES, PROVINCE_ZH } from './cities.js';
import { GIVEN, STREETS as ROADS, SURNAMES } from './orders.js';

const DISTRICTS = ['城东区', '城西区', '高新区', '开发区'];

/** The demo merchants and where they ship from (their warehouses' cities). */
const SHIPPERS = [
  {
    tenantId: 'ten_merchant_teashop',
    carrier: 'ZTO',
    contents: '茶叶',
    sender: ['西湖茶庄', '浙江省', '杭州市', '西湖区', '龙井路18号'],
  },
  {
    tenantId: 'ten_merchant_gadgets',
    carrier: 'SF',
    contents: '数码配件',
    sender: ['珠江数码', '广东省', '深圳市', '南山区', '科技园路8号'],
  },
] as const;

const PER_SHIPPER = 150;

/** E-waybills for the merchants' parcels (made-up recipients), a few voided and some reprinted. */
export async function loadWaybills(db: Db, keyRing: KeyRing, seed: number): Promise<number> {
  const rand = seededRandom(seed + 6);
  let issued = 0;
  for (const shipper of SHIPPERS) {
    const [name, province, city, district, address] = shipper.sender;
    const parcels = Array.from({ length: PER_SHIPPER }, (_, i) => {
      const to = pick(rand, CITIES);
      return {
        orderKey: `${shipper.tenantId.replace('ten_merchant_', '').toUpperCase()}-WB-${String(i + 1).padStart(4, '0')}`,
        carrier: shipper.carrier,
        sender: { name, phone: '0571' + String(80000000 + i), province, city, district, address },
        recipient: {
          name: pick(rand, SURNAMES) + pick(rand, GIVEN) + (rand() < 0.5 ? pick(rand, GIVEN) : ''),
          phone: `13${Math.floor(rand() * 10)}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
          province: PROVINCE_ZH[to.province] ?? to.province,
          city: to.nameZh + (to.nameZh.endsWith('市') ? '' : '市'),
          district: pick(rand, DISTRICTS),
          address: `${pick(rand, ROADS)}${1 + Math.floor(rand() * 300)}号${1 + Math.floor(rand() * 20)}幢${101 + Math.floor(rand() * 1800)}室`,
        },
        weightKg: Math.round((0.3 + rand() * 5) * 10) / 10,
        contents: shipper.contents,
      };
    });
    const waybills = await issueWaybills(db, SYSTEM_SCOPE, keyRing, parcels, { tenantId: shipper.tenantId });
    issued += waybills.length;
    for (const [i, w] of waybills.entries()) {
      if (i % 50 === 7) await voidWaybill(db, SYSTEM_SCOPE, keyRing, w.id, 'order cancelled');
      else if (i % 10 === 3) await markReprinted(db, SYSTEM_SCOPE, keyRing, w.id);
    }
  }
  return issued;
}
