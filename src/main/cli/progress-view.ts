// Live progress for `course-studio run`, fed by runner events. In a terminal: a compact
// table of running jobs redrawn at most four times a second, with finished jobs printed
// above it as permanent lines. In a pipe or file: one line per event worth keeping
// (started, retrying, completed, failed, cancelled), so logs stay readable and greppable.
// Both also say what the run waits for when nothing goes out (an overloaded API, the
// network, a rate limit, jobs waiting for an automatic retry) and when that ends.
import { MAX_AUTO_RETRIES, type JobStatus, type JobStep, type JobSummary, type ProviderHoldCause, type QueueState } from '../../shared/domain';
import type { RunnerEvent } from '../../shared/events';
import type { CliOutput } from './io';
import { accountSentence, holdEndedSentence, retriesWaitingSentence } from './run-report';
import { clockTime, formatCost, formatStatus, oneLine, pad, padStart } from './text';

export interface JobLookup {
  job(jobId: string): (Pick<JobSummary, 'courseTitle' | 'itemsCompleted' | 'itemsTotal' | 'calls' | 'costUsd'> & Partial<Pick<JobSummary, 'autoRetries' | 'autoExportResult'>>) | null;
  counts(): Partial<Record<JobStatus, number>>;
  /** How many jobs wait for an automatic retry and the one that goes first; null when none does. */
  retries?(): { scheduled: number; next: Pick<JobSummary, 'autoRetries' | 'runAfter' | 'retryReason'> } | null;
  /** The queue's state now: the account's limits are learned from answers, which no event announces. */
  queue?(): Pick<QueueState, 'account' | 'effectiveRequests'>;
}

export interface ProgressView {
  onEvent(event: RunnerEvent): void;
  /** Permanent lines from the caller (a run's report while the run goes on), above the live table. */
  print(lines: readonly string[]): void;
  /** Stops redrawing and removes the live table, leaving the permanent lines. */
  close(): void;
}

export const REDRAW_MS = 250;

const STEP_STATUS: Record<JobStep, string> = {
  lessons: 'generating lessons',
  tasks: 'generating tasks',
  finalize: 'finalizing',
  publish: 'publishing',
};

/** The permanent line an event deserves, or null for events only the live table shows. */
export function eventLine(event: RunnerEvent, lookup: JobLookup, titles: Map<string, string>): string | null {
  const title = (jobId: string) => {
    let t = titles.get(jobId);
    if (t === undefined) {
      t = oneLine(lookup.job(jobId)?.courseTitle ?? jobId, 60);
      titles.set(jobId, t);
    }
    return `"${t}"`;
  };
  const at = clockTime(event.at);
  switch (event.type) {
    case 'job.started': {
      const job = lookup.job(event.jobId);
      const done = job && job.itemsCompleted > 0 ? `resuming at ${job.itemsCompleted}/${job.itemsTotal}` : `${job?.itemsTotal ?? '?'} units`;
      const retry = job?.autoRetries ? `; automatic retry ${job.autoRetries} of ${MAX_AUTO_RETRIES}` : '';
      return `${at} started    ${title(event.jobId)} (${done}${retry})`;
    }
    case 'job.retrying':
      return `${at} retrying   ${title(event.jobId)}: attempt ${event.attempt + 1} in ${(event.delayMs / 1000).toFixed(1)}s (${oneLine(event.reason, 200)})`;
    case 'job.completed': {
      const job = lookup.job(event.jobId);
      const detail = job ? ` (${job.itemsCompleted}/${job.itemsTotal}, ${job.calls} calls, ${formatCost(job.costUsd)})` : '';
      return `${at} completed  ${title(event.jobId)}${detail}`;
    }
    case 'job.failed':
      return `${at} failed     ${title(event.jobId)}${event.step ? ` during ${event.step}` : ''}: ${oneLine(event.error, 400)}`;
    case 'job.exported': {
      const result = lookup.job(event.jobId)?.autoExportResult;
      const files = result?.files.map((f) => f.filename).join(', ') ?? '';
      const failures = oneLine([...new Set(result?.failures.map((f) => f.reason) ?? [])].join('; '), 400);
      if (event.state === 'done') return `${at} exported   ${title(event.jobId)} → ${result?.folder ?? '?'}: ${files}`;
      if (event.state === 'partial') return `${at} exported   ${title(event.jobId)} → ${result?.folder ?? '?'}: ${files}; not all formats: ${failures}`;
      return `${at} EXPORT FAILED ${title(event.jobId)} (the course is complete): ${failures}`;
    }
    case 'job.cancelled':
      return `${at} cancelled  ${title(event.jobId)}`;
    case 'job.paused':
      return `${at} paused     ${title(event.jobId)}`;
    default:
      // queue.state: see WaitNarrator.
      return null;
  }
}

/** A rate-limit pause shorter than this ends without a line of its own: 429 stretches come and go. */
const QUIET_RATE_LIMIT_MS = 60_000;

