#!/usr/bin/env node
// Launcher for the headless CLI: registers tsx so the TypeScript sources run as they are
// (no build step), then hands over to src/main/cli/index.ts.
import { URL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/main/cli/index.ts', import.meta.url).href);
