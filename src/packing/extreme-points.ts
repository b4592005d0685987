import type { Box } from './model.js';

// Single-box packer: extreme points (Crainic, Perboli, Tadei 2008). Every placed unit spawns the
// corners next to it, projected back onto the walls or onto other units, and each new unit goes
// to the feasible point/rotation with the best merit. The point list stays small (a few per unit)
// so the quadratic feasibility checks are cheap for parcel-sized problems. Support and the
// no-load-on-non-stackable rule are enforced while placing, so results need no repair.

const EPS = 1e-6;

/** One unit to pack, with its allowed placed dims (distinct rotations) precomputed. */
export interface Unit {
  /** Position in the order's flattened unit list. */
  index: number;
  itemId: string;
  /** Units of one item are interchangeable: a failure of one means its twins fail in the same state. */
  kind: number;
  weightG: number;
  volumeMm3: number;
  rotations: readonly (readonly [number, number, number])[];
  stackable: boolean;
  apart?: string;
}

/**
 * How a position is ranked, lexicographically, lower first:
 * - 'floor': lowest top (z + h), then y far edge, then x far edge; packs in low layers.
 * - 'wall': x far edge, then top, then y: fills the box from one end wall.
 * - 'corner': lowest z, then y, then x of the corner, then the lower top: classic bottom-left-back.
 * - 'column': y far edge, then x far edge, then top: builds piles up to the lid one after another.
 */
export type Merit = 'floor' | 'wall' | 'corner' | 'column';

export interface FillOptions {
  minSupportRatio: number;
  merit: Merit;
  /** Stop at the first unit (chunk) that does not fit: used to test "does everything fit this box". */
  mustFitAll: boolean;
  /** Skip the support rule entirely (items may float). */
  ignoreSupport?: boolean;
}

export interface PlacedUnit {
  unit: Unit;
  x: number;
  y: number;
  z: number;
  l: number;
  w: number;
  h: number;
}

export interface FillResult {
  placed: PlacedUnit[];
  /** Per chunk: packed completely (chunks are atomic). */
  packed: boolean[];
  complete: boolean;
  weightG: number;
  volumeMm3: number;
}

class Space {
  readonly L: number;
  readonly W: number;
  readonly H: number;
  // Placed units as parallel arrays: the hot loops read them sequentially.
  px: number[] = [];
  py: number[] = [];
  pz: number[] = [];
  pl: number[] = [];
  pw: number[] = [];
  ph: number[] = [];
  stackable: boolean[] = [];
  // Extreme points.
  ex: number[] = [0];
  ey: number[] = [0];
  ez: number[] = [0];

  constructor(L: number, W: number, H: number) {
    this.L = L;
    this.W = W;
    this.H = H;
  }

  /** Bumped on every change, so "failed in this state" can be remembered. */
  version = 0;

  snapshot(): { n: number; ex: number[]; ey: number[]; ez: number[] } {
    return { n: this.px.length, ex: this.ex.slice(), ey: this.ey.slice(), ez: this.ez.slice() };
  }

  restore(s: { n: number; ex: number[]; ey: number[]; ez: number[] }): void {
    for (const a of [this.px, this.py, this.pz, this.pl, this.pw, this.ph]) a.length = s.n;
    this.stackable.length = s.n;
    this.ex = s.ex;
    this.ey = s.ey;
    this.ez = s.ez;
    this.version++;
  }

  collides(x: number, y: number, z: number, l: number, w: number, h: number): boolean {
    const { px, py, pz, pl, pw, ph } = this;
    for (let i = px.length - 1; i >= 0; i--) {
      if (
        x < px[i] + pl[i] - EPS &&
        px[i] < x + l - EPS &&
        y < py[i] + pw[i] - EPS &&
        py[i] < y + w - EPS &&
        z < pz[i] + ph[i] - EPS &&
        pz[i] < z + h - EPS
      ) {
        return true;
      }
    }
    return false;
  }

