// `course-studio cleanup` as a child process: a dry run that changes nothing, the real run
// (old logs, the bin, compaction) with the totals unchanged, and flags it refuses.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { Store } from '../../src/main/db/store';
import { CLI_TEST_TIMEOUT, runCli } from '../support/cli-process';
import { tempDbPath } from '../support/engine';
import { BIG, seedBig } from '../support/big-database';

const shape = { ...BIG, jobs: 500, oldJobs: 400 };

it('counts with --dry-run, then removes, rolls up and compacts with the totals unchanged', async () => {
  const path = tempDbPath('cli.db');
  const store = Store.open(path);
  seedBig(store, shape);
  store.close();
  const cwd = dirname(path);

  const dry = await runCli(['cleanup', '--db', path, '--logs-older-than', '30d', '--purge-deleted', '--compact', '--dry-run', '--json'], cwd);
  expect(dry.code, dry.stderr).toBe(0);
  const planned = JSON.parse(dry.stdout);
  expect(planned.removed).toEqual({ dryRun: true, logLines: 400 * 100 - 100, logJobs: 400, versions: 0, courses: 50, callsRolledUp: 200 });
  const text = await runCli(['cleanup', '--db', path, '--dry-run'], cwd);
  expect(text.stdout).toMatch(/^Will remove 39,900 log lines of 400 jobs\.\nAll calls ever recorded: 2,000, \$/);

  const sizeBefore = statSync(path).size;
  const done = await runCli(['cleanup', '--db', path, '--logs-older-than', '30', '--purge-deleted', '--compact', '--json'], cwd);
  expect(done.code, done.stderr).toBe(0);
  const report = JSON.parse(done.stdout);
  expect(report.removed).toEqual({ ...planned.removed, dryRun: false });
  expect(report.compact).toMatchObject({ mode: 'incremental', interrupted: false });
  expect(report.totals.calls).toBe(planned.totals.calls);
  expect(report.totals.usage).toEqual(planned.totals.usage);
  expect(report.totals.costUsd).toBeCloseTo(planned.totals.costUsd, 9);
  expect(statSync(path).size).toBeLessThan(sizeBefore);

  const again = await runCli(['cleanup', '--db', path], cwd);
  expect(again.stdout).toMatch(/^Nothing was removed\./);
}, CLI_TEST_TIMEOUT);

it('refuses a malformed age or version count, and a missing file', async () => {
  const path = tempDbPath('none.db');
  const cwd = dirname(path);
  const age = await runCli(['cleanup', '--db', path, '--logs-older-than', 'a month'], cwd);
  expect(age.code).toBe(2);
  expect(age.stderr).toMatch(/--logs-older-than takes days, like 30d/);
  const keep = await runCli(['cleanup', '--db', path, '--keep-versions', '0'], cwd);
  expect(keep.code).toBe(2);
  const missing = await runCli(['cleanup', '--db', path], cwd);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/No database at/);
}, CLI_TEST_TIMEOUT);
