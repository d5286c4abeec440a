// The numbers behind the charts, in tables: durations, failures by cause (each linking to
// the queue narrowed to those jobs), retries and waits, tokens and cost per day and per
// provider, model and tier.
import type { DurationStats, Insights, UsageTotals } from '../../../shared/insights';
import { formatInteger } from '../../lib/format';
import { causeLabel, dayLabel, formatMs, formatRate, formatUsd, stepLabel } from '../../lib/insights-format';
import { causeQueueHash } from '../../lib/queue-filter';
import { formatHash } from '../../lib/route';

function StatsCells({ s }: { s: DurationStats }) {
  return (
    <>
      <td className="cell-num">{formatInteger(s.count)}</td>
      <td className="cell-num">{formatMs(s.avgMs)}</td>
      <td className="cell-num">{formatMs(s.p50Ms)}</td>
      <td className="cell-num">{formatMs(s.p95Ms)}</td>
      <td className="cell-num">{formatMs(s.p99Ms)}</td>
    </>
  );
}

export function DurationsTable({ durations }: { durations: Insights['durations'] }) {
  return (
    <section className="card table-card insights-table" aria-labelledby="insights-durations">
      <h2 id="insights-durations">Durations</h2>
      <table className="simple-table">
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Count</th>
            <th scope="col">Average</th>
            <th scope="col">P50</th>
            <th scope="col">P95</th>
            <th scope="col">P99</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Course (active time)</th>
            <StatsCells s={durations.course} />
          </tr>
          {durations.steps.map((s) => (
            <tr key={s.step}>
              <th scope="row">Step: {stepLabel(s.step)}</th>
              <StatsCells s={s} />
            </tr>
          ))}
          {durations.calls.map((c) => (
            <tr key={c.kind}>
              <th scope="row">Call: {c.kind}</th>
              <StatsCells s={c} />
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted insights-note">
        A course&apos;s time is the time its job ran, without paused, scheduled or failed-and-waiting time. A step&apos;s is the span from its first
        call to its last answer, in jobs that needed no retry. A call&apos;s is the latency of answered calls.
      </p>
    </section>
  );
}

export function FailuresTable({ failures, since }: { failures: Insights['failures']; since: string | null }) {
  return (
    <section className="card table-card insights-table" aria-labelledby="insights-causes" data-testid="insights-causes">
      <h2 id="insights-causes">Failures by cause</h2>
      <table className="simple-table">
        <thead>
          <tr>
            <th scope="col">Cause</th>
            <th scope="col">Jobs</th>
          </tr>
        </thead>
        <tbody>
          {failures.byCause.map((c) => (
            <tr key={c.cause}>
              <th scope="row">
                {c.count > 0 ? <a href={formatHash(['queue'], causeQueueHash(c.cause, since))}>{causeLabel(c.cause)}</a> : causeLabel(c.cause)}
              </th>
              <td className="cell-num">{formatInteger(c.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function RetriesTable({ retries }: { retries: Insights['retries'] }) {
  const rows: [string, string][] = [
    ['Automatic retries', formatInteger(retries.automatic)],
    ['Manual retries', formatInteger(retries.manual)],
    ['Calls rate-limited (429)', formatInteger(retries.rateLimited)],
    ['Waited on the provider (overloaded)', formatMs(retries.waitedMs.provider)],
    ['Waited on the network', formatMs(retries.waitedMs.network)],
    ['Waited on rate limits', formatMs(retries.waitedMs.rateLimit)],
  ];
  return (
    <section className="card table-card insights-table" aria-labelledby="insights-retries">
      <h2 id="insights-retries">Retries and waiting</h2>
      <table className="simple-table">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="cell-num">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted insights-note">Automatic retries and waits are from the reports of the {formatInteger(retries.runs)} runs that ended in this period.</p>
    </section>
  );
}

function UsageCells({ t }: { t: UsageTotals }) {
  return (
    <>
      <td className="cell-num">{formatInteger(t.calls)}</td>
      <td className="cell-num">{formatInteger(t.inputTokens)}</td>
      <td className="cell-num">{formatInteger(t.outputTokens)}</td>
      <td className="cell-num">{formatInteger(t.cacheReadTokens)}</td>
      <td className="cell-num">{formatInteger(t.cacheWriteTokens)}</td>
      <td className="cell-num">{formatRate(t.cacheShare)}</td>
      <td className="cell-num">{formatUsd(t.costUsd)}</td>
    </>
  );
}

const USAGE_HEAD = ['Calls', 'Input', 'Output', 'Cache read', 'Cache write', 'Cache share', 'Cost'];

/** The usage tables' header row: the row label's column, then the figures. */
function UsageHead({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {USAGE_HEAD.map((h) => (
          <th key={h} scope="col">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function UsageTables({ usage }: { usage: Insights['usage'] }) {
  return (
    <section className="card table-card insights-table" aria-labelledby="insights-usage" data-testid="insights-usage">
      <h2 id="insights-usage">Tokens and cost</h2>
      <div className="insights-scroll">
        <table className="simple-table">
          <UsageHead first="Day" />
          <tbody>
            {usage.byDay.map((d) => (
              <tr key={d.day}>
                <th scope="row">{dayLabel(d.day)}</th>
                <UsageCells t={d} />
              </tr>
            ))}
            <tr className="insights-total">
              <th scope="row">Total</th>
              <UsageCells t={usage.totals} />
            </tr>
          </tbody>
        </table>
      </div>
      <h3>By provider, model and tier</h3>
      <div className="insights-scroll">
        <table className="simple-table">
          <UsageHead first="Model" />
          <tbody>
            {usage.bySplit.map((s) => (
              <tr key={`${s.provider}/${s.model}/${s.tier}`}>
                <th scope="row">
                  {s.model}
                  <span className="muted insights-split">
                    {s.provider === 'anthropic' ? 'Claude' : 'local server'} · {s.tier === 'batch' ? 'economy' : 'standard'}
                  </span>
                </th>
                <UsageCells t={s} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted insights-note">
        Includes the calls of courses in the bin and of courses removed for good (kept as hourly totals). Cache share: cache reads out of all prompt tokens.
      </p>
    </section>
  );
}
