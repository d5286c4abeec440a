// Builds what the bridge serves: the renderer (the app's own Vite config, into its own
// folder so an Electron build is never overwritten) and the shim (one IIFE script).
// Run as `tsx test/support/bridge/build.ts [--shim-only]`; scripts/e2e.mjs does.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'vite';
import { rendererConfig } from '../../../electron.vite.config';
import { COMMAND_NAMES, EVENT_NAMES, listenerName, methodName } from '../../../src/shared/ipc-contract';

const repo = resolve(import.meta.dirname, '../../..');

export const BRIDGE_OUT = resolve(repo, 'out/bridge');
export const RENDERER_OUT = resolve(BRIDGE_OUT, 'renderer');
export const SHIM_OUT = resolve(BRIDGE_OUT, 'shim.js');

const CONTRACT_NAMES_ID = '\0bridge-shim:contract-names';

/**
 * The shim's copy of the contract holds only what buildApi reads from it — the command and
 * event names and their method names, computed here from the real contract. The contract
 * module itself would bring every command's zod schema and zod (the shim was 890 KB, now
 * 17 KB), which the page downloaded and evaluated before it even asked for its own bundle.
 */
const contractNamesOnly: Plugin = {
  name: 'bridge-shim:contract-names',
  enforce: 'pre',
  resolveId: (source) => (/\/shared\/ipc-contract(\.ts)?$/.test(source) ? CONTRACT_NAMES_ID : null),
  load(id) {
    if (id !== CONTRACT_NAMES_ID) return null;
    const methods = Object.fromEntries(COMMAND_NAMES.map((name) => [name, methodName(name)]));
    const listeners = Object.fromEntries(EVENT_NAMES.map((name) => [name, listenerName(name)]));
    return [
      `export const COMMAND_NAMES = ${JSON.stringify(COMMAND_NAMES)};`,
      `export const EVENT_NAMES = ${JSON.stringify(EVENT_NAMES)};`,
      `const methods = ${JSON.stringify(methods)};`,
      `const listeners = ${JSON.stringify(listeners)};`,
      'export const methodName = (name) => methods[name];',
      'export const listenerName = (name) => listeners[name];',
    ].join('\n');
  },
};

export async function buildShim(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [contractNamesOnly],
    build: {
      outDir: BRIDGE_OUT,
      emptyOutDir: false,
      minify: false,
      sourcemap: 'inline',
      lib: {
        entry: resolve(import.meta.dirname, 'shim.ts'),
        formats: ['iife'],
        name: 'CourseStudioBridgeShim',
        fileName: () => 'shim.js',
      },
    },
  });
  return SHIM_OUT;
}

export async function buildRenderer(): Promise<string> {
  await build({ ...rendererConfig(RENDERER_OUT), configFile: false, logLevel: 'warn', mode: 'production' });
  return RENDERER_OUT;
}

export function bridgeAssetsExist(): boolean {
  return existsSync(resolve(RENDERER_OUT, 'index.html')) && existsSync(SHIM_OUT);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const shimOnly = process.argv.includes('--shim-only');
  const started = Date.now();
  if (!shimOnly) await buildRenderer();
  await buildShim();
  console.log(`bridge assets built in ${((Date.now() - started) / 1000).toFixed(1)}s: ${shimOnly ? '' : `${RENDERER_OUT}, `}${SHIM_OUT}`);
}
