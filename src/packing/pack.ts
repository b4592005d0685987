import { seededRandom } from '../core/index.js';
import { type FillResult, fillBox, type Merit, type Unit } from './extreme-points.js';
import {
  BOARD_KG_CO2E_PER_KG,
  type BoxMaterialUse,
  boxMaterialUse,
  chargeableWeightKg,
  DIM_DIVISOR_COURIER_CM3_PER_KG,
  dimWeightKg,
} from './material.js';
import {
  type Box,
  type CarrierRate,
  DEFAULT_RULES,
  type Item,
  type PackedParcel,
  type PackObjective,
  type PackOrder,
  type PackResult,
  type Placement,
  type UnpackedItem,
} from './model.js';
import { validatePackOrder } from './validate.js';

// Cartonization. One box when one fits (the objective picks which); otherwise a greedy split
// that fills the most efficient box first, with a one-step look-ahead over the first box, then
// a pass that merges parcels and right-sizes each one. The single-box packer is extreme-point
// based (extreme-points.ts) and tried with a few merit/sort variants, cheapest first.
//
// A split never happens only to save material: an extra parcel costs a label, handling and
// transport emissions this engine does not see, so every objective prefers one box when one fits.

export const REASON_TOO_LARGE = 'larger than every box in any allowed orientation';
export const REASON_TOO_HEAVY = "heavier than every box's max weight";
export const REASON_TOO_HEAVY_FOR_FITTING = 'heavier than the max weight of every box it fits in';
export const REASON_NO_STOCK = 'every box it fits in is out of stock';
export const REASON_GROUP = 'its together group fits in no single box';
export const REASON_UNPLACED = 'no room left in any box in stock';

interface BoxInfo {
  box: Box;
  index: number;
  volumeMm3: number;
  capacityG: number;
  use: BoxMaterialUse;
}

/** Units that travel as one: a together group, or a single unit. */
interface Chunk {
  units: Unit[];
  volumeMm3: number;
  weightG: number;
  group?: string;
  /** Sort keys. */
  maxDimMm: number;
  maxAreaMm2: number;
  maxPerimeterMm: number;
  heightMm: number;
  /** Number of box types that can take the whole chunk on its own. */
  flex: number;
}

type SortKey = 'volume' | 'area' | 'height' | 'perimeter' | 'length';
interface Variant {
  merit: Merit;
  sort: SortKey;
  /** Chunks that fit the fewest box types first: they have nowhere else to go. */
  flexFirst?: boolean;
}

/** Tried in order until one packs everything; the first is the one that usually wins. */
const VARIANTS: Variant[] = [
  { merit: 'floor', sort: 'volume' },
  { merit: 'wall', sort: 'perimeter' },
  { merit: 'wall', sort: 'volume' },
  { merit: 'corner', sort: 'volume' },
  { merit: 'floor', sort: 'height' },
  { merit: 'floor', sort: 'perimeter' },
  { merit: 'corner', sort: 'perimeter' },
  { merit: 'wall', sort: 'length' },
];
/** Variants tried when filling a box as far as it goes (a split). */
const FILL_VARIANTS: Variant[] = [
  ...VARIANTS.slice(0, 4),
  { merit: 'floor', sort: 'volume', flexFirst: true },
  { merit: 'wall', sort: 'volume', flexFirst: true },
  { merit: 'wall', sort: 'perimeter', flexFirst: true },
];

/** Large orders get fewer variants and no look-ahead, so time grows about quadratically, not worse. */
const LARGE_ORDER_UNITS = 120;
const FILL_VARIANTS_LARGE: Variant[] = [VARIANTS[0], VARIANTS[1], { merit: 'floor', sort: 'volume', flexFirst: true }];

/** Up to this many chunks left, every step of a split looks ahead (else only the first). */
const LOOKAHEAD_ALL_STEPS_MAX_CHUNKS = 12;

interface Ctx {
  objective: PackObjective;
  minSupportRatio: number;
  divisor: number;
  rate?: CarrierRate;
  boxes: BoxInfo[];
  /** Boxes left per box index; Infinity when unlimited. */
  stock: number[];
  /** fits[kind][box]: one unit of that item fits the empty box (size and weight). */
  fits: boolean[][];
  /** fitAll answers by box and chunk set. */
  fitMemo: Map<string, FillResult | null>;
  /** More than LARGE_ORDER_UNITS units to pack. */
  large: boolean;
}

