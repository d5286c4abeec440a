// The IPC contract: every command the renderer may call (with the zod schema its input
// must pass) and every event main pushes. Main registers handlers from this list, the
// preload generates its named methods from it, and the renderer's types derive from it —
// typed once, so the three cannot drift.
import { z } from 'zod';
import type {
  Course,
  CourseDetail,
  CourseStatus,
  JobStatus,
  JobSummary,
  Lesson,
  LogEntry,
  Outline,
  OutlineOption,
  QueueGroupTotals,
  QueueState,
  RunReport,
  Task,
  TopicInput,
} from './domain';
import { JOB_STATUSES, LOG_LEVELS, TASK_KINDS } from './domain';
import { COURSE_EXPORT_FORMATS, type AutoExport, type ExportedCourseFile, type FolderExportProgress, type FolderExportResult } from './course-export';
import type { RunnerEvent } from './events';
import type { Camel, CommandName, EventName } from './ipc-names';
import { approvalInputSchema, outlineSchema, topicInputSchema } from './schemas';
import { quizQuestionsSchema, quizSettingsSchema, type QuizSettings } from './quiz';
import { insightsInputSchema, type Insights } from './insights';
import { UNIT_KINDS, type ApprovalDrift, type UnitVersion } from './history';
import { budgetSettingsSchema, type BudgetSettings, type CostEstimate, type EconomyBatchView } from './economy';
import { autoExportSchema, folderPathSchema, modelSettingsSchema, runnerLimitsSchema } from './settings';
import {
  listLocalModelsInputSchema,
  localModelSchema,
  modelRoutingSchema,
  type ClaudeModelView,
  type DetectedServerView,
  type LocalModelInfo,
  type ModelTestView,
  type ModelsView,
} from './model-routing';
import {
  MAX_MATERIALS_AT_ONCE,
  materialFileInputSchema,
  stagedMaterialSchema,
  sha256Schema,
  type AttachResult,
  type CourseMaterial,
  type MaterialView,
} from './materials';
import {
  housekeepingSettingsSchema,
  keepVersionsSchema,
  logDaysSchema,
  type BinnedCourse,
  type CleanupResult,
  type CompactResult,
  type HousekeepingSettings,
  type StorageView,
} from './storage';
import {
  syncConfigureInputSchema,
  syncLogInputSchema,
  syncResolveInputSchema,
  syncSignInInputSchema,
  type SyncConfig,
  type SyncLogEntry,
  type SyncStatus,
} from './sync';

export { COMMAND_NAMES, EVENT_NAMES, LOCAL_METHOD_NAMES, commandChannel, eventChannel, listenerName, methodName, type CommandName, type EventName } from './ipc-names';

const id = z.uuid({ message: 'Expected an id (UUID).' });
const ids = z.array(id).min(1, 'Select at least one job.').max(10_000);
const none = z.object({}).strict().optional();

/** The most jobs one `jobs.snapshot` page or id list may ask for: about 3 MB of summaries. */
export const MAX_SNAPSHOT_PAGE = 5_000;

/** The most courses one `courses.exportMany` writes. */
export const MAX_FOLDER_EXPORT = 1_000;

/** Largest text a person can paste into a batch import: a 10,000-row CSV fits easily. */
export const MAX_IMPORT_CHARS = 5_000_000;

/** Source files travel only inside an LMS package; Markdown and JSON are one file each and never carry them. */
const materialsFitFormat = (input: { format: string; includeMaterials?: boolean | undefined }) => !input.includeMaterials || input.format === 'imscc' || input.format === 'scorm12';
const MATERIALS_FORMAT_ISSUE = {
  message: 'Source files can be included in IMS Common Cartridge and SCORM 1.2 packages only; Markdown and JSON list the sources without the files.',
  path: ['includeMaterials'],
};

