// Human-readable times, durations, money and counts for tables. Pure and clock-free:
// callers pass `now`, so a table re-renders from one ticking clock and tests are exact.
import type { JobSummary } from '../../shared/domain';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "2 min ago", "3 h ago", "yesterday", "5 days ago"; future times read "in 2 h", "tomorrow", "in 3 days". */
export function relativeTime(iso: string | null, now: number): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '—';
  const diff = now - at;
  const future = diff < 0;
  const abs = Math.abs(diff);
  let text: string;
  if (abs < 45_000) return future ? 'in a moment' : 'just now';
  if (abs < HOUR) text = `${Math.max(1, Math.round(abs / MINUTE))} min`;
  else if (abs < DAY) text = `${Math.round(abs / HOUR)} h`;
  // A day away either way is named, never "1 days": rounding cannot reach 1 past this branch.
  else if (abs < 2 * DAY) return future ? 'tomorrow' : 'yesterday';
  else text = `${Math.round(abs / DAY)} days`;
  return future ? `in ${text}` : `${text} ago`;
}

/** 0:42, 12:05, 1:02:03 — compact, and monotonic so a live duration does not jump in width. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * How long a job has run: its ended running stretches plus the one still open, so the time
 * it sat failed before a retry, or paused for review, does not count. Null before it started.
 */
export function jobDurationMs(job: Pick<JobSummary, 'startedAt' | 'activeMs' | 'runningSince'>, now: number): number | null {
  if (!job.startedAt) return null;
  const since = job.runningSince ? Date.parse(job.runningSince) : null;
  const open = since === null || Number.isNaN(since) ? 0 : Math.max(0, now - since);
  return job.activeMs + open;
}

export function formatCost(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return '$0.00';
  if (usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}

// Formatters are made once (toLocaleString looks the locale up on every call, and a table
// calls it per row), and at first use, not when the module loads: Intl's first use in a
// window loads ICU's data (15–30 ms on a slow machine), and the queue's first paint needs none.
let INTEGER: Intl.NumberFormat | null = null;

/** 12,345 in the person's locale. */
export function formatInteger(n: number): string {
  return (INTEGER ??= new Intl.NumberFormat()).format(n);
}

/** 950, 12.3k, 4.5M. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) < 1000) return String(Math.round(n));
  if (Math.abs(n) < 1_000_000) return `${trim(n / 1000)}k`;
  return `${trim(n / 1_000_000)}M`;
}

function trim(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toFixed(1).replace(/\.0$/, '');
}

// One formatter for the window: toLocaleString with options builds a new one on every call.
let DATE_TIME: Intl.DateTimeFormat | null = null;

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return (DATE_TIME ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })).format(d);
}

/** 02:14, in the machine's time zone and on a 24-hour clock, as the job logs and the CLI write it. */
export function formatClockTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * A wait in whole minutes ("under a minute", "6 min", "1 h 5 min"): it changes at most once a
 * minute, so a live sentence in a status region is not re-announced every second.
 */
export function formatMinutes(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const min = Math.floor(ms / MINUTE);
  if (min < 1) return ms === 0 ? '0 min' : 'under a minute';
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
