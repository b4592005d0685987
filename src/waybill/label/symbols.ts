// Barcode encodings as plain bars and modules that each renderer draws itself at its own resolution
// (vectors in PDF, whole dots in PNG), so the symbols stay crisp and the same in every format.
// Code 128 comes from bwip-js; QR from lean-qr, which encodes in under 1 ms where bwip-js takes about
// 7 ms, too slow for 200 labels a second.

import bwipjs from 'bwip-js/node';
import { correction, generate } from 'lean-qr';
import type { Box } from './layout.js';

/** Code 128 bars: `[start, width]` in modules, out of `modules` in all (quiet zones not included). */
export interface Bars {
  modules: number;
  bars: [number, number][];
}

/** A square QR matrix: `dark[y * size + x]`. */
export interface QrMatrix {
  size: number;
  dark: Uint8Array;
}

export function code128(value: string): Bars {
  const [sym] = bwipjs.raw('code128', value, {}) as { sbs: number[] }[];
  const bars: [number, number][] = [];
  let x = 0;
  // sbs alternates bar, space, bar, … widths in modules.
  sym.sbs.forEach((w, i) => {
    if (i % 2 === 0) bars.push([x, w]);
    x += w;
  });
  return { modules: x, bars };
}

/** QR at error-correction level M: 15 % of a scuffed label can be lost (ZPL and TSPL print M too). */
export function qrMatrix(value: string): QrMatrix {
  // Pinning the level (no upgrade to Q/H when it would fit) saves a fifth of the encoding time.
  const code = generate(value, { minCorrectionLevel: correction.M, maxCorrectionLevel: correction.M });
  const dark = new Uint8Array(code.size * code.size);
  for (let y = 0; y < code.size; y++) for (let x = 0; x < code.size; x++) dark[y * code.size + x] = code.get(x, y) ? 1 : 0;
  return { size: code.size, dark };
}

// Bytes a QR version holds in byte mode at level M (ISO/IEC 18004 table 7), versions 1 to 7.
const QR_BYTES_M = [14, 26, 42, 62, 84, 106, 122];
export const MAX_QR_TOKEN_LENGTH = QR_BYTES_M[QR_BYTES_M.length - 1];

/**
 * Modules per side of the QR a printer builds itself (ZPL ^BQ, TSPL QRCODE) for a token of this
 * length: byte mode is the worst case, so the printed symbol is never larger than the box allows.
 */
export function printerQrModules(value: string): number {
  const version = QR_BYTES_M.findIndex((bytes) => Buffer.byteLength(value) <= bytes) + 1;
  return 17 + 4 * (version || QR_BYTES_M.length);
}

/**
 * Whole dots per module that fit `lengthDots`, at least 1; printers and scanners need whole dots, so
 * the symbol is centred in its box rather than stretched to fill it.
 */
export function dotsPerModule(lengthDots: number, modules: number): number {
  return Math.max(1, Math.floor(lengthDots / modules));
}

/** The symbol's placement in dots: origin centred in the box and the module size. */
export function placeInDots(box: Box, modules: number, dotsPerMm: number): { x: number; y: number; module: number } {
  const w = box.w * dotsPerMm;
  const module = dotsPerModule(w, modules);
  return { x: Math.round(box.x * dotsPerMm + (w - module * modules) / 2), y: Math.round(box.y * dotsPerMm), module };
}
