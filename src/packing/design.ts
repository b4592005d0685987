import { invalid } from '../core/index.js';
import { boxMaterialUse } from './material.js';
import type { Box, Item, PackingRules, PackObjective } from './model.js';
import { cartonize } from './pack.js';

/**
 * Box-range design: choose K box sizes from candidates so that packing the order history with them
 * uses the least board (or cost). It is a p-median problem: each order is served by its best chosen
 * box type; greedy construction, then 1-swap local search until no swap improves.
 */
export interface BoxRangeInput {
  orders: { id: string; items: Item[] }[];
  candidates: Box[];
  /** The catalog in use, to report the saving against. */
  current?: Box[];
  k: number;
  /** What to minimise: corrugated board mass (default) or box cost. */
  minimise?: 'board' | 'cost';
  rules?: Partial<PackingRules>;
  /** Stop improving after this long; the greedy solution is always complete. Default 20 s. */
  timeLimitMs?: number;
}

export interface RangeTotals {
  orders: number;
  /** Orders that could not be packed completely with the boxes. */
  unpackedOrders: number;
  parcels: number;
  boardKg: number;
  co2eKg: number;
  cost: number;
  /** Parcels per box id. */
  usage: Record<string, number>;
}

export interface BoxRangeResult {
  boxes: Box[];
  totals: RangeTotals;
  current?: RangeTotals;
  /** Board kg saved against the current catalog (positive = less board). */
  savingBoardKg?: number;
  savingBoardShare?: number;
  savingCo2eKg?: number;
  evaluatedCandidates: number;
}

const UNPACKABLE = Number.POSITIVE_INFINITY;

/** Packs every order with a box set and adds up the material. */
export function evaluateRange(
  orders: BoxRangeInput['orders'],
  boxes: Box[],
  rules?: Partial<PackingRules>,
  objective: PackObjective = 'co2e',
): RangeTotals {
  const totals: RangeTotals = { orders: orders.length, unpackedOrders: 0, parcels: 0, boardKg: 0, co2eKg: 0, cost: 0, usage: {} };
  for (const o of orders) {
    const r = cartonize({ items: o.items, boxes, objective, rules });
    if (r.unpacked.length) totals.unpackedOrders++;
    totals.parcels += r.totals.parcels;
    totals.boardKg += r.totals.boardKg;
    totals.co2eKg += r.totals.co2eKg;
    totals.cost += r.totals.cost;
    for (const p of r.parcels) if (p.boxId) totals.usage[p.boxId] = (totals.usage[p.boxId] ?? 0) + 1;
  }
  return totals;
}

/** Grid of candidate boxes (outer dims; inner = outer − board allowance), length ≥ width. */
export function candidateGrid(spec: {
  lengthsMm: number[];
  widthsMm: number[];
  heightsMm: number[];
  boardGsm?: number;
  boardThicknessMm?: number;
  maxWeightG?: number;
}): Box[] {
  const t = spec.boardThicknessMm ?? 3;
  const gsm = spec.boardGsm ?? 440;
  const boxes: Box[] = [];
  for (const l of spec.lengthsMm)
    for (const w of spec.widthsMm)
      for (const h of spec.heightsMm) {
        if (w > l) continue;
        const box: Box = {
          id: `g-${l}x${w}x${h}`,
          innerLengthMm: l - 2 * t,
          innerWidthMm: w - 2 * t,
          innerHeightMm: h - 4 * t,
          outerLengthMm: l,
          outerWidthMm: w,
          outerHeightMm: h,
          emptyWeightG: 0,
          maxWeightG: spec.maxWeightG ?? 20_000,
          boardGsm: gsm,
          material: 'single-wall',
        };
        box.emptyWeightG = Math.round(boxMaterialUse(box).materialKg * 1000);
        boxes.push(box);
      }
  return boxes;
}

