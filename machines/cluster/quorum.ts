// Quorum arithmetic: a majority of configured votes, with corosync's two-node exception.
/**
 * True when `votes` of `expectedVotes` make a partition quorate. Pure.
 *
 * Majority: `votes * 2 > expectedVotes` (a tie is not quorate, so two halves can never both win).
 *
 * Two-node mode follows corosync votequorum's `two_node: 1`, which implies `wait_for_all: 1`: when exactly
 * two votes are expected, one vote is quorate — but only once the cluster has seen all its votes at the same
 * time (`seenAll`), so a node booting alone never gains quorum by itself. After that a surviving node keeps
 * quorum when its peer is lost, and the fencing race (one node fences the other first) settles who runs what.
 * With any other expected count two-node mode is ignored and the majority rule applies.
 */
export function hasQuorum(votes: number, expectedVotes: number, twoNode: boolean, seenAll = false): boolean {
  if (expectedVotes <= 0 || votes <= 0) return false;
  if (twoNode && expectedVotes === 2) return seenAll && votes >= 1;
  return votes * 2 > expectedVotes;
}
