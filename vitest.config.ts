import { defineConfig } from 'vitest/config';

// Unit and integration tests run under plain Node: nothing here may need Electron.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: integration tests start HTTP servers and SQLite files; keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
  },
});
