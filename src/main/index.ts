// Composition root of the desktop app: single instance, one hardened window, the app core
// (store, runner, model gateway, handlers) wired to IPC, and the desktop niceties
// (notifications, taskbar progress, no suspend while generating, background mode in the
// tray). Everything with logic lives in plain-Node modules; this file only connects them.
import { BrowserWindow, app, dialog, net, powerMonitor, session, shell, type Tray } from 'electron';
import { join } from 'node:path';
import { DATABASE_FILE, createAppCore, type AppCore } from './app-core';
import { setAsideDatabase } from './core/database-file';
import { workerFile, workerPackageBuilder } from './export/package-worker-runner';
import { createStartupFailureDispatch } from './core/startup-failure';
import { guardWindowClose } from './electron/close-guard';
import { filesDialog, folderDialog } from './electron/dialogs';
import { extractWorkerFile } from './sources/extractor';
import { registerIpc } from './electron/ipc';
import { notifyJobOutcomes } from './electron/notifications';
import { preventSuspendWhileRunning } from './electron/power';
import { showQueueProgress } from './electron/progress-bar';
import { createSafeStorageSecretStore } from './electron/secrets';
import { createTray } from './electron/tray';
import { connectWindowEvents, type WindowEvents } from './electron/window-events';
import type { Dispatch } from './ipc/dispatch';
import { pollConnectivity } from './sync/connectivity';
import {
  CONTENT_SECURITY_POLICY,
  DEV_SERVER_CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWindow,
  isAllowedExternalUrl,
  webPreferences,
} from './security';

const here = import.meta.dirname;
const dataDirOverride = process.env['COURSE_STUDIO_DATA_DIR'] || null;
// A data folder from the environment (tests, a second profile) gets its own Chromium profile,
// stored key and single-instance lock too, so it never touches the person's real ones.
if (dataDirOverride) app.setPath('userData', join(dataDirOverride, 'profile'));
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const rendererFile = join(here, '../renderer/index.html');
const rendererUrl = devServerUrl ?? new URL(`file://${rendererFile}`).href;
const iconPath = app.isPackaged ? join(process.resourcesPath, 'icon.png') : join(here, '../../resources/icon.png');

let core: AppCore | null = null;
let dispatch: Dispatch | null = null;
let mainWindow: BrowserWindow | null = null;
let windowEvents: WindowEvents | null = null;
let tray: Tray | null = null;
let quitting = false;
const cleanups: (() => void)[] = [];

const openExternal = async (url: string) => {
  if (isAllowedExternalUrl(url)) await shell.openExternal(url);
};

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Course Studio',
    icon: iconPath,
    webPreferences: webPreferences(join(here, '../preload/index.cjs')),
  });
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  if (core) {
    windowEvents = connectWindowEvents(core, win.webContents);
    const runner = core.runner;
    cleanups.push(showQueueProgress(core, win));
    guardWindowClose(win, {
      runner,
      isQuitting: () => quitting,
      keepInBackground: () => {
        tray ??= createTray({ iconPath, runner, show: showWindow, quit: () => app.quit() });
        win.hide();
      },
      pauseAndQuit: () => {
        runner.pause();
        app.quit();
      },
    });
  }
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    windowEvents = null;
  });
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererFile);
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, devServerUrl ? DEV_SERVER_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY);
  const dataDir = dataDirOverride ?? app.getPath('userData');
  const secrets = createSafeStorageSecretStore(app.getPath('userData'));
  // net.isOnline has no event in the main process: polled every 2 s while sync listens.
  const connectivity = pollConnectivity(() => net.isOnline(), 2_000);
  powerMonitor.on('resume', () => connectivity.check());
  const startNewDatabase = () => {
    const keptAs = setAsideDatabase(dataDir, DATABASE_FILE);
    // A fresh process opens the new, empty database with everything wired as usual.
    setTimeout(() => {
      app.relaunch();
      app.exit(0);
    }, 300);
    return keptAs;
  };
  try {
    core = createAppCore({
      dataDir,
      secrets,
      env: process.env,
      version: app.getVersion(),
      openExternal,
      syncSecrets: createSafeStorageSecretStore(app.getPath('userData'), 'supabase-session'),
      isOnline: connectivity.isOnline,
      onOnline: connectivity.onOnline,
      replaceDatabase: startNewDatabase,
      // Its own electron-vite entry (electron.vite.config.ts), next to index.js.
      buildPackage: workerPackageBuilder(workerFile(join(here, 'export-worker.js'))),
      chooseFolder: folderDialog(() => mainWindow),
      chooseFiles: filesDialog(() => mainWindow),
      // Source materials are read in their own worker entry too (pdfjs never loads in this thread).
      extractWorker: extractWorkerFile(new URL('./sources-worker.js', import.meta.url)),
    });
    dispatch = core.dispatch;
  } catch (error) {
    // The window still opens and says what is wrong (every command answers with it).
    dispatch = createStartupFailureDispatch(
      error,
      { version: app.getVersion(), platform: process.platform, dataDir, secretStorage: secrets.backend },
      startNewDatabase,
    );
    dialog.showErrorBox('Course Studio could not open its data', error instanceof Error ? error.message : String(error));
  }
  cleanups.push(
    registerIpc({
      dispatch: () => dispatch!,
      trusted: () => (mainWindow && !mainWindow.isDestroyed() ? { webContentsId: mainWindow.webContents.id, rendererUrl } : null),
      onReady: (id) => {
        if (mainWindow && !mainWindow.isDestroyed() && mainWindow.webContents.id === id) windowEvents?.markReady();
      },
    }),
  );
  if (core) {
    cleanups.push(notifyJobOutcomes(core, showWindow), preventSuspendWhileRunning(core));
  }
  createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Course Studio owns the data folder and the queue: hand over to it.
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => hardenWindow(contents, { openExternal }));
  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    // With jobs running in the background the tray keeps the app alive.
    if (!tray) app.quit();
  });
  app.on('before-quit', (event) => {
    if (!core || quitting) return;
    // Stop the runner first, handing leases back so jobs resume at once next time; then quit for real.
    event.preventDefault();
    quitting = true;
    for (const cleanup of cleanups.splice(0)) cleanup();
    const closing = core;
    core = null;
    void closing
      .dispose()
      .catch((error) => console.error('shutting down the core failed:', error))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error) => {
      dialog.showErrorBox('Course Studio could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
