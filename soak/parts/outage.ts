// Part 9, outage soak (issue 13): a 3-minute full outage of the API — 529 `overloaded` for
// 90 s, then 503 `unavailable` for 90 s — in the middle of a 20-course batch, with 10 % random
// transient faults (overloaded, server error, unavailable, dropped mid-stream) before, during
// and after it. Production timings throughout: the breaker's defaults (open after 5 transient
// failures in a row or > 50 % of ≥ 10 calls in 30 s; probes 15 s, 30 s, 1 min, 2 min… capped
// at 5 min), the production retry policy (4 attempts, 1–30 s back-off) and the production
// automatic job retries (2, 10, 30 min). The same batch runs first without any fault, in the
// same run, to give the baseline.
//
// What must hold: every job completes and none fails (not even once, to be retried by
// itself); the makespan stays within the baseline + the outage + 2 × the probe interval in
// force when the outage ended (read from the breaker's own state at that moment: the time
// from its last failed probe to its next one); the API hears no more during the outage than
// the requests already in flight when it showed itself (its first failure came back) + the
// breaker's probes and the lone trials before it opened.
import { DEFAULT_TIMEOUT_MS } from '../../src/main/ai/config';
import { DEFAULT_BREAKER_POLICY, SUSPECT_AFTER, type BreakerPolicy, type HealthState } from '../../src/main/ai/provider-health';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../src/main/ai/structured-call';
import { AUTO_RETRY_DELAYS_MS } from '../../src/main/runner/runner';
import { startFakeAnthropic, type FakeAnthropic, type FaultKind } from '../../test/support/fake-anthropic';
import { callKind, createEngine, tempDbPath } from '../../test/support/engine';
import { seedBatch } from '../lib/batch';
import { withDeadline } from '../lib/child';
import { completeness, duplicateUnits, integrity } from '../lib/db-audit';
import { check, timedPart, type PartResult } from '../lib/report';

export interface OutageOptions {
  courses: number;
  projects: number;
  lessons: number;
  latencyMs: number;
  jobs: number;
  requests: number;
  /** When the outage begins, after the faulty batch started. */
  outageAfterMs: number;
  /** 529 overloaded for this long, then 503 unavailable for `unavailableMs`. */
  overloadedMs: number;
  unavailableMs: number;
  /** Random transient faults throughout, split evenly over RANDOM_KINDS. */
  randomRate: number;
  seed: number;
  /** Production values unless a short test overrides them. */
  breaker: Partial<BreakerPolicy>;
  policy: Partial<RetryPolicy>;
  autoRetryDelaysMs: readonly number[];
  timeoutMs: number;
  deadlineMs: number;
}

export const RANDOM_KINDS: FaultKind[] = ['overloaded', 'server_error', 'unavailable', 'drop_mid_stream'];

export const OUTAGE_DEFAULTS: OutageOptions = {
  courses: 20,
  projects: 4,
  lessons: 3,
  latencyMs: 2_000,
  jobs: 3,
  requests: 6,
  outageAfterMs: 30_000,
  overloadedMs: 90_000,
  unavailableMs: 90_000,
  randomRate: 0.1,
  seed: 13,
  breaker: {},
  policy: DEFAULT_RETRY_POLICY,
  autoRetryDelaysMs: AUTO_RETRY_DELAYS_MS,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  deadlineMs: 20 * 60_000,
};

function randomRates(rate: number): Partial<Record<FaultKind, number>> {
  return Object.fromEntries(RANDOM_KINDS.map((k) => [k, rate / RANDOM_KINDS.length]));
}

interface HealthChange {
  at: number;
  state: HealthState;
}

/** The client's view of a request: when the SDK called fetch, and what the breaker said then. */
interface Sent {
  sentAt: number;
  breakerOpen: boolean;
  probing: boolean;
  /** Sent one at a time after the latest request failed, before the breaker opened. */
  trial: boolean;
  requestId: string | null;
  /** When the client read a 5xx (or the connection failed): the outage showing itself. */
  failedAt: number | null;
}

interface BatchRun {
  makespanMs: number;
  idle: boolean;
  completed: number;
  failedEvents: number;
  autoRetries: number;
  units: number;
  courseIds: string[];
  duplicates: Record<string, number>;
  incomplete: Record<string, string>;
  integrity: string;
  modelRequests: number;
  sent: Sent[];
}

