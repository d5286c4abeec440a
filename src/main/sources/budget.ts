// How much of a call's context the materials may take, and whether they go whole or as
// ranked passages. The budget is the model's context window less a safety margin (token
// counts here are estimates from characters), less what the call needs besides: its system
// prompt, the outline and its own prompt (`reservedTokens`), and room for the answer
// (`answerTokens`, the call's max output). Materials that fit go whole into every call, in
// the cached shared prefix; otherwise each call gets its own ranked passages within the same
// budget, and the outline call a condensed overview (overview.ts).
export const CLAUDE_CONTEXT_TOKENS = 200_000;
/** The share of the window kept free: the character-based token estimate can be short by this much. */
export const CONTEXT_MARGIN = 0.1;

export interface BudgetInput {
  contextWindow: number;
  reservedTokens: number;
  answerTokens: number;
  /** Estimated tokens of all the course's readable materials. */
  materialTokens: number;
  margin?: number;
  /** An upper bound on materials per call regardless of the window (cost), if wanted. */
  capTokens?: number;
}

export type MaterialPlan =
  | { mode: 'none'; budgetTokens: number }
  | { mode: 'whole'; budgetTokens: number }
  | { mode: 'passages'; budgetTokens: number };

export function materialBudget(input: Omit<BudgetInput, 'materialTokens'>): number {
  const usable = Math.floor(input.contextWindow * (1 - (input.margin ?? CONTEXT_MARGIN)));
  const left = Math.max(0, usable - input.reservedTokens - input.answerTokens);
  return input.capTokens !== undefined ? Math.min(left, input.capTokens) : left;
}

export function planMaterials(input: BudgetInput): MaterialPlan {
  const budgetTokens = materialBudget(input);
  if (input.materialTokens === 0) return { mode: 'none', budgetTokens };
  return input.materialTokens <= budgetTokens ? { mode: 'whole', budgetTokens } : { mode: 'passages', budgetTokens };
}
