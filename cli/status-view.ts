// What `quorate status` shows, computed from a folded state: the stable JSON shape (docs/operations.md) and its text.
import type { ClusterState } from '../machines/fold.ts';
import { clusterOptions } from '../machines/cluster/options-schema.ts';
import { configOf } from '../actors/services/config-model.ts';
import { dcOf, membershipOf, nodesOf, optionsOf } from '../actors/view.ts';
import { showTime } from './state-view.ts';

/** A node as status shows it. `state`: online, standby, maintenance, suspect, lost, fencing, fenced, offline, joining. */
export interface NodeLine { name: string; state: string; votes: number; standby: boolean; maintenance: boolean; since: number }
/** A resource: `state` is the resource machine's (running, stopped, starting, stopping, failed, blocked, monitor-failed). */
export interface ResourceLine {
  id: string; agent: string; group: string; state: string; node: string; activeOn: string[]; since: number; targetRole: string; managed: boolean;
  failCounts: Record<string, number>;
}
export interface GroupLine { id: string; members: string[]; state: string; nodes: string[]; since: number }
export interface FailedAction { resource: string; node: string; operation: string; rc: number; reason: string; at: number }
export interface PendingFence { target: string; action: string; requestId: string; executor: string }
export interface ContainerLine { id: string; type: string; state: string; owner: string; epoch: number; activeOn: string[]; ioFenced: string[]; volumes: string[] }

/** The whole of `quorate status --json`. Field names are stable; new fields may be added. */
export interface StatusJson {
  cluster: string; position: number; at: number;
  dc: { node: string; term: number } | null;
  quorum: { quorate: boolean; viewId: number; members: string[]; votes: number; expectedVotes: number };
  maintenanceMode: boolean;
  nodes: NodeLine[]; resources: ResourceLine[]; groups: GroupLine[];
  failedActions: FailedAction[]; pendingFencing: PendingFence[]; containers: ContainerLine[];
}

const ctxOf = (state: ClusterState, key: string) => state.entities.get(key)?.snapshot.context as Record<string, unknown> | undefined;

function nodeState(membership: string, standby: boolean, maintenance: boolean): string {
  if (membership === 'member') return maintenance ? 'maintenance' : standby ? 'standby' : 'online';
  if (membership === 'left') return 'offline';
  return membership;
}

/** The status of `state`; `since` maps entity keys to when they entered their state (foldTracked). Pure. */
export function statusOf(state: ClusterState, since: ReadonlyMap<string, number>): StatusJson {
  const cfg = configOf(state);
  const dc = dcOf(state);
  const m = membershipOf(state);
  const mctx = ctxOf(state, 'cluster/membership') ?? {};
  const groupOf = new Map<string, string>();
  for (const g of cfg.groups) for (const r of g.members) groupOf.set(r, g.id);
  const nodes = nodesOf(state).filter((n) => n.membership !== 'removed' && n.membership !== 'unknown').map((n) => ({
    name: n.name, state: nodeState(n.membership, n.standby, n.maintenance), votes: n.votes, standby: n.standby, maintenance: n.maintenance, since: since.get(`node/${n.name}`) ?? n.since,
  }));
  const failedActions: FailedAction[] = [];
  const resources = cfg.resources.map((r) => {
    const e = state.entities.get(`resource/${r.id}`)!;
    const c = e.snapshot.context as { node: string; activeOn: string[]; failCounts: Record<string, { count: number }>; targetRole: string; lastOperation: { operation: string; node: string; rc: number; reason: string; at: number } | null };
    const failCounts = Object.fromEntries(Object.entries(c.failCounts).map(([n, f]) => [n, f.count]));
    const last = c.lastOperation;
    if (last && Object.keys(failCounts).length > 0 && (String(e.snapshot.value) === 'failed' || String(e.snapshot.value) === 'blocked' || String(e.snapshot.value) === 'monitor-failed' || last.rc !== 0)) {
      failedActions.push({ resource: r.id, node: last.node, operation: last.operation, rc: last.rc, reason: last.reason, at: last.at });
    }
    return {
      id: r.id, agent: r.agent, group: groupOf.get(r.id) ?? '', state: String(e.snapshot.value), node: c.node, activeOn: [...c.activeOn],
      since: since.get(e.key) ?? e.at, targetRole: c.targetRole, managed: r.meta['is-managed'] !== 'false', failCounts,
    };
  });
  const groups = cfg.groups.map((g) => {
    const ms = resources.filter((r) => g.members.includes(r.id));
    const nodesOn = [...new Set(ms.flatMap((r) => r.activeOn))].sort();
    const all = ms.every((r) => r.state === 'running');
    const none = ms.every((r) => r.state === 'stopped');
    return { id: g.id, members: [...g.members], state: all ? 'running' : none ? 'stopped' : 'partial', nodes: nodesOn, since: Math.max(0, ...ms.map((r) => r.since)) };
  });
  const pendingFencing: PendingFence[] = [];
  for (const n of nodes) {
    for (const p of ((ctxOf(state, `node/${n.name}`)?.['pendingFence'] as PendingFence[] | undefined) ?? [])) pendingFencing.push({ target: n.name, action: p.action, requestId: p.requestId, executor: p.executor });
  }
  const containers = cfg.containers.map((k) => {
    const e = state.entities.get(`container/${k.id}`)!;
    const c = e.snapshot.context as { owner: string; epoch: number; activeOn: string[]; ioFenced: string[]; volumes: Array<{ name: string }> };
    return { id: k.id, type: k.type, state: String(e.snapshot.value), owner: c.owner || k.owner, epoch: c.epoch, activeOn: [...c.activeOn], ioFenced: [...c.ioFenced], volumes: c.volumes.map((v) => v.name) };
  });
  return {
    cluster: state.cluster, position: state.position, at: state.at,
    dc: dc.node ? { node: dc.node, term: dc.term } : null,
    quorum: { quorate: m.quorate, viewId: m.viewId, members: [...m.members], votes: (mctx['votes'] as number) ?? 0, expectedVotes: (mctx['expectedVotes'] as number) ?? 0 },
    maintenanceMode: clusterOptions({ options: optionsOf(state) }).maintenanceMode,
    nodes, resources, groups, failedActions, pendingFencing, containers,
  };
}

