import { performance } from 'node:perf_hooks';
import { invalid, seededRandom } from '../core/index.js';
import { type BlockSet, buildBlocks, type SolverBoxType } from './container-blocks.js';
import type { Placement } from './model.js';

/** One box type of a container-loading problem. */
export interface LoadingBoxType {
  id: string;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  quantity: number;
  /** May the length, width, height (in that order) stand vertical. */
  verticalAllowed: [boolean, boolean, boolean];
}

/** Single container loading: load as much box volume as fits into one container. */
export interface LoadingProblem {
  container: { lengthMm: number; widthMm: number; heightMm: number };
  boxTypes: LoadingBoxType[];
}

export interface LoadingOptions {
  /** Wall-clock budget of the search; the best loading found so far is returned when it runs out. */
  timeLimitMs: number;
  /**
   * Breaks ties between equally ranked beam candidates (default 1). The same problem, options and seed
   * give the same loading when the search ends by `maxBeamWidth` rather than by time; different seeds
   * explore different trees, so several seeds run in parallel can keep the best.
   */
  seed?: number;
  /** Share of each box's base that must rest on the floor or on boxes below; 0 (default) = no support rule. */
  minSupportRatio?: number;
  /**
   * Widest beam to try (the search widens 1, 2, 3, 5, 8, 12, … until time runs out). With a limit that the
   * time budget reaches, the result no longer depends on the machine's speed: use it for reproducible runs.
   */
  maxBeamWidth?: number;
  /** Most blocks to generate (default 10,000). */
  maxBlocks?: number;
  /** Work budget for generating general blocks, in block pairs examined (default 20 million). */
  maxPairChecks?: number;
  /** Least fill rate of a general block, 0..1 (default 0.98); above 1 = simple blocks only. */
  minFillRate?: number;
}

export interface LoadingResult {
  /** One per loaded box; `itemId` is the box type's id, x along the container length, z up. */
  placements: Placement[];
  /** Loaded box volume / container volume, 0..1. */
  volumeUtilisation: number;
  loadedBoxes: number;
  stats: {
    blocks: number;
    /** Time spent building blocks, ms. */
    blockMs: number;
    /** Widest beam that ran to its end. */
    beamWidth: number;
    greedyRuns: number;
    elapsedMs: number;
  };
}

const SPACE = 6;

/** A partial loading: free maximal spaces, stock left, loaded volume and how it got there. */
interface State {
  sp: Float64Array;
  ns: number;
  rem: Int32Array;
  vol: number;
  path: Step | null;
  /** Support rule only: top faces of loaded blocks, x1 y1 x2 y2 z each. */
  tops: Float64Array;
  nt: number;
  /** Smallest placed x, y and z dims among the boxes left: spaces smaller than these are dropped. */
  minX: number;
  minY: number;
  minZ: number;
}

interface Step {
  block: number;
  x: number;
  y: number;
  z: number;
  prev: Step | null;
}

class Timeout extends Error {}

const mulberry32 = seededRandom;

/**
 * Maximal-space block-building search (Parreño et al. 2008 spaces, Fanslau & Bortfeldt 2010 blocks)
 * driven by a beam search whose nodes are ranked by a greedy completion (Araya & Riff 2014).
 */
class Solver {
  readonly L: number;
  readonly W: number;
  readonly H: number;
  readonly blocks: BlockSet;
  readonly types: SolverBoxType[];
  readonly support: number;
  readonly deadline: number;
  /** Per box type, its smallest placed x, y, z over the allowed orientations. */
  private readonly typeMinX: Float64Array;
  private readonly typeMinY: Float64Array;
  private readonly typeMinZ: Float64Array;
  /** Breaks ties between equally scored beam candidates. */
  readonly random: () => number;
  greedyRuns = 0;
  best: { vol: number; path: Step | null } = { vol: 0, path: null };
  // Scratch buffers for the space update.
  private buf = new Float64Array(SPACE * 256);
  private cand = new Int32Array(64);
  private ticks = 0;

