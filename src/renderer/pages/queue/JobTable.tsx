// The job table, virtualized: only the rows in view are in the DOM, so 10,000 jobs scroll
// like 10. It stays a real <table> (headers, rows) with spacer rows above and below.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { JobSummary } from '../../../shared/domain';
import type { JobCommand } from '../../lib/job-commands';
import type { Selection } from '../../lib/selection';
import { isRunning } from '../../lib/status';
import { useNow } from '../../lib/use-now';
import { useSync } from '../../store/sync';
import { JobRow } from './JobRow';

const ROW_HEIGHT = 56;

interface JobTableProps {
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

export function JobTable({ jobs, selection, selectedJobId, rowErrors, onToggle, onToggleAll, onOpen, onAction, emptyMessage }: JobTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: jobs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => jobs[index]?.id ?? index,
    // Let React batch scroll renders instead of forcing one per scroll event (smoother with 10,000 rows).
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const anyRunning = jobs.some((j) => isRunning(j.status));
  const now = useNow(1_000, anyRunning);
  const syncStates = useSync((s) => s.byCourse);
  const allSelected = jobs.length > 0 && jobs.every((j) => selection.ids.has(j.id));
  const someSelected = !allSelected && jobs.some((j) => selection.ids.has(j.id));
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

  return (
    <div className="job-table-scroll" ref={scrollRef} data-testid="job-table">
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
                height={ROW_HEIGHT}
                selected={selection.ids.has(job.id)}
                open={job.id === selectedJobId}
                error={rowErrors[job.id]}
                sync={syncStates[job.courseId]}
                onToggle={onToggle}
                onOpen={onOpen}
                onAction={onAction}
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
