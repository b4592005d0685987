import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskAddress, maskName, maskPhone } from '../../core/mask.js';
import { renderBatch, renderLabel } from './index.js';
import { LABEL_SIZES, type LabelContent } from './model.js';
import { sampleLabelContent } from './sample.js';

// poppler-utils (pdftotext, pdfinfo) is installed by CI; elsewhere these tests skip.
const hasPoppler = !spawnSync('pdftotext', ['-v']).error;
const dir = mkdtempSync(join(tmpdir(), 'greenlink-label-'));

function poppler(tool: 'pdftotext' | 'pdfinfo', pdf: Buffer): string {
  const file = join(dir, `${tool}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(tool, tool === 'pdftotext' ? ['-layout', '-enc', 'UTF-8', file, '-'] : [file], { encoding: 'utf8' });
}

// Full personal data as a merchant sends it; the label only ever gets the masked values.
const FULL = {
  recipient: { name: '张小三', phone: '13812341234', address: '新疆维吾尔自治区乌鲁木齐市天山区解放南路88号3单元1202室' },
  sender: { name: '欧阳丽华', phone: '13956785678', address: '浙江省杭州市西湖区文三路90号东部软件园2幢301室' },
};
const masked = (p: (typeof FULL)['recipient']) => ({
  name: maskName(p.name),
  phone: maskPhone(p.phone),
  address: maskAddress(p.address),
});
const content: LabelContent = { ...sampleLabelContent(1), recipient: masked(FULL.recipient), sender: masked(FULL.sender) };

describe.skipIf(!hasPoppler)('PDF labels (text extracted by pdftotext)', () => {
  it.each(LABEL_SIZES)('should print the Chinese captions and masked names, and no full personal data, at %s', async (size) => {
    const text = poppler('pdftotext', (await renderLabel(content, { format: 'pdf', size })) as Buffer);
    for (const s of ['寄件人', '收件人', '集包地', '乌鲁木齐转运中心', content.code.waybillNo, content.destination.sortCode])
      expect(text).toContain(s);
    for (const p of [content.recipient, content.sender]) {
      expect(text).toContain(p.name);
      expect(text).toContain(p.phone);
    }
    expect(content.recipient.name).toBe('张**');
    expect(content.recipient.phone).toMatch(/^138\*{6}34$/);
    for (const p of [FULL.recipient, FULL.sender]) {
      expect(text).not.toContain(p.name);
      expect(text).not.toContain(p.phone);
    }
    expect(text).not.toMatch(/1202|301室|3单元/);
  });

  it.each(LABEL_SIZES)('should make the %s page the label size in points', async (size) => {
    const info = poppler('pdfinfo', (await renderLabel(content, { format: 'pdf', size })) as Buffer);
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    const [wMm, hMm] = size.split('x').map(Number);
    expect(Number(w)).toBeCloseTo((wMm * 72) / 25.4, 2);
    expect(Number(h)).toBeCloseTo((hMm * 72) / 25.4, 2);
  });

  it('should print a batch as one PDF with a page per label, embedding one subset font', async () => {
    const labels = [0, 1, 2, 3, 4].map(sampleLabelContent);
    const pdf = (await renderBatch(labels, { format: 'pdf', size: '100x180' })) as Buffer;
    expect(poppler('pdfinfo', pdf)).toMatch(/Pages:\s+5\n/);
    const pages = poppler('pdftotext', pdf).split('\f');
    labels.forEach((l, i) => {
      expect(pages[i]).toContain(l.code.waybillNo);
    });
    // One font, subset to the glyphs used, so a batch stays small.
    expect(pdf.length).toBeLessThan(200_000);
  });
});
