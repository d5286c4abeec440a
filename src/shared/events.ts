// Progress events pushed by the runner. Every event carries a sequence number that only
// grows within one runner process, so a UI can take a snapshot (which records the last
// sequence it includes) and apply later events without gaps or double counting.
import type { JobStatus, JobStep, LogEntry, QueueState, RunReport } from './domain';

export type RunnerEventBody =
  | { type: 'job.queued'; jobId: string; courseId: string }
  | { type: 'job.started'; jobId: string; status: JobStatus }
  | { type: 'job.retrying'; jobId: string; attempt: number; delayMs: number; reason: string }
  | { type: 'job.completed'; jobId: string }
  /** A completed job's auto-export wrote its files (or failed to): read the job again for the result. */
  | { type: 'job.exported'; jobId: string; state: 'done' | 'partial' | 'failed' }
  | { type: 'job.failed'; jobId: string; error: string; step: JobStep | null }
  | { type: 'job.cancelled'; jobId: string }
  | { type: 'job.paused'; jobId: string }
  | { type: 'job.deleted'; jobId: string }
  | { type: 'step.started'; jobId: string; step: JobStep }
  | { type: 'step.completed'; jobId: string; step: JobStep }
  | { type: 'item.started'; jobId: string; step: JobStep; item: string }
  | { type: 'item.completed'; jobId: string; step: JobStep; item: string }
  | { type: 'progress'; jobId: string; completed: number; total: number; percent: number }
  | { type: 'log'; jobId: string; entry: LogEntry }
  | { type: 'queue.state'; state: QueueState }
  /** A run of the queue ended: its morning report (also kept in the database). */
  | { type: 'run.report'; report: RunReport }
  /** The economy batches changed (created, progress, ended): the queue page's view reads them again. */
  | { type: 'batches.changed' };

export type RunnerEventType = RunnerEventBody['type'];

export type RunnerEvent = RunnerEventBody & {
  seq: number;
  /** ISO time the event was emitted. */
  at: string;
};