  constructor(
    types: SolverBoxType[],
    dims: [number, number, number],
    blocks: BlockSet,
    support: number,
    deadline: number,
    seed: number,
  ) {
    this.random = mulberry32(seed);
    [this.L, this.W, this.H] = dims;
    this.types = types;
    this.blocks = blocks;
    this.support = support;
    this.deadline = deadline;
    const min = (axis: number) => Float64Array.from(types, (t) => Math.min(...t.orientations.map((o) => o[axis])));
    this.typeMinX = min(0);
    this.typeMinY = min(1);
    this.typeMinZ = min(2);
  }

  root(): State {
    const s: State = {
      sp: Float64Array.of(0, 0, 0, this.L, this.W, this.H),
      ns: 1,
      rem: Int32Array.from(this.types.map((t) => t.quantity)),
      vol: 0,
      path: null,
      tops: new Float64Array(0),
      nt: 0,
      minX: 0,
      minY: 0,
      minZ: 0,
    };
    this.updateMins(s);
    return s;
  }

  clone(s: State): State {
    return {
      sp: s.sp.slice(0, s.ns * SPACE),
      ns: s.ns,
      rem: s.rem.slice(),
      vol: s.vol,
      path: s.path,
      tops: this.support > 0 ? s.tops.slice(0, s.nt * 5) : s.tops,
      nt: s.nt,
      minX: s.minX,
      minY: s.minY,
      minZ: s.minZ,
    };
  }

  private updateMins(s: State): void {
    let mx = Infinity;
    let my = Infinity;
    let mz = Infinity;
    const { typeMinX, typeMinY, typeMinZ } = this;
    for (let t = 0; t < typeMinX.length; t++) {
      if (s.rem[t] <= 0) continue;
      if (typeMinX[t] < mx) mx = typeMinX[t];
      if (typeMinY[t] < my) my = typeMinY[t];
      if (typeMinZ[t] < mz) mz = typeMinZ[t];
    }
    s.minX = mx;
    s.minY = my;
    s.minZ = mz;
  }

  /** The space to fill next: nearest a container corner (sorted distance vector), then largest. */
  selectSpace(s: State): number {
    const sp = s.sp;
    const L = this.L;
    const W = this.W;
    let best = -1;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let bv = 0;
    for (let i = 0; i < s.ns; i++) {
      const o = i * SPACE;
      const dx = Math.min(sp[o], L - sp[o + 3]);
      const dy = Math.min(sp[o + 1], W - sp[o + 4]);
      const dz = sp[o + 2];
      // Sort the three distances ascending.
      let d0 = dx;
      let d1 = dy;
      let d2 = dz;
      let t: number;
      if (d0 > d1) {
        t = d0;
        d0 = d1;
        d1 = t;
      }
      if (d1 > d2) {
        t = d1;
        d1 = d2;
        d2 = t;
      }
      if (d0 > d1) {
        t = d0;
        d0 = d1;
        d1 = t;
      }
      const v = (sp[o + 3] - sp[o]) * (sp[o + 4] - sp[o + 1]) * (sp[o + 5] - sp[o + 2]);
      if (best < 0 || d0 < b0 || (d0 === b0 && (d1 < b1 || (d1 === b1 && (d2 < b2 || (d2 === b2 && v > bv)))))) {
        best = i;
        b0 = d0;
        b1 = d1;
        b2 = d2;
        bv = v;
      }
    }
    return best;
  }

  removeSpace(s: State, i: number): void {
    const last = (s.ns - 1) * SPACE;
    if (i * SPACE !== last) s.sp.copyWithin(i * SPACE, last, last + SPACE);
    s.ns--;
  }

  /** Where a block goes in space i: the space's corner nearest the container's, on the space's floor. */
  private anchor(s: State, i: number, blk: number): [number, number, number] {
    const o = i * SPACE;
    const sp = s.sp;
    const x = sp[o] <= this.L - sp[o + 3] ? sp[o] : sp[o + 3] - this.blocks.lx[blk];
    const y = sp[o + 1] <= this.W - sp[o + 4] ? sp[o + 1] : sp[o + 4] - this.blocks.ly[blk];
    return [x, y, sp[o + 2]];
  }