export const commandInputs = {
  'app.info': none,
  /** The renderer has subscribed to events: main starts pushing from here. Returns the current sequence. */
  'app.ready': none,
  'app.openExternal': z.object({ url: z.url({ protocol: /^https?$/ }).max(2_000) }).strict(),
  /** Only while the database cannot be opened: keeps the unreadable file under a new name and starts an empty one. */
  'app.startNewDatabase': none,
  /**
   * Opens the OS folder dialog (the window's own, in main). The folder picked is the only one
   * `courses.exportMany`, a job's auto-export and Settings' default accept from then on,
   * besides the default already stored: a path the page makes up is refused.
   */
  'app.chooseFolder': z.object({ purpose: z.enum(['export', 'autoExport']) }).strict(),
  /** Opens the OS file dialog (several files): source materials for a topic, or a topics file to import. */
  'app.chooseFiles': z.object({ purpose: z.enum(['materials', 'topics']) }).strict(),

  'settings.get': none,
  'settings.update': z
    .object({
      model: modelSettingsSchema.shape.model,
      maxTokens: modelSettingsSchema.shape.maxTokens,
      baseURL: modelSettingsSchema.shape.baseURL,
      defaultAutoPublish: z.boolean(),
      reviewerName: z.string().trim().max(120),
      /** New jobs are queued in economy mode unless the person chooses otherwise. */
      defaultEconomy: z.boolean(),
      /** New jobs export their course into this folder when they complete (null: they do not). */
      defaultAutoExport: autoExportSchema.nullable(),
      budget: budgetSettingsSchema,
      /** Questions per lesson quiz, their types, the SCORM mastery score. */
      quiz: quizSettingsSchema,
      /** A published course edited since its approval is synced again without a new approval. */
      republishEditedWithoutApproval: z.boolean(),
    })
    .partial()
    .strict(),
  'apiKey.set': z.object({ key: z.string().trim().min(10, 'That API key is too short.').max(500, 'That API key is too long.') }).strict(),
  'apiKey.clear': none,
  'apiKey.test': none,

  /** Which model each step uses (Claude or a local server's). */
  'models.get': none,
  'models.setRouting': modelRoutingSchema.strict(),
  /** The Claude models the key can use (the Models API), retiring ones with their dates. */
  'claudeModels.list': none,
  /** Local servers answering on their default ports (each probed for 1.5 s at most, all at once). */
  'localModels.detect': none,
  /** A server's models (GET /v1/models). */
  'localModels.list': listLocalModelsInputSchema,
  /** One small structured call to the model, timed. */
  'localModels.test': localModelSchema.strict(),

  'topics.parse': z
    .object({
      text: z.string().max(MAX_IMPORT_CHARS, 'The import is larger than 5 MB; split it into smaller files.'),
      format: z.enum(['csv', 'json', 'lines']),
      /** The file this text was opened from with topics.parseFile (then edited): its folder is where `sources` are found. */
      fromFile: z.string().min(1).max(4_096).optional(),
    })
    .strict(),
  /** Main reads a file chosen with app.chooseFiles {purpose: 'topics'} and parses it; `sources` are found relative to its folder. */
  'topics.parseFile': z
    .object({
      path: z.string().min(1).max(4_096),
      /** Absent: detected from the file name, then the text. */
      format: z.enum(['csv', 'json', 'lines']).optional(),
    })
    .strict(),

  'courses.list': none,
  'courses.get': z.object({ courseId: id }).strict(),
  'courses.create': z
    .object({
      topic: topicInputSchema,
      /** Materials attached in the wizard before the course existed (materials.attach without a course): linked in the same write. */
      materials: z.array(stagedMaterialSchema).max(MAX_MATERIALS_AT_ONCE, `A topic may have at most ${MAX_MATERIALS_AT_ONCE} source materials.`).optional(),
    })
    .strict(),
  'courses.generateOutlines': z.object({ courseId: id, count: z.number().int().min(1).max(5).optional() }).strict(),
  'courses.chooseOption': z.object({ courseId: id, optionId: id }).strict(),
  'courses.editOutline': z.object({ courseId: id, outline: outlineSchema }).strict(),
  'courses.approveOutline': z.object({ courseId: id, ...approvalInputSchema.shape }).strict(),
  'courses.reject': z.object({ courseId: id }).strict(),
  /** A rejected draft back to review, with its options and chosen outline. */
  'courses.reopen': z.object({ courseId: id }).strict(),
  'courses.approve': z.object({ courseId: id, ...approvalInputSchema.shape }).strict(),
  'courses.publish': z.object({ courseId: id }).strict(),
  /** Moves the course into the bin (courses.bin): hidden everywhere, restorable, its spending kept in every total. */
  'courses.delete': z.object({ courseId: id }).strict(),
  /** IMS CC and SCORM packages come back base64-encoded; Markdown and JSON as text. */
  'courses.export': z
    .object({
      courseId: id,
      format: z.enum(COURSE_EXPORT_FORMATS),
      /** Put the course's source files in the package (IMS CC, SCORM 1.2 only); never by default. */
      includeMaterials: z.boolean().optional(),
    })
    .strict()
    .refine(materialsFitFormat, MATERIALS_FORMAT_ISSUE),
  /**
   * Writes each course into a folder chosen with app.chooseFolder, under its own file name
   * (never over a file already there); reports each course, and its progress as `export.progress`.
   */
  'courses.exportMany': z
    .object({
      courseIds: z.array(id).min(1, 'Select at least one course.').max(MAX_FOLDER_EXPORT, `Export at most ${MAX_FOLDER_EXPORT} courses at once.`),
      format: z.enum(COURSE_EXPORT_FORMATS),
      folder: folderPathSchema,
      /** Names this export in its `export.progress` events. */
      exportId: id.optional(),
      /** Put each course's source files in its package (IMS CC, SCORM 1.2 only); never by default. */
      includeMaterials: z.boolean().optional(),
    })
    .strict()
    .refine(materialsFitFormat, MATERIALS_FORMAT_ISSUE),

  /**
   * Reads files into source materials, each with its own answer (one failing never stops the
   * others). With a course they are linked to it; without one they are kept for the
   * `courses.create` that follows (the wizard's topic form).
   */
  'materials.attach': z
    .object({
      courseId: id.optional(),
      files: z
        .array(materialFileInputSchema)
        .min(1, 'Choose at least one file.')
        .max(MAX_MATERIALS_AT_ONCE, `Attach at most ${MAX_MATERIALS_AT_ONCE} files at once.`),
    })
    .strict(),
  'materials.list': z.object({ courseId: id }).strict(),
  /** Takes the material off the course; its file is let go when nothing else uses it. */
  'materials.remove': z.object({ courseId: id, sha256: sha256Schema }).strict(),
  /** A material's extracted text and sections, for the read-only viewer. */
  'materials.view': z.object({ courseId: id, sha256: sha256Schema }).strict(),

  'lessons.update': z
    .object({
      lessonId: id,
      title: z.string().trim().min(1).max(200),
      content: z.string().max(1_000_000),
      objectives: z.array(z.string().trim().min(1).max(500)).max(12),
    })
    .strict(),
  'lessons.regenerate': z.object({ lessonId: id }).strict(),
  'tasks.update': z
    .object({
      taskId: id,
      kind: z.enum(TASK_KINDS),
      prompt: z.string().trim().min(1).max(20_000),
      answerKey: z.string().max(20_000).nullable(),
      /** A quiz's questions. Absent: the stored ones are kept (an edit of the prompt alone never drops them). */
      questions: quizQuestionsSchema.optional(),
    })
    .strict(),
  'tasks.regenerate': z.object({ taskId: id }).strict(),
  /** A lesson's or task's versions, newest first, each with its whole text (for the diff). */
  'history.list': z.object({ unitKind: z.enum(UNIT_KINDS), unitId: id }).strict(),
  /** Makes an earlier version the current text, as a new version; history is never rewritten. */
  'history.restore': z.object({ unitKind: z.enum(UNIT_KINDS), unitId: id, version: z.number().int().min(1).max(1_000_000) }).strict(),
  /** The units whose version differs from what the course's approval pinned. */
  'courses.changesSinceApproval': z.object({ courseId: id }).strict(),

  'jobs.enqueue': z
    .object({
      courseId: id,
      autoPublish: z.boolean().default(false),
      priority: z.number().int().min(-100).max(100).default(0),
      /** ISO time before which the job must not start. */
      runAfter: z.iso.datetime({ offset: true }).nullable().default(null),
      /** Pause after each step so a person can review it (the wizard's "Generate manually"). */
      stepwise: z.boolean().default(false),
      /** Through the Message Batches API at half price; absent: the Settings default. */
      economy: z.boolean().optional(),
      /** Jobs queued together share a group (and its budget); absent: a group of one. */
      queueGroup: id.optional(),
      /** Write the course into a folder (chosen with app.chooseFolder) when it completes; null: no; absent: the Settings default. */
      autoExport: autoExportSchema.nullable().optional(),
    })
    .strict(),
  'jobs.snapshot': z
    .object({
      statuses: z.array(z.enum(JOB_STATUSES)).max(JOB_STATUSES.length).optional(),
      search: z.string().max(300).optional(),
      /** Just these jobs: a cost refresh, or jobs another window or the CLI queued. */
      ids: z.array(id).min(1).max(MAX_SNAPSHOT_PAGE).optional(),
      /** One page in list order (newest first); `next` in the answer continues it. */
      limit: z.number().int().min(1).max(MAX_SNAPSHOT_PAGE).optional(),
      after: z.object({ createdAt: z.iso.datetime({ offset: true }), id }).strict().optional(),
    })
    .strict()
    .optional(),
  /** What the jobs queued together with one (its `queueGroup`) cost in all, and what economy saved. */
  'jobs.groupTotals': z.object({ queueGroup: id }).strict(),
  'jobs.cancel': z.object({ jobIds: ids }).strict(),
  'jobs.retry': z.object({ jobIds: ids }).strict(),
  'jobs.delete': z.object({ jobIds: ids }).strict(),
  'jobs.pause': z.object({ jobIds: ids }).strict(),
  'jobs.resume': z.object({ jobIds: ids }).strict(),
  'jobs.logs': z
    .object({
      jobId: id,
      levels: z.array(z.enum(LOG_LEVELS)).max(LOG_LEVELS.length).optional(),
      text: z.string().max(300).optional(),
      afterId: z.number().int().min(0).optional(),
      beforeId: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
    })
    .strict(),

  'queue.pause': none,
  'queue.resume': none,
  'queue.setLimits': runnerLimitsSchema.partial().strict(),
  /** The economy batches on the API, newest first (the queue page's "Economy batches"). */
  'batches.list': none,
  /** Expected tokens and cost, standard and economy, of generating these approved courses. */
  'estimate.courses': z.object({ courseIds: ids }).strict(),
  /** The Insights page's figures for a period, aggregated in SQLite; days are the caller's local days. */
  'insights.get': insightsInputSchema,

  // Publishing to the organisation's Supabase backend (off until configured).
  'sync.getConfig': none,
  'sync.configure': syncConfigureInputSchema,
  'sync.signIn': syncSignInInputSchema,
  'sync.signOut': none,
  'sync.status': none,
  /** Retries failed courses, forgets back-off, and runs one pass now. */
  'sync.now': none,
  'sync.resolveConflict': syncResolveInputSchema,
  'sync.log': syncLogInputSchema.optional(),

  // The course bin (courses.delete moves a course into it) and Settings → Storage.
  'courses.bin': none,
  'courses.restore': z.object({ courseId: id }).strict(),
  /** Removes courses in the bin for good (their call records stay in every total, rolled up): these, or the whole bin. */
  'courses.removeForGood': z
    .object({ courseIds: z.array(id).min(1, 'Select at least one course.').max(10_000).optional(), all: z.literal(true).optional() })
    .strict()
    .refine((input) => (input.courseIds === undefined) !== (input.all === undefined), {
      message: 'Name the courses (courseIds) or the whole bin (all: true), one of the two.',
      path: ['courseIds'],
    }),
  'storage.get': none,
  /** One cleanup action; `dryRun` counts what it would remove and changes nothing. */
  'storage.cleanup': z.discriminatedUnion('action', [
    z.object({ action: z.literal('logs'), olderThanDays: logDaysSchema, dryRun: z.boolean() }).strict(),
    z.object({ action: z.literal('versions'), keep: keepVersionsSchema, dryRun: z.boolean() }).strict(),
    z.object({ action: z.literal('bin'), dryRun: z.boolean() }).strict(),
  ]),
  /** Gives free pages back to the disk, in small steps while no job runs (or the one full rewrite an older file needs). */
  'storage.compact': none,
  'storage.setSchedule': housekeepingSettingsSchema.partial().strict(),
} as const satisfies { [C in CommandName]: z.ZodType };

