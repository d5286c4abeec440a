// Reading a topics file for `queue` and `estimate`: size-checked, decoded (UTF-8, UTF-16 with a
// BOM), every way it can fail turned into a sentence.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_IMPORT_CHARS } from '../../shared/ipc-contract';
import { decodeTextFile } from '../../shared/text-file';
import { CliError } from './errors';

export function readTopicsFile(path: string, cwd: string): string {
  const file = resolve(cwd, path);
  let bytes: Uint8Array;
  try {
    // No accepted encoding needs more than 4 bytes a character: anything bigger cannot fit the import limit.
    if (statSync(file).size > MAX_IMPORT_CHARS * 4) throw new CliError(`${path} is larger than 5 MB; split it into smaller files.`);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CliError(`Cannot read the topics file ${path}: ${why}.`);
  }
  const decoded = decodeTextFile(bytes, path);
  if (!decoded.ok) throw new CliError(decoded.message);
  return decoded.text;
}
