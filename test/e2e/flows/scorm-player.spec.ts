// The SCORM 1.2 package as a learner meets it: the real exporter's bytes, unzipped and
// served by a small LMS on 127.0.0.1 (test/e2e/scorm-lms.ts) whose host page runs
// scorm-again's SCORM 1.2 API — an independent implementation of the LMS side, so the
// package is checked against someone else's reading of the spec, not ours. The learner
// clicks through every page, answers the quizzes, leaves and comes back; the host records
// every SCORM call, the test every request. No hold needed: every wait is for a final state
// (a page shown, a call made, a commit received).
import type { Frame, FrameLocator, Page, Request } from '@playwright/test';

/** Where the package is: the LMS's frame, or the page itself when opened from its folder. */
type Scope = FrameLocator | Page;
import { mkdirSync } from 'node:fs';
import { exportScorm12, type Scorm12Options } from '../../../src/main/export/scorm12';
import type { CourseTree } from '../../../src/shared/domain';
import type { QuizQuestion } from '../../../src/shared/quiz';
import { course as courseTree, lesson as lessonOf, project as projectOf } from '../../support/lms/courses';
import { expect, SCREENSHOT_DIR, test as base } from '../fixtures';
import { startLms, type HostCall, type InstalledPackage, type ScormLms } from '../scorm-lms';

// ---------------------------------------------------------------------------------------
// Test courses, built by `buildCourse` from a short description: a quiz task holds its typed
// questions (Task.questions).

type TaskSpec = { exercise: string; answer?: string } | { reflection: string } | { quiz: QuizQuestion[] };
interface LessonSpec {
  title: string;
  content: string;
  tasks: TaskSpec[];
}
interface ProjectSpec {
  title: string;
  lessons: LessonSpec[];
}

function buildCourse(id: string, title: string, projects: ProjectSpec[]): { course: CourseTree; options: Scorm12Options } {
  const tree = courseTree(
    id,
    title,
    projects.map((p, pi) =>
      projectOf(
        `${id}-p${pi}`,
        p.title,
        p.lessons.map((l, li) =>
          lessonOf(
            `${id}-p${pi}-l${li}`,
            l.title,
            l.content,
            l.tasks.map((t, ti) => {
              const taskId = `${id}-p${pi}-l${li}-t${ti}`;
              if ('quiz' in t) return { id: taskId, kind: 'quiz' as const, prompt: 'Check what you learned.', answerKey: null, questions: t.quiz };
              if ('exercise' in t) return { id: taskId, kind: 'exercise' as const, prompt: t.exercise, answerKey: t.answer ?? null, questions: null };
              return { id: taskId, kind: 'reflection' as const, prompt: t.reflection, answerKey: null, questions: null };
            }),
          ),
        ),
      ),
    ),
  );
  return { course: tree, options: {} };
}

const mc = (stem: string, options: [string, boolean, string?][], explanation = ''): QuizQuestion => ({
  type: 'multiple_choice',
  stem,
  explanation,
  options: options.map(([text, correct, feedback = '']) => ({ text, correct, feedback })),
});

