// Temporary folders for a test file: each call makes one (under the OS temp folder, named
// with `prefix`), and every folder made is removed after each test, made writable first so
// a test that took the write permission away leaves nothing behind.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * Call at the top of the file, before hooks that close what writes into the folders: vitest
 * runs after-hooks last registered first, so those close before the folders go.
 */
export function useTempFolders(prefix: string): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) {
      try {
        chmodSync(dir, 0o755);
      } catch {
        // Already gone.
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
