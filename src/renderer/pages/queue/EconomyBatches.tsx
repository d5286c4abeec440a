// "Economy batches": the Message Batches the queue has on the API (issue 14), newest first,
// so a person can see what economy jobs wait for: the batch's id (or that it is not created
// yet), its requests, the API's processing status and counts, when it was created and when
// the API gives up on it. Shown once there is a batch (or an economy job); read while the
// queue page shows it (store/batches.ts). Collapsible; the choice lasts for the window's life.
import { useId, useMemo, useState } from 'react';
import type { EconomyBatchView } from '../../../shared/economy';
import { InlineError } from '../../components/InlineError';
import { batchCountsText, batchIdLabel, batchIsActive, batchStatusLabel } from '../../lib/economy-format';
import { formatDateTime, plural, relativeTime } from '../../lib/format';
import { useBatchesRefresh } from '../../lib/use-batches-refresh';
import { useNow } from '../../lib/use-now';
import { useBatches } from '../../store/batches';

/** Batches listed before "Show all": the active ones and the latest finished ones fit. */
const LISTED = 8;

let openChoice: boolean | null = null;

export function EconomyBatches({ anyEconomyJob }: { anyEconomyJob: boolean }) {
  const batches = useBatches((s) => s.batches);
  const error = useBatches((s) => s.error);
  useBatchesRefresh();
  const [open, setOpen] = useState<boolean | null>(openChoice);
  const [all, setAll] = useState(false);
  const titleId = useId();
  const listId = useId();
  const active = batches?.filter(batchIsActive).length ?? 0;
  const tick = useNow(60_000, active > 0);
  // A list read after the last tick has times after it: "created just now", never "in a moment".
  const readAt = useMemo(() => (batches ? Date.now() : 0), [batches]);
  const now = Math.max(tick, readAt);
  // Open by default once a batch was on the API while the page showed (and it stays open when
  // they finish, not folding away under the person's eyes); a person's own choice wins.
  const [seenActive, setSeenActive] = useState(false);
  if (active > 0 && !seenActive) setSeenActive(true);
  if (!anyEconomyJob && (!batches || batches.length === 0)) return null;
  const expanded = open ?? seenActive;
  const shown = batches ? (all ? batches : batches.slice(0, LISTED)) : [];

  return (
    <section className="economy-batches" aria-labelledby={titleId} data-testid="economy-batches">
      <div className="economy-batches-header">
        <h2 id={titleId}>
          <button
            type="button"
            className="btn-link economy-batches-toggle"
            aria-expanded={expanded}
            aria-controls={listId}
            onClick={() => {
              openChoice = !expanded;
              setOpen(!expanded);
            }}
          >
            <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> Economy batches
          </button>
          <span className="economy-batches-summary muted">
            {batches === null ? (error ? '' : ' reading…') : ` ${plural(batches.length, 'batch', 'batches')}${active > 0 ? `, ${active} in progress` : ''}`}
          </span>
        </h2>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => void useBatches.getState().refresh()}>
          Refresh
        </button>
      </div>
      <div id={listId} hidden={!expanded}>
        <InlineError message={error ? `The economy batches could not be read: ${error}` : null} />
        {batches && batches.length === 0 ? (
          <p className="muted economy-batches-empty">No batch yet: economy jobs&apos; calls are collected for a short while, then sent together.</p>
        ) : batches ? (
          <>
            <table className="economy-batches-table" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">Batch</th>
                  <th scope="col">Requests</th>
                  <th scope="col">Status</th>
                  <th scope="col">Counts</th>
                  <th scope="col">Created</th>
                  <th scope="col">Ends by</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((batch) => (
                  <BatchRow key={batch.id} batch={batch} now={now} />
                ))}
              </tbody>
            </table>
            {batches.length > LISTED && (
              <button type="button" className="btn btn-small btn-ghost" aria-expanded={all} onClick={() => setAll(!all)}>
                {all ? 'Show fewer' : `Show all ${batches.length}`}
              </button>
            )}
          </>
        ) : null}
      </div>
    </section>
  );
}

function BatchRow({ batch, now }: { batch: EconomyBatchView; now: number }) {
  const ended = batch.endedAt !== null;
  return (
    <tr data-batch-id={batch.id} data-testid="economy-batch-row">
      <td className={`batch-id ${batch.apiBatchId ? '' : 'muted'}`} title={`${batch.apiBatchId ?? 'Not yet created on the API'} · ${plural(batch.jobIds.length, 'job')}`}>
        {batchIdLabel(batch)}
      </td>
      <td className="cell-num">{batch.requests}</td>
      <td>
        {batchStatusLabel(batch)}
        {batch.error && (
          <span className="batch-error" title={batch.error}>
            {batch.error}
          </span>
        )}
      </td>
      <td>{batchCountsText(batch.counts)}</td>
      <td title={formatDateTime(batch.createdAt)}>{relativeTime(batch.createdAt, now)}</td>
      <td title={formatDateTime(ended ? batch.endedAt : batch.endsBy)}>{ended ? `ended ${relativeTime(batch.endedAt, now)}` : batch.endsBy ? formatDateTime(batch.endsBy) : '—'}</td>
    </tr>
  );
}
