import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { renderBatch, renderLabel } from './index.js';
import { LAYOUTS, layoutLabel, textWidthMm } from './layout.js';
import { LABEL_SIZES, type LabelContent } from './model.js';
import { sampleLabelContent } from './sample.js';

const errorOf = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
};

describe('layoutLabel', () => {
  it.each(LABEL_SIZES)('should keep every item of a %s label on the page', (size) => {
    const d = layoutLabel(sampleLabelContent(3), size);
    expect([d.widthMm, d.heightMm]).toEqual(size.split('x').map(Number));
    for (const item of d.items) {
      const w = item.kind === 'text' ? textWidthMm(item.text, item.sizeMm) : item.w;
      const h = item.kind === 'text' ? item.sizeMm : item.h;
      expect(item.x).toBeGreaterThanOrEqual(0);
      expect(item.y).toBeGreaterThanOrEqual(0);
      expect(item.x + w).toBeLessThanOrEqual(d.widthMm + 1e-9);
      expect(item.y + h).toBeLessThanOrEqual(d.heightMm + 1e-9);
    }
  });

  it.each(LABEL_SIZES)('should not let text run into rules, bars or the QR on a %s label', (size) => {
    const d = layoutLabel(sampleLabelContent(3), size);
    const boxOf = (i: (typeof d.items)[number]) =>
      i.kind === 'text' ? { x: i.x, y: i.y, w: textWidthMm(i.text, i.sizeMm), h: i.sizeMm } : { x: i.x, y: i.y, w: i.w, h: i.h };
    const overlap = (a: ReturnType<typeof boxOf>, b: ReturnType<typeof boxOf>) =>
      a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    const texts = d.items.filter((i) => i.kind === 'text');
    for (const t of texts) {
      for (const other of d.items) {
        if (other === t) continue;
        expect(overlap(boxOf(t), boxOf(other)), `${JSON.stringify(t)} overlaps ${JSON.stringify(other)}`).toBe(false);
      }
    }
  });

  it('should print the barcode again on the stub of two-part stock only', () => {
    const barcodes = (size: (typeof LABEL_SIZES)[number]) =>
      layoutLabel(sampleLabelContent(), size).items.filter((i) => i.kind === 'code128');
    expect(barcodes('76x130')).toHaveLength(1);
    expect(barcodes('100x180')).toHaveLength(2);
    expect(barcodes('100x150')).toHaveLength(2);
    expect(LAYOUTS['100x180'].stub?.box.y).toBe(110);
    expect(LAYOUTS['100x150'].stub?.box.y).toBe(90);
  });

  it('should refuse an address too long for the label, naming the field', () => {
    const long: LabelContent = {
      ...sampleLabelContent(),
      recipient: { ...sampleLabelContent().recipient, address: '很长的地址'.repeat(30) },
    };
    const e = errorOf(() => layoutLabel(long, '76x130'));
    expect(e.code).toBe('validation');
    expect(e.message).toMatch(/recipient\.address is too long for a 76x130 label/);
    expect(e.details[0].field).toBe('recipient.address');
  });

  it('should refuse a label without the recipient phone', () => {
    const c = sampleLabelContent();
    const e = errorOf(() => layoutLabel({ ...c, recipient: { ...c.recipient, phone: ' ' } }, '100x150'));
    expect(e.details.map((d) => d.field)).toEqual(['recipient.phone']);
  });

  it('should refuse waybill numbers and tokens that printer commands cannot carry', () => {
    const c = sampleLabelContent();
    expect(errorOf(() => layoutLabel({ ...c, code: { ...c.code, waybillNo: 'ZT 1^XZ' } }, '76x130')).details[0].field).toBe(
      'code.waybillNo',
    );
    expect(errorOf(() => layoutLabel({ ...c, code: { ...c.code, qrToken: 'a"b' } }, '76x130')).details[0].field).toBe(
      'code.qrToken',
    );
    expect(errorOf(() => layoutLabel({ ...c, code: { ...c.code, qrToken: 'x'.repeat(200) } }, '76x130')).code).toBe('validation');
  });
});

describe('renderLabel options', () => {
  it('should refuse an unknown size, format or dpi', async () => {
    const c = sampleLabelContent();
    // @ts-expect-error: an unknown size from an untyped caller
    await expect(renderLabel(c, { format: 'pdf', size: '50x50' })).rejects.toMatchObject({ code: 'validation' });
    // @ts-expect-error: an unknown format
    await expect(renderLabel(c, { format: 'epl' })).rejects.toMatchObject({ code: 'validation' });
    // @ts-expect-error: an unknown dpi
    await expect(renderLabel(c, { format: 'zpl', dpi: 600 })).rejects.toMatchObject({ code: 'validation' });
  });

  it('should refuse a PNG batch of more than one label', async () => {
    await expect(renderBatch([sampleLabelContent(0), sampleLabelContent(1)], { format: 'png' })).rejects.toMatchObject({
      code: 'validation',
    });
  });
});
