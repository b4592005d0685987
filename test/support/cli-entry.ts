import { main } from '../../src/cli/main.js';

const code = await main(process.argv);
if (process.argv[2] !== 'serve' || code !== 0) process.exit(code);
