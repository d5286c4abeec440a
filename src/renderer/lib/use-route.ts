// Subscribes components to the hash route. Navigation replaces the history entry for
// filter changes (typing in a search box should not fill the back button) and pushes it
// for page changes.
import { useSyncExternalStore } from 'react';
import { formatHash, parseHash, type Route } from './route';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = () => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return parseRouteCached(hash);
}

let cachedHash: string | null = null;
let cachedRoute: Route = { segments: [], query: {} };
function parseRouteCached(hash: string): Route {
  if (hash !== cachedHash) {
    cachedHash = hash;
    cachedRoute = parseHash(hash);
  }
  return cachedRoute;
}

export function navigate(segments: readonly string[], query: Record<string, string | undefined | null> = {}, options: { replace?: boolean } = {}): void {
  const hash = formatHash(segments, query);
  if (hash === window.location.hash) return;
  if (options.replace) {
    const url = new URL(window.location.href);
    url.hash = hash;
    window.history.replaceState(null, '', url.href);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

export function hrefFor(segments: readonly string[], query: Record<string, string | undefined | null> = {}): string {
  return formatHash(segments, query);
}
