// Live progress for `course-studio run`, fed by runner events. In a terminal: a compact
// table of running jobs redrawn at most four times a second, with finished jobs printed
// above it as permanent lines. In a pipe or file: one line per event worth keeping
// (started, retrying, completed, failed, cancelled), so logs stay readable and greppable.
import type { JobStatus, JobStep, JobSummary } from '../../shared/domain';
import type { RunnerEvent } from '../../shared/events';
import type { CliOutput } from './io';
import { clockTime, formatCost, formatStatus, oneLine, pad, padStart } from './text';

export interface JobLookup {
  job(jobId: string): Pick<JobSummary, 'courseTitle' | 'itemsCompleted' | 'itemsTotal' | 'calls' | 'costUsd'> | null;
  counts(): Partial<Record<JobStatus, number>>;
}

export interface ProgressView {
  onEvent(event: RunnerEvent): void;
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
      return `${at} started    ${title(event.jobId)} (${done})`;
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
    case 'job.cancelled':
      return `${at} cancelled  ${title(event.jobId)}`;
    case 'job.paused':
      return `${at} paused     ${title(event.jobId)}`;
    case 'queue.state':
      return event.state.waitingReason ? `${at} waiting    ${oneLine(event.state.waitingReason, 200)}` : null;
    default:
      return null;
  }
}

class LineView implements ProgressView {
  private readonly titles = new Map<string, string>();
  private lastWaiting: string | null = null;

  constructor(
    private readonly out: CliOutput,
    private readonly lookup: JobLookup,
  ) {}

  onEvent(event: RunnerEvent): void {
    if (event.type === 'queue.state') {
      // The state is re-sent on every limit change; say "waiting" once per reason.
      if (event.state.waitingReason === this.lastWaiting) return;
      this.lastWaiting = event.state.waitingReason;
    }
    const line = eventLine(event, this.lookup, this.titles);
    if (line) this.out.write(`${line}\n`);
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

/** The live table's lines for `columns` terminal columns. Pure, for tests. */
export function tableLines(rows: Row[], counts: Partial<Record<JobStatus, number>>, columns: number): string[] {
  const running = (counts.generating_lessons ?? 0) + (counts.generating_tasks ?? 0) + (counts.finalizing ?? 0);
  const head = [
    `${running} running`,
    `${counts.queued ?? 0} queued`,
    `${counts.completed ?? 0} completed`,
    ...(counts.failed ? [`${counts.failed} failed`] : []),
    ...(counts.paused ? [`${counts.paused} paused`] : []),
  ].join(' · ');
  const lines = [head];
  if (rows.length === 0) lines.push('  (no job running; waiting for work)');
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

  constructor(
    private readonly out: CliOutput,
    private readonly lookup: JobLookup,
    private readonly now: () => number,
  ) {}

  onEvent(event: RunnerEvent): void {
    if (this.closed) return;
    // Running jobs live in the table; only their endings become permanent lines.
    const line = event.type === 'queue.state' || event.type === 'job.started' ? null : eventLine(event, this.lookup, this.titles);
    if (line) this.pending.push(line);
    this.apply(event);
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
    const table = withTable ? tableLines([...this.rows.values()], this.lookup.counts(), this.out.columns || 100) : [];
    for (const line of table) text += `${line}\n`;
    this.drawn = table.length;
    if (text) this.out.write(text);
  }
}

export function createProgressView(out: CliOutput, lookup: JobLookup, now: () => number = Date.now): ProgressView {
  return out.isTTY ? new TableView(out, lookup, now) : new LineView(out, lookup);
}
