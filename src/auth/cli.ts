import type { Command } from 'commander';
import { printRecord, printRows } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { SYSTEM_SCOPE } from '../core/index.js';
import type { ApiKeyInfo, Tenant } from './model.js';
import { createApiKey, createTenant, listApiKeys, listTenants, revokeApiKey } from './store.js';

export function registerAuthCommands(program: Command): void {
  const keys = program.command('keys').description('manage API keys');

  keys
    .command('create')
    .description('create an API key and print it (the only output on stdout)')
    .requiredOption('-r, --role <role>', 'admin | analyst | merchant | station | courier')
    .option('-t, --tenant <id>', 'tenant the key acts for (required for merchant and station)')
    .option('-n, --name <name>', 'a label to recognise the key')
    .option('--json', 'print the key record as JSON')
    .action(async (opts: { role: string; tenant?: string; name?: string; json?: boolean }) => {
      await withDb(async ({ db }) => {
        const created = await createApiKey(db, { role: opts.role, tenantId: opts.tenant, name: opts.name });
        if (opts.json) printRecord({ ...created }, { json: true });
        else process.stdout.write(`${created.key}\n`);
        if (!opts.json) process.stderr.write(`created ${created.role} key ${created.id}; store it now, it is not shown again\n`);
      });
    });

  keys
    .command('list')
    .description('list API keys (never their secrets)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withDb(async ({ db }) => {
        const rows: ApiKeyInfo[] = [];
        let cursor: string | undefined;
        do {
          const page = await listApiKeys(db, SYSTEM_SCOPE, { limit: 500, cursor });
          rows.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        printRows(
          rows,
          [
            { header: 'id', value: (k) => k.id },
            { header: 'name', value: (k) => k.name },
            { header: 'role', value: (k) => k.role },
            { header: 'tenant', value: (k) => k.tenantId },
            { header: 'prefix', value: (k) => k.keyPrefix },
            { header: 'created', value: (k) => k.createdAt },
            { header: 'last used', value: (k) => k.lastUsedAt },
            { header: 'revoked', value: (k) => k.revokedAt },
          ],
          opts,
        );
      });
    });

  keys
    .command('revoke <id>')
    .description('revoke an API key; requests with it get 401 from then on')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withDb(async ({ db }) => {
        const key = await revokeApiKey(db, SYSTEM_SCOPE, id);
        printRecord({ ...key }, opts);
      });
    });

  const tenants = program.command('tenants').description('manage tenants (merchants, brands, station operators)');
  tenants
    .command('list')
    .description('list tenants')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withDb(async ({ db }) => {
        const page = await listTenants(db, SYSTEM_SCOPE, { limit: 500 });
        printRows<Tenant>(
          page.items,
          [
            { header: 'id', value: (t) => t.id },
            { header: 'name', value: (t) => t.name },
            { header: 'kind', value: (t) => t.kind },
            { header: 'created', value: (t) => t.createdAt },
          ],
          opts,
        );
      });
    });
  tenants
    .command('create')
    .description('create a tenant')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--kind <kind>', 'operator | merchant | brand | station_operator')
    .option('--json', 'machine-readable output')
    .action(async (opts: { name: string; kind: string; json?: boolean }) => {
      await withDb(async ({ db }) => printRecord({ ...(await createTenant(db, opts)) }, opts));
    });
}
