import { invalid } from '../core/index.js';
import type { LoadingProblem } from './container.js';

/**
 * One problem of an OR-Library "thpack" file (Bischoff & Ratcliff BR0-BR15, Loh & Nee). Dimensions are
 * as written in the file (cm for BR); `verticalAllowed[i]` says whether dimension i may stand vertical.
 */
export interface ThpackProblem {
  /** Problem number as written in the file. */
  id: number;
  /** Generator seed, 0 when the file gives none. */
  seed: number;
  container: { length: number; width: number; height: number };
  boxTypes: {
    id: number;
    length: number;
    width: number;
    height: number;
    verticalAllowed: [boolean, boolean, boolean];
    quantity: number;
  }[];
}

/**
 * Parses a thpack file:
 * ```
 * P                      number of problems
 * p [seed]               problem id, generator seed (optional)
 * L W H                  container dimensions
 * n                      number of box types
 * i l fl w fw h fh q     per type: dims, each followed by 0/1 "may stand vertical", count
 * ```
 * Blank lines are skipped; a malformed line throws a validation error naming its 1-based line.
 */
export function parseThpack(text: string): ThpackProblem[] {
  const lines = text.split(/\r?\n/);
  let i = 0;
  // Next non-blank line as numbers, with its 1-based number.
  const next = (what: string, counts: number[]): { line: number; nums: number[] } => {
    while (i < lines.length && lines[i].trim() === '') i++;
    if (i >= lines.length)
      throw invalid(`thpack: unexpected end of file, expected ${what}`, [{ line: i + 1, message: `expected ${what}` }]);
    const line = i + 1;
    const raw = lines[i++].trim();
    const fields = raw.split(/\s+/);
    const bad = (message: string) => invalid(`thpack line ${line}: ${message}`, [{ line, message }]);
    if (!counts.includes(fields.length)) throw bad(`expected ${what} (${counts.join(' or ')} numbers), got "${raw}"`);
    const nums = fields.map((f) => Number(f));
    const at = nums.findIndex((n) => !Number.isFinite(n));
    if (at >= 0) throw bad(`"${fields[at]}" is not a number in ${what}`);
    return { line, nums };
  };
  const fail = (line: number, message: string) => invalid(`thpack line ${line}: ${message}`, [{ line, message }]);
  const positiveInt = (n: number) => Number.isInteger(n) && n > 0;

  const head = next('the number of problems', [1]);
  const count = head.nums[0];
  if (!positiveInt(count)) throw fail(head.line, `number of problems must be a positive integer, got ${count}`);
  const problems: ThpackProblem[] = [];
  for (let p = 0; p < count; p++) {
    const idLine = next('a problem id and seed', [1, 2]);
    const [id, seed = 0] = idLine.nums;
    const dims = next('container length, width and height', [3]);
    if (!dims.nums.every((d) => d > 0)) throw fail(dims.line, 'container dimensions must be positive');
    const typesLine = next('the number of box types', [1]);
    const n = typesLine.nums[0];
    if (!positiveInt(n)) throw fail(typesLine.line, `number of box types must be a positive integer, got ${n}`);
    const boxTypes: ThpackProblem['boxTypes'] = [];
    for (let t = 0; t < n; t++) {
      const row = next('a box type "i l fl w fw h fh q"', [8]);
      const [ti, l, fl, w, fw, h, fh, q] = row.nums;
      if (!(l > 0 && w > 0 && h > 0)) throw fail(row.line, `box type ${ti}: dimensions must be positive`);
      if (![fl, fw, fh].every((f) => f === 0 || f === 1))
        throw fail(row.line, `box type ${ti}: orientation flags must be 0 or 1`);
      if (fl + fw + fh === 0) throw fail(row.line, `box type ${ti}: no dimension may stand vertical`);
      if (!(Number.isInteger(q) && q >= 0)) throw fail(row.line, `box type ${ti}: quantity must be a non-negative integer`);
      boxTypes.push({ id: ti, length: l, width: w, height: h, verticalAllowed: [fl === 1, fw === 1, fh === 1], quantity: q });
    }
    problems.push({ id, seed, container: { length: dims.nums[0], width: dims.nums[1], height: dims.nums[2] }, boxTypes });
  }
  return problems;
}

/**
 * A thpack problem as a {@link LoadingProblem}. BR files are in cm, so `scaleToMm` defaults to 10; box type
 * ids become strings (`"1"`, `"2"`, …).
 */
export function thpackToLoadingProblem(p: ThpackProblem, scaleToMm = 10): LoadingProblem {
  return {
    container: {
      lengthMm: p.container.length * scaleToMm,
      widthMm: p.container.width * scaleToMm,
      heightMm: p.container.height * scaleToMm,
    },
    boxTypes: p.boxTypes.map((t) => ({
      id: String(t.id),
      lengthMm: t.length * scaleToMm,
      widthMm: t.width * scaleToMm,
      heightMm: t.height * scaleToMm,
      quantity: t.quantity,
      verticalAllowed: [...t.verticalAllowed],
    })),
  };
}
