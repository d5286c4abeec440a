// The estimate from the store alone: calls counted from the outline, output tokens from the
// database's own history (per unit), ranges, and topics with no outline yet.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Outline, TopicInput } from '../../../src/shared/domain';
import { DEFAULT_MODEL } from '../../../src/main/ai/config';
import { costOf } from '../../../src/main/ai/pricing';
import { Store } from '../../../src/main/db/store';
import { planCourse } from '../../../src/main/estimate/calls';
import { DEFAULT_QUIZ_SETTINGS } from '../../../src/shared/quiz';
import { calibrate, DEFAULT_CHARS_PER_TOKEN } from '../../../src/main/estimate/calibration';
import { estimateCourses, estimateTopics, expectedCallUsd } from '../../../src/main/estimate/estimate';
import { readHistory } from '../../../src/main/estimate/history';
import { DEFAULT_OUTPUT_PER_UNIT, NO_HISTORY_SPREAD, outputModel, percentile } from '../../../src/main/estimate/output-model';
import { lessonCounts } from '../../../src/main/estimate/topic-outline';
import { approveOutline, editOutline } from '../../../src/main/courses/workflow';

let store: Store;
beforeEach(() => {
  store = Store.open(':memory:');
});
afterEach(() => store.close());

const topic = (projects: number): TopicInput => ({ topic: 'Rust', audience: 'devs', level: 'beginner', projects, language: 'English', notes: '' });

function outline(lessons: number[]): Outline {
  return {
    title: 'Rust',
    description: 'A course about Rust.',
    audience: 'devs',
    level: 'beginner',
    language: 'English',
    projects: lessons.map((n, p) => ({
      title: `Project ${p + 1}`,
      description: 'Build it.',
      lessons: Array.from({ length: n }, (_, l) => ({ title: `Lesson ${p + 1}.${l + 1}`, summary: 'Why and how.' })),
    })),
  };
}

function approvedCourse(lessons: number[]): string {
  const course = store.write(() => store.courses.create(topic(lessons.length)));
  editOutline(store, course.id, outline(lessons));
  approveOutline(store, course.id, 'Ada', '');
  return course.id;
}

/** A successful generation call in the history, as the runner records it. */
function pastCall(courseId: string, step: string, itemKey: string, output: number, input = 1000): void {
  store.write(() =>
    store.calls.record({
      jobId: null,
      courseId,
      step,
      itemKey,
      attempt: 1,
      model: DEFAULT_MODEL,
      usage: { input, output, cacheRead: 0, cacheWrite: 0 },
      latencyMs: 10,
      costUsd: 0.01,
      serviceTier: 'standard',
      outcome: 'ok',
      errorKind: null,
      errorMessage: null,
      requestId: null,
      startedAt: new Date().toISOString(),
    }),
  );
}

/** A course "generated" in the history: its project rows with `lessons` each, and one ok call per unit. */
function pastCourse(lessons: number[], perLesson: number, tasks: number, summary: number): string {
  const id = approvedCourse(lessons);
  const o = store.courses.get(id)!.outline!;
  store.write(() => {
    store.courses.ensureProjects(id, o);
    const tree = store.courses.tree(id)!;
    tree.projects.forEach((p, pi) =>
      store.courses.insertLessons(p.id, o.projects[pi]!.lessons.map((l) => ({ title: l.title, content: 'Text.', objectives: ['Know it'] }))),
    );
  });
  lessons.forEach((n, pi) => {
    pastCall(id, 'lessons', `project:${pi}`, perLesson * n);
    for (let li = 0; li < n; li++) pastCall(id, 'tasks', `lesson:${pi}.${li}`, tasks);
  });
  pastCall(id, 'finalize', 'course', summary);
  return id;
}

