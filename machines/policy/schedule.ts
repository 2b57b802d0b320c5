// schedule(input) -> TransitionGraph: the pure scheduler's entry point.
import { describeChanges, type ResourceChange } from './changes.ts';
import { explainResource, type Explanation } from './explain.ts';
import type { FenceDecision } from './fencing.ts';
import { buildActions, type TransitionAction } from './graph.ts';
import type { ScheduleInput } from './input.ts';
import { prepare } from './prepare.ts';
import { solve } from './solve.ts';

/** A resource's place after the transition. */
export interface Placed {
  readonly resource: string;
  /** '' when it will not run. */
  readonly node: string;
}

/** The decision: actions in dependency order, plus what a person reads (fences, changes, notes). */
export interface TransitionGraph {
  readonly actions: TransitionAction[];
  readonly fences: FenceDecision[];
  readonly changes: ResourceChange[];
  /** Every resource, by id. */
  readonly placements: Placed[];
  readonly notes: string[];
}

/**
 * Decides the transition that takes the cluster in `input` to what its configuration asks for:
 * fence lost nodes, then stop and start resources in dependency order. Deterministic and pure: the
 * same input always gives the same graph, ids and order. Malformed input is a QuorateError naming it.
 */
export function schedule(input: ScheduleInput): TransitionGraph {
  const p = prepare(input);
  const sol = solve(p);
  const changes = describeChanges(sol);
  const reasons = new Map<string, string>();
  for (const c of changes) if (c.reason && !reasons.has(c.resource)) reasons.set(c.resource, c.reason);
  const actions = buildActions(p, sol.plans, sol.fences, sol.edges, reasons);
  const placements: Placed[] = [...p.resources.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((resource) => {
    const x = sol.placement.target.get(resource) ?? -1;
    return { resource, node: x >= 0 ? p.nodes[x]! : '' };
  });
  // Notes sorted and unique: the input's order must not show in the output.
  const notes = [...new Set(p.notes)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { actions, fences: sol.fences, changes, placements, notes };
}

/** Explains where `resource` goes in `input` and why: every node's score and rules (`quorate why`). Pure. */
export function why(input: ScheduleInput, resource: string): Explanation {
  return explainResource(solve(prepare(input)), resource);
}
