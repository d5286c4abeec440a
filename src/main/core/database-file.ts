// Setting an unreadable database aside: it is renamed (with its WAL and shared-memory
// files, the note that damage was met in it, and the journal of paid calls it has not
// recorded yet, which belong to its courses), never overwritten or deleted, so a damaged
// file can still be recovered and a file from a newer Course Studio can be used again after
// an update. The new database starts without the note.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { DAMAGE_MARKER_SUFFIX } from '../db/damage-marker';
import { CALL_JOURNAL_SUFFIX } from '../runner/call-journal';

const SIDE_FILES = ['', '-wal', '-shm', DAMAGE_MARKER_SUFFIX, CALL_JOURNAL_SUFFIX] as const;

/** Renames `<dataDir>/<file>` (and its side files) to `<name>.unreadable-<time>[-n].db` and returns the new path. */
export function setAsideDatabase(dataDir: string, file: string, now = new Date()): string {
  const base = file.replace(/\.db$/, '');
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = '';
  for (let n = 0; ; n++) {
    target = `${base}.unreadable-${stamp}${n === 0 ? '' : `-${n}`}.db`;
    if (SIDE_FILES.every((suffix) => !existsSync(join(dataDir, target + suffix)))) break;
  }
  for (const suffix of SIDE_FILES) {
    const from = join(dataDir, file + suffix);
    if (existsSync(from)) renameSync(from, join(dataDir, target + suffix));
  }
  return join(dataDir, target);
}
