// One vocabulary for everything that can go wrong talking to the backend, decided once, so
// the worker's policy reads as a table: network and server trouble is retried with
// back-off; an expired or missing session asks for a sign-in; a refusal by row-level
// security is a permission problem a person must fix; a refusal by the push triggers is a
// conflict (someone else changed the course); anything else is the data refused.

export type SyncErrorKind = 'network' | 'server' | 'auth' | 'permission' | 'conflict' | 'rejected';

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'SyncError';
  }

  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server';
  }
}

export interface PostgrestFailure {
  status: number;
  error: { message?: string; code?: string; details?: string | null; hint?: string | null } | null;
}

/** Classifies a failed supabase-js database call ({error, status}). */
export function classifyPostgrest(what: string, failure: PostgrestFailure): SyncError {
  const { status } = failure;
  const code = failure.error?.code || null;
  const raw = (failure.error?.message ?? '').trim();
  if (status === 0) {
    // postgrest-js reports fetch failures as status 0 with the cause in details.
    const cause = /\(([A-Z_]+)\)/.exec(failure.error?.details ?? '')?.[1];
    return new SyncError('network', `The backend could not be reached while ${what} (${cause ?? (raw || 'network error')}).`, 0, code);
  }
  if (status === 401) {
    // A bad or expired JWT, or a request that went out anonymously: either way a session problem.
    return new SyncError('auth', `The backend did not accept the session while ${what}: ${raw || 'unauthorized'}.`, status, code);
  }
  if (status === 403 || code === '42501') {
    return new SyncError(
      'permission',
      `No permission: the backend refused ${what} (${raw || 'row-level security'}). ` +
        'Only the course’s author and organisation admins may publish it; ask an admin of your organisation.',
      status,
      code,
    );
  }
  if (code === '40001') {
    // Raised by the backend's push triggers: someone else changed the course meanwhile.
    return new SyncError('conflict', `The course changed on the backend while ${what} (${raw}).`, status, code);
  }
  if (status >= 500 || status === 408 || status === 429) {
    return new SyncError('server', `The backend had a problem while ${what} (HTTP ${status}${raw ? `: ${raw}` : ''}).`, status, code);
  }
  return new SyncError('rejected', `The backend refused ${what} (HTTP ${status}${code ? ` ${code}` : ''}: ${raw || 'no details'}).`, status, code);
}

/** Classifies an error from supabase-js auth calls (AuthApiError, AuthRetryableFetchError…). */
export function classifyAuth(what: string, error: { name?: string; message?: string; status?: number; code?: string }): SyncError {
  const status = typeof error.status === 'number' ? error.status : null;
  if (error.name === 'AuthRetryableFetchError' || status === 0 || (status !== null && status >= 500)) {
    return new SyncError('network', `The backend could not be reached while ${what} (${error.message ?? 'network error'}).`, status, error.code ?? null);
  }
  if (error.code === 'invalid_credentials') return new SyncError('auth', 'Email or password is wrong.', status, error.code);
  return new SyncError('auth', `${what[0]!.toUpperCase()}${what.slice(1)} failed: ${error.message ?? 'unknown error'}.`, status, error.code ?? null);
}

export function asSyncError(error: unknown, what: string): SyncError {
  if (error instanceof SyncError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // fetch() rejections that escaped supabase-js (timeouts, resets) are network trouble.
  if (error instanceof TypeError || /fetch failed|ECONN|socket|network|timeout|aborted/i.test(message)) {
    return new SyncError('network', `The backend could not be reached while ${what} (${message}).`);
  }
  return new SyncError('rejected', `Unexpected error while ${what}: ${message}`);
}
