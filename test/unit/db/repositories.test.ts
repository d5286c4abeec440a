import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/store';
import { LeaseLostError } from '../../../src/main/db/errors';
import { readModelSettings, updateSettings } from '../../../src/main/core/app-settings';
import { DEFAULT_MAX_TOKENS, DEFAULT_MODEL } from '../../../src/main/ai/config';
import { runnerLimitsSchema } from '../../../src/shared/settings';
import { makeOutline, seedApprovedCourse } from '../../support/engine';

function store(now = { ms: Date.parse('2026-11-22T10:00:00Z') }) {
  return { store: Store.open(':memory:', { clockMs: () => now.ms }), now };
}

describe('courses', () => {
  it('never stores a second lesson or task at the same position', () => {
    const { store: s } = store();
    const id = seedApprovedCourse(s, 'Unique', 3, 2);
    s.courses.ensureProjects(id, makeOutline('Unique', 3, 2));
    s.courses.ensureProjects(id, makeOutline('Unique', 3, 2));
    const project = s.courses.tree(id)!.projects[0]!;
    const lessons = [
      { title: 'a', content: 'x', objectives: ['o'] },
      { title: 'b', content: 'y', objectives: ['o'] },
    ];
    s.courses.insertLessons(project.id, lessons);
    s.courses.insertLessons(project.id, lessons);
    const tree = s.courses.tree(id)!;
    expect(tree.projects).toHaveLength(3);
    expect(tree.projects[0]!.lessons).toHaveLength(2);
    const lesson = tree.projects[0]!.lessons[0]!;
    s.courses.insertTasks(lesson.id, [{ kind: 'quiz', prompt: 'q', answerKey: 'a' }]);
    s.courses.insertTasks(lesson.id, [{ kind: 'quiz', prompt: 'q2', answerKey: 'a' }]);
    expect(s.courses.tree(id)!.projects[0]!.lessons[0]!.tasks.map((t) => t.prompt)).toEqual(['q']);
    // The database itself refuses a duplicate, whatever code path tries.
    expect(() =>
      s.db.prepare(`INSERT INTO lessons (id, project_id, position, title, content, objectives_json, created_at, updated_at) VALUES ('z', ?, 0, 't', 'c', '[]', 'x', 'x')`).run(project.id),
    ).toThrow(/UNIQUE/);
  });
});

