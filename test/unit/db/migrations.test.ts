import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { DamageTracker } from '../../../src/main/db/damage';
import {
  DatabaseAccessError,
  DatabaseCorruptError,
  DatabaseDamagedError,
  DatabaseForeignError,
  DatabaseTooNewError,
  canReplaceDatabase,
} from '../../../src/main/db/errors';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../../src/main/db/migrations';
import { openDatabase } from '../../../src/main/db/open';
import { NEXT_CLAIMABLE_SQL } from '../../../src/main/db/repositories/jobs';
import { Store } from '../../../src/main/db/store';
import { canMakeReadOnly, damageCoursesTable, makeReadOnly } from '../../support/broken-files';
import { seedApprovedCourse } from '../../support/engine';

const tmp = () => mkdtempSync(join(tmpdir(), 'cs-db-'));

const undo: (() => void)[] = [];
afterEach(() => {
  for (const fn of undo.splice(0).reverse()) fn();
});

describe('migrations', () => {
  it('versions start at 1 and only go up', () => {
    // Not necessarily one by one: branches reserve numbers (010 was written beside 008 and 009).
    expect(MIGRATIONS[0]!.version).toBe(1);
    MIGRATIONS.slice(1).forEach((m, i) => expect(m.version).toBeGreaterThan(MIGRATIONS[i]!.version));
  });

  it('each migration applies from an empty database, one step at a time', () => {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS) {
      expect(migrate(db, MIGRATIONS.filter((x) => x.version <= m.version))).toBe(m.version);
    }
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['courses', 'outline_options', 'projects', 'lessons', 'tasks', 'jobs', 'job_logs', 'model_calls', 'settings']),
    );
  });

  it('rolls back a failing migration and leaves the version unchanged', () => {
    const db = new Database(':memory:');
    const broken = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE x (a); SELECT * FROM nope') }];
    expect(() => migrate(db, broken)).toThrow(/nope/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'courses'`).pluck().get()).toBe(0);
  });

  it('gives finished jobs of an older database the duration they showed before', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
    const course = db.prepare(`INSERT INTO courses (id, status, topic_json, created_at, updated_at) VALUES (?, 'approved', '{}', 'x', 'x')`);
    const job = db.prepare(`INSERT INTO jobs (id, course_id, status, created_at, started_at, completed_at) VALUES (?, ?, ?, 'x', ?, ?)`);
    const insert = (id: string, status: string, started: string | null, completed: string | null) => {
      course.run(`c-${id}`);
      job.run(id, `c-${id}`, status, started, completed);
    };
    insert('done', 'completed', '2026-11-22T10:00:00.000Z', '2026-11-22T10:04:32.250Z');
    insert('waiting', 'queued', null, null);
    insert('paused', 'paused', '2026-11-22T10:00:00.000Z', null);
    migrate(db);
    const rows = db.prepare(`SELECT id, run_ms, run_started_at FROM jobs ORDER BY id`).all();
    expect(rows).toEqual([
      { id: 'done', run_ms: 272_250, run_started_at: null },
      { id: 'paused', run_ms: 0, run_started_at: null },
      { id: 'waiting', run_ms: 0, run_started_at: null },
    ]);
  });

  it('opens with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(join(tmp(), 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    db.close();
  });

  it('refuses a database from a newer version and leaves the file untouched', () => {
    const file = join(tmp(), 'new.db');
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer Course Studio/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database and leaves it untouched', () => {
    const file = join(tmp(), 'junk.db');
    writeFileSync(file, 'this is not sqlite '.repeat(500));
    expect(() => openDatabase(file)).toThrow(DatabaseCorruptError);
    expect(readFileSync(file, 'utf8')).toBe('this is not sqlite '.repeat(500));
  });

  it('claims the next job through its partial index', () => {
    const db = openDatabase(':memory:');
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${NEXT_CLAIMABLE_SQL}`)
      .all({ now: 0, owner: 'me', running: '[]', economy: null }) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX jobs_claimable/);
    expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
    const logPlan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM job_logs WHERE job_id = ? AND id > ? ORDER BY id LIMIT 100`).all('x', 0) as { detail: string }[];
    expect(logPlan.map((p) => p.detail).join('\n')).toMatch(/job_logs_by_job/);
  });

  it('refuses an SQLite file of another program and changes nothing in it', () => {
    const file = join(tmp(), 'foreign.db');
    const foreign = new Database(file);
    foreign.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')`);
    foreign.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(DatabaseForeignError);
    expect(() => openDatabase(file)).toThrow(/is an SQLite database, but not a Course Studio one \(it holds the table "notes"\)\. It has been left untouched\./);
    expect(readFileSync(file).equals(before)).toBe(true);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(after.pragma('user_version', { simple: true })).toBe(0);
    expect(after.prepare(`SELECT name FROM sqlite_schema`).pluck().all()).toEqual(['notes']);
    after.close();
  });

  it.skipIf(!canMakeReadOnly)('says a read-only database is read-only (not damaged) at open, before any job write fails', () => {
    const dir = tmp();
    const file = join(dir, 'studio.db');
    Store.open(file).close();
    undo.push(makeReadOnly(file));
    let error: unknown;
    try {
      openDatabase(file).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DatabaseAccessError);
    expect((error as Error).message).toBe(
      `The database ${file} can be read but not written: the file or its folder ${dir} is read-only. Nothing was changed. Make both writable for your user account, then try again.`,
    );
    expect(canReplaceDatabase(error)).toBe(false);
  });

  it.skipIf(!canMakeReadOnly)('says a read-only data folder is the problem, for an existing or a new database', () => {
    const dir = tmp();
    Store.open(join(dir, 'studio.db')).close();
    undo.push(makeReadOnly(dir, { folder: true }));
    expect(() => openDatabase(join(dir, 'studio.db'))).toThrow(/can be read but not written: the file or its folder .* is read-only/);
    expect(() => openDatabase(join(dir, 'new.db'))).toThrow(DatabaseAccessError);
    expect(() => openDatabase(join(dir, 'new.db'))).toThrow(`The database ${join(dir, 'new.db')} cannot be created: the folder ${dir} is read-only.`);
  });

  it('a damaged page met in use: a plain error, no more writes, and the file may be set aside', () => {
    const file = join(tmp(), 'studio.db');
    const seed = Store.open(file);
    for (let i = 0; i < 200; i++) seedApprovedCourse(seed, `Course ${i}`, 3, 2);
    seed.close();
    damageCoursesTable(file);
    const before = readFileSync(file);

    // Opening checks no pages (that would cost every start-up); the first query that reads one does.
    const store = Store.open(file);
    expect(store.damage).toBeNull();
    expect(() => store.courses.list()).toThrow(DatabaseDamagedError);
    expect(store.damage?.message).toBe(
      `The database ${file} is damaged (database disk image is malformed). Course Studio has stopped writing to it, so nothing more is changed in it. ` +
        'Restore it from a backup, or reload the window to start a new database (the damaged file is kept under a new name).',
    );
    expect(canReplaceDatabase(store.damage)).toBe(true);
    expect(() => store.write(() => store.settings.set('x', 1))).toThrow(store.damage!.message);
    // Nor past Store.write: a statement that writes is refused before it runs.
    expect(() => store.settings.set('x', 1)).toThrow(store.damage!.message);
    expect(store.settings.get('x', z.number(), 0)).toBe(0);
    store.close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('damage met in an earlier session', () => {
  /** A file with a damaged courses table, and a sound copy of it from before the damage. */
  function damagedFile(): { file: string; backup: string } {
    const dir = tmp();
    const file = join(dir, 'studio.db');
    const seed = Store.open(file);
    for (let i = 0; i < 200; i++) seedApprovedCourse(seed, `Course ${i}`, 3, 2);
    seed.close();
    const backup = join(dir, 'backup.db');
    copyFileSync(file, backup);
    damageCoursesTable(file);
    return { file, backup };
  }

  function meetDamage(file: string): void {
    const store = Store.open(file);
    expect(() => store.courses.list()).toThrow(DatabaseDamagedError);
    store.close();
  }

  const openError = (file: string): unknown => {
    try {
      Store.open(file).close();
    } catch (error) {
      return error;
    }
    return null;
  };

  it('is remembered: the next open refuses the file before any query reaches the bad page, and changes nothing in it', () => {
    const { file } = damagedFile();
    meetDamage(file);
    const note = JSON.parse(readFileSync(`${file}.damaged`, 'utf8')) as { foundAt: string; reason: string };
    expect(note.reason).toBe('database disk image is malformed');
    expect(Number.isNaN(Date.parse(note.foundAt))).toBe(false);
    const before = readFileSync(file);

    const error = openError(file);
    expect(error).toBeInstanceOf(DatabaseDamagedError);
    expect((error as Error).message).toBe(
      `The database ${file} is damaged (database disk image is malformed): Course Studio met the damage while the file was in use, and a check of the whole file ` +
        'finds it still there. It has been left untouched. Restore it from a backup, or start a new database (the damaged file is kept under a new name).',
    );
    expect(canReplaceDatabase(error)).toBe(true);
    // The CLI and the bridge open through openDatabase too.
    expect(() => openDatabase(file)).toThrow(DatabaseDamagedError);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}.damaged`)).toBe(true);
  });

  it('a sound file under the note (a backup restored over it) opens as usual and the note is removed', () => {
    const { file, backup } = damagedFile();
    meetDamage(file);
    expect(existsSync(`${file}.damaged`)).toBe(true);
    copyFileSync(backup, file);
    const store = Store.open(file);
    expect(existsSync(`${file}.damaged`)).toBe(false);
    expect(store.courses.list()).toHaveLength(200);
    store.close();
  });

  it('a note that cannot be read still means "check the file": a sound file opens, a damaged one is refused', () => {
    const { file, backup } = damagedFile();
    writeFileSync(`${file}.damaged`, '\u0000{not json');
    expect(openError(file)).toBeInstanceOf(DatabaseDamagedError);
    // The note does not say what was met: SQLite's word for a damaged file stands in.
    expect((openError(file) as Error).message).toMatch(/is damaged \(database disk image is malformed\): Course Studio met the damage/);

    copyFileSync(backup, file);
    const store = Store.open(file);
    expect(store.courses.list()).toHaveLength(200);
    store.close();
    expect(existsSync(`${file}.damaged`)).toBe(false);
  });

  it('a note that cannot be written is logged, and the damage is reported as it was met', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    undo.push(() => warn.mockRestore());
    const file = join(tmp(), 'no-such-folder', 'studio.db');
    const malformed = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
    const tracker = new DamageTracker(file);
    const reported = tracker.check(malformed);
    expect(reported).toBeInstanceOf(DatabaseDamagedError);
    expect((reported as DatabaseDamagedError).cause).toBe(malformed);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`could not leave a damage note beside ${file}`), expect.anything());
  });
});
