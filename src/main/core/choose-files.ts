// The OS file dialog, behind one signature so the bridge and tests can answer it. Files are
// only read (materials are copied into the data folder, a topics file is parsed), so unlike
// export folders a chosen path needs no remembering: a dropped file's path arrives the same way.

/** What the files are for: the dialog's title and filters say it. */
export type FilesPurpose = 'materials' | 'topics';

/** Opens the OS file dialog (several files); an empty list when it is closed without a choice. */
export type ChooseFiles = (purpose: FilesPurpose) => Promise<string[]>;
