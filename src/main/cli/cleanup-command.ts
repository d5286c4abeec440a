// `course-studio cleanup`: the retention Settings → Storage offers, from a shell or cron.
// Each step is a short transaction, so it runs safely beside the app or `run`; --compact
// only while no job holds a live lease, and stops at the first step that finds one.
import type { CleanupResult, CompactResult } from '../../shared/storage';
import type { UsageTotals } from '../db/repositories/model-calls';
import { describeCleanup, runCleanup } from '../housekeeping/cleanup';
import { compact } from '../housekeeping/compaction';
import { leasedJobRunning } from '../housekeeping/queue-idle';
import { fileBytes, isIncremental } from '../housekeeping/storage-report';
import type { CleanupArgs } from './args';
import { CliError } from './errors';
import type { CliIo } from './io';
import { releaseAfterRemoval } from './materials';
import { openStore } from './open-store';
import { formatCost } from './text';

export interface CleanupReport {
  removed: CleanupResult;
  /** null without --compact; with --dry-run, only `freePages` is filled in. */
  compact: (CompactResult & { freePages: number }) | null;
  /** Every call's tokens and cost: the same before and after (courses removed for good are rolled up). */
  totals: UsageTotals;
  fileBytes: number;
  /** Source materials only the removed courses used, let go (rows, then their files); null when no course was removed. */
  materialsReleased: number | null;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function cleanupCommand(args: CleanupArgs, io: CliIo): Promise<number> {
  const store = openStore(args.db, io.cwd, { create: false });
  try {
    const removed = await runCleanup(store, {
      logsOlderThanDays: args.logsOlderThanDays,
      keepVersions: args.keepVersions,
      purgeDeleted: args.purgeDeleted,
      dryRun: args.dryRun,
    });
    // At once, not at the app's next start: whoever empties the bin wants the room back.
    let materialsReleased: number | null = null;
    if (!args.dryRun && removed.courses > 0) {
      const released = releaseAfterRemoval(store, args.db, io.cwd);
      if ('error' in released) io.stderr.write(`The source materials of the removed courses were not let go yet (the app's next start tries again): ${released.error}\n`);
      else materialsReleased = released.released;
    }
    let compacted: CleanupReport['compact'] = null;
    if (args.compact) {
      const freePages = store.db.pragma('freelist_count', { simple: true }) as number;
      if (args.dryRun) {
        const bytes = fileBytes(store.db).file;
        compacted = { mode: isIncremental(store.db) ? 'incremental' : 'switched', pagesFreed: 0, bytesBefore: bytes, bytesAfter: bytes, interrupted: false, steps: 0, longestStepMs: 0, freePages };
      } else {
        try {
          compacted = { ...(await compact(store.db, { isIdle: () => !leasedJobRunning(store), allowSwitch: true })), freePages };
        } catch (error) {
          throw new CliError(`Not compacted: ${(error as Error).message}`);
        }
      }
    }
    const report: CleanupReport = { removed, compact: compacted, totals: store.calls.ledgerTotals(), fileBytes: fileBytes(store.db).file, materialsReleased };
    if (args.json) {
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    const lines = [describeCleanup(removed)];
    if (materialsReleased) lines.push(`Let go ${materialsReleased} source material${materialsReleased === 1 ? '' : 's'} no remaining course uses.`);
    if (compacted) {
      if (args.dryRun) {
        const pageSize = store.db.pragma('page_size', { simple: true }) as number;
        lines.push(`Compacting would give back ${compacted.freePages.toLocaleString('en-US')} free pages (${mb(compacted.freePages * pageSize)})${isIncremental(store.db) ? '' : ', after one full rewrite of the file'}.`);
      } else {
        const how = compacted.mode === 'switched' ? 'rewritten once (from now on it compacts in small steps)' : `${compacted.steps} steps, the longest ${compacted.longestStepMs.toFixed(0)} ms`;
        lines.push(
          compacted.mode === 'nothing'
            ? `Nothing to compact: the file has no free pages (${mb(compacted.bytesAfter)}).`
            : `Compacted: ${mb(compacted.bytesBefore)} → ${mb(compacted.bytesAfter)}, ${how}.${compacted.interrupted ? ' Stopped early: a job started; run it again when the queue is idle.' : ''}`,
        );
      }
    }
    lines.push(`All calls ever recorded: ${report.totals.calls.toLocaleString('en-US')}, ${formatCost(report.totals.costUsd)} (unchanged by a cleanup).`);
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    store.close();
  }
}
