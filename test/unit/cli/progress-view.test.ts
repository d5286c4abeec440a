import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueState } from '../../../src/shared/domain';
import type { RunnerEvent, RunnerEventBody } from '../../../src/shared/events';
import { createProgressView, tableLines, type JobLookup } from '../../../src/main/cli/progress-view';
import { idleQueue } from '../../support/queue-state';

let seq = 0;
const ev = (body: RunnerEventBody): RunnerEvent => ({ ...body, seq: ++seq, at: new Date(2026, 0, 2, 3, 4, 5).toISOString() }) as RunnerEvent;

const lookup: JobLookup = {
  job: (id) => ({ courseTitle: id === 'evil' ? 'Bad\x1b[2J\x1b]0;pwned\x07 title' : `Course ${id}`, itemsCompleted: 0, itemsTotal: 21, calls: 21, costUsd: 0.1234 }),
  counts: () => ({ generating_lessons: 1, queued: 4, completed: 2 }),
};

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { out: { isTTY, columns: 80, write: (s: string) => writes.push(s) }, writes };
}

describe('progress view, not a terminal', () => {
  it('prints one line per started, retrying, completed and failed event, and nothing for the rest', () => {
    const { out, writes } = sink(false);
    const view = createProgressView(out, lookup);
    view.onEvent(ev({ type: 'job.started', jobId: 'a', status: 'generating_lessons' }));
    view.onEvent(ev({ type: 'progress', jobId: 'a', completed: 3, total: 21, percent: 14 }));
    view.onEvent(ev({ type: 'item.completed', jobId: 'a', step: 'lessons', item: 'project:0' }));
    view.onEvent(ev({ type: 'job.retrying', jobId: 'a', attempt: 1, delayMs: 1500, reason: 'Overloaded (529)' }));
    view.onEvent(ev({ type: 'job.completed', jobId: 'a' }));
    view.onEvent(ev({ type: 'job.failed', jobId: 'evil', error: 'The key was rejected (401)', step: 'tasks' }));
    expect(writes).toEqual([
      '03:04:05 started    "Course a" (21 units)\n',
      '03:04:05 retrying   "Course a": attempt 2 in 1.5s (Overloaded (529))\n',
      '03:04:05 completed  "Course a" (0/21, 21 calls, $0.1234)\n',
      // Escape sequences from a model-written title never reach the terminal.
      '03:04:05 failed     "Bad[2J]0;pwned title" during tasks: The key was rejected (401)\n',
    ]);
  });
});

