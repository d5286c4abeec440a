// The bridge's wire format between the browser shim and the Node bridge, over one
// WebSocket. Requests carry ids and each gets exactly one response with the same id;
// events are pushed unasked. Test code only: the shipped app speaks Electron IPC.
import type { CommandResult, EventName } from '../../../src/shared/ipc-contract';

export interface BridgeRequest {
  id: number;
  command: string;
  input?: unknown;
}

export type BridgeMessage =
  | { type: 'response'; id: number; result: CommandResult<unknown> }
  | { type: 'event'; event: EventName; payload: unknown };

/** The meta tag the bridge injects into index.html: the WebSocket URL, with the page's token. */
export const BRIDGE_META_NAME = 'course-studio-bridge';
export const SHIM_PATH = '/__bridge/shim.js';
export const WS_PATH = '/__bridge/ws';
export const CONTROL_PREFIX = '/__control/';
export const CONTROL_TOKEN_HEADER = 'x-bridge-control-token';
