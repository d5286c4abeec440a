// `course-studio stats`: the Insights page's figures for a period, as text or JSON (the
// same object `insights.get` returns; its keys are documented in the README). Read-only.
import { FAILURE_CAUSE_LABELS } from '../../shared/failure-causes';
import type { DurationStats, Insights } from '../../shared/insights';
import { readInsights } from '../insights';
import type { StatsArgs } from './args';
import type { CliIo } from './io';
import { openStore } from './open-store';
import { formatCost, formatCount, formatDuration, pad, padStart, plural } from './text';

export function statsCommand(args: StatsArgs, io: CliIo, nowMs = Date.now()): number {
  const store = openStore(args.db, io.cwd, { create: false });
  try {
    const insights = readInsights(store.db, {
      period: args.since.text,
      since: args.since.ms === null ? null : new Date(nowMs - args.since.ms).toISOString(),
      // Days are this machine's local days, as the app's are.
      tzOffsetMinutes: -new Date(nowMs).getTimezoneOffset(),
      nowMs,
    });
    io.stdout.write(args.json ? `${JSON.stringify(insights, null, 2)}\n` : statsText(insights));
    return 0;
  } finally {
    store.close();
  }
}

/** "850 ms", "12.3 s", "6 min": short enough for a column. */
export function msText(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return formatDuration(ms);
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);

function statsRow(label: string, s: DurationStats): string {
  return `  ${pad(label, 14)} ${padStart(String(s.count), 6)} ${padStart(msText(s.avgMs), 9)} ${padStart(msText(s.p50Ms), 9)} ${padStart(msText(s.p95Ms), 9)} ${padStart(msText(s.p99Ms), 9)}`;
}

export function statsText(i: Insights): string {
  const lines: string[] = [];
  lines.push(`Insights, ${i.since === null ? 'everything stored' : `since ${i.since}`} (${i.period})`);
  lines.push('');
  const j = i.jobs;
  lines.push(`Jobs: ${j.queued} queued · ${j.completed} completed · ${j.failed} failed · ${j.cancelled} cancelled`);
  lines.push(`  success ${percent(j.successRate)} · failure ${percent(j.failureRate)} · cancellation ${percent(j.cancellationRate)} (of the jobs that ended)`);
  lines.push('');
  lines.push(`Durations        ${padStart('count', 6)} ${padStart('average', 9)} ${padStart('P50', 9)} ${padStart('P95', 9)} ${padStart('P99', 9)}`);
  lines.push(statsRow('course', i.durations.course));
  for (const s of i.durations.steps) lines.push(statsRow(`step ${s.step}`, s));
  for (const c of i.durations.calls) lines.push(statsRow(`call ${c.kind}`, c));
  lines.push('  (course: active time, without paused, scheduled or failed-and-waiting time; step: first call to last answer');
  lines.push('   in jobs that needed no retry; call: latency of answered calls)');
  lines.push('');
  const causes = i.failures.byCause.filter((c) => c.count > 0);
  lines.push(`Failures by cause: ${causes.length === 0 ? 'none' : causes.map((c) => `${FAILURE_CAUSE_LABELS[c.cause]} ${c.count}`).join(' · ')}`);
  lines.push(`Failures by step: ${i.failures.byStep.length === 0 ? 'none' : i.failures.byStep.map((s) => `${s.step} ${s.count}`).join(' · ')}`);
  const r = i.retries;
  lines.push(
    `Retries: ${r.automatic} automatic · ${r.manual} manual · ${plural(r.rateLimited, 'call')} rate-limited (429); ` +
      `waited ${formatDuration(r.waitedMs.provider)} on the provider, ${formatDuration(r.waitedMs.network)} on the network, ` +
      `${formatDuration(r.waitedMs.rateLimit)} on rate limits (${plural(r.runs, 'run')})`,
  );
  lines.push('');
  const t = i.usage.totals;
  lines.push(
    `Tokens: ${formatCount(t.inputTokens)} in · ${formatCount(t.outputTokens)} out · ${formatCount(t.cacheReadTokens)} cache read · ` +
      `${formatCount(t.cacheWriteTokens)} cache write · cache share ${percent(t.cacheShare)} · ${plural(t.calls, 'call')} · ${formatCost(t.costUsd)}`,
  );
  if (i.usage.byDay.length > 0) {
    lines.push(`  ${pad('day', 10)} ${padStart('calls', 7)} ${padStart('in', 8)} ${padStart('out', 8)} ${padStart('cache r', 8)} ${padStart('cache w', 8)} ${padStart('cost', 10)}`);
    for (const d of i.usage.byDay) {
      lines.push(
        `  ${pad(d.day, 10)} ${padStart(String(d.calls), 7)} ${padStart(formatCount(d.inputTokens), 8)} ${padStart(formatCount(d.outputTokens), 8)} ` +
          `${padStart(formatCount(d.cacheReadTokens), 8)} ${padStart(formatCount(d.cacheWriteTokens), 8)} ${padStart(formatCost(d.costUsd), 10)}`,
      );
    }
  }
  for (const s of i.usage.bySplit) {
    lines.push(`  ${s.provider} · ${s.model} · ${s.tier}: ${plural(s.calls, 'call')}, ${formatCost(s.costUsd)}`);
  }
  return `${lines.join('\n')}\n`;
}
