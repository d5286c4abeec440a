// A cleanup in a child process, for the crash test: seeds nothing, runs logs + bin + compact
// on the file it is given and prints one line after each transaction, so the parent can kill
// it in the middle.
import { Store } from '../../src/main/db/store';
import { runCleanup } from '../../src/main/housekeeping/cleanup';
import { compact } from '../../src/main/housekeeping/compaction';

const [dbPath] = process.argv.slice(2);
const store = Store.open(dbPath!);
let step = 0;
const between = async () => {
  process.stdout.write(`step ${++step}\n`);
  await new Promise((r) => setTimeout(r, 5));
};
await runCleanup(store, { logsOlderThanDays: 30, keepVersions: null, purgeDeleted: true, dryRun: false }, between);
await compact(store.db, { isIdle: () => true, stepBudgetMs: 20, pause: between });
process.stdout.write('done\n');
store.close();
