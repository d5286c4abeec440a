// Batches runner events for one window: at most one push per `intervalMs`, every event in
// sequence order, the trailing batch always sent (so the last state is never lost). Nothing
// is sent until the window says it is ready. Events are never collapsed, so `seq` is
// contiguous across batches and a gap always means loss: the only loss is a deliberate one,
// when the buffer outgrows `maxBuffered` (a stalled window) — then it is dropped whole and
// the renderer, seeing the gap, takes a fresh snapshot.
import type { RunnerEvent } from '../../shared/events';

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface CoalescerOptions {
  send: (batch: RunnerEvent[]) => void;
  intervalMs?: number;
  /** Events held at most (before ready, or while sends lag); beyond it the buffer is dropped. */
  maxBuffered?: number;
  timers?: Timers;
}

export const DEFAULT_INTERVAL_MS = 100;
export const DEFAULT_MAX_BUFFERED = 20_000;

export class EventCoalescer {
  private buffer: RunnerEvent[] = [];
  private isReady = false;
  private disposed = false;
  private timer: unknown = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private droppedCount = 0;
  private readonly send: (batch: RunnerEvent[]) => void;
  private readonly intervalMs: number;
  private readonly maxBuffered: number;
  private readonly timers: Timers;

  constructor(options: CoalescerOptions) {
    this.send = options.send;
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED;
    this.timers = options.timers ?? realTimers;
  }

  /** Events dropped because the buffer overflowed (each drop leaves a seq gap). */
  get dropped(): number {
    return this.droppedCount;
  }

  get ready(): boolean {
    return this.isReady;
  }

  push(events: readonly RunnerEvent[]): void {
    if (this.disposed || events.length === 0) return;
    this.buffer.push(...events);
    if (this.buffer.length > this.maxBuffered) {
      this.droppedCount += this.buffer.length;
      this.buffer = [];
      return;
    }
    if (this.isReady) this.schedule();
  }

  /** The renderer subscribed: start sending, beginning with what was buffered. */
  markReady(): void {
    if (this.disposed) return;
    this.isReady = true;
    this.schedule();
  }

  /** The page is reloading: hold events again until the new page calls app.ready. */
  reset(): void {
    this.isReady = false;
    this.cancelTimer();
  }

  dispose(): void {
    this.disposed = true;
    this.buffer = [];
    this.cancelTimer();
  }

  private schedule(): void {
    if (this.timer !== null || this.buffer.length === 0) return;
    const delay = Math.max(0, this.lastSentAt + this.intervalMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => this.flush(), delay);
  }

  private flush(): void {
    this.timer = null;
    if (!this.isReady || this.disposed || this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.lastSentAt = this.timers.now();
    try {
      this.send(batch);
    } catch (error) {
      // A window that went away mid-send: its events are gone; a new window re-snapshots.
      console.error('sending runner events failed:', error);
    }
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
