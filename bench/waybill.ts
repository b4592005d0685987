import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { createTenant } from '../src/auth/index.js';
import { type KeyRing, SYSTEM_SCOPE } from '../src/core/index.js';
import { migrate, openDb } from '../src/db/index.js';
import { type LabelContent, renderPdf, renderZpl } from '../src/waybill/label/index.js';
import { labelContentOf } from '../src/waybill/labels.js';
import type { ParcelInput } from '../src/waybill/model.js';
import { issueWaybills } from '../src/waybill/store.js';

// E-waybills: issuance in batches of 1,000 on the embedded database (SQLite in a temp dir; numbers
// allocated, parties encrypted, rows written, one transaction per batch), then labels rendered:
// PDF (one document of N pages, CJK font embedded) and ZPL at 203 dpi.
// Options: --waybills N (default 20,000), --labels N (default 500).

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const parcel = (i: number): ParcelInput => ({
  orderKey: `BENCH-${i}`,
  carrier: i % 3 === 0 ? 'SF' : 'ZTO',
  sender: {
    name: '西湖茶庄',
    phone: '057187654321',
    province: '浙江省',
    city: '杭州市',
    district: '西湖区',
    address: '龙井路18号',
  },
  recipient: {
    name: `王${String.fromCharCode(0x4e00 + (i % 5000))}明`,
    phone: `138${String(i).padStart(8, '0')}`,
    province: '广东省',
    city: '深圳市',
    district: '南山区',
    address: `科技园路${(i % 300) + 1}号${(i % 30) + 1}幢${1000 + (i % 900)}室`,
  },
  weightKg: 1 + (i % 20) / 10,
  contents: '茶叶',
});

export default async function run(args: string[]): Promise<void> {
  const total = option(args, '--waybills', 20_000);
  const labelCount = option(args, '--labels', 500);
  const dir = mkdtempSync(join(tmpdir(), 'greenlink-bench-waybill-'));
  const db = await openDb({ sqlitePath: join(dir, 'bench.db') });
  try {
    await migrate(db);
    const ring: KeyRing = { currentKeyId: 'b1', keys: { b1: randomBytes(32) } };
    const tenant = await createTenant(db, { name: 'Bench shop', kind: 'merchant' });
    const batch = 1000;
    const started = performance.now();
    const issued = [];
    for (let from = 0; from < total; from += batch) {
      const parcels = Array.from({ length: Math.min(batch, total - from) }, (_, k) => parcel(from + k));
      issued.push(...(await issueWaybills(db, SYSTEM_SCOPE, ring, parcels, { tenantId: tenant.id })));
    }
    const issueS = (performance.now() - started) / 1000;
    const unique = new Set(issued.map((w) => w.waybillNo)).size;

    const labels: LabelContent[] = issued.slice(0, labelCount).map((w) => labelContentOf(w, w.carrier));
    let t = performance.now();
    const pdf = await renderPdf(labels, '76x130');
    const pdfS = (performance.now() - t) / 1000;
    t = performance.now();
    let zplBytes = 0;
    for (const l of labels) zplBytes += renderZpl(l, '76x130', 203).length;
    const zplS = (performance.now() - t) / 1000;

    const rows = [
      {
        what: `issue ${total} waybills (batches of ${batch})`,
        perSecond: total / issueS,
        seconds: issueS,
        note: `${unique} distinct numbers`,
      },
      {
        what: `${labelCount} PDF labels, one document`,
        perSecond: labelCount / pdfS,
        seconds: pdfS,
        note: `${Math.round(pdf.length / 1024)} KiB`,
      },
      {
        what: `${labelCount} ZPL labels, 203 dpi`,
        perSecond: labelCount / zplS,
        seconds: zplS,
        note: `${Math.round(zplBytes / 1024)} KiB`,
      },
    ];
    const table = new Table({ head: ['what', 'per second', 'seconds', 'note'], style: { head: [], border: [] } });
    for (const r of rows) table.push([r.what, Math.round(r.perSecond), r.seconds.toFixed(2), r.note]);
    console.log(table.toString());
    console.log(
      JSON.stringify({
        bench: 'waybill',
        waybills: total,
        waybillsPerS: Math.round(total / issueS),
        distinctNumbers: unique,
        pdfLabelsPerS: Math.round(labelCount / pdfS),
        zplLabelsPerS: Math.round(labelCount / zplS),
        loadAverage: Math.round(loadavg()[0] * 100) / 100,
        node: process.version,
      }),
    );
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
