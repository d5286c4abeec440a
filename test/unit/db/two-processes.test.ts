// The app and the CLI (or two CLI runs) on one database file, as real separate processes:
// opening a file another process is migrating waits and finds the work done; a file held
// locked too long is reported as in use, never as damaged, and is never offered for
// replacement; closing never waits out another process's lock.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createStartupFailureDispatch } from '../../../src/main/core/startup-failure';
import { DatabaseBusyError, canReplaceDatabase } from '../../../src/main/db/errors';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../../src/main/db/migrations';
import { Store } from '../../../src/main/db/store';

const HOLDER = fileURLToPath(new URL('./lock-holder.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** Starts lock-holder.ts and resolves once it holds the write lock. */
async function holdLock(file: string, mode: 'migrate' | 'lock', holdMs = 0): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, file, mode, String(holdMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('holding') && resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited early (${code})`)));
  });
  return child;
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
const freshFile = () => join(mkdtempSync(join(tmpdir(), 'cs-two-')), 'course-studio.db');

describe('two processes on one database file', () => {
  // The holder commits `holdMs` after it says so; this process opens at once, so its open
  // begins while the other's migration is still uncommitted.
  it('a new file another process is migrating: the open waits, then finds it migrated', async () => {
    const file = freshFile();
    const other = await holdLock(file, 'migrate', 400);
    const store = Store.open(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.courses.list()).toEqual([]);
    store.close();
    await exited(other);
  });

  it('an older file another process is upgrading: the open waits, then finds it upgraded', async () => {
    const file = freshFile();
    const old = new Database(file);
    migrate(old, MIGRATIONS.filter((m) => m.version <= 2));
    old.close();
    const other = await holdLock(file, 'migrate', 400);
    const store = Store.open(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.jobs.list({})).toEqual([]);
    store.close();
    await exited(other);
  });

  it('a file locked longer than the busy timeout is "in use", not damaged, and is not offered for replacement', async () => {
    const file = freshFile();
    Store.open(file).close();
    const other = await holdLock(file, 'lock');
    let error: unknown;
    try {
      Store.open(file, { busyTimeoutMs: 300 }).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DatabaseBusyError);
    expect((error as Error).message).toMatch(/is in use by another Course Studio process .* Nothing was changed\./);
    expect(canReplaceDatabase(error)).toBe(false);

    let replaced = 0;
    const dispatch = createStartupFailureDispatch(error, { version: 't', platform: 'linux', dataDir: '/d', secretStorage: 'os' }, () => {
      replaced++;
      return 'kept';
    });
    expect(await dispatch('app.info', undefined)).toMatchObject({ ok: true, value: { startupError: (error as Error).message, canStartNewDatabase: false } });
    expect(await dispatch('app.startNewDatabase', undefined)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(replaced).toBe(0);
    expect(existsSync(file)).toBe(true);
    other.stdin!.write('release\n');
    await exited(other);
    // Free again: it opens as usual.
    Store.open(file).close();
  });

  it('closing does not wait for (or fail on) another process holding the write lock', async () => {
    const file = freshFile();
    const store = Store.open(file);
    store.write(() => {
      for (let i = 0; i < 50; i++) store.courses.create({ topic: `Topic ${i}`, audience: 'a', level: 'beginner', projects: 3, language: 'English', notes: '' });
    });
    const other = await holdLock(file, 'lock');
    const started = performance.now();
    expect(() => store.close()).not.toThrow();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(store.db.open).toBe(false);
    other.stdin!.write('release\n');
    await exited(other);
  });
});
