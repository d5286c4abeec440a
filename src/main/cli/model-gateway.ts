// The model connection for CLI commands: key and endpoint from the environment (through
// config.ts, the one place that reads them), one gateway shared by every request the
// command makes, so the request limit holds across all topics and jobs.
import { createAnthropicProvider } from '../ai/anthropic';
import { systemClock } from '../ai/clock';
import { modelRetirementNotice, resolveModelConfig, type ResolvedModelConfig } from '../ai/config';
import { createBatchesClient, type BatchesClient } from '../ai/anthropic-batches';
import { ModelGateway } from '../ai/gateway';
import { CliError } from './errors';
import type { CliIo } from './io';

export function modelConfigFromEnv(
  io: Pick<CliIo, 'env' | 'stderr'>,
  { model, maxTokens }: { model: string | null; maxTokens: number | null },
): ResolvedModelConfig & { apiKey: string } {
  const config = resolveModelConfig({ model, maxTokens }, io.env);
  const notice = modelRetirementNotice(config.model);
  if (notice) io.stderr.write(`Warning: ${notice}\n`);
  if (!config.apiKey) {
    throw new CliError(
      'Set ANTHROPIC_API_KEY to your Anthropic API key (for example: export ANTHROPIC_API_KEY=sk-ant-...). ' +
        'ANTHROPIC_BASE_URL can point the CLI at another endpoint.',
    );
  }
  let url: URL;
  try {
    url = new URL(config.baseURL);
  } catch {
    throw new CliError(`ANTHROPIC_BASE_URL is not a valid URL (got "${config.baseURL}").`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`ANTHROPIC_BASE_URL must be an http or https URL (got "${config.baseURL}").`);
  }
  return { ...config, apiKey: config.apiKey };
}

export function createGateway(config: ResolvedModelConfig & { apiKey: string }, requestLimit: number): ModelGateway {
  const provider = createAnthropicProvider({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    model: config.model,
    maxTokens: config.maxTokens,
    timeoutMs: config.timeoutMs,
    structuredOutput: config.structuredOutput,
  });
  // The offline probe must ask the endpoint in use, not the public API, or a CLI pointed
  // at another endpoint would believe itself offline.
  return new ModelGateway({ clock: systemClock, provider: () => provider, requestLimit, baseURL: () => config.baseURL });
}

/** The Message Batches client for economy jobs, on the same key and endpoint. */
export function createBatches(config: ResolvedModelConfig & { apiKey: string }): BatchesClient {
  return createBatchesClient({ apiKey: config.apiKey, baseURL: config.baseURL, timeoutMs: config.timeoutMs });
}
