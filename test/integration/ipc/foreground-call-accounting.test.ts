// Outline options and single regenerations are paid calls made outside any job. When
// another process holds the database locked as they land, the command fails (its result
// cannot be stored) but the calls are still recorded, once the lock is gone.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../src/main/app-core';
import { BUSY_MESSAGE } from '../../../src/main/ipc/errors';
import { generatedCourse, startHarness, waitFor, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Another process's write transaction on the app's file; the app's busy timeout cut to 50 ms. */
function lockDatabase(harness: Harness) {
  harness.core.store.db.pragma('busy_timeout = 50');
  const other = new Database(join(harness.dataDir, DATABASE_FILE));
  other.exec('BEGIN IMMEDIATE');
  return () => {
    other.exec('ROLLBACK');
    other.close();
  };
}

it('records the outline calls that landed while the database was locked, once it is free', async () => {
  h = await startHarness();
  const course = await h.call('courses.create', { topic: { topic: 'Rust for web developers', projects: 3 } });
  const unlock = lockDatabase(h);
  let unlocked = false;
  try {
    const result = await h.dispatch('courses.generateOutlines', { courseId: course.id, count: 2 });
    expect(result).toEqual({ ok: false, error: { code: 'failed', message: BUSY_MESSAGE } });
    expect(h.fake.requests).toHaveLength(2);
    expect(h.fake.requests.every((r) => r.outcome === 'ok')).toBe(true);
    unlock();
    unlocked = true;
  } finally {
    if (!unlocked) unlock();
  }
  const harness = h;
  await waitFor(() => harness.core.store.calls.courseTotals(course.id).calls === 2, 5_000, 'the kept calls to be written');
  const totals = h.core.store.calls.courseTotals(course.id);
  expect(totals.costUsd).toBeGreaterThan(0);
  // The person can simply ask again; the first answers' cost stays counted.
  const options = await h.call('courses.generateOutlines', { courseId: course.id, count: 2 });
  expect(options).toHaveLength(2);
  expect(h.core.store.calls.courseTotals(course.id).calls).toBe(4);
});

it('records a lesson regeneration that landed while the database was locked', async () => {
  h = await startHarness();
  const { course: approved, tree } = await generatedCourse(h, 'Go for data engineers');
  const harness = h;
  const lessonId = tree.projects[0]!.lessons[0]!.id;
  const before = h.core.store.calls.courseTotals(approved.id).calls;
  const requestsBefore = h.fake.requests.length;

  const unlock = lockDatabase(h);
  let unlocked = false;
  try {
    expect(await h.dispatch('lessons.regenerate', { lessonId })).toEqual({ ok: false, error: { code: 'failed', message: BUSY_MESSAGE } });
    unlock();
    unlocked = true;
  } finally {
    if (!unlocked) unlock();
  }
  const paid = h.fake.requests.length - requestsBefore;
  expect(paid).toBeGreaterThan(0);
  await waitFor(() => harness.core.store.calls.courseTotals(approved.id).calls === before + paid, 5_000, 'the regeneration calls to be written');
});
