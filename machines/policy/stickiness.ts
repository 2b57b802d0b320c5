// resource-stickiness: a bonus on the node a resource already runs on, so nothing moves that need not.
import type { Prepared, PreparedResource } from './prepare.ts';
import { addScores, Rule, type Scores, type Tracer } from './scores.ts';

/** Adds `r`'s stickiness on every live node where it is active. Pure but for `scores`. */
export function addStickiness(p: Prepared, r: PreparedResource, scores: Scores, trace?: Tracer): void {
  if (r.stickiness === 0) return;
  for (const x of r.active) {
    scores[x] = addScores(scores[x]!, r.stickiness);
    trace?.({ node: p.nodes[x]!, rule: Rule.stickiness, score: r.stickiness, detail: `${r.id} is active there (resource-stickiness ${r.stickiness})` });
  }
}

/** The node the unit's first active member runs on (the tie-breaker for minimal disruption), or -1. Pure. */
export function currentNodeOf(members: readonly PreparedResource[]): number {
  for (const m of members) if (m.active.length > 0) return m.active[0]!;
  return -1;
}