const t = (ms: number, utc: boolean) => showTime(ms, utc).split(' ').at(-1) ?? '-';

function resourceLine(r: ResourceLine, utc: boolean): string {
  const where = r.activeOn.join(', ') || r.node;
  const what = r.state === 'running' ? `running on ${where}` : r.state === 'starting' || r.state === 'stopping' ? `${r.state} on ${where}` : r.state === 'stopped' ? 'stopped' : `${r.state}${where ? ` on ${where}` : ''}`;
  const notes = [r.targetRole === 'Stopped' ? 'disabled' : '', r.managed ? '' : 'unmanaged'].filter(Boolean);
  return `${r.id} (${r.agent}): ${what} since ${t(r.since, utc)}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

/** The crm_mon-like text of a status. Pure. */
export function renderStatus(s: StatusJson, utc = false): string[] {
  const q = s.quorum;
  const lines = [
    `Cluster ${s.cluster}: ${s.nodes.length} node${s.nodes.length === 1 ? '' : 's'}, ${s.resources.length} resource${s.resources.length === 1 ? '' : 's'}${s.maintenanceMode ? '  *** MAINTENANCE MODE: resources are left alone ***' : ''}`,
    `  * DC: ${s.dc ? `${s.dc.node} (term ${s.dc.term})` : 'none'} - partition ${q.quorate ? 'with' : 'WITHOUT'} quorum (${q.votes} of ${q.expectedVotes} votes, view ${q.viewId})`,
    `  * Last change: seq ${s.position} at ${showTime(s.at, utc)}`,
    '', 'Node List:',
  ];
  const online = s.nodes.filter((n) => n.state === 'online').map((n) => n.name);
  if (online.length) lines.push(`  * Online: [ ${online.join(' ')} ]`);
  for (const n of s.nodes.filter((x) => x.state !== 'online')) lines.push(`  * Node ${n.name}: ${n.state} since ${t(n.since, utc)}`);
  lines.push('', 'Full List of Resources:');
  const grouped = new Set(s.groups.flatMap((g) => g.members));
  for (const r of s.resources.filter((x) => !grouped.has(x.id))) lines.push(`  * ${resourceLine(r, utc)}`);
  for (const g of s.groups) {
    lines.push(`  * Resource Group: ${g.id}${g.nodes.length ? ` (on ${g.nodes.join(', ')})` : ''}:`);
    for (const m of g.members) {
      const r = s.resources.find((x) => x.id === m);
      if (r) lines.push(`    * ${resourceLine(r, utc)}`);
    }
  }
  if (s.resources.length === 0) lines.push('  * No resources');
  if (s.containers.length) {
    lines.push('', 'Containers:');
    for (const c of s.containers) {
      lines.push(`  * ${c.id} (${c.type}): ${c.state}${c.owner ? `, owner ${c.owner}` : ''}${c.epoch ? ` (epoch ${c.epoch})` : ''}${c.activeOn.length ? `, active on ${c.activeOn.join(', ')}` : ''}${c.ioFenced.length ? `, I/O fenced on ${c.ioFenced.join(', ')}` : ''}${c.volumes.length ? `, volumes ${c.volumes.join(', ')}` : ''}`);
    }
  }
  if (s.failedActions.length) {
    lines.push('', 'Failed Resource Actions:');
    for (const f of s.failedActions) lines.push(`  * ${f.resource} ${f.operation} on ${f.node} returned ${f.rc}${f.reason ? ` '${f.reason}'` : ''} at ${showTime(f.at, utc)}`);
  }
  if (s.pendingFencing.length) {
    lines.push('', 'Pending Fencing Actions:');
    for (const p of s.pendingFencing) lines.push(`  * ${p.action} of ${p.target} pending (request ${p.requestId}${p.executor ? `, run by ${p.executor}` : ''})`);
  }
  return lines;
}
