// app.*: who we are, when the window is ready for events, and opening links outside.
import type { CoreContext } from '../../core/context';
import { ConflictError } from '../../errors';
import { isAllowedExternalUrl } from '../../security';
import type { Handlers } from '../dispatch';

export function appHandlers(core: CoreContext) {
  return {
    'app.info': () => ({ ...core.info, secretStorage: core.secrets.backend, startupError: null }),
    'app.startNewDatabase': () => {
      throw new ConflictError('The database opened normally, so there is nothing to replace.');
    },
    'app.ready': (_input, ctx) => {
      ctx.onReady?.();
      return { seq: core.runner.bus.lastSeq };
    },
    'app.openExternal': async ({ url }) => {
      // The contract already allows only http(s); checked again here because this is the
      // last stop before the OS opens something.
      if (!isAllowedExternalUrl(url)) return { opened: false };
      await core.openExternal(url);
      return { opened: true };
    },
  } satisfies Partial<Handlers>;
}
