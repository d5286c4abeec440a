// Builders for renderer tests: a plausible JobSummary and runner events with sequence numbers.
import type { JobSummary } from '../../../src/shared/domain';
import type { RunnerEvent, RunnerEventBody } from '../../../src/shared/events';

export function job(overrides: Partial<JobSummary> & { id: string }): JobSummary {
  return {
    courseId: `course-${overrides.id}`,
    courseTitle: `Course ${overrides.id}`,
    status: 'queued',
    currentStep: null,
    currentItem: null,
    itemsCompleted: 0,
    itemsTotal: 10,
    errorMessage: null,
    failedStep: null,
    failureCause: null,
    retryCount: 0,
    autoPublish: false,
    stepwise: false,
    priority: 0,
    runAfter: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: null,
    completedAt: null,
    activeMs: 0,
    runningSince: null,
    reviewStep: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    costUsd: 0,
    autoRetries: 0,
    retryReason: null,
    economy: false,
    waitingInBatch: null,
    savedUsd: 0,
    queueGroup: null,
    autoExport: null,
    autoExportResult: null,
    calls: 0,
    ...overrides,
  };
}

export function events(firstSeq: number, bodies: RunnerEventBody[], at = '2026-01-01T00:01:00.000Z'): RunnerEvent[] {
  return bodies.map((body, i) => ({ ...body, seq: firstSeq + i, at }) as RunnerEvent);
}

export { idleQueue } from '../../support/queue-state';