describe('counting the calls', () => {
  it('one lessons call per project, one tasks call per lesson, one summary', () => {
    const calls = planCourse(outline([2, 3, 1]), 'json_schema', DEFAULT_QUIZ_SETTINGS);
    expect(calls.filter((c) => c.kind === 'lessons').map((c) => c.units)).toEqual([2, 3, 1]);
    expect(calls.filter((c) => c.kind === 'tasks')).toHaveLength(6);
    expect(calls.filter((c) => c.kind === 'finalize')).toHaveLength(1);
    // The first call of each kind writes the outline to the cache; the others read it.
    expect(calls.filter((c) => c.firstOfKind).map((c) => c.kind)).toEqual(['lessons', 'tasks', 'finalize']);
    const estimate = estimateCourses(store, [approvedCourse([2, 3, 1]), approvedCourse([4, 4, 4])], DEFAULT_MODEL);
    expect(estimate).toMatchObject({ courses: 2, calls: 10 + 16, model: DEFAULT_MODEL });
  });

  it('a longer outline means more input tokens; forced-tool mode puts the tool in the cached prefix', () => {
    const small = estimateCourses(store, [approvedCourse([2, 2, 2])], DEFAULT_MODEL);
    const large = estimateCourses(store, [approvedCourse([6, 6, 6])], DEFAULT_MODEL);
    expect(large.inputTokens.expected).toBeGreaterThan(2 * small.inputTokens.expected);
    const [jsonCall] = planCourse(outline([2]), 'json_schema', DEFAULT_QUIZ_SETTINGS);
    const [toolCall] = planCourse(outline([2]), 'tool', DEFAULT_QUIZ_SETTINGS);
    expect(toolCall!.prefixChars).toBeGreaterThan(jsonCall!.prefixChars);
    expect(jsonCall!.promptChars).toBeGreaterThan(toolCall!.promptChars);
  });

  it('refuses an unknown course', () => {
    expect(() => estimateCourses(store, ['nope'], DEFAULT_MODEL)).toThrow(/No course with id nope/);
  });
});

describe('output tokens and ranges', () => {
  it('without history: the defaults, ±35 %, and it says it is rough', () => {
    const estimate = estimateCourses(store, [approvedCourse([3, 3, 3])], DEFAULT_MODEL);
    const expectedOutput = DEFAULT_OUTPUT_PER_UNIT.lessons * 9 + DEFAULT_OUTPUT_PER_UNIT.tasks * 9 + DEFAULT_OUTPUT_PER_UNIT.finalize;
    expect(estimate.outputTokens.expected).toBe(expectedOutput);
    // Whole tokens: within one of the exact product.
    expect(Math.abs(estimate.outputTokens.low - expectedOutput * (1 - NO_HISTORY_SPREAD))).toBeLessThanOrEqual(1);
    expect(Math.abs(estimate.outputTokens.high - expectedOutput * (1 + NO_HISTORY_SPREAD))).toBeLessThanOrEqual(1);
    expect(estimate.basis).toEqual({ pastCourses: 0, text: 'no history yet: rough' });
    expect(estimate.standardUsd.low).toBeLessThan(estimate.standardUsd.expected);
    expect(estimate.standardUsd.expected).toBeLessThan(estimate.standardUsd.high);
    // Batch prices: half, cache multipliers included.
    expect(estimate.economyUsd.expected).toBeGreaterThan(0.45 * estimate.standardUsd.expected);
    expect(estimate.economyUsd.expected).toBeLessThan(0.55 * estimate.standardUsd.expected);
  });

  it('with history: output per lesson of past lessons calls (whatever their project size), per tasks call and per summary', () => {
    pastCourse([2, 4, 3], 500, 300, 200);
    pastCourse([3, 3, 3], 700, 500, 400);
    pastCourse([5, 1, 2], 600, 400, 300);
    const history = readHistory(store);
    expect(history.pastCourses).toBe(3);
    expect(history.output.lessons.values).toEqual([500, 500, 500, 700, 700, 700, 600, 600, 600]);
    const model = outputModel(history);
    expect(model.lessons.expected).toBeCloseTo(600, 6);
    expect(model.lessons.fromHistory).toBe(true);
    // 9 tasks at 300, 9 at 500, 8 at 400: the 10th and 90th percentiles.
    const tasks = [...Array(9).fill(300), ...Array(9).fill(500), ...Array(8).fill(400)].sort((a, b) => a - b);
    expect(model.tasks.low).toBe(Math.min(percentile(tasks, 0.1), model.tasks.expected * 0.9));
    expect(model.tasks.high).toBe(percentile(tasks, 0.9));
    // Three summaries: too few to judge a spread; their mean, ±35 %.
    expect(model.finalize).toEqual({ low: 300 * (1 - NO_HISTORY_SPREAD), expected: 300, high: 300 * (1 + NO_HISTORY_SPREAD), fromHistory: true });

    const estimate = estimateCourses(store, [approvedCourse([2, 2, 2])], DEFAULT_MODEL);
    expect(estimate.basis).toEqual({ pastCourses: 3, text: 'based on 3 past courses' });
    expect(estimate.outputTokens.expected).toBeCloseTo(6 * model.lessons.expected + 6 * model.tasks.expected + 300, 0);
  });

  it('ignores failed calls and regenerations of single lessons', () => {
    const id = pastCourse([2, 1, 1], 500, 300, 200);
    pastCall(id, 'lessons', 'regenerate:lesson:0.0', 99_999);
    store.write(() => store.db.prepare(`UPDATE model_calls SET outcome = 'error' WHERE step = 'tasks'`).run());
    const history = readHistory(store);
    expect(history.output.lessons.values).toEqual([500, 500, 500]);
    expect(history.output.tasks.values).toEqual([]);
  });

  it('measures characters per token on finished courses whose calls match their outline', () => {
    expect(calibrate(store, 'json_schema', DEFAULT_QUIZ_SETTINGS)).toEqual({ charsPerToken: DEFAULT_CHARS_PER_TOKEN, measured: false });
    const id = pastCourse([2, 2, 2], 500, 300, 200);
    const tree = store.courses.tree(id)!;
    const sent = planCourse(tree.outline!, 'json_schema', DEFAULT_QUIZ_SETTINGS, (pi, li) => tree.projects[pi]!.lessons[li]!).reduce(
      (n, c) => n + c.prefixChars + c.contextChars + c.promptChars,
      0,
    );
    // Bill exactly 4 characters a token (+4 per call for the turn markers), like the fake API.
    store.write(() => {
      store.db.prepare(`UPDATE model_calls SET input_tokens = 0`).run();
      store.db.prepare(`UPDATE model_calls SET input_tokens = ? WHERE id = (SELECT MIN(id) FROM model_calls)`).run(Math.round(sent / 4) + 4 * 10);
      store.courses.setSummary(id, { summary: 'S', learningOutcomes: ['x'], prerequisites: [] });
      store.courses.setStatus(id, 'generated');
    });
    expect(calibrate(store, 'json_schema', DEFAULT_QUIZ_SETTINGS).measured).toBe(true);
    expect(calibrate(store, 'json_schema', DEFAULT_QUIZ_SETTINGS).charsPerToken).toBeCloseTo(4, 2);
  });
});

