// The rate-limited queue benchmark (`npm run bench -- --only rate-limit`): the fake enforces an
// account limit of 120 requests per minute with a burst of 20 (token buckets, 429 with a
// whole-second retry-after, truthful anthropic-ratelimit-* headers), and the runner works
// through twenty approved courses with 12 "requests at once". The account, not the slots,
// sets the pace: the makespan cannot beat calls ÷ 120 per minute, and the goal is to stay
// within 1.15 × that while getting a 429 on at most 2 % of requests. The client side of
// every request is traced (when it left, what the shared health said then, and the stack that
// sent it), so a request the fake counts as early (inside a retry-after window it announced
// more than 50 ms before) can be traced to the code path that sent it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnthropicProvider } from '../src/main/ai/anthropic';
import { systemClock } from '../src/main/ai/clock';
import { ModelGateway } from '../src/main/ai/gateway';
import { approveOutline, chooseOption } from '../src/main/courses/workflow';
import { Store } from '../src/main/db/store';
import { generateOutlineOptions } from '../src/main/generation/outline-options';
import type { TopicInput } from '../src/shared/domain';
import { DEFAULT_LIMITS, Runner } from '../src/main/runner/runner';
import { seedApprovedCourse } from '../test/support/engine';
import { startFakeProcess, type FakeRequest, type FakeStats } from './fake-process';

export const RATE_LIMIT = { requestsPerMinute: 120, burst: 20 };
const LATENCY_MS = 200;
const COURSES = 20;
/** 3 projects × 2 lessons: 3 lessons calls + 6 tasks calls + 1 summary = 10 calls a course. */
const PROJECTS = 3;
const LESSONS = 2;
const REQUESTS = 12;
const GOAL_RATIO = 1.15;
const GOAL_429_SHARE = 0.02;
const SAMPLE_MS = 25;

/** The client's view of one request, taken when the SDK called fetch and when the headers came back. */
interface ClientRequest {
  sentAt: number;
  respondedAt: number | null;
  status: number | null;
  requestId: string | null;
  /** The shared health at the moment of sending. */
  gateUntil: number | null;
  breakerOpen: boolean;
  budgetDelayMs: number;
  effectiveLimit: number;
  active: number;
  /** The app's frames of the stack that called fetch (src/main only). */
  path: string;
}

export interface EarlyTrace {
  id: string;
  msAfter429: number;
  retryAfterMs: number;
  /** When the client sent it, relative to when the client received the 429 it violated (negative: before the 429 was heard of). */
  sentMsAfterClientHeard429: number | null;
  /** From the client's fetch call to the fake receiving it (same machine clock). */
  transitMs: number | null;
  /** The client's gate at send time: ms it still had to run (null: open). */
  gateMsLeftAtSend: number | null;
  budgetDelayMsAtSend: number | null;
  status: number | null;
  path: string;
}

export interface RateLimitResult {
  at: string;
  node: string;
  cpus: number;
  loadAverage: number;
  latencyMs: number;
  rateLimit: typeof RATE_LIMIT;
  courses: number;
  callsPerCourse: number;
  limits: { jobs: number; requests: number };
  jobsCompleted: number;
  jobsFailed: number;
  /** Successful model calls: the work the account had to admit. */
  calls: number;
  /** Messages requests the fake received (calls, 429s and any failures). */
  requests: number;
  makespanMs: number;
  /** calls ÷ requests per minute. */
  boundMs: number;
  ratio: number;
  /** (calls − burst) ÷ requests per minute: the bound with a full bucket at the start. */
  boundWithBurstMs: number;
  responses429: number;
  share429: number;
  earlyAfter429: number;
  early: EarlyTrace[];
  /** Fewest requests allowed at once (AIMD after 429s), and the peak at the fake. */
  minEffectiveLimit: number;
  peakConcurrentRequests: number;
  /** Time the 429 gate was closed, summed over samples. */
  gateClosedMs: number;
  /** Mean time of a successful call, as the client measured it. */
  meanCallMs: number;
  goalMet: boolean;
}

function topic(i: number, projects: number): TopicInput {
  return { topic: `Rate-limited course ${i + 1}`, audience: 'adult learners', level: 'beginner', projects, language: 'English', notes: '' };
}

function appFrames(stack: string | undefined): string {
  return (stack ?? '')
    .split('\n')
    .slice(1)
    .filter((l) => /src\/main\/|node_modules\/@anthropic-ai/.test(l))
    .map((l) => l.trim().replace(/^at /, '').replace(/\/.*?\/(src\/main\/|node_modules\/)/, '$1'))
    .join(' ← ');
}

export interface RateLimitScenarioOptions {
  jobs: number;
  requests: number;
  courses: number;
  projects: number;
  lessons: number;
  /** Generate the outline options through the model first (under the limit) instead of seeding outlines by hand. */
  outlines: boolean;
}

const SCENARIO: RateLimitScenarioOptions = { jobs: DEFAULT_LIMITS.jobs, requests: REQUESTS, courses: COURSES, projects: PROJECTS, lessons: LESSONS, outlines: false };

