// Economy mode as a person reads it (issue 14): the estimate's money and token ranges, what
// economy saves, a job's cost with its saving, and the economy batches on the API. Pure:
// the components pass what they show, tests check the sentences exactly.
import type { CourseSpend, JobSummary, QueueGroupTotals } from '../../shared/domain';
import type { CostEstimate, EconomyBatchView, Range } from '../../shared/economy';
import { formatCost, formatCount, plural } from './format';

/** The same words wherever economy is offered (the wizard, batch review, Settings). */
export const ECONOMY_LABEL = 'Economy (Message Batches, ~50 % cheaper, results within 24 h — usually under an hour)';

/** "$0.42–$0.61"; a range that is one value reads as that value. */
export function formatUsdRange(range: Range): string {
  const low = formatCost(range.low);
  const high = formatCost(range.high);
  return low === high ? low : `${low}–${high}`;
}

/** "120k–160k"; one value when low and high read the same. */
export function formatCountRange(range: Range): string {
  const low = formatCount(range.low);
  const high = formatCount(range.high);
  return low === high ? low : `${low}–${high}`;
}

/** The estimate's tokens and calls in one line: "~24 calls, ~140k tokens (120k–160k): ~90k in, ~50k out". */
export function describeEstimateTokens(estimate: Pick<CostEstimate, 'calls' | 'inputTokens' | 'outputTokens'>): string {
  const total: Range = {
    low: estimate.inputTokens.low + estimate.outputTokens.low,
    expected: estimate.inputTokens.expected + estimate.outputTokens.expected,
    high: estimate.inputTokens.high + estimate.outputTokens.high,
  };
  const range = formatCountRange(total);
  const expected = formatCount(total.expected);
  return (
    `~${plural(estimate.calls, 'model call')}, ~${expected} tokens${range === expected ? '' : ` (${range})`}: ` +
    `~${formatCount(estimate.inputTokens.expected)} in, ~${formatCount(estimate.outputTokens.expected)} out`
  );
}

/** What the estimate is based on, as a sentence ("No history yet: rough"; main words it for the CLI too). */
export function basisText(basis: Pick<CostEstimate['basis'], 'text'>): string {
  const text = basis.text.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How much cheaper economy is expected to be, in whole percent; null when there is nothing to compare. */
export function economySavingPercent(estimate: Pick<CostEstimate, 'standardUsd' | 'economyUsd'>): number | null {
  const standard = estimate.standardUsd.expected;
  if (!Number.isFinite(standard) || standard <= 0) return null;
  const saved = 1 - estimate.economyUsd.expected / standard;
  return Number.isFinite(saved) ? Math.round(saved * 100) : null;
}

/**
 * The budget note beside an estimate: the expected cost of what is about to be queued against
 * a cap from Settings ("over the batch budget of $10.00 set in Settings: …"); null when under it
 * or without a cap.
 */
export function budgetNote(expectedUsd: number, cap: number | null, which: 'batch' | 'daily'): string | null {
  if (cap === null || !(expectedUsd > cap)) return null;
  const name = which === 'batch' ? 'batch budget' : 'daily budget';
  return `Expected to cost more than the ${name} of ${formatCost(cap)} set in Settings: the queue pauses itself when the budget is reached, and you can resume it or raise the budget.`;
}

/** A job's cost, and what economy saved on it when it saved anything: "$0.42 (saved $0.42)". */
export function formatCostWithSaving(costUsd: number, savedUsd: number): string {
  const cost = formatCost(costUsd);
  return savedUsd > 0 ? `${cost} (saved ${formatCost(savedUsd)})` : cost;
}

/** The course page's cost line: "Cost $0.35 (saved $0.05 with economy)"; null before any paid call. */
export function courseSpendLine(spend: CourseSpend): string | null {
  if (spend.calls === 0) return null;
  return `Cost ${formatCost(spend.costUsd)}${spend.savedUsd > 0 ? ` (saved ${formatCost(spend.savedUsd)} with economy)` : ''}`;
}

/** The jobs queued with this one, in the job detail: "Queued with 2 others: $1.20 in all, saved $0.60"; null for a job queued alone. */
export function groupTotalsLine(totals: Pick<QueueGroupTotals, 'jobs' | 'costUsd' | 'savedUsd'>): string | null {
  const others = totals.jobs - 1;
  if (others < 1) return null;
  return `Queued with ${plural(others, 'other')}: ${formatCost(totals.costUsd)} in all${totals.savedUsd > 0 ? `, saved ${formatCost(totals.savedUsd)}` : ''}`;
}

/** The API's id of a batch, or that it has none yet (only the submission intent is stored). */
export function batchIdLabel(batch: Pick<EconomyBatchView, 'apiBatchId'>): string {
  return batch.apiBatchId ?? 'not yet created';
}

/** The batch's state in a word or two: the API's processing status once it has one. */
export function batchStatusLabel(batch: Pick<EconomyBatchView, 'state' | 'processingStatus'>): string {
  switch (batch.state) {
    case 'intent':
      return 'Being submitted';
    case 'done':
      return 'Done';
    case 'abandoned':
      return 'Abandoned';
    default:
      break;
  }
  switch (batch.processingStatus) {
    case 'in_progress':
      return 'In progress';
    case 'canceling':
      return 'Canceling';
    case 'ended':
      return batch.state === 'ended' ? 'Ended, reading results' : 'Ended';
    case null:
      return batch.state === 'ended' ? 'Ended' : 'Submitted';
    default:
      return batch.processingStatus.replace(/_/g, ' ');
  }
}

/**
 * The API's request counts, the non-zero ones: "10 succeeded, 2 errored". While the batch runs
 * the API reports every request as processing; "—" before the batch exists.
 */
export function batchCountsText(counts: EconomyBatchView['counts']): string {
  if (!counts) return '—';
  const parts = (['processing', 'succeeded', 'errored', 'canceled', 'expired'] as const).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
  return parts.length === 0 ? '0' : parts.join(', ');
}

/**
 * Where a job's units wait, for its detail: "Waiting in economy batch msgbatch_01… (12 requests)".
 * Null when the job waits in no batch. A batch not read yet (or gone from the list) is named as such.
 */
export function describeBatchWait(job: Pick<JobSummary, 'waitingInBatch'>, batches: readonly EconomyBatchView[] | null): string | null {
  if (!job.waitingInBatch) return null;
  const batch = batches?.find((b) => b.id === job.waitingInBatch);
  if (!batch) return 'Waiting in an economy batch';
  const requests = plural(batch.requests, 'request');
  if (!batch.apiBatchId) return `Waiting in an economy batch being submitted (${requests})`;
  return `Waiting in economy batch ${batch.apiBatchId} (${requests})`;
}

/** A batch still has work on the API (worth polling for). */
export function batchIsActive(batch: Pick<EconomyBatchView, 'state'>): boolean {
  return batch.state === 'intent' || batch.state === 'submitted' || batch.state === 'ended';
}
