// The morning report in one line: the desktop notification a finished run sends and the
// queue page's report panel say it the same way. Plain string work, no Intl, so main and the
// renderer share it.
import type { RunReport } from './domain';

const PROVIDER = 'Claude API';

/** "6 min", "under a minute", "1 h 5 min": whole minutes, as the queue page writes waits. */
export function minutes(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0 min';
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'under a minute';
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

/** 950, 12.3k, 1.2M. */
function count(n: number): string {
  const trim = (x: number) => (x >= 100 ? String(Math.round(x)) : x.toFixed(1).replace(/\.0$/, ''));
  if (Math.abs(n) < 1000) return String(Math.round(n));
  if (Math.abs(n) < 1_000_000) return `${trim(n / 1000)}k`;
  return `${trim(n / 1_000_000)}M`;
}

function cost(usd: number): string {
  if (!(usd > 0)) return '$0.00';
  return usd < 0.01 ? '<$0.01' : `$${usd.toFixed(2)}`;
}

/**
 * "18 completed, 2 failed, 3 automatic retries, waited 12 min on the Claude API and 0 min on
 * the network, 4 × 429, 1.2M tokens, $3.41" (", saved $3.41 with economy" after it when
 * economy batches saved something).
 */
export function runReportLine(report: RunReport): string {
  const { usage, waited } = report;
  const tokens = usage.input + usage.output + usage.cacheRead + usage.cacheWrite;
  const waits = [`${minutes(waited.providerMs)} on the ${PROVIDER}`, `${minutes(waited.networkMs)} on the network`];
  if (waited.rateLimitMs > 0) waits.push(`${minutes(waited.rateLimitMs)} on rate limits`);
  return [
    `${report.completed.length} completed`,
    `${report.failed.length} failed`,
    `${report.autoRetries} automatic ${report.autoRetries === 1 ? 'retry' : 'retries'}`,
    `waited ${waits.slice(0, -1).join(', ')} and ${waits.at(-1)!}`,
    `${report.rateLimited} × 429`,
    `${count(tokens)} tokens`,
    cost(report.costUsd),
    ...(report.savedUsd > 0 ? [`saved ${cost(report.savedUsd)} with economy`] : []),
  ].join(', ');
}

/** The notification's title: how the run went at a glance. */
export function runReportTitle(report: RunReport): string {
  if (report.failed.length > 0) return `Queue run finished: ${report.failed.length} failed`;
  return 'Queue run finished';
}

/** A run that finished, failed or retried nothing (the queue was paused at once, say) is not worth a notification. */
export function reportIsEmpty(report: Pick<RunReport, 'completed' | 'failed' | 'autoRetries'>): boolean {
  return report.completed.length === 0 && report.failed.length === 0 && report.autoRetries === 0;
}
