// Label rendering for e-waybills: one layout per size, drawn as PDF, ZPL, TSPL or PNG.

import { invalid } from '../../core/errors.js';
import { type DrawItem, LAYOUTS, layoutLabel } from './layout.js';
import { DEFAULT_LABEL_SIZE, LABEL_FORMATS, type LabelContent, type LabelFormat, type LabelOptions } from './model.js';
import { renderPdf } from './pdf.js';
import { renderPng } from './png.js';
import { renderTspl } from './tspl.js';
import { renderZpl } from './zpl.js';

export * from './model.js';
export type { DrawItem };
export { layoutLabel, renderPdf, renderPng, renderTspl, renderZpl };

/** MIME type of each format, for HTTP responses and file names. */
export const LABEL_MIME: Record<LabelFormat, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  zpl: 'application/zpl',
  tspl: 'application/octet-stream',
};

/** One label. ZPL is text (a string); PDF, PNG and TSPL (which carries raw bitmaps) are bytes. */
export async function renderLabel(content: LabelContent, options: LabelOptions): Promise<Buffer | string> {
  const { format, size, dpi } = checkOptions(options);
  switch (format) {
    case 'pdf':
      return renderPdf([content], size);
    case 'png':
      return renderPng(content, size, dpi);
    case 'zpl':
      return renderZpl(content, size, dpi);
    case 'tspl':
      return renderTspl(content, size, dpi);
  }
}

/**
 * Many labels as one print job: one PDF with a page per label, or the printer commands one label
 * after another. PNG has no multi-page form, so a batch is refused.
 */
export async function renderBatch(labels: LabelContent[], options: LabelOptions): Promise<Buffer | string> {
  const { format, size, dpi } = checkOptions(options);
  switch (format) {
    case 'pdf':
      return renderPdf(labels, size);
    case 'zpl':
      return labels.map((l) => renderZpl(l, size, dpi)).join('\n');
    case 'tspl':
      return Buffer.concat(labels.map((l) => renderTspl(l, size, dpi)));
    case 'png':
      if (labels.length === 1) return renderPng(labels[0], size, dpi);
      throw invalid('PNG is a preview of one label; print a batch as pdf, zpl or tspl', [{ field: 'format', message: 'png' }]);
  }
}

function checkOptions(o: LabelOptions): Required<LabelOptions> {
  const size = o.size ?? DEFAULT_LABEL_SIZE;
  const dpi = o.dpi ?? 203;
  if (!LABEL_FORMATS.includes(o.format))
    throw invalid(`unknown label format ${o.format}`, [{ field: 'format', message: LABEL_FORMATS.join(', ') }]);
  if (!(size in LAYOUTS))
    throw invalid(`unknown label size ${size}`, [{ field: 'size', message: Object.keys(LAYOUTS).join(', ') }]);
  if (dpi !== 203 && dpi !== 300) throw invalid(`unsupported dpi ${dpi}`, [{ field: 'dpi', message: '203 or 300' }]);
  return { format: o.format, size, dpi };
}
