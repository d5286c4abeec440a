// A request's own abort controller, so an inactivity watchdog can cut it as well as the
// caller's signal: the HTTP clients' timeouts cover the wait for headers, not a stream that
// goes quiet. `arm()` on every sign of life (connected, each streamed event); `dispose()` in
// the request's finally. Shared by every provider (anthropic.ts, providers/openai-compatible.ts).
export interface IdleWatchdog {
  /** Aborted by the caller's signal, or after `timeoutMs` without `arm()`. */
  readonly signal: AbortSignal;
  /** Starts (again) the countdown to the abort. */
  arm(): void;
  /** The abort came from the countdown, not the caller. */
  readonly timedOut: boolean;
  /** Stops the countdown and stops listening to the caller's signal. */
  dispose(): void;
}

export function idleWatchdog(callerSignal: AbortSignal | undefined, timeoutMs: number): IdleWatchdog {
  const controller = new AbortController();
  const onAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  return {
    signal: controller.signal,
    arm() {
      clearTimeout(idle);
      idle = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    },
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(idle);
      callerSignal?.removeEventListener('abort', onAbort);
    },
  };
}
