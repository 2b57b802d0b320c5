// What this node hears from its peers' heartbeats, timed on the monotonic clock. Local evidence only: the DC
// journals membership from it, nobody else decides on it.
import type { Heartbeat } from '../proto/generated.ts';
import type { Clock } from './clock.ts';

/** The last heartbeat heard from one node. */
export interface Peer {
  readonly node: string;
  readonly incarnation: string;
  readonly counter: number;
  readonly heardAt: number; // monotonic ms
  readonly position: number;
  readonly dcTerm: number;
  readonly quorate: boolean;
  readonly leaving: boolean;
  /** The peer says the journal holds it as a member in this incarnation (or it is fresh). */
  readonly admitted: boolean;
  /** A previous incarnation of the peer whose local work this one says it has stopped ('' when none). */
  readonly retired: string;
}

export interface Peers {
  /** Records a heartbeat; an older counter of the same incarnation is ignored (reordered delivery). */
  heard(hb: Heartbeat): void;
  get(node: string): Peer | undefined;
  /** ms since `node` was last heard, Infinity when never. */
  silentFor(node: string): number;
  /** Nodes heard within `withinMs`, sorted. */
  alive(withinMs: number): string[];
  all(): Peer[];
}

export function createPeers(clock: Clock): Peers {
  const peers = new Map<string, Peer>();
  return {
    heard(hb) {
      const prev = peers.get(hb.node);
      if (prev && prev.incarnation === hb.incarnation && hb.counter <= prev.counter) return;
      peers.set(hb.node, {
        node: hb.node,
        incarnation: hb.incarnation,
        counter: hb.counter,
        heardAt: clock.monotonic(),
        position: hb.position,
        dcTerm: hb.dcTerm,
        quorate: hb.quorate,
        leaving: hb.leaving,
        admitted: hb.admitted,
        retired: hb.retired ?? '',
      });
    },
    get: (node) => peers.get(node),
    silentFor(node) {
      const p = peers.get(node);
      return p ? clock.monotonic() - p.heardAt : Number.POSITIVE_INFINITY;
    },
    alive(withinMs) {
      const now = clock.monotonic();
      return [...peers.values()]
        .filter((p) => now - p.heardAt <= withinMs)
        .map((p) => p.node)
        .sort();
    },
    all: () => [...peers.values()].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)),
  };
}
