// The SCORM package's player.js, run in a Node vm with a fake window and a fake SCORM 1.2 API
// that records every call: what an LMS would see.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PLAYER_SCRIPT } from '../../../src/main/export/scorm12/player-script';

interface Tracker {
  tracking(): boolean;
  start(): number;
  visit(page: number): void;
  recordQuiz(quiz: number, correct: number, total: number, answers: unknown[]): void;
  finish(): void;
  state: { page: number; seen: boolean[]; quizzes: Record<string, unknown> };
}
interface Player {
  createTracker(win: object, config: object): Tracker;
  grade(key: object, answer: unknown): boolean | null;
}

function loadPlayer(): Player {
  const context: { CourseStudioPlayer?: Player } = {};
  runInNewContext(PLAYER_SCRIPT, context);
  return context.CourseStudioPlayer!;
}

/** A SCORM 1.2 API that keeps values like an LMS and records each call. */
function fakeApi(initial: Record<string, string> = {}) {
  const data: Record<string, string> = { 'cmi.core.lesson_status': 'not attempted', 'cmi.core.entry': 'ab-initio', ...initial };
  const calls: [string, ...string[]][] = [];
  return {
    data,
    calls,
    sets: () => calls.filter((c) => c[0] === 'LMSSetValue').map((c) => [c[1], c[2]]),
    API: {
      LMSInitialize: (a: string) => (calls.push(['LMSInitialize', a]), 'true'),
      LMSGetValue: (k: string) => (calls.push(['LMSGetValue', k]), data[k] ?? ''),
      LMSSetValue: (k: string, v: string) => (calls.push(['LMSSetValue', k, v]), (data[k] = v), 'true'),
      LMSCommit: (a: string) => (calls.push(['LMSCommit', a]), 'true'),
      LMSFinish: (a: string) => (calls.push(['LMSFinish', a]), 'true'),
      LMSGetLastError: () => '0',
      LMSGetErrorString: () => '',
      LMSGetDiagnostic: () => '',
    },
  };
}

/** The SCO in a frame inside the LMS page (window.parent holds the API). */
function framedIn(API: object) {
  const lms: Record<string, unknown> = { API };
  lms['parent'] = lms;
  lms['top'] = lms;
  const sco: Record<string, unknown> = { parent: lms, top: lms };
  return sco;
}

const player = loadPlayer();
const noQuizzes = { pages: 3, masteryScore: 80, quizzes: [] };
const withQuiz = { pages: 3, masteryScore: 80, quizzes: [{ graded: 4, questions: [] }] };

