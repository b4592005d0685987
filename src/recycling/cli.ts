import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { SYSTEM_SCOPE } from '../core/index.js';
import { createStations, listStations, parseStationsCsv } from './stations.js';

export function registerRecyclingCommands(program: Command): void {
  const stations = program.command('stations').description('pick-up/drop-off stations that collect packaging');
  stations
    .command('import <file>')
    .description('import stations from CSV: id,name,city,province,lat,lon[,opening_hours,storage_capacity]; all or nothing')
    .requiredOption('-t, --tenant <id>', 'station operator tenant')
    .action(async (file: string, opts: { tenant: string }) => {
      const { stations: list, lines } = parseStationsCsv(readFileSync(file, 'utf8'));
      const created = await withDb(({ db }) => createStations(db, opts.tenant, list, lines));
      process.stdout.write(`imported ${created.length} stations\n`);
    });
  stations
    .command('list')
    .description('list stations')
    .option('-t, --tenant <id>', 'only this operator')
    .option('--city <city>', 'only this city')
    .option('--json', 'machine-readable output')
    .action(async (opts: { tenant?: string; city?: string; json?: boolean }) => {
      const list = await withDb(({ db }) => listStations(db, SYSTEM_SCOPE, { tenantId: opts.tenant, city: opts.city }));
      printRows(
        list,
        [
          { header: 'id', value: (s) => s.id },
          { header: 'name', value: (s) => s.name },
          { header: 'city', value: (s) => s.city },
          { header: 'province', value: (s) => s.province },
          { header: 'hours', value: (s) => s.openingHours },
          { header: 'capacity', value: (s) => s.storageCapacity },
        ],
        opts,
      );
    });
}
