// `npm run bench -- --only economy`: the same 20 courses generated both ways against the
// fake Messages and Message Batches API (in process): live at standard prices, then in
// economy mode through Message Batches. Prints cost per course, standard vs economy, and the
// ratio. Goal: economy ≤ 55 % of standard for the same courses (the batch price is 50 %;
// the 1-hour cache writes of batches cost 2× input instead of 1.25×, which is what can push
// it above one half). Writes bench/results/economy-latest.json and a dated copy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, seedApprovedCourse } from '../test/support/engine';
import { startFakeAnthropic } from '../test/support/fake-anthropic';

const COURSES = 20;
const PROJECTS = 4;
const LESSONS = 3;
const GOAL = 0.55;

interface ModeResult {
  mode: 'standard' | 'economy';
  completed: number;
  calls: number;
  batches: number;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  costUsd: number;
  costPerCourseUsd: number;
  savedUsd: number;
  makespanMs: number;
}

async function runMode(mode: ModeResult['mode']): Promise<ModeResult> {
  // A fresh fake and database for each: the same seed gives the same answers both ways.
  const fake = await startFakeAnthropic({ latencyMs: 20, seed: 7 });
  fake.setBatchProcessing({ processingMs: 300 });
  const e = createEngine({ baseURL: fake.url, limits: { jobs: 3, requests: 6 }, batches: { windowMs: 200, pollMs: { first: 100, max: 400 }, retryMs: { first: 100, max: 400 } } });
  try {
    const ids = Array.from({ length: COURSES }, (_, i) => seedApprovedCourse(e.store, `Course ${i + 1}`, PROJECTS, LESSONS));
    for (const id of ids) e.runner.enqueue(id, { economy: mode === 'economy' });
    const t0 = performance.now();
    e.runner.start();
    await e.runner.waitUntilIdle();
    const makespanMs = performance.now() - t0;
    const row = e.store.db
      .prepare(
        `SELECT COUNT(*) n, SUM(input_tokens) i, SUM(output_tokens) o, SUM(cache_read_tokens) cr, SUM(cache_write_tokens) cw, SUM(cost_usd) cost,
           SUM(CASE WHEN service_tier = 'batch' THEN cost_usd ELSE 0 END) saved FROM model_calls`,
      )
      .get() as { n: number; i: number; o: number; cr: number; cw: number; cost: number; saved: number };
    const completed = e.store.jobs.list().filter((j) => j.status === 'completed').length;
    return {
      mode,
      completed,
      calls: row.n,
      batches: fake.batches().length,
      tokens: { input: row.i, output: row.o, cacheRead: row.cr, cacheWrite: row.cw },
      costUsd: row.cost,
      costPerCourseUsd: row.cost / COURSES,
      savedUsd: row.saved,
      makespanMs,
    };
  } finally {
    await e.close();
    await fake.close();
  }
}

export async function runEconomyBench(): Promise<void> {
  const standard = await runMode('standard');
  const economy = await runMode('economy');
  const ratio = economy.costUsd / standard.costUsd;
  const report = { at: new Date().toISOString(), courses: COURSES, shape: `${PROJECTS} projects × ${LESSONS} lessons`, goal: GOAL, ratio, goalMet: ratio <= GOAL, standard, economy };
  const usd = (v: number) => `$${v.toFixed(4)}`;
  for (const r of [standard, economy]) {
    process.stdout.write(
      `  ${r.mode.padEnd(8)} ${r.completed}/${COURSES} completed, ${r.calls} calls${r.mode === 'economy' ? ` in ${r.batches} batches` : ''}, ` +
        `${usd(r.costPerCourseUsd)} a course (${usd(r.costUsd)} in all${r.savedUsd > 0 ? `, saved ${usd(r.savedUsd)}` : ''}), ${(r.makespanMs / 1000).toFixed(1)} s\n`,
    );
  }
  process.stdout.write(`  economy ÷ standard: ${ratio.toFixed(3)} (goal ≤ ${GOAL}) ${ratio <= GOAL ? '✓' : '✗'}\n`);
  const dir = join('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(dir, 'economy-latest.json'), json);
  writeFileSync(join(dir, `economy-${report.at.replace(/[:.]/g, '-')}.json`), json);
  if (!report.goalMet || standard.completed !== COURSES || economy.completed !== COURSES) process.exitCode = 1;
}
