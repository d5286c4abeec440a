// Command-line parsing for every subcommand: node:util parseArgs in strict mode, then the
// same bounds the app's Settings use, so a flag can never hold what the UI would refuse.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MAX_AUTO_RETRIES } from '../../shared/domain';
import { budgetSettingsSchema } from '../../shared/economy';
import { modelSettingsSchema, runnerLimitsSchema } from '../../shared/settings';
import { COURSE_EXPORT_FORMATS, type CourseExportFormat } from '../../shared/course-export';
import { MAX_ROW_SOURCES } from '../import/topic-sources';
import type { TopicFormat } from '../import/topics';
import { PROVIDER_KINDS, type ProviderKind } from '../ai/provider';
import { parseBaseUrl } from '../ai/providers/local-servers';
import { parseSince } from '../insights/period';
import { keepVersionsSchema, logDaysSchema } from '../../shared/storage';
import { UsageError } from './errors';

export const COMMANDS = ['queue', 'estimate', 'run', 'status', 'stats', 'show', 'export', 'cleanup'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface QueueArgs {
  command: 'queue';
  db: string;
  /** The topics file (--topics); null with --topic. */
  topics: string | null;
  /** One topic given on the command line (--topic), with every other field at its default. */
  topic: string | null;
  /** With --topic: its source materials (--source, repeatable), as written (relative to the working folder). */
  sources: string[];
  format: TopicFormat | null;
  autoApprove: boolean;
  autoPublish: boolean;
  options: number;
  reviewer: string;
  model: string | null;
  maxTokens: number | null;
  /** Queue the jobs through the Message Batches API (half price, answers within 24 h). */
  economy: boolean;
  /** The cap of this queued batch of courses (queue_groups.budget_usd), USD; null: Settings' per-batch cap. */
  budgetUsd: number | null;
  /** Each course's files are written here when its job completes (--export-to, --export-format); null: not exported. */
  autoExport: { folder: string; formats: CourseExportFormat[] } | null;
  /** Every step on this provider (--provider, else COURSE_STUDIO_PROVIDER); null: the routing in Settings. */
  provider: ProviderKind | null;
  /** The local server's base URL (--base-url, else COURSE_STUDIO_BASE_URL). */
  baseUrl: string | null;
}

export interface EstimateArgs {
  command: 'estimate';
  db: string;
  topics: string;
  format: TopicFormat | null;
  options: number;
  economy: boolean;
  json: boolean;
  model: string | null;
  provider: ProviderKind | null;
  baseUrl: string | null;
}

export interface RunArgs {
  command: 'run';
  db: string;
  jobs: number | null;
  requests: number | null;
  untilIdle: boolean;
  model: string | null;
  maxTokens: number | null;
  /** Delays before the 1st, 2nd and 3rd automatic retry (ms); null: the runner's default; []: none. */
  retryDelaysMs: number[] | null;
  /** The daily cap for this run, over Settings' (USD); null: Settings'. */
  budgetUsd: number | null;
  provider: ProviderKind | null;
  baseUrl: string | null;
}

export interface StatusArgs {
  command: 'status';
  db: string;
  json: boolean;
}

export interface StatsArgs {
  command: 'stats';
  db: string;
  /** As given (7d, 12h, all) and in milliseconds back from now (null: everything). */
  since: { text: string; ms: number | null };
  json: boolean;
}

export interface ShowArgs {
  command: 'show';
  db: string;
  course: string;
  json: boolean;
}

/** The course statuses `export --all --status` may pick. */
export const EXPORT_STATUSES = ['approved', 'published'] as const;

export interface ExportArgs {
  command: 'export';
  db: string;
  /** One course (an id or a unique prefix): --out is its file. null with --all. */
  course: string | null;
  /** Every course with content (or with --status): --out is a folder. */
  all: boolean;
  status: (typeof EXPORT_STATUSES)[number] | null;
  format: CourseExportFormat;
  out: string;
  /** Put each course's source files in its package (--include-materials; imscc and scorm12 only). */
  includeMaterials: boolean;
}

export interface CleanupArgs {
  command: 'cleanup';
  db: string;
  /** Days a finished job's logs are kept; null: logs are left alone. */
  logsOlderThanDays: number | null;
  keepVersions: number | null;
  purgeDeleted: boolean;
  compact: boolean;
  dryRun: boolean;
  json: boolean;
}

export type CliArgs = QueueArgs | EstimateArgs | RunArgs | StatusArgs | StatsArgs | ShowArgs | ExportArgs | CleanupArgs | { command: 'help'; topic: CommandName | null };

export const USAGE: Record<CommandName | 'main', string> = {
  main: `Usage: course-studio <command> --db FILE [options]

Commands:
  queue    import topics (CSV, JSON or one per line), generate outline options, optionally approve and queue them
  estimate the expected tokens and cost of a topics file, standard and economy (no model call)
  run      run the generation queue with a live progress display
  status   list jobs with progress, tokens and cost
  stats    the Insights figures of a period: success rate, durations, failures, retries, tokens and cost
  show     print one course: outline, lessons, objectives, tasks, summary
  export   write courses as IMS Common Cartridge, SCORM 1.2, Markdown or JSON files
  cleanup  delete old logs and versions, empty the course bin, compact the file

Run "course-studio <command> --help" for its options.
Environment: ANTHROPIC_API_KEY (required by queue and run for steps on Claude), ANTHROPIC_BASE_URL (optional endpoint);
COURSE_STUDIO_PROVIDER, COURSE_STUDIO_BASE_URL, COURSE_STUDIO_MODEL (as --provider, --base-url, --model),
COURSE_STUDIO_API_KEY (the local server's key, for servers that need one, such as Jan).
Exit codes: 0 done, 1 failed, 2 bad usage, 130/143 stopped by Ctrl-C / SIGTERM.`,
  queue: `Usage: course-studio queue --db FILE --topics FILE [options]
       course-studio queue --db FILE --topic TEXT [--source FILE]... [options]

  --db FILE           the Course Studio database (created if missing); source materials
                      are stored in the "materials" folder beside it
  --topics FILE       topics as CSV (header: topic,audience,level,projects,language,notes,sources),
                      JSON (an array of objects) or plain text (one topic per line);
                      "sources": each topic's material files (PDF, DOCX, Markdown, text, HTML),
                      separated by ";" (in JSON also an array), relative to the topics file's folder
  --topic TEXT        one topic instead of a file (its other fields: the defaults)
  --source FILE       with --topic: a material file to generate it from; repeat for several
  --format F          csv, json or lines (default: from the file name, then its content)
  --options N         outline options to generate per topic, 1-5 (default 3)
  --auto-approve      choose the first option, approve it and queue the course's generation
  --reviewer NAME     who the approval is recorded for (default "cli")
  --auto-publish      publish each course as soon as it is generated (needs --auto-approve)
  --model NAME        model to use (default: the app's default model; with a local server: required)
  --provider P        anthropic (Claude) or openai-compatible (a local server: Ollama, LM Studio,
                      llama.cpp, vLLM, Jan) for every step (default: the per-step choice in Settings)
  --base-url URL      the local server, as it documents it for OpenAI clients, with or without /v1
                      (for example http://127.0.0.1:11434/v1 for Ollama)
  --max-tokens N      output tokens a model answer may use, 256-64000 (default 8192)
  --economy           queue the generation through the Message Batches API: half price,
                      answers within 24 h (most within an hour); for overnight batches
  --budget-usd N      spending cap for the courses of this queue (USD); once their calls
                      reach it the queue pauses itself (default: the per-batch cap in Settings)
  --export-to DIR     write each course into this existing folder when its generation completes
                      (after publishing, with --auto-publish); a file of someone else's there
                      is kept and the course's file gets the job's short id in its name
  --export-format F   with --export-to: imscc, scorm12, markdown or json, comma-separated for
                      several (default imscc)

The estimate (tokens and cost, standard and economy) is printed before anything is sent.
Rows with errors are reported by line number and skipped; the others are imported.
A source that is missing or cannot be read (encrypted or scanned PDF, damaged DOCX, too large)
is reported with its reason; its topic goes on with the sources that could be read.
Exits 1 if any imported topic did not get its outline options.`,
  estimate: `Usage: course-studio estimate --db FILE --topics FILE [--economy] [--json]

  --db FILE           the Course Studio database whose history the estimate learns from
                      (a file that does not exist yet: no history, rough defaults)
  --topics FILE       topics as for "queue" (CSV, JSON or one per line)
  --format F          csv, json or lines (default: from the file name, then its content)
  --options N         outline options per topic, 1-5 (default 3)
  --economy           mark the economy (Message Batches) price as the one that applies
  --model NAME        model to price (default: the app's model)
  --provider P        anthropic (Claude) or openai-compatible (a local server: Ollama, LM Studio,
                      llama.cpp, vLLM, Jan) for every step (default: the per-step choice in Settings)
  --base-url URL      the local server, as it documents it for OpenAI clients, with or without /v1
                      (for example http://127.0.0.1:11434/v1 for Ollama)
  --json              print the estimate as JSON

Makes no model call. Output tokens come from this database's past courses ("based on N past
courses"), or rough defaults ("no history yet: rough"); input tokens from the prompts.`,
  run: `Usage: course-studio run --db FILE [options]

  --db FILE           the Course Studio database
  --jobs N            jobs to run at once for this run, 1-20 (default: the queue's setting)
  --requests N        model requests in flight at once for this run, 1-50 (default: the queue's setting)
  --until-idle        exit when no job is left to run (otherwise keep waiting for new jobs)
  --model NAME        model to use (default: the app's default model; with a local server: required)
  --provider P        anthropic (Claude) or openai-compatible (a local server: Ollama, LM Studio,
                      llama.cpp, vLLM, Jan) for every step (default: the per-step choice in Settings)
  --base-url URL      the local server, as it documents it for OpenAI clients, with or without /v1
                      (for example http://127.0.0.1:11434/v1 for Ollama)
  --max-tokens N      output tokens a model answer may use, 256-64000 (default 8192)
  --retry-delays LIST waits before a job that failed on a transient cause (overload, network,
                      rate limit, an answer out of shape) is tried again by itself, from the
                      failed step: up to ${MAX_AUTO_RETRIES} comma-separated durations with a unit (ms, s, m, h),
                      the last repeating; "none" turns automatic retries off (default 2m,10m,30m)
  --budget-usd N      daily spending cap for this run (USD, today in local time), over the
                      one in Settings; once reached the queue pauses itself and the run ends

While the Claude API is overloaded or the network is down, and while a job waits for its
automatic retry, --until-idle keeps waiting and says what for. When the run ends it prints
its report: jobs completed and failed (with the reason), automatic retries, time waited,
429s, tokens and cost (also kept for "status").
Ctrl-C (or SIGTERM) stops the runner and leaves every job resumable; press it twice to leave at once.
Exits 1 if any job failed during the run.`,
  status: `Usage: course-studio status --db FILE [--json]

  --db FILE           the Course Studio database
  --json              print {jobs, totals, courses, spend, retries, lastRun} as JSON
                      (lastRun: the last run's report, or null)`,
  stats: `Usage: course-studio stats --db FILE [--since 7d] [--json]

  --db FILE           the Course Studio database
  --since P           the period: 24h, 7d, 30d, any number of hours or days (12h, 90d), or all
                      (default 7d)
  --json              print the figures as JSON (the keys are listed in the README, "Insights")

The same figures as the app's Insights page: jobs queued, completed, failed and cancelled with
the rates; active time to complete a course (P50/P95/P99), per step and per call kind; failures
by step and cause; retries, 429s and time waited; tokens and cost per day (local days) and by
model, provider and tier. Read-only: safe while a runner works on the file.`,
  show: `Usage: course-studio show --db FILE --course ID [--json]

  --db FILE           the Course Studio database
  --course ID         the course id (or a unique prefix of it, as "status" prints)
  --json              print the whole course tree as JSON`,
  export: `Usage: course-studio export --db FILE (--course ID | --all [--status S]) --format F --out PATH

  --db FILE           the Course Studio database
  --course ID         one course (its id, or a unique prefix as "status" prints); --out is the file
  --all               every generated course (or only those with --status); --out is a folder,
                      created if missing, each course in it under its own file name
  --status S          with --all: only courses that are approved or published
  --format F          imscc (IMS Common Cartridge 1.1: Moodle, Canvas, Blackboard),
                      scorm12 (SCORM 1.2 package, .zip), markdown or json
  --out PATH          where to write: a file for --course, a folder for --all
  --include-materials put each course's source files in its package (imscc, scorm12), under
                      sources/; without it only each lesson's Sources list is exported

Quiz tasks are exported as essay questions. Prints one line per course; exits 1 if any failed.`,
  cleanup: `Usage: course-studio cleanup --db FILE [--logs-older-than 30d] [--keep-versions K] [--purge-deleted] [--compact] [--dry-run] [--json]

  --db FILE              the Course Studio database
  --logs-older-than AGE  delete the logs of jobs that finished more than AGE ago (days: 30d or 30),
                         except each job's last error line
  --keep-versions K      keep the last K versions of each lesson and task (never its current one,
                         nor one an approval is pinned to)
  --purge-deleted        remove the courses in the bin for good (their call records are kept
                         as hourly sums, so cost and token totals do not change)
  --compact              give free pages back to the disk, in small steps while no job runs
                         (an older file is first rewritten once, which needs no job running)
  --dry-run              only count what would be removed
  --json                 print {removed, compact, totals} as JSON

Without an action flag: --logs-older-than 30d. Safe to run beside the app: every step is a short
transaction, and --compact stops when a job starts.`,
};

const db = { type: 'string' } as const;
const help = { type: 'boolean', short: 'h' } as const;

const SPECS = {
  queue: {
    db,
    help,
    topics: { type: 'string' },
    topic: { type: 'string' },
    source: { type: 'string', multiple: true },
    format: { type: 'string' },
    options: { type: 'string' },
    'auto-approve': { type: 'boolean' },
    'auto-publish': { type: 'boolean' },
    reviewer: { type: 'string' },
    model: { type: 'string' },
    'max-tokens': { type: 'string' },
    economy: { type: 'boolean' },
    'budget-usd': { type: 'string' },
    'export-to': { type: 'string' },
    'export-format': { type: 'string' },
    provider: { type: 'string' },
    'base-url': { type: 'string' },
  },
  estimate: {
    db,
    help,
    topics: { type: 'string' },
    format: { type: 'string' },
    options: { type: 'string' },
    economy: { type: 'boolean' },
    json: { type: 'boolean' },
    model: { type: 'string' },
    provider: { type: 'string' },
    'base-url': { type: 'string' },
  },
  run: {
    db,
    help,
    jobs: { type: 'string' },
    requests: { type: 'string' },
    'until-idle': { type: 'boolean' },
    model: { type: 'string' },
    'max-tokens': { type: 'string' },
    'retry-delays': { type: 'string' },
    'budget-usd': { type: 'string' },
    provider: { type: 'string' },
    'base-url': { type: 'string' },
  },
  status: { db, help, json: { type: 'boolean' } },
  stats: { db, help, json: { type: 'boolean' }, since: { type: 'string' } },
  show: { db, help, course: { type: 'string' }, json: { type: 'boolean' } },
  export: {
    db,
    help,
    course: { type: 'string' },
    all: { type: 'boolean' },
    status: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    'include-materials': { type: 'boolean' },
  },
  cleanup: {
    db,
    help,
    'logs-older-than': { type: 'string' },
    'keep-versions': { type: 'string' },
    'purge-deleted': { type: 'boolean' },
    compact: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  },
} satisfies Record<CommandName, ParseArgsConfig['options']>;

function isCommand(value: string | undefined): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value ?? '');
}

