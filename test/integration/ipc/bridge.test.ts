// The browser test bridge itself, from Node: it serves the renderer with the app's CSP and
// the shim injected, refuses sockets that fail the sender check, answers each request by
// id, starts events only after app.ready, and guards its test-control endpoints.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security';
import type { RunnerEvent } from '../../../src/shared/events';
import type { BridgeMessage } from '../../support/bridge/protocol';
import { startBridge, writeCorruptDatabase, type Bridge } from '../../support/bridge/server';

let assets: string;
beforeAll(() => {
  assets = mkdtempSync(join(tmpdir(), 'bridge-assets-'));
  writeFileSync(join(assets, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><script src="./app.js"></script></body></html>');
  writeFileSync(join(assets, 'app.js'), 'console.log("app")');
  writeFileSync(join(assets, 'shim.js'), '/* shim */');
});
afterAll(() => rmSync(assets, { recursive: true, force: true }));

let bridge: Bridge | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

const start = (options: Parameters<typeof startBridge>[0] = {}) =>
  startBridge({ rendererDir: assets, shimFile: join(assets, 'shim.js'), ...options });

async function pageSocketUrl(b: Bridge): Promise<string> {
  const html = await (await fetch(b.url)).text();
  return /<meta name="course-studio-bridge" content="([^"]+)">/.exec(html)![1]!.replace(/&quot;/g, '"');
}

/** A client speaking the shim's protocol. */
async function connect(b: Bridge, url?: string) {
  const socket = new WebSocket(url ?? (await pageSocketUrl(b)), { origin: b.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const events: { event: string; payload: unknown; at: number }[] = [];
  const waiting = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as BridgeMessage;
    if (message.type === 'response') waiting.get(message.id)?.(message.result);
    else events.push({ event: message.event, payload: message.payload, at: Date.now() });
  });
  return {
    socket,
    events,
    call(command: string, input?: unknown): Promise<any> {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, command, input }));
      });
    },
  };
}

