// Sentences about waiting and about a finished run, shared by `run` (live and at the end)
// and `status`. Pure: everything they need is passed in, so they are tested without a runner.
import { MAX_AUTO_RETRIES, type AccountLimits, type JobSummary, type ProviderHoldCause, type RunReport } from '../../shared/domain';
import { formatCost, formatCount, formatDuration, oneLine, plural, retryTime } from './text';

/** "2026-12-07 02:00" in local time: a report is read the next morning, or days later. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

function span(report: Pick<RunReport, 'startedAt' | 'endedAt'>): string {
  const start = dateTime(report.startedAt);
  const end = dateTime(report.endedAt);
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  const ms = Date.parse(report.endedAt) - Date.parse(report.startedAt);
  return `${start} to ${sameDay ? end.slice(11) : end}, ${formatDuration(ms)}`;
}

function failedLine(f: RunReport['failed'][number]): string {
  return `failed: "${oneLine(f.courseTitle, 60)}"${f.step ? ` during ${f.step}` : ''}: ${oneLine(f.reason, 400)}`;
}

function waitedText(waited: RunReport['waited']): string {
  return (
    `${formatDuration(waited.providerMs)} while the API was overloaded, ${formatDuration(waited.networkMs)} for the network, ` +
    `${formatDuration(waited.rateLimitMs)} on rate limits`
  );
}

/** " (saved $0.12 with economy)" after a cost, when economy batches saved something; else nothing. */
export function savedText(savedUsd: number): string {
  return savedUsd > 0 ? ` (saved ${formatCost(savedUsd)} with economy)` : '';
}

/** The morning report, as `run` prints it when the run ends. */
export function runReportLines(report: RunReport): string[] {
  const lines = [`Report of this run (${span(report)}):`];
  lines.push(`  ${plural(report.completed.length, 'job')} completed, ${report.failed.length} failed`);
  for (const f of report.failed) lines.push(`    ${failedLine(f)}`);
  lines.push(`  ${plural(report.autoRetries, 'automatic retry', 'automatic retries')}`);
  lines.push(`  waited ${waitedText(report.waited)}; ${plural(report.rateLimited, 'request')} rate-limited (429)`);
  const u = report.usage;
  lines.push(
    `  ${plural(report.calls, 'model call')} · tokens ${formatCount(u.input)} in, ${formatCount(u.output)} out, ` +
      `${formatCount(u.cacheRead)} cache read, ${formatCount(u.cacheWrite)} cache write · ${formatCost(report.costUsd)}${savedText(report.savedUsd)}`,
  );
  return lines;
}

/** The short "Last run" section of `status`. */
export function lastRunLines(report: RunReport | null): string[] {
  if (!report) return ['Last run: none recorded yet.'];
  const lines = [
    `Last run (${report.source === 'cli' ? 'command line' : 'app'}, ${span(report)}): ${report.completed.length} completed, ${report.failed.length} failed, ` +
      `${plural(report.autoRetries, 'automatic retry', 'automatic retries')}, ${plural(report.calls, 'model call')}, ${formatCost(report.costUsd)}${savedText(report.savedUsd)}`,
    `  waited ${waitedText(report.waited)}; ${plural(report.rateLimited, 'request')} rate-limited (429)`,
  ];
  for (const f of report.failed) lines.push(`  ${failedLine(f)}`);
  return lines;
}

type RetryFields = Pick<JobSummary, 'status' | 'autoRetries' | 'runAfter' | 'retryReason'>;

/** Whether a job waits for an automatic retry: queued again by itself, with a start ahead. */
export function waitsForRetry(job: RetryFields, now: number): boolean {
  return job.status === 'queued' && job.autoRetries > 0 && job.runAfter !== null && Date.parse(job.runAfter) > now;
}

/** "retry 2 of 3 at 03:40" (the same words as the app's queue page). */
export function retryLabel(job: Pick<JobSummary, 'autoRetries' | 'runAfter'>, now: number): string {
  return `retry ${job.autoRetries} of ${MAX_AUTO_RETRIES}${job.runAfter ? ` at ${retryTime(job.runAfter, now)}` : ''}`;
}

/**
 * "2 jobs wait for an automatic retry, next at 03:40 (retry 1 of 3: <reason>)": what a run
 * with nothing running waits for. `next` is the job that goes first.
 */
export function retriesWaitingSentence(scheduled: number, next: Pick<JobSummary, 'autoRetries' | 'runAfter' | 'retryReason'>, now: number): string {
  const who = scheduled === 1 ? '1 job waits' : `${scheduled} jobs wait`;
  const at = next.runAfter ? `, next at ${retryTime(next.runAfter, now)}` : '';
  const reason = next.retryReason ? `: ${oneLine(next.retryReason, 200)}` : '';
  return `${who} for an automatic retry${at} (retry ${next.autoRetries} of ${MAX_AUTO_RETRIES}${reason})`;
}

/** "account allows ~120 requests/min, 40k input tokens/min; 6 at once", or null while nothing is known. */
export function accountSentence(account: AccountLimits | null, effectiveRequests: number): string | null {
  if (!account) return null;
  const parts = [
    account.requestsPerMinute !== null ? `~${formatCount(account.requestsPerMinute)} requests/min` : null,
    account.inputTokensPerMinute !== null ? `${formatCount(account.inputTokensPerMinute)} input tokens/min` : null,
    account.outputTokensPerMinute !== null ? `${formatCount(account.outputTokensPerMinute)} output tokens/min` : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  return `account allows ${parts.join(', ')}; ${effectiveRequests} at once`;
}

/** "Claude API answering again after 6 min": said when a hold ends (or turns into another). */
export function holdEndedSentence(cause: ProviderHoldCause, provider: string, ms: number): string {
  switch (cause) {
    case 'overloaded':
      return `${provider} answering again after ${formatDuration(ms)}`;
    case 'offline':
      return `Network back after ${formatDuration(ms)}; the model API can be reached again`;
    case 'rate_limited':
      return `${provider} rate limit over after ${formatDuration(ms)}; sending again`;
  }
}
