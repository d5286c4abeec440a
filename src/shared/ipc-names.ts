// The contract's names, and nothing that needs zod: the preload (which runs before every
// window's page) and the browser test shim build `window.courseStudio` from these alone.
// `ipc-contract.ts` checks at compile time that its schemas and payloads name exactly these.

export const COMMAND_NAMES = [
  'app.info', 'app.ready', 'app.openExternal', 'app.startNewDatabase', 'app.chooseFolder', 'app.chooseFiles',
  'settings.get', 'settings.update',
  'apiKey.set', 'apiKey.clear', 'apiKey.test',
  'models.get', 'models.setRouting', 'claudeModels.list', 'localModels.detect', 'localModels.list', 'localModels.test',
  'topics.parse', 'topics.parseFile',
  'courses.list', 'courses.get', 'courses.create', 'courses.generateOutlines', 'courses.chooseOption', 'courses.editOutline', 'courses.approveOutline', 'courses.reject', 'courses.reopen', 'courses.approve', 'courses.publish', 'courses.delete', 'courses.export', 'courses.exportMany',
  'materials.attach', 'materials.list', 'materials.remove', 'materials.view',
  'lessons.update', 'lessons.regenerate',
  'tasks.update', 'tasks.regenerate',
  'history.list', 'history.restore', 'courses.changesSinceApproval',
  'jobs.enqueue', 'jobs.snapshot', 'jobs.groupTotals', 'jobs.cancel', 'jobs.retry', 'jobs.delete', 'jobs.pause', 'jobs.resume', 'jobs.logs',
  'queue.pause', 'queue.resume', 'queue.setLimits',
  'batches.list', 'estimate.courses',
  'insights.get',
  'sync.getConfig', 'sync.configure', 'sync.signIn', 'sync.signOut', 'sync.status', 'sync.now', 'sync.resolveConflict', 'sync.log',
  'courses.bin', 'courses.restore', 'courses.removeForGood',
  'storage.get', 'storage.cleanup', 'storage.compact', 'storage.setSchedule',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

export const EVENT_NAMES = ['runner.events', 'outline.progress', 'course.changed', 'sync.changed', 'export.progress'] as const;

export type EventName = (typeof EVENT_NAMES)[number];

/** The preload's few functions that are not commands: answered in the renderer's process (ipc-contract's LocalMethods). */
export const LOCAL_METHOD_NAMES = ['pathForFile'] as const;

/** 'jobs.cancel' → 'jobsCancel'; 'runner.events' → 'RunnerEvents'. */
export type Camel<K extends string> = K extends `${infer A}.${infer B}` ? `${A}${Capitalize<Camel<B>>}` : K;

export function methodName<K extends CommandName>(name: K): Camel<K> {
  return name.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()) as Camel<K>;
}

export function listenerName<E extends EventName>(name: E): `on${Capitalize<Camel<E>>}` {
  const camel = name.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());
  return `on${camel.charAt(0).toUpperCase()}${camel.slice(1)}` as `on${Capitalize<Camel<E>>}`;
}

/** The channel names on the wire: one per command, one per event. */
export const commandChannel = (name: CommandName) => `cmd:${name}`;
export const eventChannel = (name: EventName) => `evt:${name}`;
