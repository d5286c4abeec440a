// Part 3, fault soak: the fake API answers with the issue's mix of failures (429 with
// retry-after, 529, 500, hangs, connections dropped mid-stream, malformed tool input)
// while the real runner works through a batch. What must hold: every job completes or
// fails with a clear reason after its retries; nothing stays running; no request leaves
// the client while a retry-after it has heard of is still running; the requests stay
// within the retry budget. Failed jobs are then retried with the faults off: they finish
// from where they stopped, regenerating nothing already stored.
import { DEFAULT_RETRY_POLICY } from '../../src/main/ai/structured-call';
import { startFakeAnthropic, type FaultKind } from '../../test/support/fake-anthropic';
import { FAST_POLICY, callKind, createEngine, tempDbPath, until } from '../../test/support/engine';
import { seedBatch } from '../lib/batch';
import { withDeadline } from '../lib/child';
import { completeness, duplicateUnits, integrity, storedUnitKeys, successfulCallsByUnit } from '../lib/db-audit';
import { check, timedPart, type PartResult } from '../lib/report';
import { failureWaitsForSiblings } from './failure-drain';

export interface FaultOptions {
  courses: number;
  projects: [number, number];
  lessons: [number, number];
  rates: Partial<Record<FaultKind, number>>;
  latencyMs: number;
  jobs: number;
  requests: number;
  /** Provider timeout: a hung request is cut after this long and retried. */
  timeoutMs: number;
  seed: number;
  deadlineMs: number;
}

export const ISSUE_FAULT_RATES: Partial<Record<FaultKind, number>> = {
  rate_limit: 0.2,
  overloaded: 0.05,
  server_error: 0.05,
  hang: 0.03,
  drop_mid_stream: 0.03,
  malformed_tool_input: 0.05,
};

export const FAULT_DEFAULTS: FaultOptions = {
  courses: 20,
  projects: [3, 4],
  lessons: [2, 3],
  rates: ISSUE_FAULT_RATES,
  latencyMs: 100,
  jobs: 3,
  requests: 6,
  timeoutMs: 1_500,
  seed: 5,
  deadlineMs: 8 * 60_000,
};

/** Node's timers may fire up to a millisecond early (whole-millisecond rounding). */
const TIMER_SLACK_MS = 2;

interface SentRequest {
  sentAt: number;
  respondedAt: number | null;
  status: number | null;
}

interface GateClosure {
  at: number;
  until: number;
}

