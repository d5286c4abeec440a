// Part 1, crash soak: the headless runner (test/support/run-engine.ts, its own process)
// works through a batch and is SIGKILLed at random moments, then restarted at once. What
// must hold: every job completes; no duplicate unit; a completed call is asked again only
// if it was in flight at a kill; every log line and every unit committed before a kill
// survives it; the file passes integrity_check. The same batch run without kills gives
// the time overhead.
import type Database from 'better-sqlite3';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest } from '../../test/support/fake-anthropic';
import { tempDbPath } from '../../test/support/engine';
import { between, mulberry32, seedBatchFile, type Batch, type BatchSpec } from '../lib/batch';
import { TSX_NODE_ARGS, sleep, spawnWatched, withDeadline, type WatchedChild } from '../lib/child';
import { completeness, duplicateUnits, integrity, missingUniqueKeys, successfulCallsByUnit, withAudit } from '../lib/db-audit';
import { check, timedPart, type PartResult } from '../lib/report';

export interface CrashOptions {
  courses: number;
  projects: [number, number];
  lessons: [number, number];
  /** SIGKILLs to deliver before the batch is allowed to finish. */
  kills: number;
  latencyMs: number;
  jobs: number;
  requests: number;
  /** A working runner is killed after a random delay up to this long. */
  maxLifeMs: number;
  /** Every Nth kill lands during start-up instead (opening the file, taking back leases). */
  startupKillEvery: number;
  seed: number;
  /** Longest the last, uninterrupted runner may take to finish. */
  finishDeadlineMs: number;
}

export const CRASH_DEFAULTS: CrashOptions = {
  courses: 20,
  projects: [4, 5],
  lessons: [2, 3],
  kills: 30,
  latencyMs: 250,
  jobs: 3,
  requests: 6,
  maxLifeMs: 1_500,
  startupKillEvery: 5,
  seed: 11,
  finishDeadlineMs: 180_000,
};

const RUNNER = 'test/support/run-engine.ts';
/** A response finished this shortly before a kill may not have been read by the runner yet: still in flight from its side. */
const CLIENT_LAG_MS = 250;
/** The lease is long on purpose: the restarted runner must take jobs back because their process is gone, not because the lease expired. */
const LEASE_MS = 60_000;

interface KillRecord {
  at: number;
  duringStartup: boolean;
  /** Log rows visible before the kill: all must survive it. */
  logCount: number;
  logMaxId: number;
  /** Units the killed runner reported stored, missing from the file after the kill. */
  lostUnits: string[];
}

function spawnRunner(db: string, o: CrashOptions, url: string): WatchedChild {
  return spawnWatched([...TSX_NODE_ARGS, RUNNER, db, String(LEASE_MS), String(o.jobs), String(o.requests)], { ANTHROPIC_BASE_URL: url });
}

/** Units stored in the file, as "<jobId> <step> <item>" — the runner's own words when it reports one done. */
function storedUnits(db: Database.Database): Set<string> {
  const out = new Set<string>();
  const rows = db
    .prepare(
      `SELECT j.id AS job, p.position AS pp, l.position AS lp,
         (SELECT COUNT(*) FROM tasks t WHERE t.lesson_id = l.id) AS tasks
       FROM jobs j JOIN projects p ON p.course_id = j.course_id LEFT JOIN lessons l ON l.project_id = p.id`,
    )
    .all() as { job: string; pp: number; lp: number | null; tasks: number }[];
  for (const r of rows) {
    if (r.lp === null) continue;
    out.add(`${r.job} lessons project:${r.pp}`);
    if (r.tasks > 0) out.add(`${r.job} tasks lesson:${r.pp}.${r.lp}`);
  }
  for (const r of db.prepare(`SELECT j.id AS job FROM jobs j JOIN courses c ON c.id = j.course_id WHERE c.summary_json IS NOT NULL`).all() as {
    job: string;
  }[]) {
    out.add(`${r.job} finalize course`);
  }
  return out;
}

