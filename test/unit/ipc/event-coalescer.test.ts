// The per-window event coalescer: ≤10 pushes a second, every event in seq order, the last
// state always delivered, nothing before app.ready, and loss only by a whole-buffer drop
// that leaves a detectable seq gap.
import { describe, expect, it } from 'vitest';
import { EventCoalescer } from '../../../src/main/ipc/event-coalescer';
import type { RunnerEvent } from '../../../src/shared/events';
import { ManualTimers } from './manual-timers';

let seq = 0;
function progress(jobId = 'job-a', completed = seq): RunnerEvent {
  seq++;
  return { type: 'progress', jobId, completed, total: 100, percent: completed, seq, at: new Date(0).toISOString() };
}

function setup(options: { maxBuffered?: number } = {}) {
  const timers = new ManualTimers();
  const sent: { at: number; batch: RunnerEvent[] }[] = [];
  const coalescer = new EventCoalescer({ send: (batch) => sent.push({ at: timers.now(), batch }), timers, ...options });
  return { timers, sent, coalescer };
}

const seqs = (sent: { batch: RunnerEvent[] }[]) => sent.flatMap((s) => s.batch.map((e) => e.seq));

describe('EventCoalescer', () => {
  it('sends nothing before ready, then everything buffered, in order', () => {
    const { timers, sent, coalescer } = setup();
    const events = [progress(), progress(), progress('job-b')];
    coalescer.push(events.slice(0, 2));
    coalescer.push(events.slice(2));
    timers.advance(1_000);
    expect(sent).toEqual([]);
    coalescer.markReady();
    timers.advance(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.batch).toEqual(events);
  });

  it('pushes at most once per 100 ms under a steady stream (≤10/s) and never drops an event', () => {
    const { timers, sent, coalescer } = setup();
    coalescer.markReady();
    const pushed: number[] = [];
    // 2,000 events over 2 s: one every millisecond.
    for (let ms = 0; ms < 2_000; ms++) {
      const event = progress('job-a', ms);
      pushed.push(event.seq);
      coalescer.push([event]);
      timers.advance(1);
    }
    timers.advance(200);
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
    expect(sent.length).toBeLessThanOrEqual(21);
    expect(sent.length).toBeGreaterThanOrEqual(19);
    // Batching, not collapsing: every event, once, in sequence order.
    expect(seqs(sent)).toEqual(pushed);
  });

  it('always delivers the last state through the trailing timer', () => {
    const { timers, sent, coalescer } = setup();
    coalescer.markReady();
    coalescer.push([progress()]);
    timers.advance(0);
    expect(sent).toHaveLength(1);
    // A burst right after a push waits for the window to pass, then goes out on its own.
    const last = progress('job-a', 99);
    coalescer.push([progress(), last]);
    timers.advance(50);
    expect(sent).toHaveLength(1);
    timers.advance(50);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.batch.at(-1)).toEqual(last);
    expect(timers.scheduled).toBe(0);
  });

  it('sends a lone event after a quiet period at once (no needless delay)', () => {
    const { timers, sent, coalescer } = setup();
    coalescer.markReady();
    timers.advance(5_000);
    coalescer.push([progress()]);
    timers.advance(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.at).toBe(5_000);
  });

  it('drops an overflowing buffer whole, leaving a seq gap the renderer can detect', () => {
    const { timers, sent, coalescer } = setup({ maxBuffered: 50 });
    const before = Array.from({ length: 60 }, () => progress());
    coalescer.push(before);
    expect(coalescer.dropped).toBe(60);
    const after = [progress(), progress()];
    coalescer.push(after);
    coalescer.markReady();
    timers.advance(0);
    expect(seqs(sent)).toEqual(after.map((e) => e.seq));
    expect(after[0]!.seq - before.at(-1)!.seq).toBe(1);
    // The renderer's last seen seq is from its snapshot (≤ before[0].seq - 1): the gap shows.
    expect(after[0]!.seq).toBeGreaterThan(before[0]!.seq);
  });

  it('holds events again after a reload until the new page is ready', () => {
    const { timers, sent, coalescer } = setup();
    coalescer.markReady();
    coalescer.reset();
    const held = progress();
    coalescer.push([held]);
    timers.advance(500);
    expect(sent).toEqual([]);
    coalescer.markReady();
    timers.advance(0);
    expect(seqs(sent)).toEqual([held.seq]);
  });

  it('stops for good when disposed, and survives a send that throws', () => {
    const timers = new ManualTimers();
    let calls = 0;
    const coalescer = new EventCoalescer({
      timers,
      send: () => {
        calls++;
        throw new Error('window destroyed');
      },
    });
    coalescer.markReady();
    coalescer.push([progress()]);
    expect(() => timers.advance(0)).not.toThrow();
    expect(calls).toBe(1);
    coalescer.dispose();
    coalescer.push([progress()]);
    timers.advance(1_000);
    expect(calls).toBe(1);
    expect(timers.scheduled).toBe(0);
  });
});
