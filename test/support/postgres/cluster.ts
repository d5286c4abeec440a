// A throwaway PostgreSQL for the sync tests: Debian's server binaries (installed with apt
// when missing and we are root), a fresh cluster in a temp folder on 127.0.0.1 and a free
// port, the Supabase-compatible roles and auth schema, then supabase/migrations applied in
// order. stop() shuts it down and deletes the folder. Nothing here touches another cluster.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const MIGRATIONS_DIR = join(ROOT, 'supabase/migrations');
const BOOTSTRAP_SQL = join(ROOT, 'test/support/postgres/supabase-bootstrap.sql');

export interface TestPostgres {
  /** Superuser connection URL (trust auth, loopback only). */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: (line: string) => void;
  /** Apply supabase/migrations (default true); false leaves only the Supabase pieces. */
  migrate?: boolean;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The newest installed server's bin folder (/usr/lib/postgresql/<major>/bin), or null. */
export function findPostgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const majors = readdirSync(base)
      .filter((d) => /^\d+$/.test(d) && existsSync(join(base, d, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return join(base, majors[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? dirname(found) : null;
}

export function ensurePostgresInstalled(log: (line: string) => void = () => {}): string {
  const existing = findPostgresBin();
  if (existing) return existing;
  if (!isRoot()) {
    throw new Error(
      'PostgreSQL is not installed and this user cannot install it. The sync tests need a real server: ' +
        'run `sudo apt-get install -y postgresql` (Debian/Ubuntu) and try again.',
    );
  }
  log('PostgreSQL not found: installing it from Debian (apt-get install -y postgresql)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args: string[]) => {
    const result = spawnSync('apt-get', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) {
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
    }
  };
  run(['update']);
  run(['install', '-y', '--no-install-recommends', 'postgresql']);
  const installed = findPostgresBin();
  if (!installed) throw new Error('apt-get installed postgresql, but no initdb was found under /usr/lib/postgresql/*/bin.');
  return installed;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** initdb refuses to run as root: run the server tools as the postgres account then. */
function runAs(bin: string, args: string[], owner: { uid: number; gid: number } | null, cwd: string): string {
  const command = owner ? 'runuser' : bin;
  const argv = owner ? ['-u', 'postgres', '--', bin, ...args] : args;
  try {
    // cwd: the postgres account may not be allowed into the directory the tests run from.
    return execFileSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${bin.split('/').pop()} failed: ${e.stderr || e.stdout || e.message}`, { cause: error });
  }
}

function postgresAccount(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('The postgres account is missing; reinstall the postgresql package.');
  return { uid, gid };
}

export async function applySql(url: string, files: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const file of files) {
      try {
        await client.query(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
      }
    }
  } finally {
    await client.end();
  }
}

export function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => join(MIGRATIONS_DIR, f));
}

export async function startTestPostgres(options: StartOptions = {}): Promise<TestPostgres> {
  const log = options.log ?? (() => {});
  const bin = ensurePostgresInstalled(log);
  const owner = isRoot() ? postgresAccount() : null;
  // As root the server runs as postgres, which must be able to reach the folder: /tmp is
  // world-traversable where a TMPDIR under /root would not be.
  const dir = mkdtempSync(join(owner ? '/tmp' : tmpdir(), 'course-studio-pg-'));
  const dataDir = join(dir, 'data');
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  const port = await freePort();
  const pgCtl = join(bin, 'pg_ctl');
  let started = false;
  const stop = async () => {
    if (started) {
      try {
        runAs(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], owner, '/');
      } catch (error) {
        log(`stopping the test PostgreSQL: ${(error as Error).message}`);
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    runAs(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], owner, dir);
    // Throwaway data: durability settings off make start-up and every commit cheap.
    const serverOptions = [
      `-c listen_addresses=127.0.0.1`,
      `-p ${port}`,
      `-k ${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=100',
    ].join(' ');
    runAs(pgCtl, ['-D', dataDir, '-l', join(dir, 'server.log'), '-o', serverOptions, '-w', '-t', '30', 'start'], owner, dir);
    started = true;
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await applySql(url, [BOOTSTRAP_SQL, ...(options.migrate === false ? [] : migrationFiles())]);
    log(`test PostgreSQL ready at ${url}`);
    return { url, port, dataDir, stop };
  } catch (error) {
    const serverLog = join(dir, 'server.log');
    const tail = existsSync(serverLog) ? `\nserver log:\n${readFileSync(serverLog, 'utf8').slice(-2000)}` : '';
    await stop();
    throw new Error(`Could not start the test PostgreSQL: ${(error as Error).message}${tail}`, { cause: error });
  }
}
