import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { renderLabel } from './index.js';
import { LABEL_SIZES, type LabelDpi } from './model.js';
import { sampleLabelContent } from './sample.js';

beforeAll(async () => {
  // The decoder's WASM comes from node_modules; by default zxing-wasm would fetch it from a CDN.
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
  await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
});

describe('PNG labels decoded by a real reader (zxing-cpp)', () => {
  const cases = LABEL_SIZES.flatMap((size) => ([203, 300] as LabelDpi[]).map((dpi) => ({ size, dpi })));

  it.each(cases)('should carry the waybill number in Code 128 and the token in QR at $size, $dpi dpi', async ({ size, dpi }) => {
    const content = sampleLabelContent(7);
    const png = (await renderLabel(content, { format: 'png', size, dpi })) as Buffer;
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const results = await readBarcodes(new Uint8Array(png), {
      formats: ['Code128', 'QRCode'],
      tryHarder: true,
      maxNumberOfSymbols: 4,
    });
    const texts = (format: string) => results.filter((r) => r.isValid && r.format === format).map((r) => r.text);
    // Two-part stock prints the number on the stub too.
    expect(texts('Code128')).toEqual(Array(size === '76x130' ? 1 : 2).fill(content.code.waybillNo));
    expect(texts('QRCode')).toEqual([content.code.qrToken]);
  });

  it('should size the image to the label at the printer resolution', async () => {
    const png = (await renderLabel(sampleLabelContent(), { format: 'png', size: '100x150', dpi: 300 })) as Buffer;
    // IHDR: width and height are the big-endian words at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([
      Math.round((100 * 300) / 25.4),
      Math.round((150 * 300) / 25.4),
    ]);
  });
});
