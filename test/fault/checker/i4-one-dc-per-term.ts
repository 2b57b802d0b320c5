// I4, one DC per term and terms increasing: the DcElected claims form one chain, and DC-only facts are written by
// the DC of the term in force, never under a term already superseded.
import type { Checker, Violation } from '../history.ts';
import { DC_ONLY, terms } from './lifecycle.ts';

/** Pure. */
export const checkOneDcPerTerm: Checker = (h) => {
  const out: Violation[] = [];
  const chain = terms(h.facts);
  let prev = 0;
  for (const t of chain) {
    if (t.previousTerm !== prev) out.push({ invariant: 'I4', seq: t.term, message: `DcElected at ${t.term} by ${t.node} follows term ${t.previousTerm}, but the last term was ${prev}: a fork` });
    if (t.term <= prev) out.push({ invariant: 'I4', seq: t.term, message: `term ${t.term} is not above term ${prev}` });
    prev = t.term;
  }
  const holder = new Map(chain.map((t) => [t.term, t.node]));
  let current = 0;
  for (const r of h.facts) {
    if (r.fact.type === 'DcElected') {
      current = r.seq;
      continue;
    }
    if (!DC_ONLY.has(r.fact.type)) continue;
    const owner = holder.get(r.term);
    if (owner === undefined) out.push({ invariant: 'I4', seq: r.seq, message: `${r.fact.type} at ${r.seq} by ${r.origin} names term ${r.term}, which no DcElected created` });
    else if (owner !== r.origin) out.push({ invariant: 'I4', seq: r.seq, message: `${r.fact.type} at ${r.seq} by ${r.origin} under term ${r.term}, which belongs to ${owner}` });
    if (r.term !== current) out.push({ invariant: 'I4', seq: r.seq, message: `${r.fact.type} at ${r.seq} by ${r.origin} under term ${r.term} after term ${current} began: a deposed DC wrote` });
  }
  return out;
};
