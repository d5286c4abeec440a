// The course bin and Settings → Storage through the real dispatcher: deleting a course moves
// it into the bin (hidden from lists and look-ups, its cost still in every total), restore
// brings it back as it was, removing it for good keeps its calls in the totals; the storage
// commands count before they remove, and compaction gives pages back.
import { afterEach, expect, it } from 'vitest';
import { generatedCourse, startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it('delete → bin → restore → delete → remove for good, with the spending kept in the totals', async () => {
  h = await startHarness();
  const { course, tree } = await generatedCourse(h, 'Binned topic');
  const lessonId = tree.projects[0]!.lessons[0]!.id;
  const spend = h.core.store.calls.ledgerTotals();
  expect(spend.calls).toBeGreaterThan(0);

  expect(await h.call('courses.delete', { courseId: course.id })).toEqual({ deleted: true });
  expect((await h.call('courses.list')).map((c) => c.id)).not.toContain(course.id);
  expect(await h.dispatch('courses.get', { courseId: course.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  // A stale window cannot edit a lesson of a course in the bin.
  expect(await h.dispatch('lessons.update', { lessonId, title: 'x', content: 'y', objectives: [] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  const bin = await h.call('courses.bin');
  expect(bin).toEqual([{ id: course.id, title: tree.outline!.title, deletedAt: expect.any(String), costUsd: expect.any(Number), calls: spend.calls }]);
  expect(h.core.store.calls.ledgerTotals()).toEqual(spend);

  await h.call('courses.restore', { courseId: course.id });
  expect((await h.call('courses.get', { courseId: course.id })).projects).toHaveLength(tree.projects.length);
  expect(await h.dispatch('courses.restore', { courseId: course.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });

  await h.call('courses.delete', { courseId: course.id });
  const dry = await h.call('storage.cleanup', { action: 'bin', dryRun: true });
  expect(dry).toMatchObject({ dryRun: true, courses: 1, callsRolledUp: spend.calls });
  expect(await h.call('courses.bin')).toHaveLength(1);
  expect(await h.call('courses.removeForGood', { all: true })).toEqual({ courses: 1, callsRolledUp: spend.calls });
  expect(await h.call('courses.bin')).toEqual([]);
  const after = h.core.store.calls.ledgerTotals();
  expect({ ...after, costUsd: 0, savedUsd: 0 }).toEqual({ ...spend, costUsd: 0, savedUsd: 0 });
  expect(after.costUsd).toBeCloseTo(spend.costUsd, 9);
  expect(h.core.store.db.prepare('SELECT COUNT(*) AS n FROM model_calls').get()).toEqual({ n: 0 });
  // The budget guard's "spent today" reads the rolled-up calls too.
  expect(h.core.runner.budget.spentToday()).toBeCloseTo(spend.costUsd, 9);
});

it('storage.get splits the file by kind; cleanup counts first; settings are checked; compact gives pages back', async () => {
  h = await startHarness();
  await generatedCourse(h, 'Storage topic');
  const view = await h.call('storage.get');
  expect(view.measuredBy).toBe('dbstat');
  expect(view.incremental).toBe(true);
  expect(view.sizes.courses).toBeGreaterThan(0);
  expect(view.sizes.logs).toBeGreaterThan(0);
  expect(view.counts.logLines).toBeGreaterThan(0);
  expect(view.settings).toEqual({ auto: true, logDays: 30, keepVersions: null });

  // Nothing is 30 days old yet.
  expect(await h.call('storage.cleanup', { action: 'logs', olderThanDays: 30, dryRun: true })).toMatchObject({ logLines: 0, logJobs: 0 });
  expect(await h.call('storage.setSchedule', { keepVersions: 5, logDays: 14 })).toEqual({ auto: true, logDays: 14, keepVersions: 5 });
  expect(await h.dispatch('storage.setSchedule', { logDays: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  expect(await h.dispatch('storage.cleanup', { action: 'logs', dryRun: true } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  expect((await h.call('storage.get')).settings).toEqual({ auto: true, logDays: 14, keepVersions: 5 });

  // Free pages appear when rows go; compaction hands them back.
  h.core.store.write(() => h!.core.store.db.exec(`DELETE FROM job_logs`));
  const result = await h.call('storage.compact');
  expect(result.interrupted).toBe(false);
  expect((await h.call('storage.get')).sizes.free).toBe(0);
});
