// Which model each step of a course uses: Claude, or a model on a local OpenAI-compatible
// server (Ollama, LM Studio, llama.cpp, vLLM, Jan). Stored in Settings, read by main before
// every call, shown by the renderer; the presets are the three choices most people want.
import { z } from 'zod';

/** The steps that make model calls. `regenerate`: one project's lessons or one lesson's tasks, redone by hand. */
export const MODEL_STEPS = ['outline', 'lessons', 'tasks', 'summary', 'regenerate'] as const;
export type ModelStep = (typeof MODEL_STEPS)[number];

export const LOCAL_SERVER_IDS = ['ollama', 'lmstudio', 'llamacpp', 'vllm', 'jan'] as const;

export const localModelSchema = z.object({
  /** As the server documents it for OpenAI clients, with or without the trailing /v1. */
  baseUrl: z.url({ protocol: /^https?$/ }).max(500),
  model: z.string().trim().min(1).max(200),
  /** Jan and proxies need one; most local servers take none. */
  apiKey: z.string().max(500).nullable().default(null),
  /** Which server it is, for messages; null: guessed from the port. */
  server: z.enum(LOCAL_SERVER_IDS).nullable().default(null),
});
export type LocalModel = z.infer<typeof localModelSchema>;

export const stepRouteSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('anthropic') }),
  z.object({ provider: z.literal('openai-compatible'), local: localModelSchema }),
]);
export type StepRoute = z.infer<typeof stepRouteSchema>;

export const CLAUDE_ROUTE: StepRoute = { provider: 'anthropic' };

/**
 * What the renderer sees instead of a local server's key (main keeps the key; the renderer
 * never learns it, as for the Claude key), and sends back to mean "the key already set".
 */
export const KEPT_KEY = '\u2022\u2022\u2022\u2022 kept';

/** Local servers run one or two requests at a time: a laptop's GPU serves one answer well. */
export const DEFAULT_LOCAL_REQUEST_LIMIT = 1;

export const modelRoutingSchema = z.object({
  steps: z.object(Object.fromEntries(MODEL_STEPS.map((s) => [s, stepRouteSchema])) as Record<ModelStep, typeof stepRouteSchema>),
  /** Requests at once per local server (by base URL); the Claude limit is the queue's own setting. */
  localRequestLimit: z.number().int().min(1).max(16).default(DEFAULT_LOCAL_REQUEST_LIMIT),
});
export type ModelRouting = z.infer<typeof modelRoutingSchema>;

export const ALL_CLAUDE: ModelRouting = {
  steps: Object.fromEntries(MODEL_STEPS.map((s) => [s, CLAUDE_ROUTE])) as Record<ModelStep, StepRoute>,
  localRequestLimit: DEFAULT_LOCAL_REQUEST_LIMIT,
};

export const ROUTING_PRESETS = ['all-claude', 'all-local', 'draft-local'] as const;
export type RoutingPreset = (typeof ROUTING_PRESETS)[number];

export const ROUTING_PRESET_LABELS: Record<RoutingPreset, string> = {
  'all-claude': 'All Claude',
  'all-local': 'All local (offline)',
  'draft-local': 'Draft locally, write lessons with Claude',
};

/**
 * A preset applied to a local model. "Draft locally": the outline options (many, quick to
 * judge), the tasks and the summary come from the local model; the lessons, the long
 * writing people read most, and hand regenerations of them come from Claude.
 */
export function routingPreset(preset: RoutingPreset, local: LocalModel | null, localRequestLimit = DEFAULT_LOCAL_REQUEST_LIMIT): ModelRouting {
  if (preset === 'all-claude' || !local) {
    if (preset !== 'all-claude') throw new Error(`"${ROUTING_PRESET_LABELS[preset]}" needs a local model: choose one first.`);
    return { steps: Object.fromEntries(MODEL_STEPS.map((s) => [s, { provider: 'anthropic' }])) as Record<ModelStep, StepRoute>, localRequestLimit };
  }
  // A fresh object per step: a routing is sent over IPC, which refuses repeated references.
  const onLocal = (): StepRoute => ({ provider: 'openai-compatible', local: { ...local } });
  const steps = Object.fromEntries(MODEL_STEPS.map((s) => [s, onLocal()])) as Record<ModelStep, StepRoute>;
  if (preset === 'draft-local') {
    steps.lessons = { provider: 'anthropic' };
    steps.regenerate = { provider: 'anthropic' };
  }
  return { steps, localRequestLimit };
}

/** Whether any step needs the Claude API (and so its key). */
export function usesClaude(routing: ModelRouting): boolean {
  return MODEL_STEPS.some((s) => routing.steps[s].provider === 'anthropic');
}

/** A model a local server offers, with a warning when its name says it is small. */
export interface LocalModelInfo {
  id: string;
  warning: string | null;
}

/** A server found on its default port (Settings → Models). */
export interface DetectedServerView {
  server: (typeof LOCAL_SERVER_IDS)[number];
  name: string;
  baseUrl: string;
  models: LocalModelInfo[];
}

export interface ModelTestView {
  ok: boolean;
  latencyMs: number;
  message: string;
  /** The context the server gives the model is smaller than a course's largest call (Ollama); null: fits, or not known. */
  contextWarning: string | null;
  /** The server reports the model under about 7B parameters (Ollama), where its name did not say; null otherwise. */
  sizeWarning: string | null;
}

/** Settings → Models: the per-step routing. */
export interface ModelsView {
  routing: ModelRouting;
  /** Whether a Claude key is set (the steps on Claude need one). */
  claudeKeySet: boolean;
}

/** What the wizard shows per step: "Claude" or "qwen2.5:7b (Ollama at 127.0.0.1:11434)". */
export function stepModelLabel(route: StepRoute, claudeModel: string): string {
  return route.provider === 'anthropic' ? `Claude (${claudeModel})` : `${route.local.model} (local)`;
}

export const listLocalModelsInputSchema = z
  .object({
    baseUrl: localModelSchema.shape.baseUrl,
    apiKey: z.string().max(500).nullable().optional(),
    server: z.enum(LOCAL_SERVER_IDS).nullable().optional(),
  })
  .strict();

/** A Claude model as Settings lists it (the Models API), with when it stops working. */
export interface ClaudeModelView {
  id: string;
  name: string;
  lifecycle: 'active' | 'deprecated' | 'retired';
  /** YYYY-MM-DD; null while no retirement is scheduled. */
  retiresAt: string | null;
}
