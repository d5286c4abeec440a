// Runs the fake Messages API in a child process, so the CPU it burns (SSE framing, fake
// content) is not counted against the app's CPU-per-call figure.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface FakeStats {
  requests: number;
  inFlight: number;
  peakConcurrency: number;
  outcomes: Record<string, number>;
  /** Every 429 the fake sent, and those of the account rate limit. */
  responses429: number;
  rateLimited: number;
  /** Requests received inside a retry-after window the fake had announced more than 50 ms earlier. */
  earlyAfter429: number;
  earlyRequests: { id: string; receivedAt: number; after429: string; msAfter429: number; retryAfterMs: number }[];
}

/** What the fake recorded of one request (GET /_fake/requests), as far as the bench reads it. */
export interface FakeRequest {
  id: string;
  receivedAt: number;
  startedAt: number;
  finishedAt: number | null;
  status: number;
  outcome: string;
  rateLimited?: boolean;
  retryAfterMs?: number;
  toolName: string | null;
  body: unknown;
}

export interface FakeProcessOptions {
  /** The account rate limit (--rate-limit-rpm / --rate-limit-burst); off when absent. */
  rateLimit?: { requestsPerMinute: number; burst?: number };
}

export interface FakeProcess {
  url: string;
  stats(): Promise<FakeStats>;
  requests(): Promise<FakeRequest[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const MAIN = join(import.meta.dirname, '../test/support/fake-anthropic/main.ts');

export async function startFakeProcess(latencyMs: number, options: FakeProcessOptions = {}): Promise<FakeProcess> {
  const args = ['--import', 'tsx', MAIN, '--latency', String(latencyMs)];
  if (options.rateLimit) {
    args.push('--rate-limit-rpm', String(options.rateLimit.requestsPerMinute));
    if (options.rateLimit.burst !== undefined) args.push('--rate-limit-burst', String(options.rateLimit.burst));
  }
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the fake API did not start within 20 s')), 20_000);
    child.once('exit', (code) => reject(new Error(`the fake API exited early (code ${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /FAKE_ANTHROPIC_URL=(\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  const control = async (method: 'GET' | 'POST', path: string): Promise<unknown> => {
    const res = await fetch(`${url}/_fake/${path}`, { method });
    if (!res.ok) throw new Error(`fake control ${path}: HTTP ${res.status}`);
    return res.json();
  };
  return {
    url,
    stats: () => control('GET', 'stats') as Promise<FakeStats>,
    requests: () => control('GET', 'requests') as Promise<FakeRequest[]>,
    reset: async () => void (await control('POST', 'reset')),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
