// Part 2, two processes on one database file: the desktop app's core (createAppCore, in a
// process of its own that also reads and writes like an open window) and the CLI's runner
// (`course-studio run --until-idle`), started together on the same batch. What must hold:
// no job runs twice (one "Started" log line per job, one successful call per unit), every
// job completes, and SQLITE_BUSY ("database is locked") never reaches anyone: not the
// CLI's output, not the app's command results, not a job's error or log.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../src/main/app-core';
import { startFakeAnthropic } from '../../test/support/fake-anthropic';
import { TEST_API_KEY } from '../../test/support/engine';
import { seedBatchFile } from '../lib/batch';
import { TSX_NODE_ARGS, spawnWatched, withDeadline } from '../lib/child';
import { completeness, duplicateUnits, integrity, successfulCallsByUnit, withAudit } from '../lib/db-audit';
import { check, timedPart, type PartResult } from '../lib/report';

export interface TwoProcessOptions {
  courses: number;
  latencyMs: number;
  jobs: number;
  requests: number;
  seed: number;
  deadlineMs: number;
}

export const TWO_PROCESS_DEFAULTS: TwoProcessOptions = { courses: 40, latencyMs: 200, jobs: 3, requests: 6, seed: 17, deadlineMs: 240_000 };

const BUSY = /SQLITE_BUSY|database is locked/i;

export async function runTwoProcesses(options: Partial<TwoProcessOptions> = {}): Promise<PartResult> {
  const o = { ...TWO_PROCESS_DEFAULTS, ...options };
  return timedPart(
    2,
    'Two processes, one database: the desktop core and the CLI runner',
    { courses: o.courses, latencyMs: o.latencyMs, jobs: o.jobs, requests: o.requests, seed: o.seed },
    async (out) => {
      const fake = await startFakeAnthropic({ latencyMs: o.latencyMs, seed: o.seed });
      try {
        const dataDir = mkdtempSync(join(tmpdir(), 'cs-two-'));
        const db = join(dataDir, DATABASE_FILE);
        const batch = seedBatchFile(db, { courses: o.courses, projects: [3, 5], lessons: [2, 3], seed: o.seed }, 'Shared');
        const env = { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: TEST_API_KEY };
        const app = spawnWatched([...TSX_NODE_ARGS, 'soak/support/app-core-process.ts', dataDir], env);
        const cli = spawnWatched(
          [...TSX_NODE_ARGS, 'src/main/cli/index.ts', 'run', '--db', db, '--until-idle', '--jobs', String(o.jobs), '--requests', String(o.requests)],
          env,
        );
        const [appExit, cliExit] = await withDeadline(Promise.all([app.exited, cli.exited]), o.deadlineMs, 'the two runners').catch(async (error) => {
          out.checks.push(check('both processes finished in time', false, (error as Error).message));
          await Promise.all([app.kill(), cli.kill()]);
          return [await app.exited, await cli.exited];
        });
        const summaryLine = app.lines.find((l) => l.text.startsWith('summary '))?.text;
        const summary = summaryLine
          ? (JSON.parse(summaryLine.slice('summary '.length)) as { pid: number; reads: number; writes: number; failures: string[] })
          : null;

        const audit = withAudit(db, (a) => ({
          starts: a
            .prepare(
              `SELECT job_id, COUNT(*) AS n, GROUP_CONCAT(json_extract(details_json, '$.owner'), ' ') AS owners FROM job_logs
               WHERE message LIKE 'Started:%' OR message LIKE 'Resuming:%' GROUP BY job_id`,
            )
            .all() as { job_id: string; n: number; owners: string }[],
          statuses: a.prepare(`SELECT status, error_message FROM jobs`).all() as { status: string; error_message: string | null }[],
          busyLogs: (a.prepare(`SELECT message, details_json FROM job_logs`).all() as { message: string; details_json: string | null }[]).filter(
            (l) => BUSY.test(l.message) || BUSY.test(l.details_json ?? ''),
          ).length,
          busyCalls: (a.prepare(`SELECT error_message FROM model_calls WHERE error_message IS NOT NULL`).all() as { error_message: string }[]).filter((c) =>
            BUSY.test(c.error_message),
          ).length,
          calls: successfulCallsByUnit(a),
          complete: completeness(a, batch.courseIds),
          duplicates: duplicateUnits(a),
          integrity: integrity(a),
        }));
        const pidOf = (owner: string) => Number(owner.split('/')[1]);
        const byApp = audit.starts.filter((s) => pidOf(s.owners) === app.process.pid).length;
        const byCli = audit.starts.filter((s) => pidOf(s.owners) === cli.process.pid).length;
        const twice = audit.starts.filter((s) => s.n > 1);
        const repeated = audit.calls.filter((u) => u.ok.length > 1);
        const outputs = [...app.lines.map((l) => l.text), ...app.stderr, ...cli.lines.map((l) => l.text), ...cli.stderr];
        const busyOutput = outputs.filter((l) => BUSY.test(l));
        const busyResults = (summary?.failures ?? []).filter((f) => BUSY.test(f));
        const busyJobs = audit.statuses.filter((s) => BUSY.test(s.error_message ?? ''));
        const completed = audit.statuses.filter((s) => s.status === 'completed').length;

        out.figures.push(
          ['courses / units', `${o.courses} / ${batch.units}`],
          ['jobs run by the desktop core / by the CLI', `${byApp} / ${byCli}`],
          ['jobs started more than once', twice.length],
          ['units with more than one successful call', repeated.length],
          ['desktop core: reads / setting writes during the run', summary ? `${summary.reads} / ${summary.writes}` : '—'],
          ['desktop core: commands that failed', summary ? summary.failures.length : '—'],
          ['SQLITE_BUSY seen (output, commands, jobs, logs, calls)', `${busyOutput.length}, ${busyResults.length}, ${busyJobs.length}, ${audit.busyLogs}, ${audit.busyCalls}`],
          ['jobs completed', `${completed}/${o.courses}`],
          ['exit codes (desktop core / CLI)', `${appExit.code} / ${cliExit.code}`],
        );
        out.checks.push(
          check('both processes exit cleanly', appExit.code === 0 && cliExit.code === 0, `core ${JSON.stringify(appExit)} ${app.stderr.slice(-3).join(' | ')}; CLI ${JSON.stringify(cliExit)} ${cli.stderr.slice(-3).join(' | ')}`),
          check('both processes ran jobs', byApp > 0 && byCli > 0, `core ${byApp}, CLI ${byCli}`),
          check('no job ran twice', twice.length === 0 && audit.starts.length === o.courses, `${twice.length} jobs started more than once; ${audit.starts.length} started in all`),
          check('no unit generated twice', repeated.length === 0, repeated.map((u) => `${u.step} ${u.item}`).join('; ')),
          check('every job completed, every unit stored once', completed === o.courses && audit.complete.complete === o.courses && Object.values(audit.duplicates).every((n) => n === 0), `${JSON.stringify(audit.complete.incomplete)} ${JSON.stringify(audit.duplicates)}`),
          check('SQLITE_BUSY never surfaces', busyOutput.length + busyResults.length + busyJobs.length + audit.busyLogs + audit.busyCalls === 0, busyOutput.concat(busyResults).slice(0, 5).join(' | ')),
          check('the desktop core answered every command it was sent', summary !== null && summary.failures.length === 0, summary ? summary.failures.slice(0, 5).join(' | ') : 'no summary printed'),
          check('integrity_check = ok', audit.integrity === 'ok', audit.integrity),
        );
      } finally {
        await fake.close();
      }
    },
  );
}
