// Fence before recover: a lost, unfenced node is fenced before anything it ran is started elsewhere.
import type { Prepared } from './prepare.ts';

/** A node to fence and why. */
export interface FenceDecision {
  readonly node: string;
  readonly reason: string;
}

/** True when this partition may fence: stonith is enabled and it has quorum (or ignores its loss). Pure. */
export function canFence(p: Prepared): boolean {
  return p.options.stonithEnabled && (p.quorate || p.options.noQuorumPolicy === 'ignore');
}

/** Why a lost node is not fenced by this transition. Pure. */
export function whyNotFenced(p: Prepared, node: string): string {
  if (!p.options.stonithEnabled) return `${node} is lost and not fenced (stonith disabled: waiting for it to be journaled fenced)`;
  return `${node} is lost and not fenced (no quorum to fence it)`;
}

/** Every lost, unfenced node, in name order, when this partition may fence. Pure. */
export function fenceDecisions(p: Prepared): FenceDecision[] {
  if (!canFence(p)) return [];
  const out: FenceDecision[] = [];
  p.status.forEach((s, x) => {
    if (s === 'lost-unfenced') out.push({ node: p.nodes[x]!, reason: 'node lost' });
  });
  return out;
}
