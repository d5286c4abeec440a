// Queue-wide controls: pause/resume everything, and how much runs at once (checked here
// as on the Settings page, so a bad value is explained before anything is sent). Also why
// nothing is sent now (an outage, no network, the account's rate limit), kept live here,
// and what the account's answers say it allows beside the request limit.
import { useEffect, useId, useState } from 'react';
import type { QueueState } from '../../../shared/domain';
import { ActionButton } from '../../components/ActionButton';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { checkLimitsDraft } from '../../lib/limits-form';
import { describeAccountLimits, describeRequestLimits, describeScheduledRetries, queueWaitingText } from '../../lib/provider-status';
import { useAction } from '../../lib/use-action';
import { useNow } from '../../lib/use-now';

export function QueueControls({ queue }: { queue: QueueState | null }) {
  const pause = useAction();
  const limits = useAction();
  const [jobs, setJobs] = useState('');
  const [requests, setRequests] = useState('');
  // "outage so far 6 min" is in whole minutes: a tick every 15 s keeps it within a quarter of one.
  const now = useNow(15_000, queue?.hold != null);
  const errorId = useId();
  const noteId = useId();

  useEffect(() => {
    if (!queue) return;
    setJobs(String(queue.limits.jobs));
    setRequests(String(queue.limits.requests));
  }, [queue?.limits.jobs, queue?.limits.requests]);

  if (!queue) return null;
  const dirty = jobs !== String(queue.limits.jobs) || requests !== String(queue.limits.requests);
  const checked = checkLimitsDraft({ jobs, requests });
  // Shown once the value differs from what runs, so the saved limits never read as wrong.
  const jobsError = dirty ? (checked.errors.jobs ?? limits.fieldErrors.jobs) : undefined;
  const requestsError = dirty ? (checked.errors.requests ?? limits.fieldErrors.requests) : undefined;
  const fieldError = [jobsError, requestsError].filter(Boolean).join(' ');
  const waiting = queueWaitingText(queue, now);
  const requestsNote = describeRequestLimits(queue);
  const retries = describeScheduledRetries(queue.retries);

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
        <ActionButton
          className={`btn btn-small ${queue.paused ? 'btn-primary' : ''}`}
          data-focus-key="queue-pause"
          busy={pause.pending}
          onClick={() => void pause.run(() => call(queue.paused ? api().queueResume() : api().queuePause()))}
        >
          {queue.paused ? 'Resume queue' : 'Pause queue'}
        </ActionButton>
        <InlineError message={pause.error} />
        {waiting && (
          <span className="queue-waiting" role="status" data-testid="queue-waiting">
            {waiting}
          </span>
        )}
        {retries && <span className="queue-retries muted">{retries}</span>}
      </div>
      <form
        className="queue-limits"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const values = checked.values;
          if (!values) return;
          void limits.run(() => call(api().queueSetLimits(values)));
        }}
      >
        <label className="inline-field">
          <span>Jobs at once</span>
          <input type="number" min={1} max={20} step={1} value={jobs} onChange={(e) => setJobs(e.target.value)} aria-invalid={jobsError ? true : undefined} aria-describedby={jobsError ? errorId : undefined} />
        </label>
        <label className="inline-field">
          <span>Requests at once</span>
          <input
            type="number"
            min={1}
            max={50}
            step={1}
            value={requests}
            onChange={(e) => setRequests(e.target.value)}
            aria-invalid={requestsError ? true : undefined}
            aria-describedby={[requestsError ? errorId : null, requestsNote ? noteId : null].filter(Boolean).join(' ') || undefined}
          />
        </label>
        {/* Idle once applied, but still focusable: focus stays where the person pressed. */}
        <ActionButton type="submit" className="btn btn-small" busy={limits.pending} unavailable={!dirty}>
          Apply limits
        </ActionButton>
        {requestsNote && (
          <span className={`queue-limits-note ${queue.effectiveRequests < queue.limits.requests ? 'is-slowed' : ''}`} id={noteId} data-testid="requests-note" title={describeAccountLimits(queue.account) ?? undefined}>
            {requestsNote}
          </span>
        )}
        {fieldError ? (
          <p className="inline-error" id={errorId} role="alert">
            {fieldError}
          </p>
        ) : (
          <InlineError message={limits.error} />
        )}
      </form>
    </section>
  );
}
