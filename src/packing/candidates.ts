import { candidateGrid } from './design.js';
import { rscBlankAreaM2 } from './material.js';
import type { Box } from './model.js';

// China Post standard cartons (邮政纸箱) No. 1-12, outer dimensions in mm. Inner = outer − 2 × 3 mm
// board (B flute) on length and width, − 4 × 3 mm on height (the flaps).
const CHINA_POST_OUTER_MM: [string, number, number, number][] = [
  ['cp-01', 530, 290, 370],
  ['cp-02', 530, 230, 290],
  ['cp-03', 430, 210, 270],
  ['cp-04', 350, 190, 230],
  ['cp-05', 290, 170, 190],
  ['cp-06', 260, 150, 180],
  ['cp-07', 230, 130, 160],
  ['cp-08', 210, 110, 140],
  ['cp-09', 195, 105, 135],
  ['cp-10', 175, 95, 115],
  ['cp-11', 145, 85, 105],
  ['cp-12', 130, 80, 90],
];

const BOARD_MM = 3;
const SINGLE_WALL_GSM = 440;

export function chinaPostBox(id: string, l: number, w: number, h: number, boardGsm = SINGLE_WALL_GSM): Box {
  const areaM2 = rscBlankAreaM2(l, w, h);
  return {
    id,
    innerLengthMm: l - 2 * BOARD_MM,
    innerWidthMm: w - 2 * BOARD_MM,
    innerHeightMm: h - 4 * BOARD_MM,
    outerLengthMm: l,
    outerWidthMm: w,
    outerHeightMm: h,
    emptyWeightG: Math.round(areaM2 * boardGsm),
    maxWeightG: l >= 350 ? 30_000 : 20_000,
    boardGsm,
    material: 'single-wall',
    // Price follows board area (about CNY 2.2 per m² of blank plus 0.3 of conversion): a demo price list.
    cost: Math.round((0.3 + areaM2 * 2.2) * 100) / 100,
  };
}

/** The twelve China Post sizes. */
export const CHINA_POST_BOXES: readonly Box[] = CHINA_POST_OUTER_MM.map(([id, l, w, h]) => chinaPostBox(id, l, w, h));

/** Default candidates for box-range design: the China Post sizes plus a coarse grid of RSC sizes. */
export function standardCandidates(): Box[] {
  const grid = candidateGrid({
    lengthsMm: [160, 200, 250, 300, 350, 400, 450, 500],
    widthsMm: [100, 140, 180, 220, 260, 300],
    heightsMm: [60, 100, 140, 180, 240, 300],
    boardGsm: SINGLE_WALL_GSM,
  });
  return [...CHINA_POST_BOXES, ...grid];
}
