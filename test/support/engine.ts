// Builds the real engine (store, gateway with the real Anthropic provider, runner) against
// a fake Messages API, for integration tests. Nothing here replaces a production piece:
// only the server at the other end of the HTTP connection is fake.
import { createBatchesClient } from '../../src/main/ai/anthropic-batches';
import type { BatchCycleOptions } from '../../src/main/runner/batches';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Outline, RunnerLimits } from '../../src/shared/domain';
import type { RunnerEvent } from '../../src/shared/events';
import { createAnthropicProvider } from '../../src/main/ai/anthropic';
import { systemClock } from '../../src/main/ai/clock';
import { ModelGateway, type GatewayOptions } from '../../src/main/ai/gateway';
import type { BreakerPolicy } from '../../src/main/ai/provider-health';
import type { RetryPolicy } from '../../src/main/ai/structured-call';
import { Store } from '../../src/main/db/store';
import type { PackageBuilder } from '../../src/main/export/course-file';
import { approveOutline, editOutline } from '../../src/main/courses/workflow';
import { Runner } from '../../src/main/runner/runner';
import { FINALIZE_SYSTEM, LESSONS_SYSTEM, OUTLINE_SYSTEM, TASKS_SYSTEM } from '../../src/main/generation/prompts';

export const TEST_API_KEY = 'sk-ant-test-0123456789';

export function tempDbPath(name = 'studio.db'): string {
  return join(mkdtempSync(join(tmpdir(), 'cs-engine-')), name);
}

export interface EngineOptions {
  baseURL: string;
  dbPath?: string;
  limits?: Partial<RunnerLimits>;
  leaseMs?: number;
  pollMs?: number;
  apiKey?: string;
  policy?: Partial<RetryPolicy>;
  owner?: string;
  /** Provider timeout (headers, and silence inside a stream); 10 s unless a test needs hangs cut sooner. */
  timeoutMs?: number;
  /** A material's stored bytes by hash (a course that sends its PDFs as pages). */
  readMaterial?: (sha256: string) => Uint8Array;
  /** Wraps the provider's HTTP: lets a soak see each request as the client sends it. */
  fetch?: typeof fetch;
  /** The store's wall clock (lease expiry, timestamps): a test can make it jump, as after a laptop's sleep. */
  clockMs?: () => number;
  /**
   * Delays of a failed job's automatic retries. Off ([]) unless a test asks: most tests read
   * one run's failure, and the production delays (minutes) would hold `waitUntilIdle`.
   */
  autoRetryDelaysMs?: readonly number[];
  /** The overload breaker's thresholds and probe intervals (seconds, not the production 15 s). */
  breaker?: Partial<BreakerPolicy>;
  source?: 'app' | 'cli';
  /** The economy batch cycle's timings (default: a 50 ms collection window, polls from 50 ms). */
  batches?: BatchCycleOptions;
  /** Builds the LMS packages of a job's auto-export (default: in this thread). */
  buildPackage?: PackageBuilder;
  /** The Claude model (default: the app's default). */
  model?: string;
  /** How structured answers are asked for (default: by model, json_schema for the default model). */
  structuredOutput?: 'tool' | 'json_schema';
  /** The Claude model's context window (a small one makes a course's materials not fit); default 200k. */
  contextTokens?: number;
  /** Steps routed to local model servers (ai/providers/local-lanes.ts); default: every step on the fake API. */
  route?: GatewayOptions['route'];
}

/** Economy batches in milliseconds, not the production 10 s window and 30 s polls. */
export const QUICK_BATCHES: BatchCycleOptions = { windowMs: 50, pollMs: { first: 50, max: 200 }, retryMs: { first: 50, max: 200 } };

export interface Engine {
  store: Store;
  gateway: ModelGateway;
  runner: Runner;
  events: RunnerEvent[];
  close(opts?: { release?: boolean }): Promise<void>;
}

/** Quick back-off so retry tests take milliseconds, not seconds; retry-after still wins. */
export const FAST_POLICY: Partial<RetryPolicy> = { baseDelayMs: 20, maxDelayMs: 200 };

