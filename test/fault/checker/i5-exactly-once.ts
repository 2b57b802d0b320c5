// I5, every acknowledged fact present exactly once and nothing unexpected: acked event ids in the journal once, at
// the acked sequence; no event id twice; sequences increasing; only known origins.
import type { Checker, Violation } from '../history.ts';

/** Pure. */
export const checkExactlyOnce: Checker = (h) => {
  const out: Violation[] = [];
  const byId = new Map<string, number[]>();
  let last = 0;
  for (const r of h.facts) {
    byId.set(r.eventId, [...(byId.get(r.eventId) ?? []), r.seq]);
    if (r.seq <= last) out.push({ invariant: 'I5', seq: r.seq, message: `sequence ${r.seq} after ${last}: the log is out of order` });
    last = r.seq;
    const known = h.origins.includes(r.origin) || r.origin.startsWith('cli:');
    if (!known) out.push({ invariant: 'I5', seq: r.seq, message: `${r.fact.type} at ${r.seq} from unknown origin '${r.origin}'` });
  }
  for (const [id, seqs] of byId) {
    if (seqs.length > 1) out.push({ invariant: 'I5', seq: seqs[1]!, message: `event ${id} stored ${seqs.length} times (at ${seqs.join(', ')})` });
  }
  for (const a of h.acked) {
    const seqs = byId.get(a.eventId);
    if (!seqs) out.push({ invariant: 'I5', seq: a.seq, message: `acknowledged event ${a.eventId} (seq ${a.seq}) is missing from the journal` });
    else if (!seqs.includes(a.seq)) out.push({ invariant: 'I5', seq: a.seq, message: `acknowledged event ${a.eventId} was acked at ${a.seq} but is stored at ${seqs.join(', ')}` });
  }
  return out;
};
