// Source materials in SQLite: a material's extracted text, sections and chunks (one row per
// distinct file, by sha256), the courses that use it, and the sources lessons cite. The bytes
// are not here (sources/material-files.ts). Which materials may be released is decided here,
// in one query, so the app, the CLI and a cleanup all agree.
import type Database from 'better-sqlite3';
import { MATERIAL_MEDIA_TYPES, sourceLocationSchema, type CourseMaterial, type MaterialErrorCode, type MaterialFormat, type LessonSource, type SourceLocation } from '../../../shared/materials';
import { z } from 'zod';
import { parseJson, toJson } from '../json';

export interface MaterialMeta {
  sha256: string;
  fileName: string;
  format: MaterialFormat;
  sizeBytes: number;
}

export interface MaterialSection {
  start: number;
  end: number;
  location: SourceLocation;
}

export interface MaterialChunk {
  position: number;
  start: number;
  end: number;
  location: SourceLocation;
  tokens: number;
}

export interface ExtractedMaterial {
  text: string;
  sections: MaterialSection[];
  chunks: MaterialChunk[];
  pages: number | null;
  pagesWithoutText: number;
  words: number;
  tokens: number;
}

export interface StoredMaterial extends MaterialMeta {
  pages: number | null;
  pagesWithoutText: number;
  words: number;
  tokens: number;
  error: { code: MaterialErrorCode; message: string } | null;
  extractorVersion: number;
}

/** A lesson's source as stored: which material, where in it, and what the lesson took from it (the name is the course's). */
export type StoredLessonSource = Omit<LessonSource, 'fileName'>;

interface MaterialRow {
  sha256: string;
  file_name: string;
  format: MaterialFormat;
  size_bytes: number;
  pages: number | null;
  pages_without_text: number;
  words: number;
  tokens: number;
  error_code: MaterialErrorCode | null;
  error_message: string | null;
  extractor_version: number;
}

const sectionsSchema = z.array(z.object({ start: z.number(), end: z.number(), location: sourceLocationSchema }));

const toStored = (r: MaterialRow): StoredMaterial => ({
  sha256: r.sha256,
  fileName: r.file_name,
  format: r.format,
  sizeBytes: r.size_bytes,
  pages: r.pages,
  pagesWithoutText: r.pages_without_text,
  words: r.words,
  tokens: r.tokens,
  error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
  extractorVersion: r.extractor_version,
});

const location = (json: string, column: string): SourceLocation => sourceLocationSchema.parse(parseJson(json, column));

const SUMMARY = `m.sha256, m.file_name, m.format, m.size_bytes, m.pages, m.pages_without_text, m.words, m.tokens, m.error_code, m.error_message, m.extractor_version`;

/** A stored material as a course lists it, under the name and at the place the course gave it. */
export const courseMaterialView = (stored: StoredMaterial, fileName: string, position: number): CourseMaterial => ({
  sha256: stored.sha256,
  fileName,
  format: stored.format,
  sizeBytes: stored.sizeBytes,
  pages: stored.pages,
  pagesWithoutText: stored.pagesWithoutText,
  words: stored.words,
  tokens: stored.tokens,
  error: stored.error,
  position,
});

export class MaterialRepository {
  private readonly stmts;