  private supported(s: State, blk: number, x: number, y: number, z: number): boolean {
    if (z === 0) return true;
    const B = this.blocks;
    const tops = s.tops;
    const nt = s.nt;
    // Area of [x1,x2) × [y1,y2) resting on the top faces at height z.
    const carried = (x1: number, y1: number, x2: number, y2: number): number => {
      let area = 0;
      for (let j = 0; j < nt; j++) {
        const o = j * 5;
        if (Math.abs(tops[o + 4] - z) > 1e-6) continue;
        const w = Math.min(x2, tops[o + 2]) - Math.max(x1, tops[o]);
        if (w <= 0) continue;
        const h = Math.min(y2, tops[o + 3]) - Math.max(y1, tops[o + 1]);
        if (h > 0) area += w * h;
      }
      return area;
    };
    const lx = B.lx[blk];
    const ly = B.ly[blk];
    // Whole base carried: every box in it is too.
    if (B.bottomFull![blk] && carried(x, y, x + lx, y + ly) >= lx * ly * (1 - 1e-12)) return true;
    const need = this.support * (1 - 1e-12);
    if (B.kind[blk] === 0) {
      const [ox, oy] = this.types[B.a[blk]].orientations[B.b[blk]];
      for (let i = 0; i < B.nx[blk]; i++)
        for (let j = 0; j < B.ny[blk]; j++) {
          const x1 = x + i * ox;
          const y1 = y + j * oy;
          if (carried(x1, y1, x1 + ox, y1 + oy) < need * ox * oy) return false;
        }
      return true;
    }
    const bottom = B.bottom![blk];
    for (let r = 0; r < bottom.length; r += 4) {
      const x1 = bottom[r] + x;
      const y1 = bottom[r + 1] + y;
      const x2 = bottom[r + 2] + x;
      const y2 = bottom[r + 3] + y;
      if (carried(x1, y1, x2, y2) < need * (x2 - x1) * (y2 - y1)) return false;
    }
    return true;
  }