export async function runFaultSoak(options: Partial<FaultOptions> = {}): Promise<PartResult> {
  const o = { ...FAULT_DEFAULTS, ...options };
  const ratesText = Object.entries(o.rates)
    .map(([k, v]) => `${k} ${Math.round(v * 100)}%`)
    .join(', ');
  return timedPart(
    3,
    'Fault soak: 429s, 529s, 500s, hangs, drops and malformed output',
    { courses: o.courses, faults: ratesText, policy: 'at most 4 attempts, 20–200 ms back-off, retry-after as sent', latencyMs: o.latencyMs, timeoutMs: o.timeoutMs, jobs: o.jobs, requests: o.requests, seed: o.seed },
    async (out) => {
      const fake = await startFakeAnthropic({ latencyMs: o.latencyMs, seed: o.seed, faultRates: o.rates });
      // The client's own view of each request: when it left, and when (and how) it was answered.
      const sent: SentRequest[] = [];
      const watchedFetch: typeof fetch = async (input, init) => {
        const rec: SentRequest = { sentAt: Date.now(), respondedAt: null, status: null };
        sent.push(rec);
        const response = await fetch(input, init);
        rec.respondedAt = Date.now();
        rec.status = response.status;
        return response;
      };
      const e = createEngine({
        baseURL: fake.url,
        dbPath: tempDbPath('faults.db'),
        limits: { jobs: o.jobs, requests: o.requests },
        timeoutMs: o.timeoutMs,
        fetch: watchedFetch,
      });
      const closures: GateClosure[] = [];
      e.gateway.gate.onChange((state) => {
        if (state.waitingUntil !== null) closures.push({ at: Date.now(), until: state.waitingUntil });
      });
      try {
        const batch = seedBatch(e.store, { courses: o.courses, projects: o.projects, lessons: o.lessons, seed: o.seed });
        e.runner.start();
        const idle = await withDeadline(e.runner.waitUntilIdle(), o.deadlineMs, 'the faulty batch').then(
          () => true,
          (error: Error) => (out.notes.push(error.message), false),
        );
        const idleAt = Date.now();
        const runMs = idleAt - sent[0]!.sentAt;
        // The accounting below is about every request ending up recorded; whether a failed job
        // waited for its calls before saying so is failure-drain.ts's check.
        await until(() => e.gateway.activeRequests === 0, o.timeoutMs * 4, 'calls still in flight at idle').catch(() => undefined);
        const jobs = e.store.jobs.list();
        const stuck = jobs.filter((j) => j.status !== 'completed' && j.status !== 'failed');
        const leased = jobs.filter((j) => j.leaseOwner !== null);
        const failed = jobs.filter((j) => j.status === 'failed');
        const unclear = failed.filter(
          (j) =>
            !j.errorMessage ||
            !/after \d+ attempts/.test(j.errorMessage) ||
            !j.failedStep ||
            e.store.logs.list(j.id, { levels: ['error'] }).length === 0,
        );
        const modelRequests = fake.requests.filter((r) => callKind(r.body) !== null);
        const byFault = (kind: FaultKind) => modelRequests.filter((r) => r.fault === kind);
        const attemptsRecorded = (e.store.db.prepare(`SELECT COUNT(*) AS n FROM model_calls`).get() as { n: number }).n;
        const unitsTried = (e.store.db.prepare(`SELECT COUNT(*) AS n FROM (SELECT DISTINCT course_id, step, item_key FROM model_calls)`).get() as {
          n: number;
        }).n;
        const maxAttempts = (FAST_POLICY.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries) + 1;
        const budget = unitsTried * maxAttempts;
        // Attempts that spent the unit's retries: a 429, or a failure while the breaker held
        // every call (logged `held` by the job), waits and goes again without spending one.
        const heldFailures = new Map<string, number>();
        for (const j of jobs) {
          for (const l of e.store.logs.list(j.id, { limit: 100_000 })) {
            if (l.details?.['held'] !== true || l.details['kind'] === 'rate_limit') continue;
            const key = `${j.courseId}|${String(l.details['step'])}|${String(l.details['item'])}`;
            heldFailures.set(key, (heldFailures.get(key) ?? 0) + 1);
          }
        }
        const perUnit = e.store.db
          .prepare(`SELECT course_id, step, item_key, COUNT(*) AS n FROM model_calls WHERE COALESCE(error_kind, '') <> 'rate_limit' GROUP BY course_id, step, item_key`)
          .all() as { course_id: string; step: string; item_key: string; n: number }[];
        const mostAttempts = perUnit.reduce((most, u) => Math.max(most, u.n - (heldFailures.get(`${u.course_id}|${u.step}|${u.item_key}`) ?? 0)), 0);

        // Retry-after, as the client knows it: once the shared gate closed on a 429, nothing
        // may be sent until it reopens. Requests already on their way are not the client's doing.
        const early = sent.filter((s) => closures.some((c) => s.sentAt > c.at && s.sentAt < c.until - TIMER_SLACK_MS));
        const limited = sent.filter((s) => s.status === 429);
        const gap = (s: SentRequest) => closures.find((c) => c.at >= s.respondedAt!)?.at;
        const beforeGateClosed = sent.filter((s) => limited.some((l) => s.sentAt >= l.respondedAt! && s.sentAt < (gap(l) ?? Infinity))).length;
        const hungCut = byFault('hang').filter((r) => r.outcome === 'aborted').length;

        const reasons = new Map<string, number>();
        for (const j of failed) {
          const kind = String(e.store.logs.list(j.id, { levels: ['error'] })[0]?.details?.kind ?? 'unknown');
          reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
        }
        out.figures.push(
          ['courses / units', `${o.courses} / ${batch.units}`],
          ['model requests', modelRequests.length],
          ['… 429 rate limited', byFault('rate_limit').length],
          ['… 529 overloaded', byFault('overloaded').length],
          ['… 500 server error', byFault('server_error').length],
          ['… hung (cut by the client timeout)', `${byFault('hang').length} (${hungCut})`],
          ['… dropped mid-stream', byFault('drop_mid_stream').length],
          ['… malformed tool input', byFault('malformed_tool_input').length],
          ['attempts recorded in model_calls', attemptsRecorded],
          ['retry budget (units tried × attempts)', `${budget} (${unitsTried} × ${maxAttempts})`],
          ['most attempts one unit spent (429s and outage waits aside)', mostAttempts],
          ['jobs completed / failed / other', `${jobs.length - failed.length - stuck.length} / ${failed.length} / ${stuck.length}`],
          ['failures by last error', [...reasons].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'],
          ['back-off gate closures (429)', closures.length],
          ['requests sent while the gate was closed', early.length],
          ['requests sent after a 429 arrived, before the gate closed', beforeGateClosed],
          ['batch time (s)', runMs / 1000],
        );
        out.checks.push(
          check('the runner went idle (nothing stuck)', idle, 'still running at the deadline'),
          check('every job completed or failed', stuck.length === 0, stuck.map((j) => `${j.courseTitle}: ${j.status}`).join('; ')),
          check('no job left holding a lease', leased.length === 0, leased.map((j) => j.courseTitle).join('; ')),
          check('every failure says why, after its retries (message, step, error log)', unclear.length === 0, unclear.map((j) => `${j.courseTitle}: ${j.errorMessage}`).join('; ')),
          check('no request sent while a retry-after was in force', early.length === 0, `${early.length} early requests`),
          check('requests within the retry budget', modelRequests.length <= budget, `${modelRequests.length} > ${budget}`),
          check(`no unit spent more than ${maxAttempts} attempts (429s and waits through an outage do not count)`, mostAttempts <= maxAttempts, `${mostAttempts}`),
          check('every request is accounted for in model_calls', attemptsRecorded === modelRequests.length, `${attemptsRecorded} recorded vs ${modelRequests.length} sent`),
          check(
            'every hung request was cut by the client timeout',
            hungCut === byFault('hang').length,
            `${hungCut}/${byFault('hang').length}; not cut: ${byFault('hang')
              .filter((r) => r.outcome !== 'aborted')
              .map((r) => `${r.id} (${callKind(r.body)}, received ${r.receivedAt - sent[0]!.sentAt} ms into the batch, ${r.outcome}, the batch went idle at ${idleAt - sent[0]!.sentAt} ms)`)
              .join('; ')}`,
          ),
        );

        // Then the faults stop and the failed jobs are retried: they continue from the step that failed.
        fake.setFaultRates({});
        const okBefore = new Map(successfulCallsByUnit(e.store.db).map((u) => [`${u.courseId}|${u.step}|${u.item}`, u.ok.length]));
        const storedBefore = storedUnitKeys(e.store.db);
        // A completed call whose unit is not stored: its answer was thrown away (see failure-drain.ts).
        const discarded = [...okBefore.keys()].filter((k) => !storedBefore.has(k)).length;
        for (const j of failed) e.runner.retry(j.id);
        await withDeadline(e.runner.waitUntilIdle(), o.deadlineMs, 'the retried jobs');
        const afterRetry = e.store.jobs.list();
        const regenerated = successfulCallsByUnit(e.store.db).filter((u) => {
          const key = `${u.courseId}|${u.step}|${u.item}`;
          return storedBefore.has(key) && u.ok.length > (okBefore.get(key) ?? 0);
        });
        const dup = duplicateUnits(e.store.db);
        const complete = completeness(e.store.db, batch.courseIds);
        const check_ = integrity(e.store.db);
        out.figures.push(['completed calls whose answer was thrown away (job already failed)', discarded]);
        out.figures.push(['failed jobs retried → completed', `${failed.length} → ${afterRetry.filter((j) => failed.some((f) => f.id === j.id) && j.status === 'completed').length}`]);
        out.checks.push(
          check('after retrying the failed jobs, every job completed', afterRetry.every((j) => j.status === 'completed'), afterRetry.filter((j) => j.status !== 'completed').map((j) => `${j.courseTitle}: ${j.status} ${j.errorMessage ?? ''}`).join('; ')),
          check('a retry regenerates no stored unit', regenerated.length === 0, regenerated.map((u) => `${u.step} ${u.item}`).join('; ')),
          check('every planned unit stored, none twice', complete.complete === o.courses && Object.values(dup).every((n) => n === 0), `${JSON.stringify(complete.incomplete)} ${JSON.stringify(dup)}`),
          check('integrity_check = ok', check_ === 'ok', check_),
        );
      } finally {
        await e.close().catch(() => undefined);
        await fake.close();
      }
      // A job that fails must still wait for the calls it already has on the wire.
      const clean = await startFakeAnthropic({ latencyMs: 20 });
      try {
        const drain = await failureWaitsForSiblings(clean);
        out.figures.push(...drain.figures);
        out.checks.push(...drain.checks);
      } finally {
        await clean.close();
      }
    },
  );
}
