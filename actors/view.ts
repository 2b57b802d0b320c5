// Read-only views of the folded state that the daemon acts on: nodes, the DC, the membership view, timings.
import type { ClusterState, EntityState } from '../machines/fold.ts';
import type { NodeMembership, NodeView } from './membership.ts';

/** A node's membership state and modes, from its machine snapshot. */
export interface NodeStatus extends NodeView {
  readonly standby: boolean;
  readonly maintenance: boolean;
  readonly lastSeq: number;
  readonly lostAt: number | null;
  readonly since: number;
}

/** The node entities, sorted by name. */
export function nodesOf(state: ClusterState): NodeStatus[] {
  const out: NodeStatus[] = [];
  for (const e of state.entities.values()) if (e.kind === 'node') out.push(nodeStatus(e));
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function nodeStatus(e: EntityState): NodeStatus {
  const ctx = e.snapshot.context as { votes?: number; incarnation?: string; lostAt?: number | null; since?: number };
  const value = e.snapshot.value as string | { defined?: { membership?: string; standby?: string; maintenance?: string } };
  const defined = typeof value === 'object' ? value.defined : undefined;
  const membership = (typeof value === 'string' ? value : (defined?.membership ?? 'unknown')) as NodeMembership;
  return {
    name: e.id,
    membership,
    incarnation: ctx.incarnation ?? '',
    votes: ctx.votes ?? 1,
    standby: defined?.standby === 'standby',
    maintenance: defined?.maintenance === 'maintenance',
    lastSeq: e.lastSeq,
    lostAt: ctx.lostAt ?? null,
    since: ctx.since ?? 0,
  };
}

/** The DC and its term (the stream sequence of its claim), and the `cluster/dc` entity's last sequence. */
export interface DcView {
  readonly node: string;
  readonly term: number;
  readonly lastSeq: number;
}

export function dcOf(state: ClusterState): DcView {
  const e = state.entities.get('cluster/dc');
  if (!e) return { node: '', term: 0, lastSeq: 0 };
  const ctx = e.snapshot.context as { node?: string; dc?: string; term?: number };
  return { node: ctx.dc ?? ctx.node ?? '', term: ctx.term ?? 0, lastSeq: e.lastSeq };
}

/** The journaled membership view. */
export interface MembershipView {
  readonly viewId: number;
  readonly members: readonly string[];
  readonly quorate: boolean;
  readonly lastSeq: number;
}

export function membershipOf(state: ClusterState): MembershipView {
  const e = state.entities.get('cluster/membership');
  if (!e) return { viewId: 0, members: [], quorate: false, lastSeq: 0 };
  const ctx = e.snapshot.context as { viewId?: number; members?: string[]; quorate?: boolean };
  return { viewId: ctx.viewId ?? 0, members: ctx.members ?? [], quorate: ctx.quorate ?? false, lastSeq: e.lastSeq };
}

/** The cluster options map as journaled (names as written). */
export function optionsOf(state: ClusterState): Record<string, string> {
  const e = state.entities.get('cluster/options');
  const ctx = e?.snapshot.context as { options?: Record<string, string> } | undefined;
  return ctx?.options ?? {};
}
