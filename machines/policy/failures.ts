// Fail counts and migration-threshold: a resource that failed N times on a node is banned there until failure-timeout passes.
import type { PreparedResource } from './prepare.ts';
import { INFINITY, Rule, type Scores, type Tracer } from './scores.ts';

/**
 * The fail count of `r` on `node` at `at`: 0 once `failure-timeout` (when set) has passed since the last
 * failure, even if the expiry is not journaled yet. Pure.
 */
export function effectiveFailCount(r: PreparedResource, node: string, at: number): number {
  const fc = r.failCounts[node];
  if (!fc || fc.count <= 0) return 0;
  if (r.failureTimeoutMs > 0 && at >= fc.lastFailedAt + r.failureTimeoutMs) return 0;
  return fc.count;
}

/** Bans `r` (-INFINITY) on every node where its fail count reached migration-threshold. Pure but for `scores`. */
export function addFailureBans(r: PreparedResource, nodeIndex: Map<string, number>, at: number, scores: Scores, trace?: Tracer): void {
  if (r.threshold >= INFINITY) return;
  for (const node of Object.keys(r.failCounts)) {
    const x = nodeIndex.get(node);
    if (x === undefined) continue;
    const count = effectiveFailCount(r, node, at);
    if (count < r.threshold) continue;
    scores[x] = -INFINITY;
    trace?.({ node, rule: Rule.failures, score: -INFINITY, detail: `${r.id} failed ${count} times on ${node} (migration-threshold ${r.threshold})` });
  }
}
