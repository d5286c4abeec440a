// How a course's sync state reads: a label, a tone for the badge and one line on why or
// when. Pure (the caller passes `now`), so the queue, the course view and the sync page
// agree and the wording is tested once.
import type { CourseSyncStatus, SyncStatus, SyncWorkerState } from '../../shared/sync';
import { relativeTime } from './format';
import type { Tone } from './status';

export interface SyncLook {
  label: string;
  tone: Tone;
  /** Why it failed, when it synced, when it will retry… */
  detail: string | null;
}

/** A past time read against a clock that may tick slower than events arrive: never "in the future". */
const past = (iso: string, now: number) => relativeTime(iso, Math.max(now, Date.parse(iso)));

export function courseSyncLook(state: CourseSyncStatus, now: number): SyncLook {
  switch (state.state) {
    case 'synced':
      return { label: 'Synced', tone: 'green', detail: [state.syncedAt ? `Synced ${past(state.syncedAt, now)}` : 'Synced', state.note].filter(Boolean).join(' — ') };
    case 'pending': {
      const next = state.nextAttemptAt && Date.parse(state.nextAttemptAt) > now + 1_000 ? `Next try ${relativeTime(state.nextAttemptAt, now)}.` : null;
      return { label: 'Sync pending', tone: 'amber', detail: [state.error, next].filter(Boolean).join(' ') || 'Waiting to be pushed' };
    }
    case 'failed':
      return { label: 'Sync failed', tone: 'red', detail: state.error ?? 'The backend refused the course.' };
    case 'conflict':
      // The note says why a chosen resolution did not go through (keep theirs could not read theirs).
      return { label: 'Sync conflict', tone: 'red', detail: [state.error ?? 'The course was changed on the backend.', state.note].filter(Boolean).join(' ') };
  }
}

export const WORKER_LABELS: Record<SyncWorkerState, { label: string; tone: Tone }> = {
  off: { label: 'Off', tone: 'grey' },
  needs_sign_in: { label: 'Sign in needed', tone: 'amber' },
  offline: { label: 'Waiting for the backend', tone: 'amber' },
  idle: { label: 'Up to date', tone: 'green' },
  syncing: { label: 'Syncing…', tone: 'blue' },
};

/** A one-line summary for the sidebar and the Settings section. */
export function syncSummary(status: SyncStatus): string {
  if (!status.configured) return 'Sync is off. Set a Supabase project to publish courses to your organisation.';
  const parts: string[] = [];
  const { pending, failed, conflict } = status.counts;
  if (pending > 0) parts.push(`${pending} pending`);
  if (failed > 0) parts.push(`${failed} failed`);
  if (conflict > 0) parts.push(`${conflict} in conflict`);
  const counts = parts.length > 0 ? parts.join(', ') : `${status.counts.synced} synced`;
  return status.message ? `${status.message} (${counts})` : `${WORKER_LABELS[status.worker].label} — ${counts}`;
}

/** Courses that need a person first: conflicts, then failures, then the rest by recency. */
export function sortForAttention(courses: readonly CourseSyncStatus[]): CourseSyncStatus[] {
  const rank: Record<CourseSyncStatus['state'], number> = { conflict: 0, failed: 1, pending: 2, synced: 3 };
  return [...courses].sort((a, b) => rank[a.state] - rank[b.state]);
}
