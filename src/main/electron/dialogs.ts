// The OS folder dialog, attached to the app's window: the only place a folder for exports
// comes from (core/chosen-folders.ts). Its title says what the folder is for.
import { dialog, type BrowserWindow } from 'electron';
import type { ChooseFolder, FolderPurpose } from '../core/chosen-folders';

const TITLES: Record<FolderPurpose, { title: string; buttonLabel: string }> = {
  export: { title: 'Export the selected courses into…', buttonLabel: 'Export here' },
  autoExport: { title: 'Export finished courses into…', buttonLabel: 'Use this folder' },
};

export function folderDialog(window: () => BrowserWindow | null): ChooseFolder {
  return async (purpose) => {
    const options = { ...TITLES[purpose], properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
    const owner = window();
    const result = owner && !owner.isDestroyed() ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
