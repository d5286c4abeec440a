// Part 8b, the API key stays where it belongs: sent to the API (its auth header) and kept in the
// secret store, and nowhere else — not in any command's answer or event (what the renderer
// sees), not in job logs or model-call records, not in the database file, not in console
// output — through a whole generation, a rejected key, and a connection test.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE, createAppCore } from '../../src/main/app-core';
import { createFileSecretStore } from '../../src/main/secrets';
import { EVENT_NAMES, type CommandName } from '../../src/shared/ipc-contract';
import type { FakeAnthropic } from '../../test/support/fake-anthropic';
import { seedApprovedCourse, until } from '../../test/support/engine';
import { check, type Check, type Figure } from '../lib/report';

/** Commands that only read: the renderer may call any of them at any time. */
const READS: CommandName[] = ['app.info', 'settings.get', 'courses.list', 'jobs.snapshot', 'sync.getConfig', 'sync.status', 'sync.log', 'apiKey.test'];

export async function keyLeaks(fake: FakeAnthropic): Promise<{ figures: [string, Figure][]; checks: Check[]; notes: string[] }> {
  const key = `sk-ant-soak-${randomBytes(12).toString('hex')}`;
  fake.setApiKeys([key]);
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-key-'));
  const secretFile = join(dataDir, 'api-key.txt');
  const seen: { where: string; text: string }[] = [];
  const console_ = { log: console.log, warn: console.warn, error: console.error };
  for (const level of ['log', 'warn', 'error'] as const) console[level] = (...args: unknown[]) => seen.push({ where: `console.${level}`, text: args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' ') });
  const outcome = { completed: false, rejected: false };
  const core = createAppCore({ dataDir, secrets: createFileSecretStore(secretFile), env: { ANTHROPIC_BASE_URL: fake.url }, retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 }, runner: { pollMs: 50 } });
  try {
    for (const name of EVENT_NAMES) core.subscribe(name, (payload) => seen.push({ where: `event ${name}`, text: JSON.stringify(payload) }));
    const call = async (name: CommandName, input?: unknown) => {
      const result = await core.dispatch(name, input);
      seen.push({ where: `command ${name}`, text: JSON.stringify(result) });
      return result;
    };
    await call('apiKey.set', { key });

    // A whole generation with the key: outline options, then a job.
    const created = await call('courses.create', { topic: { topic: 'Keys and locks', projects: 3 } });
    const courseId = created.ok ? (created.value as { id: string }).id : '';
    const options = await call('courses.generateOutlines', { courseId, count: 1 });
    const optionId = options.ok ? (options.value as { id: string }[])[0]?.id : undefined;
    await call('courses.chooseOption', { courseId, optionId });
    await call('courses.approveOutline', { courseId, by: 'Reviewer' });
    const job = await call('jobs.enqueue', { courseId });
    const jobId = job.ok ? (job.value as { id: string }).id : '';
    await until(() => core.store.jobs.get(jobId)?.status === 'completed', 30_000, 'the job with the key').catch(() => undefined);
    outcome.completed = core.store.jobs.get(jobId)?.status === 'completed';

    // The key rejected: the test, a failing job and its logs must not quote it back.
    fake.setApiKeys(['a-different-key-0000000000']);
    const rejectedCourse = seedApprovedCourse(core.store, 'Rejected key', 3, 1);
    const rejectedJob = await call('jobs.enqueue', { courseId: rejectedCourse });
    const rejectedJobId = rejectedJob.ok ? (rejectedJob.value as { id: string }).id : '';
    await until(() => core.store.jobs.get(rejectedJobId)?.status === 'failed', 30_000, 'the job with a rejected key').catch(() => undefined);
    outcome.rejected = core.store.jobs.get(rejectedJobId)?.status === 'failed';

    for (const name of READS) await call(name);
    for (const id of [courseId, rejectedCourse]) {
      await call('courses.get', { courseId: id });
      await call('courses.export', { courseId: id, format: 'json' });
      await call('courses.export', { courseId: id, format: 'markdown' });
    }
    for (const id of [jobId, rejectedJobId]) await call('jobs.logs', { jobId: id, limit: 100_000 });
    await call('apiKey.clear');
    await call('settings.get');
  } finally {
    await core.dispose();
    Object.assign(console, console_);
    fake.setApiKeys(null);
  }
  const leaked = seen.filter((s) => s.text.includes(key));
  const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`].map((f) => join(dataDir, f)).filter(existsSync);
  const inFiles = files.filter((f) => readFileSync(f).includes(Buffer.from(key)));
  // SDK 1.x sends an API key as "Authorization: Bearer"; older ones used x-api-key.
  const sentWithKey = fake.requests.filter((r) => r.headers['x-api-key'] === key || r.headers.authorization === `Bearer ${key}`).length;
  const commands = seen.filter((s) => s.where.startsWith('command')).length;
  const events = seen.filter((s) => s.where.startsWith('event')).length;
  return {
    figures: [
      ['key: requests that carried it to the API', sentWithKey],
      ['key: command answers / events / console lines searched', `${commands} / ${events} / ${seen.length - commands - events}`],
      ['key: found in answers, events, console, database files', `${leaked.length}, ${inFiles.length} files`],
    ],
    checks: [
      check('the key was really in use (the API saw it; a job completed with it and one failed when it was rejected)', sentWithKey > 0 && outcome.completed && outcome.rejected, `sent ${sentWithKey}, completed ${outcome.completed}, rejected ${outcome.rejected}`),
      check('no command answer or event carries the API key (what the renderer sees)', !leaked.some((s) => /^(command|event)/.test(s.where)), leaked.map((s) => `${s.where}: …${s.text.slice(Math.max(0, s.text.indexOf(key) - 60), s.text.indexOf(key) + 10)}…`).join('\n')),
      check('no log line or console output carries the API key', !leaked.some((s) => s.where.startsWith('console')), leaked.filter((s) => s.where.startsWith('console')).map((s) => s.text.slice(0, 200)).join('\n')),
      check('the database files do not hold the API key in plain text', inFiles.length === 0, inFiles.join(', ')),
    ],
    notes: [],
  };
}
