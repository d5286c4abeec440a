// Builds the model provider from the current settings and the stored key, once per
// distinct configuration, so a key or model changed in Settings applies to the next
// request without restarting the queue.
import { createAnthropicProvider } from '../ai/anthropic';
import { createBatchesClient, type BatchesClient } from '../ai/anthropic-batches';
import { resolveModelConfig, type ResolvedModelConfig } from '../ai/config';
import type { ProviderLane } from '../ai/gateway';
import type { ModelProvider } from '../ai/provider';
import { localRoutes } from '../ai/providers/local-lanes';
import { usesClaude, type ModelRouting, type ModelStep } from '../../shared/model-routing';
import type { Store } from '../db/store';
import type { SecretStore } from '../secrets';
import { readModelRouting, readModelSettings } from './app-settings';
import { ConflictError } from '../errors';

export const MISSING_KEY_REASON = 'Add your Anthropic API key in Settings';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ModelSource {
  config(): ResolvedModelConfig;
  /** Throws with MISSING_KEY_REASON when no key is set, so a foreground call fails with that message. */
  provider(): ModelProvider;
  /** Why queued jobs cannot run now, or null. No Claude key blocks nothing while every step runs locally. */
  blockedReason(): string | null;
  /** Which model each step uses, from Settings. */
  routing(): ModelRouting;
  /** The gateway's lane for a step routed to a local server; null: Claude (GatewayOptions.route). */
  route(step: ModelStep): ProviderLane | null;
  /** The Message Batches client for the same key and endpoint (economy mode); throws without a key. */
  batches(): BatchesClient;
}

export function createModelSource(deps: { store: Store; secrets: SecretStore; env: Env; fetch?: typeof fetch }): ModelSource {
  let cached: { key: string; provider: ModelProvider } | null = null;
  let batchesCached: { key: string; client: BatchesClient } | null = null;
  const routing = () => readModelRouting(deps.store);
  const route = localRoutes(routing, {
    maxTokens: () => readModelSettings(deps.store).maxTokens,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const config = () => {
    const settings = readModelSettings(deps.store);
    return resolveModelConfig(
      { apiKey: deps.secrets.get(), baseURL: settings.baseURL, model: settings.model, maxTokens: settings.maxTokens },
      deps.env,
    );
  };
  return {
    config,
    provider() {
      const resolved = config();
      if (!resolved.apiKey) throw new ConflictError(`${MISSING_KEY_REASON}.`);
      const key = JSON.stringify(resolved);
      if (cached?.key !== key) {
        cached = {
          key,
          provider: createAnthropicProvider({
            apiKey: resolved.apiKey,
            baseURL: resolved.baseURL,
            model: resolved.model,
            maxTokens: resolved.maxTokens,
            timeoutMs: resolved.timeoutMs,
            structuredOutput: resolved.structuredOutput,
            contextTokens: resolved.contextTokens,
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
          }),
        };
      }
      return cached.provider;
    },
    blockedReason: () => (config().apiKey || !usesClaude(routing()) ? null : MISSING_KEY_REASON),
    routing,
    route,
    batches() {
      const resolved = config();
      if (!resolved.apiKey) throw new ConflictError(`${MISSING_KEY_REASON}.`);
      const key = JSON.stringify(resolved);
      if (batchesCached?.key !== key) {
        batchesCached = {
          key,
          client: createBatchesClient({
            apiKey: resolved.apiKey,
            baseURL: resolved.baseURL,
            timeoutMs: resolved.timeoutMs,
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
          }),
        };
      }
      return batchesCached.client;
    },
  };
}
