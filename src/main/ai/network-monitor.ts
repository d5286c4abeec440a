// Tells "the network is gone" apart from "this request failed". While the API host cannot
// be reached at all, requests wait here (the queue shows "Waiting for network") instead of
// burning their retries; one probe loop serves every waiting call.
import { throwIfAborted, type Clock } from './clock';

export type Probe = () => Promise<boolean>;

export interface NetworkState {
  offline: boolean;
  since: number | null;
}

/** Any HTTP answer from the API host (even a 404) means the network is there. */
export function httpProbe(baseURL: string, timeoutMs = 5_000, fetchImpl: typeof fetch = fetch): Probe {
  return async () => {
    try {
      await fetchImpl(baseURL, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
      return true;
    } catch {
      return false;
    }
  };
}

export class NetworkMonitor {
  #offlineSince: number | null = null;
  #recovered: Promise<void> | null = null;
  readonly #listeners = new Set<(state: NetworkState) => void>();

  constructor(
    private readonly probe: Probe,
    private readonly clock: Clock,
    private readonly options: { minDelayMs?: number; maxDelayMs?: number } = {},
  ) {}

  get offline(): boolean {
    return this.#offlineSince !== null;
  }

  get offlineSince(): number | null {
    return this.#offlineSince;
  }

  onChange(listener: (state: NetworkState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** After a connection failure: probes once; if the host is unreachable, goes offline and starts probing until it is back. */
  async confirmOnline(): Promise<boolean> {
    if (this.offline) return false;
    if (await this.probe()) return true;
    this.#goOffline();
    return false;
  }

  /** Resolves at once while online; otherwise when the probe loop sees the host again. */
  async waitOnline(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (!this.#recovered) return;
    const recovered = this.#recovered;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal!.reason ?? new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      recovered.then(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    }).catch((error) => {
      throwIfAborted(signal);
      throw error;
    });
  }

  #goOffline(): void {
    if (this.#recovered) return;
    this.#offlineSince = this.clock.now();
    this.#recovered = this.#probeUntilOnline().then(() => {
      this.#offlineSince = null;
      this.#recovered = null;
      this.#emit();
    });
    this.#emit();
  }

  async #probeUntilOnline(): Promise<void> {
    const min = this.options.minDelayMs ?? 1_000;
    const max = this.options.maxDelayMs ?? 30_000;
    for (let delay = min; ; delay = Math.min(max, delay * 2)) {
      await this.clock.sleep(delay);
      if (await this.probe()) return;
    }
  }

  #emit(): void {
    const state = { offline: this.offline, since: this.#offlineSince };
    for (const listener of [...this.#listeners]) listener(state);
  }
}