interface OutageRecord {
  batchStart: number;
  start: number;
  end: number;
  /** The breaker's interval in force when the outage ended (ms), or null if it was closed then. */
  intervalAtEnd: number | null;
  nextProbeAtEnd: number | null;
}

/** Runs one batch against `fake`; `during` may schedule things once the runner has started. */
async function runBatch(
  fake: FakeAnthropic,
  o: OutageOptions,
  name: string,
  during: (e: ReturnType<typeof createEngine>, startedAt: number) => void,
  health: HealthChange[],
  notes: string[],
): Promise<BatchRun> {
  const sent: Sent[] = [];
  let engine: ReturnType<typeof createEngine> | null = null;
  const watchedFetch: typeof fetch = async (input, init) => {
    const state = engine?.gateway.health.state;
    const rec: Sent = {
      sentAt: Date.now(),
      breakerOpen: engine?.gateway.health.breakerOpen ?? false,
      probing: state?.cause === 'overloaded' && state.until === null,
      trial: engine?.gateway.health.trialing ?? false,
      requestId: null,
      failedAt: null,
    };
    sent.push(rec);
    try {
      const response = await fetch(input, init);
      rec.requestId = response.headers.get('request-id');
      if (response.status >= 500) rec.failedAt = Date.now();
      return response;
    } catch (error) {
      rec.failedAt = Date.now();
      throw error;
    }
  };
  const e = createEngine({
    baseURL: fake.url,
    fetch: watchedFetch,
    dbPath: tempDbPath(`${name}.db`),
    limits: { jobs: o.jobs, requests: o.requests },
    policy: o.policy,
    breaker: o.breaker,
    autoRetryDelaysMs: o.autoRetryDelaysMs,
    timeoutMs: o.timeoutMs,
  });
  engine = e;
  e.gateway.health.onChange((state) => health.push({ at: Date.now(), state }));
  try {
    const batch = seedBatch(e.store, { courses: o.courses, projects: [o.projects, o.projects], lessons: [o.lessons, o.lessons], seed: o.seed }, name);
    let failedEvents = 0;
    e.runner.subscribe((ev) => {
      if (ev.type === 'job.failed') failedEvents++;
    });
    const t0 = performance.now();
    e.runner.start();
    during(e, Date.now());
    const idle = await withDeadline(e.runner.waitUntilIdle(), o.deadlineMs, `the ${name} batch`).then(
      () => true,
      (error: Error) => (notes.push(error.message), false),
    );
    const makespanMs = performance.now() - t0;
    const jobs = e.store.jobs.list();
    return {
      makespanMs,
      idle,
      completed: jobs.filter((j) => j.status === 'completed').length,
      failedEvents,
      autoRetries: jobs.reduce((n, j) => n + j.autoRetries, 0),
      units: batch.units,
      courseIds: batch.courseIds,
      duplicates: duplicateUnits(e.store.db),
      incomplete: completeness(e.store.db, batch.courseIds).incomplete,
      integrity: integrity(e.store.db),
      modelRequests: fake.requests.filter((r) => callKind(r.body) !== null).length,
      sent,
    };
  } finally {
    await e.close().catch(() => undefined);
  }
}

const sec = (ms: number) => Math.round(ms / 100) / 10;

