// Reading a topics file in main (the batch page's "Open file…"): the same limit and decoding
// as a file the page reads itself (UTF-8, UTF-16 with a BOM), every way it can fail a sentence.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { MAX_IMPORT_CHARS } from '../../shared/ipc-contract';
import { decodeTextFile, type DecodedText } from '../../shared/text-file';

export async function readTopicsText(path: string): Promise<DecodedText> {
  const name = `“${basename(path)}”`;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { ok: false, message: `${name} is a folder, not a file.` };
    if (info.size > MAX_IMPORT_CHARS) return { ok: false, message: `${name} is larger than 5 MB; split it into smaller files.` };
    return decodeTextFile(await readFile(path), name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist (any more)' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    return { ok: false, message: `${name} could not be read: ${why}.` };
  }
}
