/**
 * Blocks for the container-loading search: cuboids made of boxes that are placed as one unit.
 * Simple blocks are nx × ny × nz boxes of one type in one orientation; general blocks (Fanslau &
 * Bortfeldt 2010) join two blocks along x, y or z when the result is still almost solid.
 * Everything is kept in typed arrays sorted by loaded volume, largest first, so the search can scan
 * them quickly.
 */

/** A box type after validation: dims in solver units, orientations allowed by the vertical flags. */
export interface SolverBoxType {
  quantity: number;
  /** Allowed orientations as placed dims [x, y, z]. */
  orientations: [number, number, number][];
}

export interface BlockOptions {
  /** Join general blocks; off = simple blocks only. */
  generalBlocks: boolean;
  /** Least boxes-volume / bounding-volume of a general block. */
  minFillRate: number;
  /** Stop generating once this many blocks exist. */
  maxBlocks: number;
  /** 0 = no support rule; else every box in a block must rest on the block below it over this share. */
  minSupportRatio: number;
  /** Work budget for joining (pairs looked at): keeps the block set independent of the machine's speed. */
  maxPairChecks: number;
  /** Wall-clock deadline (performance.now()) for generating general blocks, a safety net. */
  deadline: number;
}

/** Blocks as parallel arrays; index = block id, sorted by `vol` descending. */
export interface BlockSet {
  n: number;
  lx: Float64Array;
  ly: Float64Array;
  lz: Float64Array;
  /** Volume of the boxes in the block. */
  vol: Float64Array;
  /** Composition: entries compStart[b] .. compStart[b]+compLen[b] of compType/compCount. */
  compStart: Int32Array;
  compLen: Int32Array;
  compType: Int32Array;
  compCount: Int32Array;
  /** 0 = simple, 1 = general. */
  kind: Uint8Array;
  /** Simple: box type and orientation index; general: the two joined blocks (a first/below). */
  a: Int32Array;
  b: Int32Array;
  /** General: 0 = x, 1 = y, 2 = z. Simple: unused. */
  axis: Uint8Array;
  nx: Int32Array;
  ny: Int32Array;
  nz: Int32Array;
  /**
   * Support rule only: bottom faces of the lowest boxes (empty for simple blocks, whose nx × ny grid
   * the search walks itself) and top faces at the block's top, x1 y1 x2 y2 each.
   */
  bottom: Float64Array[] | null;
  top: Float64Array[] | null;
  /** Support rule only: the bottom faces tile the whole base of the block. */
  bottomFull: Uint8Array | null;
}

interface Draft {
  lx: number;
  ly: number;
  lz: number;
  vol: number;
  comp: Map<number, number>;
  kind: 0 | 1;
  a: number;
  b: number;
  axis: number;
  nx: number;
  ny: number;
  nz: number;
  bottom: number[] | null;
  top: number[] | null;
}

const NO_RECTS = new Float64Array(0);

/** Bottom faces of a block's lowest boxes, built on first use for simple blocks. */
function bottomOf(d: Draft, types: SolverBoxType[]): number[] {
  if (d.bottom) return d.bottom;
  const [ox, oy] = types[d.a].orientations[d.b];
  const bottom: number[] = [];
  for (let i = 0; i < d.nx; i++) for (let j = 0; j < d.ny; j++) bottom.push(i * ox, j * oy, (i + 1) * ox, (j + 1) * oy);
  d.bottom = bottom;
  return bottom;
}

function keyOf(d: Draft): string {
  const parts = [...d.comp.entries()].sort((p, q) => p[0] - q[0]).map(([t, c]) => `${t}:${c}`);
  return `${d.lx},${d.ly},${d.lz}|${parts.join(',')}`;
}

/** Area of the part of rect r (x1,y1,x2,y2 at ri) covered by the rects in `cover` shifted by (dx, dy). */
function coveredArea(r: ArrayLike<number>, ri: number, cover: ArrayLike<number>, dx: number, dy: number): number {
  let area = 0;
  for (let j = 0; j < cover.length; j += 4) {
    const w = Math.min(r[ri + 2], cover[j + 2] + dx) - Math.max(r[ri], cover[j] + dx);
    if (w <= 0) continue;
    const h = Math.min(r[ri + 3], cover[j + 3] + dy) - Math.max(r[ri + 1], cover[j + 1] + dy);
    if (h > 0) area += w * h;
  }
  return area;
}

