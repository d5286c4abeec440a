// Tests, the CLI and the benchmarks run better-sqlite3 under Node; `npm start` and
// packaging rebuild it for Electron's ABI (electron-builder install-app-deps). This puts
// the Node build back when the last rebuild was for Electron, so `npm test` works after
// `npm start` on the same checkout. It does nothing when the module already loads.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function loads() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch (error) {
    return String(error?.message ?? error);
  }
}

const first = loads();
if (first !== true) {
  console.log(`better-sqlite3 does not load under Node ${process.version} (${first.split('\n')[0]}); rebuilding it for Node…`);
  execFileSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit' });
  const second = loads();
  if (second !== true) {
    console.error(`better-sqlite3 still does not load after the rebuild: ${second}`);
    process.exit(1);
  }
}
