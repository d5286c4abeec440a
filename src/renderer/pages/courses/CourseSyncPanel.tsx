// Where this course stands on the organisation's backend, and the choice to make when
// someone changed it there: keep theirs, overwrite, or publish this copy as a new course.
// The choices go once one is made; focus stays in the panel.
import { useEffect, useState } from 'react';
import type { ConflictResolution, SyncLogEntry } from '../../../shared/sync';
import { ActionButton } from '../../components/ActionButton';
import { InlineError } from '../../components/InlineError';
import { SyncBadge } from '../../components/SyncBadge';
import { api, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { useFocusRescue } from '../../lib/use-focus-rescue';
import { useNow } from '../../lib/use-now';
import { useSync } from '../../store/sync';

const CHOICES: { resolution: ConflictResolution; label: string; explain: string }[] = [
  { resolution: 'keep_theirs', label: 'Keep theirs', explain: 'Replace this copy with the backend’s version; nothing is pushed.' },
  { resolution: 'overwrite', label: 'Overwrite', explain: 'Replace the backend’s version with this one.' },
  { resolution: 'duplicate', label: 'Publish as a copy', explain: 'Keep theirs and publish this one beside it as a new course.' },
];

export function CourseSyncPanel({ courseId }: { courseId: string }) {
  const state = useSync((s) => s.byCourse[courseId]);
  const replace = useSync((s) => s.replace);
  const now = useNow(30_000, true);
  const resolve = useAction();
  const retry = useAction();
  const [log, setLog] = useState<SyncLogEntry[]>([]);
  const keepFocus = useFocusRescue<HTMLElement>();

  useEffect(() => {
    void call(api().syncLog({ courseId, limit: 20 })).then(setLog, () => setLog([]));
  }, [courseId, state]);

  if (!state) return null;
  return (
    <section className="card course-sync" aria-labelledby="course-sync-title" data-testid="course-sync" {...keepFocus}>
      <h2 id="course-sync-title">Sync</h2>
      <SyncBadge state={state} now={now} />
      {state.state === 'conflict' && (
        <div className="sync-conflict" role="group" aria-label="Resolve the sync conflict">
          {CHOICES.map((choice) => (
            <div key={choice.resolution} className="sync-choice">
              <ActionButton
                className="btn"
                busy={resolve.pending}
                onClick={() => void resolve.run(async () => replace(await call(api().syncResolveConflict({ courseId, resolution: choice.resolution }))))}
              >
                {choice.label}
              </ActionButton>
              <span className="muted">{choice.explain}</span>
            </div>
          ))}
        </div>
      )}
      {state.state === 'failed' && (
        <div className="form-actions">
          <ActionButton className="btn" busy={retry.pending} onClick={() => void retry.run(async () => replace(await call(api().syncNow())))}>
            Try again
          </ActionButton>
        </div>
      )}
      <InlineError message={resolve.error ?? retry.error} />
      {log.length > 0 && (
        <details className="sync-course-log">
          <summary>Sync history ({log.length})</summary>
          <ol>
            {log.map((entry) => (
              <li key={entry.id} className={`log-${entry.level}`}>
                <time dateTime={entry.timestamp}>{formatDateTime(entry.timestamp)}</time> {entry.message}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
