// Timers that only move when told to, for the coalescer and the outline throttle.
import type { Timers } from '../../../src/main/ipc/event-coalescer';

export class ManualTimers implements Timers {
  private time = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { due: number; fn: () => void }>();

  now = () => this.time;

  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.pending.set(id, { due: this.time + Math.max(0, ms), fn });
    return id;
  };

  clearTimeout = (handle: unknown) => {
    this.pending.delete(handle as number);
  };

  get scheduled(): number {
    return this.pending.size;
  }

  /** Moves time forward, firing due timers in order (timers they set are honoured too). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { due: number; fn: () => void }] | null = null;
      for (const entry of this.pending) if (entry[1].due <= end && (!next || entry[1].due < next[1].due)) next = entry;
      if (!next) break;
      this.pending.delete(next[0]);
      this.time = next[1].due;
      next[1].fn();
    }
    this.time = end;
  }
}
