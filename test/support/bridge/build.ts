// Builds what the bridge serves: the renderer (the app's own Vite config, into its own
// folder so an Electron build is never overwritten) and the shim (one IIFE script).
// Run as `tsx test/support/bridge/build.ts [--shim-only]`; scripts/e2e.mjs does.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { rendererConfig } from '../../../electron.vite.config';
import { BRIDGE_OUT, RENDERER_OUT, SHIM_OUT } from './paths';

export { BRIDGE_OUT, RENDERER_OUT, SHIM_OUT };

export async function buildShim(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
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
