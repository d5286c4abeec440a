// `npm start` and `npm run dev` run this first. Electron's binary is not in the npm package:
// node_modules/electron/install.js downloads it into dist/ and writes path.txt. Until that has
// run (Electron 45 does not run it on `npm ci`; a cleaned or cut-off download), electron-vite
// stops with a bare "Electron uninstall"; this says what is missing and which command fetches it.
// The detection follows electron-vite's (ELECTRON_EXEC_PATH, else path.txt → dist/<path>)
// and the electron package's own index.js (ELECTRON_OVERRIDE_DIST_PATH, the file's presence).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where Electron's executable should be and whether it is there.
 * @param {string} electronDir the electron package's folder (node_modules/electron)
 * @param {Record<string, string | undefined>} env
 * @returns {{ ok: true, executable: string } | { ok: false, reason: string, electronDir: string }}
 */
export function electronBinaryStatus(electronDir, env = process.env) {
  const execPath = env['ELECTRON_EXEC_PATH'];
  if (execPath) {
    return existsSync(execPath)
      ? { ok: true, executable: execPath }
      : { ok: false, reason: `ELECTRON_EXEC_PATH names ${execPath}, which does not exist`, electronDir };
  }
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      ok: false,
      // Electron 45's package has no install script: npm ci never fetches the binary, and
      // electron-vite will not run the package's own download-on-first-launch.
      reason: `${pathFile} is missing: Electron's binary has not been downloaded yet`,
      electronDir,
    };
  }
  const name = readFileSync(pathFile, 'utf8').trim();
  const overrideDist = env['ELECTRON_OVERRIDE_DIST_PATH'];
  const executable = overrideDist ? join(overrideDist, name) : join(electronDir, 'dist', name);
  if (!existsSync(executable)) {
    return { ok: false, reason: `${executable} is missing: the download was cut off or the folder was cleaned`, electronDir };
  }
  return { ok: true, executable };
}

/**
 * What to tell a person whose Electron binary is missing.
 * @param {{ reason: string, electronDir: string }} status
 * @param {string} cwd the folder the command is typed in
 */
export function missingBinaryMessage(status, cwd = process.cwd()) {
  const installer = relative(cwd, join(status.electronDir, 'install.js')) || 'install.js';
  let version = '';
  try {
    version = ` ${JSON.parse(readFileSync(join(status.electronDir, 'package.json'), 'utf8')).version}`;
  } catch {
    // The version only makes the message more precise.
  }
  return [
    `Electron's binary is not installed, so the app cannot start.`,
    `  ${status.reason}.`,
    ``,
    `Fetch it with:`,
    ``,
    `  node ${installer}`,
    ``,
    `This downloads Electron${version} from Electron's release host (GitHub), so it needs network`,
    `access (set ELECTRON_MIRROR to use a mirror). Then run the command again.`,
    `The tests (npm test) do not need it.`,
  ].join('\n');
}

function main() {
  // The project's own node_modules/electron as typed (a symlinked node_modules would resolve
  // to its target, and the command shown should be the one to type here).
  const local = join(dirname(dirname(fileURLToPath(import.meta.url))), 'node_modules', 'electron');
  let electronDir = local;
  if (!existsSync(join(local, 'package.json'))) {
    try {
      electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    } catch {
      console.error('The electron package is not installed: run `npm ci` first.');
      process.exit(1);
    }
  }
  const status = electronBinaryStatus(electronDir);
  if (!status.ok) {
    console.error(missingBinaryMessage(status));
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
