// The one door every command goes through, whatever carries it (Electron IPC, the browser
// test bridge): size check, schema parse, handler, error mapping. It never throws and
// never leaks a stack: the caller always gets a CommandResult.
import {
  commandInputs,
  type CommandName,
  type CommandOutputs,
  type CommandResult,
  type ParsedCommandInput,
} from '../../shared/ipc-contract';
import { invalidInput, issuesOf, toCommandError } from './errors';
import { COMMAND_INPUT_BUDGETS, DEFAULT_INPUT_BUDGET, checkInputBudget, type InputBudget } from './input-budget';

/** Who is calling: per-window hooks a handler may need (app.ready starts that window's events). */
export interface CallContext {
  onReady?: () => void;
}

export type Handler<C extends CommandName> = (
  input: ParsedCommandInput<C>,
  ctx: CallContext,
) => CommandOutputs[C] | Promise<CommandOutputs[C]>;

export type Handlers = { [C in CommandName]: Handler<C> };

export type Dispatch = (name: unknown, rawInput: unknown, ctx?: CallContext) => Promise<CommandResult<unknown>>;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandInputs, name);
}

export function createDispatcher(
  handlers: Handlers,
  options: { budget?: InputBudget; onUnexpectedError?: (command: string, error: unknown) => void } = {},
): Dispatch {
  const budgetOf = (name: CommandName) => options.budget ?? COMMAND_INPUT_BUDGETS[name] ?? DEFAULT_INPUT_BUDGET;
  const report = options.onUnexpectedError ?? ((command, error) => console.error(`command ${command} failed:`, error));
  return async (name, rawInput, ctx = {}) => {
    if (!isCommandName(name)) {
      const shown = typeof name === 'string' ? `"${name.slice(0, 100)}"` : `of type ${name === null ? 'null' : typeof name}`;
      return { ok: false, error: { code: 'unknown_command', message: `Unknown command ${shown}.` } };
    }
    const refused = checkInputBudget(rawInput, budgetOf(name));
    if (refused) return { ok: false, error: { ...invalidInput([{ path: '(input)', message: refused }]), message: refused } };
    const parsed = commandInputs[name].safeParse(rawInput);
    if (!parsed.success) return { ok: false, error: invalidInput(issuesOf(parsed.error)) };
    try {
      const handler = handlers[name] as Handler<CommandName>;
      const value = await handler(parsed.data as ParsedCommandInput<CommandName>, ctx);
      return { ok: true, value };
    } catch (error) {
      const mapped = toCommandError(error);
      if (mapped.code === 'failed') report(name, error);
      return { ok: false, error: mapped };
    }
  };
}
