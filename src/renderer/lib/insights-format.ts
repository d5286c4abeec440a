// Words and numbers for the Insights page: durations that fit a table cell, rates, money
// with enough digits for cheap days, and the short day labels of the charts' axes.
import { FAILURE_CAUSE_LABELS, type FailureCause } from '../../shared/failure-causes';
import { INSIGHTS_PERIODS, type InsightsPeriod } from '../../shared/insights';

/** "850 ms", "12.3 s", "6.5 min", "2.1 h"; "—" for no value. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** "57.1 %"; "—" when there is nothing to divide. */
export function formatRate(rate: number | null): string {
  return rate === null || !Number.isFinite(rate) ? '—' : `${(rate * 100).toFixed(1)} %`;
}

/** Dollars with cents, or four decimals under a dollar (a day of cached calls can cost $0.0123). */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd === 0) return '$0';
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2026-12-07' → '7 Dec': a local day as the SQL gave it, without a time-zone round trip. */
export function dayLabel(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}` : day;
}

/** A bucket of the duration distribution: "2.0 min – 4.0 min", "≥ 20.0 min". */
export function bucketLabel(fromMs: number, toMs: number | null): string {
  return toMs === null ? `≥ ${formatMs(fromMs)}` : `${formatMs(fromMs)} – ${formatMs(toMs)}`;
}

export function causeLabel(cause: FailureCause): string {
  return FAILURE_CAUSE_LABELS[cause];
}

const STEP_LABELS: Record<string, string> = { lessons: 'Lessons', tasks: 'Tasks', finalize: 'Finalize', publish: 'Publish', none: 'Before any step' };

export function stepLabel(step: string): string {
  return STEP_LABELS[step] ?? step;
}

/** The period in the address (`#/insights?period=30d`); anything else is the default, 7 days. */
export function parsePeriod(value: string | undefined): InsightsPeriod {
  return (INSIGHTS_PERIODS as readonly string[]).includes(value ?? '') ? (value as InsightsPeriod) : '7d';
}