  /** Base supported over at least `ratio` of its area, and not resting on a non-stackable unit. */
  supported(x: number, y: number, z: number, l: number, w: number, ratio: number, ignoreRatio: boolean): boolean {
    if (z <= EPS) return true;
    const { px, py, pz, pl, pw, ph } = this;
    let area = 0;
    for (let i = 0; i < px.length; i++) {
      if (Math.abs(pz[i] + ph[i] - z) > EPS) continue;
      const dx = Math.min(x + l, px[i] + pl[i]) - Math.max(x, px[i]);
      if (dx <= EPS) continue;
      const dy = Math.min(y + w, py[i] + pw[i]) - Math.max(y, py[i]);
      if (dy <= EPS) continue;
      if (!this.stackable[i]) return false;
      area += dx * dy;
    }
    return ignoreRatio || area >= ratio * l * w - EPS;
  }

  place(x: number, y: number, z: number, l: number, w: number, h: number, stackable: boolean): void {
    this.px.push(x);
    this.py.push(y);
    this.pz.push(z);
    this.pl.push(l);
    this.pw.push(w);
    this.ph.push(h);
    this.stackable.push(stackable);
    this.version++;
    // Points swallowed by the new unit are dead.
    const { ex, ey, ez } = this;
    let k = 0;
    for (let i = 0; i < ex.length; i++) {
      const inside =
        ex[i] >= x - EPS &&
        ex[i] < x + l - EPS &&
        ey[i] >= y - EPS &&
        ey[i] < y + w - EPS &&
        ez[i] >= z - EPS &&
        ez[i] < z + h - EPS;
      if (inside) continue;
      ex[k] = ex[i];
      ey[k] = ey[i];
      ez[k] = ez[i];
      k++;
    }
    ex.length = k;
    ey.length = k;
    ez.length = k;
    this.addPoint(x + l, this.projectY(x + l, y, z), z);
    this.addPoint(x + l, y, this.projectZ(x + l, y, z));
    this.addPoint(this.projectX(x, y + w, z), y + w, z);
    this.addPoint(x, y + w, this.projectZ(x, y + w, z));
    if (stackable) {
      this.addPoint(this.projectX(x, y, z + h), y, z + h);
      this.addPoint(x, this.projectY(x, y, z + h), z + h);
      this.addPoint(x, y, z + h);
    }
  }

  private addPoint(x: number, y: number, z: number): void {
    if (x >= this.L - EPS || y >= this.W - EPS || z >= this.H - EPS) return;
    const { ex, ey, ez } = this;
    for (let i = 0; i < ex.length; i++) if (ex[i] === x && ey[i] === y && ez[i] === z) return;
    // A point inside a placed unit can never host anything.
    const { px, py, pz, pl, pw, ph } = this;
    for (let i = 0; i < px.length; i++) {
      if (x >= px[i] && x < px[i] + pl[i] && y >= py[i] && y < py[i] + pw[i] && z >= pz[i] && z < pz[i] + ph[i]) return;
    }
    ex.push(x);
    ey.push(y);
    ez.push(z);
  }

  /** Slides a point down until it meets a top face or the floor. */
  private projectZ(x: number, y: number, z: number): number {
    let best = 0;
    const { px, py, pz, pl, pw, ph } = this;
    for (let i = 0; i < px.length; i++) {
      const top = pz[i] + ph[i];
      if (top <= z + EPS && top > best && x >= px[i] && x < px[i] + pl[i] && y >= py[i] && y < py[i] + pw[i]) best = top;
    }
    return best;
  }

  private projectX(x: number, y: number, z: number): number {
    let best = 0;
    const { px, py, pz, pl, pw, ph } = this;
    for (let i = 0; i < px.length; i++) {
      const end = px[i] + pl[i];
      if (end <= x + EPS && end > best && y >= py[i] && y < py[i] + pw[i] && z >= pz[i] && z < pz[i] + ph[i]) best = end;
    }
    return best;
  }

  private projectY(x: number, y: number, z: number): number {
    let best = 0;
    const { px, py, pz, pl, pw, ph } = this;
    for (let i = 0; i < px.length; i++) {
      const end = py[i] + pw[i];
      if (end <= y + EPS && end > best && x >= px[i] && x < px[i] + pl[i] && z >= pz[i] && z < pz[i] + ph[i]) best = end;
    }
    return best;
  }
}

