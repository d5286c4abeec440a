// The folders main writes exports into. A folder path from the renderer is only data: main
// writes into it only if the person picked it in the OS folder dialog (app.chooseFolder) in
// this session, or it is the auto-export folder stored in Settings (picked that way when it
// was saved). So a page that was made to misbehave cannot have files written anywhere else.
import { resolve } from 'node:path';
import { InputError } from '../ipc/errors';

/** Why the dialog is opened: its title says what the folder is for. */
export type FolderPurpose = 'export' | 'autoExport';

/** Opens the OS folder dialog (Electron's, in the window); null when it is closed without a choice. */
export type ChooseFolder = (purpose: FolderPurpose) => Promise<string | null>;

export class ChosenFolders {
  private readonly chosen = new Set<string>();

  /** A folder the person picked in the dialog. */
  add(folder: string): string {
    const path = resolve(folder);
    this.chosen.add(path);
    return path;
  }

  has(folder: string): boolean {
    return this.chosen.has(resolve(folder));
  }
}

/**
 * `folder` as a path main may write into: picked in the dialog, or one of `trusted` (the
 * stored default). Anything else is refused as bad input on `field`.
 */
export function requireChosenFolder(folders: ChosenFolders, folder: string, field: string, trusted: readonly (string | null | undefined)[] = []): string {
  const path = resolve(folder);
  if (folders.has(path) || trusted.some((t) => t != null && resolve(t) === path)) return path;
  throw new InputError([{ path: field, message: 'Choose the folder with "Choose folder…" (the system folder dialog) first.' }]);
}
