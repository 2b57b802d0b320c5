// The scheduler's stages in order: modes, placement to a fixpoint with mandatory-order blocks, plans, restarts.
import { indexColocations, placementOrder, type ColocationIndex } from './colocation.ts';
import { fenceDecisions, type FenceDecision } from './fencing.ts';
import { blockFromOrders, orderEdges, propagateRestarts, type OrderEdge } from './ordering.ts';
import { place, unitModes, type Placement } from './placement.ts';
import { buildPlans, type ResourcePlan } from './plan.ts';
import type { Prepared } from './prepare.ts';

/** Everything the scheduler worked out, for the graph, the summary and explanations. */
export interface Solution {
  readonly prepared: Prepared;
  readonly colocations: ColocationIndex;
  readonly edges: OrderEdge[];
  readonly blocked: Map<string, string>;
  readonly placement: Placement;
  /** By resource id, in placement order. */
  readonly plans: Map<string, ResourcePlan>;
  readonly fences: FenceDecision[];
}

/**
 * Runs the stages: placement is repeated while mandatory orders block more resources (each round only
 * adds blocks, so it ends within one round per resource; almost always after one). Pure but for `p.notes`.
 */
export function solve(p: Prepared): Solution {
  const colocations = indexColocations(p);
  const edges = orderEdges(p);
  const modes = unitModes(p);
  if (!p.quorate) p.notes.push(`no quorum: no-quorum-policy=${p.options.noQuorumPolicy}`);
  const order = placementOrder(p, colocations);
  const blocked = new Map<string, string>();
  let placement = place(p, modes, colocations, order, blocked);
  while (blockFromOrders(p, edges, placement, blocked)) placement = place(p, modes, colocations, order, blocked);
  const plans = new Map<string, ResourcePlan>();
  for (const pl of buildPlans(p, placement)) plans.set(pl.resource.id, pl);
  propagateRestarts(edges, plans);
  return { prepared: p, colocations, edges, blocked, placement, plans, fences: fenceDecisions(p) };
}
