// Database files in the states a person's disk can leave them: pages overwritten in the
// middle, or a file or folder that cannot be written.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Overwrites three leaf pages in the middle of the `courses` table (of a closed, checkpointed file). */
export function damageCoursesTable(file: string): void {
  const db = new Database(file);
  const pages = db.prepare(`SELECT pageno FROM dbstat WHERE name = 'courses' AND pagetype = 'leaf' ORDER BY pageno`).pluck().all() as number[];
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  if (pages.length < 3) throw new Error('damageCoursesTable needs a courses table of at least three pages');
  const fd = openSync(file, 'r+');
  const middle = Math.floor(pages.length / 2) - 1;
  for (const page of pages.slice(middle, middle + 3)) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

const isRoot = process.getuid?.() === 0;

/**
 * Makes a file or folder read-only and returns how to undo it. Root ignores file modes, so
 * there the immutable attribute is used (chattr, on a file system that has it).
 */
export function makeReadOnly(path: string, { folder = false } = {}): () => void {
  if (isRoot) {
    execFileSync('chattr', ['+i', path]);
    return () => execFileSync('chattr', ['-i', path]);
  }
  chmodSync(path, folder ? 0o555 : 0o444);
  return () => chmodSync(path, folder ? 0o755 : 0o644);
}

/** Whether makeReadOnly works here (as root it needs chattr and a file system with the attribute). */
export const canMakeReadOnly: boolean = (() => {
  if (!isRoot) return true;
  const probe = join(mkdtempSync(join(tmpdir(), 'cs-ro-probe-')), 'probe');
  writeFileSync(probe, '');
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
