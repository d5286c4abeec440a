// Why a file could not be written into a folder, in words a person can act on: the folder is
// missing (a drive not mounted), not writable, or the disk is full. Node's own messages
// ("ENOSPC: no space left on device, open '/…/x.imscc.tmp'") name a temporary file and a code.

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/** Errors that every later file in the same folder would meet too: stop trying that folder. */
const FOLDER_ERRORS = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT']);

export function isFolderError(error: unknown): boolean {
  return FOLDER_ERRORS.has(codeOf(error));
}

export function describeWriteError(error: unknown, folder: string): string {
  switch (codeOf(error)) {
    case 'ENOENT':
      return `the folder ${folder} does not exist (was it moved, or is its drive not connected?)`;
    case 'ENOTDIR':
      return `${folder} is not a folder`;
    case 'EACCES':
    case 'EPERM':
      return `the folder ${folder} is not writable (no permission to create files in it)`;
    case 'EROFS':
      return `the folder ${folder} is on a read-only drive`;
    case 'ENOSPC':
      return `the disk is full (no space left for the file in ${folder})`;
    case 'EDQUOT':
      return `the disk quota is used up (no space left for the file in ${folder})`;
    case 'EISDIR':
      return `a folder in ${folder} has the file's name`;
    case 'ENAMETOOLONG':
      return `the file's path in ${folder} is too long for this system`;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return message.trim() === '' ? 'the file could not be written' : message;
    }
  }
}
