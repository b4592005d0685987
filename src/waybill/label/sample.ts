// A realistic, already-masked label for tests, benchmarks and dashboard previews.

import type { LabelContent } from './model.js';

const NAMES = ['张**', '欧阳**', '李*', 'W****', '赵**'];

/** The i-th sample label: numbers, tokens and sort codes vary with i; personal data is masked. */
export function sampleLabelContent(i = 0): LabelContent {
  return {
    code: {
      waybillNo: `ZT7${String(1_000_000_000 + i * 7919).padStart(12, '0')}`,
      carrierName: '中通快递',
      qrToken: `GLQ1.${i.toString(36).padStart(6, '0')}.k3J9xQ2mZp7LwR4tY8vB`,
    },
    destination: {
      sortCode: `830-${100 + (i % 50)}-00 ${String(10 + (i % 80)).padStart(3, '0')}`,
      consolidationPoint: '乌鲁木齐转运中心',
    },
    recipient: { name: NAMES[i % NAMES.length], phone: '138******34', address: '新疆维吾尔自治区乌鲁木齐市天山区解放南路****' },
    sender: { name: NAMES[(i + 2) % NAMES.length], phone: '139******78', address: '浙江省杭州市西湖区文三路****' },
    contents: { text: '衣服 (棉质T恤)', weightKg: 0.5 + (i % 10) / 10, pieces: 1 + (i % 3) },
    signature: { note: '已验视' },
    printedDate: '2026-11-28',
  };
}
