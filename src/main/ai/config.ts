// Where the model settings come from. The only place that looks at the environment, so
// the provider itself stays a pure function of what it is given (and tests never pick up
// a developer's real ANTHROPIC_API_KEY by accident).
//
// There is deliberately no temperature setting: the SDK (1.x) sends API version
// 2026-10-21, which answers any temperature/top_p/top_k with a 400.

/**
 * Claude Sonnet 5.5: the current ("Latest") Sonnet, released 2026-09-28, retirement "not
 * sooner than 2027-09-28"; $2 / $10 per MTok, the same as Sonnet 5 at far better quality
 * (https://platform.claude.com/docs/en/models/sonnet-5-5/overview,
 * https://platform.claude.com/docs/en/models/sonnet-5-5/migration-guide). The previous default,
 * claude-sonnet-4-5, reaches end-of-life on 2026-11-30 (DEPRECATED_MODELS in @anthropic-ai/sdk
 * 1.12, resources/messages/messages.js). Claude Haiku 5.5 is cheaper ($0.10 / $0.50 up to 100k
 * prompt tokens) but is positioned "for classification, extraction, and routing"
 * (https://platform.claude.com/docs/en/models/haiku-5-5/overview); course text is long-form
 * writing where quality is the product, so the batch default stays on Sonnet and Haiku 5.5
 * remains a Settings choice for people who want the lowest cost.
 */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';
export const DEFAULT_MAX_TOKENS = 8192;
/** Longest wait for response headers, and longest silence inside a stream. */
export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_BASE_URL = 'https://api.anthropic.com';

/**
 * How a structured answer is asked for: `json_schema` sends `output_config.format` and reads
 * the JSON text block; `tool` forces a call to one tool (`tool_choice: {type: 'tool'}`).
 */
export const STRUCTURED_OUTPUT_MODES = ['json_schema', 'tool'] as const;
export type StructuredOutputMode = (typeof STRUCTURED_OUTPUT_MODES)[number];
/** `auto` picks per model from MODEL_OUTPUT_MODES. */
export type StructuredOutputSetting = StructuredOutputMode | 'auto';

/**
 * Which mode each model gets. A key matches the model id exactly or with a date suffix
 * ("claude-haiku-4-5-20251001"); a key ending in "*" matches every id it starts. The longest
 * matching key wins. Sources, as read on 2026-11-22:
 * - json_schema is generally available for Opus 4.7/4.6/4.5, Sonnet 4.6/4.5, Haiku 4.5 and
 *   Mythos Preview (https://platform.claude.com/docs/en/build-with-claude/structured-outputs).
 * - Sonnet 5.5 and Opus 5.5 answer forced tool use with a 400 ("Forced tool use returns an
 *   error", https://platform.claude.com/docs/en/models/sonnet-5-5/whats-new-sonnet-5-5 and
 *   https://platform.claude.com/docs/en/models/opus-5-5/overview, which says the same applies
 *   to Fable 5.1), so for them json_schema is the only structured option. That they accept
 *   output_config.format is implied, not stated on the page copies we could read.
 * - Haiku 5.5, Sonnet 5, Opus 5 and Opus 4.8: forced tool use is not listed among their
 *   breaking changes, and output_config.format support is not confirmed either; json_schema
 *   is chosen because it is the documented direction and constrains decoding to the schema.
 * - Fable 5 / Mythos 5: a third-party reference (claude-mods, structured-outputs.md) says
 *   JSON outputs are NOT supported there, so they keep forced tool use (not confirmed).
 * - Claude 3.x and Claude 4.0/4.1 predate structured outputs (4.1 had only the retired beta).
 * Unknown models get json_schema: every newer model we could read about rejects forced tool
 * use, so that is the safer guess; ANTHROPIC_STRUCTURED_OUTPUT or Settings can override it.
 */
