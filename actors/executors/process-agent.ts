// The built-in `process` agent class: supervises one command in its own process group, with OCF semantics.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { OcfRc, recoveryOf } from '../../machines/resource/ocf.ts';
import type { AgentOptions, AgentRequest, AgentResult, AgentSpec, ResourceAgent } from './agent.ts';
import { parseAgentMetadata, type AgentMetadata } from './ocf-metadata.ts';
import { PROCESS_METADATA, processParams, type ProcessParams } from './process-params.ts';
import { groupAlive, killGroup } from './process-group.ts';

interface PidRecord { readonly pid: number; readonly start: string }

/** /proc start time of `pid` (guards against pid reuse); undefined when gone or a zombie. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[0] === 'Z' ? undefined : rest[19];
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `process`: starts `command` detached in its own process group (it outlives the daemon, as a
 * resource should), records `<pid> <start time>` in `<piddir>/process-<resource>.pid`, monitors
 * by that record (a dead or reused pid is 7, not running), stops the whole group with SIGTERM and
 * then SIGKILL after 2/3 of the stop timeout.
 */
export class ProcessAgent implements ResourceAgent {
  readonly spec: AgentSpec = { class: 'process', name: 'process' };
  readonly #options: AgentOptions;
  constructor(options: AgentOptions = {}) {
    this.#options = options;
  }

  metadata(): Promise<AgentMetadata> {
    return Promise.resolve(parseAgentMetadata(PROCESS_METADATA, 'process'));
  }

  async run(request: AgentRequest): Promise<AgentResult> {
    const started = performance.now();
    const done = (rc: number, reason = '', timedOut = false): AgentResult => {
      const ok = request.action === 'stop' ? rc === OcfRc.ok || rc === OcfRc.notRunning
        : request.action === 'probe' ? rc === OcfRc.ok || rc === OcfRc.notRunning : rc === OcfRc.ok;
      return { rc, ok, timedOut, reason, recovery: ok ? undefined : recoveryOf(rc, timedOut), stdout: request.action === 'meta-data' ? PROCESS_METADATA : '', stderr: '', durationMs: Math.round(performance.now() - started) };
    };
    if (request.action === 'meta-data') return done(OcfRc.ok);
    const p = processParams(request, this.#options);
    if (typeof p === 'string') return done(OcfRc.notConfigured, p);
    switch (request.action) {
      case 'validate-all': return done(...validate(p));
      case 'monitor': case 'probe': return done(this.#status(p) ? OcfRc.ok : OcfRc.notRunning);
      case 'start': return this.#start(p, request, done);
      case 'stop': return this.#stop(p, request, done);
      default: return done(OcfRc.unimplemented, `process: action "${request.action}" is not implemented`);
    }
  }

  #status(p: ProcessParams): PidRecord | undefined {
    let text: string;
    try {
      text = readFileSync(p.pidfile, 'utf8');
    } catch {
      return undefined;
    }
    const [pid, start] = text.trim().split(' ');
    const rec = { pid: Number(pid), start: start ?? '' };
    return Number.isSafeInteger(rec.pid) && rec.pid > 1 && startTimeOf(rec.pid) === rec.start ? rec : undefined;
  }

  async #start(p: ProcessParams, request: AgentRequest, done: (rc: number, reason?: string, t?: boolean) => AgentResult): Promise<AgentResult> {
    if (this.#status(p)) return done(OcfRc.ok);
    const [vrc, vreason] = validate(p);
    if (vrc !== OcfRc.ok) return done(vrc, vreason);
    mkdirSync(p.piddir, { recursive: true });
    const log = openSync(p.logfile, 'a');
    let exited: string | undefined;
    try {
      const child = spawn(p.command, p.args, { cwd: p.cwd, env: { ...process.env, ...p.env }, detached: true, stdio: ['ignore', log, log] });
      child.on('error', (e) => { exited = `could not be started: ${e.message}`; });
      child.on('exit', (code, signal) => { exited = `exited during start (${signal ?? `code ${code}`})`; });
      child.unref();
      const pid = child.pid;
      if (pid === undefined) {
        await sleep(0);
        return done(OcfRc.genericError, `${p.command} ${exited ?? 'could not be started'}`);
      }
      const start = startTimeOf(pid);
      writeFileSync(p.pidfile, `${pid} ${start ?? ''}\n`);
      // A command that dies at once (bad flags, port taken) fails the start instead of the first monitor.
      await sleep(Math.min(p.settleMs, request.timeoutMs / 2));
      if (exited !== undefined || !this.#status(p)) {
        rmSync(p.pidfile, { force: true });
        return done(OcfRc.genericError, `${p.command} ${exited ?? 'is not running after start'}`);
      }
      return done(OcfRc.ok);
    } finally {
      closeSync(log);
    }
  }

  async #stop(p: ProcessParams, request: AgentRequest, done: (rc: number, reason?: string, t?: boolean) => AgentResult): Promise<AgentResult> {
    const rec = this.#status(p);
    if (!rec) {
      rmSync(p.pidfile, { force: true });
      return done(OcfRc.ok);
    }
    const t0 = performance.now();
    killGroup(rec.pid, 'SIGTERM');
    let killed = false;
    while (groupAlive(rec.pid)) {
      const spent = performance.now() - t0;
      if (spent >= request.timeoutMs) return done(OcfRc.genericError, `stop timed out after ${request.timeoutMs} ms`, true);
      if (!killed && spent >= (request.timeoutMs * 2) / 3) {
        killed = true;
        killGroup(rec.pid, 'SIGKILL');
      }
      await sleep(50);
    }
    rmSync(p.pidfile, { force: true });
    return done(OcfRc.ok);
  }
}

/** [rc, reason]: 5 when the command is missing or not executable, 6 when cwd is not a directory. */
function validate(p: ProcessParams): [number, string] {
  const candidates = isAbsolute(p.command) || p.command.includes('/') ? [p.command]
    : (process.env['PATH'] ?? '').split(delimiter).filter(Boolean).map((d) => join(d, p.command));
  if (!candidates.some((c) => { try { accessSync(c, constants.X_OK); return statSync(c).isFile(); } catch { return false; } })) {
    return [OcfRc.notInstalled, `command "${p.command}" not found or not executable`];
  }
  if (p.cwd !== undefined) {
    try {
      if (!statSync(p.cwd).isDirectory()) return [OcfRc.notConfigured, `cwd "${p.cwd}" is not a directory`];
    } catch {
      return [OcfRc.notConfigured, `cwd "${p.cwd}" does not exist`];
    }
  }
  return [OcfRc.ok, ''];
}
