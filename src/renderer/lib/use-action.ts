// Runs one async thing a person started (a button press) and keeps its pending state and
// error message next to that button, which is where the person looks for the outcome.
import { useCallback, useState } from 'react';
import { CommandFailure, errorMessage } from './api';
import { issuesByPath } from './command-error';

export interface ActionState {
  pending: boolean;
  error: string | null;
  /** invalid_input issues by field path, for inline messages. */
  fieldErrors: Record<string, string>;
  run<T>(fn: () => Promise<T>): Promise<T | undefined>;
  clear(): void;
}

export function useAction(): ActionState {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      return await fn();
    } catch (e) {
      setError(errorMessage(e));
      if (e instanceof CommandFailure) setFieldErrors(issuesByPath(e.error));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  const clear = useCallback(() => {
    setError(null);
    setFieldErrors({});
  }, []);
  return { pending, error, fieldErrors, run, clear };
}
