// Scheduler scores: Pacemaker's saturating integers (machines/score.ts) and the record of which rule added what.
import { INFINITY, clampScore, formatScore } from '../score.ts';

export { INFINITY, clampScore, formatScore };

/**
 * Adds scores the Pacemaker way: saturating, -INFINITY wins over +INFINITY. The same rule as
 * machines/score.ts addScores, kept local and small so the hot loops inline it. Pure.
 */
export function addScores(a: number, b: number): number {
  if (a <= -INFINITY || b <= -INFINITY) return -INFINITY;
  if (a >= INFINITY || b >= INFINITY) return INFINITY;
  const v = a + b;
  return v >= INFINITY ? INFINITY : v <= -INFINITY ? -INFINITY : v;
}

/** The rules that contribute to a node's score; `quorate why` prints them. */
export const Rule = {
  node: 'node',
  optIn: 'opt-in',
  location: 'location',
  domain: 'failover-domain',
  stickiness: 'stickiness',
  failures: 'migration-threshold',
  targetRole: 'target-role',
  pinned: 'pinned',
  colocation: 'colocation',
  dependent: 'dependent',
  member: 'group-member',
  order: 'order',
} as const;
export type Rule = (typeof Rule)[keyof typeof Rule];

/** One rule's contribution to one node's score. */
export interface Contribution {
  readonly node: string;
  readonly rule: Rule;
  readonly score: number;
  readonly detail: string;
}

/** Receives contributions while scoring; absent on the fast path. */
export type Tracer = (c: Contribution) => void;

/** A score vector over the sorted nodes. */
export type Scores = number[];

/** A fresh vector of `n` zeros. Pure. */
export function zeros(n: number): Scores {
  return new Array<number>(n).fill(0);
}

/** True when `score` lets a resource run (anything above -INFINITY). Pure. */
export function allowed(score: number): boolean {
  return score > -INFINITY;
}

/** `a + b` element-wise, saturating, into a new vector. Pure. */
export function sumScores(a: Scores, b: Scores): Scores {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = addScores(a[i]!, b[i]!);
  return out;
}

/** True when some node is allowed. Pure. */
export function anyAllowed(s: Scores): boolean {
  for (const v of s) if (v > -INFINITY) return true;
  return false;
}
