// The queue at a glance, on every page: what runs, how far, what failed. A link to the
// queue (filtered to failures when that is the news).
import { useMemo } from 'react';
import { describeTotals, queueTotals } from '../store/jobs-events';
import { useJobs } from '../store/jobs';
import { plural } from '../lib/format';
import { ProgressBar } from './ProgressBar';

export function ProgressTracker() {
  const status = useJobs((s) => s.status);
  const data = useJobs((s) => s.data);
  const totals = useMemo(() => queueTotals(data), [data]);
  const paused = data.queue?.paused ?? false;
  const waiting = data.queue?.waitingReason ?? null;

  if (status !== 'ready') {
    return (
      <a className="tracker" href="#/queue">
        <span className="tracker-title">Queue</span>
        <span className="tracker-line">{status === 'error' ? 'Unavailable' : 'Loading…'}</span>
      </a>
    );
  }
  const idle = totals.running === 0 && totals.queued === 0;
  const summary = describeTotals(totals);
  return (
    <a className="tracker" href={totals.failed > 0 && idle ? '#/queue?status=failed' : '#/queue'} aria-label={`Queue: ${summary}${totals.failed ? `, ${plural(totals.failed, 'failed job')}` : ''}`}>
      <span className="tracker-title">
        Queue{paused && <span className="tracker-paused"> · paused</span>}
      </span>
      <span className="tracker-line" data-testid="tracker-summary">
        {summary}
      </span>
      {!idle && <ProgressBar value={totals.unitsDone} max={totals.unitsTotal} label="Queue progress" />}
      {totals.failed > 0 && <span className="tracker-failed">{plural(totals.failed, 'failed job')}</span>}
      {waiting && <span className="tracker-waiting">{waiting}</span>}
    </a>
  );
}
