// Shared reading of a history for the checkers: each node's lost/fenced/rejoined/left events, the DC terms, the
// containers' ownership epochs and activations, the writes grouped, and the fold of the whole history.
import { entityOf } from '../../../machines/entity.ts';
import { foldAll, type ClusterState, type FoldEntry } from '../../../machines/fold.ts';
import type { DiskWrite, HistFact } from '../history.ts';

/** A membership event of one node, in journal order. */
export interface LifeEvent {
  readonly seq: number;
  readonly at: number;
  readonly kind: 'lost' | 'fenced' | 'rejoined' | 'left' | 'joined';
}

/** Each node's membership events, its fencing included (pure). */
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
    // Agent fencing: a device's confirmed off or reboot is the fencing (the DC may act on it before NodeFenced).
    else if (f.type === 'FenceSucceeded' && f.action !== 'on') add(f.target, r.seq, r.storedAt, 'fenced');
    // Agent fencing: a device's confirmed power-off is the fencing (node.machine: fencing -> fenced).
    else if (f.type === 'FenceSucceeded' && f.action !== 'on') add(f.target, r.seq, r.storedAt, 'fenced');
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

/** One ownership epoch of a container: the sequence of its creation or owner change, and the owner it named. */
export interface Epoch {
  readonly container: string;
  readonly epoch: number;
  readonly owner: string;
  readonly previousOwner: string;
  readonly at: number;
}

/** Every container's ownership epochs, in journal order (pure). */
export function epochs(facts: readonly HistFact[]): Epoch[] {
  return facts.flatMap((r) => {
    const f = r.fact;
    if (f.type === 'ContainerCreated') return [{ container: f.container, epoch: r.seq, owner: f.owner, previousOwner: '', at: r.storedAt }];
    if (f.type === 'ContainerOwnerChanged') return [{ container: f.container, epoch: r.seq, owner: f.owner, previousOwner: f.previousOwner, at: r.storedAt }];
    return [];
  });
}

/** `container:node:epoch` of every journaled activation (pure). */
export function activations(facts: readonly HistFact[]): Set<string> {
  return new Set(facts.flatMap((r) => (r.fact.type === 'ContainerActivated' ? [`${r.fact.container}:${r.fact.node}:${r.fact.epoch}`] : [])));
}

/** The history's writes grouped by `key`, each group in time order (pure). */
export function writesBy(writes: readonly DiskWrite[], key: (w: DiskWrite) => string): Map<string, DiskWrite[]> {
  const out = new Map<string, DiskWrite[]>();
  for (const w of writes) out.set(key(w), [...(out.get(key(w)) ?? []), w]);
  for (const list of out.values()) list.sort((a, b) => a.at - b.at);
  return out;
}

/** The whole history through the real fold, as any node or replay would see it at its end (pure). */
export function foldHistory(facts: readonly HistFact[]): ClusterState {
  return foldAll(facts.map((r): FoldEntry => ({
    kind: 'fact', seq: r.seq, entity: entityOf(r.fact), fact: r.fact,
    meta: { cluster: '', occurredAt: r.occurredAt, origin: r.origin, term: r.term },
  })));
}

/** The DC claims the fold refused (made by a node the journal counted lost or being fenced): they create no term. */
export function refusedClaims(facts: readonly HistFact[]): Set<number> {
  const state = foldHistory(facts);
  return new Set(state.inconsistencies.filter((i) => i.type === 'DcElected' && i.error !== undefined).map((i) => i.seq));
}
