// Time as a dependency: the retry policy and the back-off gate sleep for seconds to
// minutes, which tests must be able to skip (ManualClock) without fake global timers.
import { ProviderError } from './provider';

export interface Clock {
  /** Milliseconds since the epoch (or any fixed origin, for a manual clock). */
  now(): number;
  /** Resolves after `ms`; rejects with an abort error (see `abortError`) as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The one abort error every waiting primitive here throws, so callers need a single check
 * (`isAbortError`) whether the cancel hit a sleep, a gate wait or the HTTP request.
 */
export function abortError(signal?: AbortSignal): ProviderError {
  return new ProviderError('aborted', 'The request was cancelled.', { cause: signal?.reason });
}

export function isAbortError(e: unknown): boolean {
  if (e instanceof ProviderError) return e.kind === 'aborted';
  // Also accept the platform's own abort errors (fetch, AbortSignal.throwIfAborted) so code
  // that awaits something else under the same signal gets the same answer.
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(signal);
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError(signal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

interface ManualTimer {
  due: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock that only moves when told to. `advance` fires due sleeps in order and lets the
 * promise chains they release run before moving on, so multi-step async code (gate wait →
 * limiter → provider → backoff) can be driven deterministically.
 */
export class ManualClock implements Clock {
  #now: number;
  #timers: ManualTimer[] = [];
  #seq = 0;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const timer: ManualTimer = {
        due: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
    });
  }

  /** Number of sleeps not yet fired. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** When the earliest pending sleep is due, or null. */
  nextTimerAt(): number | null {
    return this.#timers.reduce<number | null>((min, t) => (min === null || t.due < min ? t.due : min), null);
  }

  /** Moves time forward by `ms`, firing every sleep that falls due on the way. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms);
  }

  async advanceTo(target: number): Promise<void> {
    await flushAsync();
    for (;;) {
      const next = this.#popDue(target);
      if (!next) break;
      this.#now = Math.max(this.#now, next.due);
      next.resolve();
      await flushAsync();
    }
    this.#now = Math.max(this.#now, target);
    await flushAsync();
  }

  /** Fires sleeps one after another (time jumps to each) until none is left or `maxSteps` is hit. */
  async runAll(maxSteps = 1000): Promise<void> {
    await flushAsync();
    for (let i = 0; i < maxSteps; i++) {
      const at = this.nextTimerAt();
      if (at === null) return;
      await this.advanceTo(at);
    }
    throw new Error(`ManualClock.runAll: still ${this.#timers.length} timers after ${maxSteps} steps`);
  }

  #popDue(target: number): ManualTimer | null {
    let best: ManualTimer | null = null;
    for (const t of this.#timers) {
      if (t.due <= target && (best === null || t.due < best.due || (t.due === best.due && t.seq < best.seq))) best = t;
    }
    if (best) this.#timers = this.#timers.filter((t) => t !== best);
    return best;
  }
}

/** Lets every pending promise continuation run (a macrotask turn drains the microtask queue). */
export async function flushAsync(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}
