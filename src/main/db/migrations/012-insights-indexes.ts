// Insights (issue 17): why each job failed, and indexes for reading a period.
// - `jobs.failure_cause`: the cause of a failed job (shared/failure-causes.ts), stored with
//   the failure so the Insights page can count it and the queue filter by it. Jobs that
//   failed before this version get it from their last error log line (whose details keep
//   the provider's error kind; housekeeping never deletes a job's last error); an answer
//   cut off at the token limit is told apart by the message it failed with.
// - `jobs_by_completed`: jobs that ended in a period, by status, without reading the table.
// - Three covering indexes on the call ledger, so a period's calls are read from an index
//   alone, in the order each query needs: `model_calls_usage` (tokens and cost by time),
//   `model_calls_latency` (answered calls by kind and latency: a percentile is a walk to its
//   rank, no sort), `model_calls_job_steps` (each job's steps and their calls' times). They
//   cost a few index writes per model call (about one a second at most) and roughly double
//   the ledger's size on disk; reading 160,000 calls through the table instead took seconds.
import type { Migration } from './types';

export const migration012: Migration = {
  version: 12,
  name: 'insights: failure causes and indexes',
  up: (db) => {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN failure_cause TEXT;
      CREATE INDEX jobs_by_completed ON jobs (completed_at, status) WHERE completed_at IS NOT NULL;
      CREATE INDEX model_calls_usage ON model_calls (started_at, provider, model, service_tier, error_kind,
        input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd);
      CREATE INDEX model_calls_latency ON model_calls (outcome, step, latency_ms, started_at);
      CREATE INDEX model_calls_job_steps ON model_calls (job_id, step, started_at, latency_ms);

      UPDATE jobs SET failure_cause = (
        SELECT CASE json_extract(l.details_json, '$.kind')
            WHEN 'rate_limit' THEN 'rate_limit'
            WHEN 'overloaded' THEN 'overload'
            WHEN 'server' THEN 'overload'
            WHEN 'network' THEN 'network'
            WHEN 'timeout' THEN 'network'
            WHEN 'invalid_output' THEN CASE WHEN l.message LIKE '%answer was cut off at%' THEN 'cut_off' ELSE 'validation' END
            WHEN 'auth' THEN 'permission_credit'
            WHEN 'permission' THEN 'permission_credit'
            WHEN 'spend_limit' THEN 'permission_credit'
            ELSE 'other' END
        FROM job_logs l WHERE l.job_id = jobs.id AND l.level = 'error' ORDER BY l.id DESC LIMIT 1)
      WHERE status = 'failed';
      UPDATE jobs SET failure_cause = 'other' WHERE status = 'failed' AND failure_cause IS NULL;
    `);
  },
};
