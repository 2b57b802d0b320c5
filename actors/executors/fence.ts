// The fence agent protocol of fence-agents: key=value lines on stdin, one action, exit 0 ok / 1 error / 2 off.
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import type { AgentOptions } from './agent.ts';
import { baseEnv } from './ocf-env.ts';
import { type AgentMetadata, parseAgentMetadata } from './ocf-metadata.ts';
import { runInGroup } from './process-group.ts';

/** The fence actions of the fence-agents protocol. */
export const FenceAction = { off: 'off', on: 'on', reboot: 'reboot', status: 'status', list: 'list', monitor: 'monitor', metadata: 'metadata' } as const;
export type FenceAction = (typeof FenceAction)[keyof typeof FenceAction];

/** A configured fence device (the shape of the journaled FenceDeviceConfig). */
export interface FenceDevice {
  readonly id: string;
  /** `fence_<name>` (looked up on PATH, /usr/sbin, /sbin) or `builtin:kill`. */
  readonly agent: string;
  readonly params: Readonly<Record<string, string>>;
  /** Nodes it can fence. */
  readonly targets: readonly string[];
  /** node -> plug/port on the device (default: the node name). */
  readonly hostMap?: Readonly<Record<string, string>>;
}

/** One run of one device. */
export interface FenceRunRequest {
  readonly device: FenceDevice;
  readonly action: FenceAction;
  /** The node to act on; not needed for list, monitor, metadata. */
  readonly target?: string;
  readonly timeoutMs: number;
}

/** How a device run ended: rc per protocol, with `power` for status (0 on, 2 off). */
export interface FenceRunResult {
  readonly device: string;
  readonly action: FenceAction;
  readonly target: string;
  readonly rc: number;
  readonly ok: boolean;
  readonly power?: 'on' | 'off';
  readonly timedOut: boolean;
  /** Why it failed: the agent's last error line from stderr, or quorate's. */
  readonly reason: string;
  readonly stdout: string;
  readonly durationMs: number;
}

/** The directories searched for `fence_*` agents: PATH, then /usr/sbin and /sbin. */
export function fenceSearchPath(): string[] {
  const dirs = (process.env['PATH'] ?? '').split(':').filter(Boolean);
  for (const d of ['/usr/sbin', '/sbin']) if (!dirs.includes(d)) dirs.push(d);
  return dirs;
}

/** The path of fence agent `name`, or undefined when no executable of that name is found. */
export function findFenceAgent(name: string): string | undefined {
  if (!/^fence_[\w-]+$/.test(name)) return undefined;
  for (const dir of fenceSearchPath()) {
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch { /* next */ }
  }
  return undefined;
}

/** The reason in a fence agent's stderr: its last error line, without the timestamp and level. */
export function fenceReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const errors = lines.filter((l) => /ERROR|Failed|fail/i.test(l));
  const last = errors[errors.length - 1] ?? lines[lines.length - 1] ?? '';
  return last.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ /, '').replace(/^(ERROR|WARNING):(root:)?\s*/, '');
}

const metadataCache = new Map<string, Promise<AgentMetadata>>();

/** A fence agent's meta-data (cached per path). Throws `agent.bad-metadata` when it cannot be read. */
export function fenceAgentMetadata(path: string, options: AgentOptions = {}): Promise<AgentMetadata> {
  let m = metadataCache.get(path);
  if (!m) {
    m = runInGroup({ file: path, args: [], env: baseEnv(options), stdin: 'action=metadata\n', timeoutMs: 30_000 }).then((r) => {
      if (r.code !== 0) {
        throw new QuorateError(ErrorCode.agentBadMetadata, `${path}: metadata failed (rc ${r.code ?? r.signal}): ${fenceReason(r.stderr)}`, { details: { agent: path } });
      }
      return parseAgentMetadata(r.stdout, path);
    });
    m.catch(() => metadataCache.delete(path));
    metadataCache.set(path, m);
  }
  return m;
}

/**
 * The stdin lines for a run: `action=`, `nodename=` and the host argument (`plug=`, or what
 * `pcmk_host_argument` names; none when the agent takes no plug), then the device params
 * (Pacemaker's own `pcmk_*` params are not passed). A key or value with a newline is refused.
 */
export function fenceStdin(req: FenceRunRequest, hostArgument: string | undefined): string {
  const lines: string[] = [`action=${req.action}`];
  const add = (k: string, v: string) => {
    if (/[\n\r=]/.test(k) || /[\n\r]/.test(v)) {
      throw new QuorateError(ErrorCode.configInvalid, `fence device "${req.device.id}": parameter "${k}" holds a newline or "="`, { details: { device: req.device.id, param: k } });
    }
    lines.push(`${k}=${v}`);
  };
  if (req.target !== undefined && req.action !== 'list' && req.action !== 'monitor' && req.action !== 'metadata') {
    add('nodename', req.target);
    if (hostArgument) add(hostArgument, req.device.hostMap?.[req.target] ?? req.target);
  }
  for (const [k, v] of Object.entries(req.device.params)) if (!k.startsWith('pcmk_')) add(k, v);
  return `${lines.join('\n')}\n`;
}

/** Which argument carries the plug: `pcmk_host_argument` when set ('none' = none), else `plug` or `port` if the agent's meta-data has it. */
async function hostArgumentOf(device: FenceDevice, path: string, options: AgentOptions): Promise<string | undefined> {
  const configured = device.params['pcmk_host_argument'];
  if (configured !== undefined) return configured === 'none' ? undefined : configured;
  const md = await fenceAgentMetadata(path, options).catch(() => undefined);
  if (!md) return 'plug';
  return ['plug', 'port'].find((n) => md.parameters.some((p) => p.name === n));
}

/** Runs an external `fence_*` agent once, its process group killed on timeout. Never rejects for agent failures. */
export async function runFenceAgent(req: FenceRunRequest, options: AgentOptions = {}): Promise<FenceRunResult> {
  const base = { device: req.device.id, action: req.action, target: req.target ?? '' };
  const path = findFenceAgent(req.device.agent);
  if (!path) {
    return { ...base, rc: 1, ok: false, timedOut: false, reason: `fence agent "${req.device.agent}" not found on ${fenceSearchPath().join(':')}`, stdout: '', durationMs: 0 };
  }
  const stdin = fenceStdin(req, await hostArgumentOf(req.device, path, options));
  const r = await runInGroup({ file: path, args: [], env: baseEnv(options), stdin, timeoutMs: req.timeoutMs });
  const out = { ...base, stdout: r.stdout, durationMs: r.durationMs, timedOut: r.timedOut };
  if (r.timedOut) return { ...out, rc: 1, ok: false, reason: `${req.action} timed out after ${req.timeoutMs} ms` };
  if (r.code === null) return { ...out, rc: 1, ok: false, reason: r.spawnError ? `could not run ${path}: ${r.spawnError.code}` : `killed by ${r.signal}` };
  if (req.action === 'status' && (r.code === 0 || r.code === 2)) return { ...out, rc: r.code, ok: true, power: r.code === 0 ? 'on' : 'off', reason: '' };
  return { ...out, rc: r.code, ok: r.code === 0, reason: r.code === 0 ? '' : fenceReason(r.stderr) || `exit code ${r.code}` };
}