export function createEngine(options: EngineOptions): Engine {
  const store = Store.open(options.dbPath ?? ':memory:', options.clockMs ? { clockMs: options.clockMs } : {});
  const provider = createAnthropicProvider({
    apiKey: options.apiKey ?? TEST_API_KEY,
    baseURL: options.baseURL,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.contextTokens ? { contextTokens: options.contextTokens } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.structuredOutput ? { structuredOutput: options.structuredOutput } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const gateway = new ModelGateway({
    clock: systemClock,
    provider: () => provider,
    requestLimit: options.limits?.requests ?? 6,
    policy: options.policy ?? FAST_POLICY,
    baseURL: () => options.baseURL,
    offlineProbeMs: { min: 50, max: 200 },
    ...(options.breaker ? { breaker: options.breaker } : {}),
    ...(options.route ? { route: options.route } : {}),
  });
  const batches = createBatchesClient({
    apiKey: options.apiKey ?? TEST_API_KEY,
    baseURL: options.baseURL,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const runner = new Runner({
    store,
    gateway,
    batches: { client: () => batches, options: options.batches ?? QUICK_BATCHES },
    leaseMs: options.leaseMs ?? 5_000,
    pollMs: options.pollMs ?? 50,
    autoRetryDelaysMs: options.autoRetryDelaysMs ?? [],
    ...(options.source ? { source: options.source } : {}),
    ...(options.owner ? { owner: options.owner } : {}),
    ...(options.readMaterial ? { readMaterial: options.readMaterial } : {}),
    ...(options.buildPackage ? { buildPackage: options.buildPackage } : {}),
  });
  if (options.limits) runner.setLimits(options.limits);
  const events: RunnerEvent[] = [];
  runner.subscribe((e) => events.push(e));
  return {
    store,
    gateway,
    runner,
    events,
    async close(opts) {
      await runner.stop(opts);
      store.close();
    },
  };
}

/** A hand-written outline (no model call) with `projects` × `lessons`. */
export function makeOutline(title: string, projects = 3, lessons = 2): Outline {
  return {
    title,
    description: `A course about ${title}.`,
    audience: 'testers',
    level: 'beginner',
    language: 'English',
    projects: Array.from({ length: projects }, (_, p) => ({
      title: `${title} project ${p + 1}`,
      description: `Project ${p + 1}`,
      lessons: Array.from({ length: lessons }, (_, l) => ({ title: `${title} lesson ${p + 1}.${l + 1}`, summary: 'Summary' })),
    })),
  };
}

/** Creates a course whose outline is approved, ready to queue. */
export function seedApprovedCourse(store: Store, title = 'Testing', projects = 3, lessons = 2): string {
  const course = store.write(() =>
    store.courses.create({ topic: title, audience: 'testers', level: 'beginner', projects, language: 'English', notes: '' }),
  );
  editOutline(store, course.id, makeOutline(title, projects, lessons));
  approveOutline(store, course.id, 'Reviewer', 'looks good');
  return course.id;
}

export function countTree(store: Store, courseId: string) {
  const tree = store.courses.tree(courseId)!;
  const lessons = tree.projects.flatMap((p) => p.lessons);
  return { projects: tree.projects.length, lessons: lessons.length, tasks: lessons.flatMap((l) => l.tasks).length, summary: tree.summary !== null };
}

export async function until(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const SYSTEM_KINDS: [string, string][] = [
  [OUTLINE_SYSTEM, 'outline'],
  [LESSONS_SYSTEM, 'lessons'],
  [TASKS_SYSTEM, 'tasks'],
  [FINALIZE_SYSTEM, 'finalize'],
];

/**
 * Which unit a recorded request was for, from its system prompt (independent of how
 * structured output is asked for; a course with materials adds their rules after it).
 */
export function callKind(body: any): 'outline' | 'lessons' | 'tasks' | 'finalize' | null {
  const system = typeof body?.system === 'string' ? body.system : (body?.system ?? []).map((b: any) => b.text).join('');
  return (SYSTEM_KINDS.find(([text]) => system === text || system.startsWith(`${text}\n\n`))?.[1] as ReturnType<typeof callKind>) ?? null;
}

/** The call-specific instruction: the last text block of the first user turn (the cached outline context precedes it). */
export function promptOf(body: any): string {
  const content = body?.messages?.[0]?.content;
  return typeof content === 'string' ? content : (content?.at(-1)?.text ?? '');
}