function topicsFile(values: Record<string, unknown>, command: CommandName): string {
  if (values.topics === undefined) throw new UsageError(`${command} needs --topics FILE (or one --topic TEXT).`, command);
  return required(values, 'topics', command);
}

function required(values: Record<string, unknown>, name: string, command: CommandName): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${command} needs --${name}.`, command);
  return value;
}

function wholeNumber(name: string, value: string, command: CommandName): number {
  if (!/^\s*\d+\s*$/.test(value)) throw new UsageError(`--${name} must be a whole number (got "${value}").`, command);
  return Number(value);
}

/** A limit flag, checked against the bounds the app's Settings enforce. */
function limit(name: 'jobs' | 'requests', value: string | undefined, command: CommandName): number | null {
  if (value === undefined) return null;
  const n = wholeNumber(name, value, command);
  const checked = runnerLimitsSchema.shape[name].safeParse(n);
  if (!checked.success) throw new UsageError(`--${name} ${n}: ${checked.error.issues[0]?.message ?? 'out of range'}`, command);
  return n;
}

/** --max-tokens, checked against the bounds of the app's Settings. */
function maxTokens(value: string | undefined, command: CommandName): number | null {
  if (value === undefined) return null;
  const n = wholeNumber('max-tokens', value, command);
  if (!modelSettingsSchema.shape.maxTokens.safeParse(n).success) throw new UsageError(`--max-tokens must be between 256 and 64000 (got ${n}).`, command);
  return n;
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
/** The longest wait one automatic retry may be given: a day. */
const MAX_RETRY_DELAY_MS = 24 * 3_600_000;

/** "2m,10m,30m" or "500ms,1s" → milliseconds; "none" → [] (no automatic retries). */
export function parseRetryDelays(value: string, command: CommandName = 'run'): number[] {
  const text = value.trim();
  if (text.toLowerCase() === 'none') return [];
  const parts = text.split(',').map((p) => p.trim());
  const example = ' (for example --retry-delays 2m,10m,30m, or "none")';
  if (parts.length > MAX_AUTO_RETRIES) {
    throw new UsageError(`--retry-delays takes at most ${MAX_AUTO_RETRIES} durations, one per automatic retry (got ${parts.length}).`, command);
  }
  return parts.map((part) => {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)$/i.exec(part);
    if (!m) {
      throw new UsageError(
        part === '' ? `--retry-delays has an empty duration in "${value}"${example}.` : `--retry-delays: "${part}" is not a duration like 500ms, 30s, 2m or 1h${example}.`,
        command,
      );
    }
    const ms = Math.round(Number(m[1]) * DURATION_UNITS_MS[m[2]!.toLowerCase()]!);
    if (ms < 1) throw new UsageError(`--retry-delays: "${part}" is no wait at all; give at least 1ms.`, command);
    if (ms > MAX_RETRY_DELAY_MS) throw new UsageError(`--retry-delays: "${part}" is longer than a day (24h).`, command);
    return ms;
  });
}

/** 120000 → "2m", 1500 → "1.5s", 500 → "500ms": the form --retry-delays takes. */
export function formatDelay(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** --budget-usd: dollars (cents allowed), within the bounds Settings accept. */
function budgetUsd(value: string | undefined, command: CommandName): number | null {
  if (value === undefined) return null;
  if (!/^\s*\$?\d+(\.\d+)?\s*$/.test(value)) throw new UsageError(`--budget-usd must be an amount in US dollars, like 20 or 7.50 (got "${value}").`, command);
  const n = Number(value.trim().replace(/^\$/, ''));
  const checked = budgetSettingsSchema.shape.dailyUsd.safeParse(n);
  if (!checked.success) throw new UsageError(`--budget-usd ${n}: ${checked.error.issues[0]?.message ?? 'out of range'}`, command);
  return n;
}

/** --format and --options, shared by queue and estimate. */
function topicsOptions(values: Record<string, unknown>, command: CommandName): { format: TopicFormat | null; options: number } {
  const format = optionalText(values, 'format', command);
  if (format !== null && !['csv', 'json', 'lines'].includes(format)) {
    throw new UsageError(`--format must be csv, json or lines (got "${format}").`, command);
  }
  const options = values.options === undefined ? 3 : wholeNumber('options', String(values.options), command);
  if (options < 1 || options > 5) throw new UsageError(`--options must be between 1 and 5 (got ${options}).`, command);
  return { format: format as TopicFormat | null, options };
}

/** --provider and --base-url (the environment's COURSE_STUDIO_* are read with them, in model-gateway.ts). */
function providerOptions(values: Record<string, unknown>, command: CommandName): { provider: ProviderKind | null; baseUrl: string | null } {
  const provider = optionalText(values, 'provider', command);
  if (provider !== null && !(PROVIDER_KINDS as readonly string[]).includes(provider)) {
    throw new UsageError(`--provider must be ${PROVIDER_KINDS.join(' or ')} (got "${provider}").`, command);
  }
  const baseUrl = optionalText(values, 'base-url', command);
  if (baseUrl !== null) {
    try {
      parseBaseUrl(baseUrl);
    } catch (error) {
      throw new UsageError(`--base-url: ${(error as Error).message}`, command);
    }
  }
  if (baseUrl !== null && provider === 'anthropic') throw new UsageError('--base-url is for a local server (--provider openai-compatible); ANTHROPIC_BASE_URL points Claude calls elsewhere.', command);
  return { provider: provider as ProviderKind | null, baseUrl };
}

function optionalText(values: Record<string, unknown>, name: string, command: CommandName): string | null {
  const value = values[name];
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} needs a value.`, command);
  return value.trim();
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = rest[0];
    return { command: 'help', topic: isCommand(topic) ? topic : null };
  }
  if (!isCommand(first)) {
    throw new UsageError(first.startsWith('-') ? `Start with a command (${COMMANDS.join(', ')}).` : `Unknown command "${first}".`);
  }
  const command = first;
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: rest, options: SPECS[command], strict: true, allowPositionals: false }));
  } catch (error) {
    // parseArgs explains unknown flags, missing values and stray words well; keep its words.
    throw new UsageError((error as Error).message, command);
  }
  if (values.help) return { command: 'help', topic: command };
  const dbPath = required(values, 'db', command);

  switch (command) {
    case 'queue': {
      const { format, options } = topicsOptions(values, command);
      for (const flag of ['auto-publish', 'economy', 'budget-usd', 'export-to']) {
        if (values[flag] !== undefined && values[flag] !== false && !values['auto-approve']) {
          throw new UsageError(`--${flag} only applies to courses queued with --auto-approve.`, command);
        }
      }
      const reviewer = optionalText(values, 'reviewer', command) ?? 'cli';
      if (reviewer.length > 120) throw new UsageError('--reviewer must be at most 120 characters.', command);
      const topic = optionalText(values, 'topic', command);
      const sources = ((values.source as string[] | undefined) ?? []).map((s) => s.trim());
      if (topic !== null && values.topics !== undefined) throw new UsageError('Give either --topics FILE or --topic TEXT, not both.', command);
      if (topic === null && sources.length > 0) throw new UsageError('--source works with a single --topic; in a topics file, use its "sources" column.', command);
      if (topic !== null && format !== null) throw new UsageError('--format applies to a --topics file.', command);
      if (sources.some((s) => s === '')) throw new UsageError('--source needs a file.', command);
      if (sources.length > MAX_ROW_SOURCES) throw new UsageError(`At most ${MAX_ROW_SOURCES} --source files for one topic.`, command);
      return {
        command,
        db: dbPath,
        topics: topic === null ? topicsFile(values, command) : null,
        topic,
        sources,
        format,
        autoApprove: Boolean(values['auto-approve']),
        autoPublish: Boolean(values['auto-publish']),
        options,
        reviewer,
        model: optionalText(values, 'model', command),
        maxTokens: maxTokens(values['max-tokens'] as string | undefined, command),
        economy: Boolean(values.economy),
        budgetUsd: budgetUsd(values['budget-usd'] as string | undefined, command),
        autoExport: autoExportFlags(values, command),
        ...providerOptions(values, command),
      };
    }
    case 'estimate':
      return {
        command,
        db: dbPath,
        topics: required(values, 'topics', command),
        ...topicsOptions(values, command),
        economy: Boolean(values.economy),
        json: Boolean(values.json),
        model: optionalText(values, 'model', command),
        ...providerOptions(values, command),
      };
    case 'run':
      return {
        command,
        db: dbPath,
        jobs: limit('jobs', values.jobs as string | undefined, command),
        requests: limit('requests', values.requests as string | undefined, command),
        untilIdle: Boolean(values['until-idle']),
        model: optionalText(values, 'model', command),
        maxTokens: maxTokens(values['max-tokens'] as string | undefined, command),
        retryDelaysMs: values['retry-delays'] === undefined ? null : parseRetryDelays(String(values['retry-delays']), command),
        budgetUsd: budgetUsd(values['budget-usd'] as string | undefined, command),
        ...providerOptions(values, command),
      };
    case 'status':
      return { command, db: dbPath, json: Boolean(values.json) };
    case 'stats': {
      const text = values.since === undefined ? '7d' : String(values.since);
      const since = parseSince(text);
      if ('error' in since) throw new UsageError(since.error, command);
      return { command, db: dbPath, since: { text: text.trim().toLowerCase(), ms: since.ms }, json: Boolean(values.json) };
    }
    case 'show':
      return { command, db: dbPath, course: required(values, 'course', command).trim(), json: Boolean(values.json) };
    case 'export':
      return exportArgs(values, dbPath);
    case 'cleanup':
      return cleanupArgs(values, dbPath);
  }
}

