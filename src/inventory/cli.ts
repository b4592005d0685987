import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { invalid, SYSTEM_SCOPE } from '../core/index.js';
import { progress } from './progress.js';
import { getInventory, getTargets, importActivityCsvText, syncSolar } from './service.js';

const kg = (v: number) => Math.round(v * 1000) / 1000;

function yearOf(text: string | undefined): number {
  if (text === undefined) return new Date().getUTCFullYear();
  const y = Number(text);
  if (!/^\d{4}$/.test(text)) throw invalid('--year must be a year like 2025', [{ field: 'year', message: 'YYYY' }]);
  return y;
}

export function registerInventoryCommands(program: Command): void {
  const inventory = program.command('inventory').description('GHG inventory: Scope 1, 2 (both methods) and 3');
  inventory
    .command('show', { isDefault: true })
    .description('totals of a year by scope, Scope 2 location- and market-based (the default command)')
    .option('--year <year>', 'reporting year (default this year)')
    .option('-t, --tenant <id>', 'one tenant (default the whole company)')
    .option('--json', 'the whole inventory as JSON')
    .action(async (opts: { year?: string; tenant?: string; json?: boolean }) => {
      const year = yearOf(opts.year);
      const inv = await withDb(({ db }) => getInventory(db, SYSTEM_SCOPE, { year, tenantId: opts.tenant }));
      const t = inv.totals;
      const rows = [
        { scope: 'Scope 1', kg: t.scope1KgCo2e },
        { scope: 'Scope 2 (location-based)', kg: t.scope2LocationKgCo2e },
        { scope: 'Scope 2 (market-based)', kg: t.scope2MarketKgCo2e },
        { scope: 'Scope 3', kg: t.scope3KgCo2e },
        { scope: 'Total (location-based)', kg: t.totalLocationKgCo2e },
        { scope: 'Total (market-based)', kg: t.totalMarketKgCo2e },
      ];
      printRows(
        rows,
        [
          { header: `${year}${opts.tenant ? ` ${opts.tenant}` : ''}`, value: (r) => r.scope },
          { header: 'kg CO2e', value: (r) => kg(r.kg).toFixed(3) },
        ],
        opts,
        inv,
      );
      if (!opts.json) {
        process.stdout.write(
          `${t.lineCount} lines; offsets retired ${inv.claims.offsets.retiredTCo2e} t CO2e and certificates ${inv.claims.certificates.retiredMwh} MWh reported apart (never netted)\n`,
        );
      }
    });
  inventory
    .command('import <file>')
    .description(
      'import activity data from CSV (year,month,scope,category,quantity,unit,factor_id[,site_id,region,boundary,source_ref,note]); all or nothing, re-imports not counted twice',
    )
    .requiredOption('-t, --tenant <id>', 'tenant the activity belongs to')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { tenant: string; json?: boolean }) => {
      const text = readFileSync(file, 'utf8');
      const res = await withDb(({ db }) => importActivityCsvText(db, SYSTEM_SCOPE, text, opts.tenant));
      if (opts.json) process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
      else process.stdout.write(`imported ${res.inserted} lines (${res.duplicates} already imported) of ${res.rows} rows\n`);
    });
  inventory
    .command('sync')
    .description("Scope 2 lines of a year from the solar parks' meters (replaces the year's solar lines; safe to repeat)")
    .option('--year <year>', 'reporting year (default this year)')
    .option('-t, --tenant <id>', 'one tenant (default every tenant with parks)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { year?: string; tenant?: string; json?: boolean }) => {
      const year = yearOf(opts.year);
      const res = await withDb(({ db }) => syncSolar(db, SYSTEM_SCOPE, { year, tenantId: opts.tenant }));
      if (opts.json) process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
      else
        process.stdout.write(
          `${res.lines} Scope 2 lines from ${res.parks} parks: location ${kg(res.locationKgCo2e)} kg, market ${kg(res.marketKgCo2e)} kg CO2e\n`,
        );
    });

  program
    .command('targets')
    .description('climate targets with pathway, gap and status (defaults on the 2021 base year when none are set)')
    .option('-t, --tenant <id>', 'one tenant (default the whole company)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { tenant?: string; json?: boolean }) => {
      const res = await withDb(({ db }) => getTargets(db, SYSTEM_SCOPE, { tenantId: opts.tenant }));
      const rows = res.targets.flatMap((p) => p.years.map((y) => ({ id: p.target.id, status: p.status, ...y })));
      printRows(
        rows,
        [
          { header: 'target', value: (r) => r.id },
          { header: 'year', value: (r) => r.year },
          { header: 'actual kg', value: (r) => kg(r.actual).toFixed(3) },
          { header: 'pathway kg', value: (r) => kg(r.pathway).toFixed(3) },
          { header: 'gap kg', value: (r) => kg(r.gap).toFixed(3) },
          { header: 'on track', value: (r) => (r.onTrack ? 'yes' : 'no') },
          { header: 'status', value: (r) => r.status },
        ],
        opts,
        res,
      );
      if (!opts.json) for (const w of res.warnings) process.stdout.write(`note: ${w}\n`);
    });

  program
    .command('progress')
    .description("progress tiles: each green initiative's figure and kg CO2e avoided, from the modules' own data")
    .option('--year <year>', 'reporting year (default this year)')
    .option('--from <day>', 'first local day, YYYY-MM-DD (with --to, instead of --year)')
    .option('--to <day>', 'local day after the last, YYYY-MM-DD (exclusive)')
    .option('-t, --tenant <id>', 'one tenant (default the whole company)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { year?: string; from?: string; to?: string; tenant?: string; json?: boolean }) => {
      const period =
        opts.from !== undefined || opts.to !== undefined ? { from: opts.from, to: opts.to } : { year: yearOf(opts.year) };
      const res = await withDb(({ db, keyRing }) => progress(db, SYSTEM_SCOPE, keyRing, { ...period, tenantId: opts.tenant }));
      const num = (v: number | null) => (v === null ? '-' : String(Math.round(v * 1000) / 1000));
      printRows(
        res.tiles,
        [
          { header: `${res.period.from}..${res.period.to}${opts.tenant ? ` ${opts.tenant}` : ''}`, value: (r) => r.label },
          { header: 'value', value: (r) => num(r.value) },
          { header: 'unit', value: (r) => r.unit },
          { header: 'kg CO2e avoided', value: (r) => num(r.kgCo2eAvoided) },
          { header: 'page', value: (r) => r.page },
        ],
        opts,
        res,
      );
    });
}
