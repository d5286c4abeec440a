// Part 4b, network loss: the API host becomes unreachable for a while mid-batch (connections
// refused, keep-alive sockets cut). The queue must say it is waiting for the network, spend
// no retries meanwhile (at most the one failed attempt of each request that was in flight),
// fail nothing, and carry on by itself when the network returns.
import type { FakeAnthropic } from '../../test/support/fake-anthropic';
import { createEngine, tempDbPath, until } from '../../test/support/engine';
import { seedBatch } from '../lib/batch';
import { withDeadline } from '../lib/child';
import { completeness, duplicateUnits } from '../lib/db-audit';
import { check, type Check, type Figure } from '../lib/report';

export interface NetworkLossOptions {
  courses: number;
  requests: number;
  offlineMs: number;
  seed: number;
  deadlineMs: number;
}

export async function networkLoss(fake: FakeAnthropic, o: NetworkLossOptions): Promise<{ figures: [string, Figure][]; checks: Check[] }> {
  const e = createEngine({ baseURL: fake.url, dbPath: tempDbPath('offline.db'), limits: { jobs: o.courses, requests: o.requests } });
  try {
    const batch = seedBatch(e.store, { courses: o.courses, projects: [4, 5], lessons: [2, 3], seed: o.seed }, 'Offline');
    e.runner.start();
    await until(() => e.store.jobs.list().some((j) => j.itemsCompleted >= 2), 30_000, 'some units before the network goes');
    const attemptsBefore = (e.store.db.prepare(`SELECT COUNT(*) AS n FROM model_calls`).get() as { n: number }).n;
    const retriesBefore = e.store.jobs.list().reduce((n, j) => n + e.store.logs.list(j.id, { text: 'Retrying' }).length, 0);
    const inFlightAtCut = e.gateway.activeRequests;

    fake.setOffline(true);
    const cutAt = Date.now();
    const reasons: (string | null)[] = [];
    let detectedMs: number | null = null;
    while (Date.now() - cutAt < o.offlineMs) {
      const reason = e.runner.queueState().waitingReason;
      if (detectedMs === null && reason !== null && /Waiting for network/.test(reason)) detectedMs = Date.now() - cutAt;
      if (detectedMs !== null) reasons.push(reason);
      await new Promise((r) => setTimeout(r, 100));
    }
    const requestsOffline = fake.requests.filter((r) => r.receivedAt >= cutAt && r.receivedAt < cutAt + o.offlineMs && r.body !== null).length;
    const attemptsOffline = (e.store.db.prepare(`SELECT COUNT(*) AS n FROM model_calls`).get() as { n: number }).n - attemptsBefore;
    const retriesOffline = e.store.jobs.list().reduce((n, j) => n + e.store.logs.list(j.id, { text: 'Retrying' }).length, 0) - retriesBefore;
    const failedOffline = e.store.jobs.list().filter((j) => j.status === 'failed').length;

    fake.setOffline(false);
    const backAt = Date.now();
    await until(() => fake.requests.some((r) => r.receivedAt >= backAt && r.body !== null), 30_000, 'the first request after the network returns').catch(() => undefined);
    const resumedMs = Date.now() - backAt;
    await withDeadline(e.runner.waitUntilIdle(), o.deadlineMs, 'the batch after the network returned');
    const jobs = e.store.jobs.list();
    const complete = completeness(e.store.db, batch.courseIds);
    const dup = duplicateUnits(e.store.db);
    const waitingShare = reasons.length === 0 ? 0 : reasons.filter((r) => r !== null && /Waiting for network/.test(r)).length / reasons.length;
    return {
      figures: [
        ['offline: duration (s)', o.offlineMs / 1000],
        ['offline: noticed after (ms)', detectedMs],
        ['offline: queue said "waiting for network" (share of samples)', `${Math.round(waitingShare * 100)} %`],
        ['offline: requests in flight at the cut', inFlightAtCut],
        ['offline: failed attempts recorded / retries logged while offline', `${attemptsOffline} / ${retriesOffline}`],
        ['offline: model requests that reached the server while offline', requestsOffline],
        ['offline: first request after the network returned (ms)', resumedMs],
        ['offline: jobs completed', `${jobs.filter((j) => j.status === 'completed').length}/${o.courses}`],
      ],
      checks: [
        check('the queue says "waiting for network" while offline', detectedMs !== null && waitingShare >= 0.95, `noticed after ${detectedMs} ms; share ${waitingShare}`),
        check('no retries burnt while offline (at most one failed attempt per request in flight)', attemptsOffline <= Math.max(inFlightAtCut, o.requests) && retriesOffline <= o.requests, `${attemptsOffline} attempts, ${retriesOffline} retries logged, ${inFlightAtCut} in flight at the cut`),
        check('no job failed because of the outage', failedOffline === 0 && jobs.every((j) => j.status === 'completed'), jobs.filter((j) => j.status !== 'completed').map((j) => `${j.courseTitle}: ${j.status} ${j.errorMessage ?? ''}`).join('; ')),
        check('work resumes within seconds of the network returning', resumedMs < 10_000, `${resumedMs} ms`),
        check('after the outage every unit is stored once', complete.complete === o.courses && Object.values(dup).every((n) => n === 0), `${JSON.stringify(complete.incomplete)} ${JSON.stringify(dup)}`),
        check('the waiting reason clears once the network is back', e.runner.queueState().waitingReason === null, String(e.runner.queueState().waitingReason)),
      ],
    };
  } finally {
    await e.close().catch(() => undefined);
  }
}
