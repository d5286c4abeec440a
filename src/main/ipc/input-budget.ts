// A cheap walk over a command's raw input before zod sees it: refuses inputs that are too
// large, too deep, or circular (structured clone allows cycles), without recursion, so a
// hostile or buggy renderer cannot make the main process spend time or stack on them.
import type { CommandName } from '../../shared/ipc-names';
import { MAX_MATERIAL_BASE64_CHARS } from '../../shared/materials';

export interface InputBudget {
  /** Roughly the serialized size: string lengths plus a little per value. */
  maxChars: number;
  maxDepth: number;
}

/** 6 MB: the largest legitimate input is a 5 MB batch import plus its wrapper. */
export const DEFAULT_INPUT_BUDGET: InputBudget = { maxChars: 6 * 1024 * 1024, maxDepth: 32 };

/**
 * Commands allowed more: materials.attach may carry one dropped file's bytes (base64, up to
 * the material limit) where the drop has no path (the renderer sends such files one at a time).
 */
export const COMMAND_INPUT_BUDGETS: Partial<Record<CommandName, InputBudget>> = {
  'materials.attach': { maxChars: MAX_MATERIAL_BASE64_CHARS + 1024 * 1024, maxDepth: 32 },
};

const mb = (chars: number) => `${(chars / 1024 / 1024).toFixed(1)} MB`;

/** Returns why the input is refused, or null when it fits the budget. */
export function checkInputBudget(value: unknown, budget: InputBudget = DEFAULT_INPUT_BUDGET): string | null {
  let chars = 0;
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[value, 0]];
  const tooLarge = () => `The request is too large (over ${mb(budget.maxChars)}); send less at once.`;
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === 'string') {
      chars += current.length + 2;
    } else if (typeof current !== 'object' || current === null) {
      chars += 8;
    } else {
      if (depth >= budget.maxDepth) return `The request is nested too deeply (more than ${budget.maxDepth} levels).`;
      if (seen.has(current)) return 'The request contains a circular or repeated reference.';
      seen.add(current);
      if (ArrayBuffer.isView(current) || current instanceof ArrayBuffer) {
        chars += current.byteLength;
      } else if (Array.isArray(current)) {
        chars += 2 + current.length;
        if (chars > budget.maxChars) return tooLarge();
        for (const item of current) stack.push([item, depth + 1]);
      } else {
        chars += 2;
        for (const [key, item] of Object.entries(current)) {
          chars += key.length + 4;
          stack.push([item, depth + 1]);
        }
      }
    }
    if (chars > budget.maxChars) return tooLarge();
  }
  return null;
}