function cleanupArgs(values: Record<string, unknown>, dbPath: string): CleanupArgs {
  const command = 'cleanup';
  const age = optionalText(values, 'logs-older-than', command);
  let logsOlderThanDays: number | null = null;
  if (age !== null) {
    const m = /^(\d+)\s*d?$/i.exec(age);
    const days = m ? Number(m[1]) : NaN;
    const checked = logDaysSchema.safeParse(days);
    if (!m || !checked.success) {
      throw new UsageError(`--logs-older-than takes days, like 30d or 30, from 1 to 3650 (got "${age}").`, command);
    }
    logsOlderThanDays = days;
  }
  const keep = optionalText(values, 'keep-versions', command);
  let keepVersions: number | null = null;
  if (keep !== null) {
    const n = wholeNumber('keep-versions', keep, command);
    if (!keepVersionsSchema.safeParse(n).success) throw new UsageError(`--keep-versions must be between 1 and 10000 (got ${n}).`, command);
    keepVersions = n;
  }
  const purgeDeleted = Boolean(values['purge-deleted']);
  const compact = Boolean(values.compact);
  const none = logsOlderThanDays === null && keepVersions === null && !purgeDeleted && !compact;
  return {
    command,
    db: dbPath,
    logsOlderThanDays: none ? 30 : logsOlderThanDays,
    keepVersions,
    purgeDeleted,
    compact,
    dryRun: Boolean(values['dry-run']),
    json: Boolean(values.json),
  };
}

