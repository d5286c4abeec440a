// Settings' Claude model choice, from the Models API (`client.models.list`) rather than a
// free-text field: each model with its lifecycle, and the date a retiring one stops working.
// The answer is read through zod: the API adds fields, and an older endpoint (a proxy) may
// lack the lifecycle ones, which then come from the app's own table of announced retirements.
import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { ClaudeModelView } from '../../shared/model-routing';
import { classifyAnthropicError } from '../ai/anthropic-errors';
import { MODEL_RETIREMENTS, matchModelKey, type ResolvedModelConfig } from '../ai/config';

export const MODEL_LIST_TIMEOUT_MS = 15_000;
/** Far more than the API lists; a misbehaving endpoint cannot page forever. */
const MAX_MODELS = 500;

const modelInfoSchema = z
  .object({
    id: z.string().min(1),
    display_name: z.string().nullish(),
    lifecycle: z.enum(['active', 'deprecated', 'retired']).nullish(),
    retires_at: z.string().nullish(),
  })
  .loose();

export async function listClaudeModels(config: ResolvedModelConfig, fetchImpl?: typeof fetch): Promise<ClaudeModelView[]> {
  if (!config.apiKey) throw new Error('Add your Anthropic API key first: the model list comes from your account.');
  const client = new Anthropic({ apiKey: config.apiKey, baseURL: config.baseURL, maxRetries: 0, timeout: MODEL_LIST_TIMEOUT_MS, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  const out: ClaudeModelView[] = [];
  try {
    for await (const raw of client.models.list({ limit: 100 })) {
      const m = modelInfoSchema.safeParse(raw);
      if (!m.success) continue;
      const known = matchModelKey(MODEL_RETIREMENTS, m.data.id);
      const retiresAt = m.data.retires_at ? m.data.retires_at.slice(0, 10) : known ? MODEL_RETIREMENTS[known]! : null;
      out.push({ id: m.data.id, name: m.data.display_name || m.data.id, lifecycle: m.data.lifecycle ?? 'active', retiresAt });
      if (out.length >= MAX_MODELS) break;
    }
  } catch (error) {
    throw new Error(classifyAnthropicError(error, { timeoutMs: MODEL_LIST_TIMEOUT_MS }).message, { cause: error });
  }
  // Current models first, retiring ones after, retired ones last; the API's order within each.
  const rank = { active: 0, deprecated: 1, retired: 2 } as const;
  return out.map((m, i) => ({ m, i })).sort((a, b) => rank[a.m.lifecycle] - rank[b.m.lifecycle] || a.i - b.i).map(({ m }) => m);
}
