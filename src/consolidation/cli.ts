import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printRecord, printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { invalid, SYSTEM_SCOPE } from '../core/index.js';
import { cartonize, listBoxes } from '../packing/index.js';
import { parseOrdersCsv } from './csv.js';
import { consolidate, DEFAULT_HOLD_WINDOW_MINUTES } from './group.js';

export function registerConsolidationCommands(program: Command): void {
  program
    .command('consolidate <orders.csv>')
    .description('find orders that can ship as one parcel and what that saves against one parcel per order')
    .option('--hold-window <minutes>', 'how long an order may wait for another', String(DEFAULT_HOLD_WINDOW_MINUTES))
    .option('-t, --tenant <id>', 'pack with this tenant’s catalog (default: the shared one)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { holdWindow: string; tenant?: string; json?: boolean }) => {
      const hold = Number(opts.holdWindow);
      if (!Number.isInteger(hold) || hold < 0) throw invalid(`--hold-window must be minutes ≥ 0, got "${opts.holdWindow}"`);
      const orders = parseOrdersCsv(readFileSync(file, 'utf8'));
      const boxes = await withDb(({ db }) => listBoxes(db, SYSTEM_SCOPE, opts.tenant ?? null));
      if (boxes.length === 0) throw invalid('no box catalog: load one (PUT /v1/packing/boxes) or run greenlink demo load');
      const report = consolidate(orders, { holdWindowMinutes: hold, pack: (items) => cartonize({ items, boxes }) });
      if (opts.json) return printRecord(report as unknown as Record<string, unknown>, { json: true });
      printRows(
        report.groups.filter((g) => g.orderIds.length > 1),
        [
          { header: 'group', value: (g) => g.id },
          { header: 'orders', value: (g) => g.orderIds.join(' ') },
          { header: 'parcels', value: (g) => g.parcelCount },
          { header: 'alone', value: (g) => g.baseline.parcels },
          { header: 'board kg saved', value: (g) => g.avoided.boardKg },
        ],
        {},
      );
      const a = report.avoided;
      process.stdout.write(
        `${report.orderCount} orders: ${report.consolidated.parcels} parcels instead of ${report.baseline.parcels}; ` +
          `avoided ${a.parcels} parcels, ${a.labels} labels, ${a.boardKg.toFixed(3)} kg board, ${a.co2eKg.toFixed(3)} kg CO2e\n`,
      );
    });
}
