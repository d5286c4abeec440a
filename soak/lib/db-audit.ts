// Read-only inspections of a Course Studio database, for the soak's verdicts: duplicate
// units, the UNIQUE keys that forbid them, completeness against the approved outline,
// successful calls per unit, integrity, and checksums that prove nothing changed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Outline } from '../../src/shared/domain';

/**
 * Opens without the store's migrations or pragmas: an audit only reads. (Closing the last
 * connection checkpoints the WAL into the file, as any runner's start would.) The busy
 * timeout covers a runner in another process that is mid-commit.
 */
export function openForAudit(path: string): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  return db;
}

export function withAudit<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = openForAudit(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Each generated table's natural key: the key a duplicate would repeat. */
export const UNIT_KEYS = [
  { table: 'projects', parent: 'course_id' },
  { table: 'lessons', parent: 'project_id' },
  { table: 'tasks', parent: 'lesson_id' },
  { table: 'outline_options', parent: 'course_id' },
] as const;

/** Rows sharing (parent, position), per table: must be zero whatever happened. */
export function duplicateUnits(db: Database.Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { table, parent } of UNIT_KEYS) {
    const row = db
      .prepare(`SELECT COALESCE(SUM(n - 1), 0) AS extra FROM (SELECT COUNT(*) AS n FROM ${table} GROUP BY ${parent}, position HAVING n > 1)`)
      .get() as { extra: number };
    out[table] = row.extra;
  }
  const jobs = db.prepare(`SELECT COALESCE(SUM(n - 1), 0) AS extra FROM (SELECT COUNT(*) AS n FROM jobs GROUP BY course_id HAVING n > 1)`).get() as {
    extra: number;
  };
  out.jobs = jobs.extra;
  return out;
}

/** Which of the (parent, position) keys are enforced by a UNIQUE index (the schema's promise). */
export function missingUniqueKeys(db: Database.Database): string[] {
  const missing: string[] = [];
  for (const { table, parent } of UNIT_KEYS) {
    const indexes = db.prepare(`PRAGMA index_list(${table})`).all() as { name: string; unique: number }[];
    const enforced = indexes.some((ix) => {
      if (ix.unique !== 1) return false;
      const cols = (db.prepare(`PRAGMA index_info("${ix.name.replace(/"/g, '""')}")`).all() as { name: string }[]).map((c) => c.name);
      return cols.length === 2 && cols[0] === parent && cols[1] === 'position';
    });
    if (!enforced) missing.push(`${table}(${parent}, position)`);
  }
  return missing;
}

export function integrity(db: Database.Database): string {
  return String(db.pragma('integrity_check', { simple: true }));
}

export interface UnitCalls {
  courseId: string;
  step: string;
  item: string;
  /** started_at (epoch ms) of each successful call, oldest first. */
  ok: number[];
}

/** Successful model calls grouped by unit: more than one means a completed call was asked again. */
export function successfulCallsByUnit(db: Database.Database): UnitCalls[] {
  const rows = db
    .prepare(`SELECT course_id, step, item_key, started_at FROM model_calls WHERE outcome = 'ok' ORDER BY course_id, step, item_key, started_at`)
    .all() as { course_id: string; step: string; item_key: string; started_at: string }[];
  const units = new Map<string, UnitCalls>();
  for (const r of rows) {
    const key = `${r.course_id}|${r.step}|${r.item_key}`;
    let unit = units.get(key);
    if (!unit) units.set(key, (unit = { courseId: r.course_id, step: r.step, item: r.item_key, ok: [] }));
    unit.ok.push(Date.parse(r.started_at));
  }
  return [...units.values()];
}

/** Units stored in the file, as "<courseId>|<step>|<item>" (the keys model_calls uses). */
export function storedUnitKeys(db: Database.Database): Set<string> {
  const out = new Set<string>();
  const rows = db
    .prepare(
      `SELECT p.course_id AS course, p.position AS pp, l.position AS lp, (SELECT COUNT(*) FROM tasks t WHERE t.lesson_id = l.id) AS tasks
       FROM projects p JOIN lessons l ON l.project_id = p.id`,
    )
    .all() as { course: string; pp: number; lp: number; tasks: number }[];
  for (const r of rows) {
    out.add(`${r.course}|lessons|project:${r.pp}`);
    if (r.tasks > 0) out.add(`${r.course}|tasks|lesson:${r.pp}.${r.lp}`);
  }
  for (const r of db.prepare(`SELECT id FROM courses WHERE summary_json IS NOT NULL`).all() as { id: string }[]) out.add(`${r.id}|finalize|course`);
  return out;
}

export interface Completeness {
  courses: number;
  complete: number;
  /** Course id → what is missing, for the ones that are not complete. */
  incomplete: Record<string, string>;
}

/** Every planned project, lesson, lesson's tasks and the summary stored, per the approved outline. */
export function completeness(db: Database.Database, courseIds: readonly string[]): Completeness {
  const incomplete: Record<string, string> = {};
  const course = db.prepare(`SELECT outline_json, summary_json FROM courses WHERE id = ?`);
  const projects = db.prepare(`SELECT id, position FROM projects WHERE course_id = ?`);
  const lessons = db.prepare(`SELECT id, position FROM lessons WHERE project_id = ?`);
  const tasks = db.prepare(`SELECT COUNT(*) AS n FROM tasks WHERE lesson_id = ?`);
  for (const id of courseIds) {
    const row = course.get(id) as { outline_json: string | null; summary_json: string | null } | undefined;
    if (!row?.outline_json) {
      incomplete[id] = 'no course or no outline';
      continue;
    }
    const outline = JSON.parse(row.outline_json) as Outline;
    const problems: string[] = [];
    const stored = projects.all(id) as { id: string; position: number }[];
    if (stored.length !== outline.projects.length) problems.push(`${stored.length}/${outline.projects.length} projects`);
    for (const p of stored) {
      const planned = outline.projects[p.position]?.lessons.length ?? 0;
      const ls = lessons.all(p.id) as { id: string }[];
      if (ls.length !== planned) problems.push(`project ${p.position}: ${ls.length}/${planned} lessons`);
      const withoutTasks = ls.filter((l) => (tasks.get(l.id) as { n: number }).n === 0).length;
      if (withoutTasks > 0) problems.push(`project ${p.position}: ${withoutTasks} lessons without tasks`);
    }
    if (!row.summary_json) problems.push('no summary');
    if (problems.length > 0) incomplete[id] = problems.join('; ');
  }
  return { courses: courseIds.length, complete: courseIds.length - Object.keys(incomplete).length, incomplete };
}

/** A checksum of every row of every table, so "nothing stored changed" is a comparison of two maps. */
export function tableChecksums(db: Database.Database): Record<string, string> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as {
    name: string;
  }[];
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const hash = createHash('sha256');
    // A WITHOUT ROWID table (the sources' tables) has no rowid: it is read in its primary key's order.
    const info = db.prepare(`SELECT wr FROM pragma_table_list WHERE name = ?`).get(name) as { wr: number } | undefined;
    const order = info?.wr === 1 ? '' : ' ORDER BY rowid';
    for (const row of db.prepare(`SELECT * FROM "${name}"${order}`).iterate()) hash.update(JSON.stringify(row));
    out[name] = hash.digest('hex').slice(0, 16);
  }
  out['(user_version)'] = String(db.pragma('user_version', { simple: true }));
  return out;
}

export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}

export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Whether `needle` occurs anywhere in the bytes of `path` (as UTF-8). */
export function fileContains(path: string, needle: string): boolean {
  return readFileSync(path).includes(Buffer.from(needle, 'utf8'));
}
