import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { invalid, parseJsonText, SYSTEM_SCOPE } from '../core/index.js';
import { parseCsv } from '../factors/index.js';
import { LABEL_FORMATS, LABEL_SIZES, type LabelDpi, type LabelFormat, type LabelSize } from './label/model.js';
import { printWaybills } from './labels.js';
import { getWaybill, issueWaybills, listCarriers, markReprinted } from './store.js';

const PARTY_FIELDS = ['name', 'phone', 'province', 'city', 'district', 'address'] as const;

/**
 * Parcels from a file: JSON `{"parcels":[...]}` or CSV with the columns order_key, carrier,
 * sender_name … sender_address, recipient_name … recipient_address, weight_kg, contents, pieces.
 */
export function readParcelsFile(file: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  if (text.trimStart().startsWith('{')) {
    const doc = parseJsonText(text) as { parcels?: unknown };
    if (!Array.isArray(doc.parcels)) throw invalid(`${file}: expected {"parcels":[...]}`);
    return doc.parcels;
  }
  const [header, ...rows] = parseCsv(text);
  if (!header) throw invalid(`${file}: empty CSV`);
  const names = header.fields.map((f) => f.trim().toLowerCase());
  return rows.map((row) => {
    const get = (name: string) => row.fields[names.indexOf(name)]?.trim() ?? '';
    const party = (who: string) => Object.fromEntries(PARTY_FIELDS.map((f) => [f, get(`${who}_${f}`)]));
    const weight = Number(get('weight_kg'));
    if (!Number.isFinite(weight))
      throw invalid(`line ${row.line}: weight_kg is not a number`, [{ line: row.line, message: 'weight_kg' }]);
    return {
      orderKey: get('order_key'),
      carrier: get('carrier'),
      sender: party('sender'),
      recipient: party('recipient'),
      weightKg: weight,
      contents: get('contents'),
      ...(get('pieces') ? { pieces: Number(get('pieces')) } : {}),
    };
  });
}

export function registerWaybillCommands(program: Command): void {
  const waybill = program.command('waybill').description('e-waybills: issue numbers, print labels');
  waybill
    .command('issue <parcels>')
    .description('issue e-waybills for parcels (JSON {"parcels":[...]} or CSV); the same order key gets the same waybill')
    .requiredOption('-t, --tenant <id>', 'tenant that ships the parcels')
    .option('--carrier <code>', 'carrier of parcels that name none')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { tenant: string; carrier?: string; json?: boolean }) => {
      const parcels = readParcelsFile(file);
      const issued = await withDb(({ db, keyRing }) =>
        issueWaybills(db, SYSTEM_SCOPE, keyRing, parcels, {
          tenantId: opts.tenant,
          ...(opts.carrier ? { defaultCarrier: opts.carrier } : {}),
        }),
      );
      printRows(
        issued,
        [
          { header: 'orderKey', value: (w) => w.orderKey },
          { header: 'waybillNo', value: (w) => w.waybillNo },
          { header: 'carrier', value: (w) => w.carrier },
          { header: 'recipient', value: (w) => `${w.recipient.name} ${w.recipient.phone}` },
          { header: 'sort code', value: (w) => w.sortCode },
          { header: 'new', value: (w) => (w.reused ? 'no (same order key)' : 'yes') },
        ],
        opts,
        issued.map((w) => ({ orderKey: w.orderKey, waybillNo: w.waybillNo, id: w.id, reused: w.reused })),
      );
    });

  waybill
    .command('print <waybills...>')
    .description('print labels of waybills (ids or numbers, or a file with one per line) into one file')
    .requiredOption('--out <file>', 'where to write the labels')
    .option('--format <format>', LABEL_FORMATS.join(' | '), 'pdf')
    .option('--size <size>', LABEL_SIZES.join(' | '), '76x130')
    .option('--dpi <dpi>', '203 | 300 (ZPL, TSPL, PNG)', '203')
    .action(async (refs: string[], opts: { out: string; format: string; size: string; dpi: string }) => {
      if (!LABEL_FORMATS.includes(opts.format as LabelFormat))
        throw invalid(`--format must be one of ${LABEL_FORMATS.join(', ')}`);
      if (!LABEL_SIZES.includes(opts.size as LabelSize)) throw invalid(`--size must be one of ${LABEL_SIZES.join(', ')}`);
      if (opts.dpi !== '203' && opts.dpi !== '300') throw invalid('--dpi must be 203 or 300');
      const ids = refs.flatMap((ref) =>
        /^[\w.-]+\.(txt|csv)$/.test(ref)
          ? readFileSync(ref, 'utf8')
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean)
          : [ref],
      );
      await withDb(async ({ db, keyRing }) => {
        const waybills = [];
        for (const id of ids) waybills.push(await getWaybill(db, SYSTEM_SCOPE, keyRing, id));
        const names = new Map((await listCarriers(db, SYSTEM_SCOPE)).map((c) => [c.code, c.name]));
        const out = await printWaybills(waybills, names, {
          format: opts.format as LabelFormat,
          size: opts.size as LabelSize,
          dpi: Number(opts.dpi) as LabelDpi,
        });
        writeFileSync(opts.out, out);
        for (const w of waybills) await markReprinted(db, SYSTEM_SCOPE, keyRing, w.id);
        process.stderr.write(`${waybills.length} label(s) written to ${opts.out}\n`);
      });
    });
}
