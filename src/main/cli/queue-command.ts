// `course-studio queue`: topics file (or one --topic) → one draft course per good row → its
// source materials read and attached (each failure printed, the rest go on) → outline options for
// all of them at once (the gateway's request limit paces the calls) → optionally the first
// option approved and the generation queued. Bad rows are reported and skipped; a failed
// topic never stops the others, except an account-level error (bad key, no credit) that
// would fail every one of them.
import { setMaxListeners } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Course } from '../../shared/domain';
import type { ParsedTopicRow, TopicParseResult } from '../../shared/ipc-contract';
import { ProviderError } from '../ai/provider';
import { approveOutline, chooseOption } from '../courses/workflow';
import { queueGroupsOf } from '../db/repositories/queue-groups';
import type { Store } from '../db/store';
import { estimateTopics } from '../estimate/estimate';
import { generateOutlineOptions } from '../generation/outline-options';
import { formatSourceProblem, resolveTopicSources } from '../import/resolve-sources';
import { checkTopicRow } from '../import/topic-row';
import { detectTopicFormat, formatTopicError, parseTopics, type TopicFormat } from '../import/topics';
import { Runner } from '../runner/runner';
import type { QueueArgs } from './args';
import { CliError } from './errors';
import { estimateLines } from './estimate-text';
import { SIGNAL_EXIT_CODES, type CliIo, type CliSignal } from './io';
import { localRoutes } from '../ai/providers/local-lanes';
import { readModelRouting } from '../core/app-settings';
import { createGateway, modelConfigFromEnv } from './model-gateway';
import { cliRouting, needsClaudeKey } from './model-routing';
import { attachPaths, cliExtractor, materialFilesFor } from './materials';
import { openStore } from './open-store';
import { oneLine, plural, shortId } from './text';
import { readTopicsFile } from './topics-file';

/** Errors that would fail every remaining topic the same way: stop sending requests. */
const ACCOUNT_ERRORS = new Set(['auth', 'permission', 'spend_limit']);

interface TopicOutcome {
  ok: boolean;
  line: string;
}

export async function queueCommand(args: QueueArgs, io: CliIo): Promise<number> {
  const chosen = cliRouting(args, io.env);
  const model = modelConfigFromEnv(io, { model: chosen.claudeModel, maxTokens: args.maxTokens }, () => needsClaudeKey(chosen.routing, args.db, io.cwd));
  const autoExport = exportFolder(args, io.cwd);
  const { rows, errors, sourceProblems, format, from } = readTopics(args, io.cwd);
  for (const error of errors) io.stderr.write(`${from} ${formatTopicError(error)} (skipped)\n`);
  for (const problem of sourceProblems ?? []) io.stderr.write(`${from} ${formatSourceProblem(problem)}\n`);
  if (rows.length === 0) throw new CliError(`No topics to import from ${from}.`);

  const store = openStore(args.db, io.cwd, { create: true });
  // What it will cost, before anything is sent: the outline options, then (approved) the generation.
  const routing = () => chosen.routing ?? readModelRouting(store);
  const estimate = estimateTopics(store, rows.map((r) => r.topic), model.model, args.options, routing());
  const what = `${plural(rows.length, 'topic')} (${plural(args.options, 'outline option')} each${args.autoApprove ? ', then generation' : ''})`;
  io.stdout.write(`${estimateLines(estimate, what, args.economy).join('\n')}\n`);
  if (!args.autoApprove) io.stdout.write('  (generation is queued later, from the app, once the outlines are approved)\n');
  const abort = new AbortController();
  // One signal guards every outline call of the batch, so it has one listener per request.
  setMaxListeners(0, abort.signal);
  let interrupted: CliSignal | null = null;
  let fatal: string | null = null;
  const offSignal = io.onSignal((signal) => {
    if (interrupted) io.exit(SIGNAL_EXIT_CODES[signal]);
    interrupted = signal;
    io.stderr.write('\nStopping: courses without outline options stay as drafts; generate them later in the app. Press Ctrl-C again to leave at once.\n');
    abort.abort();
  });
  const gateway = createGateway(model, 1, localRoutes(routing, { maxTokens: () => model.maxTokens }));
  // Built for its enqueue rules, its stored request limit and its call ledger; never started here.
  const runner = new Runner({ store, gateway });
  try {
    const courses = store.write(() => rows.map((row) => ({ row, course: store.courses.create(row.topic) })));
    // The courses of this queue share a group: its budget (--budget-usd, or Settings' per-batch cap) holds them together.
    const group = args.autoApprove ? store.write(() => queueGroupsOf(store).ensure(undefined, `course-studio queue ${from}`, args.budgetUsd)).id : null;
    // Each course's materials before its outline options: the options are built from them.
    await attachSources(store, courses, args, io);
    io.stdout.write(
      `Imported ${plural(courses.length, 'topic')} from ${from} (${format})` +
        `${errors.length ? `, skipped ${plural(errors.length, 'bad row')}` : ''}. ` +
        `Generating ${plural(args.options, 'outline option')} for each, ${gateway.requestLimit} requests at a time…\n`,
    );

    const onFatal = (message: string) => {
      if (fatal) return;
      fatal = message;
      abort.abort();
    };
    const outcomes = await Promise.all(
      courses.map(async ({ row, course }) => {
        const outcome = await outlineOne(store, runner, gateway, row, course, { ...args, autoExport }, group, abort.signal, onFatal, () => fatal);
        io.stdout.write(`${outcome.ok ? 'ok  ' : 'FAIL'}  ${outcome.line}\n`);
        return outcome;
      }),
    );

    const good = outcomes.filter((o) => o.ok).length;
    io.stdout.write(
      `\n${good} of ${plural(outcomes.length, 'topic')} got outline options` +
        (args.autoApprove ? ` and ${good === 1 ? 'was' : 'were'} queued. Next: course-studio run --db ${args.db} --until-idle\n` : '. Review and approve them in Course Studio.\n'),
    );
    if (fatal) io.stderr.write(`Stopped early: ${fatal}\n`);
    if (interrupted) return SIGNAL_EXIT_CODES[interrupted];
    return good === outcomes.length ? 0 : 1;
  } finally {
    offSignal();
    // Writes the rows of outline calls the database could not take when they landed (never started, it runs no job).
    await runner.stop();
    store.close();
  }
}

