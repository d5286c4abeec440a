import { defineConfig } from 'vitest/config';

// Unit and integration tests run under plain Node: nothing here may need Electron.
// The sync tests need a live PostgreSQL: their project starts one throwaway cluster for
// the run (globalSetup), so the other tests never wait for it.
const SYNC_TESTS = 'test/integration/sync/**/*.test.ts';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: integration tests start HTTP servers and SQLite files; keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/soak/**/*.test.ts'],
          exclude: [SYNC_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'sync',
          include: [SYNC_TESTS],
          globalSetup: ['test/support/postgres/global-setup.ts'],
        },
      },
    ],
  },
});
