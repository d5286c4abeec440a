// The estimate as `estimate` and `queue` print it: tokens and cost, standard and economy,
// each with its range, and what it is based on.
import type { CostEstimate, Range } from '../../shared/economy';
import { formatCost, formatCount, plural } from './text';

const range = (r: Range, f: (n: number) => string) => `${f(r.expected)}  (${f(r.low)}–${f(r.high)})`;

/** `economy`: the Message Batches price is the one that applies (the jobs are queued as economy). */
export function estimateLines(estimate: CostEstimate, what: string, economy: boolean): string[] {
  return [
    `Estimate for ${what}: ${plural(estimate.calls, 'model call')}, ${estimate.basis.text} (${estimate.model})`,
    `  input tokens   ${range(estimate.inputTokens, formatCount)}`,
    `  output tokens  ${range(estimate.outputTokens, formatCount)}`,
    `  standard       ${range(estimate.standardUsd, formatCost)}${economy ? '' : '  ← applies'}`,
    `  economy        ${range(estimate.economyUsd, formatCost)}${economy ? '  ← applies (Message Batches, within 24 h)' : ''}`,
  ];
}
