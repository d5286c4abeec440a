// `npm start` without Electron's binary: the check run before electron-vite, against temp
// folders laid out like node_modules/electron with and without the binary.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinaryStatus, missingBinaryMessage } from '../../../scripts/electron-binary.mjs';
import { useTempFolders } from '../../support/temp-folders';

const SCRIPT = join(import.meta.dirname, '../../../scripts/electron-binary.mjs');
const tempFolder = useTempFolders('electron-binary-');

/** A project folder whose node_modules/electron is what `npm ci --ignore-scripts` leaves. */
function projectWithoutBinary(): { root: string; electronDir: string } {
  const root = tempFolder();
  const electronDir = join(root, 'node_modules', 'electron');
  mkdirSync(electronDir, { recursive: true });
  writeFileSync(join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1', main: 'index.js' }));
  writeFileSync(join(electronDir, 'index.js'), 'throw new Error("never loaded by the check");\n');
  writeFileSync(join(electronDir, 'install.js'), '');
  return { root, electronDir };
}

function installBinary(electronDir: string): string {
  mkdirSync(join(electronDir, 'dist'));
  writeFileSync(join(electronDir, 'path.txt'), 'electron');
  const executable = join(electronDir, 'dist', 'electron');
  writeFileSync(executable, '');
  return executable;
}

describe('electronBinaryStatus', () => {
  it('reports a package whose install step never ran (no path.txt)', () => {
    const { electronDir } = projectWithoutBinary();
    const status = electronBinaryStatus(electronDir, {});
    expect(status.ok).toBe(false);
    expect(!status.ok && status.reason).toContain('path.txt is missing');
  });

  it('reports path.txt naming an executable that is not in dist/', () => {
    const { electronDir } = projectWithoutBinary();
    writeFileSync(join(electronDir, 'path.txt'), 'electron');
    const status = electronBinaryStatus(electronDir, {});
    expect(status.ok).toBe(false);
    expect(!status.ok && status.reason).toContain(join(electronDir, 'dist', 'electron'));
  });

  it('finds the installed binary, and honours the overrides electron and electron-vite honour', () => {
    const { root, electronDir } = projectWithoutBinary();
    const executable = installBinary(electronDir);
    expect(electronBinaryStatus(electronDir, {})).toEqual({ ok: true, executable });

    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    expect(electronBinaryStatus(electronDir, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere }).ok).toBe(false);
    writeFileSync(join(elsewhere, 'electron'), '');
    expect(electronBinaryStatus(electronDir, { ELECTRON_OVERRIDE_DIST_PATH: elsewhere })).toEqual({ ok: true, executable: join(elsewhere, 'electron') });

    expect(electronBinaryStatus(electronDir, { ELECTRON_EXEC_PATH: join(root, 'nope') }).ok).toBe(false);
    expect(electronBinaryStatus(electronDir, { ELECTRON_EXEC_PATH: executable })).toEqual({ ok: true, executable });
  });
});

describe('missingBinaryMessage', () => {
  it('names the install command relative to where it is typed, and says it needs the network', () => {
    const { root, electronDir } = projectWithoutBinary();
    const message = missingBinaryMessage({ reason: 'path.txt is missing', electronDir }, root);
    expect(message).toContain('\n  node node_modules/electron/install.js\n');
    expect(message).toContain('Electron 45.4.1');
    expect(message).toMatch(/needs network/);
  });
});

describe('scripts/electron-binary.mjs as npm start runs it', () => {
  function run(root: string) {
    mkdirSync(join(root, 'scripts'), { recursive: true });
    copyFileSync(SCRIPT, join(root, 'scripts', 'electron-binary.mjs'));
    const env = { ...process.env };
    delete env['ELECTRON_EXEC_PATH'];
    delete env['ELECTRON_OVERRIDE_DIST_PATH'];
    return spawnSync(process.execPath, ['scripts/electron-binary.mjs'], { cwd: root, env, encoding: 'utf8' });
  }

  it('stops with the command to type when the binary is missing, and passes once it is there', () => {
    const { root, electronDir } = projectWithoutBinary();
    const missing = run(root);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('node node_modules/electron/install.js');
    expect(missing.stderr).not.toContain('Electron uninstall');

    installBinary(electronDir);
    const present = run(root);
    expect(present.status).toBe(0);
    expect(present.stderr).toBe('');
  });
});
