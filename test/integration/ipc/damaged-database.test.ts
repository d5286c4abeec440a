// The app core on a database that is damaged, read-only or someone else's: every command
// says so in words a person can act on, nothing in the file changes, and starting over on
// a new database is offered only when the file's content is the problem.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, createAppCore } from '../../../src/main/app-core';
import { setAsideDatabase } from '../../../src/main/core/database-file';
import { createStartupFailureDispatch } from '../../../src/main/core/startup-failure';
import { DatabaseDamagedError } from '../../../src/main/db/errors';
import { Store } from '../../../src/main/db/store';
import { createMemorySecretStore } from '../../../src/main/secrets';
import { canMakeReadOnly, damageCoursesTable, makeReadOnly } from '../../support/broken-files';
import { seedApprovedCourse } from '../../support/engine';
import { startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
const undo: (() => void)[] = [];
afterEach(async () => {
  await h?.close();
  h = null;
  for (const fn of undo.splice(0).reverse()) fn();
});

function seededDataDir(): { dataDir: string; file: string; jobId: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-damaged-'));
  const file = join(dataDir, DATABASE_FILE);
  const store = Store.open(file);
  for (let i = 0; i < 200; i++) seedApprovedCourse(store, `Course ${i}`, 3, 2);
  const jobId = store.write(() => store.jobs.enqueue(seedApprovedCourse(store, 'Queued'))).id;
  store.close();
  return { dataDir, file, jobId };
}

describe('a damaged database found in use', () => {
  it('commands say it is damaged, the queue stops, and a new database can be started with the old file kept', async () => {
    const { dataDir, file } = seededDataDir();
    damageCoursesTable(file);
    const before = readFileSync(file);
    const kept: string[] = [];
    h = await startHarness({
      core: {
        dataDir,
        // Nothing legitimately writes (no job runs), so the kept file must equal the damaged one byte for byte.
        start: false,
        replaceDatabase: () => {
          // The core is disposed by now: the file is closed before it is renamed.
          expect(h!.core.store.db.open).toBe(false);
          kept.push(setAsideDatabase(dataDir, DATABASE_FILE));
          return kept[0]!;
        },
      },
    });
    expect(await h.call('app.info')).toMatchObject({ startupError: null, canStartNewDatabase: false });
    expect(await h.dispatch('app.startNewDatabase')).toMatchObject({ ok: false, error: { code: 'conflict', message: /opened normally/ } });

    const damaged =
      `The database ${file} is damaged (database disk image is malformed). Course Studio has stopped writing to it, so nothing more is changed in it. ` +
      'Restore it from a backup, or reload the window to start a new database (the damaged file is kept under a new name).';
    expect(await h.dispatch('courses.list')).toEqual({ ok: false, error: { code: 'failed', message: damaged } });
    // A reloaded window asks app.info first, and shows the way out.
    expect(await h.call('app.info')).toMatchObject({ startupError: damaged, canStartNewDatabase: true });
    // The runner claims nothing more from the file and the queue says why.
    expect((await h.call('jobs.snapshot')).queue.waitingReason).toBe(damaged);

    const { keptAs } = await h.call('app.startNewDatabase');
    expect(keptAs).toBe(kept[0]);
    expect(keptAs).toMatch(new RegExp(`^${dataDir}/course-studio\\.unreadable-.*\\.db$`));
    expect(readFileSync(keptAs).equals(before)).toBe(true);
    expect(readdirSync(dataDir)).not.toContain(DATABASE_FILE);
  });

  it('is remembered after a restart: start-up refuses the file and offers a new database, which opens clean', async () => {
    const { dataDir, file } = seededDataDir();
    damageCoursesTable(file);
    h = await startHarness({ core: { dataDir, start: false } });
    expect(await h.dispatch('courses.list')).toMatchObject({ ok: false, error: { message: /is damaged/ } });
    await h.close();
    h = null;
    const before = readFileSync(file);

    // Quit and start again: no query reaches the bad page, the check at open finds it.
    const start = () => createAppCore({ dataDir, secrets: createMemorySecretStore('sk-ant-x', 'plaintext'), env: {}, start: false });
    let error: unknown;
    try {
      start();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DatabaseDamagedError);
    const dispatch = createStartupFailureDispatch(error, { version: 't', platform: 'linux', dataDir, secretStorage: 'plaintext' }, () =>
      setAsideDatabase(dataDir, DATABASE_FILE),
    );
    expect(await dispatch('app.info', undefined)).toMatchObject({
      ok: true,
      value: { startupError: expect.stringMatching(/is damaged .* a check of the whole file finds it still there/), canStartNewDatabase: true },
    });
    const started = await dispatch('app.startNewDatabase', undefined);
    if (!started.ok) throw new Error(started.error.message);
    const { keptAs } = started.value as { keptAs: string };
    expect(readFileSync(keptAs).equals(before)).toBe(true);
    // The note stays with the damaged file, so opening that one (with the CLI, say) still checks it.
    expect(existsSync(`${keptAs}.damaged`)).toBe(true);
    expect(() => Store.open(keptAs)).toThrow(DatabaseDamagedError);
    expect(readFileSync(keptAs).equals(before)).toBe(true);

    const fresh = start();
    expect(fresh.store.courses.list()).toEqual([]);
    expect(fresh.store.damage).toBeNull();
    await fresh.dispose();
  });
});

describe.skipIf(!canMakeReadOnly)('a read-only database', () => {
  it('is refused at start-up with what to do, and is never offered for replacement', async () => {
    const { dataDir, file } = seededDataDir();
    undo.push(makeReadOnly(file));
    const before = readFileSync(file);
    let error: unknown;
    try {
      createAppCore({ dataDir, secrets: createMemorySecretStore('sk-ant-x', 'plaintext'), env: {} });
    } catch (caught) {
      error = caught;
    }
    expect((error as Error).message).toMatch(/can be read but not written: the file or its folder .* is read-only\. Nothing was changed\. Make both writable/);

    let replaced = 0;
    const dispatch = createStartupFailureDispatch(error, { version: 't', platform: 'linux', dataDir, secretStorage: 'plaintext' }, () => {
      replaced++;
      return 'kept';
    });
    expect(await dispatch('app.info', undefined)).toMatchObject({ ok: true, value: { startupError: (error as Error).message, canStartNewDatabase: false } });
    expect(await dispatch('app.startNewDatabase', undefined)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(replaced).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
