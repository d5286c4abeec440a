// Part 4a, sleep: the wall clock jumps 8 hours mid-job, as when a laptop sleeps with a
// batch running (timers are monotonic and do not advance, the wall clock does, so every
// lease looks long expired). Two cases over one database file:
//  - another runner sees the jump first and takes the job over: the first runner must
//    notice (lease lost), stop, and store nothing more;
//  - the only runner's own clock jumps: it must carry on with its jobs, not start them a
//    second time beside themselves.
// Either way every unit is stored once and no completed call is asked again beyond the
// requests in flight at the takeover.
import type { RunnerEvent } from '../../src/shared/events';
import type { FakeAnthropic } from '../../test/support/fake-anthropic';
import { createEngine, tempDbPath, until, type Engine } from '../../test/support/engine';
import { seedBatch } from '../lib/batch';
import { withDeadline } from '../lib/child';
import { completeness, duplicateUnits, successfulCallsByUnit } from '../lib/db-audit';
import { check, type Check, type Figure } from '../lib/report';

export const EIGHT_HOURS_MS = 8 * 60 * 60 * 1000;

export interface ClockJumpOptions {
  courses: number;
  leaseMs: number;
  requests: number;
  seed: number;
  deadlineMs: number;
}

interface Outcome {
  figures: [string, Figure][];
  checks: Check[];
}

function repeatedCalls(e: Engine): number {
  return successfulCallsByUnit(e.store.db).reduce((n, u) => n + u.ok.length - 1, 0);
}

function startsPerJob(events: RunnerEvent[]): Map<string, number> {
  const starts = new Map<string, number>();
  for (const ev of events) if (ev.type === 'job.started') starts.set(ev.jobId, (starts.get(ev.jobId) ?? 0) + 1);
  return starts;
}

/** Runner A holds the jobs; runner B's clock jumps 8 h, so it finds every lease expired and takes over. */
export async function takeoverAfterJump(fake: FakeAnthropic, o: ClockJumpOptions): Promise<Outcome> {
  const dbPath = tempDbPath('jump-takeover.db');
  let offsetB = 0;
  const a = createEngine({ baseURL: fake.url, dbPath, leaseMs: o.leaseMs, limits: { jobs: o.courses, requests: o.requests } });
  const b = createEngine({ baseURL: fake.url, dbPath, leaseMs: o.leaseMs, limits: { jobs: o.courses, requests: o.requests }, clockMs: () => Date.now() + offsetB });
  try {
    const batch = seedBatch(a.store, { courses: o.courses, projects: [4, 4], lessons: [3, 3], seed: o.seed }, 'Takeover');
    a.runner.start();
    await until(() => a.store.jobs.list().every((j) => j.itemsCompleted >= 2), 30_000, 'runner A to store some units');
    b.runner.start();
    await new Promise((r) => setTimeout(r, 200));
    const bBefore = b.events.filter((ev) => ev.type === 'job.started').length;
    const inFlightA = a.gateway.activeRequests;
    offsetB = EIGHT_HOURS_MS;
    const jumpedAt = Date.now();
    await until(() => b.runner.activeJobIds.length === o.courses, 10_000, 'runner B to take every job over').catch(() => undefined);
    const tookOverAt = Date.now();
    // A learns at its next heartbeat (every lease/3): it must stop within about that.
    await until(() => a.runner.activeJobIds.length === 0, o.leaseMs, 'runner A to notice and stop').catch(() => undefined);
    const aStoppedMs = Date.now() - tookOverAt;
    const aActive = a.runner.activeJobIds.length;
    await withDeadline(b.runner.waitUntilIdle(), o.deadlineMs, 'runner B finishing the jobs');
    // B's job.started is emitted right after its claim committed: from then on A's writes must all fail.
    const claimedByB = new Map(b.events.filter((ev) => ev.type === 'job.started').map((ev) => [ev.jobId, Date.parse(ev.at)]));
    const aWroteAfter = a.events.filter((ev) => ev.type === 'item.completed' && claimedByB.has(ev.jobId) && Date.parse(ev.at) > claimedByB.get(ev.jobId)!).length;
    const aLostLogs = a.events.filter((ev) => ev.type === 'job.completed').length;
    const jobs = a.store.jobs.list();
    const complete = completeness(a.store.db, batch.courseIds);
    const dup = duplicateUnits(a.store.db);
    const repeated = repeatedCalls(a);
    return {
      figures: [
        ['jump: jobs taken over by the other runner', `${b.events.filter((ev) => ev.type === 'job.started').length - bBefore}/${o.courses}`],
        ['jump: takeover after the jump (ms)', tookOverAt - jumpedAt],
        ['jump: first runner stopped after (ms)', aStoppedMs],
        ['jump: units stored by the first runner after losing the lease', aWroteAfter],
        ['jump: completed calls repeated (first runner had in flight)', `${repeated} (${inFlightA})`],
      ],
      checks: [
        check('after the jump the other runner takes every job over', b.events.filter((ev) => ev.type === 'job.started').length - bBefore === o.courses, `B started ${b.events.filter((ev) => ev.type === 'job.started').length - bBefore}/${o.courses}`),
        check('the first runner notices the lost lease and stops within a heartbeat', aActive === 0, `${aActive} jobs still running in A ${aStoppedMs} ms after the takeover`),
        check('the first runner stores nothing after losing the lease', aWroteAfter === 0 && aLostLogs === 0, `${aWroteAfter} units, ${aLostLogs} completions`),
        check('after the takeover every job completed, every unit stored once', jobs.every((j) => j.status === 'completed') && complete.complete === o.courses && Object.values(dup).every((n) => n === 0), `${jobs.map((j) => j.status).join(',')} ${JSON.stringify(complete.incomplete)} ${JSON.stringify(dup)}`),
        check('completed calls repeated ≤ requests the first runner had in flight', repeated <= Math.max(inFlightA, o.requests), `${repeated} > ${inFlightA}`),
      ],
    };
  } finally {
    await Promise.all([a.close(), b.close()].map((p) => p.catch(() => undefined)));
  }
}

