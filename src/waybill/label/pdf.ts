// PDF labels with pdfkit: one page per label at the label's own size, the CJK font embedded (pdfkit
// subsets it to the glyphs used, so a page stays a few kB), bars and QR modules drawn as vectors.

import PDFDocument from 'pdfkit';
import { labelFont } from './font.js';
import { type LabelDrawing, layoutLabel } from './layout.js';
import type { LabelContent, LabelSize } from './model.js';
import { code128, qrMatrix } from './symbols.js';

const PT_PER_MM = 72 / 25.4;
const pt = (mm: number): number => mm * PT_PER_MM;

/** Renders the labels into one PDF, one page each (a batch prints as a single job). */
export async function renderPdf(labels: LabelContent[], size: LabelSize): Promise<Buffer> {
  // Lay out everything first so bad input fails before any PDF is produced.
  const drawings = labels.map((l) => layoutLabel(l, size));
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    info: { Title: 'Greenlink e-waybill labels', Creator: 'Greenlink' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit 0.20 takes a parsed fontkit font (anything with .layout); its typings only list file sources.
  doc.registerFont('label', labelFont() as unknown as Buffer);
  for (const d of drawings) drawPage(doc, d);
  doc.end();
  return done;
}

function drawPage(doc: PDFKit.PDFDocument, d: LabelDrawing): void {
  doc.addPage({ size: [pt(d.widthMm), pt(d.heightMm)], margin: 0 });
  doc.font('label').fillColor('black');
  for (const item of d.items) {
    switch (item.kind) {
      case 'text':
        doc.fontSize(pt(item.sizeMm)).text(item.text, pt(item.x), pt(item.y), { lineBreak: false });
        break;
      case 'line':
        doc.rect(pt(item.x), pt(item.y), pt(item.w), pt(item.h)).fill();
        break;
      case 'code128': {
        const { modules, bars } = code128(item.value);
        const m = item.w / modules;
        for (const [x, w] of bars) doc.rect(pt(item.x + x * m), pt(item.y), pt(w * m), pt(item.h));
        doc.fill();
        break;
      }
      case 'qr': {
        const { size, dark } = qrMatrix(item.value);
        const m = item.w / size;
        for (let y = 0; y < size; y++) {
          // One rectangle per run of dark modules: fewer operators and no seams between neighbours.
          for (let x = 0; x < size; x++) {
            if (!dark[y * size + x]) continue;
            const start = x;
            while (x + 1 < size && dark[y * size + x + 1]) x++;
            doc.rect(pt(item.x + start * m), pt(item.y + y * m), pt((x + 1 - start) * m), pt(m));
          }
        }
        doc.fill();
        break;
      }
    }
  }
}