interface Parcel {
  b: BoxInfo;
  chunks: Chunk[];
  fill: FillResult;
}

interface Score {
  unpackedUnits: number;
  primary: number;
  voidMm3: number;
}

function rotationsOf(item: Item): [number, number, number][] {
  const { lengthMm: l, widthMm: w, heightMm: h } = item;
  const mode = item.orientation ?? 'any';
  const all: [number, number, number][] =
    mode === 'fixed'
      ? [[l, w, h]]
      : mode === 'this-side-up'
        ? [
            [l, w, h],
            [w, l, h],
          ]
        : [
            [l, w, h],
            [w, l, h],
            [l, h, w],
            [h, l, w],
            [w, h, l],
            [h, w, l],
          ];
  const seen = new Set<string>();
  return all.filter((r) => {
    const key = r.join('x');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const fitsInside = (r: readonly number[], b: Box): boolean =>
  r[0] <= b.innerLengthMm && r[1] <= b.innerWidthMm && r[2] <= b.innerHeightMm;

function parcelCost(ctx: Ctx, b: BoxInfo, contentG: number): number {
  const { box } = b;
  if (!ctx.rate) return box.cost ?? 0;
  const chargeable = chargeableWeightKg(
    (contentG + box.emptyWeightG) / 1000,
    dimWeightKg(box.outerLengthMm, box.outerWidthMm, box.outerHeightMm, ctx.divisor),
  );
  return (box.cost ?? 0) + ctx.rate.baseCost + ctx.rate.perKg * chargeable;
}

/** The objective's value of one parcel. */
function parcelScore(ctx: Ctx, b: BoxInfo, contentG: number): number {
  if (ctx.objective === 'boxes') return 1;
  if (ctx.objective === 'cost') return parcelCost(ctx, b, contentG);
  return b.use.co2eKg;
}

function compareScores(a: Score, b: Score): number {
  if (a.unpackedUnits !== b.unpackedUnits) return a.unpackedUnits - b.unpackedUnits;
  const tol = 1e-9 * Math.max(1, Math.abs(a.primary), Math.abs(b.primary));
  if (Math.abs(a.primary - b.primary) > tol) return a.primary - b.primary;
  return a.voidMm3 - b.voidMm3;
}

function scoreOf(ctx: Ctx, parcels: Parcel[], leftover: Chunk[]): Score {
  let primary = 0;
  let voidMm3 = 0;
  for (const p of parcels) {
    primary += parcelScore(ctx, p.b, p.fill.weightG);
    voidMm3 += p.b.volumeMm3 - p.fill.volumeMm3;
  }
  return { unpackedUnits: leftover.reduce((n, c) => n + c.units.length, 0), primary, voidMm3 };
}

function sortChunks(chunks: readonly Chunk[], key: SortKey, flexFirst = false): Chunk[] {
  const primary = (c: Chunk): number =>
    key === 'volume'
      ? c.volumeMm3
      : key === 'area'
        ? c.maxAreaMm2
        : key === 'perimeter'
          ? c.maxPerimeterMm
          : key === 'length'
            ? c.maxDimMm
            : c.heightMm;
  // Non-stackable units last: nothing may go on them, so they belong on top.
  const last = (c: Chunk): number => (c.units.every((u) => u.stackable) ? 0 : 1);
  return [...chunks].sort(
    (a, b) =>
      (flexFirst ? a.flex - b.flex : 0) ||
      last(a) - last(b) ||
      primary(b) - primary(a) ||
      b.volumeMm3 - a.volumeMm3 ||
      b.maxDimMm - a.maxDimMm ||
      a.units[0].kind - b.units[0].kind ||
      a.units[0].index - b.units[0].index,
  );
}

function fillOptions(ctx: Ctx, merit: Merit, mustFitAll: boolean) {
  return { minSupportRatio: ctx.minSupportRatio, merit, mustFitAll };
}

/** Packs all chunks into box b if some variant manages it. */
function fitAll(ctx: Ctx, b: BoxInfo, chunks: readonly Chunk[]): FillResult | null {
  // The split, the merges and the right-sizing ask the same question again and again.
  const key = `${b.index}:${chunks
    .map((c) => c.units[0].index)
    .sort((x, y) => x - y)
    .join(',')}`;
  const known = ctx.fitMemo.get(key);
  if (known !== undefined) return known;
  const res = fitAllUncached(ctx, b, chunks);
  ctx.fitMemo.set(key, res);
  return res;
}

function fitAllUncached(ctx: Ctx, b: BoxInfo, chunks: readonly Chunk[]): FillResult | null {
  const sorted = new Map<SortKey, Chunk[]>();
  for (const v of ctx.large ? VARIANTS.slice(0, 3) : VARIANTS) {
    let order = sorted.get(v.sort);
    if (!order) {
      order = sortChunks(chunks, v.sort);
      sorted.set(v.sort, order);
    }
    const res = fillBox(
      b.box,
      order.map((c) => c.units),
      fillOptions(ctx, v.merit, true),
    );
    if (res.complete) return res;
  }
  return null;
}

/** The best box (by the objective, then least void) that takes every chunk, with its packing. */
function bestSingleBox(ctx: Ctx, chunks: readonly Chunk[]): Parcel | null {
  let weightG = 0;
  let volumeMm3 = 0;
  const kinds = new Set<number>();
  for (const c of chunks) {
    weightG += c.weightG;
    volumeMm3 += c.volumeMm3;
    for (const u of c.units) kinds.add(u.kind);
  }
  const candidates = ctx.boxes.filter(
    (b) =>
      ctx.stock[b.index] > 0 &&
      b.capacityG >= weightG &&
      b.volumeMm3 >= volumeMm3 &&
      [...kinds].every((k) => ctx.fits[k][b.index]),
  );
  candidates.sort(
    (a, b) => parcelScore(ctx, a, weightG) - parcelScore(ctx, b, weightG) || a.volumeMm3 - b.volumeMm3 || a.index - b.index,
  );
  for (const b of candidates) {
    const fill = fitAll(ctx, b, chunks);
    if (fill) return { b, chunks: [...chunks], fill };
  }
  return null;
}

/** Fillings of box b with as much of the chunks as it takes, one per fill variant (distinct ones only). */
function fillings(ctx: Ctx, b: BoxInfo, chunks: readonly Chunk[]): Parcel[] {
  const usable = chunks.filter((c) => c.weightG <= b.capacityG && c.units.every((u) => ctx.fits[u.kind][b.index]));
  if (usable.length === 0) return [];
  const out: Parcel[] = [];
  const seen = new Set<string>();
  for (const v of ctx.large ? FILL_VARIANTS_LARGE : FILL_VARIANTS) {
    const order = sortChunks(usable, v.sort, v.flexFirst);
    const fill = fillBox(
      b.box,
      order.map((c) => c.units),
      fillOptions(ctx, v.merit, false),
    );
    if (fill.placed.length === 0) continue;
    const taken = order.filter((_, i) => fill.packed[i]);
    const key = taken
      .map((c) => c.units[0].index)
      .sort((x, y) => x - y)
      .join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ b, chunks: taken, fill });
    if (fill.complete) break;
  }
  return out;
}

/** How good a partial fill is for the greedy split, lower first. */
function fillEfficiency(ctx: Ctx, p: Parcel): [number, number] {
  if (ctx.objective === 'boxes') return [-p.fill.volumeMm3, p.b.volumeMm3];
  return [parcelScore(ctx, p.b, p.fill.weightG) / p.fill.volumeMm3, -p.fill.volumeMm3];
}

function without(chunks: readonly Chunk[], taken: readonly Chunk[]): Chunk[] {
  const set = new Set(taken);
  return chunks.filter((c) => !set.has(c));
}

/** Greedy split: the best single box for what is left, else the most efficient partial fill; look-ahead on the first step. */
function greedy(ctx: Ctx, chunks: readonly Chunk[], lookahead: boolean): { parcels: Parcel[]; leftover: Chunk[] } {
  const parcels: Parcel[] = [];
  let remaining = [...chunks];
  while (remaining.length > 0) {
    const single = bestSingleBox(ctx, remaining);
    if (single) {
      ctx.stock[single.b.index]--;
      parcels.push(single);
      remaining = [];
      break;
    }
    const options: Parcel[] = [];
    for (const b of ctx.boxes) if (ctx.stock[b.index] > 0) options.push(...fillings(ctx, b, remaining));
    if (options.length === 0) break;
    let chosen = options[0];
    if (lookahead && options.length > 1 && (remaining.length <= LOOKAHEAD_ALL_STEPS_MAX_CHUNKS || parcels.length === 0)) {
      // Complete the split after each possible first box and keep the best whole solution.
      let bestScore: Score | null = null;
      for (const p of options) {
        const saved = ctx.stock.slice();
        ctx.stock[p.b.index]--;
        const rest = greedy(ctx, without(remaining, p.chunks), false);
        const score = scoreOf(ctx, [p, ...rest.parcels], rest.leftover);
        ctx.stock = saved;
        if (!bestScore || compareScores(score, bestScore) < 0) {
          bestScore = score;
          chosen = p;
        }
      }
    } else {
      for (const p of options.slice(1)) {
        const [a1, a2] = fillEfficiency(ctx, p);
        const [b1, b2] = fillEfficiency(ctx, chosen);
        if (a1 < b1 || (a1 === b1 && a2 < b2)) chosen = p;
      }
    }
    ctx.stock[chosen.b.index]--;
    parcels.push(chosen);
    remaining = without(remaining, chosen.chunks);
  }
  return { parcels, leftover: remaining };
}

/** Merges pairs of parcels into one box where that scores better, then right-sizes each parcel. */
function improve(ctx: Ctx, parcels: Parcel[]): Parcel[] {
  let list = [...parcels];
  // Merge: smallest contents first; bounded so huge orders stay quick.
  for (let round = 0; round < 4 && list.length > 1; round++) {
    list.sort((a, b) => a.fill.volumeMm3 - b.fill.volumeMm3);
    let merged = false;
    const limit = Math.min(list.length, 12);
    for (let i = 0; i < limit && !merged; i++) {
      for (let j = i + 1; j < limit && !merged; j++) {
        const a = list[i];
        const c = list[j];
        ctx.stock[a.b.index]++;
        ctx.stock[c.b.index]++;
        const one = bestSingleBox(ctx, [...a.chunks, ...c.chunks]);
        const before = parcelScore(ctx, a.b, a.fill.weightG) + parcelScore(ctx, c.b, c.fill.weightG);
        if (one && parcelScore(ctx, one.b, one.fill.weightG) <= before + 1e-12) {
          ctx.stock[one.b.index]--;
          list = list.filter((p) => p !== a && p !== c);
          list.push(one);
          merged = true;
        } else {
          ctx.stock[a.b.index]--;
          ctx.stock[c.b.index]--;
        }
      }
    }
    if (!merged) break;
  }
  // Right-size: each parcel's contents into the best box that takes them all.
  return list.map((p) => {
    ctx.stock[p.b.index]++;
    const alt = bestSingleBox(ctx, p.chunks);
    const keep =
      !alt ||
      compareScores(
        { unpackedUnits: 0, primary: parcelScore(ctx, alt.b, alt.fill.weightG), voidMm3: alt.b.volumeMm3 },
        { unpackedUnits: 0, primary: parcelScore(ctx, p.b, p.fill.weightG), voidMm3: p.b.volumeMm3 },
      ) >= 0;
    const chosen = keep ? p : alt;
    ctx.stock[chosen.b.index]--;
    return chosen;
  });
}

/** Deterministic PRNG (mulberry32) for the rescue search. */
const prng = seededRandom;

const RESCUE_MERITS: Merit[] = ['floor', 'wall', 'corner', 'column'];
const RESCUE_SORTS: SortKey[] = ['volume', 'area', 'height', 'perimeter', 'length'];
/** Randomized orderings tried per candidate box when the greedy needed several parcels. */
const RESCUE_TRIES = 150;
const RESCUE_MAX_UNITS = 60;

/**
 * Orders split over several parcels although the volume bound allows one box: a wider search for
 * a one-box packing (every merit with every sort, piles of equal footprints, then seeded random
 * orderings). Deterministic; returns null when nothing better turns up.
 */
function rescueSingle(ctx: Ctx, chunks: readonly Chunk[], current: Parcel[]): Parcel[] | null {
  const units = chunks.reduce((n, c) => n + c.units.length, 0);
  if (units > RESCUE_MAX_UNITS) return null;
  let weightG = 0;
  let volumeMm3 = 0;
  const kinds = new Set<number>();
  for (const c of chunks) {
    weightG += c.weightG;
    volumeMm3 += c.volumeMm3;
    for (const u of c.units) kinds.add(u.kind);
  }
  const currentScore = current.reduce((s, p) => s + parcelScore(ctx, p.b, p.fill.weightG), 0);
  const stock = ctx.stock.slice();
  for (const p of current) stock[p.b.index]++;
  const candidates = ctx.boxes.filter(
    (b) =>
      stock[b.index] > 0 &&
      b.capacityG >= weightG &&
      b.volumeMm3 >= volumeMm3 &&
      [...kinds].every((k) => ctx.fits[k][b.index]) &&
      parcelScore(ctx, b, weightG) < currentScore - 1e-12,
  );
  if (candidates.length === 0) return null;
  candidates.sort(
    (a, b) => parcelScore(ctx, a, weightG) - parcelScore(ctx, b, weightG) || a.volumeMm3 - b.volumeMm3 || a.index - b.index,
  );
  const footprint = (c: Chunk): number => {
    const r = c.units[0].rotations[0];
    return Math.max(r[0], r[1]) * 100_000 + Math.min(r[0], r[1]);
  };
  const orders: Chunk[][] = [];
  for (const key of RESCUE_SORTS) orders.push(sortChunks(chunks, key));
  // Piles: equal footprints together, biggest footprint first, so they stack with full support.
  orders.push(
    [...chunks].sort((a, b) => footprint(b) - footprint(a) || b.heightMm - a.heightMm || a.units[0].index - b.units[0].index),
  );
  for (const b of candidates) {
    const tryOrder = (order: readonly Chunk[], merit: Merit, flip?: () => number): Parcel | null => {
      const fill = fillBox(
        b.box,
        order.map((c) =>
          flip && c.units[0].rotations.length > 1 && flip() < 0.5
            ? c.units.map((u) => ({ ...u, rotations: [...u.rotations].reverse() }))
            : c.units,
        ),
        fillOptions(ctx, merit, true),
      );
      return fill.complete ? { b, chunks: [...chunks], fill } : null;
    };
    for (const order of orders) {
      for (const merit of RESCUE_MERITS) {
        const p = tryOrder(order, merit);
        if (p) return finishRescue(ctx, current, p);
      }
    }
    const rand = prng(0x9e3779b9 ^ (chunks.length * 7919) ^ b.index);
    for (let t = 0; t < RESCUE_TRIES; t++) {
      const base = orders[t % orders.length];
      // Perturb: each chunk moves a random number of places towards the front, and the tie between
      // a unit's two rotations is broken at random (that alone often opens a one-box packing).
      const keyed = base.map((c, i) => ({ c, k: i - rand() * 8 }));
      keyed.sort((x, y) => x.k - y.k);
      const p = tryOrder(
        keyed.map((x) => x.c),
        RESCUE_MERITS[Math.floor(rand() * RESCUE_MERITS.length)],
        rand,
      );
      if (p) return finishRescue(ctx, current, p);
    }
  }
  return null;
}

/** The whole order in one box if the rescue search finds it (merging only some parcels gained nothing on the BoxPacker set). */
function rescue(ctx: Ctx, parcels: Parcel[]): Parcel[] {
  return (
    rescueSingle(
      ctx,
      parcels.flatMap((p) => p.chunks),
      parcels,
    ) ?? parcels
  );
}

function finishRescue(ctx: Ctx, current: Parcel[], p: Parcel): Parcel[] {
  for (const q of current) ctx.stock[q.b.index]++;
  ctx.stock[p.b.index]--;
  return [p];
}

function toPlacements(fill: FillResult): Placement[] {
  return fill.placed.map((p) => ({ itemId: p.unit.itemId, x: p.x, y: p.y, z: p.z, lengthMm: p.l, widthMm: p.w, heightMm: p.h }));
}

function boxedParcel(ctx: Ctx, p: Parcel): PackedParcel {
  const { box, use } = p.b;
  const weightG = p.fill.weightG + box.emptyWeightG;
  const dimKg = dimWeightKg(box.outerLengthMm, box.outerWidthMm, box.outerHeightMm, ctx.divisor);
  return {
    boxId: box.id,
    placements: toPlacements(p.fill),
    weightG,
    volumeUtilisation: p.fill.volumeMm3 / p.b.volumeMm3,
    voidVolumeCm3: (p.b.volumeMm3 - p.fill.volumeMm3) / 1000,
    dimWeightKg: dimKg,
    chargeableWeightKg: chargeableWeightKg(weightG / 1000, dimKg),
    boardKg: use.boardKg,
    materialKg: use.materialKg,
    materialFactorId: use.factorId,
    co2eKg: use.co2eKg,
    cost: parcelCost(ctx, p.b, p.fill.weightG),
  };
}

/** An item already in its own container ships as it is: no box, no new material. */
function ownContainerParcel(ctx: Ctx, item: Item): PackedParcel {
  const { lengthMm: l, widthMm: w, heightMm: h } = item;
  const dimKg = dimWeightKg(l, w, h, ctx.divisor);
  const chargeable = chargeableWeightKg(item.weightG / 1000, dimKg);
  return {
    boxId: null,
    placements: [{ itemId: item.id, x: 0, y: 0, z: 0, lengthMm: l, widthMm: w, heightMm: h }],
    weightG: item.weightG,
    volumeUtilisation: 1,
    voidVolumeCm3: 0,
    dimWeightKg: dimKg,
    chargeableWeightKg: chargeable,
    boardKg: 0,
    materialKg: 0,
    materialFactorId: null,
    co2eKg: 0,
    cost: ctx.rate ? ctx.rate.baseCost + ctx.rate.perKg * chargeable : 0,
  };
}

/** Why an item can never be packed, regardless of the rest of the order; undefined when it can. */
function hopeless(item: Item, rotations: readonly number[][], boxes: BoxInfo[]): string | undefined {
  const fitting = boxes.filter((b) => rotations.some((r) => fitsInside(r, b.box)));
  if (fitting.length === 0) return REASON_TOO_LARGE;
  const light = fitting.filter((b) => item.weightG <= b.capacityG);
  if (light.length === 0) return boxes.every((b) => item.weightG > b.capacityG) ? REASON_TOO_HEAVY : REASON_TOO_HEAVY_FOR_FITTING;
  if (light.every((b) => b.box.stock === 0)) return REASON_NO_STOCK;
  return undefined;
}

function makeChunk(ctx: Ctx, units: Unit[], rotations: (readonly (readonly number[])[])[], group?: string): Chunk {
  let volumeMm3 = 0;
  let weightG = 0;
  let maxDimMm = 0;
  let maxAreaMm2 = 0;
  let maxPerimeterMm = 0;
  let heightMm = 0;
  for (const u of units) {
    volumeMm3 += u.volumeMm3;
    weightG += u.weightG;
    for (const [l, w, h] of rotations[u.kind]) {
      maxDimMm = Math.max(maxDimMm, l, w, h);
      maxAreaMm2 = Math.max(maxAreaMm2, l * w);
      maxPerimeterMm = Math.max(maxPerimeterMm, l + w);
      heightMm = Math.max(heightMm, h);
    }
  }
  const flex = ctx.boxes.filter((b) => weightG <= b.capacityG && units.every((u) => ctx.fits[u.kind][b.index])).length;
  return { units, volumeMm3, weightG, group, maxDimMm, maxAreaMm2, maxPerimeterMm, heightMm, flex };
}

function addUnpacked(list: UnpackedItem[], itemId: string, quantity: number, reason: string): void {
  const same = list.find((u) => u.itemId === itemId && u.reason === reason);
  if (same) same.quantity += quantity;
  else list.push({ itemId, quantity, reason });
}

/**
 * Chooses the box (or boxes) for an order and places every unit: least packaging CO2e by default,
 * least cost or fewest boxes on request, ties by less void. Items that fit no box are returned in
 * `unpacked` with the reason. Throws a validation AppError naming the field on bad input.
 */
export function cartonize(input: PackOrder): PackResult {
  const order = validatePackOrder(input);
  const boxes: BoxInfo[] = order.boxes.map((box, index) => ({
    box,
    index,
    volumeMm3: box.innerLengthMm * box.innerWidthMm * box.innerHeightMm,
    capacityG: box.maxWeightG - box.emptyWeightG,
    use: boxMaterialUse(box, order.boardFactorKgCo2ePerKg ?? BOARD_KG_CO2E_PER_KG),
  }));
  const rotations = order.items.map(rotationsOf);
  const ctx: Ctx = {
    objective: order.objective ?? 'co2e',
    minSupportRatio: order.rules?.minSupportRatio ?? DEFAULT_RULES.minSupportRatio,
    divisor: order.dimDivisorCm3PerKg ?? DIM_DIVISOR_COURIER_CM3_PER_KG,
    rate: order.carrierRate,
    boxes,
    stock: order.boxes.map((b) => b.stock ?? Number.POSITIVE_INFINITY),
    fitMemo: new Map(),
    large: false,
    fits: order.items.map((item, k) =>
      boxes.map((b) => item.weightG <= b.capacityG && rotations[k].some((r) => fitsInside(r, b.box))),
    ),
  };

  const own: PackedParcel[] = [];
  const unpacked: UnpackedItem[] = [];
  const chunks: Chunk[] = [];
  const groups = new Map<string, Unit[]>();
  const badGroups = new Map<string, string>();
  let unitIndex = 0;
  order.items.forEach((item, kind) => {
    const quantity = item.quantity ?? 1;
    if (item.ownContainer && item.together === undefined) {
      for (let q = 0; q < quantity; q++) own.push(ownContainerParcel(ctx, item));
      return;
    }
    const reason = hopeless(item, rotations[kind], boxes);
    if (reason) {
      if (item.together !== undefined) badGroups.set(item.together, `${REASON_GROUP} (${item.id}: ${reason})`);
      else addUnpacked(unpacked, item.id, quantity, reason);
    }
    const units: Unit[] = [];
    for (let q = 0; q < quantity; q++) {
      units.push({
        index: unitIndex++,
        itemId: item.id,
        kind,
        weightG: item.weightG,
        volumeMm3: item.lengthMm * item.widthMm * item.heightMm,
        rotations: rotations[kind],
        stackable: item.stackable !== false,
        apart: item.apart,
      });
    }
    if (item.together !== undefined) {
      const g = groups.get(item.together) ?? [];
      g.push(...units);
      groups.set(item.together, g);
    } else if (!reason) {
      for (const u of units) chunks.push(makeChunk(ctx, [u], rotations));
    }
  });
  for (const [name, units] of groups) {
    const bad = badGroups.get(name);
    if (bad) for (const u of units) addUnpacked(unpacked, u.itemId, 1, bad);
    else chunks.push(makeChunk(ctx, units, rotations, name));
  }

  ctx.large = chunks.reduce((n, c) => n + c.units.length, 0) > LARGE_ORDER_UNITS;
  const { parcels, leftover } = chunks.length > 0 ? greedy(ctx, chunks, !ctx.large) : { parcels: [], leftover: [] };
  let final = improve(ctx, parcels);
  if (final.length > 1 && leftover.length === 0) final = rescue(ctx, final);
  for (const c of leftover) {
    const reason =
      c.group !== undefined
        ? REASON_GROUP
        : ctx.fits[c.units[0].kind].some((f, i) => f && order.boxes[i].stock !== 0)
          ? REASON_UNPLACED
          : REASON_NO_STOCK;
    for (const u of c.units) addUnpacked(unpacked, u.itemId, 1, reason);
  }

  const out = [...final.map((p) => boxedParcel(ctx, p)), ...own];
  return {
    parcels: out,
    unpacked,
    totals: {
      parcels: out.length,
      boardKg: out.reduce((s, p) => s + p.boardKg, 0),
      co2eKg: out.reduce((s, p) => s + p.co2eKg, 0),
      cost: out.reduce((s, p) => s + p.cost, 0),
    },
  };
}
