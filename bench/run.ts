// `npm run bench`: how close the runner comes to the fastest possible batch. Twenty
// five-project courses against the fake Messages API (in its own process, 200 ms a call),
// first with the default limits (3 jobs, 6 requests), then with 12 request slots. Outline
// options are generated and approved first and timed apart: the makespan covers the queue only.
// Writes bench/results/latest.json and a dated copy. Then the rate-limited run (rate-limit.ts:
// the fake enforces 120 requests/min, burst 20), the renderer benchmark (renderer.ts) and the estimate's accuracy (estimate.ts) run,
// then the LMS export (export.ts: ms per export, the event loop while the worker builds),
// reading a 300-page PDF (sources.ts: time, the main thread's longest block while the worker reads)
// housekeeping (housekeeping.ts: sizes, cleanup and compaction steps on 10,000 jobs) and the
// Insights query (insights.ts: 10,000 jobs, 160,000 calls, each period), unless
// `--only queue|rate-limit|renderer|estimate|economy|export|sources|grounding|housekeeping|insights` (or custom --limits) says otherwise.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunnerLimits, TopicInput } from '../src/shared/domain';
import { runnerLimitsSchema } from '../src/shared/settings';
import { createAnthropicProvider } from '../src/main/ai/anthropic';
import { systemClock } from '../src/main/ai/clock';
import { ModelGateway } from '../src/main/ai/gateway';
import { approveOutline, chooseOption } from '../src/main/courses/workflow';
import { Store } from '../src/main/db/store';
import { DEFAULT_OUTLINE_OPTIONS, generateOutlineOptions } from '../src/main/generation/outline-options';
import { DEFAULT_LIMITS, Runner } from '../src/main/runner/runner';
import { lowerBound, type Bound } from './bounds';
import { startFakeProcess, type FakeProcess } from './fake-process';

const LATENCY_MS = 200;
const COURSES = 20;
const PROJECTS = 5;
const GOAL_RATIO = 1.15;
const SAMPLE_MS = 10;

interface Scenario {
  name: string;
  limits: RunnerLimits;
}

export interface ScenarioResult {
  name: string;
  limits: RunnerLimits;
  outlines: { ms: number; calls: number };
  jobsCompleted: number;
  calls: number;
  makespanMs: number;
  bound: Bound;
  ratio: number;
  goalMet: boolean;
  /** Mean call time measured by the client (request to last byte); the bound assumes exactly LATENCY_MS. */
  meanCallMs: number;
  /** Makespan ÷ the same bound computed with meanCallMs: the scheduler's share of the gap, without a slow machine's. */
  ratioToMeasuredBound: number;
  cpuMsPerCall: number;
  storeWrites: number;
  storeWritesPerSec: number;
  peakConcurrentRequests: number;
  /** Share of slot-time spent on a request: Σ call time ÷ (makespan × slots). */
  slotUtilisation: number;
  /** Time from the moment fewer than all slots were busy for good, to the end. */
  tailMs: number;
  /** Before that tail: time with a slot free and no request waiting for one (the jobs had nothing more to send). */
  starvedMs: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'default limits', limits: DEFAULT_LIMITS },
  { name: '12 request slots', limits: { jobs: DEFAULT_LIMITS.jobs, requests: 12 } },
];

const PARTS = ['queue', 'rate-limit', 'renderer', 'estimate', 'economy', 'export', 'sources', 'grounding', 'housekeeping', 'insights'] as const;
type Part = (typeof PARTS)[number];

/**
 * `npm run bench -- --only queue|rate-limit|renderer` runs one part. `--limits 4/12 --limits 3/6` runs
 * those queue limits instead of the defaults (written to a custom-* file, not latest.json),
 * and only the queue part.
 */
function parseCli(argv: string[]): { custom: Scenario[] | null; parts: Part[] } {
  const { values } = parseArgs({ args: argv, options: { limits: { type: 'string', multiple: true }, only: { type: 'string' } }, strict: true });
  if (values.only !== undefined && !(PARTS as readonly string[]).includes(values.only)) {
    throw new Error(`--only wants one of ${PARTS.join(', ')} (got "${values.only}")`);
  }
  const custom = customScenarios(values.limits ?? []);
  const parts: Part[] = values.only ? [values.only as Part] : custom ? ['queue'] : [...PARTS];
  return { custom, parts };
}

function customScenarios(specs: string[]): Scenario[] | null {
  if (specs.length === 0) return null;
  return specs.map((spec) => {
    const match = /^(\d+)\/(\d+)$/.exec(spec);
    if (!match) throw new Error(`--limits wants JOBS/REQUESTS, e.g. 3/6 (got "${spec}")`);
    const limits = runnerLimitsSchema.parse({ jobs: Number(match[1]), requests: Number(match[2]) });
    return { name: `${limits.jobs} jobs / ${limits.requests} requests`, limits };
  });
}

function topic(i: number): TopicInput {
  const subjects = ['Rust', 'Watercolour', 'Sourdough', 'Chess', 'Statistics', 'Pottery', 'Kubernetes', 'Beekeeping', 'Photography', 'SQL'];
  return {
    topic: `${subjects[i % subjects.length]} course ${i + 1}`,
    audience: 'adult learners',
    level: 'beginner',
    projects: PROJECTS,
    language: 'English',
    notes: '',
  };
}

