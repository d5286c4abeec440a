// Starts a bridge in its own process (as the e2e fixtures do) and waits for its
// BRIDGE_READY line. A separate process keeps each test's database, runner and fake
// server apart, and a crash of the core cannot take the test runner down with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { BridgeControl, type BridgeInfo } from './control-client';

const SERVER = resolve(import.meta.dirname, 'server.ts');

export interface LaunchOptions {
  dataDir: string;
  noApiKey?: boolean;
  corruptDatabase?: boolean;
  latencyMs?: number;
  secretBackend?: 'os' | 'plaintext' | 'unavailable';
  /** The overload breaker's first probe (and half its longest interval), instead of the app's 15 s. */
  breakerProbeMs?: number;
  /** Delays of the automatic job retries, instead of the app's 2, 10 and 30 min. */
  autoRetryDelaysMs?: number[];
  /** Where the bridge's stdout/stderr go (a test's log); defaults to this process's stderr. */
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface LaunchedBridge {
  info: BridgeInfo;
  control: BridgeControl;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function launchBridge(options: LaunchOptions): Promise<LaunchedBridge> {
  const args = ['--import', 'tsx', SERVER, '--exit-with-stdin'];
  if (options.noApiKey) args.push('--no-api-key');
  if (options.corruptDatabase) args.push('--corrupt-db');
  if (options.latencyMs !== undefined) args.push('--latency', String(options.latencyMs));
  if (options.secretBackend) args.push('--secret-backend', options.secretBackend);
  if (options.breakerProbeMs) args.push('--breaker-probe-ms', String(options.breakerProbeMs));
  if (options.autoRetryDelaysMs) args.push('--auto-retry-delays-ms', options.autoRetryDelaysMs.join(','));
  const child = spawn(process.execPath, args, {
    cwd: resolve(import.meta.dirname, '../../..'),
    env: { ...process.env, COURSE_STUDIO_DATA_DIR: options.dataDir, ANTHROPIC_API_KEY: '', ANTHROPIC_BASE_URL: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const log = options.log ?? ((line: string) => process.stderr.write(`[bridge] ${line}\n`));
  createInterface({ input: child.stderr! }).on('line', log);
  const lines = createInterface({ input: child.stdout! });

  const info = await new Promise<BridgeInfo>((resolveInfo, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The bridge did not start within ${options.startTimeoutMs ?? 30_000} ms.`));
    }, options.startTimeoutMs ?? 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The bridge exited (code ${code}) before it was ready; see its log above.`));
    });
    lines.on('line', (line) => {
      if (line.startsWith('BRIDGE_READY ')) {
        clearTimeout(timer);
        resolveInfo(JSON.parse(line.slice('BRIDGE_READY '.length)) as BridgeInfo);
      } else {
        log(line);
      }
    });
  });

  return {
    info,
    control: new BridgeControl(info),
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
