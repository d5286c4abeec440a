// Opens the database a command names, turning every way that can fail into a sentence the
// person can act on. A damaged, too-new, foreign or locked file is refused before anything
// writes to it.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseAccessError, DatabaseBusyError, DatabaseCorruptError, DatabaseForeignError, DatabaseTooNewError } from '../db/errors';
import { Store } from '../db/store';
import { CliError } from './errors';

export function openStore(path: string, cwd: string, { create }: { create: boolean }): Store {
  const file = resolve(cwd, path);
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new CliError(`${path} is a folder; --db needs the database file.`);
  } else if (!create) {
    throw new CliError(`No database at ${path}. Import topics first: course-studio queue --db ${path} --topics FILE`);
  } else if (!existsSync(dirname(file))) {
    throw new CliError(`Cannot create ${path}: the folder ${dirname(file)} does not exist.`);
  }
  try {
    return Store.open(file);
  } catch (error) {
    // These already name the file and say what to do.
    const explained = [DatabaseCorruptError, DatabaseTooNewError, DatabaseForeignError, DatabaseBusyError, DatabaseAccessError];
    if (explained.some((kind) => error instanceof kind)) throw new CliError((error as Error).message);
    throw new CliError(`Cannot open the database ${path}: ${(error as Error).message}`);
  }
}
