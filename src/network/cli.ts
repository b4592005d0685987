import type { Command } from 'commander';
import { printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { SYSTEM_SCOPE } from '../core/index.js';
import type { Site, SiteKind } from './model.js';
import { listSites } from './store.js';

export function registerNetworkCommands(program: Command): void {
  const sites = program.command('sites').description('sites of the network: hubs, warehouses, stations, solar parks');
  sites
    .command('list')
    .description('list sites')
    .option('-k, --kind <kind>', 'hub | warehouse | station | solar_park | depot')
    .option('-t, --tenant <id>', 'only this tenant')
    .option('--json', 'machine-readable output')
    .action(async (opts: { kind?: SiteKind; tenant?: string; json?: boolean }) => {
      await withDb(async ({ db }) => {
        const rows: Site[] = [];
        let cursor: string | undefined;
        do {
          const page = await listSites(db, SYSTEM_SCOPE, { kind: opts.kind, tenantId: opts.tenant, limit: 500, cursor });
          rows.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        printRows(
          rows,
          [
            { header: 'id', value: (s) => s.id },
            { header: 'kind', value: (s) => s.kind },
            { header: 'name', value: (s) => s.name },
            { header: 'city', value: (s) => s.city },
            { header: 'region', value: (s) => s.region },
            { header: 'lat', value: (s) => s.lat },
            { header: 'lon', value: (s) => s.lon },
          ],
          opts,
        );
      });
    });
}
