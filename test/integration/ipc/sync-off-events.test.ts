// With sync off (no backend configured, the default) a publish still changes the course's
// sync state — it waits in the outbox — so open views must be told, through the same
// `sync.changed` stream the window listens to. No PostgreSQL needed: nothing is pushed.
import { afterEach, describe, expect, it } from 'vitest';
import { approvedCourse, startHarness, waitFor, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function generated(harness: Harness, topic: string, autoPublish = false) {
  const course = await approvedCourse(harness, topic, 3);
  await harness.call('jobs.enqueue', { courseId: course.id, autoPublish });
  await waitFor(() => ['generated', 'published'].includes(harness.core.store.courses.get(course.id)?.status ?? ''), 15_000, `${topic} generated`);
  return course;
}

const toldAbout = (harness: Harness, courseId: string) => harness.events['sync.changed'].filter((e) => e.courseIds.includes(courseId)).length;
const stateOf = async (harness: Harness, courseId: string) => (await harness.call('sync.status')).courses.find((c) => c.courseId === courseId)?.state;

describe('sync off: course sync states still reach the views', () => {
  it('a reviewer’s publish, an auto-publish and an edit after publishing each tell the views about that course', async () => {
    h = await startHarness();
    const harness = h;
    expect(await harness.call('sync.status')).toMatchObject({ configured: false, worker: 'off' });

    const manual = await generated(harness, 'Published by a reviewer');
    await harness.call('courses.approve', { courseId: manual.id, by: 'Reviewer' });
    expect(toldAbout(harness, manual.id)).toBe(0);
    await harness.call('courses.publish', { courseId: manual.id });
    await waitFor(() => toldAbout(harness, manual.id) > 0, 2_000, 'sync.changed for the published course');
    expect(await stateOf(harness, manual.id)).toBe('pending');

    // The runner publishes inside the job's completing transaction.
    const auto = await generated(harness, 'Auto-published', true);
    await waitFor(() => toldAbout(harness, auto.id) > 0, 2_000, 'sync.changed for the auto-published course');
    expect(await stateOf(harness, auto.id)).toBe('pending');

    // An edit to a published course goes out again at once only where Settings allows
    // publishing edits without a new approval (by default it goes back to review: history).
    await harness.call('settings.update', { republishEditedWithoutApproval: true });
    const before = toldAbout(harness, manual.id);
    const lesson = harness.core.store.courses.tree(manual.id)!.projects[0]!.lessons[0]!;
    await harness.call('lessons.update', { lessonId: lesson.id, title: lesson.title, content: '# Corrected', objectives: lesson.objectives });
    await waitFor(() => toldAbout(harness, manual.id) > before, 2_000, 'sync.changed for the edit');
    expect(await stateOf(harness, manual.id)).toBe('pending');
    expect(harness.core.store.courses.get(manual.id)?.status).toBe('published');
  });


  it('an edit to an unpublished course is not a sync change', async () => {
    h = await startHarness();
    const harness = h;
    const draft = await generated(harness, 'Never published');
    const lesson = harness.core.store.courses.tree(draft.id)!.projects[0]!.lessons[0]!;
    await harness.call('lessons.update', { lessonId: lesson.id, title: lesson.title, content: '# Local only', objectives: lesson.objectives });
    expect(toldAbout(harness, draft.id)).toBe(0);
    expect(await stateOf(harness, draft.id)).toBeUndefined();
  });
});
