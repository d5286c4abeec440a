// Lease owner ids: "<host>/<pid>/<random>". The host and pid let a runner starting on the
// same machine recognise leases left by a process that died, and take those jobs back at
// once instead of waiting for the leases to expire.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function makeOwnerId(pid = process.pid, host = hostname()): string {
  return `${host}/${pid}/${randomBytes(4).toString('hex')}`;
}

export function hostPrefix(host = hostname()): string {
  return `${host}/`;
}

export function pidOf(owner: string): number | null {
  const pid = Number(owner.split('/')[1]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
