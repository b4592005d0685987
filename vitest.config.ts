import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // 2 cores: a few forks keep CPU-bound engine tests from starving the database tests.
    pool: 'forks',
    maxWorkers: 2,
  },
});
