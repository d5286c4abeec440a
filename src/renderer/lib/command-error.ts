// Turns a command's error into one readable sentence: the message, plus which fields were
// wrong for invalid input (the person should see what to fix, not an error code).
import type { CommandError } from '../../shared/ipc-contract';

export function describeCommandError(error: CommandError): string {
  const base = error.message?.trim() || fallback(error.code);
  if (!error.issues || error.issues.length === 0) return base;
  const details = error.issues.map((i) => clause(i.path ? `${i.path}: ${i.message}` : i.message));
  const unique = [...new Set(details)].filter((d) => !base.includes(d));
  return unique.length === 0 ? base : `${clause(base)} (${unique.join('; ')}).`;
}

/** Messages arrive as sentences; joined into one, each loses its own full stop (no "..", no ".;"). */
const clause = (text: string): string => text.trim().replace(/[.!?]+$/, '');

function fallback(code: CommandError['code']): string {
  switch (code) {
    case 'invalid_input':
      return 'Some of the values are not valid.';
    case 'not_found':
      return 'That item no longer exists.';
    case 'conflict':
      return 'That is not possible in the current state.';
    case 'forbidden':
      return 'This window is not allowed to do that.';
    case 'unknown_command':
      return 'The app does not know that command (is it up to date?).';
    default:
      return 'Something went wrong.';
  }
}

/** Field path → message, for inline validation next to inputs. */
export function issuesByPath(error: CommandError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues ?? []) if (!(issue.path in out)) out[issue.path] = issue.message;
  return out;
}
