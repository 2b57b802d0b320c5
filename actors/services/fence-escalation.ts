// The DC's side of fencing for resources and rejoins: a stop that failed escalates to a FenceRequested, a
// fenced node's blocked resources get their implied stop, and a node rejoining is unfenced by devices that
// need it (meta provides=unfencing).
//
// Pacemaker's rule for a failed stop: the resource may still be active there, so nothing may start it
// elsewhere until that node is fenced (on-fail=fence, the default when stonith-enabled) or an admin cleans
// it up (on-fail=block). The resource machine emits the Fence intent for the DC; this service journals the
// request (the node machine then emits the Fence intent for the executor it names), and once the node is
// fenced journals the stop that fencing implied, which ends the block.
import type { Fact } from '../../proto/generated.ts';
import { clusterOptions } from '../../machines/cluster/options-schema.ts';
import type { Intent } from '../../machines/kind.ts';
import type { FenceForResource } from '../../machines/resource/intents.ts';
import type { ClusterState } from '../../machines/fold.ts';
import type { DaemonContext, DaemonService } from '../service.ts';
import type { IntentCause } from '../intents.ts';
import { nodesOf, optionsOf } from '../view.ts';
import { fenceDevicesOf, resourcesOf } from './views.ts';

interface NodeFenceContext {
  readonly fencedAt: number | null;
  readonly incarnation: string;
  readonly fenceHistory: readonly { readonly requestId: string }[];
}

function nodeContext(state: ClusterState, node: string): NodeFenceContext | undefined {
  return state.entities.get(`node/${node}`)?.snapshot.context as NodeFenceContext | undefined;
}

/** The node that should run a fence of `target`: the DC itself unless it is the target, else the first other member. */
export function fenceExecutor(state: ClusterState, dc: string, target: string): string | undefined {
  if (dc !== target) return dc;
  return nodesOf(state).find((n) => n.name !== target && n.membership === 'member')?.name;
}

/** Creates the DC's fence-escalation service (see the file header). */
export function createFenceEscalationService(): DaemonService {
  let ctx!: DaemonContext;
  const queued: Fact[] = [];

  const onFence = (i: FenceForResource, cause: IntentCause) => {
    const state = ctx.host.state();
    const opts = clusterOptions({ options: optionsOf(state) });
    if (i.onlyIfFencingEnabled && !opts.stonithEnabled) {
      ctx.say(`${i.reason}: stonith-enabled=false, ${i.resource} stays blocked until cleanup`);
      return;
    }
    const executor = fenceExecutor(state, ctx.node, i.target);
    if (!executor) {
      ctx.say(`${i.reason}: no member can fence ${i.target}; ${i.resource} stays blocked`);
      return;
    }
    queued.push({
      type: 'FenceRequested', target: i.target, action: opts.stonithAction, requestId: `${cause.entity}@${cause.seq}`,
      reason: i.reason, requestedBy: ctx.node, executor,
    });
  };

  /** Blocked resources still active on a node fenced since they blocked: the fence stopped them. */
  const impliedStops = (state: ClusterState): Fact[] => {
    const facts: Fact[] = [];
    for (const r of resourcesOf(state)) {
      if (r.state !== 'blocked') continue;
      for (const node of r.context.activeOn) {
        const fencedAt = nodeContext(state, node)?.fencedAt ?? null;
        if (fencedAt === null || fencedAt < r.context.since) continue;
        facts.push({
          type: 'ResourceOperationSucceeded', resource: r.id, node, operation: 'stop', opId: `fenced:${node}@${fencedAt}:${r.id}`, rc: 0,
          durationMs: 0, output: `stop implied by the fencing of ${node}`,
        });
      }
    }
    return facts;
  };

  /** Members not yet unfenced in their current incarnation by a device that provides unfencing. */
  const unfencing = (state: ClusterState): Fact[] => {
    const needs = new Set<string>();
    for (const d of fenceDevicesOf(state)) if (d.meta['provides'] === 'unfencing') for (const t of d.targets) needs.add(t);
    const facts: Fact[] = [];
    for (const n of nodesOf(state)) {
      if (!needs.has(n.name) || n.membership !== 'member' || n.incarnation === '') continue;
      const requestId = `unfence:${n.incarnation}`;
      if (nodeContext(state, n.name)?.fenceHistory.some((h) => h.requestId === requestId)) continue;
      const executor = fenceExecutor(state, ctx.node, n.name) ?? n.name;
      facts.push({ type: 'FenceRequested', target: n.name, action: 'on', requestId, reason: `unfencing ${n.name} on rejoin`, requestedBy: ctx.node, executor });
    }
    return facts;
  };

  return {
    name: 'fence-escalation',
    dcIntents: ['Fence'],
    start(c) {
      ctx = c;
    },
    onDcIntent(intent: Intent, cause: IntentCause) {
      // The resource machine's Fence intent names a resource; the node machine's (requestId) is the fencing service's.
      if (typeof intent['resource'] === 'string') onFence(intent as unknown as FenceForResource, cause);
    },
    async dcTick() {
      const requests = queued.splice(0);
      // A refusal (stale view) is retried next tick against the entities' new sequences.
      if (requests.length > 0 && !(await ctx.appendAsDc(requests))) queued.unshift(...requests);
      const state = ctx.host.state();
      const facts = [...impliedStops(state), ...unfencing(state)];
      if (facts.length > 0) await ctx.appendAsDc(facts);
    },
  };
}