export async function runRateLimitScenario(options: Partial<RateLimitScenarioOptions> = {}): Promise<RateLimitResult> {
  const o = { ...SCENARIO, ...options };
  const fake = await startFakeProcess(LATENCY_MS, { rateLimit: RATE_LIMIT });
  const dir = mkdtempSync(join(tmpdir(), 'cs-bench-rl-'));
  const store = Store.open(join(dir, 'bench.db'));
  try {
    const client: ClientRequest[] = [];
    let gateway: ModelGateway | null = null;
    const tracedFetch: typeof fetch = async (input, init) => {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 40;
      const stack = new Error('sent').stack;
      Error.stackTraceLimit = limit;
      const now = Date.now();
      const health = gateway?.health;
      const rec: ClientRequest = {
        sentAt: now,
        respondedAt: null,
        status: null,
        requestId: null,
        gateUntil: health?.gate.waitingUntil ?? null,
        breakerOpen: health?.breakerOpen ?? false,
        budgetDelayMs: health?.budget.delayBeforeNext(now) ?? 0,
        effectiveLimit: gateway?.effectiveRequestLimit ?? 0,
        active: gateway?.activeRequests ?? 0,
        path: appFrames(stack),
      };
      const isModel = String(input instanceof Request ? input.url : input).includes('/v1/messages');
      if (isModel) client.push(rec);
      const response = await fetch(input, init);
      rec.respondedAt = Date.now();
      rec.status = response.status;
      rec.requestId = response.headers.get('request-id');
      return response;
    };
    const provider = createAnthropicProvider({ apiKey: 'sk-ant-bench-0000000000', baseURL: fake.url, fetch: tracedFetch });
    gateway = new ModelGateway({ clock: systemClock, provider: () => provider, requestLimit: o.requests, baseURL: () => fake.url });
    const limits = { jobs: o.jobs, requests: o.requests };
    const runner = new Runner({ store, gateway });
    runner.setLimits(limits);

    if (o.outlines) {
      // As the queue benchmark does: outline options from the model (under the limit), the first approved.
      const courses = store.write(() => Array.from({ length: o.courses }, (_, i) => store.courses.create(topic(i, o.projects))));
      const options = await Promise.all(courses.map((c) => generateOutlineOptions(store, gateway, { courseId: c.id, record: runner.recordCall })));
      courses.forEach((c, i) => {
        chooseOption(store, c.id, options[i]![0]!.id);
        approveOutline(store, c.id, 'bench');
        runner.enqueue(c.id);
      });
      client.length = 0;
    } else {
      // Hand-written approved outlines: no model call before the makespan, so the account's
      // bucket is full and the client has learned nothing when the queue starts (a fresh start).
      for (let i = 0; i < o.courses; i++) {
        const courseId = seedApprovedCourse(store, `Rate-limited course ${String(i + 1).padStart(2, '0')}`, o.projects, o.lessons);
        runner.enqueue(courseId);
      }
    }
    await fake.reset();

    let completed = 0;
    const failures: string[] = [];
    runner.subscribe((e) => {
      if (e.type === 'job.completed') completed++;
      if (e.type === 'job.failed') failures.push(e.error);
    });
    let minEffectiveLimit = REQUESTS;
    let gateClosedMs = 0;
    const t0 = performance.now();
    const sampler = setInterval(() => {
      minEffectiveLimit = Math.min(minEffectiveLimit, gateway.effectiveRequestLimit);
      if (gateway.gate.waitingUntil !== null) gateClosedMs += SAMPLE_MS;
    }, SAMPLE_MS);
    runner.start();
    await runner.waitUntilIdle();
    const makespanMs = performance.now() - t0;
    clearInterval(sampler);
    await runner.stop();

    const stats: FakeStats = await fake.stats();
    const fakeRequests: FakeRequest[] = await fake.requests();
    const messages = fakeRequests.filter((r) => typeof r.body === 'object' && r.body !== null && 'messages' in r.body);
    const okCalls = (store.db.prepare(`SELECT COUNT(*) AS n FROM model_calls WHERE job_id IS NOT NULL AND outcome = 'ok'`).get() as { n: number }).n;
    const callTime = (store.db.prepare(`SELECT COALESCE(SUM(latency_ms), 0) AS t FROM model_calls WHERE job_id IS NOT NULL AND outcome = 'ok'`).get() as { t: number }).t;
    const byId = new Map(client.filter((c) => c.requestId).map((c) => [c.requestId!, c]));
    const early: EarlyTrace[] = stats.earlyRequests.map((e) => {
      const mine = byId.get(e.id);
      const their429 = byId.get(e.after429);
      return {
        id: e.id,
        msAfter429: e.msAfter429,
        retryAfterMs: e.retryAfterMs,
        sentMsAfterClientHeard429: mine && their429?.respondedAt ? mine.sentAt - their429.respondedAt : null,
        transitMs: mine ? e.receivedAt - mine.sentAt : null,
        gateMsLeftAtSend: mine && mine.gateUntil !== null ? mine.gateUntil - mine.sentAt : null,
        budgetDelayMsAtSend: mine ? mine.budgetDelayMs : null,
        status: mine?.status ?? null,
        path: mine?.path ?? '(not matched to a client request)',
      };
    });
    const boundMs = (okCalls * 60_000) / RATE_LIMIT.requestsPerMinute;
    const share429 = messages.length ? stats.responses429 / messages.length : 0;
    const ratio = makespanMs / boundMs;
    return {
      at: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
      latencyMs: LATENCY_MS,
      rateLimit: RATE_LIMIT,
      courses: o.courses,
      callsPerCourse: Math.round(okCalls / o.courses),
      limits,
      jobsCompleted: completed,
      jobsFailed: failures.length,
      calls: okCalls,
      requests: messages.length,
      makespanMs: Math.round(makespanMs),
      boundMs,
      ratio,
      boundWithBurstMs: (Math.max(0, okCalls - RATE_LIMIT.burst) * 60_000) / RATE_LIMIT.requestsPerMinute,
      responses429: stats.responses429,
      share429,
      earlyAfter429: stats.earlyAfter429,
      early,
      minEffectiveLimit,
      peakConcurrentRequests: stats.peakConcurrency,
      gateClosedMs,
      meanCallMs: okCalls ? callTime / okCalls : 0,
      goalMet: completed === o.courses && failures.length === 0 && ratio <= GOAL_RATIO && share429 <= GOAL_429_SHARE,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
    await fake.stop();
  }
}

export function rateLimitTable(r: RateLimitResult): string {
  const rows: [string, string][] = [
    ['account limit (fake)', `${r.rateLimit.requestsPerMinute} requests/min, burst ${r.rateLimit.burst}`],
    ['limits (jobs / requests at once)', `${r.limits.jobs} / ${r.limits.requests}`],
    ['courses × calls', `${r.courses} × ${r.callsPerCourse}`],
    ['jobs completed / failed', `${r.jobsCompleted} / ${r.jobsFailed}`],
    ['successful calls / requests received', `${r.calls} / ${r.requests}`],
    ['makespan', `${(r.makespanMs / 1000).toFixed(2)} s`],
    ['bound: calls ÷ 120 per minute', `${(r.boundMs / 1000).toFixed(2)} s (with the burst: ${(r.boundWithBurstMs / 1000).toFixed(2)} s)`],
    ['makespan ÷ bound', `${r.ratio.toFixed(3)} ${r.ratio <= GOAL_RATIO ? '✓' : '✗'} (goal ≤ ${GOAL_RATIO})`],
    ['429 responses', `${r.responses429} = ${(r.share429 * 100).toFixed(2)} % of requests ${r.share429 <= GOAL_429_SHARE ? '✓' : '✗'} (goal ≤ ${GOAL_429_SHARE * 100} %)`],
    ['earlyAfter429 (fake)', String(r.earlyAfter429)],
    ['429 gate closed (sampled)', `${(r.gateClosedMs / 1000).toFixed(2)} s`],
    ['fewest requests allowed at once (AIMD)', String(r.minEffectiveLimit)],
    ['peak concurrent requests (fake)', String(r.peakConcurrentRequests)],
    ['mean call time (client)', `${r.meanCallMs.toFixed(0)} ms (fake latency ${r.latencyMs} ms)`],
  ];
  const width = Math.max(...rows.map(([l]) => l.length));
  const out = rows.map(([l, v]) => `${l.padEnd(width)}  ${v}`);
  for (const e of r.early) {
    out.push(
      `  early ${e.id}: ${e.msAfter429} ms after a 429 (retry-after ${e.retryAfterMs} ms); sent ${e.sentMsAfterClientHeard429 ?? '?'} ms after the client heard the 429, reached the fake ${e.transitMs ?? '?'} ms after it was sent; ` +
        `gate at send: ${e.gateMsLeftAtSend === null ? 'open' : `${e.gateMsLeftAtSend} ms left`}; budget delay at send ${e.budgetDelayMsAtSend ?? '?'} ms; answered ${e.status ?? '?'}\n    path: ${e.path}`,
    );
  }
  return out.join('\n');
}

/** Runs the scenario, prints it, writes bench/results/ratelimit-latest.json and a dated copy. */
export async function runRateLimitBench(): Promise<RateLimitResult> {
  process.stdout.write(`running "rate-limited account" (${RATE_LIMIT.requestsPerMinute} requests/min, burst ${RATE_LIMIT.burst}, ${REQUESTS} requests at once)…\n`);
  const result = await runRateLimitScenario();
  process.stdout.write(`\n${rateLimitTable(result)}\n`);
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const files = ['ratelimit-latest.json', `ratelimit-${result.at.replace(/[:.]/g, '-')}.json`];
  for (const file of files) writeFileSync(join(dir, file), json);
  process.stdout.write(`\nwritten to ${files.map((f) => `bench/results/${f}`).join(' and ')}\n`);
  return result;
}
