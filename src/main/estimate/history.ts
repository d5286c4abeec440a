// What this database's own past says about the calls to come: the output tokens of each
// kind of call (per planned unit, so courses of other sizes compare), how the input side
// split between cache reads, cache writes and uncached input, and the shape of approved
// outlines. Only successful calls of generation units count (regenerations of a single
// lesson or task are a different prompt); the newest HISTORY_CALLS of each kind, so a
// database with years of history is read in milliseconds. Only Claude's calls: a local
// model writes at its own length, and its tokens are often estimated from the text.
import type { Store } from '../db/store';
import type { CallKind } from './calls';

export const HISTORY_CALLS = 2000;

/** Output tokens per unit: an outline option per planned project, lessons per lesson, tasks and summary per call. */
export interface OutputSample {
  /** Per-unit values, oldest first. */
  values: number[];
}

export interface InputSplit {
  /** Of the input-side tokens (input + cache read + cache write), the fraction read from the cache. */
  read: number;
  /** … and the fraction written to it. */
  write: number;
}

export interface History {
  /** Courses whose generation calls are in the history (the "based on N past courses"). */
  pastCourses: number;
  output: Record<CallKind, OutputSample>;
  /** Input-side tokens per kind, summed, to split an approximated input the way the API did. */
  split: Partial<Record<CallKind, InputSplit>>;
  /** Mean tokens of one successful call of each kind (what a call in flight reserves), when there is one. */
  meanCall: Partial<Record<CallKind, { input: number; output: number; cacheRead: number; cacheWrite: number }>>;
  /** The shape of approved outlines (null: none yet), for topics that have none. */
  outlines: OutlineShape | null;
}

/** Means over approved outlines: lessons per project, and the length of each kind of text. */
export interface OutlineShape {
  lessonsPerProject: number;
  chars: { title: number; description: number; projectTitle: number; projectDescription: number; lessonTitle: number; lessonSummary: number };
}

const ITEM_PATTERN: Record<CallKind, string> = {
  outline: 'option:%',
  lessons: 'project:%',
  tasks: 'lesson:%',
  finalize: 'course',
};

interface Row {
  out: number;
  units: number | null;
  input: number;
  cr: number;
  cw: number;
}

/** How many units the call wrote, for its per-unit output. */
const UNITS_SQL: Record<CallKind, string> = {
  // The projects the topic asked for: each option plans that many.
  outline: `(SELECT json_extract(c.topic_json, '$.projects') FROM courses c WHERE c.id = m.course_id)`,
  // The lessons stored for that project ("project:2" → position 2).
  lessons: `(SELECT COUNT(*) FROM lessons l JOIN projects p ON p.id = l.project_id
              WHERE p.course_id = m.course_id AND p.position = CAST(substr(m.item_key, 9) AS INTEGER))`,
  tasks: '1',
  finalize: '1',
};

export function readHistory(store: Store): History {
  const output = {} as Record<CallKind, OutputSample>;
  const split: Partial<Record<CallKind, InputSplit>> = {};
  const meanCall: History['meanCall'] = {};
  for (const kind of Object.keys(ITEM_PATTERN) as CallKind[]) {
    const rows = store.db
      .prepare<[string, string, number], Row>(
        `SELECT m.output_tokens AS out, ${UNITS_SQL[kind]} AS units, m.input_tokens AS input,
                m.cache_read_tokens AS cr, m.cache_write_tokens AS cw
           FROM model_calls m
          WHERE m.outcome = 'ok' AND m.step = ? AND m.item_key LIKE ? AND m.provider = 'anthropic'
          ORDER BY m.id DESC LIMIT ?`,
      )
      .all(kind === 'outline' ? 'outline' : kind, ITEM_PATTERN[kind], HISTORY_CALLS)
      .reverse();
    const counted = rows.filter((r) => r.units !== null && r.units > 0);
    output[kind] = { values: counted.map((r) => r.out / r.units!) };
    const total = rows.reduce((n, r) => n + r.input + r.cr + r.cw, 0);
    if (rows.length > 0) {
      const mean = (f: (r: Row) => number) => rows.reduce((n, r) => n + f(r), 0) / rows.length;
      meanCall[kind] = { input: mean((r) => r.input), output: mean((r) => r.out), cacheRead: mean((r) => r.cr), cacheWrite: mean((r) => r.cw) };
    }
    if (total > 0) {
      split[kind] = { read: rows.reduce((n, r) => n + r.cr, 0) / total, write: rows.reduce((n, r) => n + r.cw, 0) / total };
    }
  }
  const pastCourses = store.db
    .prepare<[], { n: number }>(
      `SELECT COUNT(DISTINCT course_id) AS n FROM model_calls
        WHERE outcome = 'ok' AND course_id IS NOT NULL AND step IN ('lessons', 'tasks', 'finalize') AND item_key NOT LIKE 'regenerate:%'
          AND provider = 'anthropic'`,
    )
    .get()!.n;
  return { pastCourses, output, split, meanCall, outlines: outlineShape(store) };
}

interface StoredOutline {
  title?: string;
  description?: string;
  projects?: { title?: string; description?: string; lessons?: { title?: string; summary?: string }[] }[];
}

/** Means over the approved outlines of the newest 200 courses; null when there are none. */
function outlineShape(store: Store): OutlineShape | null {
  const rows = store.db
    .prepare<[], { outline_json: string }>(
      `SELECT outline_json FROM courses WHERE outline_json IS NOT NULL AND outline_approved_at IS NOT NULL ORDER BY created_at DESC LIMIT 200`,
    )
    .all();
  const sum = { title: 0, description: 0, projectTitle: 0, projectDescription: 0, lessonTitle: 0, lessonSummary: 0 };
  let courses = 0;
  let projects = 0;
  let lessons = 0;
  for (const row of rows) {
    let outline: StoredOutline;
    try {
      outline = JSON.parse(row.outline_json) as StoredOutline;
    } catch {
      continue; // A row that does not parse says nothing about outlines.
    }
    courses++;
    sum.title += outline.title?.length ?? 0;
    sum.description += outline.description?.length ?? 0;
    for (const p of outline.projects ?? []) {
      projects++;
      sum.projectTitle += p.title?.length ?? 0;
      sum.projectDescription += p.description?.length ?? 0;
      for (const l of p.lessons ?? []) {
        lessons++;
        sum.lessonTitle += l.title?.length ?? 0;
        sum.lessonSummary += l.summary?.length ?? 0;
      }
    }
  }
  if (projects === 0 || lessons === 0) return null;
  return {
    lessonsPerProject: lessons / projects,
    chars: {
      title: sum.title / courses,
      description: sum.description / courses,
      projectTitle: sum.projectTitle / projects,
      projectDescription: sum.projectDescription / projects,
      lessonTitle: sum.lessonTitle / lessons,
      lessonSummary: sum.lessonSummary / lessons,
    },
  };
}
