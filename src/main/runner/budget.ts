// The spending caps (issue 14): per calendar day (local time) and per queued batch of
// courses (a queue group). Before a call is sent (or a Message Batch submitted) the guard
// checks that it cannot take spending over a cap; if it could, the queue pauses itself with
// the reason ("Daily budget of $20 reached: $19.87 spent; resume or raise the budget") and
// the call is not sent: nothing is lost, the job waits in the queue.
//
// Spending is the ledger (model_calls.cost_usd: every attempt that reached the API, at its
// tier's price) for today, or for the group's jobs, plus the reservations of calls in flight.
// A call's cost is known only once it lands, so each call reserves its expected cost (the
// estimate's per-kind expectation, estimate/estimate.ts) from just before it is sent until
// its answer is in the ledger (stored with its unit, or recorded as a failed attempt).
//
// How far over a cap a run can go: no call starts unless spending + reservations + its own
// reservation fit under the cap, so the overshoot is at most the reservations' error on the
// calls in flight when the cap is reached: Σ (actual − expected) over at most `requests at
// once` calls (a long lesson answer, a retried attempt) — a few cents at Sonnet prices with
// 6 requests at once. A second process on the same database (the app and the CLI) reserves
// its own calls only: each sees the other's once they land, so two can overshoot by both
// their in-flight errors plus the other's in-flight calls.
//
// Resuming a queue that a cap paused lets spending go past that cap (that day's daily cap,
// or that group's cap) until the cap is changed; raising a cap resumes the queue by itself
// when the new one has room (Runner.resumeIfBudgetAllows), and a queue the daily cap paused
// goes on by itself after local midnight, under the new day's cap (the runner's tick asks).
import { z } from 'zod';
import type { JobStep } from '../../shared/domain';
import type { BudgetSettings, ServiceTier } from '../../shared/economy';
import { readModelSettings, readPreferences } from '../core/app-settings';
import { queueGroupsOf } from '../db/repositories/queue-groups';
import type { Store } from '../db/store';
import { expectedCallUsd } from '../estimate/estimate';

export interface Reservation {
  readonly id: number;
  readonly jobId: string;
  readonly group: string | null;
  readonly usd: number;
}

export type BudgetCheck = { ok: true; reservation: Reservation } | { ok: false; reason: string };

export interface BudgetOptions {
  store: Store;
  /** The caps; default: Settings', read at every check so a change applies to the next call. */
  limits?: () => BudgetSettings;
  /** This runner's own daily cap, over Settings' (the CLI's `run --budget-usd`); undefined: Settings'. */
  dailyUsd?: number | null;
  /** The model calls go to, for the expected cost of a call (default: Settings'). */
  model?: () => string;
  /** A cap was reached: the queue must pause with this reason (the runner's pauseForBudget). */
  onOver?: (reason: string) => void;
  /** Whether a step's calls go to a local model server: they cost nothing, so reserve nothing. */
  isLocal?: (step: JobStep) => boolean;
}

const PAUSE_KEY = 'budget.pause';
const OVERRIDE_KEY = 'budget.overrides';

/** Why the queue stopped, kept so a restart still says it and Resume knows which cap to lift. */
const pauseSchema = z.object({
  reason: z.string(),
  scope: z.enum(['daily', 'group']),
  group: z.string().nullable(),
  day: z.string(),
  cap: z.number(),
});
type BudgetPause = z.infer<typeof pauseSchema>;

/** Caps a person resumed past: today's daily cap of that amount, a group's cap of that amount. */
const overrideSchema = z.object({
  daily: z.object({ day: z.string(), cap: z.number() }).nullable(),
  groups: z.record(z.string(), z.number()),
});
type Overrides = z.infer<typeof overrideSchema>;
const NO_OVERRIDES: Overrides = { daily: null, groups: {} };

/**
 * A per-kind expected cost is reused until the ledger has grown by a tenth (so the first
 * calls of a new database soon replace the defaults) or for five minutes at most.
 */