/** Counts 1..max when max <= k, else 1..k/2 and round(max / j) for j = 1..k/2, ascending. */
function countValues(max: number, k: number): number[] {
  if (max <= k) return Array.from({ length: max }, (_, i) => i + 1);
  const half = Math.max(1, Math.floor(k / 2));
  const set = new Set<number>();
  for (let i = 1; i <= half; i++) set.add(i);
  for (let j = 1; j <= half; j++) set.add(Math.max(1, Math.floor(max / j)));
  return [...set].sort((a, b) => a - b);
}

export function buildBlocks(
  types: SolverBoxType[],
  container: [number, number, number],
  opts: BlockOptions,
  now: () => number,
): BlockSet {
  const [L, W, H] = container;
  const support = opts.minSupportRatio > 0;
  const drafts: Draft[] = [];
  const seen = new Set<string>();
  const add = (d: Draft): boolean => {
    const k = keyOf(d);
    if (seen.has(k)) return false;
    seen.add(k);
    drafts.push(d);
    return true;
  };

  // Simple blocks: every nx × ny × nz that fits the container and the stock. For tiny boxes in a big
  // container that could be millions, so each (type, orientation) gets a fair share of maxBlocks and,
  // past it, counts thin out to 1..k and the k largest divisions of the maximum.
  const lists = types.reduce((n, t) => n + (t.quantity > 0 ? t.orientations.length : 0), 0);
  const share = Math.max(8, Math.floor(opts.maxBlocks / Math.max(1, lists)));
  types.forEach((t, ti) => {
    if (t.quantity <= 0) return;
    t.orientations.forEach(([ox, oy, oz], oi) => {
      const maxX = Math.min(Math.floor(L / ox), t.quantity);
      const maxY = Math.min(Math.floor(W / oy), t.quantity);
      const maxZ = Math.min(Math.floor(H / oz), t.quantity);
      let k = Math.max(maxX, maxY, maxZ);
      let xs = countValues(maxX, k);
      let ys = countValues(maxY, k);
      let zs = countValues(maxZ, k);
      while (k > 2 && xs.length * ys.length * zs.length > 4 * share) {
        k = Math.ceil(k / 2);
        xs = countValues(maxX, k);
        ys = countValues(maxY, k);
        zs = countValues(maxZ, k);
      }
      for (const nz of zs) {
        for (const ny of ys) {
          if (ny * nz > t.quantity) break;
          for (const nx of xs) {
            const count = nx * ny * nz;
            if (count > t.quantity) break;
            // A simple block's bottom faces are built only if a join needs them (see bottomOf).
            const top = support ? [0, 0, nx * ox, ny * oy] : null;
            add({
              lx: nx * ox,
              ly: ny * oy,
              lz: nz * oz,
              vol: count * ox * oy * oz,
              comp: new Map([[ti, count]]),
              kind: 0,
              a: ti,
              b: oi,
              axis: 0,
              nx,
              ny,
              nz,
              bottom: null,
              top,
            });
          }
        }
      }
    });
  });

  if (opts.generalBlocks) joinBlocks(drafts, add, types, [L, W, H], opts, now);

  // Sort by loaded volume, then by smaller bounding volume (denser first); keep child ids valid.
  const order = drafts.map((_, i) => i);
  order.sort((p, q) => {
    const a = drafts[p];
    const b = drafts[q];
    return b.vol - a.vol || a.lx * a.ly * a.lz - b.lx * b.ly * b.lz || p - q;
  });
  const newId = new Int32Array(drafts.length);
  order.forEach((old, i) => {
    newId[old] = i;
  });
  const n = drafts.length;
  let compTotal = 0;
  for (const d of drafts) compTotal += d.comp.size;
  const set: BlockSet = {
    n,
    lx: new Float64Array(n),
    ly: new Float64Array(n),
    lz: new Float64Array(n),
    vol: new Float64Array(n),
    compStart: new Int32Array(n),
    compLen: new Int32Array(n),
    compType: new Int32Array(compTotal),
    compCount: new Int32Array(compTotal),
    kind: new Uint8Array(n),
    a: new Int32Array(n),
    b: new Int32Array(n),
    axis: new Uint8Array(n),
    nx: new Int32Array(n),
    ny: new Int32Array(n),
    nz: new Int32Array(n),
    bottom: support ? new Array<Float64Array>(n) : null,
    top: support ? new Array<Float64Array>(n) : null,
    bottomFull: support ? new Uint8Array(n) : null,
  };
  let c = 0;
  order.forEach((old, i) => {
    const d = drafts[old];
    set.lx[i] = d.lx;
    set.ly[i] = d.ly;
    set.lz[i] = d.lz;
    set.vol[i] = d.vol;
    set.compStart[i] = c;
    set.compLen[i] = d.comp.size;
    for (const [t, k] of d.comp) {
      set.compType[c] = t;
      set.compCount[c] = k;
      c++;
    }
    set.kind[i] = d.kind;
    set.a[i] = d.kind === 1 ? newId[d.a] : d.a;
    set.b[i] = d.kind === 1 ? newId[d.b] : d.b;
    set.axis[i] = d.axis;
    set.nx[i] = d.nx;
    set.ny[i] = d.ny;
    set.nz[i] = d.nz;
    if (support && d.top) {
      set.top![i] = Float64Array.from(d.top);
      if (d.kind === 0) {
        set.bottom![i] = NO_RECTS; // the search walks the nx × ny grid itself
        set.bottomFull![i] = 1;
      } else {
        const bottom = bottomOf(d, types);
        set.bottom![i] = Float64Array.from(bottom);
        let area = 0;
        for (let j = 0; j < bottom.length; j += 4) area += (bottom[j + 2] - bottom[j]) * (bottom[j + 3] - bottom[j + 1]);
        set.bottomFull![i] = Math.abs(area - d.lx * d.ly) <= 1e-9 * d.lx * d.ly ? 1 : 0;
      }
    }
  });
  return set;
}