/** The only runner's wall clock jumps 8 h while its jobs run: its own leases look expired to itself. */
export async function ownClockJumps(fake: FakeAnthropic, o: ClockJumpOptions): Promise<Outcome> {
  let offset = 0;
  const e = createEngine({
    baseURL: fake.url,
    dbPath: tempDbPath('jump-self.db'),
    leaseMs: o.leaseMs,
    // More job slots than jobs: a free slot is where a second copy of a running job would go.
    limits: { jobs: o.courses + 2, requests: o.requests },
    clockMs: () => Date.now() + offset,
  });
  try {
    const batch = seedBatch(e.store, { courses: o.courses, projects: [4, 4], lessons: [3, 3], seed: o.seed }, 'Asleep');
    e.runner.start();
    await until(() => e.store.jobs.list().every((j) => j.itemsCompleted >= 2), 30_000, 'some units stored before the sleep');
    const inFlight = e.gateway.activeRequests;
    offset = EIGHT_HOURS_MS;
    const idle = await withDeadline(e.runner.waitUntilIdle(), o.deadlineMs, 'the jobs after the wake-up').then(
      () => null,
      (error: Error) => error.message,
    );
    // waitUntilIdle can be fooled by a second copy of a job: let any such copy finish before counting.
    await until(() => e.runner.activeJobIds.length === 0 && e.gateway.activeRequests === 0, 10_000, 'quiet').catch(() => undefined);
    const starts = startsPerJob(e.events);
    const twice = [...starts.values()].filter((n) => n > 1).length;
    const jobs = e.store.jobs.list();
    const complete = completeness(e.store.db, batch.courseIds);
    const dup = duplicateUnits(e.store.db);
    const repeated = repeatedCalls(e);
    return {
      figures: [
        ['own clock jump: jobs started twice', `${twice}/${o.courses}`],
        ['own clock jump: completed calls repeated (in flight at the jump)', `${repeated} (${inFlight})`],
      ],
      checks: [
        check('after its own clock jumps, a runner does not start a job it is already running', twice === 0, `${twice} of ${o.courses} jobs started again beside themselves (job.started per job: ${[...starts.values()].join(',')})`),
        check('after its own clock jumps, no completed call is asked again', repeated === 0, `${repeated} units generated twice`),
        check('after its own clock jumps, every job completes with every unit stored once', idle === null && jobs.every((j) => j.status === 'completed') && complete.complete === o.courses && Object.values(dup).every((n) => n === 0), `${idle ?? ''} ${jobs.map((j) => j.status).join(',')} ${JSON.stringify(complete.incomplete)}`),
      ],
    };
  } finally {
    await e.close().catch(() => undefined);
  }
}
