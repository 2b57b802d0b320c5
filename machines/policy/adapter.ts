// ClusterState -> ScheduleInput: reads the folded machines (nodes, resources, groups, constraints, options, membership).
import type { ConstraintConfig, GroupConfig } from '../../proto/generated.ts';
import type { ClusterOptions } from '../cluster/options-schema.ts';
import { clusterOptions } from '../cluster/options-schema.ts';
import type { MembershipContext } from '../cluster/membership.machine.ts';
import type { ClusterState, EntityState } from '../fold.ts';
import type { NodeContext } from '../node/node.context.ts';
import { operationOf, type ResourceContext } from '../resource/context.ts';
import { handoversOf, type Handover } from './handover.ts';
import type { NodeStatus, ScheduleColocation, ScheduleGroup, ScheduleInput, ScheduleLocation, ScheduleNode, ScheduleOrder, ScheduleResource } from './input.ts';

type Value = EntityState['snapshot']['value'];

/** The node's scheduling status from its machine's parallel regions (membership, standby, maintenance). Pure. */
export function nodeStatus(value: Value): NodeStatus | null {
  if (typeof value === 'string') return null; // unknown or removed
  const defined = (value as Record<string, Record<string, string>>)['defined'];
  if (!defined) return null;
  switch (defined['membership']) {
    case 'lost': case 'fencing': return 'lost-unfenced';
    case 'fenced': return 'fenced';
    case 'left': case 'joining': return 'offline';
    default: break; // member, suspect: still in the partition until declared lost
  }
  if (defined['maintenance'] === 'maintenance') return 'maintenance';
  if (defined['standby'] === 'standby') return 'standby';
  return 'online';
}

/** Cluster defaults a resource inherits unless its meta sets them (Pacemaker's rsc_defaults). */
function withDefaults(meta: Readonly<Record<string, string>>, o: ClusterOptions): Record<string, string> {
  const out: Record<string, string> = { ...meta };
  if (out['migration-threshold'] === undefined) out['migration-threshold'] = String(o.migrationThreshold);
  if (out['failure-timeout'] === undefined && o.failureTimeoutMs > 0) out['failure-timeout'] = `${o.failureTimeoutMs}ms`;
  return out;
}

function resourceOf(e: EntityState, o: ClusterOptions): ScheduleResource | null {
  const state = typeof e.snapshot.value === 'string' ? e.snapshot.value : '';
  const c = e.snapshot.context as ResourceContext;
  if (!c.config || state === 'undefined' || state === 'removed') return null;
  const running = new Set(c.activeOn);
  // A start or stop in flight counts as active where it runs: the scheduler must not start a second copy.
  if ((state === 'starting' || state === 'stopping') && c.node) running.add(c.node);
  // A monitor that failed with rc 7 took its node out of activeOn, yet recovery still stops it there before any
  // start (Pacemaker's cleanup stop): the node it failed on counts as running and failed.
  if (state === 'monitor-failed' && c.node) running.add(c.node);
  const failed = state === 'monitor-failed' || state === 'failed' ? [...running].filter((n) => c.activeOn.includes(n) || (state === 'monitor-failed' && n === c.node)) : [];
  return {
    id: c.id,
    agent: c.config.agent,
    meta: withDefaults(c.config.meta, o),
    failoverDomain: c.config.failoverDomain,
    running: [...running].sort(),
    failed,
    failCounts: c.failCounts,
    monitorIntervalMs: operationOf(c.config, 'monitor')?.intervalMs ?? 0,
    monitored: c.monitoredOn ?? [],
    ...(state === 'blocked' ? { blocked: c.lastOperation ? `${c.lastOperation.operation} failed on ${c.lastOperation.node}: ${c.lastOperation.reason || `rc ${c.lastOperation.rc}`}` : 'an operation failed' } : {}),
  };
}

function constraintsOf(c: ConstraintConfig, out: { locations: ScheduleLocation[]; colocations: ScheduleColocation[]; orders: ScheduleOrder[] }): void {
  if (c.location) out.locations.push({ id: c.id, resource: c.location.resource, node: c.location.node, score: c.location.score });
  if (c.colocation) out.colocations.push({ id: c.id, resource: c.colocation.resource, with: c.colocation.with, score: c.colocation.score });
  if (c.order) {
    const kind = c.order.kind === 'optional' || c.order.kind === 'serialize' ? c.order.kind : 'mandatory';
    out.orders.push({ id: c.id, first: c.order.first, then: c.order.then, kind, symmetrical: c.order.symmetrical, firstAction: c.order.firstAction || 'start', thenAction: c.order.thenAction || 'start' });
  }
}

