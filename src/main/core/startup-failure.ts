// When the core cannot start (a damaged database, one written by a newer version, one that
// is locked or read-only), the window still opens and every command answers with that
// reason, so the renderer can show it where the person looks instead of a blank window.
// The file itself is left untouched; it is set aside for a new one only when its content
// is the problem, never when it is merely locked by another process or read-only.
import { COMMAND_NAMES, type CommandName } from '../../shared/ipc-contract';
import { canReplaceDatabase } from '../db/errors';
import { ConflictError } from '../errors';
import { createDispatcher, type Dispatch, type Handler, type Handlers } from '../ipc/dispatch';
import type { SecretBackend } from '../secrets';

export function createStartupFailureDispatch(
  error: unknown,
  info: { version: string; platform: string; dataDir: string; secretStorage: SecretBackend },
  /** Sets the unreadable file aside and starts the app on a new, empty database; returns where the old file is kept. */
  startNewDatabase: () => string,
): Dispatch {
  const reason = error instanceof Error ? error.message : String(error);
  const canStartNewDatabase = canReplaceDatabase(error);
  const fail = () => {
    throw new Error(`Course Studio could not start: ${reason}`);
  };
  const handlers = Object.fromEntries(COMMAND_NAMES.map((name) => [name, fail])) as unknown as Record<CommandName, Handler<CommandName>>;
  const working: Partial<Handlers> = {
    'app.info': () => ({ ...info, startupError: reason, canStartNewDatabase }),
    'app.startNewDatabase': () => {
      if (!canStartNewDatabase) throw new ConflictError('The database is kept as it is: starting a new one would not fix this problem.');
      return { keptAs: startNewDatabase() };
    },
    'app.ready': (_input, ctx) => {
      ctx.onReady?.();
      return { seq: 0 };
    },
  };
  return createDispatcher({ ...handlers, ...working } as Handlers);
}
