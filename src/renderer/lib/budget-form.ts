// The budget form (Settings): two caps in dollars as typed, empty for none, checked against
// the same bounds as the shared budget schema, with a message next to each field.
import type { BudgetSettings } from '../../shared/economy';

export interface BudgetDraft {
  dailyUsd: string;
  batchUsd: string;
}

/** The schema's upper bound (src/shared/economy.ts). */
export const MAX_BUDGET_USD = 100_000;

export function budgetDraftFrom(budget: BudgetSettings | undefined): BudgetDraft {
  return { dailyUsd: budget?.dailyUsd == null ? '' : String(budget.dailyUsd), batchUsd: budget?.batchUsd == null ? '' : String(budget.batchUsd) };
}

/** One amount: null for an empty field (no cap), a number, or the message saying what is wrong. */
export function parseBudgetAmount(text: string): { value: number | null } | { error: string } {
  const trimmed = text.trim().replace(/^\$\s*/, '');
  if (trimmed === '') return text.trim() === '' ? { value: null } : { error: 'Enter an amount in dollars, e.g. 20, or leave it empty for no cap.' };
  // Digits with at most one decimal point: no "1e3", "0x10", "20 USD" or "1,000" (which reads two ways).
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(trimmed)) return { error: 'Enter an amount in dollars, e.g. 20 or 7.50, or leave it empty for no cap.' };
  const value = Number(trimmed);
  if (!(value > 0)) return { error: 'A budget must be more than $0 (leave it empty for no cap).' };
  if (value > MAX_BUDGET_USD) return { error: `Keep a budget at or under $${MAX_BUDGET_USD.toLocaleString('en-US')}.` };
  return { value: Math.round(value * 100) / 100 };
}

export function checkBudgetDraft(draft: BudgetDraft): { values: BudgetSettings | null; errors: Partial<Record<keyof BudgetDraft, string>> } {
  const errors: Partial<Record<keyof BudgetDraft, string>> = {};
  const daily = parseBudgetAmount(draft.dailyUsd);
  const batch = parseBudgetAmount(draft.batchUsd);
  if ('error' in daily) errors.dailyUsd = daily.error;
  if ('error' in batch) errors.batchUsd = batch.error;
  if ('error' in daily || 'error' in batch) return { values: null, errors };
  return { values: { dailyUsd: daily.value, batchUsd: batch.value }, errors };
}

/** Whether the draft, once parsed, says the same as what is saved (nothing to save). */
export function budgetUnchanged(values: BudgetSettings | null, saved: BudgetSettings | undefined): boolean {
  if (!values || !saved) return false;
  return values.dailyUsd === saved.dailyUsd && values.batchUsd === saved.batchUsd;
}
