// Builds the three parts of the app into out/: main (ESM, dependencies left in
// node_modules — better-sqlite3 is native), the preload (ONE CommonJS file with
// everything inlined: a sandboxed preload cannot require anything but a few Electron
// modules), and the renderer. The browser test bridge builds the same renderer config.
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin, UserConfig } from 'vite';

const root = import.meta.dirname;

/**
 * The dev server only: drops the CSP meta tag, which would block React Fast Refresh's
 * inline script (main then sends DEV_SERVER_CONTENT_SECURITY_POLICY as a header instead).
 * Builds keep the strict meta tag.
 */
const devServerCsp: Plugin = {
  name: 'course-studio:dev-server-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/\s*<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

/** The renderer's Vite config, shared with the browser bridge build (test/support/bridge/build.ts). */
export function rendererConfig(outDir = resolve(root, 'out/renderer')) {
  return {
    root: resolve(root, 'src/renderer'),
    // Relative asset URLs: the window loads index.html from file://, the bridge from http://.
    base: './',
    plugins: [react(), devServerCsp],
    build: {
      outDir,
      emptyOutDir: true,
      // No inline data: scripts or eval anywhere, so the CSP can stay script-src 'self'.
      assetsInlineLimit: 0,
      rollupOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
  } satisfies UserConfig;
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The workers are their own entries: a Worker loads a file, not a module of index.js.
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          'export-worker': resolve(root, 'src/main/export/package-worker.ts'),
          'sources-worker': resolve(root, 'src/main/sources/extract-worker.ts'),
          'insights-worker': resolve(root, 'src/main/insights/insights-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: rendererConfig(),
});
