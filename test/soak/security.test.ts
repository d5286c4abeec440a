// Part 8 of the reliability soak: fails if a window is created without the hardened
// webPreferences, a protection is switched off, an IPC handler is registered outside the
// contract's wrapper, the CSP is missing or drifts, or the API key leaks anywhere.
import { expect, it } from 'vitest';
import { startFakeAnthropic } from '../support/fake-anthropic';
import { keyLeaks } from '../../soak/parts/key-leaks';
import { staticSecurityChecks } from '../../soak/parts/security-settings';
import { compareCsp, scanSecurity } from '../../soak/lib/security-scan';

const failed = (o: { checks: { ok: boolean; name: string; detail: string }[] }) => o.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);

it('the source tree: every window hardened, no protection off, IPC only through the wrapper, CSP in place', () => {
  const result = staticSecurityChecks(process.cwd());
  expect(failed(result)).toEqual([]);
  // It really looked: the app creates its window somewhere in what was scanned.
  expect(result.figures.find(([label]) => label === 'windows / views created')?.[1]).toBeGreaterThanOrEqual(1);
});

it('the scan catches each kind of violation', () => {
  const good = `import { webPreferences } from './security';\nconst w = new BrowserWindow({ width: 1, webPreferences: webPreferences(p) });`;
  expect(scanSecurity([{ path: 'src/main/index.ts', text: good }])).toEqual([]);
  const bad = [
    `const w = new BrowserWindow({ webPreferences: { preload: p } });`,
    `import { webPreferences } from './security';\nnew BrowserWindow({ webPreferences: { ...webPreferences(p), sandbox: false } });`,
    `import { webPreferences } from './security';\nnew BrowserWindow({ webPreferences: webPreferences(p), x: { nodeIntegration: true } });`,
    `const v = new WebContentsView({});`,
    `ipcMain.handle('x', () => 1);`,
    `ipcMain.on('x', () => 1);`,
    `contextBridge.exposeInMainWorld('electron', ipcRenderer);`,
    `webPreferences: { contextIsolation: false }`,
  ];
  for (const text of bad) expect(scanSecurity([{ path: 'src/main/other.ts', text }]), text).not.toEqual([]);
  const csp = "default-src 'none'; script-src 'self'; frame-ancestors 'none'";
  expect(compareCsp(null, csp)).not.toEqual([]);
  expect(compareCsp("default-src 'none'; script-src 'self' 'unsafe-inline'", csp)).not.toEqual([]);
  expect(compareCsp("default-src 'none'; script-src 'self'", csp)).toEqual([]);
});

it('the API key never reaches the renderer, the logs or the database file', async () => {
  const fake = await startFakeAnthropic({ latencyMs: 5 });
  try {
    expect(failed(await keyLeaks(fake))).toEqual([]);
  } finally {
    await fake.close();
  }
}, 30_000);