  /** Up to k blocks that fit space i and the stock, largest loaded volume first; their ids go to `cand`. */
  fitBlocks(s: State, i: number, k: number): number {
    const B = this.blocks;
    const o = i * SPACE;
    const sx = s.sp[o + 3] - s.sp[o];
    const sy = s.sp[o + 4] - s.sp[o + 1];
    const sz = s.sp[o + 5] - s.sp[o + 2];
    const sv = sx * sy * sz;
    const rem = s.rem;
    const { lx, ly, lz, vol, compStart, compLen, compType, compCount } = B;
    // Blocks are sorted by volume: skip those larger than the space.
    let lo = 0;
    let hi = B.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (vol[mid] > sv) lo = mid + 1;
      else hi = mid;
    }
    if (this.cand.length < k) this.cand = new Int32Array(k);
    let found = 0;
    for (let b = lo; b < B.n; b++) {
      if (lx[b] > sx || ly[b] > sy || lz[b] > sz) continue;
      const c0 = compStart[b];
      const c1 = c0 + compLen[b];
      let ok = true;
      for (let c = c0; c < c1; c++) {
        if (rem[compType[c]] < compCount[c]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (this.support > 0) {
        const [x, y, z] = this.anchor(s, i, b);
        if (!this.supported(s, b, x, y, z)) continue;
      }
      this.cand[found++] = b;
      if (found >= k) break;
    }
    return found;
  }

  /** Puts block blk into space i of s and updates the maximal spaces. */
  place(s: State, i: number, blk: number): void {
    const B = this.blocks;
    const [x, y, z] = this.anchor(s, i, blk);
    const X1 = x;
    const Y1 = y;
    const Z1 = z;
    const X2 = x + B.lx[blk];
    const Y2 = y + B.ly[blk];
    const Z2 = z + B.lz[blk];

    // Stock and bookkeeping.
    let exhausted = false;
    for (let c = B.compStart[blk], e = c + B.compLen[blk]; c < e; c++) {
      const t = B.compType[c];
      s.rem[t] -= B.compCount[c];
      if (s.rem[t] === 0) exhausted = true;
    }
    s.vol += B.vol[blk];
    s.path = { block: blk, x, y, z, prev: s.path };
    if (exhausted) this.updateMins(s);
    if (this.support > 0) {
      const top = B.top![blk];
      const need = (s.nt + top.length / 4) * 5;
      if (s.tops.length < need) {
        const grown = new Float64Array(Math.max(need, s.tops.length * 2, 40));
        grown.set(s.tops.subarray(0, s.nt * 5));
        s.tops = grown;
      }
      for (let r = 0; r < top.length; r += 4) {
        const o = s.nt * 5;
        s.tops[o] = top[r] + x;
        s.tops[o + 1] = top[r + 1] + y;
        s.tops[o + 2] = top[r + 2] + x;
        s.tops[o + 3] = top[r + 3] + y;
        s.tops[o + 4] = Z2;
        s.nt++;
      }
    }

    // Spaces: keep the ones the block misses, cut the others into up to six maximal pieces.
    const sp = s.sp;
    const mX = s.minX;
    const mY = s.minY;
    const mZ = s.minZ;
    let out = this.buf;
    if (out.length < (s.ns + 6 * s.ns) * SPACE) out = this.buf = new Float64Array((s.ns * 7 + 16) * SPACE);
    let n = 0;
    let nTouch = 0;
    // Old spaces first (they stay maximal), pieces after. Only an old space touching the block can
    // contain a piece (a piece borders the block), so those go first and are the only ones compared.
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < s.ns; j++) {
        const o = j * SPACE;
        if (sp[o] >= X2 || sp[o + 3] <= X1 || sp[o + 1] >= Y2 || sp[o + 4] <= Y1 || sp[o + 2] >= Z2 || sp[o + 5] <= Z1) {
          const touching =
            sp[o] <= X2 && sp[o + 3] >= X1 && sp[o + 1] <= Y2 && sp[o + 4] >= Y1 && sp[o + 2] <= Z2 && sp[o + 5] >= Z1;
          if (touching !== (pass === 0)) continue;
          if (sp[o + 3] - sp[o] < mX || sp[o + 4] - sp[o + 1] < mY || sp[o + 5] - sp[o + 2] < mZ) continue;
          const p = n * SPACE;
          for (let q = 0; q < SPACE; q++) out[p + q] = sp[o + q];
          n++;
        }
      }
      if (pass === 0) nTouch = n;
    }
    const nOld = n;
    for (let j = 0; j < s.ns; j++) {
      const o = j * SPACE;
      const a0 = sp[o];
      const a1 = sp[o + 1];
      const a2 = sp[o + 2];
      const a3 = sp[o + 3];
      const a4 = sp[o + 4];
      const a5 = sp[o + 5];
      if (a0 >= X2 || a3 <= X1 || a1 >= Y2 || a4 <= Y1 || a2 >= Z2 || a5 <= Z1) continue;
      for (let side = 0; side < 6; side++) {
        let p0 = a0;
        let p1 = a1;
        let p2 = a2;
        let p3 = a3;
        let p4 = a4;
        let p5 = a5;
        switch (side) {
          case 0:
            p3 = X1;
            break;
          case 1:
            p0 = X2;
            break;
          case 2:
            p4 = Y1;
            break;
          case 3:
            p1 = Y2;
            break;
          case 4:
            p5 = Z1;
            break;
          default:
            p2 = Z2;
        }
        if (p3 - p0 < mX || p4 - p1 < mY || p5 - p2 < mZ) continue;
        // Drop the piece if a kept space or an earlier piece contains it; drop earlier pieces it contains.
        let contained = false;
        for (let k = nTouch > 0 ? 0 : nOld; k < n; k = k === nTouch - 1 ? nOld : k + 1) {
          const q = k * SPACE;
          if (out[q] <= p0 && out[q + 1] <= p1 && out[q + 2] <= p2 && out[q + 3] >= p3 && out[q + 4] >= p4 && out[q + 5] >= p5) {
            contained = true;
            break;
          }
        }
        if (contained) continue;
        for (let k = nOld; k < n; k++) {
          const q = k * SPACE;
          if (p0 <= out[q] && p1 <= out[q + 1] && p2 <= out[q + 2] && p3 >= out[q + 3] && p4 >= out[q + 4] && p5 >= out[q + 5]) {
            const last = (n - 1) * SPACE;
            for (let r = 0; r < SPACE; r++) out[q + r] = out[last + r];
            n--;
            k--;
          }
        }
        const p = n * SPACE;
        out[p] = p0;
        out[p + 1] = p1;
        out[p + 2] = p2;
        out[p + 3] = p3;
        out[p + 4] = p4;
        out[p + 5] = p5;
        n++;
      }
    }
    if (s.sp.length < n * SPACE) s.sp = new Float64Array(Math.max(n * SPACE, s.sp.length * 2));
    s.sp.set(out.subarray(0, n * SPACE));
    s.ns = n;
  }

  private checkTime(): void {
    if ((++this.ticks & 15) === 0 && performance.now() > this.deadline) throw new Timeout();
  }

  /** Fills s greedily (largest fitting block into the selected space) and records it if best; throws Timeout if timed. */
  greedy(s: State, timed = true): number {
    this.greedyRuns++;
    for (;;) {
      if (timed) this.checkTime();
      const i = this.selectSpace(s);
      if (i < 0) break;
      if (this.fitBlocks(s, i, 1) === 0) {
        this.removeSpace(s, i);
        continue;
      }
      this.place(s, i, this.cand[0]);
    }
    if (s.vol > this.best.vol) this.best = { vol: s.vol, path: s.path };
    return s.vol;
  }

  /** One beam search of width w from the empty container; children per node = w. False: nothing was cut. */
  beam(w: number): boolean {
    let pruned = false;
    let beam: State[] = [this.root()];
    const B = this.blocks;
    // Candidates stay lazy (parent, space, block) and only the kept ones are built again, which keeps
    // memory and copying at O(w) states per level however wide the beam.
    type Candidate = { parent: State; space: number; block: number; score: number; vol: number; tie: number };
    const better = (a: Candidate, b: Candidate) => b.score - a.score || b.vol - a.vol || a.tie - b.tie;
    while (beam.length > 0) {
      let next: Candidate[] = [];
      for (const node of beam) {
        for (;;) {
          const i = this.selectSpace(node);
          if (i < 0) break;
          const k = this.fitBlocks(node, i, w + 1);
          if (k > w) pruned = true;
          if (k === 0) {
            this.removeSpace(node, i);
            continue;
          }
          const picks = Array.from(this.cand.subarray(0, Math.min(k, w)));
          for (const blk of picks) {
            const probe = this.clone(node);
            this.place(probe, i, blk);
            const score = this.greedy(probe);
            next.push({ parent: node, space: i, block: blk, score, vol: node.vol + B.vol[blk], tie: this.random() });
          }
          if (next.length >= 4 * w) {
            next.sort(better);
            next.length = w;
            pruned = true;
          }
          break;
        }
      }
      next.sort(better);
      if (next.length > w) {
        pruned = true;
        next = next.slice(0, w);
      }
      beam = next.map((c) => {
        const child = this.clone(c.parent);
        this.place(child, c.space, c.block);
        return child;
      });
    }
    return pruned;
  }
}

