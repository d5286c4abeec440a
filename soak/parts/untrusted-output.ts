// Part 7, untrusted model output in Chromium through the browser bridge: runs the e2e specs
// that render hostile and huge lessons (test/e2e/untrusted-output.spec.ts, with a 1 MB
// lesson here, and the renderer's test/e2e/flows/untrusted-content.spec.ts) and reads the
// figures the spec records. Needs Debian's Chromium (scripts/ensure-chromium.sh).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { check, timedPart, type PartResult } from '../lib/report';

const SPECS = ['test/e2e/untrusted-output.spec.ts', 'test/e2e/flows/untrusted-content.spec.ts'];
const FIGURES = resolve('test-results/soak/untrusted-output.json');

interface JsonReport {
  suites: JsonSuite[];
}
interface JsonSuite {
  suites?: JsonSuite[];
  specs?: { title: string; tests: { expectedStatus: string; results: { status: string; error?: { message?: string } }[] }[] }[];
}

function specsOf(suite: JsonSuite): NonNullable<JsonSuite['specs']> {
  return [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specsOf)];
}

export async function runUntrustedOutput(options: { lessonBytes?: number } = {}): Promise<PartResult> {
  const lessonBytes = options.lessonBytes ?? 1_000_000;
  return timedPart(7, 'Untrusted model output in Chromium: hostile and huge lessons', { lessonBytes, specs: SPECS.join(', ') }, async (out) => {
    const outputDir = mkdtempSync(join(tmpdir(), 'pw-soak-'));
    const reportFile = join(outputDir, 'report.json');
    rmSync(FIGURES, { force: true });
    const exit = await new Promise<number | null>((done) => {
      // One worker: the timings are the page's own, not two browsers fighting over two cores.
      const child = spawn(process.execPath, ['scripts/e2e.mjs', ...SPECS, '--project=chromium', '--workers=1', `--output=${outputDir}`, '--reporter=json'], {
        env: { ...process.env, SOAK_LESSON_BYTES: String(lessonBytes), PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      child.on('exit', (code) => {
        if (code !== 0 && !existsSync(reportFile)) out.notes.push(`The e2e run could not start: ${stderr.trim().split('\n').slice(-5).join(' ')}`);
        done(code);
      });
    });
    if (!existsSync(reportFile)) {
      out.checks.push(check('the browser tests ran', false, `exit ${exit}; see the note`));
      return;
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
    const tests = report.suites.flatMap(specsOf).map((spec) => {
      const test = spec.tests[0]!;
      const result = test.results.at(-1)!;
      return { title: spec.title, expected: test.expectedStatus, status: result.status, error: result.error?.message ?? '' };
    });
    const figures = existsSync(FIGURES) ? (JSON.parse(readFileSync(FIGURES, 'utf8')) as Record<string, number | boolean>) : {};
    const n = (key: string) => (typeof figures[key] === 'number' ? (figures[key] as number) : null);
    out.figures.push(
      ['hostile constructs in one lesson (besides the flows spec’s lesson)', n('hostileVariants')],
      ['dialogs opened / requests outside 127.0.0.1', `${n('dialogs') ?? '—'} / ${n('requestsOutside') ?? '—'}`],
      ['200 KB single line: whole line on screen after load (ms)', n('singleLineRenderedMs')],
      ['200 KB single line: longest main-thread task (ms)', n('singleLineLongestLoadingMs')],
      ['200 KB single line: widens the page by (px)', n('singleLineOverflowPx')],
      [`${Math.round(lessonBytes / 1000)} KB lesson: beginning on screen after load (ms)`, n('bigLessonFirstContentMs')],
      [`${Math.round(lessonBytes / 1000)} KB lesson: all of it rendered after load (ms)`, n('bigLessonRenderedMs')],
      [`${Math.round(lessonBytes / 1000)} KB lesson: longest main-thread task (ms), starting at (ms after load)`, `${n('bigLessonLongestLoadingMs') ?? '—'}, ${n('bigLessonLongestLoadingAtMs') ?? '—'}`],
      [`${Math.round(lessonBytes / 1000)} KB lesson: timer lag after render / leaving it (ms)`, `${n('bigLessonTimerLagMs') ?? '—'} / ${n('bigLessonNavigateAwayMs') ?? '—'}`],
    );
    // A time limit missed by the large-lesson test is judged below from its figures (with the
    // numbers in the message); any other failure of it is reported here like the others.
    const TIME_LIMIT = /time from load|main-thread freeze|timer fires promptly|long freeze while scrolling|leaving the lesson/;
    const judgedBelow = (t: { title: string; error: string }) => /KB lesson renders without freezing/.test(t.title) && TIME_LIMIT.test(t.error);
    for (const t of tests.filter((t) => t.expected === 'passed' && !judgedBelow(t))) {
      out.checks.push(check(t.title, t.status === 'passed', t.error.split('\n').slice(0, 4).join(' ')));
    }
    const bigFirst = n('bigLessonFirstContentMs');
    const bigRendered = n('bigLessonRenderedMs');
    const bigLongest = n('bigLessonLongestLoadingMs');
    out.checks.push(
      check(
        `a ${Math.round(lessonBytes / 1000)} KB lesson never freezes the page (beginning on screen < 5 s, all of it < 60 s, no main-thread task over 1 s)`,
        bigFirst !== null && bigRendered !== null && bigLongest !== null && bigFirst < 5_000 && bigRendered < 60_000 && bigLongest < 1_000,
        `beginning on screen after ${bigFirst} ms, all of it after ${bigRendered} ms; longest main-thread task ${bigLongest} ms (src/renderer/components/Markdown.tsx)`,
      ),
    );
    rmSync(outputDir, { recursive: true, force: true });
  });
}
