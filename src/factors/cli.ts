import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { type Column, printRecord, printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { invalid, parseJsonText, SYSTEM_SCOPE } from '../core/index.js';
import type { Db } from '../db/index.js';
import type { Factor, FactorCategory, FactorSet, FactorSetSummary } from './model.js';
import { type FactorFilter, getFactor, listFactorSets, listFactors, loadFactorSet } from './store.js';
import { parseFactorCsv, parseFactorSetDocument } from './validate.js';

// The operator's CLI acts with the system scope: without --tenant it sees and loads shared sets.

const FACTOR_COLUMNS: Column<Factor>[] = [
  { header: 'id', value: (f) => f.id },
  { header: 'name', value: (f) => f.name },
  { header: 'unit', value: (f) => f.unit },
  { header: 'ttw', value: (f) => f.values.ttw },
  { header: 'wtt', value: (f) => f.values.wtt },
  { header: 'wtw', value: (f) => f.values.wtw },
  { header: 'region', value: (f) => f.region },
  { header: 'year', value: (f) => f.year },
  { header: 'licence', value: (f) => f.licence },
];

async function allFactors(db: Db, filter: FactorFilter): Promise<Factor[]> {
  const rows: Factor[] = [];
  let cursor: string | undefined;
  do {
    const page = await listFactors(db, SYSTEM_SCOPE, { ...filter, limit: 500, cursor });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

interface LoadFlags {
  tenant?: string;
  replace?: boolean;
  json?: boolean;
  id?: string;
  name?: string;
  setVersion?: string;
  publisher?: string;
  licence?: string;
  sourceUrl?: string;
  description?: string;
  attribution?: string;
}

function readSetFile(file: string, flags: LoadFlags): FactorSet {
  const ext = extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.csv') throw invalid(`${file}: expected a .json or .csv file`);
  const text = readFileSync(file, 'utf8');
  const meta = {
    id: flags.id,
    name: flags.name ?? flags.id,
    version: flags.setVersion,
    publisher: flags.publisher,
    licence: flags.licence,
    sourceUrl: flags.sourceUrl,
    description: flags.description,
    attribution: flags.attribution,
  };
  const given = Object.entries(meta).filter(([, v]) => v !== undefined);
  if (ext === '.json') {
    if (given.length > 0) throw invalid('set options (--id, --licence, ...) are for CSV files; a JSON document carries its own');
    return parseFactorSetDocument(parseJsonText(text));
  }
  return parseFactorCsv(text, Object.fromEntries(given) as Parameters<typeof parseFactorCsv>[1]);
}

export function registerFactorCommands(program: Command): void {
  const factors = program
    .command('factors')
    .description('the emission-factor library: built-in sets (DESNZ 2026, MEE 2022/2023, FEFCO) and loaded sets');

  factors
    .command('list')
    .description('list factors')
    .option('-s, --set <id>', 'only this factor set')
    .option('-c, --category <category>', 'freight | fuel | electricity | material | hub')
    .option('-t, --tenant <id>', "include this tenant's loaded sets")
    .option('--json', 'machine-readable output')
    .action(async (opts: { set?: string; category?: FactorCategory; tenant?: string; json?: boolean }) => {
      await withDb(async ({ db }) => {
        const rows = await allFactors(db, { setId: opts.set, category: opts.category, tenantId: opts.tenant });
        printRows(rows, FACTOR_COLUMNS, opts);
      });
    });

  factors
    .command('show <id>')
    .description('show one factor with its provenance, e.g. desnz-2026:hgv-average')
    .option('-t, --tenant <id>', "look in this tenant's loaded sets too")
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { tenant?: string; json?: boolean }) => {
      await withDb(async ({ db }) => {
        const f = await getFactor(db, SYSTEM_SCOPE, id, { tenantId: opts.tenant });
        if (opts.json) return printRecord({ ...f }, opts);
        const { values, ...rest } = f;
        printRecord({ ...rest, ttw: values.ttw, wtt: values.wtt, wtw: values.wtw }, opts);
      });
    });

  factors
    .command('search <text>')
    .description('find factors whose id, name or notes contain the text')
    .option('-t, --tenant <id>', "include this tenant's loaded sets")
    .option('--json', 'machine-readable output')
    .action(async (text: string, opts: { tenant?: string; json?: boolean }) => {
      await withDb(async ({ db }) => {
        printRows(await allFactors(db, { q: text, tenantId: opts.tenant }), FACTOR_COLUMNS, opts);
      });
    });

  factors
    .command('sets')
    .description('list factor sets')
    .option('-t, --tenant <id>', "include this tenant's loaded sets")
    .option('--json', 'machine-readable output')
    .action(async (opts: { tenant?: string; json?: boolean }) => {
      await withDb(async ({ db }) => {
        const page = await listFactorSets(db, SYSTEM_SCOPE, { tenantId: opts.tenant, limit: 500 });
        printRows<FactorSetSummary>(
          page.items,
          [
            { header: 'id', value: (s) => s.id },
            { header: 'version', value: (s) => s.version },
            { header: 'factors', value: (s) => s.factorCount },
            { header: 'owner', value: (s) => (s.builtIn ? 'built-in' : (s.tenantId ?? 'shared')) },
            { header: 'licence', value: (s) => s.licence },
          ],
          opts,
        );
      });
    });

  factors
    .command('load <file>')
    .description('load a factor set from a FactorSet JSON document or a CSV file (all rows or none)')
    .option('-t, --tenant <id>', 'the tenant that owns the set (default: shared with every tenant)')
    .option('--replace', 'replace a loaded set with the same id')
    .option('--id <id>', 'CSV: set id, e.g. glec-3.2-road')
    .option('--name <name>', 'CSV: set name (default: the id)')
    .option('--set-version <version>', 'CSV: version of the data')
    .option('--publisher <publisher>', 'CSV: who publishes the data')
    .option('--licence <licence>', 'CSV: licence of the data')
    .option('--source-url <url>', 'CSV: where the data comes from')
    .option('--description <text>', 'CSV: what the set holds')
    .option('--attribution <text>', 'CSV: attribution the licence asks for')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: LoadFlags) => {
      const set = readSetFile(file, opts);
      await withDb(async ({ db }) => {
        const loaded = await loadFactorSet(db, SYSTEM_SCOPE, set, { tenantId: opts.tenant ?? null, replace: opts.replace });
        if (opts.json) return printRecord({ ...loaded }, opts);
        const owner = loaded.tenantId ? `tenant ${loaded.tenantId}` : 'shared';
        process.stdout.write(
          `${loaded.replaced ? 'replaced' : 'loaded'} factor set ${loaded.id} ${loaded.version}: ${loaded.factorCount} factors (${owner})\n`,
        );
      });
    });
}
