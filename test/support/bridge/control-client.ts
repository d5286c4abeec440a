// Typed client for a running bridge's test-control endpoints (see control.ts), for
// Playwright tests and scripts. Commands sent through `dispatch` take the same path as the
// page's, minus the WebSocket.
import type { CommandInput, CommandName, CommandOutputs, CommandResult } from '../../../src/shared/ipc-contract';
import type { SourceLocation } from '../../../src/shared/materials';
import type { FaultKind } from '../fake-anthropic';
import { CONTROL_TOKEN_HEADER } from './protocol';

export interface BridgeInfo {
  url: string;
  controlToken: string;
  dataDir: string;
  fakeUrl: string;
}

export class BridgeControl {
  constructor(readonly info: BridgeInfo) {}

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(`/__control/${path}`, this.info.url), {
      method,
      headers: { [CONTROL_TOKEN_HEADER]: this.info.controlToken, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const value = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`bridge control ${path} answered ${res.status}: ${value.error ?? JSON.stringify(value)}`);
    return value;
  }

  state() {
    return this.request<{ dataDir: string; fakeUrl: string; startupError: string | null; connections: number }>('GET', 'state');
  }

  reset(options: { corruptDatabase?: boolean; apiKey?: string | null } = {}) {
    return this.request<{ ok: true; startupError: string | null }>('POST', 'reset', options);
  }

  dispatch<C extends CommandName>(command: C, ...input: undefined extends CommandInput<C> ? [CommandInput<C>?] : [CommandInput<C>]) {
    return this.request<CommandResult<CommandOutputs[C]>>('POST', 'dispatch', { command, input: input[0] });
  }

  /** Like dispatch, but returns the value and throws with the error's message. */
  async call<C extends CommandName>(command: C, ...input: undefined extends CommandInput<C> ? [CommandInput<C>?] : [CommandInput<C>]) {
    const result = await this.dispatch(command, ...input);
    if (!result.ok) throw new Error(`${command} failed (${result.error.code}): ${result.error.message}`);
    return result.value;
  }

  async db<T = Record<string, unknown>>(sql: string, params?: unknown[] | Record<string, unknown>): Promise<T[]> {
    return (await this.request<{ rows: T[] }>('POST', 'db', { sql, ...(params ? { params } : {}) })).rows;
  }

  /** Rewrites the course's quizzes as a version before typed questions stored them; returns how many. */
  async legacyQuizzes(courseId: string): Promise<number> {
    return (await this.request<{ changed: number }>('POST', 'legacy-quizzes', { courseId })).changed;
  }

  /** Makes every finished job finish `days` ago (its logs too); returns how many. */
  async ageFinishedJobs(days: number): Promise<number> {
    return (await this.request<{ changed: number }>('POST', 'age-jobs', { days })).changed;
  }

  setApiKey(key: string | null) {
    return this.request('POST', 'secret', { key });
  }

  async openedUrls(): Promise<string[]> {
    return (await this.request<{ urls: string[] }>('GET', 'opened-urls')).urls;
  }

  waitIdle(timeoutMs = 60_000) {
    return this.request<{ idle: boolean }>('POST', 'wait-idle', { timeoutMs });
  }

  /** The OS folder dialog's stand-in (the bridge's chooseFolder). */
  readonly dialog = {
    /** What the next opening answers: a folder, or null for a dialog closed without a choice. Unset: a new temp folder. */
    nextFolder: (folder: string | null) => this.request('POST', 'dialog/folder', { folder }),
    /** The folders it answered with so far, in order. */
    folders: async () => (await this.request<{ folders: string[] }>('GET', 'dialog/folders')).folders,
    /** The file dialog's next answer (the bridge's chooseFiles), once; [] is a dialog closed without a choice. Unset: []. */
    nextFiles: (paths: string[]) => this.request('POST', 'dialog/files', { paths }),
    /** The purposes the file dialog was opened for, in order. */
    filesOpened: async () => (await this.request<{ opened: string[] }>('GET', 'dialog/files')).opened,
  };

  /** Writes a lesson's sources as generation would (material = sha256). */
  setLessonSources(lessonId: string, sources: { material: string; location: SourceLocation; note: string }[]) {
    return this.request('POST', 'lesson-sources', { lessonId, sources });
  }

  readonly fake = {
    latency: (ms: number) => this.request('POST', 'fake/latency', { ms }),
    offline: (offline: boolean) => this.request('POST', 'fake/offline', { offline }),
    apiKeys: (keys: string[] | null) => this.request('POST', 'fake/api-keys', { keys }),
    /** One-shot faults, `times` of them, optionally only for requests forcing `tool` (e.g. 'submit_lessons'). */
    fault: (fault: { kind: FaultKind; retryAfterSec?: number; tool?: string; times?: number }) => this.request('POST', 'fake/fault', fault),
    faultRates: (rates: Partial<Record<FaultKind, number>>, seed?: number) =>
      this.request('POST', 'fake/fault-rates', { rates, ...(seed === undefined ? {} : { seed }) }),
    /** For calls forcing `tool`: the usual generated answer with these fields replaced everywhere (or a fixed `input`). */
    content: (rule: { tool: string; set?: Record<string, unknown>; input?: unknown }) => this.request('POST', 'fake/content', rule),
    clearContent: () => this.request('POST', 'fake/content', { clear: true }),
    /**
     * Keeps the calls for unit `tool` (every call without one) pending until `release(id)`,
     * so a job stays in that step for as long as the test needs it there. With `midStream`, a
     * streamed answer starts and stops halfway instead (partial output on screen). Returns the hold's id.
     */
    hold: async (tool?: string, options: { midStream?: boolean } = {}) =>
      (await this.request<{ id: number }>('POST', 'fake/hold', { ...(tool === undefined ? {} : { tool }), ...options })).id,
    /** Lets hold `id` (every hold without one) go: its calls are answered, later ones are not held. */
    release: (id?: number) => this.request('POST', 'fake/release', id === undefined ? {} : { id }),
    /** Calls hold `id` (every hold without one) keeps waiting now. */
    held: async (id?: number) => (await this.request<{ held: number }>('POST', 'fake/held', id === undefined ? {} : { id })).held,
    /** Message Batches created afterwards stay in progress this long (default 200 ms) or cancel this long. */
    batchSettings: (settings: { processingMs?: number; cancelMs?: number }) => this.request('POST', 'fake/batch-settings', settings),
    /** Holds batch requests at `point` ('create', 'created': the batch exists but its id is not sent back, 'results') until released. */
    holdBatch: (point: 'create' | 'created' | 'results', options: { afterLines?: number } = {}) => this.request('POST', 'fake/batch-hold', { point, ...options }),
    releaseBatch: (point?: 'create' | 'created' | 'results') => this.request('POST', 'fake/batch-release', point === undefined ? {} : { point }),
    /** Resolves once `count` batch requests reached the hold at `point` (throws after timeoutMs). */
    untilBatchHeld: async (point: 'create' | 'created' | 'results', count = 1, timeoutMs = 30_000) =>
      (await this.request<{ held: boolean }>('POST', 'fake/batch-held', { point, count, timeoutMs })).held,
    batches: async () => (await this.request<{ batches: { id: string; status: 'in_progress' | 'canceling' | 'ended'; requests: number }[] }>('GET', 'fake/batches')).batches,
    requests: async () =>
      (
        await this.request<{ requests: { id: string; toolName: string | null; status: number; outcome: string; fault: string | null }[] }>(
          'GET',
          'fake/requests',
        )
      ).requests,
  };
}
