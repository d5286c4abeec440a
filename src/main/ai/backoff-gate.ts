// One gate for the whole runner. Rate limits are per organisation, not per request: when
// one call gets a 429 every other call would get one too, so all of them wait here
// instead of each discovering the limit (and burning an attempt) on its own.
import { throwIfAborted, type Clock } from './clock';

export interface BackoffState {
  /** Epoch ms until which calls wait, or null when the gate is open. */
  waitingUntil: number | null;
  reason: string | null;
}

export type BackoffListener = (state: BackoffState) => void;

export class BackoffGate {
  readonly #clock: Clock;
  #until: number | null = null;
  #reason: string | null = null;
  readonly #listeners = new Set<BackoffListener>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * Resolves once the gate is open. Loops because a 429 that arrives while we sleep can
   * push the gate further back; rejects with the abort error as soon as `signal` aborts.
   */
  async wait(signal?: AbortSignal): Promise<void> {
    for (;;) {
      throwIfAborted(signal);
      const until = this.#until;
      if (until === null) return;
      const remaining = until - this.#clock.now();
      if (remaining <= 0) {
        this.#open(until);
        return;
      }
      await this.#clock.sleep(remaining, signal);
    }
  }

  /** Closes the gate until `untilMs`. Never shortens a wait already in force. */
  pushBack(untilMs: number, reason: string): void {
    if (!Number.isFinite(untilMs) || untilMs <= this.#clock.now()) return;
    if (this.#until !== null && untilMs <= this.#until) return;
    this.#until = untilMs;
    this.#reason = reason;
    this.#emit();
  }

  /**
   * Expiry is observed lazily (no timer of its own, so an idle gate never keeps the process
   * alive): the getters report null once the time has passed, and listeners hear about the
   * reopening when the next waiter walks through.
   */
  get waitingUntil(): number | null {
    return this.#until !== null && this.#until > this.#clock.now() ? this.#until : null;
  }

  get reason(): string | null {
    return this.waitingUntil === null ? null : this.#reason;
  }

  onChange(listener: BackoffListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #open(expired: number): void {
    if (this.#until !== expired) return;
    this.#until = null;
    this.#reason = null;
    this.#emit();
  }

  #emit(): void {
    const state: BackoffState = { waitingUntil: this.#until, reason: this.#reason };
    for (const listener of [...this.#listeners]) {
      try {
        listener(state);
      } catch {
        // A broken UI listener must not stop model calls.
      }
    }
  }
}
