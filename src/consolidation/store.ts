import { createHmac } from 'node:crypto';
import {
  AppError,
  decryptField,
  ErrorCode,
  encryptField,
  invalid,
  type KeyRing,
  maskAddress,
  maskName,
  maskPhone,
  newId,
  nowIso,
  type Scope,
  toUtcIso,
} from '../core/index.js';
import { type Db, decodeCursor, type Page, type PageRequest, pageLimit, toPage } from '../db/index.js';
import type { OrdersTable } from '../db/schema.js';
import type { Handling, Order, Recipient } from './model.js';
import { addressKey, recipientKey } from './normalize.js';

/** An order as ordinary responses show it: the recipient masked. */
export interface StoredOrder {
  id: string;
  tenantId: string;
  orderId: string;
  warehouseId: string;
  recipient: { name: string; phone: string; address: string };
  shipBy: string;
  items: Order['items'];
  handling: Handling;
  createdAt: string;
}

// Keyed hashes, so the grouping keys in clear cannot be reversed by hashing candidate phones.
const keyed = (ring: KeyRing, value: string): string => {
  const key = ring.keys[ring.currentKeyId]!;
  return createHmac('sha256', key).update(value).digest('hex').slice(0, 40);
};

const toStored = (ring: KeyRing, r: OrdersTable): StoredOrder => {
  const recipient = JSON.parse(decryptField(ring, r.recipient_enc)) as Recipient;
  return {
    id: r.id,
    tenantId: r.tenant_id,
    orderId: r.order_ref,
    warehouseId: r.warehouse_ref,
    recipient: { name: maskName(recipient.name), phone: maskPhone(recipient.phone), address: maskAddress(recipient.address) },
    shipBy: r.ship_by,
    items: JSON.parse(r.items_json),
    handling: JSON.parse(r.handling_json),
    createdAt: r.created_at,
  };
};

/** Stores orders in one transaction; an order id already stored for the tenant is replaced. */
export async function saveOrders(db: Db, ring: KeyRing, tenantId: string, orders: Order[]): Promise<number> {
  const now = nowIso();
  const seen = new Set<string>();
  const rows: OrdersTable[] = orders.map((o, i) => {
    if (!o.id) throw invalid('order id is required', [{ field: `/orders/${i}/id`, message: 'required' }]);
    if (seen.has(o.id)) throw invalid(`order ${o.id} appears twice`, [{ field: `/orders/${i}/id`, message: 'duplicate' }]);
    seen.add(o.id);
    if (!o.recipient?.name || !o.recipient.phone || !o.recipient.address) {
      throw invalid(`order ${o.id}: recipient name, phone and address are required`, [
        { field: `/orders/${i}/recipient`, message: 'incomplete' },
      ]);
    }
    return {
      id: newId('ord'),
      tenant_id: tenantId,
      order_ref: o.id,
      warehouse_ref: o.warehouseId,
      recipient_enc: encryptField(ring, JSON.stringify(o.recipient)),
      recipient_key: keyed(ring, recipientKey(o.recipient)),
      address_key: keyed(ring, addressKey(o.recipient.address)),
      ship_by: toUtcIso(o.shipBy, `/orders/${i}/shipBy`),
      items_json: JSON.stringify(o.items),
      handling_json: JSON.stringify(o.handling ?? {}),
      created_at: now,
    };
  });
  await db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 200) {
      const batch = rows.slice(i, i + 200);
      await trx
        .deleteFrom('orders')
        .where('tenant_id', '=', tenantId)
        .where(
          'order_ref',
          'in',
          batch.map((r) => r.order_ref),
        )
        .execute();
      await trx.insertInto('orders').values(batch).execute();
    }
  });
  return rows.length;
}

export interface OrderFilter extends PageRequest {
  /** ISO 8601 with offset: ship-by from (inclusive) and to (exclusive). */
  from?: string;
  to?: string;
  tenantId?: string;
}

function ordersQuery(db: Db, scope: Scope, filter: OrderFilter) {
  let q = db.kysely.selectFrom('orders').selectAll();
  if (scope.tenantId !== null) q = q.where('tenant_id', '=', scope.tenantId);
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.from) q = q.where('ship_by', '>=', toUtcIso(filter.from, 'from'));
  if (filter.to) q = q.where('ship_by', '<', toUtcIso(filter.to, 'to'));
  return q;
}

/** Orders with masked recipients, a page at a time. */
export async function listOrders(db: Db, ring: KeyRing, scope: Scope, filter: OrderFilter = {}): Promise<Page<StoredOrder>> {
  const limit = pageLimit(filter.limit);
  const after = decodeCursor(filter.cursor);
  let q = ordersQuery(db, scope, filter)
    .orderBy('id')
    .limit(limit + 1);
  if (after) q = q.where('id', '>', after);
  return toPage(
    (await q.execute()).map((r) => toStored(ring, r)),
    limit,
  );
}

/**
 * Orders with the recipient decrypted, for the engines only (consolidation needs to compare
 * recipients); never returned to a client. Capped so one request cannot pull a whole history.
 */
export async function ordersForEngines(db: Db, ring: KeyRing, scope: Scope, filter: OrderFilter, max = 20_000): Promise<Order[]> {
  const rows = await ordersQuery(db, scope, filter)
    .orderBy('ship_by')
    .limit(max + 1)
    .execute();
  if (rows.length > max) {
    throw new AppError(ErrorCode.Unprocessable, `more than ${max} orders in the range; narrow it with from/to`);
  }
  return rows.map((r) => ({
    id: r.order_ref,
    warehouseId: r.warehouse_ref,
    recipient: JSON.parse(decryptField(ring, r.recipient_enc)) as Recipient,
    shipBy: r.ship_by,
    items: JSON.parse(r.items_json),
    handling: JSON.parse(r.handling_json) as Handling,
    createdAt: r.created_at,
  }));
}
