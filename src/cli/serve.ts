import type { Command } from 'commander';
import { ensureAdminKey } from '../auth/index.js';
import { loadConfig } from '../core/index.js';
import { loadDemo, needsDemo } from '../demo/index.js';
import { buildApp } from '../server/app.js';
import { openRuntime } from './runtime.js';

const SHUTDOWN_GRACE_MS = 10_000;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the API server and the dashboard')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
    .option('-H, --host <host>', 'address to bind (default: HOST or 127.0.0.1)')
    .option('--demo', 'load the demo network into an empty database')
    .action(async (opts: { port?: string; host?: string; demo?: boolean }) => {
      const config = loadConfig();
      if (opts.port) config.port = Number(opts.port);
      if (opts.host) config.host = opts.host;
      if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
        throw new Error(`--port must be a port number, got "${opts.port}"`);
      }
      const runtime = await openRuntime(config);
      const { db } = runtime;

      if (opts.demo && (await needsDemo(db))) {
        const summary = await loadDemo(db, { keyRing: runtime.keyRing });
        process.stdout.write(`Loaded the demo network: ${summary.description}\n`);
      }
      const adminKey = await ensureAdminKey(db);

      const app = await buildApp(runtime, { logger: { level: config.logLevel } });
      let closing = false;
      const shutdown = async (signal: string): Promise<void> => {
        if (closing) return;
        closing = true;
        app.log.info({ signal }, 'shutting down: finishing in-flight requests');
        try {
          // Stops accepting and waits for in-flight requests; a stuck client gets cut after the grace period.
          setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
          await app.close();
        } finally {
          await runtime.close();
          process.exit(0);
        }
      };
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      process.once('SIGINT', () => void shutdown('SIGINT'));

      const address = await app.listen({ port: config.port, host: config.host });
      const base = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
      const lines = [
        '',
        `Greenlink is running on ${db.describe}`,
        `  Dashboard  ${base}/`,
        `  API docs   ${base}/docs   (OpenAPI: ${base}/openapi.json)`,
      ];
      if (adminKey) {
        lines.push('', '  Admin API key (shown once, store it now):', `    ${adminKey.key}`);
      } else {
        lines.push('', '  Create an API key with: npx greenlink keys create --role admin');
      }
      process.stdout.write(`${lines.join('\n')}\n\n`);
    });
}
