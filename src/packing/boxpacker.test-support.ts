import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Box, Item, Orientation } from './model.js';

// Loader for BoxPacker's e-commerce fixture (../shared/benchmarks/packing/boxpacker, MIT): read in
// place, never copied into the repository. Columns per its SOURCES.md:
// boxes.csv `ref, outerW, outerL, outerD, emptyWeight_g, innerW, innerL, innerD, maxWeight_g`;
// items.csv `order_id, qty, item_id, width_mm, length_mm, depth_mm, weight_g`;
// expected.csv `order_id, boxes_2D, weightVariance_2D, volUtil%_2D, boxes_3D, ...` (2D = keep flat).

/** Where the shared benchmark data lives, relative to the repository root. */
export const BOXPACKER_DIR = join(process.cwd(), '..', 'shared', 'benchmarks', 'packing', 'boxpacker');

export interface BoxPackerOrder {
  id: string;
  items: Item[];
  /** BoxPacker's own box counts for this order. */
  expected?: { keepFlat: number; free: number };
}

export const boxPackerAvailable = (dir = BOXPACKER_DIR): boolean =>
  existsSync(join(dir, 'items.csv')) && existsSync(join(dir, 'boxes.csv'));

const rows = (file: string): string[][] =>
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));

export function loadBoxPackerBoxes(dir = BOXPACKER_DIR): Box[] {
  return rows(join(dir, 'boxes.csv')).map(([ref, ow, ol, od, empty, iw, il, id, max]) => ({
    id: ref,
    innerLengthMm: Number(il),
    innerWidthMm: Number(iw),
    innerHeightMm: Number(id),
    outerLengthMm: Number(ol),
    outerWidthMm: Number(ow),
    outerHeightMm: Number(od),
    emptyWeightG: Number(empty),
    maxWeightG: Number(max),
    material: 'single-wall' as const,
  }));
}

/**
 * The orders in file order. "Keep flat" is 'this-side-up' with the depth column vertical. An item
 * listed twice in one order becomes one item with the summed quantity when its lines agree, or
 * gets a `#n` suffix when they do not.
 */
export function loadBoxPackerOrders(orientation: Orientation, dir = BOXPACKER_DIR): BoxPackerOrder[] {
  const orders = new Map<string, BoxPackerOrder>();
  for (const [orderId, qty, itemId, w, l, d, g] of rows(join(dir, 'items.csv'))) {
    let order = orders.get(orderId);
    if (!order) {
      order = { id: orderId, items: [] };
      orders.set(orderId, order);
    }
    const item: Item = {
      id: itemId,
      lengthMm: Number(l),
      widthMm: Number(w),
      heightMm: Number(d),
      weightG: Number(g),
      quantity: Number(qty),
      orientation,
    };
    const same = order.items.find((it) => it.id === itemId);
    if (
      same &&
      same.lengthMm === item.lengthMm &&
      same.widthMm === item.widthMm &&
      same.heightMm === item.heightMm &&
      same.weightG === item.weightG
    ) {
      same.quantity = (same.quantity ?? 1) + (item.quantity ?? 1);
      continue;
    }
    if (same) item.id = `${itemId}#${order.items.filter((it) => it.id.startsWith(itemId)).length + 1}`;
    order.items.push(item);
  }
  const expectedFile = join(dir, 'expected.csv');
  if (existsSync(expectedFile)) {
    for (const [orderId, flat, , , free] of rows(expectedFile)) {
      const order = orders.get(orderId);
      if (order) order.expected = { keepFlat: Number(flat), free: Number(free) };
    }
  }
  return [...orders.values()];
}
