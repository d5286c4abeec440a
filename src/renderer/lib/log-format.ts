// Log lines as people read them (.log) and as tools read them (.jsonl), plus the same
// level/text filter the main process applies, for lines that arrive live.
import type { LogEntry, LogLevel } from '../../shared/domain';

/** A line's details as JSON, or '' when it has none. */
export function detailsText(entry: LogEntry): string {
  return entry.details && Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : '';
}

/** `details` is detailsText(entry), for a caller that already has it. */
export function formatLogLine(entry: LogEntry, details = detailsText(entry)): string {
  return `${entry.timestamp} ${entry.level.toUpperCase().padEnd(7)} ${entry.message}${details ? ` ${details}` : ''}`;
}

export function toLogText(entries: readonly LogEntry[]): string {
  return entries.map((e) => formatLogLine(e)).join('\n') + (entries.length > 0 ? '\n' : '');
}

export function toJsonLines(entries: readonly LogEntry[]): string {
  return entries.map((e) => JSON.stringify({ id: e.id, timestamp: e.timestamp, level: e.level, message: e.message, details: e.details })).join('\n') + (entries.length > 0 ? '\n' : '');
}

export interface LogFilter {
  levels: readonly LogLevel[];
  text: string;
}

/** Mirrors the repository's filter: any of the levels (none = all), message contains text, case-insensitive. */
export function logMatches(entry: LogEntry, filter: LogFilter): boolean {
  if (filter.levels.length > 0 && !filter.levels.includes(entry.level)) return false;
  const needle = filter.text.trim().toLowerCase();
  return needle === '' || entry.message.toLowerCase().includes(needle);
}

/** Appends entries newer than what is held, in id order, without duplicates. */
export function appendNewer(held: readonly LogEntry[], incoming: readonly LogEntry[]): LogEntry[] {
  const last = held.length > 0 ? held[held.length - 1]!.id : -1;
  const fresh = incoming.filter((e) => e.id > last).sort((a, b) => a.id - b.id);
  if (fresh.length === 0) return held as LogEntry[];
  const unique: LogEntry[] = [];
  for (const e of fresh) if (unique.length === 0 || unique[unique.length - 1]!.id !== e.id) unique.push(e);
  return [...held, ...unique];
}

/** Prepends an older page (from `beforeId`), dropping any overlap. */
export function prependOlder(held: readonly LogEntry[], older: readonly LogEntry[]): LogEntry[] {
  const first = held.length > 0 ? held[0]!.id : Number.POSITIVE_INFINITY;
  const page = older.filter((e) => e.id < first).sort((a, b) => a.id - b.id);
  return page.length === 0 ? (held as LogEntry[]) : [...page, ...held];
}

/** Merges a fetched range into what is held (ids may interleave: lines written without a live event), sorted, without duplicates. */
export function mergeById(held: readonly LogEntry[], incoming: readonly LogEntry[]): LogEntry[] {
  if (incoming.length === 0) return held as LogEntry[];
  const byId = new Map<number, LogEntry>();
  for (const e of held) byId.set(e.id, e);
  let added = false;
  for (const e of incoming) {
    if (!byId.has(e.id)) {
      byId.set(e.id, e);
      added = true;
    }
  }
  return added ? [...byId.values()].sort((a, b) => a.id - b.id) : (held as LogEntry[]);
}