const rustCourse = buildCourse('rust', 'Rust: From Zero to CLI', [
  {
    title: 'Foundations',
    lessons: [
      {
        title: 'Installing Rust',
        content: '## Toolchains\n\nInstall with `rustup`. A diagram: ![toolchain diagram](https://example.com/toolchain.png)\n\nMore at [the book](https://doc.rust-lang.org/book/).',
        tasks: [
          { exercise: 'Install Rust, then run `rustc -V`.', answer: 'It prints `rustc 1.x`.' },
          {
            quiz: [
              mc('Which tool installs Rust?', [['rustup', true, 'Yes: rustup manages toolchains.'], ['cargo', false, 'Cargo builds; it does not install Rust.'], ['npm', false]], 'rustup installs and updates toolchains.'),
              {
                type: 'multiple_response',
                stem: 'Which are Cargo commands?',
                explanation: 'Both build and test are built in.',
                options: [
                  { text: 'build', correct: true, feedback: '' },
                  { text: 'test', correct: true, feedback: '' },
                  { text: 'install-node', correct: false, feedback: 'No such command.' },
                ],
              },
              { type: 'true_false', stem: 'Rust has a garbage collector.', explanation: 'Ownership frees memory.', answer: false, trueFeedback: 'No: Rust uses ownership.', falseFeedback: 'Right.' },
            ],
          },
          { reflection: 'What surprised you about the install?' },
        ],
      },
      {
        title: 'Cargo basics',
        content: 'Cargo builds *and* tests.',
        tasks: [
          {
            quiz: [
              { type: 'short_answer', stem: 'The build tool is called…', explanation: '', acceptedAnswers: ['cargo', 'Cargo CLI'] },
              { type: 'essay', stem: 'Explain ownership in two sentences.', explanation: '', modelAnswer: 'Each value has one owner; it is dropped when the owner goes out of scope.' },
            ],
          },
          { exercise: 'Create a project with `cargo new`.' },
        ],
      },
    ],
  },
  {
    title: 'Shipping',
    lessons: [
      { title: 'Arguments', content: 'Use `std::env::args`.', tasks: [{ exercise: 'Print every argument.' }, { reflection: 'When would you reach for a parser crate?' }] },
      {
        title: 'Releasing',
        content: 'Build with `--release`.',
        tasks: [
          {
            quiz: [
              mc('Which file lists dependencies?', [['Cargo.toml', true], ['Cargo.lock', false, 'The lock file pins versions; the manifest lists them.'], ['main.rs', false]]),
              { type: 'true_false', stem: '`cargo build --release` turns on optimisations.', explanation: '', answer: true, trueFeedback: '', falseFeedback: '' },
              { type: 'short_answer', stem: 'The public crate registry is…', explanation: 'crates.io hosts published crates.', acceptedAnswers: ['crates.io'] },
            ],
          },
        ],
      },
    ],
  },
]);

/** The rust course's pages in order: each page's h1 (the introduction's is the course title). */
const RUST_PAGES = [
  'Rust: From Zero to CLI',
  'Installing Rust',
  'Installing Rust: Exercise 1',
  'Installing Rust: Quiz',
  'Installing Rust: Reflection 1',
  'Cargo basics',
  'Cargo basics: Quiz',
  'Cargo basics: Exercise 1',
  'Arguments',
  'Arguments: Exercise 1',
  'Arguments: Reflection 1',
  'Releasing',
  'Releasing: Quiz',
];
const QUIZ_PAGES = [3, 6, 12];

const notesCourse = buildCourse('notes', 'Field notes', [
  { title: 'Observing', lessons: [{ title: 'Looking closely', content: 'Slow down.', tasks: [{ exercise: 'Sketch a leaf.' }, { reflection: 'What did you miss at first?' }] }] },
  { title: 'Writing up', lessons: [{ title: 'Notes that last', content: 'Date every page.', tasks: [{ reflection: 'Which notes will you reread?' }] }] },
]);
const NOTES_PAGES = ['Field notes', 'Looking closely', 'Looking closely: Exercise 1', 'Looking closely: Reflection 1', 'Notes that last', 'Notes that last: Reflection 1'];

// ---------------------------------------------------------------------------------------
// The learner.

