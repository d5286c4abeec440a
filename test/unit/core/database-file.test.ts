import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { setAsideDatabase } from '../../../src/main/core/database-file';

it('renames the database with its WAL and SHM files and its damage note, never over an existing file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cs-aside-'));
  const at = new Date('2026-11-22T10:00:00.000Z');
  for (const suffix of ['', '-wal', '-shm', '.damaged']) writeFileSync(join(dir, `course-studio.db${suffix}`), `content${suffix}`);
  const first = setAsideDatabase(dir, 'course-studio.db', at);
  expect(first).toBe(join(dir, 'course-studio.unreadable-2026-11-22T10-00-00-000Z.db'));
  expect(readFileSync(first, 'utf8')).toBe('content');
  expect(readFileSync(`${first}-wal`, 'utf8')).toBe('content-wal');
  // The note goes with the damaged file (opening that one still checks it); the new database starts without it.
  expect(readFileSync(`${first}.damaged`, 'utf8')).toBe('content.damaged');
  expect(readdirSync(dir).filter((name) => name.startsWith('course-studio.db'))).toEqual([]);

  writeFileSync(join(dir, 'course-studio.db'), 'second');
  const second = setAsideDatabase(dir, 'course-studio.db', at);
  expect(second).toBe(join(dir, 'course-studio.unreadable-2026-11-22T10-00-00-000Z-1.db'));
  expect(readFileSync(first, 'utf8')).toBe('content');
  expect(readFileSync(second, 'utf8')).toBe('second');
});

it('takes the journal of calls the file has not recorded yet along: they belong to its courses, not the new database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cs-aside-'));
  writeFileSync(join(dir, 'course-studio.db'), 'content');
  mkdirSync(join(dir, 'course-studio.db-unrecorded-calls'));
  writeFileSync(join(dir, 'course-studio.db-unrecorded-calls', 'a.jsonl'), '{"key":"k"}\n');
  const aside = setAsideDatabase(dir, 'course-studio.db', new Date('2026-11-22T10:00:00.000Z'));
  expect(readFileSync(join(`${aside}-unrecorded-calls`, 'a.jsonl'), 'utf8')).toBe('{"key":"k"}\n');
  expect(readdirSync(dir).filter((name) => name.startsWith('course-studio.db'))).toEqual([]);
});