describe('jobs', () => {
  it('lists with status filters and a title search that treats % and _ literally', () => {
    const { store: s } = store();
    const a = s.jobs.enqueue(seedApprovedCourse(s, 'React basics'));
    s.jobs.enqueue(seedApprovedCourse(s, '100% Python'));
    s.jobs.enqueue(seedApprovedCourse(s, 'Rust_intro'));
    s.jobs.finish(a.id, 'failed', 'boom', 'lessons');
    expect(s.jobs.list({ search: 'react' }).map((j) => j.courseTitle)).toEqual(['React basics']);
    expect(s.jobs.list({ search: '100%' }).map((j) => j.courseTitle)).toEqual(['100% Python']);
    expect(s.jobs.list({ search: '_' }).map((j) => j.courseTitle)).toEqual(['Rust_intro']);
    expect(s.jobs.list({ statuses: ['failed'] }).map((j) => j.id)).toEqual([a.id]);
    expect(s.jobs.list({ statuses: ['queued'] })).toHaveLength(2);
    expect(s.jobs.list({ limit: 1 })).toHaveLength(1);
  });

  it('sums each job’s own model calls alike in its summary, the full list and filtered lists', () => {
    const { store: s } = store();
    const a = s.jobs.enqueue(seedApprovedCourse(s, 'React basics'));
    const b = s.jobs.enqueue(seedApprovedCourse(s, 'Rust intro'));
    const idle = s.jobs.enqueue(seedApprovedCourse(s, 'Go tour'));
    s.jobs.finish(a.id, 'completed');
    const call = (jobId: string, courseId: string, input: number, costUsd: number) =>
      s.calls.record({
        jobId,
        courseId,
        serviceTier: 'standard',
        step: 'lessons',
        itemKey: `p-${input}`,
        attempt: 1,
        model: 'm',
        usage: { input, output: 2 * input, cacheRead: 1, cacheWrite: 0 },
        latencyMs: 10,
        costUsd,
        outcome: 'ok',
        errorKind: null,
        errorMessage: null,
        requestId: null,
        startedAt: '2026-11-22T10:00:00Z',
      });
    call(a.id, a.course_id, 10, 0.5);
    call(a.id, a.course_id, 30, 0.25);
    call(b.id, b.course_id, 7, 0.125);
    const totals = (j: { id: string; calls: number; costUsd: number; usage: { input: number; output: number; cacheRead: number } } | null | undefined) =>
      j && { id: j.id, calls: j.calls, cost: j.costUsd, input: j.usage.input, output: j.usage.output, cacheRead: j.usage.cacheRead };
    const expected = {
      [a.id]: { id: a.id, calls: 2, cost: 0.75, input: 40, output: 80, cacheRead: 2 },
      [b.id]: { id: b.id, calls: 1, cost: 0.125, input: 7, output: 14, cacheRead: 1 },
      [idle.id]: { id: idle.id, calls: 0, cost: 0, input: 0, output: 0, cacheRead: 0 },
    };
    for (const id of [a.id, b.id, idle.id]) expect(totals(s.jobs.summary(id))).toEqual(expected[id]);
    for (const j of s.jobs.list()) expect(totals(j)).toEqual(expected[j.id]);
    expect(s.jobs.list({ statuses: ['completed'] }).map(totals)).toEqual([expected[a.id]]);
    expect(s.jobs.list({ statuses: ['queued'], search: 'rust' }).map(totals)).toEqual([expected[b.id]]);
    expect(s.jobs.list({ search: 'go tour' }).map(totals)).toEqual([expected[idle.id]]);
  });

  it('claims atomically, honours leases and their expiry, and fences writes by owner', () => {
    const { store: s, now } = store();
    const job = s.jobs.enqueue(seedApprovedCourse(s, 'Lease'));
    expect(s.jobs.claim('a', 1_000)!.id).toBe(job.id);
    expect(s.jobs.claim('b', 1_000)).toBeNull();
    expect(() => s.jobs.updateProgress(job.id, 'b', { itemsCompleted: 1 })).toThrow(LeaseLostError);
    now.ms += 1_001;
    expect(s.jobs.claim('b', 1_000)!.lease_owner).toBe('b');
    expect(s.jobs.renew(job.id, 'a', 1_000).held).toBe(false);
    expect(() => s.jobs.assertLease(job.id, 'a')).toThrow(LeaseLostError);
    expect(s.jobs.renew(job.id, 'b', 1_000).held).toBe(true);
  });

  it('does not claim paused jobs or jobs scheduled for later', () => {
    const { store: s, now } = store();
    const later = s.jobs.enqueue(seedApprovedCourse(s, 'Later'), { runAfter: now.ms + 60_000 });
    const paused = s.jobs.enqueue(seedApprovedCourse(s, 'Paused'));
    s.jobs.pauseQueued(paused.id);
    expect(s.jobs.claim('a', 1_000)).toBeNull();
    expect(s.jobs.nextRunAfter()).toBe(now.ms + 60_000);
    now.ms += 60_000;
    expect(s.jobs.claim('a', 1_000)!.id).toBe(later.id);
  });

  it('tells a stepwise job waiting for a review from one paused mid-step, from what is stored', () => {
    const { store: s } = store();
    const courseId = seedApprovedCourse(s, 'Reviewed', 3, 1);
    const job = s.jobs.enqueue(courseId, { stepwise: true });
    const pausedAt = (step: 'lessons' | 'tasks' | 'finalize') => {
      s.jobs.claim('a', 30_000);
      s.jobs.updateProgress(job.id, 'a', { currentStep: step });
      s.jobs.release(job.id, 'a', 'paused');
      return s.jobs.summary(job.id)!.reviewStep;
    };
    s.courses.ensureProjects(courseId, makeOutline('Reviewed', 3, 1));
    const projects = s.courses.tree(courseId)!.projects;
    s.courses.insertLessons(projects[0]!.id, [{ title: 'a', content: 'x', objectives: ['o'] }]);
    expect(pausedAt('lessons')).toBeNull(); // two projects still without lessons: paused mid-step
    s.jobs.unpause(job.id);
    for (const p of projects.slice(1)) s.courses.insertLessons(p.id, [{ title: 'b', content: 'y', objectives: ['o'] }]);
    expect(pausedAt('lessons')).toBe('lessons');
    s.jobs.unpause(job.id);
    // Continued past the review: paused in the middle of the tasks.
    const lessons = s.courses.tree(courseId)!.projects.flatMap((p) => p.lessons);
    s.courses.insertTasks(lessons[0]!.id, [{ kind: 'quiz', prompt: 'q', answerKey: 'a' }]);
    expect(pausedAt('tasks')).toBeNull();
    s.jobs.unpause(job.id);
    for (const l of lessons.slice(1)) s.courses.insertTasks(l.id, [{ kind: 'quiz', prompt: 'q', answerKey: 'a' }]);
    expect(pausedAt('tasks')).toBe('tasks');
    s.jobs.unpause(job.id);
    expect(pausedAt('finalize')).toBeNull();
    // Not paused: nothing to review.
    s.jobs.unpause(job.id);
    expect(s.jobs.summary(job.id)!.reviewStep).toBeNull();
  });

  it('counts only the time a job ran: not failed before a retry, paused, or after a crash', () => {
    const { store: s, now } = store();
    const job = s.jobs.enqueue(seedApprovedCourse(s, 'Timed'));
    const firstStart = now.ms;
    s.jobs.claim('a', 30_000);
    expect(s.jobs.summary(job.id)).toMatchObject({ activeMs: 0, runningSince: new Date(firstStart).toISOString() });
    now.ms += 1_000;
    s.jobs.finish(job.id, 'failed', 'boom', 'lessons');
    expect(s.jobs.summary(job.id)).toMatchObject({ activeMs: 1_000, runningSince: null });
    // Five minutes failed, then retried: the wait is not run time, the first start stays.
    now.ms += 300_000;
    s.jobs.retry(job.id);
    s.jobs.claim('a', 30_000);
    now.ms += 4_000;
    expect(s.jobs.release(job.id, 'a', 'paused')).toBe(true);
    expect(s.jobs.summary(job.id)).toMatchObject({ activeMs: 5_000, runningSince: null, startedAt: new Date(firstStart).toISOString() });
    // An hour waiting for review, then a run cut short by a crash: its last renewal (10 s
    // in) is the last moment it is known to have run.
    now.ms += 3_600_000;
    s.jobs.unpause(job.id);
    s.jobs.claim('a', 30_000);
    now.ms += 10_000;
    s.jobs.renew(job.id, 'a', 30_000);
    now.ms += 120_000;
    s.jobs.claim('b', 30_000);
    expect(s.jobs.summary(job.id)).toMatchObject({ activeMs: 15_000, runningSince: new Date(now.ms).toISOString() });
    now.ms += 2_000;
    s.jobs.finish(job.id, 'completed');
    expect(s.jobs.summary(job.id)).toMatchObject({ activeMs: 17_000, runningSince: null });
  });
});