describe('progress view: what the run waits for', () => {
  const t = (h: number, m: number, s = 0) => new Date(2026, 0, 2, h, m, s).toISOString();
  const at = (iso: string, body: RunnerEventBody): RunnerEvent => ({ ...body, seq: ++seq, at: iso }) as RunnerEvent;
  const state = (over: Partial<QueueState>): QueueState => idleQueue(over);
  const overloaded = (now: string, next: string | null, reason: string) =>
    at(now, { type: 'queue.state', state: state({ waitingReason: reason, hold: { cause: 'overloaded', provider: 'Claude API', since: t(2, 8), until: next } }) });

  it('prints the hold sentence when it changes, not for the probe going out, and how long the outage lasted when it ends', () => {
    const { out, writes } = sink(false);
    const view = createProgressView(out, lookup);
    view.onEvent(overloaded(t(2, 8), t(2, 8, 15), 'Claude API overloaded — waiting, next try at 02:08 (outage so far 0 s)'));
    view.onEvent(overloaded(t(2, 8, 15), null, 'Claude API overloaded — waiting, a probe request is out (outage so far 15 s)'));
    view.onEvent(overloaded(t(2, 8, 16), t(2, 8, 46), 'Claude API overloaded — waiting, next try at 02:08 (outage so far 16 s)'));
    // The same state again (a limit changed): nothing new to say.
    view.onEvent(overloaded(t(2, 8, 20), t(2, 8, 46), 'Claude API overloaded — waiting, next try at 02:08 (outage so far 16 s)'));
    view.onEvent(at(t(2, 14), { type: 'queue.state', state: state({}) }));
    expect(writes).toEqual([
      '02:08:00 waiting    Claude API overloaded — waiting, next try at 02:08 (outage so far 0 s)\n',
      '02:08:16 waiting    Claude API overloaded — waiting, next try at 02:08 (outage so far 16 s)\n',
      '02:14:00 resumed    Claude API answering again after 6 min\n',
    ]);
  });

  it('says when the network is back, and when an outage turns into a rate limit; short 429 pauses end quietly', () => {
    const { out, writes } = sink(false);
    const view = createProgressView(out, lookup);
    const offline = { cause: 'offline' as const, provider: 'Claude API', since: t(1, 0), until: null };
    view.onEvent(at(t(1, 0, 2), { type: 'queue.state', state: state({ waitingReason: 'Waiting for network: the model API cannot be reached', hold: offline }) }));
    const limited = { cause: 'rate_limited' as const, provider: 'Claude API', since: null, until: t(1, 3, 10) };
    view.onEvent(at(t(1, 3), { type: 'queue.state', state: state({ waitingReason: 'Rate limited by Claude API (429)', hold: limited }) }));
    view.onEvent(at(t(1, 3, 10), { type: 'queue.state', state: state({}) }));
    expect(writes).toEqual([
      '01:00:02 waiting    Waiting for network: the model API cannot be reached\n',
      '01:03:00 resumed    Network back after 3 min; the model API can be reached again\n',
      '01:03:00 waiting    Rate limited by Claude API (429)\n',
    ]);
  });

  it('prints the account limit once learned, asking the queue after answers when no state says it', () => {
    const { out, writes } = sink(false);
    let account: QueueState['account'] = null;
    const view = createProgressView(out, { ...lookup, queue: () => ({ account, effectiveRequests: 6 }) });
    view.onEvent(ev({ type: 'item.completed', jobId: 'a', step: 'lessons', item: 'project:0' }));
    account = { requestsPerMinute: 120, inputTokensPerMinute: null, outputTokensPerMinute: null };
    view.onEvent(ev({ type: 'item.completed', jobId: 'a', step: 'lessons', item: 'project:1' }));
    view.onEvent(ev({ type: 'item.completed', jobId: 'a', step: 'lessons', item: 'project:2' }));
    view.onEvent(ev({ type: 'queue.state', state: state({ account, effectiveRequests: 4 }) }));
    expect(writes).toEqual(['03:04:05 limits     account allows ~120 requests/min; 6 at once\n']);
  });

  it('says what a run with nothing running waits for: jobs waiting for an automatic retry', () => {
    const { out, writes } = sink(false);
    let running = 1;
    const retryLookup = {
      ...lookup,
      job: (id: string) => ({ ...lookup.job(id)!, autoRetries: id === 'b' ? 1 : 0 }),
      counts: () => ({ generating_lessons: running }),
      retries: () => ({ scheduled: 2, next: { autoRetries: 1, runAfter: t(3, 40), retryReason: 'Claude API overloaded (529)' } }),
    };
    const view = createProgressView(out, retryLookup);
    // Another job still runs: nothing to say yet.
    view.onEvent(ev({ type: 'job.queued', jobId: 'b', courseId: 'cb' }));
    running = 0;
    view.onEvent(ev({ type: 'job.completed', jobId: 'a' }));
    view.onEvent(ev({ type: 'queue.state', state: state({}) }));
    view.onEvent(ev({ type: 'job.started', jobId: 'b', status: 'generating_lessons' }));
    expect(writes).toEqual([
      '03:04:05 completed  "Course a" (0/21, 21 calls, $0.1234)\n',
      '03:04:05 waiting    2 jobs wait for an automatic retry, next at 03:40 (retry 1 of 3: Claude API overloaded (529))\n',
      '03:04:05 started    "Course b" (21 units; automatic retry 1 of 3)\n',
    ]);
  });
});

