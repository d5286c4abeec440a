// The morning report as a person reads it: one line of figures for the queue page's panel
// ("18 completed, 2 failed, 3 automatic retries, waited 12 min on the Claude API and 0 min
// on the network, 4 × 429, 1.2M tokens, $3.41") and when the run was.
import type { RunReport } from '../../shared/domain';
import { formatCost, formatCount, formatDateTime, formatMinutes, plural } from './format';

/** The provider the report's waits are about; main names it the same in its sentences. */
export const PROVIDER_NAME = 'Claude API';

export function runReportFigures(report: RunReport, provider = PROVIDER_NAME): string {
  const { usage, waited } = report;
  const tokens = usage.input + usage.output + usage.cacheRead + usage.cacheWrite;
  const waits = [`${formatMinutes(waited.providerMs)} on the ${provider}`, `${formatMinutes(waited.networkMs)} on the network`];
  if (waited.rateLimitMs > 0) waits.push(`${formatMinutes(waited.rateLimitMs)} on rate limits`);
  return [
    `${report.completed.length} completed`,
    `${report.failed.length} failed`,
    plural(report.autoRetries, 'automatic retry', 'automatic retries'),
    `waited ${waits.slice(0, -1).join(', ')} and ${waits.at(-1)!}`,
    `${report.rateLimited} × 429`,
    `${formatCount(tokens)} tokens`,
    formatCost(report.costUsd),
  ].join(', ');
}

/** "Mar 10, 2026, 2:00 AM, for 4 h 12 min": when the run began and how long it went on. */
export function runReportSpan(report: Pick<RunReport, 'startedAt' | 'endedAt'>): string {
  const ms = Date.parse(report.endedAt) - Date.parse(report.startedAt);
  return `${formatDateTime(report.startedAt)}, for ${Number.isNaN(ms) ? '—' : formatMinutes(Math.max(0, ms))}`;
}

/** A run that finished, failed or retried nothing (the queue was paused at once, say): no panel for it. */
export function reportIsEmpty(report: Pick<RunReport, 'completed' | 'failed' | 'autoRetries'>): boolean {
  return report.completed.length === 0 && report.failed.length === 0 && report.autoRetries === 0;
}
