// The Message Batches cycle of economy mode: collect the units economy jobs ask for, submit
// them as one batch, poll it, stream its results back to the calls that wait for them.
// The jobs do not know: their units' calls go through the batch transport
// (transports/batch.ts), which asks this cycle instead of the live API, and the same retry
// policy, validation and commit run on the answers as on the live path.
//
// Never pay twice, never lose a paid answer — under a SIGKILL at any moment:
// - Before `create`, the batch and its units (with their custom_ids) are stored: the intent.
//   After `create`, the API's batch id. Both in their own transactions.
// - A restart that finds an intent without an id looks for the batch on the API before it
//   creates another: the batches listed since shortly before the intent, not already ours,
//   created within INTENT_MATCH_MS of it, with the intent's request count. One that matches
//   is adopted; its results are checked against the intent's custom_id prefix (unique per
//   intent) once it ends, and a batch whose lines are not ours is let go. No match: nothing
//   was created, the intent is abandoned and its units are asked for again (new intent).
// - A restart finds the batches it knows and keeps polling them; an ended batch whose answers
//   were read but not all committed is read again from its results file (kept 29 days).
// - A job's call attaches first to its unit's latest request (in any state but discarded), so
//   a unit asked for again after a restart waits for the answer already paid for.
// - A unit is committed by its job, at most once: a line for a unit nobody waits for is kept
//   until its job asks for it, and a unit asked for again is never sent again while it waits.
// - Cancelling a job drops its units not yet submitted, marks its submitted units discarded
//   (their answers are not committed), and cancels a batch once none of its units belongs to
//   a live job.
import { randomBytes, randomUUID } from 'node:crypto';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { MessageBatchResult } from '@anthropic-ai/sdk/resources/messages/batches';
import type { LogLevel } from '../../shared/domain';
import type { BatchesClient, BatchInfo, BatchRequest } from '../ai/anthropic-batches';
import { abortError, type Clock } from '../ai/clock';
import { ProviderError } from '../ai/provider';
import type { ProviderHealth } from '../ai/provider-health';
import type { BatchRow } from '../db/repositories/economy-batches';
import type { Store } from '../db/store';

export type BatchOutcome = MessageBatchResult;

export interface EconomyUnit {
  jobId: string;
  /** `${jobId}/${step}/${itemKey}`: what a restarted job's call finds its request by. */
  unitKey: string;
}

export interface BatchCycleOptions {
  /**
   * How long the cycle collects ready units after the first one arrives before it submits
   * them (default 10 s): a job asks for all its projects' lessons at once, and the jobs
   * started together ask within a second or two of each other, so one batch takes them all
   * instead of one batch per job. The units of the next step (tasks once lessons landed)
   * go in the next batch.
   */
  windowMs?: number;
  /** Submit at once when this many units are ready (the API takes up to 100,000). */
  maxRequests?: number;
  /** Polling: first wait after create, doubled each time, capped (default 30 s → 5 min). */
  pollMs?: { first: number; max: number };
  /** Back-off of a create that met a 429/5xx, doubled each time (default 5 s → 5 min). */
  retryMs?: { first: number; max: number };
}

export interface BatchCycleDeps {
  store: Store;
  /** The client for the current key and base URL. */
  client: () => BatchesClient;
  clock: Clock;
  /** The one "may I send now?": network and the overload breaker hold a submission too. */
  health: ProviderHealth;
  /** Whether a job still wants its answers (not cancelled, not deleted). */
  isLive: (jobId: string) => boolean;
  log: (jobId: string, level: LogLevel, message: string, details?: Record<string, unknown>) => void;
  /** The batches changed (the queue page's view). */
  changed?: () => void;
  options?: BatchCycleOptions;
}

/** How far from an intent's time its batch's created_at may be to be taken for it. */
export const INTENT_MATCH_MS = 10 * 60_000;

interface Waiter {
  unit: EconomyUnit;
  resolve: (outcome: BatchOutcome) => void;
  reject: (error: unknown) => void;
}

interface Pending {
  unit: EconomyUnit;
  params: MessageCreateParamsNonStreaming;
  waiter: Waiter;
  /** Given when its intent is written. */
  customId?: string;
}

export class BatchCycle {
  readonly #deps: BatchCycleDeps;
  readonly #windowMs: number;
  readonly #maxRequests: number;
  readonly #pollMs: { first: number; max: number };
  readonly #retryMs: { first: number; max: number };
  #pending: Pending[] = [];
  #windowTimer: NodeJS.Timeout | null = null;
  readonly #waiters = new Map<string, Waiter>();
  /** Lines read for units nobody waits for yet (a paused job, a job not yet resumed). */
  readonly #unclaimed = new Map<string, BatchOutcome>();
  /** Batches being created, polled or read: one loop each. */
  readonly #active = new Map<string, Promise<void>>();
  #stop = new AbortController();
  #started = false;

