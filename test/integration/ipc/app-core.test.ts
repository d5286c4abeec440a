// The app core end to end over dispatch, with the real SDK against the fake Anthropic
// server: the wizard's path from topic to a completed, approved, published course, and the
// commands around it (settings, key, editing, regenerating, export, bulk job actions).
import { afterEach, describe, expect, it } from 'vitest';
import type { RunnerEvent } from '../../../src/shared/events';
import { extractTopic, generateFromSchema } from '../../support/fake-anthropic';
import { requestedUnit } from '../../support/bridge/requested-unit';
import { approvedCourse, generatedCourse, startHarness, waitFor, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const eventsOf = (harness: Harness) => harness.events['runner.events'].flat();

describe('app core over dispatch', () => {
  it('create → outlines (streamed) → choose → edit → approve → enqueue → completed → approve → publish', async () => {
    h = await startHarness();
    const course = await h.call('courses.create', { topic: { topic: 'Rust for web developers', audience: 'JS developers', projects: 3 } });
    expect(course).toMatchObject({ status: 'draft', topic: { topic: 'Rust for web developers', level: 'beginner', language: 'English' } });

    const options = await h.call('courses.generateOutlines', { courseId: course.id, count: 2 });
    expect(options).toHaveLength(2);
    for (const option of options) expect(option.outline.projects).toHaveLength(3);
    // Each option streamed: partials first, then exactly one final outline, nothing after it.
    for (const index of [0, 1]) {
      const mine = h.events['outline.progress'].filter((p) => p.courseId === course.id && p.index === index);
      expect(mine.filter((p) => p.outline)).toHaveLength(1);
      expect(mine.at(-1)!.outline).toBeDefined();
      expect(mine.some((p) => p.error)).toBe(false);
    }
    expect(h.events['outline.progress'].some((p) => p.partial !== undefined)).toBe(true);

    await h.call('courses.chooseOption', { courseId: course.id, optionId: options[1]!.id });
    const edited = structuredClone(options[1]!.outline);
    edited.title = 'Rust, Edited';
    edited.projects.reverse();
    const saved = await h.call('courses.editOutline', { courseId: course.id, outline: edited });
    expect(saved.outline?.title).toBe('Rust, Edited');
    const approved = await h.call('courses.approveOutline', { courseId: course.id, by: 'Ada', note: 'Looks right' });
    expect(approved).toMatchObject({ status: 'outline_approved', outlineApproval: { by: 'Ada', note: 'Looks right' } });

    const job = await h.call('jobs.enqueue', { courseId: course.id });
    expect(job).toMatchObject({ courseId: course.id, courseTitle: 'Rust, Edited', autoPublish: false });
    await waitFor(() => eventsOf(h!).some((e) => e.type === 'job.completed' && e.jobId === job.id), 20_000, 'job.completed');

    const snapshot = await h.call('jobs.snapshot');
    expect(snapshot.jobs.find((j) => j.id === job.id)).toMatchObject({ status: 'completed', itemsCompleted: snapshot.jobs[0]!.itemsTotal });
    const tree = await h.call('courses.get', { courseId: course.id });
    expect(tree.status).toBe('generated');
    expect(tree.projects.map((p) => p.title)).toEqual(edited.projects.map((p) => p.title));
    expect(tree.projects.every((p) => p.lessons.length > 0 && p.lessons.every((l) => l.tasks.length >= 2 && l.content.length > 0))).toBe(true);
    expect(tree.summary?.summary).toBeTruthy();
    expect(h.events['course.changed'].some((c) => c.courseId === course.id)).toBe(true);

    const logs = await h.call('jobs.logs', { jobId: job.id });
    expect(logs[0]!.message).toBe('Queued for generation');
    expect(logs.at(-1)!.message).toMatch(/Completed/);
    const errorsOnly = await h.call('jobs.logs', { jobId: job.id, levels: ['error'] });
    expect(errorsOnly).toEqual([]);

    expect(await h.call('courses.approve', { courseId: course.id, by: 'Ada' })).toMatchObject({ status: 'approved' });
    expect(await h.call('courses.publish', { courseId: course.id })).toMatchObject({ status: 'published' });
    const list = await h.call('courses.list');
    expect(list).toEqual([expect.objectContaining({ id: course.id, title: 'Rust, Edited', status: 'published', jobId: job.id, jobStatus: 'completed' })]);
  });

  it('refuses state violations with conflict and missing records with not_found', async () => {
    h = await startHarness();
    const course = await h.call('courses.create', { topic: { topic: 'Go' } });
    const early = await h.dispatch('jobs.enqueue', { courseId: course.id });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/Approve the course outline/) } });
    expect(await h.dispatch('courses.approveOutline', { courseId: course.id, by: 'Ada' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await h.dispatch('courses.publish', { courseId: course.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await h.dispatch('courses.get', { courseId: missing })).toMatchObject({ ok: false, error: { code: 'not_found', message: `No course with id ${missing}.` } });
    expect(await h.dispatch('jobs.logs', { jobId: missing })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h.dispatch('lessons.regenerate', { lessonId: missing })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const bulk = await h.call('jobs.cancel', { jobIds: [missing] });
    expect(bulk).toEqual({ done: [], failed: [{ id: missing, message: `No job with id ${missing}.` }] });
  });

  it('edits and regenerates single units, keeping the rest of the course', async () => {
    h = await startHarness();
    const { course, tree: before } = await generatedCourse(h);
    const lesson = before.projects[1]!.lessons[0]!;
    const task = lesson.tasks[0]!;

    const updated = await h.call('lessons.update', { lessonId: lesson.id, title: 'Renamed lesson', content: '# Mine', objectives: ['Own it'] });
    expect(updated).toMatchObject({ id: lesson.id, title: 'Renamed lesson', content: '# Mine', objectives: ['Own it'], tasks: lesson.tasks });

    const requestsBefore = h.fake.requests.length;
    // The fake's usual answer for the lessons tool, with recognisable content and objectives.
    h.fake.setContentOverride((body) => {
      const unit = requestedUnit(body);
      if (unit?.tool !== 'submit_lessons') return undefined;
      const generated = generateFromSchema(unit.schema, extractTopic(body)) as { lessons: { content: string; objectives: string[] }[] };
      return { lessons: generated.lessons.map((l, i) => ({ ...l, content: `Fresh content ${i}`, objectives: ['New objective'] })) };
    });
    const regenerated = await h.call('lessons.regenerate', { lessonId: lesson.id });
    expect(h.fake.requests.length).toBe(requestsBefore + 1);
    // The renamed title stays; content and objectives are new; tasks are untouched.
    expect(regenerated).toMatchObject({ id: lesson.id, title: 'Renamed lesson', content: 'Fresh content 0', objectives: ['New objective'], tasks: lesson.tasks });
    h.fake.setContentOverride(null);

    const after = await h.call('courses.get', { courseId: course.id });
    const others = (tree: typeof before) => tree.projects.flatMap((p) => p.lessons).filter((l) => l.id !== lesson.id);
    expect(others(after)).toEqual(others(before));
    expect(h.events['course.changed']).toContainEqual({ courseId: course.id });

    const quizless = await h.dispatch('tasks.update', { taskId: task.id, kind: 'quiz', prompt: 'Why?', answerKey: '  ' });
    expect(quizless).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'answerKey', message: 'A quiz question needs an answer key.' }] } });
    expect(await h.call('tasks.update', { taskId: task.id, kind: 'reflection', prompt: 'Reflect.', answerKey: null })).toEqual({
      ...task,
      kind: 'reflection',
      prompt: 'Reflect.',
      answerKey: null,
    });
    const newTask = await h.call('tasks.regenerate', { taskId: task.id });
    expect(newTask.id).toBe(task.id);
    expect(newTask.prompt).not.toBe('Reflect.');
    const final = await h.call('courses.get', { courseId: course.id });
    const tasksElsewhere = (tree: typeof before) => tree.projects.flatMap((p) => p.lessons.flatMap((l) => l.tasks)).filter((t) => t.id !== task.id);
    expect(tasksElsewhere(final)).toEqual(tasksElsewhere(before));

    const calls = h.core.store.db.prepare(`SELECT step, item_key FROM model_calls WHERE job_id IS NULL AND item_key LIKE 'regenerate:%'`).all();
    expect(calls).toEqual([
      { step: 'lessons', item_key: 'regenerate:lesson:1.0' },
      { step: 'tasks', item_key: 'regenerate:task:1.0.0' },
    ]);
  });

  it('an edit saved while its lesson or task is regenerated wins: the new text is not applied', async () => {
    h = await startHarness();
    const { course, tree } = await generatedCourse(h);
    const lesson = tree.projects[0]!.lessons[0]!;
    const task = lesson.tasks[0]!;
    h.fake.setLatency(300);
    const harness = h;
    const requested = (n: number) => waitFor(() => harness.fake.requests.length >= n, 5_000, 'the regeneration request');

    const before = h.fake.requests.length;
    const regenerating = h.dispatch('lessons.regenerate', { lessonId: lesson.id });
    await requested(before + 1);
    await h.call('lessons.update', { lessonId: lesson.id, title: lesson.title, content: '# Written meanwhile', objectives: lesson.objectives });
    expect(await regenerating).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'This lesson was edited while it was being regenerated, so the new text was not applied and your edit is kept. Regenerate again to replace it.' },
    });
    const afterLesson = (await h.call('courses.get', { courseId: course.id })).projects[0]!.lessons[0]!;
    expect(afterLesson.content).toBe('# Written meanwhile');

    const taskRegenerating = h.dispatch('tasks.regenerate', { taskId: task.id });
    await requested(before + 2);
    await h.call('tasks.update', { taskId: task.id, kind: 'reflection', prompt: 'Mine, meanwhile.', answerKey: null });
    expect(await taskRegenerating).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('This task was edited while it was being regenerated') } });
    expect(h.core.store.courses.task(task.id)).toMatchObject({ kind: 'reflection', prompt: 'Mine, meanwhile.' });
    // Both answers were paid for and are counted.
    expect(h.core.store.db.prepare(`SELECT COUNT(*) AS n FROM model_calls WHERE item_key LIKE 'regenerate:%'`).get()).toEqual({ n: 2 });
  });

  it('exports Markdown and JSON', async () => {
    h = await startHarness();
    const { course, tree } = await generatedCourse(h, 'Cooking with "spices" & herbs');
    const md = await h.call('courses.export', { courseId: course.id, format: 'markdown' });
    expect(md.mimeType).toBe('text/markdown');
    expect(md.filename).toMatch(/^[a-z0-9-]+\.md$/);
    expect(md.content.startsWith(`# ${tree.outline!.title}\n`)).toBe(true);
    expect(md.content).toContain('## Summary');
    for (const project of tree.projects) expect(md.content).toContain(`## Project ${project.position + 1}: ${project.title}`);
    const firstLesson = tree.projects[0]!.lessons[0]!;
    expect(md.content).toContain(`### Lesson 1.1: ${firstLesson.title}`);
    expect(md.content).toContain(firstLesson.content.trim());
    const json = await h.call('courses.export', { courseId: course.id, format: 'json' });
    expect(json.mimeType).toBe('application/json');
    // The course as stored; the spend beside it is the page's, not the course's.
    const { spend: _spend, ...stored } = tree;
    expect(JSON.parse(json.content)).toEqual(stored);
  });

  it('settings and the API key: stored, applied, and never returned', async () => {
    h = await startHarness({ apiKey: null });
    const initial = await h.call('settings.get');
    expect(initial).toMatchObject({ apiKeySet: false, secretStorage: 'plaintext', defaultAutoPublish: false, limits: { jobs: 3, requests: 6 } });
    expect(await h.call('apiKey.test')).toEqual({ ok: false, message: expect.stringMatching(/No API key/) });

    const updated = await h.call('settings.update', { reviewerName: 'Grace', defaultAutoPublish: true, model: 'claude-haiku-4-5' });
    expect(updated).toMatchObject({ reviewerName: 'Grace', defaultAutoPublish: true, model: 'claude-haiku-4-5', apiKeySet: false });
    const withKey = await h.call('apiKey.set', { key: '  sk-ant-a-new-key-123  ' });
    expect(withKey.apiKeySet).toBe(true);
    expect(JSON.stringify(withKey)).not.toContain('sk-ant');
    expect(await h.call('apiKey.test')).toEqual({ ok: true, message: expect.stringMatching(/^Connected/) });
    expect(h.fake.requests.at(-1)!.headers['authorization']).toBe('Bearer sk-ant-a-new-key-123');

    h.fake.setApiKeys(['some-other-key']);
    expect(await h.call('apiKey.test')).toEqual({ ok: false, message: expect.stringMatching(/rejected \(401\)/) });
    h.fake.setApiKeys(null);

    await h.call('settings.update', { model: 'claude-no-such-model' });
    expect(await h.call('apiKey.test')).toEqual({ ok: false, message: expect.stringMatching(/404/) });

    expect((await h.call('apiKey.clear')).apiKeySet).toBe(false);
    expect(await h.dispatch('settings.update', { maxTokens: 10 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('without a key, queued jobs wait with the reason, and start once a key is set', async () => {
    h = await startHarness({ apiKey: null });
    const course = await h.call('courses.create', { topic: { topic: 'Haskell' } });
    const outlines = await h.dispatch('courses.generateOutlines', { courseId: course.id });
    expect(outlines).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Add your Anthropic API key in Settings.' } });
    expect(h.events['outline.progress'].filter((p) => p.error)).toHaveLength(3);
    expect(h.fake.requests).toHaveLength(0);

    await h.call('apiKey.set', { key: 'sk-ant-integration-key-0001' });
    const ready = await approvedCourse(h, 'Haskell, take two');
    await h.call('apiKey.clear');
    const job = await h.call('jobs.enqueue', { courseId: ready.id });
    // A few runner polls: the job must still be waiting, not started.
    await new Promise((r) => setTimeout(r, 200));
    const state = (await h.call('jobs.snapshot')).queue;
    expect(state.waitingReason).toBe('Add your Anthropic API key in Settings');
    expect((await h.call('jobs.snapshot')).jobs.find((j) => j.id === job.id)?.status).toBe('queued');

    await h.call('apiKey.set', { key: 'sk-ant-integration-key-0001' });
    await waitFor(() => eventsOf(h!).some((e: RunnerEvent) => e.type === 'job.completed' && e.jobId === job.id), 20_000, 'completion after the key');
    expect((await h.call('jobs.snapshot')).queue.waitingReason).toBeNull();
  });

  it('bulk job commands report per id; queue pause, resume and limits', async () => {
    h = await startHarness();
    expect(await h.call('queue.pause')).toMatchObject({ paused: true });
    const a = await approvedCourse(h, 'A topic');
    const b = await approvedCourse(h, 'B topic');
    const ja = await h.call('jobs.enqueue', { courseId: a.id });
    const jb = await h.call('jobs.enqueue', { courseId: b.id, runAfter: new Date(Date.now() + 3_600_000).toISOString(), priority: 5 });
    expect(jb.runAfter).not.toBeNull();

    expect(await h.call('jobs.pause', { jobIds: [ja.id, jb.id] })).toEqual({ done: [ja.id, jb.id], failed: [] });
    const resumed = await h.call('jobs.resume', { jobIds: [ja.id, ja.id] });
    expect(resumed).toEqual({ done: [ja.id], failed: [] });
    const retry = await h.call('jobs.retry', { jobIds: [ja.id] });
    expect(retry).toEqual({ done: [], failed: [{ id: ja.id, message: 'Only failed or cancelled jobs can be retried.' }] });
    expect(await h.call('jobs.cancel', { jobIds: [jb.id] })).toEqual({ done: [jb.id], failed: [] });
    expect(await h.call('jobs.retry', { jobIds: [jb.id] })).toEqual({ done: [jb.id], failed: [] });
    expect(await h.call('jobs.delete', { jobIds: [jb.id] })).toEqual({ done: [jb.id], failed: [] });
    expect(eventsOf(h).some((e) => e.type === 'job.deleted' && e.jobId === jb.id)).toBe(true);

    expect(await h.call('queue.setLimits', { jobs: 1 })).toMatchObject({ limits: { jobs: 1, requests: 6 } });
    expect(await h.dispatch('queue.setLimits', { jobs: 99 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.call('queue.resume')).toMatchObject({ paused: false });
    await waitFor(() => eventsOf(h!).some((e) => e.type === 'job.completed' && e.jobId === ja.id), 20_000, 'job a');

    const del = await h.call('courses.delete', { courseId: a.id });
    expect(del).toEqual({ deleted: true });
    expect(await h.dispatch('courses.get', { courseId: a.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('app.info, app.ready and app.openExternal', async () => {
    const opened: string[] = [];
    h = await startHarness({ core: { version: '1.2.3', openExternal: async (url) => void opened.push(url) } });
    expect(await h.call('app.info')).toEqual({ version: '1.2.3', platform: process.platform, dataDir: h.dataDir, secretStorage: 'plaintext', startupError: null, canStartNewDatabase: false });
    let readied = 0;
    const ready = await h.core.dispatch('app.ready', {}, { onReady: () => readied++ });
    expect(ready).toEqual({ ok: true, value: { seq: h.core.runner.bus.lastSeq } });
    expect(readied).toBe(1);
    expect(await h.call('app.openExternal', { url: 'https://example.com/a' })).toEqual({ opened: true });
    expect(await h.dispatch('app.openExternal', { url: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(opened).toEqual(['https://example.com/a']);
  });

  it('topics.parse goes to the importer', async () => {
    h = await startHarness();
    const parsed = await h.call('topics.parse', { text: 'Rust\nGo\n', format: 'lines' });
    expect(parsed.rows.map((r) => r.topic.topic)).toEqual(['Rust', 'Go']);
  });

  it('refuses a second outline generation for the same course while one runs', async () => {
    h = await startHarness({ latencyMs: 300 });
    const course = await h.call('courses.create', { topic: { topic: 'Elixir' } });
    const first = h.dispatch('courses.generateOutlines', { courseId: course.id, count: 1 });
    const second = await h.dispatch('courses.generateOutlines', { courseId: course.id, count: 1 });
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already being generated/) } });
    expect((await first).ok).toBe(true);
  });

  it('a change to an approved course sends it back to review, approval kept on record; publishing waits for a new approval', async () => {
    h = await startHarness();
    const { course, tree } = await generatedCourse(h);
    const lesson = tree.projects[0]!.lessons[0]!;
    const task = lesson.tasks[0]!;
    const status = async () => (await h!.call('courses.get', { courseId: course.id })).status;
    const approve = (by: string) => h!.call('courses.approve', { courseId: course.id, by, note: '' });

    const changes = [
      () => h!.call('lessons.update', { lessonId: lesson.id, title: 'Mine', content: '# Mine', objectives: ['Own it'] }),
      () => h!.call('lessons.regenerate', { lessonId: lesson.id }),
      () => h!.call('tasks.update', { taskId: task.id, kind: 'reflection', prompt: 'Reflect.', answerKey: null }),
      () => h!.call('tasks.regenerate', { taskId: task.id }),
    ];
    for (const [i, change] of changes.entries()) {
      await approve(`Reviewer ${i}`);
      await change();
      const after = await h.call('courses.get', { courseId: course.id });
      expect(after).toMatchObject({ status: 'generated', courseApproval: { by: `Reviewer ${i}` } });
      expect(await h.dispatch('courses.publish', { courseId: course.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    }
    await approve('Grace');
    expect(await h.call('courses.publish', { courseId: course.id })).toMatchObject({ status: 'published', courseApproval: { by: 'Grace' } });
    // A published course edited needs a new approval before it is published again (issue 17)…
    await h.call('lessons.update', { lessonId: lesson.id, title: 'Mine again', content: '# Mine', objectives: ['Own it'] });
    expect(await status()).toBe('generated');
    expect(await h.dispatch('courses.publish', { courseId: course.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await approve('Grace');
    await h.call('courses.publish', { courseId: course.id });
    // …unless Settings says edits are republished without one: then it stays published.
    await h.call('settings.update', { republishEditedWithoutApproval: true });
    await h.call('lessons.update', { lessonId: lesson.id, title: 'Mine once more', content: '# Mine', objectives: ['Own it'] });
    expect(await status()).toBe('published');
  });

  it('a rejected draft can be reopened for review, once, as it was', async () => {
    h = await startHarness();
    const course = await h.call('courses.create', { topic: { topic: 'Haskell' } });
    const [option] = await h.call('courses.generateOutlines', { courseId: course.id, count: 1 });
    await h.call('courses.chooseOption', { courseId: course.id, optionId: option!.id });
    expect(await h.dispatch('courses.reopen', { courseId: course.id })).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Cannot reopen the course: the course is draft.' } });
    await h.call('courses.reject', { courseId: course.id });
    expect(await h.call('courses.reopen', { courseId: course.id })).toMatchObject({ status: 'draft', chosenOptionId: option!.id });
    expect((await h.call('courses.get', { courseId: course.id })).options.map((o) => o.id)).toEqual([option!.id]);
    expect(await h.dispatch('courses.reopen', { courseId: course.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await h.dispatch('courses.reopen', { courseId: missing })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h.dispatch('courses.reopen', { courseId: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
