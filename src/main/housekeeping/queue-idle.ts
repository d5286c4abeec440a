// "Is a job running?" as compaction asks it: any job in a running state whose lease is live,
// whoever holds it (this app, a second window, the CLI's `run`).
import { RUNNING_JOB_STATUSES } from '../../shared/domain';
import type { Store } from '../db/store';

const RUNNING = RUNNING_JOB_STATUSES.map((s) => `'${s}'`).join(', ');

export function leasedJobRunning(store: Store): boolean {
  return (
    store.db
      .prepare<{ now: number }, { n: number }>(`SELECT COUNT(*) AS n FROM jobs WHERE status IN (${RUNNING}) AND lease_owner IS NOT NULL AND lease_expires_at > :now`)
      .get({ now: store.clockMs() })!.n > 0
  );
}
