import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printRecord, printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { parseOrdersCsv } from '../consolidation/index.js';
import { AppError, ErrorCode, invalid, parseJsonText, SYSTEM_SCOPE } from '../core/index.js';
import { standardCandidates } from './candidates.js';
import { designBoxRange } from './design.js';
import type { Box, Item, PackObjective } from './model.js';
import { cartonize } from './pack.js';
import { listBoxes } from './store.js';
import { renderParcelSvg } from './svg.js';
import { validatePackOrder } from './validate.js';

const OBJECTIVES = ['co2e', 'cost', 'boxes'];

export function registerPackingCommands(program: Command): void {
  program
    .command('pack <order.json>')
    .description('cartonize an order: {"items":[...],"boxes":[...]} (boxes default to the catalog)')
    .option('--objective <objective>', 'co2e | cost | boxes (default co2e)')
    .option('--svg <file>', 'write an isometric SVG of the first parcel')
    .option('-t, --tenant <id>', 'use this tenant’s catalog when the order has no boxes')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { objective?: string; svg?: string; tenant?: string; json?: boolean }) => {
      if (opts.objective && !OBJECTIVES.includes(opts.objective))
        throw invalid(`--objective must be one of ${OBJECTIVES.join(', ')}`);
      const doc = parseJsonText(readFileSync(file, 'utf8')) as { items?: Item[]; boxes?: Box[]; objective?: PackObjective };
      let boxes = doc.boxes;
      if (!boxes?.length) boxes = await withDb(({ db }) => listBoxes(db, SYSTEM_SCOPE, opts.tenant ?? null));
      const order = {
        ...doc,
        items: doc.items ?? [],
        boxes,
        objective: (opts.objective as PackObjective | undefined) ?? doc.objective,
      };
      validatePackOrder(order);
      const result = cartonize(order);
      if (opts.svg) {
        const first = result.parcels.find((p) => p.boxId);
        const box = first ? boxes.find((b) => b.id === first.boxId) : undefined;
        if (!first || !box) throw new AppError(ErrorCode.Unprocessable, 'no boxed parcel to draw');
        writeFileSync(opts.svg, renderParcelSvg(box, first.placements, order.items));
      }
      if (opts.json) return printRecord(result as unknown as Record<string, unknown>, { json: true });
      printRows(
        result.parcels,
        [
          { header: 'box', value: (p) => p.boxId ?? '(own container)' },
          { header: 'units', value: (p) => p.placements.length },
          { header: 'weight g', value: (p) => p.weightG },
          { header: 'utilisation %', value: (p) => Math.round(p.volumeUtilisation * 1000) / 10 },
          { header: 'dim weight kg', value: (p) => p.dimWeightKg },
          { header: 'board g', value: (p) => Math.round(p.boardKg * 1000) },
          { header: 'kg CO2e', value: (p) => p.co2eKg },
        ],
        {},
      );
      for (const u of result.unpacked) process.stdout.write(`unpacked: ${u.itemId} × ${u.quantity}: ${u.reason}\n`);
    });

  const boxes = program.command('boxes').description('box catalogs and box-range design');
  boxes
    .command('list')
    .description('the box catalog (a tenant’s own, else the shared one)')
    .option('-t, --tenant <id>', 'tenant')
    .option('--json', 'machine-readable output')
    .action(async (opts: { tenant?: string; json?: boolean }) => {
      const list = await withDb(({ db }) => listBoxes(db, SYSTEM_SCOPE, opts.tenant ?? null));
      printRows(
        list,
        [
          { header: 'id', value: (b) => b.id },
          { header: 'inner mm', value: (b) => `${b.innerLengthMm}×${b.innerWidthMm}×${b.innerHeightMm}` },
          { header: 'outer mm', value: (b) => `${b.outerLengthMm}×${b.outerWidthMm}×${b.outerHeightMm}` },
          { header: 'max kg', value: (b) => b.maxWeightG / 1000 },
          { header: 'g/m²', value: (b) => b.boardGsm },
          { header: 'cost', value: (b) => b.cost },
        ],
        opts,
      );
    });
  boxes
    .command('design <orders.csv>')
    .description('choose K box sizes that minimise board over an order history (consolidation CSV format)')
    .requiredOption('-k, --k <k>', 'number of box sizes')
    .option('--minimise <what>', 'board | cost', 'board')
    .option('-t, --tenant <id>', 'compare with this tenant’s catalog (default: the shared one)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { k: string; minimise: string; tenant?: string; json?: boolean }) => {
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 1) throw invalid(`--k must be a positive integer, got "${opts.k}"`);
      const orders = parseOrdersCsv(readFileSync(file, 'utf8'));
      const current = await withDb(({ db }) => listBoxes(db, SYSTEM_SCOPE, opts.tenant ?? null));
      const result = designBoxRange({
        orders: orders.map((o) => ({ id: o.id, items: o.items })),
        candidates: standardCandidates(),
        current,
        k,
        minimise: opts.minimise === 'cost' ? 'cost' : 'board',
      });
      if (opts.json) return printRecord(result as unknown as Record<string, unknown>, { json: true });
      printRows(
        result.boxes,
        [
          { header: 'box', value: (b) => b.id },
          { header: 'outer mm', value: (b) => `${b.outerLengthMm}×${b.outerWidthMm}×${b.outerHeightMm}` },
          { header: 'parcels', value: (b) => result.totals.usage[b.id] ?? 0 },
        ],
        {},
      );
      const pct = result.savingBoardShare !== undefined ? ` (${Math.round(result.savingBoardShare * 1000) / 10} %)` : '';
      process.stdout.write(
        `board: ${result.totals.boardKg.toFixed(3)} kg with the new range` +
          (result.current
            ? ` vs ${result.current.boardKg.toFixed(3)} kg with the current catalog; saving ${result.savingBoardKg?.toFixed(3)} kg${pct}`
            : '') +
          '\n',
      );
    });
}
