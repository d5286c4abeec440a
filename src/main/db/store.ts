// The job store: one better-sqlite3 connection and the repositories over it. Both the
// desktop app and the CLI build one of these; neither touches SQL directly.
import type Database from 'better-sqlite3';
import { closeDatabase, openDatabase, type OpenOptions } from './open';
import { CourseRepository } from './repositories/courses';
import { JobRepository } from './repositories/jobs';
import { LogRepository } from './repositories/logs';
import { ModelCallRepository } from './repositories/model-calls';
import { SettingsRepository } from './repositories/settings';

export interface StoreOptions extends OpenOptions {
  /** Wall clock in epoch ms; replaced in tests (sleep, clock jumps). */
  clockMs?: () => number;
}

export class Store {
  readonly courses: CourseRepository;
  readonly jobs: JobRepository;
  readonly logs: LogRepository;
  readonly calls: ModelCallRepository;
  readonly settings: SettingsRepository;
  readonly clockMs: () => number;
  /** Committed write transactions, for the benchmark's writes-per-second figure. */
  writes = 0;

  constructor(
    readonly db: Database.Database,
    options: StoreOptions = {},
  ) {
    this.clockMs = options.clockMs ?? Date.now;
    const nowIso = () => new Date(this.clockMs()).toISOString();
    this.courses = new CourseRepository(db, nowIso);
    this.jobs = new JobRepository(db, this.clockMs);
    this.logs = new LogRepository(db, nowIso);
    this.calls = new ModelCallRepository(db);
    this.settings = new SettingsRepository(db);
  }

  static open(path: string, options: StoreOptions = {}): Store {
    return new Store(openDatabase(path, options), options);
  }

  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE: no upgrade deadlocks between processes). */
  write<T>(fn: () => T): T {
    const result = this.db.transaction(fn).immediate();
    this.writes++;
    return result;
  }

  close(): void {
    closeDatabase(this.db);
  }
}
