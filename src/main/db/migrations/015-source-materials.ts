// Source materials (issue 18). A material is a file's bytes, named by their sha256 (the bytes
// live in the data folder, sources/material-files.ts); its extracted text, sections and chunks
// live here, so ranking and the viewer never read the file again. Courses link to materials
// under the name the instructor gave; a material no course and no lesson refers to is released
// (row and file: sources/release.ts). A material whose reading failed keeps its row with the
// error, so the course shows why; attaching it again reads it again.
// - `materials.sections_json`: [{start, end, location}] over `text` (offsets, end exclusive);
//   location {kind:'pages', from, to} or {kind:'section', path:[headings]}.
// - `material_chunks`: the passages ranking picks from, as ranges of `text` (no copy).
// - `lesson_sources`: what a lesson says it drew on ({material, location, note}), for the
//   generation work that fills it (not wired yet). It holds its material: a cited material is
//   not released while the lesson exists.
import type { Migration } from './types';

export const migration015: Migration = {
  version: 15,
  name: 'source materials',
  up: (db) => {
    db.exec(`
      CREATE TABLE materials (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        file_name TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('pdf', 'docx', 'markdown', 'text', 'html')),
        media_type TEXT NOT NULL,
        size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
        pages INTEGER,
        pages_without_text INTEGER NOT NULL DEFAULT 0,
        words INTEGER NOT NULL DEFAULT 0,
        tokens INTEGER NOT NULL DEFAULT 0,
        text TEXT,
        sections_json TEXT,
        error_code TEXT,
        error_message TEXT,
        extractor_version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        extracted_at TEXT NOT NULL,
        CHECK ((text IS NULL) = (error_code IS NOT NULL))
      ) STRICT;

      CREATE TABLE material_chunks (
        material_sha256 TEXT NOT NULL REFERENCES materials (sha256) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        location_json TEXT NOT NULL,
        tokens INTEGER NOT NULL,
        PRIMARY KEY (material_sha256, position)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE course_materials (
        course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        material_sha256 TEXT NOT NULL REFERENCES materials (sha256),
        position INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (course_id, material_sha256),
        UNIQUE (course_id, position)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX course_materials_by_material ON course_materials (material_sha256);

      CREATE TABLE lesson_sources (
        lesson_id TEXT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        material_sha256 TEXT NOT NULL REFERENCES materials (sha256),
        location_json TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (lesson_id, position)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX lesson_sources_by_material ON lesson_sources (material_sha256);
    `);
  },
};
