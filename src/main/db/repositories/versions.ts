// Version history of lessons and tasks (unit_versions, migration 011) and the approval pins.
// Versions are only ever added: a restore is a new version carrying the old body. Every
// write is called by CourseRepository inside the transaction that changes the unit, so a
// unit's rows and its history can never disagree. A write that changes nothing (the same
// text saved again) adds no version.
import type Database from 'better-sqlite3';
import type { AuthorKind, UnitKind, UnitVersion, VersionBody, VersionReason } from '../../../shared/history';
import { parseJson } from '../json';

/** Who made a change, and why: stored with the version. */
export interface VersionStamp {
  reason: VersionReason;
  authorKind: AuthorKind;
  author: string;
  restoredFrom?: number | null;
}

/** A snapshot of the unit's content columns, named as the columns are (see migration 011). */
export type LessonColumns = { title: string; content: string; objectives_json: string };
export type TaskColumns = { kind: string; prompt: string; answer_key: string | null; questions_json: string | null };
export type UnitColumns = LessonColumns | TaskColumns;

interface VersionRow {
  unit_kind: UnitKind;
  unit_id: string;
  version: number;
  body_json: string;
  reason: VersionReason;
  author_kind: AuthorKind;
  author: string;
  restored_from: number | null;
  created_at: string;
}

const LESSON_KEYS = ['title', 'content', 'objectives_json'] as const;
const TASK_KEYS = ['kind', 'prompt', 'answer_key', 'questions_json'] as const;

/** Key by key, so a body written by SQLite's json_object (the migration) compares equal to ours. */
function sameColumns(kind: UnitKind, a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return (kind === 'lesson' ? LESSON_KEYS : TASK_KEYS).every((k) => (a[k] ?? null) === (b[k] ?? null));
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A stored body as the renderer shows it; a damaged objectives list reads as empty, not as an error. */
function bodyOf(kind: UnitKind, raw: Record<string, unknown>): VersionBody {
  if (kind === 'lesson') {
    let objectives: string[] = [];
    try {
      const parsed: unknown = JSON.parse(text(raw.objectives_json) || '[]');
      if (Array.isArray(parsed)) objectives = parsed.map(String);
    } catch {
      // Kept as it was stored; the list just shows nothing for it.
    }
    return { unitKind: 'lesson', title: text(raw.title), content: text(raw.content), objectives };
  }
  return {
    unitKind: 'task',
    kind: text(raw.kind),
    prompt: text(raw.prompt),
    answerKey: typeof raw.answer_key === 'string' ? raw.answer_key : null,
    questionsJson: typeof raw.questions_json === 'string' ? raw.questions_json : null,
  };
}

function toVersion(r: VersionRow): UnitVersion {
  const raw = parseJson<Record<string, unknown>>(r.body_json, 'unit_versions.body_json') ?? {};
  return {
    unitKind: r.unit_kind,
    unitId: r.unit_id,
    version: r.version,
    reason: r.reason,
    authorKind: r.author_kind,
    author: r.author,
    restoredFrom: r.restored_from,
    createdAt: r.created_at,
    body: bodyOf(r.unit_kind, raw),
  };
}

export class VersionRepository {
  private readonly stmts;

  constructor(
    db: Database.Database,
    private readonly now: () => string,
  ) {
    this.stmts = {
      latest: db.prepare<[UnitKind, string], VersionRow>(
        `SELECT * FROM unit_versions WHERE unit_kind = ? AND unit_id = ? ORDER BY version DESC LIMIT 1`,
      ),
      insert: db.prepare(
        `INSERT INTO unit_versions (course_id, unit_kind, unit_id, version, body_json, reason, author_kind, author, restored_from, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      list: db.prepare<[UnitKind, string], VersionRow>(`SELECT * FROM unit_versions WHERE unit_kind = ? AND unit_id = ? ORDER BY version DESC`),
      one: db.prepare<[UnitKind, string, number], VersionRow>(`SELECT * FROM unit_versions WHERE unit_kind = ? AND unit_id = ? AND version = ?`),
      latestOfCourse: db.prepare<[string], { unit_kind: UnitKind; unit_id: string; version: number }>(
        `SELECT unit_kind, unit_id, MAX(version) AS version FROM unit_versions WHERE course_id = ? GROUP BY unit_kind, unit_id`,
      ),
      pins: db.prepare<[string], { unit_kind: UnitKind; unit_id: string; version: number }>(
        `SELECT unit_kind, unit_id, version FROM approval_pins WHERE course_id = ?`,
      ),
      clearPins: db.prepare(`DELETE FROM approval_pins WHERE course_id = ?`),
      pin: db.prepare(`INSERT INTO approval_pins (course_id, unit_kind, unit_id, version) VALUES (?, ?, ?, ?)`),
    };
  }

  /**
   * Adds the next version of a unit unless its content is the same as the latest version's.
   * Returns the new version number, or null when nothing changed.
   */
  record(courseId: string, kind: UnitKind, unitId: string, columns: UnitColumns, stamp: VersionStamp): number | null {
    const latest = this.stmts.latest.get(kind, unitId);
    if (latest) {
      const previous = parseJson<Record<string, unknown>>(latest.body_json, 'unit_versions.body_json') ?? {};
      if (sameColumns(kind, previous, columns as unknown as Record<string, unknown>)) return null;
    }
    const version = (latest?.version ?? 0) + 1;
    const body = kind === 'lesson' ? pick(columns, LESSON_KEYS) : pick(columns, TASK_KEYS);
    this.stmts.insert.run(courseId, kind, unitId, version, JSON.stringify(body), stamp.reason, stamp.authorKind, stamp.author, stamp.restoredFrom ?? null, this.now());
    return version;
  }

  /** Newest first. */
  list(kind: UnitKind, unitId: string): UnitVersion[] {
    return this.stmts.list.all(kind, unitId).map(toVersion);
  }

  get(kind: UnitKind, unitId: string, version: number): UnitVersion | null {
    const row = this.stmts.one.get(kind, unitId, version);
    return row ? toVersion(row) : null;
  }

  /** The stored columns of one version, exactly as kept, for a restore. */
  columns(kind: UnitKind, unitId: string, version: number): Record<string, unknown> | null {
    const row = this.stmts.one.get(kind, unitId, version);
    return row ? (parseJson<Record<string, unknown>>(row.body_json, 'unit_versions.body_json') ?? {}) : null;
  }

  /** Each unit's latest version number in a course, keyed `kind:id` (units deleted since included). */
  latestOfCourse(courseId: string): Map<string, number> {
    return new Map(this.stmts.latestOfCourse.all(courseId).map((r) => [`${r.unit_kind}:${r.unit_id}`, r.version]));
  }

  /** Replaces the course's approval pins with these units at these versions. */
  pin(courseId: string, units: { kind: UnitKind; unitId: string; version: number }[]): void {
    this.stmts.clearPins.run(courseId);
    for (const u of units) this.stmts.pin.run(courseId, u.kind, u.unitId, u.version);
  }

  pins(courseId: string): Map<string, number> {
    return new Map(this.stmts.pins.all(courseId).map((r) => [`${r.unit_kind}:${r.unit_id}`, r.version]));
  }
}

function pick<K extends string>(value: object, keys: readonly K[]): Record<K, unknown> {
  const source = value as Record<string, unknown>;
  const out = {} as Record<K, unknown>;
  for (const k of keys) out[k] = source[k] ?? null;
  return out;
}
