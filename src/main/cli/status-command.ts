// `course-studio status`: every job with its progress, retries, tokens and cost, plus
// totals. Read-only, so it is safe while a runner (the app or `run`) works on the file.
import type { CourseStatus, JobStatus, JobSummary, RunReport, TokenUsage } from '../../shared/domain';
import type { UsageTotals } from '../db/repositories/model-calls';
import type { Store } from '../db/store';
import type { StatusArgs } from './args';
import type { CliIo } from './io';
import { openStore } from './open-store';
import { lastRunLines, retryLabel, savedText, waitsForRetry } from './run-report';
import { formatCost, formatCount, formatStatus, oneLine, pad, padStart, plural, retryTime, shortId } from './text';

export interface StatusReport {
  jobs: JobSummary[];
  /** `savedUsd`: what economy (batch-priced calls) saved against standard prices. */
  totals: { jobs: number; byStatus: Partial<Record<JobStatus, number>>; usage: TokenUsage; costUsd: number; calls: number; savedUsd: number };
  courses: { total: number; byStatus: Partial<Record<CourseStatus, number>> };
  /** Every model call, outline options and regenerations included (jobs' totals leave those out). */
  spend: UsageTotals;
  /** Jobs waiting for an automatic retry, and when the first goes (ISO). */
  retries: { scheduled: number; next: string | null };
  /** The last run's report (the app's or the CLI's), or null when no run has ended yet. */
  lastRun: RunReport | null;
}

export function statusReport(store: Store): StatusReport {
  // Oldest first: the order the queue works through them.
  const jobs = store.jobs.list().reverse();
  const usage: TokenUsage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  let costUsd = 0;
  let calls = 0;
  let savedUsd = 0;
  for (const j of jobs) {
    usage.input += j.usage.input;
    usage.output += j.usage.output;
    usage.cacheRead += j.usage.cacheRead;
    usage.cacheWrite += j.usage.cacheWrite;
    costUsd += j.costUsd;
    calls += j.calls;
    savedUsd += j.savedUsd;
  }
  const courses = store.courses.list();
  const courseCounts: Partial<Record<CourseStatus, number>> = {};
  for (const c of courses) courseCounts[c.status] = (courseCounts[c.status] ?? 0) + 1;
  // The whole ledger: calls of courses in the bin and of courses removed for good included.
  const spend: UsageTotals = store.calls.ledgerTotals();
  const retries = store.jobs.retriesScheduled();
  return {
    jobs,
    totals: { jobs: jobs.length, byStatus: store.jobs.counts(), usage, costUsd, calls, savedUsd },
    courses: { total: courses.length, byStatus: courseCounts },
    spend,
    retries: { scheduled: retries.count, next: retries.next === null ? null : new Date(retries.next).toISOString() },
    lastRun: store.reports.latest(),
  };
}

export function statusText(report: StatusReport, columns = 120, now = Date.now()): string {
  const lines: string[] = [];
  if (report.jobs.length === 0) {
    lines.push('No generation jobs yet.');
  } else {
    const header = `${pad('COURSE', 8)}  ${pad('STATUS', 18)} ${padStart('PROGRESS', 8)} ${padStart('RETRIES', 7)} ${padStart('IN', 7)} ${padStart('OUT', 7)} ${padStart('CACHE R', 7)} ${padStart('CACHE W', 7)} ${padStart('COST', 9)}  TITLE`;
    lines.push(header);
    const titleWidth = Math.max(20, columns - header.length + 5);
    for (const j of report.jobs) {
      lines.push(
        `${pad(shortId(j.courseId), 8)}  ${pad(formatStatus(j.status), 18)} ${padStart(`${j.itemsCompleted}/${j.itemsTotal}`, 8)} ` +
          `${padStart(String(j.retryCount), 7)} ${padStart(formatCount(j.usage.input), 7)} ${padStart(formatCount(j.usage.output), 7)} ` +
          `${padStart(formatCount(j.usage.cacheRead), 7)} ${padStart(formatCount(j.usage.cacheWrite), 7)} ${padStart(formatCost(j.costUsd), 9)}  ` +
          oneLine(j.courseTitle, titleWidth),
      );
      if (waitsForRetry(j, now)) {
        lines.push(`          ${retryLabel(j, now)}${j.failedStep ? `, from ${j.failedStep}` : ''}${j.retryReason ? `: ${oneLine(j.retryReason, 300)}` : ''}`);
      } else if (j.errorMessage) {
        lines.push(`          error${j.failedStep ? ` in ${j.failedStep}` : ''}: ${oneLine(j.errorMessage, 300)}`);
      }
    }
  }
  const t = report.totals;
  const byStatus = Object.entries(t.byStatus)
    .map(([s, n]) => `${n} ${formatStatus(s)}`)
    .join(', ');
  lines.push('');
  lines.push(`Jobs: ${t.jobs}${byStatus ? ` (${byStatus})` : ''}`);
  lines.push(
    `Tokens: ${formatCount(t.usage.input)} in, ${formatCount(t.usage.output)} out, ${formatCount(t.usage.cacheRead)} cache read, ` +
      `${formatCount(t.usage.cacheWrite)} cache write · ${plural(t.calls, 'model call')} · ${formatCost(t.costUsd)}${savedText(t.savedUsd)}`,
  );
  if (report.spend.calls > t.calls) {
    lines.push(`All model calls, outline options included: ${plural(report.spend.calls, 'call')} · ${formatCost(report.spend.costUsd)}${savedText(report.spend.savedUsd)}`);
  }
  if (report.retries.scheduled > 0) {
    lines.push(
      `${report.retries.scheduled === 1 ? '1 job waits' : `${report.retries.scheduled} jobs wait`} for an automatic retry` +
        `${report.retries.next ? `, next at ${retryTime(report.retries.next, now)}` : ''} (a runner must be running: the app or course-studio run).`,
    );
  }
  const drafts = report.courses.byStatus.draft ?? 0;
  if (drafts > 0) lines.push(`${plural(drafts, 'draft course')} waiting for outline review.`);
  lines.push('');
  lines.push(...lastRunLines(report.lastRun));
  return `${lines.join('\n')}\n`;
}

export function statusCommand(args: StatusArgs, io: CliIo): number {
  const store = openStore(args.db, io.cwd, { create: false });
  try {
    const report = statusReport(store);
    io.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : statusText(report, io.stdout.columns || 120));
    return 0;
  } finally {
    store.close();
  }
}