export function designBoxRange(input: BoxRangeInput): BoxRangeResult {
  const { orders, candidates, k } = input;
  if (!Number.isInteger(k) || k < 1) throw invalid('k must be a positive integer', [{ field: 'k', message: 'must be ≥ 1' }]);
  if (candidates.length === 0) throw invalid('no candidate boxes', [{ field: 'candidates', message: 'give at least one' }]);
  if (orders.length === 0) throw invalid('no orders in the history', [{ field: 'orders', message: 'give at least one' }]);
  // A safety stop only: the swap search normally converges well before, so results do not depend on machine speed.
  const deadline = Date.now() + (input.timeLimitMs ?? 120_000);
  const objective: PackObjective = input.minimise === 'cost' ? 'cost' : 'co2e';
  const measure = (r: ReturnType<typeof cartonize>) => (input.minimise === 'cost' ? r.totals.cost : r.totals.boardKg);

  // cost[c][o]: material to pack order o with box type c alone; Infinity when it cannot.
  const cost = candidates.map((box) =>
    Float64Array.from(orders, (o) => {
      const r = cartonize({ items: o.items, boxes: [box], objective, rules: input.rules });
      return r.unpacked.length ? UNPACKABLE : measure(r);
    }),
  );

  // Each order's best cost among chosen boxes; an order no chosen box serves counts as unserved.
  const best = new Float64Array(orders.length).fill(UNPACKABLE);
  const score = (b: Float64Array): [number, number] => {
    let unserved = 0;
    let sum = 0;
    for (const v of b) {
      if (v === UNPACKABLE) unserved++;
      else sum += v;
    }
    return [unserved, sum];
  };
  const better = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1] - 1e-12);

  const chosen: number[] = [];
  const kk = Math.min(k, candidates.length);
  while (chosen.length < kk) {
    let pick = -1;
    let pickScore: [number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    for (let c = 0; c < candidates.length; c++) {
      if (chosen.includes(c)) continue;
      const trial = best.map((v, o) => Math.min(v, cost[c]![o]!));
      const s = score(trial);
      if (better(s, pickScore)) {
        pick = c;
        pickScore = s;
      }
    }
    chosen.push(pick);
    for (let o = 0; o < orders.length; o++) best[o] = Math.min(best[o]!, cost[pick]![o]!);
  }

  // 1-swap local search: replace a chosen box with an unchosen one while it improves.
  const bestWith = (set: number[]) => {
    const b = new Float64Array(orders.length).fill(UNPACKABLE);
    for (const c of set) for (let o = 0; o < orders.length; o++) b[o] = Math.min(b[o]!, cost[c]![o]!);
    return b;
  };
  let current = score(bestWith(chosen));
  let improved = true;
  while (improved && Date.now() < deadline) {
    improved = false;
    for (let i = 0; i < chosen.length && !improved; i++) {
      for (let c = 0; c < candidates.length && Date.now() < deadline; c++) {
        if (chosen.includes(c)) continue;
        const trial = chosen.slice();
        trial[i] = c;
        const s = score(bestWith(trial));
        if (better(s, current)) {
          chosen.splice(0, chosen.length, ...trial);
          current = s;
          improved = true;
          break;
        }
      }
    }
  }

  const boxes = chosen
    .map((c) => candidates[c]!)
    .sort((a, b) => a.outerLengthMm * a.outerWidthMm * a.outerHeightMm - b.outerLengthMm * b.outerWidthMm * b.outerHeightMm);
  // Final figures pack each order with the whole chosen range (mixed boxes may beat one type).
  const totals = evaluateRange(orders, boxes, input.rules, objective);
  const result: BoxRangeResult = { boxes, totals, evaluatedCandidates: candidates.length };
  if (input.current?.length) {
    const cur = evaluateRange(orders, input.current, input.rules, objective);
    result.current = cur;
    result.savingBoardKg = cur.boardKg - totals.boardKg;
    result.savingBoardShare = cur.boardKg > 0 ? (cur.boardKg - totals.boardKg) / cur.boardKg : 0;
    result.savingCo2eKg = cur.co2eKg - totals.co2eKg;
  }
  return result;
}
