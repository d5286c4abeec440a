// The job store: one better-sqlite3 connection and the repositories over it. Both the
// desktop app and the CLI build one of these; neither touches SQL directly.
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { DamageTracker, watchForDamage } from './damage';
import { DatabaseCorruptError, type DatabaseDamagedError } from './errors';
import { closeDatabase, openDatabase, type OpenOptions } from './open';
import { CourseRepository } from './repositories/courses';
import { EconomyBatchRepository } from './repositories/economy-batches';
import { JobRepository } from './repositories/jobs';
import { LogRepository } from './repositories/logs';
import { MaterialRepository } from './repositories/materials';
import { ModelCallRepository } from './repositories/model-calls';
import { RunReportRepository } from './repositories/run-reports';
import { SettingsRepository } from './repositories/settings';
import { VersionRepository } from './repositories/versions';

export interface StoreOptions extends OpenOptions {
  /** Wall clock in epoch ms; replaced in tests (sleep, clock jumps). */
  clockMs?: () => number;
}

export class Store {
  readonly courses: CourseRepository;
  /** Lesson and task versions and approval pins; written by `courses` with each change. */
  readonly versions: VersionRepository;
  readonly jobs: JobRepository;
  readonly logs: LogRepository;
  readonly calls: ModelCallRepository;
  readonly settings: SettingsRepository;
  readonly reports: RunReportRepository;
  readonly batches: EconomyBatchRepository;
  readonly materials: MaterialRepository;
  readonly clockMs: () => number;
  /** Committed write transactions, for the benchmark's writes-per-second figure. */
  writes = 0;
  private readonly tracker: DamageTracker;

  constructor(
    readonly db: Database.Database,
    options: StoreOptions = {},
  ) {
    // Before the repositories prepare their statements, so every statement is watched.
    this.tracker = new DamageTracker(db.name);
    watchForDamage(db, this.tracker);
    this.clockMs = options.clockMs ?? Date.now;
    const nowIso = () => new Date(this.clockMs()).toISOString();
    this.versions = new VersionRepository(db, nowIso);
    this.courses = new CourseRepository(db, nowIso, this.versions);
    this.jobs = new JobRepository(db, this.clockMs);
    this.logs = new LogRepository(db, nowIso);
    this.calls = new ModelCallRepository(db);
    this.settings = new SettingsRepository(db);
    this.reports = new RunReportRepository(db);
    this.batches = new EconomyBatchRepository(db);
    this.materials = new MaterialRepository(db, nowIso);
  }

  static open(path: string, options: StoreOptions = {}): Store {
    const db = openDatabase(path, options);
    try {
      return new Store(db, options);
    } catch (error) {
      db.close();
      // Preparing the statements read a damaged schema: that is damage found at open.
      if (error instanceof DatabaseCorruptError) throw new DatabaseCorruptError(path, error.cause);
      throw error;
    }
  }

  /** The damage a query has met since the store opened, or null while none has. */
  get damage(): DatabaseDamagedError | null {
    return this.tracker.damage;
  }

  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE: no upgrade deadlocks between
   * processes). Refused once the file is known to be damaged: nothing more is written to it.
   */
  write<T>(fn: () => T): T {
    if (this.tracker.damage) throw this.tracker.damage;
    const result = this.db.transaction(fn).immediate();
    this.writes++;
    return result;
  }

  /**
   * Whether a write of a generated unit would find room: at least `minBytes` free both in
   * SQLite's page budget (max_page_count, free pages included) and on the file system.
   * A tiny test write would be a poor probe: it fits in a free page long before the next
   * lesson does, and the queue would bounce between running and full.
   */
  hasRoomToWrite(minBytes = 8 * 1024 * 1024): boolean {
    const pragma = (name: string) => this.db.pragma(name, { simple: true }) as number;
    const pageSize = pragma('page_size');
    const budget = (pragma('max_page_count') - pragma('page_count') + pragma('freelist_count')) * pageSize;
    if (budget < minBytes) return false;
    const file = this.db.name;
    if (!file || file === ':memory:') return true;
    try {
      const stats = statfsSync(dirname(file));
      return stats.bavail * stats.bsize >= minBytes;
    } catch {
      return true;
    }
  }

  close(): void {
    // Refreshing the planner's statistics writes: not into a file known to be damaged.
    closeDatabase(this.db, { optimize: this.tracker.damage === null });
  }
}
