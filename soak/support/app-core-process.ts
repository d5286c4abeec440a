// The desktop app's core (createAppCore: its runner, its dispatcher) in a process of its
// own, as the Electron main process runs it, minus the window. It behaves like an open
// window: reads the queue and course list every 50 ms and saves a setting every 200 ms,
// so the two-process soak has readers and writers contending with the CLI's runner.
// Prints one line per job start/finish, then a JSON summary once no job is left.
//   node --import tsx soak/support/app-core-process.ts <data-dir>   (ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY set)
import { createAppCore } from '../../src/main/app-core';
import { createMemorySecretStore } from '../../src/main/secrets';

const [dataDir] = process.argv.slice(2);
const key = process.env.ANTHROPIC_API_KEY;
if (!dataDir || !key || !process.env.ANTHROPIC_BASE_URL) {
  console.error('usage: app-core-process.ts <data-dir> (with ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY set)');
  process.exit(2);
}

const core = createAppCore({
  dataDir,
  secrets: createMemorySecretStore(key),
  env: { ANTHROPIC_BASE_URL: process.env.ANTHROPIC_BASE_URL },
  retryPolicy: { baseDelayMs: 20, maxDelayMs: 200 },
  runner: { pollMs: 50 },
});
core.runner.subscribe((e) => {
  if (e.type === 'job.started' || e.type === 'job.completed' || e.type === 'job.failed') console.log(`${e.type} ${e.jobId}`);
});

const failures: string[] = [];
let reads = 0;
let writes = 0;
const note = (what: string, result: { ok: boolean; error?: { message: string } }) => {
  if (!result.ok) failures.push(`${what}: ${result.error?.message}`);
};
const reader = setInterval(() => {
  void core.dispatch('jobs.snapshot', undefined).then((r) => (reads++, note('jobs.snapshot', r as never)));
  void core.dispatch('courses.list', undefined).then((r) => (reads++, note('courses.list', r as never)));
}, 50);
const writer = setInterval(() => {
  void core.dispatch('settings.update', { reviewerName: `Soak ${writes}` }).then((r) => (writes++, note('settings.update', r as never)));
}, 200);

const unfinished = () => core.store.jobs.list().filter((j) => j.status !== 'completed' && j.status !== 'failed').length;
while (unfinished() > 0) await new Promise((r) => setTimeout(r, 100));
clearInterval(reader);
clearInterval(writer);
await core.dispose();
console.log(`summary ${JSON.stringify({ pid: process.pid, reads, writes, failures })}`);