describe('SCORM 1.2 player script', () => {
  it('finds the API up the window.parent chain, then through window.top.opener, and tracks nothing without one', () => {
    const lms = fakeApi();
    const deep = { parent: { parent: framedIn(lms.API) } } as Record<string, any>;
    deep['parent']['top'] = deep['parent']['parent']['top'];
    expect(player.createTracker(deep, noQuizzes).tracking()).toBe(true);

    const opener = fakeApi();
    const popup: Record<string, unknown> = {};
    popup['parent'] = popup;
    popup['top'] = { opener: framedIn(opener.API) };
    expect(player.createTracker(popup, noQuizzes).tracking()).toBe(true);

    const alone: Record<string, unknown> = {};
    alone['parent'] = alone;
    alone['top'] = alone;
    const tracker = player.createTracker(alone, noQuizzes);
    expect(tracker.tracking()).toBe(false);
    expect(tracker.start()).toBe(0);
    tracker.visit(1);
    tracker.recordQuiz(0, 1, 1, []);
    tracker.finish(); // nothing to call, nothing thrown
  });

  it('does not follow a frame from another origin (its properties throw)', () => {
    const hostile = {
      get API(): never {
        throw new Error('SecurityError');
      },
    };
    expect(player.createTracker({ parent: hostile, top: {} }, noQuizzes).tracking()).toBe(false);
  });

  it('initializes, marks the attempt incomplete on entry and commits', () => {
    const lms = fakeApi();
    const tracker = player.createTracker(framedIn(lms.API), noQuizzes);
    expect(tracker.start()).toBe(0);
    expect(lms.calls[0]).toEqual(['LMSInitialize', '']);
    expect(lms.sets()).toContainEqual(['cmi.core.lesson_status', 'incomplete']);
    expect(lms.calls.at(-1)).toEqual(['LMSCommit', '']);
  });

  it('keeps a finished status on entry (passed stays passed)', () => {
    const lms = fakeApi({ 'cmi.core.lesson_status': 'passed' });
    player.createTracker(framedIn(lms.API), withQuiz).start();
    expect(lms.sets().filter(([k]) => k === 'cmi.core.lesson_status')).toEqual([]);
  });

  it('saves the location and the pages seen on every page, and completes once all were seen when there are no quizzes', () => {
    const lms = fakeApi();
    const tracker = player.createTracker(framedIn(lms.API), noQuizzes);
    tracker.start();
    tracker.visit(0);
    tracker.visit(2);
    expect(lms.data['cmi.core.lesson_location']).toBe('2');
    expect(JSON.parse(lms.data['cmi.suspend_data']!)).toMatchObject({ v: 1, p: 2, s: '101' });
    expect(lms.data['cmi.core.lesson_status']).toBe('incomplete');
    tracker.visit(1);
    expect(lms.data['cmi.core.lesson_status']).toBe('completed');
    expect(lms.calls.at(-1)).toEqual(['LMSCommit', '']);
  });

  it('sets score min/max/raw and failed below the mastery score, passed at or above it, once the graded quizzes are done', () => {
    const lms = fakeApi();
    const tracker = player.createTracker(framedIn(lms.API), { ...withQuiz, quizzes: [...withQuiz.quizzes, { graded: 1, questions: [] }, { graded: 0, questions: [] }] });
    tracker.start();
    for (let p = 0; p < 3; p++) tracker.visit(p);
    expect(lms.data['cmi.core.lesson_status']).toBe('incomplete'); // pages seen, quizzes not done: not completed
    tracker.recordQuiz(0, 3, 4, [[0], [1], 'x', null]);
    expect(lms.data['cmi.core.score.raw']).toBeUndefined(); // one graded quiz still open
    tracker.recordQuiz(2, 0, 0, ['essay text']); // essays only: not graded
    expect(lms.data['cmi.core.score.raw']).toBeUndefined();
    tracker.recordQuiz(1, 0, 1, [[2]]);
    expect(lms.sets().slice(-4)).toEqual([
      ['cmi.core.score.min', '0'],
      ['cmi.core.score.max', '100'],
      ['cmi.core.score.raw', '60'],
      ['cmi.core.lesson_status', 'failed'],
    ]);
    tracker.recordQuiz(1, 1, 1, [[1]]);
    expect(lms.data['cmi.core.score.raw']).toBe('80');
    expect(lms.data['cmi.core.lesson_status']).toBe('passed');
    expect(lms.calls.at(-1)).toEqual(['LMSCommit', '']);
  });

  it("uses the LMS's mastery score (cmi.student_data.mastery_score) over the package's, and the package's when the LMS gives none or a bad one", () => {
    const run = (masteryFromLms: string | undefined) => {
      const lms = fakeApi(masteryFromLms === undefined ? {} : { 'cmi.student_data.mastery_score': masteryFromLms });
      const tracker = player.createTracker(framedIn(lms.API), withQuiz); // the package says 80
      tracker.start();
      tracker.recordQuiz(0, 3, 4, []); // 75
      return lms.data['cmi.core.lesson_status'];
    };
    expect(run('70')).toBe('passed');
    expect(run('75.0')).toBe('passed');
    expect(run('90')).toBe('failed');
    expect(run(undefined)).toBe('failed');
    expect(run('')).toBe('failed');
    expect(run('not a number')).toBe('failed');
    expect(run('150')).toBe('failed');
  });

  it('reads no mastery score when nothing is graded', () => {
    const lms = fakeApi({ 'cmi.student_data.mastery_score': '50' });
    player.createTracker(framedIn(lms.API), noQuizzes).start();
    expect(lms.calls.filter((c) => c[1] === 'cmi.student_data.mastery_score')).toEqual([]);
  });

  it('resumes where the learner left off, from lesson_location and suspend_data', () => {
    const first = fakeApi();
    const before = player.createTracker(framedIn(first.API), withQuiz);
    before.start();
    before.visit(0);
    before.visit(1);
    before.recordQuiz(0, 2, 4, [[0], [0, 1], 'cargo', 'long essay']);
    before.finish();

    const again = fakeApi({
      'cmi.core.lesson_status': first.data['cmi.core.lesson_status']!,
      'cmi.core.lesson_location': first.data['cmi.core.lesson_location']!,
      'cmi.suspend_data': first.data['cmi.suspend_data']!,
      'cmi.core.entry': 'resume',
    });
    const after = player.createTracker(framedIn(again.API), withQuiz);
    expect(after.start()).toBe(1);
    expect(after.state.seen).toEqual([true, true, false]);
    expect(after.state.quizzes['0']).toEqual({ correct: 2, total: 4, answers: [[0], [0, 1], 'cargo', 'long essay'] });
    after.visit(2);
    expect(JSON.parse(again.data['cmi.suspend_data']!).s).toBe('111');
  });

  it('keeps suspend_data within 4,096 characters, dropping written answers first', () => {
    const lms = fakeApi();
    const tracker = player.createTracker(framedIn(lms.API), { pages: 200, masteryScore: 80, quizzes: Array.from({ length: 40 }, () => ({ graded: 1, questions: [] })) });
    tracker.start();
    for (let q = 0; q < 40; q++) tracker.recordQuiz(q, 1, 1, [[0, 1, 2], 'an essay '.repeat(100)]);
    const data = lms.data['cmi.suspend_data']!;
    expect(data.length).toBeLessThanOrEqual(4096);
    expect(JSON.parse(data).q['39']).toEqual([1, 1, [[0, 1, 2], null]]);
    for (const [key, value] of lms.sets()) if (key === 'cmi.suspend_data') expect(value!.length).toBeLessThanOrEqual(4096);
  });

  it('finishes once, with the session time, and never sets a status while finishing (it runs from unload)', () => {
    const lms = fakeApi();
    const tracker = player.createTracker(framedIn(lms.API), noQuizzes);
    tracker.start();
    const before = lms.calls.length;
    tracker.finish();
    tracker.finish();
    const during = lms.calls.slice(before);
    expect(during.filter((c) => c[0] === 'LMSFinish')).toEqual([['LMSFinish', '']]);
    expect(during.filter((c) => c[0] === 'LMSSetValue').map((c) => c[1])).toEqual(['cmi.core.session_time']);
    // LMSFinish persists the data itself; a commit from pagehide would be a synchronous
    // request during page dismissal in an LMS that commits that way, which Chromium refuses.
    expect(during.map((c) => c[0])).toEqual(['LMSSetValue', 'LMSFinish']);
    expect(lms.data['cmi.core.session_time']).toMatch(/^\d{4}:\d{2}:\d{2}\.\d{2}$/);
    // The page's unload handlers call finish and nothing else.
    const unload = PLAYER_SCRIPT.match(/addEventListener\('(pagehide|unload|beforeunload)',[^)]*\)/g);
    expect(unload).toEqual(["addEventListener('pagehide', tracker.finish)", "addEventListener('unload', tracker.finish)"]);
  });

  it('grades each question type', () => {
    expect(player.grade({ type: 'multiple_choice', correct: [0] }, [0])).toBe(true);
    expect(player.grade({ type: 'multiple_choice', correct: [0] }, [1])).toBe(false);
    expect(player.grade({ type: 'multiple_choice', correct: [0] }, [])).toBe(false);
    expect(player.grade({ type: 'multiple_response', correct: [0, 2] }, [2, 0])).toBe(true);
    expect(player.grade({ type: 'multiple_response', correct: [0, 2] }, [0])).toBe(false);
    expect(player.grade({ type: 'multiple_response', correct: [0, 2] }, [0, 1, 2])).toBe(false);
    expect(player.grade({ type: 'true_false', correct: [1] }, [1])).toBe(true);
    expect(player.grade({ type: 'short_answer', accepted: ['Cargo CLI'] }, '  cargo   cli ')).toBe(true);
    expect(player.grade({ type: 'short_answer', accepted: ['cargo'] }, 'rustc')).toBe(false);
    expect(player.grade({ type: 'short_answer', accepted: [''] }, '')).toBe(false);
    expect(player.grade({ type: 'essay' }, 'anything')).toBeNull();
  });
});
