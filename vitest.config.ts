import { defineConfig } from 'vitest/config';

// Unit and integration tests run under plain Node: nothing here may need Electron.
// The sync tests need a live PostgreSQL: their project starts one throwaway cluster for
// the run (globalSetup), so the other tests never wait for it.
const SYNC_TESTS = 'test/integration/sync/**/*.test.ts';
// supabase-js warns about Node 20 in every process that imports it (each test file's
// worker, each CLI or bridge a test starts): the gate's log would carry a copy per process.
// Dropped in tests (a setup file, after vitest has put its own console in place) and in the
// processes they start (NODE_OPTIONS); scripts/e2e.mjs prints the notice once.
const QUIET_NODE20 = 'scripts/quiet-supabase-node20.mjs';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: integration tests start HTTP servers and SQLite files; keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
    setupFiles: [QUIET_NODE20],
    env: { NODE_OPTIONS: [process.env['NODE_OPTIONS'], `--import=${new URL(QUIET_NODE20, import.meta.url).href}`].filter(Boolean).join(' ') },
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