export interface AppInfo {
  version: string;
  platform: string;
  dataDir: string;
  /** How the API key is protected at rest: by the OS keychain, or only obfuscated. */
  secretStorage: 'os' | 'plaintext' | 'unavailable';
  /** Why the data could not be opened (damaged, from a newer version, locked, read-only) or is damaged; null when all is well. */
  startupError: string | null;
  /** Whether keeping the file aside and starting a new, empty database is the way out: never for a file that is only locked or read-only. */
  canStartNewDatabase: boolean;
}

export interface SettingsView {
  apiKeySet: boolean;
  /** Set when the chosen model is retired or about to be. */
  modelNotice: string | null;
  secretStorage: AppInfo['secretStorage'];
  model: string;
  maxTokens: number;
  baseURL: string | null;
  defaultAutoPublish: boolean;
  reviewerName: string;
  defaultEconomy: boolean;
  defaultAutoExport: AutoExport | null;
  budget: BudgetSettings;
  quiz: QuizSettings;
  republishEditedWithoutApproval: boolean;
  dataDir: string;
  limits: QueueState['limits'];
}

export interface CourseListItem {
  id: string;
  title: string;
  status: CourseStatus;
  topic: TopicInput;
  createdAt: string;
  updatedAt: string;
  jobId: string | null;
  jobStatus: JobStatus | null;
}

