#!/usr/bin/env node
// Runs the end-to-end tests: makes sure Debian's Chromium is there (scripts/ensure-chromium.sh
// installs it with apt when missing and run as root; Playwright's own browsers are never
// downloaded), builds the renderer and the bridge shim for the browser, builds the
// Electron app only when an Electron binary exists (for the smoke test), then runs
// `playwright test` with any extra arguments passed through.
//   node scripts/e2e.mjs [--skip-build] [playwright args…]
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Every process below (Playwright's runner and workers, a bridge per test) imports
// supabase-js, which warns about Node 20 in each: the notice is printed here once instead.
const quietNode20 = `--import=${pathToFileURL(join(root, 'scripts/quiet-supabase-node20.mjs')).href}`;
const env = {
  ...process.env,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  NODE_OPTIONS: [process.env.NODE_OPTIONS, quietNode20].filter(Boolean).join(' '),
};

function fail(message) {
  console.error(`\ne2e: ${message}\n`);
  process.exit(1);
}

function run(command, args, what) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) fail(`${what} could not start: ${result.error.message}`);
  if (result.status !== 0) return result.status ?? 1;
  console.log(`e2e: ${what} done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return 0;
}

if (process.platform === 'linux' && existsSync(join(root, 'scripts/ensure-chromium.sh'))) {
  spawnSync('bash', [join(root, 'scripts/ensure-chromium.sh')], { cwd: root, stdio: 'inherit' });
}
try {
  accessSync(chromium, constants.X_OK);
} catch {
  fail(
    `Chromium was not found at ${chromium} (or is not executable).\n` +
      `Install Debian's package:  apt-get update && apt-get install -y chromium\n` +
      `(Playwright's own browsers are never downloaded for these tests; set CHROMIUM_PATH to use another binary.)`,
  );
}

/** The Electron binary, if `npm install` could download it (it cannot in every environment). */
function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  try {
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    return null;
  }
}

const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build');
const playwrightArgs = args.filter((a) => a !== '--skip-build');

if (!skipBuild) {
  if (run(process.execPath, ['--import', 'tsx', 'test/support/bridge/build.ts'], 'renderer + bridge shim build') !== 0) {
    fail('building the renderer for the browser failed (see above).');
  }
  if (electronBinary()) {
    if (run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], 'Electron app build') !== 0) {
      fail('electron-vite build failed (see above).');
    }
  } else {
    console.log('e2e: no Electron binary in node_modules/electron; the Electron smoke test will report itself skipped.');
  }
}

if (Number(process.versions.node.split('.')[0]) <= 20) {
  console.log('e2e: note: @supabase/supabase-js says Node.js 20 and below are deprecated (Node 22 or later will be needed); shown once here, not by each test process.');
}
process.exit(run(process.execPath, [join(root, 'node_modules/@playwright/test/cli.js'), 'test', ...playwrightArgs], 'playwright test'));
