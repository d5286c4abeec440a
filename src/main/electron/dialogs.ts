// The OS dialogs, attached to the app's window: the only place a folder for exports comes
// from (core/chosen-folders.ts), and the file picker for materials and topic imports. Their
// titles say what the choice is for.
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { ChooseFiles, FilesPurpose } from '../core/choose-files';
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

const FILE_DIALOGS: Record<FilesPurpose, Pick<OpenDialogOptions, 'title' | 'buttonLabel' | 'filters'>> = {
  materials: {
    title: 'Add source materials',
    buttonLabel: 'Add',
    filters: [
      { name: 'Documents (PDF, DOCX, Markdown, text, HTML)', extensions: ['pdf', 'docx', 'md', 'markdown', 'txt', 'text', 'html', 'htm', 'xhtml'] },
      { name: 'All files', extensions: ['*'] },
    ],
  },
  topics: {
    title: 'Import topics',
    buttonLabel: 'Import',
    filters: [
      { name: 'Topics (CSV, JSON, text)', extensions: ['csv', 'json', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  },
};

export function filesDialog(window: () => BrowserWindow | null): ChooseFiles {
  return async (purpose) => {
    const options: OpenDialogOptions = { ...FILE_DIALOGS[purpose], properties: ['openFile', 'multiSelections'] };
    const owner = window();
    const result = owner && !owner.isDestroyed() ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  };
}
