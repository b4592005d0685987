#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerAuthCommands } from '../auth/cli.js';
import { registerConsolidationCommands } from '../consolidation/cli.js';
import { AppError } from '../core/index.js';
import { migrate } from '../db/index.js';
import { registerDemoCommands } from '../demo/cli.js';
import { registerFactorCommands } from '../factors/cli.js';
import { registerFootprintCommands } from '../footprint/cli.js';
import { registerInventoryCommands } from '../inventory/cli.js';
import { registerNetworkCommands } from '../network/cli.js';
import { registerPackingCommands } from '../packing/cli.js';
import { registerRecyclingCommands } from '../recycling/cli.js';
import { registerEpcCommands, registerReusableCommands } from '../reusables/index.js';
import { registerRoutingCommands } from '../routing/cli.js';
import { registerSolarCommands } from '../solar/cli.js';
import { registerWaybillCommands } from '../waybill/cli.js';
import { openRuntime } from './runtime.js';
import { registerServe } from './serve.js';

export function buildProgram(): Command {
  const program = new Command('greenlink')
    .description('Greenlink: measure and cut the carbon footprint of parcel logistics')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)');

  registerServe(program);
  program
    .command('migrate')
    .description('apply pending database migrations (serve does this too)')
    .action(async () => {
      const runtime = await openRuntime(undefined, { migrate: false });
      try {
        const applied = await migrate(runtime.db);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await runtime.close();
      }
    });
  registerAuthCommands(program);
  registerNetworkCommands(program);
  registerFactorCommands(program);
  registerFootprintCommands(program);
  registerPackingCommands(program);
  registerConsolidationCommands(program);
  registerRoutingCommands(program);
  registerWaybillCommands(program);
  registerEpcCommands(program);
  registerReusableCommands(program);
  registerRecyclingCommands(program);
  registerSolarCommands(program);
  registerInventoryCommands(program);
  registerDemoCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    // Commands that finish with partial failures (bad rows reported) set process.exitCode.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit with 0; usage errors were already printed by commander
      return err.exitCode;
    }
    const message = err instanceof AppError ? err.message : err instanceof Error ? err.message : String(err);
    const details = err instanceof AppError && err.details.length ? err.details : [];
    process.stderr.write(`greenlink: ${message}\n`);
    for (const d of details) {
      process.stderr.write(`  ${d.line ? `line ${d.line}: ` : ''}${d.field ? `${d.field}: ` : ''}${d.message}\n`);
    }
    return 1;
  }
}
