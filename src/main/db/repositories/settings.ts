// Key/value settings stored as JSON. Values are parsed with the caller's schema on read,
// so a nonsense value in the file falls back to the default with a warning, never a crash.
import type Database from 'better-sqlite3';
import type { z } from 'zod';

export class SettingsRepository {
  private readonly getStmt;
  private readonly setStmt;
  private readonly deleteStmt;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare<[string], { value_json: string }>(`SELECT value_json FROM settings WHERE key = ?`);
    this.setStmt = db.prepare(
      `INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM settings WHERE key = ?`);
  }

  get<T>(key: string, schema: z.ZodType<T>, fallback: T, onInvalid?: (message: string) => void): T {
    const stored = this.readJson(key, onInvalid);
    if (!stored.found) return fallback;
    const parsed = schema.safeParse(stored.raw);
    if (!parsed.success) {
      onInvalid?.(`Setting "${key}" is invalid (${parsed.error.issues[0]?.message ?? 'bad value'}); using the default.`);
      return fallback;
    }
    return parsed.data;
  }

  /**
   * Like `get`, for a record: each field is checked on its own, so one nonsense field falls
   * back to its default alone and the others (a company's base URL…) are kept. A field that
   * is missing (written by an older version) takes its default without a warning.
   */
  getFields<T extends Record<string, unknown>>(
    key: string,
    schema: z.ZodObject<{ [K in keyof T]: z.ZodType<T[K]> }>,
    fallback: T,
    onInvalid?: (message: string) => void,
  ): T {
    const { found, raw } = this.readJson(key, onInvalid);
    if (!found) return fallback;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      onInvalid?.(`Setting "${key}" is not a record; using the defaults.`);
      return fallback;
    }
    const stored = raw as Record<string, unknown>;
    const out = { ...fallback };
    for (const field of Object.keys(schema.shape) as (keyof T & string)[]) {
      if (stored[field] === undefined) continue;
      const parsed = schema.shape[field].safeParse(stored[field]);
      if (parsed.success) out[field] = parsed.data;
      else onInvalid?.(`Setting "${key}.${field}" is invalid (${parsed.error.issues[0]?.message ?? 'bad value'}); using the default.`);
    }
    return out;
  }

  /** The stored JSON of `key`; not found when there is none, or it does not parse (said to `onInvalid`). */
  private readJson(key: string, onInvalid?: (message: string) => void): { found: boolean; raw: unknown } {
    const row = this.getStmt.get(key);
    if (!row) return { found: false, raw: undefined };
    try {
      return { found: true, raw: JSON.parse(row.value_json) };
    } catch {
      onInvalid?.(`Setting "${key}" is not valid JSON; using the default.`);
      return { found: false, raw: undefined };
    }
  }

  set(key: string, value: unknown): void {
    this.setStmt.run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.deleteStmt.run(key);
  }
}
