// TSPL/TSPL2 for the TSC-style printers common in China (Gprinter, Xprinter, HPRT…). ASCII text uses
// the built-in dot fonts; text with Chinese characters goes as a BITMAP. The result is bytes, not a
// string, because BITMAP data is raw binary.

import { layoutLabel } from './layout.js';
import type { LabelContent, LabelDpi, LabelSize } from './model.js';
import { dotsPerMm, isAscii, rasterText, toDots } from './raster.js';
import { code128, dotsPerModule, placeInDots, printerQrModules } from './symbols.js';

// Built-in fixed-pitch fonts: name, width and height in dots, the same dots at any resolution (so a
// 300 dpi head needs larger multipliers). Font "4" is left out: at 0.75 em it is wider than the
// layout's text-width bound.
const FONTS: [string, number, number][] = [
  ['1', 8, 12],
  ['2', 12, 20],
  ['3', 16, 24],
  ['5', 32, 48],
];

/** One label; positions in dots at `dpi` (8 dots/mm at 203, 11.81 at 300). */
export function renderTspl(content: LabelContent, size: LabelSize, dpi: LabelDpi = 203): Buffer {
  const d = layoutLabel(content, size);
  const k = dotsPerMm(dpi);
  const parts: Buffer[] = [];
  const cmd = (line: string) => parts.push(Buffer.from(`${line}\r\n`, 'latin1'));
  // SIZE and GAP are in mm; a 2 mm gap between die-cut labels is the common roll.
  cmd(`SIZE ${d.widthMm} mm,${d.heightMm} mm`);
  cmd('GAP 2 mm,0 mm');
  cmd('DIRECTION 0');
  cmd('REFERENCE 0,0');
  cmd('CLS');
  for (const item of d.items) {
    const x = toDots(item.x, k);
    const y = toDots(item.y, k);
    switch (item.kind) {
      case 'text': {
        if (isAscii(item.text)) {
          const [font, mul] = pickFont(item.sizeMm * k);
          cmd(`TEXT ${x},${y},"${font}",0,${mul},${mul},"${item.text.replace(/"/g, '\\["]')}"`);
        } else {
          const bm = rasterText(item.text, item.sizeMm * k);
          // TSPL bitmaps print 0 bits black, the opposite of ours.
          const data = Buffer.from(bm.bits.map((b) => ~b & 0xff));
          parts.push(Buffer.from(`BITMAP ${x},${y},${bm.bytesPerRow},${bm.heightDots},0,`, 'latin1'), data, Buffer.from('\r\n'));
        }
        break;
      }
      case 'line':
        cmd(`BAR ${x},${y},${Math.max(1, toDots(item.w, k))},${Math.max(1, toDots(item.h, k))}`);
        break;
      case 'code128': {
        const p = placeInDots(item, code128(item.value).modules, k);
        // "128" switches subsets automatically; narrow = wide = one module.
        cmd(`BARCODE ${p.x},${p.y},"128",${toDots(item.h, k)},0,0,${p.module},${p.module},"${item.value}"`);
        break;
      }
      case 'qr': {
        const cell = Math.min(10, dotsPerModule(item.w * k, printerQrModules(item.value)));
        cmd(`QRCODE ${x},${y},M,${cell},A,0,"${item.value}"`);
        break;
      }
    }
  }
  cmd('PRINT 1,1');
  return Buffer.concat(parts);
}

/** The built-in font and multiplier whose height comes closest to `heightDots` without exceeding it. */
function pickFont(heightDots: number): [string, number] {
  let best: [string, number] = ['1', 1];
  let bestHeight = 0;
  // Unscaled fonts first: a native font beats a magnified smaller one of the same height.
  for (let mul = 1; mul <= 6; mul++) {
    for (const [name, , h] of FONTS) {
      if (h * mul <= heightDots && h * mul > bestHeight) {
        best = [name, mul];
        bestHeight = h * mul;
      }
    }
  }
  return best;
}
