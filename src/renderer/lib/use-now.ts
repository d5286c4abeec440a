// A ticking clock for relative times and live durations. Components that show no running
// job pass `active=false` and the timer stops, so an idle screen does no work.
import { useEffect, useState } from 'react';

export function useNow(intervalMs = 1_000, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
