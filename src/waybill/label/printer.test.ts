import { describe, expect, it } from 'vitest';
import { renderBatch, renderLabel } from './index.js';
import { LABEL_SIZES, type LabelDpi } from './model.js';
import { dotsPerMm, rasterText } from './raster.js';
import { sampleLabelContent } from './sample.js';
import { compressHex } from './zpl.js';

const FULL_PHONES = ['13812341234', '13956785678'];
const content = sampleLabelContent(5);
const cases = LABEL_SIZES.flatMap((size) => ([203, 300] as LabelDpi[]).map((dpi) => ({ size, dpi })));
const dotsOf = (size: string, dpi: LabelDpi) => size.split('x').map((mm) => Math.round(Number(mm) * dotsPerMm(dpi)));

describe('ZPL', () => {
  it.each(cases)(
    'should draw a $size label in dots at $dpi dpi with the number in ^BC and the token in ^BQ',
    async ({ size, dpi }) => {
      const zpl = (await renderLabel(content, { format: 'zpl', size, dpi })) as string;
      const [w, h] = dotsOf(size, dpi);
      expect(zpl).toMatch(new RegExp(`\\^PW${w}\\n\\^LL${h}\\n`));
      expect(zpl.startsWith('^XA')).toBe(true);
      expect(zpl.endsWith('^XZ')).toBe(true);
      expect(zpl).toMatch(new RegExp(`\\^BCN,\\d+,N,N,N,A\\^FD${content.code.waybillNo}\\^FS`));
      expect(zpl).toContain(`^FDMA,${content.code.qrToken}^FS`);
      for (const [, x, y] of zpl.matchAll(/\^FO(\d+),(\d+)/g)) {
        expect(Number(x)).toBeLessThan(w);
        expect(Number(y)).toBeLessThan(h);
      }
    },
  );

  it('should print ASCII with the built-in font and Chinese as graphics, with masked phones only', async () => {
    const zpl = (await renderLabel(content, { format: 'zpl' })) as string;
    expect(zpl).toContain(`^FD${content.recipient.phone}^FS`);
    expect(zpl).toContain(`^FD${content.sender.phone}^FS`);
    for (const phone of FULL_PHONES) expect(zpl).not.toContain(phone);
    // No CJK left in the commands: every Chinese line became a ^GFA bitmap.
    expect(zpl).toMatch(/^[\x20-\x7e\n]*$/);
    expect(zpl).toContain('^GFA,');
  });

  it('should compress ^GFA bitmaps losslessly', () => {
    const bm = rasterText('收件人 张** 新疆维吾尔自治区', 28);
    expect(decompressHex(compressHex(bm), bm.bytesPerRow)).toEqual(Buffer.from(bm.bits).toString('hex').toUpperCase());
  });

  it('should print a batch as one format per label', async () => {
    const zpl = (await renderBatch([0, 1, 2].map(sampleLabelContent), { format: 'zpl', size: '100x150' })) as string;
    expect(zpl.match(/\^XA/g)).toHaveLength(3);
    expect(zpl.match(/\^XZ/g)).toHaveLength(3);
  });
});

describe('TSPL', () => {
  it.each(cases)(
    'should draw a $size label at $dpi dpi with the number in BARCODE "128" and the token in QRCODE',
    async ({ size, dpi }) => {
      const tspl = ((await renderLabel(content, { format: 'tspl', size, dpi })) as Buffer).toString('latin1');
      const [wMm, hMm] = size.split('x');
      const [w, h] = dotsOf(size, dpi);
      expect(tspl).toContain(`SIZE ${wMm} mm,${hMm} mm\r\n`);
      expect(tspl).toMatch(new RegExp(`BARCODE \\d+,\\d+,"128",\\d+,0,0,\\d+,\\d+,"${content.code.waybillNo}"\\r\\n`));
      expect(tspl).toMatch(new RegExp(`QRCODE \\d+,\\d+,M,\\d+,A,0,"${content.code.qrToken.replace(/\./g, '\\.')}"`));
      for (const [, x, y] of tspl.matchAll(/^(?:TEXT|BAR|BARCODE|QRCODE|BITMAP) (\d+),(\d+)/gm)) {
        expect(Number(x)).toBeLessThan(w);
        expect(Number(y)).toBeLessThan(h);
      }
      expect(tspl.endsWith('PRINT 1,1\r\n')).toBe(true);
    },
  );

  it('should send Chinese as BITMAP data of the declared size, and masked phones only as text', async () => {
    const tspl = (await renderLabel(content, { format: 'tspl', dpi: 300 })) as Buffer;
    const s = tspl.toString('latin1');
    // 3.5 mm at 300 dpi is 41 dots: font "2" (20 dots) doubled.
    expect(s).toMatch(new RegExp(`TEXT \\d+,\\d+,"2",0,2,2,"${content.recipient.phone.replace(/\*/g, '\\*')}"`));
    for (const phone of FULL_PHONES) expect(s).not.toContain(phone);
    // Walk the command stream: each BITMAP is followed by exactly bytes-per-row x height bytes.
    let at = 0;
    let bitmaps = 0;
    while (at < s.length) {
      const eol = s.indexOf('\r\n', at);
      const line = s.slice(at, eol);
      const bm = /^BITMAP \d+,\d+,(\d+),(\d+),0,/.exec(line);
      if (bm) {
        bitmaps++;
        const dataEnd = at + bm[0].length + Number(bm[1]) * Number(bm[2]);
        expect(s.slice(dataEnd, dataEnd + 2)).toBe('\r\n');
        at = dataEnd + 2;
      } else {
        expect(line).toMatch(/^[\x20-\x7e]*$/);
        at = eol + 2;
      }
    }
    expect(bitmaps).toBeGreaterThan(5);
  });
});

/** A reference decoder for ZPL's ^GFA ASCII compression, written from the ZPL manual. */
function decompressHex(data: string, bytesPerRow: number): string {
  const rowLength = bytesPerRow * 2;
  const rows: string[] = [];
  let row = '';
  let repeat = 0;
  for (const c of data) {
    if (c >= 'G' && c <= 'Y') repeat += c.charCodeAt(0) - 'F'.charCodeAt(0);
    else if (c >= 'g' && c <= 'z') repeat += 20 * (c.charCodeAt(0) - 'f'.charCodeAt(0));
    else if (c === ',') row = row.padEnd(rowLength, '0');
    else if (c === ':') row = rows[rows.length - 1];
    else {
      row += c.repeat(repeat || 1);
      repeat = 0;
    }
    if (row.length >= rowLength) {
      rows.push(row.padEnd(rowLength, '0'));
      row = '';
    }
  }
  return rows.join('');
}