export interface ParsedTopicRow {
  /** 1-based line (CSV: the file line where the row starts). */
  line: number;
  topic: TopicInput;
  /**
   * The row's source materials (its `sources` column), only when it names some. Once main
   * has resolved them (topics.parse/parseFile, the CLI): absolute paths of files that exist,
   * for `materials.attach`; the ones that do not are in `sourceProblems`.
   */
  sources?: string[];
}

/** A source a row names that will not be attached: the row still imports without it. */
export interface SourceProblem {
  line: number;
  /** As written in the file. */
  path: string;
  message: string;
}

export interface TopicParseResult {
  rows: ParsedTopicRow[];
  errors: { line: number; message: string }[];
  /** Present when a row names sources: the ones that cannot be attached, by line. */
  sourceProblems?: SourceProblem[];
}

export interface TopicFileParseResult extends TopicParseResult {
  /** The file's text, shown (and editable) in the batch page. */
  text: string;
  fileName: string;
  /** Absolute: what topics.parse's `fromFile` names when the text is checked again. */
  path: string;
  format: 'csv' | 'json' | 'lines';
}

export interface BulkResult {
  done: string[];
  failed: { id: string; message: string }[];
}

export interface JobsSnapshot {
  seq: number;
  jobs: JobSummary[];
  queue: QueueState;
  /** Where the next page starts, when a `limit` was given and more jobs may follow; else null. */
  next: JobsCursor | null;
  /** The last run's morning report (later ones arrive as `run.report` runner events); null before the first run ends. */
  report: RunReport | null;
}

