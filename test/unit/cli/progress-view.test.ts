import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunnerEvent, RunnerEventBody } from '../../../src/shared/events';
import { createProgressView, tableLines, type JobLookup } from '../../../src/main/cli/progress-view';

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
});

describe('tableLines', () => {
  it('fits the terminal width and summarises the queue', () => {
    const lines = tableLines([{ title: 'A very long course title '.repeat(10), status: 'finalizing', completed: 20, total: 21, retries: 0 }], { finalizing: 1, failed: 2 }, 60);
    expect(lines[0]).toBe('1 running · 0 queued · 0 completed · 2 failed');
    expect(lines[1]!.length).toBeLessThan(60);
    expect(lines[1]).toMatch(/finalizing +20\/21 █{10}/);
  });
});