const control = (b: Bridge, path: string, body?: unknown, token = b.controlToken) =>
  fetch(new URL(`/__control/${path}`, b.url), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-bridge-control-token': token },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('browser bridge', () => {
  it('serves the renderer with the CSP header and the shim injected before any app script', async () => {
    bridge = await start();
    const res = await fetch(bridge.url);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await res.text();
    expect(html.indexOf('<script src="/__bridge/shim.js">')).toBeGreaterThan(-1);
    expect(html.indexOf('<script src="/__bridge/shim.js">')).toBeLessThan(html.indexOf('./app.js'));
    expect((await fetch(new URL('/__bridge/shim.js', bridge.url))).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(new URL('/app.js', bridge.url))).status).toBe(200);
    expect((await fetch(new URL('/missing.js', bridge.url))).status).toBe(404);
    expect((await fetch(new URL('/..%2f..%2fetc%2fpasswd', bridge.url))).status).toBe(403);
  });

  it('refuses sockets from another origin or without the page token', async () => {
    bridge = await start();
    const url = await pageSocketUrl(bridge);
    const attempt = (u: string, origin: string) =>
      new Promise<string>((resolve) => {
        const s = new WebSocket(u, { origin });
        s.on('open', () => (s.close(), resolve('open')));
        s.on('error', (e) => resolve(e.message));
      });
    expect(await attempt(url, 'https://evil.example')).toMatch(/403/);
    expect(await attempt(url.replace(/token=[^&]+/, 'token=nope'), bridge.origin)).toMatch(/403/);
    expect(await attempt(url.replace('/__bridge/ws', '/other'), bridge.origin)).toMatch(/403/);
    expect(await attempt(url, bridge.origin)).toBe('open');
  });

  it('answers each request by id, through the real dispatcher', async () => {
    bridge = await start();
    const client = await connect(bridge);
    const [info, bad, unknown, created] = await Promise.all([
      client.call('app.info'),
      client.call('courses.get', { courseId: 'nope' }),
      client.call('courses.drop'),
      client.call('courses.create', { topic: { topic: 'Bridged topic' } }),
    ]);
    expect(info).toMatchObject({ ok: true, value: { version: 'bridge', secretStorage: 'os' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(created).toMatchObject({ ok: true, value: { status: 'draft' } });
    client.socket.close();
  });

  it('pushes runner events only after app.ready, batched at most every 100 ms', async () => {
    bridge = await start({ latencyMs: 150 });
    const client = await connect(bridge);
    const course = (await client.call('courses.create', { topic: { topic: 'Events', projects: 3 } })).value;
    const options = (await client.call('courses.generateOutlines', { courseId: course.id, count: 1 })).value;
    expect(client.events).toEqual([]); // not ready yet: no outline progress, nothing
    await client.call('courses.chooseOption', { courseId: course.id, optionId: options[0].id });
    await client.call('courses.approveOutline', { courseId: course.id, by: 'Ada' });
    await client.call('jobs.enqueue', { courseId: course.id });
    await new Promise((r) => setTimeout(r, 150));
    expect(client.events).toEqual([]);

    const ready = await client.call('app.ready');
    expect(ready).toMatchObject({ ok: true, value: { seq: expect.any(Number) } });
    const done = () => client.events.some((e) => e.event === 'runner.events' && (e.payload as RunnerEvent[]).some((r) => r.type === 'job.completed'));
    for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(done()).toBe(true);
    const batches = client.events.filter((e) => e.event === 'runner.events');
    const seqs = batches.flatMap((b) => (b.payload as RunnerEvent[]).map((e) => e.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
    // Measured on arrival, so network jitter can bunch two batches; the rate still holds.
    const span = batches.at(-1)!.at - batches[0]!.at;
    expect(batches.length).toBeLessThanOrEqual(Math.floor(span / 100) + 2);
    expect(client.events.some((e) => e.event === 'course.changed')).toBe(true);
    client.socket.close();
  });

  it('guards the control endpoints with their own token, and reads the database read-only', async () => {
    bridge = await start();
    expect((await control(bridge, 'state', undefined, 'wrong')).status).toBe(403);
    const client = await connect(bridge);
    await client.call('courses.create', { topic: { topic: 'Read me' } });
    const rows: unknown = await (await control(bridge, 'db', { sql: 'SELECT status FROM courses' })).json();
    expect(rows).toEqual({ rows: [{ status: 'draft' }] });
    const write = await control(bridge, 'db', { sql: "UPDATE courses SET status = 'published'" });
    expect(write.status).toBe(400);
    expect(((await write.json()) as { error: string }).error).toMatch(/Only statements that return rows|readonly/i);

    expect((await control(bridge, 'fake/fault', { kind: 'teapot' })).status).toBe(400);
    expect((await control(bridge, 'fake/content', { tool: 'submit_outline', set: { title: 'Steered title' } })).status).toBe(200);
    const course = (await client.call('courses.create', { topic: { topic: 'Steered' } })).value;
    const options = await client.call('courses.generateOutlines', { courseId: course.id, count: 1 });
    expect(options.value[0].outline.title).toBe('Steered title');

    expect((await control(bridge, 'fake/fault', { kind: 'auth', tool: 'submit_outline' })).status).toBe(200);
    const refused = await client.call('courses.generateOutlines', { courseId: course.id, count: 1 });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/401/) } });
    client.socket.close();
  });

  it('without an API key, says so; after a reset with a damaged database, every command explains', async () => {
    bridge = await start({ apiKey: null });
    const client = await connect(bridge);
    expect((await client.call('settings.get')).value.apiKeySet).toBe(false);

    const reset = (await (await control(bridge, 'reset', { corruptDatabase: true })).json()) as { startupError: string };
    expect(reset.startupError).toMatch(/damaged or is not a Course Studio database/);
    const after = await connect(bridge);
    expect(await after.call('app.info')).toMatchObject({ ok: true });
    expect(await after.call('courses.list')).toMatchObject({
      ok: false,
      error: { code: 'failed', message: expect.stringMatching(/^Course Studio could not start: The database .* is damaged/) },
    });
    after.socket.close();
  });

  it('starts on a damaged database planted before start-up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bridge-corrupt-'));
    writeCorruptDatabase(dataDir);
    bridge = await start({ dataDir });
    const state = (await (await control(bridge, 'state')).json()) as { startupError: string };
    expect(state.startupError).toMatch(/damaged/);
    await bridge.close();
    bridge = null;
    rmSync(dataDir, { recursive: true, force: true });
  });
});
