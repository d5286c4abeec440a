// A static guard over the source tree: the hardening in src/main/security.ts only helps if
// every window uses it and nothing goes around it. Works on {path, text} pairs so its own
// tests can show it catching a violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

export function readSources(root: string, dirs: string[], exts = ['.ts', '.tsx', '.html']): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (exts.some((e) => name.endsWith(e))) out.push({ path: relative(root, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out;
}

/** The text of a call starting at `open` (the index of its opening parenthesis), up to the matching one. */
function callText(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

const line = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Settings that switch a protection off, wherever they are written. */
const WEAKENING = [
  /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/,
  /contextIsolation\s*:\s*false/,
  /sandbox\s*:\s*false/,
  /webSecurity\s*:\s*false/,
  /allowRunningInsecureContent\s*:\s*true/,
  /webviewTag\s*:\s*true/,
  /experimentalFeatures\s*:\s*true/,
  /enableRemoteModule\s*:\s*true/,
];

export const IPC_WRAPPER_FILE = 'src/main/electron/ipc.ts';

/** Every problem found, as "file:line: what"; empty when the tree is sound. */
export function scanSecurity(files: SourceFile[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (!/\.(ts|tsx)$/.test(file.path)) continue;
    const code = file.text;
    // Windows and embedded views: their preferences must come from security.ts's webPreferences().
    for (const m of code.matchAll(/new\s+(BrowserWindow|BrowserView|WebContentsView)\s*\(/g)) {
      const call = callText(code, m.index! + m[0].length - 1);
      const importsIt = /import\s*\{[^}]*\bwebPreferences\b[^}]*\}\s*from\s*['"](\.{1,2}\/)+security['"]/.test(code);
      if (!/webPreferences\s*:\s*webPreferences\s*\(/.test(call) || !importsIt) {
        problems.push(`${file.path}:${line(code, m.index!)}: new ${m[1]}() does not take webPreferences: webPreferences(…) from src/main/security.ts`);
      }
      if (/webPreferences\s*:\s*\{/.test(call) || /\.\.\.\s*webPreferences\s*\(/.test(call)) {
        problems.push(`${file.path}:${line(code, m.index!)}: new ${m[1]}() writes its own webPreferences`);
      }
    }
    for (const re of WEAKENING) {
      for (const m of code.matchAll(new RegExp(re, 'g'))) problems.push(`${file.path}:${line(code, m.index!)}: ${m[0]}`);
    }
    // IPC: handlers only through the one wrapper that checks the sender and parses input.
    for (const m of code.matchAll(/\bipcMain\s*\.\s*(handle|handleOnce|on|once|addListener|prependListener)\s*\(/g)) {
      if (file.path !== IPC_WRAPPER_FILE) problems.push(`${file.path}:${line(code, m.index!)}: ipcMain.${m[1]} outside ${IPC_WRAPPER_FILE}`);
    }
    if (file.path === IPC_WRAPPER_FILE) {
      const handles = [...code.matchAll(/\bipcMain\s*\.\s*handle\s*\(/g)].length;
      const listeners = [...code.matchAll(/\bipcMain\s*\.\s*(on|once|addListener|handleOnce)\s*\(/g)].length;
      if (handles !== 1 || listeners !== 0) problems.push(`${file.path}: expected exactly one ipcMain.handle (the wrapper) and no listeners, found ${handles} and ${listeners}`);
    }
    if (/\bipcRenderer\b/.test(code) && !file.path.startsWith('src/preload/')) problems.push(`${file.path}: ipcRenderer used outside the preload`);
    for (const m of code.matchAll(/exposeInMainWorld\s*\(\s*['"]([^'"]+)['"]/g)) {
      if (m[1] !== 'courseStudio') problems.push(`${file.path}:${line(code, m.index!)}: exposes "${m[1]}" to the page`);
    }
  }
  return problems;
}

/** Directive name → its source list, from a CSP string. */
export function parseCsp(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values.join(' ')]),
  );
}

/** The CSP of an HTML page's meta tag, or null. */
export function metaCsp(html: string): string | null {
  const tag = /<meta[^>]+http-equiv=["']Content-Security-Policy["'](?:[^>"']|"[^"]*"|'[^']*')*>/i.exec(html)?.[0];
  return tag ? (/content=(["'])([\s\S]*?)\1/i.exec(tag)?.[2] ?? null) : null;
}

/** Problems with the page's CSP compared with the one main sends (frame-ancestors cannot live in a meta tag). */
export function compareCsp(meta: string | null, header: string): string[] {
  if (meta === null) return ['the renderer page has no Content-Security-Policy meta tag'];
  const m = parseCsp(meta);
  const h = parseCsp(header);
  const problems: string[] = [];
  for (const [name, value] of h) {
    if (name === 'frame-ancestors') continue;
    if (m.get(name) !== value) problems.push(`meta ${name} is "${m.get(name) ?? '(missing)'}", main sends "${value}"`);
  }
  for (const name of m.keys()) if (!h.has(name)) problems.push(`meta has ${name}, which main does not send`);
  const scripts = h.get('script-src') ?? h.get('default-src') ?? '';
  if (/unsafe-inline|unsafe-eval|\*|https?:/.test(scripts)) problems.push(`script-src allows more than the app's own files: ${scripts}`);
  return problems;
}
