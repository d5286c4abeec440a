// `course-studio run`: the same Runner the desktop app uses, over the same database, with
// a live progress display. Stopping (Ctrl-C, SIGTERM, an account-level error) always goes
// through runner.stop({release: true}), so every unfinished job is left resumable and the
// next run continues from the units already stored.
import type { RunReport, RunnerLimits } from '../../shared/domain';
import type { Store } from '../db/store';
import { Runner } from '../runner/runner';
import { createPublisher } from '../sync/publisher';
import { usd } from '../runner/budget';
import { formatDelay, type RunArgs } from './args';
import { SIGNAL_EXIT_CODES, type CliIo, type CliSignal } from './io';
import type { BatchesClient } from '../ai/anthropic-batches';
import { localRoutes } from '../ai/providers/local-lanes';
import { readModelRouting } from '../core/app-settings';
import { createBatches, createGateway, modelConfigFromEnv } from './model-gateway';
import { cliRouting, needsClaudeKey } from './model-routing';
import { openStore } from './open-store';
import { createProgressView, type JobLookup } from './progress-view';
import { runReportLines, waitsForRetry } from './run-report';
import { oneLine, plural, retryTime } from './text';

/** Failures every other job would hit too: stop claiming instead of failing the whole queue. */
const ACCOUNT_ERRORS = new Set(['auth', 'permission', 'spend_limit']);