async function outlineOne(
  store: Store,
  runner: Runner,
  gateway: ReturnType<typeof createGateway>,
  row: ParsedTopicRow,
  course: Course,
  args: QueueArgs,
  group: string | null,
  signal: AbortSignal,
  onFatal: (message: string) => void,
  fatal: () => string | null,
): Promise<TopicOutcome> {
  const label = `line ${row.line}  ${oneLine(row.topic.topic, 60)}`;
  try {
    const options = await generateOutlineOptions(store, gateway, { courseId: course.id, count: args.options, signal, record: runner.recordCall });
    const first = options[0]!;
    const got = options.length === args.options ? plural(options.length, 'outline option') : `${options.length} of ${args.options} outline options`;
    if (!args.autoApprove) return { ok: true, line: `${label}: ${got}, waiting for review (course ${shortId(course.id)})` };
    chooseOption(store, course.id, first.id);
    approveOutline(store, course.id, args.reviewer, 'Approved by course-studio queue --auto-approve');
    const job = runner.enqueue(course.id, { autoPublish: args.autoPublish, economy: args.economy, queueGroup: group, autoExport: args.autoExport });
    const exportNote = args.autoExport ? ` (export ${args.autoExport.formats.join(', ')})` : '';
    return {
      ok: true,
      line: `${label}: ${got}; approved "${oneLine(first.outline.title, 60)}", queued as job ${shortId(job.id)}${args.economy ? ' (economy)' : ''}${args.autoPublish ? ' (auto-publish)' : ''}${exportNote}`,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ProviderError && ACCOUNT_ERRORS.has(error.kind)) onFatal(message);
    const cause = fatal();
    const why =
      cause !== null && cause !== message
        ? 'not generated (stopped early)'
        : cause === null && signal.aborted
          ? 'not generated (interrupted)'
          : `outline options failed: ${oneLine(message, 300)}`;
    return { ok: false, line: `${label}: ${why}` };
  }
}

/** The rows of --topics FILE (sources relative to its folder), or the one --topic with its --source files (relative to the working folder). */
function readTopics(args: QueueArgs, cwd: string): TopicParseResult & { format: TopicFormat | 'command line'; from: string } {
  if (args.topics === null) {
    const checked = checkTopicRow({ topic: args.topic ?? '' });
    if (!checked.ok) throw new CliError(`--topic: ${checked.message}.`);
    const row = args.sources.length > 0 ? { line: 1, topic: checked.topic, sources: args.sources } : { line: 1, topic: checked.topic };
    return { ...resolveTopicSources({ rows: [row], errors: [] }, cwd), format: 'command line', from: '--topic' };
  }
  const text = readTopicsFile(args.topics, cwd);
  const format = args.format ?? detectTopicFormat(text, args.topics);
  return { ...resolveTopicSources(parseTopics(text, format), dirname(resolve(cwd, args.topics))), format, from: args.topics };
}

/**
 * Reads and stores each course's sources, one file at a time in the reader worker. A file that
 * cannot be read is printed with its reason and the rest go on; its course is still generated.
 */
async function attachSources(store: Store, courses: readonly { row: ParsedTopicRow; course: Course }[], args: QueueArgs, io: CliIo): Promise<void> {
  const withSources = courses.filter(({ row }) => (row.sources?.length ?? 0) > 0);
  if (withSources.length === 0) return;
  const files = materialFilesFor(args.db, io.cwd);
  const extract = cliExtractor();
  try {
    for (const { row, course } of withSources) {
      const results = await attachPaths(store, files, extract, course.id, row.sources!);
      const label = `line ${row.line}  ${oneLine(row.topic.topic, 60)}`;
      const read = results.filter((r) => r.ok).length;
      io.stdout.write(`${label}: ${read} of ${plural(results.length, 'source')} read${read > 0 ? ` (${results.filter((r) => r.ok).map((r) => r.fileName).join(', ')})` : ''}\n`);
      for (const result of results) if (!result.ok) io.stderr.write(`${label}: source ${result.fileName} not used: ${result.error.message}\n`);
    }
  } finally {
    await extract.close();
  }
}

/**
 * --export-to as an absolute path, checked before anything is imported: the folder must be
 * there now. (When the jobs complete it is checked again; a folder gone by then is reported
 * on the job, which still completes.)
 */
function exportFolder(args: QueueArgs, cwd: string): QueueArgs['autoExport'] {
  if (!args.autoExport) return null;
  const folder = resolve(cwd, args.autoExport.folder);
  if (!existsSync(folder)) throw new CliError(`--export-to ${args.autoExport.folder}: the folder ${folder} does not exist; create it first.`);
  if (!statSync(folder).isDirectory()) throw new CliError(`--export-to ${args.autoExport.folder}: ${folder} is a file, not a folder.`);
  return { folder, formats: args.autoExport.formats };
}
