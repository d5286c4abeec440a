// Publishing to the organisation's Supabase backend: what main, preload and renderer agree
// on. Plain data only (crosses IPC). The Supabase session never appears here; the anon key
// does, because it is public by design (every web client of the project ships it).
import { z } from 'zod';
import type { LogLevel } from './domain';

export const COURSE_SYNC_STATES = ['pending', 'synced', 'failed', 'conflict'] as const;
export type CourseSyncState = (typeof COURSE_SYNC_STATES)[number];

export const CONFLICT_RESOLUTIONS = ['keep_theirs', 'overwrite', 'duplicate'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

/**
 * off: not configured. needs_sign_in: configured, but no usable session (a person must act).
 * offline: the backend cannot be reached; waiting to retry. idle / syncing: working normally.
 */
export const SYNC_WORKER_STATES = ['off', 'needs_sign_in', 'offline', 'idle', 'syncing'] as const;
export type SyncWorkerState = (typeof SYNC_WORKER_STATES)[number];

export interface CourseSyncStatus {
  courseId: string;
  state: CourseSyncState;
  /** The backend's id for the course: the local id, or a new one after "duplicate". */
  remoteId: string;
  remoteVersion: number | null;
  syncedAt: string | null;
  /** Why it failed, or why the last try did not succeed while it waits to retry. */
  error: string | null;
  /** How a conflict was settled, or similar context for a synced course. */
  note: string | null;
  attempts: number;
  nextAttemptAt: string | null;
}

export interface SyncCounts {
  pending: number;
  failed: number;
  conflict: number;
  synced: number;
}

export interface SyncConfig {
  url: string;
  anonKey: string;
  organizationId: string | null;
}

export interface SyncStatus {
  configured: boolean;
  url: string | null;
  account: { userId: string; email: string } | null;
  organization: { id: string; name: string; role: 'member' | 'admin' } | null;
  worker: SyncWorkerState;
  /** What a person should know: why it is offline, what to do to sign in again… */
  message: string | null;
  retryAt: string | null;
  counts: SyncCounts;
  courses: CourseSyncStatus[];
}

export interface SyncLogEntry {
  id: number;
  courseId: string | null;
  timestamp: string;
  level: LogLevel;
  message: string;
  details: Record<string, unknown> | null;
}

const supabaseUrl = z
  .url({ protocol: /^https?$/, error: 'Enter the project URL, like https://abcd.supabase.co' })
  .max(500)
  .transform((u) => u.replace(/\/+$/, ''));

export const syncConfigureInputSchema = z.strictObject({
  url: supabaseUrl,
  anonKey: z
    .string()
    .trim()
    .min(20, 'Paste the project’s anon (public) key from Supabase → Project Settings → API.')
    .max(4000)
    .regex(/^[A-Za-z0-9._-]+$/, 'The anon key has characters a Supabase key never contains.'),
  organizationId: z.uuid('The organisation id must be a UUID.').nullable().optional(),
});
export type SyncConfigureInput = z.infer<typeof syncConfigureInputSchema>;

export const syncSignInInputSchema = z.strictObject({
  email: z.email('Enter the email address of your Supabase account.').max(320),
  password: z.string().min(1, 'Enter your password.').max(1000),
});

export const syncResolveInputSchema = z.strictObject({
  courseId: z.uuid(),
  resolution: z.enum(CONFLICT_RESOLUTIONS),
});

export const syncLogInputSchema = z.strictObject({
  courseId: z.uuid().optional(),
  afterId: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(2000).optional(),
});