/** A position in the queue's order (newest first), stable while jobs are added or deleted. */
export interface JobsCursor {
  createdAt: string;
  id: string;
}

/** What each command returns on success. */
export interface CommandOutputs {
  'app.info': AppInfo;
  'app.ready': { seq: number };
  'app.openExternal': { opened: boolean };
  'app.startNewDatabase': { keptAs: string };
  /** null: the dialog was closed without a choice. */
  'app.chooseFolder': { folder: string | null };
  /** Empty: the dialog was closed without a choice. */
  'app.chooseFiles': { paths: string[] };
  'settings.get': SettingsView;
  'settings.update': SettingsView;
  'apiKey.set': SettingsView;
  'apiKey.clear': SettingsView;
  'apiKey.test': { ok: boolean; message: string };
  'models.get': ModelsView;
  'models.setRouting': ModelsView;
  'claudeModels.list': ClaudeModelView[];
  'localModels.detect': DetectedServerView[];
  'localModels.list': LocalModelInfo[];
  'localModels.test': ModelTestView;
  'topics.parse': TopicParseResult;
  'topics.parseFile': TopicFileParseResult;
  'courses.list': CourseListItem[];
  'courses.get': CourseDetail;
  'courses.create': Course;
  'courses.generateOutlines': OutlineOption[];
  'courses.chooseOption': Course;
  'courses.editOutline': Course;
  'courses.approveOutline': Course;
  'courses.reject': Course;
  'courses.reopen': Course;
  'courses.approve': Course;
  'courses.publish': Course;
  'courses.delete': { deleted: true };
  'courses.export': ExportedCourseFile;
  'courses.exportMany': FolderExportResult;
  'materials.attach': AttachResult[];
  'materials.list': CourseMaterial[];
  'materials.remove': { removed: true; released: boolean };
  'materials.view': MaterialView;
  'lessons.update': Lesson;
  'lessons.regenerate': Lesson;
  'tasks.update': Task;
  'tasks.regenerate': Task;
  'history.list': UnitVersion[];
  'history.restore': UnitVersion;
  'courses.changesSinceApproval': ApprovalDrift;
  'jobs.enqueue': JobSummary;
  'jobs.snapshot': JobsSnapshot;
  'jobs.groupTotals': QueueGroupTotals;
  'jobs.cancel': BulkResult;
  'jobs.retry': BulkResult;
  'jobs.delete': BulkResult;
  'jobs.pause': BulkResult;
  'jobs.resume': BulkResult;
  'jobs.logs': LogEntry[];
  'queue.pause': QueueState;
  'queue.resume': QueueState;
  'queue.setLimits': QueueState;
  'batches.list': EconomyBatchView[];
  'estimate.courses': CostEstimate;
  'insights.get': Insights;
  'sync.getConfig': SyncConfig | null;
  'sync.configure': SyncStatus;
  'sync.signIn': SyncStatus;
  'sync.signOut': SyncStatus;
  'sync.status': SyncStatus;
  'sync.now': SyncStatus;
  'sync.resolveConflict': SyncStatus;
  'sync.log': SyncLogEntry[];
  'courses.bin': BinnedCourse[];
  'courses.restore': Course;
  'courses.removeForGood': { courses: number; callsRolledUp: number };
  'storage.get': StorageView;
  'storage.cleanup': CleanupResult;
  'storage.compact': CompactResult;
  'storage.setSchedule': HousekeepingSettings;
}

