// Part 5b, a database the app must not touch: damaged in several ways, or written by a
// newer version. The store must refuse it with DatabaseCorruptError / DatabaseTooNewError
// naming the file, leave its bytes exactly as they were, and the desktop core must answer
// every command with that reason instead of crashing — and offer to start a new database,
// setting the old file aside (renamed, never overwritten).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, DATABASE_FILE } from '../../src/main/app-core';
import { setAsideDatabase } from '../../src/main/core/database-file';
import { createStartupFailureDispatch } from '../../src/main/core/startup-failure';
import { DatabaseCorruptError, DatabaseTooNewError } from '../../src/main/db/errors';
import { SCHEMA_VERSION } from '../../src/main/db/migrations';
import { Store } from '../../src/main/db/store';
import { createMemorySecretStore } from '../../src/main/secrets';
import { mulberry32, seedBatch } from '../lib/batch';
import { fileSha256 } from '../lib/db-audit';
import { check, type Check, type Figure } from '../lib/report';

interface Damage {
  name: string;
  expected: 'corrupt' | 'too-new';
  make(file: string): void;
}

/** A real, checkpointed store file with a batch in it (about 40 pages). */
function makeHealthyFile(file: string): void {
  const store = Store.open(file);
  seedBatch(store, { courses: 12, projects: [4, 6], lessons: [3, 4], seed: 2 }, 'Damaged');
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
}

/** The middle one of the pages holding `table` (SQLite's dbstat, numbered from 1). */
function middlePageOf(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const pages = db.prepare<[string], { pageno: number }>('SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno').all(table);
    if (pages.length === 0) throw new Error(`no pages of ${table} in ${file}`);
    return pages[Math.floor(pages.length / 2)]!.pageno;
  } finally {
    db.close();
  }
}

function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

