// The real CLI, spawned as a child process, against the fake Messages API: import, run,
// status, show, a rejected key, Ctrl-C in the middle of a slow run and the resume after it,
// a job's automatic retry (waited for, or left for later on Ctrl-C) and the run's report.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CourseTree, JobSummary, RunReport } from '../../src/shared/domain';
import { Store } from '../../src/main/db/store';
import { DEFAULT_LIMITS } from '../../src/main/runner/runner';
import { runnerLimitsSchema } from '../../src/shared/settings';
import { callKind, promptOf } from '../support/engine';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { startCli, type RunningCli } from '../support/cli-process';

const KEY = 'sk-ant-cli-test-key';

let fake: FakeAnthropic;
let dir: string;

/** The CLI on this test's folder, the fake API and its key (a test's `env` adds or overrides). */
const start = (args: string[], env: Record<string, string | undefined> = {}): RunningCli =>
  startCli(args, dir, { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.url, ...env });

const cli = (args: string[], env?: Record<string, string | undefined>) => start(args, env).done;

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function writeTopics(name: string, lines: string[]): string {
  writeFileSync(join(dir, name), lines.join('\n') + '\n');
  return name;
}

interface StatusJson {
  jobs: JobSummary[];
  totals: { costUsd: number; calls: number };
  retries: { scheduled: number; next: string | null };
  lastRun: RunReport | null;
}

/** The lessons call of a course's first project: one unit to make fail. */
const firstProject = (body: any) => callKind(body) === 'lessons' && promptOf(body).includes('of project 1:');

