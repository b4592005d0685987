import { defineConfig } from 'vitest/config';

// Browser tests: one fork, one file at a time, since they share a server, a browser and a database.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
