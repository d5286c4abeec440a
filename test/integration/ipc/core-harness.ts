// An app core over a temp data folder, talking to the fake Anthropic server, driven only
// through `dispatch` — the same path the window and the bridge use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../../src/main/app-core';
import { createMemorySecretStore } from '../../../src/main/secrets';
import type { CommandInput, CommandName, CommandOutputs, CommandResult, EventName, EventPayloads } from '../../../src/shared/ipc-contract';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';

export const KEY = 'sk-ant-integration-key-0001';

export interface Harness {
  core: AppCore;
  fake: FakeAnthropic;
  dataDir: string;
  events: { [E in EventName]: EventPayloads[E][] };
  dispatch<C extends CommandName>(command: C, input?: CommandInput<C>): Promise<CommandResult<CommandOutputs[C]>>;
  call<C extends CommandName>(command: C, input?: CommandInput<C>): Promise<CommandOutputs[C]>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { apiKey?: string | null; latencyMs?: number; core?: Partial<AppCoreOptions>; fake?: FakeAnthropic } = {},
): Promise<Harness> {
  const fake = options.fake ?? (await startFakeAnthropic({ latencyMs: options.latencyMs ?? 0 }));
  const dataDir = mkdtempSync(join(tmpdir(), 'course-studio-core-'));
  const core = createAppCore({
    dataDir,
    secrets: createMemorySecretStore(options.apiKey === undefined ? KEY : options.apiKey, 'plaintext'),
    env: { ANTHROPIC_BASE_URL: fake.url },
    retryPolicy: { baseDelayMs: 20, maxDelayMs: 100 },
    runner: { pollMs: 50, leaseMs: 5_000 },
    ...options.core,
  });
  const events = { 'runner.events': [], 'outline.progress': [], 'course.changed': [], 'sync.changed': [], 'export.progress': [] } as Harness['events'];
  core.subscribe('runner.events', (e) => events['runner.events'].push(e));
  core.subscribe('outline.progress', (e) => events['outline.progress'].push(e));
  core.subscribe('course.changed', (e) => events['course.changed'].push(e));
  core.subscribe('sync.changed', (e) => events['sync.changed'].push(e));
  core.subscribe('export.progress', (e) => events['export.progress'].push(e));
  const dispatch = <C extends CommandName>(command: C, input?: CommandInput<C>) =>
    core.dispatch(command, input) as Promise<CommandResult<CommandOutputs[C]>>;
  return {
    core,
    fake,
    dataDir,
    events,
    dispatch,
    async call(command, input) {
      const result = await dispatch(command, input);
      if (!result.ok) throw new Error(`${command} failed (${result.error.code}): ${result.error.message}`);
      return result.value;
    },
    async close() {
      await core.dispose();
      if (!options.fake) await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a course and takes it to "outline approved", through the commands a person uses. */
export async function approvedCourse(h: Harness, topic = 'Rust for web developers', projects = 3) {
  const course = await h.call('courses.create', { topic: { topic, projects } });
  const options = await h.call('courses.generateOutlines', { courseId: course.id, count: 1 });
  await h.call('courses.chooseOption', { courseId: course.id, optionId: options[0]!.id });
  return h.call('courses.approveOutline', { courseId: course.id, by: 'Ada' });
}

/** A course generated through the queue (approvedCourse, then its job run to the end), and its tree. */
export async function generatedCourse(h: Harness, topic?: string) {
  const course = await approvedCourse(h, topic);
  await h.call('jobs.enqueue', { courseId: course.id });
  await h.core.runner.waitUntilIdle();
  return { course, tree: await h.call('courses.get', { courseId: course.id }) };
}

export async function waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
