// The bridge's equivalent of ipc.ts's sender check. A WebSocket upgrade is accepted only
// when (1) its Origin is the bridge's own origin — browsers set Origin themselves, so a
// page on another site cannot pass — and (2) its URL carries the page token, which only
// the index.html this bridge served contains. Anything else gets 403 before any command.
import { timingSafeEqual } from 'node:crypto';

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function isTrustedUpgrade(request: { url?: string; headers: { origin?: string } }, expected: { origin: string; path: string; token: string }): boolean {
  let url: URL;
  try {
    url = new URL(request.url ?? '', expected.origin);
  } catch {
    return false;
  }
  if (url.pathname !== expected.path) return false;
  if (request.headers.origin !== expected.origin) return false;
  return tokensEqual(url.searchParams.get('token') ?? '', expected.token);
}
