// Fills a fresh data folder for the renderer benchmark with plain SQL, before the bridge's
// core opens it: 10,000 finished jobs (with their model calls, so the snapshot's cost
// totals do real work), one of them with a 100,000-line log, and approved courses that the
// benchmark queues later to watch live progress. The schema comes from the app's own
// migrations (Store.open), so the rows are exactly what the app reads.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { JobStatus, LogLevel, Outline, TopicInput } from '../../src/shared/domain';
import { DATABASE_FILE } from '../../src/main/app-core';
import { Store } from '../../src/main/db/store';

export interface SeedPlan {
  jobs: number;
  logLines: number;
  liveCourses: number;
  /** Model calls recorded per finished job (a five-project course makes about 16). */
  callsPerJob: number;
}

export interface Seeded {
  /** The completed job whose log holds `logLines` lines. */
  logJobId: string;
  /** Courses with approved outlines and no job yet. */
  liveCourseIds: string[];
  ms: number;
}

const SUBJECTS = ['Rust', 'Watercolour', 'Sourdough', 'Chess', 'Statistics', 'Pottery', 'Kubernetes', 'Beekeeping', 'Photography', 'SQL'];

function topicOf(title: string, projects: number): TopicInput {
  return { topic: title, audience: 'adult learners', level: 'beginner', projects, language: 'English', notes: '' };
}

function outlineOf(title: string, projects: number, lessons: number): Outline {
  return {
    title,
    description: `A course about ${title}.`,
    audience: 'adult learners',
    level: 'beginner',
    language: 'English',
    projects: Array.from({ length: projects }, (_, p) => ({
      title: `${title}: project ${p + 1}`,
      description: `Project ${p + 1} of ${title}`,
      lessons: Array.from({ length: lessons }, (_, l) => ({ title: `Lesson ${p + 1}.${l + 1}`, summary: 'What this lesson covers.' })),
    })),
  };
}

/** Finished jobs in roughly the mix a long-used install would show. */
function statusFor(i: number): { job: JobStatus; course: string } {
  const r = i % 100;
  if (r < 85) return { job: 'completed', course: 'generated' };
  if (r < 93) return { job: 'failed', course: 'failed' };
  if (r < 98) return { job: 'cancelled', course: 'cancelled' };
  return { job: 'paused', course: 'outline_approved' };
}

const LOG_MESSAGES: [LogLevel, (i: number) => string, ((i: number) => Record<string, unknown>) | null][] = [
  ['info', (i) => `Generating lessons for project ${(i % 5) + 1}`, (i) => ({ step: 'lessons', item: `project-${i % 5}` })],
  ['success', (i) => `Stored 3 lessons for project ${(i % 5) + 1}`, (i) => ({ step: 'lessons', item: `project-${i % 5}` })],
  ['info', (i) => `Generating tasks for lesson ${(i % 5) + 1}.${(i % 3) + 1}`, null],
  ['warning', (i) => `Retrying tasks for lesson ${(i % 5) + 1}.${(i % 3) + 1} in 1.2s (attempt 2): 529 overloaded`, (i) => ({ attempt: 2, status: 529, line: i })],
  ['success', (i) => `Stored ${(i % 4) + 2} tasks for lesson ${(i % 5) + 1}.${(i % 3) + 1}`, null],
  ['error', (i) => `Model answer did not match the schema (line ${i}); asking again`, (i) => ({ issues: [{ path: 'lessons[0].content', message: 'Required' }], line: i })],
];

export function seedDatabase(dataDir: string, plan: SeedPlan): Seeded {
  const started = performance.now();
  const store = Store.open(join(dataDir, DATABASE_FILE));
  const db = store.db;
  const insertCourse = db.prepare(
    `INSERT INTO courses (id, topic_json, status, outline_json, outline_approved_by, outline_approved_at, outline_approval_note, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'bench', ?, '', ?, ?)`,
  );
  const insertJob = db.prepare(
    `INSERT INTO jobs (id, course_id, status, current_step, items_completed, items_total, error_message, failed_step, created_at, started_at, completed_at, run_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCall = db.prepare(
    `INSERT INTO model_calls (job_id, course_id, step, item_key, attempt, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms, cost_usd, outcome, started_at)
     VALUES (?, ?, ?, ?, 1, 'claude-sonnet-4-5', 1800, 2400, 1200, 0, 9000, 0.041, 'ok', ?)`,
  );
  const insertLog = db.prepare(`INSERT INTO job_logs (job_id, ts, level, message, details_json) VALUES (?, ?, ?, ?, ?)`);

  // Created a minute apart, oldest first, ending an hour ago: the table orders newest first.
  const base = Date.now() - 3_600_000 - plan.jobs * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  let logJobId = '';
  const liveCourseIds: string[] = [];

  db.transaction(() => {
    for (let i = 0; i < plan.jobs; i++) {
      const title = `${SUBJECTS[i % SUBJECTS.length]} for adult learners, part ${i + 1}`;
      const courseId = randomUUID();
      const jobId = randomUUID();
      const created = base + i * 60_000;
      const { job, course } = statusFor(i);
      const finished = job === 'completed' || job === 'failed' || job === 'cancelled';
      const done = job === 'completed' ? 16 : (i * 7) % 16;
      insertCourse.run(courseId, JSON.stringify(topicOf(title, 5)), course, JSON.stringify(outlineOf(title, 5, 3)), iso(created), iso(created), iso(created));
      insertJob.run(
        jobId,
        courseId,
        job,
        job === 'completed' ? 'finalize' : 'tasks',
        done,
        16,
        job === 'failed' ? 'The model kept answering with invalid output for lesson 3.2 after 4 attempts.' : null,
        job === 'failed' ? 'tasks' : null,
        iso(created),
        iso(created + 5_000),
        finished ? iso(created + 5_000 + 180_000) : null,
        finished ? 180_000 : 0,
      );
      const calls = job === 'completed' ? plan.callsPerJob : Math.min(plan.callsPerJob, done);
      for (let c = 0; c < calls; c++) insertCall.run(jobId, courseId, c < 5 ? 'lessons' : 'tasks', `item-${c}`, iso(created + 5_000 + c * 10_000));
      // The newest completed job carries the long log: the one a person would open first.
      if (job === 'completed') logJobId = jobId;
    }
    const logStart = Date.now() - 3_600_000;
    for (let i = 0; i < plan.logLines; i++) {
      const [level, message, details] = LOG_MESSAGES[i % LOG_MESSAGES.length]!;
      insertLog.run(logJobId, iso(logStart + i * 30), level, message(i), details ? JSON.stringify(details(i)) : null);
    }
    for (let i = 0; i < plan.liveCourses; i++) {
      const title = `Live ${SUBJECTS[i % SUBJECTS.length]} ${i + 1}`;
      const courseId = randomUUID();
      const at = iso(Date.now());
      // Five projects of four lessons: 5 lesson calls, 20 task calls and a summary per job,
      // enough that 50 of them keep streaming through the benchmark's 10-second window.
      insertCourse.run(courseId, JSON.stringify(topicOf(title, 5)), 'outline_approved', JSON.stringify(outlineOf(title, 5, 4)), at, at, at);
      liveCourseIds.push(courseId);
    }
  })();
  store.close();
  return { logJobId, liveCourseIds, ms: performance.now() - started };
}
