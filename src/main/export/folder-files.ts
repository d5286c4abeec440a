// Writing export files into a folder without ever leaving a half-written or clobbered file:
// a new file is created only if the name is free (O_EXCL), a file that is replaced is
// written beside it first and renamed over it, and a write that fails (a full disk) removes
// what it had written.
import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeWriteError } from './write-errors';

/** Creates `path` with `data`; fails with EEXIST rather than replace a file already there. */
export async function writeNewFile(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(path, data, { flag: 'wx' });
  } catch (error) {
    // Only a file this call created is removed: EEXIST means someone else's is there.
    if ((error as { code?: string }).code !== 'EEXIST') await rm(path, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Replaces (or creates) `path` through a temporary file beside it: a failed write leaves the old file whole. */
export async function replaceFile(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, data, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Why files cannot go into `folder` (missing, not a folder), or null when it is one. */
export async function folderProblem(folder: string): Promise<string | null> {
  try {
    const info = await stat(folder);
    return info.isDirectory() ? null : describeWriteError(Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }), folder);
  } catch (error) {
    return describeWriteError(error, folder);
  }
}