async function statusJson(db: string): Promise<StatusJson> {
  const r = await cli(['status', '--db', db, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** Every planned lesson exists exactly once and has its tasks: nothing missing, nothing doubled. */
function expectCompleteTree(tree: CourseTree): void {
  expect(tree.outline).not.toBeNull();
  expect(tree.projects).toHaveLength(tree.outline!.projects.length);
  tree.projects.forEach((project, pi) => {
    expect(project.lessons.map((l) => l.position)).toEqual(tree.outline!.projects[pi]!.lessons.map((_, li) => li));
    for (const lesson of project.lessons) expect(lesson.tasks.length).toBeGreaterThanOrEqual(2);
  });
  expect(tree.summary?.summary.length).toBeGreaterThan(0);
}

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKeys: [KEY] });
  dir = mkdtempSync(join(tmpdir(), 'course-studio-cli-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.setApiKeys([KEY]);
  fake.setLatency(0);
});

// Each test spawns the CLI several times (about half a second of start-up each); allow for a busy machine.
const SLOW = 45_000;

describe('course-studio CLI', () => {
  it('queues a CSV (bad row reported by line, the rest kept), runs it, and reports status and the tree', async () => {
    const topics = writeTopics('topics.csv', [
      'topic,audience,level,projects,language,notes',
      'Intro to Rust,developers,beginner,3,English,',
      'Watercolour basics,,intermediate,12,,', // line 3: too many projects
      '"Sourdough, step by step",home bakers,beginner,4,English,"two lines',
      'of notes"',
      'تعلم البرمجة,طلاب,beginner,3,العربية,',
    ]);
    const queued = await cli(['queue', '--db', 'main.db', '--topics', topics, '--auto-approve', '--options', '2']);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stderr).toContain('topics.csv line 3: projects must be between 3 and 8 (got "12") (skipped)');
    const okLines = queued.stdout.split('\n').filter((l) => l.startsWith('ok '));
    expect(okLines).toHaveLength(3);
    expect(queued.stdout).toMatch(/line 2 {2}Intro to Rust: 2 outline options; approved ".+", queued as job [0-9a-f]{8}/);
    expect(queued.stdout).toContain('line 4  Sourdough, step by step');
    expect(queued.stdout).toContain('line 6  تعلم البرمجة');
    expect(queued.stdout).toContain('3 of 3 topics got outline options and were queued');
    // 3 topics × 2 options, nothing for the bad row.
    expect(fake.requests).toHaveLength(6);
    expect(fake.requests.every((r) => r.body.max_tokens === 8192)).toBe(true);

    const run = await cli(['run', '--db', 'main.db', '--until-idle', '--max-tokens', '12000']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.match(/ started {4}/g)).toHaveLength(3);
    expect(run.stdout.match(/ completed {2}/g)).toHaveLength(3);
    expect(run.stdout).toContain('3 jobs completed, 0 failed');
    // --max-tokens is this run's budget for every answer.
    expect(fake.requests.slice(6).every((r) => r.body.max_tokens === 12_000)).toBe(true);

    const status = await statusJson('main.db');
    expect(status.jobs).toHaveLength(3);
    for (const job of status.jobs) {
      expect(job.status).toBe('completed');
      expect(job.itemsCompleted).toBe(job.itemsTotal);
      expect(job.usage.input).toBeGreaterThan(0);
      expect(job.usage.output).toBeGreaterThan(0);
      expect(job.usage.cacheRead + job.usage.cacheWrite).toBeGreaterThan(0);
      expect(job.costUsd).toBeGreaterThan(0);
    }
    expect(status.totals.costUsd).toBeCloseTo(status.jobs.reduce((s, j) => s + j.costUsd, 0), 9);

    const text = await cli(['status', '--db', 'main.db']);
    expect(text.stdout).toMatch(/Jobs: 3 \(3 completed\)/);

    const sourdough = status.jobs.find((j) => j.courseTitle.includes('Sourdough'))!;
    const shown = await cli(['show', '--db', 'main.db', '--course', sourdough.courseId, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const tree = JSON.parse(shown.stdout) as CourseTree;
    expect(tree.id).toBe(sourdough.courseId);
    expect(tree.topic).toMatchObject({ topic: 'Sourdough, step by step', projects: 4, notes: 'two lines\nof notes' });
    expect(tree.status).toBe('generated');
    expect(tree.outlineApproval?.by).toBe('cli');
    expectCompleteTree(tree);

    // The text form, found by the short id `status` prints.
    const asText = await cli(['show', '--db', 'main.db', '--course', sourdough.courseId.slice(0, 8)]);
    expect(asText.code, asText.stderr).toBe(0);
    expect(asText.stdout).toContain(`1.1 ${tree.projects[0]!.lessons[0]!.title}`);
    expect(asText.stdout).toContain('Tasks: ');
    expect(asText.stdout).toContain('Learning outcomes:');
  }, SLOW);

  it('queue --export-to: each course is written into the folder when its job completes, and run says so; a missing folder is refused first', async () => {
    const topics = writeTopics('export-topics.txt', ['Knitting for beginners']);
    const missing = await cli(['queue', '--db', 'export.db', '--topics', topics, '--auto-approve', '--options', '1', '--export-to', 'not-there']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`--export-to not-there: the folder ${join(dir, 'not-there')} does not exist; create it first.`);
    expect(fake.requests).toHaveLength(0);

    const out = mkdtempSync(join(dir, 'lms-'));
    const queued = await cli(['queue', '--db', 'export.db', '--topics', topics, '--auto-approve', '--options', '1', '--export-to', out, '--export-format', 'scorm12,markdown']);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toMatch(/queued as job [0-9a-f]{8} \(export scorm12, markdown\)/);
    const run = await cli(['run', '--db', 'export.db', '--until-idle']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`exported {3}".+" → ${out}: .+-scorm12\\.zip, .+\\.md`));
    const [job] = (await statusJson('export.db')).jobs;
    expect(job!.autoExportResult).toMatchObject({ state: 'done', folder: out });
    for (const file of job!.autoExportResult!.files) expect(existsSync(join(out, file.filename))).toBe(true);
  }, SLOW);

  it('with a rejected key, run stops at the first 401, says so, and leaves the other jobs queued', async () => {
    const topics = writeTopics('two.txt', ['Bookbinding', 'Chess openings']);
    const queued = await cli(['queue', '--db', 'badkey.db', '--topics', topics, '--auto-approve', '--options', '1']);
    expect(queued.code, queued.stderr).toBe(0);

    const run = await cli(['run', '--db', 'badkey.db', '--until-idle', '--jobs', '1'], { ANTHROPIC_API_KEY: 'sk-ant-wrong-key' });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/API key was rejected \(401\)/);
    expect(run.stderr).toContain('ANTHROPIC_API_KEY');
    const status = await statusJson('badkey.db');
    expect(status.jobs.map((j) => j.status).sort()).toEqual(['failed', 'queued']);
    // The --jobs flag was for that run only.
    const store = Store.open(join(dir, 'badkey.db'));
    try {
      expect(store.settings.get('runner.limits', runnerLimitsSchema, DEFAULT_LIMITS)).toEqual({ jobs: 3, requests: 6 });
    } finally {
      store.close();
    }
  }, SLOW);

  it('run --jobs/--requests never store the one-off limits: not when killed, and not over a change the app made meanwhile', async () => {
    const db = join(dir, 'limits.db');
    const storedLimits = () => {
      const store = Store.open(db);
      try {
        return store.settings.get('runner.limits', runnerLimitsSchema, DEFAULT_LIMITS);
      } finally {
        store.close();
      }
    };
    const setStored = (limits: { jobs: number; requests: number }) => {
      const store = Store.open(db);
      try {
        store.write(() => store.settings.set('runner.limits', limits));
      } finally {
        store.close();
      }
    };
    setStored({ jobs: 2, requests: 4 });

    // Killed outright: no clean-up code runs, so nothing may have been written in the first place.
    const killed = start(['run', '--db', 'limits.db', '--jobs', '9', '--requests', '30']);
    await until(() => killed.out.stdout.includes('Running the queue'), 40_000, 'the run to start');
    expect(killed.out.stdout).toContain('9 jobs and 30 requests at a time');
    killed.child.kill('SIGKILL');
    await killed.done;
    expect(storedLimits()).toEqual({ jobs: 2, requests: 4 });

    // The app changes the limits while a CLI run with its own flags is going; a clean stop keeps that change.
    const run = start(['run', '--db', 'limits.db', '--jobs', '9']);
    await until(() => run.out.stdout.includes('Running the queue'), 40_000, 'the run to start');
    expect(run.out.stdout).toContain('9 jobs and 4 requests at a time');
    setStored({ jobs: 5, requests: 10 });
    run.child.kill('SIGINT');
    expect((await run.done).code).toBe(130);
    expect(storedLimits()).toEqual({ jobs: 5, requests: 10 });
  }, SLOW);

  it('Ctrl-C during a slow run leaves every job resumable; the next run finishes them without repeating a unit', async () => {
    const topics = writeTopics('slow.json', [JSON.stringify([{ topic: 'Beekeeping', projects: 3 }, { topic: 'Pottery', projects: 3 }])]);
    const queued = await cli(['queue', '--db', 'slow.db', '--topics', topics, '--auto-approve', '--options', '1']);
    expect(queued.code, queued.stderr).toBe(0);

    fake.setLatency(2_000);
    const run = start(['run', '--db', 'slow.db', '--until-idle']);
    await until(() => (run.out.stdout.match(/ started {4}/g) ?? []).length === 2, 10_000, 'both jobs to start');
    // Interrupt once some units are stored and others are in flight, so the resume has both kinds.
    const reader = new Database(join(dir, 'slow.db'), { readonly: true });
    const stored = () => reader.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM lessons').get()!.n;
    try {
      await until(() => stored() > 0 && fake.inFlight() > 0, 15_000, 'lessons stored while requests are in flight');
    } finally {
      reader.close();
    }
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/releasing 2 running jobs; every job stays resumable/);
    expect(stopped.stderr).toMatch(/2 jobs released and resumable/);

    const after = await statusJson('slow.db');
    for (const job of after.jobs) {
      expect(job.status).not.toBe('completed');
      expect(job.leaseOwner).toBeNull();
    }
    expect(after.jobs.some((j) => j.itemsCompleted > 0)).toBe(true);

    fake.setLatency(0);
    const resumed = await cli(['run', '--db', 'slow.db', '--until-idle']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const done = await statusJson('slow.db');
    expect(done.jobs.map((j) => j.status)).toEqual(['completed', 'completed']);

    const store = Store.open(join(dir, 'slow.db'));
    try {
      for (const job of done.jobs) {
        const tree = store.courses.tree(job.courseId)!;
        expectCompleteTree(tree);
        // Each unit was generated successfully exactly once across both runs.
        tree.projects.forEach((p, pi) => {
          expect(store.calls.successfulCalls(job.courseId, 'lessons', `project:${pi}`)).toBe(1);
          p.lessons.forEach((_, li) => expect(store.calls.successfulCalls(job.courseId, 'tasks', `lesson:${pi}.${li}`)).toBe(1));
        });
        expect(store.calls.successfulCalls(job.courseId, 'finalize', 'course')).toBe(1);
      }
    } finally {
      store.close();
    }
  }, SLOW);

  it('run --until-idle waits for a job\'s automatic retry, says what it waits for, and ends with the job completed and the report; status has lastRun', async () => {
    const queued = await cli(['queue', '--db', 'retry.db', '--topics', writeTopics('retry.txt', ['Stubborn topic']), '--auto-approve', '--options', '1']);
    expect(queued.code, queued.stderr).toBe(0);
    const before = await statusJson('retry.db');
    expect(before.lastRun).toBeNull();
    expect(before.retries).toEqual({ scheduled: 0, next: null });

    // One unit's answers come back out of shape on every attempt of its first try: the model's
    // fault, worth an automatic retry; the fake answers it properly from then on.
    for (let i = 0; i < 4; i++) fake.enqueueFault({ kind: 'malformed_tool_input' }, firstProject);
    // 1s, not less: the "waiting" line needs the retry still ahead when the job is handed back,
    // which a starved process could otherwise miss.
    const run = await cli(['run', '--db', 'retry.db', '--until-idle', '--retry-delays', '1s']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('automatic retries after 1s, until no work is left');
    // Nothing ran meanwhile, so the run said what it waited for instead of leaving.
    expect(run.stdout).toMatch(
      / waiting {4}1 job waits for an automatic retry, next at \d\d:\d\d(:\d\d)? \(retry 1 of 3: .*did not match the expected format after 4 attempts/,
    );
    expect(run.stdout).toMatch(/ started {4}".*Stubborn topic.*" \(.*; automatic retry 1 of 3\)\n/);
    expect(run.stdout).toContain('1 job completed, 0 failed');
    expect(run.stdout).toMatch(/Report of this run \(\d{4}-\d\d-\d\d \d\d:\d\d to .+\):\n {2}1 job completed, 0 failed\n {2}1 automatic retry\n {2}waited .*\n {2}\d+ model calls · tokens .* · \$\d/);
    expect(fake.requests.filter((r) => firstProject(r.body))).toHaveLength(5);

    const status = await statusJson('retry.db');
    expect(status.jobs).toHaveLength(1);
    expect(status.jobs[0]).toMatchObject({ status: 'completed', autoRetries: 1 });
    expect(status.retries).toEqual({ scheduled: 0, next: null });
    expect(status.lastRun).toMatchObject({
      source: 'cli',
      completed: [{ jobId: status.jobs[0]!.id }],
      failed: [],
      autoRetries: 1,
      rateLimited: 0,
      waited: { providerMs: 0, networkMs: 0, rateLimitMs: 0 },
    });
    expect(Object.keys(status.lastRun!).sort()).toEqual(
      ['id', 'source', 'startedAt', 'endedAt', 'completed', 'failed', 'autoRetries', 'waited', 'rateLimited', 'calls', 'usage', 'costUsd', 'savedUsd'].sort(),
    );
    // A run at standard prices saved nothing.
    expect(status.lastRun!.savedUsd).toBe(0);
    expect(status.lastRun!.calls).toBeGreaterThan(0);
    expect(status.lastRun!.costUsd).toBeGreaterThan(0);
    const text = await cli(['status', '--db', 'retry.db']);
    expect(text.stdout).toMatch(/\nLast run \(command line, .+\): 1 completed, 0 failed, 1 automatic retry, \d+ model calls, \$/);
  }, SLOW);

  it('Ctrl-C while a job waits for its automatic retry leaves at once, says when the retry goes and prints the report; status shows the retry', async () => {
    const queued = await cli(['queue', '--db', 'later.db', '--topics', writeTopics('later.txt', ['Patient topic']), '--auto-approve', '--options', '1']);
    expect(queued.code, queued.stderr).toBe(0);
    for (let i = 0; i < 4; i++) fake.enqueueFault({ kind: 'malformed_tool_input' }, firstProject);

    const run = start(['run', '--db', 'later.db', '--until-idle', '--retry-delays', '10m']);
    await until(() => run.out.stdout.includes('waits for an automatic retry'), 30_000, 'the job to wait for its retry');
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Stopped; 0 jobs released and resumable\. 1 job waits for an automatic retry \(next at \d\d:\d\d\); the next run takes it then\./);
    // The run was cut short, and still reported: the stop writes it.
    expect(stopped.stdout).toMatch(/Report of this run \(.+\):\n {2}0 jobs completed, 0 failed\n {2}1 automatic retry\n/);

    const status = await statusJson('later.db');
    expect(status.jobs[0]).toMatchObject({ status: 'queued', autoRetries: 1, leaseOwner: null, failedStep: 'lessons' });
    expect(status.jobs[0]!.retryReason).toMatch(/did not match the expected format after 4 attempts/);
    expect(status.retries).toEqual({ scheduled: 1, next: status.jobs[0]!.runAfter });
    expect(status.lastRun).toMatchObject({ source: 'cli', completed: [], failed: [], autoRetries: 1 });
    const text = await cli(['status', '--db', 'later.db']);
    expect(text.stdout).toMatch(/\n {10}retry 1 of 3 at \d\d:\d\d, from lessons: .*did not match the expected format/);
    expect(text.stdout).toMatch(/\n1 job waits for an automatic retry, next at \d\d:\d\d /);
  }, SLOW);

  it('refuses a bad --retry-delays with the reason and the usage (exit 2), before touching the database or the key', async () => {
    const bad = await cli(['run', '--db', 'nowhere.db', '--retry-delays', '2m,10 minutes'], { ANTHROPIC_API_KEY: undefined });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('course-studio: --retry-delays: "10 minutes" is not a duration like 500ms, 30s, 2m or 1h');
    expect(bad.stderr).toContain('Usage: course-studio run');
    expect(bad.stderr).toContain('--retry-delays LIST');
    expect(existsSync(join(dir, 'nowhere.db'))).toBe(false);
  }, SLOW);

  it('refuses a damaged, too-new or foreign database without touching it', async () => {
    const damaged = join(dir, 'damaged.db');
    writeFileSync(damaged, Buffer.from('this is not an SQLite database at all '.repeat(200)));
    const tooNew = join(dir, 'new.db');
    const db = new Database(tooNew);
    db.pragma('user_version = 9999');
    db.close();
    const foreign = join(dir, 'foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE notes (body TEXT)');
    other.close();
    const hash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    const before = [hash(damaged), hash(tooNew), hash(foreign)];

    const r1 = await cli(['status', '--db', 'damaged.db']);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/damaged\.db is damaged or is not a Course Studio database.*left untouched/);
    const r2 = await cli(['run', '--db', 'new.db', '--until-idle']);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/written by a newer Course Studio \(schema version 9999/);
    const r3 = await cli(['status', '--db', 'foreign.db']);
    expect(r3.code).toBe(1);
    // Said once, in the error's own words (not "Cannot open the database …: <the same again>").
    expect(r3.stderr).toMatch(/foreign\.db is an SQLite database, but not a Course Studio one/);
    expect(r3.stderr).not.toMatch(/Cannot open the database/);
    expect([hash(damaged), hash(tooNew), hash(foreign)]).toEqual(before);
  }, SLOW);

  it('explains a missing key, a missing file, a file not in UTF-8 and bad flags; reads UTF-16 with a BOM', async () => {
    const noKey = await cli(['run', '--db', 'main.db'], { ANTHROPIC_API_KEY: undefined });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('Set ANTHROPIC_API_KEY');

    const noFile = await cli(['queue', '--db', 'x.db', '--topics', 'missing.csv']);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain('Cannot read the topics file missing.csv: the file does not exist.');

    // Excel's default CSV is Windows-1252: refused with the fix, not imported as "Caf� culture".
    writeFileSync(join(dir, 'excel.csv'), Buffer.from('topic\r\nCafé culture\r\n', 'latin1'));
    const cp1252 = await cli(['queue', '--db', 'excel.db', '--topics', 'excel.csv']);
    expect(cp1252.code).toBe(1);
    expect(cp1252.stderr).toContain('excel.csv is not UTF-8 text; in Excel, save it as “CSV UTF-8 (Comma delimited)”');
    expect(existsSync(join(dir, 'excel.db'))).toBe(false);
    expect(fake.requests).toHaveLength(0);
    // Excel's "Unicode Text" is UTF-16 with a BOM: read as what it says.
    writeFileSync(join(dir, 'unicode.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('topic\r\nCafé culture\r\n', 'utf16le')]));
    const utf16 = await cli(['queue', '--db', 'unicode.db', '--topics', 'unicode.csv', '--options', '1']);
    expect(utf16.code, utf16.stderr).toBe(0);
    expect(utf16.stdout).toContain('line 2  Café culture: 1 outline option, waiting for review');

    const badFlag = await cli(['run', '--db', 'main.db', '--jobs', '50']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--jobs 50: At most 20 jobs can run at once.');
    expect(badFlag.stderr).toContain('Usage: course-studio run');

    const unknown = await cli(['status', '--db', 'main.db', '--verbose']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--verbose'/);
  }, SLOW);
});
