// Formatting for terminal output. Course titles, lessons and error messages may come from
// the model, so everything printed goes through `clean`: a model must not be able to move
// the cursor, recolour the terminal or set its title with an escape sequence.

// C0 controls except tab and newline, DEL, and C1 controls (which include CSI on some terminals).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function clean(text: string): string {
  return text.replace(CONTROL, '');
}

/** One line, no controls, cut to `max` characters with an ellipsis. */
export function oneLine(text: string, max = Infinity): string {
  const flat = clean(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, Math.max(0, max - 1))}…` : flat;
}

export function pad(text: string, width: number): string {
  const cut = oneLine(text, width);
  return cut + ' '.repeat(Math.max(0, width - cut.length));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - text.length)) + text;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 2 : 1)}M`;
}

export function formatCost(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

export function formatStatus(status: string): string {
  return status.replace(/_/g, ' ');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "12:03:09" from an ISO time, in local time. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** "40 s", "6 min", "1 h 5 min": how long a wait lasted (the runner's job logs use the same words). */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.max(0, ms) / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/**
 * "03:40" from an ISO time, in local time, as the job logs and the app say it; with seconds
 * ("03:40:07") when it is less than two minutes from `now`, where minutes alone would blur.
 */
export function retryTime(iso: string, now: number): string {
  const d = new Date(iso);
  const hm = [d.getHours(), d.getMinutes()].map((n) => String(n).padStart(2, '0')).join(':');
  return Math.abs(d.getTime() - now) < 120_000 ? `${hm}:${String(d.getSeconds()).padStart(2, '0')}` : hm;
}
