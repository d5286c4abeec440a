// Hostile inputs for every IPC command, built from a valid input per command (with the
// fields that are required and the ones that hold free text): wrong types, missing fields,
// unknown fields, 10 MB strings, 10,000-level objects, nonsense numbers, path traversal.
// Every case but the path-traversal ones in free-text fields must be refused.
import { COMMAND_NAMES, type CommandName } from '../../src/shared/ipc-contract';

export interface BaseInput {
  input: Record<string, unknown> | undefined;
  /** Fields whose absence makes the input invalid. */
  required: string[];
  /** Fields where any text is legitimate (a title, a search): traversal strings are data there, not paths. */
  freeText: string[];
  /**
   * Names another program looks up (a model on a local server): a traversal string is a
   * name it does not have, so "failed" with that said is the right answer there.
   */
  lookedUp?: string[];
}

export interface FuzzCase {
  command: unknown;
  input: unknown;
  label: string;
  /**
   * 'refused': must answer invalid_input (or unknown_command) and change nothing. 'text': may
   * succeed; must not fail or crash. 'name': may succeed or fail with a message; must not crash.
   */
  expect: 'refused' | 'unknown' | 'text' | 'name';
}

export const TRAVERSAL = ['../../../../../../etc/passwd', '..\\..\\..\\Windows\\System32\\config\\SAM', '/etc/shadow', 'file:///etc/passwd', '%2e%2e%2f%2e%2e%2fetc', 'C:\\Windows\\win.ini', '\\\\server\\share\\x', '..%00/x'];

const HUGE = 'A'.repeat(10 * 1024 * 1024);

export function deepObject(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

export function deepArray(levels: number): unknown[] {
  let value: unknown[] = [];
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

const DEEP = deepObject(10_000);

/** A value of a different JSON type than `value`, for each type. */
function wrongTypes(value: unknown): unknown[] {
  if (typeof value === 'string') return [12345, true, null, ['x'], { x: 1 }];
  if (typeof value === 'number') return ['12', true, null, [1], NaN, Infinity, -Infinity, 1.5, 1e308];
  if (typeof value === 'boolean') return ['true', 1, null, [true]];
  if (value === null) return [12345, true, [], { x: 1 }];
  if (Array.isArray(value)) return ['x', 1, { 0: value[0] }, null, [12345], [null]];
  return ['x', 1, [], null, true];
}

const UNKNOWN_COMMANDS: unknown[] = [
  '',
  'nope',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'APP.INFO',
  'app.info ',
  ' app.info',
  'courses.list\u0000',
  'app.info/../settings.get',
  '../../../../etc/passwd',
  'x'.repeat(100_000),
  42,
  null,
  undefined,
  {},
  ['app.info'],
  true,
];

export function fuzzCases(bases: Partial<Record<CommandName, BaseInput>>): FuzzCase[] {
  const cases: FuzzCase[] = UNKNOWN_COMMANDS.map((command) => ({
    command,
    input: undefined,
    label: `unknown command ${typeof command === 'string' ? JSON.stringify(command.slice(0, 40)) : String(command)}`,
    expect: 'unknown',
  }));
  const refuse = (command: CommandName, input: unknown, label: string) => cases.push({ command, input, label: `${command}: ${label}`, expect: 'refused' });

  for (const command of COMMAND_NAMES) {
    const base = bases[command];
    // Whatever the command, these are never a valid input.
    for (const garbage of [42, 'text', true, [], [{}], NaN, -1, HUGE, DEEP, deepArray(10_000)]) {
      refuse(command, garbage, `input ${describe(garbage)}`);
    }
    refuse(command, { ...(base?.input ?? {}), unexpected: 1 }, 'an unknown field');
    refuse(command, JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'), 'prototype pollution');
    if (!base?.input) continue;
    if (base.required.length > 0) {
      refuse(command, undefined, 'no input at all');
      refuse(command, null, 'null input');
      refuse(command, {}, 'an empty object');
    }
    for (const field of base.required) {
      const { [field]: _dropped, ...rest } = base.input;
      refuse(command, rest, `missing ${field}`);
    }
    for (const [field, value] of Object.entries(base.input)) {
      for (const wrong of wrongTypes(value)) refuse(command, { ...base.input, [field]: wrong }, `${field} = ${describe(wrong)}`);
      refuse(command, { ...base.input, [field]: HUGE }, `${field} = a 10 MB string`);
      refuse(command, { ...base.input, [field]: DEEP }, `${field} = a 10,000-level object`);
      if (typeof value === 'string' || value === null) {
        for (const path of TRAVERSAL) {
          const free = base.freeText.includes(field);
          cases.push({
            command,
            input: { ...base.input, [field]: path },
            label: `${command}: ${field} = ${JSON.stringify(path)}`,
            expect: free ? 'text' : base.lookedUp?.includes(field) ? 'name' : 'refused',
          });
        }
      }
    }
  }
  return cases;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a ${(value.length / 1024 / 1024).toFixed(0)} MB string` : JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 1 && Array.isArray(value[0]) ? 'a deeply nested array' : JSON.stringify(value).slice(0, 40);
  if (typeof value === 'object' && value !== null) return 'a' in value ? 'a 10,000-level object' : JSON.stringify(value).slice(0, 40);
  return String(value);
}
