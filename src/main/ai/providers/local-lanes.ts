// The gateway's routing for steps sent to a local server: one lane per server (its base
// URL), so the server's request limit holds across every job and step that uses it, with a
// provider per model and key. Read on every call, so a routing changed in Settings applies
// to the next request.
import type { LocalModel, ModelRouting, ModelStep } from '../../../shared/model-routing';
import type { ProviderLane } from '../gateway';
import { httpProbe } from '../network-monitor';
import { createOpenAICompatibleProvider, type OpenAICompatibleProvider } from './openai-compatible';
import { parseBaseUrl } from './local-servers';
import { notRunningMessage } from './openai-errors';
import { OLLAMA_DEFAULT_CONTEXT, ollamaContext } from './ollama-context';

/**
 * A local server answers within milliseconds when it runs; a second covers a busy laptop.
 * Tries after the first are slow (a local answer takes minutes), and a model that broke the
 * schema three times is unlikely to manage a fourth: three tries in all.
 */
export const LOCAL_PROBE_TIMEOUT_MS = 1_500;
export const LOCAL_MAX_RETRIES = 2;

export interface LocalLaneOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxTokens?: () => number | undefined;
  /** The context a server gives a model, when known (Ollama's /api/show); absent: the provider's guess. */
  contextTokens?: (local: LocalModel) => number | undefined;
}

export function localRoutes(routing: () => ModelRouting, options: LocalLaneOptions = {}): (step: ModelStep) => ProviderLane | null {
  const providers = new Map<string, OpenAICompatibleProvider>();
  // Ollama's window per server and model, read from its /api/show (learnContext): what the
  // materials are sized by (generation/job-grounding.ts). Other servers do not say.
  const learned = new Map<string, number>();
  const learnedKey = (local: LocalModel) => JSON.stringify([parseBaseUrl(local.baseUrl, local.server).root, local.model]);
  const providerFor = (local: LocalModel, maxTokens: number | undefined): OpenAICompatibleProvider => {
    const contextTokens = options.contextTokens?.(local) ?? learned.get(learnedKey(local));
    const key = JSON.stringify([local, maxTokens, contextTokens]);
    let provider = providers.get(key);
    if (!provider) {
      provider = createOpenAICompatibleProvider({
        baseUrl: local.baseUrl,
        model: local.model,
        apiKey: local.apiKey,
        server: local.server,
        ...(maxTokens !== undefined ? { maxTokens } : {}),
        ...(contextTokens !== undefined ? { contextTokens } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      providers.set(key, provider);
    }
    return provider;
  };
  return (step) => {
    const current = routing();
    const route = current.steps[step];
    if (route.provider !== 'openai-compatible') return null;
    const local = route.local;
    const endpoint = parseBaseUrl(local.baseUrl, local.server);
    return {
      key: endpoint.root,
      provider: () => providerFor(local, options.maxTokens?.()),
      requestLimit: current.localRequestLimit,
      probe: httpProbe(endpoint.root, LOCAL_PROBE_TIMEOUT_MS, options.fetch),
      name: `${endpoint.name} at ${endpoint.hostPort}`,
      offlineMessage: notRunningMessage(endpoint),
      policy: { maxRetries: LOCAL_MAX_RETRIES },
      async learnContext() {
        if (endpoint.server !== 'ollama' || options.contextTokens?.(local) !== undefined) return;
        const context = await ollamaContext(local.baseUrl, local.model, { apiKey: local.apiKey, ...(options.fetch ? { fetch: options.fetch } : {}) });
        if (!context) return;
        // num_ctx when set; else Ollama's default (OLLAMA_CONTEXT_LENGTH on the server is not visible here); never past the model's own limit.
        const window = context.numCtx ?? OLLAMA_DEFAULT_CONTEXT;
        learned.set(learnedKey(local), context.modelMax !== null ? Math.min(window, context.modelMax) : window);
      },
    };
  };
}
