// buildApi (used by the Electron preload and by the bridge shim): exactly one method per
// command and one listener per event, routed to the right channel, nothing else.
import { describe, expect, it } from 'vitest';
import { buildApi, type ApiTransport } from '../../src/preload/api';
import { COMMAND_NAMES, EVENT_NAMES, LOCAL_METHOD_NAMES, listenerName, methodName, type CourseStudioApi } from '../../src/shared/ipc-contract';

function recording(pathForFile?: ApiTransport['pathForFile']) {
  const invoked: { command: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: ApiTransport = {
    invoke: async (command, input) => {
      invoked.push({ command, input });
      return { ok: true, value: command };
    },
    listen: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set.add(listener));
      return () => set.delete(listener);
    },
    ...(pathForFile ? { pathForFile } : {}),
  };
  return { api: buildApi(transport), invoked, listeners };
}

describe('buildApi', () => {
  it('exposes exactly the contract: named methods and on… listeners, frozen', () => {
    const { api } = recording();
    const expected = [...COMMAND_NAMES.map(methodName), ...EVENT_NAMES.map(listenerName), ...LOCAL_METHOD_NAMES].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(Object.isFrozen(api)).toBe(true);
    expect(methodName('jobs.cancel')).toBe('jobsCancel');
    expect(listenerName('runner.events')).toBe('onRunnerEvents');
  });

  it('routes every method to its own command with the input untouched', async () => {
    const { api, invoked } = recording();
    for (const command of COMMAND_NAMES) {
      const method = (api as unknown as Record<string, (input?: unknown) => Promise<unknown>>)[methodName(command)]!;
      expect(await method({ probe: command })).toEqual({ ok: true, value: command });
    }
    expect(invoked).toEqual(COMMAND_NAMES.map((command) => ({ command, input: { probe: command } })));
  });

  it('subscribes listeners and returns a working unsubscribe', async () => {
    const { api, listeners } = recording();
    const seen: unknown[] = [];
    const typed: CourseStudioApi = api;
    const off = typed.onCourseChanged((payload) => seen.push(payload));
    for (const listener of listeners.get('course.changed') ?? []) listener({ courseId: 'c1' });
    off();
    for (const listener of listeners.get('course.changed') ?? []) listener({ courseId: 'c2' });
    expect(seen).toEqual([{ courseId: 'c1' }]);
    expect(() => (api as unknown as Record<string, (l: unknown) => void>)['onRunnerEvents']!('not a function')).toThrow(TypeError);
  });
});

describe('pathForFile', () => {
  it("answers a dropped file's path from the transport, and null where there is none or it throws", () => {
    const file = { name: 'syllabus.pdf' };
    expect(recording((f) => (f === file ? '/home/ada/syllabus.pdf' : '')).api.pathForFile(file)).toBe('/home/ada/syllabus.pdf');
    // Electron answers '' for a File made in memory: the renderer then sends its bytes.
    expect(recording(() => '').api.pathForFile(file)).toBeNull();
    expect(recording().api.pathForFile(file)).toBeNull();
    expect(
      recording(() => {
        throw new TypeError('not a File');
      }).api.pathForFile({}),
    ).toBeNull();
  });
});
