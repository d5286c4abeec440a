// A second process on a database file, for the two-process tests: it takes the write lock
// and says "holding" on stdout. `migrate` does what another Course Studio opening the same
// new or older file does (WAL, then the pending migrations inside BEGIN IMMEDIATE) and commits after
// `holdMs`; `lock` holds a plain write transaction until a line arrives on stdin, then
// rolls back. Usage: tsx lock-holder.ts <file> migrate <holdMs> | lock
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../../src/main/db/migrations';

const [file, mode, holdMs] = process.argv.slice(2);
const db = new Database(file!);
db.pragma('busy_timeout = 10000');

if (mode === 'migrate') {
  db.pragma('journal_mode = WAL');
  db.exec('BEGIN IMMEDIATE');
  const from = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS.filter((x) => x.version > from)) {
    m.up(db);
    db.pragma(`user_version = ${m.version}`);
  }
  process.stdout.write('holding\n');
  setTimeout(() => {
    db.exec('COMMIT');
    db.close();
  }, Number(holdMs));
} else {
  db.exec('BEGIN IMMEDIATE');
  // A real write, so the lock is the one a writer holds mid-transaction.
  db.pragma(`user_version = ${db.pragma('user_version', { simple: true }) as number}`);
  process.stdout.write('holding\n');
  process.stdin.once('data', () => {
    db.exec('ROLLBACK');
    db.close();
    process.exit(0);
  });
}
