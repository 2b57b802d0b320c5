// Runs every invariant checker over one run's history; a report lists the violations by invariant.
import type { Checker, RunHistory, Violation } from '../history.ts';
import { checkSingleOwner } from './i1-single-owner.ts';
import { checkFenceBeforeRecover } from './i2-fence-before-recover.ts';
import { checkQuorateOnly } from './i3-quorate-only.ts';
import { checkOneDcPerTerm } from './i4-one-dc-per-term.ts';
import { checkExactlyOnce } from './i5-exactly-once.ts';
import { checkReplicasIdentical } from './i6-replicas.ts';
import { checkReplayEqualsLive } from './i7-replay.ts';
import { checkSettles } from './i8-settles.ts';
import { checkNoCrash } from './i9-no-crash.ts';

/** The checkers, I1..I9 in order. */
export const CHECKERS: readonly Checker[] = [
  checkSingleOwner, checkFenceBeforeRecover, checkQuorateOnly, checkOneDcPerTerm, checkExactlyOnce,
  checkReplicasIdentical, checkReplayEqualsLive, checkSettles, checkNoCrash,
];

/** Pure: every violation of every invariant. */
export function checkRun(h: RunHistory): Violation[] {
  return CHECKERS.flatMap((c) => c(h));
}

/** A human-readable report: one line per violation, or a line saying there are none. */
export function formatReport(violations: readonly Violation[]): string {
  if (violations.length === 0) return 'no invariant violations (I1..I9)';
  return violations.map((v) => `${v.invariant}${v.seq !== undefined ? ` @seq ${v.seq}` : ''}${v.at !== undefined ? ` @${new Date(v.at).toISOString()}` : ''}: ${v.message}`).join('\n');
}

export { checkSingleOwner, checkFenceBeforeRecover, checkQuorateOnly, checkOneDcPerTerm, checkExactlyOnce, checkReplicasIdentical, checkReplayEqualsLive, checkSettles, checkNoCrash };