export const MODEL_OUTPUT_MODES: Readonly<Record<string, StructuredOutputMode>> = {
  'claude-3*': 'tool',
  'claude-sonnet-4': 'tool',
  'claude-sonnet-4-0': 'tool',
  'claude-opus-4': 'tool',
  'claude-opus-4-0': 'tool',
  'claude-opus-4-1': 'tool',
  'claude-fable-5': 'tool',
  'claude-mythos-5': 'tool',
  'claude-haiku-4-5': 'json_schema',
  'claude-sonnet-4-5': 'json_schema',
  'claude-sonnet-4-6': 'json_schema',
  'claude-opus-4-5': 'json_schema',
  'claude-opus-4-6': 'json_schema',
  'claude-opus-4-7': 'json_schema',
  'claude-opus-4-8': 'json_schema',
  'claude-mythos-preview': 'json_schema',
  'claude-sonnet-5': 'json_schema',
  'claude-opus-5': 'json_schema',
  'claude-sonnet-5-5': 'json_schema',
  'claude-opus-5-5': 'json_schema',
  'claude-haiku-5-5': 'json_schema',
  'claude-fable-5-1': 'json_schema',
  'claude-mythos-5-1': 'json_schema',
};

export const DEFAULT_STRUCTURED_OUTPUT_MODE: StructuredOutputMode = 'json_schema';

/**
 * The longest key of `table` that names `model`: the same id, the id plus a snapshot date
 * ("-20251001"), or for keys ending in "*" any id starting with the rest. Null if none does.
 */
export function matchModelKey(table: Readonly<Record<string, unknown>>, model: string): string | null {
  let best: string | null = null;
  for (const key of Object.keys(table)) {
    const hit = key.endsWith('*')
      ? model.startsWith(key.slice(0, -1))
      : model === key || (model.startsWith(`${key}-`) && /^-\d{8}$/.test(model.slice(key.length)));
    if (hit && key.length > (best?.length ?? -1)) best = key;
  }
  return best;
}

export function structuredOutputModeFor(model: string): StructuredOutputMode {
  const key = matchModelKey(MODEL_OUTPUT_MODES, model);
  return key ? MODEL_OUTPUT_MODES[key]! : DEFAULT_STRUCTURED_OUTPUT_MODE;
}

/** Reads a setting value; blank means auto, anything unknown is an error that names the choices. */
export function parseStructuredOutputSetting(value: string | null | undefined, source = 'structured output mode'): StructuredOutputSetting {
  const v = value?.trim().toLowerCase();
  if (!v || v === 'auto') return 'auto';
  if ((STRUCTURED_OUTPUT_MODES as readonly string[]).includes(v)) return v as StructuredOutputMode;
  throw new Error(`Unknown ${source} "${value}": use json_schema, tool or auto.`);
}

export function resolveStructuredOutputMode(model: string, setting: StructuredOutputSetting = 'auto'): StructuredOutputMode {
  return setting === 'auto' ? structuredOutputModeFor(model) : setting;
}

/**
 * The longest answer each model can write (output tokens), for the one retry of an answer
 * cut off at the configured limit. Older models write less (the "Max output" column of the
 * model overview pages on platform.claude.com: Claude 3 4K, 3.5 8K, Opus 4 and 4.1 32K);
 * every current model writes at least 64K, which is also the most Settings accepts, so
 * anything not listed gets that.
 */
export const MODEL_MAX_OUTPUT_TOKENS: Readonly<Record<string, number>> = {
  'claude-3*': 4_096,
  'claude-3-5*': 8_192,
  'claude-3-7*': 64_000,
  'claude-opus-4': 32_000,
  'claude-opus-4-0': 32_000,
  'claude-opus-4-1': 32_000,
};
export const DEFAULT_MAX_OUTPUT_TOKENS = 64_000;

export function maxOutputTokensFor(model: string): number {
  const key = matchModelKey(MODEL_MAX_OUTPUT_TOKENS, model);
  return key ? MODEL_MAX_OUTPUT_TOKENS[key]! : DEFAULT_MAX_OUTPUT_TOKENS;
}