/** Validated box types with their allowed orientations, in solver units (mm). */
function prepare(problem: LoadingProblem): { types: SolverBoxType[]; dims: [number, number, number] } {
  const { lengthMm, widthMm, heightMm } = problem.container;
  if (![lengthMm, widthMm, heightMm].every((d) => Number.isFinite(d) && d > 0))
    throw invalid('container dimensions must be positive numbers', [{ field: '/container', message: 'non-positive dimension' }]);
  const types = problem.boxTypes.map((t, i) => {
    const field = `/boxTypes/${i}`;
    const dims = [t.lengthMm, t.widthMm, t.heightMm];
    if (!dims.every((d) => Number.isFinite(d) && d > 0))
      throw invalid(`box type ${t.id}: dimensions must be positive numbers`, [{ field, message: 'non-positive dimension' }]);
    if (!(Number.isInteger(t.quantity) && t.quantity >= 0))
      throw invalid(`box type ${t.id}: quantity must be a non-negative integer`, [
        { field: `${field}/quantity`, message: 'bad quantity' },
      ]);
    if (!t.verticalAllowed?.some(Boolean))
      throw invalid(`box type ${t.id}: no dimension may stand vertical`, [
        { field: `${field}/verticalAllowed`, message: 'no orientation' },
      ]);
    const orientations: [number, number, number][] = [];
    const seen = new Set<string>();
    for (let v = 0; v < 3; v++) {
      if (!t.verticalAllowed[v]) continue;
      const [p, q] = [0, 1, 2].filter((d) => d !== v).map((d) => dims[d]);
      for (const o of [
        [p, q, dims[v]],
        [q, p, dims[v]],
      ] as [number, number, number][]) {
        const key = o.join(',');
        if (o[0] > lengthMm || o[1] > widthMm || o[2] > heightMm || seen.has(key)) continue;
        seen.add(key);
        orientations.push(o);
      }
    }
    return { quantity: orientations.length > 0 ? t.quantity : 0, orientations };
  });
  return { types, dims: [lengthMm, widthMm, heightMm] };
}

