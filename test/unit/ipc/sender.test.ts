// The IPC sender check with fake IPC events: only our window's main frame, showing our
// page, may call commands. The Electron wrapper (src/main/electron/ipc.ts) runs every
// command through guardCommand, so this is the rule the app enforces.
import { describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../src/main/ipc/dispatch';
import { FORBIDDEN, guardCommand, isAppUrl, isTrustedSender, type SenderInfo } from '../../../src/main/ipc/sender';

const PROD = 'file:///opt/Course%20Studio/resources/app.asar/out/renderer/index.html';
const DEV = 'http://localhost:5173/';
const trusted = { webContentsId: 7, rendererUrl: PROD };

const sender = (over: Partial<SenderInfo> & { url?: string; isMainFrame?: boolean } = {}): SenderInfo => ({
  webContentsId: over.webContentsId ?? 7,
  frame: over.frame === null ? null : { url: over.url ?? `${PROD}#/queue?status=failed`, isMainFrame: over.isMainFrame ?? true },
});

describe('isTrustedSender', () => {
  it("accepts our window's main frame on our page, whatever the hash route", () => {
    expect(isTrustedSender(sender(), trusted)).toBe(true);
    expect(isTrustedSender(sender({ url: `${PROD}?x=1#/settings` }), trusted)).toBe(true);
  });

  it('refuses another window', () => {
    expect(isTrustedSender(sender({ webContentsId: 8 }), trusted)).toBe(false);
  });

  it('refuses a subframe of our window', () => {
    expect(isTrustedSender(sender({ isMainFrame: false }), trusted)).toBe(false);
  });

  it('refuses a frame that is gone (navigated or destroyed)', () => {
    expect(isTrustedSender(sender({ frame: null }), trusted)).toBe(false);
  });

  it('refuses our window showing any other page', () => {
    for (const url of [
      'https://evil.example/index.html',
      'file:///tmp/evil/index.html',
      'file:///opt/Course%20Studio/resources/app.asar/out/renderer/other.html',
      'about:blank',
      'data:text/html,<h1>hi</h1>',
      'not a url',
    ]) {
      expect(isTrustedSender(sender({ url }), trusted), url).toBe(false);
    }
  });

  it('refuses everything when there is no window', () => {
    expect(isTrustedSender(sender(), null)).toBe(false);
  });

  it('in development, trusts the dev server origin only', () => {
    expect(isAppUrl('http://localhost:5173/#/queue', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/other.html', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', DEV)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', DEV)).toBe(false);
  });
});

describe('guardCommand (the one IPC wrapper)', () => {
  type FakeEvent = { sender: { id: number }; senderFrame: { url: string; top: boolean } | null };
  const describeFake = (e: FakeEvent): SenderInfo => ({
    webContentsId: e.sender.id,
    frame: e.senderFrame ? { url: e.senderFrame.url, isMainFrame: e.senderFrame.top } : null,
  });

  function setup() {
    const dispatched: { name: unknown; input: unknown }[] = [];
    const readied: number[] = [];
    const dispatch: Dispatch = async (name, input, ctx) => {
      dispatched.push({ name, input });
      ctx?.onReady?.();
      return { ok: true, value: 'done' };
    };
    const guarded = guardCommand<FakeEvent>('app.ready', {
      dispatch,
      trusted: () => trusted,
      describe: describeFake,
      context: (e) => ({ onReady: () => readied.push(e.sender.id) }),
    });
    return { guarded, dispatched, readied };
  }

  it('passes our window through to dispatch, with its context', async () => {
    const { guarded, dispatched, readied } = setup();
    const result = await guarded({ sender: { id: 7 }, senderFrame: { url: PROD, top: true } }, { a: 1 });
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(dispatched).toEqual([{ name: 'app.ready', input: { a: 1 } }]);
    expect(readied).toEqual([7]);
  });

  it('answers forbidden to a foreign sender and never dispatches', async () => {
    const { guarded, dispatched } = setup();
    const foreign: FakeEvent[] = [
      { sender: { id: 99 }, senderFrame: { url: PROD, top: true } },
      { sender: { id: 7 }, senderFrame: { url: PROD, top: false } },
      { sender: { id: 7 }, senderFrame: { url: 'https://ads.example/frame.html', top: true } },
      { sender: { id: 7 }, senderFrame: null },
    ];
    for (const event of foreign) {
      const result = await guarded(event, {});
      expect(result).toEqual(FORBIDDEN);
      expect(!result.ok && result.error.code).toBe('forbidden');
    }
    expect(dispatched).toEqual([]);
  });

  it('answers forbidden when the event cannot even be read', async () => {
    const { guarded, dispatched } = setup();
    expect(await guarded({} as FakeEvent, {})).toEqual(FORBIDDEN);
    expect(dispatched).toEqual([]);
  });
});
