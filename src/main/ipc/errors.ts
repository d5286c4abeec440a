// Maps whatever a handler throws to the contract's CommandError. Only the message crosses
// IPC — never a stack or a cause — and the code tells the renderer what kind of problem it
// is: bad input, a missing record, a state rule (conflict), or a plain failure.
import { ZodError } from 'zod';
import type { CommandError } from '../../shared/ipc-contract';
import { isBusyError, isDiskFullError } from '../db/errors';
import { ConflictError, NotFoundError } from '../errors';

export { ConflictError, NotFoundError };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(input)' : out;
}

export function issuesOf(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** A message as a clause, so a sentence built around it ends with one full stop, not "..". */
const clause = (text: string): string => text.trim().replace(/[.!?]+$/, '');

export function invalidInput(issues: { path: string; message: string }[]): CommandError {
  const first = issues[0];
  const summary = first ? `${first.path}: ${clause(first.message)}` : 'the input was not accepted';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return { code: 'invalid_input', message: `Invalid input — ${summary}${more}.`, issues };
}

export const BUSY_MESSAGE =
  'Could not save: another Course Studio process (the app or the command line) kept the database locked. Nothing was changed. Try again when it has finished.';
export const DISK_FULL_MESSAGE = 'Could not save: the disk is full. Nothing was changed. Free some space and try again.';

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message.trim() !== '') return error.message;
  if (typeof error === 'string' && error.trim() !== '') return error;
  return 'Something went wrong.';
}

export function toCommandError(error: unknown): CommandError {
  if (error instanceof ZodError) return invalidInput(issuesOf(error));
  if (error instanceof InputError) return invalidInput(error.issues);
  const message = messageOf(error);
  if (error instanceof NotFoundError) return { code: 'not_found', message };
  if (error instanceof ConflictError) return { code: 'conflict', message };
  // SQLite's own words ("database is locked") tell a person nothing they can act on.
  if (isBusyError(error)) return { code: 'failed', message: BUSY_MESSAGE };
  if (isDiskFullError(error)) return { code: 'failed', message: DISK_FULL_MESSAGE };
  return { code: 'failed', message };
}

/** A handler's own validation beyond the contract's schema (a quiz without an answer key…). */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly issues: { path: string; message: string }[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  }
}
