// The job table, virtualized: only the rows in view are in the DOM, so 10,000 jobs scroll
// like 10. It stays a real <table> (headers, rows) with spacer rows above and below.
// A row out of view has no element to focus, so the page asks the table to reveal it first.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useImperativeHandle, useLayoutEffect, useMemo, useRef, type Ref } from 'react';
import type { JobSummary } from '../../../shared/domain';
import type { JobCommand } from '../../lib/job-commands';
import type { Selection } from '../../lib/selection';
import { isRunning } from '../../lib/status';
import { useFocusRescue } from '../../lib/use-focus-rescue';
import { useNow } from '../../lib/use-now';
import { useSync } from '../../store/sync';
import { JobRow } from './JobRow';

/** Also `.job-row`'s height in queue.css (kept out of inline styles so rows share one computed style). */
const ROW_HEIGHT = 56;

export interface JobTableHandle {
  /** Scrolls the job's row into view unless it already is; false when the table does not list the job. */
  reveal(jobId: string): boolean;
}

interface JobTableProps {
  ref?: Ref<JobTableHandle>;
  jobs: JobSummary[];
  selection: Selection;
  selectedJobId: string | null;
  rowErrors: Record<string, string>;
  onToggle: (id: string, shift: boolean) => void;
  onToggleAll: () => void;
  onOpen: (id: string) => void;
  onAction: (command: JobCommand, id: string) => void;
  emptyMessage: string;
}

export function JobTable({ ref, jobs, selection, selectedJobId, rowErrors, onToggle, onToggleAll, onOpen, onAction, emptyMessage }: JobTableProps) {
  // Also the focus rescue's container: a deleted row's Delete hands focus to the next row's.
  const { ref: scrollRef, ...keepFocus } = useFocusRescue<HTMLDivElement>();
  // The virtualizer lays out every item again whenever its key function changes: a new
  // function per render would walk all 10,000 jobs on every scroll frame.
  const getItemKey = useCallback((index: number) => jobs[index]?.id ?? index, [jobs]);
  const virtualizer = useVirtualizer({
    count: jobs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey,
    // Let React batch scroll renders instead of forcing one per scroll event (smoother with 10,000 rows).
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  useImperativeHandle(
    ref,
    () => ({
      reveal(jobId) {
        const index = jobs.findIndex((j) => j.id === jobId);
        const item = index >= 0 ? virtualizer.measurementsCache[index] : undefined;
        const box = scrollRef.current;
        if (!item || !box) return false;
        // Read from the element, not the virtualizer: the box may have just changed size (the
        // detail closing gives it the page) before its resize observer reported it.
        const offset = revealOffset(item, box.scrollTop, box.clientHeight, box.querySelector('thead')?.offsetHeight ?? 0);
        if (offset !== null) virtualizer.scrollToOffset(offset);
        return true;
      },
    }),
    [jobs, virtualizer, scrollRef],
  );
  // Once per change of jobs or selection, not on every scroll frame (each walks every job).
  const anyRunning = useMemo(() => jobs.some((j) => isRunning(j.status)), [jobs]);
  // A row waiting for an automatic retry reads "Retry 1 of 3 at 03:40" until then: a slow tick is enough.
  const anyRetryAhead = useMemo(() => jobs.some((j) => j.status === 'queued' && j.autoRetries > 0 && j.runAfter !== null), [jobs]);
  const { allSelected, someSelected } = useMemo(() => {
    const all = jobs.length > 0 && jobs.every((j) => selection.ids.has(j.id));
    return { allSelected: all, someSelected: !all && jobs.some((j) => selection.ids.has(j.id)) };
  }, [jobs, selection]);
  const now = useNow(anyRunning ? 1_000 : 15_000, anyRunning || anyRetryAhead);
  const syncStates = useSync((s) => s.byCourse);

  // The page passes new handler functions on every render; rows get stable ones, so a
  // memoized row renders again only when its own job, selection or the clock changed.
  const handlers = useRef({ onToggle, onOpen, onAction });
  useLayoutEffect(() => {
    handlers.current = { onToggle, onOpen, onAction };
  });
  const toggle = useCallback((id: string, shift: boolean) => handlers.current.onToggle(id, shift), []);
  const open = useCallback((id: string) => handlers.current.onOpen(id), []);
  const act = useCallback((command: JobCommand, id: string) => handlers.current.onAction(command, id), []);
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

  return (
    <div className="job-table-scroll" ref={scrollRef} data-testid="job-table" {...keepFocus}>
      <table className="job-table" aria-rowcount={jobs.length + 1}>
        <colgroup>
          <col className="col-select" />
          <col className="col-title" />
          <col className="col-status" />
          <col className="col-time" />
          <col className="col-cost" />
          <col className="col-sync" />
          <col className="col-actions" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">
              <input
                type="checkbox"
                data-focus-key="jobs-select-all"
                aria-label={allSelected ? 'Deselect all shown jobs' : 'Select all shown jobs'}
                checked={allSelected}
                ref={(el) => {
                  if (el) el.indeterminate = someSelected;
                }}
                onChange={onToggleAll}
                disabled={jobs.length === 0}
              />
            </th>
            <th scope="col">Course</th>
            <th scope="col">Status · progress</th>
            <th scope="col">Started</th>
            <th scope="col">Cost</th>
            <th scope="col">Sync</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr aria-hidden="true" className="spacer-row">
              <td colSpan={7} style={{ height: paddingTop }} />
            </tr>
          )}
          {items.map((item) => {
            const job = jobs[item.index]!;
            return (
              <JobRow
                key={job.id}
                job={job}
                index={item.index}
                now={now}
                selected={selection.ids.has(job.id)}
                open={job.id === selectedJobId}
                error={rowErrors[job.id]}
                sync={syncStates[job.courseId]}
                onToggle={toggle}
                onOpen={open}
                onAction={act}
              />
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true" className="spacer-row">
              <td colSpan={7} style={{ height: paddingBottom }} />
            </tr>
          )}
          {jobs.length === 0 && (
            <tr>
              <td colSpan={7} className="table-empty">
                {emptyMessage}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Where to scroll so a row shows whole below the sticky header (rows start below it), by
 * the least movement; null when it already shows.
 */
function revealOffset(row: { start: number; end: number }, scrollTop: number, height: number, header: number): number | null {
  if (row.start < scrollTop) return row.start;
  if (row.end + header > scrollTop + height) return row.end + header - height;
  return null;
}
