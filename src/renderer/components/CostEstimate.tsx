// What generating approved courses is expected to cost, before anything is queued: tokens
// and calls, then standard and economy side by side, each with its range, and what the
// estimate is based on. The chosen transport is marked, so the figure that applies stands out.
import { useId } from 'react';
import type { CostEstimate as Estimate } from '../../shared/economy';
import { basisText, budgetNote, describeEstimateTokens, economySavingPercent, formatUsdRange } from '../lib/economy-format';
import { formatCost, plural } from '../lib/format';
import type { EstimateResource } from '../lib/use-estimate';

interface CostEstimateProps {
  resource: EstimateResource;
  /** Which price applies to what the person is about to do; null: show both alike. */
  economy: boolean | null;
  /** A cap from Settings to compare the expected cost with. */
  budget?: { usd: number | null; which: 'batch' | 'daily' } | undefined;
  /** "this course", "3 courses": what the figures are for. */
  subject?: string;
}

export function CostEstimate({ resource, economy, budget, subject }: CostEstimateProps) {
  const titleId = useId();
  const { estimate, loading, error } = resource;
  return (
    <section className="cost-estimate" aria-labelledby={titleId} aria-busy={loading || undefined} data-testid="cost-estimate">
      <h3 id={titleId}>Estimated cost{subject ? ` of ${subject}` : estimate ? ` of ${plural(estimate.courses, 'course')}` : ''}</h3>
      {estimate ? (
        <EstimateFigures estimate={estimate} economy={economy} budget={budget} />
      ) : loading ? (
        <p className="muted" role="status">
          Estimating…
        </p>
      ) : error ? (
        <p className="muted estimate-unavailable" role="status">
          No estimate: {error}{' '}
          <button type="button" className="btn-link" onClick={resource.reload}>
            Try again
          </button>
        </p>
      ) : (
        <p className="muted">Nothing to estimate.</p>
      )}
    </section>
  );
}

function EstimateFigures({ estimate, economy, budget }: { estimate: Estimate; economy: boolean | null; budget: CostEstimateProps['budget'] }) {
  const saving = economySavingPercent(estimate);
  const expected = economy ? estimate.economyUsd.expected : estimate.standardUsd.expected;
  const overBudget = budget ? budgetNote(expected, budget.usd, budget.which) : null;
  return (
    <>
      <p className="estimate-tokens" data-testid="estimate-tokens">
        {describeEstimateTokens(estimate)}
      </p>
      <dl className="estimate-prices">
        <div className={`estimate-price ${economy === false ? 'is-chosen' : ''}`} data-testid="estimate-standard">
          <dt>Standard{economy === false ? ' (chosen)' : ''}</dt>
          <dd>
            <strong className="estimate-expected">{formatCost(estimate.standardUsd.expected)}</strong>
            <span className="estimate-range">{formatUsdRange(estimate.standardUsd)}</span>
          </dd>
        </div>
        <div className={`estimate-price ${economy === true ? 'is-chosen' : ''}`} data-testid="estimate-economy">
          <dt>Economy{economy === true ? ' (chosen)' : ''}</dt>
          <dd>
            <strong className="estimate-expected">{formatCost(estimate.economyUsd.expected)}</strong>
            <span className="estimate-range">{formatUsdRange(estimate.economyUsd)}</span>
            {saving !== null && saving > 0 && <span className="estimate-saving">saves ~{saving} %</span>}
          </dd>
        </div>
      </dl>
      <p className="estimate-basis muted" data-testid="estimate-basis">
        {basisText(estimate.basis)} · {estimate.model}
      </p>
      {overBudget && (
        <p className="warning-box estimate-over-budget" role="note">
          {overBudget}
        </p>
      )}
    </>
  );
}
