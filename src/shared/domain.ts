// Domain types shared by main, preload and renderer. Plain data only: everything here
// crosses IPC, so no classes, no Dates (ISO strings), no functions.
import type { QuizQuestion } from './quiz';
import type { FailureCause } from './failure-causes';
import type { AutoExport, AutoExportResult } from './course-export';
import type { LessonSource } from './materials';

export const COURSE_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type CourseLevel = (typeof COURSE_LEVELS)[number];

/** Lifecycle of a course. The job has its own, finer status. */
export const COURSE_STATUSES = [
  'draft',
  'outline_approved',
  'generating',
  'generated',
  'approved',
  'published',
  'failed',
  'cancelled',
  'rejected',
] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

export const JOB_STATUSES = [
  'queued',
  'generating_lessons',
  'generating_tasks',
  'finalizing',
  'completed',
  'failed',
  'cancelled',
  'paused',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses in which a runner holds (or held, before a crash) the job's lease. */
export const RUNNING_JOB_STATUSES = ['generating_lessons', 'generating_tasks', 'finalizing'] as const satisfies readonly JobStatus[];
export const FINISHED_JOB_STATUSES = ['completed', 'failed', 'cancelled'] as const satisfies readonly JobStatus[];

export const JOB_STEPS = ['lessons', 'tasks', 'finalize', 'publish'] as const;
export type JobStep = (typeof JOB_STEPS)[number];

export const LOG_LEVELS = ['info', 'warning', 'error', 'success'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const TASK_KINDS = ['exercise', 'quiz', 'reflection'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** What a person (or a CSV row) asks for. */
export interface TopicInput {
  topic: string;
  audience: string;
  level: CourseLevel;
  /** Number of projects (modules), 3–8. */
  projects: number;
  language: string;
  notes: string;
  /** Send the PDFs to Claude as pages (document blocks) rather than text; see schemas.ts. */
  pdfAsPages?: boolean;
}

export interface OutlineLesson {
  title: string;
  summary: string;
}

export interface OutlineProject {
  title: string;
  description: string;
  lessons: OutlineLesson[];
}

export interface Outline {
  title: string;
  description: string;
  audience: string;
  level: CourseLevel;
  language: string;
  projects: OutlineProject[];
}

export interface OutlineOption {
  id: string;
  courseId: string;
  position: number;
  outline: Outline;
  createdAt: string;
}

export interface Approval {
  by: string;
  at: string;
  note: string;
}

export interface CourseSummary {
  summary: string;
  learningOutcomes: string[];
  prerequisites: string[];
}

export interface Course {
  id: string;
  topic: TopicInput;
  status: CourseStatus;
  /** The chosen (and possibly edited) outline; null until one is chosen. */
  outline: Outline | null;
  chosenOptionId: string | null;
  outlineApproval: Approval | null;
  courseApproval: Approval | null;
  summary: CourseSummary | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Task {
  id: string;
  lessonId: string;
  position: number;
  kind: TaskKind;
  prompt: string;
  /** Optional for exercises; on a quiz written before typed questions, its one answer key. */
  answerKey: string | null;
  /**
   * A quiz's questions, which an LMS grades by itself. null on exercises and reflections,
   * and on a quiz written before typed questions (one free-text question: `prompt` and
   * `answerKey`), which exports as an essay question until it is regenerated.
   */
  questions: QuizQuestion[] | null;
}

export interface Lesson {
  id: string;
  projectId: string;
  position: number;
  title: string;
  /** Markdown written by the model: untrusted, render sanitized. */
  content: string;
  objectives: string[];
  tasks: Task[];
  /** The places in the course's materials this lesson says it drew on, in its order; empty when it cites none. */
  sources: LessonSource[];
}

export interface Project {
  id: string;
  courseId: string;
  position: number;
  title: string;
  description: string;
  lessons: Lesson[];
}

export interface CourseTree extends Course {
  options: OutlineOption[];
  projects: Project[];
}

/** What a course's model calls cost (outline options and regenerations included), from the call ledger. */
export interface CourseSpend {
  calls: number;
  costUsd: number;
  /** What its batch-priced (economy) calls saved against standard prices. */
  savedUsd: number;
}

/** The course as the course page reads it (`courses.get`): the tree and what it has cost. */
export interface CourseDetail extends CourseTree {
  spend: CourseSpend;
}

export interface TokenUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface LogEntry {
  id: number;
  jobId: string;
  timestamp: string;
  level: LogLevel;
  message: string;
  details: Record<string, unknown> | null;
}

export interface JobSummary {
  id: string;
  courseId: string;
  courseTitle: string;
  status: JobStatus;
  currentStep: JobStep | null;
  currentItem: string | null;
  itemsCompleted: number;
  itemsTotal: number;
  errorMessage: string | null;
  /** The step that failed, where a retry continues. */
  failedStep: JobStep | null;
  /** Why a failed job failed, or 'cancelled'; null for every other status (the queue's cause filter). */
  failureCause: FailureCause | null;
  retryCount: number;
  autoPublish: boolean;
  /** Pauses after each step for review. */
  stepwise: boolean;
  priority: number;
  runAfter: string | null;
  createdAt: string;
  /** First start (a retry keeps it). */
  startedAt: string | null;
  completedAt: string | null;
  /** Time spent running in the stretches that ended (not the time failed, paused or waiting in between). */
  activeMs: number;
  /** Start of the stretch running now, if it is. */
  runningSince: string | null;
  /** A paused stepwise job waiting for a person's review of this step (null: paused mid-step, or not paused). */
  reviewStep: 'lessons' | 'tasks' | null;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  usage: TokenUsage;
  costUsd: number;
  calls: number;
  /**
   * Automatic retries used since the last start or a person's Retry (at most
   * MAX_AUTO_RETRIES). A queued job with a count and a future `runAfter` waits for one.
   */
  autoRetries: number;
  /** The failure that scheduled the latest automatic retry. */
  retryReason: string | null;
  /** Economy mode: the units go through the Message Batches API at half price. */
  economy: boolean;
  /** The economy batch (local id) its units wait in now, if any. */
  waitingInBatch: string | null;
  /** What the job's batch-priced calls saved against standard prices. */
  savedUsd: number;
  /** The jobs queued together with it share this id (`jobs.groupTotals` sums them); null for jobs queued before groups. */
  queueGroup: string | null;
  /** Where and in which formats its course is written once it completes; null: not exported. */
  autoExport: AutoExport | null;
  /** What that export did (pending until the files are written); null before completion or without autoExport. */
  autoExportResult: AutoExportResult | null;
}

/** The jobs queued together (one batch review, one `course-studio queue`): what they cost together, and what economy saved. */
export interface QueueGroupTotals {
  id: string;
  /** Jobs in the group now (a deleted job no longer counts). */
  jobs: number;
  calls: number;
  costUsd: number;
  savedUsd: number;
}

/** Automatic retries a job gets for transient failures before it fails for good. */
export const MAX_AUTO_RETRIES = 3;

export interface RunnerLimits {
  /** Jobs running at once. */
  jobs: number;
  /** Model requests in flight at once, across all jobs. */
  requests: number;
}

export interface QueueState {
  paused: boolean;
  limits: RunnerLimits;
  /** Set while requests wait on a shared back-off (429), the network or an outage. */
  waitingUntil: string | null;
  /** The whole sentence a person reads ("Claude API overloaded — waiting, next try at 02:14 (outage so far 6 min)"). */
  waitingReason: string | null;
  /**
   * Why nothing runs that is not the provider's doing (no API key, a full disk): it comes
   * before any hold, and `waitingReason` is this sentence while it is set.
   */
  blockedReason: string | null;
  /** Why no request goes out now, when the provider is the cause; null while sending. */
  hold: ProviderHold | null;
  /** Requests allowed at once now: `limits.requests`, or fewer while the account pushes back. */
  effectiveRequests: number;
  /** The account's limits as its answers state them; null until one said. */
  account: AccountLimits | null;
  /** Jobs waiting for an automatic retry, and when the first goes (ISO). */
  retries: { scheduled: number; next: string | null };
}

export type ProviderHoldCause = 'offline' | 'overloaded' | 'rate_limited';

export interface ProviderHold {
  cause: ProviderHoldCause;
  /** The provider's name ("Claude API"). */
  provider: string;
  /** When this stretch began (ISO), for "outage so far 6 min". */
  since: string | null;
  /** The next try (ISO): a probe, or the account's gate reopening. */
  until: string | null;
}

export interface AccountLimits {
  requestsPerMinute: number | null;
  inputTokensPerMinute: number | null;
  outputTokensPerMinute: number | null;
}

/** The summary of one run of the queue (a night's batch): kept, shown in the morning. */
export interface RunReport {
  id: number;
  source: 'app' | 'cli';
  startedAt: string;
  endedAt: string;
  completed: { jobId: string; courseTitle: string }[];
  failed: { jobId: string; courseTitle: string; reason: string; step: JobStep | null }[];
  /** Automatic retries scheduled during the run. */
  autoRetries: number;
  /** Time no request could go out, per cause (ms). */
  waited: { providerMs: number; networkMs: number; rateLimitMs: number };
  /** 429 answers received during the run. */
  rateLimited: number;
  calls: number;
  usage: TokenUsage;
  costUsd: number;
  /** What the run's batch-priced (economy) calls saved against standard prices (0 in reports stored before it was kept). */
  savedUsd: number;
}
