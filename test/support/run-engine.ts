// A runner in its own process, for crash tests and the soak: it runs the queue in the
// given database until idle, against the Messages API at ANTHROPIC_BASE_URL. The parent
// kills it with SIGKILL at will; nothing here cleans up on purpose.
//   npx tsx test/support/run-engine.ts <db-file> [leaseMs] [jobs] [requests]
import { createEngine, TEST_API_KEY } from './engine';

const [dbPath, leaseMs = '60000', jobs = '3', requests = '6'] = process.argv.slice(2);
const baseURL = process.env.ANTHROPIC_BASE_URL;
if (!dbPath || !baseURL) {
  console.error('usage: run-engine.ts <db-file> [leaseMs] [jobs] [requests] (with ANTHROPIC_BASE_URL set)');
  process.exit(2);
}
const engine = createEngine({
  baseURL,
  dbPath,
  apiKey: process.env.ANTHROPIC_API_KEY ?? TEST_API_KEY,
  leaseMs: Number(leaseMs),
  limits: { jobs: Number(jobs), requests: Number(requests) },
});
engine.runner.subscribe((e) => {
  if (e.type === 'job.completed' || e.type === 'job.started') console.log(`${e.type} ${e.jobId}`);
  // The unit too, so the soak can check that every unit reported done survived the kill.
  if (e.type === 'item.completed') console.log(`${e.type} ${e.jobId} ${e.step} ${e.item}`);
});
engine.runner.start();
await engine.runner.waitUntilIdle();
await engine.close();
console.log('idle');