const JOB_ENDINGS = new Set<RunnerEvent['type']>(['job.completed', 'job.failed', 'job.cancelled', 'job.paused', 'job.queued']);

/**
 * What the run waits for, as permanent lines: the hold sentence when it changes ("Claude
 * API overloaded — waiting, next try at 02:14 …"), its end ("Claude API answering again
 * after 6 min"), jobs waiting for an automatic retry while nothing runs, and the account's
 * limits once learned. `current` is the sentence the live table shows meanwhile.
 */
export class WaitNarrator {
  /** What the run waits for now, or null. */
  current: string | null = null;
  private lastWaiting: string | null = null;
  private hold: { cause: ProviderHoldCause; provider: string; since: number } | null = null;
  private retryKey: string | null = null;
  private retrySentence: string | null = null;
  private account: string | null = null;

  constructor(private readonly lookup: JobLookup) {}

  lines(event: RunnerEvent): string[] {
    const out: string[] = [];
    const at = clockTime(event.at);
    const atMs = Date.parse(event.at);
    if (event.type === 'queue.state') {
      this.onState(event.state, at, atMs, out);
    } else if (event.type === 'job.started') {
      // Something runs again: a later wait for a retry is news again.
      this.retryKey = null;
      this.retrySentence = null;
    } else if (event.type === 'item.completed' && this.account === null && this.lookup.queue) {
      // Answers carry the account's limits; no queue.state follows just for that.
      const q = this.lookup.queue();
      this.onAccount(q.account, q.effectiveRequests, at, out);
    }
    if (event.type === 'queue.state' || JOB_ENDINGS.has(event.type)) this.checkRetries(at, atMs, out);
    const waiting = this.lastWaiting !== null ? oneLine(this.lastWaiting, 200) : null;
    this.current = waiting ?? this.retrySentence;
    return out;
  }

  private onState(state: Pick<QueueState, 'hold' | 'waitingReason' | 'account' | 'effectiveRequests'>, at: string, atMs: number, out: string[]): void {
    const hold = state.hold;
    // A hold that ended, or turned into another (a probe met a 429): say how long it lasted.
    if (this.hold && hold?.cause !== this.hold.cause) {
      const ms = Math.max(0, atMs - this.hold.since);
      if (this.hold.cause !== 'rate_limited' || ms >= QUIET_RATE_LIMIT_MS) {
        out.push(`${at} resumed    ${holdEndedSentence(this.hold.cause, this.hold.provider, ms)}`);
      }
      this.hold = null;
    }
    if (hold && !this.hold) {
      const since = hold.since === null ? NaN : Date.parse(hold.since);
      this.hold = { cause: hold.cause, provider: hold.provider, since: Number.isNaN(since) ? atMs : since };
    }
    // The state is re-sent on every limit change and on each probe; say "waiting" once per
    // sentence, and not for "a probe request is out" within an outage already announced.
    const reason = state.waitingReason;
    const probeOut = hold?.cause === 'overloaded' && hold.until === null && this.lastWaiting !== null;
    if (reason !== this.lastWaiting && reason !== null && !probeOut) out.push(`${at} waiting    ${oneLine(reason, 200)}`);
    if (!probeOut || reason === null) this.lastWaiting = reason;
    this.onAccount(state.account, state.effectiveRequests, at, out);
  }

  private onAccount(account: QueueState['account'], effectiveRequests: number, at: string, out: string[]): void {
    const sentence = accountSentence(account, effectiveRequests);
    if (sentence === null) return;
    const key = JSON.stringify(account);
    if (key === this.account) return;
    this.account = key;
    out.push(`${at} limits     ${sentence}`);
  }

  /** Nothing runs but jobs wait for an automatic retry: say when the next goes, once per change. */
  private checkRetries(at: string, atMs: number, out: string[]): void {
    if (!this.lookup.retries) return;
    const counts = this.lookup.counts();
    const running = (counts.generating_lessons ?? 0) + (counts.generating_tasks ?? 0) + (counts.finalizing ?? 0);
    const retries = running === 0 ? this.lookup.retries() : null;
    if (!retries) {
      this.retryKey = null;
      this.retrySentence = null;
      return;
    }
    const key = `${retries.scheduled}|${retries.next.runAfter}`;
    if (key === this.retryKey) return;
    this.retryKey = key;
    this.retrySentence = retriesWaitingSentence(retries.scheduled, retries.next, atMs);
    out.push(`${at} waiting    ${this.retrySentence}`);
  }
}

class LineView implements ProgressView {
  private readonly titles = new Map<string, string>();
  private readonly narrator: WaitNarrator;

  constructor(
    private readonly out: CliOutput,
    private readonly lookup: JobLookup,
  ) {
    this.narrator = new WaitNarrator(lookup);
  }

  onEvent(event: RunnerEvent): void {
    const line = eventLine(event, this.lookup, this.titles);
    const lines = line ? [line] : [];
    lines.push(...this.narrator.lines(event));
    for (const l of lines) this.out.write(`${l}\n`);
  }

