// Shared reading of a history for the checkers: each node's lost/fenced/rejoined/left events, and the DC terms.
import type { HistFact } from '../history.ts';

/** A membership event of one node, in journal order. */
export interface LifeEvent {
  readonly seq: number;
  readonly at: number;
  readonly kind: 'lost' | 'fenced' | 'rejoined' | 'left' | 'joined';
}

/** Each node's membership events (pure). */
export function lifecycles(facts: readonly HistFact[]): Map<string, LifeEvent[]> {
  const out = new Map<string, LifeEvent[]>();
  const add = (node: string, seq: number, at: number, kind: LifeEvent['kind']) => {
    const list = out.get(node) ?? [];
    list.push({ seq, at, kind });
    out.set(node, list);
  };
  for (const r of facts) {
    const f = r.fact;
    if (f.type === 'NodeLost') add(f.node, r.seq, r.storedAt, 'lost');
    else if (f.type === 'NodeFenced') add(f.node, r.seq, r.storedAt, 'fenced');
    else if (f.type === 'NodeRejoined') add(f.node, r.seq, r.storedAt, 'rejoined');
    else if (f.type === 'NodeLeft') add(f.node, r.seq, r.storedAt, 'left');
    else if (f.type === 'NodeJoined') add(f.node, r.seq, r.storedAt, 'joined');
  }
  return out;
}

/** The last membership event of `node` stored at or before time `at` (or at or before sequence `seq`). */
export function lastEvent(events: readonly LifeEvent[] | undefined, bound: { at?: number; seq?: number }): LifeEvent | undefined {
  let last: LifeEvent | undefined;
  for (const e of events ?? []) {
    if (bound.seq !== undefined && e.seq > bound.seq) break;
    if (bound.at !== undefined && e.at > bound.at) break;
    last = e;
  }
  return last;
}

/** One accepted DC term: its claim's sequence, holder and time. */
export interface Term {
  readonly term: number;
  readonly node: string;
  readonly previousTerm: number;
  readonly at: number;
}

/** Every DcElected, as terms (pure). */
export function terms(facts: readonly HistFact[]): Term[] {
  return facts.flatMap((r) => (r.fact.type === 'DcElected' ? [{ term: r.seq, node: r.fact.node, previousTerm: r.fact.previousTerm, at: r.storedAt }] : []));
}

/** Facts only the DC of the current term may append. */
export const DC_ONLY: ReadonlySet<string> = new Set([
  'NodeLost', 'NodeFenced', 'MembershipViewChanged', 'QuorumGained', 'QuorumLost', 'NodeRejoined', 'ContainerOwnerChanged',
  'TransitionPlanned', 'FenceRequested', 'ResourceOperationRequested',
]);
