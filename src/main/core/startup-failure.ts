// When the core cannot start (a damaged database, one written by a newer version), the
// window still opens and every command answers with that reason, so the renderer can show
// it where the person looks instead of a blank window. The file itself is left untouched.
import { COMMAND_NAMES, type CommandName } from '../../shared/ipc-contract';
import { createDispatcher, type Dispatch, type Handler, type Handlers } from '../ipc/dispatch';
import type { SecretBackend } from '../secrets';

export function createStartupFailureDispatch(
  error: unknown,
  info: { version: string; platform: string; dataDir: string; secretStorage: SecretBackend },
  /** Sets the unreadable file aside and starts the app on a new, empty database; returns where the old file is kept. */
  startNewDatabase: () => string,
): Dispatch {
  const reason = error instanceof Error ? error.message : String(error);
  const fail = () => {
    throw new Error(`Course Studio could not start: ${reason}`);
  };
  const handlers = Object.fromEntries(COMMAND_NAMES.map((name) => [name, fail])) as unknown as Record<CommandName, Handler<CommandName>>;
  const working: Partial<Handlers> = {
    'app.info': () => ({ ...info, startupError: reason }),
    'app.startNewDatabase': () => ({ keptAs: startNewDatabase() }),
    'app.ready': (_input, ctx) => {
      ctx.onReady?.();
      return { seq: 0 };
    },
  };
  return createDispatcher({ ...handlers, ...working } as Handlers);
}
