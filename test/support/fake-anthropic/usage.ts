// Token accounting and prompt caching. Like the real API, the cache key of a breakpoint is
// the exact request prefix (model, tools, system, messages in order) up to that block, so
// a caller only gets cache reads if it keeps the prefix byte-identical between calls.
import { createHash, type Hash } from 'node:crypto';
import { documentChars } from './documents';
import { outputSchemaOf } from './output-format';
import { isObject, textOf, type Json } from './request';

export interface InputUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

/** ≈ 4 characters per token, the usual rule of thumb for English text. */
export const tokensFor = (chars: number) => Math.ceil(chars / 4);

/** Role markers and the assistant turn the API adds: input is never 0 tokens. */
const TURN_OVERHEAD_TOKENS = 4;

interface Segment {
  /** What the block contributes to the prompt (counted). */
  chars: number;
  /** What identifies it (hashed); cache_control itself is not part of the content. */
  key: string;
  ttlMs: number | null;
}

function cacheTtl(block: unknown): number | null {
  if (!isObject(block) || !isObject(block.cache_control) || block.cache_control.type !== 'ephemeral') return null;
  return block.cache_control.ttl === '1h' ? 3_600_000 : 300_000;
}

function strip(block: unknown): unknown {
  if (!isObject(block)) return block;
  const { cache_control: _cc, ...rest } = block;
  return rest;
}

function blockChars(block: unknown): number {
  if (typeof block === 'string') return block.length;
  if (!isObject(block)) return 0;
  if (block.type === 'text') return typeof block.text === 'string' ? block.text.length : 0;
  if (block.type === 'tool_use') return String(block.name ?? '').length + JSON.stringify(block.input ?? {}).length;
  if (block.type === 'document') return documentChars(block);
  if (block.type === 'tool_result') return textOf(block.content).length + (block.is_error ? 8 : 0);
  return JSON.stringify(strip(block)).length;
}

/** The prompt in the order the API caches it: tools, then system, then messages. */
function segments(body: Json): Segment[] {
  const out: Segment[] = [];
  for (const tool of Array.isArray(body.tools) ? body.tools : []) {
    out.push({ chars: JSON.stringify(strip(tool)).length, key: `tool:${JSON.stringify(strip(tool))}`, ttlMs: cacheTtl(tool) });
  }
  const system = typeof body.system === 'string' ? [{ type: 'text', text: body.system }] : Array.isArray(body.system) ? body.system : [];
  for (const block of system) out.push({ chars: blockChars(block), key: `system:${JSON.stringify(strip(block))}`, ttlMs: cacheTtl(block) });
  for (const msg of Array.isArray(body.messages) ? body.messages : []) {
    if (!isObject(msg)) continue;
    const blocks = typeof msg.content === 'string' ? [{ type: 'text', text: msg.content }] : Array.isArray(msg.content) ? msg.content : [];
    blocks.forEach((block, i) => {
      out.push({ chars: blockChars(block), key: `${String(msg.role)}${i === 0 ? '>' : '+'}${JSON.stringify(strip(block))}`, ttlMs: cacheTtl(block) });
    });
  }
  return out;
}

/**
 * A JSON output schema is prompt too (the model has to read it), but where the real API puts
 * it in the cached prefix is not documented: here it is counted as uncached input only.
 */
function formatTokens(body: Json): number {
  const schema = outputSchemaOf(body);
  return schema ? tokensFor(JSON.stringify(schema).length) : 0;
}

/** Input-side token count without any caching (count_tokens, and the base of `usage`). */
export function countInputTokens(body: Json): number {
  return tokensFor(segments(body).reduce((n, s) => n + s.chars, 0)) + formatTokens(body) + TURN_OVERHEAD_TOKENS;
}

export class PromptCache {
  /** prefix hash -> when it expires, and since when it can be read (ms since epoch). */
  private entries = new Map<string, { expiry: number; since: number }>();

  /**
   * `readableFromResponse`: like the API, a prefix written by a request can be read only by
   * requests sent after that request's response began (requests sent together all write);
   * off (the default, kept for existing tests), a request reads any prefix accounted before it.
   */
  constructor(
    private minCacheableTokens = 0,
    private readableFromResponse = false,
  ) {}

  clear(): void {
    this.entries.clear();
  }

  /**
   * Splits the input tokens into read / written / uncached, and remembers new prefixes.
   * Called when the response begins (`now`); `sentAt` is when the request arrived.
   */
  account(body: Json, now = Date.now(), sentAt = now): InputUsage {
    const seenAt = this.readableFromResponse ? sentAt : now;
    const segs = segments(body);
    const hash: Hash = createHash('sha256').update(`model:${String(body.model)}\n`);
    const points: { hash: string; tokens: number; ttlMs: number }[] = [];
    let chars = 0;
    for (const seg of segs) {
      hash.update(seg.key).update('\n');
      chars += seg.chars;
      const tokens = tokensFor(chars);
      if (seg.ttlMs !== null && tokens >= this.minCacheableTokens) points.push({ hash: hash.copy().digest('hex'), tokens, ttlMs: seg.ttlMs });
    }
    const total = tokensFor(chars) + formatTokens(body) + TURN_OVERHEAD_TOKENS;
    const hitAt = findLastIndex(points, (p) => {
      const entry = this.entries.get(p.hash);
      return entry !== undefined && entry.expiry > now && entry.since <= seenAt;
    });
    const read = points[hitAt]?.tokens ?? 0;
    const cachedUpTo = points.at(-1)?.tokens ?? 0;
    // A hit refreshes its entry; every breakpoint of this request is now cached.
    for (const p of points) {
      const entry = this.entries.get(p.hash);
      this.entries.set(p.hash, { expiry: now + p.ttlMs, since: entry && entry.expiry > now ? Math.min(entry.since, now) : now });
    }
    this.evictExpired(now);
    const created = cachedUpTo - read;
    const oneHour = points.at(-1)?.ttlMs === 3_600_000;
    return {
      input_tokens: total - cachedUpTo,
      cache_creation_input_tokens: created,
      cache_read_input_tokens: read,
      cache_creation: { ephemeral_5m_input_tokens: oneHour ? 0 : created, ephemeral_1h_input_tokens: oneHour ? created : 0 },
    };
  }

  private evictExpired(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [key, entry] of this.entries) if (entry.expiry <= now) this.entries.delete(key);
  }
}

function findLastIndex<T>(items: T[], pred: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (pred(items[i] as T)) return i;
  return -1;
}
