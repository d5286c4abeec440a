// The queue at a glance, on every page: what runs, how far, what failed. A link to the
// queue (filtered to failures when that is the news). In the sidebar it is a card; at the
// narrowest window the sidebar is a top bar and the tracker a compact strip in it.
import { useEffect, useMemo, useState } from 'react';
import { describeTotals, isIdle, queueTotals } from '../store/jobs-events';
import { useJobs } from '../store/jobs';
import { plural } from '../lib/format';
import { queueWaitingText } from '../lib/provider-status';
import { useNow } from '../lib/use-now';
import { ProgressBar } from './ProgressBar';

/** setTimeout's longest delay is ~24.8 days; a start further ahead is re-checked daily. */
const MAX_WAIT_MS = 86_400_000;

export function ProgressTracker() {
  const status = useJobs((s) => s.status);
  const data = useJobs((s) => s.data);
  // Only a scheduled job's start changes the numbers without an event: wake up then, not on a tick.
  const [now, setNow] = useState(() => Date.now());
  const totals = useMemo(() => queueTotals(data, Math.max(now, Date.now())), [data, now]);
  useEffect(() => {
    if (totals.nextStartAt === null) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(MAX_WAIT_MS, Math.max(0, totals.nextStartAt - Date.now()) + 50));
    return () => clearTimeout(timer);
  }, [totals.nextStartAt, now]);
  const paused = data.queue?.paused ?? false;
  // While the provider holds requests, "outage so far" counts up: a slow tick, only then.
  const clock = useNow(15_000, data.queue?.hold != null);
  const waiting = queueWaitingText(data.queue, clock);

  if (status !== 'ready') {
    return (
      <a className="tracker" href="#/queue">
        <span className="tracker-title">Queue</span>
        <span className="tracker-line">{status === 'error' ? 'Unavailable' : 'Loading…'}</span>
      </a>
    );
  }
  const idle = isIdle(totals);
  const summary = describeTotals(totals);
  const label = [`Queue${paused ? ' (paused)' : ''}: ${summary}`, totals.failed ? plural(totals.failed, 'failed job') : null, waiting].filter(Boolean).join(', ');
  return (
    <a className="tracker" href={totals.failed > 0 && idle ? '#/queue?status=failed' : '#/queue'} aria-label={label} title={label} data-testid="tracker">
      <span className="tracker-title">
        Queue{paused && <span className="tracker-paused"> · paused</span>}
      </span>
      <span className="tracker-line" data-testid="tracker-summary">
        {summary}
      </span>
      {/* Without a running job's plan there is nothing to fill: no empty 0/0 bar. */}
      {totals.unitsTotal > 0 && <ProgressBar value={totals.unitsDone} max={totals.unitsTotal} label="Queue progress" />}
      {totals.failed > 0 && <span className="tracker-failed">{plural(totals.failed, 'failed job')}</span>}
      {waiting && <span className="tracker-waiting">{waiting}</span>}
    </a>
  );
}
