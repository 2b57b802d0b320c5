// I6, all NATS replicas identical after healing: every server's copy of the stream has the same counts and bounds.
import type { Checker, Violation } from '../history.ts';

/** Pure; silent when the run did not probe the replicas. */
export const checkReplicasIdentical: Checker = (h) => {
  const out: Violation[] = [];
  const rs = h.replicas ?? [];
  const first = rs[0];
  if (!first) return out;
  for (const r of rs.slice(1)) {
    const diff = (['messages', 'firstSeq', 'lastSeq', 'bytes'] as const).filter((k) => r[k] !== first[k]);
    if (diff.length > 0) {
      out.push({ invariant: 'I6', message: `replica on ${r.server} differs from ${first.server} in ${diff.map((k) => `${k} ${r[k]} vs ${first[k]}`).join(', ')}` });
    }
  }
  return out;
};