describe('progress view, in a terminal', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('redraws the table at most four times a second however many events arrive', () => {
    const { out, writes } = sink(true);
    const view = createProgressView(out, lookup, () => Date.now());
    view.onEvent(ev({ type: 'job.started', jobId: 'a', status: 'generating_lessons' }));
    for (let i = 1; i <= 200; i++) {
      view.onEvent(ev({ type: 'progress', jobId: 'a', completed: i % 21, total: 21, percent: 0 }));
      vi.advanceTimersByTime(10); // 200 events over 2 s
    }
    vi.advanceTimersByTime(500);
    expect(writes.length).toBeGreaterThanOrEqual(7);
    expect(writes.length).toBeLessThanOrEqual(9);
    // Each redraw after the first moves up over the previous table and clears it.
    expect(writes[1]!.startsWith('\x1b[2F\x1b[J')).toBe(true);
    expect(writes.at(-1)).toContain('generating lessons');
    view.close();
  });

  it('prints finished jobs as permanent lines above the table and removes them from it', () => {
    const { out, writes } = sink(true);
    const view = createProgressView(out, lookup, () => Date.now());
    view.onEvent(ev({ type: 'job.started', jobId: 'a', status: 'generating_lessons' }));
    view.onEvent(ev({ type: 'step.started', jobId: 'a', step: 'tasks' }));
    view.onEvent(ev({ type: 'job.retrying', jobId: 'a', attempt: 1, delayMs: 1000, reason: 'x' }));
    vi.advanceTimersByTime(300);
    expect(writes.join('')).toMatch(/generating tasks +0\/21 ░{10} 1 retry +Course a/);
    view.onEvent(ev({ type: 'job.completed', jobId: 'a' }));
    vi.advanceTimersByTime(300);
    const last = writes.at(-1)!;
    expect(last).toContain('completed  "Course a"');
    expect(last).toContain('(no job running; waiting for work)');
    view.close();
    // Closing erases the live table and leaves the permanent lines alone.
    expect(writes.at(-1)).toBe('\x1b[2F\x1b[J');
  });

  it('takes a job handed back to the queue out of the table', () => {
    const { out, writes } = sink(true);
    const view = createProgressView(out, lookup, () => Date.now());
    view.onEvent(ev({ type: 'job.started', jobId: 'a', status: 'generating_lessons' }));
    vi.advanceTimersByTime(300);
    expect(writes.at(-1)).toContain('Course a');
    view.onEvent(ev({ type: 'job.queued', jobId: 'a', courseId: 'course-a' }));
    vi.advanceTimersByTime(300);
    expect(writes.at(-1)).not.toContain('Course a');
    expect(writes.at(-1)).toContain('(no job running; waiting for work)');
    view.close();
  });

  it('shows what the run waits for in the table, and the hold as permanent lines', () => {
    const { out, writes } = sink(true);
    const view = createProgressView(out, lookup, () => Date.now());
    const hold = { cause: 'overloaded' as const, provider: 'Claude API', since: new Date(2026, 0, 2, 3, 0).toISOString(), until: null };
    const waitingReason = 'Claude API overloaded — waiting, a probe request is out (outage so far 4 min)';
    view.onEvent(ev({ type: 'queue.state', state: { paused: false, limits: { jobs: 3, requests: 6 }, waitingUntil: null, waitingReason, blockedReason: null, hold, effectiveRequests: 6, account: null, retries: { scheduled: 0, next: null } } }));
    vi.advanceTimersByTime(300);
    expect(writes.at(-1)).toContain(`03:04:05 waiting    ${waitingReason}\n`);
    expect(writes.at(-1)).toContain('(no job running; Claude API overloaded — waiting, a probe request is out (out'); // cut to 80 columns
    view.print(['Report of this run (…):', '  1 job completed, 0 failed']);
    vi.advanceTimersByTime(300);
    expect(writes.at(-1)!.startsWith('\x1b[2F\x1b[JReport of this run (…):\n  1 job completed, 0 failed\n')).toBe(true);
    view.close();
  });
});

describe('tableLines', () => {
  it('fits the terminal width and summarises the queue', () => {
    const lines = tableLines([{ title: 'A very long course title '.repeat(10), status: 'finalizing', completed: 20, total: 21, retries: 0 }], { finalizing: 1, failed: 2 }, 60);
    expect(lines[0]).toBe('1 running · 0 queued · 0 completed · 2 failed');
    expect(lines[1]!.length).toBeLessThan(60);
    expect(lines[1]).toMatch(/finalizing +20\/21 █{10}/);
  });
});
