// Local servers' keys stay in main, like the Claude key: the renderer gets KEPT_KEY in their
// place, and sends it back to mean "the key already set for this server" (its base URL).
import { KEPT_KEY, MODEL_STEPS, type ModelRouting, type StepRoute } from '../../shared/model-routing';

function mapLocal(routing: ModelRouting, fn: (route: Extract<StepRoute, { provider: 'openai-compatible' }>) => StepRoute): ModelRouting {
  const steps = Object.fromEntries(MODEL_STEPS.map((s) => [s, routing.steps[s].provider === 'anthropic' ? routing.steps[s] : fn(routing.steps[s])]));
  return { ...routing, steps: steps as ModelRouting['steps'] };
}

/** The routing as the renderer may see it. */
export function redactKeys(routing: ModelRouting): ModelRouting {
  return mapLocal(routing, (r) => ({ ...r, local: { ...r.local, apiKey: r.local.apiKey ? KEPT_KEY : null } }));
}

/** The key stored for a server, when the renderer sent KEPT_KEY for it; any other value as sent. */
export function resolveKey(baseUrl: string, apiKey: string | null | undefined, stored: ModelRouting): string | null {
  if (apiKey !== KEPT_KEY) return apiKey ?? null;
  const root = (url: string) => url.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
  for (const step of MODEL_STEPS) {
    const route = stored.steps[step];
    if (route.provider === 'openai-compatible' && route.local.apiKey && root(route.local.baseUrl) === root(baseUrl)) return route.local.apiKey;
  }
  return null;
}

/** A routing from the renderer, its KEPT_KEYs replaced by the keys stored for those servers. */
export function restoreKeys(incoming: ModelRouting, stored: ModelRouting): ModelRouting {
  return mapLocal(incoming, (r) => ({ ...r, local: { ...r.local, apiKey: resolveKey(r.local.baseUrl, r.local.apiKey, stored) } }));
}
