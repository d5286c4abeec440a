// What the jobs queued together with one cost in all (issue 14: totals per batch of courses),
// summed by main (`jobs.groupTotals`). Read when the job detail opens, and again whenever
// the queue's copy of the group's jobs changes cost, calls or status (their cost refreshes
// are already throttled), so the sum follows the batch while it runs without polling.
import { useEffect, useState } from 'react';
import type { JobSummary, QueueGroupTotals } from '../../shared/domain';
import { useJobs } from '../store/jobs';
import { api, call } from './api';

/**
 * A key that changes when any job of `group` the queue knows changes what it cost (a
 * string, so the store's selector compares by value). Empty without a group.
 */
export function groupVersion(jobs: Readonly<Record<string, JobSummary>>, group: string | null): string {
  if (group === null) return '';
  let n = 0;
  let calls = 0;
  let cost = 0;
  let statuses = '';
  for (const id in jobs) {
    const job = jobs[id]!;
    if (job.queueGroup !== group) continue;
    n += 1;
    calls += job.calls;
    cost += job.costUsd;
    statuses += job.status[0];
  }
  return `${n}:${calls}:${cost}:${statuses}`;
}

/** The group's totals, or null without a group, before the first answer, or when it could not be read. */
export function useGroupTotals(group: string | null): QueueGroupTotals | null {
  const version = useJobs((s) => groupVersion(s.data.jobs, group));
  const [totals, setTotals] = useState<QueueGroupTotals | null>(null);
  useEffect(() => {
    if (group === null) {
      setTotals(null);
      return;
    }
    let current = true;
    call(api().jobsGroupTotals({ queueGroup: group })).then(
      (value) => {
        if (current) setTotals(value);
      },
      () => {
        // A group deleted meanwhile, or main unreachable: the line is left out.
        if (current) setTotals(null);
      },
    );
    return () => {
      current = false;
    };
  }, [group, version]);
  return totals && totals.id === group ? totals : null;
}
