// A Supabase stand-in for tests, on 127.0.0.1: PostgREST-compatible /rest/v1 (run inside
// PostgreSQL under the caller's JWT, so row-level security is the database's) and the
// GoTrue endpoints supabase-js needs under /auth/v1. A real PostgREST cannot be installed
// from the registries this project reaches (no Debian package; the npm "postgrest" package
// downloads a binary at install time), hence this server.
//
// Test controls cut the network (offline), drop one request's connection before it runs
// or after it committed (the answer is lost), and answer 5xx, so the sync worker's
// recovery can be driven step by step.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pg from 'pg';
import { createAuthHandler } from './auth';
import { JwtError, signJwt, verifyJwt, type JwtClaims } from './jwt';
import { createRestHandler } from './rest';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. /rest/v1/courses?select=id */
  url: string;
  /** The table for /rest/v1 requests. */
  table: string | null;
  status: number | 'dropped-before' | 'dropped-after' | 'offline';
}

export interface DropFault {
  /** 1 = the next REST request, 2 = the one after, … */
  nth?: number;
  /** 'before': the connection dies before the request runs; 'after': it ran and committed, the answer is lost. */
  when: 'before' | 'after';
}

export interface SupabaseTestServer {
  url: string;
  anonKey: string;
  jwtSecret: string;
  requests: RecordedRequest[];
  /** Every connection is cut on arrival while offline. */
  setOffline(offline: boolean): void;
  dropConnection(fault: DropFault): void;
  /** The next `count` REST requests are answered with `status` without running. */
  failNext(count: number, status?: number): void;
  setAccessTokenTtl(seconds: number): void;
  /** Ends every session of a user: their refresh tokens stop working. */
  revokeRefreshTokens(userId: string): Promise<void>;
  /** Signs an access token for a user directly (RLS tests, expired tokens). */
  accessTokenFor(userId: string, ttlSec?: number): string;
  close(): Promise<void>;
}

export interface SupabaseTestServerOptions {
  databaseUrl: string;
  jwtSecret?: string;
  accessTokenTtlSec?: number;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const text = body === null || body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  return JSON.parse(text);
}

function headerMap(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export async function startSupabaseTestServer(options: SupabaseTestServerOptions): Promise<SupabaseTestServer> {
  const jwtSecret = options.jwtSecret ?? randomBytes(32).toString('hex');
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 8 });
  let ttl = options.accessTokenTtlSec ?? 3600;
  const anonKey = signJwt({ role: 'anon', iss: 'supabase-test', iat: Math.floor(Date.now() / 1000), exp: 4_102_444_800 }, jwtSecret);
  const rest = createRestHandler({ pool });
  const auth = createAuthHandler({ pool, jwtSecret, accessTokenTtlSec: () => ttl });
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let offline = false;
  let failures: { remaining: number; status: number } | null = null;
  let drop: { countdown: number; when: 'before' | 'after' } | null = null;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      console.error('supabase test server:', error);
      if (!res.headersSent) send(res, 500, {}, { message: String(error) });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (offline) socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const restMatch = /^\/rest\/v1\/([A-Za-z0-9_]+)$/.exec(url.pathname);
    const record: RecordedRequest = { method: req.method ?? 'GET', url: `${url.pathname}${url.search}`, table: restMatch?.[1] ?? null, status: 0 };
    requests.push(record);
    if (offline) {
      record.status = 'offline';
      req.socket.destroy();
      return;
    }
    const headers = headerMap(req);
    const finish = (status: number, extra: Record<string, string>, body: unknown) => {
      record.status = status;
      send(res, status, extra, body);
    };
    let body: unknown;
    try {
      body = await readBody(req);
    } catch {
      return finish(400, {}, { code: 'PGRST102', message: 'Empty or invalid json', details: null, hint: null });
    }
    // Supabase's API gateway refuses requests without a valid project key before anything else.
    const apikey = headers['apikey'];
    try {
      if (!apikey) return finish(401, {}, { message: 'No API key found in request' });
      verifyJwt(apikey, jwtSecret);
    } catch {
      return finish(401, {}, { message: 'Invalid API key' });
    }

    if (url.pathname.startsWith('/auth/v1/')) {
      const answer = await auth(record.method, url.pathname.slice('/auth/v1'.length), url.searchParams, headers, body);
      return finish(answer.status, answer.headers, answer.body);
    }
    if (!restMatch) return finish(404, {}, { message: 'no Route matched with those values' });

    let claims: JwtClaims;
    const bearer = headers['authorization']?.replace(/^Bearer\s+/i, '');
    try {
      claims = bearer ? verifyJwt(bearer, jwtSecret) : { role: 'anon' };
    } catch (error) {
      const expired = error instanceof JwtError && error.expired;
      return finish(
        401,
        { 'www-authenticate': `Bearer error="invalid_token", error_description="${expired ? 'JWT expired' : 'invalid JWT'}"` },
        { code: expired ? 'PGRST303' : 'PGRST301', message: expired ? 'JWT expired' : (error as Error).message, details: null, hint: null },
      );
    }

    if (failures && failures.remaining > 0) {
      failures.remaining--;
      return finish(failures.status, {}, { message: `injected ${failures.status}` });
    }
    let dropWhen: 'before' | 'after' | null = null;
    if (drop && --drop.countdown === 0) {
      dropWhen = drop.when;
      drop = null;
    }
    if (dropWhen === 'before') {
      record.status = 'dropped-before';
      req.socket.destroy();
      return;
    }
    const answer = await rest({ method: record.method, table: restMatch[1]!, search: url.searchParams, headers, body, claims });
    if (dropWhen === 'after') {
      record.status = 'dropped-after';
      req.socket.destroy();
      return;
    }
    finish(answer.status, answer.headers, answer.body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    anonKey,
    jwtSecret,
    requests,
    setOffline(value) {
      offline = value;
      if (value) for (const s of sockets) s.destroy();
    },
    dropConnection(fault) {
      drop = { countdown: fault.nth ?? 1, when: fault.when };
    },
    failNext(count, status = 503) {
      failures = { remaining: count, status };
    },
    setAccessTokenTtl(seconds) {
      ttl = seconds;
    },
    async revokeRefreshTokens(userId) {
      await pool.query(`UPDATE auth.refresh_tokens SET revoked = true WHERE user_id = $1`, [userId]);
    },
    accessTokenFor(userId, ttlSec = 3600) {
      const now = Math.floor(Date.now() / 1000);
      return signJwt({ sub: userId, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + ttlSec }, jwtSecret);
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
