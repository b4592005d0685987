import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, seededRandom } from '../core/index.js';
import { type LoadingProblem, loadContainer } from './container.js';
import { checkLoading } from './container-check.test-support.js';
import { parseThpack, thpackToLoadingProblem } from './thpack.js';

const THPACK = join(process.cwd(), '../shared/benchmarks/packing/thpack');
const hasThpack = existsSync(join(THPACK, 'br1.txt'));

const SMALL = `2
 1 2502505
 587 233 220
 3
 1 108 0 76 0 30 1 40
 2 110 0 43 1 25 1 33
 3 92 1 81 1 55 1 39
 2
 10 6 16
 1
 1 2 1 6 1 8 1 20
`;

/** Thrown AppError of fn, for asserting on its details. */
function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

/** A seeded mixed instance: 8 box types, ~150 boxes, cargo volume ≈ container volume. */
function randomProblem(seed: number): LoadingProblem {
  const rand = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  return {
    container: { lengthMm: 2000, widthMm: 1000, heightMm: 1000 },
    boxTypes: Array.from({ length: 8 }, (_, i) => ({
      id: `t${i}`,
      lengthMm: int(15, 40) * 10,
      widthMm: int(15, 30) * 10,
      heightMm: int(10, 25) * 10,
      quantity: int(10, 30),
      verticalAllowed: [rand() < 0.5, rand() < 0.5, true] as [boolean, boolean, boolean],
    })),
  };
}

describe('parseThpack', () => {
  it('should read problems, seeds, containers and per-edge vertical flags', () => {
    const problems = parseThpack(SMALL);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ id: 1, seed: 2502505, container: { length: 587, width: 233, height: 220 } });
    expect(problems[0].boxTypes[1]).toEqual({
      id: 2,
      length: 110,
      width: 43,
      height: 25,
      verticalAllowed: [false, true, true],
      quantity: 33,
    });
    expect(problems[1]).toMatchObject({ id: 2, seed: 0, container: { length: 10, width: 6, height: 16 } });
  });

  it('should convert cm to mm and keep the flags', () => {
    const p = thpackToLoadingProblem(parseThpack(SMALL)[0]);
    expect(p.container).toEqual({ lengthMm: 5870, widthMm: 2330, heightMm: 2200 });
    expect(p.boxTypes[0]).toEqual({
      id: '1',
      lengthMm: 1080,
      widthMm: 760,
      heightMm: 300,
      quantity: 40,
      verticalAllowed: [false, false, true],
    });
  });

  it('should name the line of a malformed row', () => {
    const broken = SMALL.replace(' 2 110 0 43 1 25 1 33', ' 2 110 0 43 1 25 1');
    const err = errorOf(() => parseThpack(broken));
    expect(err.code).toBe('validation');
    expect(err.details[0].line).toBe(6);
    expect(err.message).toMatch(/line 6/);
    expect(errorOf(() => parseThpack(SMALL.replace('587 233 220', '587 x 220'))).details[0].line).toBe(3);
    expect(errorOf(() => parseThpack(SMALL.replace(' 3 92 1 81 1 55 1 39', ' 3 92 0 81 0 55 0 39'))).details[0].line).toBe(7);
    expect(errorOf(() => parseThpack('3\n1 0\n')).message).toMatch(/end of file/);
  });

  it.skipIf(!hasThpack)('should read BR1 and BR15 from the shared benchmark data', () => {
    const br1 = parseThpack(readFileSync(join(THPACK, 'br1.txt'), 'utf8'));
    expect(br1).toHaveLength(100);
    expect(br1.every((p) => p.boxTypes.length === 3)).toBe(true);
    const br15 = parseThpack(readFileSync(join(THPACK, 'br15.txt'), 'utf8'));
    expect(br15).toHaveLength(100);
    expect(br15[0].container).toEqual({ length: 587, width: 233, height: 220 });
  });
});

