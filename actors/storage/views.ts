// Read-only views of containers in the folded state, the DC's takeover plan (fence before recover) and handovers.
import type { SnapshotFrom } from 'xstate';
import type { ClusterState } from '../../machines/fold.ts';
import type { ContainerCommand, ContainerContext, containerMachine } from '../../machines/container/index.ts';
import { containerHandovers } from '../../machines/policy/index.ts';
import { nodesOf } from '../view.ts';

/** One container entity: its context, state name and last sequence (the expected sequence of the next claim). */
export interface ContainerView {
  readonly id: string;
  readonly state: string;
  readonly ctx: ContainerContext;
  readonly lastSeq: number;
  readonly snapshot: SnapshotFrom<typeof containerMachine>;
}

/** Every container entity, sorted by id. */
export function containersOf(state: ClusterState): ContainerView[] {
  const out: ContainerView[] = [];
  for (const e of state.entities.values()) {
    if (e.kind !== 'container') continue;
    const snapshot = e.snapshot as unknown as SnapshotFrom<typeof containerMachine>;
    out.push({ id: e.id, state: String(snapshot.value), ctx: snapshot.context, lastSeq: e.lastSeq, snapshot });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** One container, or undefined. */
export function containerOf(state: ClusterState, id: string): ContainerView | undefined {
  return containersOf(state).find((c) => c.id === id);
}

/** True once the container exists on disk (created and not deleted). */
export function isCreated(c: ContainerView): boolean {
  return c.state === 'inactive' || c.state === 'active';
}

/**
 * Where a container goes on takeover: the first member in the failover domain of a resource that depends on it
 * (`ResourceConfig.container`, in resource id order; a group member's domain is its group's when it has none of
 * its own), so the container moves to where its group will run; otherwise the first member by name.
 */
export function takeoverTarget(state: ClusterState, container: string, candidates: readonly string[]): string | undefined {
  const sorted = (kind: string) => [...state.entities.values()].filter((e) => e.kind === kind).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const groups = sorted('group').map((e) => (e.snapshot.context as { config?: { members?: string[]; failoverDomain?: string[] } | null }).config);
  for (const r of sorted('resource')) {
    const config = (r.snapshot.context as { config?: { container?: string; failoverDomain?: string[] } | null }).config;
    if (config?.container !== container) continue;
    const own = config.failoverDomain ?? [];
    const domain = own.length > 0 ? own : (groups.find((g) => g?.members?.includes(r.id))?.failoverDomain ?? []);
    const preferred = domain.find((n) => candidates.includes(n));
    if (preferred) return preferred;
  }
  return candidates[0];
}

/**
 * The takeovers the DC should journal: every created private container whose owner is journaled fenced goes to
 * its takeover target (never before the fence: a lost but unfenced owner keeps its container).
 * `fenceRequestId` names the fencing that made it safe: the request id, or the NodeFenced fact's sequence.
 */
export function plannedTakeovers(state: ClusterState): { container: string; command: ContainerCommand }[] {
  const nodes = nodesOf(state);
  const members = nodes.filter((n) => n.membership === 'member' && !n.standby).map((n) => n.name);
  const out: { container: string; command: ContainerCommand }[] = [];
  for (const c of containersOf(state)) {
    if (!isCreated(c) || c.ctx.type !== 'private') continue;
    const owner = nodes.find((n) => n.name === c.ctx.owner);
    if (!owner || owner.membership !== 'fenced') continue;
    const to = takeoverTarget(state, c.id, members.filter((m) => m !== c.ctx.owner));
    if (!to) continue;
    const e = state.entities.get(`node/${owner.name}`);
    const hist = (e?.snapshot.context as { fenceHistory?: { requestId?: string }[] } | undefined)?.fenceHistory ?? [];
    const requestId = hist[hist.length - 1]?.requestId || `node/${owner.name}@${owner.lastSeq}`;
    out.push({ container: c.id, command: { type: 'TakeOver', node: to, ownerFenced: true, fenceRequestId: requestId } });
  }
  return out;
}

/**
 * The activations the DC should end: a shared container still journaled active on a node that is journaled
 * fenced (powered off: it holds nothing any more). The node activates it again once it has rejoined.
 */
export function fencedActivations(state: ClusterState): { container: string; command: ContainerCommand }[] {
  const fenced = new Set(nodesOf(state).filter((n) => n.membership === 'fenced').map((n) => n.name));
  const out: { container: string; command: ContainerCommand }[] = [];
  for (const c of containersOf(state)) {
    if (!isCreated(c) || c.ctx.type !== 'shared') continue;
    for (const node of c.ctx.activeOn) if (fenced.has(node)) out.push({ container: c.id, command: { type: 'Deactivate', node, reason: 'fenced' } });
  }
  return out;
}

/**
 * The handovers the DC should journal: a planned handover (machines/policy/handover.ts) of a container its live
 * owner has journaled deactivated, with no dependent left running there. Ownership never leaves a live owner
 * while the container is journaled active on it (the decider refuses that too).
 */
export function plannedHandovers(state: ClusterState): { container: string; command: ContainerCommand }[] {
  const out: { container: string; command: ContainerCommand }[] = [];
  for (const h of containerHandovers(state)) {
    const c = containerOf(state, h.container);
    if (!c || !isCreated(c) || c.ctx.owner !== h.from || c.ctx.activeOn.length > 0 || h.holding) continue;
    out.push({ container: c.id, command: { type: 'Handover', node: h.to } });
  }
  return out;
}
