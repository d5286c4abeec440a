// Economy mode as the renderer words it (issue 14): estimate ranges and saving, a job's cost
// with its saving, the batches view's cells, where a job waits, and the budget form.
import { describe, expect, it } from 'vitest';
import type { CostEstimate, EconomyBatchView } from '../../../src/shared/economy';
import { budgetSettingsSchema } from '../../../src/shared/economy';
import { budgetDraftFrom, budgetUnchanged, checkBudgetDraft, parseBudgetAmount } from '../../../src/renderer/lib/budget-form';
import {
  basisText,
  batchCountsText,
  batchIdLabel,
  batchIsActive,
  batchStatusLabel,
  budgetNote,
  courseSpendLine,
  describeBatchWait,
  describeEstimateTokens,
  economySavingPercent,
  formatCostWithSaving,
  formatCountRange,
  formatUsdRange,
  groupTotalsLine,
} from '../../../src/renderer/lib/economy-format';
import { groupVersion } from '../../../src/renderer/lib/use-group-totals';
import { job } from './job-fixtures';

const estimate: CostEstimate = {
  courses: 2,
  calls: 24,
  inputTokens: { low: 80_000, expected: 90_000, high: 100_000 },
  outputTokens: { low: 40_000, expected: 50_000, high: 60_000 },
  standardUsd: { low: 1.1, expected: 1.2, high: 1.6 },
  economyUsd: { low: 0.55, expected: 0.6, high: 0.8 },
  basis: { pastCourses: 0, text: 'no history yet: rough' },
  model: 'claude-sonnet-5-5',
};

