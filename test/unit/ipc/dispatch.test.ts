// The dispatcher against the real contract: every command rejects malformed input before
// its handler runs, with invalid_input and a readable message; unknown commands are named;
// thrown errors are mapped to codes and never leak a stack.
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatch';
import { ConflictError, InputError, NotFoundError } from '../../../src/main/ipc/errors';
import { COMMAND_NAMES, type CommandName, type CommandResult } from '../../../src/shared/ipc-contract';
import { COMMAND_INPUT_BUDGETS } from '../../../src/main/ipc/input-budget';
import { VALID_INPUTS } from './valid-inputs';

/** Handlers that record what reached them and return a marker. */
function recordingHandlers() {
  const calls: { command: CommandName; input: unknown }[] = [];
  const handlers = Object.fromEntries(
    COMMAND_NAMES.map((command) => [
      command,
      (input: unknown) => {
        calls.push({ command, input });
        return { handled: command };
      },
    ]),
  ) as unknown as Handlers;
  return { calls, dispatch: createDispatcher(handlers, { onUnexpectedError: () => {} }) };
}

function expectInvalid(result: CommandResult<unknown>) {
  expect(result.ok).toBe(false);
  if (result.ok) return null;
  expect(result.error.code).toBe('invalid_input');
  expect(result.error.message).toMatch(/\S/);
  expect(result.error.issues?.length).toBeGreaterThan(0);
  for (const issue of result.error.issues ?? []) {
    expect(issue.path).toMatch(/\S/);
    expect(issue.message).toMatch(/\S/);
  }
  return result.error;
}

/** A deeply nested object built without recursion (JSON.stringify would overflow on it). */
function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { nested: value };
  return value;
}

const objectCommands = COMMAND_NAMES.filter((c) => Object.keys(VALID_INPUTS[c] as object).length > 0);

describe('dispatch: valid input reaches the handler', () => {
  it.each(COMMAND_NAMES)('%s', async (command) => {
    const { calls, dispatch } = recordingHandlers();
    const result = await dispatch(command, VALID_INPUTS[command]);
    expect(result).toEqual({ ok: true, value: { handled: command } });
    expect(calls).toHaveLength(1);
  });

  it('fills the contract defaults (jobs.enqueue with only a course id)', async () => {
    const { calls, dispatch } = recordingHandlers();
    await dispatch('jobs.enqueue', { courseId: VALID_INPUTS['courses.get'].courseId });
    expect(calls[0]!.input).toEqual({ courseId: VALID_INPUTS['courses.get'].courseId, autoPublish: false, priority: 0, runAfter: null, stepwise: false });
  });
});

describe('dispatch: malformed input is rejected before any handler runs', () => {
  it.each(COMMAND_NAMES)('%s: wrong top-level type', async (command) => {
    const { calls, dispatch } = recordingHandlers();
    for (const bad of [42, 'text', [VALID_INPUTS[command]], true]) {
      expectInvalid(await dispatch(command, bad));
    }
    expect(calls).toEqual([]);
  });

  it.each(COMMAND_NAMES)('%s: an extra field', async (command) => {
    const { calls, dispatch } = recordingHandlers();
    const error = expectInvalid(await dispatch(command, { ...(VALID_INPUTS[command] as object), sneaky: 1 }));
    expect(error?.message).toContain('sneaky');
    expect(calls).toEqual([]);
  });

  it.each(objectCommands)('%s: each field with a wrong type, and each required field missing', async (command) => {
    const { calls, dispatch } = recordingHandlers();
    const valid = VALID_INPUTS[command] as Record<string, unknown>;
    for (const field of Object.keys(valid)) {
      const wrong = typeof valid[field] === 'number' ? 'not a number' : typeof valid[field] === 'string' ? 12345 : 'not-an-object';
      const error = expectInvalid(await dispatch(command, { ...valid, [field]: wrong }));
      expect(error?.issues?.[0]?.path.startsWith(field)).toBe(true);

      const { [field]: _removed, ...missing } = valid;
      const result = await dispatch(command, missing);
      // Optional or defaulted fields may be left out; required ones must be reported by name.
      if (!result.ok) expect(result.error.issues?.some((i) => i.path.startsWith(field))).toBe(true);
    }
    expect(calls.length).toBeLessThanOrEqual(Object.keys(valid).length);
    for (const call of calls) expect(call.command).toBe(command);
  });

  // 10 MB; a command allowed more (materials.attach carries a dropped file's bytes) gets 1 MB over its own budget.
  it.each(COMMAND_NAMES)('%s: a string over the input budget', async (command) => {
    const { calls, dispatch } = recordingHandlers();
    const valid = VALID_INPUTS[command] as Record<string, unknown>;
    const field = Object.keys(valid).find((k) => typeof valid[k] === 'string') ?? 'blob';
    const size = Math.max(10 * 1024 * 1024, (COMMAND_INPUT_BUDGETS[command]?.maxChars ?? 0) + 1024 * 1024);
    const error = expectInvalid(await dispatch(command, { ...valid, [field]: 'x'.repeat(size) }));
    expect(error?.message).toMatch(/too large/);
    expect(calls).toEqual([]);
  });

  it.each(COMMAND_NAMES)('%s: a deeply nested object', async (command) => {
    const { calls, dispatch } = recordingHandlers();
    const error = expectInvalid(await dispatch(command, { ...(VALID_INPUTS[command] as object), extra: deep(100_000) }));
    expect(error?.message).toMatch(/nested too deeply/);
    expect(calls).toEqual([]);
  });

  it('refuses a circular input (structured clone allows cycles)', async () => {
    const { dispatch } = recordingHandlers();
    const input: Record<string, unknown> = { courseId: VALID_INPUTS['courses.get'].courseId };
    input['self'] = input;
    expect(expectInvalid(await dispatch('courses.get', input))?.message).toMatch(/circular/);
  });

  it('names the field and says what is wrong, readably', async () => {
    const { dispatch } = recordingHandlers();
    const outline = structuredClone(VALID_INPUTS['courses.editOutline'].outline) as { projects: { title: string }[] };
    outline.projects[2]!.title = '';
    const error = expectInvalid(await dispatch('courses.editOutline', { courseId: VALID_INPUTS['courses.get'].courseId, outline }));
    expect(error?.issues).toEqual([expect.objectContaining({ path: 'outline.projects[2].title' })]);
    expect(error?.message).toMatch(/^Invalid input — outline\.projects\[2\]\.title: /);

    const key = expectInvalid(await dispatch('apiKey.set', { key: 'short' }));
    expect(key?.issues).toEqual([{ path: 'key', message: 'That API key is too short.' }]);
    // A message that ends its own sentence is not given a second full stop.
    expect(key?.message).toBe('Invalid input — key: That API key is too short.');
  });

  it('refuses non-http(s) links for app.openExternal', async () => {
    const { dispatch } = recordingHandlers();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi', 'mailto:a@b.c']) {
      expectInvalid(await dispatch('app.openExternal', { url }));
    }
  });
});

