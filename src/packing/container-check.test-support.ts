import type { LoadingProblem, LoadingResult } from './container.js';
import type { Box, Item, Violation } from './model.js';
import { verifyParcel } from './verify.js';

// Checks a container loading with the independent verifier (inside, overlap, orientation, support).
// The verifier knows orientations as any / this-side-up / fixed, so a type whose flags allow exactly
// one vertical dimension is handed over as this-side-up with that dimension as height, and all other
// flag sets as 'any'; the per-edge flags themselves and the stock counts are then checked here, since
// they are thpack rules the parcel model has no words for.

/** Every rule a loading must keep: verifier findings plus stock and per-edge vertical flags. */
export function checkLoading(problem: LoadingProblem, result: LoadingResult, minSupportRatio = 0): Violation[] {
  const { lengthMm, widthMm, heightMm } = problem.container;
  const box: Box = {
    id: 'container',
    innerLengthMm: lengthMm,
    innerWidthMm: widthMm,
    innerHeightMm: heightMm,
    outerLengthMm: lengthMm,
    outerWidthMm: widthMm,
    outerHeightMm: heightMm,
    emptyWeightG: 0,
    maxWeightG: Number.MAX_SAFE_INTEGER,
  };
  const items: Item[] = problem.boxTypes.map((t) => {
    const dims = [t.lengthMm, t.widthMm, t.heightMm];
    const vertical = [0, 1, 2].filter((d) => t.verticalAllowed[d]);
    if (vertical.length === 1) {
      const [a, b] = [0, 1, 2].filter((d) => d !== vertical[0]).map((d) => dims[d]);
      return { id: t.id, lengthMm: a, widthMm: b, heightMm: dims[vertical[0]], weightG: 0, orientation: 'this-side-up' };
    }
    return { id: t.id, lengthMm: t.lengthMm, widthMm: t.widthMm, heightMm: t.heightMm, weightG: 0, orientation: 'any' };
  });
  const out = verifyParcel(
    box,
    items,
    result.placements,
    { minSupportRatio },
    { checkSupport: minSupportRatio > 0, checkWeight: false },
  );

  const types = new Map(problem.boxTypes.map((t) => [t.id, t]));
  const used = new Map<string, number>();
  result.placements.forEach((p, i) => {
    used.set(p.itemId, (used.get(p.itemId) ?? 0) + 1);
    const t = types.get(p.itemId);
    if (!t) return; // the verifier reports unknown items
    const dims = [t.lengthMm, t.widthMm, t.heightMm];
    const ok = [0, 1, 2].some((v) => {
      if (!t.verticalAllowed[v] || p.heightMm !== dims[v]) return false;
      const [a, b] = [0, 1, 2].filter((d) => d !== v).map((d) => dims[d]);
      return (p.lengthMm === a && p.widthMm === b) || (p.lengthMm === b && p.widthMm === a);
    });
    if (!ok)
      out.push({
        rule: 'orientation',
        placement: i,
        message: `placement ${i} of type ${t.id} stands on a dimension its flags forbid`,
      });
  });
  for (const [id, n] of used) {
    const q = types.get(id)?.quantity ?? 0;
    if (n > q) out.push({ rule: 'count', message: `type ${id}: ${n} boxes loaded, only ${q} available` });
  }
  let volume = 0;
  for (const p of result.placements) volume += p.lengthMm * p.widthMm * p.heightMm;
  const util = volume / (lengthMm * widthMm * heightMm);
  if (Math.abs(util - result.volumeUtilisation) > 1e-9 || result.loadedBoxes !== result.placements.length)
    out.push({
      rule: 'count',
      message: `reported utilisation ${result.volumeUtilisation} / ${result.loadedBoxes} boxes, placements give ${util}`,
    });
  return out;
}
