// The model connection for CLI commands: key and endpoint from the environment (through
// config.ts, the one place that reads them), one gateway shared by every request the
// command makes, so the request limit holds across all topics and jobs.
import { createAnthropicProvider } from '../ai/anthropic';
import { systemClock } from '../ai/clock';
import { modelRetirementNotice, resolveModelConfig, type ResolvedModelConfig } from '../ai/config';
import { createBatchesClient, type BatchesClient } from '../ai/anthropic-batches';
import { ModelGateway, type GatewayOptions } from '../ai/gateway';
import { ProviderError } from '../ai/provider';
import { CliError } from './errors';
import type { CliIo } from './io';

const MISSING_KEY =
  'Set ANTHROPIC_API_KEY to your Anthropic API key (for example: export ANTHROPIC_API_KEY=sk-ant-...). ' +
  'ANTHROPIC_BASE_URL can point the CLI at another endpoint; --provider openai-compatible runs every step on a local model instead.';

/** `apiKey` is null only when `keyNeeded` said no: every step runs on a local model. */
export type CliModelConfig = ResolvedModelConfig & { apiKey: string | null };

export function modelConfigFromEnv(
  io: Pick<CliIo, 'env' | 'stderr'>,
  { model, maxTokens }: { model: string | null; maxTokens: number | null },
  keyNeeded: () => boolean = () => true,
): CliModelConfig {
  const config = resolveModelConfig({ model, maxTokens }, io.env);
  if (!config.apiKey && !keyNeeded()) return config;
  const notice = modelRetirementNotice(config.model);
  if (notice) io.stderr.write(`Warning: ${notice}\n`);
  if (!config.apiKey) throw new CliError(MISSING_KEY);
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

/** `route`: the steps on local servers (ai/providers/local-lanes.ts); the others go to Claude. */
export function createGateway(config: CliModelConfig, requestLimit: number, route?: GatewayOptions['route']): ModelGateway {
  const apiKey = config.apiKey;
  const provider = apiKey
    ? createAnthropicProvider({
        apiKey,
        baseURL: config.baseURL,
        model: config.model,
        maxTokens: config.maxTokens,
        timeoutMs: config.timeoutMs,
        structuredOutput: config.structuredOutput,
      })
    : null;
  // The offline probe must ask the endpoint in use, not the public API, or a CLI pointed
  // at another endpoint would believe itself offline.
  return new ModelGateway({
    clock: systemClock,
    provider: () => {
      // Only reached if the routing changed under the command (Settings edited meanwhile).
      if (!provider) throw new ProviderError('auth', MISSING_KEY);
      return provider;
    },
    requestLimit,
    baseURL: () => config.baseURL,
    ...(route ? { route } : {}),
  });
}

/** The Message Batches client for economy jobs, on the same key and endpoint. */
export function createBatches(config: CliModelConfig): BatchesClient {
  if (!config.apiKey) throw new CliError(MISSING_KEY);
  return createBatchesClient({ apiKey: config.apiKey, baseURL: config.baseURL, timeoutMs: config.timeoutMs });
}
