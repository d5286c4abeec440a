// Economy mode, the cost estimate and the budget (issue 14): the types main, preload and
// renderer share. Economy is a transport, not a kind of job: the same units, sent through
// the Message Batches API at half price, answered within 24 h (most within an hour).
import { z } from 'zod';

/** The price tier a call was billed at, as the API reports it (`usage.service_tier`). */
export type ServiceTier = 'standard' | 'batch';

/** One batch on the API, as the queue page's "Economy batches" view lists it. */
export interface EconomyBatchView {
  /** Local id (kept before the API id exists). */
  id: string;
  /** The API's `msgbatch_…` id; null while only the intent is stored. */
  apiBatchId: string | null;
  /** intent: stored, not yet created on the API; submitted: in progress there; ended: results read or being read. */
  state: 'intent' | 'submitted' | 'ended' | 'done' | 'abandoned';
  requests: number;
  /** The API's processing_status (in_progress, canceling, ended), null before create. */
  processingStatus: string | null;
  counts: { processing: number; succeeded: number; errored: number; canceled: number; expired: number } | null;
  createdAt: string;
  /** When the API gives up on it (created + 24 h). */
  endsBy: string | null;
  endedAt: string | null;
  /** The jobs with units in it. */
  jobIds: string[];
  error: string | null;
}

export interface Range {
  low: number;
  expected: number;
  high: number;
}

/** What a course or a batch of courses is expected to cost, before anything is queued. */
export interface CostEstimate {
  courses: number;
  calls: number;
  inputTokens: Range;
  outputTokens: Range;
  standardUsd: Range;
  economyUsd: Range;
  /** How the output tokens were judged: this database's past courses, or the defaults. */
  basis: { pastCourses: number; text: string };
  model: string;
}

export const budgetSettingsSchema = z.object({
  /** Spending cap per calendar day (local time), USD; null: none. */
  dailyUsd: z.number().positive('A budget must be more than $0.').max(100_000).nullable(),
  /** Cap for each queued batch of courses (one batch review, one `queue`), USD; null: none. */
  batchUsd: z.number().positive('A budget must be more than $0.').max(100_000).nullable(),
});
export type BudgetSettings = z.infer<typeof budgetSettingsSchema>;