/** Answers quiz n of the rust course: 2 of 3, 1 of 1 (and an essay), 2 of 3 — 5 of 7 graded, 71%. */
async function answerRustQuiz(sco: Scope, n: number) {
  const quiz = sco.locator(`form.quiz[data-quiz="${n}"]`);
  const question = (q: number) => quiz.locator(`[data-question="${q}"]`);
  if (n === 0) {
    await question(0).getByLabel('rustup').check(); // right
    await question(1).getByLabel('build').check(); // half the set: wrong
    await question(2).getByLabel('False').check(); // right
  } else if (n === 1) {
    await question(0).getByRole('textbox').fill('  CARGO  '); // right: trimmed, any case
    await question(1).getByRole('textbox').fill('A value has one owner.');
  } else {
    await question(0).getByLabel('Cargo.lock').check(); // wrong
    await question(1).getByLabel('True').check(); // right
    await question(2).getByRole('textbox').fill('crates.io'); // right
  }
  await quiz.getByRole('button', { name: 'Check answers' }).click();
}

/** What the learner sees once quiz n was checked with the answers above. */
async function expectRustQuizFeedback(sco: Scope, n: number) {
  const quiz = sco.locator(`form.quiz[data-quiz="${n}"]`);
  const result = (q: number) => quiz.locator(`[data-question="${q}"] .result`);
  if (n === 0) {
    await expect(result(0)).toHaveText('Correct.');
    await expect(result(1)).toHaveText('Not quite.');
    await expect(result(2)).toHaveText('Correct.');
    await expect(quiz.getByText('Yes: rustup manages toolchains.')).toBeVisible(); // the chosen option's feedback
    await expect(quiz.getByText('Cargo builds; it does not install Rust.')).toBeHidden(); // not chosen
    await expect(quiz.getByText('Both build and test are built in.')).toBeVisible(); // the explanation
    await expect(quiz.locator('.quiz-result')).toHaveText('Score: 2 of 3.');
    // Each option's label sits beside its radio button, on the same line.
    const radio = await quiz.locator('[data-question="0"]').getByLabel('rustup').boundingBox();
    const label = await quiz.locator('[data-question="0"] label', { hasText: 'rustup' }).boundingBox();
    expect(label!.x).toBeGreaterThan(radio!.x + radio!.width);
    expect(Math.abs(label!.y + label!.height / 2 - (radio!.y + radio!.height / 2))).toBeLessThan(label!.height / 2);
  } else if (n === 1) {
    await expect(result(0)).toHaveText('Correct.');
    await expect(result(1)).toHaveText('Answer recorded.');
    await expect(quiz.getByText('Each value has one owner; it is dropped when the owner goes out of scope.')).toBeVisible();
    await expect(quiz.locator('.quiz-result')).toHaveText('Score: 1 of 1.');
  } else {
    await expect(result(0)).toHaveText('Not quite.');
    await expect(result(1)).toHaveText('Correct.');
    await expect(result(2)).toHaveText('Correct.');
    await expect(quiz.getByText('The lock file pins versions; the manifest lists them.')).toBeVisible();
    await expect(quiz.locator('.quiz-result')).toHaveText('Score: 2 of 3.');
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function player(sco: Scope) {
  return {
    heading: sco.locator('section.page:not([hidden]) h1'),
    shown: sco.locator('section.page:not([hidden])'),
    next: sco.getByRole('button', { name: 'Next' }),
    previous: sco.getByRole('button', { name: 'Previous' }),
    toc: sco.getByRole('navigation', { name: 'Contents' }),
    /** A page's entry in the contents; a seen page's name ends with the stylesheet's ✓. */
    tocLink: (title: string) => sco.getByRole('navigation', { name: 'Contents' }).getByRole('link', { name: new RegExp(`^${escapeRegExp(title)}( ✓)?$`) }),
  };
}

// ---------------------------------------------------------------------------------------
// The calls an LMS should see, written the way the host records them.

const q = (v: string) => JSON.stringify(v);
const call = (fn: string, args: string[], result: string) => `${fn}(${args.map(q).join(', ')}) → ${q(result)}`;
const get = (element: string, value: string) => call('LMSGetValue', [element], value);
const set = (element: string, value: string) => call('LMSSetValue', [element, value], 'true');
const COMMIT = call('LMSCommit', [''], 'true');
const SUSPEND = '<suspend_data>';
const SESSION_TIME = '<session_time>';

/** LMSInitialize and what the player reads and sets on entry. */
function entry(o: { status?: string; mastery?: string | null; suspend?: string; location?: string } = {}) {
  const status = o.status ?? 'not attempted';
  return [
    call('LMSInitialize', [''], 'true'),
    get('cmi.core.lesson_status', status),
    ...(['passed', 'failed', 'completed'].includes(status) ? [] : [set('cmi.core.lesson_status', 'incomplete')]),
    set('cmi.core.exit', 'suspend'),
    ...(o.mastery === undefined || o.mastery === null ? [] : [get('cmi.student_data.mastery_score', o.mastery)]),
    get('cmi.suspend_data', o.suspend ?? ''),
    get('cmi.core.lesson_location', o.location ?? ''),
    COMMIT,
  ];
}
/** A page shown: where the learner is, the progress, a commit (and anything set on the way). */
const visit = (page: number, also: string[] = []) => [set('cmi.core.lesson_location', String(page)), set('cmi.suspend_data', SUSPEND), ...also, COMMIT];
/** A quiz checked on `page`: saved, and the score once every graded quiz was answered. */
const checked = (page: number, score?: { raw: number; status: 'passed' | 'failed' }) =>
  visit(
    page,
    score ? [set('cmi.core.score.min', '0'), set('cmi.core.score.max', '100'), set('cmi.core.score.raw', String(score.raw)), set('cmi.core.lesson_status', score.status)] : [],
  );
/** Leaving: only the session time, then LMSFinish, which persists it (no status, no commit). */
const EXIT = ['-- learner pressed Exit --', set('cmi.core.session_time', SESSION_TIME), call('LMSFinish', [''], 'true')];

/** SCORM 2004 data model elements and API names: never to be seen from a SCORM 1.2 package. */
const SCORM_2004 = /^cmi\.(completion_status|success_status|score\.scaled|location|exit|session_time|progress_measure|learner_|mode|credit|entry)\b|API_1484_11/;

/**
 * The host's record as lines like the ones above. suspend_data and session_time values are
 * checked here (≤ 4,096 characters; CMITimespan) and shown as placeholders, so the lines
 * compare exactly.
 */
function asLines(calls: HostCall[]): string[] {
  return calls.map((c) => {
    if (c.fn === 'exit') return '-- learner pressed Exit --';
    if (c.fn === 'lookup') return `looked for ${c.args[0]}`;
    const args = [...c.args];
    let result = c.result;
    if (c.fn === 'LMSSetValue' && args[0] === 'cmi.suspend_data') {
      expect(args[1]!.length, 'suspend_data length').toBeLessThanOrEqual(4096);
      args[1] = SUSPEND;
    }
    if (c.fn === 'LMSSetValue' && args[0] === 'cmi.core.session_time') {
      expect(args[1]).toMatch(/^\d{4}:\d{2}:\d{2}\.\d{2}$/);
      args[1] = SESSION_TIME;
    }
    if (c.fn === 'LMSGetValue' && args[0] === 'cmi.suspend_data' && result !== '') result = SUSPEND;
    if (c.fn === 'LMSGetValue' || c.fn === 'LMSSetValue') expect(args[0], 'a SCORM 1.2 element').not.toMatch(SCORM_2004);
    return call(c.fn, args, result) + (c.error === '0' ? '' : ` [error ${c.error}]`);
  });
}

// ---------------------------------------------------------------------------------------
// Fixtures: the LMS, every request, console errors.

interface Seen {
  url: string;
  /** 'host' for the LMS page, 'sco' for the package's frame. */
  from: 'host' | 'sco' | 'other';
}

function recordRequests(page: Page): Seen[] {
  const seen: Seen[] = [];
  page.context().on('request', (request: Request) => {
    let frame: Frame | null;
    try {
      frame = request.frame();
    } catch {
      frame = null; // a service worker's request: this page registers none
    }
    const from = frame === page.mainFrame() ? 'host' : frame?.parentFrame() === page.mainFrame() ? 'sco' : 'other';
    seen.push({ url: request.url(), from });
  });
  return seen;
}

function recordConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

/** Every request was the LMS's own page, scripts and commits, or a file of the package from its frame. */
function expectOnlyPackageRequests(lms: ScormLms, pkg: InstalledPackage, seen: Seen[]) {
  const host = new Set([lms.launchUrl(pkg), `${lms.origin}/lms/scorm12.js`, `${lms.origin}/lms/host.js`, `${lms.origin}${pkg.url}imsmanifest.xml`]);
  const commit = new RegExp(`^${lms.origin.replace(/\./g, '\\.')}/lms/commit/${pkg.id}(\\?final=true)?$`);
  const inPackage = `${lms.origin}${pkg.url}`;
  const stray = seen.filter((r) => !(r.from === 'host' && (host.has(r.url) || commit.test(r.url))) && !(r.from === 'sco' && (r.url.startsWith(inPackage) || r.url === 'about:blank')));
  expect(stray, 'requests from outside the package').toEqual([]);
  // The package's three files came from its frame.
  expect(new Set(seen.filter((r) => r.from === 'sco').map((r) => r.url.slice(inPackage.length)))).toEqual(new Set(['index.html', 'player.js', 'course.css']));
}

const calls = (page: Page) => page.evaluate(() => (window as unknown as { lms: { calls: HostCall[] } }).lms.calls);
const lmsLog = (page: Page) => page.evaluate(() => (window as unknown as { lms: { logged: string[] } }).lms.logged);
const cmi = (page: Page, path: string) => page.evaluate((p) => p.split('.').reduce((o: any, k) => o[k], (window as any).lms.api) as string, path);

async function launch(page: Page, lms: ScormLms, pkg: InstalledPackage) {
  await page.goto(lms.launchUrl(pkg));
  const sco = page.frameLocator('#sco');
  await expect(sco.locator('section.page:not([hidden]) h1')).toBeVisible();
  return sco;
}

async function exit(page: Page) {
  await page.getByRole('button', { name: 'Exit' }).click();
  await expect.poll(async () => (await calls(page)).some((c) => c.fn === 'LMSFinish')).toBe(true);
}

const test = base.extend<{ lms: ScormLms }>({
  // eslint-disable-next-line no-empty-pattern
  lms: async ({}, use) => {
    const lms = await startLms();
    await use(lms);
    await lms.close();
  },
});

// ---------------------------------------------------------------------------------------

for (const variant of [
  { mastery: 80, status: 'failed' as const },
  { mastery: 70, status: 'passed' as const },
]) {
  test(`a learner goes through every page and quiz in an LMS: 71% against a mastery score of ${variant.mastery} is ${variant.status}, and the LMS sees exactly the SCORM 1.2 calls it should`, async ({ page, lms }) => {
    const seen = recordRequests(page);
    const problems = recordConsole(page);
    const pkg = lms.install(exportScorm12(rustCourse.course, { ...rustCourse.options, masteryScore: variant.mastery }));
    const sco = await launch(page, lms, pkg);
    const p = player(sco);
    const expected = entry({ mastery: String(variant.mastery) });

    // The first page, the contents, Previous off.
    await expect(p.heading).toHaveText(RUST_PAGES[0]!);
    await expect(p.toc.getByRole('link')).toHaveText(['Introduction', ...RUST_PAGES.slice(1)]);
    await expect(p.tocLink('Introduction')).toHaveAttribute('aria-current', 'page');
    await expect(p.previous).toBeDisabled();
    expected.push(...visit(0));

    // Next through every page, checking each quiz on the way.
    let quiz = 0;
    for (let i = 1; i < RUST_PAGES.length; i++) {
      await p.next.click();
      await expect(p.heading).toHaveText(RUST_PAGES[i]!);
      await expect(p.tocLink(RUST_PAGES[i]!)).toHaveAttribute('aria-current', 'page');
      await expect(p.previous).toBeEnabled();
      expected.push(...visit(i));
      if (QUIZ_PAGES.includes(i)) {
        await answerRustQuiz(sco, quiz);
        await expectRustQuizFeedback(sco, quiz);
        const last = quiz === QUIZ_PAGES.length - 1;
        expected.push(...checked(i, last ? { raw: 71, status: variant.status } : undefined));
        quiz++;
      }
      if (i === 1) {
        // A remote image in a lesson is text, not a request; links stay links.
        await expect(p.shown.getByText('[image: toolchain diagram]')).toBeVisible();
        await expect(p.shown.getByRole('link', { name: 'the book' })).toHaveAttribute('href', 'https://doc.rust-lang.org/book/');
      }
    }
    await expect(p.next).toBeDisabled();
    // Every page is marked seen in the contents.
    await expect(p.toc.locator('a.seen')).toHaveCount(RUST_PAGES.length);

    // Previous goes back one page, the contents jump anywhere.
    await p.previous.click();
    await expect(p.heading).toHaveText(RUST_PAGES.at(-2)!);
    expected.push(...visit(RUST_PAGES.length - 2));
    await p.tocLink('Cargo basics: Quiz').click();
    await expect(p.heading).toHaveText('Cargo basics: Quiz');
    expected.push(...visit(6));
    await expect(sco.locator('form.quiz[data-quiz="1"] .quiz-result')).toHaveText('Score: 1 of 1.'); // still answered

    await exit(page);
    expected.push(...EXIT);
    const lines = asLines(await calls(page));
    expect(lines).toEqual(expected);
    // Said outright: while the package was being unloaded, no status and no score.
    expect(lines.slice(lines.indexOf(EXIT[0]!)).filter((line) => /lesson_status|score/.test(line))).toEqual([]);

    // What the LMS holds: scorm-again's data model, and the commits its server received.
    expect(await cmi(page, 'cmi.core.lesson_status')).toBe(variant.status);
    expect(await cmi(page, 'cmi.core.score.raw')).toBe('71');
    await expect.poll(() => lms.commits(pkg).some((c) => c.final)).toBe(true);
    const final = lms.commits(pkg).at(-1)!;
    expect(final.final).toBe(true);
    expect(final.data).toMatchObject({ 'cmi.core.lesson_status': variant.status, 'cmi.core.score.raw': '71', 'cmi.core.score.max': '100', 'cmi.core.score.min': '0', 'cmi.core.exit': 'suspend', 'cmi.core.lesson_location': '6' });
    for (const key of Object.keys(final.data)) expect(key).not.toMatch(SCORM_2004);

    expect(await lmsLog(page)).toEqual([]);
    expect(problems).toEqual([]);
    expectOnlyPackageRequests(lms, pkg, seen);
  });
}

test('a course with no quizzes is completed once every page was seen, not before', async ({ page, lms }) => {
  const seen = recordRequests(page);
  const problems = recordConsole(page);
  const pkg = lms.install(exportScorm12(notesCourse.course, notesCourse.options));
  const sco = await launch(page, lms, pkg);
  const p = player(sco);
  const last = NOTES_PAGES.length - 1;
  const expected = [...entry(), ...visit(0)];
  expect(await page.evaluate(() => (window as any).lms.launched.masteryScore)).toBe(''); // nothing graded: no mastery score in the manifest

  // Straight to the last page from the contents: not every page seen yet.
  await p.tocLink(NOTES_PAGES[last]!).click();
  await expect(p.heading).toHaveText(NOTES_PAGES[last]!);
  expected.push(...visit(last));
  // Back through the rest with Previous: the last unseen page completes the attempt.
  for (let i = last - 1; i >= 1; i--) {
    await p.previous.click();
    await expect(p.heading).toHaveText(NOTES_PAGES[i]!);
    expected.push(...visit(i, i === 1 ? [set('cmi.core.lesson_status', 'completed')] : []));
  }
  await p.previous.click(); // the introduction, seen already: nothing more to set
  expected.push(...visit(0));
  await exit(page);
  expected.push(...EXIT);
  expect(asLines(await calls(page))).toEqual(expected);
  expect(await cmi(page, 'cmi.core.lesson_status')).toBe('completed');
  expect(await cmi(page, 'cmi.core.score.raw')).toBe('');
  expect(problems).toEqual([]);
  expectOnlyPackageRequests(lms, pkg, seen);
});

test('a learner who leaves halfway comes back to the same page with their answers and progress', async ({ page, lms }) => {
  const seen = recordRequests(page);
  const problems = recordConsole(page);
  const pkg = lms.install(exportScorm12(rustCourse.course, rustCourse.options)); // mastery 80 (the default)
  let sco = await launch(page, lms, pkg);
  let p = player(sco);
  // Session 1: up to the first quiz, checked, then one page on, and Exit.
  for (let i = 1; i <= 4; i++) {
    await p.next.click();
    await expect(p.heading).toHaveText(RUST_PAGES[i]!);
    if (i === 3) await answerRustQuiz(sco, 0);
  }
  await exit(page);
  await expect.poll(() => lms.commits(pkg).some((c) => c.final)).toBe(true);
  const saved = lms.commits(pkg).at(-1)!.data;
  expect(saved).toMatchObject({ 'cmi.core.lesson_location': '4', 'cmi.core.lesson_status': 'incomplete', 'cmi.core.exit': 'suspend' });
  expect(saved['cmi.suspend_data']!.length).toBeLessThanOrEqual(4096);

  // Session 2: the LMS launches it again with what it kept (entry = resume).
  sco = await launch(page, lms, pkg);
  p = player(sco);
  await expect(p.heading).toHaveText(RUST_PAGES[4]!); // where the learner left off
  // A new host page: its record holds this session's calls only.
  expect(asLines(await calls(page))).toEqual([...entry({ status: 'incomplete', mastery: '80', suspend: SUSPEND, location: '4' }), ...visit(4)]);
  expect((await calls(page)).find((c) => c.fn === 'LMSGetValue' && c.args[0] === 'cmi.suspend_data')!.result).toBe(saved['cmi.suspend_data']);
  expect(await cmi(page, 'cmi.core.entry')).toBe('resume');
  // Progress: pages seen before are marked in the contents; the rest are not.
  await expect(p.toc.locator('a.seen')).toHaveText(RUST_PAGES.slice(0, 5).map((t, i) => (i === 0 ? 'Introduction' : t)));
  await expect(p.previous).toBeEnabled();
  // Answers: the first quiz shows what was chosen and how it was graded.
  await p.tocLink('Installing Rust: Quiz').click();
  const quiz0 = sco.locator('form.quiz[data-quiz="0"]');
  await expect(quiz0.locator('[data-question="0"]').getByLabel('rustup')).toBeChecked();
  await expect(quiz0.locator('[data-question="1"]').getByLabel('build')).toBeChecked();
  await expect(quiz0.locator('[data-question="1"]').getByLabel('test')).not.toBeChecked();
  await expect(quiz0.locator('[data-question="2"]').getByLabel('False')).toBeChecked();
  await expectRustQuizFeedback(sco, 0);

  // The rest of the course: the final score counts the quiz answered in session 1.
  await p.tocLink('Cargo basics: Quiz').click();
  await answerRustQuiz(sco, 1);
  await p.tocLink('Releasing: Quiz').click();
  await answerRustQuiz(sco, 2);
  await expectRustQuizFeedback(sco, 2);
  expect(await cmi(page, 'cmi.core.score.raw')).toBe('71');
  expect(await cmi(page, 'cmi.core.lesson_status')).toBe('failed');
  await exit(page);
  expect(problems).toEqual([]);
  // Both sessions' requests, from the package's frame or the LMS only.
  expectOnlyPackageRequests(lms, pkg, seen);
});

test('a written answer too long for suspend_data: the data stays within 4,096 characters, and on resume the quiz shows its recorded score, not a wrong mark', async ({ page, lms }) => {
  const problems = recordConsole(page);
  const pkg = lms.install(exportScorm12(rustCourse.course, rustCourse.options));
  let sco = await launch(page, lms, pkg);
  let p = player(sco);
  await p.tocLink('Cargo basics: Quiz').click();
  const quiz = sco.locator('form.quiz[data-quiz="1"]');
  await quiz.locator('[data-question="0"]').getByRole('textbox').fill('cargo');
  await quiz.locator('[data-question="1"]').getByRole('textbox').fill('Ownership. '.repeat(500)); // 5,500 characters
  await quiz.getByRole('button', { name: 'Check answers' }).click();
  await expect(quiz.locator('.quiz-result')).toHaveText('Score: 1 of 1.');
  await exit(page);
  const first = await calls(page);
  asLines(first); // every suspend_data within 4,096 characters
  expect(first.filter((c) => c.fn.startsWith('LMS') && c.error !== '0')).toEqual([]);
  await expect.poll(() => lms.commits(pkg).some((c) => c.final)).toBe(true);

  sco = await launch(page, lms, pkg);
  p = player(sco);
  await expect(p.heading).toHaveText('Cargo basics: Quiz');
  const again = sco.locator('form.quiz[data-quiz="1"]');
  await expect(again.locator('.quiz-result')).toHaveText('Score: 1 of 1.');
  await expect(again.locator('[data-question="0"] .result')).toBeHidden(); // its text was dropped: unmarked, not "Not quite."
  await expect(again.locator('[data-question="0"]').getByRole('textbox')).toHaveValue('');
  expect(problems).toEqual([]);
});

test('without an LMS the launch file works from its folder: pages, quizzes and feedback, no errors, nothing fetched from outside', async ({ page, lms }) => {
  const seen = recordRequests(page);
  const problems = recordConsole(page);
  const pkg = lms.install(exportScorm12(rustCourse.course, rustCourse.options));
  const url = pkg.fileUrl('index.html');
  await page.goto(url);
  const sco = page; // the same locators, on the page itself
  const p = player(sco);
  expect(await page.evaluate(() => 'API' in window)).toBe(false);
  await expect(p.heading).toHaveText(RUST_PAGES[0]!);
  for (let i = 1; i <= 3; i++) await p.next.click();
  await expect(p.heading).toHaveText(RUST_PAGES[3]!);
  await answerRustQuiz(sco, 0);
  await expectRustQuizFeedback(sco, 0);
  await p.previous.click();
  await expect(p.heading).toHaveText(RUST_PAGES[2]!);
  await p.tocLink('Releasing: Quiz').click();
  await answerRustQuiz(sco, 2);
  await expectRustQuizFeedback(sco, 2);

  // The README's picture: a quiz after Check answers. The package's stylesheet is light only
  // (no prefers-color-scheme), so there is no dark one.
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await p.tocLink('Installing Rust: Quiz').click();
  await page.setViewportSize({ width: 960, height: 800 });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/scorm-player-light.png`, fullPage: true });

  expect(problems).toEqual([]);
  const folder = url.slice(0, url.lastIndexOf('/') + 1);
  expect(seen.filter((r) => !r.url.startsWith(folder))).toEqual([]);
  expect(new Set(seen.map((r) => r.url.slice(folder.length)))).toEqual(new Set(['index.html', 'player.js', 'course.css']));
});
