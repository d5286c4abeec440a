// A stand-in for the `electron` module, so the built main bundle (out/main/index.js) runs under
// plain Node (test/integration/shell/main-bundle.test.ts). Each API the app touches is a small
// recorder: what the app asked for is appended, one JSON object a line, to the file named by
// ELECTRON_STANDIN_RECORD. Once the window has loaded its page, a fixed script plays a
// person's session: the page calls app.info (and a foreign frame tries to), the window is
// closed, and the app quits as Electron would — 'window-all-closed', then 'before-quit'
// (which the app may defer), 'will-quit', 'quit', and the process ends.
//
// An export the bundle imports and this file lacks fails the start with Node's own "does not
// provide an export named …": add it here.
import { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { setImmediate } from 'node:timers';
import { pathToFileURL } from 'node:url';

const RECORD = process.env['ELECTRON_STANDIN_RECORD'];

function record(type, details = {}) {
  if (RECORD) appendFileSync(RECORD, `${JSON.stringify({ type, ...details })}\n`);
}

/** Serializable view of a value (functions by name only). */
function plain(value) {
  return JSON.parse(JSON.stringify(value ?? null));
}

class PreventableEvent {
  defaultPrevented = false;
  preventDefault() {
    this.defaultPrevented = true;
  }
}

// ---- app -------------------------------------------------------------------------------

const paths = new Map();
let fallbackPaths = null;
let quitting = false;

class App extends EventEmitter {
  isPackaged = false;
  #ready = false;
  #whenReady = null;

  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return true;
  }
  setPath(name, path) {
    record('app.setPath', { name, path });
    paths.set(name, path);
  }
  getPath(name) {
    if (paths.has(name)) return paths.get(name);
    fallbackPaths ??= mkdtempSync(join(tmpdir(), 'electron-standin-'));
    return join(fallbackPaths, name);
  }
  getVersion() {
    return '0.0.0-standin';
  }
  whenReady() {
    // Electron resolves it after the main script has run and the app is initialised.
    this.#whenReady ??= new Promise((resolve) =>
      setImmediate(() => {
        this.#ready = true;
        record('app.ready');
        this.emit('ready');
        resolve();
      }),
    );
    return this.#whenReady;
  }
  isReady() {
    return this.#ready;
  }
  quit() {
    record('app.quit');
    if (quitting) return;
    const event = new PreventableEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) {
      record('app.before-quit.deferred');
      return;
    }
    quitting = true;
    const willQuit = new PreventableEvent();
    this.emit('will-quit', willQuit);
    this.emit('quit', willQuit, 0);
    record('app.exit', { code: 0 });
    // Electron ends the process here whatever timers are left; the test reads the file.
    process.exit(0);
  }
  exit(code = 0) {
    record('app.exit', { code });
    process.exit(code);
  }
  relaunch() {
    record('app.relaunch');
  }
}

export const app = new App();

// ---- windows ---------------------------------------------------------------------------

let nextId = 1;
const windows = new Set();

class WebContents extends EventEmitter {
  id = nextId++;
  #destroyed = false;
  windowOpenHandler = null;
  mainFrame = { url: '', detached: false, parent: null };
  get senderFrame() {
    return this.mainFrame;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  send(channel) {
    record('webContents.send', { channel });
  }
  isDestroyed() {
    return this.#destroyed;
  }
  destroy() {
    this.#destroyed = true;
    this.emit('destroyed');
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...windows];
  }

  #destroyed = false;

  constructor(options = {}) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    windows.add(this);
    record('BrowserWindow.new', { options: plain(options) });
    app.emit('web-contents-created', new PreventableEvent(), this.webContents);
    const contents = this.webContents;
    record('webContents.hardening', {
      willNavigate: contents.listenerCount('will-navigate'),
      willRedirect: contents.listenerCount('will-redirect'),
      willAttachWebview: contents.listenerCount('will-attach-webview'),
      windowOpen: contents.windowOpenHandler?.({ url: 'https://example.com/' }) ?? null,
    });
  }

  loadFile(file) {
    record('BrowserWindow.loadFile', { file });
    this.#load(pathToFileURL(file).href);
    return Promise.resolve();
  }
  loadURL(url) {
    record('BrowserWindow.loadURL', { url });
    this.#load(url);
    return Promise.resolve();
  }
  #load(url) {
    this.webContents.mainFrame = { url, detached: false, parent: null };
    setImmediate(() => {
      this.webContents.emit('did-finish-load');
      this.emit('ready-to-show');
      void playSession(this);
    });
  }
  show() {
    record('BrowserWindow.show');
  }
  hide() {
    record('BrowserWindow.hide');
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.#destroyed;
  }
  setProgressBar(progress) {
    record('BrowserWindow.setProgressBar', { progress });
  }
  close() {
    const event = new PreventableEvent();
    this.emit('close', event);
    if (event.defaultPrevented) {
      record('BrowserWindow.close.prevented');
      return;
    }
    this.destroy();
  }
  destroy() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    windows.delete(this);
    this.webContents.destroy();
    this.emit('closed');
    record('BrowserWindow.closed');
    if (windows.size === 0) app.emit('window-all-closed');
  }
}

