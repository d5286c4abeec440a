// The models the fake knows, and the per-model request rules of the real API that a client
// can trip over when it changes models: the newest ones reject forced tool use and
// assistant prefill with a 400, so a client that still sends them must fail here too.

// The lifecycle fields as the Models API gives them: one model retiring, one retired.
export const MODELS = [
  { id: 'claude-opus-5-5', display_name: 'Claude Opus 5.5' },
  { id: 'claude-sonnet-5-5', display_name: 'Claude Sonnet 5.5' },
  { id: 'claude-haiku-5-5', display_name: 'Claude Haiku 5.5' },
  { id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', lifecycle: 'deprecated', deprecated_at: '2026-10-01T00:00:00Z', retires_at: '2027-04-01T00:00:00Z' },
  { id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', lifecycle: 'retired', deprecated_at: '2026-08-30T00:00:00Z', retires_at: '2026-11-30T00:00:00Z' },
].map((m) => ({ type: 'model', lifecycle: 'active', deprecated_at: null, retires_at: null, ...m, created_at: '2025-01-01T00:00:00Z' }));

/**
 * "Forced tool use returns an error": Sonnet 5.5
 * (https://platform.claude.com/docs/en/models/sonnet-5-5/whats-new-sonnet-5-5), Opus 5.5 and,
 * per the Opus 5.5 overview, Fable 5.1 (Mythos 5.1 shares Fable's specifications).
 */
const NO_FORCED_TOOL = ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-fable-5-1', 'claude-mythos-5-1'];

/** Assistant prefill returns a 400 on the 5.5 generation (Sonnet 5.5 and Haiku 5.5 migration guides). */
const NO_PREFILL = [...NO_FORCED_TOOL, 'claude-haiku-5-5'];

/** The id itself or a dated snapshot of it. */
const named = (ids: string[], model: string) => ids.some((id) => model === id || new RegExp(`^${id}-\\d{8}$`).test(model));

export const rejectsForcedToolUse = (model: string) => named(NO_FORCED_TOOL, model);
export const rejectsPrefill = (model: string) => named(NO_PREFILL, model);
