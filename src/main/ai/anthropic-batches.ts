// The Message Batches API (`client.messages.batches`) as the economy transport needs it:
// create, retrieve, list the recent ones, cancel, and stream a results file line by line.
// Pure like the providers: requests in, typed answers or a classified ProviderError out;
// it knows no jobs and no store (runner/batches.ts does).
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { MessageBatch, MessageBatchResult } from '@anthropic-ai/sdk/resources/messages/batches';
import { classifyAnthropicError } from './anthropic-errors';
import { ProviderError } from './provider';
import { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from './config';

export interface BatchRequest {
  custom_id: string;
  params: MessageCreateParamsNonStreaming;
}

export interface BatchInfo {
  id: string;
  processingStatus: 'in_progress' | 'canceling' | 'ended';
  counts: { processing: number; succeeded: number; errored: number; canceled: number; expired: number };
  createdAt: number;
  endedAt: number | null;
  expiresAt: number | null;
}

export interface BatchLine {
  customId: string;
  result: MessageBatchResult;
}

export interface BatchesClient {
  create(requests: readonly BatchRequest[], signal?: AbortSignal): Promise<BatchInfo>;
  retrieve(id: string, signal?: AbortSignal): Promise<BatchInfo>;
  /** Newest first, until `since` (epoch ms) is passed or `max` batches were read. */
  listSince(since: number, max?: number, signal?: AbortSignal): Promise<BatchInfo[]>;
  cancel(id: string, signal?: AbortSignal): Promise<BatchInfo>;
  /** The results file, line by line, in the file's order (not the request order). */
  results(id: string, signal?: AbortSignal): AsyncIterable<BatchLine>;
}

export interface BatchesClientConfig {
  apiKey: string;
  baseURL?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createBatchesClient(config: BatchesClientConfig): BatchesClient {
  const client = new Anthropic({
    apiKey: config.apiKey,
    baseURL: config.baseURL ?? DEFAULT_BASE_URL,
    // One retry policy, the cycle's: its attempts and waits are the ones it can account for.
    maxRetries: 0,
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });
  const batches = client.messages.batches;
  const guard = async <T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw classifyAnthropicError(err, { signal, model: 'message batches' });
    }
  };
  return {
    create: (requests, signal) => guard(async () => info(await batches.create({ requests: [...requests] }, { signal })), signal),
    retrieve: (id, signal) => guard(async () => info(await batches.retrieve(id, {}, { signal })), signal),
    listSince: (since, max = 1_000, signal) =>
      guard(async () => {
        const out: BatchInfo[] = [];
        for await (const b of batches.list({ limit: 100 }, { signal })) {
          const i = info(b);
          if (i.createdAt < since || out.length >= max) break;
          out.push(i);
        }
        return out;
      }, signal),
    cancel: (id, signal) => guard(async () => info(await batches.cancel(id, {}, { signal })), signal),
    results: (id, signal) => ({
      async *[Symbol.asyncIterator]() {
        const decoder = await guard(() => batches.results(id, {}, { signal }), signal);
        const lines = decoder[Symbol.asyncIterator]();
        // A read that is waiting for the next chunk when the signal fires can stay pending for
        // good (the body's reader is cancelled under it): each read is raced with the signal.
        const stopped = new Promise<never>((_, reject) => {
          const stop = () => reject(new ProviderError('aborted', 'The request was cancelled.', { cause: signal?.reason }));
          if (signal?.aborted) stop();
          else signal?.addEventListener('abort', stop, { once: true });
        });
        stopped.catch(() => undefined);
        try {
          for (;;) {
            const next = await Promise.race([lines.next(), stopped]);
            if (next.done) return;
            yield { customId: next.value.custom_id, result: next.value.result };
          }
        } catch (err) {
          throw classifyAnthropicError(err, { signal, model: 'message batches' });
        } finally {
          // Not awaited: on a cancelled body it may never settle either.
          void lines.return?.(undefined)?.catch(() => undefined);
        }
      },
    }),
  };
}

function info(b: MessageBatch): BatchInfo {
  const ms = (s: string | null | undefined) => (s ? Date.parse(s) : null);
  return {
    id: b.id,
    processingStatus: b.processing_status,
    counts: { ...b.request_counts },
    createdAt: ms(b.created_at) ?? 0,
    endedAt: ms(b.ended_at),
    expiresAt: ms(b.expires_at),
  };
}