export async function runCommand(args: RunArgs, io: CliIo): Promise<number> {
  const chosen = cliRouting(args, io.env);
  const model = modelConfigFromEnv(io, { model: chosen.claudeModel, maxTokens: args.maxTokens }, () => needsClaudeKey(chosen.routing, args.db, io.cwd));
  let batches: BatchesClient | null = null;
  const store = openStore(args.db, io.cwd, { create: false });
  try {
    // The flags are for this process only: held in memory by its runner and never stored,
    // so a killed run cannot leave them behind and the app's own setting is never touched.
    const limits: Partial<RunnerLimits> = {
      ...(args.jobs !== null ? { jobs: args.jobs } : {}),
      ...(args.requests !== null ? { requests: args.requests } : {}),
    };
    // Auto-published courses go through the sync outbox, like in the desktop app, so the app
    // pushes them to the organisation's backend when it next runs with sync configured.
    const runner = new Runner({
      store,
      gateway: createGateway(model, 1, localRoutes(() => chosen.routing ?? readModelRouting(store), { maxTokens: () => model.maxTokens })),
      batches: { client: () => (batches ??= createBatches(model)) },
      publish: createPublisher(store),
      limits,
      source: 'cli',
      ...(args.retryDelaysMs !== null ? { autoRetryDelaysMs: args.retryDelaysMs } : {}),
      // --budget-usd: this run's daily cap, never stored.
      ...(args.budgetUsd !== null ? { budget: { dailyUsd: args.budgetUsd } } : {}),
    });
    // A queue an earlier cap paused goes on when this run's cap (or Settings') has room.
    runner.resumeIfBudgetAllows();
    if (runner.queueState().paused) {
      const budget = runner.budget.pauseReason();
      io.stderr.write(
        budget
          ? `The queue is paused: ${budget} (--budget-usd, or Settings in Course Studio).\n`
          : 'The queue is paused in Course Studio, so no job will start; resume it there first.\n',
      );
    }

    const failed = new Map<string, string>();
    let completed = 0;
    let fatal: string | null = null;
    let stopSignal: CliSignal | null = null;
    let requestStop!: () => void;
    const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));

    // Reports of this process's runs, from the runner's own event: store.reports.latest()
    // could be an earlier run's (or the app's) when nothing ran here.
    const reports: { report: RunReport; printed: boolean }[] = [];
    const lookup: JobLookup = {
      job: (id) => store.jobs.summary(id),
      counts: () => store.jobs.counts(),
      retries: () => nextRetry(store, runner),
      queue: () => runner.queueState(),
    };
    const view = createProgressView(io.stdout, lookup);
    const unsubscribe = runner.subscribe((event) => {
      view.onEvent(event);
      if (event.type === 'run.report') {
        // Without --until-idle a run ends each time the queue drains: say so then, not days later at Ctrl-C.
        const now = !args.untilIdle && !stopSignal;
        if (now) view.print(runReportLines(event.report));
        reports.push({ report: event.report, printed: now });
      }
      if (event.type === 'job.completed') completed++;
      if (event.type === 'job.failed') failed.set(event.jobId, event.error);
      if (event.type === 'log' && event.entry.level === 'error' && ACCOUNT_ERRORS.has(String(event.entry.details?.kind))) {
        fatal ??= event.entry.message.replace(/^Failed( during \w+)?: /, '');
        requestStop();
      }
    });
    const offSignal = io.onSignal((signal) => {
      if (stopSignal) {
        io.stderr.write('Leaving now. Jobs still leased are taken back by the next runner started on this machine.\n');
        io.exit(SIGNAL_EXIT_CODES[signal]);
      }
      stopSignal = signal;
      view.close();
      const running = runner.activeJobIds.length;
      io.stderr.write(
        `\n${signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'}: stopping${running ? ` and releasing ${plural(running, 'running job')}` : ''}; ` +
          'every job stays resumable from the units already stored. Press Ctrl-C again to leave at once.\n',
      );
      requestStop();
    });

    const { jobs, requests } = runner.queueState().limits;
    const cap = runner.budget.limits().dailyUsd;
    const retryDelays =
      args.retryDelaysMs === null ? '' : args.retryDelaysMs.length === 0 ? ', no automatic retries' : `, automatic retries after ${args.retryDelaysMs.map(formatDelay).join(', ')}`;
    io.stdout.write(
      `Running the queue in ${args.db}: ${plural(jobs, 'job')} and ${plural(requests, 'request')} at a time${retryDelays}` +
        `${cap !== null ? `, daily budget ${usd(cap)} (${usd(runner.budget.spentToday())} spent today)` : ''}` +
        `${args.untilIdle ? ', until no work is left' : '; Ctrl-C to stop'}.\n`,
    );
    const started = Date.now();
    runner.start();
    // The runner's timers do not hold a process open, so a run waiting for jobs queued
    // elsewhere, for a job's automatic retry or for the overloaded API's next probe would
    // otherwise end at once (exit code 13) instead of waiting.
    const keepAlive = setInterval(() => {}, 1 << 30);
    await Promise.race([stopRequested, args.untilIdle ? runner.waitUntilIdle() : new Promise<never>(() => {})]);
    clearInterval(keepAlive);
    const released = runner.activeJobIds.length;
    // Stopping writes the report of a run cut short (Ctrl-C, a fatal error); one that went
    // idle has written it already. Either way it arrives as a run.report event.
    await runner.stop({ release: true });
    unsubscribe();
    view.close();
    offSignal();

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.stdout.write(`${plural(completed, 'job')} completed, ${failed.size} failed in ${seconds}s.\n`);
    for (const [jobId, error] of failed) {
      io.stderr.write(`failed: "${oneLine(store.jobs.summary(jobId)?.courseTitle ?? jobId, 60)}": ${oneLine(error, 400)}\n`);
    }
    for (const entry of reports) if (!entry.printed) io.stdout.write(`${runReportLines(entry.report).join('\n')}\n`);
    const budgetPause = runner.queueState().paused ? runner.budget.pauseReason() : null;
    if (budgetPause) io.stderr.write(`Paused: ${budgetPause}. Nothing was lost: the jobs continue from where they stopped. Continue with: course-studio run --db ${args.db} --budget-usd N\n`);
    if (stopSignal) {
      const waiting = nextRetry(store, runner);
      const retries = waiting
        ? ` ${waiting.scheduled === 1 ? '1 job waits' : `${waiting.scheduled} jobs wait`} for an automatic retry (next at ${retryTime(waiting.next.runAfter!, Date.now())}); the next run takes it then.`
        : '';
      io.stderr.write(`Stopped; ${plural(released, 'job')} released and resumable.${retries} Continue with: course-studio run --db ${args.db}\n`);
      return SIGNAL_EXIT_CODES[stopSignal];
    }
    if (fatal) {
      io.stderr.write(
        `Stopped: ${oneLine(fatal, 400)}\nThe CLI reads the key from ANTHROPIC_API_KEY. Jobs that had not started are still queued.\n`,
      );
      return 1;
    }
    return failed.size > 0 ? 1 : 0;
  } finally {
    store.close();
  }
}

/** Jobs waiting for an automatic retry and the one that goes first, or null when none waits. */
function nextRetry(store: Store, runner: Runner): ReturnType<NonNullable<JobLookup['retries']>> {
  const { retries } = runner.queueState();
  if (retries.scheduled === 0 || retries.next === null) return null;
  const now = Date.now();
  const waiting = store.jobs.list({ statuses: ['queued'] }).filter((j) => waitsForRetry(j, now));
  const next = waiting.reduce<(typeof waiting)[number] | null>((a, j) => (a === null || Date.parse(j.runAfter!) < Date.parse(a.runAfter!) ? j : a), null);
  return next ? { scheduled: retries.scheduled, next } : null;
}
