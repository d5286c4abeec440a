// sync.*: configure the Supabase backend, sign in and out, watch and steer the outbox. The
// password passes through once, to supabase-js; only the session is kept (in its own
// SecretStore slot) and nothing secret comes back out.
import type { CoreContext } from '../../core/context';
import type { Handlers } from '../dispatch';

export function syncHandlers(core: CoreContext) {
  const { sync } = core;
  return {
    'sync.getConfig': () => sync.getConfig(),
    'sync.configure': (input) => sync.configure(input),
    'sync.signIn': ({ email, password }) => sync.signIn(email, password),
    'sync.signOut': () => sync.signOut(),
    'sync.status': () => sync.status(),
    'sync.now': () => sync.syncNow(),
    'sync.resolveConflict': ({ courseId, resolution }) => {
      // Not found before "no conflict": the course id itself may be wrong.
      core.store.courses.require(courseId);
      return sync.resolveConflict(courseId, resolution);
    },
    'sync.log': (input) => sync.syncLog(input ?? {}),
  } satisfies Partial<Handlers>;
}
