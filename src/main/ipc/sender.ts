// Who may call commands: only the main frame of our own window, showing our own page.
// Pure functions over plain values (the Electron wrapper extracts them from the IPC
// event), so the rule is unit-tested without Electron. A subframe, another window, or our
// window after it somehow navigated elsewhere all get `forbidden`.
import type { CommandName, CommandResult } from '../../shared/ipc-contract';
import type { CallContext, Dispatch } from './dispatch';

export interface SenderInfo {
  webContentsId: number;
  /** The frame that sent the message; null when it has already gone (navigated, destroyed). */
  frame: { url: string; isMainFrame: boolean } | null;
}

export interface TrustedWindow {
  webContentsId: number;
  /** The URL the window loads: file:///…/index.html in a build, the dev server's URL in development. */
  rendererUrl: string;
}

/** Same page: for file: URLs the same file; for http(s) (the dev server) the same origin. */
export function isAppUrl(url: string, rendererUrl: string): boolean {
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(url);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (actual.protocol !== expected.protocol) return false;
  if (expected.protocol === 'file:') return actual.host === expected.host && decodeURIComponent(actual.pathname) === decodeURIComponent(expected.pathname);
  if (expected.protocol === 'http:' || expected.protocol === 'https:') return actual.origin === expected.origin;
  return false;
}

export function isTrustedSender(sender: SenderInfo, trusted: TrustedWindow | null): boolean {
  if (!trusted || sender.webContentsId !== trusted.webContentsId) return false;
  if (!sender.frame || !sender.frame.isMainFrame) return false;
  return isAppUrl(sender.frame.url, trusted.rendererUrl);
}

export const FORBIDDEN: CommandResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This window is not allowed to call Course Studio.' },
};

/** The one wrapper every IPC command goes through: sender check, then dispatch. */
export function guardCommand<E>(
  command: CommandName,
  deps: {
    dispatch: Dispatch;
    trusted: () => TrustedWindow | null;
    describe: (event: E) => SenderInfo;
    context: (event: E) => CallContext;
  },
) {
  return async (event: E, input: unknown): Promise<CommandResult<unknown>> => {
    let sender: SenderInfo;
    try {
      sender = deps.describe(event);
    } catch {
      return FORBIDDEN;
    }
    if (!isTrustedSender(sender, deps.trusted())) return FORBIDDEN;
    return deps.dispatch(command, input, deps.context(event));
  };
}
