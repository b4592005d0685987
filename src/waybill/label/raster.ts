// Millimetres to printer dots, and Chinese text as 1-bit bitmaps for ZPL and TSPL, whose built-in
// fonts have no CJK glyphs.

import { createCanvas } from '@napi-rs/canvas';
import { LABEL_FONT_FAMILY, registerCanvasFont } from './font.js';
import { textWidthMm } from './layout.js';
import type { LabelDpi } from './model.js';

/**
 * Dots per millimetre of a print head. A "203 dpi" head is really 8 dots/mm (203.2 dpi), so 203 maps
 * to exactly 8; a 300 dpi head is 300 / 25.4 = 11.81 dots/mm. Positions are rounded to whole dots.
 */
export function dotsPerMm(dpi: LabelDpi): number {
  return dpi === 203 ? 8 : 300 / 25.4;
}

export const toDots = (mm: number, dpmm: number): number => Math.round(mm * dpmm);

/** A monochrome bitmap, rows padded to whole bytes, most significant bit leftmost, 1 = black. */
export interface MonoBitmap {
  widthDots: number;
  heightDots: number;
  bytesPerRow: number;
  bits: Uint8Array;
}

/** True if the printer's built-in fonts can print the text (plain ASCII). */
export const isAscii = (text: string): boolean => /^[\x20-\x7e]*$/.test(text);

// Captions (收件人, 寄件人, 集包地…) and common values repeat on every label of a batch: keep their
// bitmaps. The cache is simply emptied when full.
const cache = new Map<string, MonoBitmap>();
const CACHE_LIMIT = 2000;

/** Draws one line of text with the label font at `sizeDots` em height and thresholds it to 1 bit. */
export function rasterText(text: string, sizeDots: number): MonoBitmap {
  const key = `${sizeDots}|${text}`;
  let bm = cache.get(key);
  if (!bm) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    bm = draw(text, sizeDots);
    cache.set(key, bm);
  }
  return bm;
}

function draw(text: string, sizeDots: number): MonoBitmap {
  registerCanvasFont();
  // The layout's width bound instead of measureText: never too narrow, and a third faster.
  const widthDots = Math.max(8, Math.ceil(textWidthMm(text, sizeDots)));
  const heightDots = Math.ceil(sizeDots);
  const ctx = createCanvas(widthDots, heightDots).getContext('2d');
  ctx.font = `${sizeDots}px ${LABEL_FONT_FAMILY}`;
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#000';
  ctx.fillText(text, 0, 0);
  const rgba = ctx.getImageData(0, 0, widthDots, heightDots).data;
  const bytesPerRow = Math.ceil(widthDots / 8);
  const bits = new Uint8Array(bytesPerRow * heightDots);
  for (let y = 0; y < heightDots; y++) {
    for (let x = 0; x < widthDots; x++) {
      // Black ink on a transparent canvas: coverage is the alpha; half covered prints.
      if (rgba[(y * widthDots + x) * 4 + 3] >= 128) bits[y * bytesPerRow + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return { widthDots, heightDots, bytesPerRow, bits };
}
