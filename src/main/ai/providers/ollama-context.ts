// The context window Ollama will give a model, read from its native /api/show (the
// OpenAI-compatible API says nothing about it): `num_ctx` from the model's parameters, else
// Ollama's default, and the most the model itself holds. A prompt longer than the window is
// cut silently, so Settings warns when the largest call of a course would not fit.
import { z } from 'zod';
import { parseBaseUrl } from './local-servers';

/** Ollama's context when neither the model's num_ctx nor OLLAMA_CONTEXT_LENGTH says otherwise. */
export const OLLAMA_DEFAULT_CONTEXT = 4096;

export interface OllamaContext {
  /** The model's num_ctx parameter (its Modelfile); null: Ollama's default applies. */
  numCtx: number | null;
  /** The most the model holds (model_info's `<arch>.context_length`); null: not said. */
  modelMax: number | null;
  /** Billions of parameters, as Ollama reports them ("7.6B", "500M"); null: not said. */
  parametersB: number | null;
}

const showSchema = z
  .object({
    parameters: z.string().optional(),
    model_info: z.record(z.string(), z.unknown()).optional(),
    details: z.object({ parameter_size: z.string().optional() }).loose().optional(),
  })
  .loose();

/** "7.6B" → 7.6, "500M" → 0.5. */
function billions(size: string | undefined): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([BM])\s*$/i.exec(size ?? '');
  if (!m) return null;
  return Number(m[1]) / (m[2]!.toUpperCase() === 'M' ? 1000 : 1);
}

/** Null when the server does not answer /api/show as Ollama does. */
export async function ollamaContext(
  baseUrl: string,
  model: string,
  options: { fetch?: typeof fetch; apiKey?: string | null; timeoutMs?: number } = {},
): Promise<OllamaContext | null> {
  try {
    const { root } = parseBaseUrl(baseUrl, 'ollama');
    const response = await (options.fetch ?? fetch)(`${root}/api/show`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      body: JSON.stringify({ model }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (!response.ok) return null;
    const parsed = showSchema.safeParse(await response.json());
    if (!parsed.success) return null;
    const numCtx = /(?:^|\n)\s*num_ctx\s+(\d+)/.exec(parsed.data.parameters ?? '')?.[1];
    const max = Object.entries(parsed.data.model_info ?? {}).find(([key, value]) => key.endsWith('.context_length') && typeof value === 'number')?.[1];
    return { numCtx: numCtx ? Number(numCtx) : null, modelMax: typeof max === 'number' ? max : null, parametersB: billions(parsed.data.details?.parameter_size) };
  } catch {
    return null;
  }
}

const tokens = (n: number) => n.toLocaleString('en-US');

/** A window of twice the need, in a round power of two, within what the model holds. */
function suggested(need: number, modelMax: number | null): number {
  let size = 4096;
  while (size < need * 1.5) size *= 2;
  return modelMax !== null ? Math.min(size, modelMax) : size;
}

/** What to tell a person whose model would get less context than a course's largest call needs; null when it fits. */
export function contextWarning(model: string, context: Pick<OllamaContext, 'numCtx' | 'modelMax'>, needTokens: number): string | null {
  const need = `the largest step of a course takes about ${tokens(needTokens)} tokens (its prompt and its answer)`;
  if (context.modelMax !== null && context.modelMax < needTokens) {
    return `${model} holds at most ${tokens(context.modelMax)} tokens, and ${need}: choose a model with a longer context.`;
  }
  const window = context.numCtx ?? OLLAMA_DEFAULT_CONTEXT;
  if (window >= needTokens) return null;
  const size = suggested(needTokens, context.modelMax);
  if (context.numCtx !== null) {
    return `Ollama runs ${model} with num_ctx ${tokens(window)} (from its Modelfile), and ${need}: Ollama would cut the prompt without saying so. Set PARAMETER num_ctx ${size} in its Modelfile (ollama create), or choose another model.`;
  }
  return `Ollama gives ${model} ${tokens(window)} tokens of context unless it was started with OLLAMA_CONTEXT_LENGTH, and ${need}: Ollama would cut the prompt without saying so. Start Ollama with OLLAMA_CONTEXT_LENGTH=${size}, or set PARAMETER num_ctx ${size} in the model's Modelfile.`;
}
