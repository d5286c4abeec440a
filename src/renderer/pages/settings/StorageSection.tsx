// Settings → Storage: how big the database is and what fills it, the cleanups (each counted
// before it runs), compaction, the daily retention run, and the bin of deleted courses.
import { useCallback, useEffect, useState } from 'react';
import type { StorageView } from '../../../shared/storage';
import { ActionButton } from '../../components/ActionButton';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { toast } from '../../store/toasts';
import { BinList } from './BinList';
import { CleanupAction } from './CleanupAction';
import { cleanupSentence, formatBytes } from './storage-text';

const PARTS = [
  ['logs', 'Logs'],
  ['calls', 'Call records'],
  ['versions', 'Versions'],
  ['courses', 'Courses'],
  ['materials', 'Source materials'],
  ['other', 'Other'],
  ['free', 'Free pages'],
] as const;

/** A whole number within bounds, or null. */
function wholeIn(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

export function StorageSection() {
  const [view, setView] = useState<StorageView | null>(null);
  const [days, setDays] = useState('30');
  const [keep, setKeep] = useState('10');
  const load = useAction();
  const compacting = useAction();
  const schedule = useAction();
  const { run } = load;
  const refresh = useCallback(async () => {
    await run(async () => setView(await call(api().storageGet())));
  }, [run]);
  useEffect(() => void refresh(), [refresh]);

  const daysValue = wholeIn(days, 1, 3650);
  const keepValue = wholeIn(keep, 1, 10_000);

  return (
    <section className="card settings-section" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage</h2>
      {view ? (
        <>
          <p>
            The database takes <strong data-testid="storage-total">{formatBytes(view.fileBytes + view.walBytes)}</strong>
            {view.measuredBy === 'estimate' ? ' (parts estimated from their text)' : ''}.
          </p>
          <dl className="facts storage-parts">
            {PARTS.map(([key, label]) => (
              <div key={key}>
                <dt>{label}</dt>
                <dd data-testid={`storage-${key}`}>{formatBytes(view.sizes[key])}</dd>
              </div>
            ))}
          </dl>
          <p className="muted">
            {view.counts.logLines.toLocaleString('en-US')} log lines, {view.counts.callRecords.toLocaleString('en-US')} call records
            {view.counts.rolledUpCalls > 0 ? ` (and ${view.counts.rolledUpCalls.toLocaleString('en-US')} kept as totals)` : ''}, {view.counts.versions.toLocaleString('en-US')} versions,{' '}
            {view.counts.courses.toLocaleString('en-US')} {view.counts.courses === 1 ? 'course' : 'courses'} ({view.counts.binned.toLocaleString('en-US')} in the bin).
          </p>
          <p className="muted" data-testid="storage-materials-summary">
            {view.materials.count === 0
              ? 'No source materials are stored.'
              : `${view.materials.count.toLocaleString('en-US')} source ${view.materials.count === 1 ? 'material' : 'materials'} (each file stored once, however many courses use it): their text takes ${formatBytes(view.materials.textBytes)} in the database, their files ${formatBytes(view.materials.folderBytes)} on disk in the materials folder. A material goes when no course uses it any more (courses in the bin keep theirs).`}
          </p>
        </>
      ) : (
        <p className="muted">{load.pending ? 'Measuring…' : ''}</p>
      )}
      <InlineError message={load.error} />

      <CleanupAction
        title="Old logs"
        removeLabel="Delete old logs"
        invalid={daysValue === null}
        inputs={days}
        run={(dryRun) => call(api().storageCleanup({ action: 'logs', olderThanDays: daysValue ?? 30, dryRun }))}
        onDone={refresh}
      >
        <Field label="Logs of jobs finished more than (days) ago" hint="Each job’s last error line is always kept." error={daysValue === null ? 'Enter a number of days from 1 to 3650.' : undefined}>
          <input type="number" min={1} max={3650} step={1} value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
      </CleanupAction>

      <CleanupAction
        title="Old versions"
        removeLabel="Delete old versions"
        invalid={keepValue === null}
        inputs={keep}
        run={(dryRun) => call(api().storageCleanup({ action: 'versions', keep: keepValue ?? 10, dryRun }))}
        onDone={refresh}
      >
        <Field label="Versions to keep per lesson and task" hint="The current version and versions an approval covers are always kept." error={keepValue === null ? 'Enter a number from 1 to 10000.' : undefined}>
          <input type="number" min={1} max={10_000} step={1} value={keep} onChange={(e) => setKeep(e.target.value)} />
        </Field>
      </CleanupAction>

      <CleanupAction title="The bin" removeLabel="Empty the bin" run={(dryRun) => call(api().storageCleanup({ action: 'bin', dryRun }))} onDone={refresh} />

      <div className="cleanup-action" role="group" aria-label="Compact the file">
        <h3>Compact the file</h3>
        <p className="muted">
          {view && !view.incremental
            ? 'This database file is compacted once by a full rewrite, which runs only while no job is running; after that it is compacted in small steps.'
            : 'Gives free pages back to the disk in small steps while no job runs; it stops when a job starts.'}
          {view && !view.queueIdle ? ' A job is running now: compacting waits for the queue to be idle.' : ''}
        </p>
        <div className="form-actions">
          <ActionButton
            className="btn btn-small"
            busy={compacting.pending}
            unavailable={view !== null && !view.queueIdle}
            onClick={() =>
              void compacting.run(async () => {
                const result = await call(api().storageCompact());
                toast({
                  tone: 'success',
                  title: result.mode === 'nothing' ? 'Nothing to compact' : 'Compacted',
                  message: `${formatBytes(result.bytesBefore)} → ${formatBytes(result.bytesAfter)}${result.interrupted ? ' (stopped early: a job started)' : ''}`,
                });
                await refresh();
              })
            }
          >
            Compact now
          </ActionButton>
        </div>
        <InlineError message={compacting.error} />
      </div>

      {view && (
        <div className="cleanup-action" role="group" aria-label="Daily cleanup">
          <h3>Daily cleanup</h3>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={view.settings.auto}
              disabled={schedule.pending || daysValue === null}
              onChange={(e) =>
                void schedule.run(async () => {
                  const settings = await call(api().storageSetSchedule({ auto: e.target.checked, logDays: daysValue ?? view.settings.logDays }));
                  setView({ ...view, settings });
                })
              }
            />
            Once a day while the app is open, delete logs of jobs finished more than {view.settings.logDays} days ago
            {view.settings.keepVersions === null ? '' : ` and keep ${view.settings.keepVersions} versions per unit`}, then compact.
          </label>
          <div className="form-actions">
            <ActionButton
              className="btn btn-small"
              busy={schedule.pending}
              unavailable={daysValue === null || keepValue === null}
              onClick={() =>
                void schedule.run(async () => {
                  const settings = await call(api().storageSetSchedule({ logDays: daysValue!, keepVersions: keepValue }));
                  setView({ ...view, settings });
                  toast({ tone: 'success', title: 'Daily cleanup uses these numbers' });
                })
              }
            >
              Use these numbers daily
            </ActionButton>
            {view.settings.keepVersions !== null && (
              <ActionButton
                className="btn btn-small"
                busy={schedule.pending}
                onClick={() =>
                  void schedule.run(async () => {
                    setView({ ...view, settings: await call(api().storageSetSchedule({ keepVersions: null })) });
                  })
                }
              >
                Keep all versions
              </ActionButton>
            )}
          </div>
          <p className="muted">{view.lastAuto ? `Last run ${formatDateTime(view.lastAuto.at)}: ${cleanupSentence(view.lastAuto.result)}` : 'It has not run yet.'}</p>
          <InlineError message={schedule.error} />
        </div>
      )}

      <BinList onChanged={refresh} />
    </section>
  );
}
