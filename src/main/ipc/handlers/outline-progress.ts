// Streams outline options to the renderer while they are written. The SDK reports a new
// partial every few tokens; this keeps the latest per option and sends at most one every
// `intervalMs`. A final outline (or error) always goes out, and no partial after it.
import type { Outline } from '../../../shared/domain';
import type { OutlineProgress } from '../../../shared/ipc-contract';
import { realTimers, type Timers } from '../event-coalescer';

export interface OutlineProgressSender {
  partial(index: number, partial: unknown): void;
  final(index: number, outline: Outline): void;
  error(index: number, message: string): void;
  dispose(): void;
}

export function createOutlineProgress(
  courseId: string,
  send: (progress: OutlineProgress) => void,
  options: { intervalMs?: number; timers?: Timers } = {},
): OutlineProgressSender {
  const intervalMs = options.intervalMs ?? 100;
  const timers = options.timers ?? realTimers;
  const slots = new Map<number, { lastSentAt: number; pending: unknown; timer: unknown; done: boolean }>();
  const slot = (index: number) => {
    let s = slots.get(index);
    if (!s) slots.set(index, (s = { lastSentAt: Number.NEGATIVE_INFINITY, pending: undefined, timer: null, done: false }));
    return s;
  };
  const flush = (index: number) => {
    const s = slot(index);
    s.timer = null;
    if (s.done || s.pending === undefined) return;
    s.lastSentAt = timers.now();
    const partial = s.pending;
    s.pending = undefined;
    send({ courseId, index, partial });
  };
  const finish = (index: number, progress: OutlineProgress) => {
    const s = slot(index);
    if (s.timer !== null) timers.clearTimeout(s.timer);
    s.timer = null;
    s.pending = undefined;
    s.done = true;
    send(progress);
  };
  return {
    partial(index, partial) {
      const s = slot(index);
      if (s.done) return;
      s.pending = partial;
      if (s.timer !== null) return;
      const wait = s.lastSentAt + intervalMs - timers.now();
      // Leading edge: the first partial after a quiet spell shows at once.
      if (wait <= 0) flush(index);
      else s.timer = timers.setTimeout(() => flush(index), wait);
    },
    final: (index, outline) => finish(index, { courseId, index, outline }),
    error: (index, message) => finish(index, { courseId, index, error: message }),
    dispose() {
      for (const s of slots.values()) {
        if (s.timer !== null) timers.clearTimeout(s.timer);
        s.done = true;
      }
    },
  };
}
