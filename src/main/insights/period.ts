// The bounds of an Insights period and the SQLite modifier that turns a UTC time into the
// user's local day. Stored times are ISO UTC strings, so a period's start is compared as text.
import { INSIGHTS_PERIOD_MS, type InsightsPeriod } from '../../shared/insights';

/**
 * Periods start on a whole minute: opens within one minute ask for the same rows, so the
 * figures kept (cache.ts) or read ahead (service.ts) for that minute answer them.
 */
export const PERIOD_START_STEP_MS = 60_000;

/** ISO start of the period ending at `nowMs`, down to the whole minute; null for everything. */
export function periodStart(period: InsightsPeriod, nowMs: number): string | null {
  const span = INSIGHTS_PERIOD_MS[period];
  return span === null ? null : new Date(Math.floor((nowMs - span) / PERIOD_START_STEP_MS) * PERIOD_START_STEP_MS).toISOString();
}

/** The first moment (epoch ms) at which the period's start is `startMs` or later; null for everything. */
export function periodStartReaches(period: InsightsPeriod, startMs: number): number | null {
  const span = INSIGHTS_PERIOD_MS[period];
  return span === null ? null : Math.ceil(startMs / PERIOD_START_STEP_MS) * PERIOD_START_STEP_MS + span;
}

/** `date(ts, <this>)` is the local day of a UTC time, for a local time of UTC + offset minutes. */
export function localDayModifier(tzOffsetMinutes: number): string {
  return `${tzOffsetMinutes >= 0 ? '+' : '-'}${Math.abs(Math.trunc(tzOffsetMinutes))} minutes`;
}

/**
 * `--since` of the CLI: 24h, 7d, 30d, all, or any whole number of hours or days (12h, 90d).
 * Returns the milliseconds it reaches back (null: everything), or null with an error message.
 */
export function parseSince(text: string): { ms: number | null } | { error: string } {
  const t = text.trim().toLowerCase();
  if (t === 'all') return { ms: null };
  const m = /^(\d{1,5})([hd])$/.exec(t);
  if (!m || Number(m[1]) === 0) return { error: `--since takes a number of hours or days (24h, 7d, 30d) or "all", not "${text}".` };
  return { ms: Number(m[1]) * (m[2] === 'h' ? 3_600_000 : 86_400_000) };
}