  constructor(
    readonly db: Database.Database,
    private readonly now: () => string,
  ) {
    this.stmts = {
      get: db.prepare<[string], MaterialRow>(`SELECT ${SUMMARY} FROM materials m WHERE m.sha256 = ?`),
      upsert: db.prepare(
        `INSERT INTO materials (sha256, file_name, format, media_type, size_bytes, pages, pages_without_text, words, tokens, text, sections_json,
                                error_code, error_message, extractor_version, created_at, extracted_at)
         VALUES (@sha256, @fileName, @format, @mediaType, @sizeBytes, @pages, @pagesWithoutText, @words, @tokens, @text, @sections,
                 @errorCode, @errorMessage, @extractorVersion, @now, @now)
         ON CONFLICT (sha256) DO UPDATE SET format = excluded.format, media_type = excluded.media_type, size_bytes = excluded.size_bytes,
           pages = excluded.pages, pages_without_text = excluded.pages_without_text, words = excluded.words, tokens = excluded.tokens,
           text = excluded.text, sections_json = excluded.sections_json, error_code = excluded.error_code, error_message = excluded.error_message,
           extractor_version = excluded.extractor_version, extracted_at = excluded.extracted_at`,
      ),
      deleteChunks: db.prepare(`DELETE FROM material_chunks WHERE material_sha256 = ?`),
      insertChunk: db.prepare(
        `INSERT INTO material_chunks (material_sha256, position, start_offset, end_offset, location_json, tokens) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      text: db.prepare<[string], { text: string | null; sections_json: string | null }>(`SELECT text, sections_json FROM materials WHERE sha256 = ?`),
      chunks: db.prepare<[string], { position: number; start_offset: number; end_offset: number; location_json: string; tokens: number }>(
        `SELECT position, start_offset, end_offset, location_json, tokens FROM material_chunks WHERE material_sha256 = ? ORDER BY position`,
      ),
      link: db.prepare(
        `INSERT INTO course_materials (course_id, material_sha256, position, file_name, added_at)
         VALUES (@courseId, @sha256, (SELECT COALESCE(MAX(position) + 1, 0) FROM course_materials WHERE course_id = @courseId), @fileName, @now)
         ON CONFLICT (course_id, material_sha256) DO NOTHING`,
      ),
      unlink: db.prepare(`DELETE FROM course_materials WHERE course_id = ? AND material_sha256 = ?`),
      forCourse: db.prepare<[string], MaterialRow & { link_name: string; position: number }>(
        `SELECT ${SUMMARY}, cm.file_name AS link_name, cm.position
           FROM course_materials cm JOIN materials m ON m.sha256 = cm.material_sha256
          WHERE cm.course_id = ? ORDER BY cm.position`,
      ),
      unreferenced: db.prepare<[], { sha256: string }>(
        `SELECT m.sha256 FROM materials m
          WHERE NOT EXISTS (SELECT 1 FROM course_materials cm WHERE cm.material_sha256 = m.sha256)
            AND NOT EXISTS (SELECT 1 FROM lesson_sources ls WHERE ls.material_sha256 = m.sha256)
          ORDER BY m.sha256`,
      ),
      citedName: db.prepare<[string, string], { file_name: string }>(
        `SELECT m.file_name FROM lesson_sources ls
           JOIN lessons l ON l.id = ls.lesson_id
           JOIN projects p ON p.id = l.project_id
           JOIN materials m ON m.sha256 = ls.material_sha256
          WHERE ls.material_sha256 = ? AND p.course_id = ? LIMIT 1`,
      ),
      deleteMaterial: db.prepare(`DELETE FROM materials WHERE sha256 = ?`),
      allHashes: db.prepare<[], { sha256: string }>(`SELECT sha256 FROM materials ORDER BY sha256`),
      deleteLessonSources: db.prepare(`DELETE FROM lesson_sources WHERE lesson_id = ?`),
      insertLessonSource: db.prepare(
        `INSERT INTO lesson_sources (lesson_id, position, material_sha256, location_json, note) VALUES (?, ?, ?, ?, ?)`,
      ),
      lessonSources: db.prepare<[string], { material_sha256: string; location_json: string; note: string }>(
        `SELECT material_sha256, location_json, note FROM lesson_sources WHERE lesson_id = ? ORDER BY position`,
      ),
    };
  }

  get(sha256: string): StoredMaterial | null {
    const row = this.stmts.get.get(sha256);
    return row ? toStored(row) : null;
  }

  /** Stores what reading the file gave (replacing an earlier reading of the same bytes). */
  saveExtracted(meta: MaterialMeta, content: ExtractedMaterial, extractorVersion: number): void {
    this.stmts.upsert.run({
      ...this.common(meta, extractorVersion),
      pages: content.pages,
      pagesWithoutText: content.pagesWithoutText,
      words: content.words,
      tokens: content.tokens,
      text: content.text,
      sections: toJson(content.sections),
      errorCode: null,
      errorMessage: null,
    });
    this.stmts.deleteChunks.run(meta.sha256);
    for (const c of content.chunks) this.stmts.insertChunk.run(meta.sha256, c.position, c.start, c.end, toJson(c.location), c.tokens);
  }

  /** Stores why the file could not be read; an earlier good reading is not replaced by a failure. */
  saveFailed(meta: MaterialMeta, failure: { code: MaterialErrorCode; message: string }, extractorVersion: number): void {
    const existing = this.get(meta.sha256);
    if (existing && !existing.error) return;
    this.stmts.upsert.run({
      ...this.common(meta, extractorVersion),
      pages: null,
      pagesWithoutText: 0,
      words: 0,
      tokens: 0,
      text: null,
      sections: null,
      errorCode: failure.code,
      errorMessage: failure.message,
    });
    this.stmts.deleteChunks.run(meta.sha256);
  }

  private common(meta: MaterialMeta, extractorVersion: number) {
    return {
      sha256: meta.sha256,
      fileName: meta.fileName,
      format: meta.format,
      mediaType: MATERIAL_MEDIA_TYPES[meta.format],
      sizeBytes: meta.sizeBytes,
      extractorVersion,
      now: this.now(),
    };
  }

  /** The material's text and sections; null when it has none (not stored, or its reading failed). */
  content(sha256: string): { text: string; sections: MaterialSection[] } | null {
    const row = this.stmts.text.get(sha256);
    if (!row || row.text === null) return null;
    return { text: row.text, sections: sectionsSchema.parse(parseJson(row.sections_json, 'materials.sections_json') ?? []) };
  }

  chunks(sha256: string): MaterialChunk[] {
    return this.stmts.chunks.all(sha256).map((r) => ({
      position: r.position,
      start: r.start_offset,
      end: r.end_offset,
      location: location(r.location_json, 'material_chunks.location_json'),
      tokens: r.tokens,
    }));
  }

  /** Adds the material to the course, after its others; attaching it again changes nothing. */
  link(courseId: string, sha256: string, fileName: string): boolean {
    return this.stmts.link.run({ courseId, sha256, fileName, now: this.now() }).changes > 0;
  }

  unlink(courseId: string, sha256: string): boolean {
    return this.stmts.unlink.run(courseId, sha256).changes > 0;
  }

  forCourse(courseId: string): CourseMaterial[] {
    return this.stmts.forCourse.all(courseId).map((r) => courseMaterialView(toStored(r), r.link_name, r.position));
  }

  /**
   * The name a course shows for a material: the one it linked it under, else (a material taken
   * off the course that a lesson still cites) the name it was first added under; null when
   * the course neither links nor cites it.
   */
  nameInCourse(courseId: string, sha256: string): string | null {
    const linked = this.forCourse(courseId).find((m) => m.sha256 === sha256);
    return linked?.fileName ?? this.stmts.citedName.get(sha256, courseId)?.file_name ?? null;
  }

  /** Materials no course links and no lesson cites: theirs to release. */
  unreferenced(): string[] {
    return this.stmts.unreferenced.all().map((r) => r.sha256);
  }

  /** Deletes the rows (and chunks) of materials nothing refers to, but those in `keep`; returns their hashes. */
  deleteUnreferenced(keep: ReadonlySet<string> = new Set()): string[] {
    const hashes = this.unreferenced().filter((hash) => !keep.has(hash));
    for (const hash of hashes) this.stmts.deleteMaterial.run(hash);
    return hashes;
  }

  hashes(): Set<string> {
    return new Set(this.stmts.allHashes.all().map((r) => r.sha256));
  }

  setLessonSources(lessonId: string, sources: readonly StoredLessonSource[]): void {
    this.stmts.deleteLessonSources.run(lessonId);
    sources.forEach((s, i) => this.stmts.insertLessonSource.run(lessonId, i, s.material, toJson(sourceLocationSchema.parse(s.location)), s.note));
  }

  lessonSources(lessonId: string): StoredLessonSource[] {
    return this.stmts.lessonSources.all(lessonId).map((r) => ({ material: r.material_sha256, location: location(r.location_json, 'lesson_sources.location_json'), note: r.note }));
  }
}