export type CommandInput<C extends CommandName> = z.input<(typeof commandInputs)[C]>;
export type ParsedCommandInput<C extends CommandName> = z.output<(typeof commandInputs)[C]>;

export type ErrorCode = 'invalid_input' | 'not_found' | 'conflict' | 'failed' | 'forbidden' | 'unknown_command';

export interface CommandError {
  code: ErrorCode;
  message: string;
  /** For invalid_input: which field, and what is wrong with it. */
  issues?: { path: string; message: string }[];
}

export type CommandResult<T> = { ok: true; value: T } | { ok: false; error: CommandError };

// ---- events ---------------------------------------------------------------------------

export interface OutlineProgress {
  courseId: string;
  index: number;
  /** The option as it streams in (best-effort partial), or the final outline. */
  partial?: unknown;
  outline?: Outline;
  error?: string;
}

export interface EventPayloads {
  /** Runner events, coalesced (at most ~10 batches a second), in sequence order. */
  'runner.events': RunnerEvent[];
  'outline.progress': OutlineProgress;
  /** A course changed outside the renderer's own calls (generation, regeneration). */
  'course.changed': { courseId: string };
  /** Sync states changed (these courses, or the worker's own state when empty): fetch sync.status. */
  'sync.changed': { courseIds: string[] };
  /** One more course of a `courses.exportMany` is written (or failed). */
  'export.progress': FolderExportProgress;
}

/** Compile-time: the payloads above are for exactly the events `ipc-names.ts` lists. */
export const EVENT_PAYLOADS_MATCH_NAMES: [keyof EventPayloads] extends [EventName] ? ([EventName] extends [keyof EventPayloads] ? true : never) : never = true;

// ---- the preload API, derived ---------------------------------------------------------

export type CommandMethods = {
  [C in CommandName as Camel<C>]: undefined extends CommandInput<C>
    ? (input?: CommandInput<C>) => Promise<CommandResult<CommandOutputs[C]>>
    : (input: CommandInput<C>) => Promise<CommandResult<CommandOutputs[C]>>;
};

export type EventMethods = {
  [E in EventName as `on${Capitalize<Camel<E>>}`]: (listener: (payload: EventPayloads[E]) => void) => () => void;
};

/** What the preload adds besides commands and events: things only the renderer's own process can answer. */
export interface LocalMethods {
  /** A dropped file's path on disk (Electron's webUtils.getPathForFile); null where there is none (a browser, a file made in memory). */
  pathForFile(file: object): string | null;
}

/** Exactly what the preload exposes as `window.courseStudio`. */
export type CourseStudioApi = CommandMethods & EventMethods & LocalMethods;
