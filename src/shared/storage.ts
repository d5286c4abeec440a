// Settings → Storage and the course bin: what main and the renderer agree on. The cleanup
// actions are the same for the app, its daily run and `course-studio cleanup`.
import { z } from 'zod';

/** Days a finished job's log is kept (1 day to 10 years). */
export const logDaysSchema = z.number().int().min(1, 'Keep logs at least 1 day.').max(3650, 'At most 3650 days (ten years).');
/** Versions kept per lesson or task (the current one and approval-pinned ones are always kept). */
export const keepVersionsSchema = z.number().int().min(1, 'Keep at least 1 version.').max(10_000);

/** The daily retention run. `keepVersions` null: every version is kept. */
export const housekeepingSettingsSchema = z
  .object({
    auto: z.boolean(),
    logDays: logDaysSchema,
    keepVersions: keepVersionsSchema.nullable(),
  })
  .strict();
export type HousekeepingSettings = z.infer<typeof housekeepingSettingsSchema>;

export const DEFAULT_HOUSEKEEPING: HousekeepingSettings = { auto: true, logDays: 30, keepVersions: null };

export const CLEANUP_ACTIONS = ['logs', 'versions', 'bin'] as const;
export type CleanupAction = (typeof CLEANUP_ACTIONS)[number];

/** What one part of the file holds, in bytes (SQLite pages, indexes included). */
export interface StorageSizes {
  logs: number;
  calls: number;
  versions: number;
  courses: number;
  /** Source materials: their extracted text, passages, links and lessons' citations. */
  materials: number;
  /** Everything else: jobs, settings, sync state, batches, reports, the schema. */
  other: number;
  /** Pages that hold nothing and that compaction gives back to the disk. */
  free: number;
}

export interface StorageView {
  /** The database file plus its write-ahead log, in bytes. */
  fileBytes: number;
  walBytes: number;
  sizes: StorageSizes;
  /** How the sizes were found: SQLite's page statistics, or an estimate from row sizes. */
  measuredBy: 'dbstat' | 'estimate';
  /** The file frees pages in small steps; false: it needs one full rewrite first (only while the queue is idle). */
  incremental: boolean;
  /** No job runs (here or in another process): compaction may start. */
  queueIdle: boolean;
  counts: { logLines: number; callRecords: number; rolledUpCalls: number; versions: number; courses: number; binned: number };
  /**
   * The source materials: how many (one per distinct file, however many courses use it), the
   * UTF-8 bytes of their extracted text in the database, and the bytes of the files in the
   * materials folder on disk (and how many files are there).
   */
  materials: { count: number; textBytes: number; folderBytes: number; folderFiles: number };
  settings: HousekeepingSettings;
  /** The last automatic run (ISO) and what it removed, or null before the first. */
  lastAuto: { at: string; result: CleanupResult } | null;
}

/** A cleanup's count: what it will remove (dry run) or what it removed. */
export interface CleanupResult {
  dryRun: boolean;
  logLines: number;
  /** Jobs whose old log lines were (or would be) removed. */
  logJobs: number;
  versions: number;
  courses: number;
  /** Call records of those courses, summed into the rolled-up ledger. */
  callsRolledUp: number;
}

export interface CompactResult {
  /** 'switched': the one full rewrite to incremental mode; 'incremental': freed in small steps. */
  mode: 'switched' | 'incremental' | 'nothing';
  pagesFreed: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Stopped early because a job started (or the app closed); run it again when idle. */
  interrupted: boolean;
  steps: number;
  /** The longest time one step held the database, ms. */
  longestStepMs: number;
}

export interface BinnedCourse {
  id: string;
  title: string;
  deletedAt: string;
  /** What its calls cost: kept in every total, also after it is removed for good. */
  costUsd: number;
  calls: number;
}
