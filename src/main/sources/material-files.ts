// The materials' bytes in the data folder, content-addressed: a file's sha256 names it
// (`materials/ab/abcdef…`), so the same bytes attached to twenty topics are stored once and
// a stored file can be checked against its name. Writes go to a temporary file in the same
// folder, flushed, then renamed into place: a crash leaves the old state or the new one,
// never half a file under a final name. Which stored files are still wanted is the store's
// question (db/repositories/materials.ts); this only keeps bytes.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The folder under the data folder that holds the materials' bytes. */
export const MATERIALS_FOLDER = 'materials';

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const HASH = /^[0-9a-f]{64}$/;
const TEMP = /^\.tmp-/;

export class MaterialFiles {
  constructor(readonly root: string) {}

  pathOf(hash: string): string {
    if (!HASH.test(hash)) throw new Error(`Not a material's sha256: ${hash}`);
    return join(this.root, hash.slice(0, 2), hash);
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  /** Stores the bytes under their hash; bytes already there are not written again. */
  put(bytes: Uint8Array, hash = sha256(bytes)): { sha256: string; written: boolean } {
    const path = this.pathOf(hash);
    if (existsSync(path)) return { sha256: hash, written: false };
    const dir = join(this.root, hash.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    const temp = join(dir, `.tmp-${hash.slice(0, 8)}-${randomBytes(4).toString('hex')}`);
    const fd = openSync(temp, 'wx', 0o600);
    try {
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      rmSync(temp, { force: true });
      throw error;
    }
    closeSync(fd);
    renameSync(temp, path);
    return { sha256: hash, written: true };
  }

  read(hash: string): Buffer {
    return readFileSync(this.pathOf(hash));
  }

  remove(hash: string): boolean {
    const path = this.pathOf(hash);
    if (!existsSync(path)) return false;
    rmSync(path, { force: true });
    return true;
  }

  /** Every stored hash, and temporary files a crash left (to be swept). */
  list(): { hashes: string[]; temps: string[] } {
    const hashes: string[] = [];
    const temps: string[] = [];
    if (!existsSync(this.root)) return { hashes, temps };
    for (const prefix of readdirSync(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of readdirSync(join(this.root, prefix))) {
        if (HASH.test(name) && name.startsWith(prefix)) hashes.push(name);
        else if (TEMP.test(name)) temps.push(join(this.root, prefix, name));
      }
    }
    return { hashes: hashes.sort(), temps };
  }
}