function batch(overrides: Partial<EconomyBatchView> = {}): EconomyBatchView {
  return {
    id: 'b1',
    apiBatchId: 'msgbatch_013Zva2CMHLNnXjNJJKqJ2EF',
    state: 'submitted',
    requests: 12,
    processingStatus: 'in_progress',
    counts: { processing: 12, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
    createdAt: '2026-03-10T12:00:00.000Z',
    endsBy: '2026-03-11T12:00:00.000Z',
    endedAt: null,
    jobIds: ['j1'],
    error: null,
    ...overrides,
  };
}

describe('the estimate', () => {
  it('writes money and token ranges, one value when both ends read the same', () => {
    expect(formatUsdRange({ low: 0.55, expected: 0.6, high: 0.8 })).toBe('$0.55–$0.80');
    expect(formatUsdRange({ low: 0.001, expected: 0.002, high: 0.004 })).toBe('<$0.01');
    expect(formatCountRange({ low: 120_000, expected: 140_000, high: 160_000 })).toBe('120k–160k');
    expect(formatCountRange({ low: 950, expected: 950, high: 950 })).toBe('950');
  });

  it('sums tokens in and out, with the range of the total', () => {
    expect(describeEstimateTokens(estimate)).toBe('~24 model calls, ~140k tokens (120k–160k): ~90k in, ~50k out');
    const exact = { calls: 1, inputTokens: { low: 500, expected: 500, high: 500 }, outputTokens: { low: 100, expected: 100, high: 100 } };
    expect(describeEstimateTokens(exact)).toBe('~1 model call, ~600 tokens: ~500 in, ~100 out');
  });

  it('writes its basis as a sentence', () => {
    expect(basisText({ text: 'no history yet: rough' })).toBe('No history yet: rough');
    expect(basisText({ text: 'Based on 12 past courses' })).toBe('Based on 12 past courses');
  });

  it('says how much cheaper economy is, and nothing when there is nothing to compare', () => {
    expect(economySavingPercent(estimate)).toBe(50);
    expect(economySavingPercent({ standardUsd: { low: 0, expected: 0, high: 0 }, economyUsd: { low: 0, expected: 0, high: 0 } })).toBeNull();
  });

  it('notes a cost over the budget set in Settings, and only then', () => {
    expect(budgetNote(12, 10, 'batch')).toBe(
      'Expected to cost more than the batch budget of $10.00 set in Settings: the queue pauses itself when the budget is reached, and you can resume it or raise the budget.',
    );
    expect(budgetNote(9.99, 10, 'batch')).toBeNull();
    expect(budgetNote(12, null, 'daily')).toBeNull();
    expect(budgetNote(21, 20, 'daily')).toContain('daily budget of $20.00');
  });
});

describe("a job's cost", () => {
  it('shows the saving when economy saved anything', () => {
    expect(formatCostWithSaving(0.42, 0.42)).toBe('$0.42 (saved $0.42)');
    expect(formatCostWithSaving(0.42, 0)).toBe('$0.42');
    expect(formatCostWithSaving(0, 0)).toBe('$0.00');
  });
});

describe('economy batches', () => {
  it('names the API id, or that there is none yet', () => {
    expect(batchIdLabel(batch())).toBe('msgbatch_013Zva2CMHLNnXjNJJKqJ2EF');
    expect(batchIdLabel(batch({ apiBatchId: null, state: 'intent' }))).toBe('not yet created');
  });

  it('reads the state and the processing status in a word or two', () => {
    expect(batchStatusLabel(batch({ state: 'intent', processingStatus: null }))).toBe('Being submitted');
    expect(batchStatusLabel(batch())).toBe('In progress');
    expect(batchStatusLabel(batch({ processingStatus: 'canceling' }))).toBe('Canceling');
    expect(batchStatusLabel(batch({ state: 'ended', processingStatus: 'ended' }))).toBe('Ended, reading results');
    expect(batchStatusLabel(batch({ state: 'done', processingStatus: 'ended' }))).toBe('Done');
    expect(batchStatusLabel(batch({ state: 'abandoned' }))).toBe('Abandoned');
    expect(batchStatusLabel(batch({ processingStatus: 'some_new_status' }))).toBe('some new status');
  });

  it('lists the non-zero counts', () => {
    expect(batchCountsText(batch().counts)).toBe('12 processing');
    expect(batchCountsText({ processing: 0, succeeded: 10, errored: 1, canceled: 0, expired: 1 })).toBe('10 succeeded, 1 errored, 1 expired');
    expect(batchCountsText({ processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 })).toBe('0');
    expect(batchCountsText(null)).toBe('—');
  });

  it('says which batch a job waits in', () => {
    expect(describeBatchWait({ waitingInBatch: null }, [batch()])).toBeNull();
    expect(describeBatchWait({ waitingInBatch: 'b1' }, [batch()])).toBe('Waiting in economy batch msgbatch_013Zva2CMHLNnXjNJJKqJ2EF (12 requests)');
    expect(describeBatchWait({ waitingInBatch: 'b1' }, [batch({ apiBatchId: null, state: 'intent', requests: 1 })])).toBe(
      'Waiting in an economy batch being submitted (1 request)',
    );
    expect(describeBatchWait({ waitingInBatch: 'b2' }, [batch()])).toBe('Waiting in an economy batch');
    expect(describeBatchWait({ waitingInBatch: 'b1' }, null)).toBe('Waiting in an economy batch');
  });

  it('counts a batch as active until its results are read', () => {
    expect(['intent', 'submitted', 'ended', 'done', 'abandoned'].map((state) => batchIsActive({ state: state as EconomyBatchView['state'] }))).toEqual([true, true, true, false, false]);
  });
});

describe('the budget form', () => {
  it('reads an empty field as no cap, and amounts with or without a dollar sign', () => {
    expect(parseBudgetAmount('')).toEqual({ value: null });
    expect(parseBudgetAmount('   ')).toEqual({ value: null });
    expect(parseBudgetAmount('20')).toEqual({ value: 20 });
    expect(parseBudgetAmount(' $7.50 ')).toEqual({ value: 7.5 });
    expect(parseBudgetAmount('.5')).toEqual({ value: 0.5 });
    expect(parseBudgetAmount('0.125')).toEqual({ value: 0.13 });
  });

  it('refuses what is not a positive amount, saying what to type', () => {
    for (const bad of ['0', '0.00', '-5', 'abc', '1e3', '1,000', '20 USD', '$']) expect(parseBudgetAmount(bad), bad).toHaveProperty('error');
    expect(parseBudgetAmount('0')).toEqual({ error: 'A budget must be more than $0 (leave it empty for no cap).' });
    expect(parseBudgetAmount('-5')).toEqual({ error: 'Enter an amount in dollars, e.g. 20 or 7.50, or leave it empty for no cap.' });
    expect(parseBudgetAmount('100001')).toEqual({ error: 'Keep a budget at or under $100,000.' });
  });

  it('checks both fields, and what it lets through the shared schema accepts', () => {
    const ok = checkBudgetDraft({ dailyUsd: '20', batchUsd: '' });
    expect(ok).toEqual({ values: { dailyUsd: 20, batchUsd: null }, errors: {} });
    expect(budgetSettingsSchema.parse(ok.values)).toEqual(ok.values);
    const bad = checkBudgetDraft({ dailyUsd: '0', batchUsd: 'x' });
    expect(bad.values).toBeNull();
    expect(Object.keys(bad.errors).sort()).toEqual(['batchUsd', 'dailyUsd']);
  });

  it('round-trips saved values, and knows when nothing changed', () => {
    expect(budgetDraftFrom({ dailyUsd: 20, batchUsd: null })).toEqual({ dailyUsd: '20', batchUsd: '' });
    expect(budgetDraftFrom(undefined)).toEqual({ dailyUsd: '', batchUsd: '' });
    expect(budgetUnchanged({ dailyUsd: 20, batchUsd: null }, { dailyUsd: 20, batchUsd: null })).toBe(true);
    expect(budgetUnchanged({ dailyUsd: 20, batchUsd: 5 }, { dailyUsd: 20, batchUsd: null })).toBe(false);
    expect(budgetUnchanged(null, { dailyUsd: 20, batchUsd: null })).toBe(false);
  });
});

describe('what economy saved, per course and per batch of courses', () => {
  it('gives the course page a cost line, with the saving when economy saved something, and none before any call', () => {
    expect(courseSpendLine({ calls: 0, costUsd: 0, savedUsd: 0 })).toBeNull();
    expect(courseSpendLine({ calls: 12, costUsd: 0.354, savedUsd: 0 })).toBe('Cost $0.35');
    expect(courseSpendLine({ calls: 12, costUsd: 0.354, savedUsd: 0.05 })).toBe('Cost $0.35 (saved $0.05 with economy)');
    expect(courseSpendLine({ calls: 1, costUsd: 0.004, savedUsd: 0.004 })).toBe('Cost <$0.01 (saved <$0.01 with economy)');
  });

  it('says what the jobs queued together cost in all, and nothing for a job queued alone', () => {
    expect(groupTotalsLine({ jobs: 1, costUsd: 0.2, savedUsd: 0.1 })).toBeNull();
    expect(groupTotalsLine({ jobs: 0, costUsd: 0, savedUsd: 0 })).toBeNull();
    expect(groupTotalsLine({ jobs: 2, costUsd: 0.16, savedUsd: 0.06 })).toBe('Queued with 1 other: $0.16 in all, saved $0.06');
    expect(groupTotalsLine({ jobs: 3, costUsd: 1.2, savedUsd: 0 })).toBe('Queued with 2 others: $1.20 in all');
  });

  it('reads the group again when one of its jobs changes cost or status, not for other jobs', () => {
    const jobs = {
      a: job({ id: 'a', queueGroup: 'g', costUsd: 0.1, calls: 2 }),
      b: job({ id: 'b', queueGroup: 'g' }),
      c: job({ id: 'c', queueGroup: 'other' }),
    };
    const before = groupVersion(jobs, 'g');
    expect(groupVersion({ ...jobs, c: { ...jobs.c, costUsd: 5, calls: 9 } }, 'g')).toBe(before);
    expect(groupVersion({ ...jobs, b: { ...jobs.b, costUsd: 0.2, calls: 1 } }, 'g')).not.toBe(before);
    expect(groupVersion({ ...jobs, b: { ...jobs.b, status: 'completed' } }, 'g')).not.toBe(before);
    expect(groupVersion(jobs, null)).toBe('');
  });
});
