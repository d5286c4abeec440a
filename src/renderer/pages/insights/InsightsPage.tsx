// The Insights page (#/insights?period=7d): how generation is going over a period — jobs and
// rates, durations, failures, retries, tokens and cost. Main aggregates in SQLite; this page
// draws the few rows it gets back.
import { useEffect, useState } from 'react';
import { INSIGHTS_PERIOD_LABELS, INSIGHTS_PERIODS, type Insights } from '../../../shared/insights';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../lib/format';
import { formatMs, formatRate, formatUsd, parsePeriod } from '../../lib/insights-format';
import { navigate } from '../../lib/use-route';
import { CostPerDayChart, DurationChart, FailuresByStepChart, OutcomesPerDayChart } from './InsightsCharts';
import { DurationsTable, FailuresTable, RetriesTable, UsageTables } from './InsightsTables';
import { useInsights } from './use-insights';
import '../../styles/insights.css';

export function InsightsPage({ query }: { query: Record<string, string> }) {
  const period = parsePeriod(query.period);
  const [reload, setReload] = useState(0);
  const { data, error, loading } = useInsights(period, reload);

  return (
    <div className="page insights-page">
      <header className="page-header">
        <div>
          <h1>Insights</h1>
          <p className="page-subtitle">How generation is going: jobs, durations, failures, retries, tokens and cost.</p>
        </div>
        <div className="filter-tabs" role="group" aria-label="Period">
          {INSIGHTS_PERIODS.map((p) => (
            <button key={p} type="button" className="filter-tab" aria-pressed={p === period} onClick={() => navigate(['insights'], { period: p === '7d' ? undefined : p }, { replace: true })}>
              {INSIGHTS_PERIOD_LABELS[p]}
            </button>
          ))}
        </div>
      </header>
      {error && !data ? (
        <LoadError title="Insights could not be loaded" message={error} onRetry={() => setReload((n) => n + 1)} />
      ) : !data ? (
        <Loading label="Reading insights…" />
      ) : (
        <InsightsBody data={data} stale={loading || data.period !== period} />
      )}
    </div>
  );
}

function Tile({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId?: string }) {
  return (
    <div className="insights-tile" data-testid={testId}>
      <div className="insights-tile-label">{label}</div>
      <div className="insights-tile-value">{value}</div>
      {detail && <div className="insights-tile-detail">{detail}</div>}
    </div>
  );
}

/**
 * Counts the frames since mount, up to `last`: one more each animation frame. Drawing four
 * charts takes a few tens of ms; one per frame lets the tiles and the first chart be
 * painted first instead of all waiting for the slowest.
 */
function useFramesSinceMount(last: number): number {
  const [frames, setFrames] = useState(0);
  useEffect(() => {
    if (frames >= last) return;
    const id = requestAnimationFrame(() => setFrames((n) => n + 1));
    return () => cancelAnimationFrame(id);
  }, [frames, last]);
  return frames;
}

function InsightsBody({ data, stale }: { data: Insights; stale: boolean }) {
  const frames = useFramesSinceMount(3);
  const j = data.jobs;
  const c = data.durations.course;
  return (
    <div className="insights-body" aria-busy={stale} data-stale={stale || undefined}>
      <section className="insights-tiles" aria-label="Summary">
        <Tile label="Jobs queued" value={formatInteger(j.queued)} detail={`${formatInteger(j.completed)} completed · ${formatInteger(j.failed)} failed · ${formatInteger(j.cancelled)} cancelled`} testId="tile-jobs" />
        <Tile label="Success rate" value={formatRate(j.successRate)} detail={`failure ${formatRate(j.failureRate)} · cancelled ${formatRate(j.cancellationRate)}`} testId="tile-success" />
        <Tile label="Time to complete (P50)" value={formatMs(c.p50Ms)} detail={`P95 ${formatMs(c.p95Ms)} · P99 ${formatMs(c.p99Ms)} · avg ${formatMs(c.avgMs)}`} testId="tile-duration" />
        <Tile label="Cost" value={formatUsd(data.usage.totals.costUsd)} detail={`${formatInteger(data.usage.totals.calls)} calls · cache share ${formatRate(data.usage.totals.cacheShare)}`} testId="tile-cost" />
        <Tile label="Retries" value={formatInteger(data.retries.automatic + data.retries.manual)} detail={`${formatInteger(data.retries.automatic)} automatic · ${formatInteger(data.retries.manual)} manual · ${formatInteger(data.retries.rateLimited)} × 429`} />
      </section>
      <div className="insights-charts">
        <CostPerDayChart daily={data.daily} />
        <OutcomesPerDayChart daily={data.daily} draw={frames >= 1} />
        <DurationChart durations={data.durations} draw={frames >= 2} />
        <FailuresByStepChart byStep={data.failures.byStep} draw={frames >= 3} />
      </div>
      <div className="insights-tables">
        <FailuresTable failures={data.failures} since={data.since} />
        <RetriesTable retries={data.retries} />
      </div>
      <DurationsTable durations={data.durations} />
      <UsageTables usage={data.usage} />
    </div>
  );
}