export async function runOutageSoak(options: Partial<OutageOptions> = {}): Promise<PartResult> {
  const o = { ...OUTAGE_DEFAULTS, ...options };
  const policy = { ...DEFAULT_BREAKER_POLICY, ...o.breaker };
  const outageMs = o.overloadedMs + o.unavailableMs;
  return timedPart(
    9,
    'Outage soak: 3 minutes of 529 then 503 mid-batch, 10 % transient faults throughout',
    {
      courses: o.courses,
      units: `${o.projects} projects × ${o.lessons} lessons`,
      outage: `529 for ${sec(o.overloadedMs)} s then 503 for ${sec(o.unavailableMs)} s, from ${sec(o.outageAfterMs)} s`,
      randomFaults: `${Math.round(o.randomRate * 100)} % (${RANDOM_KINDS.join(', ')})`,
      breaker: `${policy.consecutiveFailures} in a row or > ${policy.windowShare * 100} % of ≥ ${policy.windowMinCalls} in ${sec(policy.windowMs)} s; probes from ${sec(policy.firstProbeMs)} s doubling to ${sec(policy.maxProbeMs)} s`,
      retries: `${(o.policy.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries) + 1} attempts, ${o.policy.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs}–${o.policy.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs} ms back-off; job retries ${o.autoRetryDelaysMs.map((d) => `${sec(d)} s`).join(', ') || 'off'}`,
      latencyMs: o.latencyMs,
      jobs: o.jobs,
      requests: o.requests,
      seed: o.seed,
    },
    async (out) => {
      // 1. The same batch without any fault: the baseline.
      const clean = await startFakeAnthropic({ latencyMs: o.latencyMs, seed: o.seed });
      let baseline: BatchRun;
      try {
        baseline = await runBatch(clean, o, 'Baseline', () => undefined, [], out.notes);
      } finally {
        await clean.close();
      }

      // 2. The batch with the random faults throughout and the outage in the middle.
      const fake = await startFakeAnthropic({ latencyMs: o.latencyMs, seed: o.seed, faultRates: randomRates(o.randomRate) });
      const health: HealthChange[] = [];
      const outage: OutageRecord = { batchStart: 0, start: 0, end: 0, intervalAtEnd: null, nextProbeAtEnd: null };
      const timers: NodeJS.Timeout[] = [];
      let faulty: BatchRun;
      try {
        faulty = await runBatch(
          fake,
          o,
          'Outage',
          (e, startedAt) => {
            outage.batchStart = startedAt;
            const at = (ms: number, fn: () => void) => timers.push(setTimeout(fn, Math.max(0, startedAt + ms - Date.now())));
            at(o.outageAfterMs, () => {
              fake.setFaultRates({ overloaded: 1 });
              outage.start = Date.now();
            });
            at(o.outageAfterMs + o.overloadedMs, () => fake.setFaultRates({ unavailable: 1 }));
            at(o.outageAfterMs + outageMs, () => {
              fake.setFaultRates(randomRates(o.randomRate));
              outage.end = Date.now();
              const snap = e.gateway.health.snapshot();
              outage.intervalAtEnd = snap?.intervalMs ?? null;
              outage.nextProbeAtEnd = snap?.nextProbeAt ?? null;
            });
          },
          health,
          out.notes,
        );
      } finally {
        for (const t of timers) clearTimeout(t);
      }
      const modelRequests = fake.requests.filter((r) => callKind(r.body) !== null);
      await fake.close();
      if (outage.end === 0) out.notes.push('the batch finished before the outage ended: make the batch longer or start the outage sooner');

      // What the API heard during the outage, and what the breaker did.
      const { start, end } = outage;
      const during = modelRequests.filter((r) => r.receivedAt >= start && r.receivedAt < end);
      const isOpen = (s: HealthState) => s.cause === 'overloaded';
      const isProbing = (s: HealthState) => s.cause === 'overloaded' && s.until === null;
      const transitions = health.map((h, i) => ({ ...h, before: i > 0 ? health[i - 1]!.state : null }));
      const openings = transitions.filter((t) => isOpen(t.state) && !(t.before && isOpen(t.before)));
      const closings = transitions.filter((t) => !isOpen(t.state) && t.before && isOpen(t.before));
      const probes = transitions.filter((t) => isProbing(t.state) && !(t.before && isProbing(t.before)));
      const inOutage = (t: { at: number }) => t.at >= start && t.at < end;
      // Random faults bunched together can open the breaker before the outage (five transient
      // failures in a row is its rule, whatever their cause): then it is open when the outage
      // begins, which counts as opening for it.
      const lastBefore = transitions.filter((t) => t.at < start).at(-1);
      const openAtStart = lastBefore !== undefined && isOpen(lastBefore.state) ? { ...lastBefore, at: start } : undefined;
      const firstOpen = openAtStart ?? openings.find((t) => t.at >= start);
      const closedAfter = closings.find((t) => t.at >= end);
      const probesDuring = probes.filter(inOutage);
      const beforeOpen = during.filter((r) => !firstOpen || r.receivedAt < firstOpen.at).length;
      const closedDuring = closings.filter(inOutage);
      // When the outage showed itself: the client read the first failure of a request the API
      // took during it. Until then nothing tells its requests from any others: the API answers
      // the requests it took before the outage (as the real one finishes what it accepted), and
      // each slot they free sends a request into it. Those are the requests in flight when the
      // breaker could first know; from then on only lone requests may go out.
      const sentById = new Map(faulty.sent.filter((x) => x.requestId).map((x) => [x.requestId!, x]));
      const shown = Math.min(...during.map((r) => sentById.get(r.id)?.failedAt ?? Infinity));
      // Each request of the outage as the client sent it: before the outage showed (in flight
      // then), as a probe of the open breaker, as a trial (one at a time once the latest request
      // had failed, before the breaker opened), or otherwise: while closed and not a trial, or
      // while open without being the probe.
      const how = { inFlight: 0, probe: 0, trial: 0, closed: 0, openNotProbe: 0, unknown: 0 };
      for (const r of during) {
        const x = sentById.get(r.id);
        if (!x) how.unknown++;
        else if (x.sentAt < shown) how.inFlight++;
        else if (x.breakerOpen && x.probing) how.probe++;
        else if (x.breakerOpen) how.openNotProbe++;
        else if (x.trial) how.trial++;
        else how.closed++;
      }
      const inFlightAtStart = modelRequests.filter((r) => r.receivedAt < start && (r.finishedAt === null || r.finishedAt > start)).length;
      // What closed it during the outage: an answer that arrived then, to a request the API
      // took before the outage began (its fault was drawn on arrival, so it succeeds).
      const staleCloses = closedDuring.filter((c) =>
        modelRequests.some((r) => r.receivedAt < start && r.status === 200 && r.finishedAt !== null && Math.abs(r.finishedAt - c.at) <= 50),
      ).length;

      // The allowance: the outage, plus 2 × the probe interval in force when it ended (the
      // breaker's own interval at that moment; the first interval if it was closed then).
      const intervalAtEnd = outage.intervalAtEnd ?? policy.firstProbeMs;
      const allowanceMs = baseline.makespanMs + outageMs + 2 * intervalAtEnd;
      // The probes are the requests sent alone to test the API: the open breaker's timed
      // probes, and the trials at the onset, which make up the five failures in a row when
      // fewer than five requests were in flight as the outage showed (a busy machine has jobs
      // between steps): at most `consecutiveFailures - SUSPECT_AFTER` each time it opens.
      const trialCap = (policy.consecutiveFailures - SUSPECT_AFTER) * Math.max(1, openings.filter(inOutage).length);
      const requestCap = how.inFlight + how.probe + how.trial;
      const byFault = (kind: FaultKind) => modelRequests.filter((r) => r.fault === kind && (r.receivedAt < start || r.receivedAt >= end)).length;
      const rel = (t: number | undefined) => (t === undefined ? null : sec(t - start));

      out.figures.push(
        ['courses / units', `${o.courses} / ${baseline.units}`],
        ['no faults: makespan (s)', sec(baseline.makespanMs)],
        ['no faults: model requests', baseline.modelRequests],
        ['with the outage: makespan (s)', sec(faulty.makespanMs)],
        ['with the outage: model requests', faulty.modelRequests],
        ['… random faults outside the outage (529 / 500 / 503 / dropped)', `${byFault('overloaded')} / ${byFault('server_error')} / ${byFault('unavailable')} / ${byFault('drop_mid_stream')}`],
        ['outage: began (s after the batch started), lasted (s)', `${sec(start - outage.batchStart)}, ${sec(end - start)}`],
        ['requests the API had taken and not answered when the outage began', inFlightAtStart],
        ['outage showed (first failure read, s after it began)', Number.isFinite(shown) ? sec(shown - start) : null],
        ['breaker opened (s after the outage began)', rel(firstOpen?.at)],
        ['breaker openings / closings during the outage', `${openings.filter(inOutage).length} / ${closedDuring.length}`],
        ['… closings when a request taken before the outage was answered', staleCloses],
        ['probes during the outage (s after it began)', `${probesDuring.length} (${probesDuring.map((p) => rel(p.at)).join(', ')})`],
        ['probe interval in force at the end of the outage (s)', sec(intervalAtEnd)],
        ['next probe after the end of the outage (s)', outage.nextProbeAtEnd === null ? null : sec(outage.nextProbeAtEnd - end)],
        ['breaker closed (s after the outage ended)', closedAfter ? sec(closedAfter.at - end) : null],
        ['requests received during the outage', during.length],
        ['… when (s after it began)', during.map((r) => ((r.receivedAt - start) / 1000).toFixed(2)).join(', ')],
        ['breaker opened / closed during the outage (s after it began)', `${openings.filter(inOutage).map((t) => ((t.at - start) / 1000).toFixed(2)).join(', ')} / ${closedDuring.map((t) => ((t.at - start) / 1000).toFixed(2)).join(', ') || '—'}`],
        ['… before the breaker first opened', beforeOpen],
        ['… sent (client side) before it showed / as a probe / as an onset trial / closed, not a trial / open, not the probe', `${how.inFlight} / ${how.probe} / ${how.trial} / ${how.closed} / ${how.openNotProbe}${how.unknown ? ` (${how.unknown} unmatched)` : ''}`],
        ['… after (probes, and any sent while it was closed again)', during.length - beforeOpen],
        ['allowed: in flight when it showed + probes + onset trials', `${requestCap} = ${how.inFlight} + ${how.probe} + ${how.trial}`],
        ['makespan allowance: baseline + outage + 2 × interval (s)', `${sec(allowanceMs)} = ${sec(baseline.makespanMs)} + ${sec(outageMs)} + 2 × ${sec(intervalAtEnd)}`],
        ['makespan over the baseline (s)', sec(faulty.makespanMs - baseline.makespanMs)],
        ['jobs completed / failed events / automatic retries', `${faulty.completed}/${o.courses} / ${faulty.failedEvents} / ${faulty.autoRetries}`],
      );
      const stored = (b: BatchRun) => Object.keys(b.incomplete).length === 0 && Object.values(b.duplicates).every((n) => n === 0);
      out.checks.push(
        check('the batch without faults completes every job', baseline.idle && baseline.completed === o.courses && baseline.failedEvents === 0, `${baseline.completed}/${o.courses}, ${baseline.failedEvents} failed`),
        check('the outage happened mid-batch', start > 0 && end > start, `start ${start}, end ${end}`),
        check('the breaker opened during the outage', firstOpen !== undefined, `${openings.length} openings`),
        check('the breaker closed again after the outage (an answered probe)', closedAfter !== undefined, 'still open at the end'),
        check(`every job completed (${o.courses}/${o.courses})`, faulty.idle && faulty.completed === o.courses, `${faulty.completed}/${o.courses}`),
        check('no job failed, not even to be retried by itself', faulty.failedEvents === 0 && faulty.autoRetries === 0, `${faulty.failedEvents} job.failed events, ${faulty.autoRetries} automatic retries`),
        check(
          'makespan ≤ baseline + outage + 2 × the probe interval in force at its end',
          faulty.makespanMs <= allowanceMs,
          `${sec(faulty.makespanMs)} s > ${sec(allowanceMs)} s`,
        ),
        check(
          'requests during the outage ≤ requests in flight when it showed + probes (timed, and the onset trials)',
          during.length <= requestCap,
          `${during.length} > ${how.inFlight} + ${how.probe} + ${how.trial} (${beforeOpen} before the breaker first opened; it closed ${closedDuring.length} times during the outage; after it showed, ${how.closed} sent while closed and not as a trial, ${how.openNotProbe} while open and not as the probe, ${how.unknown} unmatched)`,
        ),
        check(
          `requests in flight when the outage showed ≤ the ${o.requests} request slots`,
          how.inFlight <= o.requests,
          `${how.inFlight} > ${o.requests}`,
        ),
        check(
          `onset trials ≤ ${policy.consecutiveFailures} − ${SUSPECT_AFTER} each time the breaker opened`,
          how.trial <= trialCap,
          `${how.trial} > ${trialCap}`,
        ),
        check('every planned unit stored, none twice', stored(faulty) && stored(baseline), `${JSON.stringify(faulty.incomplete)} ${JSON.stringify(faulty.duplicates)}`),
        check('integrity_check = ok', faulty.integrity === 'ok' && baseline.integrity === 'ok', `${faulty.integrity} / ${baseline.integrity}`),
      );
    },
  );
}