const noise = (n: number, seed: number) => {
  const random = mulberry32(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
};

export const DAMAGES: Damage[] = [
  { name: 'not a database (random bytes)', expected: 'corrupt', make: (f) => writeFileSync(f, noise(64 * 1024, 1)) },
  { name: 'a text file', expected: 'corrupt', make: (f) => writeFileSync(f, 'topic,audience\nGardening,adults\n') },
  { name: 'header overwritten', expected: 'corrupt', make: (f) => (makeHealthyFile(f), overwrite(f, 0, noise(100, 2))) },
  { name: 'truncated to half', expected: 'corrupt', make: (f) => (makeHealthyFile(f), truncateSync(f, Math.floor(statSync(f).size / 2))) },
  {
    name: 'pages in the middle overwritten',
    expected: 'corrupt',
    make: (f) => {
      makeHealthyFile(f);
      // Pages the first screen reads (the courses'), wherever this schema puts them:
      // the file's plain middle moves with every migration and may hold an index no read touches.
      const page = middlePageOf(f, 'courses');
      overwrite(f, (page - 1) * 4096, noise(3 * 4096, 3));
    },
  },
  {
    name: 'written by a newer version',
    expected: 'too-new',
    make: (f) => {
      makeHealthyFile(f);
      const store = Store.open(f);
      store.db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      store.db.pragma('wal_checkpoint(TRUNCATE)');
      store.close();
      rmSync(`${f}-wal`, { force: true });
      rmSync(`${f}-shm`, { force: true });
    },
  },
];

/** Opens the file as the app would, and reads everything a first screen reads. Returns the error, if any. */
function openAndRead(file: string): unknown {
  let store: Store | null = null;
  try {
    store = Store.open(file);
    store.courses.list();
    for (const job of store.jobs.list()) store.courses.tree(job.courseId);
    return null;
  } catch (error) {
    return error;
  } finally {
    try {
      store?.close();
    } catch {
      // A damaged file may fail on close too (optimize); the verdict comes from the error above.
    }
  }
}

/** Asks the failed window to start a new database; checks where the old file went and that the app now starts. */
async function startNewDatabase(window: ReturnType<typeof createStartupFailureDispatch>, dir: string, original: string): Promise<{ ok: boolean; detail: string }> {
  const answer = await window('app.startNewDatabase', undefined);
  if (!answer.ok) return { ok: false, detail: `app.startNewDatabase: ${answer.error.message}` };
  const keptAs = (answer.value as { keptAs: string }).keptAs;
  const kept = existsSync(keptAs) && readFileSync(keptAs).equals(readFileSync(original));
  try {
    const core = createAppCore({ dataDir: dir, secrets: createMemorySecretStore(), env: {}, start: false });
    const list = await core.dispatch('courses.list', undefined);
    await core.dispose();
    const empty = list.ok && (list.value as unknown[]).length === 0;
    return { ok: kept && empty, detail: `kept as ${keptAs}: ${kept ? 'identical' : 'MISSING OR CHANGED'}; new database ${empty ? 'empty and working' : JSON.stringify(list)}` };
  } catch (error) {
    return { ok: false, detail: `kept ${kept}; the app still cannot start: ${(error as Error).message}` };
  }
}

/** The dispatcher prints each failed command's stack to stderr; here that is expected and would bury the table. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const original = console.error;
  console.error = () => undefined;
  try {
    return await fn();
  } finally {
    console.error = original;
  }
}

const kindOf = (error: unknown) =>
  error instanceof DatabaseTooNewError ? 'too-new' : error instanceof DatabaseCorruptError ? 'corrupt' : error === null ? 'opened' : 'other';

export async function damagedFiles(): Promise<{ figures: [string, Figure][]; checks: Check[]; notes: string[] }> {
  const figures: [string, Figure][] = [];
  const checks: Check[] = [];
  const notes: string[] = [];
  const root = mkdtempSync(join(tmpdir(), 'cs-damaged-'));
  try {
    for (const [i, damage] of DAMAGES.entries()) {
      const dir = join(root, String(i));
      mkdirSync(dir);
      const file = join(dir, DATABASE_FILE);
      damage.make(file);
      const original = join(dir, 'original.bin');
      copyFileSync(file, original);
      const before = fileSha256(file);

      const storeError = openAndRead(file);
      let coreError: unknown = null;
      try {
        const core = createAppCore({ dataDir: dir, secrets: createMemorySecretStore(), env: {}, start: false });
        await core.dispose();
      } catch (error) {
        coreError = error;
      }
      const unchanged = fileSha256(file) === before && readFileSync(file).equals(readFileSync(original));
      const leftovers = ['-wal', '-shm', '-journal'].filter((s) => existsSync(file + s) && statSync(file + s).size > 0);
      const message = storeError instanceof Error ? storeError.message : String(storeError);
      // What the desktop window shows when the core cannot start: every command answers with the reason.
      const window = createStartupFailureDispatch(
        coreError ?? storeError,
        { version: 'soak', platform: process.platform, dataDir: dir, secretStorage: 'unavailable' },
        () => setAsideDatabase(dir, DATABASE_FILE),
      );
      const answer = await quietly(() => window('courses.list', undefined));
      const shown = answer.ok ? '' : answer.error.message;
      // The way out the window offers: set the file aside (renamed, never overwritten) and start empty.
      const fresh = await startNewDatabase(window, dir, original);

      figures.push([`${damage.name}`, `${kindOf(storeError)}; core: ${kindOf(coreError)}; bytes ${unchanged ? 'unchanged' : 'CHANGED'}`]);
      checks.push(
        check(
          `${damage.name}: refused with ${damage.expected === 'too-new' ? 'DatabaseTooNewError' : 'DatabaseCorruptError'}`,
          kindOf(storeError) === damage.expected && kindOf(coreError) === damage.expected,
          `store: ${kindOf(storeError)} (${message.slice(0, 200)}); app core: ${kindOf(coreError)}`,
        ),
        check(`${damage.name}: the file's bytes are unchanged`, unchanged, `sha256 changed; leftovers ${leftovers.join(',')}`),
        check(`${damage.name}: "start a new database" keeps the old file aside, byte for byte, and the app starts empty`, fresh.ok, fresh.detail),
        check(
          `${damage.name}: the message names the file and says it was kept`,
          // Met at open ("left untouched") or by a read ("nothing more is changed in it"): both promise the bytes stay.
          message.includes(file) && /left untouched|nothing more is changed in it/.test(message) && shown.includes(file),
          `store said: ${message.slice(0, 200)}; window shows: ${shown.slice(0, 200)}`,
        ),
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return { figures, checks, notes };
}
