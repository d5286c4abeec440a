// Where the model settings come from. The only place that looks at the environment, so
// the provider itself stays a pure function of what it is given (and tests never pick up
// a developer's real ANTHROPIC_API_KEY by accident).
//
// There is deliberately no temperature setting: the SDK (1.x) sends API version
// 2026-10-21, which answers any temperature/top_p/top_k with a 400.

export const DEFAULT_MODEL = 'claude-sonnet-4-5';
export const DEFAULT_MAX_TOKENS = 8192;
/** Longest wait for response headers, and longest silence inside a stream. */
export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_BASE_URL = 'https://api.anthropic.com';

/** What Settings may hold; blank strings and nulls count as "not set". */
export interface ModelSettings {
  apiKey?: string | null;
  baseURL?: string | null;
  model?: string | null;
  maxTokens?: number | null;
  timeoutMs?: number | null;
}

export interface ResolvedModelConfig {
  /** Null when neither Settings nor ANTHROPIC_API_KEY has one: the caller must ask for it. */
  apiKey: string | null;
  apiKeySource: 'settings' | 'env' | null;
  baseURL: string;
  model: string;
  maxTokens: number;
  timeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function str(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

function num(v: number | null | undefined, ok: (n: number) => boolean): number | null {
  return typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : null;
}

/** Settings beat the environment; the environment beats the defaults. */
export function resolveModelConfig(settings: ModelSettings, env: Env): ResolvedModelConfig {
  const settingsKey = str(settings.apiKey);
  const envKey = str(env['ANTHROPIC_API_KEY']);
  return {
    apiKey: settingsKey ?? envKey,
    apiKeySource: settingsKey ? 'settings' : envKey ? 'env' : null,
    baseURL: (str(settings.baseURL) ?? str(env['ANTHROPIC_BASE_URL']) ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    model: str(settings.model) ?? DEFAULT_MODEL,
    maxTokens: num(settings.maxTokens, (n) => Number.isInteger(n) && n > 0) ?? DEFAULT_MAX_TOKENS,
    timeoutMs: num(settings.timeoutMs, (n) => n > 0) ?? DEFAULT_TIMEOUT_MS,
  };
}