/** "imscc,scorm12" → ['imscc', 'scorm12']: each a format the app exports, each once. */
export function parseExportFormats(value: string, flag: string, command: CommandName): CourseExportFormat[] {
  const parts = value.split(',').map((p) => p.trim().toLowerCase());
  const known = `${COURSE_EXPORT_FORMATS.slice(0, -1).join(', ')} or ${COURSE_EXPORT_FORMATS.at(-1)}`;
  const formats: CourseExportFormat[] = [];
  for (const part of parts) {
    if (part === '') throw new UsageError(`--${flag} has an empty format in "${value}" (for example --${flag} imscc,scorm12).`, command);
    if (!(COURSE_EXPORT_FORMATS as readonly string[]).includes(part)) throw new UsageError(`--${flag}: "${part}" is not a format; use ${known}.`, command);
    if (!formats.includes(part as CourseExportFormat)) formats.push(part as CourseExportFormat);
  }
  return formats;
}

/** --export-to DIR [--export-format LIST]: the queued jobs' auto-export, or null. */
function autoExportFlags(values: Record<string, unknown>, command: CommandName): QueueArgs['autoExport'] {
  const folder = optionalText(values, 'export-to', command);
  const formats = optionalText(values, 'export-format', command);
  if (folder === null) {
    if (formats !== null) throw new UsageError('--export-format only applies with --export-to DIR.', command);
    return null;
  }
  return { folder, formats: formats === null ? ['imscc'] : parseExportFormats(formats, 'export-format', command) };
}

