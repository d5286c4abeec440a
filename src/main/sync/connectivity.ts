// "Connectivity is back" from a plain isOnline() probe (Electron's net.isOnline in the
// desktop app). The probe is cheap and has no event of its own in the main process, so it
// is polled at a short interval, only while someone listens, and listeners hear about each
// offline → online change once.

export interface Connectivity {
  isOnline(): boolean;
  /** Listens for offline → online changes; returns the unsubscribe. */
  onOnline(listener: () => void): () => void;
  /** Probes now (e.g. after the machine wakes) instead of waiting for the next tick. */
  check(): void;
}

export function pollConnectivity(probe: () => boolean, intervalMs = 2_000): Connectivity {
  const listeners = new Set<() => void>();
  let online = probe();
  let timer: NodeJS.Timeout | null = null;

  const check = () => {
    const now = probe();
    const back = now && !online;
    online = now;
    if (back) for (const listener of [...listeners]) listener();
  };

  return {
    isOnline: probe,
    onOnline(listener) {
      listeners.add(listener);
      if (!timer) {
        online = probe();
        timer = setInterval(check, intervalMs);
        timer.unref?.();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    check,
  };
}
