// Entry point of the headless CLI (`npm run cli -- …`, or bin/course-studio.js).
import { nodeIo } from './io';
import { runCli } from './main';

const code = await runCli(process.argv.slice(2), nodeIo());
process.exitCode = code;
// Should anything (a keep-alive socket, a stray timer) hold the event loop open, leave anyway.
setTimeout(() => process.exit(code), 2_000).unref();
