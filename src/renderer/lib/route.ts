// Hash routes with the query inside the hash (`#/queue?status=failed&q=react`), so a
// filter or a search is part of the address: it survives reloads and can be shared
// between windows. Pure functions; the hook that listens to `hashchange` is use-route.ts.

export interface Route {
  /** Path segments without empty parts: `#/courses/abc` → ['courses', 'abc']. */
  segments: string[];
  query: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#/, '');
  const q = body.indexOf('?');
  const path = q === -1 ? body : body.slice(0, q);
  const search = q === -1 ? '' : body.slice(q + 1);
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) query[key] = value;
  return { segments, query };
}

/** Builds `#/a/b?x=1`; empty query values are left out so URLs stay short. */
export function formatHash(segments: readonly string[], query: Record<string, string | undefined | null> = {}): string {
  const path = segments.map((s) => encodeURIComponent(s)).join('/');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, value);
  const search = params.toString();
  return `#/${path}${search ? `?${search}` : ''}`;
}
