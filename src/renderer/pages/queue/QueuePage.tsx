// The home page: every generation job, live. Filter and search live in the URL; a job's
// detail (error, steps, log) opens below the table at `#/queue/<jobId>`; closing it puts
// focus back on the job's title in the table, which is what opened it (scrolled back into
// view if the table has moved on since).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { errorMessage } from '../../lib/api';
import { focusLater } from '../../lib/focus';
import { formatInteger } from '../../lib/format';
import { neighbourAfterRemoval } from '../../lib/focus-target';
import { describeBulk, runJobCommand, type JobCommand } from '../../lib/job-commands';
import { countByFilter, filterJobs, parseQueueView, queueViewQuery, type QueueView } from '../../lib/queue-filter';
import { EMPTY_SELECTION, pruneSelection, selectAll, toggleRow, type Selection } from '../../lib/selection';
import { navigate } from '../../lib/use-route';
import { orderedJobs } from '../../store/jobs-events';
import { FIRST_PAGE, useJobs } from '../../store/jobs';
import { toast } from '../../store/toasts';
import { BulkBar } from './BulkBar';
import { EconomyBatches } from './EconomyBatches';
import { JobDetail } from './JobDetail';
import { JobTable, type JobTableHandle } from './JobTable';
import { QueueControls } from './QueueControls';
import { QueueToolbar } from './QueueToolbar';
import { RunReportPanel } from './RunReportPanel';