/**
 * The scheduler's input from the folded cluster state at `state.at` (or `at` when given, e.g. a
 * simulation's "now"). Entities in key order, so equal states give equal inputs. Pure.
 */
export function scheduleInputOf(state: ClusterState, at: number = state.at): ScheduleInput {
  const input = inputWithoutContainers(state, at);
  input.locations.push(...containerLocations(state, input.nodes, handoversOf(state, input)));
  return input;
}

/** The container handovers planned in `state` (handover.ts): the DC's storage duties and the owner act on them. Pure. */
export function containerHandovers(state: ClusterState, at: number = state.at): Handover[] {
  return handoversOf(state, inputWithoutContainers(state, at));
}

function inputWithoutContainers(state: ClusterState, at: number): ScheduleInput & { locations: ScheduleLocation[] } {
  const optionsEntity = state.entities.get('cluster/options');
  const o = clusterOptions({ options: (optionsEntity?.snapshot.context as { options?: Record<string, string> } | undefined)?.options ?? {} });
  const membership = state.entities.get('cluster/membership')?.snapshot.context as MembershipContext | undefined;
  const nodes: ScheduleNode[] = [];
  const resources: ScheduleResource[] = [];
  const groups: ScheduleGroup[] = [];
  const constraints = { locations: [] as ScheduleLocation[], colocations: [] as ScheduleColocation[], orders: [] as ScheduleOrder[] };
  const keys = [...state.entities.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) {
    const e = state.entities.get(key)!;
    if (e.kind === 'node') {
      const status = nodeStatus(e.snapshot.value);
      const c = e.snapshot.context as NodeContext;
      if (status) nodes.push({ name: c.name || e.id, status, votes: c.votes });
    } else if (e.kind === 'resource') {
      const r = resourceOf(e, o);
      if (r) resources.push(r);
    } else if (e.kind === 'group') {
      const g = (e.snapshot.context as { config: GroupConfig | null }).config;
      if (g && e.snapshot.value !== 'removed') groups.push({ id: g.id, members: g.members, meta: g.meta, failoverDomain: g.failoverDomain });
    } else if (e.kind === 'constraint') {
      const c = (e.snapshot.context as { config: ConstraintConfig | null }).config;
      if (c && e.snapshot.value !== 'removed') constraintsOf(c, constraints);
    }
  }
  return {
    nodes, resources, groups, ...constraints,
    options: {
      noQuorumPolicy: o.noQuorumPolicy,
      stonithEnabled: o.stonithEnabled,
      symmetricCluster: o.symmetricCluster,
      defaultStickiness: o.resourceStickiness,
      maintenanceMode: o.maintenanceMode,
    },
    quorate: membership?.quorate ?? false,
    at,
  };
}

/**
 * A resource that depends on a container (`ResourceConfig.container`) runs only where the container is journaled
 * active: every other node is -INFINITY. The storage service journals ContainerActivated only once the epoch is on
 * every disk and the volumes are exported on that node, so this is the explicit order "activate, then start the
 * dependents". When a private owner is lost the resource stays stopped until the owner is fenced, the container
 * taken over (the storage service moves it to the group's failover domain) and activated on the new owner. A
 * container not created yet, or active nowhere, holds its dependents stopped everywhere; so does a planned handover
 * (handover.ts) until the container is active at its new owner. Pure.
 */
function containerLocations(state: ClusterState, nodes: readonly ScheduleNode[], handovers: readonly Handover[]): ScheduleLocation[] {
  const out: ScheduleLocation[] = [];
  for (const e of state.entities.values()) {
    if (e.kind !== 'resource') continue;
    const c = e.snapshot.context as ResourceContext;
    const id = c.config?.container ?? '';
    if (id === '') continue;
    const container = state.entities.get(`container/${id}`)?.snapshot.context as { activeOn?: readonly string[] } | undefined;
    // A planned handover bans its dependents everywhere until the container is active at its new owner.
    const activeOn = handovers.some((h) => h.container === id) ? [] : container?.activeOn ?? [];
    for (const n of nodes) {
      if (!activeOn.includes(n.name)) out.push({ id: `container-active:${c.id}:${n.name}`, resource: c.id, node: n.name, score: -1_000_000 });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
