// I4, one DC per term and terms increasing: the DcElected claims form one chain, DC-only facts name a term their
// writer holds, and a write under a term already superseded — a deposed DC, paused or cut off, landing a write
// it prepared before — changes nothing: the fold itself (run here over the whole history) must refuse it.
// The DC term is a fencing token checked where the state is made, as storage checks a token: the late write
// can reach the log (the daemon re-reads the term before writing, which leaves a round trip's window), but it
// never counts, on any node or in any replay.
import { entityOf } from '../../../machines/entity.ts';
import { foldAll, type FoldEntry } from '../../../machines/fold.ts';
import type { Checker, HistFact, Violation } from '../history.ts';
import { DC_ONLY, refusedClaims, terms } from './lifecycle.ts';

/** The sequences the fold refused as written under a stale DC term. Pure. */
export function refusedAsStale(facts: readonly HistFact[]): Set<number> {
  const entries = facts.map((r): FoldEntry => ({
    kind: 'fact', seq: r.seq, entity: entityOf(r.fact), fact: r.fact,
    meta: { cluster: '', occurredAt: r.occurredAt, origin: r.origin, term: r.term },
  }));
  return new Set(foldAll(entries).inconsistencies.filter((i) => i.error !== undefined && /term/.test(i.error)).map((i) => i.seq));
}

/** I4 with `refused` telling which stale writes the fold refused (the real fold in `checkOneDcPerTerm`). Pure. */
export const oneDcPerTermWith = (refused: (facts: readonly HistFact[]) => ReadonlySet<number>): Checker => (h) => {
  const out: Violation[] = [];
  // A claim the fold refused (its claimant was journaled lost) creates no term: the chain runs past it.
  const refusedClaim = refusedClaims(h.facts);
  const all = terms(h.facts);
  const chain = all.filter((t) => !refusedClaim.has(t.term));
  let prev = 0;
  for (const t of chain) {
    if (t.previousTerm !== prev) out.push({ invariant: 'I4', seq: t.term, message: `DcElected at ${t.term} by ${t.node} follows term ${t.previousTerm}, but the last term was ${prev}: a fork` });
    if (t.term <= prev) out.push({ invariant: 'I4', seq: t.term, message: `term ${t.term} is not above term ${prev}` });
    prev = t.term;
  }
  const holder = new Map(all.map((t) => [t.term, t.node]));
  let current = 0;
  const stale: HistFact[] = [];
  for (const r of h.facts) {
    if (r.fact.type === 'DcElected') {
      if (!refusedClaim.has(r.seq)) current = r.seq;
      continue;
    }
    if (!DC_ONLY.has(r.fact.type)) continue;
    const owner = holder.get(r.term);
    if (owner === undefined) out.push({ invariant: 'I4', seq: r.seq, message: `${r.fact.type} at ${r.seq} by ${r.origin} names term ${r.term}, which no DcElected created` });
    else if (owner !== r.origin) out.push({ invariant: 'I4', seq: r.seq, message: `${r.fact.type} at ${r.seq} by ${r.origin} under term ${r.term}, which belongs to ${owner}` });
    if (r.term !== current) stale.push(r);
  }
  if (stale.length === 0) return out;
  const inert = refused(h.facts);
  for (const r of stale) {
    if (!inert.has(r.seq)) out.push({ invariant: 'I4', seq: r.seq, message: `${r.fact.type} at ${r.seq} by ${r.origin} under term ${r.term}, written after a later term began, was accepted by the fold: a deposed DC acted` });
  }
  return out;
};

/** Pure. */
export const checkOneDcPerTerm: Checker = oneDcPerTermWith(refusedAsStale);
