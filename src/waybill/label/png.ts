// PNG previews (dashboard, tests): the layout drawn with @napi-rs/canvas at the printer's resolution,
// bars and QR modules in whole dots as a thermal head would print them.

import { createCanvas } from '@napi-rs/canvas';
import { LABEL_FONT_FAMILY, registerCanvasFont } from './font.js';
import { layoutLabel } from './layout.js';
import type { LabelContent, LabelDpi, LabelSize } from './model.js';
import { dotsPerMm, toDots } from './raster.js';
import { code128, placeInDots, qrMatrix } from './symbols.js';

export async function renderPng(content: LabelContent, size: LabelSize, dpi: LabelDpi = 203): Promise<Buffer> {
  registerCanvasFont();
  const d = layoutLabel(content, size);
  const k = dotsPerMm(dpi);
  const canvas = createCanvas(toDots(d.widthMm, k), toDots(d.heightMm, k));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  ctx.textBaseline = 'top';
  for (const item of d.items) {
    switch (item.kind) {
      case 'text':
        ctx.font = `${item.sizeMm * k}px ${LABEL_FONT_FAMILY}`;
        ctx.fillText(item.text, item.x * k, item.y * k);
        break;
      case 'line':
        ctx.fillRect(toDots(item.x, k), toDots(item.y, k), Math.max(1, toDots(item.w, k)), Math.max(1, toDots(item.h, k)));
        break;
      case 'code128': {
        const { modules, bars } = code128(item.value);
        const at = placeInDots(item, modules, k);
        for (const [x, w] of bars) ctx.fillRect(at.x + x * at.module, at.y, w * at.module, toDots(item.h, k));
        break;
      }
      case 'qr': {
        const { size: n, dark } = qrMatrix(item.value);
        const at = placeInDots(item, n, k);
        for (let y = 0; y < n; y++) {
          for (let x = 0; x < n; x++)
            if (dark[y * n + x]) ctx.fillRect(at.x + x * at.module, at.y + y * at.module, at.module, at.module);
        }
        break;
      }
    }
  }
  return canvas.encode('png');
}
