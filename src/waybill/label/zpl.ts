// ZPL II for Zebra-compatible printers. ASCII text uses the scalable built-in font 0; text with Chinese
// characters (no CJK in the built-in fonts) is rasterised and sent as a ^GFA graphic.

import { layoutLabel } from './layout.js';
import type { LabelContent, LabelDpi, LabelSize } from './model.js';
import { dotsPerMm, isAscii, type MonoBitmap, rasterText, toDots } from './raster.js';
import { code128, dotsPerModule, placeInDots, printerQrModules } from './symbols.js';

/** One label as a ^XA…^XZ format; positions in dots at `dpi` (8 dots/mm at 203, 11.81 at 300). */
export function renderZpl(content: LabelContent, size: LabelSize, dpi: LabelDpi = 203): string {
  const d = layoutLabel(content, size);
  const k = dotsPerMm(dpi);
  const out = ['^XA', '^CI28', `^PW${toDots(d.widthMm, k)}`, `^LL${toDots(d.heightMm, k)}`, '^LH0,0'];
  for (const item of d.items) {
    const at = `^FO${toDots(item.x, k)},${toDots(item.y, k)}`;
    switch (item.kind) {
      case 'text': {
        if (isAscii(item.text)) {
          const h = toDots(item.sizeMm, k);
          out.push(`${at}^A0N,${h},${h}${fieldData(item.text)}`);
        } else {
          out.push(`${at}${graphic(rasterText(item.text, item.sizeMm * k))}^FS`);
        }
        break;
      }
      case 'line': {
        const w = Math.max(1, toDots(item.w, k));
        const h = Math.max(1, toDots(item.h, k));
        out.push(`${at}^GB${w},${h},${Math.min(w, h)}^FS`);
        break;
      }
      case 'code128': {
        const p = placeInDots(item, code128(item.value).modules, k);
        // Mode A lets the printer pick subsets (C for digit pairs), as bwip-js does for the width estimate.
        out.push(`^FO${p.x},${p.y}^BY${p.module}^BCN,${toDots(item.h, k)},N,N,N,A^FD${item.value}^FS`);
        break;
      }
      case 'qr': {
        const magnification = Math.min(10, dotsPerModule(item.w * k, printerQrModules(item.value)));
        out.push(`${at}^BQN,2,${magnification}^FDMA,${item.value}^FS`);
        break;
      }
    }
  }
  out.push('^PQ1', '^XZ');
  return out.join('\n');
}

// Bitmaps are cached by the rasteriser, so their compressed form can be too.
const graphics = new WeakMap<MonoBitmap, string>();
function graphic(bm: MonoBitmap): string {
  let g = graphics.get(bm);
  if (!g) {
    const total = bm.bytesPerRow * bm.heightDots;
    g = `^GFA,${total},${total},${bm.bytesPerRow},${compressHex(bm)}`;
    graphics.set(bm, g);
  }
  return g;
}

/** ^FD with ^FH hex escapes for the three characters ZPL would read as commands or escapes. */
function fieldData(text: string): string {
  if (!/[\^~_]/.test(text)) return `^FD${text}^FS`;
  const escaped = text.replace(/[\^~_]/g, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `^FH_^FD${escaped}^FS`;
}

/**
 * ZPL ASCII compression of a ^GFA body: ':' repeats the previous row, ',' fills the rest of a row
 * with zeros, and runs of a hex digit get a count prefix (G..Y = 1..19, g..z = 20..400).
 */
export function compressHex(bm: MonoBitmap): string {
  const rows: string[] = [];
  let previous = '';
  for (let y = 0; y < bm.heightDots; y++) {
    const row = Buffer.from(bm.bits.subarray(y * bm.bytesPerRow, (y + 1) * bm.bytesPerRow))
      .toString('hex')
      .toUpperCase();
    if (row === previous) {
      rows.push(':');
      continue;
    }
    previous = row;
    const trimmed = row.replace(/0+$/, '');
    rows.push(runLength(trimmed) + (trimmed.length < row.length ? ',' : ''));
  }
  return rows.join('');
}

function runLength(hex: string): string {
  return hex.replace(/(.)\1+/g, (run, c: string) => count(run.length) + c);
}

function count(n: number): string {
  let s = '';
  while (n >= 20) {
    const twenties = Math.min(20, Math.floor(n / 20));
    s += String.fromCharCode('g'.charCodeAt(0) + twenties - 1);
    n -= twenties * 20;
  }
  return n > 0 ? s + String.fromCharCode('G'.charCodeAt(0) + n - 1) : s;
}
