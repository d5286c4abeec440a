// Part 5a, a full disk mid-batch, two ways: SQLite's page budget (max_page_count, an
// injected SQLITE_FULL that works anywhere) and, where the soak may mount one, a real
// small file system (tmpfs) filled to the last byte. Either way: a clear reason in the
// queue state, the queue paused rather than jobs failed, every stored unit kept, and the
// batch carrying on by itself once there is room again.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeAnthropic } from '../../test/support/fake-anthropic';
import { createEngine, until, type Engine } from '../../test/support/engine';
import { seedBatch } from '../lib/batch';
import { withDeadline } from '../lib/child';
import { completeness, duplicateUnits, integrity } from '../lib/db-audit';
import { check, type Check, type Figure } from '../lib/report';

export interface DiskFullOptions {
  courses: number;
  requests: number;
  seed: number;
  deadlineMs: number;
  /** Size of the real file system to fill (MiB); 0 skips that case. */
  tmpfsMiB: number;
}

interface Outcome {
  figures: [string, Figure][];
  checks: Check[];
  notes: string[];
}

const storedUnitIds = (e: Engine) =>
  new Set(
    (e.store.db.prepare(`SELECT id FROM lessons UNION ALL SELECT id FROM tasks`).all() as { id: string }[]).map((r) => r.id),
  );

/** Runs a batch until `fill()` makes the disk full, checks the pause, then `free()` and checks the finish. */
async function fullThenFree(e: Engine, label: string, o: DiskFullOptions, fill: () => void, free: () => void): Promise<Outcome> {
  const batch = seedBatch(e.store, { courses: o.courses, projects: [4, 4], lessons: [3, 3], seed: o.seed }, label);
  e.runner.start();
  await until(() => e.store.jobs.list().some((j) => j.itemsCompleted >= 2), 30_000, 'some units before the disk fills');
  const filledAt = Date.now();
  fill();
  let pausedMs: number | null = null;
  await until(() => /disk is full/.test(e.runner.queueState().waitingReason ?? ''), 20_000, 'the disk-full pause')
    .then(() => (pausedMs = Date.now() - filledAt))
    .catch(() => undefined);
  const reason = e.runner.queueState().waitingReason;
  await until(() => e.runner.activeJobIds.length === 0, 10_000, 'jobs to yield').catch(() => undefined);
  const kept = storedUnitIds(e);
  const failedWhileFull = e.store.jobs.list().filter((j) => j.status === 'failed');
  const stillActive = e.runner.activeJobIds.length;
  // While there is no room nothing restarts: give it a few poll rounds.
  const seq = e.runner.bus.lastSeq;
  await new Promise((r) => setTimeout(r, 500));
  const eventsWhileFull = e.runner.bus.lastSeq - seq;
  free();
  const freedAt = Date.now();
  // The CLI's --until-idle trusts this: it must not report idle while jobs are left to do.
  let idleAt: number | null = null;
  void e.runner.waitUntilIdle().then(() => (idleAt = Date.now()));
  let resumedAt: number | null = null;
  const unfinished = () => e.store.jobs.list().filter((j) => j.status !== 'completed' && j.status !== 'failed').length;
  await withDeadline(
    until(() => {
      if (resumedAt === null && storedUnitIds(e).size > kept.size) resumedAt = Date.now();
      return unfinished() === 0;
    }, o.deadlineMs),
    o.deadlineMs + 1_000,
    `the ${label} batch after space returned`,
  ).catch(() => undefined);
  const finishedMs = Date.now() - freedAt;
  await until(() => idleAt !== null, 5_000).catch(() => undefined);
  const idleEarly = idleAt !== null && idleAt < freedAt + finishedMs - 200;
  const after = storedUnitIds(e);
  const lost = [...kept].filter((id) => !after.has(id)).length;
  const jobs = e.store.jobs.list();
  const complete = completeness(e.store.db, batch.courseIds);
  const dup = duplicateUnits(e.store.db);
  const ok = integrity(e.store.db);
  const errors = e.store.jobs.list().flatMap((j) => e.store.logs.list(j.id, { levels: ['error'] }).map((l) => l.message));
  return {
    figures: [
      [`${label}: queue paused after (ms)`, pausedMs],
      [`${label}: units stored when it filled`, kept.size],
      [`${label}: jobs failed while full`, failedWhileFull.length],
      [`${label}: runner events while full (0.5 s)`, eventsWhileFull],
      [`${label}: first unit stored after space returned (s)`, resumedAt === null ? null : (resumedAt - freedAt) / 1000],
      [`${label}: batch finished after space returned (s)`, finishedMs / 1000],
      [`${label}: runner reported idle after space returned (s)`, idleAt === null ? null : (idleAt - freedAt) / 1000],
      [`${label}: jobs completed`, `${jobs.filter((j) => j.status === 'completed').length}/${o.courses}`],
    ],
    checks: [
      check(`${label}: the queue says the disk is full and pauses`, pausedMs !== null && stillActive === 0, `reason ${JSON.stringify(reason)}, ${stillActive} jobs still active`),
      check(`${label}: no job fails because the disk is full`, failedWhileFull.length === 0 && errors.length === 0, failedWhileFull.map((j) => `${j.courseTitle}: ${j.errorMessage}`).concat(errors).join('; ')),
      check(`${label}: it waits quietly while full (no restart loop)`, eventsWhileFull < 5, `${eventsWhileFull} events in 0.5 s`),
      check(`${label}: nothing stored is lost`, lost === 0, `${lost} of ${kept.size} units gone`),
      check(`${label}: it resumes by itself and completes every job`, jobs.every((j) => j.status === 'completed') && complete.complete === o.courses, `${jobs.map((j) => j.status).join(',')} ${JSON.stringify(complete.incomplete)}`),
      check(`${label}: every unit stored once, integrity ok`, Object.values(dup).every((n) => n === 0) && ok === 'ok', `${JSON.stringify(dup)} ${ok}`),
      check(`${label}: the runner does not report idle while jobs are left to do`, !idleEarly, `idle ${idleAt === null ? 'never' : `${((idleAt - freedAt) / 1000).toFixed(1)} s`} after space returned, the batch finished after ${(finishedMs / 1000).toFixed(1)} s`),
      check(`${label}: the waiting reason clears`, e.runner.queueState().waitingReason === null, String(e.runner.queueState().waitingReason)),
    ],
    notes: [],
  };
}

