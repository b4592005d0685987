import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `npm run bench -- <name> [args]` runs bench/<name>.ts; without a name it lists the benchmarks.

const dir = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.log(`usage: npm run bench -- <name> [args]\n\navailable benchmarks:\n${available.map((b) => `  ${b}`).join('\n')}`);
  process.exit(0);
}
if (!available.includes(name)) {
  console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
  process.exit(1);
}
const mod = (await import(pathToFileURL(`${dir}/${name}.ts`).href)) as { default: (args: string[]) => Promise<void> };
await mod.default(args);
