// The transition decider: plan a graph, record action outcomes, complete or abort the plan.
import type { SnapshotFrom } from 'xstate';
import type { Fact, TransitionAction } from '../../proto/generated.ts';
import { ensureLegal, reject } from '../legal.ts';
import { transitionMachine } from './transition.machine.ts';

/** Commands on cluster/transition. */
export type TransitionCommand =
  | { type: 'PlanTransition'; transitionId: string; position: number; digest: string; actions: TransitionAction[]; summary?: string }
  | { type: 'CompleteAction'; transitionId: string; actionId: string; ok: boolean; rc?: number; reason?: string }
  | { type: 'AbortTransition'; transitionId: string; reason: string; position?: number }
  | { type: 'CompleteTransition'; transitionId: string };

const ENTITY = 'cluster/transition';

/**
 * Decides a transition command. Pure. A plan is refused while another executes, when action ids repeat, or
 * when an action depends on an id that is not in the plan or the dependencies form a cycle. Outcomes,
 * completion and abort are refused for another transition than the current one; completion also while any
 * action is pending or failed (a failed action means abort and recompute).
 */
export function decideTransition(command: TransitionCommand, snapshot: SnapshotFrom<typeof transitionMachine>, at: number): Fact[] {
  const c = snapshot.context;
  const no = (reason: string): never => reject(ENTITY, snapshot.value, command.type, reason);
  const legal = (facts: Fact[]) => ensureLegal(transitionMachine, snapshot, ENTITY, command.type, facts, at);
  if (typeof command.transitionId !== 'string' || command.transitionId === '') no('transitionId must be a non-empty string');
  if (command.type === 'PlanTransition') {
    if (snapshot.matches('executing')) no(`transition ${c.transitionId} is executing; complete or abort it first`);
    if (!Number.isSafeInteger(command.position) || command.position < 0) no(`position must be a journal sequence, got ${JSON.stringify(command.position)}`);
    const actions = checkGraph(command.actions, no);
    return legal([{ type: 'TransitionPlanned', transitionId: command.transitionId, position: command.position, stateDigest: command.digest ?? '', actions, summary: command.summary ?? '' }]);
  }
  if (!snapshot.matches('executing')) no(`no transition is executing (asked for ${command.transitionId})`);
  if (command.transitionId !== c.transitionId) no(`transition ${command.transitionId} is not the current one (${c.transitionId})`);
  switch (command.type) {
    case 'CompleteAction': {
      const action = c.actions.find((a) => a.id === command.actionId);
      if (!action) no(`transition ${c.transitionId} has no action "${command.actionId}"`);
      if (action && action.status !== 'pending') no(`action ${action.id} is already ${action.status}`);
      if (typeof command.ok !== 'boolean') no(`ok must be true or false, got ${JSON.stringify(command.ok)}`);
      return legal([{ type: 'TransitionActionCompleted', transitionId: c.transitionId, actionId: command.actionId, ok: command.ok, rc: command.rc ?? 0, reason: command.reason ?? '' }]);
    }
    case 'CompleteTransition': {
      const pending = c.actions.filter((a) => a.status === 'pending').map((a) => a.id);
      if (pending.length > 0) no(`action${pending.length > 1 ? 's' : ''} ${pending.join(', ')} still pending`);
      const failed = c.actions.filter((a) => a.status === 'failed').map((a) => a.id);
      if (failed.length > 0) no(`action${failed.length > 1 ? 's' : ''} ${failed.join(', ')} failed; abort and recompute instead`);
      return legal([{ type: 'TransitionCompleted', transitionId: c.transitionId }]);
    }
    case 'AbortTransition':
      return legal([{ type: 'TransitionAborted', transitionId: c.transitionId, reason: command.reason ?? '', position: command.position ?? 0 }]);
    default:
      return no(`unknown command "${(command as { type: string }).type}"`);
  }
}

/** The plan's actions with every field filled, after checking ids, dependencies and acyclicity. */
function checkGraph(actions: readonly Partial<TransitionAction>[], no: (r: string) => never): TransitionAction[] {
  if (!Array.isArray(actions)) no('actions must be a list');
  const full = actions.map((a, i): TransitionAction => {
    if (typeof a.id !== 'string' || a.id === '') no(`action #${i} has no id`);
    if (typeof a.kind !== 'string' || a.kind === '') no(`action ${a.id} has no kind`);
    return { id: a.id as string, kind: a.kind as string, resource: a.resource ?? '', node: a.node ?? '', target: a.target ?? '', dependsOn: [...(a.dependsOn ?? [])], reason: a.reason ?? '' };
  });
  const ids = new Set<string>();
  for (const a of full) {
    if (ids.has(a.id)) no(`action id ${a.id} appears twice`);
    ids.add(a.id);
  }
  for (const a of full) {
    for (const d of a.dependsOn) if (!ids.has(d)) no(`action ${a.id} depends on ${d}, which is not in the plan`);
  }
  // Kahn's algorithm: whatever never becomes ready sits on (or behind) a cycle.
  const indegree = new Map(full.map((a) => [a.id, new Set(a.dependsOn).size]));
  const dependents = new Map<string, string[]>();
  for (const a of full) {
    for (const d of new Set(a.dependsOn)) {
      const list = dependents.get(d);
      if (list) list.push(a.id);
      else dependents.set(d, [a.id]);
    }
  }
  const ready = full.filter((a) => indegree.get(a.id) === 0).map((a) => a.id);
  let done = 0;
  while (ready.length > 0) {
    const id = ready.pop() as string;
    done++;
    for (const next of dependents.get(id) ?? []) {
      const left = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (done < full.length) {
    const stuck = [...indegree].filter(([, n]) => n > 0).map(([id]) => id).sort();
    no(`actions ${stuck.join(', ')} depend on each other in a cycle`);
  }
  return full;
}