  print(lines: readonly string[]): void {
    for (const l of lines) this.out.write(`${l}\n`);
  }

  close(): void {}
}

interface Row {
  title: string;
  status: string;
  completed: number;
  total: number;
  retries: number;
}

export function progressBar(completed: number, total: number, width = 10): string {
  const filled = total > 0 ? Math.min(width, Math.round((completed / total) * width)) : 0;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** The live table's lines for `columns` terminal columns; `waiting`: what the run waits for. Pure, for tests. */
export function tableLines(rows: Row[], counts: Partial<Record<JobStatus, number>>, columns: number, waiting: string | null = null): string[] {
  const running = (counts.generating_lessons ?? 0) + (counts.generating_tasks ?? 0) + (counts.finalizing ?? 0);
  const head = [
    `${running} running`,
    `${counts.queued ?? 0} queued`,
    `${counts.completed ?? 0} completed`,
    ...(counts.failed ? [`${counts.failed} failed`] : []),
    ...(counts.paused ? [`${counts.paused} paused`] : []),
  ].join(' · ');
  const lines = [head];
  if (rows.length === 0) lines.push(`  (no job running; ${waiting ? oneLine(waiting) : 'waiting for work'})`);
  else if (waiting) lines.push(`  waiting: ${oneLine(waiting)}`);
  for (const r of rows) {
    const progress = `${padStart(`${r.completed}/${r.total}`, 7)} ${progressBar(r.completed, r.total)}`;
    const retries = r.retries > 0 ? ` ${r.retries} retr${r.retries === 1 ? 'y' : 'ies'}` : '';
    const fixed = `  ${pad(r.status, 18)} ${progress}${retries}  `;
    lines.push(fixed + oneLine(r.title, Math.max(10, columns - fixed.length - 1)));
  }
  return lines.map((l) => (l.length >= columns ? l.slice(0, columns - 1) : l));
}

class TableView implements ProgressView {
  private readonly titles = new Map<string, string>();
  private readonly rows = new Map<string, Row>();
  private drawn = 0;
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastDraw = 0;
  private closed = false;
  private readonly narrator: WaitNarrator;

  constructor(
    private readonly out: CliOutput,
    private readonly lookup: JobLookup,
    private readonly now: () => number,
  ) {
    this.narrator = new WaitNarrator(lookup);
  }

  onEvent(event: RunnerEvent): void {
    if (this.closed) return;
    // Running jobs live in the table; only their endings become permanent lines.
    const line = event.type === 'job.started' ? null : eventLine(event, this.lookup, this.titles);
    if (line) this.pending.push(line);
    this.pending.push(...this.narrator.lines(event));
    this.apply(event);
    this.schedule();
  }

  print(lines: readonly string[]): void {
    if (this.closed) {
      for (const l of lines) this.out.write(`${l}\n`);
      return;
    }
    this.pending.push(...lines);
    this.schedule();
  }

  close(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.rows.clear();
    this.draw(false);
    this.closed = true;
  }

  private apply(event: RunnerEvent): void {
    const row = 'jobId' in event ? this.rows.get(event.jobId) : undefined;
    switch (event.type) {
      case 'job.started': {
        const job = this.lookup.job(event.jobId);
        const title = oneLine(job?.courseTitle ?? event.jobId, 60);
        this.titles.set(event.jobId, title);
        this.rows.set(event.jobId, {
          title,
          status: formatStatus(event.status),
          completed: job?.itemsCompleted ?? 0,
          total: job?.itemsTotal ?? 0,
          retries: 0,
        });
        break;
      }
      case 'step.started':
        if (row) row.status = STEP_STATUS[event.step];
        break;
      case 'progress':
        if (row) Object.assign(row, { completed: event.completed, total: event.total });
        break;
      case 'job.retrying':
        if (row) row.retries++;
        break;
      case 'job.completed':
      case 'job.failed':
      case 'job.cancelled':
      case 'job.paused':
      case 'job.queued': // handed back to the queue (the disk is full): it no longer runs
        this.rows.delete(event.jobId);
        break;
      default:
    }
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, REDRAW_MS - (this.now() - this.lastDraw));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.draw(true);
    }, wait);
    this.timer.unref?.();
  }

  private draw(withTable: boolean): void {
    this.lastDraw = this.now();
    // Up to the first line of the previous table, clear to the end, then print afresh.
    let text = this.drawn > 0 ? `\x1b[${this.drawn}F\x1b[J` : '';
    for (const line of this.pending) text += `${line}\n`;
    this.pending = [];
    const table = withTable ? tableLines([...this.rows.values()], this.lookup.counts(), this.out.columns || 100, this.narrator.current) : [];
    for (const line of table) text += `${line}\n`;
    this.drawn = table.length;
    if (text) this.out.write(text);
  }
}

export function createProgressView(out: CliOutput, lookup: JobLookup, now: () => number = Date.now): ProgressView {
  return out.isTTY ? new TableView(out, lookup, now) : new LineView(out, lookup);
}
