// What the database file holds, by kind: logs, call records, versions, courses, the rest and
// free pages. Measured with SQLite's dbstat table (every page, indexes counted with their
// table: about 0.4 s per 100 MB, measured on the 218 MB test file); where a build lacks it, estimated from the rows' text sizes.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { StorageSizes, StorageView } from '../../shared/storage';

type Kind = Exclude<keyof StorageSizes, 'free' | 'other'>;

/** Which kind each table is; indexes go with their table. */
const KIND_OF_TABLE: Record<string, Kind> = {
  job_logs: 'logs',
  sync_log: 'logs',
  model_calls: 'calls',
  call_rollups: 'calls',
  unit_versions: 'versions',
  approval_pins: 'versions',
  courses: 'courses',
  outline_options: 'courses',
  projects: 'courses',
  lessons: 'courses',
  tasks: 'courses',
  materials: 'materials',
  material_chunks: 'materials',
  course_materials: 'materials',
  lesson_sources: 'materials',
};

function pragma(db: Database.Database, name: string): number {
  return db.pragma(name, { simple: true }) as number;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function fileBytes(db: Database.Database): { file: number; wal: number } {
  if (!db.name || db.name === ':memory:') return { file: pragma(db, 'page_count') * pragma(db, 'page_size'), wal: 0 };
  return { file: fileSize(db.name), wal: fileSize(`${db.name}-wal`) };
}

function measured(db: Database.Database): StorageSizes | null {
  let rows: { tbl: string | null; bytes: number }[];
  try {
    rows = db
      .prepare<[], { tbl: string | null; bytes: number }>(
        `SELECT s.tbl_name AS tbl, d.pgsize AS bytes
         FROM dbstat AS d LEFT JOIN sqlite_schema AS s ON s.name = d.name WHERE d.aggregate = TRUE`,
      )
      .all();
  } catch {
    return null;
  }
  const sizes: StorageSizes = { logs: 0, calls: 0, versions: 0, courses: 0, materials: 0, other: 0, free: pragma(db, 'freelist_count') * pragma(db, 'page_size') };
  for (const row of rows) sizes[(row.tbl && KIND_OF_TABLE[row.tbl]) || 'other'] += row.bytes;
  return sizes;
}

/** Without dbstat: the text each kind holds, scaled so the parts add up to the used pages. */
function estimated(db: Database.Database): StorageSizes {
  const one = (sql: string) => (db.prepare<[], { n: number | null }>(sql).get()?.n ?? 0);
  const raw = {
    logs: one(`SELECT SUM(length(message) + COALESCE(length(details_json), 0) + 64) AS n FROM job_logs`),
    calls: one(`SELECT COUNT(*) * 160 AS n FROM model_calls`) + one(`SELECT COUNT(*) * 120 AS n FROM call_rollups`),
    versions: one(`SELECT SUM(length(body_json) + 80) AS n FROM unit_versions`),
    courses: one(`SELECT SUM(length(content) + length(objectives_json) + 80) AS n FROM lessons`) + one(`SELECT SUM(length(prompt) + 80) AS n FROM tasks`),
    materials: one(`SELECT SUM(COALESCE(length(CAST(text AS BLOB)), 0) + COALESCE(length(sections_json), 0) + 200) AS n FROM materials`) + one(`SELECT COUNT(*) * 80 AS n FROM material_chunks`),
  };
  const pageSize = pragma(db, 'page_size');
  const free = pragma(db, 'freelist_count') * pageSize;
  const used = pragma(db, 'page_count') * pageSize - free;
  const known = raw.logs + raw.calls + raw.versions + raw.courses + raw.materials;
  const scale = known > used ? used / known : 1;
  const sizes = { logs: raw.logs * scale, calls: raw.calls * scale, versions: raw.versions * scale, courses: raw.courses * scale, materials: raw.materials * scale };
  const rounded = Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, Math.round(v)])) as Record<Kind, number>;
  return { ...rounded, other: Math.max(0, used - Object.values(rounded).reduce((a, b) => a + b, 0)), free };
}

export function storageSizes(db: Database.Database): { sizes: StorageSizes; measuredBy: StorageView['measuredBy'] } {
  const sizes = measured(db);
  return sizes ? { sizes, measuredBy: 'dbstat' } : { sizes: estimated(db), measuredBy: 'estimate' };
}

export function storageCounts(db: Database.Database): StorageView['counts'] {
  const one = (sql: string) => db.prepare<[], { n: number }>(sql).get()!.n;
  return {
    logLines: one(`SELECT COUNT(*) AS n FROM job_logs`),
    callRecords: one(`SELECT COUNT(*) AS n FROM model_calls`),
    rolledUpCalls: one(`SELECT COALESCE(SUM(calls), 0) AS n FROM call_rollups`),
    versions: one(`SELECT COUNT(*) AS n FROM unit_versions`),
    courses: one(`SELECT COUNT(*) AS n FROM courses WHERE deleted_at IS NULL`),
    binned: one(`SELECT COUNT(*) AS n FROM courses WHERE deleted_at IS NOT NULL`),
  };
}

/** The source materials: rows and their text's UTF-8 bytes in the database, and the folder of their files. */
export function materialsReport(db: Database.Database, folder: string | null): StorageView['materials'] {
  const row = db.prepare<[], { n: number; bytes: number }>(`SELECT COUNT(*) AS n, COALESCE(SUM(length(CAST(text AS BLOB))), 0) AS bytes FROM materials`).get()!;
  const disk = folder === null ? { bytes: 0, files: 0 } : folderSize(folder);
  return { count: row.n, textBytes: row.bytes, folderBytes: disk.bytes, folderFiles: disk.files };
}

/** Bytes and files under a folder (the materials folder is two levels: ab/abcdef…); a missing folder is empty. */
function folderSize(root: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { recursive: true, withFileTypes: true });
  } catch {
    return { bytes, files };
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    bytes += fileSize(join(entry.parentPath, entry.name));
    files++;
  }
  return { bytes, files };
}

/** The file frees pages in small steps (auto_vacuum = INCREMENTAL). */
export function isIncremental(db: Database.Database): boolean {
  return pragma(db, 'auto_vacuum') === 2;
}
