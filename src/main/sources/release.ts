// Letting go of materials nothing uses. A course's deletion (for good: the bin keeps its
// links) removes its links by cascade; then `releaseMaterials` deletes the rows of materials
// no course links and no lesson cites, and after that commit removes their files. Rows go
// first: a crash in between leaves files without rows, which `sweepMaterialFiles` removes
// later, never rows without files. The sweep spares files younger than `minAgeMs`, which
// another process (the CLI) may have just stored for a row it is about to write.
import { rmSync, statSync } from 'node:fs';
import type { Store } from '../db/store';
import type { MaterialFiles } from './material-files';

/** `keep`: materials to spare though nothing refers to them yet (staged in the wizard, staged.ts). */
export function releaseMaterials(store: Store, files: MaterialFiles, keep: ReadonlySet<string> = new Set()): string[] {
  const released = store.write(() => store.materials.deleteUnreferenced(keep));
  for (const hash of released) files.remove(hash);
  return released;
}

/** Removes stored files without a row, and temporary files a crash left. */
export function sweepMaterialFiles(store: Store, files: MaterialFiles, options: { minAgeMs?: number; nowMs?: number } = {}): { removed: string[] } {
  const minAgeMs = options.minAgeMs ?? 60 * 60 * 1000;
  const now = options.nowMs ?? Date.now();
  const old = (path: string) => {
    try {
      return now - statSync(path).mtimeMs >= minAgeMs;
    } catch {
      return false;
    }
  };
  const known = store.materials.hashes();
  const { hashes, temps } = files.list();
  const removed: string[] = [];
  for (const hash of hashes) {
    if (known.has(hash) || !old(files.pathOf(hash))) continue;
    files.remove(hash);
    removed.push(hash);
  }
  for (const temp of temps) {
    if (!old(temp)) continue;
    rmSync(temp, { force: true });
    removed.push(temp);
  }
  return { removed };
}

/**
 * At start-up: materials of courses removed since the last start are released, and what a
 * crash left is swept. Never stops the app: a file it cannot write to (damaged, read-only)
 * is the store's to report, and the next start tries again.
 */
export function tidyMaterials(store: Store, files: MaterialFiles, keep?: ReadonlySet<string>): { released: string[]; swept: number } | { error: string } {
  try {
    const released = releaseMaterials(store, files, keep);
    return { released, swept: sweepMaterialFiles(store, files).removed.length };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