describe('dispatch: unknown commands', () => {
  it.each([['courses.hack'], ['__proto__'], ['constructor'], ['toString'], [''], [42], [null], [undefined], [{}]])('%s', async (name) => {
    const { calls, dispatch } = recordingHandlers();
    const result = await dispatch(name, {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('unknown_command');
      expect(result.error.message).toMatch(/^Unknown command/);
    }
    expect(calls).toEqual([]);
  });
});

describe('dispatch: errors thrown by handlers', () => {
  const throwing = (error: unknown) => {
    const handlers = Object.fromEntries(
      COMMAND_NAMES.map((c) => [
        c,
        () => {
          throw error;
        },
      ]),
    ) as unknown as Handlers;
    return createDispatcher(handlers, { onUnexpectedError: () => {} });
  };
  const run = (error: unknown) => throwing(error)('courses.list', {});

  it('maps NotFoundError to not_found, by type, not wording', async () => {
    expect(await run(new NotFoundError('That lesson is gone.'))).toEqual({ ok: false, error: { code: 'not_found', message: 'That lesson is gone.' } });
    expect(await run(new Error('No course with id 123.'))).toEqual({ ok: false, error: { code: 'failed', message: 'No course with id 123.' } });
  });

  it('maps state rules (ConflictError) to conflict', async () => {
    expect(await run(new ConflictError('Busy.'))).toEqual({ ok: false, error: { code: 'conflict', message: 'Busy.' } });
    expect(await run(new Error('Cannot do that.'))).toEqual({ ok: false, error: { code: 'failed', message: 'Cannot do that.' } });
  });

  it('maps validation errors from inside a handler to invalid_input', async () => {
    const zod = new ZodError([{ code: 'custom', path: ['limits', 'jobs'], message: 'At most 20 jobs can run at once.', input: 99 }]);
    expect(await run(zod)).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'limits.jobs', message: 'At most 20 jobs can run at once.' }] } });
    expect(await run(new InputError([{ path: 'answerKey', message: 'A quiz question needs an answer key.' }]))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'answerKey' }] },
    });
  });

  it('reports anything else as failed with its message only, never a stack', async () => {
    const error = new Error('The disk is on fire.');
    const result = await run(error);
    expect(result).toEqual({ ok: false, error: { code: 'failed', message: 'The disk is on fire.' } });
    expect(JSON.stringify(result)).not.toContain('at ');
    expect(await run('a string')).toEqual({ ok: false, error: { code: 'failed', message: 'a string' } });
    expect(await run(undefined)).toEqual({ ok: false, error: { code: 'failed', message: 'Something went wrong.' } });
    expect(await run(new Error(''))).toEqual({ ok: false, error: { code: 'failed', message: 'Something went wrong.' } });
  });

  it('reports unexpected failures to the main-process log, with the original error', async () => {
    const reported: unknown[] = [];
    const boom = new Error('boom');
    const handlers = Object.fromEntries(COMMAND_NAMES.map((c) => [c, () => Promise.reject(boom)])) as unknown as Handlers;
    await createDispatcher(handlers, { onUnexpectedError: (_c, e) => reported.push(e) })('courses.list', {});
    expect(reported).toEqual([boom]);
  });
});
