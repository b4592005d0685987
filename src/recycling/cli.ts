import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { SYSTEM_SCOPE } from '../core/index.js';
import { DEFAULT_VALIDITY_MONTHS, expireOldPoints } from './expiry.js';
import { recyclingMetrics } from './metrics.js';
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

  program
    .command('recycling')
    .description('station recycling figures')
    .command('metrics')
    .description('packages collected and reused, reuse rate, stations, cities, consumers, board and CO2e avoided')
    .option('--from <day>', 'first day, YYYY-MM-DD (station local time)')
    .option('--to <day>', 'last day, YYYY-MM-DD')
    .option('--city <city>', 'one city')
    .option('--station <id>', 'one station')
    .option('-t, --tenant <id>', 'one station operator')
    .option('--json', 'machine-readable output')
    .action(async (opts: { from?: string; to?: string; city?: string; station?: string; tenant?: string; json?: boolean }) => {
      const m = await withDb(({ db }) =>
        recyclingMetrics(db, SYSTEM_SCOPE, {
          fromDay: opts.from,
          toDay: opts.to,
          city: opts.city,
          stationId: opts.station,
          tenantId: opts.tenant,
        }),
      );
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
        return;
      }
      const rows = [{ label: 'total', ...m.totals }, ...m.byMonth.map((x) => ({ label: x.month, ...x }))];
      printRows(
        rows,
        [
          { header: 'period', value: (r) => r.label },
          { header: 'collected', value: (r) => r.collected },
          { header: 'reused', value: (r) => r.reused },
          { header: 'reuse rate', value: (r) => (r.reuseRate === null ? '' : `${(r.reuseRate * 100).toFixed(1)} %`) },
          { header: 'stations', value: (r) => r.stations },
          { header: 'cities', value: (r) => r.cities },
          { header: 'consumers', value: (r) => r.consumers },
          { header: 'board kg avoided', value: (r) => r.boardKgAvoided },
          { header: 'kg CO2e avoided', value: (r) => r.kgCo2eAvoided },
        ],
        {},
      );
    });

  program
    .command('points')
    .description('green points of consumers')
    .command('expire')
    .description('expire points not spent within their validity (first in, first out); run daily, safe to repeat')
    .requiredOption('-t, --tenant <id>', 'station operator')
    .option('--as-of <day>', 'run day, YYYY-MM-DD (default today, UTC)')
    .option('--months <n>', `validity in months (default ${DEFAULT_VALIDITY_MONTHS})`)
    .option('--json', 'machine-readable output')
    .action(async (opts: { tenant: string; asOf?: string; months?: string; json?: boolean }) => {
      const run = await withDb(({ db }) =>
        expireOldPoints(db, opts.tenant, {
          asOf: opts.asOf,
          validityMonths: opts.months === undefined ? undefined : Number(opts.months),
        }),
      );
      if (opts.json) process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
      else
        process.stdout.write(
          `expired ${run.pointsExpired} points of ${run.consumers} consumers (earned before ${run.cutoff.slice(0, 10)})\n`,
        );
    });
}
