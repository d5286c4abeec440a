// Numbers every runner event. Sequence numbers only grow within a process, so a UI that
// took a snapshot at sequence N applies exactly the events after N.
import type { RunnerEvent, RunnerEventBody } from '../../shared/events';

export type RunnerListener = (event: RunnerEvent) => void;

export class EventBus {
  private seq = 0;
  private readonly listeners = new Set<RunnerListener>();

  constructor(private readonly nowIso: () => string = () => new Date().toISOString()) {}

  get lastSeq(): number {
    return this.seq;
  }

  emit(body: RunnerEventBody): RunnerEvent {
    const event = { ...body, seq: ++this.seq, at: this.nowIso() } as RunnerEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken listener (a closed window, a CLI display bug) must not stop the runner.
        console.error('runner event listener failed:', error);
      }
    }
    return event;
  }

  subscribe(listener: RunnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