function exportArgs(values: Record<string, unknown>, dbPath: string): ExportArgs {
  const command = 'export';
  const course = optionalText(values, 'course', command);
  const all = Boolean(values.all);
  if (course !== null && all) throw new UsageError('Give either --course ID or --all, not both.', command);
  if (course === null && !all) throw new UsageError('export needs --course ID (one course) or --all (every generated course).', command);
  const status = optionalText(values, 'status', command);
  if (status !== null && !all) throw new UsageError('--status only applies with --all.', command);
  if (status !== null && !(EXPORT_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--status must be ${EXPORT_STATUSES.join(' or ')} (got "${status}").`, command);
  }
  const format = required(values, 'format', command).trim();
  if (!(COURSE_EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be ${COURSE_EXPORT_FORMATS.slice(0, -1).join(', ')} or ${COURSE_EXPORT_FORMATS.at(-1)} (got "${format}").`, command);
  }
  const includeMaterials = Boolean(values['include-materials']);
  if (includeMaterials && format !== 'imscc' && format !== 'scorm12') {
    throw new UsageError('--include-materials puts the source files in an imscc or scorm12 package; markdown and json list the sources without the files.', command);
  }
  return {
    command,
    db: dbPath,
    course,
    all,
    status: status as ExportArgs['status'],
    format: format as CourseExportFormat,
    out: required(values, 'out', command),
    includeMaterials,
  };
}
