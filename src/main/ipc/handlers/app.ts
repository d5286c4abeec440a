// app.*: who we are, when the window is ready for events, opening links outside, and the
// OS dialogs: a folder for exports, files for materials and imports.
import type { CoreContext } from '../../core/context';
import { isAllowedExternalUrl } from '../../security';
import type { Handlers } from '../dispatch';

export function appHandlers(core: CoreContext) {
  return {
    // Damage a query met after a normal start is reported as a start-up failure would be:
    // a reloaded window shows the same way out.
    'app.info': () => ({
      ...core.info,
      secretStorage: core.secrets.backend,
      startupError: core.store.damage?.message ?? null,
      canStartNewDatabase: core.store.damage !== null,
    }),
    'app.startNewDatabase': async () => ({ keptAs: await core.startNewDatabase() }),
    'app.ready': (_input, ctx) => {
      ctx.onReady?.();
      return { seq: core.runner.bus.lastSeq };
    },
    'app.chooseFolder': async ({ purpose }) => {
      const folder = await core.chooseFolder(purpose);
      // The one way a folder becomes writable for exports (core/chosen-folders.ts).
      return { folder: folder === null ? null : core.folders.add(folder) };
    },
    'app.chooseFiles': async ({ purpose }) => ({ paths: await core.chooseFiles(purpose) }),
    'app.openExternal': async ({ url }) => {
      // The contract already allows only http(s); checked again here because this is the
      // last stop before the OS opens something.
      if (!isAllowedExternalUrl(url)) return { opened: false };
      await core.openExternal(url);
      return { opened: true };
    },
  } satisfies Partial<Handlers>;
}
