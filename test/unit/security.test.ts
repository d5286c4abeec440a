// The hardening the desktop app really applies (src/main/security.ts, used by index.ts),
// checked on small fakes of Electron's WebContents and Session.
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWindow,
  isAllowedExternalUrl,
  webPreferences,
  type ContentsLike,
  type SessionLike,
} from '../../src/main/security';

class FakeEvent {
  prevented = false;
  preventDefault() {
    this.prevented = true;
  }
}

function fakeContents() {
  const listeners = new Map<string, (...args: any[]) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on(event: string, listener: (...args: any[]) => void) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      openHandler = handler;
    },
  };
  return {
    contents: contents as unknown as ContentsLike,
    emit(event: string, ...args: unknown[]) {
      const e = new FakeEvent();
      const listener = listeners.get(event);
      if (!listener) throw new Error(`no ${event} listener`);
      listener(e, ...args);
      return e;
    },
    open: (url: string) => openHandler!({ url }),
  };
}

function fakeSession() {
  const state: {
    request?: (c: unknown, p: string, cb: (granted: boolean) => void) => void;
    check?: (c: unknown, p: string) => boolean;
    device?: (d: unknown) => boolean;
    download?: (e: FakeEvent, item: { getURL(): string }) => void;
    headers?: (details: { responseHeaders?: Record<string, string[] | string> }, cb: (r: { responseHeaders?: Record<string, string[] | string> }) => void) => void;
  } = {};
  const session: SessionLike = {
    setPermissionRequestHandler: (h) => (state.request = h ?? undefined),
    setPermissionCheckHandler: (h) => (state.check = h ?? undefined),
    setDevicePermissionHandler: (h) => (state.device = h ?? undefined),
    on: (_event, listener) => (state.download = listener),
    webRequest: { onHeadersReceived: (listener) => (state.headers = listener) },
  };
  return { session, state };
}

describe('webPreferences', () => {
  it('isolates and sandboxes the renderer, with no Node and no webviews', () => {
    const prefs = webPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = Object.fromEntries(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );

  it('allows only our own scripts: no inline, no eval, nothing remote', () => {
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('loads images only from the app or data: (remote images in lessons never load)', () => {
    expect(directives['img-src']).toEqual(["'self'", 'data:']);
    expect(directives['connect-src']).toEqual(["'self'"]);
  });

  it('forbids base tags, form posts and framing', () => {
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['form-action']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });
});

describe('isAllowedExternalUrl', () => {
  it('allows http and https links only', () => {
    expect(isAllowedExternalUrl('https://docs.anthropic.com/en/api')).toBe(true);
    expect(isAllowedExternalUrl('http://example.com/a?b=c#d')).toBe(true);
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'smb://server/share',
      'data:text/html,<script>alert(1)</script>',
      'mailto:someone@example.com',
      'vbscript:msgbox',
      'ms-settings:privacy',
      'https://user:pass@example.com/',
      '//example.com/no-scheme',
      'not a url',
      '',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('hardenWindow', () => {
  it('prevents every navigation and redirect, and webview attachment', () => {
    const fake = fakeContents();
    hardenWindow(fake.contents, { openExternal: () => {} });
    expect(fake.emit('will-navigate', 'https://evil.example/').prevented).toBe(true);
    expect(fake.emit('will-navigate', 'file:///etc/passwd').prevented).toBe(true);
    expect(fake.emit('will-redirect', 'https://evil.example/').prevented).toBe(true);
    expect(fake.emit('will-attach-webview').prevented).toBe(true);
  });

  it('denies every new window, opening only http(s) links in the browser', async () => {
    const opened: string[] = [];
    const fake = fakeContents();
    hardenWindow(fake.contents, { openExternal: (url) => void opened.push(url) });
    expect(fake.open('https://example.com/docs')).toEqual({ action: 'deny' });
    expect(fake.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.open('about:blank')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(opened).toEqual(['https://example.com/docs']);
  });

  it('survives a failing openExternal', async () => {
    const fake = fakeContents();
    hardenWindow(fake.contents, { openExternal: () => Promise.reject(new Error('no browser')) });
    expect(fake.open('https://example.com/')).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0));
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check, and device access', () => {
    const { session, state } = fakeSession();
    hardenSession(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      let granted: boolean | null = null;
      state.request!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(state.check!({}, permission), permission).toBe(false);
    }
    expect(state.device!({ deviceType: 'usb' })).toBe(false);
  });

  it('injects our CSP on every response, replacing any other', () => {
    const { session, state } = fakeSession();
    hardenSession(session);
    let out: Record<string, string[] | string> | undefined;
    state.headers!(
      { responseHeaders: { 'content-type': ['text/html'], 'content-security-policy': ["default-src *; script-src 'unsafe-inline'"] } },
      (r) => (out = r.responseHeaders),
    );
    expect(out).toEqual({ 'content-type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    state.headers!({}, (r) => (out = r.responseHeaders));
    expect(out).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('allows only the blob: downloads the app makes for exports', () => {
    const { session, state } = fakeSession();
    hardenSession(session);
    const download = (url: string) => {
      const e = new FakeEvent();
      state.download!(e, { getURL: () => url });
      return e.prevented;
    };
    expect(download('blob:file:///3f2a-…')).toBe(false);
    expect(download('https://evil.example/payload.exe')).toBe(true);
    expect(download('file:///etc/passwd')).toBe(true);
  });
});