  constructor(deps: BatchCycleDeps) {
    this.#deps = deps;
    this.#windowMs = deps.options?.windowMs ?? 10_000;
    this.#maxRequests = deps.options?.maxRequests ?? 10_000;
    this.#pollMs = deps.options?.pollMs ?? { first: 30_000, max: 5 * 60_000 };
    this.#retryMs = deps.options?.retryMs ?? { first: 5_000, max: 5 * 60_000 };
  }

  /** Takes up the batches a previous run left: intents to find, batches to poll or read. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    if (this.#stop.signal.aborted) this.#stop = new AbortController();
    const { store } = this.#deps;
    for (const b of store.batches.withState('intent')) this.#track(b.id, () => this.#recoverIntent(b));
    for (const b of store.batches.withState('submitted')) this.#track(b.id, () => this.#poll(b.id, 0));
    for (const b of store.batches.withState('ended')) this.#track(b.id, () => this.#read(b.id));
  }

  /** Stops every loop; waiting calls are left to their jobs' own stop. Nothing stored changes. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#stop.abort();
    if (this.#windowTimer) clearTimeout(this.#windowTimer);
    this.#windowTimer = null;
    await Promise.allSettled([...this.#active.values()]);
  }

  /**
   * One request of a unit. `attach`: the first request of a call, which waits for the unit's
   * latest stored request if there is one (a restart, a resumed job) instead of sending it
   * again. `signal` aborted with 'cancel' or 'abandon' discards the unit; any other abort or
   * the drain (a pause, a shutdown) only stops waiting: the answer is kept for later.
   */
  request(
    unit: EconomyUnit,
    params: MessageCreateParamsNonStreaming,
    opts: { attach: boolean; signal?: AbortSignal; drain?: AbortSignal },
  ): Promise<BatchOutcome> {
    return new Promise<BatchOutcome>((resolve, reject) => {
      const stops = [opts.signal, opts.drain].filter((s): s is AbortSignal => s !== undefined);
      const already = stops.find((s) => s.aborted);
      if (already) return reject(already === opts.drain ? opts.drain.reason : abortError(already));
      let customId: string | null = null;
      let settled = false;
      const cleanup = () => {
        settled = true;
        for (const s of stops) s.removeEventListener('abort', onStop);
      };
      const waiter: Waiter = {
        unit,
        resolve: (o) => (cleanup(), resolve(o)),
        reject: (e) => (cleanup(), reject(e)),
      };
      // A cancel drains the job first and aborts it right after, in one go: decided once both
      // are in, so a cancel is not taken for a pause.
      const onStop = () => queueMicrotask(stopWaiting);
      const stopWaiting = () => {
        if (settled) return;
        const byDrain = opts.drain?.aborted === true && opts.signal?.aborted !== true;
        const discard = !byDrain && (opts.signal?.reason === 'cancel' || opts.signal?.reason === 'abandon');
        this.#pending = this.#pending.filter((p) => p.waiter !== waiter);
        const id = customId ?? this.#customIdOf(waiter);
        if (id !== null) {
          this.#waiters.delete(id);
          if (discard) this.#discard(id);
        }
        waiter.reject(byDrain ? opts.drain!.reason : abortError(opts.signal!));
      };
      for (const s of stops) s.addEventListener('abort', onStop, { once: true });

      if (opts.attach) {
        const row = this.#deps.store.batches.latestForUnit(unit.unitKey);
        if (row && row.state !== 'discarded' && row.batch_state !== 'abandoned') {
          customId = row.custom_id;
          this.#attach(row.custom_id, row.batch_id, waiter);
          return;
        }
      }
      this.#pending.push({ unit, params, waiter });
      this.#schedule();
    });
  }