describe('loadContainer', () => {
  it('should fill a container exactly when the boxes tile it, rotating only as the flags allow', () => {
    const problem: LoadingProblem = {
      container: { lengthMm: 600, widthMm: 400, heightMm: 300 },
      // The posts may stand only on their 300 edge: 8 of them cover 2/3 of the floor, 24 cubes fill the rest.
      boxTypes: [
        { id: 'post', lengthMm: 300, widthMm: 200, heightMm: 100, quantity: 8, verticalAllowed: [true, false, false] },
        { id: 'cube', lengthMm: 100, widthMm: 100, heightMm: 100, quantity: 24, verticalAllowed: [true, true, true] },
      ],
    };
    const result = loadContainer(problem, { timeLimitMs: 5000, maxBeamWidth: 4 });
    expect(checkLoading(problem, result)).toEqual([]);
    expect(result.volumeUtilisation).toBeCloseTo(1, 9);
    expect(result.loadedBoxes).toBe(32);
    for (const p of result.placements.filter((q) => q.itemId === 'post')) expect(p.heightMm).toBe(300);
  });

  it('should load a mixed instance densely and pass the verifier, with and without the support rule', () => {
    const problem = randomProblem(4); // cargo = 104 % of the container
    for (const minSupportRatio of [0, 0.75]) {
      const result = loadContainer(problem, { timeLimitMs: 20_000, maxBeamWidth: 3, minSupportRatio });
      expect(checkLoading(problem, result, minSupportRatio)).toEqual([]);
      expect(result.volumeUtilisation).toBeGreaterThan(0.88);
    }
  });

  it('should load every box when the cargo fits', () => {
    const problem = randomProblem(7); // cargo = 79 % of the container
    const result = loadContainer(problem, { timeLimitMs: 20_000, maxBeamWidth: 3, minSupportRatio: 0.75 });
    expect(checkLoading(problem, result, 0.75)).toEqual([]);
    expect(result.loadedBoxes).toBe(problem.boxTypes.reduce((n, t) => n + t.quantity, 0));
  });

  it('should honour the support rule: nothing floats when it is on', () => {
    // A tall column and short boxes: without the rule, short boxes may be stacked over gaps.
    const problem = randomProblem(11);
    const result = loadContainer(problem, { timeLimitMs: 20_000, maxBeamWidth: 2, minSupportRatio: 1 });
    expect(checkLoading(problem, result, 1)).toEqual([]);
  });

  it('should be deterministic for a seed when the beam width, not the clock, ends the search', () => {
    const problem = randomProblem(3);
    const run = (seed: number) => loadContainer(problem, { timeLimitMs: 30_000, maxBeamWidth: 3, seed });
    const a = run(5);
    const b = run(5);
    expect(b.placements).toEqual(a.placements);
    expect(b.volumeUtilisation).toBe(a.volumeUtilisation);
  });

  it('should still return a greedy loading when the time limit is tiny', () => {
    const problem = randomProblem(4);
    const result = loadContainer(problem, { timeLimitMs: 1 });
    expect(checkLoading(problem, result)).toEqual([]);
    expect(result.volumeUtilisation).toBeGreaterThan(0.7);
  });

  it('should leave out boxes that fit no allowed orientation and reject bad input', () => {
    const problem: LoadingProblem = {
      container: { lengthMm: 100, widthMm: 100, heightMm: 50 },
      boxTypes: [
        { id: 'tall', lengthMm: 40, widthMm: 40, heightMm: 80, quantity: 3, verticalAllowed: [false, false, true] },
        { id: 'flat', lengthMm: 50, widthMm: 50, heightMm: 50, quantity: 2, verticalAllowed: [true, true, true] },
      ],
    };
    const result = loadContainer(problem, { timeLimitMs: 2000 });
    expect(result.placements.map((p) => p.itemId)).toEqual(['flat', 'flat']);
    expect(checkLoading(problem, result)).toEqual([]);

    const bad = structuredClone(problem);
    bad.boxTypes[0].widthMm = -1;
    expect(errorOf(() => loadContainer(bad, { timeLimitMs: 10 })).message).toMatch(/box type tall/);
    const none = structuredClone(problem);
    none.boxTypes[1].verticalAllowed = [false, false, false];
    expect(errorOf(() => loadContainer(none, { timeLimitMs: 10 })).message).toMatch(/flat.*vertical/);
    expect(errorOf(() => loadContainer(problem, { timeLimitMs: 10, minSupportRatio: 2 })).code).toBe('validation');
  });

  it.skipIf(!hasThpack)('should load BR1 #1 and BR10 #1 densely with a small beam, verified', () => {
    for (const [cls, floor] of [
      [1, 0.85],
      [10, 0.85],
    ]) {
      const problem = thpackToLoadingProblem(parseThpack(readFileSync(join(THPACK, `br${cls}.txt`), 'utf8'))[0]);
      for (const minSupportRatio of [0, 0.75]) {
        const result = loadContainer(problem, { timeLimitMs: 60_000, maxBeamWidth: 3, minSupportRatio });
        expect(checkLoading(problem, result, minSupportRatio)).toEqual([]);
        expect(result.volumeUtilisation).toBeGreaterThan(floor);
      }
    }
  });
});