export async function pageBudgetFull(fake: FakeAnthropic, o: DiskFullOptions): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-full-'));
  const e = createEngine({ baseURL: fake.url, dbPath: join(dir, 'studio.db'), limits: { jobs: o.courses, requests: o.requests } });
  try {
    return await fullThenFree(
      e,
      'page budget',
      o,
      () => e.store.db.pragma(`max_page_count = ${e.store.db.pragma('page_count', { simple: true }) as number}`),
      () => e.store.db.pragma('max_page_count = 1073741823'),
    );
  } finally {
    await e.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes zeros until the file system refuses another byte. */
function fillUp(path: string): number {
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    for (const size of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          written += writeSync(fd, chunk);
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

export async function realFilesystemFull(fake: FakeAnthropic, o: DiskFullOptions): Promise<Outcome> {
  const mount = mkdtempSync(join(tmpdir(), 'cs-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${o.tmpfsMiB}m`, 'tmpfs', mount], { stdio: 'pipe' });
  } catch (error) {
    rmdirSync(mount);
    const why = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
    return { figures: [['tmpfs: real small file system', 'not permitted here']], checks: [], notes: [`A real small file system could not be mounted (${why}); only the page-budget case ran.`] };
  }
  let e: Engine | null = null;
  try {
    mkdirSync(join(mount, 'data'));
    e = createEngine({ baseURL: fake.url, dbPath: join(mount, 'data', 'studio.db'), limits: { jobs: o.courses, requests: o.requests } });
    const filler = join(mount, 'filler.bin');
    let filled = 0;
    const outcome = await fullThenFree(
      e,
      `tmpfs ${o.tmpfsMiB} MiB`,
      o,
      () => (filled = fillUp(filler)),
      () => rmSync(filler, { force: true }),
    );
    outcome.figures.unshift([`tmpfs ${o.tmpfsMiB} MiB: filler bytes written`, filled]);
    return outcome;
  } finally {
    await e?.close().catch(() => undefined);
    try {
      execFileSync('umount', [mount], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', mount], { stdio: 'pipe' });
    }
    rmdirSync(mount);
  }
}