/**
 * General blocks: joins pairs (old × new) round by round until no new block appears, the cap is
 * reached or time runs out. A join must fit the container and the stock and stay at least
 * `minFillRate` solid; under the support rule, a block put on top of another must rest on it.
 */
function joinBlocks(
  drafts: Draft[],
  add: (d: Draft) => boolean,
  types: SolverBoxType[],
  [L, W, H]: [number, number, number],
  opts: BlockOptions,
  now: () => number,
): void {
  const support = opts.minSupportRatio > 0;
  const fr = opts.minFillRate;
  // Dims and volumes in typed arrays: the pair loop below is the hot spot.
  let cap = Math.max(1024, opts.maxBlocks + 8);
  let X = new Float64Array(cap);
  let Y = new Float64Array(cap);
  let Z = new Float64Array(cap);
  let V = new Float64Array(cap);
  let filled = 0;
  const sync = () => {
    if (drafts.length > cap) {
      cap = drafts.length * 2;
      for (const [k, arr] of [X, Y, Z, V].entries()) {
        const grown = new Float64Array(cap);
        grown.set(arr);
        if (k === 0) X = grown;
        else if (k === 1) Y = grown;
        else if (k === 2) Z = grown;
        else V = grown;
      }
    }
    for (; filled < drafts.length; filled++) {
      const d = drafts[filled];
      X[filled] = d.lx;
      Y[filled] = d.ly;
      Z[filled] = d.lz;
      V[filled] = d.vol;
    }
  };
  let newFrom = 0;
  let checks = 0;
  for (;;) {
    sync();
    const end = drafts.length;
    if (newFrom >= end) return;
    for (let j = newFrom; j < end; j++) {
      if (drafts.length >= opts.maxBlocks) return;
      checks += j + 1;
      if (checks > opts.maxPairChecks || ((j & 63) === 0 && now() > opts.deadline)) return;
      const bx = X[j];
      const by = Y[j];
      const bz = Z[j];
      const bv = V[j];
      for (let i = 0; i <= j; i++) {
        const ax = X[i];
        const ay = Y[i];
        const az = Z[i];
        const volSum = V[i] + bv;
        const my = Math.max(ay, by);
        const mz = Math.max(az, bz);
        const mx = Math.max(ax, bx);
        // Under the support rule, side-by-side joins need level tops so the next layer has a floor.
        const level = !support || az === bz;
        const fx = level && ax + bx <= L && my <= W && mz <= H && volSum >= fr * (ax + bx) * my * mz;
        const fy = level && mx <= L && ay + by <= W && mz <= H && volSum >= fr * mx * (ay + by) * mz;
        const fz = mx <= L && my <= W && az + bz <= H && volSum >= fr * mx * my * (az + bz);
        if (!(fx || fy || fz)) continue;
        if (drafts.length >= opts.maxBlocks) return;
        const A = drafts[i];
        const B = drafts[j];
        // The pair must share stock: check lazily, only for geometric matches.
        for (let axis = 0; axis < 3; axis++) {
          let lx: number;
          let ly: number;
          let lz: number;
          if (axis === 0) {
            lx = A.lx + B.lx;
            ly = Math.max(A.ly, B.ly);
            lz = Math.max(A.lz, B.lz);
          } else if (axis === 1) {
            lx = Math.max(A.lx, B.lx);
            ly = A.ly + B.ly;
            lz = Math.max(A.lz, B.lz);
          } else {
            lx = Math.max(A.lx, B.lx);
            ly = Math.max(A.ly, B.ly);
            lz = A.lz + B.lz;
          }
          if (!(axis === 0 ? fx : axis === 1 ? fy : fz)) continue;
          // Stock: the joined composition must not exceed any type's quantity.
          const comp = new Map(A.comp);
          let ok = true;
          for (const [t, k] of B.comp) {
            const s = (comp.get(t) ?? 0) + k;
            if (s > types[t].quantity) {
              ok = false;
              break;
            }
            comp.set(t, s);
          }
          if (!ok) break;
          // Along z both orders differ (which one is below); along x and y they mirror each other.
          const orders: [Draft, number, Draft, number][] =
            axis === 2 && i !== j
              ? [
                  [A, i, B, j],
                  [B, j, A, i],
                ]
              : [[A, i, B, j]];
          for (const [P, pi, Q, qi] of orders) {
            let bottom: number[] | null = null;
            let top: number[] | null = null;
            if (support && P.top && Q.top) {
              const pBottom = bottomOf(P, types);
              const qBottom = bottomOf(Q, types);
              if (axis === 2) {
                const need = opts.minSupportRatio;
                let held = true;
                for (let r = 0; r < qBottom.length && held; r += 4) {
                  const area = (qBottom[r + 2] - qBottom[r]) * (qBottom[r + 3] - qBottom[r + 1]);
                  if (coveredArea(qBottom, r, P.top, 0, 0) < need * area - 1e-9) held = false;
                }
                if (!held) continue;
                bottom = pBottom;
                top = Q.top;
              } else {
                const dx = axis === 0 ? P.lx : 0;
                const dy = axis === 1 ? P.ly : 0;
                bottom = pBottom.slice();
                for (let r = 0; r < qBottom.length; r += 4)
                  bottom.push(qBottom[r] + dx, qBottom[r + 1] + dy, qBottom[r + 2] + dx, qBottom[r + 3] + dy);
                top = P.lz === lz ? P.top.slice() : [];
                if (Q.lz === lz)
                  for (let r = 0; r < Q.top.length; r += 4)
                    top.push(Q.top[r] + dx, Q.top[r + 1] + dy, Q.top[r + 2] + dx, Q.top[r + 3] + dy);
              }
            }
            add({ lx, ly, lz, vol: volSum, comp, kind: 1, a: pi, b: qi, axis, nx: 0, ny: 0, nz: 0, bottom, top });
          }
        }
      }
    }
    newFrom = end;
  }
}
