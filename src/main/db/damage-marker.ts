// A note left next to a database in which a query met damage, so that the next open checks
// every page before trusting the file: open does not otherwise read them (start-up speed),
// and without the note writes would resume into a file known to be damaged. The note stays
// until a check finds the file sound (a backup restored over it, say) and travels with the
// file when it is set aside. Only its existence matters: unreadable content still means
// "check the file", so a broken note can never keep a sound database from opening.
import type Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseDamagedError, isCorruptionError } from './errors';

export const DAMAGE_MARKER_SUFFIX = '.damaged';

/** SQLite's wording for a corrupt file; said when the note does not tell what was met. */
const MALFORMED = 'database disk image is malformed';

interface DamageMarker {
  foundAt: string;
  reason: string;
}

const markerPath = (dbPath: string): string => dbPath + DAMAGE_MARKER_SUFFIX;

/** In-memory and temporary databases have no file to leave a note beside. */
const hasFile = (dbPath: string): boolean => dbPath !== '' && dbPath !== ':memory:';

/** Synchronous, so the note is on disk before the error reaches anyone; throws if it cannot be written. */
export function writeDamageMarker(dbPath: string, reason: string, now = new Date()): void {
  if (!hasFile(dbPath)) return;
  const marker: DamageMarker & { about: string } = {
    foundAt: now.toISOString(),
    reason,
    about: 'Course Studio met damage in this database. It checks the whole file the next time it opens it, and removes this note once the file is sound.',
  };
  writeFileSync(markerPath(dbPath), `${JSON.stringify(marker, null, 2)}\n`);
}

/**
 * Run at open, before anything writes to the file: when an earlier session left a note,
 * checks every page. Still damaged → DatabaseDamagedError (the note stays); sound → the
 * note is removed and the file opens as usual.
 */
export function checkRecordedDamage(db: Database.Database, dbPath: string): void {
  if (!hasFile(dbPath) || !existsSync(markerPath(dbPath))) return;
  const recorded = readReason(dbPath);
  let problem: unknown = null;
  try {
    // Not quick_check: it skips the indexes, and a damaged index would let writes resume.
    const findings = db.prepare('PRAGMA integrity_check(10)').pluck().all() as string[];
    if (findings.join('\n') !== 'ok') problem = new Error(`SQLite's integrity check: ${findings.join('\n')}`);
  } catch (error) {
    // A page so broken that the check itself stops on it.
    if (!isCorruptionError(error)) throw error;
    problem = error;
  }
  if (problem) throw new DatabaseDamagedError(dbPath, problem, { recheckedAtOpen: true, reason: recorded ?? MALFORMED });
  try {
    rmSync(markerPath(dbPath), { force: true });
  } catch (error) {
    // The file is sound and opens; the next open only checks it again.
    console.warn(`could not remove the damage note beside the sound database ${dbPath}:`, error);
  }
}

function readReason(dbPath: string): string | null {
  try {
    const parsed = JSON.parse(readFileSync(markerPath(dbPath), 'utf8')) as Partial<DamageMarker> | null;
    // Shown to the person: a note edited by hand should not fill the screen.
    return typeof parsed?.reason === 'string' && parsed.reason.trim() !== '' ? parsed.reason.trim().slice(0, 200) : null;
  } catch {
    return null;
  }
}
