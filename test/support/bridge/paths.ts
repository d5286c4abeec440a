// Where the bridge's built assets live. Apart from build.ts so a bridge process, which only
// serves them, does not load Vite and the renderer's build config: that import cost a busy
// machine as much as the app core itself, and made bridges slow to start.
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../../..');

export const BRIDGE_OUT = resolve(repo, 'out/bridge');
export const RENDERER_OUT = resolve(BRIDGE_OUT, 'renderer');
export const SHIM_OUT = resolve(BRIDGE_OUT, 'shim.js');
