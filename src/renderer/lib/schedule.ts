// The wizard's "start later" time: a datetime-local value (local time, no zone) turned into
// the ISO instant the queue stores, refusing times that are not in the future.
export function scheduledStart(value: string, now: number): { iso: string | null; error: string | null } {
  if (value.trim() === '') return { iso: null, error: 'Pick a date and time, or untick “Start later”.' };
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return { iso: null, error: 'That is not a valid date and time.' };
  if (at.getTime() <= now) return { iso: null, error: 'That time has already passed; pick a later one.' };
  return { iso: at.toISOString(), error: null };
}

/** A datetime-local value for `ms` in local time (the input has no zone). */
export function toLocalInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Tonight at 22:00, or tomorrow's if that has passed: the usual overnight batch. */
export function tonight(now: number): number {
  const d = new Date(now);
  d.setHours(22, 0, 0, 0);
  if (d.getTime() <= now) d.setDate(d.getDate() + 1);
  return d.getTime();
}