const EXPECTED_TTL_MS = 5 * 60_000;
const EXPECTED_GROWTH = 0.1;

/** "$20", "$7.50", "$0.0484": as a person wrote the cap. */
export function usd(value: number): string {
  if (Number.isInteger(value)) return `$${value}`;
  if (Math.abs(value * 100 - Math.round(value * 100)) < 1e-9) return `$${value.toFixed(2)}`;
  return `$${Number(value.toFixed(4))}`;
}

export class BudgetGuard {
  private readonly store: Store;
  private readonly reservations = new Map<number, Reservation>();
  private nextId = 1;
  private expected: { at: number; model: string; ledgerRows: number; byTier: Partial<Record<ServiceTier, Record<string, number>>> } | null = null;

  constructor(private readonly options: BudgetOptions) {
    this.store = options.store;
  }

  /** USD reserved by calls in flight now. */
  get reservedUsd(): number {
    let sum = 0;
    for (const r of this.reservations.values()) sum += r.usd;
    return sum;
  }

  /** The caps in force for this runner. */
  limits(): BudgetSettings {
    const stored = this.options.limits?.() ?? readPreferences(this.store).budget;
    return this.options.dailyUsd === undefined ? stored : { ...stored, dailyUsd: this.options.dailyUsd };
  }

  /**
   * May a call (or a batch) expected to cost `usd` for `jobId` go out now? Yes: its cost is
   * reserved until `release`. No: the queue is told to pause (`onOver`) with the reason.
   */
  check(jobId: string, usd: number): BudgetCheck {
    const group = this.store.jobs.get(jobId)?.queue_group ?? null;
    const over = this.overBy(group, usd);
    if (over === null) {
      const reservation: Reservation = { id: this.nextId++, jobId, group, usd };
      this.reservations.set(reservation.id, reservation);
      return { ok: true, reservation };
    }
    try {
      this.store.write(() => this.store.settings.set(PAUSE_KEY, over));
    } catch (error) {
      console.error('could not store why the budget paused the queue:', error);
    }
    this.options.onOver?.(over.reason);
    return { ok: false, reason: over.reason };
  }

  /** `check` with the expected cost of one call of `step`, at batch prices for an economy job. */
  reserve(jobId: string, step: JobStep, tier?: ServiceTier): BudgetCheck {
    const job = this.store.jobs.get(jobId);
    // No cap can apply: nothing to judge, and the expectation (a read of the history) is skipped.
    const capped = this.limits().dailyUsd !== null || (job?.queue_group ? this.groupCap(job.queue_group) !== null : false);
    if (capped && this.options.isLocal?.(step)) return this.check(jobId, 0);
    return this.check(jobId, capped ? this.expectedUsd(step, tier ?? (job?.economy === 1 ? 'batch' : 'standard')) : 0);
  }

  /** The call landed (its cost is in the ledger) or never went out. Null and repeats are ignored. */
  release(reservation: Reservation | null | undefined): void {
    if (reservation) this.reservations.delete(reservation.id);
  }

  /** Expected cost of one call of this kind, from the estimate (cached for a minute). */
  expectedUsd(step: JobStep, tier: ServiceTier = 'standard'): number {
    const model = this.options.model?.() ?? readModelSettings(this.store).model;
    const now = this.store.clockMs();
    const ledgerRows = this.store.db.prepare<[], { n: number | null }>(`SELECT MAX(id) AS n FROM model_calls`).get()!.n ?? 0;
    const e = this.expected;
    const stale = !e || e.model !== model || now - e.at > EXPECTED_TTL_MS || ledgerRows - e.ledgerRows >= Math.max(1, e.ledgerRows * EXPECTED_GROWTH);
    if (stale) this.expected = { at: now, model, ledgerRows, byTier: {} };
    const byKind: Record<string, number> = (this.expected!.byTier[tier] ??= expectedCallUsd(this.store, model, tier));
    return byKind[step] ?? 0;
  }

