// What the coordinator journals for an action: the request facts (through the entities' deciders, so only legal
// facts are written), and the stops that fencing implies. Pure functions of the folded state.
import { transition } from 'xstate';
import type { Fact, TransitionAction } from '../proto/generated.ts';
import type { ClusterState } from '../machines/fold.ts';
import { factEvent } from '../machines/kind.ts';
import { decideNode } from '../machines/node/node.decide.ts';
import { operationOf, type ResourceContext } from '../machines/resource/context.ts';
import { decideResource } from '../machines/resource/resource.decide.ts';
import { resourceMachine } from '../machines/resource/resource.machine.ts';
import { fenceDevicesOf } from './services/views.ts';
import { nodeStatus as nodeView } from './view.ts';

type ResourceSnapshot = Parameters<typeof decideResource>[1];
type NodeSnapshot = Parameters<typeof decideNode>[1];

/** The op id of an action's request: `${transitionId}/${actionId}` (the executor is idempotent by it). */
export function opIdOf(transitionId: string, actionId: string): string {
  return `${transitionId}/${actionId}`;
}

/** How the DC fences: through devices ('agent'), or by waiting for the watchdog ('watchdog'). */
export interface FenceHow {
  readonly mode: 'agent' | 'watchdog';
  /** stonith-action: 'reboot' or 'off'. */
  readonly action: string;
  /** The node that runs the fence agents (the DC). */
  readonly executor: string;
  readonly requestedBy: string;
  /** Nodes some defined fence device can fence. */
  readonly fenceable: ReadonlySet<string>;
}

/** The nodes that some defined fence device lists among its targets. Pure. */
export function fenceableNodes(state: ClusterState): Set<string> {
  const out = new Set<string>();
  for (const d of fenceDevicesOf(state)) for (const t of d.targets) out.add(t);
  return out;
}

/**
 * The facts that issue `action` of `transitionId`: a ResourceOperationRequested (start, stop, monitor with
 * the resource's configured interval and timeout) or a FenceRequested. [] when nothing is to be written: a
 * fence in watchdog mode or of a node no device can fence (the DC waits for NodeFenced), or one merged into a
 * pending request.
 * A request the entity's statechart refuses throws its CommandRejectedError. Pure.
 */
export function requestFacts(state: ClusterState, transitionId: string, action: TransitionAction, fence: FenceHow): Fact[] {
  if (action.kind === 'fence') {
    // Watchdog mode, or no device for the target: wait for NodeFenced (the daemon's watchdog rule, or an
    // operator's manual confirmation) rather than journal requests that can only fail.
    if (fence.mode === 'watchdog' || !fence.fenceable.has(action.target)) return [];
    const e = state.entities.get(`node/${action.target}`);
    if (!e) throw new RangeError(`fence action ${action.id}: no node ${action.target}`);
    return decideNode(
      { type: 'RequestFence', commandId: opIdOf(transitionId, action.id), action: fence.action, reason: action.reason || 'node lost', requestedBy: fence.requestedBy, executor: fence.executor },
      e.snapshot as NodeSnapshot, state.at,
    );
  }
  const e = state.entities.get(`resource/${action.resource}`);
  if (!e) throw new RangeError(`action ${action.id}: no resource ${action.resource}`);
  const ctx = e.snapshot.context as ResourceContext;
  const op = operationOf(ctx.config, action.kind);
  return decideResource(
    {
      type: 'RequestOperation', operation: action.kind, node: action.node, opId: opIdOf(transitionId, action.id),
      ...(action.kind === 'monitor' ? { intervalMs: op?.intervalMs ?? 0 } : {}),
      ...(op?.timeoutMs ? { timeoutMs: op.timeoutMs } : {}),
      transitionId, actionId: action.id,
    },
    e.snapshot as ResourceSnapshot, state.at,
  );
}

/**
 * Fence before recover, its second half: once `node` is journaled fenced, whatever ran there is stopped.
 * For every resource still active (or starting, stopping) there, the facts that say so: a pending stop
 * succeeds, a pending start fails as "not running" (rc 7), a running or failed copy gets a stop
 * request and its success ("implied by fencing"); a blocked one is the fence-escalation service's. Each group is checked by the resource decider. Pure.
 */
export function impliedStops(state: ClusterState, node: string, tag: string): Fact[][] {
  const out: Fact[][] = [];
  const output = `stop implied by fencing of ${node}`;
  for (const e of state.entities.values()) {
    if (e.kind !== 'resource') continue;
    const ctx = e.snapshot.context as ResourceContext;
    const value = e.snapshot.value as string;
    const pending = ctx.pendingOp?.node === node ? ctx.pendingOp : null;
    if (!ctx.activeOn.includes(node) && !pending) continue;
    let snap = e.snapshot as ResourceSnapshot;
    const facts: Fact[] = [];
    const step = (fs: Fact[]) => {
      for (const f of fs) {
        facts.push(f);
        snap = transition(resourceMachine, snap, factEvent(f, 0, state.at) as never)[0] as ResourceSnapshot;
      }
    };
    try {
      if (value === 'starting' && pending) {
        step(decideResource({ type: 'RecordOperationResult', operation: 'start', node, opId: pending.opId, rc: 7, reason: `node ${node} was fenced while starting` }, snap, state.at));
      } else if (value === 'stopping' && pending) {
        step(decideResource({ type: 'RecordOperationResult', operation: 'stop', node, opId: pending.opId, rc: 0, output }, snap, state.at));
      } else if (value === 'blocked') {
        continue; // the fence-escalation service journals a blocked resource's implied stop
      } else if (ctx.activeOn.includes(node)) {
        const opId = `${tag}/stop:${ctx.id}@${node}`;
        step(decideResource({ type: 'RequestOperation', operation: 'stop', node, opId }, snap, state.at));
        step(decideResource({ type: 'RecordOperationResult', operation: 'stop', node, opId, rc: 0, output }, snap, state.at));
      }
    } catch {
      continue; // not legal in its state: the next sweep sees the state it moved to
    }
    if (facts.length > 0) out.push(facts);
  }
  return out;
}

/** Nodes journaled fenced whose resources may still show as active there. Pure. */
export function fencedNodes(state: ClusterState): string[] {
  const out: string[] = [];
  for (const e of state.entities.values()) if (e.kind === 'node' && nodeView(e).membership === 'fenced') out.push(e.id);
  return out.sort();
}
