// Starts the node's watchdog process and pets it; a hung or paused daemon is killed with its whole process group.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Watchdog {
  /** Proof of life; call at least every timeout / 4. */
  pet(): void;
  /** Graceful stop: disarm and let the watchdog exit. */
  stop(): Promise<void>;
  readonly pid: number | undefined;
}

/**
 * Spawns `actors/watchdog-main.ts` with the same loader as this process. It kills
 * process group `pgid` (default: ours) when not petted within `timeoutMs`.
 */
export function startWatchdog(timeoutMs: number, pgid = process.pid): Watchdog {
  const main = fileURLToPath(new URL('./watchdog-main.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, main, String(timeoutMs), String(pgid)], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  child.stdin?.on('error', () => {
    /* the watchdog exited; nothing more to pet */
  });
  const pet = () => {
    if (child.stdin?.writable) child.stdin.write('.');
  };
  pet();
  return {
    pid: child.pid,
    pet,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || !child.stdin?.writable) return resolve();
        child.once('exit', () => resolve());
        child.stdin.write('S');
        child.stdin.end();
      }),
  };
}
