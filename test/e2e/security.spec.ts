// The renderer's security in a real Chromium, served exactly as the bridge serves it (with
// the app's CSP): inline scripts and remote images are blocked, nothing leaves 127.0.0.1,
// and the page sees only the contract's API.
import WebSocket from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security';
import { COMMAND_NAMES, EVENT_NAMES, LOCAL_METHOD_NAMES, listenerName, methodName } from '../../src/shared/ipc-contract';
import { expect, test } from './fixtures';

type Violation = { directive: string; blocked: string };

test('the CSP blocks an inline script and a remote image', async ({ app }) => {
  const response = await app.request.get(app.url());
  expect(response.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);

  const outcome = await app.evaluate(async () => {
    const violations: Violation[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.append(script);
    const img = document.createElement('img');
    const settled = new Promise<string>((resolve) => {
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('blocked');
    });
    img.src = 'http://example.invalid/remote.png';
    document.body.append(img);
    const image = await settled;
    // Violation events are dispatched asynchronously after the block.
    await new Promise((r) => setTimeout(r, 100));
    return { inlineRan: (window as { __inlineRan?: boolean }).__inlineRan === true, image, violations };
  });

  expect(outcome.inlineRan).toBe(false);
  expect(outcome.image).toBe('blocked');
  expect(outcome.violations).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ directive: 'script-src-elem', blocked: 'inline' }),
      expect.objectContaining({ directive: 'img-src', blocked: 'http://example.invalid/remote.png' }),
    ]),
  );
});

test('the page makes no request outside 127.0.0.1', async ({ page, bridge, pageErrors }) => {
  void pageErrors;
  const local = /^(https?|wss?):\/\/127\.0\.0\.1:\d+\//;
  const requested: string[] = [];
  const blocked = new Map<string, string>();
  const leaked: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('websocket', (socket) => requested.push(socket.url()));
  page.on('requestfailed', (request) => blocked.set(request.url(), request.failure()?.errorText ?? ''));
  // A tripwire behind the CSP: only a request the page really sends reaches a route handler.
  await page.route((url) => !local.test(url.href) && !/^(data|blob):/.test(url.href), async (route) => {
    leaked.push(route.request().url());
    await route.abort();
  });
  await page.goto(bridge.url);
  await page.waitForFunction(() => typeof (window as { courseStudio?: unknown }).courseStudio === 'object');
  // Visit every top-level route, so lazily loaded code and assets are requested too.
  for (const route of ['#/queue', '#/new', '#/batch', '#/courses', '#/settings']) {
    await page.evaluate((hash) => (location.hash = hash), route);
    await page.waitForLoadState('networkidle');
  }
  await page.evaluate(async () => {
    const img = new Image();
    img.src = 'https://example.invalid/tracker.gif';
    await new Promise((resolve) => ((img.onerror = resolve), (img.onload = resolve)));
  });

  expect(requested.filter((url) => local.test(url)).length).toBeGreaterThan(1);
  expect(leaked).toEqual([]);
  // The attempt was seen, and stopped by the CSP rather than by chance.
  expect(blocked.get('https://example.invalid/tracker.gif')).toMatch(/csp/i);
  const outside = requested.filter((url) => !local.test(url) && !/^(data|blob):/.test(url));
  for (const url of outside) expect(blocked.get(url), url).toMatch(/csp/i);
});

test('window.courseStudio is exactly the contract, and frozen', async ({ app }) => {
  const shape = await app.evaluate(() => {
    const api = (window as unknown as { courseStudio: Record<string, unknown> }).courseStudio;
    const before = api['appInfo'];
    try {
      (api as Record<string, unknown>)['appInfo'] = () => 'replaced';
    } catch {
      // frozen: assignment throws in strict code
    }
    return {
      keys: Object.keys(api).sort(),
      allFunctions: Object.values(api).every((v) => typeof v === 'function'),
      replaced: api['appInfo'] !== before,
      hasIpc: 'ipcRenderer' in window || 'require' in window || 'process' in window,
    };
  });
  const expected = [...COMMAND_NAMES.map((c) => methodName(c)), ...EVENT_NAMES.map((e) => listenerName(e)), ...LOCAL_METHOD_NAMES].sort();
  expect(shape.keys).toEqual(expected);
  expect(shape.allFunctions).toBe(true);
  expect(shape.replaced).toBe(false);
  expect(shape.hasIpc).toBe(false);
});

test('the bridge refuses a socket from another origin or without the page token', async ({ app, bridge }) => {
  const wsUrl = await app.locator('meta[name="course-studio-bridge"]').getAttribute('content');
  expect(wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/__bridge\/ws\?token=/);
  const origin = new URL(bridge.url).origin;
  const attempt = (url: string, from: string) =>
    new Promise<string>((resolve) => {
      const socket = new WebSocket(url, { origin: from });
      socket.on('open', () => {
        socket.close();
        resolve('open');
      });
      socket.on('error', (error) => resolve(error.message));
    });
  expect(await attempt(wsUrl!, 'http://evil.example')).toContain('403');
  expect(await attempt(wsUrl!.replace(/token=[^&]+/, 'token=guessed'), origin)).toContain('403');
  expect(await attempt(wsUrl!, origin)).toBe('open');
});

test('a command from the page goes through the real dispatcher', async ({ app }) => {
  const results = await app.evaluate(async () => {
    const api = (window as unknown as { courseStudio: Record<string, (input?: unknown) => Promise<unknown>> }).courseStudio;
    return {
      info: await api['appInfo']!(),
      bad: await api['coursesGet']!({ courseId: 'not-a-uuid' }),
    };
  });
  expect(results.info).toMatchObject({ ok: true, value: { platform: 'linux', secretStorage: 'os' } });
  expect(results.bad).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'courseId', message: 'Expected an id (UUID).' }] } });
});