/** What Settings may hold; blank strings and nulls count as "not set". */
export interface ModelSettings {
  apiKey?: string | null;
  baseURL?: string | null;
  model?: string | null;
  maxTokens?: number | null;
  timeoutMs?: number | null;
  /** json_schema, tool or auto (default): how structured answers are asked for. */
  structuredOutput?: string | null;
}

export interface ResolvedModelConfig {
  /** Null when neither Settings nor ANTHROPIC_API_KEY has one: the caller must ask for it. */
  apiKey: string | null;
  apiKeySource: 'settings' | 'env' | null;
  baseURL: string;
  model: string;
  maxTokens: number;
  timeoutMs: number;
  structuredOutput: StructuredOutputMode;
  /**
   * The model's context window, from ANTHROPIC_CONTEXT_TOKENS (a model with a longer window
   * than the 200,000 default, or a test that wants materials not to fit); null: the default.
   */
  contextTokens: number | null;
}

type Env = Readonly<Record<string, string | undefined>>;

function str(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

function num(v: number | null | undefined, ok: (n: number) => boolean): number | null {
  return typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : null;
}

/**
 * Settings beat the environment; the environment beats the defaults. Throws only for an
 * unknown structured output mode, which is a typo worth stopping for rather than guessing.
 */
export function resolveModelConfig(settings: ModelSettings, env: Env): ResolvedModelConfig {
  const settingsKey = str(settings.apiKey);
  const envKey = str(env['ANTHROPIC_API_KEY']);
  const model = str(settings.model) ?? DEFAULT_MODEL;
  const setting = str(settings.structuredOutput)
    ? parseStructuredOutputSetting(settings.structuredOutput, 'structured output mode in Settings')
    : parseStructuredOutputSetting(env['ANTHROPIC_STRUCTURED_OUTPUT'], 'ANTHROPIC_STRUCTURED_OUTPUT value');
  return {
    apiKey: settingsKey ?? envKey,
    apiKeySource: settingsKey ? 'settings' : envKey ? 'env' : null,
    baseURL: (str(settings.baseURL) ?? str(env['ANTHROPIC_BASE_URL']) ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    model,
    maxTokens: num(settings.maxTokens, (n) => Number.isInteger(n) && n > 0) ?? DEFAULT_MAX_TOKENS,
    timeoutMs: num(settings.timeoutMs, (n) => n > 0) ?? DEFAULT_TIMEOUT_MS,
    structuredOutput: resolveStructuredOutputMode(model, setting),
    contextTokens: contextTokensFrom(env['ANTHROPIC_CONTEXT_TOKENS']),
  };
}

/** A whole number of tokens, at least 1,024; anything else is ignored (the default applies). */
function contextTokensFrom(value: string | undefined): number | null {
  const n = Number(str(value ?? null) ?? NaN);
  return Number.isInteger(n) && n >= 1024 ? n : null;
}

/**
 * Announced end-of-life dates (the SDK's own deprecation table, @anthropic-ai/sdk 1.12
 * resources/messages/messages.js DEPRECATED_MODELS). A saved model choice outlives the
 * default, so Settings and the CLI warn before the API starts refusing it.
 */
export const MODEL_RETIREMENTS: Readonly<Record<string, string>> = {
  'claude-sonnet-4-5': '2026-11-30',
};

/** A sentence for a person when `model` is retired or retiring, else null. */
export function modelRetirementNotice(model: string, now = new Date()): string | null {
  const key = matchModelKey(MODEL_RETIREMENTS, model);
  const date = key ? MODEL_RETIREMENTS[key] : undefined;
  if (!date) return null;
  const retired = now.toISOString().slice(0, 10) >= date;
  return retired
    ? `${model} was retired on ${date}; requests to it fail. Choose a current model such as ${DEFAULT_MODEL}.`
    : `${model} will be retired on ${date}, after which requests to it fail. Switch to a current model such as ${DEFAULT_MODEL}.`;
}