// ---- IPC -------------------------------------------------------------------------------

const handlers = new Map();

export const ipcMain = {
  handle(channel, handler) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, handler);
    record('ipcMain.handle', { channel });
  },
  removeHandler(channel) {
    handlers.delete(channel);
    record('ipcMain.removeHandler', { channel });
  },
  on() {},
  off() {},
};

/** The scripted session, once the window's page has loaded. */
async function playSession(win) {
  const invoke = async (channel, event, input) => {
    const handler = handlers.get(channel);
    if (!handler) return { missing: channel };
    return handler(event, input);
  };
  const contents = win.webContents;
  const fromPage = { sender: contents, senderFrame: contents.mainFrame };
  const foreignFrame = { url: 'https://attacker.example/', detached: false, parent: null };
  const fromElsewhere = { sender: { ...contents, id: contents.id, mainFrame: foreignFrame }, senderFrame: foreignFrame };
  try {
    record('session.invoke', { channel: 'cmd:app.info', from: 'page', result: plain(await invoke('cmd:app.info', fromPage, undefined)) });
    record('session.invoke', {
      channel: 'cmd:app.info',
      from: 'foreign frame',
      result: plain(await invoke('cmd:app.info', fromElsewhere, undefined)),
    });
  } catch (error) {
    record('session.error', { message: String(error?.stack ?? error) });
  }
  record('session.closeWindow');
  win.close();
}

// ---- session, dialogs and the rest -------------------------------------------------------

const headerListeners = [];

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      let granted = null;
      handler?.(null, 'media', (answer) => (granted = answer));
      record('session.permissionRequest', { mediaGranted: granted });
    },
    setPermissionCheckHandler(handler) {
      record('session.permissionCheck', { media: handler?.(null, 'media') ?? null });
    },
    setDevicePermissionHandler(handler) {
      record('session.devicePermission', { usb: handler?.({ deviceType: 'usb' }) ?? null });
    },
    on() {},
    webRequest: {
      onHeadersReceived(listener) {
        headerListeners.push(listener);
        listener({ responseHeaders: { 'content-security-policy': ["default-src *"] } }, (response) =>
          record('session.headers', { headers: plain(response.responseHeaders) }),
        );
      },
    },
  },
};

export const dialog = {
  showErrorBox(title, content) {
    record('dialog.showErrorBox', { title, content });
  },
  async showMessageBox(_window, options) {
    record('dialog.showMessageBox', { message: options?.message });
    return { response: 2 };
  },
  async showOpenDialog() {
    return { canceled: true, filePaths: [] };
  },
};

export const shell = {
  async openExternal(url) {
    record('shell.openExternal', { url });
  },
};

export const net = {
  isOnline: () => true,
};

export const powerMonitor = new EventEmitter();

export const safeStorage = {
  // No keychain: the app takes its plaintext path, as on a Linux machine without a keyring.
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (text) => Buffer.from(text),
  decryptString: (buffer) => buffer.toString(),
};

export const powerSaveBlocker = {
  start(type) {
    record('powerSaveBlocker.start', { type });
    return 1;
  },
  stop(id) {
    record('powerSaveBlocker.stop', { id });
  },
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    record('Notification.show', { title: this.options?.title });
  }
}

export class Tray extends EventEmitter {
  constructor() {
    super();
    record('Tray.new');
  }
  setToolTip() {}
  setContextMenu() {}
}

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu() {},
};

export const nativeImage = {
  createFromPath: () => ({ resize: () => ({}) }),
};

export default {
  app,
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  dialog,
  ipcMain,
  nativeImage,
  net,
  powerMonitor,
  powerSaveBlocker,
  safeStorage,
  session,
  shell,
};
