// A small HTTP control surface under /_fake/ for a fake running in another process (the
// CLI used by soak runs), where the in-process methods are out of reach. Not recorded,
// not authenticated, never part of the Anthropic API.
//   GET  /_fake/stats                              counts, in-flight, peak concurrency
//   GET  /_fake/requests                           every RecordedRequest (bodies included)
//   POST /_fake/latency      {"ms": 200}
//   POST /_fake/rate-limit   {"requestsPerMinute": 120, "burst": 20}   account rate limit (token
//                            buckets, full; "inputTokensPerMinute"/"outputTokensPerMinute" optional;
//                            null or {} turns it off; see ratelimit.ts). The stats report it as
//                            rateLimit, with responses429, rateLimited (429s of the limit) and
//                            earlyAfter429 + earlyRequests (requests received more than 50 ms after
//                            a 429 to the same API key, within its retry-after)
//   POST /_fake/fault-rates  {"rates": {"overloaded": 0.1}, "seed": 7}
//   POST /_fake/fault        {"kind": "rate_limit", "retryAfterSec": 1}   (one-shot)
//   POST /_fake/hold         {"tool": "submit_lessons", "midStream": false}  → {"id": 1}  (no tool: every Messages request)
//   POST /_fake/release      {"id": 1}                    (no id: every hold)
//   GET  /_fake/held?id=1                                  → {"held": 3}  (no id: all holds)
//   POST /_fake/reset                                      (also forgets batches, scripts, outcome rates)
//   GET  /_fake/batches                                    every batch (FakeBatch, requests and results included)
//   POST /_fake/batches      {"processingMs": 200, "cancelMs": 50, "outcomeRates": {"expired": 0.1,
//                            "overloaded_error": 0.05}, "seed": 7}   Message Batches created afterwards (all
//                            optional; see batches.ts); "failNextCreate": "overloaded" (+ "retryAfterSec")
//                            fails the next batch create once (529). Stats: batches (count by
//                            processing_status, 'deleted'), batchRequests (requests to batch routes,
//                            which are not in /_fake/requests; see FakeAnthropic.batchRequests)
//   POST /_fake/batches/outcome {"customId": "c1", "outcome": {"type": "errored", "error": "api_error"}}
//                            the next batch request with that custom_id ends so (one-shot)
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BatchOutcome, FakeBatch, FakeRateLimit, Fault, FaultKind, RecordedRequest } from './types';

export interface ControlApi {
  stats(): unknown;
  requests(): RecordedRequest[];
  setLatency(ms: number): void;
  setRateLimit(limit: FakeRateLimit | null): void;
  setFaultRates(rates: Partial<Record<FaultKind, number>>, seed?: number): void;
  enqueueFault(fault: Fault): void;
  hold(tool?: string, midStream?: boolean): number;
  release(id?: number): void;
  held(id?: number): number;
  reset(): void;
  batches(): FakeBatch[];
  setBatches(body: Record<string, unknown>): void;
  scriptBatchOutcome(customId: string, outcome: BatchOutcome): void;
}

export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, api: ControlApi): Promise<void> {
  const reply = (status: number, value: unknown) => {
    const body = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };
  try {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const route = `${req.method} ${path}`;
    if (route === 'GET /_fake/stats') return reply(200, api.stats());
    if (route === 'GET /_fake/requests') return reply(200, api.requests());
    if (route === 'POST /_fake/latency') return reply(200, (api.setLatency(Number(body.ms)), { ok: true }));
    if (route === 'POST /_fake/rate-limit') {
      const on = body !== null && body.requestsPerMinute !== undefined && body.requestsPerMinute !== null;
      return reply(200, (api.setRateLimit(on ? (body as unknown as FakeRateLimit) : null), { ok: true }));
    }
    if (route === 'POST /_fake/fault-rates') {
      api.setFaultRates((body.rates ?? {}) as Partial<Record<FaultKind, number>>, typeof body.seed === 'number' ? body.seed : undefined);
      return reply(200, { ok: true });
    }
    if (route === 'POST /_fake/fault') return reply(200, (api.enqueueFault(body as unknown as Fault), { ok: true }));
    if (route === 'POST /_fake/hold') return reply(200, { id: api.hold(typeof body.tool === 'string' ? body.tool : undefined, body.midStream === true) });
    if (route === 'POST /_fake/release') return reply(200, (api.release(typeof body.id === 'number' ? body.id : undefined), { ok: true }));
    if (route === 'GET /_fake/held') {
      const id = new URL(req.url ?? '/', 'http://fake').searchParams.get('id');
      return reply(200, { held: api.held(id === null ? undefined : Number(id)) });
    }
    if (route === 'POST /_fake/reset') return reply(200, (api.reset(), { ok: true }));
    if (route === 'GET /_fake/batches') return reply(200, api.batches());
    if (route === 'POST /_fake/batches') return reply(200, (api.setBatches(body), { ok: true }));
    if (route === 'POST /_fake/batches/outcome') {
      return reply(200, (api.scriptBatchOutcome(String(body.customId), body.outcome as BatchOutcome), { ok: true }));
    }
    reply(404, { error: `unknown control route: ${route}` });
  } catch (err) {
    reply(400, { error: (err as Error).message });
  }
}
