// Overnight batches against provider outages, over real HTTP with the real SDK: an outage
// costs time and a handful of requests, never a job; a job whose own calls keep failing is
// retried by itself, then fails with the reason; a person's cause fails at once; the breaker
// survives a crash; and every run leaves a morning report.
import { describe, expect, it } from 'vitest';
import { callKind, promptOf, seedApprovedCourse, tempDbPath, until } from '../../support/engine';
import { useEngineRig } from '../../support/engine-rig';

const rig = useEngineRig({ latencyMs: 20 });
const engine = rig.engine;

/** The lessons call of a course's first project: one unit to make fail. */
const firstProject = (body: any) => callKind(body) === 'lessons' && promptOf(body).includes('of project 1:');

/** Short probe intervals so a 20 s outage is a 20 s test, not a minute. */
const QUICK_BREAKER = { firstProbeMs: 3_000, maxProbeMs: 6_000 };

describe('provider outages', () => {
  it('rides out a 20 s stretch of 529s in the middle of a batch: every job completes, and only calls in flight and the probes reach the API meanwhile', async () => {
    // The production retry policy: a first failure's retry comes 0.5–1 s later, by when the
    // failures of the calls in flight have opened the breaker (the tests' 20 ms back-off
    // would race it).
    const e = engine({ limits: { jobs: 3, requests: 6 }, breaker: QUICK_BREAKER, policy: {} });
    const jobs = ['Rust', 'Go', 'Zig', 'Nim'].map((t) => e.runner.enqueue(seedApprovedCourse(e.store, t, 3, 2)));
    e.runner.start();
    await until(() => rig.fake.requests.length >= 12, 20_000, 'the batch to be under way');

    rig.fake.setFaultRates({ overloaded: 1 });
    const outageFrom = Date.now();
    await until(() => e.gateway.health.breakerOpen, 10_000, 'the breaker to open');
    const openedAt = Date.now();
    expect(e.runner.queueState().hold).toMatchObject({ cause: 'overloaded', provider: 'Claude API' });
    expect(e.runner.queueState().waitingReason).toMatch(/^Claude API overloaded — waiting, next try at \d\d:\d\d \(outage so far \d+ s\)$/);
    await new Promise((resolve) => setTimeout(resolve, 20_000 - (openedAt - outageFrom)));
    rig.fake.setFaultRates({});
    const outageTo = Date.now();

    await e.runner.waitUntilIdle();
    for (const job of jobs) expect(e.store.jobs.summary(job.id)!.status).toBe('completed');
    const during = rig.fake.requests.filter((r) => r.receivedAt >= outageFrom && r.receivedAt < outageTo);
    // Until the breaker opened: the calls in flight (6) and those that took the slots their
    // failures freed, until five in a row had failed. Then probes only: at 3, 9 and 15 s
    // (3 s, then 6 s apart), so at most 4 in 20 s, and never two close together.
    expect(during.length).toBeLessThanOrEqual(6 + 5 + 4);
    const probes = during.filter((r) => r.receivedAt > openedAt + 1_000);
    expect(probes.length).toBeGreaterThanOrEqual(2);
    expect(probes.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < probes.length; i++) expect(probes[i]!.receivedAt - probes[i - 1]!.receivedAt).toBeGreaterThanOrEqual(1_500);
    // No job spent a retry on the outage, and each running one logged the wait and its end.
    for (const job of jobs) expect(e.store.jobs.get(job.id)!.auto_retries).toBe(0);
    const logs = jobs.flatMap((j) => e.store.logs.list(j.id).map((l) => l.message));
    expect(logs.some((m) => /Claude API overloaded — waiting/.test(m))).toBe(true);
    expect(logs.some((m) => /Claude API is answering again after \d+ s; continuing/.test(m))).toBe(true);

    const report = e.store.reports.latest()!;
    expect(report.completed.map((c) => c.courseTitle).sort()).toEqual(['Go', 'Nim', 'Rust', 'Zig']);
    expect(report.failed).toEqual([]);
    expect(report.waited.providerMs).toBeGreaterThanOrEqual(15_000);
    expect(report.calls).toBe(rig.fake.requests.length);
    expect(report.costUsd).toBeGreaterThan(0);
  }, 90_000);

  it('retries a job whose own calls keep failing, from the failed step, then fails it with the reason after 3 automatic retries', async () => {
    const e = engine({ autoRetryDelaysMs: [100, 200, 300] });
    const courseId = seedApprovedCourse(e.store, 'Stubborn', 3, 1);
    // The first project's lessons always come back out of shape: the model's fault, worth
    // trying again later; the other units are answered.
    for (let i = 0; i < 16; i++) rig.fake.enqueueFault({ kind: 'malformed_tool_input' }, firstProject);
    const job = e.runner.enqueue(courseId);
    const scheduled: number[] = [];
    e.runner.subscribe((ev) => {
      if (ev.type === 'job.queued' && ev.jobId === job.id) scheduled.push(e.store.jobs.get(job.id)!.auto_retries);
    });
    e.runner.start();
    await e.runner.waitUntilIdle();

    const row = e.store.jobs.get(job.id)!;
    expect(row.status).toBe('failed');
    expect(row.auto_retries).toBe(3);
    expect(row.error_message).toMatch(/did not match the expected format after 4 attempts.*\(after 3 automatic retries\)$/);
    expect(scheduled).toEqual([1, 2, 3]);
    const retries = e.store.logs.list(job.id).filter((l) => /Automatic retry \d of 3 at \d\d:\d\d/.test(l.message));
    expect(retries.map((l) => l.details?.['autoRetry'])).toEqual([1, 2, 3]);
    // 4 runs of 4 attempts of the failing unit each; what the others stored was kept.
    expect(rig.fake.requests.filter((r) => firstProject(r.body))).toHaveLength(16);
    expect(rig.fake.requests.filter((r) => callKind(r.body) === 'lessons' && !firstProject(r.body))).toHaveLength(2);
    expect(e.store.reports.latest()!).toMatchObject({ autoRetries: 3, failed: [{ jobId: job.id, courseTitle: 'Stubborn' }] });

    // A person's Retry starts the count afresh.
    e.runner.retry(job.id);
    expect(e.store.jobs.get(job.id)!.auto_retries).toBe(0);
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.get(job.id)!.status).toBe('completed');
  }, 60_000);

  it('retries a job after a run of server errors that were its own (others got answers), and it completes', async () => {
    const e = engine({ autoRetryDelaysMs: [300], breaker: { consecutiveFailures: 100, windowMinCalls: 1000 } });
    const job = e.runner.enqueue(seedApprovedCourse(e.store, 'Flaky', 3, 1));
    for (let i = 0; i < 4; i++) rig.fake.enqueueFault({ kind: 'server_error' }, firstProject);
    e.runner.start();
    await e.runner.waitUntilIdle();
    const row = e.store.jobs.get(job.id)!;
    expect(row.status).toBe('completed');
    expect(row.auto_retries).toBe(1);
    expect(row.retry_reason).toMatch(/Gave up after 4 attempts.*500/);
  }, 30_000);

  it('fails at once, with no automatic retry, for a cause a person must act on', async () => {
    const e = engine({ autoRetryDelaysMs: [50, 50, 50] });
    const job = e.runner.enqueue(seedApprovedCourse(e.store, 'Rejected key', 3, 1));
    rig.fake.enqueueFault({ kind: 'auth' }, firstProject);
    e.runner.start();
    await e.runner.waitUntilIdle();
    const row = e.store.jobs.get(job.id)!;
    expect(row.status).toBe('failed');
    expect(row.auto_retries).toBe(0);
    expect(row.error_message).toMatch(/401/);
    expect(rig.fake.requests.filter((r) => firstProject(r.body))).toHaveLength(1);
  });

  it('waits until idle only once scheduled retries have run', async () => {
    const e = engine({ autoRetryDelaysMs: [1_000] });
    const job = e.runner.enqueue(seedApprovedCourse(e.store, 'Later', 3, 1));
    for (let i = 0; i < 4; i++) rig.fake.enqueueFault({ kind: 'malformed_tool_input' }, firstProject);
    e.runner.start();
    await until(() => e.store.jobs.get(job.id)!.auto_retries === 1, 10_000, 'the automatic retry to be scheduled');
    expect(e.runner.queueState().retries.scheduled).toBe(1);
    expect(e.store.jobs.summary(job.id)).toMatchObject({ status: 'queued', autoRetries: 1, retryReason: expect.stringMatching(/expected format/) });
    let idle = false;
    const waiting = e.runner.waitUntilIdle().then(() => (idle = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(idle).toBe(false);
    await waiting;
    expect(e.store.jobs.get(job.id)!.status).toBe('completed');
  }, 30_000);

  it('keeps the breaker open across a crash: the next start probes once, sends no burst, and loses no job', async () => {
    const dbPath = tempDbPath();
    const first = engine({ dbPath, limits: { jobs: 2, requests: 6 }, breaker: { firstProbeMs: 1_000 } });
    const jobs = ['One', 'Two'].map((t) => first.runner.enqueue(seedApprovedCourse(first.store, t, 3, 2)));
    rig.fake.setFaultRates({ overloaded: 1 });
    first.runner.start();
    await until(() => first.gateway.health.breakerOpen, 10_000, 'the breaker to open');
    const sentBeforeCrash = rig.fake.requests.length;
    await first.close({ release: false });

    // The outage is over by the time the app is started again; its breaker still says open,
    // and probes when the crashed process would have (the jobs' leases run out after 5 s).
    rig.fake.setFaultRates({});
    const second = engine({ dbPath, limits: { jobs: 2, requests: 6 }, breaker: { firstProbeMs: 1_000 } });
    expect(second.gateway.health.breakerOpen).toBe(true);
    expect(second.runner.queueState().hold).toMatchObject({ cause: 'overloaded' });
    rig.fake.setLatency(300);
    second.runner.start();
    await until(() => rig.fake.requests.length > sentBeforeCrash, 15_000, 'the probe');
    await new Promise((resolve) => setTimeout(resolve, 150));
    // One probe in flight, nothing else.
    expect(rig.fake.requests.length).toBe(sentBeforeCrash + 1);
    rig.fake.setLatency(5);
    // Not waitUntilIdle: the crashed runner (this same process, so not seen as dead) still
    // holds the other job's lease for a while, and an idle runner leaves it to its owner.
    await until(() => jobs.every((j) => second.store.jobs.get(j.id)!.status === 'completed'), 20_000, 'both jobs to complete');
    expect(second.gateway.health.breakerOpen).toBe(false);
  }, 30_000);
});