/** Expands a block at (x, y, z) into its boxes. */
function expand(
  B: BlockSet,
  types: SolverBoxType[],
  ids: string[],
  blk: number,
  x: number,
  y: number,
  z: number,
  out: Placement[],
): void {
  if (B.kind[blk] === 0) {
    const t = B.a[blk];
    const [ox, oy, oz] = types[t].orientations[B.b[blk]];
    for (let k = 0; k < B.nz[blk]; k++)
      for (let j = 0; j < B.ny[blk]; j++)
        for (let i = 0; i < B.nx[blk]; i++)
          out.push({ itemId: ids[t], x: x + i * ox, y: y + j * oy, z: z + k * oz, lengthMm: ox, widthMm: oy, heightMm: oz });
    return;
  }
  const a = B.a[blk];
  const axis = B.axis[blk];
  expand(B, types, ids, a, x, y, z, out);
  expand(B, types, ids, B.b[blk], axis === 0 ? x + B.lx[a] : x, axis === 1 ? y + B.ly[a] : y, axis === 2 ? z + B.lz[a] : z, out);
}

/**
 * Loads one container with as much box volume as it holds, honouring each box type's allowed vertical
 * dimensions and, when `minSupportRatio` > 0, the support rule. Anytime: a widening beam search runs
 * until `timeLimitMs` and the best loading found is returned.
 */
export function loadContainer(problem: LoadingProblem, options: LoadingOptions): LoadingResult {
  const t0 = performance.now();
  const budget = Math.max(0, options.timeLimitMs);
  // Leave a little time to unfold the blocks into placements.
  const deadline = t0 + budget - Math.min(50, budget * 0.02);
  const support = options.minSupportRatio ?? 0;
  if (!(support >= 0 && support <= 1)) throw invalid('minSupportRatio must be between 0 and 1');
  const { types, dims } = prepare(problem);
  const minFillRate = options.minFillRate ?? 0.98;
  const blocks = buildBlocks(
    types,
    dims,
    {
      generalBlocks: minFillRate <= 1,
      minFillRate,
      maxBlocks: options.maxBlocks ?? 10_000,
      minSupportRatio: support,
      maxPairChecks: options.maxPairChecks ?? 20_000_000,
      deadline: t0 + budget * 0.3,
    },
    () => performance.now(),
  );
  const blockMs = performance.now() - t0;
  const solver = new Solver(types, dims, blocks, support, deadline, options.seed ?? 1);
  const maxWidth = options.maxBeamWidth ?? Infinity;
  let width = 0;
  // One greedy loading whatever the clock says, so even a tiny budget returns a real loading.
  solver.greedy(solver.root(), false);
  try {
    for (let w = 1; w <= maxWidth; w = Math.max(w + 1, Math.round(w * 1.5))) {
      const pruned = solver.beam(w);
      width = w;
      if (!pruned) break; // a wider beam would search the same tree
    }
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
  }

  const placements: Placement[] = [];
  const steps: Step[] = [];
  for (let p = solver.best.path; p; p = p.prev) steps.push(p);
  const ids = problem.boxTypes.map((t) => t.id);
  for (let k = steps.length - 1; k >= 0; k--)
    expand(blocks, types, ids, steps[k].block, steps[k].x, steps[k].y, steps[k].z, placements);
  const [L, W, H] = dims;
  return {
    placements,
    volumeUtilisation: solver.best.vol / (L * W * H),
    loadedBoxes: placements.length,
    stats: { blocks: blocks.n, blockMs, beamWidth: width, greedyRuns: solver.greedyRuns, elapsedMs: performance.now() - t0 },
  };
}
