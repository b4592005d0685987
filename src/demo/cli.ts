import type { Command } from 'commander';
import { printRecord } from '../cli/output.js';
import { withDb } from '../cli/runtime.js';
import { AppError, ErrorCode } from '../core/index.js';
import { loadDemo, needsDemo } from './index.js';

export function registerDemoCommands(program: Command): void {
  const demo = program.command('demo').description('the demo network');
  demo
    .command('load')
    .description('load the deterministic demo network into an empty database')
    .option('-s, --seed <n>', 'generator seed', '2021')
    .option('--json', 'machine-readable output')
    .action(async (opts: { seed: string; json?: boolean }) => {
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new AppError(ErrorCode.Validation, `--seed must be an integer, got "${opts.seed}"`);
      await withDb(async ({ db, keyRing }) => {
        if (!(await needsDemo(db))) {
          throw new AppError(
            ErrorCode.Conflict,
            'the database already holds tenants; the demo loads only into an empty database',
          );
        }
        const summary = await loadDemo(db, { seed, keyRing });
        if (opts.json) printRecord(summary.counts, { json: true });
        else process.stdout.write(`loaded the demo network: ${summary.description}\n`);
      });
    });
}
