// Status filter tabs with counts, and the text search; both write the URL. While older jobs
// are still being read, counts would be wrong, so they show only once every job is here.
import { useEffect, useState } from 'react';
import { FAILURE_CAUSE_LABELS } from '../../../shared/failure-causes';
import { formatDateTime } from '../../lib/format';
import { QUEUE_FILTER_LABELS, QUEUE_FILTERS, type QueueFilter, type QueueView } from '../../lib/queue-filter';

export function QueueToolbar({ view, counts, onChange }: { view: QueueView; counts: Record<QueueFilter, number> | null; onChange: (view: QueueView) => void }) {
  const [search, setSearch] = useState(view.search);
  // The URL is the source of truth (back button, links): follow it when it changes elsewhere.
  useEffect(() => setSearch(view.search), [view.search]);

  return (
    <div className="queue-toolbar">
      <div className="filter-tabs" role="group" aria-label="Filter jobs by status">
        {QUEUE_FILTERS.map((filter) => (
          <button
            key={filter}
            type="button"
            className="filter-tab"
            aria-pressed={view.filter === filter}
            data-focus-key={view.filter === filter ? 'queue-filter' : undefined}
            onClick={() => onChange({ ...view, filter })}
          >
            {QUEUE_FILTER_LABELS[filter]} {counts && <span className="filter-count">{counts[filter]}</span>}
          </button>
        ))}
      </div>
      <label className="search-box">
        <span className="visually-hidden">Search jobs</span>
        <input
          type="search"
          placeholder="Search by course title…"
          value={search}
          maxLength={300}
          onChange={(e) => {
            setSearch(e.target.value);
            onChange({ ...view, search: e.target.value });
          }}
        />
      </label>
      {(view.cause || view.since) && (
        // Set by a link from Insights: says which jobs the table is narrowed to, and undoes it.
        <p className="queue-narrowed" data-testid="queue-cause-filter">
          <span>
            {view.cause ? `Cause: ${FAILURE_CAUSE_LABELS[view.cause]}` : 'Ended'}
            {view.since ? ` · since ${formatDateTime(view.since)}` : ''}
          </span>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange({ ...view, cause: null, since: null })}>
            Show all causes
          </button>
        </p>
      )}
    </div>
  );
}