async function runUninterrupted(o: CrashOptions, fake: FakeAnthropic, spec: BatchSpec) {
  const db = tempDbPath('baseline.db');
  seedBatchFile(db, spec, 'Baseline');
  const first = fake.requests.length;
  const child = spawnRunner(db, o, fake.url);
  const exit = await withDeadline(child.exited, o.finishDeadlineMs, 'the uninterrupted run').catch(async (error: unknown) => {
    await child.kill('SIGKILL');
    throw error;
  });
  const ms = Date.now() - child.startedAt;
  const done = withAudit(db, (a) => (a.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE status = 'completed'`).get() as { n: number }).n);
  return { ms, exit, done, requests: fake.requests.length - first };
}

export async function runCrashSoak(options: Partial<CrashOptions> = {}): Promise<PartResult> {
  const o = { ...CRASH_DEFAULTS, ...options };
  return timedPart(
    1,
    'Crash soak: SIGKILL at random moments, restart each time',
    { courses: o.courses, kills: o.kills, latencyMs: o.latencyMs, jobs: o.jobs, requests: o.requests, seed: o.seed },
    async (out) => {
      const fake = await startFakeAnthropic({ latencyMs: o.latencyMs, seed: o.seed });
      // Whatever happens, no runner is left behind.
      let current: WatchedChild | null = null;
      try {
        const spec: BatchSpec = { courses: o.courses, projects: o.projects, lessons: o.lessons, seed: o.seed };
        const baseline = await runUninterrupted(o, fake, spec);
        out.checks.push(
          check('uninterrupted run completes every job', baseline.done === o.courses && baseline.exit.code === 0, `${baseline.done}/${o.courses} completed, exit ${JSON.stringify(baseline.exit)}`),
        );

        const db = tempDbPath('crash.db');
        const batch: Batch = seedBatchFile(db, spec);
        const firstRequest = fake.requests.length;
        const random = mulberry32(o.seed + 1);
        const kills: KillRecord[] = [];
        const unexpectedExits: string[] = [];
        let lives = 0;
        const started = Date.now();
        let finished = false;

        while (!finished) {
          const child = spawnRunner(db, o, fake.url);
          current = child;
          lives++;
          if (kills.length < o.kills) {
            const duringStartup = (kills.length + 1) % o.startupKillEvery === 0;
            if (duringStartup) {
              await Promise.race([sleep(between(random, [0, 800])), child.exited]);
            } else {
              // Wait until it is working (or done), then a random moment within its working life.
              await child.waitForLine(/^(job\.started|item\.completed|idle)/, 60_000).catch(() => undefined);
              await Promise.race([sleep(between(random, [20, o.maxLifeMs])), child.exited]);
            }
            if (child.process.exitCode === null && child.process.signalCode === null) {
              const logs = withAudit(db, (a) => a.prepare(`SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS m FROM job_logs`).get() as { n: number; m: number });
              const at = Date.now();
              await child.kill('SIGKILL');
              const reported = child.lines.filter((l) => l.text.startsWith('item.completed ')).map((l) => l.text.slice('item.completed '.length));
              const stored = withAudit(db, storedUnits);
              kills.push({ at, duringStartup, logCount: logs.n, logMaxId: logs.m, lostUnits: reported.filter((u) => !stored.has(u)) });
              continue;
            }
          } else {
            await withDeadline(child.exited, o.finishDeadlineMs, 'the last, uninterrupted runner').catch((error: Error) => {
              unexpectedExits.push(error.message);
              return child.kill('SIGKILL');
            });
          }
          const exit = await child.exited;
          if (exit.code !== 0) unexpectedExits.push(`life ${lives}: exit ${JSON.stringify(exit)}; stderr: ${child.stderr.slice(-5).join(' | ')}`);
          finished = true;
        }
        const crashMs = Date.now() - started;
        const requests = fake.requests.slice(firstRequest);

        const audit = withAudit(db, (a) => ({
          statuses: a.prepare(`SELECT status, COUNT(*) AS n FROM jobs GROUP BY status`).all() as { status: string; n: number }[],
          duplicates: duplicateUnits(a),
          missingKeys: missingUniqueKeys(a),
          complete: completeness(a, batch.courseIds),
          integrity: integrity(a),
          calls: successfulCallsByUnit(a),
          logsKept: kills.map((k) => (a.prepare(`SELECT COUNT(*) AS n FROM job_logs WHERE id <= ?`).get(k.logMaxId) as { n: number }).n),
          takeovers: (a.prepare(`SELECT COUNT(*) AS n FROM job_logs WHERE message LIKE '%stopped unexpectedly%'`).get() as { n: number }).n,
          leased: (a.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE lease_owner IS NOT NULL`).get() as { n: number }).n,
        }));

        // A completed call may repeat only if the kill caught it between the answer and the commit.
        const inFlightAt = (at: number) =>
          requests.filter((r: RecordedRequest) => r.receivedAt <= at && (r.finishedAt === null || r.finishedAt >= at - CLIENT_LAG_MS)).length;
        const repeatsPerKill = new Map<number, number>();
        const unitRepeatedTwiceInOneKill: string[] = [];
        let repeated = 0;
        for (const unit of audit.calls) {
          const perKill = new Map<number, number>();
          for (const t of unit.ok.slice(0, -1)) {
            repeated++;
            const k = kills.findIndex((kill) => kill.at >= t);
            perKill.set(k, (perKill.get(k) ?? 0) + 1);
            repeatsPerKill.set(k, (repeatsPerKill.get(k) ?? 0) + 1);
          }
          for (const [k, n] of perKill) if (n > 1 || k < 0) unitRepeatedTwiceInOneKill.push(`${unit.step} ${unit.item} of ${unit.courseId} (kill ${k}: ${n})`);
        }
        const overRepeated = [...repeatsPerKill].filter(([k, n]) => k < 0 || n > inFlightAt(kills[k]!.at)).map(([k, n]) => `kill ${k}: ${n} repeats`);
        const inFlight = kills.map((k) => inFlightAt(k.at));
        const completed = audit.statuses.find((s) => s.status === 'completed')?.n ?? 0;
        const dupTotal = Object.values(audit.duplicates).reduce((a, b) => a + b, 0);
        const lostLogs = kills.map((k, i) => k.logCount - audit.logsKept[i]!).reduce((a, b) => a + b, 0);
        const lostUnits = kills.flatMap((k) => k.lostUnits);
        const workKills = kills.filter((k) => !k.duringStartup).length;

        out.figures.push(
          ['courses / units', `${o.courses} / ${batch.units}`],
          ['SIGKILLs (working / during start-up)', `${kills.length} (${workKills} / ${kills.length - workKills})`],
          ['restarts', lives - 1],
          ['jobs completed', `${completed}/${o.courses}`],
          ['model requests (uninterrupted → with kills)', `${baseline.requests} → ${requests.length}`],
          ['requests cut off by a kill', requests.filter((r) => r.outcome === 'aborted').length],
          ['requests in flight at a kill (max / total)', `${Math.max(0, ...inFlight)} / ${inFlight.reduce((a, b) => a + b, 0)}`],
          ['completed calls repeated', repeated],
          ['duplicate projects / lessons / tasks', `${audit.duplicates.projects} / ${audit.duplicates.lessons} / ${audit.duplicates.tasks}`],
          ['log lines lost at kills', lostLogs],
          ['units reported done but lost', lostUnits.length],
          ['jobs taken back from a dead runner (log lines)', audit.takeovers],
          ['integrity_check', audit.integrity],
          ['uninterrupted makespan (s)', baseline.ms / 1000],
          ['with kills (s)', crashMs / 1000],
          ['time overhead', `${(((crashMs - baseline.ms) / baseline.ms) * 100).toFixed(0)} %`],
          ['overhead per restart (s)', lives > 1 ? (crashMs - baseline.ms) / 1000 / (lives - 1) : 0],
        );
        out.checks.push(
          check(`at least ${o.kills} SIGKILLs before the batch finished`, kills.length >= o.kills, `${kills.length} kills; the batch finished first — make it larger or the kills faster`),
          check('no runner died on its own or hung', unexpectedExits.length === 0, unexpectedExits.join('\n')),
          check('every job completed', completed === o.courses && audit.leased === 0, JSON.stringify(audit.statuses) + `, ${audit.leased} still leased`),
          check('every planned unit stored', audit.complete.complete === o.courses, JSON.stringify(audit.complete.incomplete)),
          check('no duplicate project, lesson, task, option or job', dupTotal === 0, JSON.stringify(audit.duplicates)),
          check('UNIQUE (parent, position) enforced by the schema', audit.missingKeys.length === 0, `missing: ${audit.missingKeys.join(', ')}`),
          check('a completed call repeats only if it was in flight at a kill', overRepeated.length === 0, overRepeated.join('; ')),
          check('no unit repeated twice for one kill', unitRepeatedTwiceInOneKill.length === 0, unitRepeatedTwiceInOneKill.join('; ')),
          check('every log line written before a kill is still there', lostLogs === 0, `${lostLogs} lines missing`),
          check('every unit reported done before a kill is stored', lostUnits.length === 0, lostUnits.slice(0, 10).join('; ')),
          check('integrity_check = ok', audit.integrity === 'ok', audit.integrity),
        );
      } finally {
        await current?.kill('SIGKILL');
        await fake.close();
      }
    },
  );
}
