import type { Order } from '../consolidation/index.js';
import { saveOrders } from '../consolidation/index.js';
import { type KeyRing, pick, SYSTEM_SCOPE, seededRandom } from '../core/index.js';
import type { Db } from '../db/index.js';
import { type Item, upsertBoxes } from '../packing/index.js';
import { DEMO_START_CATALOG } from './boxes.js';
import { CITIES } from './cities.js';

// What each demo shipper sells: item types with dimensions (mm) and weights (g).
const CATALOGS: Record<string, { warehouse: string; items: Omit<Item, 'quantity'>[] }> = {
  ten_merchant_teashop: {
    warehouse: 'Hangzhou Dispatch Warehouse',
    items: [
      { id: 'longjing-tin-250g', lengthMm: 90, widthMm: 90, heightMm: 160, weightG: 330 },
      { id: 'tea-gift-box', lengthMm: 320, widthMm: 220, heightMm: 90, weightG: 1200, orientation: 'this-side-up' },
      { id: 'porcelain-teapot', lengthMm: 180, widthMm: 140, heightMm: 130, weightG: 650, fragile: true, stackable: false },
      { id: 'tea-cups-set', lengthMm: 200, widthMm: 150, heightMm: 80, weightG: 540, fragile: true },
    ],
  },
  ten_merchant_gadgets: {
    warehouse: 'Shenzhen Dispatch Warehouse',
    items: [
      { id: 'earbuds', lengthMm: 110, widthMm: 90, heightMm: 45, weightG: 180 },
      { id: 'power-bank', lengthMm: 150, widthMm: 75, heightMm: 28, weightG: 320 },
      { id: 'phone-case', lengthMm: 170, widthMm: 95, heightMm: 20, weightG: 60 },
      { id: 'smart-watch', lengthMm: 120, widthMm: 100, heightMm: 80, weightG: 260 },
      { id: 'usb-c-cable', lengthMm: 130, widthMm: 80, heightMm: 20, weightG: 70 },
    ],
  },
  ten_brand_outdoor: {
    warehouse: 'Chengdu Dispatch Warehouse',
    items: [
      { id: 'hiking-boots', lengthMm: 330, widthMm: 210, heightMm: 130, weightG: 1400, ownContainer: true },
      { id: 'down-jacket', lengthMm: 300, widthMm: 250, heightMm: 80, weightG: 700 },
      { id: 'trekking-poles', lengthMm: 480, widthMm: 90, heightMm: 90, weightG: 520 },
      { id: 'headlamp', lengthMm: 100, widthMm: 70, heightMm: 60, weightG: 120 },
    ],
  },
  ten_brand_beauty: {
    warehouse: 'Shanghai Dispatch Warehouse',
    items: [
      { id: 'serum-30ml', lengthMm: 45, widthMm: 45, heightMm: 120, weightG: 110, orientation: 'this-side-up' },
      { id: 'face-cream', lengthMm: 70, widthMm: 70, heightMm: 60, weightG: 150 },
      { id: 'lipstick-set', lengthMm: 140, widthMm: 90, heightMm: 30, weightG: 120 },
      { id: 'sheet-masks-10', lengthMm: 200, widthMm: 140, heightMm: 40, weightG: 280 },
    ],
  },
};

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
export const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明'];
export const STREETS = ['人民路', '解放路', '中山路', '建设路', '文化路', '和平路', '新华路', '长江路'];

/**
 * Demo order history: about two months of orders per shipper, some recipients ordering again within a
 * few hours (what consolidation finds). Names and phones are made up; stored encrypted like real ones.
 */
export async function loadOrders(
  db: Db,
  keyRing: KeyRing,
  seed: number,
  today = new Date(),
): Promise<{ orders: number; boxes: number }> {
  const rand = seededRandom(seed + 41833);
  await upsertBoxes(db, SYSTEM_SCOPE, DEMO_START_CATALOG, null);
  let total = 0;
  const startMs = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 60 * 86_400_000;
  for (const [tenantId, catalog] of Object.entries(CATALOGS)) {
    const orders: Order[] = [];
    const regulars: Order['recipient'][] = [];
    let lastShipByMs = startMs;
    for (let i = 0; i < 240; i++) {
      // One order in five comes from the previous recipient, an hour or two later: what consolidation finds.
      const repeat = regulars.length > 0 && rand() < 0.2;
      const recipient = repeat
        ? regulars[regulars.length - 1]!
        : (() => {
            const city = pick(rand, CITIES);
            const r = {
              name: pick(rand, SURNAMES) + pick(rand, GIVEN) + (rand() < 0.5 ? pick(rand, GIVEN) : ''),
              phone: `1${pick(rand, ['38', '39', '58', '86', '88'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
              address: {
                province: city.province,
                city: city.nameZh,
                street: `${pick(rand, STREETS)}${1 + Math.floor(rand() * 300)}号`,
                detail: `${1 + Math.floor(rand() * 20)}幢${1 + Math.floor(rand() * 30)}0${1 + Math.floor(rand() * 4)}室`,
              },
            };
            regulars.push(r);
            return r;
          })();
      const lines = 1 + Math.floor(rand() ** 2 * 3);
      const items: Item[] = [];
      for (let l = 0; l < lines; l++) {
        const it = pick(rand, catalog.items);
        const existing = items.find((x) => x.id === it.id);
        if (existing) existing.quantity = (existing.quantity ?? 1) + 1;
        else items.push({ ...it, quantity: 1 + (rand() < 0.2 ? 1 : 0) });
      }
      const shipByMs = repeat
        ? lastShipByMs + Math.floor((0.5 + rand() * 2) * 3_600_000)
        : startMs + Math.floor((i / 240) * 60 * 86_400_000) + Math.floor(rand() * 3_600_000 * 6);
      lastShipByMs = shipByMs;
      orders.push({
        id: `${tenantId.replace('ten_', '').toUpperCase()}-O${String(i + 1).padStart(5, '0')}`,
        warehouseId: catalog.warehouse,
        recipient,
        shipBy: new Date(shipByMs).toISOString(),
        items,
      });
    }
    total += await saveOrders(db, keyRing, tenantId, orders);
  }
  return { orders: total, boxes: DEMO_START_CATALOG.length };
}
