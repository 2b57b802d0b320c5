// The agents installed here: OCF providers/types under OCF_ROOT, fence_* agents on the search path, built-ins.
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, QuorateError } from '../../machines/errors.ts';
import { type AgentOptions, ocfRootOf, parseAgentSpec } from './agent.ts';
import { fenceAgentMetadata, fenceSearchPath, findFenceAgent } from './fence.ts';
import { BUILTIN_KILL, BUILTIN_KILL_METADATA } from './fence-builtin.ts';
import { OcfAgent } from './ocf.ts';
import { type AgentMetadata, parseAgentMetadata } from './ocf-metadata.ts';
import { PROCESS_METADATA } from './process-params.ts';

/** One agent found on this machine. */
export interface AgentEntry {
  /** The name to configure: `ocf:heartbeat:Dummy`, `fence_dummy`, `process`, `builtin:kill`. */
  readonly name: string;
  readonly kind: 'resource' | 'fence';
  /** ocf, fence-agents, or builtin. */
  readonly source: 'ocf' | 'fence-agents' | 'builtin';
  /** The file run, '' for built-ins. */
  readonly path: string;
}

const byName = (a: AgentEntry, b: AgentEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Every agent found: built-ins, OCF agents (executable files under resource.d/<provider>/), fence_* agents. Sorted by name within each source. */
export function listAgents(options: AgentOptions = {}): AgentEntry[] {
  const builtin: AgentEntry[] = [
    { name: 'process', kind: 'resource', source: 'builtin', path: '' },
    { name: BUILTIN_KILL, kind: 'fence', source: 'builtin', path: '' },
  ];
  const ocf: AgentEntry[] = [];
  const root = join(ocfRootOf(options), 'resource.d');
  for (const provider of entries(root)) {
    for (const type of entries(join(root, provider))) {
      const path = join(root, provider, type);
      if (!type.startsWith('.') && executable(path)) ocf.push({ name: `ocf:${provider}:${type}`, kind: 'resource', source: 'ocf', path });
    }
  }
  const fence = new Map<string, AgentEntry>();
  for (const dir of fenceSearchPath()) {
    for (const f of entries(dir)) {
      if (/^fence_[\w-]+$/.test(f) && !fence.has(f) && executable(join(dir, f))) fence.set(f, { name: f, kind: 'fence', source: 'fence-agents', path: join(dir, f) });
    }
  }
  return [...builtin, ...ocf.sort(byName), ...[...fence.values()].sort(byName)];
}

/** The meta-data of agent `name` (any source). Throws `config.invalid` for an unknown or missing agent, `agent.bad-metadata` for unreadable meta-data. */
export async function agentInfo(name: string, options: AgentOptions = {}): Promise<AgentMetadata> {
  if (name === BUILTIN_KILL) return parseAgentMetadata(BUILTIN_KILL_METADATA, name);
  if (name === 'process') return parseAgentMetadata(PROCESS_METADATA, name);
  if (name.startsWith('fence_')) {
    const path = findFenceAgent(name);
    if (!path) throw new QuorateError(ErrorCode.configInvalid, `fence agent "${name}" not found on ${fenceSearchPath().join(':')}`, { details: { agent: name } });
    return fenceAgentMetadata(path, options);
  }
  const spec = parseAgentSpec(name);
  if (spec.class !== 'ocf') return parseAgentMetadata(PROCESS_METADATA, name);
  const agent = new OcfAgent(spec, options);
  if (!agent.installed()) throw new QuorateError(ErrorCode.configInvalid, `agent "${spec.name}" is not installed (${agent.path} not found)`, { details: { agent: spec.name, path: agent.path } });
  return agent.metadata();
}
