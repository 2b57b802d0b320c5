// Runs one program in its own process group with a deadline: on timeout the whole group gets SIGTERM, then SIGKILL.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** What to run: program, arguments, environment, optional stdin text, and the deadline. */
export interface GroupRunSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly stdin?: string;
  readonly timeoutMs: number;
  /** Grace between SIGTERM and SIGKILL of the group on timeout (default 2000 ms). */
  readonly killGraceMs?: number;
  /** Keep at most this many bytes of stdout and of stderr (default 1 MiB each). */
  readonly maxOutputBytes?: number;
}

/** How a group run ended. `code` is null when the leader died of a signal or never started. */
export interface GroupRunResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** The process group id (= the leader's pid); 0 when the program could not be spawned. */
  readonly pgid: number;
  /** Set when the program could not be spawned at all (ENOENT, EACCES). */
  readonly spawnError?: NodeJS.ErrnoException;
}

/** Sends `signal` to every process of group `pgid`; false when the group is gone. */
export function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (pgid <= 1) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * The live (non-zombie) pids of group `pgid`, read from /proc; zombies are left out because
 * an orphan waits there until init reaps it, and it can no longer touch anything.
 * Where /proc is missing, falls back to a signal-0 probe (`[pgid]` while the group exists).
 */
export function groupMembers(pgid: number): number[] {
  if (pgid <= 1) return [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return killGroup(pgid, 0 as unknown as NodeJS.Signals) ? [pgid] : [];
  }
  const out: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (rest[0] !== 'Z' && Number(rest[2]) === pgid) out.push(Number(name));
  }
  return out;
}

/** True while any live process of group `pgid` exists. */
export function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

/**
 * Runs `spec` detached (its own process group, so a timeout can kill the agent and
 * every child it forked). Never rejects: spawn failures come back as `spawnError`.
 * The result is delivered when the leader exited and its pipes closed, or, after a
 * timeout, once the group was killed (children holding the pipes open cannot hang it).
 */
export function runInGroup(spec: GroupRunSpec): Promise<GroupRunResult> {
  const started = performance.now();
  const max = spec.maxOutputBytes ?? 1 << 20;
  const grace = spec.killGraceMs ?? 2000;
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let done = false;
    let killTimer: NodeJS.Timeout | undefined;
    const child = spawn(spec.file, [...spec.args], {
      env: { ...spec.env },
      cwd: spec.cwd,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const pgid = child.pid ?? 0;
    const finish = (code: number | null, signal: string | null, spawnError?: NodeJS.ErrnoException) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearTimeout(killTimer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      const durationMs = Math.round(performance.now() - started);
      resolve({ code, signal, stdout, stderr, timedOut, durationMs, pgid, ...(spawnError ? { spawnError } : {}) });
    };
    child.stdout?.on('data', (b: Buffer) => { if (stdout.length < max) stdout += b.toString('utf8'); });
    child.stderr?.on('data', (b: Buffer) => { if (stderr.length < max) stderr += b.toString('utf8'); });
    child.on('error', (e: NodeJS.ErrnoException) => { if (pgid === 0) finish(null, null, e); });
    let closed: { code: number | null; signal: string | null } | undefined;
    child.on('close', (code, signal) => {
      closed = { code, signal };
      if (!timedOut) finish(code, signal);
    });
    child.stdin?.on('error', () => { /* the agent may exit without reading its stdin */ });
    child.stdin?.end(spec.stdin ?? '');
    // On timeout the result waits until the whole group is gone (SIGTERM, then SIGKILL after the grace),
    // so a caller never sees "timed out" while a process of that operation still runs.
    const deadline = setTimeout(() => {
      timedOut = true;
      killGroup(pgid, 'SIGTERM');
      const termAt = performance.now();
      let killed = false;
      const poll = () => {
        if (!groupAlive(pgid) && closed !== undefined) {
          finish(closed.code, closed.signal);
          return;
        }
        if (!killed && performance.now() - termAt >= grace) {
          killed = true;
          killGroup(pgid, 'SIGKILL');
        }
        // A grandchild that escaped into another group may hold our pipes: give up on them 1 s after SIGKILL.
        if (killed && performance.now() - termAt >= grace + 1000 && !groupAlive(pgid)) {
          finish(child.exitCode, child.signalCode ?? 'SIGKILL');
          return;
        }
        killTimer = setTimeout(poll, 50);
      };
      poll();
    }, spec.timeoutMs);
  });
}
