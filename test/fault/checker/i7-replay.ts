// I7, a from-scratch replay gives the live state digest: every digest probe at the same position agrees.
import type { Checker, Violation } from '../history.ts';

/** Pure; silent when the run took no digests. */
export const checkReplayEqualsLive: Checker = (h) => {
  const out: Violation[] = [];
  const byPos = new Map<number, { who: string; digest: string }[]>();
  for (const d of h.digests ?? []) byPos.set(d.position, [...(byPos.get(d.position) ?? []), d]);
  for (const [pos, list] of byPos) {
    const ref = list[0]!;
    for (const d of list.slice(1)) {
      if (d.digest !== ref.digest) out.push({ invariant: 'I7', seq: pos, message: `at ${pos} ${d.who} has digest ${d.digest.slice(0, 12)}, ${ref.who} has ${ref.digest.slice(0, 12)}` });
    }
  }
  return out;
};