  /** The stored reason of a queue a cap paused, or null. */
  pauseReason(): string | null {
    return this.storedPause()?.reason ?? null;
  }

  /**
   * The person resumed the queue: the cap that paused it no longer stops calls (today's daily
   * cap, or that group's) until it is changed. No budget pause: nothing to do.
   */
  acknowledge(): void {
    const pause = this.storedPause();
    if (!pause) return;
    const overrides = this.overrides();
    if (pause.scope === 'daily') overrides.daily = { day: pause.day, cap: pause.cap };
    else if (pause.group) overrides.groups[pause.group] = pause.cap;
    this.store.write(() => {
      this.store.settings.set(OVERRIDE_KEY, overrides);
      this.store.settings.delete(PAUSE_KEY);
    });
  }

  /** The queue is paused by a cap that has since been raised or removed, or by yesterday's daily cap. */
  pauseLifted(): boolean {
    const pause = this.storedPause();
    if (!pause) return false;
    const cap = pause.scope === 'daily' ? this.limits().dailyUsd : pause.group ? this.groupCap(pause.group) : null;
    if (pause.scope === 'daily' && pause.day !== localDay(this.store.clockMs())) return true;
    return cap === null || cap > pause.cap;
  }

  /** Forgets a budget pause (the queue resumed by itself after a cap was raised). */
  clearPause(): void {
    if (this.storedPause()) this.store.write(() => this.store.settings.delete(PAUSE_KEY));
  }

  /** Spent today (local day), from the ledger. */
  spentToday(): number {
    const since = new Date(startOfLocalDay(this.store.clockMs())).toISOString();
    return this.store.db.prepare<[string], { usd: number }>(`SELECT COALESCE(SUM(cost_usd), 0) AS usd FROM model_calls WHERE started_at >= ?`).get(since)!.usd;
  }

  private groupCap(group: string): number | null {
    return queueGroupsOf(this.store).get(group)?.budget_usd ?? this.limits().batchUsd;
  }

  /** The group's ledger plus its calls in flight here. */
  private groupSpent(group: string): number {
    let reserved = 0;
    for (const r of this.reservations.values()) if (r.group === group) reserved += r.usd;
    return queueGroupsOf(this.store).spentUsd(group) + reserved;
  }

  /** The cap `usd` more would cross, as the pause to store; null when it fits under every cap. */
  private overBy(group: string | null, more: number): BudgetPause | null {
    const now = this.store.clockMs();
    const day = localDay(now);
    const overrides = this.overrides();
    const daily = this.limits().dailyUsd;
    if (daily !== null && !(overrides.daily?.day === day && overrides.daily.cap === daily)) {
      const spent = this.spentToday();
      if (spent + this.reservedUsd + more > daily) {
        return { reason: `Daily budget of ${usd(daily)} reached: ${usd2(spent)} spent; resume or raise the budget`, scope: 'daily', group: null, day, cap: daily };
      }
    }
    const cap = group ? this.groupCap(group) : null;
    if (group && cap !== null && overrides.groups[group] !== cap) {
      const spent = this.groupSpent(group);
      if (spent + more > cap) {
        const ledger = queueGroupsOf(this.store).spentUsd(group);
        return {
          reason: `Budget of ${usd(cap)} for this batch of courses reached: ${usd2(ledger)} spent; resume or raise the budget`,
          scope: 'group',
          group,
          day,
          cap,
        };
      }
    }
    return null;
  }

  private storedPause(): BudgetPause | null {
    return this.store.settings.get(PAUSE_KEY, pauseSchema.nullable(), null, warn);
  }

  private overrides(): Overrides {
    return structuredClone(this.store.settings.get(OVERRIDE_KEY, overrideSchema, NO_OVERRIDES, warn));
  }
}

const warn = (message: string) => console.warn(message);
const usd2 = (value: number) => `$${value.toFixed(2)}`;

function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** "2026-12-07" in the machine's time zone. */
function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