/** Best feasible position for one unit, or null. Merit keys are compared lexicographically, lower first. */
function bestPosition(space: Space, unit: Unit, opts: FillOptions): PlacedUnit | null {
  let best: PlacedUnit | null = null;
  // Scalars rather than key arrays: this loop runs millions of times per benchmark.
  let b1 = Number.POSITIVE_INFINITY;
  let b2 = 0;
  let b3 = 0;
  let b4 = 0;
  const merit = opts.merit;
  const { ex, ey, ez, L, W, H } = space;
  for (let e = 0; e < ex.length; e++) {
    const x = ex[e];
    const y = ey[e];
    const z = ez[e];
    for (const [l, w, h] of unit.rotations) {
      if (x + l > L + EPS || y + w > W + EPS || z + h > H + EPS) continue;
      let k1: number;
      let k2: number;
      let k3: number;
      let k4: number;
      if (merit === 'floor') {
        k1 = z + h;
        k2 = y + w;
        k3 = x + l;
        k4 = z;
      } else if (merit === 'column') {
        k1 = y + w;
        k2 = x + l;
        k3 = z + h;
        k4 = z;
      } else if (merit === 'wall') {
        k1 = x + l;
        k2 = z + h;
        k3 = y + w;
        k4 = z;
      } else {
        k1 = z;
        k2 = y;
        k3 = x;
        k4 = z + h;
      }
      // Lexicographic "strictly better than the best so far"; cheap, so it runs before the geometry checks.
      if (k1 > b1 + EPS) continue;
      if (k1 >= b1 - EPS) {
        if (k2 > b2 + EPS) continue;
        if (k2 >= b2 - EPS) {
          if (k3 > b3 + EPS) continue;
          if (k3 >= b3 - EPS && k4 >= b4 - EPS) continue;
        }
      }
      if (space.collides(x, y, z, l, w, h)) continue;
      if (!space.supported(x, y, z, l, w, opts.minSupportRatio, opts.ignoreSupport === true)) continue;
      best = { unit, x, y, z, l, w, h };
      b1 = k1;
      b2 = k2;
      b3 = k3;
      b4 = k4;
    }
  }
  return best;
}

/**
 * Packs chunks of units into one box, in the given order. A chunk (a together group, or one unit)
 * goes in whole or not at all; units that do not fit are skipped unless `mustFitAll`.
 */
export function fillBox(box: Box, chunks: readonly (readonly Unit[])[], opts: FillOptions): FillResult {
  const space = new Space(box.innerLengthMm, box.innerWidthMm, box.innerHeightMm);
  const capacityG = box.maxWeightG - box.emptyWeightG;
  const placed: PlacedUnit[] = [];
  const packed: boolean[] = [];
  const apartOwner = new Map<string, string>();
  // kind -> space version when a unit of that kind last failed: its twins fail too until something changes.
  const failedAt = new Map<number, number>();
  let weightG = 0;
  let volumeMm3 = 0;
  let complete = true;

  for (const chunk of chunks) {
    const snap = chunk.length > 1 ? space.snapshot() : null;
    const start = placed.length;
    const weightBefore = weightG;
    const volumeBefore = volumeMm3;
    const apartAdded: string[] = [];
    let ok = true;
    for (const unit of chunk) {
      if (weightG + unit.weightG > capacityG + EPS || failedAt.get(unit.kind) === space.version) {
        ok = false;
        break;
      }
      if (unit.apart !== undefined) {
        const owner = apartOwner.get(unit.apart);
        if (owner !== undefined && owner !== unit.itemId) {
          ok = false;
          break;
        }
      }
      const pos = bestPosition(space, unit, opts);
      if (!pos) {
        failedAt.set(unit.kind, space.version);
        ok = false;
        break;
      }
      space.place(pos.x, pos.y, pos.z, pos.l, pos.w, pos.h, unit.stackable);
      placed.push(pos);
      weightG += unit.weightG;
      volumeMm3 += unit.volumeMm3;
      if (unit.apart !== undefined && !apartOwner.has(unit.apart)) {
        apartOwner.set(unit.apart, unit.itemId);
        apartAdded.push(unit.apart);
      }
    }
    if (!ok) {
      if (placed.length > start) {
        // Roll the partial chunk back (only multi-unit chunks can get here with units placed).
        if (snap) space.restore(snap);
        placed.length = start;
        weightG = weightBefore;
        volumeMm3 = volumeBefore;
        for (const g of apartAdded) apartOwner.delete(g);
      }
      packed.push(false);
      complete = false;
      if (opts.mustFitAll) break;
      continue;
    }
    packed.push(true);
  }
  return { placed, packed, complete, weightG, volumeMm3 };
}
