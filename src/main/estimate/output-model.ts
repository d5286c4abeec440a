// Output tokens per unit of each kind of call, as a range: from this database's history
// when it has enough calls of that kind, otherwise from documented defaults.
//
// - With at least MIN_SAMPLES past calls of a kind: expected = their mean per unit; low and
//   high = the 10th and 90th percentiles. A batch's total is given the same percentiles, as
//   if every call came out short (or long) at once: wider than independent calls would
//   make it, on purpose, since one model's answers to similar prompts run long together.
//   Never narrower than ±10 % (MIN_SPREAD): a model whose answers barely vary still leaves
//   the estimate's own error (the cache, the input approximation, a retry now and then).
// - With 1 to 4: their mean, ±35 % (NO_HISTORY_SPREAD).
// - With none: DEFAULT_OUTPUT_PER_UNIT, ±35 %.
//
// The defaults are what Claude Sonnet-class models write for these prompts, rounded: a
// lesson in Markdown with examples and its objectives ≈ 900 tokens, a lesson's tasks ≈ 900
// (an exercise with its answer key and a reflection ≈ 250, a quiz of 3–5 typed questions
// with feedback on every option ≈ 650), the course summary with outcomes and prerequisites ≈ 450, and an
// outline option ≈ 220 tokens per project (its title, description and 3-5 lessons with a
// one-sentence summary each).
import type { Range } from '../../shared/economy';
import type { CallKind } from './calls';
import type { History } from './history';

export const DEFAULT_OUTPUT_PER_UNIT: Record<CallKind, number> = { outline: 220, lessons: 900, tasks: 900, finalize: 450 };
export const NO_HISTORY_SPREAD = 0.35;
export const MIN_SAMPLES = 5;
export const MIN_SPREAD = 0.1;

export type OutputModel = Record<CallKind, Range & { fromHistory: boolean }>;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function outputModel(history: History): OutputModel {
  const model = {} as OutputModel;
  for (const kind of Object.keys(DEFAULT_OUTPUT_PER_UNIT) as CallKind[]) {
    const values = history.output[kind].values;
    if (values.length === 0) {
      const d = DEFAULT_OUTPUT_PER_UNIT[kind];
      model[kind] = { low: d * (1 - NO_HISTORY_SPREAD), expected: d, high: d * (1 + NO_HISTORY_SPREAD), fromHistory: false };
      continue;
    }
    const mean = values.reduce((n, v) => n + v, 0) / values.length;
    if (values.length < MIN_SAMPLES) {
      // Too few calls to judge a spread: their mean, with the no-history spread.
      model[kind] = { low: mean * (1 - NO_HISTORY_SPREAD), expected: mean, high: mean * (1 + NO_HISTORY_SPREAD), fromHistory: true };
      continue;
    }
    const sorted = [...values].sort((a, b) => a - b);
    model[kind] = {
      low: Math.min(percentile(sorted, 0.1), mean * (1 - MIN_SPREAD)),
      expected: mean,
      high: Math.max(percentile(sorted, 0.9), mean * (1 + MIN_SPREAD)),
      fromHistory: true,
    };
  }
  return model;
}
