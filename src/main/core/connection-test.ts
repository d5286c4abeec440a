// "Test connection" in Settings: looks the configured model up (GET /v1/models/{id}),
// which checks the key, the base URL and the model name without spending any tokens.
import Anthropic from '@anthropic-ai/sdk';
import { classifyAnthropicError } from '../ai/anthropic-errors';
import type { ResolvedModelConfig } from '../ai/config';

export const CONNECTION_TEST_TIMEOUT_MS = 15_000;

export async function testConnection(config: ResolvedModelConfig, fetchImpl?: typeof fetch): Promise<{ ok: boolean; message: string }> {
  if (!config.apiKey) return { ok: false, message: 'No API key is set. Add your Anthropic API key first.' };
  const client = new Anthropic({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    maxRetries: 0,
    timeout: CONNECTION_TEST_TIMEOUT_MS,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  try {
    const model = await client.models.retrieve(config.model);
    return { ok: true, message: `Connected: the key works and ${model.display_name || model.id} is available.` };
  } catch (error) {
    return { ok: false, message: classifyAnthropicError(error, { model: config.model, timeoutMs: CONNECTION_TEST_TIMEOUT_MS }).message };
  }
}