describe('logs', () => {
  it('filters by level and text, follows with afterId and pages back with beforeId', () => {
    const { store: s } = store();
    const job = s.jobs.enqueue(seedApprovedCourse(s, 'Logs'));
    for (let i = 0; i < 10; i++) s.logs.append(job.id, i % 3 === 0 ? 'error' : 'info', `line ${i}`, { i });
    const all = s.logs.list(job.id);
    expect(all.map((l) => l.message)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i}`));
    expect(all[0]!.details).toEqual({ i: 0 });
    expect(s.logs.list(job.id, { levels: ['error'] })).toHaveLength(4);
    expect(s.logs.list(job.id, { text: 'line 7' }).map((l) => l.message)).toEqual(['line 7']);
    expect(s.logs.list(job.id, { afterId: all[7]!.id }).map((l) => l.message)).toEqual(['line 8', 'line 9']);
    expect(s.logs.list(job.id, { beforeId: all[5]!.id, limit: 2 }).map((l) => l.message)).toEqual(['line 3', 'line 4']);
  });
});

describe('settings', () => {
  it('falls back to the default, with a warning, for nonsense stored values', () => {
    const { store: s } = store();
    const warnings: string[] = [];
    const fallback = { jobs: 3, requests: 6 };
    s.settings.set('runner.limits', { jobs: -4, requests: 'lots' });
    expect(s.settings.get('runner.limits', runnerLimitsSchema, fallback, (w) => warnings.push(w))).toEqual(fallback);
    s.db.prepare(`UPDATE settings SET value_json = '{not json' WHERE key = 'runner.limits'`).run();
    expect(s.settings.get('runner.limits', runnerLimitsSchema, fallback, (w) => warnings.push(w))).toEqual(fallback);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/not valid JSON/);
  });

  it('keeps the good fields of a stored record when one field is nonsense', () => {
    const { store: s } = store();
    const warnings: string[] = [];
    const baseURL = 'https://llm-proxy.corp.example/anthropic';
    s.settings.set('model', { model: 'claude-haiku-4-5', maxTokens: 100_000, baseURL });
    expect(readModelSettings(s, (w) => warnings.push(w))).toEqual({ model: 'claude-haiku-4-5', maxTokens: DEFAULT_MAX_TOKENS, baseURL });
    expect(warnings).toEqual([expect.stringMatching(/^Setting "model\.maxTokens" is invalid .*; using the default\.$/)]);
    // Saving another setting writes back the kept fields, not the defaults.
    updateSettings(s, { reviewerName: 'Ada' });
    expect(readModelSettings(s)).toEqual({ model: 'claude-haiku-4-5', maxTokens: DEFAULT_MAX_TOKENS, baseURL });
    // A field an older version never wrote takes its default silently; a bad one next to it warns.
    warnings.length = 0;
    s.settings.set('model', { model: '', maxTokens: 2_000 });
    expect(readModelSettings(s, (w) => warnings.push(w))).toEqual({ model: DEFAULT_MODEL, maxTokens: 2_000, baseURL: null });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/"model\.model"/);
  });
});
