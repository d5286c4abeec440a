// Queue groups: the jobs queued together (one batch review, one `course-studio queue`, or a
// single course), so a budget "per queued batch" can be held (runner/budget.ts). A group's
// spending is the ledger (model_calls) of its jobs.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface QueueGroupRow {
  id: string;
  created_at: string;
  label: string;
  /** This group's cap in USD; null: the Settings' per-batch cap, if any. */
  budget_usd: number | null;
}

/** What a group's jobs have cost together, and what economy saved them against standard prices. */
export interface QueueGroupTotalsRow {
  jobs: number;
  calls: number;
  costUsd: number;
  savedUsd: number;
}

export class QueueGroupRepository {
  private readonly stmts;

  constructor(
    db: Database.Database,
    private readonly nowIso: () => string,
  ) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO queue_groups (id, created_at, label, budget_usd) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
      get: db.prepare<[string], QueueGroupRow>(`SELECT * FROM queue_groups WHERE id = ?`),
      setBudget: db.prepare(`UPDATE queue_groups SET budget_usd = ? WHERE id = ?`),
      spent: db.prepare<[string], { usd: number }>(
        `SELECT COALESCE(SUM(m.cost_usd), 0) AS usd FROM model_calls m JOIN jobs j ON j.id = m.job_id WHERE j.queue_group = ?`,
      ),
      // The group's jobs through jobs_by_queue_group, each one's calls through model_calls_by_job.
      totals: db.prepare<[string], QueueGroupTotalsRow>(
        `SELECT COUNT(DISTINCT j.id) AS jobs, COUNT(m.job_id) AS calls, COALESCE(SUM(m.cost_usd), 0) AS costUsd,
           -- A batch call is billed at half the standard price: what it saved equals its cost.
           COALESCE(SUM(CASE WHEN m.service_tier = 'batch' THEN m.cost_usd ELSE 0 END), 0) AS savedUsd
         FROM jobs j INDEXED BY jobs_by_queue_group LEFT JOIN model_calls m ON m.job_id = j.id
         WHERE j.queue_group = ?`,
      ),
    };
  }

  /** The group `id`, created (with `label` and `budgetUsd`) if it does not exist yet. */
  ensure(id: string = randomUUID(), label = '', budgetUsd: number | null = null): QueueGroupRow {
    this.stmts.insert.run(id, this.nowIso(), label, budgetUsd);
    return this.get(id)!;
  }

  get(id: string): QueueGroupRow | null {
    return this.stmts.get.get(id) ?? null;
  }

  setBudget(id: string, budgetUsd: number | null): void {
    this.stmts.setBudget.run(budgetUsd, id);
  }

  /** What the group's jobs have cost so far (every attempt, at its tier's price). */
  spentUsd(id: string): number {
    return this.stmts.spent.get(id)!.usd;
  }

  /** The group's jobs (those not deleted), their calls, cost and saving. */
  totals(id: string): QueueGroupTotalsRow {
    return this.stmts.totals.get(id)!;
  }
}

/** Opens the repository over a store's connection (kept out of Store so this file stands alone). */
export function queueGroupsOf(store: { db: Database.Database; clockMs: () => number }): QueueGroupRepository {
  const cached = repos.get(store.db);
  if (cached) return cached;
  const repo = new QueueGroupRepository(store.db, () => new Date(store.clockMs()).toISOString());
  repos.set(store.db, repo);
  return repo;
}

const repos = new WeakMap<Database.Database, QueueGroupRepository>();