export function QueuePage({ jobId, query }: { jobId: string | null; query: Record<string, string> }) {
  const status = useJobs((s) => s.status);
  const loadError = useJobs((s) => s.error);
  const data = useJobs((s) => s.data);
  const view = useMemo(() => parseQueueView(query), [query]);
  const all = useMemo(() => orderedJobs(data), [data]);
  const visible = useMemo(() => filterJobs(all, view), [all, view]);
  const visibleIds = useMemo(() => visible.map((j) => j.id), [visible]);
  const loadingOlder = data.next !== null;
  const counts = useMemo(() => (loadingOlder ? null : countByFilter(all)), [all, loadingOlder]);
  const anyEconomyJob = useMemo(() => all.some((j) => j.economy), [all]);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => setSelection((s) => pruneSelection(s, visibleIds)), [visibleIds]);

  const setView = useCallback(
    (next: QueueView) => navigate(jobId ? ['queue', jobId] : ['queue'], queueViewQuery(next), { replace: true }),
    [jobId],
  );
  const openJob = useCallback((id: string | null) => navigate(id ? ['queue', id] : ['queue'], queueViewQuery(view)), [view]);
  const table = useRef<JobTableHandle>(null);
  const closedJob = useRef<string | null>(null);
  const closeDetail = useCallback(() => {
    closedJob.current = jobId;
    openJob(null);
  }, [openJob, jobId]);
  // Once the detail is gone and the table has its full height, so a row that shows in it
  // now is not scrolled to for nothing.
  useLayoutEffect(() => {
    const closed = closedJob.current;
    closedJob.current = null;
    if (closed && !jobId) focusLater(table.current?.reveal(closed) ? `job-title-${closed}` : 'jobs-select-all');
  }, [jobId]);
  const titleOf = useCallback((id: string) => data.jobs[id]?.courseTitle ?? id.slice(0, 8), [data.jobs]);

  const act = useCallback(
    async (command: JobCommand, ids: string[], from: 'row' | 'detail' | 'bulk' = 'row') => {
      setBusy(true);
      try {
        const result = await runJobCommand(command, ids);
        const text = describeBulk(command, result, titleOf);
        setRowErrors((errors) => {
          const next = { ...errors };
          for (const id of result.done) delete next[id];
          for (const f of result.failed) next[f.id] = f.message;
          return next;
        });
        if (ids.length > 1 && text.ok) toast({ tone: 'success', title: text.ok });
        if (text.failed) toast({ tone: 'error', title: 'Some jobs were not changed', message: text.failed });
        if (command === 'delete') {
          setSelection(EMPTY_SELECTION);
          if (jobId && result.done.includes(jobId)) openJob(null);
          // A row's own Delete is looked after by the table (focus goes to the next row's
          // Delete); the detail and the bulk bar go away with what they deleted, and the
          // table itself with the last job.
          const deleted = new Set(result.done);
          const next = from === 'detail' && jobId ? neighbourAfterRemoval(visibleIds, deleted, jobId) : null;
          if (!all.some((j) => !deleted.has(j.id))) focusLater('queue-empty-new');
          else if (!visibleIds.some((id) => !deleted.has(id))) focusLater('queue-filter');
          else if (next) focusLater(`job-title-${next}`);
          else if (from === 'bulk') focusLater('jobs-select-all');
        }
      } catch (error) {
        const message = errorMessage(error);
        setRowErrors((errors) => ({ ...errors, ...Object.fromEntries(ids.map((id) => [id, message])) }));
        toast({ tone: 'error', title: `Could not ${command} ${ids.length > 1 ? 'the jobs' : 'the job'}`, message });
      } finally {
        setBusy(false);
      }
    },
    [titleOf, jobId, openJob, visibleIds, all],
  );

  const selectedJob = jobId ? data.jobs[jobId] : undefined;
  // A link to a job on a page not read yet: read it by id rather than wait for its page.
  const [lookedUp, setLookedUp] = useState<string | null>(null);
  const ready = status === 'ready';
  useEffect(() => {
    if (!jobId || !ready) return;
    let current = true;
    void useJobs
      .getState()
      .ensure(jobId)
      .finally(() => current && setLookedUp(jobId));
    return () => {
      current = false;
    };
  }, [jobId, ready]);

  return (
    <div className={`page queue-page ${jobId ? 'with-detail' : ''}`}>
      <header className="page-header">
        <div>
          <h1>Queue</h1>
          <p className="page-subtitle">Courses being generated in the background. Updates live.</p>
        </div>
        <div className="page-actions">
          <a className="btn" href="#/batch">
            Batch
          </a>
          <a className="btn btn-primary" href="#/new">
            New course
          </a>
        </div>
      </header>
      <QueueControls queue={data.queue} />
      {/* An open job takes the room (its log most of all); the report and the batches are back when it closes. */}
      {!jobId && <RunReportPanel report={data.report} />}
      {!jobId && status === 'ready' && <EconomyBatches anyEconomyJob={anyEconomyJob} />}
      {status === 'loading' || status === 'idle' ? (
        <Loading label="Loading the queue…" />
      ) : status === 'error' ? (
        <LoadError title="The queue could not be loaded" message={loadError ?? 'Unknown error'} onRetry={() => void useJobs.getState().reload()} />
      ) : all.length === 0 ? (
        <EmptyState
          title="No jobs yet"
          actions={
            <>
              <a className="btn btn-primary" href="#/new" data-focus-key="queue-empty-new">
                New course
              </a>
              <a className="btn" href="#/batch">
                Batch
              </a>
            </>
          }
        >
          <p>Start with New course (one topic, step by step) or Batch (many topics from a list or a CSV file). Approved courses are generated here.</p>
        </EmptyState>
      ) : (
        <>
          <QueueToolbar view={view} counts={counts} onChange={setView} />
          <BulkBar
            count={selection.ids.size}
            busy={busy}
            onAction={(command) => void act(command, [...selection.ids], 'bulk')}
            onClear={() => {
              setSelection(EMPTY_SELECTION);
              focusLater('jobs-select-all');
            }}
          />
          <JobTable
            ref={table}
            jobs={visible}
            selection={selection}
            selectedJobId={jobId}
            rowErrors={rowErrors}
            onToggle={(id, shift) => setSelection((s) => toggleRow(s, id, visibleIds, shift))}
            onToggleAll={() => setSelection((s) => selectAll(visibleIds, s))}
            onOpen={(id) => openJob(id === jobId ? null : id)}
            onAction={(command, id) => void act(command, [id])}
            emptyMessage={loadingOlder ? 'Reading older jobs…' : view.search ? `No jobs match “${view.search}”.` : 'No jobs with this status.'}
          />
          {loadingOlder && (
            <p className="muted queue-reading" role="status">
              {/* The count from the second page on: the first paint shows no number, so it needs no Intl (see lib/format). */}
              Reading older jobs…{all.length > FIRST_PAGE && ` ${formatInteger(all.length)} so far`}
            </p>
          )}
        </>
      )}
      {jobId && status === 'ready' && (
        <JobDetail
          key={jobId}
          jobId={jobId}
          job={selectedJob}
          finding={!selectedJob && lookedUp !== jobId}
          error={rowErrors[jobId]}
          onClose={closeDetail}
          onAction={(command) => void act(command, [jobId], 'detail')}
        />
      )}
    </div>
  );
}