async function runScenario(fake: FakeProcess, scenario: Scenario): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-bench-'));
  const store = Store.open(join(dir, 'bench.db'));
  try {
    const provider = createAnthropicProvider({ apiKey: 'sk-ant-bench-0000000000', baseURL: fake.url });
    const gateway = new ModelGateway({ clock: systemClock, provider: () => provider, requestLimit: scenario.limits.requests, baseURL: () => fake.url });
    const runner = new Runner({ store, gateway });
    runner.setLimits(scenario.limits);

    // Outline options: timed on their own, then the first option approved as a reviewer would.
    const courses = store.write(() => Array.from({ length: COURSES }, (_, i) => store.courses.create(topic(i))));
    const outlineStart = performance.now();
    const options = await Promise.all(courses.map((c) => generateOutlineOptions(store, gateway, { courseId: c.id, record: runner.recordCall })));
    const outlineMs = performance.now() - outlineStart;
    courses.forEach((c, i) => {
      chooseOption(store, c.id, options[i]![0]!.id);
      approveOutline(store, c.id, 'bench');
      runner.enqueue(c.id);
    });

    await fake.reset();
    let completed = 0;
    const failures: string[] = [];
    runner.subscribe((e) => {
      if (e.type === 'job.completed') completed++;
      if (e.type === 'job.failed') failures.push(e.error);
    });
    // Slot occupancy over time, to find the tail where slots sat idle.
    const samples: { at: number; active: number; pending: number }[] = [];
    const writes0 = store.writes;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const sampler = setInterval(() => samples.push({ at: performance.now() - t0, active: gateway.activeRequests, pending: gateway.pendingRequests }), SAMPLE_MS);
    runner.start();
    await runner.waitUntilIdle();
    const makespanMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    const storeWrites = store.writes - writes0;
    await runner.stop();
    if (failures.length) throw new Error(`${failures.length} bench jobs failed, the first with: ${failures[0]}`);

    const stats = await fake.stats();
    const jobs = store.jobs.list();
    const calls = jobs.reduce((n, j) => n + j.calls, 0);
    const callTime = (
      store.db.prepare(`SELECT COALESCE(SUM(latency_ms), 0) AS total FROM model_calls WHERE job_id IS NOT NULL`).get() as { total: number }
    ).total;
    const bound = lowerBound(calls, LATENCY_MS, scenario.limits.requests);
    const lastFull = samples.findLast((s) => s.active >= scenario.limits.requests)?.at ?? 0;
    const starvedMs = samples.filter((s) => s.at < lastFull && s.active < scenario.limits.requests && s.pending === 0).length * SAMPLE_MS;
    return {
      name: scenario.name,
      limits: scenario.limits,
      outlines: { ms: Math.round(outlineMs), calls: COURSES * DEFAULT_OUTLINE_OPTIONS },
      jobsCompleted: completed,
      calls,
      makespanMs: Math.round(makespanMs),
      bound,
      ratio: makespanMs / bound.lowerBoundMs,
      goalMet: makespanMs / bound.lowerBoundMs <= GOAL_RATIO,
      meanCallMs: calls ? callTime / calls : 0,
      ratioToMeasuredBound: makespanMs / lowerBound(calls, calls ? callTime / calls : LATENCY_MS, scenario.limits.requests).lowerBoundMs,
      cpuMsPerCall: calls ? (cpu.user + cpu.system) / 1000 / calls : 0,
      storeWrites,
      storeWritesPerSec: storeWrites / (makespanMs / 1000),
      peakConcurrentRequests: stats.peakConcurrency,
      slotUtilisation: callTime / (makespanMs * scenario.limits.requests),
      tailMs: Math.round(makespanMs - lastFull),
      starvedMs,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(results: ScenarioResult[]): string {
  const rows: [string, (r: ScenarioResult) => string][] = [
    ['limits (jobs / requests)', (r) => `${r.limits.jobs} / ${r.limits.requests}`],
    ['outline options (not in makespan)', (r) => `${r.outlines.calls} calls in ${(r.outlines.ms / 1000).toFixed(2)} s`],
    ['jobs completed', (r) => String(r.jobsCompleted)],
    ['model calls', (r) => String(r.calls)],
    ['makespan', (r) => `${(r.makespanMs / 1000).toFixed(2)} s`],
    ['lower bound', (r) => `${(r.bound.lowerBoundMs / 1000).toFixed(2)} s (calls ${(r.bound.throughputMs / 1000).toFixed(2)} s, chain ${(r.bound.chainMs / 1000).toFixed(2)} s)`],
    ['makespan ÷ bound', (r) => `${r.ratio.toFixed(3)} ${r.goalMet ? '✓' : '✗'} (goal ≤ ${GOAL_RATIO})`],
    ['mean call time (client)', (r) => `${r.meanCallMs.toFixed(0)} ms (fake latency ${LATENCY_MS} ms)`],
    ['makespan ÷ bound at mean call time', (r) => r.ratioToMeasuredBound.toFixed(3)],
    ['slot utilisation', (r) => `${(r.slotUtilisation * 100).toFixed(1)} %`],
    ['tail with idle slots', (r) => `${(r.tailMs / 1000).toFixed(2)} s`],
    ['slots starved before the tail', (r) => `${(r.starvedMs / 1000).toFixed(2)} s`],
    ['CPU per model call', (r) => `${r.cpuMsPerCall.toFixed(2)} ms`],
    ['store writes', (r) => `${r.storeWrites} (${r.storeWritesPerSec.toFixed(0)} /s)`],
    ['peak concurrent requests (fake)', (r) => String(r.peakConcurrentRequests)],
  ];
  const labelWidth = Math.max(...rows.map(([l]) => l.length));
  const colWidth = Math.max(...results.flatMap((r) => [r.name.length, ...rows.map(([, f]) => f(r).length)]));
  const line = (label: string, cells: string[]) => `${label.padEnd(labelWidth)}  ${cells.map((c) => c.padEnd(colWidth)).join('  ')}`;
  return [line('', results.map((r) => r.name)), line('', results.map(() => '-'.repeat(colWidth))), ...rows.map(([l, f]) => line(l, results.map(f)))].join('\n');
}

async function main(): Promise<void> {
  const { custom, parts } = parseCli(process.argv.slice(2));
  if (parts.includes('queue')) await queueBench(custom);
  if (parts.includes('rate-limit')) {
    process.stdout.write(`${parts.length > 1 ? '\n' : ''}rate-limited queue benchmark (bench/rate-limit.ts)\n`);
    const { runRateLimitBench } = await import('./rate-limit');
    await runRateLimitBench();
  }
  if (parts.includes('estimate')) {
    process.stdout.write(`${parts.length > 1 ? '\n' : ''}estimate accuracy (bench/estimate.ts)\n`);
    const { runEstimateBench } = await import('./estimate');
    await runEstimateBench();
  }
  if (parts.includes('economy')) {
    process.stdout.write(`${parts.length > 1 ? '\n' : ''}economy mode: the same courses live and through Message Batches (bench/economy.ts)\n`);
    const { runEconomyBench } = await import('./economy');
    await runEconomyBench();
  }
  if (parts.includes('export')) {
    process.stdout.write(`${parts.length > 1 ? '\n' : ''}LMS export: ms per export and the event loop meanwhile (bench/export.ts)\n`);
    const { runExportBench } = await import('./export');
    await runExportBench();
  }
  if (parts.includes('sources')) {
    process.stdout.write(`${parts.length > 1 ? '\n' : ''}source materials: reading a 300-page PDF, and the main thread meanwhile (bench/sources.ts)\n`);
    const { runSourcesBench } = await import('./sources');
    await runSourcesBench();
  }
  if (parts.includes('sources') || parts.includes('grounding')) {
    process.stdout.write(`${parts.length > 1 || parts.includes('sources') ? '\n' : ''}source materials in generation: a course grounded in a 50-page PDF, cached share and cost (bench/sources-grounding.ts)\n`);
    const { runGroundingBench } = await import('./sources-grounding');
    await runGroundingBench();
  }
  if (parts.includes('housekeeping')) {
    process.stdout.write(`${parts.length > 1 ? '\n' : ''}housekeeping: sizes, cleanup and compaction steps on 10,000 jobs (bench/housekeeping.ts)\n`);
    const { runHousekeepingBench } = await import('./housekeeping');
    await runHousekeepingBench();
  }
  if (parts.includes('insights')) {
    process.stdout.write(`${parts.length > 1 ? '\n' : ''}Insights: the page's query on 10,000 jobs and 160,000 calls (bench/insights.ts)\n`);
    const { runInsightsBench } = await import('./insights');
    await runInsightsBench();
  }
  if (parts.includes('renderer')) {
    process.stdout.write(`${parts.length > 1 ? '\n' : ''}renderer benchmark (bench/renderer.ts)\n`);
    // Loaded only when asked for: it pulls in Vite and Playwright.
    const { runRendererBench } = await import('./renderer');
    await runRendererBench();
  }
}

async function queueBench(custom: Scenario[] | null): Promise<void> {
  const fake = await startFakeProcess(LATENCY_MS);
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of custom ?? SCENARIOS) {
      process.stdout.write(`running "${scenario.name}"…\n`);
      results.push(await runScenario(fake, scenario));
    }
  } finally {
    await fake.stop();
  }
  const report = {
    at: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    latencyMs: LATENCY_MS,
    courses: COURSES,
    projectsPerCourse: PROJECTS,
    goalRatio: GOAL_RATIO,
    scenarios: results,
  };
  process.stdout.write(`\n${table(results)}\n`);
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const stamp = report.at.replace(/[:.]/g, '-');
  const files = custom ? [`custom-${stamp}.json`] : ['latest.json', `${stamp}.json`];
  for (const file of files) writeFileSync(join(dir, file), json);
  process.stdout.write(`\nwritten to ${files.map((f) => `bench/results/${f}`).join(' and ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