describe('topics without an outline', () => {
  it('models the outline options and the lessons per project the approved outlines have', () => {
    const none = estimateTopics(store, [topic(4)], DEFAULT_MODEL);
    // 3 outline options, then 4 projects × 4 lessons (the default): 4 + 16 + 1.
    expect(none.calls).toBe(3 + 4 + 16 + 1);
    approvedCourse([2, 2, 2]);
    approvedCourse([3, 3, 3]);
    const learned = estimateTopics(store, [topic(4), topic(3)], DEFAULT_MODEL, 2);
    // 2.5 lessons a project: 4 projects → 10 lessons, 3 projects → 8 (3 + 2 + 3).
    expect(lessonCounts(4, 2.5)).toEqual([3, 2, 3, 2]);
    expect(learned.calls).toBe(2 + 4 + 10 + 1 + (2 + 3 + 8 + 1));
    expect(learned.courses).toBe(2);
  });

  it('a draft course with no outline is estimated as its topic', () => {
    const draft = store.write(() => store.courses.create(topic(3)));
    expect(estimateCourses(store, [draft.id], DEFAULT_MODEL).calls).toBe(estimateTopics(store, [topic(3)], DEFAULT_MODEL).calls);
  });
});

it('a call in flight reserves the expected cost of its kind, at its tier: the mean past call once there is one', () => {
  const before = expectedCallUsd(store, DEFAULT_MODEL, 'standard');
  expect(before.lessons).toBeGreaterThan(before.tasks);
  pastCourse([1, 1, 1], 100, 100, 100);
  const after = expectedCallUsd(store, DEFAULT_MODEL, 'standard');
  expect(after.lessons).toBeLessThan(before.lessons / 2);
  // The past tasks call: 1000 input tokens and 100 output, priced.
  expect(after.tasks).toBeCloseTo(costOf(DEFAULT_MODEL, { input: 1000, output: 100, cacheRead: 0, cacheWrite: 0 }), 12);
  const standard = expectedCallUsd(store, DEFAULT_MODEL, 'standard');
  const batch = expectedCallUsd(store, DEFAULT_MODEL, 'batch');
  expect(batch.lessons).toBeCloseTo(standard.lessons / 2, 2);
  for (const usd of Object.values(standard)) expect(usd).toBeGreaterThan(0);
});
