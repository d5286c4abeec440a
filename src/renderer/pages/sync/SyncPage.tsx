// The sync page (#/sync): where sync stands, "Sync now", every course's sync state (those
// needing a person first) and the sync log, newest last.
import { useEffect, useMemo, useState } from 'react';
import type { SyncLogEntry } from '../../../shared/sync';
import { EmptyState } from '../../components/EmptyState';
import { InlineError } from '../../components/InlineError';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { Badge } from '../../components/StatusBadge';
import { SyncBadge } from '../../components/SyncBadge';
import { api, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { WORKER_LABELS, sortForAttention, syncSummary } from '../../lib/sync-status';
import { useAction } from '../../lib/use-action';
import { useNow } from '../../lib/use-now';
import { useJobs } from '../../store/jobs';
import { useSync } from '../../store/sync';

export function SyncPage() {
  const status = useSync((s) => s.status);
  const loadError = useSync((s) => s.error);
  const loadingStatus = useSync((s) => s.loading);
  const replace = useSync((s) => s.replace);
  const jobs = useJobs((s) => s.data.jobs);
  const now = useNow(30_000, true);
  const syncNow = useAction();
  const [log, setLog] = useState<SyncLogEntry[] | null>(null);
  const [logError, setLogError] = useState<string | null>(null);

  const titles = useMemo(() => {
    const out: Record<string, string> = {};
    for (const job of Object.values(jobs)) out[job.courseId] = job.courseTitle;
    return out;
  }, [jobs]);

  useEffect(() => {
    call(api().syncLog({ limit: 500 })).then(
      (entries) => {
        setLog(entries);
        setLogError(null);
      },
      (error: unknown) => setLogError(error instanceof Error ? error.message : String(error)),
    );
  }, [status]);

  if (!status) {
    return (
      <div className="page sync-page">
        <header className="page-header">
          <h1>Sync</h1>
        </header>
        {loadError && !loadingStatus ? (
          <LoadError title="The sync status could not be loaded" message={loadError} onRetry={() => void useSync.getState().load()} />
        ) : (
          <Loading label="Loading sync status…" />
        )}
      </div>
    );
  }
  const worker = WORKER_LABELS[status.worker];
  const courses = sortForAttention(status.courses);
  return (
    <div className="page sync-page">
      <header className="page-header">
        <div>
          <h1>Sync</h1>
          <p className="page-subtitle" role="status" data-testid="sync-summary">
            <Badge tone={worker.tone}>{worker.label}</Badge> {syncSummary(status)}
          </p>
        </div>
        <div className="course-actions">
          <button type="button" className="btn btn-primary" disabled={!status.configured || syncNow.pending} onClick={() => void syncNow.run(async () => replace(await call(api().syncNow())))}>
            {syncNow.pending ? 'Syncing…' : 'Sync now'}
          </button>
          <a className="btn" href="#/settings">
            Sync settings
          </a>
        </div>
      </header>
      <InlineError message={syncNow.error} />
      {/* What is shown is the last status that loaded; say so rather than pass it off as current. */}
      <InlineError message={loadError && `The sync status could not be refreshed, so this may be out of date: ${loadError}`} />
      <section className="card" aria-labelledby="sync-courses-title">
        <h2 id="sync-courses-title">Published courses</h2>
        {courses.length === 0 ? (
          <EmptyState title="Nothing published yet">Courses appear here when they are published.</EmptyState>
        ) : (
          <table className="sync-table">
            <thead>
              <tr>
                <th scope="col">Course</th>
                <th scope="col">Sync</th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.courseId} data-course-id={c.courseId}>
                  <td>
                    <a href={`#/courses/${c.courseId}`}>{titles[c.courseId] ?? c.courseId}</a>
                  </td>
                  <td>
                    <SyncBadge state={c} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="sync-log-title">
        <h2 id="sync-log-title">Sync log</h2>
        <InlineError message={logError} />
        {log === null ? (
          <Loading label="Loading the sync log…" />
        ) : log.length === 0 ? (
          <p className="muted">Nothing has happened yet.</p>
        ) : (
          <ol className="sync-log" data-testid="sync-log">
            {log.map((entry) => (
              <li key={entry.id} className={`log-${entry.level}`}>
                <time dateTime={entry.timestamp}>{formatDateTime(entry.timestamp)}</time>
                {entry.courseId && (
                  <a href={`#/courses/${entry.courseId}`} className="sync-log-course">
                    {titles[entry.courseId] ?? 'course'}
                  </a>
                )}
                <span className="sync-log-message">{entry.message}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
