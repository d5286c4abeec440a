// `scripts/postgres-test.sh [command…]`: starts the throwaway PostgreSQL, prints its URL
// and, given a command, runs it with TEST_POSTGRES_URL set, then stops and deletes the
// cluster. Without a command it keeps the server up until Ctrl-C.
import { spawn } from 'node:child_process';
import { startTestPostgres } from './cluster';

const command = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
const server = await startTestPostgres({ log: (line) => console.error(line) });
console.log(`TEST_POSTGRES_URL=${server.url}`);

let stopping = false;
const stopAndExit = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stopAndExit(130));
process.on('SIGTERM', () => void stopAndExit(143));

if (command.length > 0) {
  const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env: { ...process.env, TEST_POSTGRES_URL: server.url } });
  child.on('exit', (code, signal) => void stopAndExit(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => {
    console.error(`could not run ${command[0]}: ${error.message}`);
    void stopAndExit(127);
  });
} else {
  console.error('PostgreSQL is running; press Ctrl-C to stop it and delete its data.');
}
