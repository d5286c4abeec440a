// Queue-wide controls: pause/resume everything, and how much runs at once.
import { useEffect, useState } from 'react';
import type { QueueState } from '../../../shared/domain';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { relativeTime } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { useNow } from '../../lib/use-now';

export function QueueControls({ queue }: { queue: QueueState | null }) {
  const pause = useAction();
  const limits = useAction();
  const [jobs, setJobs] = useState('');
  const [requests, setRequests] = useState('');
  const now = useNow(10_000, queue?.waitingUntil != null);

  useEffect(() => {
    if (!queue) return;
    setJobs(String(queue.limits.jobs));
    setRequests(String(queue.limits.requests));
  }, [queue?.limits.jobs, queue?.limits.requests]);

  if (!queue) return null;
  const dirty = jobs !== String(queue.limits.jobs) || requests !== String(queue.limits.requests);

  return (
    <section className="queue-controls" aria-label="Queue controls">
      <div className="queue-state">
        {queue.paused ? (
          <span className="queue-paused-note" role="status">
            The queue is paused: nothing new starts.
          </span>
        ) : (
          <span className="queue-running-note">The queue is running.</span>
        )}
        <button
          type="button"
          className={`btn btn-small ${queue.paused ? 'btn-primary' : ''}`}
          disabled={pause.pending}
          onClick={() => void pause.run(() => call(queue.paused ? api().queueResume() : api().queuePause()))}
        >
          {queue.paused ? 'Resume queue' : 'Pause queue'}
        </button>
        <InlineError message={pause.error} />
        {queue.waitingReason && (
          <span className="queue-waiting" role="status">
            {queue.waitingReason}
            {queue.waitingUntil ? ` (until ${relativeTime(queue.waitingUntil, now)})` : ''}
          </span>
        )}
      </div>
      <form
        className="queue-limits"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void limits.run(() => call(api().queueSetLimits({ jobs: Number(jobs), requests: Number(requests) })));
        }}
      >
        <label className="inline-field">
          <span>Jobs at once</span>
          <input type="number" min={1} max={20} step={1} value={jobs} onChange={(e) => setJobs(e.target.value)} aria-invalid={limits.fieldErrors.jobs ? true : undefined} />
        </label>
        <label className="inline-field">
          <span>Requests at once</span>
          <input type="number" min={1} max={50} step={1} value={requests} onChange={(e) => setRequests(e.target.value)} aria-invalid={limits.fieldErrors.requests ? true : undefined} />
        </label>
        <button type="submit" className="btn btn-small" disabled={!dirty || limits.pending}>
          Apply limits
        </button>
        <InlineError message={limits.error} />
      </form>
    </section>
  );
}
