// One interface for every agent class (ocf, process; room for lsb and systemd): a request in, an OCF result out.
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import type { Recovery } from '../../machines/resource/ocf.ts';
import type { AgentMetadata } from './ocf-metadata.ts';

/** The agent classes quorate knows. `lsb` and `systemd` are reserved for later. */
export const AgentClass = { ocf: 'ocf', process: 'process' } as const;
export type AgentClass = (typeof AgentClass)[keyof typeof AgentClass];

/** A parsed agent name: `ocf:<provider>:<type>` or `process`. */
export type AgentSpec =
  | { readonly class: 'ocf'; readonly provider: string; readonly type: string; readonly name: string }
  | { readonly class: 'process'; readonly name: string };

const SAFE_PART = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

/** Parses an agent name; throws `config.invalid` naming the bad part. Accepts `ocf:<type>` as `ocf:heartbeat:<type>`. */
export function parseAgentSpec(name: string): AgentSpec {
  if (name === 'process') return { class: 'process', name };
  const parts = name.split(':');
  if (parts[0] === 'ocf' && (parts.length === 3 || parts.length === 2)) {
    const provider = parts.length === 3 ? parts[1]! : 'heartbeat';
    const type = parts[parts.length - 1]!;
    for (const [what, v] of [['provider', provider], ['type', type]] as const) {
      if (!SAFE_PART.test(v) || v.includes('..')) {
        throw new QuorateError(ErrorCode.configInvalid, `agent "${name}": bad OCF ${what} "${v}" (letters, digits, _ . + - only)`, { details: { agent: name, [what]: v } });
      }
    }
    return { class: 'ocf', provider, type, name: `ocf:${provider}:${type}` };
  }
  throw new QuorateError(
    ErrorCode.configInvalid,
    `agent "${name}": unknown agent; expected ocf:<provider>:<type> or process (lsb:/systemd: are not supported yet)`,
    { details: { agent: name } },
  );
}

/** One operation for an agent. `probe` is a monitor at interval 0; times are in milliseconds. */
export interface AgentRequest {
  /** The resource instance (OCF_RESOURCE_INSTANCE). */
  readonly resource: string;
  /** start, stop, monitor, probe, validate-all, meta-data, reload, promote, demote, ... */
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  /** Meta attributes (OCF_RESKEY_CRM_meta_<name>, dashes become underscores). */
  readonly meta?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** OCF_CHECK_LEVEL of a monitor (Pacemaker's op attribute `OCF_CHECK_LEVEL`/depth). */
  readonly depth?: number;
  /** The node the operation runs on (OCF_RESKEY_CRM_meta_on_node). */
  readonly node?: string;
}

/** The outcome of one operation, in OCF terms. */
export interface AgentResult {
  readonly rc: number;
  /** True when the operation's rc is a success for its action (stop: 0 or 7; probe: 0, 7, 8, 190, 191). */
  readonly ok: boolean;
  readonly timedOut: boolean;
  /** The agent's last `ocf-exit-reason:` line, or quorate's reason (timeout, not installed); '' when none. */
  readonly reason: string;
  /** How far a failure reaches; undefined on success. */
  readonly recovery: Recovery | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** The process group the operation ran in (OCF agents), so a caller can tell whether something outlived it. */
  readonly pgid?: number;
}

/** An agent of any class: runs operations and describes itself. */
export interface ResourceAgent {
  readonly spec: AgentSpec;
  run(request: AgentRequest): Promise<AgentResult>;
  /** The agent's parsed meta-data; throws `agent.bad-metadata` when it has none usable. */
  metadata(): Promise<AgentMetadata>;
}

/** Where agents live and where they keep state; every field has Pacemaker's default. */
export interface AgentOptions {
  /** OCF_ROOT (default: env OCF_ROOT or /usr/lib/ocf). */
  readonly ocfRoot?: string;
  /** HA_RSCTMP for agents' state files; unset lets the agent use its own default (/run/resource-agents). */
  readonly stateDir?: string;
  /** HA_VARRUN, where agents such as ocf:pacemaker:Dummy and process keep pid/state files. */
  readonly runDir?: string;
  /** Extra environment for every operation (PATH is inherited and gets /usr/sbin:/sbin appended). */
  readonly env?: Readonly<Record<string, string>>;
}

/** OCF_ROOT in effect for `options`. */
export function ocfRootOf(options: AgentOptions = {}): string {
  return options.ocfRoot ?? process.env['OCF_ROOT'] ?? '/usr/lib/ocf';
}
