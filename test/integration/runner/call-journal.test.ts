// A paid call whose row the database cannot take when it lands (another process holds the
// write lock) is kept in a journal beside the database: written as soon as the lock goes,
// and, after a crash in between, by the next start — once, never twice.
import Database from 'better-sqlite3';
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import type { ModelCallRecord } from '../../../src/main/db/repositories/model-calls';
import { Store } from '../../../src/main/db/store';
import { CallJournal, readJournal } from '../../../src/main/runner/call-journal';
import { CallLedger } from '../../../src/main/runner/call-ledger';
import { tempDbPath } from '../../support/engine';

// A full disk is simulated: appendFileSync is the real one unless a test makes it fail.
const fsMock = vi.hoisted(() => ({ failNextAppend: null as null | ((path: string, data: string) => void) }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const appendFileSync: typeof fs.appendFileSync = (path, data, options) => {
    const fail = fsMock.failNextAppend;
    fsMock.failNextAppend = null;
    if (fail) fail(String(path), String(data));
    else fs.appendFileSync(path, data, options);
  };
  return { ...fs, default: { ...fs, appendFileSync }, appendFileSync };
});

const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) if (s.db.open) s.close();
  vi.restoreAllMocks();
});

function openStore(path: string): Store {
  const store = Store.open(path);
  // Not the app's 10 s: each refused write here waits out this much.
  store.db.pragma('busy_timeout = 50');
  open.push(store);
  return store;
}

/** Another process's write transaction on the same file, until `release`. */
function holdWriteLock(path: string) {
  const other = new Database(path);
  other.exec('BEGIN IMMEDIATE');
  return {
    release: () => {
      other.exec('ROLLBACK');
      other.close();
    },
  };
}

let n = 0;
function call(costUsd = 0.01): ModelCallRecord {
  n++;
  return {
    jobId: null,
    courseId: null,
    step: 'outline',
    serviceTier: 'standard',
    itemKey: `option:${n}`,
    attempt: 1,
    model: 'claude-test',
    usage: { input: 100, output: 50, cacheRead: 0, cacheWrite: 0 },
    latencyMs: 12,
    costUsd,
    outcome: 'ok',
    errorKind: null,
    errorMessage: null,
    requestId: `req_${n}`,
    startedAt: new Date(0).toISOString(),
  };
}

const rowsOf = (store: Store) =>
  store.db.prepare('SELECT item_key, cost_usd, ledger_key FROM model_calls ORDER BY id').all() as { item_key: string; cost_usd: number; ledger_key: string | null }[];
const journalDir = (dbPath: string) => `${dbPath}-unrecorded-calls`;
const journalFiles = (dbPath: string) => (existsSync(journalDir(dbPath)) ? readdirSync(journalDir(dbPath)) : []);

it('writes a row at once when it can, with no journal left behind', () => {
  const path = tempDbPath();
  const store = openStore(path);
  const ledger = new CallLedger(store);
  const rec = call();
  ledger.record(rec);
  expect(rowsOf(store)).toEqual([{ item_key: rec.itemKey, cost_usd: rec.costUsd, ledger_key: null }]);
  expect(journalFiles(path)).toEqual([]);
});

it('keeps a row the locked database refused in the journal, and writes it once the lock is gone', () => {
  const path = tempDbPath();
  const store = openStore(path);
  const ledger = new CallLedger(store);
  const lock = holdWriteLock(path);
  const rec = call();
  ledger.record(rec);
  expect(ledger.size).toBe(1);
  const [file] = journalFiles(path);
  expect(readJournal(readFileSync(join(journalDir(path), file!), 'utf8')).entries.map((e) => e.rec)).toEqual([rec]);
  // Still locked: nothing written, nothing dropped.
  expect(ledger.flush()).toBe(false);
  expect(ledger.size).toBe(1);
  lock.release();
  expect(ledger.flush()).toBe(true);
  expect(rowsOf(store)).toMatchObject([{ item_key: rec.itemKey, cost_usd: rec.costUsd }]);
  expect(journalFiles(path)).toEqual([]);
});

it('after a crash with rows still kept, the next start writes them', () => {
  const path = tempDbPath();
  const crashed = openStore(path);
  const lock = holdWriteLock(path);
  const first = new CallLedger(crashed);
  const kept = [call(0.02), call(0.03)];
  for (const rec of kept) first.record(rec);
  lock.release();
  // The process dies here: `first` never flushes, its memory is gone.
  crashed.close();

  const store = openStore(path);
  const next = new CallLedger(store);
  expect(next.recover()).toBe(2);
  expect(rowsOf(store).map((r) => [r.item_key, r.cost_usd])).toEqual(kept.map((r) => [r.itemKey, r.costUsd]));
  expect(journalFiles(path)).toEqual([]);
  expect(next.size).toBe(0);
});

