// The daily retention run (due once a day, off when switched off, its result kept for
// Settings) and the one full rewrite an older, non-incremental file needs before it can be
// compacted in steps (refused while a job runs).
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { Store } from '../../../src/main/db/store';
import { compact } from '../../../src/main/housekeeping/compaction';
import { Housekeeping } from '../../../src/main/housekeeping/service';
import { readLastAuto, saveHousekeeping } from '../../../src/main/housekeeping/settings';
import { isIncremental } from '../../../src/main/housekeeping/storage-report';
import { tempDbPath } from '../../support/engine';
import { BIG, seedBig } from '../../support/big-database';

const shape = { ...BIG, jobs: 200, oldJobs: 100 };

it('runs once a day while switched on, and records what it removed', async () => {
  let now = Date.parse('2026-12-07T12:00:00.000Z');
  const store = Store.open(tempDbPath('daily.db'), { clockMs: () => now });
  seedBig(store, shape, now);
  const hk = new Housekeeping({ store, activeJobs: () => 0 });

  saveHousekeeping(store, { auto: false });
  expect(await hk.runIfDue()).toBeNull();
  saveHousekeeping(store, { auto: true, logDays: 30 });
  const first = await hk.runIfDue();
  expect(first).toEqual({ dryRun: false, logLines: 100 * 100 - 25, logJobs: 100, versions: 0, courses: 0, callsRolledUp: 0 });
  expect(readLastAuto(store)).toEqual({ at: '2026-12-07T12:00:00.000Z', result: first });
  // It never empties the bin.
  expect(store.db.prepare('SELECT COUNT(*) AS n FROM courses WHERE deleted_at IS NOT NULL').get()).toEqual({ n: 20 });

  now += 23 * 3_600_000;
  expect(await hk.runIfDue()).toBeNull();
  now += 2 * 3_600_000;
  expect(await hk.runIfDue()).toMatchObject({ logLines: 0 });
  expect(readLastAuto(store)!.at).toBe('2026-12-08T13:00:00.000Z');
  store.close();
});

it('an older file is rewritten once, only while no job runs, and compacts in steps after that', async () => {
  const path = tempDbPath('old.db');
  // A file made before incremental mode: auto_vacuum off before the first table.
  const plain = new Database(path);
  plain.pragma('auto_vacuum = NONE');
  plain.exec('CREATE TABLE t (x)');
  plain.exec('DROP TABLE t');
  plain.close();
  const store = Store.open(path);
  expect(isIncremental(store.db)).toBe(false);
  seedBig(store, shape);
  store.write(() => store.db.exec('DELETE FROM job_logs'));

  await expect(compact(store.db, { isIdle: () => true })).rejects.toThrow(/one full rewrite/);
  await expect(compact(store.db, { isIdle: () => false, allowSwitch: true })).rejects.toThrow(/only while no job is running/);
  const switched = await compact(store.db, { isIdle: () => true, allowSwitch: true });
  expect(switched.mode).toBe('switched');
  expect(switched.bytesAfter).toBeLessThan(switched.bytesBefore);
  expect(isIncremental(store.db)).toBe(true);

  store.write(() => store.db.exec('DELETE FROM model_calls'));
  // A job starts before the first step: nothing is done, and it says so.
  expect(await compact(store.db, { isIdle: () => false })).toMatchObject({ mode: 'nothing', interrupted: true, steps: 0 });
  expect(await compact(store.db, { isIdle: () => true })).toMatchObject({ mode: 'incremental', interrupted: false });
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  store.close();
});

it('compaction stops at the first step after a job starts, keeping what it freed, and the next run finishes', async () => {
  const store = Store.open(tempDbPath('interrupted.db'));
  seedBig(store, shape);
  store.write(() => store.db.exec('DELETE FROM job_logs'));
  const free = () => store.db.pragma('freelist_count', { simple: true }) as number;
  const before = free();
  let asked = 0;
  // Idle for two steps, then a job starts.
  const first = await compact(store.db, { isIdle: () => ++asked <= 2 });
  expect(first).toMatchObject({ mode: 'incremental', interrupted: true, steps: 2 });
  expect(free()).toBeGreaterThan(0);
  expect(free()).toBe(before - first.pagesFreed);
  const rest = await compact(store.db, { isIdle: () => true });
  expect(rest.interrupted).toBe(false);
  expect(free()).toBe(0);
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  store.close();
});
