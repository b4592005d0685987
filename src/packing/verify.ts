import {
  type Box,
  DEFAULT_RULES,
  type Item,
  type PackingRules,
  type PackOrder,
  type PackResult,
  type Placement,
  type Violation,
} from './model.js';

// Independent checker of packings. It deliberately shares no code with the packer: it re-derives
// every rule from the raw placements with its own plain geometry, so a packer bug cannot hide
// behind a helper both sides trust. Quadratic loops are fine here: parcels hold at most a few
// hundred units, and clarity beats speed in a checker.

/** Slack for floating-point coordinates; inputs are typically integer millimetres. */
const EPS = 1e-6;

export interface VerifyOptions {
  /** Check the support ratio of every unit off the floor; default true. */
  checkSupport?: boolean;
  /** Check items + empty box ≤ max weight; default true. */
  checkWeight?: boolean;
  /** Check that nothing rests on a non-stackable unit; default true. */
  checkStacking?: boolean;
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= EPS;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Length of the overlap of [a0, a1) and [b0, b1), 0 when they only touch or are apart. */
function overlapLength(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

function describe(p: Placement, i: number): string {
  return `placement ${i} (${p.itemId} at ${p.x},${p.y},${p.z} size ${p.lengthMm}×${p.widthMm}×${p.heightMm})`;
}

/** True when the placed dims are a rotation of the item the item's orientation rule allows. */
function orientationAllowed(item: Item, p: Placement): boolean {
  const { lengthMm: l, widthMm: w, heightMm: h } = item;
  const mode = item.orientation ?? 'any';
  if (mode === 'fixed') return near(p.lengthMm, l) && near(p.widthMm, w) && near(p.heightMm, h);
  const flatMatches = (a: number, b: number): boolean =>
    (near(p.lengthMm, a) && near(p.widthMm, b)) || (near(p.lengthMm, b) && near(p.widthMm, a));
  if (mode === 'this-side-up') return near(p.heightMm, h) && flatMatches(l, w);
  // 'any': the placed height may be any of the three item dims, the other two lie flat.
  return (
    (near(p.heightMm, h) && flatMatches(l, w)) ||
    (near(p.heightMm, w) && flatMatches(l, h)) ||
    (near(p.heightMm, l) && flatMatches(w, h))
  );
}

/**
 * Checks one parcel's placements against its box: inside the inner space, no overlap, allowed
 * orientations, weight limit, support from below and no load on non-stackable units.
 * Returns every violation found; an empty list means the parcel is physically valid.
 */
export function verifyParcel(
  box: Box,
  items: Item[],
  placements: Placement[],
  rules: Partial<PackingRules> = {},
  options: VerifyOptions = {},
): Violation[] {
  const out: Violation[] = [];
  const byId = new Map(items.map((it) => [it.id, it]));
  const minSupport = rules.minSupportRatio ?? DEFAULT_RULES.minSupportRatio;
  const checkSupport = options.checkSupport ?? true;
  const checkWeight = options.checkWeight ?? true;
  const checkStacking = options.checkStacking ?? true;

  // Only geometrically sane placements take part in the pairwise checks.
  const sane: boolean[] = placements.map((p, i) => {
    const ok = [p.x, p.y, p.z].every(finite) && [p.lengthMm, p.widthMm, p.heightMm].every((d) => finite(d) && d > 0);
    if (!ok) out.push({ rule: 'dimension', placement: i, message: `${describe(p, i)} has a non-finite or non-positive value` });
    return ok;
  });

  let itemsWeightG = 0;
  placements.forEach((p, i) => {
    const item = byId.get(p.itemId);
    if (!item) {
      out.push({ rule: 'unknown-item', placement: i, message: `${describe(p, i)} refers to no item of the order` });
      return;
    }
    itemsWeightG += item.weightG;
    if (!sane[i]) return;
    if (!orientationAllowed(item, p)) {
      out.push({
        rule: 'orientation',
        placement: i,
        message: `${describe(p, i)} is not an allowed rotation of ${item.lengthMm}×${item.widthMm}×${item.heightMm} (${item.orientation ?? 'any'})`,
      });
    }
    const inside =
      p.x >= -EPS &&
      p.y >= -EPS &&
      p.z >= -EPS &&
      p.x + p.lengthMm <= box.innerLengthMm + EPS &&
      p.y + p.widthMm <= box.innerWidthMm + EPS &&
      p.z + p.heightMm <= box.innerHeightMm + EPS;
    if (!inside) {
      out.push({
        rule: 'inside',
        placement: i,
        message: `${describe(p, i)} is outside the inner space ${box.innerLengthMm}×${box.innerWidthMm}×${box.innerHeightMm} of box ${box.id}`,
      });
    }
  });

  if (checkWeight && itemsWeightG + box.emptyWeightG > box.maxWeightG + EPS) {
    out.push({
      rule: 'weight',
      message: `items ${itemsWeightG} g + empty box ${box.emptyWeightG} g exceed box ${box.id} max weight ${box.maxWeightG} g`,
    });
  }

  // Pairwise overlap: sweep along x so disjoint runs stop early.
  const order = placements.map((_, i) => i).filter((i) => sane[i]);
  order.sort((a, b) => placements[a].x - placements[b].x);
  for (let a = 0; a < order.length; a++) {
    const p = placements[order[a]];
    for (let b = a + 1; b < order.length; b++) {
      const q = placements[order[b]];
      if (q.x >= p.x + p.lengthMm - EPS) break;
      const dx = overlapLength(p.x, p.x + p.lengthMm, q.x, q.x + q.lengthMm);
      const dy = overlapLength(p.y, p.y + p.widthMm, q.y, q.y + q.widthMm);
      const dz = overlapLength(p.z, p.z + p.heightMm, q.z, q.z + q.heightMm);
      if (dx > EPS && dy > EPS && dz > EPS) {
        const [i, j] = order[a] < order[b] ? [order[a], order[b]] : [order[b], order[a]];
        out.push({
          rule: 'overlap',
          placement: j,
          message: `${describe(placements[j], j)} overlaps ${describe(placements[i], i)}`,
        });
      }
    }
  }

  // Support and stacking: a unit rests on the floor or on the top faces of units ending exactly at its base.
  if (checkSupport || checkStacking) {
    placements.forEach((p, i) => {
      if (!sane[i] || p.z <= EPS) return;
      const baseArea = p.lengthMm * p.widthMm;
      let supportedArea = 0;
      placements.forEach((q, j) => {
        if (j === i || !sane[j] || !near(q.z + q.heightMm, p.z)) return;
        const area =
          overlapLength(p.x, p.x + p.lengthMm, q.x, q.x + q.lengthMm) * overlapLength(p.y, p.y + p.widthMm, q.y, q.y + q.widthMm);
        if (area <= EPS) return;
        supportedArea += area;
        if (checkStacking && byId.get(q.itemId)?.stackable === false) {
          out.push({ rule: 'stacking', placement: i, message: `${describe(p, i)} rests on non-stackable ${describe(q, j)}` });
        }
      });
      const ratio = Math.min(1, supportedArea / baseArea);
      if (checkSupport && ratio < minSupport - 1e-9) {
        out.push({
          rule: 'support',
          placement: i,
          message: `${describe(p, i)} is supported over ${(ratio * 100).toFixed(1)} % of its base, below ${(minSupport * 100).toFixed(1)} %`,
        });
      }
    });
  }
  return out;
}

/**
 * Checks a whole cartonization result against its order: every parcel with `verifyParcel`, every
 * unit of every item placed exactly once or listed as unpacked, own-container parcels, box stock,
 * together/apart groups and the reported parcel weights.
 */
export function verifyPacking(
  result: PackResult,
  order: Pick<PackOrder, 'items' | 'boxes' | 'rules'>,
  options: VerifyOptions = {},
): Violation[] {
  const out: Violation[] = [];
  const items = new Map(order.items.map((it) => [it.id, it]));
  const boxes = new Map(order.boxes.map((b) => [b.id, b]));
  const counted = new Map<string, number>();
  const boxUse = new Map<string, number>();
  const parcelOfTogether = new Map<string, number>();
  const add = (id: string, n: number) => counted.set(id, (counted.get(id) ?? 0) + n);

  result.parcels.forEach((parcel, pi) => {
    const tag = (v: Violation): Violation => ({ ...v, parcel: pi, message: `parcel ${pi}: ${v.message}` });
    let weightG = 0;
    for (const p of parcel.placements) {
      add(p.itemId, 1);
      weightG += items.get(p.itemId)?.weightG ?? 0;
    }
    if (parcel.boxId === null) {
      // An item in its own container is the parcel: exactly one unit, at the origin, no box.
      const p = parcel.placements[0];
      const item = p && items.get(p.itemId);
      if (parcel.placements.length !== 1 || !item || !item.ownContainer || p.x !== 0 || p.y !== 0 || p.z !== 0) {
        out.push(
          tag({
            rule: 'own-container',
            message: 'a parcel without a box must hold exactly one own-container unit at the origin',
          }),
        );
      }
    } else {
      const box = boxes.get(parcel.boxId);
      if (!box) {
        out.push(tag({ rule: 'unknown-box', message: `box ${parcel.boxId} is not in the catalog` }));
      } else {
        weightG += box.emptyWeightG;
        boxUse.set(box.id, (boxUse.get(box.id) ?? 0) + 1);
        for (const v of verifyParcel(box, order.items, parcel.placements, order.rules, options)) out.push(tag(v));
      }
    }
    if (Math.abs(weightG - parcel.weightG) > 1e-6 * Math.max(1, weightG)) {
      out.push(tag({ rule: 'weight', message: `reported weight ${parcel.weightG} g, the units and box weigh ${weightG} g` }));
    }

    // Groups: one `together` group never spans two parcels; an `apart` group has at most one item per parcel.
    const apartSeen = new Map<string, string>();
    for (const p of parcel.placements) {
      const item = items.get(p.itemId);
      if (!item) continue;
      if (item.together !== undefined) {
        const first = parcelOfTogether.get(item.together);
        if (first === undefined) parcelOfTogether.set(item.together, pi);
        else if (first !== pi) {
          out.push(
            tag({ rule: 'group', message: `together group "${item.together}" is split across parcels ${first} and ${pi}` }),
          );
          parcelOfTogether.set(item.together, pi);
        }
      }
      if (item.apart !== undefined) {
        const other = apartSeen.get(item.apart);
        if (other !== undefined && other !== item.id) {
          out.push(tag({ rule: 'group', message: `apart group "${item.apart}" has ${other} and ${item.id} in one parcel` }));
        }
        apartSeen.set(item.apart, item.id);
      }
    }
  });

  for (const [id, used] of boxUse) {
    const stock = boxes.get(id)?.stock;
    if (stock !== undefined && used > stock)
      out.push({ rule: 'stock', message: `box ${id} used ${used} times, stock is ${stock}` });
  }

  for (const u of result.unpacked) {
    if (!items.has(u.itemId)) out.push({ rule: 'unknown-item', message: `unpacked item ${u.itemId} is not in the order` });
    add(u.itemId, u.quantity);
  }
  for (const item of order.items) {
    const want = item.quantity ?? 1;
    const got = counted.get(item.id) ?? 0;
    if (got !== want)
      out.push({ rule: 'count', message: `item ${item.id}: ${got} units placed or unpacked, quantity is ${want}` });
  }
  for (const id of counted.keys()) {
    if (!items.has(id)) out.push({ rule: 'unknown-item', message: `item ${id} is placed but not in the order` });
  }
  return out;
}