  /** A job cancelled or deleted while not running: its waiting units will not be committed. */
  discardJob(jobId: string): void {
    this.#pending = this.#pending.filter((p) => {
      if (p.unit.jobId !== jobId) return true;
      p.waiter.reject(new ProviderError('aborted', 'The job was cancelled.'));
      return false;
    });
    this.#deps.store.batches.discardJob(jobId);
    for (const b of this.#deps.store.batches.withState('submitted')) this.#cancelIfUnwanted(b);
    this.#deps.changed?.();
  }

  /** Units collected and not yet submitted (for tests and the view). */
  get collecting(): number {
    return this.#pending.length;
  }

  // ---- collecting and submitting -----------------------------------------------------

  #schedule(): void {
    if (!this.#started) return;
    if (this.#pending.length >= this.#maxRequests) {
      this.#submitNow();
      return;
    }
    if (this.#windowTimer) return;
    // Not unref'd: units waiting to be sent are work in progress (a CLI run must not exit).
    this.#windowTimer = setTimeout(() => this.#submitNow(), this.#windowMs);
  }

  #submitNow(): void {
    if (this.#windowTimer) clearTimeout(this.#windowTimer);
    this.#windowTimer = null;
    while (this.#pending.length > 0) {
      const take = this.#pending.splice(0, this.#maxRequests);
      const batch = this.#writeIntent(take);
      this.#track(batch.id, () => this.#create(batch, take.map((p) => ({ custom_id: p.customId!, params: p.params }))));
    }
  }

  #writeIntent(take: Pending[]): BatchRow {
    const { store, clock } = this.#deps;
    // Unique per intent, so the results of a batch found after a crash can be told ours.
    const prefix = `cs${randomBytes(6).toString('hex')}`;
    const id = randomUUID();
    const at = new Date(clock.now()).toISOString();
    take.forEach((p, i) => (p.customId = `${prefix}-${i}`));
    store.batches.insertIntent(
      { id, prefix, at },
      take.map((p) => ({ customId: p.customId!, jobId: p.unit.jobId, unitKey: p.unit.unitKey })),
    );
    for (const p of take) this.#waiters.set(p.customId!, p.waiter);
    this.#deps.changed?.();
    return store.batches.get(id)!;
  }

  /** Creates the batch of an intent, once; a create whose fate is unknown is looked for first. */
  async #create(batch: BatchRow, requests: BatchRequest[]): Promise<void> {
    const { store, health } = this.#deps;
    const signal = this.#stop.signal;
    let delay = this.#retryMs.first;
    for (;;) {
      if (signal.aborted) return;
      // Every unit was cancelled before it went out: nothing to create.
      if (store.batches.openUnits(batch.id) === 0) {
        store.batches.setState(batch.id, 'abandoned', 'Every job in it was cancelled before it was sent.');
        this.#deps.changed?.();
        return;
      }
      await health.ready(signal);
      let info: BatchInfo;
      try {
        info = await this.#deps.client().create(requests, signal);
      } catch (error) {
        if (signal.aborted) return;
        const err = error instanceof ProviderError ? error : new ProviderError('server', String(error));
        if (isPermanent(err)) {
          store.batches.setState(batch.id, 'abandoned', err.message);
          this.#failWaiters(batch.id, err);
          return;
        }
        // A connection cut after the request left may have created it: look before sending again.
        if (err.kind === 'network' || err.kind === 'timeout') {
          const found = await this.#findOnApi(batch).catch(() => null);
          if (found) return this.#adopt(batch, found);
        }
        this.#logBatch(batch.id, 'warning', `Economy batch not created yet (${err.message}); trying again in ${Math.round(delay / 1000)} s.`);
        await this.#deps.clock.sleep(Math.max(delay, err.retryAfterMs ?? 0), signal).catch(() => undefined);
        delay = Math.min(this.#retryMs.max, delay * 2);
        continue;
      }
      return this.#adopt(batch, info);
    }
  }

  #adopt(batch: BatchRow, info: BatchInfo): Promise<void> {
    const { store, clock } = this.#deps;
    store.batches.markSubmitted(batch.id, info.id, new Date(clock.now()).toISOString(), info.expiresAt ? new Date(info.expiresAt).toISOString() : null, info.processingStatus, info.counts);
    this.#logBatch(batch.id, 'info', `Waiting in economy batch ${info.id} (${batch.request_count} requests; results within 24 h, usually under an hour).`);
    this.#deps.changed?.();
    return this.#poll(batch.id, 0);
  }

  /** An intent a previous run left without an id: its batch, if the API has one, else none was made. */
  async #recoverIntent(batch: BatchRow): Promise<void> {
    const signal = this.#stop.signal;
    let delay = this.#retryMs.first;
    for (;;) {
      if (signal.aborted) return;
      try {
        await this.#deps.health.ready(signal);
        const found = await this.#findOnApi(batch);
        if (found) return await this.#adopt(batch, found);
        this.#deps.store.batches.setState(batch.id, 'abandoned', 'Not created before the app stopped; its units were asked for again.');
        this.#deps.changed?.();
        this.#failWaiters(batch.id, new ProviderError('server', 'The economy batch was never created; asking again.'));
        return;
      } catch {
        if (signal.aborted) return;
        await this.#deps.clock.sleep(delay, signal).catch(() => undefined);
        delay = Math.min(this.#retryMs.max, delay * 2);
      }
    }
  }

  /** A batch on the API that may be this intent's: not ours yet, made near its time, as many requests. */
  async #findOnApi(batch: BatchRow): Promise<BatchInfo | null> {
    const intentAt = Date.parse(batch.intent_at);
    const recent = await this.#deps.client().listSince(intentAt - INTENT_MATCH_MS, 1_000, this.#stop.signal);
    const known = this.#deps.store.batches.knownApiIds();
    const total = (b: BatchInfo) => b.counts.processing + b.counts.succeeded + b.counts.errored + b.counts.canceled + b.counts.expired;
    const candidates = recent
      .filter((b) => !known.has(b.id) && Math.abs(b.createdAt - intentAt) <= INTENT_MATCH_MS && total(b) === batch.request_count)
      .sort((a, b) => Math.abs(a.createdAt - intentAt) - Math.abs(b.createdAt - intentAt));
    return candidates[0] ?? null;
  }

  // ---- polling and reading -------------------------------------------------------------

  async #poll(batchId: string, waited: number): Promise<void> {
    const { store, clock } = this.#deps;
    const signal = this.#stop.signal;
    let delay = waited > 0 ? waited : this.#pollMs.first;
    for (;;) {
      if (signal.aborted) return;
      const row = store.batches.get(batchId);
      if (!row || row.state !== 'submitted' || !row.api_batch_id) return;
      this.#cancelIfUnwanted(row);
      await clock.sleep(delay, signal).catch(() => undefined);
      if (signal.aborted) return;
      delay = Math.min(this.#pollMs.max, delay * 2);
      let info: BatchInfo;
      try {
        await this.#deps.health.network.waitOnline(signal);
        info = await this.#deps.client().retrieve(row.api_batch_id, signal);
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ProviderError && error.status === 404) {
          store.batches.setState(batchId, 'abandoned', `The API no longer knows batch ${row.api_batch_id}.`);
          this.#failWaiters(batchId, new ProviderError('server', `Economy batch ${row.api_batch_id} is gone; asking again.`));
          return;
        }
        continue;
      }
      if (info.processingStatus !== 'ended') {
        store.batches.markProgress(batchId, info.processingStatus, info.counts);
        this.#deps.changed?.();
        continue;
      }
      store.batches.markEnded(batchId, new Date(info.endedAt ?? clock.now()).toISOString(), info.counts);
      const c = info.counts;
      this.#logBatch(batchId, 'info', `Economy batch ${row.api_batch_id} ended: ${c.succeeded} succeeded, ${c.errored} errored, ${c.expired} expired, ${c.canceled} canceled.`);
      this.#deps.changed?.();
      return this.#read(batchId);
    }
  }

  /**
   * Streams an ended batch's results to the calls waiting for them. Lines come in any order
   * and are matched by custom_id; a line for a unit nobody waits for is kept for its job; a
   * batch read to the end with no unit left waiting is done.
   */
  async #read(batchId: string): Promise<void> {
    const { store, clock } = this.#deps;
    const signal = this.#stop.signal;
    let delay = this.#retryMs.first;
    for (;;) {
      if (signal.aborted) return;
      const row = store.batches.get(batchId);
      if (!row?.api_batch_id || (row.state !== 'ended' && row.state !== 'done')) return;
      let ours = 0;
      let lines = 0;
      try {
        await this.#deps.health.network.waitOnline(signal);
        for await (const line of this.#deps.client().results(row.api_batch_id, signal)) {
          lines++;
          if (!line.customId.startsWith(`${row.prefix}-`)) continue;
          ours++;
          this.#deliver(line.customId, line.result);
        }
      } catch {
        if (signal.aborted) return;
        await clock.sleep(delay, signal).catch(() => undefined);
        delay = Math.min(this.#retryMs.max, delay * 2);
        continue;
      }
      if (lines > 0 && ours === 0) {
        // Adopted after a crash, but its lines are not this intent's: another batch of the same
        // size made at the same time. Nothing of ours was created: ask again.
        store.batches.setState(batchId, 'abandoned', `Batch ${row.api_batch_id} was not this app's; its units were asked for again.`);
        this.#failWaiters(batchId, new ProviderError('server', 'The economy batch found after a restart was not ours; asking again.'));
      } else if (store.batches.openUnits(batchId) === 0) {
        store.batches.setState(batchId, 'done');
      }
      this.#deps.changed?.();
      return;
    }
  }

  #deliver(customId: string, outcome: BatchOutcome): void {
    const { store } = this.#deps;
    const waiter = this.#waiters.get(customId);
    const unit = store.batches.unit(customId);
    if (!unit) return;
    if (waiter) {
      this.#waiters.delete(customId);
      store.batches.setUnit(customId, 'handed', outcome.type);
      // Its last unit handed over: done now, not when the rest of the file has been read.
      if (store.batches.openUnits(unit.batch_id) === 0) store.batches.setState(unit.batch_id, 'done');
      waiter.resolve(outcome);
      return;
    }
    // Nobody waits (a paused job, one not yet resumed): kept until its job asks again. A
    // discarded unit's answer (a cancelled job) is dropped; a handed one arrives twice only
    // when a job re-reads it, and then it has a waiter.
    if (unit.state === 'waiting') this.#unclaimed.set(customId, outcome);
  }

  #attach(customId: string, batchId: string, waiter: Waiter): void {
    const kept = this.#unclaimed.get(customId);
    if (kept) {
      this.#unclaimed.delete(customId);
      this.#deps.store.batches.setUnit(customId, 'handed', kept.type);
      waiter.resolve(kept);
      return;
    }
    this.#waiters.set(customId, waiter);
    const row = this.#deps.store.batches.get(batchId);
    if (!row || this.#active.has(batchId) || !this.#started) return;
    // The unit's answer is in a batch nobody is reading now (ended before, or read by a run
    // that stopped before its job committed it): read it again.
    if (row.state === 'ended' || row.state === 'done') this.#track(batchId, () => this.#read(batchId));
    else if (row.state === 'submitted') this.#track(batchId, () => this.#poll(batchId, 0));
  }

  // ---- cancelling ---------------------------------------------------------------------

  #discard(customId: string): void {
    const { store } = this.#deps;
    const unit = store.batches.unit(customId);
    if (!unit || unit.state !== 'waiting') return;
    store.batches.setUnit(customId, 'discarded');
    const batch = store.batches.get(unit.batch_id);
    if (batch) this.#cancelIfUnwanted(batch);
    this.#deps.changed?.();
  }

  /** A submitted batch none of whose waiting units belongs to a live job is cancelled on the API. */
  #cancelIfUnwanted(batch: BatchRow): void {
    if (batch.state !== 'submitted' || !batch.api_batch_id) return;
    const wanted = this.#deps.store.batches.units(batch.id).some((u) => u.state === 'waiting' && u.job_id !== null && this.#deps.isLive(u.job_id));
    if (wanted) return;
    const apiId = batch.api_batch_id;
    this.#deps
      .client()
      .cancel(apiId, this.#stop.signal)
      .then(() => this.#logBatch(batch.id, 'info', `Economy batch ${apiId} cancelled: no job wants its answers any more.`))
      .catch(() => undefined);
  }

  // ---- helpers --------------------------------------------------------------------------

  #track(batchId: string, run: () => Promise<void>): void {
    if (this.#active.has(batchId)) return;
    const p = run()
      .catch((error) => console.error(`economy batch ${batchId}:`, error))
      .finally(() => this.#active.delete(batchId));
    this.#active.set(batchId, p);
  }

  #failWaiters(batchId: string, error: ProviderError): void {
    for (const u of this.#deps.store.batches.units(batchId)) {
      const w = this.#waiters.get(u.custom_id);
      if (!w) continue;
      this.#waiters.delete(u.custom_id);
      w.reject(error);
    }
    this.#deps.changed?.();
  }

  #customIdOf(waiter: Waiter): string | null {
    for (const [id, w] of this.#waiters) if (w === waiter) return id;
    return null;
  }

  /** One line in the log of every job with units in the batch. */
  #logBatch(batchId: string, level: LogLevel, message: string): void {
    const jobs = new Set(this.#deps.store.batches.units(batchId).flatMap((u) => (u.job_id ? [u.job_id] : [])));
    for (const jobId of jobs) this.#deps.log(jobId, level, message, { batch: batchId });
  }
}

/** Causes a person must act on: the request, the key, the account. Not worth sending again. */
function isPermanent(err: ProviderError): boolean {
  return err.kind === 'bad_request' || err.kind === 'auth' || err.kind === 'permission' || err.kind === 'spend_limit' || err.kind === 'not_found';
}