it('a journal read again after its rows were written (a crash before it was removed) counts each call once', () => {
  const path = tempDbPath();
  const store = openStore(path);
  const lock = holdWriteLock(path);
  const ledger = new CallLedger(store);
  ledger.record(call(0.05));
  const [file] = journalFiles(path);
  const copy = join(journalDir(path), 'left-by-a-crash.jsonl');
  copyFileSync(join(journalDir(path), file!), copy);
  lock.release();
  expect(ledger.flush()).toBe(true);
  expect(journalFiles(path)).toEqual(['left-by-a-crash.jsonl']);

  const again = new CallLedger(store);
  expect(again.recover()).toBe(1);
  expect(rowsOf(store)).toHaveLength(1);
  expect(journalFiles(path)).toEqual([]);
});

it('rows taken over while the database is still locked stay kept, in the new ledger\'s own journal', () => {
  const path = tempDbPath();
  const crashed = openStore(path);
  // Another process with the file open already (the CLI's runner), starting after the crash.
  const store = openStore(path);
  const lock = holdWriteLock(path);
  new CallLedger(crashed).record(call());
  crashed.close();

  const next = new CallLedger(store);
  expect(next.recover()).toBe(1);
  expect(next.size).toBe(1);
  // The crashed ledger's file is gone; the row lives on in the new ledger's.
  const files = journalFiles(path);
  expect(files).toHaveLength(1);
  expect(readJournal(readFileSync(join(journalDir(path), files[0]!), 'utf8')).entries).toHaveLength(1);
  lock.release();
  expect(next.flush()).toBe(true);
  expect(rowsOf(store)).toHaveLength(1);
  expect(journalFiles(path)).toEqual([]);
});

it('a line cut short by a crash is skipped and its file kept aside; the readable rows are still written', () => {
  const path = tempDbPath();
  const store = openStore(path);
  const journal = new CallJournal(journalDir(path));
  const rec = call(0.07);
  journal.append([{ key: 'k-1', rec }]);
  writeFileSync(journal.file, `${readFileSync(journal.file, 'utf8')}{"key":"k-2","rec":{"jobId":nu`, { flag: 'w' });
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});

  expect(new CallLedger(store).recover()).toBe(1);
  expect(rowsOf(store)).toEqual([{ item_key: rec.itemKey, cost_usd: 0.07, ledger_key: 'k-1' }]);
  expect(journalFiles(path)).toEqual([`${journal.file.split('/').pop()}.unreadable`]);
  expect(errors.mock.calls.map((c) => String(c[0])).join('\n')).toContain('1 line(s)');
});

it('rows that are not call records are not written', () => {
  const { entries, unreadable } = readJournal(
    [JSON.stringify({ key: 'a', rec: { ...call(), costUsd: -1 } }), JSON.stringify({ key: 'b' }), '[]', JSON.stringify({ key: 'c', rec: call() })].join('\n'),
  );
  expect(entries.map((e) => e.key)).toEqual(['c']);
  expect(unreadable).toBe(3);
});

it('an in-memory database keeps no journal', () => {
  const store = Store.open(':memory:');
  open.push(store);
  expect(CallJournal.forDatabase(store.db.name)).toBeNull();
  const ledger = new CallLedger(store);
  ledger.record(call());
  expect(rowsOf(store)).toHaveLength(1);
});

it('a row appended after a full disk cut a line short is still read after a crash', () => {
  const path = tempDbPath();
  const store = openStore(path);
  const lock = holdWriteLock(path);
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  const crashed = new CallLedger(store);
  fsMock.failNextAppend = (file, data) => {
    // What a full disk does: takes the bytes that fit, then refuses the rest.
    appendFileSync(file, data.slice(0, 30));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
  crashed.record(call(0.01));
  const later = call(0.02);
  crashed.record(later);
  lock.release();
  // The process dies here, the first row only in its memory (the disk refused it).
  const next = new CallLedger(store);
  expect(next.recover()).toBe(1);
  expect(rowsOf(store).map((r) => r.item_key)).toEqual([later.itemKey]);
  expect(errors.mock.calls.map((c) => String(c[0])).join('\n')).toContain('1 line(s)');
});

it('leaves the journal of another process still running to it, and takes it over once that process is gone', () => {
  const path = tempDbPath();
  const store = openStore(path);
  const lock = holdWriteLock(path);
  // The app (pid 4242) keeps a row; a CLI run starts meanwhile. Taken from the live app, a
  // row it appended between the CLI's read and removal of its file would be in no file.
  let appRunning = true;
  const alive = (pid: number) => pid === 4242 && appRunning;
  const appJournal = new CallJournal(journalDir(path), 4242, alive);
  const rec = call(0.04);
  new CallLedger(store, appJournal).record(rec);
  const cli = new CallLedger(store, new CallJournal(journalDir(path), 5353, alive));
  expect(cli.recover()).toBe(0);
  expect(journalFiles(path)).toEqual([appJournal.file.split('/').pop()]);

  appRunning = false; // the app crashed
  lock.release();
  const next = new CallLedger(store, new CallJournal(journalDir(path), 6464, alive));
  expect(next.recover()).toBe(1);
  expect(rowsOf(store).map((r) => r.item_key)).toEqual([rec.itemKey]);
  expect(journalFiles(path)).toEqual([]);
});
