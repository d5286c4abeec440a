// Finding local model servers and what they offer: a probe of each known server's default
// port on this machine (each with its own short timeout, all at once, so a full scan takes
// at most one timeout and never holds up start-up), a server's model list (/v1/models), and
// one small structured call to see that a model answers in shape, and how fast.
import { z } from 'zod';
import type { LocalModel } from '../../../shared/model-routing';
import { ProviderError } from '../provider';
import { toolFromSchema } from '../structured-call';
import { connectionError, httpError } from './openai-errors';
import { LOCAL_SERVERS, parseBaseUrl, type LocalServerId } from './local-servers';
import { createOpenAICompatibleProvider } from './openai-compatible';

/** A running server answers /v1/models within milliseconds; a busy laptop within a second or so. */
export const DETECT_TIMEOUT_MS = 1_500;

export interface DetectedServer {
  server: LocalServerId;
  name: string;
  /** As OpenAI clients are given it: "http://127.0.0.1:11434/v1". */
  baseUrl: string;
  models: string[];
}

export interface Candidate {
  server: LocalServerId;
  port: number;
}

/** Every known server on its default ports, on this machine. */
export const DEFAULT_CANDIDATES: readonly Candidate[] = LOCAL_SERVERS.flatMap((s) => s.ports.map((port) => ({ server: s.id, port })));

const modelsListSchema = z.object({ data: z.array(z.object({ id: z.string().min(1) }).loose()) }).loose();

/**
 * The servers answering on their default ports. A port where nothing listens, or something
 * else does (a web server on 8080 without /v1/models), is left out quietly. Jan answers 401
 * without its key: it is listed, with no models, so Settings can ask for the key.
 */
export async function detectLocalServers(
  options: { fetch?: typeof fetch; host?: string; candidates?: readonly Candidate[]; timeoutMs?: number } = {},
): Promise<DetectedServer[]> {
  const host = options.host ?? '127.0.0.1';
  const found = await Promise.all(
    (options.candidates ?? DEFAULT_CANDIDATES).map(async ({ server, port }): Promise<DetectedServer | null> => {
      const baseUrl = `http://${host}:${port}/v1`;
      try {
        const models = await listLocalModels(baseUrl, { server, timeoutMs: options.timeoutMs ?? DETECT_TIMEOUT_MS, ...(options.fetch ? { fetch: options.fetch } : {}) });
        return { server, name: parseBaseUrl(baseUrl, server).name, baseUrl, models };
      } catch (error) {
        if (error instanceof ProviderError && error.kind === 'auth') return { server, name: parseBaseUrl(baseUrl, server).name, baseUrl, models: [] };
        return null;
      }
    }),
  );
  return found.filter((s): s is DetectedServer => s !== null);
}

/** The models a server offers (GET /v1/models), as a ProviderError with a sentence to act on when it cannot say. */
export async function listLocalModels(
  baseUrl: string,
  options: { apiKey?: string | null; server?: LocalServerId | null; fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<string[]> {
  const endpoint = parseBaseUrl(baseUrl, options.server);
  const ctx = { endpoint, model: '' };
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(`${endpoint.api}/models`, {
      headers: { accept: 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      signal: AbortSignal.timeout(options.timeoutMs ?? DETECT_TIMEOUT_MS),
    });
  } catch (error) {
    throw connectionError(ctx, error);
  }
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: said as text below.
  }
  if (!response.ok) throw httpError(response.status, body, response.headers, ctx);
  const parsed = modelsListSchema.safeParse(body);
  if (!parsed.success) throw new ProviderError('bad_request', `${endpoint.name} at ${endpoint.hostPort} did not answer /v1/models with a model list — is this an OpenAI-compatible server?`);
  return parsed.data.data.map((m) => m.id);
}

const probeSchema = z.object({ answer: z.string().min(1), items: z.array(z.string().min(1)).min(2).max(3) });

export interface ModelTestResult {
  ok: boolean;
  /** How long the call took, ms: the first call includes loading the model. */
  latencyMs: number;
  message: string;
}

/** One small structured call, validated as every real one is: does this model answer in shape? */
export async function testLocalModel(local: LocalModel, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<ModelTestResult> {
  const provider = createOpenAICompatibleProvider({
    baseUrl: local.baseUrl,
    model: local.model,
    apiKey: local.apiKey,
    server: local.server,
    maxTokens: 256,
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const result = await provider.call({
      system: 'You answer in JSON only.',
      prompt: 'Name two or three things a first lesson on knots should cover. Give a one-sentence answer and the items.',
      tool: toolFromSchema('submit_test', 'A short answer with two or three items.', probeSchema),
    });
    const checked = probeSchema.safeParse(result.input);
    if (!checked.success) return { ok: false, latencyMs: elapsed(), message: `${local.model} answered, but not in the requested shape: it may be too small for course writing.` };
    return { ok: true, latencyMs: elapsed(), message: `${local.model} answered in shape in ${(elapsed() / 1000).toFixed(1)} s.` };
  } catch (error) {
    return { ok: false, latencyMs: elapsed(), message: error instanceof Error ? error.message : String(error) };
  }
}

/** The same warning from the size the server reports (Ollama's parameter_size), for a model whose name does not say. */
export function reportedSizeWarning(model: string, billions: number | null): string | null {
  if (billions === null || billions >= 7) return null;
  return `${model} is small (${billions}B parameters, as the server reports): it may often answer out of shape. Models of 7–8B, such as qwen2.5:7b or llama3.1:8b, do much better.`;
}

/**
 * A warning for a model whose name says it is small ("llama3.2:3b", "qwen2.5-1.5b-instruct"):
 * under about 7B parameters, models break the course schemas often. Null when the name says
 * 7B or more, or says nothing (then the first test call tells).
 */
export function smallModelWarning(model: string): string | null {
  const sizes = [...model.toLowerCase().matchAll(/(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)b(?![a-z])/g)].map((m) => Number(m[1]));
  const size = sizes.at(-1);
  if (size === undefined || !Number.isFinite(size) || size >= 7) return null;
  return `${model} looks small (${size}B parameters): it may often answer out of shape. Models of 7–8B, such as qwen2.5:7b or llama3.1:8b, do much better.`;
}
