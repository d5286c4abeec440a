// Serves the built renderer over HTTP the way the desktop window loads it: same files,
// same CSP (as a header), plus the bridge's meta tag and shim script injected at the end
// of <head>: a classic script, it still runs before the app's (deferred) module script, so
// `window.courseStudio` exists in time; placed after the app's own tags, it does not hold
// back the fetch of the bundle (Chromium waits for a CSP meta tag before preloading).
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security';
import { BRIDGE_META_NAME, SHIM_PATH } from './protocol';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

export function injectBridge(html: string, wsUrl: string): string {
  const tags = `<meta name="${BRIDGE_META_NAME}" content="${wsUrl.replace(/"/g, '&quot;')}"><script src="${SHIM_PATH}"></script>`;
  const end = html.search(/<\/head>/i);
  if (end < 0) throw new Error('The renderer index.html has no </head>.');
  return html.slice(0, end) + tags + html.slice(end);
}

export interface StaticOptions {
  rendererDir: string;
  shimFile: string;
  wsUrl: () => string;
}

export async function serveStatic(pathname: string, res: ServerResponse, options: StaticOptions): Promise<void> {
  const send = (status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };
  try {
    if (pathname === SHIM_PATH) return send(200, TYPES['.js']!, await readFile(options.shimFile));
    const relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    const root = resolve(options.rendererDir);
    const file = resolve(root, `.${relative}`);
    if (file !== root && !file.startsWith(root + sep)) return send(403, 'text/plain', 'forbidden');
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (extname(file) === '.html') return send(200, type, injectBridge(await readFile(file, 'utf8'), options.wsUrl()));
    return send(200, type, await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return send(404, 'text/plain', `not found: ${pathname}`);
    return send(500, 'text/plain', `bridge error: ${(error as Error).message}`);
  }
}
